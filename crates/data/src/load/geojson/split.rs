//! Reading a large FeatureCollection on all cores: its text cut at its features without
//! parsing them — one look at the bytes that matter (quotes and braces, found with
//! `memchr`), string escapes respected — then each feature parsed, and its geometry built,
//! on the core that took it. The rest of the document (type, crs, members after the
//! features) is parsed with an empty feature array in place.
//!
//! Files on disk are read as they arrive instead ([`super::stream`]); this cuts text already
//! in memory (an unpacked archive) and a file that reading left to the whole text.
//!
//! The cut is only a shortcut. Whatever the scanner does not expect (a feature that is not an
//! object, text after the document, unbalanced braces) gives `None`, and the caller parses the
//! whole file in one piece — so a malformed file is reported exactly as before, with its line
//! and column.

use super::raw::{RawDoc, RawFeature, ReadFeature, read_feature};
use std::ops::Range;

/// Files from this size are cut at their features and read on all cores.
pub(super) const PARALLEL_FROM: usize = 1 << 20;

/// A large FeatureCollection read on all cores: cut at its features ([`split`]), each
/// feature parsed and its geometry built where it was parsed. `None` whenever anything is
/// not as expected: then the file is read whole, and reported as it always was.
pub(super) fn read_in_parallel(bytes: &[u8]) -> Option<(RawDoc, Vec<ReadFeature>)> {
    if bytes.len() < PARALLEL_FROM {
        return None;
    }
    let cut = split(bytes)?;
    let doc: RawDoc = serde_json::from_slice(&cut.head).ok()?;
    if doc.kind.as_deref() != Some("FeatureCollection") {
        return None;
    }
    let read = crate::parallel::map(&cut.features, |r| {
        serde_json::from_slice::<RawFeature>(&bytes[r.clone()])
            .ok()
            .map(read_feature)
    });
    Some((doc, read.into_iter().collect::<Option<Vec<_>>>()?))
}

/// A FeatureCollection cut at its features.
pub(super) struct Split {
    /// The document with `"features": []`: its other members, parsed as before.
    pub head: Vec<u8>,
    /// Each feature's object, in file order.
    pub features: Vec<Range<usize>>,
}

/// The features of `bytes` (a JSON object whose top level has a `features` array of
/// objects), or `None` when the text is not plainly that. A large file's features are cut on
/// two cores: the second half from a guessed feature start, taken only when the cut of the
/// first half arrives at exactly that place (the cut from a feature start on is the same
/// whoever makes it); a wrong guess costs the second core's work, not the result.
pub(super) fn split(bytes: &[u8]) -> Option<Split> {
    let array = features_array(bytes)?;
    let first = skip_ws(bytes, array.start + 1);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let guess = (cores > 1 && bytes.len() >= SPLIT_ON_TWO_FROM)
        .then(|| feature_start_after(bytes, first + (bytes.len() - first) / 2))
        .flatten();
    let (features, end) = cut_features(bytes, first, guess)?;
    Some(with_head(bytes, array.start..end + 1, features))
}

/// Files from this size are cut at their features on two cores.
const SPLIT_ON_TWO_FROM: usize = 4 << 20;

/// Where the features from `first` (the first one's brace, or the array's end) are, and the
/// array's closing bracket; the part from `guess` (a feature start, if it is one) on is cut
/// on a second thread.
fn cut_features(
    bytes: &[u8],
    first: usize,
    guess: Option<usize>,
) -> Option<(Vec<Range<usize>>, usize)> {
    let Some(g) = guess.filter(|&g| g > first) else {
        return match features_from(bytes, first, None)? {
            (features, Ended::Array(end)) => Some((features, end)),
            (_, Ended::At) => None,
        };
    };
    std::thread::scope(|s| {
        let tail = s.spawn(move || features_from(bytes, g, None));
        let head = features_from(bytes, first, Some(g));
        // Joined whatever the head found: a panic there would be a bug, and is a `None` here.
        let tail = tail.join().ok().flatten();
        match head? {
            (features, Ended::Array(end)) => Some((features, end)),
            (mut features, Ended::At) => match tail? {
                (rest, Ended::Array(end)) => {
                    features.extend(rest);
                    Some((features, end))
                }
                (_, Ended::At) => None,
            },
        }
    })
}

