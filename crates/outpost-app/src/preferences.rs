//! Preferences: a user's `(category, name) → value` settings (theme, display, sidebar, tutorial…).

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::misc::{MAX_PREFERENCES_PER_REQUEST, Preference};
use outpost_store::StoreError;

use crate::{App, SessionCtx, internal};

/// Longest preference value, in characters (`MaxPreferenceValueLength`).
const MAX_VALUE_CHARS: usize = 20_000;
/// Longest category and name.
const MAX_KEY_LEN: usize = 32;
/// Highest `sidebar_settings/limit_visible_dms_gms`.
const MAX_VISIBLE_DMS_GMS: i64 = 40;

fn invalid(id: &'static str, message: &str, detail: String) -> AppError {
    AppError::bad_request(id, message).with_detail(detail)
}

fn is_theme_color(v: &str) -> bool {
    v.strip_prefix('#').is_some_and(|hex| {
        (hex.len() == 3 || hex.len() == 6) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// `Preference.PreUpdate` + `IsValid`: theme colours that are not `#rgb`/`#rrggbb` become white.
fn prepare(mut p: Preference) -> AppResult<Preference> {
    if !outpost_model::is_valid_id(&p.user_id) {
        return Err(invalid(
            "model.preference.is_valid.id.app_error",
            "Invalid user id.",
            format!("user_id={}", p.user_id),
        ));
    }
    if p.category.is_empty() || p.category.len() > MAX_KEY_LEN {
        return Err(invalid(
            "model.preference.is_valid.category.app_error",
            "Invalid category.",
            format!("category={}", p.category),
        ));
    }
    if p.name.len() > MAX_KEY_LEN {
        return Err(invalid(
            "model.preference.is_valid.name.app_error",
            "Invalid name.",
            format!("name={}", p.name),
        ));
    }
    if p.value.chars().count() > MAX_VALUE_CHARS {
        return Err(invalid(
            "model.preference.is_valid.value.app_error",
            "Value is too long.",
            String::new(),
        ));
    }
    if p.category == "theme" {
        let mut theme: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&p.value)
            .ok()
            .filter(|m: &serde_json::Map<_, _>| m.values().all(serde_json::Value::is_string))
            .ok_or_else(|| {
                invalid(
                    "model.preference.is_valid.theme.app_error",
                    "Invalid theme.",
                    format!("value={}", p.value),
                )
            })?;
        for (key, value) in &mut theme {
            let keep = matches!(key.as_str(), "image" | "type" | "codeTheme")
                || value.as_str().is_some_and(is_theme_color);
            if !keep {
                *value = serde_json::Value::String("#ffffff".to_owned());
            }
        }
        p.value = serde_json::Value::Object(theme).to_string();
    }
    if p.category == "sidebar_settings" && p.name == "limit_visible_dms_gms" {
        let ok = p
            .value
            .parse::<i64>()
            .is_ok_and(|n| (1..=MAX_VISIBLE_DMS_GMS).contains(&n));
        if !ok {
            return Err(invalid(
                "model.preference.is_valid.limit_visible_dms_gms.app_error",
                "Invalid value for limit_visible_dms_gms.",
                format!("value={}", p.value),
            ));
        }
    }
    Ok(p)
}

fn check_count(prefs: &[Preference]) -> AppResult<()> {
    if prefs.is_empty() || prefs.len() > MAX_PREFERENCES_PER_REQUEST {
        return Err(AppError::invalid_body_param("preferences"));
    }
    Ok(())
}

impl App {
    /// `GET /users/{id}/preferences`.
    pub async fn get_preferences(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
    ) -> AppResult<Vec<Preference>> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        self.store
            .get_preferences(user_id)
            .await
            .map_err(internal("app.preference.get_all.app_error"))
    }

    /// `GET /users/{id}/preferences/{category}`: 404 when the category holds nothing.
    pub async fn get_preferences_by_category(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        category: &str,
    ) -> AppResult<Vec<Preference>> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        let prefs = self
            .store
            .get_preferences_by_category(user_id, category)
            .await
            .map_err(internal("app.preference.get_category.app_error"))?;
        if prefs.is_empty() {
            return Err(AppError::not_found(
                "api.preference.preferences_category.get.app_error",
                "Unable to find preferences for category.",
            ));
        }
        Ok(prefs)
    }

    /// `GET /users/{id}/preferences/{category}/name/{name}`. A missing preference is a 400, as in
    /// Mattermost.
    pub async fn get_preference(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        category: &str,
        name: &str,
    ) -> AppResult<Preference> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        match self.store.get_preference(user_id, category, name).await {
            Ok(p) => Ok(p),
            Err(StoreError::NotFound) => Err(AppError::bad_request(
                "app.preference.get.app_error",
                "Unable to find preference.",
            )),
            Err(e) => Err(internal("app.preference.get.app_error")(e)),
        }
    }

    /// `PUT /users/{id}/preferences`: upserts 1–100 preferences of that user in one transaction.
    pub async fn update_preferences(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        prefs: Vec<Preference>,
    ) -> AppResult<()> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        check_count(&prefs)?;
        if let Some(p) = prefs.iter().find(|p| p.user_id != user_id) {
            return Err(AppError::forbidden(
                "api.preference.update_preferences.set.app_error",
                "Unable to set user preferences.",
            )
            .with_detail(format!("userId={user_id}, preference.UserId={}", p.user_id)));
        }
        let prefs = prefs
            .into_iter()
            .map(prepare)
            .collect::<AppResult<Vec<_>>>()?;
        self.store
            .save_preferences(&prefs)
            .await
            .map_err(internal("app.preference.save.updating.app_error"))
    }

    /// `POST /users/{id}/preferences/delete`: deletes 1–100 preferences of that user.
    pub async fn delete_preferences(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        prefs: Vec<Preference>,
    ) -> AppResult<()> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        check_count(&prefs)?;
        if let Some(p) = prefs.iter().find(|p| p.user_id != user_id) {
            return Err(AppError::forbidden(
                "api.preference.delete_preferences.delete.app_error",
                "Unable to delete user preferences.",
            )
            .with_detail(format!("userId={user_id}, preference.UserId={}", p.user_id)));
        }
        let keys: Vec<(String, String)> = prefs.into_iter().map(|p| (p.category, p.name)).collect();
        self.store
            .delete_preferences(user_id, &keys)
            .await
            .map_err(internal("app.preference.delete.app_error"))
    }

    /// Writes preferences on the server's own behalf (no permission check, values trusted).
    pub(crate) async fn save_preferences_internal(&self, prefs: &[Preference]) -> AppResult<()> {
        self.store
            .save_preferences(prefs)
            .await
            .map_err(internal("app.preference.save.updating.app_error"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pref(category: &str, name: &str, value: &str) -> Preference {
        Preference {
            user_id: "abcdefghijklmnopqrstuvwxyz".to_owned(),
            category: category.to_owned(),
            name: name.to_owned(),
            value: value.to_owned(),
        }
    }

    #[test]
    fn validation_follows_mattermost() {
        assert!(prepare(pref("display_settings", "use_military_time", "true")).is_ok());
        assert!(
            prepare(pref("tutorial_step", "", "1")).is_ok(),
            "empty name is allowed"
        );
        let e = prepare(pref("", "x", "")).err().map(|e| e.id);
        assert_eq!(e, Some("model.preference.is_valid.category.app_error"));
        let e = prepare(pref(&"c".repeat(33), "x", "")).err().map(|e| e.id);
        assert_eq!(e, Some("model.preference.is_valid.category.app_error"));
        let e = prepare(pref("c", &"n".repeat(33), "")).err().map(|e| e.id);
        assert_eq!(e, Some("model.preference.is_valid.name.app_error"));
        let e = prepare(pref("theme", "", "not json")).err().map(|e| e.id);
        assert_eq!(e, Some("model.preference.is_valid.theme.app_error"));
        let e = prepare(pref("sidebar_settings", "limit_visible_dms_gms", "41"))
            .err()
            .map(|e| e.id);
        assert_eq!(
            e,
            Some("model.preference.is_valid.limit_visible_dms_gms.app_error")
        );
    }

    #[test]
    fn bad_theme_colours_become_white() {
        let p = prepare(pref(
            "theme",
            "",
            r##"{"type":"Denim","sidebarBg":"#1e325c","linkColor":"red","buttonBg":"#FFF"}"##,
        ));
        let v: serde_json::Value =
            serde_json::from_str(&p.map(|p| p.value).unwrap_or_default()).unwrap_or_default();
        assert_eq!(v["type"], "Denim");
        assert_eq!(v["sidebarBg"], "#1e325c");
        assert_eq!(v["linkColor"], "#ffffff");
        assert_eq!(v["buttonBg"], "#FFF");
    }
}
