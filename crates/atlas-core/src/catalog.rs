//! The loaded dataset made ready for browsing: the search index, precomputed sort orders and
//! small integer ids for countries and sectors, and `Catalog::select`, which turns a `ViewState`
//! into the rows to show and the facet counts.
//!
//! Built once per dataset load. `select` does no sorting and no allocation per record beyond a
//! few flat vectors, so that it stays within a frame at 100,000 records.

use rustc_hash::FxHashMap;

use std::ops::{ControlFlow, Range};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{Datelike, NaiveDate};

use crate::expiry::ExpiryWindow;
use crate::label::{first_month_in_force, month_number, Deadlines, LabelStatus};
use crate::load::{LoadedDataset, RecordProblem};
use crate::model::{Cluster, Dataset};
use crate::order::order_by;
use crate::search::{Earlier, IndexEntry, Matches, Query, SearchIndex, Tier};
use crate::view::{SortKey, ViewState};
use crate::website::website_host_as_written;

/// How a folded name sorts: leading punctuation ignored ("– Textile…" sorts under T), and
/// records without a name last.
fn name_sort_key(folded: &str) -> (bool, &str) {
    let key = folded.trim_start_matches(|c: char| !c.is_alphanumeric());
    (key.is_empty(), key)
}

/// Bytes `16 * level..16 * (level + 1)` of a sort key, big-endian and zero-padded, so that
/// integer order agrees with the keys' order wherever these bytes differ and the earlier ones
/// are equal. Nameless records (`(true, "")`) get the largest value at level 0, as they sort
/// last; no UTF-8 text begins with the byte 0xFF.
fn sort_prefix((nameless, key): (bool, &str), level: usize) -> u128 {
    if nameless {
        return if level == 0 { u128::MAX } else { 0 };
    }
    let rest = key.as_bytes().get(16 * level..).unwrap_or_default();
    let mut bytes = [0u8; 16];
    let n = rest.len().min(16);
    bytes[..n].copy_from_slice(&rest[..n]);
    u128::from_be_bytes(bytes)
}

/// How many 16-byte levels `sort_by_name` compares as integers before it compares whole keys:
/// enough for any real name, and a bound on the work a file of long equal names can cause.
const NAME_SORT_LEVELS: usize = 4;

/// Sorts (prefix at `level`, record) pairs by the records' name keys, then positions in the
/// file. Pairs are sorted by their integer prefixes, which keeps the sort in cache; a run of
/// equal prefixes is sorted again by the next 16 bytes, and only after `NAME_SORT_LEVELS` are
/// whole keys compared. Names that share long beginnings ("Kompetenznetz Mechatronik …") are
/// common. Equal names keep their order in the file: the pairs already are in that order, so
/// they cost no comparison of ids (which took three quarters of the sort's time).
fn sort_by_name<'a>(
    keyed: &mut [(u128, u32)],
    level: usize,
    key: &impl Fn(u32) -> (bool, &'a str),
) {
    keyed.sort_unstable();
    for run in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
        if run.len() < 2 {
            continue;
        }
        let next = level + 1;
        if next < NAME_SORT_LEVELS && run.iter().any(|&(_, i)| key(i).1.len() > 16 * next) {
            for pair in run.iter_mut() {
                pair.0 = sort_prefix(key(pair.1), next);
            }
            sort_by_name(run, next, key);
        } else {
            // Rare (names equal in their first 64 bytes), so the small sorts' copy will do. The
            // run is in file order, so position order is file order.
            let order = order_by(run.len(), &|x, y| key(run[x].1).cmp(&key(run[y].1)));
            let sorted: Vec<(u128, u32)> = order.into_iter().map(|i| run[i]).collect();
            run.copy_from_slice(&sorted);
        }
    }
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

/// What the catalog derives from one record at load. One call per record, like
/// `load::check_record`: V8 optimises a function called 100,000 times early, and a loop inlined
/// into a function called once never.
struct RecordFacts<'a> {
    country: u32,
    sector: u32,
    /// As written: the index folds it, which lower-cases it.
    host: Option<&'a str>,
    label: u8,
    label_days: [i32; 3],
    label_months: [i32; 2],
}

