//! Searching a query word by word: which strategy each word's numbers call for, and each
//! strategy.
//!
//! The character bits say how many records could hold a word. A one-letter word needs no search:
//! the bits are the answer. When few records could hold it (a quarter or fewer, counting only
//! those still in the race), those are searched one by one. When many could, a two-letter word is
//! read from the pair index once it is built, and any other word is found by one `memmem` pass
//! over the corpus that skips to the next record after each hit: cheaper than a search per record
//! when most records are candidates.

use memchr::memmem;

use super::pairs::IN_NAME;
use super::{char_bit, char_bits, Earlier, Matches, SearchIndex, Tier};

/// One query word, and what is known of it before any record is searched.
pub(super) struct Word<'a> {
    text: &'a str,
    bits: u64,
    /// Per field (a sector or a country name), whether it holds the word.
    in_field: Vec<bool>,
    any_field: bool,
    /// The earlier query's matches, when it had this word too: every one of them holds it.
    known: Option<Earlier<'a>>,
}

impl<'a> Word<'a> {
    pub(super) fn new(
        index: &SearchIndex,
        text: &'a str,
        earlier: Option<Earlier<'a>>,
    ) -> Word<'a> {
        let in_field: Vec<bool> = index
            .fields
            .iter()
            .map(|f| memmem::find(f.as_bytes(), text.as_bytes()).is_some())
            .collect();
        Word {
            text,
            bits: char_bits(text.as_bytes()),
            any_field: in_field.contains(&true),
            in_field,
            known: earlier.filter(|e| e.query.words.iter().any(|w| w == text)),
        }
    }

    /// Whether record `r`'s sector or country name holds the word.
    fn in_fields_of(&self, index: &SearchIndex, r: usize) -> bool {
        self.any_field
            && index.field_of[r]
                .iter()
                .any(|&f| self.in_field.get(f as usize) == Some(&true))
    }

    /// A single letter or digit (its bits are the answer); not a single other character.
    fn is_one_letter(&self) -> bool {
        self.text.len() == 1 && self.bits != 1 << 63
    }
}

/// How one word is searched.
enum Strategy<'i> {
    /// A one-letter word: the character bits are the answer.
    Bits,
    /// Few records could hold it: search those one by one.
    RecordByRecord,
    /// A common pair of letters or digits: the records that hold it, from the pair index.
    Pairs(&'i [u32]),
    /// Any other common word: one pass over the corpus.
    Scan,
}

/// The search so far. Per record: how many words were found, and how many of them in the name.
/// A record is still in the race for the current word when its `found` is that word's number.
pub(super) struct Progress {
    found: Vec<u8>,
    in_name: Vec<u8>,
    /// The records still in the race, once a word has been searched record by record.
    race: Option<Vec<u32>>,
    /// How many records the earlier query matched (every record, without one).
    earlier_count: usize,
    /// The number of the word being searched.
    word: u8,
}

impl Progress {
    pub(super) fn new(n: usize, earlier: Option<Earlier>) -> Progress {
        // What the earlier query did not match is out of the race from the start.
        let (found, earlier_count) = match earlier {
            Some(e) => (
                e.matches
                    .iter()
                    .map(|m| if m.is_some() { 0 } else { u8::MAX })
                    .collect(),
                e.count,
            ),
            None => (vec![0; n], n),
        };
        Progress {
            found,
            in_name: vec![0; n],
            race: None,
            earlier_count,
            word: 0,
        }
    }

    /// Searches the next word; `last` when no word follows it.
    pub(super) fn search(&mut self, index: &SearchIndex, word: &Word, last: bool) {
        match self.strategy(index, word) {
            Strategy::Bits => self.by_bits(index, word, last),
            Strategy::RecordByRecord => self.record_by_record(index, word, last),
            Strategy::Pairs(holders) => {
                self.by_pairs(holders);
                self.in_fields(index, word);
            }
            Strategy::Scan => {
                self.scan(index, word);
                self.in_fields(index, word);
            }
        }
        self.word += 1;
    }

