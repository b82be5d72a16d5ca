//! Tests of reading a FeatureCollection as it arrives: at every block size the same features
//! and document as the cut of the whole text, and `None` for whatever the cut refuses.

use super::*;
use crate::load::geojson::split::{NOT_PLAINLY_FEATURES, split};

/// The document and each feature's text, read as it arrives in blocks of `block` bytes (the
/// first block too) on `workers` threads.
fn streamed(doc: &str, block: usize, workers: usize) -> Option<(String, Vec<String>)> {
    let bytes = doc.as_bytes();
    let first = bytes[..block.min(bytes.len())].to_vec();
    let rest = &bytes[first.len()..];
    let (head, features) = stream(first, rest, block, workers, |t| {
        String::from_utf8(t.to_vec()).ok()
    })?;
    Some((String::from_utf8(head).ok()?, features.concat()))
}

/// The same from the cut of the whole text.
fn cut(doc: &str) -> Option<(String, Vec<String>)> {
    let sp = split(doc.as_bytes())?;
    let texts = sp.features.into_iter().map(|r| doc[r].to_string());
    Some((String::from_utf8(sp.head).ok()?, texts.collect()))
}

/// Where the features array's text begins (after its bracket).
fn features_start(doc: &str) -> usize {
    let b = doc.as_bytes();
    features_array(b).unwrap().end
}

/// Strings with braces, brackets and escapes, nested objects: nothing inside a feature (not
/// even in a string) that looks like the start of the next one.
const PLAIN: &str = r#"{"type":"FeatureCollection","name":"a\"}{[","bbox":[1,2],
  "features": [
    {"type":"Feature","properties":{"a":{"x":[1,{"y":"}{"}]},"e":"\\"},"geometry":null} ,
    {"type":"Feature","properties":{"s":"\"} ]{\"["},"geometry":{"type":"Point","coordinates":[1,2]}},
    {"type":"Feature","properties":{"o":{"p":{}}}},{"type":"Feature"}
  ] , "crs":{"type":"name","properties":{"name":"EPSG:4326"}}}"#;

/// Objects in arrays inside features and `},{` in a string: guesses of a feature start that
/// the block's scan refutes.
const NESTED: &str = r#"{"type":"FeatureCollection","features": [
    {"type":"Feature","properties":{"a":[{"x":1},{"y":"},{"}],"e":"\\"},"geometry":null} ,
    {"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]}, {"type":"Point","coordinates":[3,4]}]}},
    {"type":"Feature","properties":{"o":{"p":[{},{}]},"s":"\"},{\""}},{"type":"Feature"}
  ]}"#;

#[test]
fn every_block_size_reads_what_the_whole_text_cuts() {
    let whole = cut(PLAIN).unwrap();
    assert_eq!(whole.1.len(), 4);
    // The members before the features must lie in the first block; from there on every
    // block size, down to single bytes (features, strings and escapes cut anywhere).
    for block in features_start(PLAIN)..PLAIN.len() + 3 {
        for workers in [1, 2, 3] {
            assert_eq!(
                streamed(PLAIN, block, workers).as_ref(),
                Some(&whole),
                "block {block}, {workers} workers"
            );
        }
    }
    // An empty collection, and the features array last.
    for doc in [
        r#"{"features":[],"type":"FeatureCollection"}"#,
        r#"{"type":"FeatureCollection","features":[ {"a":1} ]}"#,
    ] {
        for block in features_start(doc)..doc.len() + 1 {
            assert_eq!(
                streamed(doc, block, 2),
                cut(doc),
                "{doc} in blocks of {block}"
            );
        }
    }
}

#[test]
fn a_wrong_guess_of_a_feature_start_is_never_taken() {
    let whole = cut(NESTED).unwrap();
    assert_eq!(whole.1.len(), 4);
    let mut refused = 0;
    for block in features_start(NESTED)..NESTED.len() + 3 {
        match streamed(NESTED, block, 2) {
            Some(read) => assert_eq!(read, whole, "block {block}"),
            None => refused += 1,
        }
    }
    assert!(refused > 0, "some blocks end where a guess is wrong");
    assert!(streamed(NESTED, NESTED.len(), 2).is_some(), "one block");
}

#[test]
fn members_before_the_features_beyond_the_first_block_leave_it_to_the_whole_text() {
    for block in 1..features_start(PLAIN) {
        assert_eq!(streamed(PLAIN, block, 2), None, "block {block}");
    }
}

#[test]
fn anything_unexpected_or_cut_short_is_none() {
    for doc in NOT_PLAINLY_FEATURES {
        for block in [doc.len(), 16, 5] {
            assert_eq!(streamed(doc, block, 2), None, "{doc} in blocks of {block}");
        }
    }
    // The file ending anywhere inside the features array.
    let end = PLAIN.find("] ,").unwrap();
    let start = features_start(PLAIN);
    for cut_at in start..=end {
        for block in [start, 64] {
            assert_eq!(
                streamed(&PLAIN[..cut_at], block, 2),
                None,
                "cut at {cut_at}, blocks of {block}"
            );
        }
    }
}

#[test]
fn a_feature_that_does_not_parse_fails_the_whole() {
    let doc = r#"{"features":[{"a":1},{"a":2},{"a":3}]}"#;
    let bytes = doc.as_bytes();
    let block = features_start(doc);
    let parse = |t: &[u8]| (t != br#"{"a":2}"#).then_some(t.len());
    let read = stream(bytes[..block].to_vec(), &bytes[block..], block, 2, parse);
    assert!(read.is_none());
    let read = stream(bytes[..block].to_vec(), &bytes[block..], block, 2, |t| {
        Some(t.len())
    });
    assert_eq!(read.map(|r| r.1.concat()), Some(vec![7, 7, 7]));
}

#[test]
fn a_feature_longer_than_many_blocks_is_read_in_one() {
    let long = format!(
        r#"{{"features":[{{"a":1}},{{"s":"{}","t":[{{"u":1}}, {{"v":2}}]}} ,{{"b":2}}]}}"#,
        "x".repeat(5000)
    );
    let whole = cut(&long).unwrap();
    assert_eq!(whole.1.len(), 3);
    // Whichever brace a cut guesses (a nested one is refused), never a wrong result.
    for block in [features_start(&long), 20, 64, 1000] {
        let read = streamed(&long, block, 2);
        assert!(
            read.is_none() || read.as_ref() == Some(&whole),
            "blocks of {block}"
        );
    }
    let plain = long.replace(r#""t":[{"u":1}, {"v":2}]"#, r#""t":[1,2]"#);
    assert_eq!(streamed(&plain, 64, 2), cut(&plain));
    assert_eq!(streamed(&plain, 64, 2).map(|r| r.1.len()), Some(3));
}
