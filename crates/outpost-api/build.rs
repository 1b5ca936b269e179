//! Tells `src/web.rs` where `web/dist` is, as a clean absolute path in `OUTPOST_WEB_DIST`: rust-embed
//! compares canonical paths at run time, so the path must not contain `..` (and must be right even
//! when the directory does not exist yet at compile time).
//!
//! Release builds embed `web/dist`, so they must rebuild when it changes, including when files are
//! added or removed (new content hashes). Debug builds read it from disk at run time and never need
//! to rebuild for it.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest
        .parent()
        .and_then(|p| p.parent())
        .unwrap_or(&manifest);
    let dist = root.join("web").join("dist");
    println!("cargo::rustc-env=OUTPOST_WEB_DIST={}", dist.display());
    if std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_some() {
        println!("cargo::rerun-if-changed=build.rs");
    } else {
        // A directory is scanned recursively; a missing one reruns this script on every build,
        // which is what we want until the client has been built.
        println!("cargo::rerun-if-changed={}", dist.display());
    }
}
