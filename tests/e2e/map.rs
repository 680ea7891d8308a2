//! The map and its list twin, the country index: clicking, the keyboard, their labels, the
//! map's colours in light and dark mode, and the index at fifty countries.

use atlas_core::map::{contrast_ratio, parse_colour, relative_luminance};
use serde_json::{json, Value};
use thirtyfour::prelude::*;

use crate::data::{count_where, SPAIN, TOTAL};
use crate::support::{clusters, dataset, dist, field, Atlas, Browser, Engine, Reply, Server};

in_every_engine!(
    a_country_from_the_map_or_the_index_back_and_forward,
    focusing_a_country_on_the_map_scrolls_nothing
);

/// The map tests need the world map asset (issue 4).
fn require_map_asset() {
    let asset = dist().join("data/world.json");
    assert!(
        asset.is_file(),
        "{} is missing: the map of issue 4 needs the world map asset. Generate it (`make map`, \
         which writes public/data/world.json), then rebuild with `make dist`.",
        asset.display()
    );
}

/// Clicks the country shape of `code` with the mouse, at a point well inside the shape that
/// nothing covers (the centre of a country's box may be sea, or another country).
async fn click_country(app: &Browser, code: &str) {
    let point = app
        .wait_js(
            &format!("a clickable point inside the map shape of {code}"),
            r#"
            const path = document.querySelector(`[data-country="${arguments[0]}"]`);
            if (!path) return null;
            const g = path.closest('g');
            g.scrollIntoView({block: 'center'});
            const hits = (x, y) => {
                const e = document.elementFromPoint(x, y);
                return !!e && (e === path || g.contains(e));
            };
            const r = path.getBoundingClientRect();
            const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
            let best = null;
            for (let i = 1; i < 40; i++) {
                for (let j = 1; j < 40; j++) {
                    const x = Math.round(r.left + r.width * i / 40);
                    const y = Math.round(r.top + r.height * j / 40);
                    if (x < 4 || y < 4 || x > innerWidth - 4 || y > innerHeight - 4) continue;
                    if (![[0, 0], [3, 0], [-3, 0], [0, 3], [0, -3]].every(([dx, dy]) => hits(x + dx, y + dy))) continue;
                    const d = Math.hypot(x - cx, y - cy);
                    if (!best || d < best[2]) best = [x, y, d];
                }
            }
            return best ? [best[0], best[1]] : null;
            "#,
            vec![json!(code)],
        )
        .await;
    let x = point[0].as_i64().unwrap_or(0);
    let y = point[1].as_i64().unwrap_or(0);
    if let Err(e) = app
        .driver()
        .action_chain()
        .move_to(x, y)
        .click()
        .perform()
        .await
    {
        app.fail(&format!("click on the map at ({x}, {y}) for {code}: {e}"))
            .await;
    }
}

/// `aria-pressed` of the map button of `code`.
async fn pressed(app: &Browser, code: &str) -> Value {
    app.js(
        "const b = document.querySelector(`[data-country-button=\"${arguments[0]}\"]`);
         return b ? b.getAttribute('aria-pressed') : null;",
        vec![json!(code)],
    )
    .await
}

/// For every link of the country index: (code, its accessible name, which is its text, and the
/// aria-label of the map button with the same code).
async fn index_and_map_labels(app: &Browser) -> Vec<(String, String, Option<String>)> {
    let pairs = app
        .js(
            "return [...document.querySelectorAll('a[data-country-link]')].map(a => {
                const code = a.getAttribute('data-country-link');
                const b = document.querySelector(`[data-country-button=\"${code}\"][role=\"button\"]`);
                return [code, a.textContent.trim(), b ? b.getAttribute('aria-label') : null];
             });",
            vec![],
        )
        .await;
    serde_json::from_value(pairs).unwrap_or_default()
}

