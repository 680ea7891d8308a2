//! The map, the country index and the filters. On a wide screen they are a column beside the
//! results that stays in view while the list scrolls; on a narrower one, a sheet over the page,
//! opened by the "Filters" button and left by "Show N clusters", by ×, by Escape or by
//! choosing a country — each of which brings the visitor back to the results.

use leptos::prelude::*;

use super::in_view::{focus_without_scroll, keep_tab_inside, show_results};
use crate::state::use_atlas;

/// The button that opens the sheet (the style sheet shows it only where there is one). The
/// prerendered page's works before the app does (`public/boot.js`).
#[component]
pub fn FiltersButton(sheet: RwSignal<bool>) -> impl IntoView {
    let view = use_atlas().late_view;
    let active = move || {
        view.with(|v| {
            v.countries.len()
                + v.sectors.len()
                + v.statuses.len()
                + v.labels.len()
                + usize::from(v.expires.is_some())
                + usize::from(v.asof.is_some())
        })
    };
    view! {
        <button
            type="button"
            class="explore-toggle"
            aria-controls="explore"
            aria-expanded=move || if sheet.get() { "true" } else { "false" }
            on:click=move |_| sheet.update(|open| *open = !*open)
        >
            "Filters"
            {move || match active() {
                0 => String::new(),
                n => format!(" ({n})"),
            }}
        </button>
    }
}

#[component]
pub fn Explore(sheet: RwSignal<bool>, children: Children) -> impl IntoView {
    let state = use_atlas();
    // A country chosen on the map or in the index is answered by the results: the sheet gives
    // way to them. Other filters can be ticked several at a time, so the sheet stays.
    let countries = state.countries;
    Effect::new(move |before: Option<Vec<String>>| {
        let now = countries.get();
        if before.is_some_and(|b| b != now) && sheet.get_untracked() {
            sheet.set(false);
            show_results();
        }
        now
    });
    // Into the sheet when it opens, so that a keyboard or screen reader lands in it.
    Effect::new(move |was_open: Option<bool>| {
        let open = sheet.get();
        if open && was_open == Some(false) {
            if let Some(heading) = document()
                .get_element_by_id("explore-heading")
                .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            {
                focus_without_scroll(&heading);
            }
        }
        open
    });
    let close = move || {
        sheet.set(false);
        focus_toggle();
    };
    // Open, the sheet covers the page: the keyboard stays in it until it is closed.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if !sheet.get_untracked() {
            return;
        }
        match ev.key().as_str() {
            "Escape" => {
                ev.stop_propagation();
                close();
            }
            "Tab" => {
                if let Some(explore) = document()
                    .get_element_by_id("explore")
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into(e).ok())
                {
                    keep_tab_inside(&explore, &ev);
                }
            }
            _ => {}
        }
    };
    let selection = state.selection;
    let shown = move || {
        let n = selection.with(|s| s.len());
        format!("Show {n} cluster{}", if n == 1 { "" } else { "s" })
    };
    view! {
        <div
            id="explore"
            class="explore"
            class:open=sheet
            data-region="explore"
            on:keydown=on_keydown
        >
            <div class="sheet-head">
                <h2 id="explore-heading" tabindex="-1">"Map and filters"</h2>
                <button type="button" class="sheet-close" aria-label="Close the map and filters" on:click=move |_| close()>
                    "×"
                </button>
            </div>
            {children()}
            <div class="sheet-foot">
                <button
                    type="button"
                    class="show-results"
                    data-testid="show-results"
                    on:click=move |_| {
                        sheet.set(false);
                        show_results();
                    }
                >
                    {shown}
                </button>
            </div>
        </div>
    }
}

fn focus_toggle() {
    if let Some(button) = document()
        .query_selector(".explore-toggle")
        .ok()
        .flatten()
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = button.focus();
    }
}
