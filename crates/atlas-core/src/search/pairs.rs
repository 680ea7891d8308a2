//! The pair index: per pair of letters or digits, the records whose name or host holds it.

use super::{char_bit, SearchIndex};

/// Letters and digits: pairs of them are numbered `0..ALNUM * ALNUM`.
const ALNUM: usize = 36;
/// Set in a `PairIndex` entry when the pair is in the record's name.
pub(super) const IN_NAME: u32 = 1 << 31;

/// For each pair of letters or digits (`ar`, `r2`, …): the records whose name or host holds it,
/// in record order, each once, with `IN_NAME` set when the name does. A two-letter word is such
/// a pair, and most records hold a common one: the `memmem` pass stops at nearly every record
/// for it, while its list is the answer. About 24 entries a record (10 MB at 100,000 records),
/// and never more than one per byte of the corpus, so a hostile file cannot make it more than
/// four times the corpus.
pub(super) struct PairIndex {
    /// Pair `p`'s records are `records[starts[p]..starts[p + 1]]`.
    starts: Vec<u32>,
    records: Vec<u32>,
}

/// The number of the pair `a b`, when both are letters or digits.
fn pair_number(a: u8, b: u8) -> Option<usize> {
    let (a, b) = (
        char_bit(a).trailing_zeros() as usize,
        char_bit(b).trailing_zeros() as usize,
    );
    (a < ALNUM && b < ALNUM).then_some(a * ALNUM + b)
}

impl PairIndex {
    /// Two passes over the corpus, counting then filling, so that the lists are one allocation
    /// of exactly the right size.
    pub(super) fn new(index: &SearchIndex) -> PairIndex {
        // The last record each pair was noted for: a record notes a pair once.
        let mut noted = vec![u32::MAX; ALNUM * ALNUM];
        // Per pair: first its count, then where its next record goes.
        let mut next = vec![0u32; ALNUM * ALNUM + 1];
        for r in 0..index.len() {
            index.note_pairs(r, &mut noted, &mut next, &mut []);
        }
        let mut starts = Vec::with_capacity(next.len());
        let mut total = 0u32;
        for count in &next {
            starts.push(total);
            total = total.saturating_add(*count);
        }
        let mut records = vec![0u32; total as usize];
        let mut next = starts.clone();
        noted.fill(u32::MAX);
        for r in 0..index.len() {
            index.note_pairs(r, &mut noted, &mut next, &mut records);
        }
        PairIndex { starts, records }
    }

    /// The records holding `word`, when it is a pair of letters or digits.
    pub(super) fn holders(&self, word: &[u8]) -> Option<&[u32]> {
        let &[a, b] = word else { return None };
        let p = pair_number(a, b)?;
        self.records
            .get(self.starts[p] as usize..self.starts[p + 1] as usize)
    }
}

impl SearchIndex {
    /// Notes each pair of letters or digits record `r`'s name and host hold, once: counts it in
    /// `next[pair]`, and writes `r` (with `IN_NAME` if the name holds it: the name comes first)
    /// at `records[next[pair]]` when `records` is that long. A function per record: see
    /// `load::check_record` on why.
    #[inline(never)]
    fn note_pairs(&self, r: usize, noted: &mut [u32], next: &mut [u32], records: &mut [u32]) {
        let (start, name_end) = (self.starts[r], self.name_ends[r]);
        let text = &self.corpus.as_bytes()[start..self.starts[r + 1]];
        for (i, w) in text.windows(2).enumerate() {
            let Some(pair) = pair_number(w[0], w[1]) else {
                continue;
            };
            if noted[pair] != r as u32 {
                noted[pair] = r as u32;
                if let Some(slot) = records.get_mut(next[pair] as usize) {
                    *slot = r as u32 | if start + i < name_end { IN_NAME } else { 0 };
                }
                next[pair] += 1;
            }
        }
    }
}
