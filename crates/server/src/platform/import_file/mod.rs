//! Uploaded import files read as rows of text, and CSV written for exports and rejected-row
//! reports.
//!
//! CSV comes in whatever encoding the exporting tool chose: UTF-8 with or without BOM, UTF-16
//! with BOM (Excel's "Unicode text"), or GBK/GB18030 (Excel on Chinese Windows). It is decoded
//! as it streams, so a file of hundreds of megabytes never sits in memory. XLSX is read with
//! calamine: its shared-strings table is held in memory, the worksheet itself is streamed.

pub mod job;

use std::{
    fmt,
    fs::File,
    io::{self, BufReader, Read, Seek, SeekFrom},
    path::Path,
    sync::mpsc,
    thread,
};

use calamine::{DataRef, ExcelDateTime, Reader as _, SheetType, SheetVisible, Xlsx};
use encoding_rs::{Decoder, DecoderResult, GB18030, UTF_16BE, UTF_16LE};

/// The largest file accepted for import.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Excel's last column is XFD; a cell reference beyond it is a damaged or hostile file.
const MAX_COLUMNS: usize = 1_000;
/// The most one row of a CSV file may hold.
const MAX_ROW_BYTES: usize = 1024 * 1024;
/// What an XLSX file may unpack to in all, and its shared strings (read whole into memory by
/// the workbook reader) at most: a small file that expands to gigabytes is refused before
/// anything is unpacked.
const MAX_UNPACKED_BYTES: u64 = 1024 * 1024 * 1024;
const MAX_SHARED_STRINGS_BYTES: u64 = 128 * 1024 * 1024;
/// Distinct texts a workbook may share: the reader holds them all, so millions of tiny ones
/// would hold gigabytes however few bytes they unpack from.
const MAX_SHARED_STRINGS: u64 = 3_000_000;
/// Raw bytes decoded at a time; the first chunk also decides the encoding.
const CHUNK: usize = 64 * 1024;
/// How far the first line is looked at to choose the delimiter.
const HEAD_LIMIT: usize = 1024 * 1024;
/// XLSX rows parsed ahead of the consumer.
const ROWS_IN_FLIGHT: usize = 256;

/// What an uploaded file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
}

impl FileKind {
    /// From the file's first bytes (a ZIP archive is XLSX, anything else is read as CSV),
    /// never from its name.
    #[must_use]
    pub fn sniff(first_bytes: &[u8]) -> Self {
        if first_bytes.starts_with(b"PK\x03\x04") {
            Self::Xlsx
        } else {
            Self::Csv
        }
    }
}

/// Why an uploaded file cannot be read. `code()` is what the UI translates; the message may
/// carry parser detail for the log and is never sent to clients.
#[derive(Debug, thiserror::Error)]
pub enum ImportFileError {
    #[error("the text is neither UTF-8, UTF-16 nor GB18030")]
    Encoding,
    #[error("the file is not a readable CSV or XLSX file: {0}")]
    Malformed(String),
    #[error("the file has no rows")]
    Empty,
    #[error("the file is larger than {} MiB", MAX_FILE_BYTES >> 20)]
    TooLarge,
    #[error("the workbook would unpack to more than its limit")]
    Unpacks,
    #[error("a row has more than {MAX_COLUMNS} columns")]
    TooManyColumns,
    #[error("a row is longer than {} KiB", MAX_ROW_BYTES >> 10)]
    RowTooLong,
    #[error(transparent)]
    Io(#[from] io::Error),
}

impl ImportFileError {
    /// Stable machine code for problem documents.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::Encoding => "unreadable_encoding",
            Self::Malformed(_) => "malformed_file",
            Self::Empty => "empty_file",
            Self::TooLarge | Self::Unpacks => "file_too_large",
            Self::TooManyColumns => "too_many_columns",
            Self::RowTooLong => "row_too_long",
            Self::Io(_) => "io",
        }
    }
}

/// Carried inside an `io::Error` through the CSV parser, to come out as `Encoding`.
#[derive(Debug, thiserror::Error)]
#[error("undecodable text")]
struct Undecodable;

fn undecodable() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, Undecodable)
}

