//! Writes the seed corpus of the `image_pipeline` target: the same images the in-repo mutation
//! test starts from. `cargo run --bin write_seeds -- DIR`.

#[path = "../../../crates/outpost-imaging/tests/support/seeds.rs"]
#[allow(dead_code, reason = "the mutation helpers are for the in-repo test")]
mod seeds;

fn main() -> std::io::Result<()> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "corpus/image_pipeline".into());
    std::fs::create_dir_all(&dir)?;
    for seed in seeds::seeds() {
        std::fs::write(format!("{dir}/{}", seed.name), &seed.bytes)?;
    }
    Ok(())
}
