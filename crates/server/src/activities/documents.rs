//! Documents kept with customers and opportunities: upload (streamed to disk, never whole in
//! memory), list, metadata, download, delete.
//!
//! An upload is written to a `.part` file beside its final place while its size is counted
//! and its SHA-256 taken; its type is decided from its first bytes by the domain rule. Only a
//! whole, accepted file is renamed into place, and only then is its row written — so a row
//! always has its file, and a refused or too large upload leaves nothing behind. A delete
//! removes the row (history keeps who and what) and then the file.

use std::path::{Path as FsPath, PathBuf};

use axum::{
    body::{Body, Bytes},
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use closer_domain::{
    customers::documents::{check_document, document_name, DocumentKind, SNIFF_LEN},
    ids::parse_id,
};
use closer_store::{activities::documents::DocumentParent, entity::document};
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use utoipa::{IntoParams, ToSchema};

use crate::{
    platform::caller::Caller,
    platform::dto::{ListOf, Versioned},
    platform::error::{ApiError, ApiResult},
    platform::extract::{cursor, limit, path_id, ApiQuery, IfMatch},
    platform::policy::{self, Access},
    platform::state::AppState,
};

/// The header that names an uploaded file (UTF-8, percent-encoded as `encodeURIComponent`
/// does; raw UTF-8 is read too).
const NAME_HEADER: &str = "x-file-name";

#[derive(Serialize, ToSchema)]
pub struct DocumentDto {
    pub id: String,
    /// The file name as uploaded.
    pub name: String,
    /// The content type the download is served with, decided from the file's bytes.
    pub content_type: String,
    /// `pdf`, `png`, `jpeg`, `gif`, `webp`, `heic`, `tiff`, `doc`, `xls`, `ppt`, `docx`,
    /// `xlsx`, `pptx`, `odt`, `ods`, `odp`, `zip`, `text` or `csv`.
    pub kind: String,
    pub size_bytes: i64,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// The record it is kept with: one of the two is set.
    pub customer_id: Option<String>,
    pub opportunity_id: Option<String>,
    pub uploaded_by: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub version: i32,
}

#[must_use]
pub fn document_dto(d: &document::Model) -> DocumentDto {
    DocumentDto {
        id: d.id.to_string(),
        name: d.name.clone(),
        content_type: d.content_type.clone(),
        kind: d.kind.clone(),
        size_bytes: d.size_bytes,
        sha256: d.sha256.clone(),
        customer_id: d.customer_id.map(|i| i.to_string()),
        opportunity_id: d.opportunity_id.map(|i| i.to_string()),
        uploaded_by: d.uploaded_by.to_string(),
        created_at: d.created_at,
        version: d.version,
    }
}

/// Which record an upload is for: exactly one of the two.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UploadQuery {
    pub customer_id: Option<String>,
    pub opportunity_id: Option<String>,
}

/// Whose documents to list (exactly one of the two), and the page.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct DocumentQuery {
    pub customer_id: Option<String>,
    pub opportunity_id: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The one record named by `?customer_id=` or `?opportunity_id=`.
fn parent_param(customer: Option<&str>, opportunity: Option<&str>) -> ApiResult<DocumentParent> {
    let parse = |field: &str, text: &str| {
        parse_id(text).map_err(|_| ApiError::field(field, "invalid_format"))
    };
    match (customer, opportunity) {
        (Some(c), None) => Ok(DocumentParent::Customer(parse("customer_id", c)?)),
        (None, Some(o)) => Ok(DocumentParent::Opportunity(parse("opportunity_id", o)?)),
        (None, None) => Err(ApiError::field("customer_id", "required")),
        (Some(_), Some(_)) => Err(ApiError::field("opportunity_id", "not_allowed")),
    }
}

