//! The loaded dataset made ready for browsing: the search index, precomputed sort orders and
//! small integer ids for countries and sectors, and `Catalog::select`, which turns a `ViewState`
//! into the rows to show and the facet counts.
//!
//! Built once per dataset load. `select` does no sorting and no allocation per record beyond a
//! few flat vectors, so that it stays within a frame at 100,000 records.

use rustc_hash::FxHashMap;

use std::sync::{Arc, Mutex};

use chrono::{Datelike, NaiveDate};

use crate::core::label::{first_month_in_force, month_number, renewable_until, LabelStatus};
use crate::core::model::{Cluster, Dataset, LoadedDataset, RecordProblem};
use crate::core::search::{IndexEntry, Matches, Query, SearchIndex};
use crate::core::view::{SortKey, ViewState};
use crate::core::website::website_host;

/// How a folded name sorts: leading punctuation ignored ("– Textile…" sorts under T), and
/// records without a name last.
fn name_sort_key(folded: &str) -> (bool, &str) {
    let key = folded.trim_start_matches(|c: char| !c.is_alphanumeric());
    (key.is_empty(), key)
}

/// The first 16 bytes of a sort key, big-endian and zero-padded, so that integer order agrees
/// with the keys' order wherever the prefixes differ. Nameless records (`(true, "")`) get the
/// largest value, as they sort last; no UTF-8 text begins with the byte 0xFF.
fn sort_prefix((nameless, key): (bool, &str)) -> u128 {
    if nameless {
        return u128::MAX;
    }
    let mut bytes = [0u8; 16];
    let n = key.len().min(16);
    bytes[..n].copy_from_slice(&key.as_bytes()[..n]);
    u128::from_be_bytes(bytes)
}