impl<'a> RecordFacts<'a> {
    #[inline(never)]
    fn of(
        c: &'a Cluster,
        country_pos: &FxHashMap<&str, u32>,
        sector_pos: &FxHashMap<&str, u32>,
    ) -> RecordFacts<'a> {
        RecordFacts {
            // `Dataset::from_clusters` lists every country and sector that occurs, so these
            // lookups cannot miss; 0 is a harmless fallback rather than a panic.
            country: country_pos.get(c.country.as_str()).copied().unwrap_or(0),
            sector: sector_pos.get(c.sector.as_str()).copied().unwrap_or(0),
            host: c.website.as_deref().and_then(website_host_as_written),
            label: c.label as u8,
            label_days: {
                let d = Deadlines::of(c.valid_until);
                [d.start, d.valid_until, d.renewable_until].map(|day| day.num_days_from_ce())
            },
            label_months: [
                first_month_in_force(c.valid_until),
                month_number(c.valid_until),
            ],
        }
    }
}

pub struct Catalog {
    pub dataset: Dataset,
    /// Records of the file that could not be used.
    pub problems: Vec<RecordProblem>,
    index: SearchIndex,
    /// Position of each record's country in `dataset.countries`.
    country_of: Vec<u32>,
    /// Position of each record's sector in `dataset.sectors`.
    sector_of: Vec<u32>,
    /// Record positions in ascending name order.
    by_name: Arc<[u32]>,
    /// For each other `SortKey` (in `SortKey::ALL` order, name first): record positions in
    /// ascending order, built when that sort is first asked for (a counting sort of `by_name`).
    orders: [OnceLock<Arc<[u32]>>; 4],
    /// Per record, its label's level (a `Label` as a number).
    label_of: Vec<u8>,
    /// Per record, as days from the common era: the label's assumed start, the last day it is
    /// valid and the last day it can be renewed. Status on a date is then integer comparisons.
    label_days: Vec<[i32; 3]>,
    /// Per record, as month numbers (year * 12 + month0): the first and last month the label
    /// is taken to be in force, for the timeline; the last is also the month it expires in.
    label_months: Vec<[i32; 2]>,
    /// The last search, its matches and how many of each tier: typing on narrows them instead
    /// of searching anew.
    last_search: Mutex<Option<LastSearch>>,
}

/// A query, its matches and how many records have each tier.
type LastSearch = (Query, Arc<Matches>, [usize; 3]);

/// What one view shows: which records pass and in what order.
///
/// The rows themselves are found by walking the sort order only as far as asked: a page of a
/// query that matches nearly everything takes a few dozen steps, not 100,000. The full list (for
/// export and statistics) and the facet counts (`Catalog::facet_counts`) are computed when asked
/// for, which the app does after the frame that shows the results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// Per record: its tier if it matches the search and passes every filter.
    rank: Arc<Matches>,
    /// Per tier: how many records have it in `rank`.
    tier_counts: [usize; 3],
    /// The search's matches before the filters, and the filters, for the facet counts.
    matches: Arc<Matches>,
    filters: Filters,
    order: Arc<[u32]>,
    descending: bool,
    /// When nothing matches: a corrected query and the first names it finds.
    pub suggestion: Option<Suggestion>,
}

/// A view's filters as flags per country, sector, status and level (all true when not
/// filtered), the expiry window, and the day statuses are taken on.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Filters {
    country: Vec<bool>,
    sector: Vec<bool>,
    status: [bool; 4],
    label: [bool; 4],
    window: Option<ExpiryWindow>,
    day: i32,
}

impl Filters {
    fn is_open(&self) -> bool {
        self.country.iter().all(|&c| c)
            && self.sector.iter().all(|&s| s)
            && self.status == [true; 4]
            && self.label == [true; 4]
            && self.window.is_none()
    }

    /// Whether an expiry month passes the window.
    fn in_window(&self, month: i32) -> bool {
        self.window.is_none_or(|w| w.contains_month(month))
    }
}

/// Matches under every filter but the facet's own, per facet value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FacetCounts {
    /// Per `dataset.sectors` entry.
    pub sectors: Vec<usize>,
    /// Per `dataset.countries` entry.
    pub countries: Vec<usize>,
    /// Per `LabelStatus::ALL`.
    pub statuses: [usize; 4],
    /// Per `Label::ALL`.
    pub labels: [usize; 4],
}