/// The uploaded file's name from its header.
fn upload_name(headers: &HeaderMap) -> ApiResult<String> {
    let raw = headers
        .get(NAME_HEADER)
        .map_or(&[][..], HeaderValue::as_bytes);
    let text = String::from_utf8(percent_decode(raw))
        .map_err(|_| ApiError::field(NAME_HEADER, "invalid_format"))?;
    document_name(&text).map_err(|e| ApiError::invalid(NAME_HEADER, e))
}

/// Decodes `%XX` escapes; anything else is kept as it is.
fn percent_decode(raw: &[u8]) -> Vec<u8> {
    let hex = |b: u8| {
        char::from(b)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
    };
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%' {
            if let (Some(h), Some(l)) = (
                raw.get(i + 1).copied().and_then(hex),
                raw.get(i + 2).copied().and_then(hex),
            ) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

fn too_large() -> ApiError {
    ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
}

fn refused(refusal: closer_domain::customers::documents::DocumentRefusal) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "document_refused").with_field(
        "file",
        refusal.code(),
        None,
    )
}

fn io_failure(what: &str, path: &FsPath, err: &std::io::Error) -> ApiError {
    tracing::error!(path = %path.display(), error = %err, "{what}");
    ApiError::internal()
}

/// An upload's file while it is received: removed when dropped, unless kept.
struct PartFile(Option<PathBuf>);

impl PartFile {
    fn path(&self) -> &FsPath {
        self.0.as_deref().unwrap_or(FsPath::new(""))
    }

    /// Once moved into place the file is no longer this guard's to remove.
    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for PartFile {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A whole upload, accepted, in its `.part` file.
struct Received {
    kind: DocumentKind,
    size: u64,
    sha256: String,
}

/// Streams the body into `part`, refusing it as soon as it passes `max` bytes or its first
/// bytes show a type that is not accepted.
async fn receive(body: Body, part: &FsPath, name: &str, max: u64) -> ApiResult<Received> {
    let mut file = tokio::fs::File::create(part)
        .await
        .map_err(|e| io_failure("cannot create an upload file", part, &e))?;
    let mut stream = body.into_data_stream();
    let mut head: Vec<u8> = Vec::with_capacity(SNIFF_LEN);
    let mut kind = None;
    let mut hash = sha2::Sha256::new();
    let mut size: u64 = 0;
    while let Some(chunk) = stream.next().await {
        let chunk =
            chunk.map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "upload_incomplete"))?;
        size += chunk.len() as u64;
        if size > max {
            return Err(too_large());
        }
        if kind.is_none() {
            let take = (SNIFF_LEN - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
            if head.len() >= SNIFF_LEN {
                kind = Some(check_document(name, &head).map_err(refused)?);
            }
        }
        hash.update(&chunk);
        file.write_all(&chunk)
            .await
            .map_err(|e| io_failure("cannot write an upload", part, &e))?;
    }
    let kind = match kind {
        Some(k) => k,
        None => check_document(name, &head).map_err(refused)?,
    };
    // The bytes reach the disk before the row that points at them is written.
    file.sync_all()
        .await
        .map_err(|e| io_failure("cannot write an upload", part, &e))?;
    Ok(Received {
        kind,
        size,
        sha256: hex::encode(hash.finalize()),
    })
}

#[utoipa::path(post, path = "/documents", tag = "documents", operation_id = "upload_document",
    params(UploadQuery, ("x-file-name" = String, Header, description = "The file's name, percent-encoded UTF-8 (`encodeURIComponent`)")),
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "The file itself. Its type is read from its bytes and must agree with the name's extension; programs and scripts are refused."),
    responses((status = 201, body = DocumentDto), (status = 403, body = crate::platform::error::Problem), (status = 404, description = "No such customer or opportunity visible to the caller", body = crate::platform::error::Problem),
        (status = 413, description = "Larger than the server's document limit (50 MiB by default)", body = crate::platform::error::Problem),
        (status = 422, description = "`document_refused` naming `file` (`executable`, `type_mismatch`, `type_not_allowed`, `unknown_type`, `empty_file`), or a bad parameter or name", body = crate::platform::error::Problem)))]