/// A person picks a country on the map, again to drop it, walks Back and Forward through those
/// views, then picks one from the country index.
async fn a_country_from_the_map_or_the_index_back_and_forward(engine: Engine) {
    require_map_asset();
    let france = count_where(|c| field(c, "country") == "FR");
    let app = Atlas::start_in(engine).await;
    app.open_loaded("/").await;
    app.wait_for("svg.map .country [data-country=\"ES\"]").await;
    app.check(
        !app.exists("[data-testid=\"map-error\"]").await,
        "the map loads",
    )
    .await;

    click_country(&app, "ES").await;
    app.wait_search("?country=ES").await;
    app.wait_count(SPAIN).await;
    assert_eq!(pressed(&app, "ES").await, json!("true"));

    click_country(&app, "ES").await;
    app.wait_search("").await;
    app.wait_count(TOTAL).await;
    assert_eq!(pressed(&app, "ES").await, json!("false"));

    app.back().await;
    app.wait_search("?country=ES").await;
    app.wait_count(SPAIN).await;
    assert_eq!(pressed(&app, "ES").await, json!("true"));
    app.forward().await;
    app.wait_search("").await;
    app.wait_count(TOTAL).await;

    app.click("a[data-country-link=\"FR\"]").await;
    app.wait_search("?country=FR").await;
    app.wait_count(france).await;
    app.wait_js(
        "France pressed on the map",
        "const b = document.querySelector('[data-country-button=\"FR\"]');
         return !!b && b.getAttribute('aria-pressed') === 'true';",
        vec![],
    )
    .await;
    app.assert_no_panic("map clicks").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn map_keyboard_path_and_the_country_index_agree() {
    require_map_asset();
    let data = dataset();
    let france = clusters(&data)
        .iter()
        .filter(|c| field(c, "country") == "FR")
        .count();
    let app = Atlas::start().await;
    // The index and the map say the same, also when a filter changes the counts.
    for view in ["/", "/?sector=ict"] {
        app.open_loaded(view).await;
        app.wait_for("svg.map [role=\"button\"][tabindex=\"0\"]")
            .await;
        let labels = index_and_map_labels(&app).await;
        let codes = data["countries"].as_array().map_or(0, Vec::len);
        app.check(
            labels.len() == codes,
            &format!("{view}: one index link per country: {labels:?}"),
        )
        .await;
        for (code, link, map) in &labels {
            assert_eq!(
                Some(link),
                map.as_ref(),
                "{view}: index and map label of {code}"
            );
        }
        if view == "/" {
            let spain = labels
                .iter()
                .find(|(c, _, _)| c == "ES")
                .map(|l| l.1.clone());
            assert_eq!(spain.as_deref(), Some("Spain, 106 clusters"));
        }
    }

    // Keyboard only, from the top of a fresh page.
    app.open_loaded("/").await;
    app.wait_for("svg.map [role=\"button\"]").await;
    let mut reached = None;
    for press in 1..=200 {
        app.press(Key::Tab).await;
        let label = app
            .js(
                "const a = document.activeElement; return a ? a.getAttribute('aria-label') : null;",
                vec![],
            )
            .await;
        if label.as_str().is_some_and(|l| l.starts_with("France")) {
            reached = Some(press);
            break;
        }
    }
    if reached.is_none() {
        app.fail("200 presses of Tab never reached the map button of France")
            .await;
    }
    app.press(Key::Enter).await;
    app.wait_search("?country=FR").await;
    app.wait_count(france).await;
    app.assert_no_panic("keyboard").await;
    app.quit().await;
}

/// Shows the page in `scheme` ("light" or "dark"), without transitions, so that computed
/// colours are the final ones.
async fn emulate_scheme(app: &Browser, scheme: &str) {
    let features = json!({"features": [
        {"name": "prefers-color-scheme", "value": scheme},
        {"name": "prefers-reduced-motion", "value": "reduce"},
    ]});
    if let Err(e) = app
        .driver()
        .cdp()
        .send_raw("Emulation.setEmulatedMedia", features)
        .await
    {
        app.fail(&format!("Emulation.setEmulatedMedia: {e}")).await;
    }
}

/// The colour of `value` (a computed `rgb(…)`), or a failure that names `what`.
async fn colour(app: &Browser, what: &str, value: &Value) -> [u8; 3] {
    match value.as_str().and_then(parse_colour) {
        Some(rgb) => rgb,
        None => app.fail(&format!("{what}: no colour in {value}")).await,
    }
}

/// WCAG 1.4.11 from the page's own computed colours: every colour class of the legend and every
/// country shape keeps 3:1 against the land, in light and in dark mode; a shape has its class's
/// swatch colour; the classes darken (light) or lighten (dark) with the count.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn map_classes_keep_3_to_1_against_the_land_in_light_and_dark() {
    require_map_asset();
    let app = Atlas::start().await;
    for scheme in ["light", "dark"] {
        emulate_scheme(&app, scheme).await;
        app.open_loaded("/").await;
        let page = app
            .wait_js(
                "the map and a legend of five classes",
                "const swatches = [1, 2, 3, 4, 5].map(c => document.querySelector(`.legend .swatch.c${c}`));
                 const land = document.querySelector('svg.map use.land');
                 if (!land || swatches.some(s => !s)) return null;
                 return {
                     land: getComputedStyle(land).fill,
                     none: getComputedStyle(document.querySelector('.legend .swatch.c0')).backgroundColor,
                     swatches: swatches.map(s => getComputedStyle(s).backgroundColor),
                     countries: [...document.querySelectorAll('svg.map g.country')].map(g => [
                         g.querySelector('use').getAttribute('data-country'),
                         (g.getAttribute('class').match(/\\bc(\\d)\\b/) || [])[1] || '',
                         getComputedStyle(g.querySelector('use')).fill,
                     ]),
                     page: getComputedStyle(document.body).backgroundColor,
                 };",
                vec![],
            )
            .await;
        let land = colour(&app, "the land", &page["land"]).await;
        let page_bg = colour(&app, "the page", &page["page"]).await;
        let dark_page = relative_luminance(page_bg) < 0.2;
        app.check(
            dark_page == (scheme == "dark"),
            &format!("{scheme}: the page's background is {}", page["page"]),
        )
        .await;
        assert_eq!(
            page["none"], page["land"],
            "{scheme}: the legend's 'none' is the land"
        );
        let mut swatches = Vec::new();
        for (i, value) in page["swatches"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            let rgb = colour(&app, &format!("{scheme} swatch c{}", i + 1), value).await;
            let ratio = contrast_ratio(rgb, land);
            app.check(
                ratio >= 3.0,
                &format!(
                    "{scheme}: class {} {value} on the land {}: {ratio:.2}:1",
                    i + 1,
                    page["land"]
                ),
            )
            .await;
            swatches.push((value.clone(), relative_luminance(rgb)));
        }
        assert_eq!(swatches.len(), 5, "{scheme}: five classes");
        for pair in swatches.windows(2) {
            let darker = pair[1].1 < pair[0].1;
            assert_eq!(
                darker,
                scheme == "light",
                "{scheme}: classes ordered in lightness: {swatches:?}"
            );
        }
        let countries = page["countries"].as_array().cloned().unwrap_or_default();
        app.check(
            countries.len() == dataset()["countries"].as_array().map_or(0, Vec::len),
            &format!("{scheme}: a shape per country: {countries:?}"),
        )
        .await;
        for country in &countries {
            let class: usize = country[1]
                .as_str()
                .and_then(|c| c.parse().ok())
                .unwrap_or(0);
            if class == 0 {
                continue;
            }
            assert_eq!(
                country[2],
                swatches[class - 1].0,
                "{scheme}: {} has its class's colour",
                country[0]
            );
        }
    }
    app.assert_no_panic("colours").await;
    app.quit().await;
}