fn from_io(e: io::Error) -> ImportFileError {
    if e.get_ref().is_some_and(|inner| inner.is::<Undecodable>()) {
        ImportFileError::Encoding
    } else {
        ImportFileError::Io(e)
    }
}

pub(crate) fn from_csv(e: csv::Error) -> ImportFileError {
    let text = e.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(e) => from_io(e),
        csv::ErrorKind::Utf8 { .. } => ImportFileError::Encoding,
        _ => ImportFileError::Malformed(text),
    }
}

fn from_xlsx(e: calamine::XlsxError) -> ImportFileError {
    match e {
        calamine::XlsxError::Io(e) => ImportFileError::Io(e),
        e => ImportFileError::Malformed(e.to_string()),
    }
}

/// How the raw bytes become text.
enum Text {
    /// Validated in place. Text that was plain ASCII up to its first invalid byte turns out to
    /// be GB18030, which agrees with ASCII, so decoding switches there without loss.
    Utf8 {
        seen_non_ascii: bool,
    },
    Decoded(Decoder),
}

/// UTF-8 text decoded as it is read from bytes in the encoding detected from the first chunk.
struct DecodingReader<R> {
    inner: R,
    text: Text,
    raw: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    out: String,
    out_pos: usize,
    finished: bool,
}

impl<R: Read> DecodingReader<R> {
    fn new(inner: R, chunk: usize) -> Result<Self, ImportFileError> {
        let mut this = Self {
            inner,
            text: Text::Utf8 {
                seen_non_ascii: false,
            },
            raw: vec![0; chunk.max(4)],
            start: 0,
            end: 0,
            eof: false,
            out: String::new(),
            out_pos: 0,
            finished: false,
        };
        while !this.eof && this.end < this.raw.len() {
            this.read_more()?;
        }
        let (text, bom) = detect_encoding(&this.raw[..this.end], this.eof)?;
        this.text = text;
        this.start = bom;
        Ok(this)
    }

