//! Where the answer lands: after each thing a person does — type, pick a country on the map or
//! in the index, tick a filter, sort, page, set the date, play, compare, open a detail — what it
//! changed is on screen, on a 1280 × 800 desktop and on a 390 × 844 phone, with the test doing no
//! scrolling of its own; the skip links; an embed no taller than its frame.

use serde_json::{json, Value};
use thirtyfour::prelude::*;

use crate::support::{Browser, Server};

/// Where the element `arguments[0]` is: `"in view"` when its top is on screen and not under the
/// header (which stays on a wide screen), else where it is.
const WHERE: &str = "
    const e = document.querySelector(arguments[0]);
    if (!e || e.getClientRects().length === 0) return 'missing';
    const r = e.getBoundingClientRect();
    const header = document.querySelector('.site-header');
    const stays = header && getComputedStyle(header).position === 'sticky';
    const top = stays ? header.getBoundingClientRect().bottom : 0;
    if (r.top < top - 1) return `above the screen (${Math.round(r.top)} px)`;
    if (r.top > innerHeight - 24) return `below the screen (${Math.round(r.top)} px of ${innerHeight})`;
    return 'in view';";

/// Waits until `css` is in view, naming the action that should have put it there.
async fn answer_in_view(browser: &Browser, action: &str, css: &str) {
    let what = format!("after {action}: {css} in view");
    browser
        .wait_until(&what, async || {
            (browser.js(WHERE, vec![json!(css)]).await == json!("in view")).then_some(())
        })
        .await;
}

/// The first result row: the answer to anything that changes the list.
const FIRST_ROW: &str = "#results tbody tr[data-cluster-id]";

async fn first_row(browser: &Browser) -> String {
    browser
        .js(LIST_STATE, vec![])
        .await
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// What the list shows: its count and its first row.
const LIST_STATE: &str = "const r = document.querySelector('#results tbody tr[data-cluster-id]');
    return document.querySelector('[data-testid=result-count]').textContent + ' | ' + (r ? r.dataset.clusterId : '');";

/// Waits for the list to show something else than `before` (`first_row`), then for its first
/// row to be in view.
async fn list_changed_in_view(browser: &Browser, action: &str, before: &str) {
    browser
        .wait_js(
            &format!("after {action}: the list changed from {before}"),
            &format!("return (() => {{ {LIST_STATE} }})() !== arguments[0];"),
            vec![json!(before)],
        )
        .await;
    answer_in_view(browser, action, FIRST_ROW).await;
}

/// A point inside the map shape of `code` that is on screen, if any; the test never scrolls.
async fn click_on_map(browser: &Browser, code: &str) {
    let point = browser
        .wait_js(
            &format!("a point of {code} on the map, on screen"),
            r#"
            const shape = document.querySelector(`[data-country="${arguments[0]}"]`);
            if (!shape) return null;
            const g = shape.closest('g');
            const r = shape.getBoundingClientRect();
            for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
                const x = Math.round(r.left + r.width * i / 40), y = Math.round(r.top + r.height * j / 40);
                if (x < 2 || y < 2 || x > innerWidth - 2 || y > innerHeight - 2) continue;
                const hit = document.elementFromPoint(x, y);
                if (hit && (hit === shape || g.contains(hit))) return [x, y];
            }
            return null;"#,
            vec![json!(code)],
        )
        .await;
    let (x, y) = (
        point[0].as_i64().unwrap_or(0),
        point[1].as_i64().unwrap_or(0),
    );
    let body = browser
        .driver()
        .find(By::Tag("body"))
        .await
        .expect("a body");
    browser
        .driver()
        .action_chain()
        .move_to_element_with_offset(&body, 0, 0)
        .move_to(x, y)
        .click()
        .perform()
        .await
        .expect("a click on the map");
}

