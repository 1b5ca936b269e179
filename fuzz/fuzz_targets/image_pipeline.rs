//! The upload image pipeline on arbitrary bytes: header dimensions, then the bounded decode and
//! the derivatives. Any panic, hang (libFuzzer `-timeout`) or allocation over `-rss_limit_mb`
//! is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// 16 megapixels: enough for every branch (previews shrink above 1920 wide), small enough that
/// a valid decode stays far under libFuzzer's 2 GB memory limit.
const MAX_PIXELS: u64 = 16_000_000;

fuzz_target!(|data: &[u8]| {
    let header = outpost_imaging::dimensions(data);
    if let Some(p) = outpost_imaging::process(data, MAX_PIXELS) {
        assert!(u64::from(p.width) * u64::from(p.height) <= MAX_PIXELS);
        assert!(
            header.is_some(),
            "decoded an image whose header did not read"
        );
        assert!(!p.thumbnail.is_empty() && !p.preview.is_empty());
    }
});
