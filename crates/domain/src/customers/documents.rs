//! Which uploaded documents Closer keeps: the type is read from the file's own bytes (magic
//! numbers, via the `infer` crate), never from its name or declared type, and the name's
//! extension must agree with it.
//!
//! Allowed: PDF; PNG, JPEG, GIF, WebP, HEIC and TIFF images; Word, Excel and PowerPoint
//! (both OLE `.doc/.xls/.ppt` and OOXML `.docx/.xlsx/.pptx`); OpenDocument text,
//! spreadsheets and presentations; ZIP archives; plain text and CSV in UTF-8, UTF-16 (with
//! a byte order mark) or GB18030/GBK. Executables and scripts are refused whatever their
//! name, and so is any other type.

use crate::InvalidValue;

/// How many leading bytes [`check_document`] needs: pass at least this many (or the whole
/// file when shorter). More does no harm; an OLE file (`.doc/.xls/.ppt`) is told apart by
/// its content only when its directory lies within the bytes given, else by its extension.
pub const SNIFF_LEN: usize = 8192;

/// Longest file name kept, in characters.
pub const MAX_NAME_CHARS: usize = 255;

/// The encoding of a text document, as sent in its content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextCharset {
    Utf8,
    /// UTF-16 with a byte order mark, either byte order.
    Utf16,
    /// GB18030, which includes GBK and GB2312 (Excel's CSV on Chinese Windows).
    Gb18030,
}

/// An allowed type of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentKind {
    Pdf,
    Png,
    Jpeg,
    Gif,
    Webp,
    Heic,
    Tiff,
    Doc,
    Xls,
    Ppt,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Odp,
    Zip,
    Text(TextCharset),
    Csv(TextCharset),
}

impl DocumentKind {
    /// A stable short key (`pdf`, `docx`, `text`, `csv`, …).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Jpeg => "jpeg",
            Self::Gif => "gif",
            Self::Webp => "webp",
            Self::Heic => "heic",
            Self::Tiff => "tiff",
            Self::Doc => "doc",
            Self::Xls => "xls",
            Self::Ppt => "ppt",
            Self::Docx => "docx",
            Self::Xlsx => "xlsx",
            Self::Pptx => "pptx",
            Self::Odt => "odt",
            Self::Ods => "ods",
            Self::Odp => "odp",
            Self::Zip => "zip",
            Self::Text(_) => "text",
            Self::Csv(_) => "csv",
        }
    }

    /// The content type to store and to serve the document with.
    #[must_use]
    pub fn content_type(self) -> &'static str {
        use TextCharset::{Gb18030, Utf16, Utf8};
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
            Self::Gif => "image/gif",
            Self::Webp => "image/webp",
            Self::Heic => "image/heic",
            Self::Tiff => "image/tiff",
            Self::Doc => "application/msword",
            Self::Xls => "application/vnd.ms-excel",
            Self::Ppt => "application/vnd.ms-powerpoint",
            Self::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            Self::Odt => "application/vnd.oasis.opendocument.text",
            Self::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            Self::Odp => "application/vnd.oasis.opendocument.presentation",
            Self::Zip => "application/zip",
            Self::Text(Utf8) => "text/plain; charset=utf-8",
            Self::Text(Utf16) => "text/plain; charset=utf-16",
            Self::Text(Gb18030) => "text/plain; charset=gb18030",
            Self::Csv(Utf8) => "text/csv; charset=utf-8",
            Self::Csv(Utf16) => "text/csv; charset=utf-16",
            Self::Csv(Gb18030) => "text/csv; charset=gb18030",
        }
    }

    /// The file name extensions (lower case) a document of this kind may carry.
    #[must_use]
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Self::Pdf => &["pdf"],
            Self::Png => &["png"],
            Self::Jpeg => &["jpg", "jpeg", "jpe", "jfif"],
            Self::Gif => &["gif"],
            Self::Webp => &["webp"],
            Self::Heic => &["heic", "heif"],
            Self::Tiff => &["tif", "tiff"],
            Self::Doc => &["doc", "dot"],
            Self::Xls => &["xls", "xlt"],
            Self::Ppt => &["ppt", "pps", "pot"],
            Self::Docx => &["docx"],
            Self::Xlsx => &["xlsx"],
            Self::Pptx => &["pptx"],
            Self::Odt => &["odt"],
            Self::Ods => &["ods"],
            Self::Odp => &["odp"],
            Self::Zip => &["zip"],
            Self::Text(_) => TEXT_EXTENSIONS,
            Self::Csv(_) => &["csv"],
        }
    }
}

