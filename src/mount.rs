//! Putting the app on the page.
//!
//! A release build's `index.html` arrives with the default view already in it, rendered at build
//! time by the same components (`src/bin/prerender.rs`). The app is then built beside it, out of
//! sight, and takes its place a region at a time (`stage.rs`): each region renders in one task
//! and replaces its prerendered twin in the next frame, before the paint, so that nothing visible
//! moves and no task blocks the page for long. A link to another view than the default one gets
//! its regions the same way (boot.js has hidden the stale view meanwhile). A page without a
//! prerendered view (`make serve`) gets the app in place at once.

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

use crate::stage::{Part, Stage};
use crate::App;

/// A prerendered page being taken over.
struct Takeover {
    /// The prerendered page's `#atlas`, in the document.
    page: Element,
    /// The app's own `#atlas`, not in the document.
    root: Element,
    stage: RwSignal<u8>,
}

thread_local! {
    static TAKEOVER: RefCell<Option<Takeover>> = const { RefCell::new(None) };
}

/// Mounts the app into `#atlas`.
pub fn mount() {
    let Some(page) = document().get_element_by_id("atlas") else {
        leptos::mount::mount_to_body(|| view! { <App ready=mark_ready /> });
        return;
    };
    let Ok(page_html) = page.clone().dyn_into::<HtmlElement>() else {
        return;
    };
    if page.first_element_child().is_none() {
        leptos::mount::mount_to(page_html, || view! { <App ready=mark_ready /> }).forget();
        return;
    }
    let Some(root) = document()
        .create_element("div")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    root.set_id("atlas");
    root.set_class_name(&page.class_name());
    let stage = RwSignal::new(0);
    TAKEOVER.with(|t| {
        *t.borrow_mut() = Some(Takeover {
            page,
            root: root.clone().into(),
            stage,
        })
    });
    // In a task of its own: the wasm's start has had one already.
    set_timeout(
        move || {
            leptos::mount::mount_to(root, move || {
                provide_context(Stage(stage));
                view! { <App ready=take_over /> }
            })
            .forget();
        },
        Duration::ZERO,
    );
}

/// Whether the prerendered page's map and filters panel is open (its button works before the
/// app does): the app starts it the same way. False when there is no prerendered page.
pub fn prerendered_explore_open() -> bool {
    TAKEOVER.with(|t| {
        t.borrow().as_ref().is_some_and(|t| {
            t.page
                .query_selector("#explore.open")
                .ok()
                .flatten()
                .is_some()
        })
    })
}

/// The app is loaded: its regions, still empty, wait in its root. Hands them over one by one; if
/// the page has not the same regions (the app could not start, or the HTML is of another build),
/// the app's whole root takes the page's place at once.
fn take_over() {
    let Some(takeover) = TAKEOVER.with(|t| t.borrow_mut().take()) else {
        return;
    };
    let same_regions = Part::ALL.iter().all(|part| {
        let count = |root: &Element| regions(root, part.region()).len();
        count(&takeover.root) > 0 && count(&takeover.root) == count(&takeover.page)
    });
    if !same_regions {
        takeover.stage.set(u8::MAX);
        request_animation_frame(move || {
            if takeover
                .page
                .replace_with_with_node_1(&takeover.root)
                .is_ok()
            {
                mark_ready();
            }
        });
        return;
    }
    hand_over(takeover, 0);
}

/// Renders the `next` part now; once a region's last part is rendered, hands the region over in
/// the next frame, before its paint. The part after it follows in a task of its own.
fn hand_over(takeover: Takeover, next: usize) {
    let Some(&part) = Part::ALL.get(next) else {
        mark_ready();
        return;
    };
    takeover.stage.set(part as u8);
    let region_done = Part::ALL
        .get(next + 1)
        .is_none_or(|after| after.region() != part.region());
    request_animation_frame(move || {
        if region_done {
            swap(&takeover, part.region());
        }
        set_timeout(move || hand_over(takeover, next + 1), Duration::ZERO);
    });
}

/// Puts the app's elements of `region` in place of the page's, keeping what the visitor did
/// there meanwhile: what they typed in the search box, and where the focus was.
fn swap(takeover: &Takeover, region: &str) {
    let focused = document()
        .active_element()
        .filter(|e| takeover.page.contains(Some(e)))
        .map(|e| e.id())
        .filter(|id| !id.is_empty());
    let typed = search_box(&takeover.page)
        .map(|input| input.value())
        .unwrap_or_default();
    for (live, app) in regions(&takeover.page, region)
        .into_iter()
        .zip(regions(&takeover.root, region))
    {
        let _ = live.replace_with_with_node_1(&app);
    }
    if let Some(input) =
        search_box(&takeover.page).filter(|i| !typed.is_empty() && i.value() != typed)
    {
        input.set_value(&typed);
        if let Ok(event) = web_sys::Event::new("input") {
            let _ = input.dispatch_event(&event);
        }
    }
    if let Some(element) = focused
        .and_then(|id| document().get_element_by_id(&id))
        .filter(|e| takeover.page.contains(Some(e)))
        .and_then(|e| e.dyn_into::<HtmlElement>().ok())
    {
        // The element is where its twin was: moving the page to it would only jump.
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
    }
}

/// The elements of `region` under `root`, in document order.
fn regions(root: &Element, region: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(&format!("[data-region=\"{region}\"]")) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|node| node.dyn_into().ok())
        .collect()
}

/// Says on `<html>` that the app runs the page (`data-app="ready"`, which the tests wait for, and
/// the User Timing mark `atlas:ready`), and shows what boot.js hid when the link asked for
/// another view than the prerendered one.
fn mark_ready() {
    crate::load::mark("atlas:ready");
    if let Some(html) = document().document_element() {
        let _ = html.class_list().remove_1("prerender-stale");
        let _ = html.set_attribute("data-app", "ready");
    }
}

fn search_box(root: &Element) -> Option<HtmlInputElement> {
    root.query_selector("#search")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
}
