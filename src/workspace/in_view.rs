//! Every action's answer in view. The main column starts right under the header, so the answer
//! to a search, a filter, a sort, a page or a tab is in view unless the page has been scrolled
//! down the list: then the new view brings the top of the column back under the header. A
//! detail opens beside the list and moves nothing. The skip links move the focus, not only the
//! scroll position.

// The prerender draws the page and runs no handler: it has no scrolling or focus to follow.
#![cfg_attr(not(feature = "browser"), allow(dead_code, unused_imports))]

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

#[cfg(feature = "browser")]
use crate::state::AtlasState;

/// Follows the view: a new one scrolls the main column's top back into view if it was left.
/// The check waits for the frame's own layout (an animation frame callback runs just before it),
/// so that a keystroke pays no layout of its own for it.
#[cfg(feature = "browser")]
pub fn keep_answers_in_view(state: &AtlasState) {
    follow_skip_links();
    let shown = state.without_cluster;
    Effect::new(move |first: Option<()>| {
        shown.track();
        if first.is_some() {
            request_animation_frame(|| {
                if column_top_hidden() {
                    if let Some(column) = element("main-column") {
                        column.scroll_into_view();
                    }
                }
            });
        }
    });
}

/// The results' top in view and the focus on them: after the sheet gives way to them.
pub fn show_results() {
    let Some(column) = element("main-column") else {
        return;
    };
    if column_top_hidden() || column.get_bounding_client_rect().top() > viewport_height() / 2.0 {
        column.scroll_into_view();
    }
    if let Some(results) = element("results").or(Some(column)) {
        focus_without_scroll(&results);
    }
}

/// The skip links move the focus, so that the next Tab goes on from there: "Skip to the
/// results" onto the first result (the results themselves when there is none), "Skip to the
/// filters" onto the filters, opening the sheet they are in on a narrow screen.
#[cfg(feature = "browser")]
fn follow_skip_links() {
    use wasm_bindgen::closure::Closure;
    let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|ev: web_sys::MouseEvent| {
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a.skip-link").ok().flatten())
        else {
            return;
        };
        ev.prevent_default();
        ev.stop_propagation();
        let target = match link.get_attribute("href").as_deref() {
            Some("#filters") => {
                open_sheet();
                element("filters")
            }
            _ => first_result()
                .or_else(|| element("results"))
                .or_else(|| element("main-column")),
        };
        if let Some(target) = target {
            let _ = target.focus();
        }
    });
    let _ = document().add_event_listener_with_callback_and_bool(
        "click",
        on_click.as_ref().unchecked_ref(),
        true,
    );
    // The listener lives as long as the page.
    on_click.forget();
}

/// On a narrow screen the filters are in a sheet: open it (its button knows how).
fn open_sheet() {
    let toggle = document()
        .query_selector(".explore-toggle[aria-expanded=\"false\"]")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    if let Some(toggle) = toggle.filter(|t| t.offset_parent().is_some()) {
        toggle.click();
    }
}

fn first_result() -> Option<HtmlElement> {
    document()
        .query_selector("#results tbody a")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
}

/// Whether the main column's top is hidden above the header's bottom (the header stays on a
/// wide screen).
fn column_top_hidden() -> bool {
    let Some(column) = element("main-column") else {
        return false;
    };
    let header_bottom = document()
        .query_selector(".site-header")
        .ok()
        .flatten()
        .map(|h| h.get_bounding_client_rect().bottom())
        .unwrap_or(0.0)
        .max(0.0);
    column.get_bounding_client_rect().top() < header_bottom - 1.0
}

fn viewport_height() -> f64 {
    window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0)
}

fn element(id: &str) -> Option<HtmlElement> {
    document()
        .get_element_by_id(id)
        .and_then(|e| e.dyn_into().ok())
}

/// Focuses `element` where it is, without scrolling to it.
pub fn focus_without_scroll(element: &HtmlElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = element.focus_with_options(&options);
}

/// Keeps Tab inside `panel`: from its last control Tab goes to its first, and Shift+Tab from
/// its first (or from its heading) to its last.
pub fn keep_tab_inside(panel: &HtmlElement, ev: &web_sys::KeyboardEvent) {
    let Ok(found) = panel.query_selector_all("a[href], button:not([disabled]), input, select")
    else {
        return;
    };
    let controls: Vec<HtmlElement> = (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into().ok())
        .collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return;
    };
    let active = document().active_element();
    let is = |e: &HtmlElement| active.as_ref().is_some_and(|a| a.is_same_node(Some(e)));
    let on_a_control = controls.iter().any(is);
    let next = if ev.shift_key() {
        (is(first) || !on_a_control).then_some(last)
    } else {
        is(last).then_some(first)
    };
    if let Some(next) = next {
        ev.prevent_default();
        focus_without_scroll(next);
    }
}
