//! Web Push to installed web clients (Outpost's own: Mattermost has none). Browsers subscribe
//! with the VAPID public key of the client config (`WebPushPublicKey`); payloads are encrypted
//! per RFC 8291 (`aes128gcm`, RFC 8188) and sent with a VAPID JWT (RFC 8292).

use std::sync::Arc;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes128Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hkdf::Hkdf;
use outpost_core::notify::{Decision, push_message};
use outpost_core::{AppError, AppResult};
use outpost_model::user::User;
use outpost_model::{new_id, now_millis};
use outpost_store::StoreError;
use outpost_store::notifications::WebPushSubscription;
use p256::PublicKey;
use p256::pkcs8::EncodePrivateKey;
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::push::at_name;
use super::{Attempt, NotifyPlan};
use crate::{App, SessionCtx, internal};

/// Record size written in the RFC 8188 header.
const RECORD_SIZE: u32 = 4096;

/// The keys of a browser's `PushSubscription`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WebPushKeys {
    #[serde(default)]
    pub p256dh: String,
    #[serde(default)]
    pub auth: String,
}

/// A browser's `PushSubscription.toJSON()`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WebPushSubscribe {
    #[serde(default)]
    pub endpoint: String,
    #[serde(default)]
    pub keys: WebPushKeys,
}

/// What the service worker receives (decrypted).
#[derive(Debug, Serialize)]
struct Payload<'a> {
    title: &'a str,
    body: &'a str,
    channel_id: &'a str,
    post_id: &'a str,
    root_id: &'a str,
    team_id: &'a str,
    url: &'a str,
}

fn hkdf_expand(salt: &[u8], ikm: &[u8], info: &[u8], out: &mut [u8]) -> Result<(), String> {
    Hkdf::<Sha256>::new(Some(salt), ikm)
        .expand(info, out)
        .map_err(|e| e.to_string())
}

