//! Mattermost's rules for usernames, emails, team and channel names, and passwords.

use crate::config::PasswordSettings;
use crate::error::AppError;

/// Names a user may not take (`model.reservedName` plus mention keywords).
const RESERVED_USERNAMES: &[&str] = &["all", "channel", "here", "matterbot", "system", "you"];
/// Team names reserved for routes (`model.reservedName`).
const RESERVED_TEAM_NAMES: &[&str] = &[
    "admin",
    "api",
    "channel",
    "claim",
    "error",
    "files",
    "help",
    "landing",
    "login",
    "mfa",
    "oauth",
    "plug",
    "plugins",
    "post",
    "signup",
    "boards",
    "playbooks",
];

/// Username: 3–22 characters of `a-z 0-9 . - _`, starting with a letter, not reserved.
pub fn is_valid_username(s: &str) -> bool {
    let len = s.chars().count();
    (3..=22).contains(&len)
        && s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
        && !RESERVED_USERNAMES.contains(&s)
}

/// A plausible email address: one `@`, a non-empty local part, a dotless-or-dotted domain, no spaces.
pub fn is_valid_email(s: &str) -> bool {
    if s.len() > 128 || s.chars().any(|c| c.is_whitespace() || c == '<' || c == '>') {
        return false;
    }
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        }
        None => false,
    }
}

fn is_lower_alnum_name(s: &str, allow_underscore: bool) -> bool {
    let bytes = s.as_bytes();
    let ok_inner = |b: u8| {
        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || (allow_underscore && b == b'_')
    };
    let ok_edge = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    match (bytes.first(), bytes.last()) {
        (Some(&f), Some(&l)) => ok_edge(f) && ok_edge(l) && bytes.iter().all(|&b| ok_inner(b)),
        _ => false,
    }
}

/// Team name: 2–64 characters of `a-z 0-9 -`, starting with a letter, ending alphanumeric, not reserved.
pub fn is_valid_team_name(s: &str) -> bool {
    (2..=64).contains(&s.len())
        && s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && is_lower_alnum_name(s, false)
        && !RESERVED_TEAM_NAMES.contains(&s)
}

/// Channel name: 1–64 characters of `a-z 0-9 - _`, alphanumeric at both ends (DM names use `__`).
pub fn is_valid_channel_name(s: &str) -> bool {
    (1..=64).contains(&s.len()) && is_lower_alnum_name(s, true)
}

/// Checks a password against the policy (`IsPasswordValidWithSettings`).
pub fn check_password(password: &str, policy: &PasswordSettings) -> Result<(), AppError> {
    if password.len() > 72 {
        return Err(AppError::bad_request(
            "model.user.is_valid.pwd_max_length.app_error",
            "Your password must contain no more than 72 characters.",
        ));
    }
    let min = usize::try_from(policy.minimum_length).unwrap_or(8);
    let mut id = String::from("model.user.is_valid.pwd");
    let mut failed = password.chars().count() < min;
    if policy.lowercase {
        id.push_str("_lowercase");
        failed |= !password.chars().any(|c| c.is_lowercase());
    }
    if policy.uppercase {
        id.push_str("_uppercase");
        failed |= !password.chars().any(|c| c.is_uppercase());
    }
    if policy.number {
        id.push_str("_number");
        failed |= !password.chars().any(|c| c.is_ascii_digit());
    }
    if policy.symbol {
        id.push_str("_symbol");
        failed |= !password
            .chars()
            .any(|c| c.is_ascii_punctuation() || c == ' ');
    }
    if !failed {
        return Ok(());
    }
    id.push_str(".app_error");
    let message = format!(
        "Your password must contain at least {min} characters{}.",
        [
            (policy.lowercase, " and a lowercase letter"),
            (policy.uppercase, " and an uppercase letter"),
            (policy.number, " and a number"),
            (policy.symbol, " and a symbol"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, t)| *t)
        .collect::<String>()
    );
    // The id is one of a fixed family; leak it to 'static via the known table.
    Err(AppError::bad_request(password_error_id(&id), message))
}

fn password_error_id(id: &str) -> &'static str {
    const IDS: &[&str] = &[
        "model.user.is_valid.pwd.app_error",
        "model.user.is_valid.pwd_lowercase.app_error",
        "model.user.is_valid.pwd_uppercase.app_error",
        "model.user.is_valid.pwd_number.app_error",
        "model.user.is_valid.pwd_symbol.app_error",
        "model.user.is_valid.pwd_lowercase_uppercase.app_error",
        "model.user.is_valid.pwd_lowercase_number.app_error",
        "model.user.is_valid.pwd_lowercase_symbol.app_error",
        "model.user.is_valid.pwd_uppercase_number.app_error",
        "model.user.is_valid.pwd_uppercase_symbol.app_error",
        "model.user.is_valid.pwd_number_symbol.app_error",
        "model.user.is_valid.pwd_lowercase_uppercase_number.app_error",
        "model.user.is_valid.pwd_lowercase_uppercase_symbol.app_error",
        "model.user.is_valid.pwd_lowercase_number_symbol.app_error",
        "model.user.is_valid.pwd_uppercase_number_symbol.app_error",
        "model.user.is_valid.pwd_lowercase_uppercase_number_symbol.app_error",
    ];
    IDS.iter()
        .find(|known| **known == id)
        .copied()
        .unwrap_or("model.user.is_valid.pwd.app_error")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert!(is_valid_username("alice"));
        assert!(is_valid_username("a.b-c_d9"));
        assert!(!is_valid_username("al"));
        assert!(!is_valid_username("Alice"));
        assert!(!is_valid_username("9lives"));
        assert!(!is_valid_username("all"));
        assert!(!is_valid_username("a very long username ok"));
    }

    #[test]
    fn team_and_channel_names() {
        assert!(is_valid_team_name("my-team"));
        assert!(!is_valid_team_name("a"));
        assert!(!is_valid_team_name("api"));
        assert!(!is_valid_team_name("-bad"));
        assert!(!is_valid_team_name("Bad"));
        assert!(is_valid_channel_name("town-square"));
        assert!(is_valid_channel_name("a_b"));
        assert!(!is_valid_channel_name("_a"));
        assert!(!is_valid_channel_name(""));
    }

    #[test]
    fn emails() {
        assert!(is_valid_email("a@b.c"));
        assert!(!is_valid_email("ab.c"));
        assert!(!is_valid_email("a b@c.d"));
    }

    #[test]
    fn password_policy() {
        let mut p = PasswordSettings::default();
        assert!(check_password("longenough", &p).is_ok());
        let e = check_password("short", &p).err().map(|e| e.id);
        assert_eq!(e, Some("model.user.is_valid.pwd.app_error"));
        p.uppercase = true;
        p.number = true;
        let e = check_password("longenough", &p).err().map(|e| e.id);
        assert_eq!(
            e,
            Some("model.user.is_valid.pwd_uppercase_number.app_error")
        );
        assert!(check_password("Longenough1", &p).is_ok());
        assert!(check_password(&"x".repeat(73), &p).is_err());
    }
}
