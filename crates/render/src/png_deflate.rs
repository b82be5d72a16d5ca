//! A PNG's image data compressed on all cores, byte for byte the zlib stream the `png` crate
//! writes on one (its `Sub` filter and fdeflate, the settings tiny-skia encodes with).
//!
//! Why it can be split: fdeflate writes one block whose Huffman code is fixed in its header,
//! and codes each `write_data` call — the `png` crate makes one per row — on its own (a run
//! of zeros never continues into the next call). So the stream is the header, then each row's
//! bits in order, then the end-of-block code, zero bits to the byte, and the Adler-32 of the
//! filtered rows. Each core compresses a share of the rows into a stream of its own; the
//! shares' row bits are then joined behind the first share's header, and their checksums
//! combined. Where the header is read (RFC 1951's dynamic block header) and where a share's
//! row bits end (the end-of-block code followed only by padding) are found from the streams
//! themselves; anything unexpected — another block type, an end that is not unique — gives
//! `None`, and the caller compresses on one core as before.

/// Canvases from this many bytes of rows on are compressed in shares (below it, starting the
/// threads costs about what they save).
const SHARES_FROM: usize = 1 << 20;

/// The zlib stream of the image `data` (rows of `row_len` bytes, four bytes a pixel), as the
/// `png` crate compresses it with `FilterType::Sub` and `Compression::Fast`; `None` where it
/// is not compressed in shares (small images, one core, or a stream not as expected).
pub(crate) fn image_data(data: &[u8], row_len: usize) -> Option<Vec<u8>> {
    if row_len < 4 || data.len() < SHARES_FROM || !data.len().is_multiple_of(row_len) {
        return None;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    in_shares(data, row_len, cores)
}

/// [`image_data`] in `shares` shares of the rows (fewer where there are fewer rows).
fn in_shares(data: &[u8], row_len: usize, shares: usize) -> Option<Vec<u8>> {
    let rows = data.len() / row_len;
    let shares = shares.min(rows);
    if shares < 2 {
        return None;
    }
    let ends: Vec<usize> = (1..=shares).map(|i| rows * i / shares).collect();
    let streams: Vec<Option<Vec<u8>>> = std::thread::scope(|s| {
        let handles: Vec<_> = ends
            .iter()
            .enumerate()
            .skip(1)
            .map(|(i, &end)| {
                let part = &data[ends[i - 1] * row_len..end * row_len];
                s.spawn(move || compress(part, row_len))
            })
            .collect();
        let first = compress(&data[..ends[0] * row_len], row_len);
        std::iter::once(first)
            .chain(handles.into_iter().map(|h| h.join().ok().flatten()))
            .collect()
    });
    let streams: Vec<Vec<u8>> = streams.into_iter().collect::<Option<_>>()?;
    let lens: Vec<usize> = std::iter::once(ends[0])
        .chain(ends.windows(2).map(|w| w[1] - w[0]))
        .map(|r| r * (row_len + 1))
        .collect();
    join(streams, &lens)
}

/// One share's rows, each `Sub`-filtered behind its filter-type byte and written as one call
/// (as the `png` crate writes them), compressed to a whole zlib stream.
fn compress(rows: &[u8], row_len: usize) -> Option<Vec<u8>> {
    use std::io::Cursor;
    let mut out =
        fdeflate::Compressor::new(Cursor::new(Vec::with_capacity(rows.len() / 4))).ok()?;
    let mut line = vec![0u8; row_len + 1];
    for row in rows.chunks_exact(row_len) {
        sub_filter(row, &mut line);
        out.write_data(&line).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

/// PNG's `Sub` filter of one row of four-byte pixels: the type byte (1), then each byte less
/// the same byte of the pixel before (the first pixel as it is).
fn sub_filter(row: &[u8], line: &mut [u8]) {
    line[0] = 1;
    line[1..5].copy_from_slice(&row[..4]);
    for ((out, &cur), &before) in line[5..].iter_mut().zip(&row[4..]).zip(row) {
        *out = cur.wrapping_sub(before);
    }
}

/// The streams of consecutive shares (`lens`: their filtered bytes) as one stream: the first
/// share's header and rows, the other shares' rows, the end of block, the combined checksum.
fn join(mut streams: Vec<Vec<u8>>, lens: &[usize]) -> Option<Vec<u8>> {
    let first = streams.first()?;
    let header = Header::read(first)?;
    // The header as read must end where an empty stream's end-of-block code starts.
    let empty = fdeflate::compress_to_vec(&[]);
    if header.rows_end(&empty)? != header.bits {
        return None;
    }
    let whole = header.bits / 8;
    let mut ends = Vec::with_capacity(streams.len());
    let mut checksum = None;
    for (stream, &len) in streams.iter().zip(lens) {
        // Every share (the first too) starts with the empty stream's header (one fixed code);
        // only the rows differ.
        if stream.get(..whole) != empty.get(..whole) {
            return None;
        }
        ends.push(header.rows_end(stream)?);
        let adler = stream.get(stream.len().checked_sub(4)?..)?;
        let adler = u32::from_be_bytes(adler.try_into().ok()?);
        checksum = Some(checksum.map_or(adler, |before| adler_combine(before, adler, len)));
    }
    let rest = streams.split_off(1);
    let mut out = Bits::starting_with(streams.pop()?, ends[0])?;
    out.reserve(rest.iter().map(Vec::len).sum());
    for (stream, &end) in rest.iter().zip(&ends[1..]) {
        out.copy(stream, header.bits, end);
    }
    out.put(u64::from(header.eob), u32::from(header.eob_len));
    let mut bytes = out.finish();
    bytes.extend_from_slice(&checksum?.to_be_bytes());
    Some(bytes)
}

/// What the joining needs of the first block's header: where it ends and the end-of-block
/// code (as it appears in the stream, first bit first).
struct Header {
    /// The bits of the zlib header and the deflate block's header.
    bits: usize,
    /// The end-of-block code's bits in stream order (the first in the lowest bit).
    eob: u32,
    eob_len: u8,
}

impl Header {
    /// Reads the zlib header and a dynamic block's header (RFC 1950, RFC 1951 § 3.2.7).
    fn read(stream: &[u8]) -> Option<Header> {
        // zlib: deflate with a 32 K window, no preset dictionary; its two bytes, then the block.
        if stream.first()? & 0x0f != 8 || stream.get(1)? & 0x20 != 0 {
            return None;
        }
        let mut r = Reader {
            bytes: stream,
            at: 16,
        };
        // The last block (the only one: the stream is that block's header and codes), with
        // its own Huffman code.
        if r.bits(1)? != 1 || r.bits(2)? != 2 {
            return None;
        }
        let literals = r.bits(5)? as usize + 257;
        let distances = r.bits(5)? as usize + 1;
        let code_lengths = r.bits(4)? as usize + 4;
        const ORDER: [usize; 19] = [
            16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
        ];
        let mut cl = [0u8; 19];
        for &sym in &ORDER[..code_lengths] {
            cl[sym] = r.bits(3)? as u8;
        }
        let cl_code = Canonical::new(&cl)?;
        let mut lengths = Vec::with_capacity(literals + distances);
        while lengths.len() < literals + distances {
            let (repeat, value) = match cl_code.decode(&mut r)? {
                sym @ 0..=15 => (1, sym as u8),
                16 => (3 + r.bits(2)?, *lengths.last()?),
                17 => (3 + r.bits(3)?, 0),
                18 => (11 + r.bits(7)?, 0),
                _ => return None,
            };
            lengths.extend(std::iter::repeat_n(value, repeat as usize));
        }
        if lengths.len() != literals + distances {
            return None;
        }
        let literals = &lengths[..literals];
        let (code, len) = Canonical::new(literals)?.code_of(literals, 256)?;
        // Huffman codes go into the stream from their highest bit.
        let eob = (0..len).fold(0, |acc, i| acc | ((code >> (len - 1 - i)) & 1) << i);
        Some(Header {
            bits: r.at,
            eob,
            eob_len: len,
        })
    }

    /// Where the rows' bits of `stream` end: the one place followed by the end-of-block code
    /// and then only zero bits up to the checksum's four bytes.
    fn rows_end(&self, stream: &[u8]) -> Option<usize> {
        let total = stream.len().checked_sub(4)? * 8;
        let len = usize::from(self.eob_len);
        let latest = total.checked_sub(len)?;
        let mut found = None;
        for end in latest.saturating_sub(7)..=latest {
            if end < self.bits {
                continue;
            }
            let padding = total - end - len;
            let fits =
                read_at(stream, end, len)? == self.eob && read_at(stream, end + len, padding)? == 0;
            if fits {
                if found.is_some() {
                    return None;
                }
                found = Some(end);
            }
        }
        found
    }
}

/// `count` (≤ 32) bits of `bytes` from bit `at`, the first in the lowest bit.
fn read_at(bytes: &[u8], at: usize, count: usize) -> Option<u32> {
    Reader { bytes, at }.bits(count)
}

/// Bits read from a stream, each byte from its lowest bit (deflate's order).
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    /// `count` (≤ 32) bits, the first in the lowest bit.
    fn bits(&mut self, count: usize) -> Option<u32> {
        let mut v = 0;
        for i in 0..count {
            let byte = *self.bytes.get((self.at + i) / 8)?;
            v |= u32::from((byte >> ((self.at + i) % 8)) & 1) << i;
        }
        self.at += count;
        Some(v)
    }
}

/// A canonical Huffman code from its code lengths (RFC 1951 § 3.2.2).
struct Canonical {
    /// Per length: the first code, and where its symbols start in `symbols`.
    first: [u32; 16],
    start: [usize; 16],
    count: [usize; 16],
    /// The symbols ordered by length, then value.
    symbols: Vec<usize>,
}

impl Canonical {
    fn new(lengths: &[u8]) -> Option<Canonical> {
        let mut count = [0usize; 16];
        for &l in lengths {
            *count.get_mut(usize::from(l))? += 1;
        }
        count[0] = 0;
        let (mut first, mut start) = ([0u32; 16], [0usize; 16]);
        let (mut code, mut at) = (0u32, 0usize);
        for len in 1..16 {
            code = (code + count[len - 1] as u32) << 1;
            first[len] = code;
            start[len] = at;
            at += count[len];
        }
        let mut symbols = vec![0; at];
        let mut next = start;
        for (sym, &l) in lengths.iter().enumerate() {
            if l > 0 {
                symbols[next[usize::from(l)]] = sym;
                next[usize::from(l)] += 1;
            }
        }
        Some(Canonical {
            first,
            start,
            count,
            symbols,
        })
    }

    /// The next symbol of `r` (codes are read from their highest bit).
    fn decode(&self, r: &mut Reader) -> Option<usize> {
        let mut code = 0;
        for len in 1..16 {
            code = code << 1 | r.bits(1)?;
            let k = code.checked_sub(self.first[len])? as usize;
            if k < self.count[len] {
                return self.symbols.get(self.start[len] + k).copied();
            }
        }
        None
    }

    /// The code and its length of `sym` (`lengths`: the code lengths it was made from).
    fn code_of(&self, lengths: &[u8], sym: usize) -> Option<(u32, u8)> {
        let len = *lengths.get(sym)?;
        if len == 0 {
            return None;
        }
        let l = usize::from(len);
        let k = self.symbols[self.start[l]..self.start[l] + self.count[l]]
            .iter()
            .position(|&s| s == sym)?;
        Some((self.first[l] + k as u32, len))
    }
}

/// A bit stream being written, each byte from its lowest bit, each step storing a whole
/// eight-byte word (the buffer has eight bytes to spare).
struct Bits {
    out: Vec<u8>,
    /// Whole bytes written.
    at: usize,
    acc: u64,
    /// Bits in `acc`, under 8 between calls.
    n: u32,
}

/// The low 56 bits of a word.
const LOW_56: u64 = (1 << 56) - 1;

impl Bits {
    /// The first `bits` bits of `stream`, which goes on as the written stream (its bytes are
    /// not copied).
    fn starting_with(mut stream: Vec<u8>, bits: usize) -> Option<Bits> {
        let (at, n) = (bits / 8, bits % 8);
        let acc = u64::from(*stream.get(at)? & ((1u8 << n) - 1));
        stream.truncate(at);
        Some(Bits {
            out: stream,
            at,
            acc,
            n: n as u32,
        })
    }

    /// Room for `bytes` more bytes.
    fn reserve(&mut self, bytes: usize) {
        self.out.resize(self.at + bytes + 8, 0);
    }

    /// Appends bits `from..to` of `src`. Each whole step of 56 bits reads eight bytes seven
    /// bytes on and writes seven: both shifts stay the same throughout.
    fn copy(&mut self, src: &[u8], from: usize, to: usize) {
        let (first, shift) = (from / 8, from % 8);
        let fit = (src.len().saturating_sub(first + 1)) / 7;
        let steps = ((to - from) / 56).min(fit);
        if self.out.len() < self.at + steps * 7 + 8 {
            self.out.resize(self.at + steps * 7 + 8, 0);
        }
        let (mut acc, n, mut at) = (self.acc, self.n, self.at);
        for word in src[first..].windows(8).step_by(7).take(steps) {
            let bits = (word.try_into().map_or(0, u64::from_le_bytes) >> shift) & LOW_56;
            let v = acc | bits << n;
            self.out[at..at + 8].copy_from_slice(&v.to_le_bytes());
            at += 7;
            acc = v >> 56;
        }
        (self.acc, self.at) = (acc, at);
        let mut from = from + steps * 56;
        while from < to {
            let take = (to - from).min(56);
            let byte = from / 8;
            let mut w = [0u8; 8];
            let rest = src.get(byte..).unwrap_or_default();
            let len = rest.len().min(8);
            w[..len].copy_from_slice(&rest[..len]);
            self.put(
                (u64::from_le_bytes(w) >> (from % 8)) & ((1u64 << take) - 1),
                take as u32,
            );
            from += take;
        }
    }

    /// Appends `count` (≤ 56) bits.
    fn put(&mut self, bits: u64, count: u32) {
        self.acc |= bits << self.n;
        self.n += count;
        if self.out.len() < self.at + 8 {
            self.out.resize(self.at + 16, 0);
        }
        self.out[self.at..self.at + 8].copy_from_slice(&self.acc.to_le_bytes());
        let whole = self.n / 8;
        self.at += whole as usize;
        // whole ≤ 7: the shift stays below 64.
        self.acc >>= whole * 8;
        self.n -= whole * 8;
    }

    /// The bytes, the last padded with zero bits.
    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            if self.out.len() <= self.at {
                self.out.resize(self.at + 1, 0);
            }
            self.out[self.at] = self.acc as u8;
            self.at += 1;
        }
        self.out.truncate(self.at);
        self.out
    }
}

/// The Adler-32 of two texts one after the other, from each one's and the second's length.
fn adler_combine(first: u32, second: u32, second_len: usize) -> u32 {
    const MOD: u64 = 65_521;
    let (a1, b1) = (u64::from(first & 0xffff), u64::from(first >> 16));
    let (a2, b2) = (u64::from(second & 0xffff), u64::from(second >> 16));
    let n = second_len as u64 % MOD;
    // Each running sum of the second text grows by the first text's sum (a1 − 1).
    let a = (a1 + a2 + MOD - 1) % MOD;
    let b = (b1 + b2 + n * ((a1 + MOD - 1) % MOD)) % MOD;
    ((b << 16) | a) as u32
}

#[cfg(test)]
#[path = "png_deflate_tests.rs"]
mod tests;
