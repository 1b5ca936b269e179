//! The runtime configuration in Mattermost's `config.json` shape (sections and key names), with
//! Outpost's defaults. Every key here is a setting Outpost honours.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Placeholder Mattermost sends instead of a secret.
pub const FAKE_SETTING: &str = "********************************";

/// The whole configuration. Unknown sections and keys are rejected on write by `validate`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct Config {
    pub service_settings: ServiceSettings,
    pub team_settings: TeamSettings,
    pub sql_settings: SqlSettings,
    pub log_settings: LogSettings,
    pub password_settings: PasswordSettings,
    pub privacy_settings: PrivacySettings,
    pub email_settings: EmailSettings,
    pub file_settings: FileSettings,
}

/// `ServiceSettings`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct ServiceSettings {
    #[serde(rename = "SiteURL")]
    pub site_url: String,
    pub listen_address: String,
    pub enable_user_access_tokens: bool,
    pub maximum_login_attempts: i64,
    pub session_length_web_in_hours: i64,
    pub session_length_mobile_in_hours: i64,
    pub session_length_sso_in_hours: i64,
    pub extend_session_length_with_activity: bool,
    pub terminate_sessions_on_password_change: bool,
    #[serde(rename = "ExperimentalStrictCSRFEnforcement")]
    pub experimental_strict_csrf_enforcement: bool,
    pub enable_custom_emoji: bool,
    pub collapsed_threads: String,
    pub enable_link_previews: bool,
    pub enable_commands: bool,
    pub enable_incoming_webhooks: bool,
    pub enable_outgoing_webhooks: bool,
    pub enable_bot_account_creation: bool,
    pub enable_multifactor_authentication: bool,
    pub maximum_payload_size_bytes: i64,
    /// Whether presence (online/away/dnd/offline) is tracked and served.
    pub enable_user_statuses: bool,
    /// Whether `DELETE /teams/{id}?permanent=true` may erase a team.
    #[serde(rename = "EnableAPITeamDeletion")]
    pub enable_api_team_deletion: bool,
    /// Whether `DELETE /channels/{id}?permanent=true` may erase a channel.
    #[serde(rename = "EnableAPIChannelDeletion")]
    pub enable_api_channel_deletion: bool,
    /// Whether webhooks and slash commands may post under another name (`override_username`).
    pub enable_post_username_override: bool,
    /// Whether webhooks and slash commands may post with another picture (`override_icon_url`).
    pub enable_post_icon_override: bool,
    /// Private, loopback and link-local hosts or CIDR ranges integrations may still call,
    /// space- or comma-separated (Mattermost's `AllowedUntrustedInternalConnections`).
    pub allowed_untrusted_internal_connections: String,
    /// Seconds an outgoing webhook, slash command or interactive action may take.
    pub outgoing_integration_requests_timeout: i64,
    /// Whether team members may invite people by e-mail (`POST /teams/{id}/invite/email`).
    pub enable_email_invitations: bool,
    /// Whether drafts are kept on the server and shared between a user's devices (`/drafts`).
    pub allow_synced_drafts: bool,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        Self {
            site_url: String::new(),
            listen_address: ":8065".to_owned(),
            enable_user_access_tokens: false,
            maximum_login_attempts: 10,
            session_length_web_in_hours: 720,
            session_length_mobile_in_hours: 720,
            session_length_sso_in_hours: 720,
            extend_session_length_with_activity: true,
            terminate_sessions_on_password_change: true,
            experimental_strict_csrf_enforcement: false,
            enable_custom_emoji: true,
            collapsed_threads: "always_on".to_owned(),
            enable_link_previews: true,
            enable_commands: true,
            enable_incoming_webhooks: true,
            enable_outgoing_webhooks: true,
            enable_bot_account_creation: true,
            enable_multifactor_authentication: false,
            maximum_payload_size_bytes: 300_000,
            enable_user_statuses: true,
            enable_api_team_deletion: false,
            enable_api_channel_deletion: false,
            enable_post_username_override: false,
            enable_post_icon_override: false,
            allowed_untrusted_internal_connections: String::new(),
            outgoing_integration_requests_timeout: 30,
            enable_email_invitations: false,
            allow_synced_drafts: true,
        }
    }
}

