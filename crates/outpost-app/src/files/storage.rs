//! Where file bytes live: a local directory (Mattermost's path layout under `FileSettings.Directory`)
//! or an S3-compatible bucket, behind one small interface over `object_store`. Uploads and downloads
//! stream: memory stays flat whatever the file size.

use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use object_store::path::Path;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, WriteMultipart};
use outpost_core::config::FileSettings;

/// Part size of multipart writes (S3's minimum part size).
const CHUNK: usize = 5 * 1024 * 1024;

/// A storage failure; callers map it to a Mattermost error.
#[derive(Debug)]
pub enum StorageError {
    NotFound,
    /// The settings do not describe a usable store.
    Config(String),
    Io(String),
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::NotFound => write!(f, "not found"),
            StorageError::Config(e) => write!(f, "file storage settings: {e}"),
            StorageError::Io(e) => write!(f, "file storage: {e}"),
        }
    }
}

/// A failed write is never "not found" for the caller: the bucket or directory is missing.
fn write_err(e: object_store::Error) -> StorageError {
    StorageError::Io(e.to_string())
}

impl From<object_store::Error> for StorageError {
    fn from(e: object_store::Error) -> Self {
        match e {
            object_store::Error::NotFound { .. } => StorageError::NotFound,
            other => StorageError::Io(other.to_string()),
        }
    }
}

/// A byte stream read from storage.
pub type ByteStream = BoxStream<'static, Result<Bytes, std::io::Error>>;

/// What a read returns: the bytes (or a part of them), the object's full size and the range served.
pub struct Download {
    pub stream: ByteStream,
    pub total: u64,
    pub range: std::ops::Range<u64>,
}

/// The file store of the current settings.
#[derive(Clone)]
pub struct FileStore {
    inner: Arc<dyn ObjectStore>,
    prefix: String,
}

impl FileStore {
    /// Builds the store the settings describe.
    pub fn from_settings(s: &FileSettings) -> Result<Self, StorageError> {
        match s.driver_name.as_str() {
            "local" | "" => {
                std::fs::create_dir_all(&s.directory)
                    .map_err(|e| StorageError::Config(format!("{}: {e}", s.directory)))?;
                let fs = object_store::local::LocalFileSystem::new_with_prefix(&s.directory)
                    .map_err(|e| StorageError::Config(e.to_string()))?
                    .with_automatic_cleanup(true);
                Ok(FileStore {
                    inner: Arc::new(fs),
                    prefix: String::new(),
                })
            }
            "amazons3" => {
                if s.amazon_s3_bucket.is_empty() {
                    return Err(StorageError::Config("AmazonS3Bucket is empty".to_owned()));
                }
                let host = s.amazon_s3_endpoint.trim_end_matches('/');
                let scheme = if s.amazon_s3_ssl { "https" } else { "http" };
                let endpoint = if host.contains("://") {
                    host.to_owned()
                } else {
                    format!("{scheme}://{host}")
                };
                // AWS itself takes virtual-hosted requests; other S3-compatible services
                // (MinIO, Ceph, moto, …) are addressed path-style, as minio-go does.
                let aws = host.ends_with("amazonaws.com");
                let mut b = object_store::aws::AmazonS3Builder::new()
                    .with_bucket_name(&s.amazon_s3_bucket)
                    .with_region(if s.amazon_s3_region.is_empty() {
                        "us-east-1"
                    } else {
                        &s.amazon_s3_region
                    })
                    .with_allow_http(!s.amazon_s3_ssl)
                    .with_client_options(
                        object_store::ClientOptions::new()
                            .with_allow_http(!s.amazon_s3_ssl)
                            .with_timeout(std::time::Duration::from_millis(
                                u64::try_from(s.amazon_s3_request_timeout_milliseconds.max(1000))
                                    .unwrap_or(30_000),
                            )),
                    );
                if !(aws && host == "s3.amazonaws.com") {
                    b = b
                        .with_endpoint(endpoint)
                        .with_virtual_hosted_style_request(aws);
                }
                if !s.amazon_s3_access_key_id.is_empty() {
                    b = b
                        .with_access_key_id(&s.amazon_s3_access_key_id)
                        .with_secret_access_key(&s.amazon_s3_secret_access_key);
                }
                let store = b.build().map_err(|e| StorageError::Config(e.to_string()))?;
                Ok(FileStore {
                    inner: Arc::new(store),
                    prefix: s.amazon_s3_path_prefix.trim_matches('/').to_owned(),
                })
            }
            other => Err(StorageError::Config(format!(
                "unknown DriverName {other:?}"
            ))),
        }
    }

