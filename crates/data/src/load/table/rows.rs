//! Where a table's rows come from, without keeping them: delimited text (borrowed, split in
//! place when the file has no quotes, through the csv crate when it has), or the rows of a
//! spreadsheet sheet. The text is cut into parts at record boundaries so that each core reads
//! one part; every row is handed to a visitor with its 1-based line number.

use crate::load::msg::LoadMsg;

/// The rows of one table.
pub enum Source<'a> {
    /// A large UTF-8 file without quotes, read from disk block by block by each part's
    /// thread: the text is never held whole. A block with a quote stops the reading with
    /// [`LoadMsg::QuotedFields`] (the file is then read whole, as quoted text).
    File {
        path: &'a std::path::Path,
        /// Bytes before the text (a UTF-8 byte-order mark).
        skip: usize,
        len: usize,
        delimiter: u8,
    },
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

/// Bytes read at a time from a file source: a block about the size of a core's second-level
/// cache, so that its rows are split while the read's copy is still in the cache, and each
/// part's buffer is a megabyte of memory rather than 8 (fresh pages cost ≈ 1.2 µs each on the
/// reference machine). 8 MB blocks made a 10 000-district export 3 % and a 100 000-district
/// load 2 % slower, its peak 12 MB higher.
const BLOCK: usize = 1 << 20;
/// Bytes read first (then four times as many each time, up to `BLOCK`).
const FIRST_BLOCK: usize = 128 << 10;

/// Fills `buf` as far as the reader allows (short reads are retried).
fn read_full(r: &mut impl std::io::Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// Files smaller than this are read on one thread: starting threads costs more than it saves.
const PARALLEL_FROM: usize = 4 << 20;

impl Source<'_> {
    /// Bytes of text, or rows of a sheet.
    pub fn len(&self) -> usize {
        match self {
            Source::File { len, .. } => *len,
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
        let bytes: &[u8] = match self {
            Source::Text { quoted: true, .. } | Source::Rows(_) => return vec![whole],
            _ if threads < 2 || to.saturating_sub(from) < PARALLEL_FROM => return vec![whole],
            Source::Text { text, .. } => text.as_bytes(),
            Source::File { path, skip, .. } => {
                return file_parts(path, *skip, whole, threads).unwrap_or_else(|_| vec![whole]);
            }
        };
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
    ) -> Result<(), (u64, LoadMsg)> {
        match self {
            Source::File {
                path,
                skip,
                delimiter,
                ..
            } => file_rows(path, *skip, *delimiter, part, &mut visit),
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
                plain_rows(text, part, *delimiter, &mut visit);
                Ok(())
            }
            Source::Text {
                text,
                delimiter,
                quoted: true,
            } => quoted_rows(text, *delimiter, part, &mut visit),
        }
    }
}

/// [`Source::for_each`] of a file read from disk block by block: `visit` sees each block's
/// rows split in place.
fn file_rows(
    path: &std::path::Path,
    skip: usize,
    delimiter: u8,
    part: Part,
    visit: &mut impl FnMut(u64, usize, &[&str]) -> bool,
) -> Result<(), (u64, LoadMsg)> {
    use std::io::{Read, Seek, SeekFrom};
    let io = |e: std::io::Error| {
        let detail = e.to_string();
        (part.line, LoadMsg::CannotRead { detail })
    };
    let mut file = std::fs::File::open(path).map_err(io)?;
    file.seek(SeekFrom::Start((skip + part.start) as u64))
        .map_err(io)?;
    let mut file = file.take((part.end - part.start) as u64);
    // Blocks of whole lines; the unfinished last line is carried to the next. The
    // first block is small (the head and the provisional decisions read a few
    // rows), the later ones grow to `BLOCK`; the buffer is zeroed once, as it grows.
    let mut buf: Vec<u8> = Vec::new();
    let (mut kept, mut block) = (0, FIRST_BLOCK);
    let (mut offset, mut line) = (part.start, part.line);
    let mut done = false;
    while !done {
        if buf.len() < kept + block {
            // With room for a carried line, so that it seldom grows again (and
            // exactly: doubling would leave half of a large block unused).
            let len = kept + block + block / 16;
            buf.reserve_exact(len - buf.len());
            buf.resize(len, 0);
        }
        let n = read_full(&mut file, &mut buf[kept..kept + block]).map_err(io)?;
        // A quoted field may hold the delimiter or a line break, which the split
        // in place would cut: the caller reads such a file whole, with the csv
        // crate. Looked for here, in every block as it is read by its part's
        // thread, rather than in a pass of its own over the file first.
        if memchr::memchr(b'"', &buf[kept..kept + n]).is_some() {
            return Err((line, LoadMsg::QuotedFields));
        }
        let filled = kept + n;
        done = n == 0;
        block = (block * 4).min(BLOCK);
        let cut = if done {
            filled
        } else {
            match memchr::memrchr(b'\n', &buf[..filled]) {
                Some(i) => i + 1,
                None => {
                    // A line longer than the block: read on after it.
                    kept = filled;
                    continue;
                }
            }
        };
        // Not UTF-8: the caller reads the whole file and decodes it instead (Windows-1252).
        let text = std::str::from_utf8(&buf[..cut]).map_err(|_| (line, LoadMsg::NotUtf8))?;
        let block = Part {
            start: 0,
            end: text.len(),
            line,
        };
        let go = plain_rows(text, block, delimiter, &mut |l, o, f| {
            visit(l, offset + o, f)
        });
        if !go {
            break;
        }
        line += count_lines(&buf[..cut]);
        offset += cut;
        buf.copy_within(cut..filled, 0);
        kept = filled - cut;
    }
    Ok(())
}

