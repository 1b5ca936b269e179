//! Mattermost's password hashes: PBKDF2-SHA256 PHC strings for new hashes, bcrypt accepted.
//! A crate of its own so that it is optimised even in debug builds (600,000 rounds).

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use rand::RngCore;
use sha2::Sha256;
use subtle::ConstantTimeEq;

/// Mattermost's work factor for new hashes.
pub const DEFAULT_ITERATIONS: u32 = 600_000;
const KEY_LEN: usize = 32;
const SALT_LEN: usize = 16;
/// Longest password Mattermost hashes, in bytes.
pub const MAX_PASSWORD_BYTES: usize = 72;

/// `$pbkdf2$f=SHA256,w=<iterations>,l=32$<salt>$<hash>` (unpadded standard base64).
pub fn hash(password: &str, iterations: u32) -> String {
    let mut salt = [0u8; SALT_LEN];
    rand::rng().fill_bytes(&mut salt);
    let key = derive(password, &salt, iterations);
    format!(
        "$pbkdf2$f=SHA256,w={iterations},l={KEY_LEN}${}${}",
        STANDARD_NO_PAD.encode(salt),
        STANDARD_NO_PAD.encode(key)
    )
}

fn derive(password: &str, salt: &[u8], iterations: u32) -> [u8; KEY_LEN] {
    let mut key = [0u8; KEY_LEN];
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), salt, iterations, &mut key);
    key
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Matches and the hash is current.
    Ok,
    /// Matches, but the hash is legacy (bcrypt) or weaker than `iterations`: re-hash it.
    OkNeedsRehash,
    /// Does not match (or the stored hash is unreadable).
    Mismatch,
}

/// Checks `password` against a stored PBKDF2 PHC string or bcrypt hash.
pub fn verify(password: &str, stored: &str, iterations: u32) -> Verdict {
    if password.is_empty() || password.len() > MAX_PASSWORD_BYTES || stored.is_empty() {
        return Verdict::Mismatch;
    }
    if let Some(rest) = stored.strip_prefix("$pbkdf2$") {
        return verify_pbkdf2(password, rest, iterations);
    }
    if stored.starts_with("$2") {
        return match bcrypt::verify(password, stored) {
            Ok(true) => Verdict::OkNeedsRehash,
            _ => Verdict::Mismatch,
        };
    }
    Verdict::Mismatch
}

fn verify_pbkdf2(password: &str, rest: &str, iterations: u32) -> Verdict {
    let mut parts = rest.split('$');
    let (Some(params), Some(salt), Some(hash), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Verdict::Mismatch;
    };
    let mut work = 0u32;
    let mut len = 0usize;
    let mut prf_ok = false;
    for kv in params.split(',') {
        match kv.split_once('=') {
            Some(("f", "SHA256")) => prf_ok = true,
            Some(("w", w)) => work = w.parse().unwrap_or(0),
            Some(("l", l)) => len = l.parse().unwrap_or(0),
            _ => return Verdict::Mismatch,
        }
    }
    if !prf_ok || work == 0 || len != KEY_LEN {
        return Verdict::Mismatch;
    }
    let (Ok(salt), Ok(expected)) = (STANDARD_NO_PAD.decode(salt), STANDARD_NO_PAD.decode(hash))
    else {
        return Verdict::Mismatch;
    };
    let key = derive(password, &salt, work);
    if bool::from(key.as_slice().ct_eq(expected.as_slice())) {
        if work < iterations {
            Verdict::OkNeedsRehash
        } else {
            Verdict::Ok
        }
    } else {
        Verdict::Mismatch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pbkdf2_round_trip() {
        let h = hash("hunter22", 1000);
        assert!(h.starts_with("$pbkdf2$f=SHA256,w=1000,l=32$"));
        assert_eq!(verify("hunter22", &h, 1000), Verdict::Ok);
        assert_eq!(verify("hunter23", &h, 1000), Verdict::Mismatch);
        assert_eq!(verify("hunter22", &h, 2000), Verdict::OkNeedsRehash);
    }

    #[test]
    fn known_mattermost_vector() {
        // PBKDF2-HMAC-SHA256("password", "salt", 1 iteration, 32 bytes) from RFC 7914's test vectors.
        let salt = STANDARD_NO_PAD.encode(b"salt");
        let key = hex_decode("120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b");
        let stored = format!(
            "$pbkdf2$f=SHA256,w=1,l=32${salt}${}",
            STANDARD_NO_PAD.encode(key)
        );
        assert_eq!(verify("password", &stored, 1), Verdict::Ok);
    }

    #[test]
    fn bcrypt_is_accepted_and_flagged_for_rehash() {
        let b = bcrypt::hash("hunter22", 4).unwrap_or_default();
        assert_eq!(verify("hunter22", &b, 1000), Verdict::OkNeedsRehash);
        assert_eq!(verify("nope", &b, 1000), Verdict::Mismatch);
    }

    fn hex_decode(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap_or(0))
            .collect()
    }
}
