//! The server's own keys, generated at first start and kept in the Systems table so every node
//! of a cluster signs with the same ones:
//! - `AsymmetricSigningKey`: the P-256 key that signs pushes (Mattermost's row and JSON shape,
//!   `{"ECDSAKey":{"Curve":"P-256","X":…,"Y":…,"D":…}}` with decimal integers), whose public half
//!   is the client config's `AsymmetricSigningPublicKey`;
//! - `OutpostWebPushVapidKey`: the VAPID key of Web Push (RFC 8292), base64url of the scalar.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use p256::SecretKey;
use p256::pkcs8::{EncodePrivateKey, EncodePublicKey};

/// Systems row of the push-signing key (Mattermost's name).
pub const SIGNING_KEY_ROW: &str = "AsymmetricSigningKey";
/// Systems row of the VAPID key.
pub const VAPID_KEY_ROW: &str = "OutpostWebPushVapidKey";

/// The keys, loaded once.
pub struct ServerKeys {
    /// PKCS#8 DER of the signing key (what `jsonwebtoken` signs with).
    pub signing_pkcs8: Vec<u8>,
    /// Base64 (standard) DER SubjectPublicKeyInfo: `AsymmetricSigningPublicKey`.
    pub signing_public: String,
    /// The VAPID private key.
    pub vapid: SecretKey,
    /// Base64url uncompressed point: the `applicationServerKey` browsers subscribe with.
    pub vapid_public: String,
}

/// Big-endian bytes → decimal digits.
fn to_decimal(bytes: &[u8]) -> String {
    let mut digits: Vec<u8> = vec![0];
    for &b in bytes {
        let mut carry = u32::from(b);
        for d in digits.iter_mut() {
            let v = u32::from(*d) * 256 + carry;
            *d = (v % 10) as u8;
            carry = v / 10;
        }
        while carry > 0 {
            digits.push((carry % 10) as u8);
            carry /= 10;
        }
    }
    digits.iter().rev().map(|d| char::from(b'0' + d)).collect()
}

/// Decimal digits → 32 big-endian bytes (`None` when not a number that fits).
fn from_decimal(text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    for c in text.chars() {
        let mut carry = c.to_digit(10)?;
        for b in out.iter_mut().rev() {
            let v = u32::from(*b) * 10 + carry;
            *b = (v & 0xff) as u8;
            carry = v >> 8;
        }
        if carry != 0 {
            return None;
        }
    }
    Some(out)
}

/// The number after `"D":` in Mattermost's key JSON.
fn scalar_from_mattermost_json(json: &str) -> Option<SecretKey> {
    let start = json.find("\"D\":")? + 4;
    let digits: String = json[start..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let bytes = from_decimal(&digits)?;
    SecretKey::from_slice(&bytes).ok()
}

/// Mattermost's JSON for a signing key.
fn mattermost_json(key: &SecretKey) -> String {
    let point = key.public_key().to_sec1_bytes();
    let (x, y) = (&point[1..33], &point[33..65]);
    format!(
        "{{\"ECDSAKey\":{{\"Curve\":\"P-256\",\"X\":{},\"Y\":{},\"D\":{}}}}}",
        to_decimal(x),
        to_decimal(y),
        to_decimal(&key.to_bytes())
    )
}

/// A fresh random P-256 key.
pub fn generate() -> SecretKey {
    loop {
        let bytes: [u8; 32] = rand::random();
        if let Ok(k) = SecretKey::from_slice(&bytes) {
            return k;
        }
    }
}

/// The stored-form of a new signing key.
pub fn new_signing_row() -> String {
    mattermost_json(&generate())
}

/// The stored-form of a new VAPID key.
pub fn new_vapid_row() -> String {
    URL_SAFE_NO_PAD.encode(generate().to_bytes())
}

impl ServerKeys {
    /// Reads both keys from their stored forms.
    pub fn from_rows(signing: &str, vapid: &str) -> Option<Self> {
        let signing = scalar_from_mattermost_json(signing)?;
        let vapid = URL_SAFE_NO_PAD
            .decode(vapid.trim())
            .ok()
            .and_then(|b| SecretKey::from_slice(&b).ok())?;
        let signing_pkcs8 = signing.to_pkcs8_der().ok()?.as_bytes().to_vec();
        let spki = signing.public_key().to_public_key_der().ok()?;
        Some(Self {
            signing_pkcs8,
            signing_public: STANDARD.encode(spki.as_bytes()),
            vapid_public: URL_SAFE_NO_PAD.encode(vapid.public_key().to_sec1_bytes()),
            vapid,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_round_trip() {
        let k = generate();
        let bytes: [u8; 32] = k.to_bytes().into();
        assert_eq!(from_decimal(&to_decimal(&bytes)), Some(bytes));
        assert_eq!(to_decimal(&[1, 0]), "256");
        assert_eq!(from_decimal("256").map(|b| (b[30], b[31])), Some((1, 0)));
    }

    #[test]
    fn stored_rows_load() {
        let keys = ServerKeys::from_rows(&new_signing_row(), &new_vapid_row());
        let Some(keys) = keys else {
            panic!("stored keys do not load");
        };
        assert!(!keys.signing_public.is_empty());
        assert_eq!(
            URL_SAFE_NO_PAD
                .decode(&keys.vapid_public)
                .map(|b| b.len())
                .ok(),
            Some(65)
        );
    }
}
