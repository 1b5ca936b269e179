//! Account e-mails: password reset (`/users/password/reset/send`, `/users/password/reset`),
//! e-mail verification (`/users/email/verify/send`, `/users/email/verify`) and the SMTP test of
//! the System Console (`POST /email/test`). Tokens live in Mattermost's `tokens` table.

use outpost_core::config::{Config, FAKE_SETTING};
use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::now_millis;
use outpost_model::user::User;
use outpost_store::StoreError;
use outpost_store::notifications::Token;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Attempt;
use super::email::{Mail, escape, layout, send_with};
use crate::{App, SessionCtx, internal};

/// Mattermost's `TokenSize`.
const TOKEN_SIZE: usize = 64;
const PASSWORD_RECOVERY: &str = "password_recovery";
const VERIFY_EMAIL: &str = "verify_email";
/// A reset link works for an hour.
const RESET_EXPIRY_MS: i64 = 60 * 60 * 1000;
/// A verification link works for 48 hours.
const VERIFY_EXPIRY_MS: i64 = 48 * 60 * 60 * 1000;

/// `extra` of both token kinds.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct TokenData {
    user_id: String,
    email: String,
}

fn random_token() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..TOKEN_SIZE)
        .map(|_| char::from(ALPHABET[rand::random_range(0..ALPHABET.len())]))
        .collect()
}

impl App {
    async fn new_token(&self, kind: &str, user: &User) -> AppResult<String> {
        let token = random_token();
        let extra = serde_json::to_string(&TokenData {
            user_id: user.id.clone(),
            email: user.email.clone(),
        })
        .unwrap_or_default();
        self.store
            .save_token(&Token {
                token: token.clone(),
                createat: now_millis(),
                kind: kind.to_owned(),
                extra,
            })
            .await
            .map_err(internal("app.recover.save.app_error"))?;
        Ok(token)
    }

