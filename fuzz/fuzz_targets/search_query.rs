//! The search query parser and the normaliser behind it, on arbitrary text: parse, date bounds,
//! index text, needles and highlighting must never panic, and every needle must be non-empty.
#![no_main]

use libfuzzer_sys::fuzz_target;
use outpost_core::search::query::{parse, start_of_day};
use outpost_core::search::{Needle, index_text, matched_words};

fuzz_target!(|data: &[u8]| {
    let (offset, text) = match data.split_first() {
        Some((&o, rest)) => (i64::from(o as i8) * 1800, String::from_utf8_lossy(rest)),
        None => return,
    };
    let q = parse(&text);
    let _ = q.time_bounds(offset);
    let _ = q.is_empty();
    let indexed = index_text(&text);
    for t in q.terms.iter().chain(&q.excluded_terms) {
        assert!(!t.needle.text.is_empty());
        let _ = t.needle.found_in(&indexed);
        let _ = t.needle.like_pattern();
        let _ = t.needle.fts_literal();
        let _ = t.needle.core();
    }
    let needles: Vec<Needle> = q.terms.into_iter().map(|t| t.needle).collect();
    let _ = matched_words(&text, &needles);
    let _ = start_of_day(&text, offset);
});
