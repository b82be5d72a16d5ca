//! Where a table's rows come from, without keeping them: delimited text (borrowed, split in
//! place when the file has no quotes, through the csv crate when it has), or the rows of a
//! spreadsheet sheet. The text is cut into parts at record boundaries so that each core reads
//! one part; every row is handed to a visitor with its 1-based line number.

/// The rows of one table.
pub enum Source<'a> {
    Text {
        text: &'a str,
        delimiter: u8,
        /// The file contains `"`: records may span lines, so the csv crate reads them.
        quoted: bool,
    },
    /// Spreadsheet rows (line = sheet row number).
    Rows(&'a [(u64, Vec<String>)]),
}

/// A part of the source: a byte range of the text (row range of a sheet) and the line number
/// of its first line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub start: usize,
    pub end: usize,
    pub line: u64,
}

/// Files smaller than this are read on one thread: starting threads costs more than it saves.
const PARALLEL_FROM: usize = 4 << 20;

impl Source<'_> {
    /// Bytes of text, or rows of a sheet.
    pub fn len(&self) -> usize {
        match self {
            Source::Text { text, .. } => text.len(),
            Source::Rows(rows) => rows.len(),
        }
    }

    /// Parts of `[from, to)` for `threads` readers. Text with quotes is one part: a quoted
    /// field may hold line breaks, so a cut could fall inside a record.
    pub fn parts(&self, from: usize, from_line: u64, to: usize, threads: usize) -> Vec<Part> {
        let whole = Part {
            start: from,
            end: to,
            line: from_line,
        };
        let Source::Text { text, quoted, .. } = self else {
            return vec![whole];
        };
        if *quoted || threads < 2 || to.saturating_sub(from) < PARALLEL_FROM {
            return vec![whole];
        }
        let bytes = text.as_bytes();
        let mut parts = Vec::with_capacity(threads);
        let (mut start, mut line) = (from, from_line);
        for i in 1..threads {
            let target = from + (to - from) * i / threads;
            if target <= start {
                continue;
            }
            let Some(nl) = bytes[target..to].iter().position(|&b| b == b'\n') else {
                break;
            };
            let end = target + nl + 1;
            parts.push(Part { start, end, line });
            line += count_lines(&bytes[start..end]);
            start = end;
        }
        parts.push(Part {
            start,
            end: to,
            line,
        });
        parts
    }

    /// Calls `visit(line, offset, fields)` for each non-blank row of `part` until it returns
    /// false. `offset` is where the row starts (byte offset; row index for sheets), so that a
    /// later pass can start or stop at a row. Fields are not trimmed.
    pub fn for_each(
        &self,
        part: Part,
        mut visit: impl FnMut(u64, usize, &[&str]) -> bool,
    ) -> Result<(), (u64, String)> {
        match self {
            Source::Rows(rows) => {
                let mut fields: Vec<&str> = Vec::new();
                for (i, (line, cells)) in rows[part.start..part.end].iter().enumerate() {
                    fields.clear();
                    fields.extend(cells.iter().map(String::as_str));
                    if blank(&fields) {
                        continue;
                    }
                    if !visit(*line, part.start + i, &fields) {
                        break;
                    }
                }
                Ok(())
            }
            Source::Text {
                text,
                delimiter,
                quoted: false,
            } => {
                let bytes = text.as_bytes();
                let mut fields: Vec<&str> = Vec::with_capacity(16);
                let (mut pos, mut line) = (part.start, part.line);
                while pos < part.end {
                    let (row_end, next) = match memchr::memchr(b'\n', &bytes[pos..part.end]) {
                        Some(i) => (pos + i, pos + i + 1),
                        None => (part.end, part.end),
                    };
                    let row_end = if row_end > pos && bytes[row_end - 1] == b'\r' {
                        row_end - 1
                    } else {
                        row_end
                    };
                    // The delimiter and line ends are ASCII, so every cut is a char boundary.
                    fields.clear();
                    let mut a = pos;
                    for i in memchr::memchr_iter(*delimiter, &bytes[pos..row_end]) {
                        fields.push(&text[a..pos + i]);
                        a = pos + i + 1;
                    }
                    fields.push(&text[a..row_end]);
                    if !blank(&fields) && !visit(line, pos, &fields) {
                        break;
                    }
                    pos = next;
                    line += 1;
                }
                Ok(())
            }
            Source::Text {
                text,
                delimiter,
                quoted: true,
            } => {
                let bytes = &text.as_bytes()[part.start..part.end];
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .delimiter(*delimiter)
                    .from_reader(bytes);
                let mut record = csv::StringRecord::new();
                // Line numbers counted here: the csv crate's own count is off for CRLF ends.
                let (mut counted_to, mut line) = (0usize, part.line);
                loop {
                    let before = reader.position().byte() as usize;
                    let more = reader.read_record(&mut record).map_err(|e| {
                        let at = e
                            .position()
                            .map(|p| p.byte() as usize)
                            .unwrap_or(before)
                            .min(bytes.len());
                        let l = line + count_lines(&bytes[counted_to.min(at)..at]);
                        (l, e.to_string())
                    })?;
                    if !more {
                        break;
                    }
                    // Where this record starts: the reader reports where it began reading,
                    // before the line ends and blank lines it skipped.
                    let mut start = record
                        .position()
                        .map_or(before, |p| p.byte() as usize)
                        .min(bytes.len());
                    while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                        start += 1;
                    }
                    line += count_lines(&bytes[counted_to.min(start)..start]);
                    counted_to = start;
                    let fields: Vec<&str> = record.iter().collect();
                    if !blank(&fields) && !visit(line, part.start + start, &fields) {
                        break;
                    }
                }
                Ok(())
            }
        }
    }
}