pub async fn upload(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<UploadQuery>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    let parent = parent_param(q.customer_id.as_deref(), q.opportunity_id.as_deref())?;
    let name = upload_name(&headers)?;
    let kept = policy::kept_with(&caller, &state, parent, Access::Write).await?;
    let max = state.config.max_document_bytes;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max) {
        return Err(too_large());
    }
    let id = closer_domain::ids::new_id();
    let storage_path =
        closer_store::activities::documents::storage_path(kept.store.tenant_id(), id);
    let target = state.config.document_files().join(&storage_path);
    if let Some(dir) = target.parent() {
        tokio::fs::create_dir_all(dir)
            .await
            .map_err(|e| io_failure("cannot create the documents folder", dir, &e))?;
    }
    // Removed however the upload ends short of being moved into place: refused, too large,
    // or the client gone (which drops this future mid-stream).
    let part = PartFile(Some(PathBuf::from(format!("{}.part", target.display()))));
    let received = receive(body, part.path(), &name, max).await?;
    tokio::fs::rename(part.path(), &target)
        .await
        .map_err(|e| io_failure("cannot move an upload into place", &target, &e))?;
    part.keep();
    let now = closer_store::now();
    let (customer_id, opportunity_id) = match parent {
        DocumentParent::Customer(c) => (Some(c), None),
        DocumentParent::Opportunity(o) => (None, Some(o)),
    };
    let model = document::Model {
        tenant_id: kept.store.tenant_id(),
        id,
        customer_id,
        opportunity_id,
        name,
        content_type: received.kind.content_type().to_owned(),
        kind: received.kind.key().to_owned(),
        size_bytes: i64::try_from(received.size).unwrap_or(i64::MAX),
        sha256: received.sha256,
        storage_path,
        uploaded_by: kept.actor,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    match kept.store.create_document(model).await {
        Ok(d) => Ok(Versioned(d.version, document_dto(&d), StatusCode::CREATED).into_response()),
        Err(e) => {
            let _ = tokio::fs::remove_file(&target).await;
            Err(e.into())
        }
    }
}

#[utoipa::path(get, path = "/documents", tag = "documents", operation_id = "list_documents", params(DocumentQuery),
    responses((status = 200, body = ListOf<DocumentDto>), (status = 404, body = crate::platform::error::Problem), (status = 422, body = crate::platform::error::Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(q): ApiQuery<DocumentQuery>,
) -> ApiResult<Json<ListOf<DocumentDto>>> {
    let parent = parent_param(q.customer_id.as_deref(), q.opportunity_id.as_deref())?;
    let (cursor, limit) = (cursor(q.cursor.as_deref())?, limit(q.limit)?);
    let kept = policy::kept_with(&caller, &state, parent, Access::Read).await?;
    let page = kept.store.documents(parent, cursor, limit).await?;
    Ok(Json(ListOf {
        items: page.items.iter().map(document_dto).collect(),
        next_cursor: page.next_cursor.map(|c| c.to_string()),
    }))
}

#[utoipa::path(get, path = "/documents/{id}", tag = "documents", operation_id = "get_document", params(("id" = String, Path)),
    responses((status = 200, body = DocumentDto), (status = 404, body = crate::platform::error::Problem)))]
pub async fn get(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (_, d) = policy::document(&caller, &state, path_id(&id)?, Access::Read).await?;
    Ok(Versioned(d.version, document_dto(&d), StatusCode::OK).into_response())
}

#[utoipa::path(get, path = "/documents/{id}/content", tag = "documents", operation_id = "download_document", params(("id" = String, Path)),
    responses((status = 200, description = "The file's bytes with its stored content type, as an attachment named by `Content-Disposition` (RFC 6266, with an RFC 5987 `filename*`)", content_type = "*/*"),
        (status = 404, body = crate::platform::error::Problem), (status = 409, description = "The document's file is missing from this server's documents folder", body = crate::platform::error::Problem)))]