/// How a run of features ended: at the array's closing bracket, or at the place it was asked
/// to stop at (a feature start).
enum Ended {
    Array(usize),
    At,
}

/// The features from the feature start (or the array's end) `at` on, until the array's end
/// or until the feature starting at `stop`; `None` when the text is not plainly features.
fn features_from(
    bytes: &[u8],
    mut at: usize,
    stop: Option<usize>,
) -> Option<(Vec<Range<usize>>, Ended)> {
    let mut features = Vec::new();
    if bytes.get(at) == Some(&b']') {
        return Some((features, Ended::Array(at)));
    }
    loop {
        if stop == Some(at) {
            return Some((features, Ended::At));
        }
        if bytes.get(at) != Some(&b'{') {
            return None;
        }
        let end = object_end(bytes, at)?;
        features.push(at..end);
        at = skip_ws(bytes, end);
        match bytes.get(at) {
            Some(b',') => at = skip_ws(bytes, at + 1),
            Some(b']') => return Some((features, Ended::Array(at))),
            _ => return None,
        }
    }
}

/// The first brace from `from` on that looks like the start of a feature after another
/// (`}` `,` `{`, white space between), or `None` within the next 16 MB.
fn feature_start_after(bytes: &[u8], from: usize) -> Option<usize> {
    let end = bytes.len().min(from.saturating_add(16 << 20));
    memchr::memchr_iter(b'{', bytes.get(from..end)?)
        .map(|i| from + i)
        .find(|&at| looks_like_feature_start(bytes, at))
}

/// Whether the brace at `at` follows `}` `,` (white space between): the start of a feature
/// after another — or of an object after another inside one, or text in a string.
pub(super) fn looks_like_feature_start(bytes: &[u8], at: usize) -> bool {
    let before = |at: usize| bytes[..at].iter().rposition(|b| !b.is_ascii_whitespace());
    before(at).is_some_and(|c| bytes[c] == b',' && before(c).is_some_and(|b| bytes[b] == b'}'))
}

fn with_head(bytes: &[u8], array: Range<usize>, features: Vec<Range<usize>>) -> Split {
    let mut head = Vec::with_capacity(bytes.len() - array.len() + 2);
    head.extend_from_slice(&bytes[..array.start]);
    head.extend_from_slice(b"[]");
    head.extend_from_slice(&bytes[array.end..]);
    Split { head, features }
}

pub(super) fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
        at += 1;
    }
    at
}

/// The end (exclusive) of the string starting at the quote `at`.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut from = at + 1;
    loop {
        let q = from + memchr::memchr(b'"', &bytes[from..])?;
        let backslashes = bytes[from..q]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes % 2 == 0 {
            return Some(q + 1);
        }
        from = q + 1;
    }
}

/// The end (exclusive) of the object starting at the brace `at`. Arrays need no count:
/// inside a well-formed object they are balanced, and anything else is caught by the parser.
pub(super) fn object_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut from = at;
    loop {
        let i = from + memchr::memchr3(b'"', b'{', b'}', &bytes[from..])?;
        match bytes[i] {
            b'"' => {
                from = string_end(bytes, i)?;
                continue;
            }
            b'{' => depth += 1,
            _ => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
        }
        from = i + 1;
    }
}

