//! Component tests in headless Chromium (`cargo test --target wasm32-unknown-unknown --test web`):
//! mount the atlas on a small dataset, act as a person would, read the DOM.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use atlas_core::catalog::Catalog;
use atlas_core::load::LoadedDataset;
use atlas_core::map::MapAsset;
use ecei_atlas::{App, Atlas};
use leptos::prelude::*;
use leptos_router::components::Router;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const DATA: &str = r#"{"clusters":[
{"id":"es-aera","name":"AERA - Cluster Aeronautico Aragonés","country":"ES","sector":"Aviation and space","website":null,"website_ok":false,"valid_until":"2018-09-06","label":"bronze","flags":[]},
{"id":"es-alia","name":"ALIA - Clúster Logístico de Aragón","country":"ES","sector":"Transportation and mobility","website":"https://www.alia.es","website_ok":true,"valid_until":"2016-06-01","label":"bronze","flags":[]},
{"id":"fr-pole","name":"Pôle Mer PACA","country":"FR","sector":"Maritime technologies, water resources","website":"javascript:alert(1)","website_ok":true,"valid_until":"2014-02-10","label":"bronze","flags":[]},
{"id":"fr-evil","name":"<img src=x onerror=\"window.__pwned=1\">","country":"FR","sector":"ICT","website":null,"website_ok":false,"valid_until":"2015-01-01","label":"bronze","flags":[]},
{"id":"it-unnamed","name":"","country":"IT","sector":"Food industry","website":null,"website_ok":false,"valid_until":"2017-02-04","label":"bronze","flags":["name-missing","shared-line"]},
{"id":"it-bau","name":"Cluster Bau","country":"IT","sector":"Construction","website":null,"website_ok":false,"valid_until":"2016-08-28","label":"bronze","flags":[]}
],"countries":[{"code":"ES","name":"Spain","count":2},{"code":"FR","name":"France","count":2},{"code":"IT","name":"Italy","count":2}],"sectors":[]}"#;

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A mounted app and the element it is mounted in; dropping it unmounts the app and removes
/// the element, so that no test sees another's page.
struct Mounted {
    host: web_sys::Element,
    /// Leptos' unmount handle: dropping it unmounts.
    handle: Option<Box<dyn std::any::Any>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        drop(self.handle.take());
        self.host.remove();
    }
}

impl std::ops::Deref for Mounted {
    type Target = web_sys::Element;

    fn deref(&self) -> &web_sys::Element {
        &self.host
    }
}

/// A fresh element at the end of the page, with `app` mounted in it.
fn mount_app(app: impl FnOnce() -> AnyView + 'static) -> Mounted {
    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone().unchecked_into(), app);
    Mounted {
        host,
        handle: Some(Box::new(handle)),
    }
}

/// Puts the test page's URL back to `query`, then mounts the atlas on the test dataset.
fn mount(query: &str) -> Mounted {
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query}")),
        )
        .unwrap();
    let catalog = Arc::new(Catalog::new(LoadedDataset::from_json(DATA).unwrap()));
    mount_app(move || {
        let map = Signal::stored(Some(Err::<Arc<MapAsset>, String>(
            "No map in this test.".into(),
        )));
        view! { <Router><Atlas catalog=catalog.clone() map=map today=ecei_atlas::today() /></Router> }
            .into_any()
    })
}

/// The text under each range of the page's search highlight (`::highlight(atlas-hit)`).
fn painted_hits() -> Vec<String> {
    let hits = js_sys::Function::new_no_args(
        "return [...(CSS.highlights.get('atlas-hit') ?? [])]\
            .map(r => r.startContainer.data.slice(r.startOffset, r.endOffset))",
    );
    let hits = hits.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    js_sys::Array::from(&hits)
        .iter()
        .filter_map(|hit| hit.as_string())
        .collect()
}