impl Selection {
    /// How many records pass.
    pub fn len(&self) -> usize {
        self.tier_counts.iter().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The records at positions `range` of the list: name matches first, then the rest, each
    /// in the chosen order.
    pub fn rows(&self, range: Range<usize>) -> Vec<u32> {
        let mut out = Vec::with_capacity(range.len().min(self.len()));
        let mut skip = range.start;
        for (tier, &count) in [Tier::Name, Tier::Partly, Tier::Elsewhere]
            .into_iter()
            .zip(&self.tier_counts)
        {
            if out.len() == range.len() {
                break;
            }
            if skip >= count {
                skip -= count;
                continue;
            }
            // Stop at the last record of the tier, or once the range is full.
            let mut left = count;
            self.walk(|i| {
                if self.rank[i as usize] != Some(tier) {
                    return ControlFlow::Continue(());
                }
                left -= 1;
                if skip > 0 {
                    skip -= 1;
                } else {
                    out.push(i);
                }
                if left == 0 || out.len() == range.len() {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            });
        }
        out
    }

    /// Every record that passes, in display order.
    pub fn all_rows(&self) -> Vec<u32> {
        self.rows(0..self.len())
    }

    /// The records that pass, in record order: for what does not depend on the order.
    pub fn members(&self) -> impl Iterator<Item = u32> + '_ {
        self.rank
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.map(|_| i as u32))
    }

