//! `model.User` and the request bodies around it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Mattermost's `StringMap` (`props`, `notify_props`, `timezone`).
pub type StringMap = BTreeMap<String, String>;

pub(crate) fn is_zero(n: &i64) -> bool {
    *n == 0
}
pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

/// A user as the API sends it. Fields that Mattermost tags `omitempty` are skipped when empty.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct User {
    pub id: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub create_at: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub update_at: i64,
    pub delete_at: i64,
    pub username: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub password: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_data: Option<String>,
    pub auth_service: String,
    pub email: String,
    #[serde(skip_serializing_if = "is_false")]
    pub email_verified: bool,
    pub nickname: String,
    pub first_name: String,
    pub last_name: String,
    pub position: String,
    pub roles: String,
    #[serde(skip_serializing_if = "is_false")]
    pub allow_marketing: bool,
    #[serde(skip_serializing_if = "StringMap::is_empty")]
    pub props: StringMap,
    #[serde(skip_serializing_if = "StringMap::is_empty")]
    pub notify_props: StringMap,
    #[serde(skip_serializing_if = "is_zero")]
    pub last_password_update: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub last_picture_update: i64,
    #[serde(skip_serializing_if = "is_zero")]
    pub failed_attempts: i64,
    pub locale: String,
    pub timezone: StringMap,
    #[serde(skip_serializing_if = "is_false")]
    pub mfa_active: bool,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub mfa_secret: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub last_activity_at: i64,
    #[serde(skip_serializing_if = "is_false")]
    pub is_bot: bool,
    pub disable_welcome_email: bool,
    #[serde(skip_serializing_if = "is_zero")]
    pub last_login: i64,
}

impl User {
    /// Whether the user's roles include `role`.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.split_whitespace().any(|r| r == role)
    }

    /// Whether the user is a system administrator.
    pub fn is_system_admin(&self) -> bool {
        self.has_role("system_admin")
    }

    /// Removes what nobody may read back: the password hash, the MFA secret, the failed-attempt count.
    pub fn sanitize_secrets(&mut self) {
        self.password.clear();
        self.mfa_secret.clear();
        self.auth_data = None;
    }

    /// The view another, non-admin user gets: no email (unless shown), no notify props or login data.
    pub fn sanitize_for_others(&mut self, show_email: bool, show_full_name: bool) {
        self.sanitize_secrets();
        self.failed_attempts = 0;
        self.notify_props.clear();
        self.last_password_update = 0;
        self.last_login = 0;
        if !show_email {
            self.email.clear();
        }
        if !show_full_name {
            self.first_name.clear();
            self.last_name.clear();
        }
    }
}

/// Default notify props of a new user (`User.SetDefaultNotifications`).
pub fn default_notify_props() -> StringMap {
    let mut m = StringMap::new();
    for (k, v) in [
        ("email", "true"),
        ("push", "mention"),
        ("desktop", "mention"),
        ("desktop_sound", "true"),
        ("channel", "true"),
        ("push_status", "online"),
        ("comments", "never"),
        ("first_name", "false"),
        ("auto_responder_active", "false"),
        ("auto_responder_message", ""),
        ("desktop_threads", "all"),
        ("email_threads", "all"),
        ("push_threads", "all"),
    ] {
        m.insert(k.to_owned(), v.to_owned());
    }
    m.insert("mention_keys".to_owned(), String::new());
    m
}

/// Default timezone map (`timezones.DefaultUserTimezone`).
pub fn default_timezone() -> StringMap {
    let mut m = StringMap::new();
    m.insert("automaticTimezone".to_owned(), String::new());
    m.insert("manualTimezone".to_owned(), String::new());
    m.insert("useAutomaticTimezone".to_owned(), "true".to_owned());
    m
}

/// `PUT /users/{id}/patch` body: only the fields present are changed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserPatch {
    pub username: Option<String>,
    pub password: Option<String>,
    pub nickname: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub position: Option<String>,
    pub email: Option<String>,
    pub props: Option<StringMap>,
    pub notify_props: Option<StringMap>,
    pub locale: Option<String>,
    pub timezone: Option<StringMap>,
}

/// `POST /users/login` body.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LoginRequest {
    pub id: String,
    pub login_id: String,
    pub password: String,
    pub token: String,
    pub device_id: String,
    pub ldap_only: bool,
}

/// A row of the Sessions table, as `GET /users/{id}/sessions` returns it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Session {
    pub id: String,
    pub token: String,
    pub create_at: i64,
    pub expires_at: i64,
    pub last_activity_at: i64,
    pub user_id: String,
    pub device_id: String,
    pub roles: String,
    pub is_oauth: bool,
    pub expired_notify: bool,
    pub props: StringMap,
    pub local: bool,
}

/// A personal access token (`model.UserAccessToken`); `token` only appears at creation.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct UserAccessToken {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub token: String,
    pub user_id: String,
    pub description: String,
    pub is_active: bool,
}