fn text(host: &web_sys::Element, selector: &str) -> String {
    host.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn count(host: &web_sys::Element, selector: &str) -> u32 {
    host.query_selector_all(selector).unwrap().length()
}

fn row_ids(host: &web_sys::Element) -> Vec<String> {
    let rows = host.query_selector_all("tr[data-cluster-id]").unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .filter_map(|e| e.get_attribute("data-cluster-id"))
        .collect()
}

/// Clicks the element `css` selects, as a person would.
fn click(host: &web_sys::Element, css: &str) {
    let element: HtmlElement = host.query_selector(css).unwrap().unwrap().unchecked_into();
    element.click();
}

/// Entries in this tab's history: Back steps.
fn history_length() -> u32 {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .length()
        .unwrap()
}

/// Types `text` into the search box, as one input event.
fn type_search(host: &web_sys::Element, text: &str) -> HtmlInputElement {
    let input: HtmlInputElement = host
        .query_selector("#search")
        .unwrap()
        .unwrap()
        .unchecked_into();
    input.set_value(text);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    input
}

async fn settle() {
    leptos::task::tick().await;
}

fn search_query() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

#[wasm_bindgen_test]
async fn shows_every_record_sorted_by_name() {
    let host = mount("");
    settle().await;
    assert!(text(&host, "[data-testid=result-count]").contains("6 clusters"));
    // Leading punctuation is ignored and a record without a name sorts last.
    assert_eq!(
        row_ids(&host),
        [
            "es-aera",
            "es-alia",
            "it-bau",
            "fr-evil",
            "fr-pole",
            "it-unnamed"
        ]
    );
}

#[wasm_bindgen_test]
async fn typing_filters_and_highlights_and_writes_the_url() {
    let host = mount("");
    settle().await;
    type_search(&host, "aragon");
    settle().await;
    assert!(text(&host, "[data-testid=result-count]").contains("2 of 6"));
    assert_eq!(row_ids(&host), ["es-aera", "es-alia"]);
    let marks: Vec<String> = painted_hits();
    assert_eq!(marks, ["Aragon", "Aragón"]);
    // The URL follows once typing pauses, replacing the history entry rather than adding one.
    assert_eq!(
        search_query(),
        "",
        "the URL is not written on every keystroke"
    );
    let history = history_length();
    wait_until("the URL to follow the pause", || {
        search_query() == "?q=aragon"
    })
    .await;
    assert_eq!(history_length(), history);
}

#[wasm_bindgen_test]
async fn a_filter_clicked_while_typing_keeps_both_and_both_history_steps() {
    let host = mount("");
    settle().await;
    let before = history_length();
    let pauses = typing_pauses();
    type_search(&host, "a");
    settle().await;
    click(&host, "#sector-construction");
    settle().await;
    assert_eq!(row_ids(&host), ["it-bau"]);
    // The typing's own URL write comes later, once typing has paused: it must not undo the click.
    wait_until("the typing pause", || typing_pauses() > pauses).await;
    settle().await;
    assert_eq!(row_ids(&host), ["it-bau"], "the click is not undone");
    assert_eq!(search_query(), "?sector=construction&q=a");
    // The typed text replaced the entry it was typed on; the click pushed one.
    assert_eq!(history_length(), before + 1);
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .back()
        .unwrap();
    wait_until("Back to the typed view", || search_query() == "?q=a").await;
    settle().await;
    // Every record holds an "a" somewhere (France, Spain, Italy): without the sector, all six.
    assert_eq!(row_ids(&host).len(), 6);
}

#[wasm_bindgen_test]
async fn enter_writes_the_typed_search_to_the_url_at_once() {
    let host = mount("");
    settle().await;
    let input = type_search(&host, "bau");
    settle().await;
    assert_eq!(row_ids(&host), ["it-bau"]);
    let enter = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &{
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Enter");
        init
    })
    .unwrap();
    input.dispatch_event(&enter).unwrap();
    settle().await;
    assert_eq!(search_query(), "?q=bau");
}

