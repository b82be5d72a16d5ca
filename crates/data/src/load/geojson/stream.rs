//! Reading a large GeoJSON file as it arrives: the file read a block at a time into a few
//! buffers used again and again, each block cut at the last place that looks like the start
//! of a feature (the rest carried into the next block), and handed to a core, which cuts its
//! features exactly (the scanner of [`super::split`]) and parses them — their geometry built —
//! while the next block is read. The file is never held whole: its text was first touched
//! page by page into one buffer before any feature was parsed (a 10 000-district file's 8 MB:
//! a serial 5 ms of its 0.12 s export), and a 100 000-district file's 80 MB were part of the
//! load's peak.
//!
//! A cut is only a guess (`}`, `,`, `{` may lie inside a feature, in a nested array or a
//! string); each core checks its block's — the block's exact scan must end just there — so a
//! wrong guess is never taken. Like the cut of [`super::split`], all of this is a shortcut:
//! whatever is not plainly a FeatureCollection whose members before `features` lie in the
//! first block — a wrong guess, a feature that does not parse, a file that ends inside the
//! features — gives `None`, and the caller reads the file whole as before: every malformed
//! file is reported exactly as it always was.

use super::raw::{RawDoc, RawFeature, ReadFeature, read_feature};
use super::split::{features_array, looks_like_feature_start, object_end, skip_ws};
use crate::load::archive;
use std::io::Read;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

/// Files from this size are read as they arrive (smaller ones whole, on one core).
const STREAM_FROM: u64 = super::split::PARALLEL_FROM as u64;

/// Bytes read at a time: large enough that handing a block to a core costs nothing next to
/// parsing it, small enough that the few buffers in use stay in memory already touched.
const BLOCK: usize = 256 << 10;

/// The file at `path` read as it arrives on all cores; `None` where that does not apply (one
/// core, a small or not regular file, a file that is not plainly a FeatureCollection): then
/// it is read whole, as before.
pub(super) fn read_as_it_arrives(path: &Path) -> Option<(RawDoc, Vec<Vec<ReadFeature>>)> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut file = std::fs::File::open(path).ok()?;
    let meta = file.metadata().ok()?;
    if workers < 2 || !meta.is_file() || meta.len() < STREAM_FROM {
        return None;
    }
    let mut first = Vec::with_capacity(BLOCK);
    (&mut file)
        .take(BLOCK as u64)
        .read_to_end(&mut first)
        .ok()?;
    // The whole file's checks, on its first block: archives and other formats, a byte order
    // mark, binary content, and text that is not an object are all the whole reading's to
    // report.
    if archive::is_zip(&first)
        || archive::is_gzip(&first)
        || archive::unsupported_format(&first, path).is_some()
        || first.iter().take(4096).any(|&b| b == 0)
    {
        return None;
    }
    if first.starts_with(b"\xef\xbb\xbf") {
        first.drain(..3);
    }
    let (head, features) = stream(first, file, BLOCK, workers, |text| {
        serde_json::from_slice::<RawFeature>(text)
            .ok()
            .map(read_feature)
    })?;
    let doc: RawDoc = serde_json::from_slice(&head).ok()?;
    (doc.kind.as_deref() == Some("FeatureCollection")).then_some((doc, features))
}

/// A block handed to a core: its text, where its features are (`span`: from a feature start,
/// or just inside the array for the first block, to the guessed start of the next block's
/// first feature; the last block's to its end), and whether it is the last block (holding
/// the array's end).
struct Job {
    index: usize,
    text: Vec<u8>,
    span: Range<usize>,
    last: bool,
}

/// A block read by a core: its features parsed (None: the block was not what its cut guessed,
/// or a feature did not parse), the text after the array's end for the last block, and the
/// buffer, for the reader to use again.
struct Done<T> {
    index: usize,
    features: Option<Vec<T>>,
    tail: Option<Vec<u8>>,
    text: Vec<u8>,
}

