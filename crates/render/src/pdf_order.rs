//! Byte-for-byte reproducible PDFs. svg2pdf keeps a drawing's resources (graphics states,
//! patterns, fonts, …) in a hash map, so the same drawing came out with the entries of its
//! resource dictionaries in another order on every run (the objects themselves, and their
//! numbers, were already in a fixed order). Here the entries of every resource dictionary of
//! the finished file are sorted by name: a permutation of whole lines, so no object moves and
//! the cross-reference table stays true.

/// The dictionaries whose entries are sorted.
const RESOURCE_KINDS: [&[u8]; 6] = [
    b"/XObject <<",
    b"/Pattern <<",
    b"/ExtGState <<",
    b"/Shading <<",
    b"/Font <<",
    b"/ColorSpace <<",
];

/// Sorts the entries of every resource dictionary in a PDF written by pdf-writer (one entry a
/// line, the dictionary's closing `>>` on a line of its own); stream data is skipped. A
/// dictionary written otherwise is left as it is.
pub(crate) fn sort_resource_entries(pdf: &mut [u8]) {
    let mut i = 0;
    while i < pdf.len() {
        let end = line_end(pdf, i);
        let line = pdf[i..end].trim_ascii();
        if line == b"stream" {
            // The stream's bytes are not lines; go on after them.
            match memchr::memmem::find(&pdf[end..], b"\nendstream") {
                Some(k) => i = end + k + 1,
                None => return,
            }
            continue;
        }
        if RESOURCE_KINDS.contains(&line) {
            i = sort_block(pdf, end + 1);
            continue;
        }
        i = end + 1;
    }
}

/// Sorts the entry lines from `start` up to the line that closes the dictionary; returns
/// where scanning goes on.
fn sort_block(pdf: &mut [u8], start: usize) -> usize {
    let mut lines: Vec<Vec<u8>> = Vec::new();
    let mut j = start;
    while j < pdf.len() {
        let e = line_end(pdf, j);
        let t = pdf[j..e].trim_ascii();
        if t == b">>" {
            if !lines.is_empty() {
                lines.sort();
                let joined = lines.join(&b'\n');
                // The same lines in another order: the same length.
                if joined.len() == j - 1 - start {
                    pdf[start..j - 1].copy_from_slice(&joined);
                }
            }
            return e + 1;
        }
        let one_entry = t.first() == Some(&b'/')
            && memchr::memmem::find(t, b"<<").is_none()
            && memchr::memmem::find(t, b">>").is_none();
        if !one_entry {
            return j;
        }
        lines.push(pdf[j..e].to_vec());
        j = e + 1;
    }
    j
}

fn line_end(b: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &b[from..]).map_or(b.len(), |k| from + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_entries_are_sorted_and_streams_left_alone() {
        let text = b"1 0 obj\n<<\n  /Resources <<\n    /ExtGState <<\n      /gs2 5 0 R\n      /gs10 4 0 R\n      /gs1 6 0 R\n    >>\n    /Font <<\n      /f0 7 0 R\n    >>\n  >>\n>>\nendobj\n\n2 0 obj\n<<\n  /Length 40\n>>\nstream\n/ExtGState <<\n/b 1 0 R\n/a 2 0 R\n>>\nendstream\nendobj\n";
        let mut pdf = text.to_vec();
        sort_resource_entries(&mut pdf);
        let out = String::from_utf8(pdf).unwrap();
        assert!(out.contains(
            "/ExtGState <<\n      /gs1 6 0 R\n      /gs10 4 0 R\n      /gs2 5 0 R\n    >>"
        ));
        // Inside the stream nothing moved.
        assert!(out.contains("stream\n/ExtGState <<\n/b 1 0 R\n/a 2 0 R\n>>\nendstream"));
        assert_eq!(out.len(), text.len());
    }

    #[test]
    fn a_dictionary_written_otherwise_is_left_alone() {
        let text =
            b"    /Pattern <<\n      /p1 <<\n        /x 1\n      >>\n      /p0 3 0 R\n    >>\n";
        let mut pdf = text.to_vec();
        sort_resource_entries(&mut pdf);
        assert_eq!(pdf, text.to_vec());
    }
}
