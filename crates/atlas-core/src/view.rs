//! The view state and its URL form. The URL is the state: every view can be shared as a link.
//!
//! `ViewState::from_query` never fails: a malformed value is dropped and reported as a `Notice`.
//! `ViewState::retain_known` then drops values the dataset does not know (an unknown country or
//! sector). `ViewState::to_query` is canonical: defaults omitted, fixed key order, sorted lists.
//! The keys are a public interface (README "Using it"): `country`, `sector`, `status`, `label`,
//! `expires`, `q`, `sort`, `asof`, `compare`, `tab`, `page`, `cluster`, `map`, `embed`.

use rustc_hash::FxHashSet;

use chrono::NaiveDate;

use crate::dates::{iso, parse_iso};
use crate::expiry::ExpiryWindow;
use crate::label::{Label, LabelStatus};
use crate::model::{is_slug, Dataset};
use crate::order::sorted;

/// Longest search text accepted from a URL; a longer one is ignored, not cut.
pub const MAX_QUERY_CHARS: usize = 200;
/// Most values accepted in one list key.
const MAX_LIST: usize = 300;
/// Most countries side by side in a comparison.
pub const MAX_COMPARED: usize = 6;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    #[default]
    Name,
    Country,
    Sector,
    ValidUntil,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::Name,
        SortKey::Country,
        SortKey::Sector,
        SortKey::ValidUntil,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Country => "country",
            SortKey::Sector => "sector",
            SortKey::ValidUntil => "valid_until",
        }
    }

    pub fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.key() == s)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

impl Sort {
    pub fn to_param(self) -> String {
        format!(
            "{}{}",
            if self.descending { "-" } else { "" },
            self.key.key()
        )
    }

    pub fn parse(s: &str) -> Option<Sort> {
        let (descending, key) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        SortKey::parse(key).map(|key| Sort { key, descending })
    }

    /// Clicking a column header: the same column flips direction, another starts ascending.
    pub fn toggled(self, key: SortKey) -> Sort {
        Sort {
            key,
            descending: self.key == key && !self.descending,
        }
    }
}

/// Which part of the world the map frames.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MapView {
    #[default]
    Europe,
    World,
}

impl MapView {
    pub fn key(self) -> &'static str {
        match self {
            MapView::Europe => "europe",
            MapView::World => "world",
        }
    }

    pub fn parse(s: &str) -> Option<MapView> {
        [MapView::Europe, MapView::World]
            .into_iter()
            .find(|m| m.key() == s)
    }
}

/// What the main column shows: the list, the statistics of the view, or the comparison.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Tab {
    #[default]
    Clusters,
    Statistics,
    Compare,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Clusters, Tab::Statistics, Tab::Compare];

    pub fn key(self) -> &'static str {
        match self {
            Tab::Clusters => "clusters",
            Tab::Statistics => "stats",
            Tab::Compare => "compare",
        }
    }

    pub fn parse(s: &str) -> Option<Tab> {
        Tab::ALL.into_iter().find(|t| t.key() == s)
    }
}

/// Everything that makes one view of the atlas.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewState {
    /// Alpha-2 codes, upper case, sorted, distinct.
    pub countries: Vec<String>,
    /// Sector slugs, sorted, distinct.
    pub sectors: Vec<String>,
    /// In `LabelStatus` order, distinct.
    pub statuses: Vec<LabelStatus>,
    /// Label levels, in `Label` order, distinct.
    pub labels: Vec<Label>,
    /// Only labels whose "valid until" falls in these months.
    pub expires: Option<ExpiryWindow>,
    /// The search text as typed (not trimmed, so typing a space is not undone).
    pub q: String,
    pub sort: Sort,
    /// `None` means today.
    pub asof: Option<NaiveDate>,
    /// Countries compared side by side: alpha-2 codes, sorted, distinct, at most
    /// `MAX_COMPARED`. One code is a comparison being picked, which asks for another.
    pub compare: Vec<String>,
    /// The tab chosen, when it is not the view's default (`ViewState::tab`).
    pub tab: Option<Tab>,
    /// 1-based page of the results list.
    pub page: usize,
    /// The cluster whose detail panel is open.
    pub cluster: Option<String>,
    pub map: MapView,
    /// Shown inside another page: no controls, links open the full atlas.
    pub embed: bool,
}