/// How far the window is scrolled: an action that must not move the page leaves it.
async fn scroll_y(browser: &Browser) -> f64 {
    browser
        .js("return scrollY;", vec![])
        .await
        .as_f64()
        .unwrap_or(-1.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_desktop_every_answer_is_in_view() {
    let server = Server::start();
    let browser = Browser::launch_sized(1280, 800).await;
    browser.open(&server.url("/")).await;
    browser.wait_app().await;
    answer_in_view(&browser, "opening the atlas", FIRST_ROW).await;

    let before = first_row(&browser).await;
    browser.click("#search").await;
    browser
        .driver()
        .active_element()
        .await
        .expect("the search box")
        .send_keys("pole")
        .await
        .expect("typing");
    list_changed_in_view(&browser, "typing “pole”", &before).await;

    let before = first_row(&browser).await;
    click_on_map(&browser, "FR").await;
    browser
        .wait_js(
            "France chosen on the map",
            "return location.search.includes('country=FR');",
            vec![],
        )
        .await;
    list_changed_in_view(&browser, "France on the map", &before).await;

    let before = first_row(&browser).await;
    browser.click(".country-index a[href*='country=IT']").await;
    list_changed_in_view(&browser, "Italy in the country index", &before).await;

    browser.click(".clear-all").await;
    browser
        .wait_js(
            "the filters cleared",
            "return location.search === '';",
            vec![],
        )
        .await;
    let before = first_row(&browser).await;
    browser.click("button.sort[data-sort=valid_until]").await;
    list_changed_in_view(&browser, "sorting by date", &before).await;

    // The pager is at the list's foot: reaching it scrolls the page; the next page's first row
    // must then be in view again.
    let before = first_row(&browser).await;
    browser.click(".pager a[rel=next]").await;
    list_changed_in_view(&browser, "the next page", &before).await;

    // The side column scrolls on its own to reach the sectors; the list stays where it was.
    let before = first_row(&browser).await;
    browser
        .click(".filters li:not(.empty) input[name=sector]:not(:checked)")
        .await;
    list_changed_in_view(&browser, "ticking a sector", &before).await;

    browser
        .js(
            "const i = document.getElementById('asof'); i.value = '2016-02-01';
             i.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![],
        )
        .await;
    browser
        .wait_js(
            "the date set",
            "return location.search.includes('asof=2016-02-01');",
            vec![],
        )
        .await;
    answer_in_view(&browser, "setting the date", "[data-testid=asof-line]").await;
    answer_in_view(&browser, "setting the date", FIRST_ROW).await;

    // Compare: the tray answers where the button was pressed; the second country opens the
    // comparison in the main column.
    browser
        .click("button.compare-toggle[data-compare=FR]")
        .await;
    answer_in_view(&browser, "Compare France", "[data-testid=compare-tray]").await;
    browser
        .click("button.compare-toggle[data-compare=IT]")
        .await;
    browser
        .wait_for("[data-tab=compare][aria-current=page]")
        .await;
    answer_in_view(&browser, "Compare Italy", ".compare").await;
    let tray = browser.text("[data-testid=compare-tray]").await;
    assert!(tray.contains("France + Italy"), "the tray: {tray}");

    // A detail opens beside the list and moves nothing.
    browser.click("[data-tab=clusters]").await;
    browser.wait_for(FIRST_ROW).await;
    let y = scroll_y(&browser).await;
    browser.click(&format!("{FIRST_ROW} th a")).await;
    browser.wait_for(".detail h2").await;
    answer_in_view(&browser, "opening a detail", ".detail h2").await;
    assert_eq!(
        scroll_y(&browser).await,
        y,
        "opening a detail scrolled the page"
    );
    browser.assert_no_panic("every answer in view").await;
    browser.quit().await;
}

/// Counts the buttons, menus and inputs that stand above the first card.
const CONTROLS_ABOVE_FIRST_CARD: &str = "
    const card = document.querySelector('#results tbody tr[data-cluster-id]');
    const top = card.getBoundingClientRect().top;
    const controls = [...document.querySelectorAll('button, summary, input, select')]
        .filter(e => e.checkVisibility() && !e.closest('.chips'))
        .filter(e => e.getBoundingClientRect().bottom <= top)
        .map(e => (e.textContent || e.placeholder || e.tagName).trim().slice(0, 30));
    return {top, controls};";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_the_results_come_first_and_every_answer_is_in_view() {
    let server = Server::start();
    let browser = Browser::launch().await;
    browser.emulate_phone(390, 844).await;
    for link in ["/", "/?country=FR&sector=ict"] {
        browser.open(&server.url(link)).await;
        browser.wait_app().await;
        let first = browser.js(CONTROLS_ABOVE_FIRST_CARD, vec![]).await;
        let top = first["top"].as_f64().unwrap_or(f64::MAX);
        let controls = first["controls"].as_array().map_or(99, Vec::len);
        browser
            .check(
                top < 844.0 - 40.0 && controls <= 4,
                &format!("{link}: the first card and what stands above it: {first}"),
            )
            .await;
    }

    // A country from the sheet: the sheet gives way to the results.
    let before = first_row(&browser).await;
    browser.click("button.explore-toggle").await;
    browser.wait_for("#explore.open").await;
    browser
        .click("#explore .country-index a[href*='country=IT']")
        .await;
    browser.wait_gone("#explore.open").await;
    list_changed_in_view(&browser, "Italy in the sheet", &before).await;

    // A sector from the sheet, then "Show N clusters".
    let before = first_row(&browser).await;
    browser.click("button.explore-toggle").await;
    browser.wait_for("#explore.open").await;
    browser
        .click("#explore .filters li:not(.empty) input[name=sector]:not(:checked)")
        .await;
    browser
        .wait_js("the count on the button", "return /Show \\d+ cluster/.test(document.querySelector('[data-testid=show-results]').textContent);", vec![])
        .await;
    browser.click("[data-testid=show-results]").await;
    browser.wait_gone("#explore.open").await;
    list_changed_in_view(&browser, "a sector and Show", &before).await;

    // A detail on a phone: its heading in view (each label above its value: `phone.rs`).
    browser.click(&format!("{FIRST_ROW} th a")).await;
    browser.wait_for(".detail h2").await;
    answer_in_view(&browser, "opening a detail", ".detail h2").await;
    browser.assert_no_panic("a phone's answers").await;
    browser.quit().await;
}

/// What has the focus: its id, else its text.
async fn focused(browser: &Browser) -> Value {
    browser
        .js(
            "const a = document.activeElement; return a.id || a.textContent.trim().slice(0, 40);",
            vec![],
        )
        .await
}

/// The skip links move the focus: the first result right after "Skip to the results", the
/// filters after "Skip to the filters".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_skip_links_move_the_focus() {
    let server = Server::start();
    let browser = Browser::launch_sized(1280, 800).await;
    browser.open(&server.url("/")).await;
    browser.wait_app().await;
    browser.press(Key::Tab).await;
    assert_eq!(focused(&browser).await, json!("Skip to the results"));
    browser.press(Key::Enter).await;
    let first_name = browser.text(&format!("{FIRST_ROW} th a")).await;
    browser
        .wait_js(
            "the focus on the first result",
            &format!(
                "return document.activeElement === document.querySelector('{FIRST_ROW} th a');"
            ),
            vec![],
        )
        .await;
    answer_in_view(&browser, "Skip to the results", FIRST_ROW).await;
    assert!(!first_name.is_empty());

    browser.open(&server.url("/")).await;
    browser.wait_app().await;
    browser.press(Key::Tab).await;
    browser.press(Key::Tab).await;
    assert_eq!(focused(&browser).await, json!("Skip to the filters"));
    browser.press(Key::Enter).await;
    browser
        .wait_js(
            "the focus on the filters",
            "return document.activeElement.id === 'filters';",
            vec![],
        )
        .await;
    browser.quit().await;
}

