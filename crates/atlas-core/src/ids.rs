//! Unique record ids: the one place a clash between two ids is resolved, for `ingest` (which
//! writes `es-name-2`) and for the loader (which renames a duplicate in a file it did not write
//! `es-name~2`).

use rustc_hash::{FxHashMap, FxHashSet};

/// Hands out ids unique among every id reserved or claimed so far.
pub struct UniqueIds {
    separator: char,
    taken: FxHashSet<String>,
    /// Per base id, the next suffix to try. A suffix once taken stays taken, so no smaller one
    /// can have become free: one id claimed n times costs O(n), not O(n²) (a hostile file with
    /// one id 100,000 times would otherwise take minutes).
    next: FxHashMap<String, usize>,
}

impl UniqueIds {
    /// Suffixes are `{separator}2`, `{separator}3`…
    pub fn new(separator: char) -> UniqueIds {
        UniqueIds {
            separator,
            taken: FxHashSet::default(),
            next: FxHashMap::default(),
        }
    }

    /// Takes `id` as it is. False when it was taken already.
    pub fn reserve(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }

    /// `base` itself when it is free, else `base` with the first free suffix from 2 on.
    pub fn claim(&mut self, base: &str) -> String {
        if self.reserve(base) {
            return base.to_string();
        }
        let n = self.next.entry(base.to_string()).or_insert(2);
        loop {
            let id = format!("{base}{}{n}", self.separator);
            *n += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clashes_get_the_first_free_suffix() {
        let mut ids = UniqueIds::new('-');
        let claimed: Vec<String> = ["a", "a", "a-3", "a", "b", "a"]
            .iter()
            .map(|id| ids.claim(id))
            .collect();
        assert_eq!(claimed, ["a", "a-2", "a-3", "a-4", "b", "a-5"]);
    }

    #[test]
    fn reserved_ids_are_never_handed_out() {
        let mut ids = UniqueIds::new('~');
        assert!(ids.reserve("x~2"));
        assert!(ids.reserve("x"));
        assert!(!ids.reserve("x"));
        assert_eq!(ids.claim("x"), "x~3");
    }

    #[test]
    fn many_copies_of_one_id_take_linear_time() {
        let mut ids = UniqueIds::new('~');
        let started = std::time::Instant::now();
        for _ in 0..100_000 {
            ids.claim("x");
        }
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
        assert_eq!(ids.claim("x"), "x~100001");
    }
}