/// The `[`…`]` value of the top-level member `features` (its start; the end is found by
/// [`split`]), scanning the members before it.
pub(super) fn features_array(bytes: &[u8]) -> Option<Range<usize>> {
    let mut at = skip_ws(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_ws(bytes, at + 1);
    loop {
        if bytes.get(at) != Some(&b'"') {
            return None;
        }
        let name_end = string_end(bytes, at)?;
        let name = &bytes[at + 1..name_end - 1];
        at = skip_ws(bytes, name_end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        at = skip_ws(bytes, at + 1);
        if name == b"features" {
            return (bytes.get(at) == Some(&b'[')).then_some(at..at + 1);
        }
        at = skip_ws(bytes, value_end(bytes, at)?);
        match bytes.get(at) {
            Some(b',') => at = skip_ws(bytes, at + 1),
            _ => return None,
        }
    }
}

/// The end (exclusive) of any JSON value starting at `at` (members before the features:
/// type, name, crs, bbox — small, so counted byte by byte).
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => string_end(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match bytes.get(i)? {
                    b'"' => {
                        i = string_end(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let len = bytes[at..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace())?;
            Some(at + len)
        }
    }
}

/// Texts that are not plainly a FeatureCollection's features (what the cut and the reading
/// as the file arrives leave to the parser).
#[cfg(test)]
pub(super) const NOT_PLAINLY_FEATURES: [&str; 9] = [
    r#"{"type": "Feature", "geometry": null}"#,
    r#"{"features": [null]}"#,
    r#"{"features": [{"a": 1} {"b": 2}]}"#,
    r#"{"features": [{"a": 1},]}"#,
    r#"{"features": [,{"a": 1}]}"#,
    r#"{"features": [{"a": "unterminated}]}"#,
    r#"{"features": [{"a": {"b": 1}]}"#,
    r#"{"features": {"a": 1}}"#,
    r#"[{"features": []}]"#,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(s: &str) -> Option<(String, Vec<String>)> {
        let sp = split(s.as_bytes())?;
        let head = String::from_utf8(sp.head).ok()?;
        Some((
            head,
            sp.features.into_iter().map(|r| s[r].to_string()).collect(),
        ))
    }

    #[test]
    fn features_are_cut_with_strings_and_nesting_respected() {
        let doc = r#"{"type": "FeatureCollection", "name": "a\"}{", "bbox": [1, 2],
          "crs": {"type": "name", "properties": {"name": "EPSG:4326"}},
          "features": [ {"type": "Feature", "properties": {"n": "}\\", "o": {"p": [{}]}}},
            {"type":"Feature","geometry":null} ], "x": 1}"#;
        let (head, features) = cut(doc).unwrap();
        assert!(head.contains(r#""features": [], "x": 1}"#), "{head}");
        assert_eq!(features.len(), 2);
        assert_eq!(
            features[0],
            r#"{"type": "Feature", "properties": {"n": "}\\", "o": {"p": [{}]}}}"#
        );
        assert_eq!(features[1], r#"{"type":"Feature","geometry":null}"#);
        let (head, features) = cut(r#"{"features":[],"type":"FeatureCollection"}"#).unwrap();
        assert_eq!(head, r#"{"features":[],"type":"FeatureCollection"}"#);
        assert!(features.is_empty());
    }

    #[test]
    fn a_guessed_start_gives_what_one_thread_cuts() {
        // Nested objects in arrays (`},{` inside a feature), the same in strings, escapes:
        // from every brace, quote and comma taken for a feature start the second half's cut
        // is used only when the first half's arrives there, and the cut is the same.
        let good = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"a":[{"x":1},{"y":"},{"}]}},
            {"type":"Feature","properties":{"s":"\"},{\""},"geometry":null} ,
            {"type":"Feature","properties":{"o":{"p":[{},{}]}}},{"type":"Feature"}
        ]}"#;
        // The same with a fault after the middle (no comma between two features).
        let bad = good.replace(r#"}}},{"type":"Feature"}"#, r#"}}} {"type":"Feature"}"#);
        for doc in [good, bad.as_str()] {
            let b = doc.as_bytes();
            let first = skip_ws(b, features_array(b).unwrap().start + 1);
            let one = cut_features(b, first, None);
            assert_eq!(one.is_some(), doc == good);
            let tried = b
                .iter()
                .enumerate()
                .filter(|(_, c)| matches!(c, b'{' | b'"' | b','))
                .map(|(i, _)| i)
                .chain([b.len() - 1, b.len() + 5]);
            for g in tried {
                assert_eq!(cut_features(b, first, Some(g)), one, "guess {g}");
            }
            let half = feature_start_after(b, first + (b.len() - first) / 2);
            assert_eq!(cut_features(b, first, half), one);
        }
        let b = good.as_bytes();
        let first = skip_ws(b, features_array(b).unwrap().start + 1);
        let (features, _) = cut_features(b, first, None).unwrap();
        assert_eq!(features.len(), 4);
        // A guess may be a nested object (then the cut above is one thread's), or a feature.
        let nested = feature_start_after(b, first + 1).unwrap();
        assert!(nested < features[0].end && features.iter().all(|f| f.start != nested));
        assert_eq!(
            feature_start_after(b, features[1].end),
            Some(features[2].start)
        );
    }

    #[test]
    fn anything_unexpected_is_left_to_the_parser() {
        for doc in NOT_PLAINLY_FEATURES {
            assert!(split(doc.as_bytes()).is_none(), "{doc}");
        }
    }
}
