//! The filter panel: label status, level, sector and country facets with counts that follow the
//! other filters, the expiry window, and the "as of" date that moves the whole atlas in time
//! (by hand, or played month by month).

use leptos::prelude::*;

use crate::reactive::reactive;
use crate::stage::{Part, Staged};

mod play;

use crate::state::{use_atlas, History};
use atlas_core::dates;
use atlas_core::expiry::{ExpiryWindow, TypedWindowError};
use atlas_core::label::{Label, LabelStatus};
use atlas_core::view::ViewState;
use play::PlayButton;

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
    // The three levels always; "unknown" only where a file has one.
    let label_options: Vec<(String, String)> = Label::ALL
        .iter()
        .filter(|l| {
            **l != Label::Unknown || catalog.dataset.clusters.iter().any(|c| c.label == **l)
        })
        .map(|l| (l.key().to_string(), l.title().to_string()))
        .collect();
    // Memos, not derived signals: each checkbox subscribes to these, not to the selection.
    let sector_counts = Memo::new(move |_| facets.with(|f| f.sectors.clone()));
    let status_counts = Memo::new(move |_| facets.with(|f| f.statuses.to_vec()));
    let label_counts = Memo::new(move |_| facets.with(|f| f.labels.to_vec()));
    let statuses = state.statuses;
    let statuses_checked =
        Memo::new(move |_| statuses.with(|s| s.iter().map(|s| s.key().to_string()).collect()));
    let labels = state.labels;
    let labels_checked =
        Memo::new(move |_| labels.with(|l| l.iter().map(|l| l.key().to_string()).collect()));

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
    let toggle_label = {
        let state = state.clone();
        Callback::new(move |key: String| {
            if let Some(label) = Label::parse(&key) {
                state.push(|v| v.with_label_toggled(label));
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
                    "\u{201c}{text}\u{201d} is not a date; the date was not changed."
                ))),
            }
        }
    };

    view! {
        <aside class="filters" id="filters" tabindex="-1" aria-label="Filters">
            <h2>"Filters"</h2>
            <div class="asof">
                <label for="asof">"Label status as of"</label>
                <div class="asof-row">
                    <input
                        id="asof"
                        type="date"
                        value=dates::iso(asof.get_untracked())
                        prop:value=move || dates::iso(asof.get())
                        on:change=on_date
                        aria-describedby="asof-hint"
                    />
                    <PlayButton />
                </div>
                <p id="asof-hint" class="hint">
                    {move || {
                        if asof.get() == today.get() { "Today.".to_string() } else { "A date in the past or future.".to_string() }
                    }}
                </p>
                {reactive(move || date_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> }).into_any())}
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
                legend="Label level"
                name="label"
                options=label_options
                counts=label_counts
                checked=labels_checked
                toggle=toggle_label
            />
            <ExpiryInputs />
            <Staged part=Part::Facets>
                <Facet
                    legend="Sector"
                    name="sector"
                    options=sector_options.clone()
                    counts=sector_counts
                    checked=state.sectors
                    toggle=toggle_sector
                />
                <Facet
                    legend="Country"
                    name="country"
                    options=country_options.clone()
                    counts=state.country_counts
                    checked=state.countries
                    toggle=toggle_country
                />
            </Staged>
        </aside>
    }
}

/// The expiry window by keyboard: two months, either of which may be left empty. The chart of
/// the statistics sets the same window by dragging.
#[component]
fn ExpiryInputs() -> impl IntoView {
    let state = use_atlas();
    let expires = state.expires;
    let (error, set_error) = signal(None::<String>);
    let end = move |which: usize| {
        expires.with(|w| {
            let (from, to) = w.map(ExpiryWindow::ends).unwrap_or_default();
            if which == 0 { from } else { to }.unwrap_or_default()
        })
    };
    let on_change = move |_| {
        let value = |id: &str| {
            document()
                .get_element_by_id(id)
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(e).ok())
                .map(|i| i.value())
                .unwrap_or_default()
        };
        // Where the browser shows a plain text box (Firefox, WebKitGTK), this is what was typed.
        let window = ExpiryWindow::from_typed(&value("expires-from"), &value("expires-to"))
            .map_err(|e| match e {
                TypedWindowError::NotAMonth => {
                    "Give months as YYYY-MM (for example 2018-07) or as Jul 2018.".to_string()
                }
                TypedWindowError::Reversed => {
                    "The second month comes before the first.".to_string()
                }
            });
        match window {
            Ok(window) => {
                set_error.set(None);
                state.push(|v| v.with_expiry_window(window));
            }
            Err(e) => set_error.set(Some(e)),
        }
    };
    let on_change_to = on_change.clone();
    view! {
        <fieldset class="facet expires" data-testid="expires">
            <legend>"Label expires"</legend>
            <label for="expires-from">"From"</label>
            <input id="expires-from" type="month" placeholder="YYYY-MM" aria-describedby="expires-hint" value=untrack(move || end(0)) prop:value=move || end(0) on:change=on_change />
            <label for="expires-to">"Until"</label>
            <input id="expires-to" type="month" placeholder="YYYY-MM" aria-describedby="expires-hint" value=untrack(move || end(1)) prop:value=move || end(1) on:change=on_change_to />
            <p class="hint" id="expires-hint">"Months of “valid until” as YYYY-MM (2018-07) or Jul 2018, either end open. Or drag across the chart of labels in force."</p>
            {reactive(move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> }).into_any())}
        </fieldset>
    }
}
