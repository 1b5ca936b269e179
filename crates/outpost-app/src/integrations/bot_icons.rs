//! Bot icons (`/bots/{id}/icon`): an SVG per bot in the file store, shown beside its posts.

use outpost_core::{AppError, AppResult};

use crate::files::storage::StorageError;
use crate::{App, SessionCtx};

/// Largest icon accepted.
const MAX_ICON_BYTES: usize = 1 << 20;

fn icon_path(bot_user_id: &str) -> String {
    format!("bots/{bot_user_id}/icon.svg")
}

/// Whether `data` is an SVG document (an `<svg` element, optionally after an XML prolog).
fn looks_like_svg(data: &[u8]) -> bool {
    std::str::from_utf8(data).is_ok_and(|text| {
        let lower = text.trim_start().to_ascii_lowercase();
        (lower.starts_with("<svg") || lower.starts_with("<?xml") || lower.starts_with("<!--"))
            && lower.contains("<svg")
            && lower.contains("</svg>")
    })
}

impl App {
    /// `GET /bots/{id}/icon`: the bot's SVG icon.
    pub async fn get_bot_icon(&self, _ctx: &SessionCtx, bot_user_id: &str) -> AppResult<Vec<u8>> {
        let bot = self.bot_raw(bot_user_id).await?;
        match self.file_store()?.read_all(&icon_path(&bot.user_id)).await {
            Ok(bytes) => Ok(bytes),
            Err(StorageError::NotFound) => Err(AppError::not_found(
                "api.bot.get_bot_icon_image.read_icon_image.app_error",
                "Unable to get the bot's icon.",
            )),
            Err(e) => {
                tracing::error!(error = %e, "reading a bot icon failed");
                Err(AppError::internal(
                    "api.bot.get_bot_icon_image.read_icon_image.app_error",
                ))
            }
        }
    }

    /// `POST /bots/{id}/icon`: sets the icon from an SVG upload (the `image` part).
    pub async fn set_bot_icon(
        &self,
        ctx: &SessionCtx,
        bot_user_id: &str,
        image: Option<Vec<u8>>,
    ) -> AppResult<()> {
        let bot = self.managed_bot(ctx, bot_user_id).await?;
        let data = image.ok_or_else(|| {
            AppError::bad_request(
                "api.bot.set_bot_icon_image.no_file.app_error",
                "No file under 'image' in request.",
            )
        })?;
        if data.len() > MAX_ICON_BYTES || !looks_like_svg(&data) {
            return Err(AppError::bad_request(
                "api.bot.set_bot_icon_image.app_error",
                "Invalid bot icon: it must be an SVG image of at most 1 MB.",
            ));
        }
        self.file_store()?
            .put(&icon_path(&bot.user_id), data)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "storing a bot icon failed");
                AppError::internal("api.bot.set_bot_icon_image.app_error")
            })
    }

    /// `DELETE /bots/{id}/icon`.
    pub async fn delete_bot_icon(&self, ctx: &SessionCtx, bot_user_id: &str) -> AppResult<()> {
        let bot = self.managed_bot(ctx, bot_user_id).await?;
        self.file_store()?
            .remove(&icon_path(&bot.user_id))
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "removing a bot icon failed");
                AppError::internal("api.bot.delete_bot_icon_image.app_error")
            })
    }
}

#[cfg(test)]
mod tests {
    use super::looks_like_svg;

    #[test]
    fn only_svg_documents_are_icons() {
        assert!(looks_like_svg(
            b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"
        ));
        assert!(looks_like_svg(b"<?xml version='1.0'?>\n<svg></svg>"));
        assert!(!looks_like_svg(b"\x89PNG\r\n"));
        assert!(!looks_like_svg(b"<html><svg></svg></html>"));
        assert!(!looks_like_svg(b"<svg>unterminated"));
    }
}