/// Something in the URL that was not used, said in words for the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice(pub String);

fn shown(value: &str) -> String {
    let mut s: String = value.chars().take(30).collect();
    if value.chars().count() > 30 {
        s.push('…');
    }
    format!("\u{201c}{s}\u{201d}")
}

fn split_list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// The country codes of a list key: well-formed ones upper-cased into `codes`, the rest said.
fn read_codes(value: &str, codes: &mut Vec<String>, notices: &mut Vec<Notice>) {
    for code in split_list(value).take(MAX_LIST) {
        let upper = code.to_ascii_uppercase();
        if upper.len() == 2 && upper.bytes().all(|b| b.is_ascii_uppercase()) {
            codes.push(upper);
        } else {
            notices.push(Notice(format!("{} is not a country code.", shown(code))));
        }
    }
}

impl ViewState {
    pub fn new() -> ViewState {
        ViewState {
            page: 1,
            ..ViewState::default()
        }
    }

    /// Reads a query string's key/value pairs (already percent-decoded). Never fails: anything
    /// malformed is left out and reported. Unknown keys are ignored silently (other tools add
    /// their own, such as `utm_source`).
    pub fn from_query<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (ViewState, Vec<Notice>) {
        let mut state = ViewState::new();
        let mut notices = Vec::new();
        for (key, value) in pairs {
            match key {
                "country" => read_codes(value, &mut state.countries, &mut notices),
                "compare" => read_codes(value, &mut state.compare, &mut notices),
                "sector" => {
                    for slug in split_list(value).take(MAX_LIST) {
                        if is_slug(slug) {
                            state.sectors.push(slug.to_string());
                        } else {
                            notices.push(Notice(format!("{} is not a sector.", shown(slug))));
                        }
                    }
                }
                "status" => {
                    for s in split_list(value).take(MAX_LIST) {
                        match LabelStatus::parse(&s.to_ascii_lowercase()) {
                            Some(status) => state.statuses.push(status),
                            None => notices.push(Notice(format!(
                                "{} is not a label status (upcoming, valid, renewable, expired).",
                                shown(s)
                            ))),
                        }
                    }
                }
                "label" => {
                    for l in split_list(value).take(MAX_LIST) {
                        match Label::parse(&l.to_ascii_lowercase()) {
                            Some(label) => state.labels.push(label),
                            None => notices.push(Notice(format!(
                                "{} is not a label level (bronze, silver, gold).",
                                shown(l)
                            ))),
                        }
                    }
                }
                "expires" => match ExpiryWindow::parse(value.trim()) {
                    Some(window) => state.expires = Some(window),
                    None => notices.push(Notice(format!(
                        "{} is not a span of months (YYYY-MM..YYYY-MM, either end may be left out).",
                        shown(value)
                    ))),
                },
                "q" => match clean_query(value) {
                    Some(q) => state.q = q,
                    None => notices.push(Notice(format!(
                        "The search text was longer than {MAX_QUERY_CHARS} characters and was ignored."
                    ))),
                },
                "sort" => match Sort::parse(value) {
                    Some(sort) => state.sort = sort,
                    None => notices.push(Notice(format!(
                        "{} is not a sort order; sorted by name.",
                        shown(value)
                    ))),
                },
                "asof" => match parse_iso(value) {
                    Some(date) => state.asof = Some(date),
                    None => notices.push(Notice(format!(
                        "{} is not a date (YYYY-MM-DD); showing today.",
                        shown(value)
                    ))),
                },
                "page" => match value.parse::<usize>() {
                    Ok(page) if page >= 1 => state.page = page,
                    _ => notices.push(Notice(format!("{} is not a page number.", shown(value)))),
                },
                "cluster" => {
                    if !value.is_empty() && value.len() <= 200 {
                        state.cluster = Some(value.to_string());
                    } else if !value.is_empty() {
                        notices.push(Notice(format!("{} is not a cluster.", shown(value))));
                    }
                }
                "map" => match MapView::parse(value) {
                    Some(map) => state.map = map,
                    None => notices.push(Notice(format!(
                        "{} is not a map view (europe, world).",
                        shown(value)
                    ))),
                },
                "tab" => match Tab::parse(value) {
                    Some(tab) => state.tab = Some(tab),
                    None => notices.push(Notice(format!(
                        "{} is not a tab (clusters, stats, compare).",
                        shown(value)
                    ))),
                },
                "embed" => match value {
                    "1" => state.embed = true,
                    "0" => state.embed = false,
                    _ => notices.push(Notice(format!(
                        "{} is not an embed switch (1).",
                        shown(value)
                    ))),
                },
                _ => {}
            }
        }
        state.normalize();
        if state.compare.len() > MAX_COMPARED {
            let left_out = state.compare.split_off(MAX_COMPARED);
            notices.push(Notice(format!(
                "At most {MAX_COMPARED} countries can be compared; {} left out.",
                left_out.join(", ")
            )));
        }
        (state, notices)
    }