/// An embed fits its frame: the document is never taller than the window it is shown in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embed_is_never_taller_than_its_frame() {
    let server = Server::start();
    for (width, height) in [(360, 480), (720, 600)] {
        let browser = Browser::launch_sized(width, height).await;
        browser.open(&server.url("/?embed=1&country=FR")).await;
        browser.wait_app().await;
        let fits = browser
            .js(
                "const d = document.documentElement;
                 const list = document.querySelector('#results tbody tr[data-cluster-id]').getBoundingClientRect();
                 return {fits: d.scrollHeight <= innerHeight + 1, scrollHeight: d.scrollHeight, innerHeight,
                         listTop: list.top, map: !!document.querySelector('svg.map')?.getClientRects().length};",
                vec![],
            )
            .await;
        browser
            .check(
                fits["fits"] == json!(true)
                    && fits["map"] == json!(true)
                    && fits["listTop"].as_f64().unwrap_or(9e9) < height as f64,
                &format!("an embed at {width}×{height}: {fits}"),
            )
            .await;
        browser.quit().await;
    }
}

/// On a desktop the results break no word: at 1,280 px and wider the table's columns have room
/// for them (one result gives every column its share); narrower, beside the side column, the
/// results are cards, with the sort chosen above the filters. Every map tool is in sight.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_desktop_no_word_breaks_and_every_tool_is_in_sight() {
    let server = Server::start();
    for (width, height) in [(1024, 768), (1280, 800), (1366, 768)] {
        let browser = Browser::launch_sized(width, height).await;
        for link in ["/?q=aertic", "/", "/?page=3", "/?page=5"] {
            browser.open(&server.url(link)).await;
            browser.wait_app().await;
            let results = format!("the results at {width} px, {link}");
            browser
                .check_no_broken_words("#results table", &results)
                .await;
        }
        let sort = browser
            .js(
                "const h = document.querySelector('#results thead').getBoundingClientRect();
                 const s = document.querySelector('.explore .sort-select');
                 const map = document.querySelector('svg.map').getBoundingClientRect();
                 const hidden = [...document.querySelectorAll('.explore .map-tools > *')]
                     .filter(t => t.getBoundingClientRect().right > map.right + 1).map(t => t.textContent);
                 return {headers: h.height > 2, select: !!s && s.getClientRects().length > 0, hidden};",
                vec![],
            )
            .await;
        let table = width >= 1280;
        browser
            .check(
                sort["headers"] == json!(table)
                    && sort["select"] == json!(!table)
                    && sort["hidden"] == json!([]),
                &format!("{width} px: the sort by the column headers or by the select, and no map tool out of sight: {sort}"),
            )
            .await;
        browser.quit().await;
    }
}