const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "log", "tsv"];

/// Why a document is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DocumentRefusal {
    #[error("the file is empty")]
    Empty,
    #[error("the file is a program or script")]
    Executable,
    /// The bytes are an allowed type, but the name's extension says another.
    #[error("the file's name does not match its content ({found})")]
    TypeMismatch {
        /// The type the bytes show: a [`DocumentKind::key`], or `ole` for an Office 97–2003
        /// file whose exact kind could not be read.
        found: &'static str,
    },
    /// The bytes are a known type outside the allow-list (HTML, audio, other archives …).
    #[error("documents of this type are not accepted ({found})")]
    NotAllowed {
        /// The detected content type.
        found: &'static str,
    },
    #[error("the file's type is not recognised")]
    Unknown,
}

impl DocumentRefusal {
    /// Stable machine code, used in problem documents and translated by the UI.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Empty => "empty_file",
            Self::Executable => "executable",
            Self::TypeMismatch { .. } => "type_mismatch",
            Self::NotAllowed { .. } => "type_not_allowed",
            Self::Unknown => "unknown_type",
        }
    }
}

/// The name to keep for an uploaded file: the last path part (browsers may send
/// `C:\fakepath\x.pdf`), trimmed.
///
/// # Errors
/// `Required` when nothing is left, `TooLong` past 255 characters, `Format` for control
/// characters or a name of only dots.
pub fn document_name(name: &str) -> Result<String, InvalidValue> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name).trim();
    if base.is_empty() {
        return Err(InvalidValue::Required);
    }
    if base.chars().count() > MAX_NAME_CHARS {
        return Err(InvalidValue::TooLong {
            max: MAX_NAME_CHARS,
        });
    }
    if base.chars().any(char::is_control) || base.chars().all(|c| c == '.') {
        return Err(InvalidValue::Format);
    }
    Ok(base.to_owned())
}

/// Decides whether to keep a document named `name` whose content starts with `first_bytes`
/// (see [`SNIFF_LEN`]), and what it is. A name without an extension takes the type of its
/// bytes; a name with one must agree with them.
///
/// # Errors
/// Why the document is refused; an executable is refused as such whatever its name.
pub fn check_document(name: &str, first_bytes: &[u8]) -> Result<DocumentKind, DocumentRefusal> {
    let bytes = first_bytes;
    if bytes.is_empty() {
        return Err(DocumentRefusal::Empty);
    }
    let charset = text_charset(bytes);
    if is_executable(bytes, charset.is_some()) {
        return Err(DocumentRefusal::Executable);
    }
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let ext = base
        .rsplit_once('.')
        .map(|(_, ext)| ext.trim().to_ascii_lowercase())
        .filter(|ext| !ext.is_empty());
    let ext = ext.as_deref();

    // Text named as text is kept as text, whatever a weak signature (`GIF`, `BM`, `%PDF`
    // somewhere in the first KiB) might suggest: it is served as text/plain.
    if let Some(charset) = charset {
        if ext == Some("csv") {
            return Ok(DocumentKind::Csv(charset));
        }
        if ext.is_some_and(|e| TEXT_EXTENSIONS.contains(&e)) {
            return Ok(DocumentKind::Text(charset));
        }
    }

    let kind = if bytes.starts_with(OLE_MAGIC) {
        ole_kind(bytes, ext)?
    } else if bytes.starts_with(b"PK\x03\x04") {
        zip_kind(bytes, ext)?
    } else {
        match infer::get(bytes) {
            Some(found) => match kind_of_mime(found.mime_type()) {
                Some(kind) => kind,
                None if found.matcher_type() != infer::MatcherType::Text => charset
                    .map(DocumentKind::Text)
                    .ok_or(DocumentRefusal::NotAllowed {
                        found: found.mime_type(),
                    })?,
                None => {
                    return Err(DocumentRefusal::NotAllowed {
                        found: found.mime_type(),
                    })
                }
            },
            None => charset
                .map(DocumentKind::Text)
                .ok_or(DocumentRefusal::Unknown)?,
        }
    };
    match ext {
        Some(ext) if !kind.extensions().contains(&ext) => {
            Err(DocumentRefusal::TypeMismatch { found: kind.key() })
        }
        _ => Ok(kind),
    }
}

fn kind_of_mime(mime: &str) -> Option<DocumentKind> {
    Some(match mime {
        "application/pdf" => DocumentKind::Pdf,
        "image/png" => DocumentKind::Png,
        "image/jpeg" => DocumentKind::Jpeg,
        "image/gif" => DocumentKind::Gif,
        "image/webp" => DocumentKind::Webp,
        "image/heif" => DocumentKind::Heic,
        "image/tiff" => DocumentKind::Tiff,
        _ => return None,
    })
}

