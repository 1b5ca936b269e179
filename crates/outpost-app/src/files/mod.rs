//! Files: streaming uploads into the file store, image derivatives, permission-checked downloads,
//! public links, attachment to posts and file search.

pub mod search;
pub mod storage;
pub mod uploads;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::file::FileInfo;
use outpost_model::{is_valid_id, new_id, now_millis};
use outpost_store::StoreError;

pub use storage::{ByteStream, Download, FileStore, StorageError};

use crate::{App, SessionCtx, internal};
use outpost_imaging as images;

/// Images up to this size are kept in memory while streaming, to render thumbnails; larger images
/// are stored as plain files.
const IMAGE_BUFFER_LIMIT: usize = 64 * 1024 * 1024;

/// Which stored object of a file to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileVariant {
    Original,
    Thumbnail,
    Preview,
}

/// A page of file search results (`model.FileInfoList`).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct FileInfoList {
    pub order: Vec<String>,
    pub file_infos: serde_json::Map<String, serde_json::Value>,
    pub next_file_info_id: String,
    pub prev_file_info_id: String,
    pub first_inaccessible_file_time: i64,
}

/// The last path segment of an uploaded name, without control characters; never empty, `.` or `..`.
pub(crate) fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut name: String = base.chars().filter(|c| !c.is_control()).collect();
    if name.chars().count() > 200 {
        name = name.chars().skip(name.chars().count() - 200).collect();
    }
    match name.trim() {
        "" | "." | ".." => "file".to_owned(),
        _ => name,
    }
}

/// Lower-case extension without the dot (`""` when there is none).
pub(crate) fn extension(name: &str) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_lowercase(),
        _ => String::new(),
    }
}

/// The MIME type Mattermost derives from the extension.
pub(crate) fn mime_for(ext: &str) -> String {
    mime_guess::from_ext(ext)
        .first_raw()
        .unwrap_or_default()
        .to_owned()
}

fn storage_error(e: StorageError) -> AppError {
    match e {
        StorageError::NotFound => AppError::not_found(
            "api.file.file_reader.app_error",
            "Unable to find the file in storage.",
        ),
        StorageError::Config(detail) => {
            tracing::error!(%detail, "file storage is not usable");
            AppError::new(
                501,
                "api.file.upload_file.storage.app_error",
                "Unable to upload file. Image storage is not configured.",
            )
        }
        StorageError::Io(detail) => {
            tracing::error!(%detail, "file storage failure");
            AppError::internal("api.file.write_file.app_error")
        }
    }
}

fn too_large(limit: i64) -> AppError {
    AppError::new(
        413,
        "api.file.upload_file.too_large_detailed.app_error",
        format!("Unable to upload file. File is larger than the limit of {limit} bytes."),
    )
}

fn file_not_found() -> AppError {
    AppError::not_found("app.file_info.get.app_error", "Unable to get the file.")
}

impl App {
    /// The file store of the current settings.
    pub fn file_store(&self) -> AppResult<FileStore> {
        self.files
            .get(&self.config().file_settings)
            .map_err(storage_error)
    }

    /// Checks that the caller may upload to `channel_id` (before any byte is read).
    pub async fn check_upload(&self, ctx: &SessionCtx, channel_id: &str) -> AppResult<()> {
        if !self.config().file_settings.enable_file_attachments {
            return Err(AppError::forbidden(
                "api.file.attachments.disabled.app_error",
                "File attachments have been disabled on this server.",
            ));
        }
        if !is_valid_id(channel_id) {
            return Err(AppError::invalid_url_param("channel_id"));
        }
        self.require_channel_permission(ctx, channel_id, perm::UPLOAD_FILE)
            .await
    }

