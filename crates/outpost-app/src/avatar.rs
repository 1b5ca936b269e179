//! Profile images: a generated default (a symmetric pattern in a colour derived from the user id),
//! uploads stored under `<data_dir>/users/<id>/profile`, and their removal.

use outpost_core::roles::perm;
use outpost_core::{AppError, AppResult};
use outpost_model::now_millis;

use crate::{App, SessionCtx, internal};

const SIZE: u32 = 128;
const GRID: u32 = 8;
/// Largest profile image accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;

/// An image to send: bytes and content type.
pub struct Image {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
}

fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Renders the default avatar of `user_id` as a PNG.
pub fn default_avatar(user_id: &str) -> Vec<u8> {
    let h = fnv(user_id.as_bytes());
    let color = [
        (h >> 8) as u8 | 0x40,
        (h >> 16) as u8 | 0x40,
        (h >> 24) as u8 | 0x40,
    ];
    let background = [0xf2u8, 0xf2, 0xf2];
    let cell = SIZE / GRID;
    let mut pixels = Vec::with_capacity((SIZE * SIZE * 3) as usize);
    for y in 0..SIZE {
        for x in 0..SIZE {
            let (cx, cy) = (x / cell, y / cell);
            let mirrored = cx.min(GRID - 1 - cx);
            let bit = (h >> (32 + (cy * GRID / 2 + mirrored) % 32)) & 1 == 1;
            pixels.extend_from_slice(if bit { &color } else { &background });
        }
    }
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, SIZE, SIZE);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        if let Ok(mut w) = enc.write_header() {
            let _ = w.write_image_data(&pixels);
        }
    }
    out
}

fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else {
        None
    }
}

impl App {
    fn profile_path(&self, user_id: &str) -> std::path::PathBuf {
        self.opts
            .data_dir
            .join("users")
            .join(user_id)
            .join("profile")
    }

    /// `GET /users/{id}/image`: the uploaded picture, or the default one.
    pub async fn get_profile_image(&self, _ctx: &SessionCtx, user_id: &str) -> AppResult<Image> {
        let user = self.get_user_raw(user_id).await?;
        if user.last_picture_update > 0
            && let Ok(bytes) = tokio::fs::read(self.profile_path(user_id)).await
            && let Some(content_type) = sniff(&bytes)
        {
            return Ok(Image {
                bytes,
                content_type,
            });
        }
        Ok(Image {
            bytes: default_avatar(user_id),
            content_type: "image/png",
        })
    }

    /// `GET /users/{id}/image/default`.
    pub async fn get_default_profile_image(
        &self,
        _ctx: &SessionCtx,
        user_id: &str,
    ) -> AppResult<Image> {
        self.get_user_raw(user_id).await?;
        Ok(Image {
            bytes: default_avatar(user_id),
            content_type: "image/png",
        })
    }

    /// `POST /users/{id}/image`: stores an uploaded PNG, JPEG or GIF.
    pub async fn set_profile_image(
        &self,
        ctx: &SessionCtx,
        user_id: &str,
        bytes: Vec<u8>,
    ) -> AppResult<()> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        self.get_user_raw(user_id).await?;
        if bytes.len() > MAX_IMAGE_BYTES {
            return Err(AppError::new(
                413,
                "api.user.upload_profile_user.too_large.app_error",
                "Unable to upload profile image. File is too large.",
            ));
        }
        if sniff(&bytes).is_none() {
            return Err(AppError::bad_request(
                "api.user.upload_profile_user.decode.app_error",
                "Could not decode profile image.",
            ));
        }
        let path = self.profile_path(user_id);
        let write = async {
            if let Some(dir) = path.parent() {
                tokio::fs::create_dir_all(dir).await?;
            }
            tokio::fs::write(&path, &bytes).await
        };
        write.await.map_err(|e| {
            tracing::error!(error = %e, "writing profile image");
            AppError::internal("api.user.upload_profile_user.upload_profile.app_error")
        })?;
        let now = now_millis();
        self.store
            .update_last_picture(user_id, now, now)
            .await
            .map_err(internal("app.user.update.app_error"))?;
        self.announce_user_changed(user_id).await;
        Ok(())
    }

    /// `DELETE /users/{id}/image`: back to the default picture.
    pub async fn delete_profile_image(&self, ctx: &SessionCtx, user_id: &str) -> AppResult<()> {
        self.require_self_or_permission(ctx, user_id, perm::EDIT_OTHER_USERS)?;
        self.get_user_raw(user_id).await?;
        let _ = tokio::fs::remove_file(self.profile_path(user_id)).await;
        self.store
            .update_last_picture(user_id, 0, now_millis())
            .await
            .map_err(internal("app.user.update.app_error"))?;
        self.announce_user_changed(user_id).await;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn default_avatar_is_a_png() {
        let png = super::default_avatar("abcdefghijklmnopqrstuvwxyz");
        assert!(png.starts_with(b"\x89PNG"));
        assert_ne!(png, super::default_avatar("zyxwvutsrqponmlkjihgfedcba"));
    }
}