/// Signatures of programs: ELF, Mach-O (thin, fat), WebAssembly, Dalvik, a Windows
/// shortcut, a script's `#!`, and `MZ` (DOS/Windows) unless the bytes are plainly text —
/// a real `MZ` header holds NUL bytes, a CSV starting with "MZ…" does not.
fn is_executable(bytes: &[u8], is_text: bool) -> bool {
    const SIGNATURES: &[&[u8]] = &[
        b"\x7fELF",
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe",
        b"\xca\xfe\xba\xbf",
        b"\0asm",
        b"dex\n",
        b"L\0\0\0\x01\x14\x02\0",
        b"#!",
    ];
    SIGNATURES.iter().any(|s| bytes.starts_with(s)) || (bytes.starts_with(b"MZ") && !is_text)
}

const OLE_MAGIC: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";

/// An Office 97–2003 file: the root storage's class id names the application when the
/// directory is within reach; otherwise the extension decides among Word, Excel and
/// PowerPoint. Windows Installer packages share the container and are programs.
fn ole_kind(bytes: &[u8], ext: Option<&str>) -> Result<DocumentKind, DocumentRefusal> {
    let by_class = ole_root_class(bytes).and_then(|class| match class {
        // {00020906-…} Word, {00020810-…}/{00020820-…} Excel, {64818D10-…} PowerPoint.
        [0x06, 0x09, 0x02, 0, ..] => Some(Ok(DocumentKind::Doc)),
        [0x10 | 0x20, 0x08, 0x02, 0, ..] => Some(Ok(DocumentKind::Xls)),
        [0x10, 0x8d, 0x81, 0x64, ..] => Some(Ok(DocumentKind::Ppt)),
        // {000C1084-…} installer, {000C1086-…} patch, {000C1082-…} transform.
        [0x84 | 0x86 | 0x82, 0x10, 0x0c, 0, ..] => Some(Err(DocumentRefusal::Executable)),
        _ => None,
    });
    if let Some(found) = by_class {
        return found;
    }
    match ext {
        Some("msi" | "msp" | "mst") => Err(DocumentRefusal::Executable),
        Some(e) => [DocumentKind::Doc, DocumentKind::Xls, DocumentKind::Ppt]
            .into_iter()
            .find(|k| k.extensions().contains(&e))
            .ok_or(DocumentRefusal::TypeMismatch { found: "ole" }),
        None => Err(DocumentRefusal::Unknown),
    }
}

/// The class id of an OLE file's root entry, when its first directory sector is in `bytes`.
fn ole_root_class(bytes: &[u8]) -> Option<[u8; 16]> {
    let u16_at = |at: usize| Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    let shift = u16_at(0x1e)?;
    if !(9..=12).contains(&shift) {
        return None;
    }
    let sector = 1usize << shift;
    let first_dir = usize::try_from(u32_at(0x30)?).ok()?;
    let root = first_dir.checked_add(1)?.checked_mul(sector)?;
    bytes.get(root + 0x50..root + 0x60)?.try_into().ok()
}

/// A ZIP container: OpenDocument and Office Open XML by their first entries, refused when
/// an entry in reach is a program (a Java or Android package, a Windows executable, an
/// Office macro project …).
fn zip_kind(bytes: &[u8], ext: Option<&str>) -> Result<DocumentKind, DocumentRefusal> {
    let names = zip_entry_names(bytes);
    if names.iter().any(|n| is_program_entry(n)) {
        return Err(DocumentRefusal::Executable);
    }
    if let Some(found) = infer::get(bytes) {
        let kind = match found.mime_type() {
            "application/vnd.oasis.opendocument.text" => Some(DocumentKind::Odt),
            "application/vnd.oasis.opendocument.spreadsheet" => Some(DocumentKind::Ods),
            "application/vnd.oasis.opendocument.presentation" => Some(DocumentKind::Odp),
            m if m.ends_with("wordprocessingml.document") => Some(DocumentKind::Docx),
            m if m.ends_with("spreadsheetml.sheet") => Some(DocumentKind::Xlsx),
            m if m.ends_with("presentationml.presentation") => Some(DocumentKind::Pptx),
            _ => None,
        };
        if let Some(kind) = kind {
            return Ok(kind);
        }
    }
    // Office Open XML whose parts come in an order `infer` does not expect.
    let part = |prefix: &str| names.iter().any(|n| n.starts_with(prefix));
    let ooxml = if part("word/") {
        Some(DocumentKind::Docx)
    } else if part("xl/") {
        Some(DocumentKind::Xlsx)
    } else if part("ppt/") {
        Some(DocumentKind::Pptx)
    } else if part("[Content_Types].xml") {
        [DocumentKind::Docx, DocumentKind::Xlsx, DocumentKind::Pptx]
            .into_iter()
            .find(|k| ext.is_some_and(|e| k.extensions().contains(&e)))
    } else {
        None
    };
    Ok(ooxml.unwrap_or(DocumentKind::Zip))
}