/// `TeamSettings`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct TeamSettings {
    pub site_name: String,
    pub max_users_per_team: i64,
    pub enable_user_creation: bool,
    pub enable_open_server: bool,
    pub restrict_creation_to_domains: String,
    pub max_channels_per_team: i64,
    pub teammate_name_display: String,
    pub lock_teammate_name_display: bool,
    pub experimental_view_archived_channels: bool,
    pub experimental_town_square_is_read_only: bool,
    /// Whether users may set a custom status (emoji and text).
    pub enable_custom_user_statuses: bool,
    /// Above this many members, `@all`/`@channel`/`@here` notify nobody (the sender is told).
    pub max_notifications_per_channel: i64,
}

impl Default for TeamSettings {
    fn default() -> Self {
        Self {
            site_name: "Outpost".to_owned(),
            max_users_per_team: 0,
            enable_user_creation: true,
            enable_open_server: false,
            restrict_creation_to_domains: String::new(),
            max_channels_per_team: 2000,
            teammate_name_display: "username".to_owned(),
            lock_teammate_name_display: false,
            experimental_view_archived_channels: true,
            experimental_town_square_is_read_only: false,
            enable_custom_user_statuses: true,
            max_notifications_per_channel: 1000,
        }
    }
}

/// `SqlSettings`. `DataSource` is a secret.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct SqlSettings {
    pub driver_name: String,
    pub data_source: String,
    pub max_open_conns: i64,
    pub query_timeout: i64,
}

impl Default for SqlSettings {
    fn default() -> Self {
        Self {
            driver_name: "sqlite".to_owned(),
            data_source: String::new(),
            max_open_conns: 20,
            query_timeout: 30,
        }
    }
}

/// `LogSettings`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct LogSettings {
    pub enable_console: bool,
    pub console_level: String,
    pub console_json: bool,
}

impl Default for LogSettings {
    fn default() -> Self {
        Self {
            enable_console: true,
            console_level: "INFO".to_owned(),
            console_json: false,
        }
    }
}

/// `PasswordSettings`: the password policy.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct PasswordSettings {
    pub minimum_length: i64,
    pub lowercase: bool,
    pub number: bool,
    pub uppercase: bool,
    pub symbol: bool,
    pub enable_forgot_link: bool,
}

impl Default for PasswordSettings {
    fn default() -> Self {
        Self {
            minimum_length: 8,
            lowercase: false,
            number: false,
            uppercase: false,
            symbol: false,
            enable_forgot_link: true,
        }
    }
}

/// `PrivacySettings`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct PrivacySettings {
    pub show_email_address: bool,
    pub show_full_name: bool,
}

impl Default for PrivacySettings {
    fn default() -> Self {
        Self {
            show_email_address: true,
            show_full_name: true,
        }
    }
}

/// `EmailSettings`: sign-up and sign-in switches, SMTP, e-mail and push notifications.
/// `SMTPPassword` is a secret.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct EmailSettings {
    pub enable_sign_up_with_email: bool,
    pub enable_sign_in_with_email: bool,
    pub enable_sign_in_with_username: bool,
    pub require_email_verification: bool,
    pub feedback_name: String,
    pub feedback_email: String,
    pub reply_to_address: String,
    /// Whether notification e-mails are sent (off until an SMTP server is configured).
    pub send_email_notifications: bool,
    #[serde(rename = "SMTPServer")]
    pub smtp_server: String,
    #[serde(rename = "SMTPPort")]
    pub smtp_port: String,
    /// `""` (plain), `"TLS"` (implicit TLS) or `"STARTTLS"`.
    pub connection_security: String,
    #[serde(rename = "EnableSMTPAuth")]
    pub enable_smtp_auth: bool,
    #[serde(rename = "SMTPUsername")]
    pub smtp_username: String,
    #[serde(rename = "SMTPPassword")]
    pub smtp_password: String,
    pub skip_server_certificate_verification: bool,
    /// Seconds.
    #[serde(rename = "SMTPServerTimeout")]
    pub smtp_server_timeout: i64,
    /// Whether notification e-mails may be batched (users then choose `email_interval`).
    pub enable_email_batching: bool,
    /// Seconds between batch runs.
    pub email_batching_interval: i64,
    pub email_batching_buffer_size: i64,
    /// `full` or `generic`.
    pub email_notification_contents_type: String,
    pub send_push_notifications: bool,
    /// A Mattermost-compatible push proxy (`/api/v1/send_push`).
    pub push_notification_server: String,
    /// `full`, `generic` or `generic_no_channel`.
    pub push_notification_contents: String,
}

