#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
//! A deterministic, quick fuzz of the image pipeline that runs with every `cargo test`: seed images
//! of each format are bit-flipped, truncated, spliced and given huge declared dimensions, and the
//! pipeline must answer `None` or sound derivatives — never panic, never hang. The coverage-guided
//! fuzzer in `fuzz/` goes further; the inputs it found are replayed here too.

#[path = "support/seeds.rs"]
mod seeds;

use std::time::{Duration, Instant};

use outpost_imaging::{dimensions, process};
use seeds::{Kind, declare_dimensions, seeds};

/// Small, so the mutants that still decode are rendered quickly in a debug build.
const MAX_PIXELS: u64 = 1 << 20;
/// Mattermost's default `MaxImageResolution` (7680×4320).
const DEFAULT_MAX_PIXELS: u64 = 7680 * 4320;
const ITERATIONS: usize = 2_000;
/// Far above what one input takes; only a hang or a runaway decode gets near it.
const PER_INPUT: Duration = Duration::from_secs(10);

/// xorshift64: reproducible without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const HUGE: [(u32, u32); 8] = [
    (65_535, 65_535),
    (16_384, 16_384),
    (100_000, 100_000),
    (1, 1 << 30),
    (1 << 30, 1),
    (0, 0),
    (1025, 1024),
    (u32::MAX, u32::MAX),
];

fn mutate(rng: &mut Rng, kind: Kind, bytes: &mut Vec<u8>) {
    for _ in 0..=rng.below(3) {
        if bytes.is_empty() {
            return;
        }
        match rng.below(7) {
            0 => {
                for _ in 0..=rng.below(8) {
                    let i = rng.below(bytes.len());
                    bytes[i] ^= 1 << rng.below(8);
                }
            }
            1 => {
                let i = rng.below(bytes.len());
                bytes[i] = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe][rng.below(6)];
            }
            2 => {
                let len = rng.below(bytes.len());
                bytes.truncate(len);
            }
            3 | 4 => {
                let (w, h) = HUGE[rng.below(HUGE.len())];
                declare_dimensions(kind, bytes, w, h);
            }
            5 => {
                let from = rng.below(bytes.len());
                let to = (from + rng.below(64)).min(bytes.len());
                let at = rng.below(bytes.len());
                let copy = bytes[from..to].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => {
                let from = rng.below(bytes.len());
                let to = (from + rng.below(64)).min(bytes.len());
                bytes.drain(from..to);
            }
        }
    }
}

/// Runs the pipeline on one input and checks what it produced.
fn check(input: &[u8], max_pixels: u64) {
    let started = Instant::now();
    let _ = dimensions(input);
    if let Some(p) = process(input, max_pixels) {
        assert!(u64::from(p.width) * u64::from(p.height) <= max_pixels);
        let (tw, th) = dimensions(&p.thumbnail).expect("the thumbnail is an image");
        assert!(tw <= p.width.max(1) && th <= p.height.max(1));
        let (pw, _) = dimensions(&p.preview).expect("the preview is an image");
        assert!(pw <= 1920 && pw <= p.width);
        if let Some(mini) = p.mini_preview {
            assert_eq!(dimensions(&mini), Some((16, 16)));
        }
    }
    assert!(
        started.elapsed() < PER_INPUT,
        "{} bytes took {:?}",
        input.len(),
        started.elapsed()
    );
}

#[test]
fn every_seed_renders() {
    for seed in seeds() {
        let p = process(&seed.bytes, MAX_PIXELS).unwrap_or_else(|| panic!("{} decodes", seed.name));
        assert!(p.mini_preview.is_some(), "{}", seed.name);
        assert_eq!(p.png, seed.kind == Kind::Png, "{}", seed.name);
    }
}

#[test]
fn exif_orientation_turns_the_image_upright() {
    let all = seeds();
    let by_name = |n: &str| &all.iter().find(|s| s.name == n).unwrap().bytes;
    // The seeds are 150×110; orientations 6 and 8 are quarter turns.
    let png = process(by_name("exif6.png"), MAX_PIXELS).unwrap();
    assert_eq!((png.width, png.height), (110, 150));
    let jpeg = process(by_name("exif8.jpg"), MAX_PIXELS).unwrap();
    assert_eq!((jpeg.width, jpeg.height), (110, 150));
}

#[test]
fn mutated_seeds_never_panic() {
    let seeds = seeds();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..ITERATIONS {
        let seed = &seeds[rng.below(seeds.len())];
        let mut bytes = seed.bytes.clone();
        mutate(&mut rng, seed.kind, &mut bytes);
        check(&bytes, MAX_PIXELS);
    }
}

#[test]
fn huge_declared_dimensions_are_refused_before_decoding() {
    let mut refused = 0;
    for seed in seeds() {
        for (w, h) in [(65_535, 65_535), (16_384, 16_384), (1 << 24, 1 << 24)] {
            let mut bytes = seed.bytes.clone();
            declare_dimensions(seed.kind, &mut bytes, w, h);
            let declared = dimensions(&bytes);
            let Some((dw, dh)) = declared else {
                continue;
            };
            if u64::from(dw) * u64::from(dh) <= DEFAULT_MAX_PIXELS {
                continue;
            }
            let started = Instant::now();
            assert!(
                process(&bytes, DEFAULT_MAX_PIXELS).is_none(),
                "{} declaring {dw}×{dh} was decoded",
                seed.name
            );
            // Refused from the header: no time to allocate or decode gigapixels.
            assert!(started.elapsed() < Duration::from_secs(1), "{}", seed.name);
            refused += 1;
        }
    }
    // Every seed's header can declare at least one of these sizes.
    assert!(refused >= seeds().len(), "only {refused} bombs were tried");
}
