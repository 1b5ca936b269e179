//! File infos (`FileInfo`), resumable upload sessions (`UploadSessions`) and custom emoji (`Emoji`).

use outpost_model::file::{Emoji, FileInfo, UploadSession};
use sqlx::FromRow;

use crate::{Search, Store, StoreError, StoreResult, WriteTx, placeholders, sql, with_db};

#[derive(FromRow)]
struct FileRow {
    id: String,
    creatorid: Option<String>,
    postid: Option<String>,
    channelid: Option<String>,
    createat: Option<i64>,
    updateat: Option<i64>,
    deleteat: Option<i64>,
    path: Option<String>,
    thumbnailpath: Option<String>,
    previewpath: Option<String>,
    name: Option<String>,
    extension: Option<String>,
    size: Option<i64>,
    mimetype: Option<String>,
    width: Option<i32>,
    height: Option<i32>,
    haspreviewimage: Option<bool>,
    minipreview: Option<Vec<u8>>,
    remoteid: Option<String>,
    archived: bool,
}

impl From<FileRow> for FileInfo {
    fn from(r: FileRow) -> Self {
        FileInfo {
            id: r.id,
            creator_id: r.creatorid.unwrap_or_default(),
            post_id: r.postid.unwrap_or_default(),
            channel_id: r.channelid.unwrap_or_default(),
            create_at: r.createat.unwrap_or_default(),
            update_at: r.updateat.unwrap_or_default(),
            delete_at: r.deleteat.unwrap_or_default(),
            path: r.path.unwrap_or_default(),
            thumbnail_path: r.thumbnailpath.unwrap_or_default(),
            preview_path: r.previewpath.unwrap_or_default(),
            name: r.name.unwrap_or_default(),
            extension: r.extension.unwrap_or_default(),
            size: r.size.unwrap_or_default(),
            mime_type: r.mimetype.unwrap_or_default(),
            width: r.width.unwrap_or_default(),
            height: r.height.unwrap_or_default(),
            has_preview_image: r.haspreviewimage.unwrap_or_default(),
            mini_preview: r.minipreview.filter(|b| !b.is_empty()),
            remote_id: Some(r.remoteid.unwrap_or_default()),
            archived: r.archived,
        }
    }
}

const FILE_COLS: &str = "id, creatorid, postid, channelid, createat, updateat, deleteat, path, \
     thumbnailpath, previewpath, name, extension, size, mimetype, width, height, haspreviewimage, \
     minipreview, remoteid, archived";

#[derive(FromRow)]
struct UploadRow {
    id: String,
    #[sqlx(rename = "type")]
    upload_type: Option<String>,
    createat: Option<i64>,
    userid: Option<String>,
    channelid: Option<String>,
    filename: Option<String>,
    path: Option<String>,
    filesize: Option<i64>,
    fileoffset: Option<i64>,
    remoteid: Option<String>,
    reqfileid: Option<String>,
}

impl From<UploadRow> for UploadSession {
    fn from(r: UploadRow) -> Self {
        UploadSession {
            id: r.id,
            upload_type: r.upload_type.unwrap_or_default(),
            create_at: r.createat.unwrap_or_default(),
            user_id: r.userid.unwrap_or_default(),
            channel_id: r.channelid.unwrap_or_default(),
            filename: r.filename.unwrap_or_default(),
            path: r.path.unwrap_or_default(),
            file_size: r.filesize.unwrap_or_default(),
            file_offset: r.fileoffset.unwrap_or_default(),
            remote_id: r.remoteid.unwrap_or_default(),
            req_file_id: r.reqfileid.unwrap_or_default(),
        }
    }
}

const UPLOAD_COLS: &str = "id, type::text AS type, createat, userid, channelid, filename, path, \
     filesize, fileoffset, remoteid, reqfileid";

#[derive(FromRow)]
struct EmojiRow {
    id: String,
    createat: Option<i64>,
    updateat: Option<i64>,
    deleteat: Option<i64>,
    creatorid: Option<String>,
    name: Option<String>,
}

impl From<EmojiRow> for Emoji {
    fn from(r: EmojiRow) -> Self {
        Emoji {
            id: r.id,
            create_at: r.createat.unwrap_or_default(),
            update_at: r.updateat.unwrap_or_default(),
            delete_at: r.deleteat.unwrap_or_default(),
            creator_id: r.creatorid.unwrap_or_default(),
            name: r.name.unwrap_or_default(),
        }
    }
}

const EMOJI_COLS: &str = "id, createat, updateat, deleteat, creatorid, name";