    fn normalize(&mut self) {
        self.countries = sorted(std::mem::take(&mut self.countries));
        self.countries.dedup();
        self.compare = sorted(std::mem::take(&mut self.compare));
        self.compare.dedup();
        self.sectors = sorted(std::mem::take(&mut self.sectors));
        self.sectors.dedup();
        self.statuses = LabelStatus::ALL
            .into_iter()
            .filter(|s| self.statuses.contains(s))
            .collect();
        self.labels = Label::ALL
            .into_iter()
            .filter(|l| self.labels.contains(l))
            .collect();
        self.normalize_tab();
    }

    /// The tab the main column shows: the one chosen, else the comparison when two or more
    /// countries are compared (so that a link with `compare=` opens on it), else the list.
    pub fn tab(&self) -> Tab {
        self.tab.unwrap_or_else(|| self.default_tab())
    }

    fn default_tab(&self) -> Tab {
        if self.compare.len() >= 2 {
            Tab::Compare
        } else {
            Tab::Clusters
        }
    }

    /// A chosen tab that is the default anyway is left out of the URL.
    fn normalize_tab(&mut self) {
        if self.tab == Some(self.default_tab()) {
            self.tab = None;
        }
    }

    /// The view with `tab` shown.
    pub fn with_tab(&self, tab: Tab) -> ViewState {
        let mut next = ViewState {
            tab: Some(tab),
            ..self.clone()
        };
        next.normalize_tab();
        next
    }

    /// Drops what the dataset does not know: countries without clusters, sectors that do not
    /// exist, a cluster id that is not there.
    pub fn retain_known(&mut self, dataset: &Dataset) -> Vec<Notice> {
        let mut notices = Vec::new();
        let countries: FxHashSet<&str> =
            dataset.countries.iter().map(|c| c.code.as_str()).collect();
        for codes in [&mut self.countries, &mut self.compare] {
            codes.retain(|c| {
                let known = countries.contains(c.as_str());
                if !known {
                    notices.push(Notice(format!("No clusters in country {}.", shown(c))));
                }
                known
            });
        }
        let sectors: FxHashSet<&str> = dataset.sectors.iter().map(|s| s.slug.as_str()).collect();
        self.sectors.retain(|s| {
            let known = sectors.contains(s.as_str());
            if !known {
                notices.push(Notice(format!("There is no sector {}.", shown(s))));
            }
            known
        });
        self.normalize_tab();
        if let Some(id) = &self.cluster {
            if !dataset.clusters.iter().any(|c| &c.id == id) {
                notices.push(Notice(format!("There is no cluster {}.", shown(id))));
                self.cluster = None;
            }
        }
        notices
    }

    /// The canonical query string, without `?`; empty for the default view.
    pub fn to_query(&self) -> String {
        join_pairs(&self.pairs(true))
    }

    /// The query of a link to this view: the full atlas, even from inside an embed.
    pub fn link_query(&self) -> String {
        join_pairs(&self.pairs(false))
    }

    /// The query of this view with each of many clusters open, as `href`s: for a page of rows,
    /// the rest of the query is encoded once rather than once per row.
    pub fn cluster_links(&self) -> ClusterLinks {
        let pairs = ViewState {
            cluster: None,
            ..self.clone()
        }
        .pairs(false);
        // `cluster` goes before `map`, the one key after it in a link.
        let split = pairs
            .iter()
            .position(|(k, _)| *k == "map")
            .unwrap_or(pairs.len());
        ClusterLinks {
            before: join_pairs(&pairs[..split]),
            after: join_pairs(&pairs[split..]),
        }
    }

