//! Sharing and taking away the current view: share or copy its link, cite it, embed it, export
//! its rows, put its deadlines in a calendar.

use leptos::prelude::*;

use crate::reactive::reactive;

use crate::download::save_text;
use crate::state::use_atlas;
use atlas_core::view::encode_component;
use atlas_core::{cite, describe, export, ics, picture};

#[component]
pub fn Toolbar() -> impl IntoView {
    let state = use_atlas();
    let (said, set_said) = signal(String::new());

    let share = {
        let state = state.clone();
        move |_| {
            state.write_pending_url();
            let url = state.absolute_url();
            let title = state.view.with_untracked(|v| {
                describe::in_words(&state.catalog, v, state.asof.get_untracked())
            });
            if let Some(shared) = web_share(&format!("ECEI Cluster Atlas: {title}"), &url) {
                leptos::task::spawn_local(async move {
                    // A share the visitor cancels is no error to report.
                    if wasm_bindgen_futures::JsFuture::from(shared).await.is_ok() {
                        set_said.set("Link shared.".to_string());
                    }
                });
            } else {
                copy(url.clone(), "Link copied to the clipboard.", set_said);
            }
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
            match save_text(&text, mime, &name) {
                Ok(()) => set_said.set(format!("Saved {} rows as {name}.", rows.len())),
                Err(()) => set_said.set("This browser did not allow the download.".to_string()),
            }
        }
    };
    let (export_json, export_calendar) = (export.clone(), export.clone());

    view! {
        <div class="toolbar">
            <button type="button" on:click=share data-testid="share">
                "Share"
            </button>
            <ToolbarPanel panel=Panel::Cite said=set_said />
            <ToolbarPanel panel=Panel::Embed said=set_said />
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

/// What the Cite and Embed buttons open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Panel {
    Cite,
    Embed,
}

/// "Cite this view" and "Embed": a disclosure with the view's citation, or the `<iframe>` that
/// embeds it, to read and copy. Its text follows the view while it is open.
#[component]
fn ToolbarPanel(panel: Panel, said: WriteSignal<String>) -> impl IntoView {
    let state = use_atlas();
    let (open, set_open) = signal(false);
    let (title, copy_label, copied, key) = match panel {
        Panel::Cite => (
            "Cite this view",
            "Copy the citation",
            "Citation copied to the clipboard.",
            "cite",
        ),
        Panel::Embed => (
            "Embed",
            "Copy the embed code",
            "Embed code copied to the clipboard.",
            "embed",
        ),
    };
    let body = move || {
        open.get().then(|| {
            state.late_view.track();
            let url = state.absolute_url();
            let words = state
                .view
                .with_untracked(|v| describe::in_words(&state.catalog, v, state.asof.get()));
            let (text, hint) = match panel {
                Panel::Cite => (
                    cite::citation(&cite::CitedView {
                        version: state.catalog.dataset.version.as_deref(),
                        view_in_words: &words,
                        url: &url,
                        accessed: state.today.get(),
                    }),
                    "Dataset, date and link of this view, to quote:",
                ),
                Panel::Embed => {
                    let sep = if url.contains('?') { '&' } else { '?' };
                    (
                        format!(
                            "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"720\" style=\"border:0\" loading=\"lazy\"></iframe>",
                            picture::escape(&format!("{url}{sep}embed=1")),
                            picture::escape(&format!("ECEI Cluster Atlas: {words}"))
                        ),
                        "Paste this where the view should appear; its links open the full atlas in a new tab:",
                    )
                }
            };
            let copy_text = text.clone();
            view! {
                <p class="hint">{hint}</p>
                <p class="panel-text" data-testid=format!("{key}-text")>{text}</p>
                <button type="button" on:click=move |_| copy(copy_text.clone(), copied, said)>{copy_label}</button>
            }
        })
    };
    view! {
        <details class="toolbar-panel" data-testid=key on:toggle=move |ev| {
            set_open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open());
        }>
            <summary>{title}</summary>
            {reactive(move || body().into_any())}
        </details>
    }
}

/// Copies `text`; if the browser will not, shows it to copy by hand.
fn copy(text: String, done: &'static str, said: WriteSignal<String>) {
    let promise = window().navigator().clipboard().write_text(&text);
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => said.set(done.to_string()),
            Err(_) => said.set(format!("Copy this: {text}")),
        }
    });
}

/// `navigator.share({title, url})` where the browser has the Web Share API (phones, mostly).
fn web_share(title: &str, url: &str) -> Option<js_sys::Promise> {
    use wasm_bindgen::{JsCast, JsValue};
    let navigator = window().navigator();
    let share = js_sys::Reflect::get(&navigator, &JsValue::from_str("share"))
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let data = js_sys::Object::new();
    js_sys::Reflect::set(&data, &"title".into(), &title.into()).ok()?;
    js_sys::Reflect::set(&data, &"url".into(), &url.into()).ok()?;
    share.call1(&navigator, &data).ok()?.dyn_into().ok()
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
