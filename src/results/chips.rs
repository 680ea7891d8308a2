//! The current filters, each a removable chip, and "Clear all".

use leptos::prelude::*;

use crate::reactive::reactive;

use crate::state::{use_atlas, AtlasState};
use atlas_core::describe::chips;
use atlas_core::view::ViewState;

#[component]
pub fn Chips() -> impl IntoView {
    let state = use_atlas();
    // One frame late, like the facet counts: the results come first.
    let view = state.late_view;
    let list = {
        let state = state.clone();
        move || {
            let current = view.get();
            chips(&state.catalog, &current)
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
                <ul>{
                    let list = list.clone();
                    reactive(move || list().into_any())
                }</ul>
                <a class="clear-all" href=clear_all>"Clear all"</a>
            </nav>
        </Show>
    }
}
