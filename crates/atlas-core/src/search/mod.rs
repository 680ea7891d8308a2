//! Live search: the folded text index, word matching, name-first ranking, highlighting and
//! "did you mean" suggestions.
//!
//! A record matches when every word of the query is a substring of its folded text (name, sector,
//! country name, website host). Names and hosts are concatenated into one corpus; sectors and
//! countries, which repeat, are matched once per query. Per record, the bits of the letters and
//! digits it holds say cheaply which records cannot hold a word; the rest are searched one by one
//! when few, or by one `memmem` pass over the corpus when many. A two-letter word, which most
//! records hold, is answered instead by a list of the records that hold each pair of letters or
//! digits (`PairIndex`), built once the first view is on screen. That is what keeps a keystroke
//! within a frame at 100,000 records.

mod highlight;
mod pairs;
mod suggest;
mod words;

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::fold::fold;
use crate::order::sorted;
use pairs::PairIndex;
use words::{Progress, Word};

pub use highlight::{highlight, Hit};
pub use suggest::edit_distance;

/// Distinct name words kept for "did you mean": enough for any real dataset, bounded for a
/// hostile one.
const MAX_VOCABULARY: usize = 20_000;

/// A query split into folded words. Empty when there is nothing to search for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub words: Vec<String>,
}

/// At most this many words are searched; more say nothing new and cost a pass each.
pub const MAX_WORDS: usize = 12;

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut words: Vec<String> = Vec::new();
        for w in fold(text).split_whitespace() {
            if !words.iter().any(|x| x == w) && words.len() < MAX_WORDS {
                words.push(w.to_string());
            }
        }
        // A word inside another adds no constraint: "clu cluster" is "cluster".
        let all = words.clone();
        words.retain(|w| !all.iter().any(|o| o != w && o.contains(w.as_str())));
        Query { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether every record matching `self` also matches `earlier`: each earlier word is inside
    /// some word of this query. True while someone types on; then only the earlier matches need
    /// to be searched.
    pub fn refines(&self, earlier: &Query) -> bool {
        !earlier.is_empty()
            && earlier
                .words
                .iter()
                .all(|old| self.words.iter().any(|new| new.contains(old.as_str())))
    }
}

/// How well a record matched: where its words were found. Lower ranks first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// Every word is in the name.
    Name = 0,
    /// Some words are in the name, the rest elsewhere.
    Partly = 1,
    /// No word is in the name: it matched on sector, country or website.
    Elsewhere = 2,
}

/// Per record: `None` when it does not match, or its tier.
pub type Matches = Vec<Option<Tier>>;

/// What a search for an earlier query found, for a query that refines it (`Query::refines`):
/// only its matches can match, and a word they share is known to be in each of them.
#[derive(Clone, Copy)]
pub struct Earlier<'a> {
    pub query: &'a Query,
    pub matches: &'a [Option<Tier>],
    /// How many records `matches` holds.
    pub count: usize,
}

/// What the index needs to know of one record.
pub struct IndexEntry<'a> {
    pub name: &'a str,
    pub host: Option<&'a str>,
    /// Positions of the record's sector and country name in the `fields` given to
    /// `SearchIndex::new`. Numbers rather than texts: the catalog already has them, and hashing
    /// two texts per record took tens of milliseconds at 100,000 records.
    pub fields: [u32; 2],
}

/// Which characters a text holds, one bit per letter and digit (`0..36`), and bit 63 for any
/// other byte. A record cannot contain a word whose bits it lacks: most records are ruled out
/// of a word with a rare letter by one AND, and a one-letter word is answered by the bits alone.
fn char_bits(text: &[u8]) -> u64 {
    text.iter().fold(0, |bits, &b| bits | char_bit(b))
}

fn char_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 1 << 63,
    }
}

