//! "Did you mean": for a query with no results, its unknown words replaced by the closest words
//! of the names.

use memchr::memmem;

use super::{Query, SearchIndex};

impl SearchIndex {
    /// For a query with no results: the same query with each word that occurs nowhere replaced
    /// by the closest word of the data, if one is close enough. `None` when there is nothing
    /// better to offer.
    pub fn corrected(&self, query: &Query) -> Option<Query> {
        let mut changed = false;
        let words = query
            .words
            .iter()
            .map(|w| {
                if memmem::find(self.corpus.as_bytes(), w.as_bytes()).is_some()
                    || self.fields.iter().any(|f| f.contains(w.as_str()))
                {
                    return w.clone();
                }
                let limit = if w.chars().count() <= 4 { 1 } else { 2 };
                let best = self
                    .vocabulary()
                    .iter()
                    .filter_map(|v| {
                        let d = edit_distance(w, v, limit);
                        (d <= limit).then_some((d, v))
                    })
                    .min_by_key(|(d, v)| (*d, v.len()));
                match best {
                    Some((_, v)) => {
                        changed = true;
                        v.clone()
                    }
                    None => w.clone(),
                }
            })
            .collect();
        changed.then_some(Query { words })
    }
}

/// Levenshtein distance of `a` and `b`, or a value above `limit` once it is certain to exceed it.
pub fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tests::index;

    #[test]
    fn suggestions() {
        let idx = index();
        let q = idx.corrected(&Query::parse("aragom")).unwrap();
        assert_eq!(q.words, ["aragon"]);
        assert_eq!(idx.corrected(&Query::parse("aragon")), None);
        assert_eq!(idx.corrected(&Query::parse("qqqqqqq")), None);
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting", 5), 3);
        assert_eq!(edit_distance("abc", "abc", 0), 0);
        assert_eq!(edit_distance("a", "abcdef", 2), 3);
    }
}