/// Names of the ZIP entries whose local headers lie within `bytes`.
fn zip_entry_names(bytes: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = 0;
    while let Some(found) = bytes
        .get(at..)
        .and_then(|rest| rest.windows(4).position(|w| w == b"PK\x03\x04"))
    {
        let header = at + found;
        let len = bytes
            .get(header + 26..header + 28)
            .map_or(0, |b| usize::from(u16::from_le_bytes([b[0], b[1]])));
        if let Some(name) = bytes.get(header + 30..header + 30 + len) {
            names.push(String::from_utf8_lossy(name).into_owned());
        }
        at = header + 4;
    }
    names
}

fn is_program_entry(name: &str) -> bool {
    const PROGRAMS: &[&str] = &[
        "exe", "dll", "com", "scr", "bat", "cmd", "ps1", "vbs", "vbe", "js", "jse", "wsf", "hta",
        "cpl", "msi", "jar", "apk", "lnk", "sh", "elf",
    ];
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    PROGRAMS.contains(&ext)
        || lower.ends_with("vbaproject.bin")
        || lower == "meta-inf/manifest.mf"
        || lower == "classes.dex"
        || lower == "androidmanifest.xml"
}

/// The encoding when the bytes read as text: a UTF-16 byte order mark and valid UTF-16,
/// or no NUL or other control bytes (tab, line breaks and form feed aside) and valid UTF-8
/// or GB18030. A character cut off at the end of the bytes is allowed.
#[must_use]
pub fn text_charset(bytes: &[u8]) -> Option<TextCharset> {
    let allowed_control = |c: u32| matches!(c, 0x09 | 0x0a | 0x0c | 0x0d);
    let is_bad = |c: u32| (c < 0x20 && !allowed_control(c)) || c == 0x7f;
    if let Some(rest) = bytes
        .strip_prefix(b"\xff\xfe")
        .map(|r| (r, false))
        .or_else(|| bytes.strip_prefix(b"\xfe\xff").map(|r| (r, true)))
    {
        let (body, big_endian) = rest;
        let units = body.chunks_exact(2).map(|p| {
            let pair = [p[0], p[1]];
            if big_endian {
                u16::from_be_bytes(pair)
            } else {
                u16::from_le_bytes(pair)
            }
        });
        let mut chars = char::decode_utf16(units).peekable();
        while let Some(c) = chars.next() {
            match c {
                Ok(c) if !is_bad(u32::from(c)) => {}
                // A lone high surrogate at the very end is a character cut in two.
                Err(e)
                    if chars.peek().is_none()
                        && (0xd800..0xdc00).contains(&e.unpaired_surrogate()) => {}
                _ => return None,
            }
        }
        return Some(TextCharset::Utf16);
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if body.iter().any(|b| is_bad(u32::from(*b))) {
        return None;
    }
    match std::str::from_utf8(body) {
        Ok(_) => return Some(TextCharset::Utf8),
        Err(e) if e.error_len().is_none() => return Some(TextCharset::Utf8),
        Err(_) => {}
    }
    is_gb18030(body).then_some(TextCharset::Gb18030)
}

/// Whether the bytes are well-formed GB18030: ASCII, two-byte pairs (81–FE, 40–7E/80–FE)
/// and four-byte groups (81–FE, 30–39, 81–FE, 30–39).
fn is_gb18030(bytes: &[u8]) -> bool {
    let lead = |b: u8| (0x81..=0xfe).contains(&b);
    let digit = |b: u8| b.is_ascii_digit();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        if !lead(b) {
            return false;
        }
        let Some(&second) = bytes.get(i + 1) else {
            return true; // cut off at the end
        };
        if (0x40..=0xfe).contains(&second) && second != 0x7f {
            i += 2;
        } else if digit(second) {
            match (bytes.get(i + 2), bytes.get(i + 3)) {
                (Some(&third), Some(&fourth)) if lead(third) && digit(fourth) => i += 4,
                (Some(&third), None) if lead(third) => return true,
                (None, _) => return true,
                _ => return false,
            }
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests;
