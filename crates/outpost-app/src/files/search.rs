//! File search (`POST /teams/{id}/files/search`, `POST /files/search`): names and extensions, with
//! Mattermost's `from:`, `in:`, `ext:`, `before:`, `after:`, `on:`, `"phrases"` and `-exclusions`,
//! over the channels the caller can read.

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_store::channels::UserChannelsQuery;
use outpost_store::files::FileSearch;
use serde::Deserialize;

use super::FileInfoList;
use crate::{App, SessionCtx, internal};

/// The body of a file search (`model.SearchParameter`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FileSearchParams {
    pub terms: Option<String>,
    pub is_or_search: bool,
    pub time_zone_offset: i64,
    pub include_deleted_channels: bool,
    pub page: i64,
    pub per_page: Option<i64>,
    pub modifier: String,
}

/// The pieces of a query string.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ParsedQuery {
    pub terms: Vec<String>,
    pub excluded: Vec<String>,
    pub from: Vec<String>,
    pub excluded_from: Vec<String>,
    pub in_channels: Vec<String>,
    pub excluded_in: Vec<String>,
    pub extensions: Vec<String>,
    pub excluded_extensions: Vec<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub on: Option<String>,
}

/// Splits on whitespace, keeping `"quoted phrases"` whole (quotes removed).
fn words(q: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut chars = q.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let negated = c == '-';
        if negated {
            chars.next();
        }
        let mut w = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            for c in chars.by_ref() {
                if c == '"' {
                    break;
                }
                w.push(c);
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                w.push(c);
                chars.next();
            }
        }
        if !w.trim().is_empty() {
            out.push((negated, w));
        }
    }
    out
}

pub(crate) fn parse(q: &str) -> ParsedQuery {
    let mut p = ParsedQuery::default();
    for (neg, w) in words(q) {
        let (key, value) = match w.split_once(':') {
            Some((k, v)) if !v.is_empty() => (k.to_lowercase(), v.to_owned()),
            _ => (String::new(), w.clone()),
        };
        let value = value.trim_start_matches(['@', '~']).to_owned();
        match (key.as_str(), neg) {
            ("from", false) => p.from.push(value.to_lowercase()),
            ("from", true) => p.excluded_from.push(value.to_lowercase()),
            ("in" | "channel", false) => p.in_channels.push(value.to_lowercase()),
            ("in" | "channel", true) => p.excluded_in.push(value.to_lowercase()),
            ("ext", false) => p
                .extensions
                .push(value.trim_start_matches('.').to_lowercase()),
            ("ext", true) => p
                .excluded_extensions
                .push(value.trim_start_matches('.').to_lowercase()),
            ("before", _) => p.before = Some(value),
            ("after", _) => p.after = Some(value),
            ("on", _) => p.on = Some(value),
            (_, false) => p.terms.push(w.trim_end_matches('*').to_owned()),
            (_, true) => p.excluded.push(w.trim_end_matches('*').to_owned()),
        }
    }
    p.terms.retain(|t| !t.is_empty());
    p.excluded.retain(|t| !t.is_empty());
    p
}

/// Midnight (in the caller's offset) of a `YYYY-MM-DD` day, in epoch milliseconds.
fn day_start(day: &str, offset_secs: i64) -> Option<i64> {
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    let t = d.and_hms_opt(0, 0, 0)?.and_utc().timestamp_millis();
    Some(t - offset_secs * 1000)
}

const DAY_MS: i64 = 86_400_000;