/// The folded search text of every record. Names and website hosts are concatenated into one
/// corpus; sectors and countries, which repeat, are kept once each and matched once per query.
pub struct SearchIndex {
    corpus: String,
    /// `starts[i]..starts[i + 1]` is record i's text; the last entry is the corpus length.
    starts: Vec<usize>,
    /// Record i's name is `starts[i]..name_ends[i]`.
    name_ends: Vec<usize>,
    /// Per record: the `char_bits` of its name and of all its text (name, host, sector, country).
    bits: Vec<[u64; 2]>,
    /// Per bit: how many records have it in all their text.
    bit_counts: [usize; 64],
    /// Distinct folded sectors and countries, and per record the two it has.
    fields: Vec<String>,
    field_of: Vec<[u32; 2]>,
    /// Distinct folded words of the names, for suggestions: built when first needed
    /// (`vocabulary`), not at load, where it would cost tens of milliseconds at 100,000 records.
    vocabulary: OnceLock<Vec<String>>,
    /// Built by `prepare_pairs` once the first view is shown, for the same reason. Until then a
    /// two-letter word is searched like a longer one, and finds the same records.
    pairs: OnceLock<PairIndex>,
}

impl SearchIndex {
    /// `fields`: the distinct sectors and country names the entries point to.
    pub fn new<'a>(
        fields: &[&str],
        entries: impl IntoIterator<Item = IndexEntry<'a>>,
    ) -> SearchIndex {
        let fields: Vec<String> = fields.iter().map(|f| crate::fold::fold(f)).collect();
        let field_bits: Vec<u64> = fields.iter().map(|f| char_bits(f.as_bytes())).collect();
        let mut index = SearchIndex {
            corpus: String::new(),
            starts: Vec::new(),
            name_ends: Vec::new(),
            bits: Vec::new(),
            bit_counts: [0; 64],
            fields,
            field_of: Vec::new(),
            vocabulary: OnceLock::new(),
            pairs: OnceLock::new(),
        };
        for e in entries {
            index.add(e, &field_bits);
        }
        index.starts.push(index.corpus.len());
        for [_, all] in &index.bits {
            let mut rest = *all;
            while rest != 0 {
                index.bit_counts[rest.trailing_zeros() as usize] += 1;
                rest &= rest - 1;
            }
        }
        index
    }

    /// An index of (name, sector, country name, host) records that numbers the distinct
    /// sectors and countries itself, for tests and benchmarks (the catalog has the numbers).
    pub fn from_texts<'a>(
        records: impl IntoIterator<Item = (&'a str, &'a str, &'a str, Option<&'a str>)>,
    ) -> SearchIndex {
        let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
        let mut fields = Vec::new();
        let mut entries = Vec::new();
        for (name, sector, country, host) in records {
            let mut id = |field: &'a str| {
                *ids.entry(field).or_insert_with(|| {
                    fields.push(field);
                    fields.len() as u32 - 1
                })
            };
            let fields = [id(sector), id(country)];
            entries.push(IndexEntry { name, host, fields });
        }
        SearchIndex::new(&fields, entries)
    }

    /// Appends one record. A function per record rather than the body of `new`'s loop: see
    /// `load::check_record` on why.
    #[inline(never)]
    fn add(&mut self, e: IndexEntry, field_bits: &[u64]) {
        let corpus = &mut self.corpus;
        let name_start = corpus.len();
        self.starts.push(name_start);
        crate::fold::fold_into(e.name, corpus);
        self.name_ends.push(corpus.len());
        let name_bits = char_bits(&corpus.as_bytes()[name_start..]);
        let mut all_bits = name_bits;
        // Whitespace never occurs inside a query word, so '\n' keeps words from matching
        // across fields or records.
        if let Some(host) = e.host {
            corpus.push('\n');
            let host_start = corpus.len();
            crate::fold::fold_into(host, corpus);
            all_bits |= char_bits(&corpus.as_bytes()[host_start..]);
        }
        corpus.push('\n');
        for f in e.fields {
            all_bits |= field_bits.get(f as usize).copied().unwrap_or(0);
        }
        self.bits.push([name_bits, all_bits]);
        self.field_of.push(e.fields);
    }

    /// The distinct words of the names, sorted. Suggestions come from names only, and only from
    /// words (not numbers or codes).
    pub fn vocabulary(&self) -> &[String] {
        self.vocabulary.get_or_init(|| {
            let mut words: FxHashSet<&str> = Default::default();
            'names: for i in 0..self.len() {
                for w in self.folded_name(i).split(|c: char| !c.is_alphabetic()) {
                    if words.len() >= MAX_VOCABULARY {
                        break 'names;
                    }
                    if w.len() >= 3 {
                        words.insert(w);
                    }
                }
            }
            sorted(words.into_iter().map(str::to_string).collect())
        })
    }

    /// Builds the pair index, if not yet built.
    pub fn prepare_pairs(&self) {
        self.pairs.get_or_init(|| PairIndex::new(self));
    }

    pub fn len(&self) -> usize {
        self.name_ends.len()
    }

    /// Record i's name, folded.
    pub fn folded_name(&self, i: usize) -> &str {
        &self.corpus[self.starts[i]..self.name_ends[i]]
    }

    pub fn is_empty(&self) -> bool {
        self.name_ends.is_empty()
    }

    /// Matches every record against the query. An empty query matches all, at tier `Name`.
    pub fn search(&self, query: &Query) -> Matches {
        self.search_among(query, None).0
    }

    /// Like `search`, but only records that `earlier` matched can match. A word the earlier
    /// query had is in every one of them: a record's earlier tier says where, unless it was
    /// `Partly`, and only then is the word searched for. Each word is searched the cheapest way
    /// its numbers allow (`words::Strategy`).
    ///
    /// Also returns how many records have each tier, counted on the way.
    pub fn search_among(&self, query: &Query, earlier: Option<Earlier>) -> (Matches, [usize; 3]) {
        let n = self.len();
        if query.is_empty() {
            return (vec![Some(Tier::Name); n], [n, 0, 0]);
        }
        let earlier = earlier.filter(|e| e.matches.len() == n);
        let mut progress = Progress::new(n, earlier);
        for (w, word) in query.words.iter().enumerate() {
            let word = Word::new(self, word, earlier);
            let last = w + 1 == query.words.len();
            progress.search(self, &word, last);
        }
        progress.tiers(query.words.len())
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    const RECORDS: [(&str, &str, &str, Option<&str>); 5] = [
        (
            "AERA - Cluster Aeronautico Aragonés",
            "Aviation and space",
            "Spain",
            None,
        ),
        (
            "ALIA - Clúster Logístico de Aragón",
            "Transportation and mobility",
            "Spain",
            None,
        ),
        (
            "Pôle Mer PACA",
            "Maritime technologies, water resources",
            "France",
            None,
        ),
        ("Aragon Food Cluster", "Food industry", "Spain", None),
        (
            "Cap Digital",
            "Creative industries",
            "France",
            Some("www.capdigital.com"),
        ),
    ];

    pub(super) fn index() -> SearchIndex {
        SearchIndex::from_texts(RECORDS.iter().copied())
    }

    /// The query, and the matching records as (position, tier).
    fn check(query: &str, expected: &[(usize, Tier)]) {
        let index = index();
        for pairs in [false, true] {
            if pairs {
                index.prepare_pairs();
            }
            let matches = index.search(&Query::parse(query));
            let got: Vec<(usize, Tier)> = matches
                .iter()
                .enumerate()
                .filter_map(|(i, t)| t.map(|t| (i, t)))
                .collect();
            assert_eq!(got, expected, "{query:?}, pair index built: {pairs}");
        }
    }

    #[test]
    fn matching() {
        use Tier::*;
        check("", &[(0, Name), (1, Name), (2, Name), (3, Name), (4, Name)]);
        check(
            "   ",
            &[(0, Name), (1, Name), (2, Name), (3, Name), (4, Name)],
        );
        check("aragon", &[(0, Name), (1, Name), (3, Name)]);
        check("ARAGÓN", &[(0, Name), (1, Name), (3, Name)]);
        check("cluster", &[(0, Name), (1, Name), (3, Name)]);
        check("pole", &[(2, Name)]);
        check("food", &[(3, Name)]);
        check("spain food", &[(3, Partly)]);
        check("france", &[(2, Elsewhere), (4, Elsewhere)]);
        check("capdigital", &[(4, Elsewhere)]);
        check("industries", &[(4, Elsewhere)]);
        check("aragon xyz", &[]);
        // Words never match across fields or records.
        check("spainalia", &[]);
        check("paca maritime", &[(2, Partly)]);
    }

    #[test]
    fn searching_among_earlier_matches_gives_the_same_result() {
        let idx = index();
        for (earlier, later) in [
            ("a", "ara"),
            ("clu", "cluster ara"),
            ("f", "food"),
            ("p", "pole mer"),
            // "spain" is in record 3's country, "food" in its name: a known word of a
            // `Partly` match is searched again, to know which.
            ("spain food", "spain food cluster"),
        ] {
            let (earlier, later) = (Query::parse(earlier), Query::parse(later));
            assert!(later.refines(&earlier));
            let before = idx.search(&earlier);
            let count = before.iter().flatten().count();
            let earlier = Earlier {
                query: &earlier,
                matches: &before,
                count,
            };
            assert_eq!(
                idx.search_among(&later, Some(earlier)).0,
                idx.search(&later)
            );
        }
        assert!(!Query::parse("ara").refines(&Query::parse("arb")));
        assert!(!Query::parse("ara").refines(&Query::parse("")));
        assert!(Query::parse("cluster aragon").refines(&Query::parse("arag clu")));
    }

    /// What matching means, written the slow and obvious way.
    fn naive(records: &[(String, String, String, Option<String>)], query: &Query) -> Matches {
        records
            .iter()
            .map(|(name, sector, country, host)| {
                let name = fold(name);
                let rest = [sector, country]
                    .into_iter()
                    .chain(host.as_ref())
                    .map(|t| fold(t))
                    .collect::<Vec<_>>();
                let mut in_name = 0;
                for w in &query.words {
                    if name.contains(w.as_str()) {
                        in_name += 1;
                    } else if !rest.iter().any(|t| t.contains(w.as_str())) {
                        return None;
                    }
                }
                Some(if in_name == query.words.len() {
                    Tier::Name
                } else if in_name > 0 {
                    Tier::Partly
                } else {
                    Tier::Elsewhere
                })
            })
            .collect()
    }

    proptest::proptest! {
        /// The character bits, the shared sector and country fields, the search strategies
        /// (with and without the pair index) and the narrowing of earlier matches all agree
        /// with the obvious definition.
        #[test]
        fn search_agrees_with_the_obvious_definition(
            records in proptest::collection::vec(
                ("[abcé1 -]{0,12}", "(ab|bc|ca)", "(Cé|Ab1)", proptest::option::of("[abc.]{1,6}")),
                1..60,
            ),
            earlier in "[abcé1 ]{0,3}",
            extra in "[abc1 ]{0,4}",
            pairs: bool,
        ) {
            let index = SearchIndex::from_texts(records.iter().map(|(name, sector, country, host)| {
                (name.as_str(), sector.as_str(), country.as_str(), host.as_deref())
            }));
            if pairs {
                index.prepare_pairs();
            }
            let earlier = Query::parse(&earlier);
            let later = Query::parse(&format!("{} {extra}", earlier.words.join(" ")));
            proptest::prop_assert_eq!(index.search(&earlier), naive(&records, &earlier));
            let (matches, counts) = index.search_among(&earlier, None);
            let mut counted = [0; 3];
            matches.iter().flatten().for_each(|t| counted[*t as usize] += 1);
            proptest::prop_assert_eq!(counts, counted);
            proptest::prop_assert_eq!(index.search(&later), naive(&records, &later));
            if later.refines(&earlier) {
                let before = index.search(&earlier);
                let count = before.iter().flatten().count();
                let earlier = Earlier { query: &earlier, matches: &before, count };
                proptest::prop_assert_eq!(
                    index.search_among(&later, Some(earlier)).0,
                    naive(&records, &later)
                );
            }
        }
    }

    #[test]
    fn query_words() {
        assert_eq!(Query::parse("  Clúster  clu ").words, ["cluster"]);
        assert_eq!(Query::parse("a b a").words, ["a", "b"]);
        assert_eq!(Query::parse(&"w ".repeat(100)).words.len(), 1);
    }
}
