//! An import's file as uploaded: streamed to disk within the size limit, then opened to read
//! its header row and count its data rows — refused at upload when it is too large or cannot
//! be read, so that a bad file never becomes a job.

use axum::{body::Body, http::StatusCode};
use futures::StreamExt;
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use super::{
    error::{ApiError, ApiResult},
    import_file::{count_rows, ImportFileError, RowReader},
    state::AppState,
};

/// A saved upload with what its first reading found.
#[derive(Debug)]
pub struct SavedUpload {
    pub path: std::path::PathBuf,
    pub size: u64,
    /// The header row's cells.
    pub header: Vec<String>,
    /// Data rows (non-blank rows after the header).
    pub rows: u64,
}

/// The answer to a file that cannot be imported.
#[must_use]
pub fn file_error(e: &ImportFileError) -> ApiError {
    match e {
        ImportFileError::TooLarge | ImportFileError::Unpacks => {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
        }
        ImportFileError::Io(_) => ApiError::internal(),
        other => ApiError::field("file", other.code()),
    }
}

/// Saves `body` as `files_dir/{folder}/{tenant}/{id}.upload` and reads its header and row
/// count; the file is removed again when it is refused.
///
/// # Errors
/// 413 over the upload limit (or a workbook unpacking past its own), 422 on `file` for a
/// file that is no readable CSV or XLSX, 400 for a broken request body.
pub async fn save_import(
    state: &AppState,
    tenant_id: Uuid,
    folder: &str,
    id: Uuid,
    body: Body,
) -> ApiResult<SavedUpload> {
    let dir = state
        .config
        .files_dir
        .join(folder)
        .join(tenant_id.to_string());
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|_| ApiError::internal())?;
    let path = dir.join(format!("{id}.upload"));
    let mut file = tokio::fs::File::create(&path)
        .await
        .map_err(|_| ApiError::internal())?;
    let mut stream = body.into_data_stream();
    let mut size: u64 = 0;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            let _ = tokio::fs::remove_file(&path).await;
            return Err(ApiError::new(StatusCode::BAD_REQUEST, "malformed_json"));
        };
        size += chunk.len() as u64;
        if size > state.config.max_upload_bytes {
            drop(file);
            let _ = tokio::fs::remove_file(&path).await;
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
            ));
        }
        file.write_all(&chunk)
            .await
            .map_err(|_| ApiError::internal())?;
    }
    file.flush().await.map_err(|_| ApiError::internal())?;
    drop(file);
    let read = path.clone();
    let opened =
        tokio::task::spawn_blocking(move || -> Result<(Vec<String>, u64), ImportFileError> {
            let mut reader = RowReader::open(&read)?;
            let header = reader.next().transpose()?.unwrap_or_default();
            Ok((header, count_rows(&read)?))
        })
        .await
        .map_err(|_| ApiError::internal())?;
    match opened {
        Ok((header, rows)) => Ok(SavedUpload {
            path,
            size,
            header,
            rows,
        }),
        Err(e) => {
            let _ = tokio::fs::remove_file(&path).await;
            Err(file_error(&e))
        }
    }
}
