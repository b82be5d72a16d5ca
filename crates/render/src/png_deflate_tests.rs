// Test code, compiled only for `cargo test`: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]
use super::*;

/// The stream as the `png` crate makes it on one core: each row `Sub`-filtered behind its
/// type byte, one `write_data` per row.
fn one_core(data: &[u8], row_len: usize) -> Vec<u8> {
    let mut c = fdeflate::Compressor::new(std::io::Cursor::new(Vec::new())).unwrap();
    let mut line = vec![0u8; row_len + 1];
    for row in data.chunks_exact(row_len) {
        sub_filter(row, &mut line);
        c.write_data(&line).unwrap();
    }
    c.finish().unwrap().into_inner()
}

/// Pixels of several kinds: noise, flat runs (zero rows once filtered, runs across rows),
/// stripes, a gradient — `rows` rows of `width` pixels.
fn image(width: usize, rows: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let mut data = Vec::with_capacity(width * rows * 4);
    for r in 0..rows {
        for c in 0..width {
            let px = match (r / 7 + c / 13) % 4 {
                0 => [250, 250, 250, 255],
                1 => {
                    let v = next().to_le_bytes();
                    [v[0], v[1], v[2], 255]
                }
                2 => [(c % 256) as u8, (r % 256) as u8, 90, 255],
                _ => [30, 120, 200, 255],
            };
            data.extend_from_slice(&px);
        }
    }
    data
}

#[test]
fn shares_joined_are_the_one_core_stream() {
    // Widths whose rows are and are not whole eight-byte words, row counts that split unevenly,
    // two to seven shares: always the one-core stream byte for byte (and not trivially: the
    // streams are long and differ between images).
    let mut seen = std::collections::HashSet::new();
    for (width, rows, seed) in [
        (97, 61, 1),
        (64, 40, 2),
        (333, 217, 3),
        (5, 300, 4),
        (1, 9, 5),
    ] {
        let data = image(width, rows, seed);
        let want = one_core(&data, width * 4);
        for shares in 2..8 {
            let got = in_shares(&data, width * 4, shares).unwrap();
            assert!(got == want, "{width}×{rows} in {shares} shares");
        }
        assert!(want.len() > 60);
        seen.insert(want);
    }
    assert_eq!(seen.len(), 5);
    // All pixels alike: every filtered row is a run of zeros after the first pixel.
    let flat: Vec<u8> = [7u8, 7, 7, 255].repeat(200 * 50);
    for shares in 2..5 {
        assert!(in_shares(&flat, 800, shares).unwrap() == one_core(&flat, 800));
    }
}

#[test]
fn the_joined_stream_decodes_to_the_filtered_rows() {
    // Not only the same bytes as fdeflate's compressor: an inflater (fdeflate's, which reads
    // any zlib stream) reads the joined stream back, checksum included, as the filtered rows.
    let (width, rows) = (211, 120);
    let data = image(width, rows, 9);
    let got = in_shares(&data, width * 4, 3).unwrap();
    let inflated = fdeflate::decompress_to_vec(&got).unwrap();
    let mut want = Vec::new();
    let mut line = vec![0u8; width * 4 + 1];
    for row in data.chunks_exact(width * 4) {
        sub_filter(row, &mut line);
        want.extend_from_slice(&line);
    }
    assert!(inflated == want);
}

#[test]
fn checksums_combine_as_over_the_whole() {
    let adler = |d: &[u8]| {
        let (mut a, mut b) = (1u32, 0u32);
        for &x in d {
            a = (a + u32::from(x)) % 65_521;
            b = (b + a) % 65_521;
        }
        b << 16 | a
    };
    let data: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for cut in [0, 1, 5_552, 65_521, 65_522, 131_043, 199_999, 200_000] {
        let (x, y) = data.split_at(cut);
        assert_eq!(
            adler_combine(adler(x), adler(y), y.len()),
            adler(&data),
            "cut {cut}"
        );
    }
}

#[test]
fn what_is_not_a_dynamic_block_is_refused() {
    // A stored stream (no Huffman header), a cut header, and garbage: no header, no join.
    let stored = {
        let mut c = fdeflate::StoredOnlyCompressor::new(std::io::Cursor::new(Vec::new())).unwrap();
        c.write_data(&[1, 2, 3]).unwrap();
        c.finish().unwrap().into_inner()
    };
    assert!(Header::read(&stored).is_none());
    let empty = fdeflate::compress_to_vec(&[]);
    let header = Header::read(&empty).unwrap();
    assert!(Header::read(&empty[..20]).is_none());
    assert!(Header::read(&[0x78, 0x01, 0xff, 0xff]).is_none());
    // The empty stream's rows end where its header does; its header is the same in a stream
    // of rows; a share's stream with a changed padding bit has no end.
    assert_eq!(header.rows_end(&empty), Some(header.bits));
    let mut padded = 0;
    for seed in 1..20 {
        let rows = one_core(&image(40, 10, seed), 160);
        assert_eq!(Header::read(&rows).unwrap().bits, header.bits);
        let end = header.rows_end(&rows).unwrap();
        let pad = end + usize::from(header.eob_len);
        if !pad.is_multiple_of(8) {
            let mut bad = rows.clone();
            bad[pad / 8] |= 1 << (pad % 8);
            assert_eq!(header.rows_end(&bad), None, "seed {seed}");
            padded += 1;
        }
    }
    assert!(padded > 5);
}
