//! Custom emoji: create (validated name, image resized to fit 128×128), list, get, by name(s),
//! image, search, autocomplete, delete (with the reactions that used it); `emoji_added` event.

use outpost_core::emoji::{is_system_emoji, is_valid_emoji_name};
use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::file::Emoji;
use outpost_model::{is_valid_id, new_id, now_millis};
use outpost_store::StoreError;

use crate::events::Audience;
use crate::files::storage::StorageError;
use crate::{App, SessionCtx, internal};

/// Largest emoji upload (Mattermost's `MaxEmojiFileSize`, 512 KiB).
pub const MAX_EMOJI_FILE_SIZE: usize = 1 << 19;
const MAX_SIDE: u32 = 128;
const MAX_ORIGINAL_SIDE: u32 = 1028;
/// The decode bound that follows from it (a GIF's frames may claim more than its header).
const MAX_ORIGINAL_PIXELS: u64 = 1028 * 1028;

fn image_path(id: &str) -> String {
    format!("emoji/{id}/image")
}

fn no_result() -> AppError {
    AppError::not_found("app.emoji.get.no_result", "We couldn't find the emoji.")
}

impl App {
    fn require_custom_emoji(&self) -> AppResult<()> {
        if self.config().service_settings.enable_custom_emoji {
            Ok(())
        } else {
            Err(AppError::new(
                501,
                "api.emoji.disabled.app_error",
                "Custom emoji have been disabled by the system admin.",
            ))
        }
    }

