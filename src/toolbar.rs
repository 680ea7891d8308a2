//! Sharing and taking away the current view: copy its link, export its rows.

use leptos::prelude::*;

use crate::state::use_atlas;
use atlas_core::export;

#[component]
pub fn Toolbar() -> impl IntoView {
    let state = use_atlas();
    let (said, set_said) = signal(String::new());

    let copy_link = {
        let state = state.clone();
        move |_| {
            state.write_pending_url();
            let href = window().location().href().unwrap_or_default();
            let clipboard = window().navigator().clipboard();
            let promise = clipboard.write_text(&href);
            leptos::task::spawn_local(async move {
                match wasm_bindgen_futures::JsFuture::from(promise).await {
                    Ok(_) => set_said.set("Link copied to the clipboard.".to_string()),
                    Err(_) => set_said.set(format!("Copy this link: {href}")),
                }
            });
        }
    };

    let export = {
        let state = state.clone();
        move |json: bool| {
            let rows = state.selection.with_untracked(|s| s.all_rows());
            let asof = state.asof.get_untracked();
            let view = state.view.get_untracked();
            let (text, mime, name) = if json {
                (
                    export::to_json(&state.catalog, &rows),
                    "application/json",
                    export::file_name(&view, asof, "json"),
                )
            } else {
                (
                    export::to_csv(&state.catalog, &rows, asof),
                    "text/csv;charset=utf-8",
                    export::file_name(&view, asof, "csv"),
                )
            };
            match download(&text, mime, &name) {
                Ok(()) => set_said.set(format!("Saved {} rows as {name}.", rows.len())),
                Err(()) => set_said.set("This browser did not allow the download.".to_string()),
            }
        }
    };
    let export_json = export.clone();

    view! {
        <div class="toolbar">
            <button type="button" on:click=copy_link data-testid="copy-link">
                "Copy link"
            </button>
            <button type="button" on:click=move |_| export(false) data-testid="export-csv">
                "Export CSV"
            </button>
            <button type="button" on:click=move |_| export_json(true) data-testid="export-json">
                "Export JSON"
            </button>
            <p class="toolbar-status" role="status" aria-live="polite" data-testid="toolbar-status">
                {move || said.get()}
            </p>
        </div>
    }
}

/// Offers `text` as a file download through a Blob URL.
fn download(text: &str, mime: &str, name: &str) -> Result<(), ()> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| ())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| ())?;
    let anchor = document()
        .create_element("a")
        .map_err(|_| ())?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .map_err(|_| ())?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    // Revoking at once can cancel the download in some browsers; a minute later is safe.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
