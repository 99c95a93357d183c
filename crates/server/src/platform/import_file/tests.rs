use crate::platform::export::{looks_like_formula, write_csv};
use std::io::Write;
use std::path::PathBuf;

use closer_domain::leads::columns::{map_headers, LeadField};

use super::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/imports")
        .join(name)
}

fn read_all(path: &Path) -> Vec<Vec<String>> {
    RowReader::open(path)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

fn temp_file(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    file.write_all(bytes).unwrap();
    file.flush().unwrap();
    file
}

fn open_err(bytes: &[u8]) -> ImportFileError {
    RowReader::open(temp_file(bytes).path()).unwrap_err()
}

#[test]
fn salesforce_export_with_bom_and_multiline_description() {
    let rows = read_all(&fixture("salesforce_leads_utf8_bom.csv"));
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][0], "FirstName", "BOM removed from the first header");
    let mapping = map_headers(&rows[0]);
    assert!(mapping.iter().all(Option::is_some), "{:?}", rows[0]);
    assert_eq!(
        rows[1],
        row(&[
            "Ann",
            "Lee",
            "Acme Corp",
            "CTO",
            "ann.lee@acme.example",
            "+1 555 0100",
            "",
            "Boston",
            "MA",
            "Web",
            "Open - Not Contacted",
            "Met at the fair,\r\nwants a demo",
        ])
    );
    assert_eq!(&rows[2][..3], &row(&["三", "张", "华为技术有限公司"])[..]);
    assert_eq!(rows[2].len(), 12);
}

#[test]
fn hubspot_export_without_bom() {
    let rows = read_all(&fixture("hubspot_contacts_utf8.csv"));
    assert_eq!(rows.len(), 3);
    let mapping = map_headers(&rows[0]);
    assert_eq!(mapping[0], Some(LeadField::ExternalId));
    assert_eq!(mapping[7], Some(LeadField::Status));
    assert_eq!(mapping[8], None, "Lead Status loses to Lifecycle Stage");
    assert_eq!(rows[1][0], "1001");
    assert_eq!(rows[2][5], "北京小米科技有限责任公司");
    assert_eq!(rows[2][13], "Consumer \"Electronics\"");
}

#[test]
fn utf16_tab_separated_keeps_chinese() {
    let rows = read_all(&fixture("leads_utf16le_tab.csv"));
    assert_eq!(
        rows,
        vec![
            row(&["公司名称", "联系人", "手机", "城市"]),
            row(&[
                "上海联影医疗科技股份有限公司",
                "王五",
                "13912345678",
                "上海"
            ]),
            row(&["Initech", "Peter Gibbons", "+1 555 0142", "Austin"]),
        ]
    );
}

#[test]
fn gbk_keeps_chinese() {
    let rows = read_all(&fixture("leads_gbk.csv"));
    assert_eq!(
        rows[0],
        row(&["公司名称", "联系人", "电话", "邮箱", "省份", "备注"])
    );
    assert_eq!(
        rows[1],
        row(&[
            "阿里巴巴（中国）有限公司",
            "赵六",
            "0571-85022088",
            "zhaoliu@alibaba.example",
            "浙江",
            "重点客户",
        ])
    );
    assert_eq!(rows[2][0], "腾讯科技（深圳）有限公司");
    assert_eq!(rows.len(), 3);
}

fn expected_xlsx() -> Vec<Vec<String>> {
    vec![
        row(&["公司名称", "联系人", "手机", "创建日期", "金额"]),
        row(&[
            "深圳市腾讯计算机系统有限公司",
            "马化腾",
            "13800138000",
            "2024-01-15",
            "1234.5",
        ]),
        row(&["Acme Corp", "Ann Lee", "", "2024-01-16 12:00:00", "0.3"]),
        row(&["Initech", "", "TRUE", "", "100"]),
    ]
}

#[test]
fn xlsx_first_worksheet_as_displayed_text() {
    let path = fixture("leads.xlsx");
    let reader = RowReader::open(&path).unwrap();
    assert_eq!(reader.kind(), FileKind::Xlsx);
    let rows: Vec<_> = reader.collect::<Result<_, _>>().unwrap();
    assert_eq!(rows, expected_xlsx());
}