    fn read_more(&mut self) -> io::Result<()> {
        if self.start > 0 {
            self.raw.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
        }
        if self.end == self.raw.len() {
            return Ok(());
        }
        let n = loop {
            match self.inner.read(&mut self.raw[self.end..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        self.end += n;
        self.eof = n == 0;
        Ok(())
    }

    /// Replaces `out` with the text of the next stretch of input.
    fn decode_more(&mut self) -> io::Result<()> {
        self.out.clear();
        self.out_pos = 0;
        if !self.eof {
            self.read_more()?;
        }
        let input = &self.raw[self.start..self.end];
        let last = self.eof;
        let mut switch_to_gb18030 = false;
        let consumed = match &mut self.text {
            Text::Utf8 { seen_non_ascii } => match std::str::from_utf8(input) {
                Ok(text) => {
                    *seen_non_ascii |= !text.is_ascii();
                    self.out.push_str(text);
                    input.len()
                }
                // A character cut at the chunk's end: the rest comes with the next read.
                Err(e) if e.error_len().is_none() && !last => {
                    let valid = e.valid_up_to();
                    let text = std::str::from_utf8(&input[..valid]).map_err(|_| undecodable())?;
                    *seen_non_ascii |= !text.is_ascii();
                    self.out.push_str(text);
                    valid
                }
                Err(_) if !*seen_non_ascii => {
                    let ascii = input.iter().position(|b| !b.is_ascii()).unwrap_or(0);
                    let text = std::str::from_utf8(&input[..ascii]).map_err(|_| undecodable())?;
                    self.out.push_str(text);
                    switch_to_gb18030 = true;
                    ascii
                }
                Err(_) => return Err(undecodable()),
            },
            Text::Decoded(decoder) => {
                let room = decoder
                    .max_utf8_buffer_length_without_replacement(input.len())
                    .ok_or_else(undecodable)?;
                self.out.reserve(room);
                let (result, read) =
                    decoder.decode_to_string_without_replacement(input, &mut self.out, last);
                if let DecoderResult::Malformed(..) = result {
                    return Err(undecodable());
                }
                read
            }
        };
        self.start += consumed;
        if switch_to_gb18030 {
            self.text = Text::Decoded(GB18030.new_decoder_without_bom_handling());
        } else if last && self.start == self.end {
            self.finished = true;
        }
        Ok(())
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos == self.out.len() {
            if self.finished {
                return Ok(0);
            }
            self.decode_more()?;
        }
        let pending = &self.out.as_bytes()[self.out_pos..];
        let n = pending.len().min(buf.len());
        buf[..n].copy_from_slice(&pending[..n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// The encoding of a file from its first chunk, and the length of its byte-order mark.
fn detect_encoding(sample: &[u8], whole_file: bool) -> Result<(Text, usize), ImportFileError> {
    let utf8 = Text::Utf8 {
        seen_non_ascii: false,
    };
    if sample.starts_with(b"\xEF\xBB\xBF") {
        return Ok((utf8, 3));
    }
    if sample.starts_with(b"\xFF\xFE") {
        return Ok((
            Text::Decoded(UTF_16LE.new_decoder_without_bom_handling()),
            2,
        ));
    }
    if sample.starts_with(b"\xFE\xFF") {
        return Ok((
            Text::Decoded(UTF_16BE.new_decoder_without_bom_handling()),
            2,
        ));
    }
    // Text in any of the single- and multi-byte encodings above has no NUL; binary files do.
    if sample.contains(&0) {
        return Err(ImportFileError::Encoding);
    }
    let valid_utf8 = match std::str::from_utf8(sample) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && !whole_file,
    };
    if valid_utf8 {
        Ok((utf8, 0))
    } else {
        Ok((Text::Decoded(GB18030.new_decoder_without_bom_handling()), 0))
    }
}

/// Reads decoded text up to the end of the first record (outside quotes), or a limit.
fn read_head(text: &mut impl Read) -> Result<Vec<u8>, ImportFileError> {
    let mut head = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut in_quotes = false;
    loop {
        let n = text.read(&mut chunk).map_err(from_io)?;
        if n == 0 {
            return Ok(head);
        }
        head.extend_from_slice(&chunk[..n]);
        for &b in &chunk[..n] {
            match b {
                b'"' => in_quotes = !in_quotes,
                b'\n' | b'\r' if !in_quotes => return Ok(head),
                _ => {}
            }
        }
        if head.len() >= HEAD_LIMIT {
            return Ok(head);
        }
    }
}

/// The delimiter used most in the first line, outside quotes: comma, tab or semicolon.
fn detect_delimiter(head: &[u8]) -> u8 {
    let mut counts = [(b',', 0usize), (b'\t', 0), (b';', 0)];
    let mut in_quotes = false;
    for &b in head {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            _ if !in_quotes => {
                if let Some((_, n)) = counts.iter_mut().find(|(d, _)| *d == b) {
                    *n += 1;
                }
            }
            _ => {}
        }
    }
    // `max_by_key` keeps the last maximum; reversed, ties go to the earlier (comma first).
    counts
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map_or(b',', |(d, _)| *d)
}

type CsvSource = io::Chain<io::Cursor<Vec<u8>>, DecodingReader<File>>;

fn csv_rows(file: File) -> Result<csv::Reader<CsvSource>, ImportFileError> {
    let mut text = DecodingReader::new(file, CHUNK)?;
    let head = read_head(&mut text)?;
    let delimiter = detect_delimiter(&head);
    Ok(csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(io::Cursor::new(head).chain(text)))
}

/// Opens an upload, refusing what is too large or empty, and tells its kind.
fn open_checked(path: &Path) -> Result<(FileKind, File), ImportFileError> {
    let mut file = File::open(path)?;
    let len = file.metadata()?.len();
    if len > MAX_FILE_BYTES {
        return Err(ImportFileError::TooLarge);
    }
    if len == 0 {
        return Err(ImportFileError::Empty);
    }
    let mut magic = Vec::with_capacity(8);
    (&mut file).take(8).read_to_end(&mut magic)?;
    file.seek(SeekFrom::Start(0))?;
    // OLE compound files: legacy .xls workbooks and password-protected .xlsx.
    if magic.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Err(ImportFileError::Malformed(
            "a legacy .xls or encrypted workbook".into(),
        ));
    }
    Ok((FileKind::sniff(&magic), file))
}

/// Reads an XLSX archive's directory and refuses one that would unpack to more than
/// `max_total` bytes, or whose shared strings alone pass `max_shared` — without unpacking
/// anything. The sizes read are binding: the unpacker refuses an entry that grows past the
/// size its directory declares.
fn check_unpacked_size(
    file: &mut File,
    max_total: u64,
    max_shared: u64,
) -> Result<(), ImportFileError> {
    let mut archive = zip::ZipArchive::new(BufReader::new(&mut *file))
        .map_err(|e| ImportFileError::Malformed(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ImportFileError::Malformed(e.to_string()))?;
        let size = entry.size();
        let shared = entry
            .name()
            .is_ok_and(|n| n.eq_ignore_ascii_case("xl/sharedStrings.xml"));
        if shared && size > max_shared {
            return Err(ImportFileError::Unpacks);
        }
        total = total.saturating_add(size);
    }
    if total > max_total {
        return Err(ImportFileError::Unpacks);
    }
    file.seek(SeekFrom::Start(0))?;
    Ok(())
}

/// Counts the workbook's shared strings (`<si>` elements, unpacked as a stream and
/// forgotten) and refuses more than `max` — before the reader would keep them all.
fn check_shared_string_count(file: &mut File, max: u64) -> Result<(), ImportFileError> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(BufReader::new(&mut *file))
        .map_err(|e| ImportFileError::Malformed(e.to_string()))?;
    let index = (0..archive.len()).find(|&i| {
        archive
            .name_for_index(i)
            .is_some_and(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case("xl/sharedStrings.xml")))
    });
    if let Some(i) = index {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ImportFileError::Malformed(e.to_string()))?;
        let mut text: Box<dyn Read> = match entry.compression() {
            zip::CompressionMethod::Stored => Box::new(entry),
            zip::CompressionMethod::Deflated => Box::new(flate2::read::DeflateDecoder::new(entry)),
            _ => return Err(ImportFileError::Malformed("an unknown compression".into())),
        };
        let mut text = text.by_ref().take(MAX_SHARED_STRINGS_BYTES + 1);
        let (mut count, mut unpacked) = (0u64, 0u64);
        let mut buf = vec![0u8; 64 * 1024];
        // The last bytes of the previous chunk, so a tag cut in two is still seen.
        let mut tail: Vec<u8> = Vec::new();
        loop {
            let n = text.read(&mut buf)?;
            if n == 0 {
                break;
            }
            unpacked += n as u64;
            let mut window = std::mem::take(&mut tail);
            window.extend_from_slice(&buf[..n]);
            count += window
                .windows(4)
                .filter(|w| w[..3] == *b"<si" && (w[3] == b'>' || w[3] == b' '))
                .count() as u64;
            if count > max || unpacked > MAX_SHARED_STRINGS_BYTES {
                return Err(ImportFileError::Unpacks);
            }
            tail = window[window.len().saturating_sub(3)..].to_vec();
        }
    }
    file.seek(SeekFrom::Start(0))?;
    Ok(())
}

fn open_workbook(mut file: File) -> Result<(Xlsx<BufReader<File>>, String), ImportFileError> {
    check_unpacked_size(&mut file, MAX_UNPACKED_BYTES, MAX_SHARED_STRINGS_BYTES)?;
    check_shared_string_count(&mut file, MAX_SHARED_STRINGS)?;
    let book = Xlsx::new(BufReader::new(file)).map_err(from_xlsx)?;
    let worksheets: Vec<_> = book
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .collect();
    let sheet = worksheets
        .iter()
        .find(|s| s.visible == SheetVisible::Visible)
        .or_else(|| worksheets.first())
        .map(|s| s.name.clone())
        .ok_or(ImportFileError::Empty)?;
    Ok((book, sheet))
}

/// Streams a worksheet's non-blank rows to `emit` until it returns false. Absent cells are
/// empty strings; rows are padded to the header's width so that only real extra cells make a
/// row longer than the header.
fn xlsx_rows(
    book: &mut Xlsx<BufReader<File>>,
    sheet: &str,
    mut emit: impl FnMut(Vec<String>) -> bool,
) -> Result<(), ImportFileError> {
    let mut cells = book.worksheet_cells_reader(sheet).map_err(from_xlsx)?;
    let mut width = None;
    let mut flush = |row: &mut Vec<String>| {
        if row.is_empty() {
            return true;
        }
        let width = *width.get_or_insert(row.len());
        if row.len() < width {
            row.resize(width, String::new());
        }
        emit(std::mem::take(row))
    };
    let mut row_index = None;
    let mut row = Vec::new();
    while let Some(cell) = cells.next_cell().map_err(from_xlsx)? {
        let (r, c) = cell.get_position();
        if row_index != Some(r) {
            if !flush(&mut row) {
                return Ok(());
            }
            row_index = Some(r);
        }
        let text = cell_text(cell.get_value());
        if text.trim().is_empty() {
            continue;
        }
        let c = usize::try_from(c).unwrap_or(usize::MAX);
        if c >= MAX_COLUMNS {
            return Err(ImportFileError::TooManyColumns);
        }
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = text;
    }
    flush(&mut row);
    Ok(())
}

/// A cell as Excel would show it in a general format: integral numbers without ".0", at most
/// 15 significant digits, dates as YYYY-MM-DD.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::String(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        DataRef::DateTime(d) => datetime_text(d),
        DataRef::DateTimeIso(s) => s
            .strip_suffix("T00:00:00")
            .map_or_else(|| s.replacen('T', " ", 1), str::to_owned),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

fn number_text(f: f64) -> String {
    // Round-tripping through 15 significant digits shows 0.1 + 0.2 as 0.3, as Excel does.
    let shown: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    if shown == 0.0 {
        "0".to_owned()
    } else {
        shown.to_string()
    }
}

fn datetime_text(d: &ExcelDateTime) -> String {
    if d.is_duration() {
        let secs = (d.as_f64() * 86_400.0).round() as i64;
        return format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    }
    let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
    if d.as_f64() < 1.0 {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{mo:02}-{day:02}")
    } else {
        format!("{y:04}-{mo:02}-{day:02} {h:02}:{mi:02}:{s:02}")
    }
}

enum Source {
    Csv {
        rows: Box<csv::Reader<CsvSource>>,
        record: csv::StringRecord,
    },
    /// Rows parsed by a thread that owns the workbook: calamine's cell reader borrows it, so
    /// the two cannot live together in this struct. `None` marks the end of the sheet, so a
    /// thread that died is told apart from a finished one. The thread ends when this end is
    /// dropped.
    Xlsx(mpsc::Receiver<Option<Result<Vec<String>, ImportFileError>>>),
}

/// The rows of an uploaded file: the header row first, then data rows, as owned cell strings.
///
/// Blank rows are skipped. CSV rows keep their own length, so a row shorter or longer than the
/// header reaches the caller as it was written. The iterator ends after the first error.
/// Reading blocks: call it from a blocking task.
pub struct RowReader {
    kind: FileKind,
    header: Option<Vec<String>>,
    source: Source,
    done: bool,
}

impl fmt::Debug for RowReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RowReader")
            .field("kind", &self.kind)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl RowReader {
    /// Opens an uploaded file already saved at `path` and reads its header row.
    ///
    /// # Errors
    /// `TooLarge` over [`MAX_FILE_BYTES`], `Empty` without a single non-blank row, `Encoding`
    /// for text in no supported encoding, `Malformed` for a damaged or legacy workbook.
    pub fn open(path: &Path) -> Result<Self, ImportFileError> {
        let (kind, file) = open_checked(path)?;
        let source = match kind {
            FileKind::Csv => Source::Csv {
                rows: Box::new(csv_rows(file)?),
                record: csv::StringRecord::new(),
            },
            FileKind::Xlsx => {
                let (mut book, sheet) = open_workbook(file)?;
                let (tx, rx) = mpsc::sync_channel(ROWS_IN_FLIGHT);
                thread::Builder::new()
                    .name("import-xlsx".into())
                    .spawn(move || {
                        let sent =
                            xlsx_rows(&mut book, &sheet, |row| tx.send(Some(Ok(row))).is_ok());
                        let _ = tx.send(sent.err().map(Err));
                    })?;
                Source::Xlsx(rx)
            }
        };
        let mut reader = Self {
            kind,
            header: None,
            source,
            done: false,
        };
        match reader.next() {
            Some(Ok(header)) => {
                reader.header = Some(header);
                Ok(reader)
            }
            Some(Err(e)) => Err(e),
            None => Err(ImportFileError::Empty),
        }
    }

    #[must_use]
    pub fn kind(&self) -> FileKind {
        self.kind
    }
}

fn is_blank<'a>(mut cells: impl Iterator<Item = &'a str>) -> bool {
    cells.all(|c| c.trim().is_empty())
}

