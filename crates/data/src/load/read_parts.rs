//! Reading a large file on all cores: each core copies its share of the file out of the page
//! cache into one buffer (one core took 50–70 ms for an 80 MB boundary file). Small files,
//! other systems, pipes and files that change meanwhile are read in one piece by the caller,
//! from the same open file.

/// Files from this size are read in as many parts as there are cores, side by side.
const READ_IN_PARTS_FROM: u64 = 16 << 20;

/// A large regular file read in parts on all cores, each into its share of one buffer (whose
/// pages are first touched there too), at offsets — the file's position stays where it was;
/// `None` where that does not apply (small or not regular files, other systems, a read that
/// failed or a file that changed size meanwhile).
pub(super) fn read_on_all_cores(file: &std::fs::File) -> Option<Vec<u8>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        let meta = file.metadata().ok()?;
        let len = meta.len();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if !meta.is_file() || len < READ_IN_PARTS_FROM || threads < 2 {
            return None;
        }
        let mut buf = vec![0u8; usize::try_from(len).ok()?];
        let share = buf.len().div_ceil(threads);
        let read = std::thread::scope(|s| {
            let handles: Vec<_> = buf
                .chunks_mut(share)
                .enumerate()
                .map(|(i, part)| s.spawn(move || file.read_exact_at(part, (i * share) as u64)))
                .collect();
            handles
                .into_iter()
                .all(|h| h.join().is_ok_and(|r| r.is_ok()))
        });
        // Shorter or longer than when it was opened: read again in one piece.
        (read && file.metadata().ok()?.len() == len).then_some(buf)
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        None
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_large_file_read_in_parts_is_the_file() {
        // An odd length (the last part shorter) and no two parts alike.
        let bytes: Vec<u8> = (0..(super::READ_IN_PARTS_FROM as usize + 12_345))
            .map(|i| (i % 251) as u8 ^ (i >> 20) as u8)
            .collect();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.geojson");
        std::fs::write(&path, &bytes).unwrap();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let file = std::fs::File::open(&path).unwrap();
        assert_eq!(
            super::read_on_all_cores(&file).is_some(),
            cfg!(unix) && cores > 1
        );
        assert!(crate::load::error::read_file(&path).unwrap() == bytes);
        std::fs::write(&path, b"small").unwrap();
        assert!(super::read_on_all_cores(&std::fs::File::open(&path).unwrap()).is_none());
        assert_eq!(crate::load::error::read_file(&path).unwrap(), b"small");
    }
}