/// The `INSERT` of a new file info with its values bound (on either backend).
macro_rules! insert_file {
    ($pg:expr, $f:expr) => {
        sqlx::query(sql(
            $pg,
            "INSERT INTO fileinfo (id, creatorid, postid, channelid, createat, updateat, deleteat, path, \
             thumbnailpath, previewpath, name, extension, size, mimetype, width, height, haspreviewimage, \
             minipreview, content, remoteid, archived) \
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, '', '', false)",
        ))
        .bind(&$f.id)
        .bind(&$f.creator_id)
        .bind(&$f.post_id)
        .bind(&$f.channel_id)
        .bind($f.create_at)
        .bind($f.update_at)
        .bind(&$f.path)
        .bind(&$f.thumbnail_path)
        .bind(&$f.preview_path)
        .bind(&$f.name)
        .bind(&$f.extension)
        .bind($f.size)
        .bind(&$f.mime_type)
        .bind($f.width)
        .bind($f.height)
        .bind($f.has_preview_image)
        .bind($f.mini_preview.as_deref())
    };
}

/// Filters for [`Store::search_files`].
#[derive(Debug, Clone, Default)]
pub struct FileSearch {
    /// Channels whose files may be returned (the caller's readable channels).
    pub channel_ids: Vec<String>,
    /// Name fragments; every one must match (or any, with `or`).
    pub terms: Vec<String>,
    /// Name fragments that must not match.
    pub excluded: Vec<String>,
    /// Lower-case extensions to keep (empty: all).
    pub extensions: Vec<String>,
    /// Uploaders to keep (empty: all).
    pub user_ids: Vec<String>,
    pub or: bool,
    /// `createat` bounds in milliseconds, inclusive/exclusive: `[after, before)`.
    pub after: Option<i64>,
    pub before: Option<i64>,
    pub offset: i64,
    pub limit: i64,
}