    /// The permission at system level, or at the level of any team the caller belongs to.
    async fn has_emoji_permission(&self, ctx: &SessionCtx, permission: &str) -> AppResult<bool> {
        if self.has_system_permission(ctx, permission) {
            return Ok(true);
        }
        let teams = self
            .store
            .get_team_members_for_user(ctx.user_id())
            .await
            .map_err(internal("app.team.get_members.app_error"))?;
        for t in teams {
            if self
                .has_team_permission(ctx, &t.team_id, permission)
                .await?
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `POST /emoji`: `emoji` is the JSON form field, `image` the file.
    pub async fn create_emoji(
        &self,
        ctx: &SessionCtx,
        emoji_json: Option<&str>,
        image: Option<Vec<u8>>,
    ) -> AppResult<Emoji> {
        self.require_custom_emoji()?;
        if !self.has_emoji_permission(ctx, perm::CREATE_EMOJIS).await? {
            return Err(AppError::no_permission());
        }
        let mut emoji: Emoji = emoji_json
            .and_then(|j| serde_json::from_str(j).ok())
            .ok_or_else(|| AppError::invalid_body_param("emoji"))?;
        if emoji.creator_id != ctx.user_id() {
            return Err(AppError::forbidden(
                "api.emoji.create.other_user.app_error",
                "Invalid user id",
            ));
        }
        if !is_valid_emoji_name(&emoji.name) || emoji.name != emoji.name.to_lowercase() {
            return Err(AppError::bad_request(
                "model.emoji.name.app_error",
                "Name must be 1 to 64 lowercase alphanumeric characters.",
            ));
        }
        if is_system_emoji(&emoji.name) {
            return Err(AppError::bad_request(
                "model.emoji.system_emoji_name.app_error",
                "Name conflicts with existing system emoji name.",
            ));
        }
        let data = image.ok_or_else(|| AppError::invalid_body_param("createEmoji"))?;
        if data.len() > MAX_EMOJI_FILE_SIZE {
            return Err(AppError::new(
                413,
                "api.emoji.create.too_large.app_error",
                "Unable to create emoji. Image must be less than 512 KiB in size.",
            ));
        }
        let exists = self
            .store
            .get_emojis_by_names(std::slice::from_ref(&emoji.name))
            .await
            .map_err(internal("app.emoji.get_by_name.app_error"))?;
        if !exists.is_empty() {
            return Err(AppError::bad_request(
                "api.emoji.create.duplicate.app_error",
                "Unable to create emoji. Another emoji with the same name already exists.",
            ));
        }
        let stored = tokio::task::spawn_blocking(move || fit_emoji(data))
            .await
            .map_err(|_| AppError::internal("api.emoji.upload.image.app_error"))??;
        let now = now_millis();
        emoji.id = new_id();
        emoji.create_at = now;
        emoji.update_at = now;
        emoji.delete_at = 0;
        let store = self.file_store()?;
        store
            .put(&image_path(&emoji.id), stored)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "storing an emoji image failed");
                AppError::internal("api.emoji.upload.image.app_error")
            })?;
        match self.store.save_emoji(&emoji).await {
            Ok(()) => {}
            Err(StoreError::Conflict(_)) => {
                let _ = store.remove(&image_path(&emoji.id)).await;
                return Err(AppError::bad_request(
                    "api.emoji.create.duplicate.app_error",
                    "Unable to create emoji. Another emoji with the same name already exists.",
                ));
            }
            Err(e) => {
                let _ = store.remove(&image_path(&emoji.id)).await;
                return Err(internal("app.emoji.create.internal_error")(e));
            }
        }
        let ev = outpost_realtime::Event::new("emoji_added")
            .with("emoji", serde_json::to_string(&emoji).unwrap_or_default());
        self.emit(ev, Audience::All).await;
        Ok(emoji)
    }

    /// `GET /emoji`.
    pub async fn get_emoji_list(
        &self,
        _ctx: &SessionCtx,
        sort: &str,
        page: i64,
        per_page: i64,
    ) -> AppResult<Vec<Emoji>> {
        self.require_custom_emoji()?;
        if !sort.is_empty() && sort != "name" {
            return Err(AppError::invalid_url_param("sort"));
        }
        self.store
            .list_emoji(sort == "name", page.saturating_mul(per_page), per_page)
            .await
            .map_err(internal("app.emoji.get_list.internal_error"))
    }

    /// `GET /emoji/{id}`.
    pub async fn get_emoji(&self, _ctx: &SessionCtx, emoji_id: &str) -> AppResult<Emoji> {
        self.require_custom_emoji()?;
        if !is_valid_id(emoji_id) {
            return Err(AppError::invalid_url_param("emoji_id"));
        }
        match self.store.get_emoji(emoji_id).await {
            Ok(e) => Ok(e),
            Err(StoreError::NotFound) => Err(no_result()),
            Err(e) => Err(internal("app.emoji.get.app_error")(e)),
        }
    }

    /// `GET /emoji/name/{name}`.
    pub async fn get_emoji_by_name(&self, _ctx: &SessionCtx, name: &str) -> AppResult<Emoji> {
        self.require_custom_emoji()?;
        if !is_valid_emoji_name(name) {
            return Err(AppError::invalid_url_param("emoji_name"));
        }
        self.store
            .get_emojis_by_names(&[name.to_owned()])
            .await
            .map_err(internal("app.emoji.get_by_name.app_error"))?
            .into_iter()
            .next()
            .ok_or_else(|| {
                AppError::not_found(
                    "app.emoji.get_by_name.no_result",
                    "We couldn't find the emoji.",
                )
            })
    }

    /// `POST /emoji/names`: the custom emoji among the names (system names are skipped).
    pub async fn get_emojis_by_names(
        &self,
        _ctx: &SessionCtx,
        names: &[String],
    ) -> AppResult<Vec<Emoji>> {
        self.require_custom_emoji()?;
        if names.is_empty() {
            return Err(AppError::invalid_body_param("names"));
        }
        if names.len() > 200 {
            return Err(AppError::bad_request(
                "api.emoji.get_multiple_by_name.too_many_names.app_error",
                "Unable to get emojis by name. Too many names requested.",
            ));
        }
        let custom: Vec<String> = names
            .iter()
            .filter(|n| is_valid_emoji_name(n) && !is_system_emoji(n))
            .cloned()
            .collect();
        self.store
            .get_emojis_by_names(&custom)
            .await
            .map_err(internal("app.emoji.get_by_name.app_error"))
    }

    /// `GET /emoji/{id}/image`: the bytes and their image type (`png`, `gif`, `jpeg`).
    pub async fn get_emoji_image(
        &self,
        ctx: &SessionCtx,
        emoji_id: &str,
    ) -> AppResult<(Vec<u8>, &'static str)> {
        let emoji = self.get_emoji(ctx, emoji_id).await?;
        let bytes = match self.file_store()?.read_all(&image_path(&emoji.id)).await {
            Ok(b) => b,
            Err(StorageError::NotFound) => {
                return Err(AppError::not_found(
                    "api.emoji.get_image.read.app_error",
                    "Unable to read image file for emoji.",
                ));
            }
            Err(e) => {
                tracing::error!(error = %e, "reading an emoji image failed");
                return Err(AppError::internal("api.emoji.get_image.read.app_error"));
            }
        };
        let kind = match image::guess_format(&bytes) {
            Ok(image::ImageFormat::Gif) => "gif",
            Ok(image::ImageFormat::Jpeg) => "jpeg",
            Ok(image::ImageFormat::Png) => "png",
            _ => {
                return Err(AppError::internal("api.emoji.get_image.decode.app_error"));
            }
        };
        Ok((bytes, kind))
    }

    /// `POST /emoji/search` and `GET /emoji/autocomplete`.
    pub async fn search_emoji(
        &self,
        _ctx: &SessionCtx,
        term: &str,
        prefix_only: bool,
        limit: i64,
    ) -> AppResult<Vec<Emoji>> {
        self.require_custom_emoji()?;
        let term = term.trim().trim_matches(':').to_lowercase();
        if term.is_empty() {
            return Err(AppError::invalid_body_param("term"));
        }
        self.store
            .search_emoji(&term, prefix_only, limit)
            .await
            .map_err(internal("app.emoji.get_by_name.app_error"))
    }

    /// `DELETE /emoji/{id}`: own emoji with `delete_emojis`, others' with `delete_others_emojis`.
    pub async fn delete_emoji(&self, ctx: &SessionCtx, emoji_id: &str) -> AppResult<()> {
        let emoji = self.get_emoji(ctx, emoji_id).await?;
        if !self.has_emoji_permission(ctx, perm::DELETE_EMOJIS).await? {
            return Err(AppError::no_permission());
        }
        if emoji.creator_id != ctx.user_id()
            && !self
                .has_emoji_permission(ctx, perm::DELETE_OTHERS_EMOJIS)
                .await?
        {
            return Err(AppError::no_permission());
        }
        match self.store.delete_emoji(&emoji, now_millis()).await {
            Ok(()) => {}
            Err(StoreError::NotFound) => {
                return Err(AppError::not_found(
                    "app.emoji.delete.no_results",
                    "We couldn’t find the emoji to delete.",
                ));
            }
            Err(e) => return Err(internal("app.emoji.delete.app_error")(e)),
        }
        if let Ok(store) = self.file_store()
            && let Err(e) = store.remove(&image_path(&emoji.id)).await
        {
            tracing::warn!(error = %e, "removing a deleted emoji's image failed");
        }
        Ok(())
    }

    /// Whether `name` is a live custom emoji (reactions may use it).
    pub(crate) async fn custom_emoji_exists(&self, name: &str) -> AppResult<bool> {
        if !self.config().service_settings.enable_custom_emoji {
            return Ok(false);
        }
        Ok(!self
            .store
            .get_emojis_by_names(&[name.to_owned()])
            .await
            .map_err(internal("app.emoji.get_by_name.app_error"))?
            .is_empty())
    }
}

