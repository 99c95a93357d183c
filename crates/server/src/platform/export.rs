//! Lists written out as files people open in a spreadsheet: XLSX and CSV, with cells that a
//! spreadsheet would run as formulas defused.

use crate::platform::import_file::{from_csv, ImportFileError};
use std::{borrow::Cow, io::Write};

/// Whether a spreadsheet would take the cell for a formula. Phone numbers such as
/// "+86 138 0013 8000" and negative numbers are left alone.
pub(crate) fn looks_like_formula(cell: &str) -> bool {
    match cell.as_bytes().first() {
        Some(b'=' | b'@' | b'\t' | b'\r') => true,
        Some(b'+' | b'-') => !cell
            .chars()
            .skip(1)
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')')),
        _ => false,
    }
}

/// Writes rows as CSV in UTF-8 with BOM (so that Excel shows Chinese correctly) and CRLF line
/// ends, for exports and rejected-row reports. Cells a spreadsheet would run as formulas are
/// prefixed with an apostrophe.
///
/// # Errors
/// When writing fails.
/// Writes a header and rows to an XLSX workbook of one sheet, the header bold and frozen.
///
/// # Errors
/// When the workbook cannot be written (a cell over Excel's limits).
pub fn write_xlsx(
    sheet_name: &str,
    header: &[&str],
    rows: &[Vec<String>],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let bold = rust_xlsxwriter::Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name)?;
    for (c, name) in (0u16..).zip(header) {
        sheet.write_string_with_format(0, c, *name, &bold)?;
    }
    for (r, row) in (1u32..).zip(rows) {
        for (c, cell) in (0u16..).zip(row) {
            if !cell.is_empty() {
                sheet.write_string(r, c, cell)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}

pub fn write_csv<W: Write>(
    mut out: W,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> Result<(), ImportFileError> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(header).map_err(from_csv)?;
    for row in rows {
        let safe = row.iter().map(|cell| {
            if looks_like_formula(cell) {
                Cow::Owned(format!("'{cell}").into_bytes())
            } else {
                Cow::Borrowed(cell.as_bytes())
            }
        });
        writer.write_record(safe).map_err(from_csv)?;
    }
    writer.flush()?;
    Ok(())
}

/// Rows written as a `csv` (UTF-8 with BOM) or `xlsx` file.
///
/// # Errors
/// 422 on `format` for another format; 500 when the workbook cannot be written.
pub fn table_bytes(
    format: &str,
    name: &str,
    header: &[&str],
    rows: Vec<Vec<String>>,
) -> Result<Vec<u8>, crate::platform::error::ApiError> {
    use crate::platform::error::ApiError;
    match format {
        "csv" => {
            let mut out = Vec::new();
            write_csv(&mut out, header, rows.into_iter()).map_err(|_| ApiError::internal())?;
            Ok(out)
        }
        "xlsx" => write_xlsx(name, header, &rows).map_err(|_| ApiError::internal()),
        _ => Err(ApiError::field("format", "not_allowed")),
    }
}

/// A report or list answered as a file: `csv` (UTF-8 with BOM) or `xlsx`, named
/// `{name}.{format}`.
///
/// # Errors
/// 422 on `format` for another format; 500 when the workbook cannot be written.
pub fn table_response(
    format: &str,
    name: &str,
    header: &[&str],
    rows: Vec<Vec<String>>,
) -> Result<axum::response::Response, crate::platform::error::ApiError> {
    use axum::{http::header, response::IntoResponse};
    let bytes = table_bytes(format, name, header, rows)?;
    let content_type = if format == "csv" {
        "text/csv; charset=utf-8"
    } else {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    };
    Ok((
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.{format}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// Every user's e-mail by id: exports name owners by the address people sign in with.
///
/// # Errors
/// When the database fails.
pub async fn user_emails(
    store: &closer_store::TenantStore,
) -> Result<std::collections::HashMap<uuid::Uuid, String>, crate::platform::error::ApiError> {
    Ok(store
        .users(
            &closer_store::org::directory::UserFilter::default(),
            None,
            100_000,
        )
        .await?
        .items
        .into_iter()
        .map(|u| (u.id, u.email))
        .collect())
}

/// Rows exported at most (a bigger export is a job for the command line's streaming).
pub const EXPORT_LIMIT: usize = 1_000_000;

/// An optional cell.
#[must_use]
pub fn cell(value: Option<&str>) -> String {
    value.unwrap_or_default().to_owned()
}