impl Iterator for RowReader {
    type Item = Result<Vec<String>, ImportFileError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(header) = self.header.take() {
            return Some(Ok(header));
        }
        if self.done {
            return None;
        }
        let item = match &mut self.source {
            Source::Csv { rows, record } => loop {
                match rows.read_record(record) {
                    Ok(false) => break None,
                    Ok(true) if record.len() > MAX_COLUMNS => {
                        break Some(Err(ImportFileError::TooManyColumns))
                    }
                    Ok(true) if record.as_slice().len() > MAX_ROW_BYTES => {
                        break Some(Err(ImportFileError::RowTooLong))
                    }
                    Ok(true) if is_blank(record.iter()) => {}
                    Ok(true) => break Some(Ok(record.iter().map(str::to_owned).collect())),
                    Err(e) => break Some(Err(from_csv(e))),
                }
            },
            Source::Xlsx(rows) => rows.recv().unwrap_or_else(|_| {
                Some(Err(ImportFileError::Malformed(
                    "the worksheet reader stopped".into(),
                )))
            }),
        };
        self.done = !matches!(item, Some(Ok(_)));
        item
    }
}

/// Refuses a file with a stretch between line breaks far longer than a row may be, reading
/// raw bytes in fixed chunks — so that no row is ever held whole to learn it is too long.
/// (A row holds every stretch inside it; the margin covers encodings wider than UTF-8.)
fn check_line_lengths(file: &mut File) -> Result<(), ImportFileError> {
    let limit = 4 * MAX_ROW_BYTES;
    let mut buf = vec![0u8; 256 * 1024];
    // Bytes since the last line break, carried from chunk to chunk.
    let mut run = 0usize;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        let mut pieces = buf[..n].split(|b| *b == b'\n' || *b == b'\r');
        run += pieces.next().map_or(0, <[u8]>::len);
        if run > limit {
            return Err(ImportFileError::RowTooLong);
        }
        for piece in pieces {
            run = piece.len();
            if run > limit {
                return Err(ImportFileError::RowTooLong);
            }
        }
    }
    file.seek(SeekFrom::Start(0))?;
    Ok(())
}

