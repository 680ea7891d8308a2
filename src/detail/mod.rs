//! The detail panel of one cluster (`?cluster=<id>`): every field, the status as of the chosen
//! date, the data notes in words, and a link to its country. Back, × and Escape close it, and
//! the focus goes back to where it was when the panel opened.

use leptos::prelude::*;

use crate::reactive::reactive;
use wasm_bindgen::JsCast;

use crate::results::status_badge;
use crate::state::{use_atlas, AtlasState};
use atlas_core::dates;
use atlas_core::label::{badge_text, relative_phrase, Deadlines, LabelStatus};
use atlas_core::view::ViewState;

#[component]
pub fn Detail() -> impl IntoView {
    let state = use_atlas();
    let asof = state.asof;
    let late_view = state.late_view;
    // The panel follows the open cluster only: a keystroke that leaves it open costs it nothing.
    let open_row = {
        let catalog = state.catalog.clone();
        let open = state.open_cluster;
        Memo::new(move |_| open.with(|id| id.as_deref().and_then(|id| catalog.find(id))))
    };
    let heading = NodeRef::<leptos::html::H2>::new();
    // The element that had the focus when the panel opened (none when it opened with the page),
    // and the cluster it was opened for.
    let opener = StoredValue::new_local(None::<(Option<web_sys::HtmlElement>, u32)>);
    // Into the panel when it opens, so keyboard and screen reader users land there; back to the
    // opener when it closes, so they do not land on the page's body.
    let catalog = state.catalog.clone();
    Effect::new(move |was_open: Option<Option<u32>>| {
        let now = open_row.get();
        match (was_open.flatten(), now) {
            (None, Some(row)) => {
                opener.set_value(Some((focused(), row)));
                if let Some(h) = heading.get() {
                    let _ = h.focus();
                }
            }
            (Some(_), None) => {
                if let Some((element, row)) = opener.get_value() {
                    restore_focus(element, &catalog.cluster(row).id);
                }
                opener.set_value(None);
            }
            _ => {}
        }
        now
    });
    let close = {
        let state = state.clone();
        move || {
            state.push(|v| ViewState {
                cluster: None,
                ..v.clone()
            })
        }
    };
    let close_on_escape = {
        let close = close.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" {
                close();
            }
        }
    };

    let body = {
        let state = state.clone();
        move || {
            let row = open_row.get()?;
            let c = state.catalog.cluster(row).clone();
            let on = asof.get();
            let status = LabelStatus::on(c.valid_until, on);
            let deadlines = Deadlines::of(c.valid_until);
            let country = state.catalog.country_name(&c.country).to_string();
            let country_href = {
                let code = c.country.clone();
                move || {
                    late_view.with(|v| {
                        AtlasState::href(&ViewState {
                            countries: vec![code.clone()],
                            cluster: None,
                            page: 1,
                            ..v.clone()
                        })
                    })
                }
            };
            let flags: Vec<&'static str> = c.flags.iter().map(|f| f.explanation()).collect();
            let website = match (c.link(), &c.website) {
                (Some(url), _) => view! {
                    <a href=url.to_string() target="_blank" rel="noopener noreferrer">{url.to_string()}</a>
                }
                .into_any(),
                (None, Some(text)) => view! {
                    <span>{text.clone()}" "<em>"(not a usable address)"</em></span>
                }
                .into_any(),
                (None, None) => view! { <span>"None given"</span> }.into_any(),
            };
            let name = if c.name.is_empty() {
                "Unnamed cluster".to_string()
            } else {
                c.name.clone()
            };
            Some(view! {
                <div class="detail-head">
                    <h2 node_ref=heading tabindex="-1" id="detail-heading">{name}</h2>
                    <button type="button" class="close" on:click={
                        let close = close.clone();
                        move |_| close()
                    } aria-label="Close the detail">"×"</button>
                </div>
                <dl>
                    <dt>"Country"</dt>
                    <dd><a href=country_href>{country}</a>" ("{c.country.clone()}")"</dd>
                    <dt>"Sector"</dt>
                    <dd>{c.sector.clone()}</dd>
                    <dt>"Website"</dt>
                    <dd>{website}</dd>
                    <dt>"Label"</dt>
                    <dd>{format!("ECEI {}", c.label.title())}</dd>
                    <dt>"Valid until"</dt>
                    <dd>{dates::long(deadlines.valid_until)}</dd>
                    <dt>"Renewable until"</dt>
                    <dd>{dates::long(deadlines.renewable_until)}</dd>
                    <dt>"If renewed, valid until"</dt>
                    <dd>{dates::long(deadlines.renewed_until)}</dd>
                    <dt>{format!("Status on {}", dates::long(on))}</dt>
                    <dd>{status_badge(status, badge_text(c.valid_until, on))}" "{relative_phrase(c.valid_until, on)}</dd>
                    <dt>"Record id"</dt>
                    <dd><code>{c.id.clone()}</code></dd>
                </dl>
                {(!flags.is_empty()).then(|| view! {
                    <h3>"Data notes"</h3>
                    <ul class="flags" data-testid="flags">
                        {flags.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
                    </ul>
                })}
            })
        }
    };

    view! {
        <Show when=move || open_row.get().is_some()>
            <div
                class="detail"
                role="dialog"
                aria-modal="false"
                aria-labelledby="detail-heading"
                data-testid="detail"
                on:keydown=close_on_escape.clone()
            >
                {
                    let body = body.clone();
                    reactive(move || body().into_any())
                }
            </div>
        </Show>
    }
}

/// The element with the focus, unless it is the page itself.
fn focused() -> Option<web_sys::HtmlElement> {
    let active = document().active_element()?;
    let body = document().body();
    if body.is_some_and(|b| b.is_same_node(Some(&active))) {
        return None;
    }
    active.dyn_into().ok()
}

/// Focuses `opener`, or, when there is none or it has left the page (a new page of rows), the
/// link of the cluster's row, or else the results.
fn restore_focus(opener: Option<web_sys::HtmlElement>, id: &str) {
    if let Some(opener) = opener.filter(|e| e.is_connected()) {
        if opener.focus().is_ok() {
            return;
        }
    }
    let row_link = document()
        .query_selector(&format!("tr[data-cluster-id=\"{}\"] th a", css_string(id)))
        .ok()
        .flatten()
        .or_else(|| document().get_element_by_id("results"));
    if let Some(element) = row_link.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// `text` escaped for a double-quoted CSS string: ids come from the dataset.
fn css_string(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}
