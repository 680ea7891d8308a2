//! The filter panel: sector, country and label status facets with counts that follow the other
//! filters, and the "as of" date that moves the whole atlas in time.

use leptos::prelude::*;

use crate::app::state::{use_atlas, History};
use crate::core::dates;
use crate::core::label::LabelStatus;
use crate::core::view::ViewState;

/// One checkbox of a facet.
#[derive(Clone, PartialEq)]
struct Option_ {
    value: String,
    label: String,
    count: usize,
    checked: bool,
}

#[component]
fn Facet(
    legend: &'static str,
    name: &'static str,
    options: Signal<Vec<Option_>>,
    toggle: Callback<String>,
) -> impl IntoView {
    view! {
        <fieldset class="facet" data-testid=format!("facet-{name}")>
            <legend>{legend}</legend>
            <ul>
                <For
                    each=move || options.get()
                    key=|o| (o.value.clone(), o.count, o.checked)
                    let:option
                >
                    {
                        let id = format!("{name}-{}", option.value);
                        let value = option.value.clone();
                        view! {
                            <li class:empty=option.count == 0>
                                <input
                                    type="checkbox"
                                    id=id.clone()
                                    name=name
                                    value=option.value.clone()
                                    prop:checked=option.checked
                                    on:change=move |_| toggle.run(value.clone())
                                />
                                <label for=id>
                                    <span class="facet-label">{option.label.clone()}</span>
                                    <span class="count">{option.count}</span>
                                </label>
                            </li>
                        }
                    }
                </For>
            </ul>
        </fieldset>
    }
}

#[component]
pub fn Filters() -> impl IntoView {
    let state = use_atlas();
    let view = state.view;
    let selection = state.selection;

    let sectors = {
        let catalog = state.catalog.clone();
        Signal::derive(move || {
            let sel = selection.get();
            view.with(|v| {
                catalog
                    .dataset
                    .sectors
                    .iter()
                    .zip(&sel.sector_counts)
                    .map(|(s, &count)| Option_ {
                        value: s.slug.clone(),
                        label: s.name.clone(),
                        count,
                        checked: v.sectors.contains(&s.slug),
                    })
                    .collect()
            })
        })
    };
    let countries = {
        let catalog = state.catalog.clone();
        Signal::derive(move || {
            let sel = selection.get();
            view.with(|v| {
                catalog
                    .dataset
                    .countries
                    .iter()
                    .zip(&sel.country_counts)
                    .map(|(c, &count)| Option_ {
                        value: c.code.clone(),
                        label: c.name.clone(),
                        count,
                        checked: v.countries.contains(&c.code),
                    })
                    .collect()
            })
        })
    };
    let statuses = Signal::derive(move || {
        let sel = selection.get();
        view.with(|v| {
            LabelStatus::ALL
                .iter()
                .map(|s| Option_ {
                    value: s.key().to_string(),
                    label: s.title().to_string(),
                    count: sel.status_counts[*s as usize],
                    checked: v.statuses.contains(s),
                })
                .collect()
        })
    });

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
                Some(today)
            } else {
                dates::parse_iso(&text)
            };
            match date {
                Some(date) => {
                    set_date_error.set(None);
                    let next = view.with_untracked(|v| ViewState {
                        asof: (date != today).then_some(date),
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
                    prop:value=move || dates::iso(asof.get())
                    on:change=on_date
                    aria-describedby="asof-hint"
                />
                <p id="asof-hint" class="hint">
                    {move || {
                        if asof.get() == today { "Today.".to_string() } else { "A date in the past or future.".to_string() }
                    }}
                </p>
                {move || date_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            </div>
            <Facet legend="Label status" name="status" options=statuses toggle=toggle_status />
            <Facet legend="Sector" name="sector" options=sectors toggle=toggle_sector />
            <Facet legend="Country" name="country" options=countries toggle=toggle_country />
        </aside>
    }
}