impl Default for EmailSettings {
    fn default() -> Self {
        Self {
            enable_sign_up_with_email: true,
            enable_sign_in_with_email: true,
            enable_sign_in_with_username: true,
            require_email_verification: false,
            feedback_name: String::new(),
            feedback_email: String::new(),
            reply_to_address: String::new(),
            send_email_notifications: false,
            smtp_server: "localhost".to_owned(),
            smtp_port: "10025".to_owned(),
            connection_security: String::new(),
            enable_smtp_auth: false,
            smtp_username: String::new(),
            smtp_password: String::new(),
            skip_server_certificate_verification: false,
            smtp_server_timeout: 10,
            enable_email_batching: false,
            email_batching_interval: 30,
            email_batching_buffer_size: 256,
            email_notification_contents_type: "full".to_owned(),
            send_push_notifications: true,
            push_notification_server: "https://push-test.mattermost.com".to_owned(),
            push_notification_contents: "full".to_owned(),
        }
    }
}

/// `FileSettings`. `PublicLinkSalt` is a secret.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, rename_all = "PascalCase")]
pub struct FileSettings {
    pub enable_file_attachments: bool,
    pub enable_mobile_upload: bool,
    pub enable_mobile_download: bool,
    pub max_file_size: i64,
    /// Largest image (width × height, in pixels) that gets a thumbnail and preview.
    pub max_image_resolution: i64,
    /// `local` (a directory) or `amazons3` (any S3-compatible service).
    pub driver_name: String,
    pub directory: String,
    pub enable_public_link: bool,
    pub public_link_salt: String,
    /// Outpost: comma-separated file extensions allowed as attachments (`pdf,png`); empty allows all.
    pub allowed_extensions: String,
    pub amazon_s3_access_key_id: String,
    pub amazon_s3_secret_access_key: String,
    pub amazon_s3_bucket: String,
    pub amazon_s3_path_prefix: String,
    pub amazon_s3_region: String,
    /// Host (and port) of the S3 service; path-style addressing is used for anything but AWS.
    pub amazon_s3_endpoint: String,
    #[serde(rename = "AmazonS3SSL")]
    pub amazon_s3_ssl: bool,
    pub amazon_s3_request_timeout_milliseconds: i64,
}

impl Default for FileSettings {
    fn default() -> Self {
        Self {
            enable_file_attachments: true,
            enable_mobile_upload: true,
            enable_mobile_download: true,
            max_file_size: 100 * 1024 * 1024,
            max_image_resolution: 7680 * 4320,
            driver_name: "local".to_owned(),
            directory: "./data/files".to_owned(),
            enable_public_link: false,
            public_link_salt: String::new(),
            allowed_extensions: String::new(),
            amazon_s3_access_key_id: String::new(),
            amazon_s3_secret_access_key: String::new(),
            amazon_s3_bucket: String::new(),
            amazon_s3_path_prefix: String::new(),
            amazon_s3_region: "us-east-1".to_owned(),
            amazon_s3_endpoint: "s3.amazonaws.com".to_owned(),
            amazon_s3_ssl: true,
            amazon_s3_request_timeout_milliseconds: 30_000,
        }
    }
}

/// Paths (`Section.Key`) of settings that are never returned in clear.
pub const SECRET_PATHS: &[(&str, &str)] = &[
    ("SqlSettings", "DataSource"),
    ("FileSettings", "PublicLinkSalt"),
    ("FileSettings", "AmazonS3SecretAccessKey"),
    ("EmailSettings", "SMTPPassword"),
];

impl Config {
    /// The configuration as JSON with secrets replaced by [`FAKE_SETTING`].
    pub fn redacted_json(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        for (section, key) in SECRET_PATHS {
            if let Some(slot) = v.get_mut(*section).and_then(|s| s.get_mut(*key))
                && slot.as_str().is_some_and(|s| !s.is_empty())
            {
                *slot = Value::String(FAKE_SETTING.to_owned());
            }
        }
        v
    }

    /// Puts back secrets that a client sent as [`FAKE_SETTING`] (as it got them from [`Self::redacted_json`]).
    pub fn restore_secrets_from(&mut self, previous: &Config) {
        if self.sql_settings.data_source == FAKE_SETTING {
            self.sql_settings
                .data_source
                .clone_from(&previous.sql_settings.data_source);
        }
        if self.file_settings.amazon_s3_secret_access_key == FAKE_SETTING {
            self.file_settings
                .amazon_s3_secret_access_key
                .clone_from(&previous.file_settings.amazon_s3_secret_access_key);
        }
        if self.email_settings.smtp_password == FAKE_SETTING {
            self.email_settings
                .smtp_password
                .clone_from(&previous.email_settings.smtp_password);
        }
        if self.file_settings.public_link_salt == FAKE_SETTING {
            self.file_settings
                .public_link_salt
                .clone_from(&previous.file_settings.public_link_salt);
        }
    }