    fn path(&self, rel: &str) -> Path {
        if self.prefix.is_empty() {
            Path::from(rel)
        } else {
            Path::from(format!("{}/{rel}", self.prefix))
        }
    }

    /// Starts a streaming write to `rel`.
    pub async fn writer(&self, rel: &str) -> Result<Writer, StorageError> {
        let upload = self
            .inner
            .put_multipart(&self.path(rel))
            .await
            .map_err(write_err)?;
        Ok(Writer {
            inner: WriteMultipart::new_with_chunk_size(upload, CHUNK),
            written: 0,
        })
    }

    /// Writes a small object in one request.
    pub async fn put(&self, rel: &str, data: Vec<u8>) -> Result<(), StorageError> {
        self.inner
            .put(&self.path(rel), data.into())
            .await
            .map_err(write_err)?;
        Ok(())
    }

    /// Reads all of a small object.
    pub async fn read_all(&self, rel: &str) -> Result<Vec<u8>, StorageError> {
        let r = self.inner.get(&self.path(rel)).await?;
        Ok(r.bytes().await?.to_vec())
    }

    /// Streams an object, or the part `range` of it (`start..end`, `end` exclusive, clamped).
    pub async fn read(
        &self,
        rel: &str,
        range: Option<(u64, Option<u64>)>,
    ) -> Result<Download, StorageError> {
        let mut opts = GetOptions::default();
        if let Some((start, end)) = range {
            opts.range = Some(match end {
                Some(end) => GetRange::Bounded(start..end),
                None => GetRange::Offset(start),
            });
        }
        let r = self.inner.get_opts(&self.path(rel), opts).await?;
        let total = r.meta.size;
        let served = r.range.clone();
        let stream = r
            .into_stream()
            .map_err(|e| std::io::Error::other(e.to_string()))
            .boxed();
        Ok(Download {
            stream,
            total,
            range: served,
        })
    }

    /// The size of an object.
    pub async fn size(&self, rel: &str) -> Result<u64, StorageError> {
        Ok(self.inner.head(&self.path(rel)).await?.size)
    }

    /// The objects under `rel_dir/`, as relative paths in name order.
    pub async fn list(&self, rel_dir: &str) -> Result<Vec<String>, StorageError> {
        let dir = self.path(rel_dir);
        let mut items: Vec<String> = self
            .inner
            .list(Some(&dir))
            .map_ok(|m| m.location.to_string())
            .try_collect()
            .await?;
        items.sort();
        let strip = if self.prefix.is_empty() {
            0
        } else {
            self.prefix.len() + 1
        };
        Ok(items
            .into_iter()
            .map(|p| p[strip.min(p.len())..].to_owned())
            .collect())
    }

    /// Removes an object (missing is fine).
    pub async fn remove(&self, rel: &str) -> Result<(), StorageError> {
        match self.inner.delete(&self.path(rel)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// A streaming write; nothing is visible until [`Writer::finish`].
pub struct Writer {
    inner: WriteMultipart,
    written: u64,
}

impl Writer {
    /// Appends bytes, waiting when too many parts are in flight.
    pub async fn write(&mut self, data: &[u8]) -> Result<(), StorageError> {
        self.inner.wait_for_capacity(4).await.map_err(write_err)?;
        self.inner.write(data);
        self.written += data.len() as u64;
        Ok(())
    }

    /// Bytes written so far.
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Completes the object.
    pub async fn finish(self) -> Result<(), StorageError> {
        self.inner.finish().await.map_err(write_err)?;
        Ok(())
    }

    /// Drops everything written.
    pub async fn abort(self) {
        if let Err(e) = self.inner.abort().await {
            tracing::warn!(error = %e, "aborting a file upload failed");
        }
    }
}

/// The store for the current settings, rebuilt when the file settings change.
#[derive(Default)]
pub(crate) struct StoreCache {
    slot: Mutex<Option<(FileSettings, FileStore)>>,
}

impl StoreCache {
    pub(crate) fn get(&self, s: &FileSettings) -> Result<FileStore, StorageError> {
        let mut slot = self.slot.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((settings, store)) = slot.as_ref()
            && settings == s
        {
            return Ok(store.clone());
        }
        let store = FileStore::from_settings(s)?;
        *slot = Some((s.clone(), store.clone()));
        Ok(store)
    }
}
