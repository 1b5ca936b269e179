//! Release builds lay out the functions that start-up and an idle server run next to each other
//! (`link-order.txt`, made by `scripts/link-order.sh`), so an idle server maps ~3 MB of its code
//! instead of 64 KB windows all over a 20 MB text segment (docs/decisions/0008-code-layout.md).
//! Names missing from a build (renamed, or built with other features) are skipped: the list only
//! changes the layout.

fn main() {
    println!("cargo::rerun-if-changed=link-order.txt");
    println!("cargo::rerun-if-env-changed=OUTPOST_NO_LINK_ORDER");
    let release = std::env::var("PROFILE").is_ok_and(|p| p == "release");
    // Rust links x86_64 Linux binaries with its own LLD, which reads the list; GNU ld does not.
    let lld = std::env::var("TARGET").is_ok_and(|t| t == "x86_64-unknown-linux-gnu");
    if !(release && lld) || std::env::var_os("OUTPOST_NO_LINK_ORDER").is_some() {
        return;
    }
    let Ok(dir) = std::env::var("CARGO_MANIFEST_DIR") else {
        return;
    };
    let list = std::path::Path::new(&dir).join("link-order.txt");
    if list.is_file() {
        println!(
            "cargo::rustc-link-arg-bin=outpost=-Wl,--symbol-ordering-file={}",
            list.display()
        );
        println!("cargo::rustc-link-arg-bin=outpost=-Wl,--no-warn-symbol-ordering");
    }
}