/// For every map button: whether its tab stop agrees with the frame (a stop exactly when the
/// button lies inside the `viewBox`), and the codes of the stops in document order.
async fn tab_stops(app: &Browser) -> (Vec<String>, Vec<String>) {
    let found = app
        .js(
            "const [x, y, w, h] = document.querySelector('svg.map').getAttribute('viewBox').split(' ').map(Number);
             const wrong = [], stops = [];
             for (const b of document.querySelectorAll('svg.map [data-country-button]')) {
                 const [cx, cy, r] = ['cx', 'cy', 'r'].map(a => Number(b.getAttribute(a)));
                 const inside = cx - r >= x && cx + r <= x + w && cy - r >= y && cy + r <= y + h;
                 const code = b.getAttribute('data-country-button');
                 if (inside !== (b.getAttribute('tabindex') === '0')) wrong.push(code);
                 if (b.getAttribute('tabindex') === '0') stops.push(code);
             }
             return [wrong, stops];",
            vec![],
        )
        .await;
    serde_json::from_value(found).unwrap_or_default()
}

/// Waits until the map's tab stops are `expected`, in that order, and agree with the frame.
async fn wait_tab_stops(app: &Browser, what: &str, expected: &[&str]) {
    let found = app
        .wait_until(what, async || {
            let (wrong, stops) = tab_stops(app).await;
            (wrong.is_empty() && stops == expected).then_some(stops)
        })
        .await;
    assert_eq!(found, expected, "{what}");
}

