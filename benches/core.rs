//! Benchmarks of the pure core at 1k, 10k and 100k synthetic records, so that growth with N is
//! visible: `cargo bench --bench core`.

use std::sync::OnceLock;

use atlas_core::catalog::Catalog;
use atlas_core::fold::fold;
use atlas_core::load::LoadedDataset;
use atlas_core::model::Dataset;
use atlas_core::search::{Query, SearchIndex};
use atlas_core::stats::compute;
use atlas_core::view::{Sort, SortKey, ViewState};
use atlas_ingest::synthetic;
use chrono::NaiveDate;
use divan::{black_box, Bencher};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

fn main() {
    divan::main();
}

fn json(n: usize) -> &'static str {
    static CACHE: OnceLock<Vec<(usize, String)>> = OnceLock::new();
    let all = CACHE.get_or_init(|| {
        SIZES
            .iter()
            .map(|&n| (n, synthetic::dataset(n, 1).to_json()))
            .collect()
    });
    &all.iter()
        .find(|(k, _)| *k == n)
        .expect("a benchmarked size")
        .1
}

fn catalog(n: usize) -> &'static Catalog {
    static CACHE: OnceLock<Vec<(usize, Catalog)>> = OnceLock::new();
    let all = CACHE.get_or_init(|| {
        SIZES
            .iter()
            .map(|&n| {
                let catalog =
                    Catalog::new(LoadedDataset::from_json(json(n)).expect("synthetic data loads"));
                // As in the app once its first view is on screen.
                catalog.prepare_search();
                (n, catalog)
            })
            .collect()
    });
    &all.iter()
        .find(|(k, _)| *k == n)
        .expect("a benchmarked size")
        .1
}

fn asof() -> NaiveDate {
    NaiveDate::from_ymd_opt(2016, 6, 1).expect("a date")
}

fn view(q: &str) -> ViewState {
    ViewState {
        q: q.to_string(),
        ..ViewState::new()
    }
}

/// Folding every name once: the cost of building the index.
#[divan::bench(args = SIZES)]
fn fold_names(bencher: Bencher, n: usize) {
    let data: &Dataset = &catalog(n).dataset;
    bencher.bench(|| {
        data.clusters
            .iter()
            .map(|c| fold(&c.name).len())
            .sum::<usize>()
    });
}

/// Parse + check + index: what the app does once after the download.
#[divan::bench(args = SIZES, sample_count = 10)]
fn load_and_index(bencher: Bencher, n: usize) {
    let text = json(n);
    bencher.bench(|| Catalog::new(LoadedDataset::from_json(black_box(text)).expect("loads")));
}

/// Building the pair index, which the app does once its first view is on screen.
#[divan::bench(args = SIZES, sample_count = 10)]
fn pair_index(bencher: Bencher, n: usize) {
    let text = json(n);
    bencher
        .with_inputs(|| Catalog::new(LoadedDataset::from_json(text).expect("loads")))
        .bench_local_values(|cat| {
            cat.prepare_search();
            cat
        });
}

/// Text matching only, for a one-word and a two-word query.
#[divan::bench(args = SIZES)]
fn search_words(bencher: Bencher, n: usize) {
    let cat = catalog(n);
    let index = SearchIndex::from_texts(
        cat.dataset
            .clusters
            .iter()
            .map(|c| (c.name.as_str(), c.sector.as_str(), c.country.as_str(), None)),
    );
    let q = Query::parse("cluster aragon");
    bencher.bench(|| {
        index
            .search(black_box(&q))
            .iter()
            .filter(|m| m.is_some())
            .count()
    });
}

/// What the app computes before it paints a view: the selection, its count and the first page.
/// (The facet counts and the statistics follow after the frame; they have benches of their own.)
fn first_page(cat: &Catalog, view: &ViewState) -> usize {
    let selection = cat.select(view, asof());
    selection.len() + selection.rows(0..50).len()
}

/// A new query: search, filters, count and first page. Two queries in turn, neither narrowing
/// the other, so every call searches the whole corpus.
#[divan::bench(args = SIZES)]
fn keystroke(bencher: Bencher, n: usize) {
    let cat = catalog(n);
    let views = [view("pole energ"), view("cluster digital")];
    let mut turn = 0;
    bencher.bench_local(move || {
        turn += 1;
        first_page(cat, black_box(&views[turn % 2]))
    });
}

/// Selects each query's view in turn, round and round.
fn queries_in_turn(bencher: Bencher, n: usize, queries: &[&str]) {
    let cat = catalog(n);
    let views: Vec<ViewState> = queries.iter().map(|q| view(q)).collect();
    let mut turn = 0;
    bencher.bench_local(move || {
        turn += 1;
        first_page(cat, black_box(&views[turn % views.len()]))
    });
}

/// Typing on: each query extends the last, so only the last matches are searched.
#[divan::bench(args = SIZES)]
fn keystroke_typing_on(bencher: Bencher, n: usize) {
    queries_in_turn(
        bencher,
        n,
        &["c", "cl", "clu", "clus", "clust", "cluste", "cluster"],
    );
}

/// The first letters of new queries: the searches that match most records, the slowest.
#[divan::bench(args = SIZES)]
fn keystroke_first_letters(bencher: Bencher, n: usize) {
    queries_in_turn(bencher, n, &["c", "cl", "", "p", "po", "", "a", "ar", ""]);
}

/// A filter change with no search: country, sector and status facets.
#[divan::bench(args = SIZES)]
fn filter(bencher: Bencher, n: usize) {
    let cat = catalog(n);
    let (v, _) = ViewState::from_query([
        ("country", "ES,FR,IT"),
        ("sector", "ict,food-industry"),
        ("status", "valid"),
    ]);
    bencher.bench(|| first_page(cat, black_box(&v)));
}

/// The facet counts of a filtered view: per sector, country and status, one pass.
#[divan::bench(args = SIZES)]
fn facet_counts(bencher: Bencher, n: usize) {
    let cat = catalog(n);
    let (v, _) = ViewState::from_query([
        ("q", "cluster"),
        ("country", "ES,FR,IT"),
        ("status", "valid"),
    ]);
    let selection = cat.select(&v, asof());
    bencher.bench(|| cat.facet_counts(black_box(&selection)).countries.len());
}

/// Every record, latest label first.
fn by_date_descending() -> ViewState {
    ViewState {
        sort: Sort {
            key: SortKey::ValidUntil,
            descending: true,
        },
        ..ViewState::new()
    }
}

/// A sort change (the name order is built at load, the others on first use; this walks one).
#[divan::bench(args = SIZES)]
fn sort_desc_by_date(bencher: Bencher, n: usize) {
    let cat = catalog(n);
    let v = by_date_descending();
    bencher.bench(|| first_page(cat, black_box(&v)));
}

/// Every row of a sorted view, as the export and the statistics need them.
#[divan::bench(args = SIZES)]
fn all_rows_by_date(bencher: Bencher, n: usize) {
    let cat = catalog(n);
    let selection = cat.select(&by_date_descending(), asof());
    bencher.bench(|| black_box(&selection).all_rows().len());
}

/// Statistics of every record: by sector, by country, the monthly timeline.
#[divan::bench(args = SIZES)]
fn statistics(bencher: Bencher, n: usize) {
    let cat = catalog(n);
    let rows: Vec<u32> = (0..n as u32).collect();
    bencher.bench(|| {
        compute(cat, black_box(&rows).iter().copied())
            .timeline
            .len()
    });
}
