//! Above the tabs: how many clusters the view holds and as of which date, its filters as
//! chips, and — when every label of the lists has lapsed — when they were current.

use leptos::prelude::*;

use super::chips::Chips;
use crate::state::{use_atlas, AtlasState};
use atlas_core::dates;
use atlas_core::view::ViewState;

#[component]
pub fn ResultsHead() -> impl IntoView {
    let state = use_atlas();
    let selection = state.selection;
    let all = state.catalog.len();
    let count = move || {
        let n = selection.with(|s| s.len());
        match (n, n == all) {
            (1, true) => "1 cluster".to_string(),
            (n, true) => format!("{n} clusters"),
            (n, false) => format!("{n} of {all} clusters"),
        }
    };
    let asof = state.asof;
    view! {
        <div class="results-head">
            <p class="result-count" data-testid="result-count" role="status" aria-live="polite">
                {count}
            </p>
            <p class="asof-line" data-testid="asof-line">
                {move || format!("label status as of {}", dates::long(asof.get()))}
            </p>
        </div>
        <Chips />
        <DataTimesNote />
    }
}

/// When the as-of date is past every label's renewal window (today, for the bundled lists), one
/// line says so, and when the lists were current, and offers the day most labels were in force.
#[component]
fn DataTimesNote() -> impl IntoView {
    let state = use_atlas();
    let Some(times) = state.data_times else {
        return ().into_any();
    };
    let asof = state.asof;
    let late_view = state.late_view;
    let (peak_day, peak_count) = times.peak;
    let href = move || {
        late_view.with(|v| {
            AtlasState::href(&ViewState {
                asof: Some(peak_day),
                page: 1,
                ..v.clone()
            })
        })
    };
    view! {
        <Show when=move || times.all_lapsed_on(asof.get())>
            <p class="data-times" data-testid="data-times">
                {format!(
                    "Every label in these lists has lapsed: the last could be renewed until {}. The lists were current until {}; the most labels in force at once were {peak_count}, in {}. ",
                    dates::long(times.last_renewable),
                    dates::long(times.last_valid),
                    month_and_year(peak_day),
                )}
                <a href=href>{format!("See the atlas as of {}", dates::long(peak_day))}</a>
            </p>
        </Show>
    }
    .into_any()
}

/// "February 2016".
fn month_and_year(day: chrono::NaiveDate) -> String {
    let long = dates::long(day);
    long.split_once(' ')
        .map_or(long.clone(), |(_, rest)| rest.to_string())
}