/// The features of a FeatureCollection whose first `block` bytes (or fewer) are `first` and
/// whose rest comes from `rest`, each parsed by `parse` on one of `workers` threads (in runs:
/// each block's); with the document's text around the features array (the array empty).
/// `None` when the text is not plainly features or one of them does not parse.
fn stream<T: Send>(
    first: Vec<u8>,
    rest: impl Read,
    block: usize,
    workers: usize,
    parse: impl Fn(&[u8]) -> Option<T> + Sync,
) -> Option<(Vec<u8>, Vec<Vec<T>>)> {
    let array = features_array(&first)?;
    let mut head = first[..array.start].to_vec();
    let (jobs, inbox) = mpsc::sync_channel::<Job>(workers);
    let inbox = Mutex::new(inbox);
    let (done, results) = mpsc::channel::<Done<T>>();
    // Set by a core whose block was not what its cut guessed: the reader stops there.
    let failed = AtomicBool::new(false);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers.max(1))
            .map(|_| {
                let (done, inbox, parse, failed) = (done.clone(), &inbox, &parse, &failed);
                s.spawn(move || {
                    while let Some(job) = inbox.lock().ok().and_then(|rx| rx.recv().ok()) {
                        let read = read_block(job, parse);
                        if read.features.is_none() {
                            failed.store(true, Ordering::Relaxed);
                        }
                        if done.send(read).is_err() {
                            return;
                        }
                    }
                })
            })
            .collect();
        drop(done);
        let mut blocks: Vec<Option<Done<T>>> = Vec::new();
        // Each block read in its place; its buffer back to the reader while it reads on.
        let mut keep = |mut d: Done<T>, spare: Option<&mut Vec<Vec<u8>>>| {
            let i = d.index;
            if blocks.len() <= i {
                blocks.resize_with(i + 1, || None);
            }
            if let Some(spare) = spare {
                spare.push(std::mem::take(&mut d.text));
            }
            blocks[i] = Some(d);
        };
        let fed = feed(first, array.end, (rest, block), jobs, |spare| {
            results.try_iter().for_each(|d| keep(d, Some(spare)));
            !failed.load(Ordering::Relaxed)
        });
        // The jobs are closed (`feed` took them): the cores finish theirs and stop.
        results.iter().for_each(|d| keep(d, None));
        let stopped = handles.into_iter().any(|h| h.join().is_err());
        let handed = fed?;
        if stopped || blocks.len() != handed {
            return None;
        }
        let blocks: Vec<Done<T>> = blocks.into_iter().collect::<Option<_>>()?;
        // Each block's features as they are (joined into one list they were moved once
        // more, into fresh memory).
        let mut features = Vec::with_capacity(blocks.len());
        let mut tail = None;
        for b in blocks {
            features.push(b.features?);
            tail = b.tail;
        }
        head.extend_from_slice(b"[]");
        head.extend_from_slice(&tail?);
        Some((head, features))
    })
}

/// A block's features cut and parsed, if the block is what its cut guessed: its scan from a
/// feature start (or the array's start) ends exactly at the guessed start of the next block's
/// first feature, just after a comma — or, for the last block, at the array's end. Blocks that
/// are each what their cut guessed, the first one starting where the array does, cut the text
/// exactly where one scan of it would have.
fn read_block<T>(job: Job, parse: &impl Fn(&[u8]) -> Option<T>) -> Done<T> {
    let Job {
        index,
        text,
        span,
        last,
    } = job;
    let mut expect = if index == 0 {
        Expect::FeatureOrEnd
    } else {
        Expect::Feature
    };
    let mut found = Vec::new();
    let scanned = scan(&text[..span.end], span.start, &mut expect, &mut found);
    let tail = match scanned {
        Some(Scanned::End(at)) if last => Some(text[at + 1..].to_vec()),
        Some(Scanned::More(at)) if !last && at == span.end && expect == Expect::Feature => None,
        _ => {
            return Done {
                index,
                features: None,
                tail: None,
                text,
            };
        }
    };
    // Sized once (collected through `Option`, the list grew by doubling from nothing).
    let mut parsed = Vec::with_capacity(found.len());
    let features = found
        .into_iter()
        .try_for_each(|r| {
            parsed.push(parse(&text[r])?);
            Some(())
        })
        .map(|()| parsed);
    Done {
        index,
        features,
        tail,
        text,
    }
}

