//! The detail panel of one cluster (`?cluster=<id>`): every field, where its label stands on the
//! as-of date in one sentence, its deadlines still ahead as a calendar file, the data notes in
//! words, and a link to its country.
//!
//! While it is open it holds the keyboard: the focus lands on its heading (without scrolling
//! the page), Tab and Shift+Tab wrap inside it, Escape closes it from anywhere in it, and
//! closing puts the focus back on the row it was opened from. Where the panel sits on the page
//! is the layout's business (the style sheet), not this module's.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::download::{detail_link, now_utc, save_text};
use crate::reactive::reactive;
use crate::results::status_badge;
use crate::state::{use_atlas, AtlasState};
use crate::workspace::{focus_without_scroll, keep_tab_inside};
use atlas_core::dates;
use atlas_core::ics;
use atlas_core::label::{status_phrase, status_sentence, Deadlines, LabelStatus};
use atlas_core::view::ViewState;

#[component]
pub fn Detail() -> impl IntoView {
    let state = use_atlas();
    // The panel follows the open cluster only: a keystroke that leaves it open costs it nothing.
    let open_row = {
        let catalog = state.catalog.clone();
        let open = state.open_cluster;
        Memo::new(move |_| open.with(|id| id.as_deref().and_then(|id| catalog.find(id))))
    };
    follow_focus(open_row, state.catalog.clone());
    let close = {
        let state = state.clone();
        move || {
            state.push(|v| ViewState {
                cluster: None,
                ..v.clone()
            })
        }
    };
    let on_keydown = {
        let close = close.clone();
        move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                close();
            }
            "Tab" => {
                if let Some(panel) = element_by_id("detail") {
                    keep_tab_inside(&panel, &ev);
                }
            }
            _ => {}
        }
    };

    view! {
        <Show when=move || open_row.get().is_some()>
            <div
                class="detail"
                id="detail"
                role="dialog"
                aria-modal="false"
                aria-labelledby="detail-heading"
                data-testid="detail"
                on:keydown=on_keydown.clone()
            >
                {
                    let (state, close) = (state.clone(), close.clone());
                    reactive(move || match open_row.get() {
                        Some(row) => detail_body(&state, row, close.clone()).into_any(),
                        None => ().into_any(),
                    })
                }
            </div>
        </Show>
    }
}

/// Moves the focus into the panel when it opens or shows another cluster, and back to the
/// cluster's row when it closes, so that keyboard and screen reader users land where they were.
fn follow_focus(
    open_row: Memo<Option<u32>>,
    catalog: std::sync::Arc<atlas_core::catalog::Catalog>,
) {
    // The element that had the focus when the panel opened (none when it opened with the page).
    let opener = StoredValue::new_local(None::<HtmlElement>);
    Effect::new(move |was_open: Option<Option<u32>>| {
        let now = open_row.get();
        match (was_open.flatten(), now) {
            (before, Some(row)) if before != Some(row) => {
                // Another row clicked while the panel is open becomes the one to return to.
                let outside = focused().filter(|e| {
                    element_by_id("detail").is_none_or(|p| !p.contains(Some(e.unchecked_ref())))
                });
                if before.is_none() || outside.is_some() {
                    opener.set_value(outside);
                }
                if let Some(heading) = element_by_id("detail-heading") {
                    focus_without_scroll(&heading);
                }
            }
            (Some(row), None) => {
                restore_focus(opener.get_value(), &catalog.cluster(row).id);
                opener.set_value(None);
            }
            _ => {}
        }
        now
    });
}

