use proptest::prelude::*;

use super::*;
use DocumentKind as K;
use DocumentRefusal as R;

/// A ZIP made of empty stored entries, or entries with the given content, local headers only.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, content) in entries {
        out.extend_from_slice(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0\0\0\0\0");
        let size = u32::try_from(content.len())
            .unwrap_or_default()
            .to_le_bytes();
        out.extend_from_slice(&size);
        out.extend_from_slice(&size);
        let len = u16::try_from(name.len()).unwrap_or_default().to_le_bytes();
        out.extend_from_slice(&len);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(content);
    }
    out
}

/// An OLE header with 512-byte sectors whose directory starts at `dir_sector`, and, when
/// given, a root entry of that class id there.
fn ole(dir_sector: u32, class: Option<[u8; 4]>) -> Vec<u8> {
    let mut out = vec![0u8; 1024];
    out[..8].copy_from_slice(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1");
    out[0x1a] = 0x3e;
    out[0x1c..0x1e].copy_from_slice(&[0xfe, 0xff]);
    out[0x1e] = 9;
    out[0x30..0x34].copy_from_slice(&dir_sector.to_le_bytes());
    if let Some(class) = class {
        let root = (dir_sector as usize + 1) * 512;
        out[root..root + 10].copy_from_slice(b"R\0o\0o\0t\0 \0");
        out[root + 0x50..root + 0x54].copy_from_slice(&class);
        out[root + 0x58..root + 0x60].copy_from_slice(&[0xc0, 0, 0, 0, 0, 0, 0, 0x46]);
    }
    out
}

fn elf() -> Vec<u8> {
    let mut out = b"\x7fELF\x02\x01\x01\0".to_vec();
    out.resize(64, 0);
    out[16] = 2; // ET_EXEC
    out[18] = 0x3e; // x86-64
    out
}

fn mz() -> Vec<u8> {
    let mut out = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0\xb8\0".to_vec();
    out.resize(0x80, 0);
    out[0x3c] = 0x80;
    out.extend_from_slice(b"PE\0\0\x64\x86");
    out
}

#[test]
fn allowed_documents_are_recognised_from_their_bytes() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10".to_vec();
    let jpeg = b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01".to_vec();
    let webp = b"RIFF\x24\0\0\0WEBPVP8 ".to_vec();
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    let tiff = b"II*\0\x08\0\0\0\x0e\0\x00\x01".to_vec();
    let docx = zip(&[("word/document.xml", b""), ("word/styles.xml", b"")]);
    let xlsx_late = zip(&[
        ("[Content_Types].xml", b""),
        ("_rels/.rels", b""),
        ("docProps/app.xml", b""),
        ("xl/workbook.xml", b""),
    ]);
    let opc_only = zip(&[("[Content_Types].xml", b"<Types/>")]);
    let odt = zip(&[("mimetype", b"application/vnd.oasis.opendocument.text")]);
    let bundle = zip(&[("报价单.pdf", b"%PDF-1.7"), ("logo.png", b"")]);
    let cases: Vec<(&str, Vec<u8>, DocumentKind, &str)> = vec![
        (
            "合同.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n".to_vec(),
            K::Pdf,
            "application/pdf",
        ),
        (
            "SCAN.PDF",
            b"%PDF-1.4\n".to_vec(),
            K::Pdf,
            "application/pdf",
        ),
        ("scan", b"%PDF-1.4\n".to_vec(), K::Pdf, "application/pdf"),
        ("名片.png", png, K::Png, "image/png"),
        ("site.JPG", jpeg.clone(), K::Jpeg, "image/jpeg"),
        ("site.jpeg", jpeg, K::Jpeg, "image/jpeg"),
        (
            "map.gif",
            b"GIF89a\x01\0\x01\0".to_vec(),
            K::Gif,
            "image/gif",
        ),
        ("shop.webp", webp, K::Webp, "image/webp"),
        ("IMG_0001.HEIC", heic, K::Heic, "image/heic"),
        ("fax.tif", tiff, K::Tiff, "image/tiff"),
        ("方案.docx", docx, K::Docx, K::Docx.content_type()),
        ("预算.xlsx", xlsx_late, K::Xlsx, K::Xlsx.content_type()),
        ("deck.pptx", opc_only, K::Pptx, K::Pptx.content_type()),
        (
            "minutes.odt",
            odt,
            K::Odt,
            "application/vnd.oasis.opendocument.text",
        ),
        ("资料.zip", bundle, K::Zip, "application/zip"),
        (
            "old.doc",
            ole(0, Some([0x06, 0x09, 0x02, 0])),
            K::Doc,
            "application/msword",
        ),
        (
            "old.xls",
            ole(0, Some([0x20, 0x08, 0x02, 0])),
            K::Xls,
            "application/vnd.ms-excel",
        ),
        (
            "old",
            ole(0, Some([0x10, 0x8d, 0x81, 0x64])),
            K::Ppt,
            "application/vnd.ms-powerpoint",
        ),
        // The directory lies past the bytes given: the extension decides among Office kinds.
        (
            "truncated.xls",
            ole(40, None),
            K::Xls,
            "application/vnd.ms-excel",
        ),
        (
            "客户.csv",
            "名称,金额\n华为,100\n".as_bytes().to_vec(),
            K::Csv(TextCharset::Utf8),
            "text/csv; charset=utf-8",
        ),
        (
            "excel-export.csv",
            b"\xc3\xfb\xb3\xc6,\xbd\xf0\xb6\xee\r\n".to_vec(),
            K::Csv(TextCharset::Gb18030),
            "text/csv; charset=gb18030",
        ),
        (
            "unicode.txt",
            b"\xff\xfeN\0a\0m\0e\0\t\0".to_vec(),
            K::Text(TextCharset::Utf16),
            "text/plain; charset=utf-16",
        ),
        (
            "README",
            b"\xef\xbb\xbfVisit notes\n".to_vec(),
            K::Text(TextCharset::Utf8),
            "text/plain; charset=utf-8",
        ),
        // Text that happens to start like a weak signature stays text.
        (
            "parts.csv",
            b"MZ-100,widget\n".to_vec(),
            K::Csv(TextCharset::Utf8),
            "text/csv; charset=utf-8",
        ),
        (
            "gifts.txt",
            b"GIF ideas\n".to_vec(),
            K::Text(TextCharset::Utf8),
            "text/plain; charset=utf-8",
        ),
        (
            "notes",
            b"BC Corp, 10\n".to_vec(),
            K::Text(TextCharset::Utf8),
            "text/plain; charset=utf-8",
        ),
        (
            "page.txt",
            b"<html><body>".to_vec(),
            K::Text(TextCharset::Utf8),
            "text/plain; charset=utf-8",
        ),
    ];
    for (name, bytes, kind, content_type) in cases {
        assert_eq!(check_document(name, &bytes), Ok(kind), "{name}");
        assert_eq!(kind.content_type(), content_type, "{name}");
    }
}

