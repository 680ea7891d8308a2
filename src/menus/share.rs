//! The Share menu: the view's link (copied, or through the device's share sheet), a citation
//! of the view and the code that embeds it in another page.

use leptos::prelude::*;

use super::{close_menus, copy, Said};
use crate::reactive::reactive;
use crate::state::use_atlas;
use atlas_core::{cite, describe, picture};

/// The embed's height in its snippet: an embed fits a frame this tall without scrolling the
/// page around it (its list scrolls inside).
pub const EMBED_HEIGHT: u32 = 600;

#[component]
pub fn ShareItems(said: Said) -> impl IntoView {
    let state = use_atlas();
    // The view's link, copied, or through the device's share sheet where it has one.
    let share = move |sheet: bool| {
        state.write_pending_url();
        close_menus(None);
        let url = state.absolute_url();
        let title = state
            .view
            .with_untracked(|v| describe::in_words(&state.catalog, v, state.asof.get_untracked()));
        let shared = sheet
            .then(|| web_share(&format!("ECEI Cluster Atlas: {title}"), &url))
            .flatten();
        match shared {
            Some(shared) => leptos::task::spawn_local(async move {
                // A share the visitor cancels is no error to report.
                if wasm_bindgen_futures::JsFuture::from(shared).await.is_ok() {
                    said.set("Link shared.".to_string());
                }
            }),
            None => copy(url, "Link copied to the clipboard.", said),
        }
    };
    let copy_link = share.clone();
    view! {
        <button type="button" on:click=move |_| copy_link(false) data-testid="copy-link">"Copy link"</button>
        <button type="button" on:click=move |_| share(true) data-testid="share">"Share…"</button>
        <TextPanel panel=Panel::Cite said />
        <TextPanel panel=Panel::Embed said />
    }
}

/// What the Cite and Embed items open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Panel {
    Cite,
    Embed,
}

/// "Cite this view" and "Embed": a disclosure with the view's citation, or the `<iframe>` that
/// embeds it, to read and copy. Its text follows the view while it is open.
#[component]
fn TextPanel(panel: Panel, said: Said) -> impl IntoView {
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
                Panel::Embed => (
                    embed_code(&url, &words),
                    "Paste this where the view should appear; its links open the full atlas in a new tab:",
                ),
            };
            let copy_text = text.clone();
            view! {
                <p class="hint">{hint}</p>
                <p class="panel-text" data-testid=format!("{key}-text")>{text}</p>
                <button type="button" on:click=move |_| {
                    close_menus(None);
                    copy(copy_text.clone(), copied, said);
                }>{copy_label}</button>
            }
        })
    };
    view! {
        <details class="menu-panel" data-testid=key on:toggle=move |ev| {
            set_open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open());
        }>
            <summary>{title}</summary>
            {reactive(move || body().into_any())}
        </details>
    }
}

/// The `<iframe>` that shows the view at `url` inside another page.
fn embed_code(url: &str, words: &str) -> String {
    let sep = if url.contains('?') { '&' } else { '?' };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{EMBED_HEIGHT}\" style=\"border:0\" loading=\"lazy\"></iframe>",
        picture::escape(&format!("{url}{sep}embed=1")),
        picture::escape(&format!("ECEI Cluster Atlas: {words}"))
    )
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
