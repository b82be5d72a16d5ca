//! Opening a table file: which row source reads it — a large UTF-8 file without quotes
//! streamed from disk by each thread, a spreadsheet sheet, or the decoded text (any other
//! encoding, quoted fields, small files) — and how it was read (encoding, delimiter, the
//! decimal convention to fall back on).

use super::rows::Source;
use super::{TableOptions, TableReading, read};
use crate::load::error::{ErrorKind, LoadError, file_name, read_file};
use crate::load::msg::{LoadMsg, Place};
use crate::load::note::Note;
use crate::load::numbers::DecimalSeparator;
use crate::load::text::decode;
use crate::model::IndicatorTable;
use std::collections::HashMap;
use std::path::Path;

/// Reads a table file.
pub fn load_table(
    path: &Path,
    opts: &TableOptions,
) -> Result<(IndicatorTable, TableReading), LoadError> {
    if let Some(r) = stream_table(path, opts) {
        return r;
    }
    let bytes = read_file(path)?;
    parse_table(&bytes, &file_name(path), opts)
}

/// Large delimited UTF-8 files without quotes are read from disk by each thread, block by
/// block, never held whole; `None` for anything else (small files, spreadsheets, other
/// encodings, quoted fields), which is read whole.
fn stream_table(
    path: &Path,
    opts: &TableOptions,
) -> Option<Result<(IndicatorTable, TableReading), LoadError>> {
    use std::io::Read;
    if let Err(e) = crate::load::error::check_size(path) {
        return Some(Err(e));
    }
    let len = std::fs::metadata(path).ok()?.len() as usize;
    if len < 16 << 20 {
        return None;
    }
    let mut head = vec![0u8; 64 << 10];
    let mut f = std::fs::File::open(path).ok()?;
    let n = f.read(&mut head).ok()?;
    head.truncate(n);
    let skip = if head.starts_with(b"\xef\xbb\xbf") {
        3
    } else {
        0
    };
    // Old Mac line ends (CR only) are read whole, their line ends made LF.
    if crate::load::spreadsheet::is_spreadsheet(&head) || head.contains(&0) || cr_only(&head) {
        return None;
    }
    // The head decides the delimiter; a cut inside a character at its end is allowed.
    let text = match std::str::from_utf8(&head[skip..]) {
        Ok(t) => t,
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&head[skip..skip + e.valid_up_to()]).ok()?
        }
        Err(_) => return None,
    };
    let delimiter = detect_delimiter(text)?;
    let encoding = if skip > 0 { "UTF-8 with BOM" } else { "UTF-8" };
    let how = Reading::delimited(encoding, delimiter);
    let src = Source::File {
        path,
        skip,
        len: len - skip,
        delimiter,
    };
    match read(&src, how, &file_name(path), opts) {
        // A later block in another encoding, or with quoted fields (which may hold line
        // breaks or the delimiter): read whole instead — decoded, or by the csv crate.
        Err(e) if matches!(*e.msg, LoadMsg::NotUtf8 | LoadMsg::QuotedFields) => None,
        r => Some(r),
    }
}

/// How the rows were obtained.
pub(super) struct Reading {
    pub encoding: &'static str,
    pub delimiter_label: String,
    /// The convention when no cell proves the decimal mark.
    pub default_decimal: DecimalSeparator,
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
}

impl Reading {
    /// A delimited text file: `;` and tab separated files follow the German convention for
    /// the decimal mark when nothing in them proves one, `,` and `|` the English.
    fn delimited(encoding: &'static str, delimiter: u8) -> Reading {
        Reading {
            encoding,
            delimiter_label: match delimiter {
                b'\t' => "tab".into(),
                d => (d as char).to_string(),
            },
            default_decimal: if matches!(delimiter, b';' | b'\t') {
                DecimalSeparator::Comma
            } else {
                DecimalSeparator::Point
            },
            sheet: None,
            sheets: Vec::new(),
        }
    }
}

/// Parses table bytes; `source` names the file in messages (and may carry the year of a
/// single-year table, as in `indicators_2022.csv`).
pub fn parse_table(
    bytes: &[u8],
    source: &str,
    opts: &TableOptions,
) -> Result<(IndicatorTable, TableReading), LoadError> {
    let fail = |kind, msg: LoadMsg| LoadError::of_file(kind, source, msg);
    if crate::load::spreadsheet::is_spreadsheet(bytes) {
        let sheet = crate::load::spreadsheet::read_sheet(bytes, opts.sheet.as_deref())
            .map_err(|m| fail(ErrorKind::Content, m))?;
        let how = Reading {
            encoding: "spreadsheet",
            delimiter_label: format!("sheet '{}'", sheet.sheet),
            // Number cells come with a decimal point; text cells may prove otherwise.
            default_decimal: DecimalSeparator::Point,
            sheet: Some(sheet.sheet),
            sheets: sheet.sheets,
        };
        return read(&Source::Rows(&sheet.rows), how, source, opts);
    }
    let (mut text, encoding) = decode(bytes);
    // Classic Mac OS line ends (a lone CR, as old spreadsheet exports write them): no line
    // would end anywhere else.
    let cr_lines = cr_only(text.as_bytes());
    if cr_lines {
        text = std::borrow::Cow::Owned(text.replace('\r', "\n"));
    }
    if text.trim().is_empty() {
        return Err(fail(ErrorKind::Content, LoadMsg::Empty));
    }
    if text.contains('\0') {
        return Err(fail(ErrorKind::Syntax, LoadMsg::BinaryNotTable));
    }
    let delimiter = detect_delimiter(&text).ok_or_else(|| {
        LoadError::new(
            ErrorKind::Content,
            source,
            Some(Place::Line { line: 1 }),
            LoadMsg::OneColumn,
        )
    })?;
    let how = Reading::delimited(encoding.label(), delimiter);
    let src = Source::Text {
        text: &text,
        delimiter,
        quoted: text.contains('"'),
    };
    let (mut table, reading) = read(&src, how, source, opts)?;
    if cr_lines {
        table.warnings.push(Note::CrOnly);
    }
    Ok((table, reading))
}

/// Whether lines end in a lone CR: there is a CR and no LF at all.
fn cr_only(bytes: &[u8]) -> bool {
    memchr::memchr(b'\r', bytes).is_some() && memchr::memchr(b'\n', bytes).is_none()
}

/// The delimiter giving the most lines with one field count (> 1) among the first 50.
fn detect_delimiter(text: &str) -> Option<u8> {
    let head: String = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .collect::<Vec<_>>()
        .join("\n");
    let mut best: Option<(usize, usize, u8)> = None;
    for d in [b';', b'\t', b',', b'|'] {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(d)
            .from_reader(head.as_bytes());
        let counts: Vec<usize> = rdr
            .records()
            .map_while(Result::ok)
            .map(|r| r.len())
            .collect();
        // The most common field count of two or more: title lines above a table (GENESIS
        // exports) must not decide the delimiter.
        let mut freq: HashMap<usize, usize> = HashMap::new();
        for &c in counts.iter().filter(|&&c| c >= 2) {
            *freq.entry(c).or_default() += 1;
        }
        let Some((width, consistent)) = freq.into_iter().max_by_key(|&(w, n)| (n, w)) else {
            continue;
        };
        let score = (consistent, width, d);
        if best.is_none_or(|b| (score.0, score.1) > (b.0, b.1)) {
            best = Some(score);
        }
    }
    best.map(|b| b.2)
}
