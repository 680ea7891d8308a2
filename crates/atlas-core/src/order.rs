//! Sorting the small lists (countries, sectors, statistics bars, highlight ranges, words).
//!
//! Every `sort_by` with its own element type or comparator is a copy of the standard library's
//! sort in the wasm, ~3 KB each, and the wasm has a size budget. The small sorts all go through
//! `order_by`, one copy, with the comparator behind a `dyn`. The 100,000-record sorts of the
//! catalog keep their own, typed and inlined, sorts: there speed matters, here it does not.

use std::cmp::Ordering;

/// The positions `0..len` in the order `cmp` gives them; equal ones keep their order.
pub fn order_by(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    // The tie-break on positions makes the unstable sort stable (and its result deterministic).
    order.sort_unstable_by(|&a, &b| cmp(a, b).then(a.cmp(&b)));
    order
}

/// `items` sorted by `cmp`, stably.
pub fn sorted_by<T>(items: Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) -> Vec<T> {
    let order = order_by(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut items: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| items[i].take()).collect()
}

/// `items` in their natural order.
pub fn sorted<T: Ord>(items: Vec<T>) -> Vec<T> {
    sorted_by(items, T::cmp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorted_by_is_the_standard_stable_sort(items in proptest::collection::vec((0u8..4, 0u16..1000), 0..60)) {
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            prop_assert_eq!(sorted_by(items.clone(), |a, b| a.0.cmp(&b.0)), expected);
            let mut expected = items.clone();
            expected.sort();
            prop_assert_eq!(sorted(items), expected);
        }
    }

    #[test]
    fn order_by_gives_positions() {
        let names = ["b", "c", "a", "b"];
        assert_eq!(
            order_by(names.len(), &|a, b| names[a].cmp(names[b])),
            [2, 0, 3, 1]
        );
    }
}
