//! Work spread over all cores with scoped threads: `map` keeps the order of its input. Used
//! for independent pieces of long work (dissolving units, intersecting grids, permutations).

/// `f` applied to every item, on as many threads as there are cores (in order).
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let Some(chunk) = run_length(items.len()) else {
        return items.iter().map(f).collect();
    };
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            // A panic in `f` is a bug: pass it on rather than return a short result.
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// `f` applied to every item in place, on as many threads as there are cores (each a run of
/// consecutive items).
pub fn for_each_mut<T: Send>(items: &mut [T], f: impl Fn(&mut T) + Sync) {
    let Some(chunk) = run_length(items.len()) else {
        items.iter_mut().for_each(f);
        return;
    };
    let f = &f;
    std::thread::scope(|s| {
        for c in items.chunks_mut(chunk) {
            s.spawn(move || c.iter_mut().for_each(f));
        }
    });
}

/// How many consecutive items of `len` each thread takes, one thread per core; None when one
/// thread takes them all (one core, or at most one item).
fn run_length(len: usize) -> Option<usize> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(len.max(1));
    (threads > 1).then(|| len.div_ceil(threads))
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order() {
        let v: Vec<u32> = (0..1000).collect();
        assert_eq!(
            super::map(&v, |x| x * 2),
            v.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert!(super::map(&[] as &[u32], |x| *x).is_empty());
    }

    #[test]
    fn changes_every_item_in_place() {
        for n in [0, 1, 2, 3, 1001] {
            let mut v: Vec<u64> = (0..n).collect();
            super::for_each_mut(&mut v, |x| *x = *x * 3 + 1);
            assert_eq!(
                v,
                (0..n).map(|x| x * 3 + 1).collect::<Vec<_>>(),
                "{n} items"
            );
        }
    }
}