    /// The URL's keys and values, in canonical order, not yet encoded; `embed` only if asked.
    fn pairs(&self, with_embed: bool) -> Vec<(&'static str, String)> {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.countries.is_empty() {
            pairs.push(("country", self.countries.join(",")));
        }
        if !self.sectors.is_empty() {
            pairs.push(("sector", self.sectors.join(",")));
        }
        if !self.statuses.is_empty() {
            let keys: Vec<&str> = self.statuses.iter().map(|s| s.key()).collect();
            pairs.push(("status", keys.join(",")));
        }
        if !self.labels.is_empty() {
            let keys: Vec<&str> = self.labels.iter().map(|l| l.key()).collect();
            pairs.push(("label", keys.join(",")));
        }
        if let Some(window) = self.expires {
            pairs.push(("expires", window.to_param()));
        }
        if !self.q.is_empty() {
            pairs.push(("q", self.q.clone()));
        }
        if self.sort != Sort::default() {
            pairs.push(("sort", self.sort.to_param()));
        }
        if let Some(asof) = self.asof {
            pairs.push(("asof", iso(asof)));
        }
        if !self.compare.is_empty() {
            pairs.push(("compare", self.compare.join(",")));
        }
        if let Some(tab) = self.tab {
            pairs.push(("tab", tab.key().to_string()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if let Some(cluster) = &self.cluster {
            pairs.push(("cluster", cluster.clone()));
        }
        if self.map != MapView::default() {
            pairs.push(("map", self.map.key().to_string()));
        }
        if with_embed && self.embed {
            pairs.push(("embed", "1".to_string()));
        }
        pairs
    }
}

fn join_pairs(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `ViewState::cluster_links`: a view's link with `cluster=` set to any id.
pub struct ClusterLinks {
    before: String,
    after: String,
}

impl ClusterLinks {
    /// `?` and the query of the view with this cluster open.
    pub fn href(&self, id: &str) -> String {
        let mut href = String::with_capacity(self.before.len() + self.after.len() + id.len() + 12);
        href.push('?');
        href.push_str(&self.before);
        if !self.before.is_empty() {
            href.push('&');
        }
        href.push_str("cluster=");
        href.push_str(&encode_component(id));
        if !self.after.is_empty() {
            href.push('&');
            href.push_str(&self.after);
        }
        href
    }
}

impl ViewState {
    /// The filters that narrow the list, as a new view on the first page (a new filter makes the
    /// old page number meaningless).
    pub fn first_page(mut self) -> ViewState {
        self.page = 1;
        self
    }

    pub fn with_country_toggled(&self, code: &str) -> ViewState {
        let mut next = self.clone().first_page();
        toggle(&mut next.countries, code.to_string());
        next
    }

    /// A click on a country on the map or in the index: show just that country, or clear the
    /// selection when it is the only one already.
    pub fn with_only_country(&self, code: &str) -> ViewState {
        let mut next = self.clone().first_page();
        if next.countries.len() == 1 && next.countries[0] == code {
            next.countries.clear();
        } else {
            next.countries = vec![code.to_string()];
        }
        next
    }

    pub fn with_sector_toggled(&self, slug: &str) -> ViewState {
        let mut next = self.clone().first_page();
        toggle(&mut next.sectors, slug.to_string());
        next
    }

    pub fn with_status_toggled(&self, status: LabelStatus) -> ViewState {
        let mut next = self.clone().first_page();
        toggle(&mut next.statuses, status);
        next
    }

    pub fn with_label_toggled(&self, label: Label) -> ViewState {
        let mut next = self.clone().first_page();
        toggle(&mut next.labels, label);
        next
    }

    pub fn with_expiry_window(&self, window: Option<ExpiryWindow>) -> ViewState {
        ViewState {
            expires: window,
            ..self.clone().first_page()
        }
    }

    /// Whether any filter or search narrows the list.
    pub fn is_filtered(&self) -> bool {
        !self.countries.is_empty()
            || !self.sectors.is_empty()
            || !self.statuses.is_empty()
            || !self.labels.is_empty()
            || self.expires.is_some()
            || !self.q.trim().is_empty()
    }

    /// The view with no filters and no search, keeping sort, date, comparison, tab, map and
    /// embed.
    pub fn cleared(&self) -> ViewState {
        ViewState {
            sort: self.sort,
            asof: self.asof,
            compare: self.compare.clone(),
            tab: self.tab,
            map: self.map,
            embed: self.embed,
            ..ViewState::new()
        }
    }

    /// A country's "Compare" toggle. A seventh country is not added: the toggle that would
    /// add it is disabled. The second country opens the comparison; otherwise the tab shown
    /// stays, but a comparison of no country is left for the list.
    pub fn with_compare_toggled(&self, code: &str) -> ViewState {
        let mut next = self.clone();
        if next.compare.iter().any(|c| c == code) || next.compare.len() < MAX_COMPARED {
            toggle(&mut next.compare, code.to_string());
        }
        next.tab = match (self.compare.len(), next.compare.len(), self.tab()) {
            (0 | 1, 2.., _) => None,
            (_, 0, Tab::Compare) => None,
            (_, _, shown) => Some(shown),
        };
        next.normalize_tab();
        next
    }

    /// The view without a comparison, on the list if the comparison was shown.
    pub fn without_compare(&self) -> ViewState {
        let mut next = ViewState {
            compare: Vec::new(),
            ..self.clone()
        };
        if self.tab() == Tab::Compare {
            next.tab = None;
        }
        next.normalize_tab();
        next
    }
}

fn toggle<T: Ord>(list: &mut Vec<T>, value: T) {
    match list.binary_search(&value) {
        Ok(i) => {
            list.remove(i);
        }
        Err(i) => list.insert(i, value),
    }
}

/// Percent-encodes a query value. Letters, digits and `-._~,` stay as they are, so lists
/// (`country=ES,IT`) stay readable.
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b',' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The search text as the app uses it, from the URL or the search box: control characters
/// become spaces. `None` when it is longer than `MAX_QUERY_CHARS`.
pub fn clean_query(text: &str) -> Option<String> {
    if text.chars().count() > MAX_QUERY_CHARS {
        None
    } else if text.chars().any(char::is_control) {
        Some(
            text.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect(),
        )
    } else {
        Some(text.to_string())
    }
}

/// Decodes a query string (`a=1&b=x+y`) into pairs. Invalid percent escapes are kept literally,
/// invalid UTF-8 is replaced: a URL typed by hand must never fail to open.
pub fn decode_query(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(k), decode_component(v))
        })
        .collect()
}