/// The panel's content for the record at `row`.
fn detail_body(state: &AtlasState, row: u32, close: impl Fn() + Clone + 'static) -> impl IntoView {
    let c = state.catalog.cluster(row).clone();
    let on = state.asof.get();
    let status = LabelStatus::on(c.valid_until, on);
    let deadlines = Deadlines::of(c.valid_until);
    let country = state.catalog.country_name(&c.country).to_string();
    let late_view = state.late_view;
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
            <a class="url" href=url.to_string() target="_blank" rel="noopener noreferrer">{url.to_string()}</a>
        }
        .into_any(),
        (None, Some(text)) => view! {
            <span class="url">{text.clone()}</span>" "<em>"(not a usable address)"</em>
        }
        .into_any(),
        (None, None) => view! { <span>"None given"</span> }.into_any(),
    };
    let name = if c.name.is_empty() {
        "Unnamed cluster".to_string()
    } else {
        c.name.clone()
    };
    view! {
        <div class="detail-head">
            <h2 tabindex="-1" id="detail-heading">{name}</h2>
            <button type="button" class="close" on:click=move |_| close() aria-label="Close the detail">"×"</button>
        </div>
        <div class="standing" data-testid="standing">
            <p class="standing-date">{format!("Status on {}", dates::long(on))}</p>
            <p>{status_badge(status, status_phrase(c.valid_until, on))}</p>
            <p>{status_sentence(c.valid_until, on)}</p>
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
            <dt>"Record id"</dt>
            <dd><code class="url">{c.id.clone()}</code></dd>
        </dl>
        <CalendarOffer row />
        {(!flags.is_empty()).then(|| view! {
            <h3>"† Data notes"</h3>
            <ul class="flags" data-testid="flags">
                {flags.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
            </ul>
        })}
    }
}

/// "Add to calendar" for the deadlines of the record at `row` still ahead of today (the real
/// today, not the as-of date: a calendar is for what is to come), or a sentence when both
/// have passed.
#[component]
fn CalendarOffer(row: u32) -> impl IntoView {
    let state = use_atlas();
    let today = state.today.get_untracked();
    let c = state.catalog.cluster(row);
    let ahead = ics::deadlines_ahead(c.valid_until, today);
    let (said, set_said) = signal(String::new());
    if ahead.is_empty() {
        let last = Deadlines::of(c.valid_until).renewable_until;
        return view! {
            <p class="calendar" data-testid="no-deadline-ahead">
                {format!(
                    "No deadline of this label is ahead: the last day to renew it was {}.",
                    dates::long(last),
                )}
            </p>
        }
        .into_any();
    }
    let save = move |_| {
        let catalog = &state.catalog;
        let id = catalog.cluster(row).id.clone();
        let stamp = now_utc();
        let Some(text) = ics::cluster_ics(catalog, row, &detail_link, stamp, today) else {
            return;
        };
        let name = ics::cluster_file_name(&id);
        set_said.set(
            match save_text(&text, "text/calendar;charset=utf-8", &name) {
                Ok(()) => format!("Saved as {name}."),
                Err(()) => "This browser did not allow the download.".to_string(),
            },
        );
    };
    view! {
        <p class="calendar">
            <button type="button" on:click=save data-testid="detail-calendar">
                "Add to calendar (.ics)"
            </button>
            " "
            <span role="status">{move || said.get()}</span>
        </p>
    }
    .into_any()
}

/// The element with the focus, unless it is the page itself.
fn focused() -> Option<HtmlElement> {
    let active = document().active_element()?;
    let body = document().body();
    if body.is_some_and(|b| b.is_same_node(Some(&active))) {
        return None;
    }
    active.dyn_into().ok()
}

/// Focuses the link of the cluster's row, or, when the page shows no such row, `opener` if it
/// is still on the page, or else the results. The row comes first: the rows are drawn by hand
/// and reused, so the element that opened the panel may show another cluster by now.
fn restore_focus(opener: Option<HtmlElement>, id: &str) {
    let row_link = document()
        .query_selector(&format!("tr[data-cluster-id=\"{}\"] th a", css_string(id)))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    let target = row_link
        .or_else(|| opener.filter(|e| e.is_connected()))
        .or_else(|| {
            document()
                .get_element_by_id("results")
                .and_then(|e| e.dyn_into().ok())
        });
    if let Some(element) = target {
        let _ = element.focus();
    }
}

/// `text` escaped for a double-quoted CSS string: ids come from the dataset.
fn css_string(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn element_by_id(id: &str) -> Option<HtmlElement> {
    document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into().ok())
}