/// `order` stably regrouped by `key` (a small integer): a counting sort.
fn regroup(order: &[u32], key: impl Fn(usize) -> usize) -> Vec<u32> {
    let buckets = order
        .iter()
        .map(|&i| key(i as usize))
        .max()
        .map_or(0, |m| m + 1);
    let mut starts = vec![0usize; buckets + 1];
    for &i in order {
        starts[key(i as usize) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut out = vec![0u32; order.len()];
    for &i in order {
        let k = key(i as usize);
        out[starts[k]] = i;
        starts[k] += 1;
    }
    out
}

pub struct Catalog {
    pub dataset: Dataset,
    /// Records of the file that could not be used.
    pub problems: Vec<RecordProblem>,
    index: SearchIndex,
    /// Position of each record's country in `dataset.countries`.
    country_of: Vec<u16>,
    /// Position of each record's sector in `dataset.sectors`.
    sector_of: Vec<u16>,
    /// For each `SortKey` (in `SortKey::ALL` order): record positions in ascending order.
    orders: Vec<Vec<u32>>,
    /// Per record, as days from the common era: the last day the label is valid, and the last
    /// day it can be renewed. Status on a date is then two integer comparisons.
    label_days: Vec<[i32; 2]>,
    /// Per record, as month numbers (year * 12 + month0): the first and last month the label
    /// is taken to be in force, for the timeline.
    label_months: Vec<[i32; 2]>,
    /// The last search and its matches: typing on narrows them instead of searching anew.
    last_search: Mutex<Option<(Query, Arc<Vec<u32>>)>>,
}

/// What one view shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Matching records, in display order.
    pub rows: Vec<u32>,
    /// Per `dataset.sectors` entry: matches under every filter but the sector filter.
    pub sector_counts: Vec<usize>,
    /// Per `dataset.countries` entry: matches under every filter but the country filter.
    pub country_counts: Vec<usize>,
    /// Per `LabelStatus::ALL`: matches under every filter but the status filter.
    pub status_counts: [usize; 3],
    /// When nothing matches: a corrected query and the first names it finds.
    pub suggestion: Option<Suggestion>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub query: String,
    pub rows: Vec<u32>,
}

impl Catalog {
    pub fn new(loaded: LoadedDataset) -> Catalog {
        let LoadedDataset { dataset, problems } = loaded;
        let country_pos: FxHashMap<&str, u16> = dataset
            .countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i as u16))
            .collect();
        let sector_pos: FxHashMap<&str, u16> = dataset
            .sectors
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.as_str(), i as u16))
            .collect();
        let clusters = &dataset.clusters;
        // `Dataset::from_clusters` lists every country and sector that occurs, so these lookups
        // cannot miss; 0 is a harmless fallback rather than a panic.
        let country_of: Vec<u16> = clusters
            .iter()
            .map(|c| country_pos.get(c.country.as_str()).copied().unwrap_or(0))
            .collect();
        let sector_of: Vec<u16> = clusters
            .iter()
            .map(|c| sector_pos.get(c.sector.as_str()).copied().unwrap_or(0))
            .collect();
        let hosts: Vec<Option<String>> = clusters
            .iter()
            .map(|c| c.website.as_deref().and_then(website_host))
            .collect();
        let index = SearchIndex::new(clusters.iter().zip(&country_of).zip(&hosts).map(
            |((c, &country), host)| IndexEntry {
                name: &c.name,
                sector: &c.sector,
                country_name: &dataset.countries[country as usize].name,
                host: host.as_deref(),
            },
        ));

        // Sort by name once (the index holds the folded names); every other order is this one
        // regrouped by a small integer key with a stable counting sort: O(n), no comparisons.
        // The first 16 bytes of each key as one integer decide most comparisons without
        // touching the strings.
        let mut keyed: Vec<(u128, u32)> = (0..clusters.len())
            .map(|i| (sort_prefix(name_sort_key(index.folded_name(i))), i as u32))
            .collect();
        // Sorting the (prefix, record) pairs themselves keeps the sort in cache; only runs of
        // equal prefixes need the whole key (and the id, so the order is total).
        keyed.sort_unstable();
        for run in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
            if run.len() > 1 {
                run.sort_unstable_by(|&(_, a), &(_, b)| {
                    let (a, b) = (a as usize, b as usize);
                    name_sort_key(index.folded_name(a))
                        .cmp(&name_sort_key(index.folded_name(b)))
                        .then_with(|| clusters[a].id.cmp(&clusters[b].id))
                });
            }
        }
        let by_name: Vec<u32> = keyed.into_iter().map(|(_, i)| i).collect();
        let first_day = clusters
            .iter()
            .map(|c| c.valid_until)
            .min()
            .unwrap_or_default();
        let orders = SortKey::ALL
            .iter()
            .map(|key| match key {
                SortKey::Name => by_name.clone(),
                SortKey::Country => regroup(&by_name, |i| country_of[i] as usize),
                SortKey::Sector => regroup(&by_name, |i| sector_of[i] as usize),
                SortKey::ValidUntil => regroup(&by_name, |i| {
                    (clusters[i].valid_until - first_day).num_days().max(0) as usize
                }),
            })
            .collect();
        let label_days = clusters
            .iter()
            .map(|c| {
                [
                    c.valid_until.num_days_from_ce(),
                    renewable_until(c.valid_until).num_days_from_ce(),
                ]
            })
            .collect();
        let label_months = clusters
            .iter()
            .map(|c| {
                [
                    first_month_in_force(c.valid_until),
                    month_number(c.valid_until),
                ]
            })
            .collect();
        Catalog {
            dataset,
            problems,
            index,
            country_of,
            sector_of,
            orders,
            label_days,
            label_months,
            last_search: Mutex::new(None),
        }
    }

    pub fn len(&self) -> usize {
        self.dataset.clusters.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dataset.clusters.is_empty()
    }

    /// Position of the record's country in `dataset.countries`.
    pub fn country_index(&self, row: u32) -> usize {
        self.country_of[row as usize] as usize
    }

    /// Position of the record's sector in `dataset.sectors`.
    pub fn sector_index(&self, row: u32) -> usize {
        self.sector_of[row as usize] as usize
    }

    /// The first and last month (year * 12 + month0) the record's label is taken to be in force.
    pub fn label_months(&self, row: u32) -> [i32; 2] {
        self.label_months[row as usize]
    }

    /// The record's label status on the day `day` (days from the common era).
    fn status_on_day(&self, row: usize, day: i32) -> LabelStatus {
        let [valid, renewable] = self.label_days[row];
        LabelStatus::between(day, valid, renewable)
    }

    /// Text matches of a query, narrowing the previous query's matches when this one refines it.
    fn matches(&self, query: &Query) -> Matches {
        let earlier = self.last_search.lock().ok().and_then(|last| {
            last.as_ref()
                .filter(|(q, _)| query.refines(q))
                .map(|(_, rows)| Arc::clone(rows))
        });
        let matches = self
            .index
            .search_among(query, earlier.as_deref().map(Vec::as_slice));
        if let Ok(mut last) = self.last_search.lock() {
            *last = (!query.is_empty()).then(|| {
                let rows = matches
                    .iter()
                    .enumerate()
                    .filter_map(|(i, m)| m.map(|_| i as u32))
                    .collect();
                (query.clone(), Arc::new(rows))
            });
        }
        matches
    }

    pub fn cluster(&self, row: u32) -> &Cluster {
        &self.dataset.clusters[row as usize]
    }

    /// The record with this id. A scan: it runs when a detail opens, not per keystroke, and a
    /// map of 100,000 ids would cost more at load time than all the scans a visit makes.
    pub fn find(&self, id: &str) -> Option<u32> {
        self.dataset
            .clusters
            .iter()
            .position(|c| c.id == id)
            .map(|i| i as u32)
    }

    pub fn country_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.dataset
            .countries
            .iter()
            .find(|c| c.code == code)
            .map_or(code, |c| c.name.as_str())
    }

    pub fn sector_name<'a>(&'a self, slug: &'a str) -> &'a str {
        self.dataset
            .sectors
            .iter()
            .find(|s| s.slug == slug)
            .map_or(slug, |s| s.name.as_str())
    }

    /// The rows and counts of one view, with label statuses as of `asof`.
    pub fn select(&self, view: &ViewState, asof: NaiveDate) -> Selection {
        let mut selection = self.select_rows(view, asof);
        if selection.rows.is_empty() && !view.q.trim().is_empty() {
            selection.suggestion = self.suggest(view, asof);
        }
        selection
    }

    fn select_rows(&self, view: &ViewState, asof: NaiveDate) -> Selection {
        let query = Query::parse(&view.q);
        let matches = self.matches(&query);
        let day = asof.num_days_from_ce();
        let mut want_country = vec![view.countries.is_empty(); self.dataset.countries.len()];
        for code in &view.countries {
            if let Some(i) = self.dataset.countries.iter().position(|c| &c.code == code) {
                want_country[i] = true;
            }
        }
        let mut want_sector = vec![view.sectors.is_empty(); self.dataset.sectors.len()];
        for slug in &view.sectors {
            if let Some(i) = self.dataset.sectors.iter().position(|s| &s.slug == slug) {
                want_sector[i] = true;
            }
        }
        let mut want_status = [view.statuses.is_empty(); 3];
        for s in &view.statuses {
            want_status[*s as usize] = true;
        }

        let mut selection = Selection {
            sector_counts: vec![0; self.dataset.sectors.len()],
            country_counts: vec![0; self.dataset.countries.len()],
            ..Selection::default()
        };
        // Per record: its tier if it passes every filter, else `UNSELECTED`.
        const UNSELECTED: u8 = u8::MAX;
        let mut rank = vec![UNSELECTED; self.len()];
        for (i, tier) in matches.iter().enumerate() {
            let Some(tier) = tier else {
                continue;
            };
            let country = self.country_of[i] as usize;
            let sector = self.sector_of[i] as usize;
            let status = self.status_on_day(i, day) as usize;
            let (c, s, st) = (
                want_country[country],
                want_sector[sector],
                want_status[status],
            );
            if c && st {
                selection.sector_counts[sector] += 1;
            }
            if s && st {
                selection.country_counts[country] += 1;
            }
            if c && s {
                selection.status_counts[status] += 1;
            }
            if c && s && st {
                rank[i] = *tier as u8;
            }
        }

        // Name matches first, then the chosen order: walk the precomputed order once per tier.
        let key_pos = SortKey::ALL
            .iter()
            .position(|k| *k == view.sort.key)
            .unwrap_or(0);
        let order = &self.orders[key_pos];
        // One walk of the order into a list per tier: the order is a permutation, so each step
        // is a random read, and one small `rank` array is the cheapest thing to read at random.
        let mut tiers: [Vec<u32>; 3] = Default::default();
        let mut take = |&i: &u32| {
            if let Some(list) = tiers.get_mut(rank[i as usize] as usize) {
                list.push(i);
            }
        };
        if view.sort.descending {
            order.iter().rev().for_each(&mut take);
        } else {
            order.iter().for_each(&mut take);
        }
        let [name, partly, elsewhere] = tiers;
        selection.rows = name;
        selection.rows.extend(partly);
        selection.rows.extend(elsewhere);

        selection
    }

    /// For a view with no results: the query with its unknown words corrected, and the first
    /// names it finds under the same filters, or anywhere if the filters leave none.
    fn suggest(&self, view: &ViewState, asof: NaiveDate) -> Option<Suggestion> {
        let corrected = self.index.corrected(&Query::parse(&view.q))?;
        let text = corrected.words.join(" ");
        let same_filters = ViewState {
            q: text.clone(),
            ..view.clone()
        };
        let mut rows = self.select_rows(&same_filters, asof).rows;
        if rows.is_empty() {
            let anywhere = ViewState {
                q: text.clone(),
                ..ViewState::new()
            };
            rows = self.select_rows(&anywhere, asof).rows;
        }
        rows.truncate(3);
        (!rows.is_empty()).then_some(Suggestion { query: text, rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{Cluster, Label};

    fn cluster(id: &str, name: &str, country: &str, sector: &str, valid_until: &str) -> Cluster {
        Cluster {
            id: id.into(),
            name: name.into(),
            country: country.into(),
            sector: sector.into(),
            website: None,
            website_ok: false,
            valid_until: NaiveDate::parse_from_str(valid_until, "%Y-%m-%d").unwrap(),
            label: Label::Bronze,
            flags: vec![],
        }
    }

    fn catalog() -> Catalog {
        let clusters = vec![
            cluster(
                "a",
                "Aragon Food Cluster",
                "ES",
                "Food industry",
                "2018-09-06",
            ),
            cluster(
                "b",
                "Biocat",
                "ES",
                "Health and medical science",
                "2015-10-07",
            ),
            cluster("c", "Cluster Bau", "IT", "Construction", "2016-08-28"),
            cluster("d", "DARE Puglia", "IT", "Food industry", "2016-02-27"),
            cluster(
                "e",
                "Élastopôle",
                "FR",
                "New materials and chemistry",
                "2013-11-18",
            ),
            cluster("f", "Food Valley", "FR", "ICT", "2016-01-01"),
            cluster("g", "", "FR", "ICT", "2016-01-01"),
            cluster("h", "– Bau Fragment", "FR", "ICT", "2016-01-01"),
        ];
        let names = |c: &str| {
            match c {
                "ES" => "Spain",
                "IT" => "Italy",
                _ => "France",
            }
            .to_string()
        };
        Catalog::new(LoadedDataset {
            dataset: Dataset::from_clusters(clusters, &names),
            problems: vec![],
        })
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// A query string as in the URL, and the ids shown, in order.
    fn check(query: &str, expected: &[&str]) {
        let cat = catalog();
        let pairs = crate::core::view::decode_query(query);
        let (view, _) = ViewState::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let asof = view.asof.unwrap_or(d("2016-01-01"));
        let ids: Vec<&str> = cat
            .select(&view, asof)
            .rows
            .iter()
            .map(|&r| cat.cluster(r).id.as_str())
            .collect();
        assert_eq!(ids, expected, "{query}");
    }

    #[test]
    fn views() {
        // Leading punctuation is ignored; records without a name come last.
        check("", &["a", "h", "b", "c", "d", "e", "f", "g"]);
        check("sort=-name", &["g", "f", "e", "d", "c", "b", "h", "a"]);
        check("country=IT", &["c", "d"]);
        check("country=IT,FR", &["h", "c", "d", "e", "f", "g"]);
        check("sector=food-industry", &["a", "d"]);
        check(
            "sort=valid_until",
            &["e", "b", "h", "f", "g", "d", "c", "a"],
        );
        check("sort=country", &["h", "e", "f", "g", "c", "d", "a", "b"]);
        check("sort=-sector", &["e", "g", "f", "h", "b", "d", "a", "c"]);
        check("status=valid", &["a", "h", "c", "d", "f", "g"]);
        check("status=renewable", &["b"]);
        check("status=expired", &["e"]);
        check("status=valid&asof=2017-01-01", &["a"]);
        check("q=pole", &["e"]);
        // Name matches rank before matches elsewhere: "food" is in two names and one sector.
        check("q=food", &["a", "f", "d"]);
        check("q=food&sort=-name", &["f", "a", "d"]);
        check("q=spain", &["a", "b"]);
        check("q=food&country=IT", &["d"]);
    }

    #[test]
    fn sort_prefixes_agree_with_the_keys() {
        let keys = [
            (false, ""),
            (false, "a"),
            (false, "a\u{0}"),
            (false, "ab"),
            (false, "abcdefghijklmnopq"),
            (false, "abcdefghijklmnopr"),
            (false, "b"),
            (false, "é"),
            (true, ""),
        ];
        for pair in keys.windows(2) {
            assert!(pair[0] < pair[1]);
            assert!(sort_prefix(pair[0]) <= sort_prefix(pair[1]), "{pair:?}");
        }
    }

    #[test]
    fn facet_counts_follow_the_other_filters() {
        let cat = catalog();
        let (view, _) = ViewState::from_query([("country", "IT"), ("sector", "food-industry")]);
        let sel = cat.select(&view, d("2016-01-01"));
        let sector = |slug: &str| {
            let i = cat
                .dataset
                .sectors
                .iter()
                .position(|s| s.slug == slug)
                .unwrap();
            sel.sector_counts[i]
        };
        let country = |code: &str| {
            let i = cat
                .dataset
                .countries
                .iter()
                .position(|c| c.code == code)
                .unwrap();
            sel.country_counts[i]
        };
        // Sector counts within Italy; country counts within food.
        assert_eq!(
            (
                sector("food-industry"),
                sector("construction"),
                sector("ict")
            ),
            (1, 1, 0)
        );
        assert_eq!((country("IT"), country("ES"), country("FR")), (1, 1, 0));
        assert_eq!(sel.status_counts, [1, 0, 0]);
    }

    #[test]
    fn no_results_suggest_close_names() {
        let cat = catalog();
        let (view, _) = ViewState::from_query([("q", "biocta")]);
        let sel = cat.select(&view, d("2016-01-01"));
        assert!(sel.rows.is_empty());
        let suggestion = sel.suggestion.unwrap();
        assert_eq!(suggestion.query, "biocat");
        assert_eq!(suggestion.rows, [1]);
    }
}
