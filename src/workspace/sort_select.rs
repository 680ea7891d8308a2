//! The sort as a list to choose from, for the sheet of a narrow screen, where the rows are cards
//! and have no column headers to click.

use leptos::prelude::*;

use crate::state::use_atlas;
use atlas_core::view::{Sort, SortKey, ViewState};

/// Every sort, in words.
const SORTS: [(SortKey, bool, &str); 8] = [
    (SortKey::Name, false, "Name, A to Z"),
    (SortKey::Name, true, "Name, Z to A"),
    (SortKey::Country, false, "Country, A to Z"),
    (SortKey::Country, true, "Country, Z to A"),
    (SortKey::Sector, false, "Sector, A to Z"),
    (SortKey::Sector, true, "Sector, Z to A"),
    (SortKey::ValidUntil, false, "Valid until, earliest first"),
    (SortKey::ValidUntil, true, "Valid until, latest first"),
];

#[component]
pub fn SortSelect() -> impl IntoView {
    let state = use_atlas();
    let sort = state.sort;
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(sort) = Sort::parse(&event_target_value(&ev)) {
            state.push(|v| ViewState {
                sort,
                page: 1,
                ..v.clone()
            });
        }
    };
    let options = SORTS
        .iter()
        .map(|&(key, descending, words)| {
            let value = Sort { key, descending }.to_param();
            view! { <option value=value>{words}</option> }
        })
        .collect_view();
    view! {
        <div class="sort-select">
            <label for="sort">"Sort the clusters by"</label>
            // The property, not `selected`: the list follows the sort however it changes.
            <select id="sort" prop:value=move || sort.get().to_param() on:change=on_change>
                {options}
            </select>
        </div>
    }
}