/// Checks an emoji image and scales it to fit 128×128 (PNG out; GIFs keep their animation when
/// they already fit, and become a still PNG when they must shrink).
fn fit_emoji(data: Vec<u8>) -> AppResult<Vec<u8>> {
    let bad = || {
        AppError::bad_request(
            "api.emoji.upload.image.app_error",
            "Unable to create emoji. File must be a PNG, JPEG, or GIF.",
        )
    };
    let format = image::guess_format(&data).map_err(|_| bad())?;
    if !matches!(
        format,
        image::ImageFormat::Png | image::ImageFormat::Jpeg | image::ImageFormat::Gif
    ) {
        return Err(bad());
    }
    let (w, h) = outpost_imaging::dimensions(&data).ok_or_else(bad)?;
    if w > MAX_ORIGINAL_SIDE || h > MAX_ORIGINAL_SIDE {
        return Err(AppError::bad_request(
            "api.emoji.upload.large_image.too_large.app_error",
            format!(
                "Unable to create emoji. Image must be at most {MAX_ORIGINAL_SIDE} by {MAX_ORIGINAL_SIDE} pixels."
            ),
        ));
    }
    if w <= MAX_SIDE && h <= MAX_SIDE {
        // Decoding once proves the file is whole, not just a valid header.
        outpost_imaging::decode(&data, MAX_ORIGINAL_PIXELS).ok_or_else(bad)?;
        return Ok(data);
    }
    let img = outpost_imaging::decode(&data, MAX_ORIGINAL_PIXELS)
        .ok_or_else(|| {
            AppError::bad_request(
                "api.emoji.upload.large_image.decode_error",
                "Unable to create emoji. An error occurred when trying to decode the image.",
            )
        })?
        .image;
    let resized = img.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Triangle);
    let mut out = std::io::Cursor::new(Vec::new());
    resized
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|_| {
            AppError::bad_request(
                "api.emoji.upload.large_image.encode_error",
                "Unable to create emoji. An error occurred when trying to encode the image.",
            )
        })?;
    Ok(out.into_inner())
}
