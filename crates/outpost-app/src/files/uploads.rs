//! Resumable uploads (`/uploads`): a session announces the file, chunks arrive in order (each
//! stored as its own object, so no store needs to support appends), and the last chunk assembles
//! the file and records it like a direct upload.

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::file::{FileInfo, UploadSession};
use outpost_model::is_valid_id;
use outpost_store::StoreError;
use serde::Deserialize;

use super::{IMAGE_BUFFER_LIMIT, storage_error, too_large};
use crate::{App, SessionCtx, internal, not_found_or_internal};

/// The body of `POST /uploads`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewUpload {
    #[serde(rename = "type")]
    pub upload_type: String,
    pub channel_id: String,
    pub filename: String,
    pub file_size: i64,
}

fn parts_dir(path: &str) -> String {
    format!("{path}.parts")
}

impl App {
    /// `POST /uploads`.
    pub async fn create_upload(
        &self,
        ctx: &SessionCtx,
        req: NewUpload,
    ) -> AppResult<UploadSession> {
        if !self.config().file_settings.enable_file_attachments {
            return Err(AppError::new(
                501,
                "api.file.attachments.disabled.app_error",
                "File attachments have been disabled on this server.",
            ));
        }
        match req.upload_type.as_str() {
            "" | "attachment" => {}
            "import" => {
                self.require_system_permission(ctx, perm::MANAGE_SYSTEM)?;
                return Err(AppError::not_implemented(
                    "api.upload.create.import_not_supported.app_error",
                    "Import uploads are not supported by this server.",
                ));
            }
            _ => return Err(AppError::invalid_body_param("type")),
        }
        if !is_valid_id(&req.channel_id) {
            return Err(AppError::invalid_body_param("channel_id"));
        }
        self.require_channel_permission(ctx, &req.channel_id, perm::UPLOAD_FILE)
            .await?;
        if req.file_size > self.config().file_settings.max_file_size {
            return Err(AppError::new(
                413,
                "api.upload.create.upload_too_large.app_error",
                "Unable to upload file. File is too large.",
            ));
        }
        if req.file_size <= 0 {
            return Err(AppError::bad_request(
                "model.upload_session.is_valid.file_size.app_error",
                "Invalid value for FileSize",
            ));
        }
        if req.filename.trim().is_empty() {
            return Err(AppError::bad_request(
                "model.upload_session.is_valid.filename.app_error",
                "Invalid value for Filename",
            ));
        }
        let info = self.new_file_info(ctx, &req.channel_id, &req.filename)?;
        let us = UploadSession {
            id: info.id,
            upload_type: "attachment".to_owned(),
            create_at: info.create_at,
            user_id: ctx.user_id().to_owned(),
            channel_id: req.channel_id,
            filename: info.name,
            path: info.path,
            file_size: req.file_size,
            file_offset: 0,
            remote_id: String::new(),
            req_file_id: String::new(),
        };
        self.store
            .save_upload_session(&us)
            .await
            .map_err(internal("app.upload.create.save.app_error"))?;
        Ok(us)
    }

    async fn own_upload(&self, ctx: &SessionCtx, upload_id: &str) -> AppResult<UploadSession> {
        if !is_valid_id(upload_id) {
            return Err(AppError::invalid_url_param("upload_id"));
        }
        let us = self
            .store
            .get_upload_session(upload_id)
            .await
            .map_err(not_found_or_internal(
                "app.upload.get.app_error",
                "Unable to get the upload.",
            ))?;
        if us.user_id != ctx.user_id() && !self.has_system_permission(ctx, perm::MANAGE_SYSTEM) {
            return Err(AppError::forbidden(
                "api.upload.get_upload.forbidden.app_error",
                "Failed to get upload.",
            ));
        }
        Ok(us)
    }

    /// `GET /uploads/{id}`.
    pub async fn get_upload(&self, ctx: &SessionCtx, upload_id: &str) -> AppResult<UploadSession> {
        self.own_upload(ctx, upload_id).await
    }

    /// `GET /users/{id}/uploads`: the caller's unfinished uploads.
    pub async fn get_uploads_for_user(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
    ) -> AppResult<Vec<UploadSession>> {
        if user_id != ctx.user_id() {
            return Err(AppError::no_permission());
        }
        self.store
            .get_upload_sessions_for_user(user_id)
            .await
            .map_err(internal("app.upload.get_for_user.app_error"))
    }

