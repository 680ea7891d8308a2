//! The results list: a sortable table of the matching clusters, one page at a time, and the
//! empty state with suggestions.

use leptos::prelude::*;

use crate::reactive::reactive;

mod badge;
mod chips;
mod head;
mod hits;
mod rows;

use crate::state::{use_atlas, AtlasState, History};
use atlas_core::search::Query;
use atlas_core::shared::SharedValues;
use atlas_core::view::{SortKey, ViewState};
pub use badge::status_badge;
pub use head::ResultsHead;
use rows::ResultRows;

/// Rows on one page: enough to scan, few enough that any view renders in a frame.
pub const PAGE_SIZE: usize = 50;
/// Rows a printed page lists: the whole view, up to this many.
pub const PRINTED_ROWS: usize = 1000;

#[component]
fn SortHeader(key: SortKey, title: &'static str) -> impl IntoView {
    let state = use_atlas();
    let sort = state.sort;
    let aria_sort = move || {
        sort.with(|sort| {
            if sort.key != key {
                "none"
            } else if sort.descending {
                "descending"
            } else {
                "ascending"
            }
        })
    };
    let arrow = move || {
        sort.with(|sort| match (sort.key == key, sort.descending) {
            (false, _) => "↕",
            (true, false) => "▲",
            (true, true) => "▼",
        })
    };
    let on_click = move |_| {
        state.push(|v| ViewState {
            sort: v.sort.toggled(key),
            page: 1,
            ..v.clone()
        })
    };
    view! {
        <th scope="col" role="columnheader" aria-sort=aria_sort>
            <button type="button" class="sort" on:click=on_click data-sort=key.key()>
                {title}
                <span class="arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}

#[component]
pub fn Results() -> impl IntoView {
    let state = use_atlas();
    let view = state.view;
    let selection = state.selection;

    let total = move || selection.with(|s| s.len());
    let pages = move || total().div_ceil(PAGE_SIZE).max(1);
    let page = move || view.with(|v| v.page).min(pages());
    let printing = state.printing;
    let page_rows = Memo::new(move |_| {
        let p = page();
        let range = if printing.get() {
            0..PRINTED_ROWS
        } else {
            (p - 1) * PAGE_SIZE..p * PAGE_SIZE
        };
        selection.with(|s| s.rows(range))
    });
    let printed_note = move || {
        let n = total();
        if n > PRINTED_ROWS {
            format!("The first {PRINTED_ROWS} of {n} clusters of this view; the CSV export has them all.")
        } else {
            format!("All {n} clusters of this view.")
        }
    };
    // A column with one value for the whole view is said once above the table, not on each row:
    // decided here, once per view, so that the rows are drawn as always.
    let shared = {
        let catalog = state.catalog.clone();
        Memo::new(move |_| selection.with(|s| SharedValues::of(&catalog, s)))
    };
    let table_class = move || {
        shared.with(|shared| {
            shared
                .hidden_columns()
                .into_iter()
                .fold(String::from("clusters"), |class, column| {
                    class + " same-" + column
                })
        })
    };
    let shared_words = {
        let catalog = state.catalog.clone();
        Memo::new(move |_| shared.with(|shared| shared.sentences(&catalog).join(" ")))
    };
    // A space or a repeated word changes the text but not the query: the rows stay as they are.
    let query = Memo::new(move |_| view.with(|v| Query::parse(&v.q)));
    // A page past the end (an old link, a narrower filter) becomes the last page, in the URL too.
    {
        let state = state.clone();
        Effect::new(move |_| {
            let last = pages();
            let current = view.get();
            if current.page > last {
                state.go(
                    ViewState {
                        page: last,
                        ..current
                    },
                    History::Replace,
                );
            }
        });
    }

    view! {
        <section id="results" class="results" aria-labelledby="results-heading" tabindex="-1">
            <h2 id="results-heading" class="visually-hidden">"Clusters"</h2>
            <Show when=move || { total() > 0 } fallback=move || view! { <EmptyState /> }>
                <Show when=move || shared_words.with(|words| !words.is_empty())>
                    <p class="shared-values" data-testid="shared-values">{shared_words}</p>
                </Show>
                <div class="table-wrap">
                    // Explicit roles: the rows are laid out as grids (see the style sheet), and
                    // not every browser keeps a table's roles when its display changes.
                    <table class=table_class role="table">
                        <caption class="visually-hidden">
                            "Labelled clusters. Column headers sort the list."
                        </caption>
                        <thead role="rowgroup">
                            <tr role="row">
                                <SortHeader key=SortKey::Name title="Name" />
                                <SortHeader key=SortKey::Country title="Country" />
                                <SortHeader key=SortKey::Sector title="Sector" />
                                <th scope="col" role="columnheader">"Website"</th>
                                <SortHeader key=SortKey::ValidUntil title="Valid until" />
                                <th scope="col" role="columnheader">"Level"</th>
                                <th scope="col" role="columnheader">"Label status"</th>
                            </tr>
                        </thead>
                        <ResultRows page_rows query />
                    </table>
                </div>
                <Pager page=Signal::derive(page) pages=Signal::derive(pages) />
                <p class="print-only" data-testid="printed-rows">{printed_note}</p>
            </Show>
        </section>
    }
}

#[component]
fn Pager(page: Signal<usize>, pages: Signal<usize>) -> impl IntoView {
    let state = use_atlas();
    let view = state.view;
    let href = move |p: usize| {
        view.with(|v| {
            AtlasState::href(&ViewState {
                page: p,
                ..v.clone()
            })
        })
    };
    view! {
        <Show when=move || { pages.get() > 1 }>
            <nav class="pager" aria-label="Pages">
                {reactive(move || {
                    let p = page.get();
                    (p > 1).then(|| view! { <a href=href(p - 1) rel="prev">"← Previous"</a> }).into_any()
                })}
                <span>{move || format!("Page {} of {}", page.get(), pages.get())}</span>
                {reactive(move || {
                    let p = page.get();
                    (p < pages.get()).then(|| view! { <a href=href(p + 1) rel="next">"Next →"</a> }).into_any()
                })}
            </nav>
        </Show>
    }
}

#[component]
fn EmptyState() -> impl IntoView {
    let state = use_atlas();
    let view = state.view;
    let selection = state.selection;
    let why = move || {
        view.with(|v| {
            let q = v.q.trim();
            let filtered = !v.countries.is_empty()
                || !v.sectors.is_empty()
                || !v.statuses.is_empty()
                || !v.labels.is_empty()
                || v.expires.is_some();
            // Whole sentences, one per case, rather than pieces joined by "and".
            match (q.is_empty(), filtered) {
                (false, false) => format!("No cluster matches \u{201c}{q}\u{201d}."),
                (false, true) => {
                    format!("No cluster matches \u{201c}{q}\u{201d} and passes the chosen filters.")
                }
                (true, true) => "No cluster passes the chosen filters.".to_string(),
                (true, false) => "The dataset has no clusters.".to_string(),
            }
        })
    };
    let suggestion = {
        let state = state.clone();
        move || {
            selection.get().suggestion.clone().map(|s| {
                let current = view.get_untracked();
                let corrected = AtlasState::href(&ViewState {
                    q: s.query.clone(),
                    page: 1,
                    ..current.clone()
                });
                let names = s
                    .rows
                    .iter()
                    .map(|&r| {
                        let c = state.catalog.cluster(r);
                        let href = AtlasState::href(&ViewState {
                            q: String::new(),
                            cluster: Some(c.id.clone()),
                            ..current.cleared()
                        });
                        view! { <li><a href=href data-noscroll="">{c.name.clone()}</a></li> }
                    })
                    .collect_view();
                view! {
                    <div class="suggestion" data-testid="suggestion">
                        <p>
                            "Did you mean "
                            <a href=corrected>{format!("\u{201c}{}\u{201d}", s.query)}</a>
                            "? The closest names:"
                        </p>
                        <ul>{names}</ul>
                    </div>
                }
            })
        }
    };
    let clear_search = {
        let state = state.clone();
        move |_| {
            state.push(|v| ViewState {
                q: String::new(),
                page: 1,
                ..v.clone()
            })
        }
    };
    let clear_all = {
        let state = state.clone();
        move |_| state.go(view.get_untracked().cleared(), History::Push)
    };
    view! {
        <div class="empty-state" data-testid="empty-state">
            <p>{why}</p>
            <p class="actions">
                <Show when=move || view.with(|v| !v.q.is_empty())>
                    <button type="button" on:click=clear_search.clone()>"Clear the search"</button>
                </Show>
                <Show when=move || view.with(|v| v.is_filtered())>
                    <button type="button" on:click=clear_all.clone()>"Clear search and filters"</button>
                </Show>
            </p>
            {suggestion}
        </div>
    }
}