#[test]
fn executables_are_refused_whatever_their_name() {
    let macho = b"\xcf\xfa\xed\xfe\x07\0\0\x01\x03\0\0\0".to_vec();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("invoice.pdf", elf()),
        ("invoice.pdf", mz()),
        ("setup.exe", mz()),
        ("photo.jpg", macho),
        ("notes.txt", b"#!/bin/sh\nrm -rf ~\n".to_vec()),
        ("run.csv", b"#!/usr/bin/env python3\n".to_vec()),
        ("a.pdf", b"\0asm\x01\0\0\0".to_vec()),
        (
            "link.pdf",
            b"L\0\0\0\x01\x14\x02\0\0\0\0\0\xc0\0\0\0\0\0\0\x46".to_vec(),
        ),
        (
            "docs.zip",
            zip(&[("readme.txt", b"hi"), ("setup.exe", b"MZ")]),
        ),
        ("app.zip", zip(&[("META-INF/MANIFEST.MF", b"")])),
        (
            "macro.docx",
            zip(&[("word/document.xml", b""), ("word/vbaProject.bin", b"")]),
        ),
        ("install.doc", ole(0, Some([0x84, 0x10, 0x0c, 0]))),
        ("install.msi", ole(40, None)),
    ];
    for (name, bytes) in cases {
        assert_eq!(check_document(name, &bytes), Err(R::Executable), "{name}");
        assert_eq!(R::Executable.code(), "executable");
    }
}

