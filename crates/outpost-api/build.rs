//! Release builds embed `web/dist` (see `src/web.rs`), so they must rebuild when it changes, including
//! when files are added or removed (new content hashes). Debug builds read it from disk at run time
//! and never need to rebuild for it.

fn main() {
    if std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_some() {
        println!("cargo::rerun-if-changed=build.rs");
    } else {
        // A directory is scanned recursively; a missing one reruns this script on every build,
        // which is what we want until the client has been built.
        println!("cargo::rerun-if-changed=../../web/dist");
    }
}
