//! What the Compare toggles of the country index have set, said where they were pressed:
//! "Comparing France + Italy", with a link to the comparison and a way to clear it.

use leptos::prelude::*;

use super::in_view::show_results;
use crate::state::{use_atlas, AtlasState};
use atlas_core::view::{Tab, ViewState};

#[component]
pub fn CompareTray(sheet: RwSignal<bool>) -> impl IntoView {
    let state = use_atlas();
    let (compared, view) = (state.compare, state.late_view);
    let catalog = state.catalog.clone();
    let said = move || {
        compared.with(|codes| {
            let names: Vec<&str> = codes.iter().map(|c| catalog.country_name(c)).collect();
            match names.as_slice() {
                [] => String::new(),
                [one] => format!("Comparing {one}: pick another country to set beside it."),
                many => format!("Comparing {}", many.join(" + ")),
            }
        })
    };
    let href = move || view.with(|v| AtlasState::href(&v.with_tab(Tab::Compare)));
    let clear = move |_| state.push(ViewState::without_compare);
    view! {
        <Show when=move || compared.with(|c| !c.is_empty())>
            <div class="compare-tray" data-testid="compare-tray">
                <p role="status">{said.clone()}</p>
                <a
                    class="tray-view"
                    href=href
                    hidden=move || compared.with(|c| c.len() < 2)
                    on:click=move |_| {
                        sheet.set(false);
                        show_results();
                    }
                >
                    "View the comparison"
                </a>
                <button type="button" class="tray-clear" on:click=clear.clone()>"Clear"</button>
            </div>
        </Show>
    }
}
