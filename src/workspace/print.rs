//! What a printed page carries besides the view: its link and its citation, so that a paper copy
//! leads back to the view it shows and can be quoted. The block is printed only (the style
//! sheet's `.print-only`), and filled only while the page is printed (`AtlasState::printing`),
//! so that it costs nothing while someone types.

use leptos::prelude::*;

use crate::state::use_atlas;
use atlas_core::cite;

/// The view's link and citation, for print.
#[component]
pub fn PrintedSource() -> impl IntoView {
    let state = use_atlas();
    let (printing, late_view) = (state.printing, state.late_view);
    let source = move || {
        printing.get().then(|| {
            late_view.track();
            let url = state.absolute_url();
            let citation = state.view.with_untracked(|v| {
                cite::of_view(
                    &state.catalog,
                    v,
                    state.asof.get_untracked(),
                    &url,
                    state.today.get_untracked(),
                )
            });
            view! {
                <p>"This view: " <span class="printed-url" data-testid="printed-url">{url}</span></p>
                <p data-testid="printed-citation">"Cite as: " {citation}</p>
            }
        })
    };
    // In a region, so that the app's block takes the prerendered one's place (`mount.rs`).
    view! {
        <footer class="print-only printed-source" data-testid="printed-source" data-region="results">
            {source}
        </footer>
    }
}

/// Keeps `printing` true while the page is printed: the browser says so before and after
/// (`beforeprint`, `afterprint`), whatever starts the printing.
#[cfg(feature = "browser")]
pub fn follow_printing(printing: RwSignal<bool>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let on_print = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        printing.try_set(ev.type_() == "beforeprint");
    });
    for name in ["beforeprint", "afterprint"] {
        let _ = window().add_event_listener_with_callback(name, on_print.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    on_print.forget();
}