impl App {
    /// Searches file names in the team (or in every team of the caller, for `team_id == None`).
    pub async fn search_files(
        &self,
        ctx: &SessionCtx,
        team_id: Option<&str>,
        params: FileSearchParams,
    ) -> AppResult<FileInfoList> {
        let terms = params.terms.clone().unwrap_or_default();
        if terms.trim().is_empty() {
            return Err(AppError::invalid_body_param("terms"));
        }
        if !params.modifier.is_empty()
            && params.modifier != "files"
            && params.modifier != "messages"
        {
            return Err(AppError::invalid_body_param("modifier"));
        }
        if let Some(t) = team_id {
            self.require_team_permission(ctx, t, perm::VIEW_TEAM)
                .await?;
        }
        let q = parse(&terms);
        let bad_date = |v: &str| {
            AppError::bad_request(
                "api.post.search_files.invalid_date.app_error",
                format!("Invalid date {v:?}: use YYYY-MM-DD."),
            )
        };
        let offset = params.time_zone_offset;
        let mut after = None;
        let mut before = None;
        if let Some(d) = &q.after {
            after = Some(day_start(d, offset).ok_or_else(|| bad_date(d))? + DAY_MS);
        }
        if let Some(d) = &q.before {
            before = Some(day_start(d, offset).ok_or_else(|| bad_date(d))?);
        }
        if let Some(d) = &q.on {
            let start = day_start(d, offset).ok_or_else(|| bad_date(d))?;
            after = Some(start);
            before = Some(start + DAY_MS);
        }
        let channels = self
            .store
            .get_channels_for_user(&UserChannelsQuery {
                user_id: ctx.user_id().to_owned(),
                team_id: team_id.map(str::to_owned),
                include_deleted: params.include_deleted_channels,
                last_delete_at: 0,
            })
            .await
            .map_err(internal("app.channel.get_channels.get.app_error"))?;
        let channel_ids: Vec<String> = channels
            .iter()
            .filter(|c| {
                (q.in_channels.is_empty()
                    || q.in_channels.iter().any(|n| *n == c.name || *n == c.id))
                    && !q.excluded_in.iter().any(|n| *n == c.name || *n == c.id)
            })
            .map(|c| c.id.clone())
            .collect();
        let mut user_ids = Vec::new();
        if !q.from.is_empty() {
            let users = self
                .store
                .get_users_by_usernames(&q.from)
                .await
                .map_err(internal("app.user.get_by_username.app_error"))?;
            user_ids = users.into_iter().map(|u| u.id).collect();
            if user_ids.is_empty() {
                return Ok(FileInfoList::default());
            }
        }
        let excluded_users: Vec<String> = if q.excluded_from.is_empty() {
            Vec::new()
        } else {
            self.store
                .get_users_by_usernames(&q.excluded_from)
                .await
                .map_err(internal("app.user.get_by_username.app_error"))?
                .into_iter()
                .map(|u| u.id)
                .collect()
        };
        let per_page = params.per_page.unwrap_or(60).clamp(1, 200);
        let page = params.page.clamp(0, 10_000);
        let found = self
            .store
            .search_files(&FileSearch {
                channel_ids,
                terms: q.terms.clone(),
                excluded: q.excluded.clone(),
                extensions: q.extensions.clone(),
                user_ids,
                or: params.is_or_search,
                after,
                before,
                offset: page * per_page,
                // One more than the page, to know whether there is a next page.
                limit: per_page + 1 + 200,
            })
            .await
            .map_err(internal("app.file_info.search.app_error"))?;
        let mut kept: Vec<_> = found
            .into_iter()
            .filter(|f| {
                !excluded_users.contains(&f.creator_id)
                    && !q.excluded_extensions.contains(&f.extension.to_lowercase())
            })
            .collect();
        let more = kept.len() > usize::try_from(per_page).unwrap_or(60);
        kept.truncate(usize::try_from(per_page).unwrap_or(60));
        let mut list = FileInfoList::default();
        for f in kept {
            list.order.push(f.id.clone());
            list.file_infos
                .insert(f.id.clone(), serde_json::to_value(&f).unwrap_or_default());
        }
        if more {
            list.next_file_info_id = list.order.last().cloned().unwrap_or_default();
        }
        Ok(list)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_syntax_is_split_into_its_parts() {
        let p = parse(
            r#"report "q3 plan" -draft from:@alice -from:bob in:~town-square ext:.PDF on:2026-01-02 exp*"#,
        );
        assert_eq!(p.terms, vec!["report", "q3 plan", "exp"]);
        assert_eq!(p.excluded, vec!["draft"]);
        assert_eq!(p.from, vec!["alice"]);
        assert_eq!(p.excluded_from, vec!["bob"]);
        assert_eq!(p.in_channels, vec!["town-square"]);
        assert_eq!(p.extensions, vec!["pdf"]);
        assert_eq!(p.on.as_deref(), Some("2026-01-02"));
    }

    #[test]
    fn garbage_never_panics() {
        for q in [
            "\"",
            "-",
            "--",
            ":",
            "from:",
            "\"unterminated",
            "-\"\"",
            "ext:",
            "日本語 -",
            "\u{0}",
        ] {
            let _ = parse(q);
        }
        assert!(day_start("2026-13-40", 0).is_none());
        assert_eq!(day_start("1970-01-02", 3600), Some(DAY_MS - 3_600_000));
    }
}
