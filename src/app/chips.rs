//! The current filters, each a removable chip, and "Clear all".

use leptos::prelude::*;

use crate::app::state::{use_atlas, AtlasState};
use crate::core::view::ViewState;

/// One chip: what it says, and the view without it.
struct Chip {
    label: String,
    without: ViewState,
}

fn chips(state: &AtlasState, view: &ViewState) -> Vec<Chip> {
    let catalog = &state.catalog;
    let mut chips = Vec::new();
    for code in &view.countries {
        chips.push(Chip {
            label: format!("Country: {}", catalog.country_name(code)),
            without: view.with_country_toggled(code),
        });
    }
    for slug in &view.sectors {
        chips.push(Chip {
            label: format!("Sector: {}", catalog.sector_name(slug)),
            without: view.with_sector_toggled(slug),
        });
    }
    for status in &view.statuses {
        chips.push(Chip {
            label: format!("Status: {}", status.title()),
            without: view.with_status_toggled(*status),
        });
    }
    if !view.q.trim().is_empty() {
        chips.push(Chip {
            label: format!("Search: \u{201c}{}\u{201d}", view.q.trim()),
            without: ViewState {
                q: String::new(),
                page: 1,
                ..view.clone()
            },
        });
    }
    if let Some(asof) = view.asof {
        chips.push(Chip {
            label: format!("As of {}", crate::core::dates::long(asof)),
            without: ViewState {
                asof: None,
                ..view.clone()
            },
        });
    }
    chips
}

#[component]
pub fn Chips() -> impl IntoView {
    let state = use_atlas();
    // One frame late, like the facet counts: the results come first.
    let view = state.late_view;
    let list = {
        let state = state.clone();
        move || {
            let current = view.get();
            chips(&state, &current)
                .into_iter()
                .map(|chip| {
                    let href = AtlasState::href(&chip.without);
                    let aria = format!("Remove filter {}", chip.label);
                    view! {
                        <li>
                            <a class="chip" href=href aria-label=aria>
                                <span>{chip.label}</span>
                                <span class="chip-x" aria-hidden="true">"×"</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()
        }
    };
    let clear_all = move || {
        let v = view.get();
        AtlasState::href(&ViewState {
            asof: None,
            ..v.cleared()
        })
    };
    view! {
        <Show when=move || view.with(|v| v.is_filtered() || v.asof.is_some())>
            <nav class="chips" aria-label="Current filters" data-testid="chips">
                <ul>{list.clone()}</ul>
                <a class="clear-all" href=clear_all>"Clear all"</a>
            </nav>
        </Show>
    }
}
