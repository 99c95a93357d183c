//! The tenant's logo, printed on quotes (the HTML page and the PDF) beside its name.
//! Kept as a setting (`logo.file`, whose bytes never go to history); checked at upload so
//! that printing never meets an image it cannot draw.

use axum::{
    body::Body,
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use base64::Engine as _;
use closer_store::TenantStore;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::platform::{
    caller::Caller,
    error::{ApiError, ApiResult},
    policy,
    state::AppState,
};

const SETTING: &str = "logo.file";
/// A logo is a small picture: a larger file or picture is refused at upload.
pub const MAX_LOGO_BYTES: usize = 256 * 1024;
pub const MAX_LOGO_SIDE: u32 = 2048;

#[derive(Serialize, Deserialize, Default)]
struct StoredLogo {
    content_type: String,
    width: u32,
    height: u32,
    /// The file, base64.
    data: String,
}

/// A logo ready to print.
pub struct Logo {
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

impl Logo {
    /// The krilla image of this logo (checked at upload, so it draws).
    #[must_use]
    pub fn image(&self) -> Option<krilla::image::Image> {
        let data = krilla::Data::from(self.bytes.clone());
        match self.content_type {
            "image/png" => krilla::image::Image::from_png(data, true).ok(),
            _ => krilla::image::Image::from_jpeg(data, true).ok(),
        }
    }

    /// The logo as a `data:` address, so a saved print page keeps it.
    #[must_use]
    pub fn data_url(&self) -> String {
        format!(
            "data:{};base64,{}",
            self.content_type,
            base64::engine::general_purpose::STANDARD.encode(&self.bytes)
        )
    }
}

#[derive(Serialize, ToSchema)]
pub struct LogoDto {
    /// `image/png` or `image/jpeg`.
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    /// The file's size.
    pub bytes: usize,
}

/// The tenant's logo, if one was uploaded.
///
/// # Errors
/// When the database fails.
pub async fn tenant_logo(store: &TenantStore) -> ApiResult<Option<Logo>> {
    let stored: StoredLogo = store.setting(SETTING).await?;
    let content_type = match stored.content_type.as_str() {
        "image/png" => "image/png",
        "image/jpeg" => "image/jpeg",
        _ => return Ok(None),
    };
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(stored.data) else {
        return Ok(None);
    };
    Ok(Some(Logo {
        content_type,
        width: stored.width,
        height: stored.height,
        bytes,
    }))
}

/// What an uploaded file is, read from its first bytes (never from what the client says).
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// Checks an uploaded logo: a PNG or JPEG that decodes whole, no larger than
/// [`MAX_LOGO_SIDE`] on either side (checked from its header before anything is decoded).
fn check(bytes: Vec<u8>) -> ApiResult<Logo> {
    let content_type = sniff(&bytes).ok_or_else(|| ApiError::field("logo", "not_an_image"))?;
    let mut logo = Logo {
        content_type,
        width: 0,
        height: 0,
        bytes,
    };
    let image = logo
        .image()
        .ok_or_else(|| ApiError::field("logo", "not_an_image"))?;
    let (width, height) = image.size();
    if width == 0 || height == 0 {
        return Err(ApiError::field("logo", "not_an_image"));
    }
    if width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE {
        return Err(ApiError::field("logo", "too_large_image"));
    }
    // Decoding happens when a document is written: write one to be sure it does.
    let mut document = krilla::Document::new();
    if let Some(settings) = krilla::page::PageSettings::from_wh(10.0, 10.0) {
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        if let Some(size) = krilla::geom::Size::from_wh(10.0, 10.0) {
            surface.draw_image(image, size);
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|_| ApiError::field("logo", "not_an_image"))?;
    logo.width = width;
    logo.height = height;
    Ok(logo)
}

#[derive(Serialize, ToSchema)]
pub struct BrandingDto {
    /// The logo printed on quotes; absent when none was uploaded (quotes show the
    /// company's initial).
    pub logo: Option<LogoDto>,
}

#[utoipa::path(get, path = "/settings/branding", tag = "org",
    responses((status = 200, body = BrandingDto)))]
pub async fn get_branding(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<BrandingDto>> {
    let directory = policy::directory(&caller, &state);
    let logo = tenant_logo(&directory.store).await?;
    Ok(Json(BrandingDto {
        logo: logo.map(|l| LogoDto {
            content_type: l.content_type.to_owned(),
            width: l.width,
            height: l.height,
            bytes: l.bytes.len(),
        }),
    }))
}

#[utoipa::path(get, path = "/settings/logo", tag = "org",
    responses((status = 200, description = "The logo itself (`image/png` or `image/jpeg`)", content_type = "image/png"),
        (status = 404, description = "No logo was uploaded", body = crate::platform::error::Problem)))]
pub async fn get_logo(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let directory = policy::directory(&caller, &state);
    let logo = tenant_logo(&directory.store)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok((
        [
            (header::CONTENT_TYPE, logo.content_type),
            (header::CACHE_CONTROL, "private, no-cache"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        logo.bytes,
    )
        .into_response())
}

#[utoipa::path(put, path = "/settings/logo", tag = "org",
    request_body(content = Vec<u8>, content_type = "image/png", description = "The PNG or JPEG file itself, up to 256 KB and 2048 × 2048 pixels"),
    responses((status = 200, body = LogoDto)))]
pub async fn put_logo(
    State(state): State<AppState>,
    caller: Caller,
    body: Body,
) -> ApiResult<Json<LogoDto>> {
    let admin = policy::settings_admin(&caller, &state)?;
    let bytes = axum::body::to_bytes(body, MAX_LOGO_BYTES)
        .await
        .map_err(|_| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"))?;
    let logo = check(bytes.to_vec())?;
    let stored = StoredLogo {
        content_type: logo.content_type.to_owned(),
        width: logo.width,
        height: logo.height,
        data: base64::engine::general_purpose::STANDARD.encode(&logo.bytes),
    };
    admin
        .store
        .save_setting(admin.actor, SETTING, &stored)
        .await?;
    Ok(Json(LogoDto {
        content_type: stored.content_type,
        width: logo.width,
        height: logo.height,
        bytes: logo.bytes.len(),
    }))
}

#[utoipa::path(delete, path = "/settings/logo", tag = "org",
    responses((status = 204, description = "Removed: quotes show the company's initial")))]
pub async fn delete_logo(State(state): State<AppState>, caller: Caller) -> ApiResult<StatusCode> {
    let admin = policy::settings_admin(&caller, &state)?;
    admin
        .store
        .save_setting(admin.actor, SETTING, &StoredLogo::default())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_png_and_jpeg_by_their_first_bytes() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest"), Some("image/png"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"<svg xmlns="), None);
        assert_eq!(sniff(b"GIF89a"), None);
    }

    #[test]
    fn a_png_whose_header_lies_is_refused() {
        // A PNG signature and nothing that decodes.
        let err = check(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec())
            .err()
            .map(|e| e.fields);
        assert_eq!(
            err,
            Some(vec![("logo".to_owned(), "not_an_image".to_owned(), None)])
        );
    }
}
