//! Sharing and taking away the current view: copy its link, export its rows, put its deadlines
//! in a calendar.

use leptos::prelude::*;

use crate::state::use_atlas;
use atlas_core::view::encode_component;
use atlas_core::{export, ics};

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
        move |kind: Export| {
            let rows = state.selection.with_untracked(|s| s.all_rows());
            let asof = state.asof.get_untracked();
            let view = state.view.get_untracked();
            let catalog = &state.catalog;
            let (text, mime, extension) = match kind {
                Export::Csv => (
                    export::to_csv(catalog, &rows, Some(asof)),
                    "text/csv;charset=utf-8",
                    "csv",
                ),
                Export::Json => (export::to_json(catalog, &rows), "application/json", "json"),
                Export::Calendar => {
                    // The atlas's own address, whatever its path: a detail is `?cluster=…` there.
                    let location = window().location();
                    let page = format!(
                        "{}{}",
                        location.origin().unwrap_or_default(),
                        location.pathname().unwrap_or_default()
                    );
                    let detail = |id: &str| format!("{page}?cluster={}", encode_component(id));
                    (
                        ics::to_ics(catalog, &rows, &detail, now_utc()),
                        "text/calendar;charset=utf-8",
                        "ics",
                    )
                }
            };
            let name = export::file_name(&view, asof, extension);
            match download(&text, mime, &name) {
                Ok(()) => set_said.set(format!("Saved {} rows as {name}.", rows.len())),
                Err(()) => set_said.set("This browser did not allow the download.".to_string()),
            }
        }
    };
    let (export_json, export_calendar) = (export.clone(), export.clone());

    view! {
        <div class="toolbar">
            <button type="button" on:click=copy_link data-testid="copy-link">
                "Copy link"
            </button>
            <button type="button" on:click=move |_| export(Export::Csv) data-testid="export-csv">
                "Export CSV"
            </button>
            <button type="button" on:click=move |_| export_json(Export::Json) data-testid="export-json">
                "Export JSON"
            </button>
            <button type="button" on:click=move |_| export_calendar(Export::Calendar) data-testid="export-ics">
                "Add deadlines to calendar (.ics)"
            </button>
            <p class="toolbar-status" role="status" aria-live="polite" data-testid="toolbar-status">
                {move || said.get()}
            </p>
        </div>
    }
}

/// What the toolbar saves the view's rows as.
#[derive(Clone, Copy)]
enum Export {
    Csv,
    Json,
    /// Their deadlines, as an iCalendar file.
    Calendar,
}

/// Now, in UTC, as the browser's clock has it.
fn now_utc() -> chrono::NaiveDateTime {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        now.get_utc_full_year() as i32,
        now.get_utc_month() + 1,
        now.get_utc_date(),
    )
    .and_then(|d| {
        d.and_hms_opt(
            now.get_utc_hours(),
            now.get_utc_minutes(),
            now.get_utc_seconds(),
        )
    })
    .unwrap_or_default()
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