    /// Checks values a client sent. Returns the Mattermost error id of the first bad value.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        if self.password_settings.minimum_length < 5 || self.password_settings.minimum_length > 72 {
            return Err((
                "model.config.is_valid.password_length.app_error",
                "Minimum password length must be a whole number between 5 and 72.".to_owned(),
            ));
        }
        if self.service_settings.maximum_login_attempts <= 0 {
            return Err((
                "model.config.is_valid.login_attempts.app_error",
                "Invalid maximum login attempts for service settings. Must be a positive number."
                    .to_owned(),
            ));
        }
        if self.service_settings.session_length_web_in_hours <= 0
            || self.service_settings.session_length_mobile_in_hours <= 0
        {
            return Err((
                "model.config.is_valid.session_length.app_error",
                "Session lengths must be positive.".to_owned(),
            ));
        }
        let site = &self.service_settings.site_url;
        if !(site.is_empty() || site.starts_with("http://") || site.starts_with("https://")) {
            return Err((
                "model.config.is_valid.site_url.app_error",
                "Site URL must be a valid URL and start with http:// or https://".to_owned(),
            ));
        }
        if !matches!(
            self.service_settings.collapsed_threads.as_str(),
            "disabled" | "default_off" | "default_on" | "always_on"
        ) {
            return Err((
                "model.config.is_valid.collapsed_threads.app_error",
                "CollapsedThreads must be disabled, default_off, default_on or always_on."
                    .to_owned(),
            ));
        }
        if !matches!(
            self.email_settings.connection_security.as_str(),
            "" | "TLS" | "STARTTLS"
        ) {
            return Err((
                "model.config.is_valid.email_security.app_error",
                "Invalid connection security for email settings. Must be '', 'TLS', or 'STARTTLS'."
                    .to_owned(),
            ));
        }
        if !matches!(
            self.email_settings.push_notification_contents.as_str(),
            "full" | "generic" | "generic_no_channel" | "id_loaded"
        ) {
            return Err((
                "model.config.is_valid.push_notification_contents.app_error",
                "Invalid push notification contents type.".to_owned(),
            ));
        }
        if self.email_settings.email_batching_interval <= 0 {
            return Err((
                "model.config.is_valid.email_batching_interval.app_error",
                "Invalid email batching interval for email settings. Must be a positive number of seconds."
                    .to_owned(),
            ));
        }
        if self.team_settings.max_channels_per_team <= 0 {
            return Err((
                "model.config.is_valid.max_channels.app_error",
                "Invalid maximum channels per team for team settings. Must be a positive number."
                    .to_owned(),
            ));
        }
        Ok(())
    }
}

/// Merges `patch` into `base` key by key (objects recursively), as `PUT /config/patch` does.
pub fn merge_json(base: &mut Value, patch: &Value) {
    match (base, patch) {
        (Value::Object(b), Value::Object(p)) => {
            for (k, v) in p {
                match b.get_mut(k) {
                    Some(slot) if slot.is_object() && v.is_object() => merge_json(slot, v),
                    _ => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (b, p) => *b = p.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_in_mattermost_shape() {
        let c = Config::default();
        let v = serde_json::to_value(&c).unwrap_or(Value::Null);
        assert_eq!(v["ServiceSettings"]["SiteURL"], "");
        assert_eq!(v["TeamSettings"]["EnableOpenServer"], false);
        assert_eq!(v["ServiceSettings"]["EnableUserAccessTokens"], false);
        let back: Config = serde_json::from_value(v).unwrap_or_default();
        assert_eq!(back, c);
    }

    #[test]
    fn secrets_are_redacted_and_restored() {
        let mut c = Config::default();
        c.sql_settings.data_source = "postgres://secret".to_owned();
        let v = c.redacted_json();
        assert_eq!(v["SqlSettings"]["DataSource"], FAKE_SETTING);
        let mut back: Config = serde_json::from_value(v).unwrap_or_default();
        back.restore_secrets_from(&c);
        assert_eq!(back.sql_settings.data_source, "postgres://secret");
    }

    #[test]
    fn merge_is_recursive() {
        let mut a = serde_json::json!({"A": {"x": 1, "y": 2}});
        merge_json(&mut a, &serde_json::json!({"A": {"y": 3}}));
        assert_eq!(a, serde_json::json!({"A": {"x": 1, "y": 3}}));
    }
}