#[test]
fn xlsx_named_csv_is_still_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let renamed = dir.path().join("leads.csv");
    std::fs::copy(fixture("leads.xlsx"), &renamed).unwrap();
    let reader = RowReader::open(&renamed).unwrap();
    assert_eq!(reader.kind(), FileKind::Xlsx);
    assert_eq!(
        reader.collect::<Result<Vec<_>, _>>().unwrap(),
        expected_xlsx()
    );
    assert_eq!(count_rows(&renamed).unwrap(), 3);
}

#[test]
fn xlsx_reader_dropped_early_stops_its_thread_quietly() {
    let mut reader = RowReader::open(&fixture("leads.xlsx")).unwrap();
    assert!(reader.next().is_some());
    drop(reader);
}

#[test]
fn sniffs_by_content() {
    assert_eq!(FileKind::sniff(b"PK\x03\x04\x14\x00"), FileKind::Xlsx);
    assert_eq!(FileKind::sniff(b"PK,name\n"), FileKind::Csv);
    assert_eq!(FileKind::sniff(b"\xEF\xBB\xBFa,b"), FileKind::Csv);
    assert_eq!(FileKind::sniff(b""), FileKind::Csv);
    let csv = RowReader::open(&fixture("ragged.csv")).unwrap();
    assert_eq!(csv.kind(), FileKind::Csv);
}

#[test]
fn unknown_columns_still_read() {
    let rows = read_all(&fixture("unknown_columns.csv"));
    assert_eq!(
        rows,
        vec![
            row(&["Favourite colour", "Shoe size", "年收入"]),
            row(&["blue", "42", "100万"])
        ]
    );
    assert!(map_headers(&rows[0]).iter().all(Option::is_none));
}

#[test]
fn ragged_rows_keep_their_length() {
    let rows = read_all(&fixture("ragged.csv"));
    let lengths: Vec<_> = rows.iter().map(Vec::len).collect();
    assert_eq!(lengths, vec![3, 3, 1, 5]);
    assert_eq!(rows[3][4], "more");
}

#[test]
fn quoted_newlines_semicolons_and_blank_lines() {
    let file =
        temp_file(b"name;note\r\n\"Ann\";\"line one\nline two; still\"\r\n\r\n;;\r\nBob;\r\n");
    assert_eq!(
        read_all(file.path()),
        vec![
            row(&["name", "note"]),
            row(&["Ann", "line one\nline two; still"]),
            row(&["Bob", ""]),
        ]
    );
    assert_eq!(count_rows(file.path()).unwrap(), 2);
    let tabs = temp_file("公司\t电话\t备注, 其他\nA\t1\tx, y\n".as_bytes());
    assert_eq!(read_all(tabs.path())[1], row(&["A", "1", "x, y"]));
}

#[test]
fn counts_data_rows() {
    let cases = [
        ("salesforce_leads_utf8_bom.csv", 2),
        ("hubspot_contacts_utf8.csv", 2),
        ("leads_utf16le_tab.csv", 2),
        ("leads_gbk.csv", 2),
        ("leads.xlsx", 3),
        ("unknown_columns.csv", 1),
        ("ragged.csv", 3),
    ];
    for (name, expected) in cases {
        assert_eq!(count_rows(&fixture(name)).unwrap(), expected, "{name}");
    }
    assert_eq!(count_rows(temp_file(b"only,a,header").path()).unwrap(), 0);
}

#[test]
fn refuses_what_it_cannot_read() {
    let cases: [(&[u8], &str); 6] = [
        (b"", "empty_file"),
        (b"\xEF\xBB\xBF\r\n\r\n", "empty_file"),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0",
            "malformed_file",
        ),
        (b"PK\x03\x04 not really a zip", "malformed_file"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "unreadable_encoding"),
        (b"a,b\n\xFF\xFF\xFF\n", "unreadable_encoding"),
    ];
    for (bytes, code) in cases {
        assert_eq!(open_err(bytes).code(), code, "{bytes:?}");
    }
    let big = tempfile::NamedTempFile::new().unwrap();
    big.as_file().set_len(MAX_FILE_BYTES + 1).unwrap();
    assert_eq!(
        RowReader::open(big.path()).unwrap_err().code(),
        "file_too_large"
    );
    assert_eq!(count_rows(big.path()).unwrap_err().code(), "file_too_large");
    let missing = ImportFileError::from(io::Error::from(io::ErrorKind::NotFound));
    assert_eq!(missing.code(), "io");
}