    /// Calls `step` with each record in the chosen order until it breaks.
    fn walk(&self, step: impl FnMut(u32) -> ControlFlow<()>) {
        let mut step = step;
        let _ = if self.descending {
            self.order.iter().rev().try_for_each(|&i| step(i))
        } else {
            self.order.iter().try_for_each(|&i| step(i))
        };
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    pub query: String,
    pub rows: Vec<u32>,
}

impl Catalog {
    pub fn new(loaded: LoadedDataset) -> Catalog {
        let LoadedDataset { dataset, problems } = loaded;
        let country_pos: FxHashMap<&str, u32> = dataset
            .countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i as u32))
            .collect();
        let sector_pos: FxHashMap<&str, u32> = dataset
            .sectors
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.as_str(), i as u32))
            .collect();
        let clusters = &dataset.clusters;
        let n = clusters.len();
        let (mut country_of, mut sector_of, mut hosts) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let (mut label_of, mut label_days, mut label_months) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        for c in clusters {
            let facts = RecordFacts::of(c, &country_pos, &sector_pos);
            country_of.push(facts.country);
            sector_of.push(facts.sector);
            hosts.push(facts.host);
            label_of.push(facts.label);
            label_days.push(facts.label_days);
            label_months.push(facts.label_months);
        }
        // The index's fields: the sectors, then the country names.
        let fields: Vec<&str> = (dataset.sectors.iter().map(|s| s.name.as_str()))
            .chain(dataset.countries.iter().map(|c| c.name.as_str()))
            .collect();
        let sectors = dataset.sectors.len() as u32;
        let index = SearchIndex::new(
            &fields,
            clusters.iter().enumerate().map(|(i, c)| IndexEntry {
                name: &c.name,
                host: hosts[i],
                fields: [sector_of[i], sectors + country_of[i]],
            }),
        );

        // Sort by name once (the index holds the folded names); every other order is this one
        // regrouped by a small integer key (`Catalog::order`).
        let key = |i: u32| name_sort_key(index.folded_name(i as usize));
        let mut keyed: Vec<(u128, u32)> = (0..clusters.len() as u32)
            .map(|i| (sort_prefix(key(i), 0), i))
            .collect();
        sort_by_name(&mut keyed, 0, &key);
        let by_name: Arc<[u32]> = keyed.into_iter().map(|(_, i)| i).collect();
        Catalog {
            dataset,
            problems,
            index,
            country_of,
            sector_of,
            by_name,
            orders: Default::default(),
            label_of,
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

    /// Record positions in ascending `key` order; ties keep name order. Only the name order is
    /// built at load: each other one is `by_name` regrouped by a small integer key with a stable
    /// counting sort, O(n) and no comparisons, the first time it is asked for.
    fn order(&self, key: SortKey) -> Arc<[u32]> {
        let slot = SortKey::ALL.iter().position(|k| *k == key).unwrap_or(0);
        let build = || -> Arc<[u32]> {
            let clusters = &self.dataset.clusters;
            match key {
                SortKey::Name => return Arc::clone(&self.by_name),
                SortKey::Country => regroup(&self.by_name, |i| self.country_of[i] as usize),
                SortKey::Sector => regroup(&self.by_name, |i| self.sector_of[i] as usize),
                SortKey::ValidUntil => {
                    let first = clusters
                        .iter()
                        .map(|c| c.valid_until)
                        .min()
                        .unwrap_or_default();
                    regroup(&self.by_name, |i| {
                        (clusters[i].valid_until - first).num_days().max(0) as usize
                    })
                }
            }
            .into()
        };
        Arc::clone(self.orders[slot].get_or_init(build))
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
        LabelStatus::between(day, self.label_days[row])
    }

    /// Whether record `row` passes `filters`' country, sector, level and window (not status).
    fn passes(&self, row: usize, filters: &Filters) -> [bool; 4] {
        [
            filters.country[self.country_of[row] as usize],
            filters.sector[self.sector_of[row] as usize],
            filters.label[self.label_of[row] as usize],
            filters.in_window(self.label_months[row][1]),
        ]
    }

    /// Text matches of a query and how many of each tier, narrowing the previous query's
    /// matches when this one refines it.
    fn matches(&self, query: &Query) -> (Arc<Matches>, [usize; 3]) {
        let last = self.last_search.lock().ok().and_then(|last| last.clone());
        if let Some((q, matches, counts)) = &last {
            if q == query {
                return (Arc::clone(matches), *counts);
            }
        }
        let earlier =
            last.as_ref()
                .filter(|(q, _, _)| query.refines(q))
                .map(|(q, matches, counts)| Earlier {
                    query: q,
                    matches,
                    count: counts.iter().sum(),
                });
        let (matches, counts) = self.index.search_among(query, earlier);
        let matches = Arc::new(matches);
        if let Ok(mut last) = self.last_search.lock() {
            *last = (!query.is_empty()).then(|| (query.clone(), Arc::clone(&matches), counts));
        }
        (matches, counts)
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

    /// The rows of one view, with label statuses as of `asof`.
    pub fn select(&self, view: &ViewState, asof: NaiveDate) -> Selection {
        let mut selection = self.select_rows(view, asof);
        if selection.is_empty() && !view.q.trim().is_empty() {
            selection.suggestion = self.suggest(view, asof);
        }
        selection
    }

    fn filters(&self, view: &ViewState, asof: NaiveDate) -> Filters {
        let mut country = vec![view.countries.is_empty(); self.dataset.countries.len()];
        for code in &view.countries {
            if let Some(i) = self.dataset.countries.iter().position(|c| &c.code == code) {
                country[i] = true;
            }
        }
        let mut sector = vec![view.sectors.is_empty(); self.dataset.sectors.len()];
        for slug in &view.sectors {
            if let Some(i) = self.dataset.sectors.iter().position(|s| &s.slug == slug) {
                sector[i] = true;
            }
        }
        let mut status = [view.statuses.is_empty(); 4];
        for s in &view.statuses {
            status[*s as usize] = true;
        }
        let mut label = [view.labels.is_empty(); 4];
        for l in &view.labels {
            label[*l as usize] = true;
        }
        Filters {
            country,
            sector,
            status,
            label,
            window: view.expires,
            day: asof.num_days_from_ce(),
        }
    }

    fn select_rows(&self, view: &ViewState, asof: NaiveDate) -> Selection {
        let (matches, mut tier_counts) = self.matches(&Query::parse(&view.q));
        let filters = self.filters(view, asof);
        let rank = if filters.is_open() {
            Arc::clone(&matches)
        } else {
            tier_counts = [0; 3];
            let rank: Matches = matches
                .iter()
                .enumerate()
                .map(|(i, tier)| {
                    let tier = (*tier)?;
                    let passes = self.passes(i, &filters) == [true; 4]
                        && filters.status[self.status_on_day(i, filters.day) as usize];
                    passes.then(|| {
                        tier_counts[tier as usize] += 1;
                        tier
                    })
                })
                .collect();
            Arc::new(rank)
        };
        Selection {
            rank,
            tier_counts,
            matches,
            filters,
            order: self.order(view.sort.key),
            descending: view.sort.descending,
            suggestion: None,
        }
    }

    /// Per facet value: the records that match the selection's search and pass every filter
    /// but that facet's own. One pass over the matches; the app asks for it after the frame.
    pub fn facet_counts(&self, selection: &Selection) -> FacetCounts {
        let filters = &selection.filters;
        let mut counts = FacetCounts {
            sectors: vec![0; self.dataset.sectors.len()],
            countries: vec![0; self.dataset.countries.len()],
            statuses: [0; 4],
            labels: [0; 4],
        };
        for (i, tier) in selection.matches.iter().enumerate() {
            if tier.is_none() {
                continue;
            }
            let status = self.status_on_day(i, filters.day) as usize;
            let [c, s, l, w] = self.passes(i, filters);
            let st = filters.status[status];
            // The window is no facet of its own: it narrows every count.
            if !w {
                continue;
            }
            if c && st && l {
                counts.sectors[self.sector_of[i] as usize] += 1;
            }
            if s && st && l {
                counts.countries[self.country_of[i] as usize] += 1;
            }
            if c && s && l {
                counts.statuses[status] += 1;
            }
            if c && s && st {
                counts.labels[self.label_of[i] as usize] += 1;
            }
        }
        counts
    }

    /// Calls `each` with every record that matches the selection's search and passes its
    /// sector, level and expiry filters, whatever its country and status, and its status on the
    /// selection's day: what a comparison of countries counts (`compare.rs`).
    pub fn each_beyond_country_and_status(
        &self,
        selection: &Selection,
        mut each: impl FnMut(u32, LabelStatus),
    ) {
        let filters = &selection.filters;
        for (i, tier) in selection.matches.iter().enumerate() {
            if tier.is_none() {
                continue;
            }
            let [_, s, l, w] = self.passes(i, filters);
            if s && l && w {
                each(i as u32, self.status_on_day(i, filters.day));
            }
        }
    }

    /// Builds what "did you mean" suggestions need, if not yet built; the first view with no
    /// results would otherwise wait for it.
    pub fn prepare_suggestions(&self) {
        self.index.vocabulary();
    }

    /// Builds the index that two-letter words are searched with, if not yet built. Until it
    /// is, searches find the same records, only slower.
    pub fn prepare_search(&self) {
        self.index.prepare_pairs();
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
        let mut rows = self.select_rows(&same_filters, asof).rows(0..3);
        if rows.is_empty() {
            let anywhere = ViewState {
                q: text.clone(),
                ..ViewState::new()
            };
            rows = self.select_rows(&anywhere, asof).rows(0..3);
        }
        (!rows.is_empty()).then_some(Suggestion { query: text, rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::Label;
    use crate::model::Cluster;

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
        let pairs = crate::view::decode_query(query);
        let (view, _) = ViewState::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let asof = view.asof.unwrap_or(d("2016-01-01"));
        let ids: Vec<&str> = cat
            .select(&view, asof)
            .all_rows()
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
        // "a" is valid until 2018-09-06: it starts on 2016-09-06, after the day asked for.
        check("status=valid", &["h", "c", "d", "f", "g"]);
        check("status=upcoming", &["a"]);
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
            assert!(
                sort_prefix(pair[0], 0) <= sort_prefix(pair[1], 0),
                "{pair:?}"
            );
            assert!(
                sort_prefix(pair[0], 0) < sort_prefix(pair[1], 0)
                    || sort_prefix(pair[0], 1) <= sort_prefix(pair[1], 1),
                "{pair:?}"
            );
        }
    }

    #[test]
    fn facet_counts_follow_the_other_filters() {
        let cat = catalog();
        let (view, _) = ViewState::from_query([("country", "IT"), ("sector", "food-industry")]);
        let counts = cat.facet_counts(&cat.select(&view, d("2016-01-01")));
        let sector = |slug: &str| {
            let i = cat
                .dataset
                .sectors
                .iter()
                .position(|s| s.slug == slug)
                .unwrap();
            counts.sectors[i]
        };
        let country = |code: &str| {
            let i = cat
                .dataset
                .countries
                .iter()
                .position(|c| c.code == code)
                .unwrap();
            counts.countries[i]
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
        assert_eq!(counts.statuses, [0, 1, 0, 0]);
    }

    #[test]
    fn no_results_suggest_close_names() {
        let cat = catalog();
        let (view, _) = ViewState::from_query([("q", "biocta")]);
        let sel = cat.select(&view, d("2016-01-01"));
        assert!(sel.is_empty());
        let suggestion = sel.suggestion.unwrap();
        assert_eq!(suggestion.query, "biocat");
        assert_eq!(suggestion.rows, [1]);
    }

    /// 600 records made from fixed word lists by arithmetic on their position: varied names
    /// (some empty), six countries, every sector, ten years of dates; the same on every run.
    fn varied_catalog() -> Catalog {
        const COUNTRIES: [&str; 6] = ["ES", "IT", "FR", "MX", "DE", "PT"];
        const WORDS: [&str; 8] = [
            "cluster", "aragon", "pole", "energia", "food", "clúster", "océan", "lab",
        ];
        let start = d("2012-01-01");
        let clusters = (0..600)
            .map(|i| {
                let name = if i % 50 == 0 {
                    String::new()
                } else {
                    format!("{} {} {i}", WORDS[i * 7 % 8], WORDS[(i / 8) % 8])
                };
                let date = start + chrono::Days::new((i * 37 % 3650) as u64);
                Cluster {
                    label: Label::ALL[i * 3 % 4],
                    ..cluster(
                        &format!("r{i}"),
                        &name,
                        COUNTRIES[i * 5 % 6],
                        crate::model::SECTORS[i * 11 % 15],
                        &crate::dates::iso(date),
                    )
                }
            })
            .collect();
        Catalog::new(LoadedDataset {
            dataset: Dataset::from_clusters(clusters, &|c| c.to_string()),
            problems: vec![],
        })
    }

    /// Over varied data and random views: every page is that slice of the full list, the
    /// full list holds each passing record once, and the facet counts are what counting the
    /// records one by one gives.
    #[test]
    fn pages_and_facet_counts_agree_with_the_full_list() {
        use proptest::prelude::*;
        let cat = varied_catalog();
        let codes: Vec<String> = cat
            .dataset
            .countries
            .iter()
            .map(|c| c.code.clone())
            .collect();
        let slugs: Vec<String> = cat.dataset.sectors.iter().map(|s| s.slug.clone()).collect();
        let config = ProptestConfig::with_cases(64);
        proptest!(config, |(
            q in "[aeiocl ]{0,5}",
            country in prop::sample::subsequence(codes.clone(), 0..3),
            sector in prop::sample::subsequence(slugs.clone(), 0..2),
            status in prop::sample::subsequence(LabelStatus::ALL.to_vec(), 0..2),
            label in prop::sample::subsequence(Label::ALL.to_vec(), 0..3),
            window in prop::option::of((prop::option::of(24_144i32..24_264), 0i32..40)),
            (key, descending) in (prop::sample::select(SortKey::ALL.to_vec()), any::<bool>()),
            (start, len) in (0usize..700, 0usize..120),
            asof_days in 0u64..4_000,
        )| {
            let expires = window.map(|(from, len)| ExpiryWindow { from, to: Some(from.unwrap_or(24_200) + len) });
            let view = ViewState {
                q,
                countries: country,
                sectors: sector,
                statuses: status,
                labels: label,
                expires,
                sort: crate::view::Sort { key, descending },
                ..ViewState::new()
            };
            let asof = d("2011-01-01") + chrono::Days::new(asof_days);
            let selection = cat.select(&view, asof);
            let all = selection.all_rows();
            prop_assert_eq!(all.len(), selection.len());
            let end = (start + len).min(all.len());
            let expected = all.get(start.min(end)..end).unwrap_or(&[]);
            prop_assert_eq!(selection.rows(start..start + len), expected);
            let mut sorted = all.clone();
            sorted.sort_unstable();
            prop_assert_eq!(&sorted, &selection.members().collect::<Vec<_>>());

            // The filters, the obvious way: the search's matches, kept by each rule in turn.
            let searched: Vec<u32> = cat
                .select(&ViewState { q: view.q.clone(), ..ViewState::new() }, asof)
                .members()
                .collect();
            let kept: Vec<u32> = searched
                .into_iter()
                .filter(|&r| {
                    let c = cat.cluster(r);
                    (view.countries.is_empty() || view.countries.contains(&c.country))
                        && (view.sectors.is_empty() || view.sectors.contains(&c.sector_slug()))
                        && (view.statuses.is_empty()
                            || view.statuses.contains(&LabelStatus::on(c.valid_until, asof)))
                        && (view.labels.is_empty() || view.labels.contains(&c.label))
                        && view.expires.is_none_or(|w| w.contains(c.valid_until))
                })
                .collect();
            prop_assert_eq!(&sorted, &kept);

            // Facet counts, the obvious way: a view with that facet cleared, counted by value.
            let counts = cat.facet_counts(&selection);
            let recount = |cleared: ViewState, value: &dyn Fn(&Cluster) -> String| {
                let mut n: std::collections::HashMap<String, usize> = Default::default();
                for r in cat.select(&cleared, asof).all_rows() {
                    *n.entry(value(cat.cluster(r))).or_default() += 1;
                }
                n
            };
            let by_country = recount(
                ViewState { countries: vec![], ..view.clone() },
                &|c| c.country.clone(),
            );
            for (i, c) in cat.dataset.countries.iter().enumerate() {
                prop_assert_eq!(counts.countries[i], by_country.get(&c.code).copied().unwrap_or(0));
            }
            let by_sector = recount(
                ViewState { sectors: vec![], ..view.clone() },
                &|c| c.sector.clone(),
            );
            for (i, s) in cat.dataset.sectors.iter().enumerate() {
                prop_assert_eq!(counts.sectors[i], by_sector.get(&s.name).copied().unwrap_or(0));
            }
            let by_status = recount(
                ViewState { statuses: vec![], ..view.clone() },
                &|c| LabelStatus::on(c.valid_until, asof).key().to_string(),
            );
            let by_label = recount(
                ViewState { labels: vec![], ..view.clone() },
                &|c| c.label.key().to_string(),
            );
            for (i, l) in Label::ALL.iter().enumerate() {
                prop_assert_eq!(counts.labels[i], by_label.get(l.key()).copied().unwrap_or(0));
            }
            for (i, st) in LabelStatus::ALL.iter().enumerate() {
                prop_assert_eq!(counts.statuses[i], by_status.get(st.key()).copied().unwrap_or(0));
            }
        });
    }

    /// Names with long shared beginnings, spaces, accents and blanks: the catalog's name order is
    /// the plain stable sort by name key (equal names keep their order in the file; the ids run
    /// the other way, so a tie broken by id would fail).
    #[test]
    fn name_order_is_the_plain_sort() {
        use proptest::prelude::*;
        let config = ProptestConfig::with_cases(64);
        proptest!(config, |(names in prop::collection::vec(
            prop::sample::select(vec![
                "", "– ", "kompetenznetz mechatronik ", "kompetenznetz mechatronik baden ", "a", "é", "b ",
                "cluster ", "\u{0}",
            ]).prop_flat_map(|head| (Just(head), "[ab ]{0,3}", 1usize..4)),
            1..60,
        ))| {
            let clusters: Vec<Cluster> = names
                .iter()
                .enumerate()
                .map(|(i, (head, tail, times))| {
                    let name = format!("{}{tail}", head.repeat(*times));
                    cluster(&format!("id{:03}", 99 - i % 100), &name, "FR", "ICT", "2016-01-01")
                })
                .collect();
            let cat = Catalog::new(LoadedDataset {
                dataset: Dataset::from_clusters(clusters, &|c: &str| c.to_string()),
                problems: vec![],
            });
            let mut expected: Vec<u32> = (0..cat.len() as u32).collect();
            expected.sort_by(|&a, &b| {
                let key = |i: u32| name_sort_key(cat.index.folded_name(i as usize));
                key(a).cmp(&key(b))
            });
            prop_assert_eq!(&cat.by_name[..], &expected[..]);
        });
    }
}
