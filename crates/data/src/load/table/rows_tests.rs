//! Tests of [`super`]: rows, line numbers and offsets of text and files, cut into parts.
// Test code, compiled only for `cargo test`: a failed unwrap is a failed test.
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

/// `text` as a `;`-delimited source (`quoted`: records may span lines).
fn semicolons(text: &str, quoted: bool) -> Source<'_> {
    Source::Text {
        text,
        delimiter: b';',
        quoted,
    }
}

#[test]
fn line_numbers_with_crlf_blank_lines_and_quoted_breaks() {
    let text = "a;b\r\n\r\n1;\"x\r\ny\"\r\n2;z\r\n";
    let src = semicolons(text, true);
    let got = rows(&src, src.parts(0, 1, text.len(), 1)[0]);
    assert_eq!(got[0].0, 1);
    assert_eq!(got[1], (3, vec!["1".into(), "x\r\ny".into()]));
    assert_eq!(got[2].0, 5);
    let text = "a;b\r\n\r\n1;x\r\n2;z";
    let src = semicolons(text, false);
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
    let src = semicolons(&text, false);
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
/// `text` after a UTF-8 byte-order mark in a file of a fresh folder (kept while it lives).
fn with_bom_in_file(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.csv");
    std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    (dir, path)
}

/// The file of [`with_bom_in_file`] as a source of `text`'s rows.
fn file_source<'a>(path: &'a std::path::Path, text: &str) -> Source<'a> {
    Source::File {
        path,
        skip: 3,
        len: text.len(),
        delimiter: b';',
    }
}

#[test]
fn a_files_parts_are_cut_and_numbered_as_its_texts() {
    // Over the size read in parts: the cuts (after the first line end past each share) and
    // the parts' first line numbers counted from the file on all cores, with a byte-order
    // mark skipped, a header skipped, a line longer than a scan block across a share, CRLF
    // and blank lines.
    let mut text = String::from("k;v\r\n");
    for i in 0..700_000 {
        text.push_str(&format!("{i};{i}\r\n"));
        if i % 1000 == 7 {
            text.push('\n');
        }
        if i == 350_000 {
            text.push_str(&format!("x;{}\n", "y".repeat(3 * SCAN_BLOCK)));
        }
    }
    assert!(text.len() > PARALLEL_FROM);
    let (_dir, path) = with_bom_in_file(&text);
    let file = file_source(&path, &text);
    let plain = semicolons(&text, false);
    for threads in [2, 3, 5, 8] {
        let want = plain.parts(5, 2, text.len(), threads);
        assert_eq!(want.len(), threads, "{threads}");
        assert_eq!(file.parts(5, 2, text.len(), threads), want, "{threads}");
    }
}

#[test]
fn a_file_read_in_growing_blocks_gives_the_rows_of_its_text() {
    // Lines longer than a block (the first line, longer than the first block; one where
    // the blocks have grown), a UTF-8 byte-order mark skipped, CRLF and blank lines, no line end at the
    // end: rows, line numbers and offsets as the text gives them.
    let long = |c: char, n: usize| std::iter::repeat_n(c, n).collect::<String>();
    let mut text = format!("k;{}\r\n1;x\r\n\r\n", long('a', 3 * FIRST_BLOCK));
    for i in 0..200_000 {
        text.push_str(&format!("{i};n{i}\n"));
    }
    text.push_str(&format!("x;{}\n\nlast;ü", long('b', 9 * FIRST_BLOCK)));
    let (_dir, path) = with_bom_in_file(&text);
    let file = file_source(&path, &text);
    let plain = semicolons(&text, false);
    let with_offsets = |src: &Source| {
        let mut out = Vec::new();
        let whole = Part {
            start: 0,
            end: text.len(),
            line: 1,
        };
        src.for_each(whole, |l, o, f| {
            out.push((l, o, f.iter().map(|s| s.len()).collect::<Vec<_>>()));
            true
        })
        .unwrap();
        out
    };
    let want = with_offsets(&plain);
    assert_eq!(want.len(), 200_004);
    assert_eq!(want[0], (1, 0, vec![1, 3 * FIRST_BLOCK]));
    assert_eq!(want[1], (2, 3 * FIRST_BLOCK + 4, vec![1, 1]));
    assert_eq!(with_offsets(&file), want);
    assert_eq!(
        rows(&file, file.parts(0, 1, text.len(), 1)[0])
            .last()
            .unwrap()
            .1,
        ["last", "ü"]
    );
}

#[test]
fn rows_split_by_words_as_by_lines_then_delimiters() {
    // Texts of short fields with CR, blank lines, empty fields, multi-byte characters
    // (whose bytes are never a delimiter) and no line end at the end, cut at every start:
    // the same rows, offsets and line numbers as splitting the lines, then their fields.
    let naive = |text: &str, start: usize| {
        let mut out = Vec::new();
        let mut pos = start;
        for (n, l) in text[start..].split_inclusive('\n').enumerate() {
            let body = l.strip_suffix('\n').unwrap_or(l);
            let body = body.strip_suffix('\r').unwrap_or(body);
            let fields: Vec<String> = body.split(';').map(String::from).collect();
            if !fields.iter().all(|f| f.trim().is_empty()) {
                out.push((7 + n as u64, pos, fields));
            }
            pos += l.len();
        }
        out
    };
    let pieces = [
        "a", ";", "\n", "\r\n", "ü", "12,5", "", " ", ";;", "\n\n", "x\r", "€;",
    ];
    let mut seed = 12345u64;
    for _ in 0..300 {
        let mut text = String::new();
        for _ in 0..(seed % 40) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        let starts = (0..=text.len()).filter(|&i| i == 0 || text.as_bytes()[i - 1] == b'\n');
        for start in starts {
            let src = semicolons(&text, false);
            let part = Part {
                start,
                end: text.len(),
                line: 7,
            };
            let mut got = Vec::new();
            src.for_each(part, |l, o, f| {
                got.push((l, o, f.iter().map(|s| s.to_string()).collect::<Vec<_>>()));
                true
            })
            .unwrap();
            assert_eq!(got, naive(&text, start), "{text:?} from {start}");
        }
    }
}