fn blank(fields: &[&str]) -> bool {
    fields.iter().all(|f| f.trim().is_empty())
}

/// Line breaks in `bytes`.
pub fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(src: &Source, part: Part) -> Vec<(u64, Vec<String>)> {
        let mut out = Vec::new();
        src.for_each(part, |l, _, f| {
            out.push((l, f.iter().map(|s| s.to_string()).collect()));
            true
        })
        .unwrap();
        out
    }

    #[test]
    fn line_numbers_with_crlf_blank_lines_and_quoted_breaks() {
        let text = "a;b\r\n\r\n1;\"x\r\ny\"\r\n2;z\r\n";
        let src = Source::Text {
            text,
            delimiter: b';',
            quoted: true,
        };
        let got = rows(&src, src.parts(0, 1, text.len(), 1)[0]);
        assert_eq!(got[0].0, 1);
        assert_eq!(got[1], (3, vec!["1".into(), "x\r\ny".into()]));
        assert_eq!(got[2].0, 5);
        let text = "a;b\r\n\r\n1;x\r\n2;z";
        let src = Source::Text {
            text,
            delimiter: b';',
            quoted: false,
        };
        let got = rows(&src, src.parts(0, 1, text.len(), 1)[0]);
        assert_eq!(got.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 3, 4]);
        assert_eq!(got[2].1, ["2", "z"]);
    }

    #[test]
    fn parts_cut_at_line_ends_and_keep_line_numbers() {
        let mut text = String::from("k;v\n");
        for i in 0..400_000 {
            text.push_str(&format!("{i};{i}\n"));
        }
        let src = Source::Text {
            text: &text,
            delimiter: b';',
            quoted: false,
        };
        let parts = src.parts(4, 2, text.len(), 3);
        assert_eq!(parts.len(), 3);
        let mut all = Vec::new();
        for p in parts {
            all.extend(rows(&src, p));
        }
        assert_eq!(all.len(), 400_000);
        assert!(
            all.iter()
                .enumerate()
                .all(|(i, r)| r.0 == i as u64 + 2 && r.1[0] == i.to_string())
        );
    }
}
