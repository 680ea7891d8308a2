//! The live search box: every keystroke updates the results at once; the URL follows once
//! typing pauses, on Enter or when the box loses focus (replacing the history entry).

use leptos::prelude::*;

use crate::state::use_atlas;
use atlas_core::view::MAX_QUERY_CHARS;

#[component]
pub fn SearchBox() -> impl IntoView {
    let state = use_atlas();
    let view = state.view;
    let on_input = {
        let state = state.clone();
        move |ev: leptos::ev::Event| state.type_query(&event_target_value(&ev))
    };
    let flush = {
        let state = state.clone();
        move || state.write_pending_url()
    };
    let on_blur = {
        let flush = flush.clone();
        move |_| flush()
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            flush();
        }
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
                placeholder="Search clusters, e.g. “pole mer”"
                aria-describedby="search-hint"
                // The attribute is what the page prerendered at build time shows; the property
                // follows the view.
                value=view.with_untracked(|v| v.q.clone())
                prop:value=move || view.with(|v| v.q.clone())
                on:input=on_input
                on:blur=on_blur
                on:keydown=on_keydown
            />
            <p id="search-hint" class="hint">
                "Every word must match; accents and case do not matter."
            </p>
        </div>
    }
}