fn decode(bytes: &[u8], chunk: usize) -> Result<String, ImportFileError> {
    let mut text = String::new();
    DecodingReader::new(bytes, chunk)?
        .read_to_string(&mut text)
        .map_err(from_io)?;
    Ok(text)
}

#[test]
fn decodes_across_chunk_boundaries() {
    let text = "公司,联系人\n华为,张三 😀\n";
    for chunk in [4, 5, 7, 64] {
        assert_eq!(
            decode(text.as_bytes(), chunk).unwrap(),
            text,
            "utf-8 {chunk}"
        );
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16, chunk).unwrap(), text, "utf-16le {chunk}");
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&utf16be, chunk).unwrap(), text, "utf-16be {chunk}");
    }
}

#[test]
fn gbk_after_a_long_ascii_start_switches_without_loss() {
    // Only the first chunk decides the encoding; GBK text past it still decodes.
    let (gbk, _, _) = GB18030.encode("company,contact\nAcme,Ann\n华为,张三\n");
    assert_eq!(
        decode(&gbk, 8).unwrap(),
        "company,contact\nAcme,Ann\n华为,张三\n"
    );
    // UTF-8 text that later turns invalid is neither encoding.
    let mut mixed = "名,x\n".repeat(4).into_bytes();
    mixed.extend_from_slice(&gbk);
    assert!(matches!(decode(&mixed, 8), Err(ImportFileError::Encoding)));
}

#[test]
fn write_csv_round_trips_through_the_reader() {
    let header = ["公司名称", "联系人", "备注"];
    let rows = vec![
        row(&["华为技术有限公司", "张三", "多行\n备注, 含逗号"]),
        row(&["Acme \"Rockets\"", "Ann Lee", ""]),
        row(&["+86 138 0013 8000", "-12.5", "=HYPERLINK(\"x\")"]),
        row(&["ragged"]),
    ];
    let mut out = Vec::new();
    write_csv(&mut out, &header, rows.clone().into_iter()).unwrap();
    assert!(out.starts_with(b"\xEF\xBB\xBF"));
    assert!(out.windows(2).any(|w| w == b"\r\n"));
    let file = temp_file(&out);
    let read = read_all(file.path());
    assert_eq!(read[0], row(&header));
    assert_eq!(&read[1..3], &rows[..2]);
    assert_eq!(
        read[3],
        row(&["+86 138 0013 8000", "-12.5", "'=HYPERLINK(\"x\")"])
    );
    assert_eq!(read[4], row(&["ragged"]));
    assert_eq!(count_rows(file.path()).unwrap(), 4);
}

#[test]
fn formula_detection() {
    for cell in ["=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3+cmd", "\tx"] {
        assert!(looks_like_formula(cell), "{cell:?}");
    }
    for cell in [
        "",
        "+86 138 0013 8000",
        "-12.5",
        "+1 (555) 0100",
        "a=b",
        "-",
    ] {
        assert!(!looks_like_formula(cell), "{cell:?}");
    }
}

#[test]
fn numbers_and_dates_as_excel_shows_them() {
    assert_eq!(number_text(13_800_138_000.0), "13800138000");
    assert_eq!(number_text(0.1 + 0.2), "0.3");
    assert_eq!(number_text(-0.0), "0");
    assert_eq!(number_text(1234.5), "1234.5");
    let date = |v| ExcelDateTime::new(v, calamine::ExcelDateTimeType::DateTime, false);
    assert_eq!(datetime_text(&date(45306.0)), "2024-01-15");
    assert_eq!(datetime_text(&date(45306.75)), "2024-01-15 18:00:00");
    assert_eq!(datetime_text(&date(0.5)), "12:00:00");
    let duration = ExcelDateTime::new(1.5, calamine::ExcelDateTimeType::TimeDelta, false);
    assert_eq!(datetime_text(&duration), "36:00:00");
    assert_eq!(
        cell_text(&DataRef::DateTimeIso("2024-01-15T00:00:00".into())),
        "2024-01-15"
    );
    assert_eq!(
        cell_text(&DataRef::DateTimeIso("2024-01-15T08:30:00".into())),
        "2024-01-15 08:30:00"
    );
}