#[test]
fn names_that_disagree_with_the_bytes_and_other_types_are_refused() {
    let docx = zip(&[("word/document.xml", b"")]);
    let cases: Vec<(&str, Vec<u8>, DocumentRefusal)> = vec![
        ("empty.pdf", vec![], R::Empty),
        (
            "photo.jpg",
            b"\x89PNG\r\n\x1a\n\0\0\0\r".to_vec(),
            R::TypeMismatch { found: "png" },
        ),
        (
            "report.pdf",
            b"just words\n".to_vec(),
            R::TypeMismatch { found: "text" },
        ),
        (
            "report.pdf",
            "名称,金额\n".as_bytes().to_vec(),
            R::TypeMismatch { found: "text" },
        ),
        (
            "sheet.xlsx",
            docx.clone(),
            R::TypeMismatch { found: "docx" },
        ),
        ("contract.pdf", docx, R::TypeMismatch { found: "docx" }),
        (
            "a.pdf",
            zip(&[("a.txt", b"")]),
            R::TypeMismatch { found: "zip" },
        ),
        (
            "contract.pdf",
            ole(40, None),
            R::TypeMismatch { found: "ole" },
        ),
        ("contract", ole(40, None), R::Unknown),
        (
            "run.bat",
            b"echo hello\r\n".to_vec(),
            R::TypeMismatch { found: "text" },
        ),
        (
            "page.html",
            b"<html><body>".to_vec(),
            R::NotAllowed { found: "text/html" },
        ),
        (
            "song.mp3",
            b"ID3\x04\0\0\0\0\0\0\xff\xfb".to_vec(),
            R::NotAllowed {
                found: "audio/mpeg",
            },
        ),
        (
            "backup.gz",
            b"\x1f\x8b\x08\0\0\0\0\0".to_vec(),
            R::NotAllowed {
                found: "application/gzip",
            },
        ),
        ("blob.bin", vec![0, 1, 2, 3, 0xff, 0xfe, 0x10], R::Unknown),
    ];
    for (name, bytes, refusal) in cases {
        assert_eq!(check_document(name, &bytes), Err(refusal), "{name}");
    }
    assert_eq!(R::TypeMismatch { found: "png" }.code(), "type_mismatch");
    assert_eq!(R::NotAllowed { found: "x" }.code(), "type_not_allowed");
}

#[test]
fn text_is_told_from_binary() {
    let cases: &[(&[u8], Option<TextCharset>)] = &[
        (b"plain\ttext\r\n\x0c", Some(TextCharset::Utf8)),
        ("中文".as_bytes(), Some(TextCharset::Utf8)),
        (&"中文".as_bytes()[..5], Some(TextCharset::Utf8)), // cut inside a character
        (b"\xd6\xd0\xce\xc4", Some(TextCharset::Gb18030)),
        (b"\x81\x30\x81\x30", Some(TextCharset::Gb18030)), // four-byte form
        (b"\xd6\xd0\x81", Some(TextCharset::Gb18030)),     // cut after a lead byte
        (b"\xff\xfea\0\x3d\xd8", Some(TextCharset::Utf16)), // cut inside a surrogate pair
        (b"\xfe\xff\0a\0b", Some(TextCharset::Utf16)),
        (b"\xff\xfea\0\0\0", None),
        (b"nul\0byte", None),
        (b"escape\x1b[31m", None),
        (b"del\x7f", None),
        (b"\x80\x80", None),
    ];
    for (bytes, expected) in cases {
        assert_eq!(text_charset(bytes), *expected, "{bytes:?}");
    }
}

#[test]
fn names_keep_their_last_part() {
    let cases = [
        ("C:\\fakepath\\合同.pdf", Ok("合同.pdf".to_owned())),
        ("dir/sub/ report.docx ", Ok("report.docx".to_owned())),
        ("dir/", Err(InvalidValue::Required)),
        ("..", Err(InvalidValue::Format)),
        ("a\u{7}.pdf", Err(InvalidValue::Format)),
        (
            &"x".repeat(256),
            Err(InvalidValue::TooLong {
                max: MAX_NAME_CHARS,
            }),
        ),
    ];
    for (name, expected) in cases {
        assert_eq!(document_name(name), expected, "{name:?}");
    }
}

proptest! {
    #[test]
    fn an_elf_is_refused_under_any_name(name in "[a-z]{1,8}\\.(pdf|png|docx|csv|txt)", tail in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut bytes = b"\x7fELF".to_vec();
        bytes.extend(tail);
        prop_assert_eq!(check_document(&name, &bytes), Err(R::Executable));
    }

    #[test]
    fn printable_text_named_csv_is_csv(text in "[^\\p{Cc}]{1,200}") {
        prop_assume!(!text.starts_with("#!"));
        prop_assert_eq!(check_document("x.csv", text.as_bytes()), Ok(K::Csv(TextCharset::Utf8)));
    }

    #[test]
    fn any_bytes_get_an_answer_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..600), name in ".{0,12}") {
        if let Ok(kind) = check_document(&name, &bytes) {
            prop_assert!(!kind.content_type().is_empty());
        }
    }
}
