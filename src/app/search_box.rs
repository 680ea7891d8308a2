//! The live search box: every keystroke updates the URL (replacing the history entry) and so
//! the results.

use leptos::prelude::*;

use crate::app::state::{use_atlas, History};
use crate::core::view::MAX_QUERY_CHARS;

#[component]
pub fn SearchBox() -> impl IntoView {
    let state = use_atlas();
    let view = state.view;
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        let next = view.with_untracked(|v| crate::core::view::ViewState {
            q: text,
            page: 1,
            ..v.clone()
        });
        state.go(next, History::Replace);
    };
    view! {
        <div class="search-box" role="search">
            <label for="search">"Search clusters"</label>
            <input
                id="search"
                type="search"
                autocomplete="off"
                spellcheck="false"
                maxlength=MAX_QUERY_CHARS
                placeholder="Name, sector, country or website, e.g. “pole mer”"
                aria-describedby="search-hint"
                prop:value=move || view.with(|v| v.q.clone())
                on:input=on_input
            />
            <p id="search-hint" class="hint">
                "Every word must match; accents and case do not matter."
            </p>
        </div>
    }
}