/// Tab reaches only the countries inside the frame, in reading order, and follows the frame
/// (World, Europe, zoom, pan).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tab_stops_follow_the_frame() {
    require_map_asset();
    let app = Atlas::start().await;
    app.open_loaded("/").await;
    // Europe: Mexico is off the map; France, Italy, Spain from north to south.
    wait_tab_stops(&app, "Europe's stops", &["FR", "IT", "ES"]).await;
    app.click(".map-tools a:nth-of-type(2)").await;
    app.wait_search("?map=world").await;
    wait_tab_stops(&app, "the world's stops", &["FR", "IT", "ES", "MX"]).await;
    app.click(".map-tools a:nth-of-type(1)").await;
    app.wait_search("").await;
    wait_tab_stops(&app, "Europe's stops again", &["FR", "IT", "ES"]).await;
    for _ in 0..4 {
        app.click("button[aria-label=\"Zoom in\"]").await;
    }
    wait_tab_stops(&app, "zoomed in on France", &["FR"]).await;
    app.click("button[aria-label=\"Pan south\"]").await;
    wait_tab_stops(&app, "panned south to Italy", &["FR", "IT"]).await;
    app.assert_no_panic("tab stops").await;
    app.quit().await;
}

/// Focusing a country scrolls nothing, even zoomed in so far that France's whole box (overseas
/// parts too) is many times the screen: WebKit scrolled to that box when the shape itself took
/// the focus. From the map's last tool, Tab goes to France's button; Enter chooses France.
async fn focusing_a_country_on_the_map_scrolls_nothing(engine: Engine) {
    require_map_asset();
    let app = Atlas::start_in(engine).await;
    app.open_loaded("/").await;
    wait_tab_stops(&app, "a fresh page", &["FR", "IT", "ES"]).await;
    for _ in 0..4 {
        app.click("button[aria-label=\"Zoom in\"]").await;
    }
    wait_tab_stops(&app, "zoomed in", &["FR"]).await;
    let scrolled = "return [document.scrollingElement, ...document.querySelectorAll('*')]
        .filter(e => e.scrollTop || e.scrollLeft)
        .map(e => `${e.tagName}.${e.getAttribute('class')}: ${e.scrollTop}, ${e.scrollLeft}`);";
    app.js(
        "document.querySelector('button[aria-label=\"Pan south\"]').focus();",
        vec![],
    )
    .await;
    let before = app.js(scrolled, vec![]).await;
    app.press(Key::Tab).await;
    let focus = app
        .wait_js(
            "the focus on France's button",
            "const a = document.activeElement;
             if (!a || a.getAttribute('data-country-button') !== 'FR') return null;
             const r = a.getBoundingClientRect(), m = document.querySelector('svg.map').getBoundingClientRect();
             const shape = document.querySelector('[data-country=\"FR\"]').getBoundingClientRect();
             return {
                 inside: r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom,
                 size: Math.max(r.width, r.height),
                 shape: shape.width / m.width,
                 tip: (document.getElementById('map-tip') || {}).textContent || null,
             };",
            vec![],
        )
        .await;
    let after = app.js(scrolled, vec![]).await;
    app.check(
        before == after,
        &format!("focusing France scrolled something: {before} → {after}"),
    )
    .await;
    app.check(
        focus["inside"] == json!(true)
            && focus["size"].as_f64().is_some_and(|s| s <= 48.0)
            && focus["shape"].as_f64().is_some_and(|s| s > 2.0)
            && focus["tip"].as_str().is_some_and(|t| t.starts_with("France")),
        &format!("France's button: small, on the map (France's shape {}× as wide), with its tooltip: {focus}", focus["shape"]),
    )
    .await;
    app.press(Key::Enter).await;
    app.wait_search("?country=FR").await;
    app.assert_no_panic("focusing a country").await;
    app.quit().await;
}

/// The codes of the country index's links, in order.
async fn index_codes(app: &Browser) -> Vec<String> {
    let codes = app
        .js(
            "return [...document.querySelectorAll('a[data-country-link]')].map(a => a.getAttribute('data-country-link'));",
            vec![],
        )
        .await;
    serde_json::from_value(codes).unwrap_or_default()
}

/// Types `text` into the "Find a country" box, replacing what it held.
async fn find_country(app: &Browser, text: &str) {
    app.js(
        "const i = document.getElementById('country-find'); i.value = ''; i.dispatchEvent(new Event('input', {bubbles: true})); i.focus();",
        vec![],
    )
    .await;
    if !text.is_empty() {
        let input = app.wait_for("#country-find").await;
        if let Err(e) = input.send_keys(text).await {
            app.fail(&format!("typing {text:?}: {e}")).await;
        }
    }
}

/// Waits until the index lists exactly `expected` (in any order) and says `status`.
async fn wait_index(app: &Browser, expected: &[&str], status: &str) {
    let mut want: Vec<String> = expected.iter().map(|c| c.to_string()).collect();
    want.sort();
    app.wait_until(
        &format!("the index to list {want:?}, saying {status:?}"),
        async || {
            let mut codes = index_codes(app).await;
            codes.sort();
            let said = app.text("#country-found").await;
            (codes == want && said == status).then_some(())
        },
    )
    .await;
}