/// [`Source::for_each`] of text with quoted fields, read by the csv crate (records may span
/// lines); line numbers counted here.
fn quoted_rows(
    text: &str,
    delimiter: u8,
    part: Part,
    visit: &mut impl FnMut(u64, usize, &[&str]) -> bool,
) -> Result<(), (u64, LoadMsg)> {
    let bytes = &text.as_bytes()[part.start..part.end];
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
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
            let detail = e.to_string();
            (l, LoadMsg::Csv { detail })
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

/// Parts of a file source: cuts after the first line end past each share; the lines before
/// each cut counted on all cores (a stretch each), read in blocks that stay in the cache —
/// counted on one core through the first half of a 179 MB table, the parts' readers waited
/// ≈ 40 ms for their first line numbers.
fn file_parts(
    path: &std::path::Path,
    skip: usize,
    whole: Part,
    threads: usize,
) -> std::io::Result<Vec<Part>> {
    let len = whole.end - whole.start;
    let mut ends = Vec::with_capacity(threads);
    let mut from = whole.start;
    for i in 1..threads {
        let target = (whole.start + len * i / threads).max(from);
        let Some(end) = line_end_from(path, skip + target, skip + whole.end)? else {
            break;
        };
        from = end - skip;
        ends.push(from);
    }
    // Stretches of about equal length from the start to the last cut, cut at each part's end.
    let counted_to = ends.last().copied().unwrap_or(whole.start);
    let mut cuts: Vec<usize> = (1..threads)
        .map(|i| whole.start + (counted_to - whole.start) * i / threads)
        .chain(ends.iter().copied())
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let mut at = whole.start;
    let stretches: Vec<(usize, usize)> = cuts
        .iter()
        .filter_map(|&c| {
            let stretch = (at < c).then_some((at, c));
            at = at.max(c);
            stretch
        })
        .collect();
    let counts = crate::parallel::map(&stretches, |&(a, b)| lines_in(path, skip + a, skip + b));
    let mut counted = stretches.iter().zip(counts);
    let mut parts = Vec::with_capacity(ends.len() + 1);
    let (mut start, mut line) = (whole.start, whole.line);
    for end in ends {
        parts.push(Part { start, end, line });
        // The next part's first line: the line ends of the stretches up to this part's end.
        for (&(_, b), n) in counted.by_ref() {
            line += n?;
            if b == end {
                break;
            }
        }
        start = end;
    }
    parts.push(Part {
        start,
        end: whole.end,
        line,
    });
    Ok(parts)
}

/// Bytes read at a time where a file is only searched or counted: they stay in the cache.
const SCAN_BLOCK: usize = 256 << 10;

/// The bytes `[from, to)` of the file, to be read.
fn byte_range(
    path: &std::path::Path,
    from: usize,
    to: usize,
) -> std::io::Result<std::io::Take<std::fs::File>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(from as u64))?;
    Ok(file.take(to.saturating_sub(from) as u64))
}

/// The position after the first line end in `[from, to)` of the file (None: there is none).
fn line_end_from(path: &std::path::Path, from: usize, to: usize) -> std::io::Result<Option<usize>> {
    let mut file = byte_range(path, from, to)?;
    let mut buf = vec![0u8; 64 << 10];
    let mut pos = from;
    loop {
        let n = read_full(&mut file, &mut buf)?;
        if n == 0 {
            return Ok(None);
        }
        if let Some(nl) = memchr::memchr(b'\n', &buf[..n]) {
            return Ok(Some(pos + nl + 1));
        }
        pos += n;
    }
}