impl Store {
    /// Stores a new file info.
    pub async fn save_file_info(&self, f: &FileInfo) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            insert_file!(pg, f).execute(p).await?;
            Ok(())
        })
    }

    /// A file info by id, deleted or not.
    pub async fn get_file_info(&self, id: &str) -> StoreResult<FileInfo> {
        let text = format!("SELECT {FILE_COLS} FROM fileinfo WHERE id = $1");
        with_db!(self, |p, pg| {
            sqlx::query_as::<_, FileRow>(sql(pg, &text))
                .bind(id)
                .fetch_optional(p)
                .await?
                .map(FileInfo::from)
                .ok_or(StoreError::NotFound)
        })
    }

    /// The live file infos of the given posts, oldest first.
    pub async fn get_file_infos_for_posts(
        &self,
        post_ids: &[String],
    ) -> StoreResult<Vec<FileInfo>> {
        if post_ids.is_empty() {
            return Ok(Vec::new());
        }
        let text = format!(
            "SELECT {FILE_COLS} FROM fileinfo WHERE postid IN {} AND +deleteat = 0 ORDER BY createat ASC, id ASC",
            placeholders(1, post_ids.len())
        );
        with_db!(self, |p, pg| {
            let mut q = sqlx::query_as::<_, FileRow>(sql(pg, &text));
            for id in post_ids {
                q = q.bind(id);
            }
            Ok(q.fetch_all(p)
                .await?
                .into_iter()
                .map(FileInfo::from)
                .collect())
        })
    }

    /// Searches file names in the given channels (newest first).
    pub async fn search_files(&self, s: &FileSearch) -> StoreResult<Vec<FileInfo>> {
        if s.channel_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut text = format!(
            "SELECT {FILE_COLS} FROM fileinfo WHERE +deleteat = 0 AND postid <> '' AND channelid IN {}",
            placeholders(1, s.channel_ids.len())
        );
        let mut binds: Vec<String> = s.channel_ids.clone();
        fn next(binds: &mut Vec<String>, v: String) -> String {
            binds.push(v);
            format!("${}", binds.len())
        }
        let term_patterns: Vec<Search> = s.terms.iter().map(|t| Search::new(t, false)).collect();
        if !term_patterns.is_empty() {
            let parts: Vec<String> = term_patterns
                .iter()
                .map(|t| {
                    format!(
                        "lower(name) LIKE {} ESCAPE '\\'",
                        next(&mut binds, t.pattern.clone())
                    )
                })
                .collect();
            let joiner = if s.or { " OR " } else { " AND " };
            text.push_str(&format!(" AND ({})", parts.join(joiner)));
        }
        let excluded: Vec<Search> = s.excluded.iter().map(|t| Search::new(t, false)).collect();
        for t in &excluded {
            if t.exact {
                text.push_str(&format!(
                    " AND lower(name) NOT LIKE {} ESCAPE '\\'",
                    next(&mut binds, t.pattern.clone())
                ));
            }
        }
        if !s.extensions.is_empty() {
            let ph: Vec<String> = s
                .extensions
                .iter()
                .map(|e| next(&mut binds, e.clone()))
                .collect();
            text.push_str(&format!(" AND lower(extension) IN ({})", ph.join(", ")));
        }
        if !s.user_ids.is_empty() {
            let ph: Vec<String> = s
                .user_ids
                .iter()
                .map(|e| next(&mut binds, e.clone()))
                .collect();
            text.push_str(&format!(" AND creatorid IN ({})", ph.join(", ")));
        }
        if let Some(after) = s.after {
            text.push_str(&format!(" AND createat >= {after}"));
        }
        if let Some(before) = s.before {
            text.push_str(&format!(" AND createat < {before}"));
        }
        text.push_str(" ORDER BY createat DESC, id DESC");
        let rows: Vec<FileInfo> = with_db!(self, |p, pg| {
            let mut q = sqlx::query_as::<_, FileRow>(sql(pg, &text));
            for b in &binds {
                q = q.bind(b);
            }
            q.fetch_all(p)
                .await?
                .into_iter()
                .map(FileInfo::from)
                .collect()
        });
        // Non-ASCII fragments were widened to wildcards in SQL; the exact test happens here.
        let kept = rows.into_iter().filter(|f| {
            let terms_ok = term_patterns.is_empty()
                || if s.or {
                    term_patterns.iter().any(|t| t.matches([f.name.as_str()]))
                } else {
                    term_patterns.iter().all(|t| t.matches([f.name.as_str()]))
                };
            terms_ok && !excluded.iter().any(|t| t.matches([f.name.as_str()]))
        });
        Ok(kept
            .skip(usize::try_from(s.offset).unwrap_or(0))
            .take(usize::try_from(s.limit).unwrap_or(0))
            .collect())
    }

    /// Uploads sessions of a user, newest first.
    pub async fn get_upload_sessions_for_user(
        &self,
        user_id: &str,
    ) -> StoreResult<Vec<UploadSession>> {
        let text = format!(
            "SELECT {UPLOAD_COLS} FROM uploadsessions WHERE userid = $1 ORDER BY createat DESC"
        );
        with_db!(self, |p, pg| {
            Ok(sqlx::query_as::<_, UploadRow>(sql(pg, &text))
                .bind(user_id)
                .fetch_all(p)
                .await?
                .into_iter()
                .map(UploadSession::from)
                .collect())
        })
    }

    /// Stores a new upload session.
    pub async fn save_upload_session(&self, u: &UploadSession) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            sqlx::query(sql(
                pg,
                "INSERT INTO uploadsessions (id, type, createat, userid, channelid, filename, path, filesize, \
                 fileoffset, remoteid, reqfileid) VALUES ($1, $2::upload_session_type, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            ))
            .bind(&u.id)
            .bind(&u.upload_type)
            .bind(u.create_at)
            .bind(&u.user_id)
            .bind(&u.channel_id)
            .bind(&u.filename)
            .bind(&u.path)
            .bind(u.file_size)
            .bind(u.file_offset)
            .bind(&u.remote_id)
            .bind(&u.req_file_id)
            .execute(p)
            .await?;
            Ok(())
        })
    }

    /// An upload session by id.
    pub async fn get_upload_session(&self, id: &str) -> StoreResult<UploadSession> {
        let text = format!("SELECT {UPLOAD_COLS} FROM uploadsessions WHERE id = $1");
        with_db!(self, |p, pg| {
            sqlx::query_as::<_, UploadRow>(sql(pg, &text))
                .bind(id)
                .fetch_optional(p)
                .await?
                .map(UploadSession::from)
                .ok_or(StoreError::NotFound)
        })
    }

    /// Moves an upload's offset from `from` to `to`; `Conflict` when another request moved it first.
    pub async fn advance_upload_session(&self, id: &str, from: i64, to: i64) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "UPDATE uploadsessions SET fileoffset = $3 WHERE id = $1 AND fileoffset = $2",
            ))
            .bind(id)
            .bind(from)
            .bind(to)
            .execute(p)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::Conflict("upload_offset".to_owned()));
            }
            Ok(())
        })
    }

    /// Removes a finished upload session and stores its file info, in one transaction.
    pub async fn complete_upload_session(&self, id: &str, info: &FileInfo) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            let r = sqlx::query(sql(pg, "DELETE FROM uploadsessions WHERE id = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            insert_file!(pg, info).execute(&mut *tx).await?;
            tx.commit().await.map_err(StoreError::from)
        })
    }

    /// Stores a new custom emoji; `Conflict("emoji_name")` when a live emoji has the name.
    pub async fn save_emoji(&self, e: &Emoji) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let r = sqlx::query(sql(
                pg,
                "INSERT INTO emoji (id, createat, updateat, deleteat, creatorid, name) VALUES ($1, $2, $2, 0, $3, $4)",
            ))
            .bind(&e.id)
            .bind(e.create_at)
            .bind(&e.creator_id)
            .bind(&e.name)
            .execute(p)
            .await;
            match r {
                Ok(_) => Ok(()),
                Err(sqlx::Error::Database(d)) if d.is_unique_violation() => {
                    Err(StoreError::Conflict("emoji_name".to_owned()))
                }
                Err(other) => Err(other.into()),
            }
        })
    }

    /// A live custom emoji by id.
    pub async fn get_emoji(&self, id: &str) -> StoreResult<Emoji> {
        let text = format!("SELECT {EMOJI_COLS} FROM emoji WHERE id = $1 AND deleteat = 0");
        with_db!(self, |p, pg| {
            sqlx::query_as::<_, EmojiRow>(sql(pg, &text))
                .bind(id)
                .fetch_optional(p)
                .await?
                .map(Emoji::from)
                .ok_or(StoreError::NotFound)
        })
    }

    /// Live custom emoji with the given names.
    pub async fn get_emojis_by_names(&self, names: &[String]) -> StoreResult<Vec<Emoji>> {
        if names.is_empty() {
            return Ok(Vec::new());
        }
        let text = format!(
            "SELECT {EMOJI_COLS} FROM emoji WHERE deleteat = 0 AND name IN {} ORDER BY name",
            placeholders(1, names.len())
        );
        with_db!(self, |p, pg| {
            let mut q = sqlx::query_as::<_, EmojiRow>(sql(pg, &text));
            for n in names {
                q = q.bind(n);
            }
            Ok(q.fetch_all(p).await?.into_iter().map(Emoji::from).collect())
        })
    }

    /// A page of live custom emoji, by name or by creation time.
    pub async fn list_emoji(
        &self,
        by_name: bool,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Vec<Emoji>> {
        let order = if by_name {
            "name ASC"
        } else {
            "createat ASC, id ASC"
        };
        let text = format!(
            "SELECT {EMOJI_COLS} FROM emoji WHERE deleteat = 0 ORDER BY {order} LIMIT $1 OFFSET $2"
        );
        with_db!(self, |p, pg| {
            Ok(sqlx::query_as::<_, EmojiRow>(sql(pg, &text))
                .bind(limit)
                .bind(offset)
                .fetch_all(p)
                .await?
                .into_iter()
                .map(Emoji::from)
                .collect())
        })
    }

    /// Live custom emoji whose name contains (or starts with) `term` (lower-case `[a-z0-9_+-]`).
    pub async fn search_emoji(
        &self,
        term: &str,
        prefix: bool,
        limit: i64,
    ) -> StoreResult<Vec<Emoji>> {
        let s = Search::new(term, prefix);
        let text = format!(
            "SELECT {EMOJI_COLS} FROM emoji WHERE deleteat = 0 AND name LIKE $1 ESCAPE '\\' ORDER BY name LIMIT $2"
        );
        with_db!(self, |p, pg| {
            Ok(sqlx::query_as::<_, EmojiRow>(sql(pg, &text))
                .bind(&s.pattern)
                .bind(limit)
                .fetch_all(p)
                .await?
                .into_iter()
                .map(Emoji::from)
                .collect())
        })
    }

    /// Soft-deletes a custom emoji and removes reactions that use it.
    pub async fn delete_emoji(&self, e: &Emoji, now: i64) -> StoreResult<()> {
        with_db!(self, |p, pg| {
            let mut tx = p.begin_write().await?;
            let r = sqlx::query(sql(
                pg,
                "UPDATE emoji SET deleteat = $2, updateat = $2 WHERE id = $1 AND deleteat = 0",
            ))
            .bind(&e.id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query(sql(
                pg,
                "UPDATE reactions SET deleteat = $2, updateat = $2 WHERE emojiname = $1 AND deleteat = 0",
            ))
            .bind(&e.name)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await.map_err(StoreError::from)
        })
    }
}
