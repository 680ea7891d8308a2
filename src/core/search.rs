//! Live search: the folded text index, word matching, name-first ranking, highlighting and
//! "did you mean" suggestions.
//!
//! A record matches when every word of the query is a substring of its folded text (name, sector,
//! country name, website host). The index keeps all records' folded text in one string, so a word
//! is found with one `memmem` pass over the corpus, not one search per record: that is what keeps
//! a keystroke within a frame at 100,000 records.

use std::collections::HashSet;

use memchr::memmem;

use crate::core::fold::{fold, FoldedText};

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

/// What the index needs to know of one record.
pub struct IndexEntry<'a> {
    pub name: &'a str,
    pub sector: &'a str,
    pub country_name: &'a str,
    pub host: Option<&'a str>,
}

/// The folded text of every record, concatenated.
pub struct SearchIndex {
    corpus: String,
    /// `starts[i]..starts[i + 1]` is record i's text; the last entry is the corpus length.
    starts: Vec<usize>,
    /// Record i's name is `starts[i]..name_ends[i]`.
    name_ends: Vec<usize>,
    /// Distinct folded words of the names, sectors and countries, for suggestions.
    vocabulary: Vec<String>,
}

impl SearchIndex {
    pub fn new<'a>(entries: impl IntoIterator<Item = IndexEntry<'a>>) -> SearchIndex {
        let mut corpus = String::new();
        let mut starts = Vec::new();
        let mut name_ends = Vec::new();
        let mut vocabulary: HashSet<String> = HashSet::new();
        let mut folded_fields: rustc_hash::FxHashMap<&str, String> = Default::default();
        for e in entries {
            starts.push(corpus.len());
            let name_start = corpus.len();
            crate::core::fold::fold_into(e.name, &mut corpus);
            name_ends.push(corpus.len());
            // Suggestions come from names only, and only from words (not numbers or codes).
            if vocabulary.len() < MAX_VOCABULARY {
                for w in corpus[name_start..].split(|c: char| !c.is_alphabetic()) {
                    if w.len() >= 3 && !vocabulary.contains(w) {
                        vocabulary.insert(w.to_string());
                    }
                }
            }
            // Whitespace never occurs inside a query word, so '\n' keeps words from matching
            // across fields or records. Sectors and countries repeat: fold each once.
            for field in [Some(e.sector), Some(e.country_name)].into_iter().flatten() {
                corpus.push('\n');
                let folded = folded_fields
                    .entry(field)
                    .or_insert_with(|| crate::core::fold::fold(field));
                corpus.push_str(folded);
            }
            if let Some(host) = e.host {
                corpus.push('\n');
                crate::core::fold::fold_into(host, &mut corpus);
            }
            corpus.push('\n');
        }
        let mut vocabulary: Vec<String> = vocabulary.into_iter().collect();
        vocabulary.sort_unstable();
        starts.push(corpus.len());
        SearchIndex {
            corpus,
            starts,
            name_ends,
            vocabulary,
        }
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
        self.search_among(query, None)
    }

    /// Like `search`, but only `candidates` (record positions, ascending) can match: the
    /// matches of an earlier query that this one refines. Small candidate sets are searched
    /// record by record; large ones by the usual pass over the whole corpus.
    pub fn search_among(&self, query: &Query, candidates: Option<&[u32]>) -> Matches {
        let n = self.len();
        if query.is_empty() {
            return vec![Some(Tier::Name); n];
        }
        // Per record: how many words were found, and how many of them in the name.
        let mut found = vec![0u8; n];
        let mut in_name = vec![0u8; n];
        let bytes = self.corpus.as_bytes();
        let few = candidates.filter(|c| c.len() <= n / 4);
        for (w, word) in query.words.iter().enumerate() {
            let w = w as u8;
            let finder = memmem::Finder::new(word.as_bytes());
            if let Some(candidates) = few {
                for &r in candidates {
                    let r = r as usize;
                    if found[r] != w {
                        continue;
                    }
                    if let Some(at) = finder.find(&bytes[self.starts[r]..self.starts[r + 1]]) {
                        found[r] += 1;
                        if self.starts[r] + at < self.name_ends[r] {
                            in_name[r] += 1;
                        }
                    }
                }
                continue;
            }
            let mut pos = 0;
            let mut record = 0;
            while let Some(hit) = finder.find(&bytes[pos..]) {
                let at = pos + hit;
                while self.starts[record + 1] <= at {
                    record += 1;
                }
                // Only records that matched every earlier word can still match.
                if found[record] == w {
                    found[record] += 1;
                    // The name comes first, so the first hit in a record tells whether any is
                    // in the name.
                    if at < self.name_ends[record] {
                        in_name[record] += 1;
                    }
                }
                pos = self.starts[record + 1];
                if pos >= bytes.len() {
                    break;
                }
            }
        }
        let all = query.words.len() as u8;
        found
            .iter()
            .zip(&in_name)
            .map(|(&f, &nm)| {
                (f == all).then_some(if nm == all {
                    Tier::Name
                } else if nm > 0 {
                    Tier::Partly
                } else {
                    Tier::Elsewhere
                })
            })
            .collect()
    }

    /// For a query with no results: the same query with each word that occurs nowhere replaced
    /// by the closest word of the data, if one is close enough. `None` when there is nothing
    /// better to offer.
    pub fn corrected(&self, query: &Query) -> Option<Query> {
        let mut changed = false;
        let words = query
            .words
            .iter()
            .map(|w| {
                if self.corpus.contains(w.as_str()) {
                    return w.clone();
                }
                let limit = if w.chars().count() <= 4 { 1 } else { 2 };
                let best = self
                    .vocabulary
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

/// A piece of a name for display: the text, and whether it matched the query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// Splits `name` into plain and matched pieces. The pieces are text: the caller renders them
/// as text nodes, never as HTML.
pub fn highlight(name: &str, query: &Query) -> Vec<Segment> {
    let folded = FoldedText::new(name);
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for word in &query.words {
        for (start, _) in folded.folded.match_indices(word.as_str()) {
            ranges.push(folded.original_range(name, start, start + word.len()));
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let mut segments = Vec::new();
    let mut at = 0;
    for (a, b) in merged {
        if a > at {
            segments.push(Segment {
                text: name[at..a].to_string(),
                hit: false,
            });
        }
        segments.push(Segment {
            text: name[a..b].to_string(),
            hit: true,
        });
        at = b;
    }
    if at < name.len() || segments.is_empty() {
        segments.push(Segment {
            text: name[at..].to_string(),
            hit: false,
        });
    }
    segments
}

#[cfg(test)]
mod tests {
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

    fn index() -> SearchIndex {
        SearchIndex::new(
            RECORDS
                .iter()
                .map(|(name, sector, country, host)| IndexEntry {
                    name,
                    sector,
                    country_name: country,
                    host: *host,
                }),
        )
    }

    /// The query, and the matching records as (position, tier).
    fn check(query: &str, expected: &[(usize, Tier)]) {
        let matches = index().search(&Query::parse(query));
        let got: Vec<(usize, Tier)> = matches
            .iter()
            .enumerate()
            .filter_map(|(i, t)| t.map(|t| (i, t)))
            .collect();
        assert_eq!(got, expected, "{query:?}");
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
        ] {
            let (earlier, later) = (Query::parse(earlier), Query::parse(later));
            assert!(later.refines(&earlier));
            let candidates: Vec<u32> = idx
                .search(&earlier)
                .iter()
                .enumerate()
                .filter_map(|(i, m)| m.map(|_| i as u32))
                .collect();
            assert_eq!(
                idx.search_among(&later, Some(&candidates)),
                idx.search(&later)
            );
        }
        assert!(!Query::parse("ara").refines(&Query::parse("arb")));
        assert!(!Query::parse("ara").refines(&Query::parse("")));
        assert!(Query::parse("cluster aragon").refines(&Query::parse("arag clu")));
    }

    #[test]
    fn query_words() {
        assert_eq!(Query::parse("  Clúster  clu ").words, ["cluster"]);
        assert_eq!(Query::parse("a b a").words, ["a", "b"]);
        assert_eq!(Query::parse(&"w ".repeat(100)).words.len(), 1);
    }

    #[test]
    fn highlighting() {
        fn check(name: &str, query: &str, expected: &[(&str, bool)]) {
            let got: Vec<(String, bool)> = highlight(name, &Query::parse(query))
                .into_iter()
                .map(|s| (s.text, s.hit))
                .collect();
            let want: Vec<(String, bool)> =
                expected.iter().map(|(t, h)| (t.to_string(), *h)).collect();
            assert_eq!(got, want, "{name} / {query}");
        }
        check(
            "Clúster Aragonés",
            "aragones",
            &[("Clúster ", false), ("Aragonés", true)],
        );
        check(
            "Clúster Aragonés",
            "clu ster",
            &[("Clúster", true), (" Aragonés", false)],
        );
        check(
            "<b>x</b>",
            "b",
            &[
                ("<", false),
                ("b", true),
                (">x</", false),
                ("b", true),
                (">", false),
            ],
        );
        check("Abc", "", &[("Abc", false)]);
        check("", "a", &[("", false)]);
    }

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