fn decode_component(s: &str) -> String {
    fn hex(b: u8) -> Option<u8> {
        (b as char).to_digit(16).map(|d| d as u8)
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                bytes.get(i + 1).and_then(|&b| hex(b)),
                bytes.get(i + 2).and_then(|&b| hex(b)),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push(hi * 16 + lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(query: &str) -> (ViewState, Vec<Notice>) {
        let pairs = decode_query(query);
        ViewState::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// A query string, and the canonical one it becomes with how many notices.
    fn check(query: &str, canonical: &str, notices: usize) {
        let (state, got) = parse(query);
        assert_eq!(state.to_query(), canonical, "{query}");
        assert_eq!(got.len(), notices, "{query}: {got:?}");
    }

    #[test]
    fn canonical_urls() {
        check("", "", 0);
        check("country=es,IT,es", "country=ES,IT", 0);
        check("country=ESP,1", "", 2);
        check("sector=ict,food-industry", "sector=food-industry,ict", 0);
        check("sector=ICT,food industry", "", 2);
        check("q=aragon", "q=aragon", 0);
        check("q=p%C3%B4le+mer", "q=p%C3%B4le+mer", 0);
        check(&format!("q={}", "x".repeat(5000)), "", 1);
        check("sort=name", "", 0);
        check("sort=-valid_until", "sort=-valid_until", 0);
        check("sort=size", "", 1);
        check("status=expired,valid", "status=valid,expired", 0);
        check("status=maybe", "", 1);
        check("status=upcoming,valid", "status=upcoming,valid", 0);
        check("label=silver,Bronze", "label=bronze,silver", 0);
        check("label=platinum", "", 1);
        check("expires=2018-07..", "expires=2018-07..", 0);
        check("expires=..2013-12", "expires=..2013-12", 0);
        check("expires=2016-13..x", "", 1);
        check("expires=2016-06..2016-01", "", 1);
        check("asof=2016-01-01", "asof=2016-01-01", 0);
        check("asof=2016-02-30", "", 1);
        check("asof=2016-1-1", "", 1);
        check("page=3", "page=3", 0);
        check("page=0", "", 1);
        check("page=-1", "", 1);
        check("cluster=es-aertic", "cluster=es-aertic", 0);
        check("map=world", "map=world", 0);
        check("map=mars", "", 1);
        check("utm_source=x", "", 0);
        check("compare=fr,ES,fr", "compare=ES,FR", 0);
        check("compare=ES", "compare=ES", 0);
        check("compare=ESP,F1,it", "compare=IT", 2);
        check(
            "compare=AT,BE,DE,ES,FR,IT,MX,PT",
            "compare=AT,BE,DE,ES,FR,IT",
            1,
        );
        check("tab=stats", "tab=stats", 0);
        check("tab=clusters", "", 0);
        check("tab=compare", "tab=compare", 0);
        check("tab=map", "", 1);
        check("compare=ES,FR", "compare=ES,FR", 0);
        check("compare=ES,FR&tab=compare", "compare=ES,FR", 0);
        check(
            "compare=ES,FR&tab=clusters",
            "compare=ES,FR&tab=clusters",
            0,
        );
        check("embed=1", "embed=1", 0);
        check("embed=0", "", 0);
        check("embed=yes", "", 1);
        check(
            "embed=1&q=x&sort=country&country=it&sector=ict&status=valid&asof=2016-01-01&map=world&page=2&cluster=a&expires=2016-01..&label=gold&compare=FR,ES",
            "country=IT&sector=ict&status=valid&label=gold&expires=2016-01..&q=x&sort=country&asof=2016-01-01&compare=ES,FR&page=2&cluster=a&map=world&embed=1",
            0,
        );
    }

    #[test]
    fn the_tab_shown_follows_the_comparison() {
        let tab = |v: &ViewState| (v.tab(), v.to_query());
        let one = ViewState::new().with_compare_toggled("FR");
        assert_eq!(tab(&one), (Tab::Clusters, "compare=FR".into()));
        let two = one.with_compare_toggled("IT");
        assert_eq!(tab(&two), (Tab::Compare, "compare=FR,IT".into()));
        let list = two.with_tab(Tab::Clusters);
        assert_eq!(
            tab(&list),
            (Tab::Clusters, "compare=FR,IT&tab=clusters".into())
        );
        // A third country keeps the tab chosen; dropping to one keeps the comparison shown.
        assert_eq!(list.with_compare_toggled("ES").tab(), Tab::Clusters);
        let picking = two.with_compare_toggled("IT");
        assert_eq!(
            tab(&picking),
            (Tab::Compare, "compare=FR&tab=compare".into())
        );
        assert_eq!(
            tab(&picking.with_compare_toggled("FR")),
            (Tab::Clusters, String::new())
        );
        assert_eq!(tab(&two.without_compare()), (Tab::Clusters, String::new()));
        let stats = two.with_tab(Tab::Statistics);
        assert_eq!(
            tab(&stats.without_compare()),
            (Tab::Statistics, "tab=stats".into())
        );
    }

    #[test]
    fn decoding_is_forgiving() {
        assert_eq!(
            decode_query("?q=%ZZ&x"),
            [("q".into(), "%ZZ".into()), ("x".into(), String::new())]
        );
        assert_eq!(decode_query("q=%"), [("q".into(), "%".into())]);
        assert_eq!(decode_query("q=%C3"), [("q".into(), "\u{fffd}".into())]);
        assert_eq!(decode_query("q=a%26b%3Dc"), [("q".into(), "a&b=c".into())]);
        // Decoded once: a search for "%41" stays "%41" (leptos_router's ParamsMap decodes the
        // browser's already decoded values again, and would make it "A").
        assert_eq!(decode_query("q=%2541"), [("q".into(), "%41".into())]);
    }

    #[test]
    fn toggles() {
        let s = ViewState::new()
            .with_country_toggled("IT")
            .with_country_toggled("ES");
        assert_eq!(s.countries, ["ES", "IT"]);
        assert_eq!(s.with_country_toggled("ES").countries, ["IT"]);
        let one = ViewState::new().with_only_country("ES");
        assert_eq!(one.countries, ["ES"]);
        assert!(one.with_only_country("ES").countries.is_empty());
        let mut paged = one.clone();
        paged.page = 4;
        assert_eq!(paged.with_sector_toggled("ict").page, 1);
        let compared = (["AT", "BE", "DE", "ES", "FR", "IT"].iter())
            .fold(ViewState::new(), |v, c| v.with_compare_toggled(c));
        assert_eq!(compared.compare.len(), MAX_COMPARED);
        assert_eq!(compared.with_compare_toggled("MX"), compared);
        assert_eq!(
            compared.with_compare_toggled("BE").compare,
            ["AT", "DE", "ES", "FR", "IT"]
        );
        assert_eq!(Sort::default().toggled(SortKey::Name).to_param(), "-name");
        assert_eq!(
            Sort::default().toggled(SortKey::Country).to_param(),
            "country"
        );
    }

    fn any_window() -> impl Strategy<Value = Option<ExpiryWindow>> {
        prop::option::of((prop::option::of(24_000i32..24_400), 0i32..60, any::<bool>())).prop_map(
            |w| {
                w.and_then(|(from, len, open_end)| {
                    let to = (!open_end).then(|| from.unwrap_or(24_100) + len);
                    (from.is_some() || to.is_some()).then_some(ExpiryWindow { from, to })
                })
            },
        )
    }

    fn any_state() -> impl Strategy<Value = ViewState> {
        let filters = (
            prop::collection::vec("[A-Z]{2}", 0..4),
            prop::collection::vec("[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", 0..4),
            prop::collection::vec(prop::sample::select(LabelStatus::ALL.to_vec()), 0..3),
            prop::collection::vec(prop::sample::select(Label::ALL.to_vec()), 0..3),
            any_window(),
        );
        let rest = (
            "\\PC{0,40}",
            (prop::sample::select(SortKey::ALL.to_vec()), any::<bool>()),
            prop::option::of(0i64..40_000),
            1usize..500,
            prop::option::of("[a-z0-9~-]{1,30}"),
            any::<bool>(),
            prop::collection::vec("[A-Z]{2}", 0..=MAX_COMPARED),
            any::<bool>(),
            prop::option::of(prop::sample::select(Tab::ALL.to_vec())),
        );
        (filters, rest).prop_map(
            |(
                (countries, sectors, statuses, labels, expires),
                (q, (key, descending), asof, page, cluster, world, compare, embed, tab),
            )| {
                let mut s = ViewState {
                    countries,
                    sectors,
                    statuses,
                    labels,
                    expires,
                    q,
                    sort: Sort { key, descending },
                    asof: asof.map(|d| {
                        NaiveDate::from_ymd_opt(1990, 1, 1).unwrap() + chrono::Days::new(d as u64)
                    }),
                    page,
                    cluster,
                    map: if world {
                        MapView::World
                    } else {
                        MapView::Europe
                    },
                    compare,
                    tab,
                    embed,
                };
                s.normalize();
                s
            },
        )
    }

    proptest! {
        #[test]
        fn any_state_survives_its_url(state in any_state()) {
            let query = state.to_query();
            let (back, notices) = parse(&query);
            prop_assert!(notices.is_empty(), "{query}: {notices:?}");
            prop_assert_eq!(back, state);
        }

        #[test]
        fn cluster_links_are_the_views_own_links(state in any_state(), id in "[a-z0-9~-]{1,30}") {
            let open = ViewState { cluster: Some(id.clone()), ..state.clone() };
            prop_assert_eq!(state.cluster_links().href(&id), format!("?{}", open.link_query()));
        }

        #[test]
        fn a_link_from_an_embed_is_the_full_atlas(state in any_state()) {
            let embedded = ViewState { embed: true, ..state.clone() };
            let full = ViewState { embed: false, ..state };
            prop_assert_eq!(embedded.link_query(), full.to_query());
        }

        #[test]
        fn any_string_parses_without_panic(query in "\\PC{0,200}") {
            let (state, _) = parse(&query);
            // What comes out is canonical: reading it again changes nothing.
            let again = parse(&state.to_query()).0;
            prop_assert_eq!(again, state);
        }

        #[test]
        fn any_pairs_parse_without_panic(pairs in prop::collection::vec(("(country|sector|status|label|expires|q|sort|asof|compare|page|cluster|map|embed|x)", "\\PC{0,30}"), 0..8)) {
            let (state, _) = ViewState::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            prop_assert_eq!(parse(&state.to_query()).0, state);
        }
    }
}