    fn strategy<'i>(&self, index: &'i SearchIndex, word: &Word) -> Strategy<'i> {
        if word.is_one_letter() {
            return Strategy::Bits;
        }
        // At most this many records hold every character of the word.
        let could = word
            .text
            .bytes()
            .map(|b| index.bit_counts[char_bit(b).trailing_zeros() as usize])
            .min()
            .unwrap_or(index.len())
            .min(self.race.as_ref().map_or(self.earlier_count, Vec::len));
        if could <= index.len() / 4 || word.known.is_some() {
            return Strategy::RecordByRecord;
        }
        match index
            .pairs
            .get()
            .and_then(|p| p.holders(word.text.as_bytes()))
        {
            Some(holders) => Strategy::Pairs(holders),
            None => Strategy::Scan,
        }
    }

    /// The records still in the race that hold every character of the word. Cheap tests, in a
    /// loop of their own so that it stays tight (a closure that also searched was too big to be
    /// inlined at `opt-level = "z"`, and cost a call per record).
    fn candidates(&self, index: &SearchIndex, word: &Word) -> Vec<u32> {
        let w = self.word;
        let holds = |r: usize| self.found[r] == w && index.bits[r][1] & word.bits == word.bits;
        match &self.race {
            Some(race) => race
                .iter()
                .copied()
                .filter(|&r| holds(r as usize))
                .collect(),
            None => (0..index.len() as u32)
                .filter(|&r| holds(r as usize))
                .collect(),
        }
    }

    fn by_bits(&mut self, index: &SearchIndex, word: &Word, last: bool) {
        let candidates = self.candidates(index, word);
        for &r in &candidates {
            let r = r as usize;
            self.found[r] += 1;
            self.in_name[r] += u8::from(index.bits[r][0] & word.bits != 0);
        }
        // Every candidate matched; after the last word no race is needed.
        self.race = Some(if last { Vec::new() } else { candidates });
    }

    fn record_by_record(&mut self, index: &SearchIndex, word: &Word, last: bool) {
        let candidates = self.candidates(index, word);
        let finder = memmem::Finder::new(word.text.as_bytes());
        let bytes = index.corpus.as_bytes();
        let mut next = Vec::new();
        for &r in &candidates {
            let r = r as usize;
            // A record's earlier tier says where a known word is, unless it matched partly in
            // the name: then it is searched again, to know which.
            let (any, named) = match word.known.and_then(|e| e.matches[r]) {
                Some(Tier::Name) => (true, true),
                Some(Tier::Elsewhere) => (true, false),
                _ => {
                    let (start, end) = (index.starts[r], index.starts[r + 1]);
                    let at = finder.find(&bytes[start..end]).map(|at| start + at);
                    (
                        at.is_some() || word.in_fields_of(index, r),
                        at.is_some_and(|at| at < index.name_ends[r]),
                    )
                }
            };
            if any {
                self.found[r] += 1;
                self.in_name[r] += u8::from(named);
                if !last {
                    next.push(r as u32);
                }
            }
        }
        self.race = Some(next);
    }

    fn by_pairs(&mut self, holders: &[u32]) {
        let w = self.word;
        for &h in holders {
            let r = (h & !IN_NAME) as usize;
            if self.found[r] == w {
                self.found[r] += 1;
                self.in_name[r] += u8::from(h & IN_NAME != 0);
            }
        }
        self.race = None;
    }

    fn scan(&mut self, index: &SearchIndex, word: &Word) {
        let w = self.word;
        let bytes = index.corpus.as_bytes();
        let finder = memmem::Finder::new(word.text.as_bytes());
        let (mut pos, mut record) = (0, 0);
        while let Some(hit) = finder.find(&bytes[pos..]) {
            let at = pos + hit;
            while index.starts[record + 1] <= at {
                record += 1;
            }
            if self.found[record] == w {
                self.found[record] += 1;
                // The name comes first: the first hit tells whether any is in the name.
                self.in_name[record] += u8::from(at < index.name_ends[record]);
            }
            pos = index.starts[record + 1];
            if pos >= bytes.len() {
                break;
            }
        }
        self.race = None;
    }

    /// After a pass over all records: those whose sector or country holds the word, with no hit
    /// in name or host.
    fn in_fields(&mut self, index: &SearchIndex, word: &Word) {
        if !word.any_field {
            return;
        }
        let w = self.word;
        for (r, f) in self.found.iter_mut().enumerate() {
            if *f == w && word.in_fields_of(index, r) {
                *f += 1;
            }
        }
    }

    /// Each record's tier once all `words` are searched, and how many records have each.
    pub(super) fn tiers(&self, words: usize) -> (Matches, [usize; 3]) {
        let all = words as u8;
        let mut counts = [0; 3];
        let matches = self
            .found
            .iter()
            .zip(&self.in_name)
            .map(|(&f, &named)| {
                let tier = if named == all {
                    Tier::Name
                } else if named > 0 {
                    Tier::Partly
                } else {
                    Tier::Elsewhere
                };
                (f == all).then(|| {
                    counts[tier as usize] += 1;
                    tier
                })
            })
            .collect();
        (matches, counts)
    }
}
