//! `model.FileInfo`, `model.FileUploadResponse`, `model.UploadSession` and `model.Emoji`.

use serde::{Deserialize, Serialize};

/// What Mattermost stores about an uploaded file. Storage paths never leave the server.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct FileInfo {
    pub id: String,
    #[serde(rename = "user_id")]
    pub creator_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub post_id: String,
    pub channel_id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    #[serde(skip)]
    pub path: String,
    #[serde(skip)]
    pub thumbnail_path: String,
    #[serde(skip)]
    pub preview_path: String,
    pub name: String,
    pub extension: String,
    pub size: i64,
    pub mime_type: String,
    #[serde(skip_serializing_if = "is_zero")]
    pub width: i32,
    #[serde(skip_serializing_if = "is_zero")]
    pub height: i32,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub has_preview_image: bool,
    /// A 16×16 JPEG, base64 in JSON (Go's `*[]byte`); `null` when there is none.
    #[serde(with = "mini_preview")]
    pub mini_preview: Option<Vec<u8>>,
    pub remote_id: Option<String>,
    pub archived: bool,
}

fn is_zero(v: &i32) -> bool {
    *v == 0
}

impl FileInfo {
    /// Whether the file is an image (by MIME type), as Mattermost's `IsImage`.
    pub fn is_image(&self) -> bool {
        self.mime_type.starts_with("image")
    }
}

mod mini_preview {
    use base64::Engine as _;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(bytes) => {
                s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(bytes))
            }
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        let raw: Option<String> = Option::deserialize(d)?;
        Ok(raw.and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok()))
    }
}

/// The answer to `POST /files`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct FileUploadResponse {
    pub file_infos: Vec<FileInfo>,
    pub client_ids: Vec<String>,
}

/// A resumable upload (`/uploads`).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct UploadSession {
    pub id: String,
    #[serde(rename = "type")]
    pub upload_type: String,
    pub create_at: i64,
    pub user_id: String,
    pub channel_id: String,
    pub filename: String,
    #[serde(skip)]
    pub path: String,
    pub file_size: i64,
    pub file_offset: i64,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub remote_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub req_file_id: String,
}

/// A custom emoji.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct Emoji {
    pub id: String,
    pub create_at: i64,
    pub update_at: i64,
    pub delete_at: i64,
    pub creator_id: String,
    pub name: String,
}
