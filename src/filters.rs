//! The filter panel: sector, country and label status facets with counts that follow the other
//! filters, and the "as of" date that moves the whole atlas in time.

use leptos::prelude::*;

use crate::state::{use_atlas, History};
use atlas_core::dates;
use atlas_core::label::LabelStatus;
use atlas_core::view::ViewState;

/// A list of checkboxes with counts. The options are fixed; only their counts and ticks change,
/// so an update touches text and `checked`, not the list.
#[component]
fn Facet(
    legend: &'static str,
    name: &'static str,
    /// (value, label) of each option.
    options: Vec<(String, String)>,
    /// The count of each option, in the same order.
    counts: Memo<Vec<usize>>,
    /// The values that are ticked.
    checked: Memo<Vec<String>>,
    toggle: Callback<String>,
) -> impl IntoView {
    let items = options
        .into_iter()
        .enumerate()
        .map(|(i, (value, label))| {
            let id = format!("{name}-{value}");
            let count = move || counts.with(|c| c.get(i).copied().unwrap_or(0));
            let is_checked = {
                let value = value.clone();
                move || checked.with(|c| c.contains(&value))
            };
            let on_change = {
                let value = value.clone();
                move |_| toggle.run(value.clone())
            };
            view! {
                <li class:empty=move || count() == 0>
                    <input
                        type="checkbox"
                        id=id.clone()
                        name=name
                        value=value
                        checked=untrack(&is_checked)
                        prop:checked=is_checked
                        on:change=on_change
                    />
                    <label for=id>
                        <span class="facet-label">{label}</span>
                        <span class="count">{count}</span>
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <fieldset class="facet" data-testid=format!("facet-{name}")>
            <legend>{legend}</legend>
            <ul>{items}</ul>
        </fieldset>
    }
}

#[component]
pub fn Filters() -> impl IntoView {
    let state = use_atlas();
    let view = state.view;
    let facets = state.facets;

    let catalog = &state.catalog;
    let sector_options: Vec<(String, String)> = catalog
        .dataset
        .sectors
        .iter()
        .map(|s| (s.slug.clone(), s.name.clone()))
        .collect();
    let country_options: Vec<(String, String)> = catalog
        .dataset
        .countries
        .iter()
        .map(|c| (c.code.clone(), c.name.clone()))
        .collect();
    let status_options: Vec<(String, String)> = LabelStatus::ALL
        .iter()
        .map(|s| (s.key().to_string(), s.title().to_string()))
        .collect();
    // Memos, not derived signals: each checkbox subscribes to these, not to the selection.
    let sector_counts = Memo::new(move |_| facets.with(|f| f.sectors.clone()));
    let status_counts = Memo::new(move |_| facets.with(|f| f.statuses.to_vec()));
    let statuses = state.statuses;
    let statuses_checked =
        Memo::new(move |_| statuses.with(|s| s.iter().map(|s| s.key().to_string()).collect()));

    let toggle_sector = {
        let state = state.clone();
        Callback::new(move |slug: String| state.push(|v| v.with_sector_toggled(&slug)))
    };
    let toggle_country = {
        let state = state.clone();
        Callback::new(move |code: String| state.push(|v| v.with_country_toggled(&code)))
    };
    let toggle_status = {
        let state = state.clone();
        Callback::new(move |key: String| {
            if let Some(status) = LabelStatus::parse(&key) {
                state.push(|v| v.with_status_toggled(status));
            }
        })
    };

    let today = state.today;
    let asof = state.asof;
    let (date_error, set_date_error) = signal(None::<String>);
    let on_date = {
        let state = state.clone();
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            let date = if text.is_empty() {
                Some(today.get_untracked())
            } else {
                dates::parse_iso(&text)
            };
            match date {
                Some(date) => {
                    set_date_error.set(None);
                    let next = view.with_untracked(|v| ViewState {
                        asof: (date != today.get_untracked()).then_some(date),
                        ..v.clone()
                    });
                    state.go(next, History::Push);
                }
                None => set_date_error.set(Some(format!(
                    "{text:?} is not a date; the date was not changed."
                ))),
            }
        }
    };

    view! {
        <aside class="filters" aria-label="Filters">
            <h2>"Filters"</h2>
            <div class="asof">
                <label for="asof">"Label status as of"</label>
                <input
                    id="asof"
                    type="date"
                    value=dates::iso(asof.get_untracked())
                    prop:value=move || dates::iso(asof.get())
                    on:change=on_date
                    aria-describedby="asof-hint"
                />
                <p id="asof-hint" class="hint">
                    {move || {
                        if asof.get() == today.get() { "Today.".to_string() } else { "A date in the past or future.".to_string() }
                    }}
                </p>
                {move || date_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </div>
            <Facet
                legend="Label status"
                name="status"
                options=status_options
                counts=status_counts
                checked=statuses_checked
                toggle=toggle_status
            />
            <Facet
                legend="Sector"
                name="sector"
                options=sector_options
                counts=sector_counts
                checked=state.sectors
                toggle=toggle_sector
            />
            <Facet
                legend="Country"
                name="country"
                options=country_options
                counts=state.country_counts
                checked=state.countries
                toggle=toggle_country
            />
        </aside>
    }
}
