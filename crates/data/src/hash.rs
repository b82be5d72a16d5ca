//! The hash maps and sets of the loaders and models: foldhash's fast hasher (keys, names and
//! line numbers of files being read — not input an attacker chooses to slow a server down).

pub(crate) type FxHashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub(crate) type FxHashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
