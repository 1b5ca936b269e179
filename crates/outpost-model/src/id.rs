//! Mattermost ids: 26 characters of base32 (custom alphabet, no padding) over 16 random bytes.

use rand::RngCore;

const ALPHABET: &[u8; 32] = b"ybndrfg8ejkmcpqxot1uwisza345h769";

/// A fresh random id, as Mattermost's `model.NewId`.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    encode(&bytes)
}

fn encode(bytes: &[u8; 16]) -> String {
    // 128 bits -> 26 groups of 5 bits (the last group padded with zero bits).
    let mut out = String::with_capacity(26);
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Whether `s` is shaped like a Mattermost id: 26 ASCII letters or digits.
pub fn is_valid_id(s: &str) -> bool {
    s.len() == 26 && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_26_chars_from_the_alphabet() {
        for _ in 0..100 {
            let id = new_id();
            assert_eq!(id.len(), 26);
            assert!(id.bytes().all(|b| ALPHABET.contains(&b)));
            assert!(is_valid_id(&id));
        }
    }

    #[test]
    fn validity() {
        assert!(!is_valid_id("short"));
        assert!(!is_valid_id("abcdefghijklmnopqrstuvwxy-"));
        assert!(is_valid_id("abcdefghijklmnopqrstuvwxyz"));
    }
}