    pub(crate) fn account_mail(
        &self,
        to: &str,
        title: &str,
        lines: &[&str],
        link: &str,
        label: &str,
    ) -> Mail {
        let site_name = self.config().team_settings.site_name.clone();
        let mut html = String::new();
        for l in lines {
            html.push_str(&format!("<p>{}</p>", escape(l)));
        }
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>",
            escape(link),
            escape(label)
        ));
        Mail {
            to: to.to_owned(),
            subject: format!("[{site_name}] {title}"),
            text: format!("{}\n\n{label}: {link}\n", lines.join("\n\n")),
            html: layout(&site_name, title, &html),
        }
    }

    /// `POST /users/password/reset/send`: mails a reset link. Unknown addresses get the same
    /// answer, so the endpoint does not reveal who has an account.
    pub async fn send_password_reset(&self, email: &str) -> AppResult<()> {
        let email = email.trim().to_lowercase();
        if email.is_empty() {
            return Err(AppError::invalid_body_param("email"));
        }
        let Ok(user) = self.store.get_user_by_email(&email).await else {
            return Ok(());
        };
        if user.auth_data.as_deref().is_some_and(|a| !a.is_empty()) {
            return Err(AppError::bad_request(
                "api.user.send_password_reset.sso.app_error",
                "Cannot reset password for SSO accounts.",
            ));
        }
        let token = self.new_token(PASSWORD_RECOVERY, &user).await?;
        let link = format!("{}/reset_password_complete?token={token}", self.site_url());
        let mail = self.account_mail(
            &user.email,
            "Reset your password",
            &[
                "Someone requested a password reset for your account.",
                "Click the link below to choose a new password. The link expires in one hour.",
            ],
            &link,
            "Reset password",
        );
        self.send_mail(mail);
        Ok(())
    }

    /// `POST /users/password/reset`: sets a new password with a token from the reset mail.
    pub async fn reset_password(&self, token: &str, new_password: &str) -> AppResult<()> {
        if token.len() != TOKEN_SIZE {
            return Err(AppError::invalid_body_param("token"));
        }
        let invalid = || {
            AppError::bad_request(
                "api.user.reset_password.invalid_link.app_error",
                "The reset link provided is invalid.",
            )
        };
        let expired = || {
            AppError::bad_request(
                "api.user.reset_password.link_expired.app_error",
                "The password reset link has expired.",
            )
        };
        let t = match self.store.get_token(token, PASSWORD_RECOVERY).await {
            Ok(t) => t,
            Err(StoreError::NotFound) => return Err(invalid()),
            Err(e) => return Err(internal("api.user.reset_password.app_error")(e)),
        };
        if now_millis() - t.createat >= RESET_EXPIRY_MS {
            return Err(expired());
        }
        let data: TokenData = serde_json::from_str(&t.extra).map_err(|_| invalid())?;
        let user = self.get_user_raw(&data.user_id).await?;
        if user.email != data.email {
            return Err(expired());
        }
        outpost_core::validate::check_password(new_password, &self.config().password_settings)?;
        // Deleting first makes the token work once even when two requests race.
        match self.store.delete_token(token).await {
            Ok(()) => {}
            Err(StoreError::NotFound) => return Err(invalid()),
            Err(e) => return Err(internal("api.user.reset_password.app_error")(e)),
        }
        let hash = self.hash_password(new_password).await;
        self.store
            .update_password(&user.id, &hash, now_millis())
            .await
            .map_err(internal("api.user.reset_password.app_error"))?;
        self.end_user_sessions(&user.id, "").await
    }

    /// `POST /users/email/verify/send`: mails a verification link (unknown or already verified
    /// addresses get the same answer).
    pub async fn send_verification_email(&self, email: &str) -> AppResult<()> {
        let email = email.trim().to_lowercase();
        if email.is_empty() {
            return Err(AppError::invalid_body_param("email"));
        }
        let Ok(user) = self.store.get_user_by_email(&email).await else {
            return Ok(());
        };
        if user.email_verified {
            return Ok(());
        }
        let token = self.new_token(VERIFY_EMAIL, &user).await?;
        let link = format!("{}/do_verify_email?token={token}", self.site_url());
        let mail = self.account_mail(
            &user.email,
            "Verify your email address",
            &["Please verify your email address by clicking the link below."],
            &link,
            "Verify email",
        );
        self.send_mail(mail);
        Ok(())
    }

    /// `POST /users/email/verify`: marks the address verified with a token from the mail.
    pub async fn verify_email(&self, token: &str) -> AppResult<()> {
        if token.len() != TOKEN_SIZE {
            return Err(AppError::invalid_body_param("token"));
        }
        let bad = || {
            AppError::bad_request(
                "api.user.verify_email.bad_link.app_error",
                "Bad verify email link.",
            )
        };
        let t = match self.store.get_token(token, VERIFY_EMAIL).await {
            Ok(t) => t,
            Err(StoreError::NotFound) => return Err(bad()),
            Err(e) => return Err(internal("api.user.verify_email.app_error")(e)),
        };
        if now_millis() - t.createat >= VERIFY_EXPIRY_MS {
            return Err(AppError::bad_request(
                "api.user.verify_email.link_expired.app_error",
                "The email verification link has expired.",
            ));
        }
        let data: TokenData = serde_json::from_str(&t.extra).map_err(|_| bad())?;
        let mut user = self.get_user_raw(&data.user_id).await?;
        if user.email != data.email {
            return Err(AppError::bad_request(
                "api.user.verify_email.broken_token.app_error",
                "Bad verify email token type.",
            ));
        }
        match self.store.delete_token(token).await {
            Ok(()) => {}
            Err(StoreError::NotFound) => return Err(bad()),
            Err(e) => return Err(internal("api.user.verify_email.app_error")(e)),
        }
        user.email_verified = true;
        user.update_at = now_millis();
        self.store
            .update_user(&user)
            .await
            .map_err(internal("app.user.verify_email.app_error"))?;
        self.emit_user_updated(&user).await;
        Ok(())
    }

    /// `POST /email/test`: sends a test mail to the caller with the SMTP settings of the given
    /// configuration (secrets sent back redacted mean "the current one").
    pub async fn test_email(&self, ctx: &SessionCtx, body: Value) -> AppResult<()> {
        self.require_system_permission(ctx, perm::MANAGE_SYSTEM)?;
        let current = self.config();
        let mut merged = serde_json::to_value(&*current).unwrap_or(Value::Null);
        outpost_core::config::merge_json(&mut merged, &body);
        let cfg: Config =
            serde_json::from_value(merged).map_err(|_| AppError::invalid_body_param("config"))?;
        let mut s = cfg.email_settings;
        if s.smtp_server.trim().is_empty() {
            return Err(AppError::bad_request(
                "api.admin.test_email.missing_server",
                "SMTP Server is required",
            ));
        }
        if s.smtp_password == FAKE_SETTING {
            s.smtp_password
                .clone_from(&current.email_settings.smtp_password);
        }
        let user = self.get_user_raw(ctx.user_id()).await?;
        let site_name = cfg.team_settings.site_name;
        let mail = Mail {
            to: user.email.clone(),
            subject: format!("[{site_name}] Test Email"),
            text: "Your e-mail settings work: this message was delivered.\n".to_owned(),
            html: layout(
                &site_name,
                "Test Email",
                "<p>Your e-mail settings work: this message was delivered.</p>",
            ),
        };
        match send_with(&s, &site_name, &mail).await {
            Attempt::Done => Ok(()),
            Attempt::Retry(e) | Attempt::Fatal(e) => {
                Err(AppError::internal("app.admin.test_email.failure").with_detail(e))
            }
        }
    }
}