#[wasm_bindgen_test]
async fn a_url_restores_the_view() {
    let host = mount("?country=ES,IT&sort=-valid_until");
    settle().await;
    assert_eq!(
        row_ids(&host),
        ["es-aera", "it-unnamed", "it-bau", "es-alia"]
    );
    let th = host
        .query_selector("th[aria-sort=descending] button")
        .unwrap()
        .unwrap();
    assert_eq!(
        th.get_attribute("data-sort").as_deref(),
        Some("valid_until")
    );
    assert_eq!(count(&host, ".chips .chip"), 2);
}

#[wasm_bindgen_test]
async fn a_sector_checkbox_filters_and_shows_a_chip() {
    let host = mount("");
    settle().await;
    click(&host, "#sector-construction");
    settle().await;
    assert_eq!(row_ids(&host), ["it-bau"]);
    // The URL is written once the frame with the new results is painted, as a history step;
    // the chips follow in the same step.
    let history = history_length();
    assert_eq!(
        count(&host, ".chips"),
        0,
        "the chips come after the results"
    );
    after_the_frame().await;
    assert!(text(&host, ".chips").contains("Sector: Construction"));
    assert_eq!(search_query(), "?sector=construction");
    assert_eq!(history_length(), history + 1);
}

/// The rows are drawn by hand and redrawn part by part (`app/rows.rs`): after any sequence of
/// searches, the table must be exactly what a fresh page for the last search draws. The
/// searches move records with a link, an unusable address, no address, a flag and no name
/// through the same rows.
#[wasm_bindgen_test]
async fn redrawn_rows_are_the_rows_a_fresh_page_draws() {
    let searches = ["po", "", "cluster", "a", "img", ""];
    let host = mount("");
    settle().await;
    let mut redrawn = Vec::new();
    for q in searches {
        type_search(&host, q);
        settle().await;
        redrawn.push(host.query_selector("tbody").unwrap().unwrap().inner_html());
    }
    drop(host);
    for (q, redrawn) in searches.iter().zip(redrawn) {
        let fresh = mount(
            if q.is_empty() {
                String::new()
            } else {
                format!("?q={q}")
            }
            .as_str(),
        );
        settle().await;
        let drawn = fresh.query_selector("tbody").unwrap().unwrap().inner_html();
        assert!(drawn.contains("<tr"), "{q:?}: some rows");
        assert_eq!(redrawn, drawn, "{q:?}");
    }
}

#[wasm_bindgen_test]
async fn status_follows_the_as_of_date() {
    let host = mount("?asof=2016-12-01&status=valid,renewable");
    settle().await;
    assert_eq!(
        row_ids(&host),
        ["es-aera", "es-alia", "it-bau", "it-unnamed"]
    );
    assert!(text(&host, "tr[data-cluster-id=es-alia]").contains("Renewable"));
    assert!(text(&host, "tr[data-cluster-id=es-aera]").contains("Valid for 1 more year"));
    drop(host);
    // Before its assumed start (two years before it ends) a label is not yet awarded.
    let host = mount("?asof=2016-07-01&status=upcoming");
    settle().await;
    assert_eq!(row_ids(&host), ["es-aera"]);
    assert!(text(&host, "tr[data-cluster-id=es-aera]").contains("Not yet labelled"));
}

/// The one sentence on where the label stands, and no calendar for deadlines long past.
#[wasm_bindgen_test]
async fn the_detail_says_where_the_label_stands_in_a_sentence() {
    let host = mount("?cluster=es-alia&asof=2016-12-01");
    settle().await;
    let standing = text(&host, "[data-testid=standing]");
    assert!(standing.contains("Status on 1 December 2016"), "{standing}");
    assert!(
        standing.contains("Renewable for 6 more months"),
        "{standing}"
    );
    assert!(
        standing.contains("Can be renewed until 1 June 2017."),
        "{standing}"
    );
    // Today is years after the fixture's dates: nothing to put in a calendar.
    assert_eq!(count(&host, "[data-testid=detail-calendar]"), 0);
    assert!(text(&host, "[data-testid=no-deadline-ahead]").contains("1 June 2017"));
    // The URL this view writes after its frame is written before the next test's page.
    after_the_frame().await;
}