    /// `POST /uploads/{id}`: appends the next chunk. Returns the file once the last byte arrived.
    pub async fn upload_data<S, E>(
        &self,
        ctx: &SessionCtx,
        upload_id: &str,
        content_length: Option<i64>,
        mut body: S,
    ) -> AppResult<Option<FileInfo>>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin + Send,
        E: std::fmt::Display,
    {
        if !self.config().file_settings.enable_file_attachments {
            return Err(AppError::new(
                501,
                "api.file.attachments.disabled.app_error",
                "File attachments have been disabled on this server.",
            ));
        }
        let us = self.own_upload(ctx, upload_id).await?;
        if us.user_id != ctx.user_id() {
            return Err(AppError::no_permission());
        }
        self.require_channel_permission(ctx, &us.channel_id, perm::UPLOAD_FILE)
            .await?;
        let remaining = us.file_size - us.file_offset;
        let bad_length = || {
            AppError::bad_request(
                "api.upload.upload_data.invalid_content_length",
                "Invalid Content-Length.",
            )
        };
        if content_length.is_some_and(|l| l > remaining) {
            return Err(bad_length());
        }
        let store = self.file_store()?;
        let part = format!("{}/{:020}", parts_dir(&us.path), us.file_offset);
        let mut writer = store.writer(&part).await.map_err(storage_error)?;
        let mut got: i64 = 0;
        while let Some(chunk) = body.next().await {
            let chunk = match chunk {
                Ok(c) => c,
                Err(e) => {
                    writer.abort().await;
                    return Err(AppError::bad_request(
                        "api.upload.upload_data.read_request.app_error",
                        "Unable to read the upload data.",
                    )
                    .with_detail(e.to_string()));
                }
            };
            got = got.saturating_add(i64::try_from(chunk.len()).unwrap_or(i64::MAX));
            if got > remaining {
                writer.abort().await;
                return Err(bad_length());
            }
            if let Err(e) = writer.write(&chunk).await {
                writer.abort().await;
                return Err(storage_error(e));
            }
        }
        if got == 0 {
            writer.abort().await;
            return Ok(None);
        }
        writer.finish().await.map_err(storage_error)?;
        match self
            .store
            .advance_upload_session(&us.id, us.file_offset, us.file_offset + got)
            .await
        {
            Ok(()) => {}
            Err(StoreError::Conflict(_)) => {
                return Err(AppError::bad_request(
                    "app.upload.upload_data.concurrent.app_error",
                    "Another request is uploading to this upload session.",
                ));
            }
            Err(e) => return Err(internal("app.upload.upload_data.update.app_error")(e)),
        }
        if us.file_offset + got < us.file_size {
            return Ok(None);
        }
        self.finish_upload(ctx, us).await.map(Some)
    }

    /// Joins the chunks into the file, renders image derivatives and records the file.
    async fn finish_upload(&self, ctx: &SessionCtx, us: UploadSession) -> AppResult<FileInfo> {
        let store = self.file_store()?;
        let dir = parts_dir(&us.path);
        let parts = store.list(&dir).await.map_err(storage_error)?;
        let mut info = self.new_file_info(ctx, &us.channel_id, &us.filename)?;
        info.id.clone_from(&us.id);
        info.path.clone_from(&us.path);
        let keep_image = info.is_image() && info.mime_type != "image/svg+xml";
        let mut image: Vec<u8> = Vec::new();
        let mut writer = store.writer(&us.path).await.map_err(storage_error)?;
        let mut size: i64 = 0;
        for part in &parts {
            let mut dl = match store.read(part, None).await {
                Ok(d) => d,
                Err(e) => {
                    writer.abort().await;
                    return Err(storage_error(e));
                }
            };
            while let Some(chunk) = dl.stream.next().await {
                let chunk = match chunk {
                    Ok(c) => c,
                    Err(e) => {
                        writer.abort().await;
                        return Err(storage_error(super::StorageError::Io(e.to_string())));
                    }
                };
                size += i64::try_from(chunk.len()).unwrap_or(i64::MAX);
                if keep_image && image.len() + chunk.len() <= IMAGE_BUFFER_LIMIT {
                    image.extend_from_slice(&chunk);
                }
                if let Err(e) = writer.write(&chunk).await {
                    writer.abort().await;
                    return Err(storage_error(e));
                }
            }
        }
        writer.finish().await.map_err(storage_error)?;
        for part in &parts {
            let _ = store.remove(part).await;
        }
        if size > self.config().file_settings.max_file_size {
            let _ = store.remove(&us.path).await;
            return Err(too_large(self.config().file_settings.max_file_size));
        }
        info.size = size;
        if keep_image
            && usize::try_from(size).is_ok_and(|s| s == image.len())
            && let Err(e) = self.render_images(&store, &mut info, image).await
        {
            let _ = store.remove(&info.path).await;
            return Err(e);
        }
        if let Err(e) = self.store.complete_upload_session(&us.id, &info).await {
            self.remove_objects(&store, &info).await;
            return Err(internal("app.upload.upload_data.save.app_error")(e));
        }
        Ok(info)
    }
}