    /// Streams one uploaded file into storage, renders image derivatives and records it. Nothing
    /// is recorded when anything fails; the partial object is removed.
    pub async fn upload_file<S, E>(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
        raw_name: &str,
        content_length: Option<i64>,
        mut body: S,
    ) -> AppResult<FileInfo>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin + Send,
        E: std::fmt::Display,
    {
        self.check_upload(ctx, channel_id).await?;
        let cfg = self.config();
        let max = cfg.file_settings.max_file_size;
        if content_length.is_some_and(|l| l > max) {
            return Err(too_large(max));
        }
        let mut info = self.new_file_info(ctx, channel_id, raw_name)?;
        let store = self.file_store()?;
        let mut writer = store.writer(&info.path).await.map_err(storage_error)?;
        let keep_image = info.is_image() && info.mime_type != "image/svg+xml";
        let mut image: Vec<u8> = Vec::new();
        let mut size: i64 = 0;
        while let Some(chunk) = body.next().await {
            let chunk = match chunk {
                Ok(c) => c,
                Err(e) => {
                    writer.abort().await;
                    return Err(AppError::bad_request(
                        "api.file.upload_file.read_request.app_error",
                        "Unable to upload file(s). Error reading or parsing request data.",
                    )
                    .with_detail(e.to_string()));
                }
            };
            size = size.saturating_add(i64::try_from(chunk.len()).unwrap_or(i64::MAX));
            if size > max {
                writer.abort().await;
                return Err(too_large(max));
            }
            if keep_image && image.len() + chunk.len() <= IMAGE_BUFFER_LIMIT {
                image.extend_from_slice(&chunk);
            } else if keep_image {
                image = Vec::new();
            }
            if let Err(e) = writer.write(&chunk).await {
                writer.abort().await;
                return Err(storage_error(e));
            }
        }
        if size == 0 {
            writer.abort().await;
            return Err(AppError::bad_request(
                "api.file.upload_file.read_request.app_error",
                "Unable to upload file(s). Error reading or parsing request data.",
            )
            .with_detail("the file is empty"));
        }
        writer.finish().await.map_err(storage_error)?;
        info.size = size;
        if keep_image
            && !image.is_empty()
            && let Err(e) = self.render_images(&store, &mut info, image).await
        {
            let _ = store.remove(&info.path).await;
            return Err(e);
        }
        if let Err(e) = self.store.save_file_info(&info).await {
            self.remove_objects(&store, &info).await;
            return Err(internal("app.file_info.save.app_error")(e));
        }
        Ok(info)
    }

    /// A fresh file info with Mattermost's storage path layout.
    fn new_file_info(&self, ctx: &SessionCtx, channel_id: &str, raw: &str) -> AppResult<FileInfo> {
        let name = clean_name(raw);
        let ext = extension(&name);
        let allowed = &self.config().file_settings.allowed_extensions;
        if !allowed.trim().is_empty()
            && !allowed
                .split(',')
                .any(|a| a.trim().trim_start_matches('.').eq_ignore_ascii_case(&ext))
        {
            return Err(AppError::bad_request(
                "api.file.upload_file.type_not_allowed.app_error",
                format!("Files of type .{ext} are not allowed on this server."),
            ));
        }
        let now = now_millis();
        let id = new_id();
        let day = chrono::DateTime::from_timestamp_millis(now)
            .unwrap_or_default()
            .format("%Y%m%d");
        let prefix = format!(
            "{day}/teams/noteam/channels/{channel_id}/users/{}/{id}/",
            ctx.user_id()
        );
        Ok(FileInfo {
            id,
            creator_id: ctx.user_id().to_owned(),
            channel_id: channel_id.to_owned(),
            create_at: now,
            update_at: now,
            path: format!("{prefix}{name}"),
            mime_type: mime_for(&ext),
            extension: ext,
            name,
            remote_id: Some(String::new()),
            ..FileInfo::default()
        })
    }