/// The element with the focus.
fn active() -> web_sys::Element {
    document()
        .active_element()
        .expect("an element with the focus")
}

/// Whether the element `css` selects in `host` has the focus.
fn active_is(host: &web_sys::Element, css: &str) -> bool {
    host.query_selector(css)
        .unwrap()
        .is_some_and(|e| e.is_same_node(Some(&active())))
}

/// Presses `key` (with Shift or not) on the focused element: one keydown that bubbles. Whether
/// the page took it (prevented the browser's own move).
fn press(key: &str, shift: bool) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    !active().dispatch_event(&event).unwrap()
}

/// Keyboard users stay in the open detail: Tab and Shift+Tab wrap inside it, Escape closes it
/// from any of its controls, and the focus goes back to the row it was opened from.
#[wasm_bindgen_test]
async fn the_detail_holds_the_focus_and_gives_it_back_to_its_row() {
    let host = mount("");
    settle().await;
    let link = "tr[data-cluster-id=it-bau] th a";
    let row_link: HtmlElement = host.query_selector(link).unwrap().unwrap().unchecked_into();
    row_link.focus().unwrap();
    // What the link's click does, as Back and Forward do it: the routers of earlier tests' pages
    // still take link clicks in this page.
    let href = row_link.get_attribute("href").unwrap();
    let window = web_sys::window().unwrap();
    window
        .history()
        .unwrap()
        .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
        .unwrap();
    window
        .dispatch_event(&web_sys::Event::new("popstate").unwrap())
        .unwrap();
    wait_for(&host, "[data-testid=detail]").await;
    wait_until("the focus on the heading", || {
        active_is(&host, "#detail-heading")
    })
    .await;
    let controls = host
        .query_selector_all("[data-testid=detail] a[href], [data-testid=detail] button")
        .unwrap();
    assert!(controls.length() >= 2, "× and the country");
    let first: web_sys::Element = controls.item(0).unwrap().unchecked_into();
    let last: web_sys::Element = controls
        .item(controls.length() - 1)
        .unwrap()
        .unchecked_into();
    // Shift+Tab from the heading: to the last control, not out of the panel.
    assert!(press("Tab", true), "Shift+Tab from the heading is taken");
    assert!(last.is_same_node(Some(&active())));
    // Tab from the last: to the first.
    assert!(press("Tab", false), "Tab from the last control is taken");
    assert!(first.is_same_node(Some(&active())));
    // Within the panel, Tab is the browser's own.
    assert!(
        !press("Tab", false),
        "Tab from the first control is left alone"
    );
    // Escape from a control inside the panel closes it.
    last.unchecked_ref::<HtmlElement>().focus().unwrap();
    assert!(press("Escape", false));
    wait_until("the detail closed", || {
        host.query_selector("[data-testid=detail]")
            .unwrap()
            .is_none()
    })
    .await;
    wait_until("the focus back on the row", || active_is(&host, link)).await;
}

/// A column with one value for the whole view is said once above the table and hidden.
#[wasm_bindgen_test]
async fn a_column_with_one_value_for_the_view_is_said_once() {
    fn table_class(host: &web_sys::Element) -> String {
        host.query_selector("table.clusters")
            .unwrap()
            .and_then(|t| t.get_attribute("class"))
            .unwrap_or_default()
    }
    let host = mount("");
    settle().await;
    assert_eq!(table_class(&host), "clusters same-level");
    assert_eq!(
        text(&host, "[data-testid=shared-values]"),
        "All Bronze labels."
    );
    drop(host);
    let host = mount("?country=IT");
    settle().await;
    assert_eq!(
        table_class(&host),
        "clusters same-country same-website same-level"
    );
    assert_eq!(
        text(&host, "[data-testid=shared-values]"),
        "All in Italy. All Bronze labels. None gives a website."
    );
    // The cells stay, with their values: only the style sheet hides them.
    assert_eq!(count(&host, "tr[data-cluster-id] td.country"), 2);
    drop(host);
    // One row: nothing is "all".
    let host = mount("?q=aera");
    settle().await;
    assert_eq!(table_class(&host), "clusters");
    assert_eq!(count(&host, "[data-testid=shared-values]"), 0);
}