/// Counts data rows (non-blank rows after the header) without keeping them, for a progress
/// bar's total, refusing a CSV row wider or longer than any row may be.
///
/// # Errors
/// As [`RowReader::open`], and for a fault part-way through the file.
pub fn count_rows(path: &Path) -> Result<u64, ImportFileError> {
    let (kind, mut file) = open_checked(path)?;
    let mut rows = 0u64;
    match kind {
        FileKind::Csv => {
            check_line_lengths(&mut file)?;
            let mut reader = csv_rows(file)?;
            let mut record = csv::ByteRecord::new();
            while reader.read_byte_record(&mut record).map_err(from_csv)? {
                // Every row is held to the header's limits here, at upload, not later in a job.
                if record.len() > MAX_COLUMNS {
                    return Err(ImportFileError::TooManyColumns);
                }
                if record.as_slice().len() > MAX_ROW_BYTES {
                    return Err(ImportFileError::RowTooLong);
                }
                let blank = record
                    .iter()
                    .all(|c| std::str::from_utf8(c).is_ok_and(|c| c.trim().is_empty()));
                if !blank {
                    rows += 1;
                }
            }
        }
        FileKind::Xlsx => {
            let (mut book, sheet) = open_workbook(file)?;
            xlsx_rows(&mut book, &sheet, |_| {
                rows += 1;
                true
            })?;
        }
    }
    Ok(rows.saturating_sub(1))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
