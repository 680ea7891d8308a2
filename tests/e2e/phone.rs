//! Phone widths: the layout of a small touch screen.

use serde_json::json;

use thirtyfour::Key;

use crate::support::{Browser, Engine, Launch, Server};

/// On a 390 px phone: the results come right after the search box, as cards whose date and
/// status are on screen; nothing scrolls sideways; every tap target is at least 24 px; the map
/// and the filters are one tap away.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_phone_the_results_come_first_as_cards() {
    let server = Server::start();
    let browser = Browser::launch().await;
    browser.emulate_phone(390, 844).await;
    browser.open(&server.url("/")).await;
    browser.wait_app().await;
    let layout = browser
        .js(
            "const card = document.querySelector('tr[data-cluster-id]');
             const rect = e => e.getBoundingClientRect();
             const inside = e => { const r = rect(e); return r.left >= 0 && r.right <= innerWidth; };
             const targets = [...document.querySelectorAll(
                 'button, select, input, summary, [role=button], .chip, .pager a, .clear-all, .map-tools a, .country-index a')]
                 .filter(e => e.getClientRects().length > 0)
                 .filter(e => { const r = rect(e); return r.width < 24 || r.height < 24; })
                 .map(e => e.outerHTML.slice(0, 80));
             return {
                 width: innerWidth,
                 scrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
                 resultsTop: rect(document.getElementById('results')).top,
                 firstCardTop: rect(card).top,
                 date: inside(card.querySelector('td.until time')),
                 status: inside(card.querySelector('td.status .badge')),
                 name: inside(card.querySelector('th a')),
                 mapHidden: document.querySelector('svg.map').getClientRects().length === 0,
                 small: targets,
             };",
            vec![],
        )
        .await;
    let n = |k: &str| layout[k].as_f64().unwrap_or(f64::MAX);
    browser
        .check(
            layout["width"] == json!(390)
                && layout["scrolls"] == json!(false)
                && n("firstCardTop") < 2.0 * 844.0
                && layout["date"] == json!(true)
                && layout["status"] == json!(true)
                && layout["name"] == json!(true)
                && layout["mapHidden"] == json!(true)
                && layout["small"] == json!([]),
            &format!("a phone's first screen: {layout}"),
        )
        .await;

    browser.click("button.explore-toggle").await;
    let opened = browser
        .wait_js(
            "the map and filters opened",
            "const t = document.querySelector('button.explore-toggle');
             const map = document.querySelector('svg.map');
             return t.getAttribute('aria-expanded') === 'true' && map.getClientRects().length > 0
                 && map.getBoundingClientRect().width > 300;",
            vec![],
        )
        .await;
    assert_eq!(opened, json!(true));

    // The open sheet covers the page, so the keyboard stays in it: Shift+Tab from its heading
    // reaches its last control ("Show N clusters"), and Tab from there its first (×).
    let focused = "const a = document.activeElement;
         return a.closest('#explore') ? (a.className || a.id) : 'outside: ' + a.outerHTML.slice(0, 80);";
    browser
        .wait_js(
            "the focus on the sheet's heading",
            "return document.activeElement.id === 'explore-heading' || null;",
            vec![],
        )
        .await;
    browser.press_shift_tab().await;
    assert_eq!(browser.js(focused, vec![]).await, json!("show-results"));
    browser.press(Key::Tab).await;
    assert_eq!(browser.js(focused, vec![]).await, json!("sheet-close"));
    browser.assert_no_panic("a phone").await;
    browser.quit().await;
}

in_every_engine!(on_a_phone_no_word_breaks_in_the_cards_or_the_detail);

/// On a 390 px phone, in each engine: the cards and the detail break lines between words, never
/// inside one ("Biotechno/logy", "Bronz/e"), and the detail puts each label above its value.
async fn on_a_phone_no_word_breaks_in_the_cards_or_the_detail(engine: Engine) {
    let server = Server::start();
    let browser = Browser::launch_with(Launch {
        engine,
        width: 390,
        height: 844,
        javascript: true,
    })
    .await;
    browser
        .open(&server.url("/?cluster=es-catalonia-bio"))
        .await;
    browser.wait_app().await;
    let width = browser.js("return innerWidth;", vec![]).await;
    browser
        .check(
            width.as_f64().is_some_and(|w| w < 640.0),
            &format!("a phone's width, not {width}"),
        )
        .await;
    browser.wait_for(".detail h2").await;
    let stacked = browser
        .js(
            "const dt = document.querySelector('.detail dt'), dd = dt.nextElementSibling;
             const a = dt.getBoundingClientRect(), b = dd.getBoundingClientRect();
             return b.top >= a.bottom - 1 && Math.abs(b.left - a.left) < 2;",
            vec![],
        )
        .await;
    browser
        .check(
            stacked == json!(true),
            "a label above its value in the detail",
        )
        .await;
    browser.check_no_broken_words(".detail", "the detail").await;
    browser
        .check_no_broken_words("#results tbody", "the cards")
        .await;
    browser.assert_no_panic("a phone's words").await;
    browser.quit().await;
}
