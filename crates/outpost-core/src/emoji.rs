//! System emoji names (the short names of the emoji set Mattermost ships), for validating reactions.

use std::collections::HashSet;
use std::sync::OnceLock;

const NAMES: &str = include_str!("../data/emoji_names.txt");
const SKIN_TONES: &[&str] = &[
    "_light_skin_tone",
    "_medium_light_skin_tone",
    "_medium_skin_tone",
    "_medium_dark_skin_tone",
    "_dark_skin_tone",
];

fn names() -> &'static HashSet<&'static str> {
    // Read-only lookup table built from compiled-in data; no configuration or mutable state.
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        NAMES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// Whether `name` is a system emoji (optionally with a skin-tone suffix).
pub fn is_system_emoji(name: &str) -> bool {
    let set = names();
    set.contains(name)
        || SKIN_TONES
            .iter()
            .any(|t| name.strip_suffix(t).is_some_and(|base| set.contains(base)))
}

/// Mattermost's emoji-name shape: 1–64 characters of letters, digits, `-`, `+`, `_`.
pub fn is_valid_emoji_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'+' || b == b'_')
}

#[cfg(test)]
mod tests {
    #[test]
    fn system_emoji() {
        assert!(super::is_system_emoji("+1"));
        assert!(super::is_system_emoji("smile"));
        assert!(super::is_system_emoji("thumbsup_medium_skin_tone"));
        assert!(!super::is_system_emoji("not_an_emoji_at_all"));
        assert!(super::is_valid_emoji_name("white_check_mark"));
        assert!(!super::is_valid_emoji_name("bad name"));
    }
}