/// "About the labels" opens a modal dialog with the focus in it; Close closes it and the focus
/// goes back to the button.
#[wasm_bindgen_test]
async fn about_the_labels_opens_and_closes_with_the_focus_following() {
    let host = mount("");
    settle().await;
    let button: HtmlElement = host
        .query_selector("[data-testid=about-button]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let dialog: web_sys::HtmlDialogElement = host
        .query_selector("[data-testid=about]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(!dialog.open());
    button.focus().unwrap();
    button.click();
    assert!(dialog.open());
    assert!(dialog.contains(Some(&active())), "the focus in the dialog");
    assert!(dialog
        .text_content()
        .unwrap_or_default()
        .contains("two years before"));
    let close: HtmlElement = dialog
        .query_selector(".about-head button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    close.click();
    assert!(!dialog.open());
    wait_until("the focus back on the button", || {
        button.is_same_node(Some(&active()))
    })
    .await;
}

#[wasm_bindgen_test]
async fn no_results_offer_a_suggestion() {
    let host = mount("?q=aragom");
    settle().await;
    assert!(text(&host, "[data-testid=result-count]").contains("0 of 6"));
    let suggestion = text(&host, "[data-testid=suggestion]");
    assert!(suggestion.contains("aragon"), "{suggestion}");
}

/// Waits until the element `css` is in `host` (at most two seconds).
async fn wait_for(host: &web_sys::Element, css: &str) {
    wait_until(css, || host.query_selector(css).unwrap().is_some()).await;
}

/// Polls `condition` every 20 ms until it holds; fails, saying `what`, after two seconds.
async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..100 {
        if condition() {
            return;
        }
        poll_pause().await;
    }
    panic!("timed out waiting for {what}");
}

/// How often the app has seen typing pause (its User Timing mark `atlas:typing-paused`).
fn typing_pauses() -> u32 {
    web_sys::window()
        .unwrap()
        .performance()
        .unwrap()
        .get_entries_by_name("atlas:typing-paused")
        .length()
}

#[wasm_bindgen_test]
async fn the_request_boot_js_sent_is_taken_once() {
    // What boot.js leaves when its request for the dataset failed.
    let failed = js_sys::Promise::reject(&js_sys::TypeError::new("Failed to fetch").into());
    let ignore = Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(|_| {});
    let _ = failed.catch(&ignore);
    let window = web_sys::window().unwrap();
    let key = wasm_bindgen::JsValue::from_str("atlasDataset");
    js_sys::Reflect::set(&window, &key, &failed).unwrap();

    let host = mount_app(|| view! { <App /> }.into_any());
    wait_for(&host, "[data-testid=load-error] button").await;
    let error = text(&host, "[data-testid=load-error]");
    assert!(
        error.contains("could not be downloaded (TypeError: Failed to fetch)"),
        "{error}"
    );
    assert!(js_sys::Reflect::get(&window, &key).unwrap().is_undefined());

    // Retry asks anew, with gloo-net: the test runner serves no dataset, so a 404.
    click(&host, "[data-testid=load-error] button");
    let error = || {
        let shown = host.query_selector("[data-testid=load-error]").unwrap();
        shown.and_then(|e| e.text_content()).unwrap_or_default()
    };
    wait_until("the retry's 404", || error().contains("answered 404")).await;
}

/// Waits until the next frame has been painted (what the app waits for to write the URL).
async fn after_the_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().unwrap();
        let later = Closure::once_into_js(move || {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .unwrap();
        });
        window
            .request_animation_frame(later.unchecked_ref())
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    settle().await;
}

/// The pause between two polls of `wait_until`.
async fn poll_pause() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}
