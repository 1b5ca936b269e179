//! Start-up settings: `outpost.toml`, then `OUTPOST_*` environment variables, then flags.
//! Settings given this way are fixed: the configuration API reports them and never overwrites them.

use std::net::SocketAddr;
use std::path::PathBuf;

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

/// The start-up settings, with their defaults.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    /// Address to listen on (`OUTPOST_LISTEN`, `--listen`).
    pub listen: String,
    /// Data directory (`OUTPOST_DATA_DIR`, `--data-dir`).
    pub data_dir: PathBuf,
    /// Database URL (`OUTPOST_DATABASE_URL`, `--database-url`); SQLite under the data dir by default.
    pub database_url: Option<String>,
    /// Public URL of the site (`OUTPOST_SITE_URL`, `--site-url`).
    pub site_url: Option<String>,
    /// `error`, `warn`, `info`, `debug` or `trace` (`OUTPOST_LOG_LEVEL`).
    pub log_level: String,
    /// `text` or `json` (`OUTPOST_LOG_FORMAT`).
    pub log_format: String,
    /// Database pool size.
    pub max_connections: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            listen: "0.0.0.0:8065".to_owned(),
            data_dir: PathBuf::from("./data"),
            database_url: None,
            site_url: None,
            log_level: "info".to_owned(),
            log_format: "text".to_owned(),
            max_connections: 20,
        }
    }
}

/// Values given on the command line; `None` keeps the file/environment value.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Overrides {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listen: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_dir: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_format: Option<String>,
}

impl Settings {
    /// Reads `config_file` (if it exists), the environment, then the flags; validates the result.
    pub fn load(config_file: &std::path::Path, flags: &Overrides) -> Result<Self, String> {
        let s: Settings = Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(config_file))
            .merge(Env::prefixed("OUTPOST_").only(&[
                "listen",
                "data_dir",
                "database_url",
                "site_url",
                "log_level",
                "log_format",
                "max_connections",
            ]))
            .merge(Serialized::defaults(flags))
            .extract()
            .map_err(|e| format!("invalid configuration: {e}"))?;
        s.validate()?;
        Ok(s)
    }

    fn validate(&self) -> Result<(), String> {
        self.listen.parse::<SocketAddr>().map_err(|_| {
            format!(
                "invalid listen address {:?}: expected host:port, e.g. 0.0.0.0:8065",
                self.listen
            )
        })?;
        if let Some(url) = &self.database_url
            && !(url.starts_with("sqlite:")
                || url.starts_with("postgres://")
                || url.starts_with("postgresql://"))
        {
            return Err(format!(
                "invalid database URL {:?}: expected sqlite://… or postgres://…",
                outpost_store::redact_url(url)
            ));
        }
        if let Some(site) = &self.site_url
            && !(site.starts_with("http://") || site.starts_with("https://"))
        {
            return Err(format!(
                "invalid site URL {site:?}: must start with http:// or https://"
            ));
        }
        if !matches!(
            self.log_level.to_lowercase().as_str(),
            "error" | "warn" | "info" | "debug" | "trace"
        ) {
            return Err(format!(
                "invalid log level {:?}: use error, warn, info, debug or trace",
                self.log_level
            ));
        }
        if !matches!(self.log_format.as_str(), "text" | "json") {
            return Err(format!(
                "invalid log format {:?}: use text or json",
                self.log_format
            ));
        }
        Ok(())
    }

    /// The database URL, defaulting to `sqlite://<data_dir>/outpost.db`.
    pub fn database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("outpost.db").display()
            )
        })
    }

    /// The settings these start-up values fix in the Mattermost-shaped configuration, plus
    /// `MM_<SECTION>_<KEY>` environment variables as Mattermost reads them.
    pub fn env_overrides(&self, env: impl Iterator<Item = (String, String)>) -> Value {
        let mut out = json!({
            "ServiceSettings": { "ListenAddress": self.listen },
            "SqlSettings": {
                "DriverName": if self.database_url().starts_with("sqlite:") { "sqlite" } else { "postgres" },
                "DataSource": self.database_url(),
            },
            "FileSettings": { "Directory": self.data_dir.join("files").display().to_string() },
            "LogSettings": {
                "ConsoleLevel": self.log_level.to_uppercase(),
                "ConsoleJson": self.log_format == "json",
            },
        });
        if let Some(site) = &self.site_url {
            out["ServiceSettings"]["SiteURL"] = json!(site.trim_end_matches('/'));
        }
        let defaults = serde_json::to_value(outpost_core::Config::default()).unwrap_or(Value::Null);
        for (name, value) in env {
            let Some(rest) = name.strip_prefix("MM_") else {
                continue;
            };
            if let Some((section, key, typed)) = match_setting(&defaults, rest, &value) {
                let slot = out.as_object_mut().map(|o| {
                    o.entry(section)
                        .or_insert_with(|| Value::Object(Map::new()))
                });
                if let Some(Value::Object(m)) = slot {
                    m.insert(key, typed);
                }
            }
        }
        out
    }
}

/// Finds `SECTION_KEY` (upper case, as Mattermost's env names) among the config's settings.
fn match_setting(defaults: &Value, name: &str, raw: &str) -> Option<(String, String, Value)> {
    let sections = defaults.as_object()?;
    for (section, keys) in sections {
        let Some(rest) = name.strip_prefix(&format!("{}_", section.to_uppercase())) else {
            continue;
        };
        for (key, default) in keys.as_object()? {
            if key.to_uppercase() == rest {
                let typed = match default {
                    Value::Bool(_) => Value::Bool(raw.eq_ignore_ascii_case("true")),
                    Value::Number(_) => raw.parse::<i64>().map(Value::from).ok()?,
                    _ => Value::String(raw.to_owned()),
                };
                return Some((section.clone(), key.clone(), typed));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_validation() {
        let s = Settings::default();
        assert!(s.validate().is_ok());
        assert!(s.database_url().starts_with("sqlite://"));
        let bad = Settings {
            listen: "nope".into(),
            ..Settings::default()
        };
        assert!(
            bad.validate()
                .is_err_and(|e| e.contains("invalid listen address"))
        );
        let bad = Settings {
            database_url: Some("mysql://x".into()),
            ..Settings::default()
        };
        assert!(bad.validate().is_err());
    }

    #[test]
    fn mattermost_env_names_fix_settings() {
        let s = Settings {
            site_url: Some("https://chat.example.com/".into()),
            ..Settings::default()
        };
        let env = vec![
            (
                "MM_TEAMSETTINGS_ENABLEOPENSERVER".to_owned(),
                "true".to_owned(),
            ),
            (
                "MM_SERVICESETTINGS_MAXIMUMLOGINATTEMPTS".to_owned(),
                "3".to_owned(),
            ),
            ("MM_NOPE_NOPE".to_owned(), "x".to_owned()),
        ];
        let v = s.env_overrides(env.into_iter());
        assert_eq!(v["TeamSettings"]["EnableOpenServer"], true);
        assert_eq!(v["ServiceSettings"]["MaximumLoginAttempts"], 3);
        assert_eq!(v["ServiceSettings"]["SiteURL"], "https://chat.example.com");
        assert!(v.get("NOPE").is_none());
    }
}