/// Line ends in `[from, to)` of the file.
fn lines_in(path: &std::path::Path, from: usize, to: usize) -> std::io::Result<u64> {
    let mut file = byte_range(path, from, to)?;
    let mut buf = vec![0u8; SCAN_BLOCK];
    let mut lines = 0;
    loop {
        match read_full(&mut file, &mut buf)? {
            0 => return Ok(lines),
            n => lines += count_lines(&buf[..n]),
        }
    }
}

/// Rows of text without quotes, split in place; false when `visit` stopped early.
///
/// The text is scanned eight bytes at a time for delimiters and line ends together (one mask
/// per word), rather than searched for each line end and then each delimiter: the searches'
/// set-up cost more than the rows' few bytes (1.7× the scan's time on a long table).
fn plain_rows(
    text: &str,
    part: Part,
    delimiter: u8,
    visit: &mut impl FnMut(u64, usize, &[&str]) -> bool,
) -> bool {
    let bytes = &text.as_bytes()[..part.end];
    let mut fields: Vec<&str> = Vec::with_capacity(16);
    // Where the row and its current field start, and the row's line.
    let (mut row, mut field, mut line) = (part.start, part.start, part.line);
    let mut at = part.start;
    while at < part.end {
        let mut found = match bytes.get(at..at + 8) {
            Some(w) => {
                let w = u64::from_le_bytes(w.try_into().unwrap_or_default());
                byte_mask(w, delimiter) | byte_mask(w, b'\n')
            }
            None => bytes[at..]
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == delimiter || **b == b'\n')
                .fold(0, |m, (k, _)| m | 0x80 << (8 * k)),
        };
        while found != 0 {
            let i = at + (found.trailing_zeros() / 8) as usize;
            found &= found - 1;
            if bytes[i] == b'\n' {
                last_field(text, field, i, &mut fields);
                if !blank(&fields) && !visit(line, row, &fields) {
                    return false;
                }
                fields.clear();
                line += 1;
                row = i + 1;
                field = i + 1;
            } else {
                fields.push(&text[field..i]);
                field = i + 1;
            }
        }
        at += 8;
    }
    if row < part.end {
        last_field(text, field, part.end, &mut fields);
        return blank(&fields) || visit(line, row, &fields);
    }
    true
}

/// The last field of a row ending before `end` (a line end, or the text's end), without a
/// `\r` before it.
fn last_field<'t>(text: &'t str, field: usize, end: usize, fields: &mut Vec<&'t str>) {
    let end = if end > field && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    // The delimiter and line ends are ASCII, so every cut is a char boundary.
    fields.push(&text[field..end]);
}

/// The high bit of each byte of `w` (little-endian) that equals `b`, and no other bit: exact,
/// as no byte's sum carries into the next.
fn byte_mask(w: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = w ^ (0x0101_0101_0101_0101 * u64::from(b));
    !(((x & LOW7) + LOW7) | x | LOW7)
}

fn blank(fields: &[&str]) -> bool {
    fields
        .iter()
        .all(|f| f.bytes().all(|b| b.is_ascii_whitespace()))
}

/// `str::trim` for table cells, without its general search when neither end is white space
/// (nearly every cell): the trims of all cells were a tenth of reading a large table.
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b))
            if !a.is_ascii_whitespace() && !b.is_ascii_whitespace() && *a < 0x80 && *b < 0x80 =>
        {
            s
        }
        _ => s.trim(),
    }
}

/// Line breaks in `bytes`.
pub fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Runs `work` on each part, one thread per part (in place for one part); results in file
/// order, the first error in file order.
pub fn on_parts<T: Send>(
    parts: &[Part],
    work: impl Fn(Part) -> Result<T, (u64, LoadMsg)> + Sync,
) -> Result<Vec<T>, (u64, LoadMsg)> {
    if parts.len() <= 1 {
        return parts.iter().map(|&p| work(p)).collect();
    }
    std::thread::scope(|s| {
        let work = &work;
        let handles: Vec<_> = parts.iter().map(|&p| s.spawn(move || work(p))).collect();
        handles
            .into_iter()
            .map(|h| {
                // A panic in a reader would be a bug; report it rather than crash.
                h.join()
                    .unwrap_or_else(|_| Err((0, LoadMsg::ReaderStopped)))
            })
            .collect()
    })
}

#[cfg(test)]
#[path = "rows_tests.rs"]
mod tests;