    /// Dimensions, thumbnail, preview and mini preview of an image. A file that does not decode
    /// stays a plain file; one over `MaxImageResolution` is refused.
    async fn render_images(
        &self,
        store: &FileStore,
        info: &mut FileInfo,
        data: Vec<u8>,
    ) -> AppResult<()> {
        let max_pixels =
            u64::try_from(self.config().file_settings.max_image_resolution).unwrap_or(0);
        let Some((w, h)) = images::dimensions(&data) else {
            return Ok(());
        };
        if u64::from(w) * u64::from(h) > max_pixels {
            return Err(AppError::bad_request(
                "api.file.upload_file.large_image_detailed.app_error",
                format!(
                    "{} dimensions ({w} by {h} pixels) exceed the limits.",
                    info.name
                ),
            ));
        }
        let processed = tokio::task::spawn_blocking(move || images::process(&data, max_pixels))
            .await
            .ok()
            .flatten();
        let Some(p) = processed else {
            return Ok(());
        };
        let stem = info
            .name
            .rsplit_once('.')
            .map_or(info.name.as_str(), |(s, _)| s)
            .to_owned();
        let dir = info
            .path
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| format!("{d}/"));
        let ext = if p.png { "png" } else { "jpg" };
        info.thumbnail_path = format!("{dir}{stem}_thumb.{ext}");
        info.preview_path = format!("{dir}{stem}_preview.{ext}");
        store
            .put(&info.thumbnail_path, p.thumbnail)
            .await
            .map_err(storage_error)?;
        store
            .put(&info.preview_path, p.preview)
            .await
            .map_err(storage_error)?;
        info.width = i32::try_from(p.width).unwrap_or(0);
        info.height = i32::try_from(p.height).unwrap_or(0);
        // Animated GIFs are shown as themselves, not as a still preview (as Mattermost).
        info.has_preview_image = info.mime_type != "image/gif";
        info.mini_preview = p.mini_preview;
        Ok(())
    }

    async fn remove_objects(&self, store: &FileStore, info: &FileInfo) {
        for path in [&info.path, &info.thumbnail_path, &info.preview_path] {
            if !path.is_empty()
                && let Err(e) = store.remove(path).await
            {
                tracing::warn!(error = %e, "removing a stored file failed");
            }
        }
    }

    /// A live file info the caller may see: its uploader, or a reader of the post's channel.
    pub async fn get_file_info(&self, ctx: &SessionCtx, file_id: &str) -> AppResult<FileInfo> {
        if !is_valid_id(file_id) {
            return Err(AppError::invalid_url_param("file_id"));
        }
        let info = match self.store.get_file_info(file_id).await {
            Ok(i) if i.delete_at == 0 => i,
            Ok(_) | Err(StoreError::NotFound) => return Err(file_not_found()),
            Err(e) => return Err(internal("app.file_info.get.app_error")(e)),
        };
        if info.creator_id != ctx.user_id() {
            let allowed = !info.post_id.is_empty()
                && self
                    .has_channel_permission(ctx, &info.channel_id, perm::READ_CHANNEL_CONTENT)
                    .await?;
            if !allowed {
                return Err(AppError::no_permission());
            }
        }
        Ok(info)
    }

    /// The bytes of a file, its thumbnail or its preview (optionally a byte range of them).
    pub async fn read_file(
        &self,
        ctx: &SessionCtx,
        file_id: &str,
        variant: FileVariant,
        range: Option<(u64, Option<u64>)>,
    ) -> AppResult<(FileInfo, Download)> {
        let info = self.get_file_info(ctx, file_id).await?;
        let path = match variant {
            FileVariant::Original => info.path.clone(),
            FileVariant::Thumbnail if info.thumbnail_path.is_empty() => {
                return Err(AppError::bad_request(
                    "api.file.get_file_thumbnail.no_thumbnail.app_error",
                    "File doesn't have a thumbnail image.",
                ));
            }
            FileVariant::Thumbnail => info.thumbnail_path.clone(),
            FileVariant::Preview if info.preview_path.is_empty() => {
                return Err(AppError::bad_request(
                    "api.file.get_file_preview.no_preview.app_error",
                    "File doesn't have a preview image.",
                ));
            }
            FileVariant::Preview => info.preview_path.clone(),
        };
        let dl = self.open(&path, range).await?;
        Ok((info, dl))
    }

    async fn open(&self, path: &str, range: Option<(u64, Option<u64>)>) -> AppResult<Download> {
        let store = self.file_store()?;
        match store.read(path, range).await {
            Ok(d) => Ok(d),
            // A range the object cannot satisfy: serve it whole (clients then ignore the range).
            Err(StorageError::Io(_)) if range.is_some() => {
                store.read(path, None).await.map_err(storage_error)
            }
            Err(e) => Err(storage_error(e)),
        }
    }

    fn public_link_hash(&self, file_id: &str) -> String {
        use base64::Engine as _;
        use sha2::Digest as _;
        let mut h = sha2::Sha256::new();
        h.update(self.config().file_settings.public_link_salt.as_bytes());
        h.update(file_id.as_bytes());
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(h.finalize())
    }

    fn require_public_links(&self) -> AppResult<()> {
        if self.config().file_settings.enable_public_link {
            Ok(())
        } else {
            Err(AppError::forbidden(
                "api.file.get_public_link.disabled.app_error",
                "Public links have been disabled.",
            ))
        }
    }

    /// `GET /files/{id}/link`: a public link to an attached file.
    pub async fn get_file_link(
        &self,
        ctx: &SessionCtx,
        file_id: &str,
        site_url: &str,
    ) -> AppResult<String> {
        self.require_public_links()?;
        let info = self.get_file_info(ctx, file_id).await?;
        if info.post_id.is_empty() {
            return Err(AppError::bad_request(
                "api.file.get_public_link.no_post.app_error",
                "Unable to get public link for file. File must be attached to a post that can be read by the current user.",
            ));
        }
        Ok(format!(
            "{}/files/{}/public?h={}",
            site_url.trim_end_matches('/'),
            info.id,
            self.public_link_hash(&info.id)
        ))
    }

    /// `GET /files/{id}/public?h=`: the file, for anyone holding the salted hash.
    pub async fn get_public_file(
        &self,
        file_id: &str,
        hash: &str,
        range: Option<(u64, Option<u64>)>,
    ) -> AppResult<(FileInfo, Download)> {
        self.require_public_links()?;
        if !is_valid_id(file_id) {
            return Err(AppError::invalid_url_param("file_id"));
        }
        let invalid = || {
            AppError::bad_request(
                "api.file.get_file.public_invalid.app_error",
                "The public link does not appear to be valid.",
            )
        };
        let expected = self.public_link_hash(file_id);
        if hash.is_empty() || !subtle_eq(hash.as_bytes(), expected.as_bytes()) {
            return Err(invalid());
        }
        let info = match self.store.get_file_info(file_id).await {
            Ok(i) if i.delete_at == 0 && !i.post_id.is_empty() => i,
            Ok(_) | Err(StoreError::NotFound) => return Err(file_not_found()),
            Err(e) => return Err(internal("app.file_info.get.app_error")(e)),
        };
        let dl = self.open(&info.path, range).await?;
        Ok((info, dl))
    }

    /// `GET /posts/{id}/files/info`.
    pub async fn get_file_infos_for_post(
        &self,
        ctx: &SessionCtx,
        post_id: &str,
    ) -> AppResult<Vec<FileInfo>> {
        let post = self.readable_post(ctx, post_id).await?;
        self.store
            .get_file_infos_for_posts(std::slice::from_ref(&post.id))
            .await
            .map_err(internal("app.file_info.get_for_post.app_error"))
    }

    /// The ids among `file_ids` that `ctx` may attach to a new post in `channel_id`: their own
    /// live, unattached uploads to that channel (others are dropped, as Mattermost does).
    pub(crate) async fn attachable_files(
        &self,
        ctx: &SessionCtx,
        channel_id: &str,
        file_ids: &[String],
    ) -> AppResult<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for id in file_ids {
            if out.contains(id) {
                continue;
            }
            match self.store.get_file_info(id).await {
                Ok(f)
                    if f.creator_id == ctx.user_id()
                        && f.channel_id == channel_id
                        && f.post_id.is_empty()
                        && f.delete_at == 0 =>
                {
                    out.push(id.clone());
                }
                Ok(_) | Err(StoreError::NotFound) => {
                    tracing::info!(file_id = %id, "not attaching a file the author may not attach");
                }
                Err(e) => return Err(internal("app.file_info.get.app_error")(e)),
            }
        }
        Ok(out)
    }
}

/// Constant-time equality of two byte strings of any length.
fn subtle_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_reduced_to_a_safe_last_segment() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\me\\report.PDF"), "report.PDF");
        assert_eq!(clean_name(".."), "file");
        assert_eq!(clean_name("a/"), "file");
        assert_eq!(clean_name("tab\there.txt"), "tabhere.txt");
        assert_eq!(extension("report.PDF"), "pdf");
        assert_eq!(extension(".bashrc"), "");
        assert_eq!(mime_for("png"), "image/png");
    }
}