/// A workbook's declared unpacked size is checked before anything is unpacked: the same
/// file passes under the real limits and is refused under limits it exceeds (issue 11).
#[test]
fn a_workbook_that_would_unpack_too_far_is_refused_before_unpacking() {
    let mut file = File::open(fixture("leads.xlsx")).unwrap();
    check_unpacked_size(&mut file, MAX_UNPACKED_BYTES, MAX_SHARED_STRINGS_BYTES).unwrap();
    let mut file = File::open(fixture("leads.xlsx")).unwrap();
    assert!(matches!(
        check_unpacked_size(&mut file, 1024, MAX_SHARED_STRINGS_BYTES),
        Err(ImportFileError::Unpacks)
    ));
    let mut file = File::open(fixture("leads.xlsx")).unwrap();
    assert!(matches!(
        check_unpacked_size(&mut file, MAX_UNPACKED_BYTES, 16),
        Err(ImportFileError::Unpacks)
    ));
}

#[test]
fn a_stretch_without_line_breaks_far_past_a_row_is_refused_before_it_is_held() {
    let mut text = b"company_name\n".to_vec();
    text.extend(std::iter::repeat_n(b'x', 5 * 1024 * 1024));
    let mut file = File::open(temp_file(&text).path()).unwrap();
    assert!(matches!(
        check_line_lengths(&mut file),
        Err(ImportFileError::RowTooLong)
    ));
    // Long rows within the limit, across the reader's chunks, pass.
    let mut text = b"company_name\r\n".to_vec();
    for _ in 0..6 {
        text.extend(std::iter::repeat_n(b'y', 900 * 1024));
        text.extend_from_slice(b"\r\n");
    }
    let file = temp_file(&text);
    check_line_lengths(&mut File::open(file.path()).unwrap()).unwrap();
}

#[test]
fn a_workbook_sharing_too_many_texts_is_refused_before_they_are_read() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "company_name").unwrap();
    for row in 1..=1_000u32 {
        sheet.write_string(row, 0, format!("公司{row}")).unwrap();
    }
    let file = temp_file(&book.save_to_buffer().unwrap());
    let open = || File::open(file.path()).unwrap();
    // 1,001 shared texts: within a limit of 2,000, past one of 1,000.
    check_shared_string_count(&mut open(), 2_000).unwrap();
    assert!(matches!(
        check_shared_string_count(&mut open(), 1_000),
        Err(ImportFileError::Unpacks)
    ));
    assert_eq!(count_rows(file.path()).unwrap(), 1_000);
}

/// A CSV wider than 1,000 columns, or with a row over 1 MiB, is refused when opened — the
/// upload — not in the import job (issue 11).
#[test]
fn a_csv_too_wide_or_too_long_is_refused_at_once() {
    let wide = (0..1_001)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    assert!(matches!(
        open_err(format!("{wide}\n").as_bytes()),
        ImportFileError::TooManyColumns
    ));
    let long = format!("company_name\n\"{}\"\n", "甲".repeat(400_000));
    let err = RowReader::open(temp_file(long.as_bytes()).path())
        .unwrap()
        .find_map(Result::err)
        .unwrap();
    assert!(matches!(err, ImportFileError::RowTooLong), "{err}");
}

#[test]
fn counting_at_upload_refuses_a_row_below_the_header_too_wide_or_too_long() {
    let wide = (0..1_001)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let file = temp_file(format!("company_name\n甲\n{wide}\n").as_bytes());
    let err = count_rows(file.path()).err();
    assert!(
        matches!(err, Some(ImportFileError::TooManyColumns)),
        "{err:?}"
    );
    let long = format!("company_name\n甲\n\"{}\"\n", "乙".repeat(400_000));
    let err = count_rows(temp_file(long.as_bytes()).path()).err();
    assert!(matches!(err, Some(ImportFileError::RowTooLong)), "{err:?}");
    assert_eq!(
        count_rows(temp_file("company_name\n甲\n乙\n".as_bytes()).path()).ok(),
        Some(2)
    );
}