/// At 1,300 clusters in 50 countries: the map draws every country, the index scrolls in a pane
/// of its own that leaves the results on the first screen, "Find a country" narrows it, and the
/// Compare toggles of a narrowed list still set up a comparison.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_country_index_stays_usable_with_fifty_countries() {
    require_map_asset();
    const RECORDS: usize = 1_300;
    let data = atlas_ingest::synthetic::dataset(RECORDS, 22);
    let codes: Vec<String> = data.countries.iter().map(|c| c.code.clone()).collect();
    assert!(codes.len() >= 45, "a broad dataset: {codes:?}");
    let server = Server::start();
    server.set(
        "data/clusters.json",
        Reply::json(data.to_json().into_bytes()),
    );
    server.set("sw.js", Reply::status(404));
    let browser = Browser::launch().await;
    browser.open(&server.url("/?map=world")).await;
    browser.wait_app().await;
    browser.wait_count(RECORDS).await;
    let page = browser
        .wait_js(
            "every country on the map and in the index",
            "const codes = arguments[0];
             const links = document.querySelectorAll('a[data-country-link]').length;
             if (links !== codes.length) return null;
             const m = document.querySelector('svg.map').getBoundingClientRect();
             const off = codes.filter(code => {
                 const shape = document.querySelector(`svg.map [data-country=\"${code}\"]`);
                 const button = document.querySelector(`svg.map [data-country-button=\"${code}\"]`);
                 if (!shape || !button || button.getAttribute('tabindex') !== '0') return true;
                 const r = button.getBoundingClientRect();
                 return !(r.left >= m.left && r.right <= m.right && r.top >= m.top && r.bottom <= m.bottom);
             });
             const list = document.querySelector('.country-index .index-list').getBoundingClientRect();
             const pane = document.querySelector('.country-index .index-list');
             return {
                 off,
                 scrolls: pane.scrollHeight > pane.clientHeight + 10,
                 paneHeight: list.height,
                 height: innerHeight,
                 resultsTop: document.getElementById('results').getBoundingClientRect().top,
             };",
            vec![json!(codes)],
        )
        .await;
    let n = |k: &str| page[k].as_f64().unwrap_or(f64::MAX);
    browser
        .check(
            page["off"] == json!([])
                && page["scrolls"] == json!(true)
                && n("paneHeight") <= n("height") * 0.6
                && n("resultsTop") < n("height"),
            &format!("the map shows every country, the index scrolls in its pane: {page}"),
        )
        .await;

    // Narrowed: folded, by name or code, or nothing.
    find_country(&browser, "slov").await;
    wait_index(
        &browser,
        &["SK", "SI"],
        &format!("2 of {} countries", codes.len()),
    )
    .await;
    find_country(&browser, "TÜRK").await;
    wait_index(
        &browser,
        &["TR"],
        &format!("1 of {} countries", codes.len()),
    )
    .await;
    find_country(&browser, "gb").await;
    wait_index(
        &browser,
        &["GB"],
        &format!("1 of {} countries", codes.len()),
    )
    .await;
    find_country(&browser, "qqq").await;
    wait_index(&browser, &[], "No country matches.").await;

    // The Compare toggles of a narrowed list.
    find_country(&browser, "germ").await;
    wait_index(
        &browser,
        &["DE"],
        &format!("1 of {} countries", codes.len()),
    )
    .await;
    browser.click("button[data-compare=\"DE\"]").await;
    browser
        .wait_until("compare=DE", async || {
            (browser.param("compare").await.as_deref() == Some("DE")).then_some(())
        })
        .await;
    find_country(&browser, "fran").await;
    wait_index(
        &browser,
        &["FR"],
        &format!("1 of {} countries", codes.len()),
    )
    .await;
    browser.click("button[data-compare=\"FR\"]").await;
    browser
        .wait_for("button[data-compare=\"FR\"][aria-pressed=\"true\"]")
        .await;
    browser
        .wait_until("compare=DE,FR", async || {
            let compared = browser.param("compare").await.unwrap_or_default();
            let mut codes: Vec<&str> = compared.split(',').collect();
            codes.sort();
            (codes == ["DE", "FR"]).then_some(())
        })
        .await;
    find_country(&browser, "").await;
    wait_index(
        &browser,
        &codes.iter().map(String::as_str).collect::<Vec<_>>(),
        "",
    )
    .await;
    browser.assert_no_panic("fifty countries").await;
    browser.quit().await;
}