/// RFC 8291 encryption with the given sender key and salt (random in production; fixed to
/// reproduce the RFC's test vector).
pub fn encrypt_with(
    plaintext: &[u8],
    ua_public: &[u8],
    auth_secret: &[u8],
    as_private: &p256::SecretKey,
    salt: &[u8; 16],
) -> Result<Vec<u8>, String> {
    let ua = PublicKey::from_sec1_bytes(ua_public).map_err(|e| e.to_string())?;
    let as_public = as_private.public_key().to_sec1_bytes();
    let shared = p256::ecdh::diffie_hellman(as_private.to_nonzero_scalar(), ua.as_affine());
    let mut key_info = b"WebPush: info\0".to_vec();
    key_info.extend_from_slice(ua_public);
    key_info.extend_from_slice(&as_public);
    let mut ikm = [0u8; 32];
    hkdf_expand(auth_secret, shared.raw_secret_bytes(), &key_info, &mut ikm)?;
    let mut cek = [0u8; 16];
    hkdf_expand(salt, &ikm, b"Content-Encoding: aes128gcm\0", &mut cek)?;
    let mut nonce = [0u8; 12];
    hkdf_expand(salt, &ikm, b"Content-Encoding: nonce\0", &mut nonce)?;
    let mut record = plaintext.to_vec();
    record.push(2);
    let cipher = Aes128Gcm::new_from_slice(&cek).map_err(|e| e.to_string())?;
    let sealed = cipher
        .encrypt(Nonce::from_slice(&nonce), record.as_slice())
        .map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(86 + sealed.len());
    out.extend_from_slice(salt);
    out.extend_from_slice(&RECORD_SIZE.to_be_bytes());
    out.push(u8::try_from(as_public.len()).map_err(|e| e.to_string())?);
    out.extend_from_slice(&as_public);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// RFC 8291 encryption with a fresh sender key and salt.
pub fn encrypt(plaintext: &[u8], ua_public: &[u8], auth_secret: &[u8]) -> Result<Vec<u8>, String> {
    let salt: [u8; 16] = rand::random();
    encrypt_with(
        plaintext,
        ua_public,
        auth_secret,
        &super::keys::generate(),
        &salt,
    )
}

/// The origin (`scheme://host[:port]`) of an endpoint: the VAPID audience.
fn origin(endpoint: &str) -> Option<String> {
    let u = url::Url::parse(endpoint).ok()?;
    Some(u.origin().ascii_serialization())
}

#[derive(Serialize)]
struct VapidClaims {
    aud: String,
    exp: i64,
    sub: String,
}

impl App {
    /// The VAPID public key browsers subscribe with (`WebPushPublicKey` of the client config).
    pub(crate) fn vapid_public_key(&self) -> String {
        self.server_keys()
            .map(|k| k.vapid_public.clone())
            .unwrap_or_default()
    }

    fn vapid_header(&self, endpoint: &str) -> Result<String, String> {
        let keys = self.server_keys().ok_or("no VAPID key")?;
        let aud = origin(endpoint).ok_or("endpoint is not a URL")?;
        let cfg = self.config();
        let contact = if cfg.email_settings.feedback_email.is_empty() {
            "mailto:no-reply@localhost".to_owned()
        } else {
            format!("mailto:{}", cfg.email_settings.feedback_email)
        };
        let claims = VapidClaims {
            aud,
            exp: now_millis() / 1000 + 12 * 3600,
            sub: contact,
        };
        let der = keys.vapid.to_pkcs8_der().map_err(|e| e.to_string())?;
        let key = jsonwebtoken::EncodingKey::from_ec_der(der.as_bytes());
        let jwt = jsonwebtoken::encode(
            &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256),
            &claims,
            &key,
        )
        .map_err(|e| e.to_string())?;
        Ok(format!("vapid t={jwt}, k={}", keys.vapid_public))
    }

    /// Subscribes the caller's browser (`POST /api/outpost/v1/webpush/subscriptions`).
    pub async fn subscribe_web_push(&self, ctx: &SessionCtx, s: WebPushSubscribe) -> AppResult<()> {
        let endpoint = url::Url::parse(&s.endpoint)
            .ok()
            .filter(|u| matches!(u.scheme(), "https" | "http") && s.endpoint.len() <= 2048);
        if endpoint.is_none() {
            return Err(AppError::invalid_body_param("endpoint"));
        }
        let p256dh = URL_SAFE_NO_PAD.decode(s.keys.p256dh.trim_end_matches('='));
        if !p256dh.is_ok_and(|k| PublicKey::from_sec1_bytes(&k).is_ok() && k.len() == 65) {
            return Err(AppError::invalid_body_param("keys.p256dh"));
        }
        let auth = URL_SAFE_NO_PAD.decode(s.keys.auth.trim_end_matches('='));
        if !auth.is_ok_and(|a| a.len() == 16) {
            return Err(AppError::invalid_body_param("keys.auth"));
        }
        self.store
            .save_webpush_subscription(&WebPushSubscription {
                id: new_id(),
                userid: ctx.user_id().to_owned(),
                endpoint: s.endpoint,
                p256dh: s.keys.p256dh,
                auth: s.keys.auth,
                createat: now_millis(),
            })
            .await
            .map_err(internal("app.webpush.save.app_error"))
    }

    /// Removes one of the caller's subscriptions (`POST …/webpush/subscriptions/delete`).
    pub async fn unsubscribe_web_push(&self, ctx: &SessionCtx, endpoint: &str) -> AppResult<()> {
        if endpoint.is_empty() {
            return Err(AppError::invalid_body_param("endpoint"));
        }
        match self
            .store
            .delete_webpush_subscription(endpoint, Some(ctx.user_id()))
            .await
        {
            Ok(()) => Ok(()),
            Err(StoreError::NotFound) => Err(AppError::not_found(
                "app.webpush.subscription.not_found",
                "The subscription was not found.",
            )),
            Err(e) => Err(internal("app.webpush.delete.app_error")(e)),
        }
    }

    /// Web Pushes a post to every subscribed browser of `user`.
    pub(crate) async fn web_push_post(&self, plan: &NotifyPlan, user: &User, d: &Decision) {
        let subs = match self.store.get_webpush_subscriptions(&user.id).await {
            Ok(s) if !s.is_empty() => s,
            Ok(_) => return,
            Err(e) => {
                tracing::error!(error = %e, "web push subscriptions unavailable");
                return;
            }
        };
        let sender = at_name(&plan.sender);
        let title = match plan.channel.channel_type.as_str() {
            "D" => sender.clone(),
            _ => plan.channel.display_name.clone(),
        };
        let body = push_message(
            "full",
            &plan.post.message,
            &sender,
            &plan.channel.channel_type,
            d,
            !plan.post.file_ids.is_empty(),
        );
        let url = format!("{}/_redirect/pl/{}", self.site_url(), plan.post.id);
        let payload = serde_json::to_vec(&Payload {
            title: &title,
            body: &body,
            channel_id: &plan.post.channel_id,
            post_id: &plan.post.id,
            root_id: &plan.post.root_id,
            team_id: &plan.channel.team_id,
            url: &url,
        })
        .unwrap_or_default();
        let Some(app) = self.arc() else { return };
        let payload = Arc::new(payload);
        for sub in subs {
            let what = format!("web push to {}", sub.endpoint);
            let (app, payload, sub) = (Arc::clone(&app), Arc::clone(&payload), Arc::new(sub));
            self.spawn_delivery(what, move || {
                let (app, payload, sub) =
                    (Arc::clone(&app), Arc::clone(&payload), Arc::clone(&sub));
                async move { app.send_web_push_once(&sub, &payload).await }
            });
        }
    }

    async fn send_web_push_once(&self, sub: &WebPushSubscription, payload: &[u8]) -> Attempt {
        let decode = |s: &str| URL_SAFE_NO_PAD.decode(s.trim_end_matches('='));
        let (Ok(ua), Ok(auth)) = (decode(&sub.p256dh), decode(&sub.auth)) else {
            return Attempt::Fatal("unreadable subscription keys".to_owned());
        };
        let body = match encrypt(payload, &ua, &auth) {
            Ok(b) => b,
            Err(e) => return Attempt::Fatal(e),
        };
        let auth_header = match self.vapid_header(&sub.endpoint) {
            Ok(h) => h,
            Err(e) => return Attempt::Fatal(e),
        };
        let resp = self
            .notify
            .http
            .post(&sub.endpoint)
            .header("TTL", "86400")
            .header("Content-Encoding", "aes128gcm")
            .header("Content-Type", "application/octet-stream")
            .header("Authorization", auth_header)
            .body(body)
            .send()
            .await;
        match resp {
            Err(e) => Attempt::Retry(e.to_string()),
            Ok(r) if r.status().is_success() => Attempt::Done,
            Ok(r) if matches!(r.status().as_u16(), 404 | 410) => {
                let _ = self
                    .store
                    .delete_webpush_subscription(&sub.endpoint, None)
                    .await;
                Attempt::Fatal(format!("{}: subscription expired, removed", r.status()))
            }
            Ok(r) if r.status().as_u16() == 429 || r.status().is_server_error() => {
                Attempt::Retry(r.status().to_string())
            }
            Ok(r) => Attempt::Fatal(r.status().to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> Vec<u8> {
        URL_SAFE_NO_PAD.decode(s).unwrap_or_default()
    }

    /// RFC 8291 §5: the published example, byte for byte.
    #[test]
    fn rfc8291_test_vector() {
        let plaintext = b"When I grow up, I want to be a watermelon";
        let as_private =
            p256::SecretKey::from_slice(&b64("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"));
        let Ok(as_private) = as_private else {
            panic!("RFC key");
        };
        let ua_public = b64(
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
        );
        let auth = b64("BTBZMqHH6r4Tts7J_aSIgg");
        let salt: [u8; 16] = b64("DGv6ra1nlYgDCS1FRnbzlw").try_into().unwrap_or([0; 16]);
        let out = encrypt_with(plaintext, &ua_public, &auth, &as_private, &salt);
        let expected = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";
        assert_eq!(
            out.map(|o| URL_SAFE_NO_PAD.encode(o)).ok().as_deref(),
            Some(expected)
        );
    }
}