/// Reads the text from `at` in `chunk` (just inside the array) on, block by block from
/// `rest`, and hands each block, cut at the last feature start it seems to hold, to `jobs`;
/// `returned` collects the buffers of blocks read meanwhile, and says whether to go on (no
/// block was found other than its cut guessed). How many blocks were handed over; `None`
/// when a block was not as guessed or a core has stopped.
fn feed(
    mut chunk: Vec<u8>,
    mut at: usize,
    (mut rest, block): (impl Read, usize),
    jobs: mpsc::SyncSender<Job>,
    mut returned: impl FnMut(&mut Vec<Vec<u8>>) -> bool,
) -> Option<usize> {
    let mut spare: Vec<Vec<u8>> = Vec::new();
    let mut index = 0;
    let mut ended = false;
    // Where the search for a cut goes on from: the text before was searched already (a
    // brace's look depends only on the text before it).
    let mut searched = at + 1;
    loop {
        if ended {
            let span = at..chunk.len();
            jobs.send(Job {
                index,
                text: chunk,
                span,
                last: true,
            })
            .ok()?;
            return Some(index + 1);
        }
        let Some(cut) = last_feature_start(&chunk, searched) else {
            // No feature starts after this one in what was read (a large feature): read on
            // into the same buffer.
            searched = chunk.len().max(searched);
            ended = append_block(&mut rest, &mut chunk, block)? == 0;
            continue;
        };
        if !returned(&mut spare) {
            return None;
        }
        let mut next = spare.pop().unwrap_or_default();
        next.clear();
        next.reserve(chunk.len() - cut + block);
        next.extend_from_slice(&chunk[cut..]);
        let text = std::mem::replace(&mut chunk, next);
        jobs.send(Job {
            index,
            text,
            span: at..cut,
            last: false,
        })
        .ok()?;
        index += 1;
        at = 0;
        searched = 1;
        ended = append_block(&mut rest, &mut chunk, block)? == 0;
    }
}

/// Appends up to `block` bytes of `rest` to `chunk`; how many.
fn append_block(rest: &mut impl Read, chunk: &mut Vec<u8>, block: usize) -> Option<usize> {
    rest.take(block as u64).read_to_end(chunk).ok()
}

/// The last brace from `from` on that looks like the start of a feature after another (`}`
/// `,` `{`, white space between) — a guess, which the block's scan checks.
fn last_feature_start(text: &[u8], from: usize) -> Option<usize> {
    memchr::memrchr_iter(b'{', text.get(from..)?)
        .map(|i| from + i)
        .find(|&i| looks_like_feature_start(text, i))
}

/// What a scan between features expects next.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// Just inside the array.
    FeatureOrEnd,
    /// After a comma.
    Feature,
    /// After a feature.
    CommaOrEnd,
}

/// How a scan of the text at hand ended.
#[derive(Debug, PartialEq)]
enum Scanned {
    /// At the features array's closing bracket.
    End(usize),
    /// At the end of the text, or of the last complete feature: more is needed from here.
    More(usize),
}

/// The complete features of `text` from `at` on (added to `features`); `None` when the text
/// is not plainly features. A feature runs into the text's end exactly when its end is not
/// found ([`object_end`] meets no unbalanced closing brace outside a string before it).
fn scan(
    text: &[u8],
    mut at: usize,
    expect: &mut Expect,
    features: &mut Vec<Range<usize>>,
) -> Option<Scanned> {
    loop {
        at = skip_ws(text, at);
        let Some(&b) = text.get(at) else {
            return Some(Scanned::More(at));
        };
        match (b, *expect) {
            (b'{', Expect::FeatureOrEnd | Expect::Feature) => {
                let Some(end) = object_end(text, at) else {
                    return Some(Scanned::More(at));
                };
                features.push(at..end);
                at = end;
                *expect = Expect::CommaOrEnd;
            }
            (b',', Expect::CommaOrEnd) => {
                at += 1;
                *expect = Expect::Feature;
            }
            (b']', Expect::FeatureOrEnd | Expect::CommaOrEnd) => return Some(Scanned::End(at)),
            _ => return None,
        }
    }
}

#[cfg(test)]
#[path = "stream_tests.rs"]
mod tests;
