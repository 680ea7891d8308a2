//! The country index, the map's list twin: every country with clusters, with its count, a link
//! that selects it and a Compare toggle; sortable by name or count, and narrowed by a "Find a
//! country" box (`atlas_core::map::CountryFinder`) so that fifty countries stay usable. The list
//! scrolls in a pane of its own (style/main.css), so it never pushes the results away.
//!
//! The sort and the search are the index's own state, not the view's: they change what the index
//! shows, never what the atlas selects, so they stay out of the URL.

use leptos::prelude::*;

use crate::state::{use_atlas, AtlasState};
use atlas_core::fold::fold;
use atlas_core::map::CountryFinder;
use atlas_core::order::order_by;
use atlas_core::view::{ViewState, MAX_COMPARED};

#[component]
pub fn CountryIndex() -> impl IntoView {
    let state = use_atlas();
    let view = state.late_view;
    let (by_count, set_by_count) = signal(false);
    // The "Find a country" box's text, folded.
    let (query, set_query) = signal(String::new());
    let counts = state.country_counts;
    let countries: Vec<(String, String)> = state
        .catalog
        .dataset
        .countries
        .iter()
        .map(|c| (c.code.clone(), c.name.clone()))
        .collect();
    let finder = CountryFinder::new(
        countries
            .iter()
            .map(|(code, name)| (code.as_str(), name.as_str())),
    );
    let count_of = move |i: usize| counts.with(|c| c.get(i).copied().unwrap_or(0));
    // Positions into `countries`, in display order, of those the search keeps. Keyed below by
    // position, so a re-sort moves the items and a new count only changes their text.
    let order = {
        let countries = countries.clone();
        Memo::new(move |_| {
            let mut order = if by_count.get() {
                order_by(countries.len(), &|a, b| {
                    count_of(b)
                        .cmp(&count_of(a))
                        .then_with(|| countries[a].1.cmp(&countries[b].1))
                })
            } else {
                (0..countries.len()).collect()
            };
            query.with(|q| order.retain(|&i| finder.keeps(i, q)));
            order
        })
    };
    let total = countries.len();
    // Said only while a search narrows the list, and to screen readers as it changes.
    let found = move || {
        query.with(|q| {
            let shown = order.with(Vec::len);
            match (q.trim().is_empty(), shown) {
                (true, _) => String::new(),
                (false, 0) => "No country matches.".to_string(),
                (false, n) => format!("{n} of {total} countries"),
            }
        })
    };
    let item = index_item(&state, countries);
    let all_href = move || {
        view.with(|v| {
            AtlasState::href(&ViewState {
                countries: Vec::new(),
                page: 1,
                ..v.clone()
            })
        })
    };
    let pressed = move |on: bool| {
        move || {
            if by_count.get() == on {
                "true"
            } else {
                "false"
            }
        }
    };
    view! {
        <nav class="country-index" aria-labelledby="index-heading" data-testid="country-index">
            <h3 id="index-heading">"Country index"</h3>
            <div class="index-sort" role="group" aria-label="Sort the countries">
                <button type="button" aria-pressed=pressed(false) on:click=move |_| set_by_count.set(false)>"By name"</button>
                <button type="button" aria-pressed=pressed(true) on:click=move |_| set_by_count.set(true)>"By count"</button>
            </div>
            <div class="index-find">
                <label for="country-find">"Find a country"</label>
                <input
                    type="search"
                    id="country-find"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="country-found"
                    on:input=move |ev| set_query.set(fold(&event_target_value(&ev)))
                />
                <p class="hint" id="country-found" role="status">{found}</p>
            </div>
            <ul class="index-list">
                <For each=move || order.get() key=|i| *i let:i>
                    {item(i)}
                </For>
            </ul>
            <Show when=move || view.with(|v| !v.countries.is_empty())>
                <a class="all-countries" href=all_href>"All countries"</a>
            </Show>
        </nav>
    }
}

/// The index's entry for the country at a position of `countries` (`(code, name)`, in
/// `dataset.countries` order): its link, which selects it, and its Compare toggle.
fn index_item(
    state: &AtlasState,
    countries: Vec<(String, String)>,
) -> impl Fn(usize) -> AnyView + Clone {
    let view = state.late_view;
    let counts = state.country_counts;
    let count_of = move |i: usize| counts.with(|c| c.get(i).copied().unwrap_or(0));
    let selected_codes = state.countries;
    let compared = state.compare;
    // Every link at once, from one subscription to the view.
    let hrefs = {
        let countries = countries.clone();
        Memo::new(move |_| {
            view.with(|v| {
                countries
                    .iter()
                    .map(|(code, _)| AtlasState::href(&v.with_only_country(code)))
                    .collect::<Vec<_>>()
            })
        })
    };
    let state = state.clone();
    move |i: usize| {
        let (code, name) = countries.get(i).cloned().unwrap_or_default();
        let selected = {
            let code = code.clone();
            move || selected_codes.with(|c| c.contains(&code))
        };
        let href = move || hrefs.with(|h| h.get(i).cloned().unwrap_or_default());
        let count = move || count_of(i);
        let unit = move || {
            if count_of(i) == 1 {
                " cluster"
            } else {
                " clusters"
            }
        };
        let current = selected.clone();
        let in_comparison = {
            let code = code.clone();
            move || compared.with(|c| c.contains(&code))
        };
        let full = move || compared.with(|c| c.len() >= MAX_COMPARED);
        let toggle = {
            let state = state.clone();
            let code = code.clone();
            move |_| state.push(|v| v.with_compare_toggled(&code))
        };
        let pressed = in_comparison.clone();
        // The link's name is its text, "France, 88 clusters", as the map button's label says;
        // the comma and the unit are for screen readers only.
        view! {
            <li class:selected=selected>
                <a href=href data-country-link=code.clone() aria-current=move || current().then_some("true")>
                    <span class="name">{name.clone()}</span>
                    <span class="visually-hidden">", "</span>
                    <span class="count">{count}<span class="visually-hidden">{unit}</span></span>
                </a>
                <button
                    type="button"
                    class="compare-toggle"
                    data-compare=code
                    aria-pressed=move || if pressed() { "true" } else { "false" }
                    disabled=move || full() && !in_comparison()
                    on:click=toggle
                >
                    "Compare"<span class="visually-hidden">{format!(" {name}")}</span>
                </button>
            </li>
        }
        .into_any()
    }
}