pub async fn content(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let (_, d) = policy::document(&caller, &state, path_id(&id)?, Access::Read).await?;
    let path = state.config.document_files().join(&d.storage_path);
    let file = match tokio::fs::File::open(&path).await {
        Ok(f) => f,
        // Deleted between reading the row and opening the file.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Deleted between reading the row and opening the file: not found. Still there:
            // its file is missing from this server's documents folder (servers sharing a
            // database must share that folder too) — said plainly, not hidden as a 404.
            if policy::document(&caller, &state, d.id, Access::Read)
                .await
                .is_err()
            {
                return Err(ApiError::not_found());
            }
            tracing::error!(document = %d.id, path = %path.display(), "document file missing");
            return Err(ApiError::conflict("document_file_missing"));
        }
        Err(e) => return Err(io_failure("cannot read a document", &path, &e)),
    };
    let body = Body::from_stream(futures::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let mut buf = vec![0u8; 64 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(Bytes::from(buf)), Some(file)))
            }
            Err(e) => Some((Err(e), None)),
        }
    }));
    let mut res = Response::new(body);
    let h = res.headers_mut();
    let header_value = |text: &str| {
        HeaderValue::from_str(text)
            .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"))
    };
    h.insert(header::CONTENT_TYPE, header_value(&d.content_type));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(d.size_bytes));
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&d.name)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("\"{}\"", d.version)) {
        h.insert(header::ETAG, v);
    }
    Ok(res)
}

/// `attachment` with an ASCII `filename` for old clients and the exact name as an RFC 5987
/// `filename*` (UTF-8, percent-encoded), which every current browser prefers.
#[must_use]
pub fn content_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::with_capacity(name.len() * 3);
    for b in name.bytes() {
        // RFC 5987 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[utoipa::path(delete, path = "/documents/{id}", tag = "documents", operation_id = "delete_document", params(("id" = String, Path)),
    responses((status = 204, description = "Deleted: the row (its history records who deleted what) and the file"),
        (status = 403, body = crate::platform::error::Problem), (status = 404, body = crate::platform::error::Problem), (status = 412, body = crate::platform::error::Problem)))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    if_match: IfMatch,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let (kept, d) = policy::document(&caller, &state, path_id(&id)?, Access::Write).await?;
    let d = kept
        .store
        .delete_document(kept.actor, d.id, if_match.0)
        .await?;
    let path = state.config.document_files().join(&d.storage_path);
    match tokio::fs::remove_file(&path).await {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        // The row is gone, so nobody can reach the file; it is only disk space.
        Err(e) => {
            tracing::error!(document = %d.id, path = %path.display(), error = %e, "cannot remove a deleted document's file")
        }
    }
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_percent_decoded_and_raw_utf8_is_kept() {
        assert_eq!(
            percent_decode("%E5%90%88%E5%90%8C%20v2.pdf".as_bytes()),
            "合同 v2.pdf".as_bytes()
        );
        assert_eq!(percent_decode("合同.pdf".as_bytes()), "合同.pdf".as_bytes());
        assert_eq!(percent_decode(b"100%.pdf"), b"100%.pdf");
        assert_eq!(percent_decode(b"a+b%2B.pdf"), b"a+b+.pdf");
    }

    #[test]
    fn content_disposition_carries_the_exact_name() {
        assert_eq!(
            content_disposition("报价单 (v2).pdf"),
            "attachment; filename=\"___ (v2).pdf\"; \
             filename*=UTF-8''%E6%8A%A5%E4%BB%B7%E5%8D%95%20%28v2%29.pdf"
        );
        assert_eq!(
            content_disposition("a\"b\\c.txt"),
            "attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%5Cc.txt"
        );
    }
}
