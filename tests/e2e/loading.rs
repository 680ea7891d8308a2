//! Loading: the first visit (the prerendered page, the takeover, without JavaScript), the
//! shell and its CSP, a sub-path deploy, and a dataset that is slow, missing or broken.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::data::{matching, DATA, SPAIN, TOTAL};
use crate::support;
use crate::support::engines;
use crate::support::{
    clusters, dataset, dataset_text, dist, field, fold, Atlas, Browser, Engine, Reply, Server,
    TempDir,
};

in_every_engine!(shell_starts_under_its_content_security_policy);

async fn shell_starts_under_its_content_security_policy(engine: Engine) {
    assert_eq!(clusters(&dataset()).len(), TOTAL, "the committed dataset");
    let app = Atlas::start_in(engine).await;
    app.open("/").await;
    app.wait_count(TOTAL).await;
    let count = app.text("[data-testid=\"result-count\"]").await;
    app.check(
        count.contains("270 clusters"),
        &format!("the count says {count:?}"),
    )
    .await;
    app.check(
        app.row_ids().await.len() == 50,
        "the first page holds 50 rows",
    )
    .await;
    app.check(
        app.exists("a[rel=\"next\"]").await,
        "a pager link to the next page",
    )
    .await;

    let title = app.driver().title().await.unwrap_or_default();
    assert_eq!(title, "ECEI Cluster Atlas");

    let page = app
        .js(
            "const csp = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]');
             const all = [...document.head.children];
             const firstScript = all.findIndex(e => e.tagName === 'SCRIPT' || e.rel === 'modulepreload');
             const handlers = [...document.querySelectorAll('*')].flatMap(e =>
                 [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + '[' + a.name + ']'));
             return {
                 csp: csp ? csp.getAttribute('content') : null,
                 cspIndex: csp ? all.indexOf(csp) : -1,
                 firstScript,
                 // A JSON-LD block is data, never run.
                 inlineScripts: [...document.querySelectorAll('script:not([type=\"application/ld+json\"])')]
                     .filter(s => !s.src || s.textContent.trim() !== '').length,
                 scripts: document.querySelectorAll('script').length,
                 handlers,
             };",
            vec![],
        )
        .await;
    let csp = page["csp"].as_str().unwrap_or_default().to_string();
    app.check(!csp.is_empty(), "a Content-Security-Policy meta element")
        .await;
    let script_src: Vec<&str> = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .map(|d| d.split_whitespace().skip(1).collect())
        .unwrap_or_default();
    assert!(
        script_src.contains(&"'self'")
            && !script_src.contains(&"'unsafe-inline'")
            && !script_src.contains(&"'unsafe-eval'"),
        "script-src should allow only the site's own files: {csp}"
    );
    assert!(csp.contains("object-src 'none'"), "{csp}");
    let (csp_at, first_script) = (page["cspIndex"].as_i64(), page["firstScript"].as_i64());
    assert!(
        csp_at.unwrap_or(-1) >= 0 && first_script.is_none_or(|s| s < 0 || csp_at < Some(s)),
        "the CSP meta must come before any script: {page}"
    );
    assert_eq!(page["inlineScripts"], json!(0), "no inline script: {page}");
    assert!(
        page["scripts"].as_i64().unwrap_or(0) >= 1,
        "the boot script: {page}"
    );
    assert_eq!(
        page["handlers"],
        json!([]),
        "no inline event handler attributes"
    );

    // Until the map asset lands, its 404 is the one expected error.
    let map_missing = !dist().join("data/world.json").is_file();
    let severe: Vec<String> = app
        .console()
        .await
        .into_iter()
        .filter(|e| e.level == "SEVERE")
        .filter(|e| !(map_missing && e.message.contains("data/world.json")))
        .map(|e| e.message)
        .collect();
    if !severe.is_empty() {
        app.fail(&format!("SEVERE console errors:\n{}", severe.join("\n")))
            .await;
    }
    app.quit().await;
}

/// Deployed under a sub-path (`--public-url /atlas/`): every file, the data and every link the
/// app makes stay under it, and a shared link with a query opens the same view.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sub_path_deploy_keeps_every_request_and_link_under_it() {
    let server = Server::start_in(support::dist_atlas(), "atlas/");
    let browser = Browser::launch().await;
    browser.open(&server.url("/atlas/?country=ES")).await;
    let spain = browser.wait_loaded().await;
    let dataset = support::dataset();
    let expected = clusters(&dataset)
        .iter()
        .filter(|c| field(c, "country") == "ES")
        .count();
    browser
        .check(spain == expected, "the country view of a shared link")
        .await;
    browser.wait_for("svg.map [data-country=\"ES\"]").await;
    browser.click("button[data-sort=valid_until]").await;
    browser.wait_search("?country=ES&sort=valid_until").await;
    let path = browser.js("return location.pathname;", vec![]).await;
    assert_eq!(path, json!("/atlas/"), "the app stays under its path");
    let outside = browser
        .js(
            "return [...document.querySelectorAll('a[href]')].map(a => a.href)
                 .concat(performance.getEntriesByType('resource').map(r => r.name))
                 .filter(u => u.startsWith(location.origin) && !u.startsWith(location.origin + '/atlas/'));",
            vec![],
        )
        .await;
    assert_eq!(outside, json!([]), "links and requests outside /atlas/");
    assert!(server.hits("atlas/data/clusters.json") >= 1);
    browser.assert_no_panic("the sub-path deploy").await;
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_errors_are_said_and_retry_recovers() {
    let app = Atlas::start_without_worker().await;
    app.server.set(DATA, Reply::status(404));
    app.open("/").await;
    app.wait_for("[data-testid=\"load-error\"] button").await;
    let error = app.text("[data-testid=\"load-error\"]").await;
    assert!(
        error.contains("could not start") && error.contains("404") && error.contains("Retry"),
        "{error}"
    );
    assert_eq!(app.server.hits(DATA), 1);

    app.server.clear(DATA);
    app.click("[data-testid=\"load-error\"] button").await;
    app.wait_count(TOTAL).await;
    assert_eq!(app.server.hits(DATA), 2, "Retry fetches the dataset again");

    let full = dataset_text();
    let mut half = full.len() / 2;
    while !full.is_char_boundary(half) {
        half -= 1;
    }
    for (what, body, says) in [
        ("an empty file", String::new(), "empty"),
        ("half a file", full[..half].to_string(), "not valid JSON"),
    ] {
        app.server.set(DATA, Reply::json(body));
        app.open("/").await;
        app.wait_for("[data-testid=\"load-error\"] button").await;
        let error = app.text("[data-testid=\"load-error\"]").await;
        assert!(error.contains(says), "{what}: {error}");
    }
    app.assert_no_panic("load errors").await;
    app.quit().await;
}

/// The map's index comes through boot.js's early request: a refusal or a damaged file is said
/// where the map would be, and the country index stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_or_damaged_map_is_said_and_the_country_index_stays() {
    const MAP: &str = "data/world.json";
    let app = Atlas::start_without_worker().await;
    for (reply, says) in [
        (Reply::status(404), "the server answered 404"),
        (Reply::json("{\"countries\": 7}"), "The map file is damaged"),
    ] {
        app.server.set(MAP, reply);
        app.open_loaded("/").await;
        app.wait_for("[data-testid=\"map-error\"]").await;
        let error = app.text("[data-testid=\"map-error\"]").await;
        assert!(error.contains(says), "{says}: {error}");
        assert!(app.exists("a[data-country-link=\"ES\"]").await);
    }
    assert_eq!(app.server.hits(MAP), 2, "one request a load, boot.js's");
    app.assert_no_panic("a map that cannot be used").await;
    app.quit().await;
}

/// While the dataset is slow to come, the prerendered page is the page: its view, its rows, a
/// search box one can type in. Once the data comes, the app takes over with what was typed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_dataset_leaves_the_prerendered_page_usable_and_keeps_what_was_typed() {
    let app = Atlas::start_without_worker().await;
    app.server.set(DATA, Reply::json(dataset_text()).held());
    app.open("/").await;
    app.server.wait_hits(DATA, 1).await;
    let before = app
        .js(
            "return {ready: document.documentElement.dataset.app || null,
                     count: document.querySelector('[data-testid=\"result-count\"]').textContent,
                     rows: document.querySelectorAll('tr[data-cluster-id]').length};",
            vec![],
        )
        .await;
    app.check(
        before == json!({"ready": null, "count": "270 clusters", "rows": 50}),
        &format!("the prerendered page, before the data: {before}"),
    )
    .await;
    let input = app.wait_for("input#search").await;
    input
        .send_keys("pole")
        .await
        .expect("type into the prerendered box");
    // The page answers scripts at once while the data is on its way.
    for _ in 0..5 {
        let t = Instant::now();
        app.js("return document.title;", vec![]).await;
        assert!(
            t.elapsed() < Duration::from_secs(1),
            "a script took {:?}",
            t.elapsed()
        );
    }
    app.check(
        !app.exists("[data-testid=\"loading\"]").await,
        "no loading screen over the page",
    )
    .await;

    app.server.release();
    app.wait_count(matching("pole", |_| true)).await;
    app.wait_search("?q=pole").await;
    assert_eq!(app.server.hits(DATA), 1);
    app.assert_no_panic("a slow dataset").await;
    app.quit().await;
}

/// A link to another view than the default one: the prerendered default view is hidden, with a
/// word that the view is coming, until the app shows the view the link asked for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_to_another_view_hides_the_prerendered_one_until_the_app_shows_it() {
    let app = Atlas::start().await;
    app.server.set(DATA, Reply::json(dataset_text()).held());
    app.open("/?country=ES").await;
    app.server.wait_hits(DATA, 1).await;
    let waiting = app
        .js(
            "return {stale: document.documentElement.classList.contains('prerender-stale'),
                     main: getComputedStyle(document.querySelector('main')).visibility,
                     says: getComputedStyle(document.getElementById('atlas'), '::after').content};",
            vec![],
        )
        .await;
    app.check(
        waiting == json!({"stale": true, "main": "hidden", "says": "\"Loading this view…\""}),
        &format!("while the app is on its way: {waiting}"),
    )
    .await;
    app.server.release();
    app.wait_count(SPAIN).await;
    let shown = app
        .js(
            "return {stale: document.documentElement.classList.contains('prerender-stale'),
                     main: getComputedStyle(document.querySelector('main')).visibility};",
            vec![],
        )
        .await;
    assert_eq!(shown, json!({"stale": false, "main": "visible"}));
    app.quit().await;
}

/// The atlas (no offline worker) whose server holds the wasm back until released; and the wasm's
/// path.
async fn with_the_wasm_held() -> (Atlas, String) {
    let app = Atlas::start_without_worker().await;
    let wasm = wasm_file();
    let bytes = std::fs::read(dist().join(&wasm)).expect("the built wasm");
    app.server
        .set(&wasm, Reply::new(200, "application/wasm", bytes).held());
    (app, wasm)
}

/// The built wasm's file name (hashed by Trunk).
fn wasm_file() -> String {
    std::fs::read_dir(dist())
        .expect("dist/")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with("_bg.wasm"))
        .expect("a .wasm in dist/")
}

/// Where the page is, whether the prerendered view is hidden as stale, and whether this is still
/// the document the test marked (no second full load).
const WHERE: &str = "return {search: location.search,
                             stale: document.documentElement.classList.contains('prerender-stale'),
                             samePage: window.samePage === true};";

/// A tap while the wasm is still on its way is not lost: a country of the prerendered index ends
/// in that country's view, in the same document, once the app runs (boot.js moves the address
/// bar, and hides the stale view meanwhile).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_tapped_before_the_app_runs_ends_in_its_view_without_a_second_load() {
    let (app, wasm) = with_the_wasm_held().await;
    app.open("/").await;
    app.server.wait_hits(&wasm, 1).await;
    app.js("window.samePage = true;", vec![]).await;
    app.click("a[data-country-link=\"ES\"]").await;
    app.check(
        !app.exists("html[data-app]").await,
        "the app ran before the wasm was released",
    )
    .await;
    ends_in_spain_once_released(app, "the wasm").await;
}

/// Once the wasm runs but while the data is still on its way, a country tapped on the
/// prerendered map (not a link: its twin in the index stands in) ends in its view, through the
/// app's router, in the same document.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_country_tapped_on_the_map_while_the_data_loads_ends_in_its_view() {
    let app = Atlas::start_without_worker().await;
    app.server.set(DATA, Reply::json(dataset_text()).held());
    app.open("/").await;
    app.wait_js(
        "the app running, waiting for its data",
        "return performance.getEntriesByName('atlas:fetch-start').length > 0;",
        vec![],
    )
    .await;
    app.js(
        "window.samePage = true;
         document.querySelector('svg.map g.country use[data-country=\"ES\"]')
             .dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, button: 0}));",
        vec![],
    )
    .await;
    ends_in_spain_once_released(app, "the data").await;
}

/// After Spain was tapped while `held` is held by the server: the address bar names Spain and
/// the stale view is hidden, in the same document; once released, Spain's view, and the page was
/// loaded once.
async fn ends_in_spain_once_released(app: Atlas, held: &str) {
    let waiting = app.js(WHERE, vec![]).await;
    app.check(
        waiting == json!({"search": "?country=ES", "stale": true, "samePage": true}),
        &format!("tapped while {held} is held: {waiting}"),
    )
    .await;

    app.server.release();
    app.wait_count(SPAIN).await;
    let shown = app.js(WHERE, vec![]).await;
    assert_eq!(
        shown,
        json!({"search": "?country=ES", "stale": false, "samePage": true})
    );
    assert_eq!(app.server.hits("index.html"), 1, "the page was loaded once");
    app.assert_no_panic(&format!("a tap while {held} is held"))
        .await;
    app.quit().await;
}

/// With JavaScript off, the page is still the atlas's default view, rendered at build time: the
/// count, the first page of rows, the map, the country index, and links to the data.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_javascript_the_page_shows_the_default_view_and_links_to_the_data() {
    let server = Server::start();
    let browser = Browser::launch_without_javascript().await;
    browser.open(&server.url("/")).await;
    let page = browser
        .wait_js(
            "the prerendered page",
            "const count = document.querySelector('[data-testid=\"result-count\"]');
             if (!count) return null;
             const map = document.querySelector('svg.map');
             return {
                 scripted: !!document.documentElement.dataset.app,
                 count: count.textContent,
                 rows: document.querySelectorAll('tr[data-cluster-id]').length,
                 firstRow: document.querySelector('tr[data-cluster-id] th').textContent,
                 mapShown: !!map && map.getBoundingClientRect().height > 100,
                 land: !!document.querySelector('svg.map use[href$=\"world.svg#world\"]'),
                 countries: document.querySelectorAll('svg.map .country [role=\"button\"]').length,
                 index: document.querySelectorAll('a[data-country-link]').length,
                 data: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
                     .filter(h => h.startsWith('data/')),
             };",
            vec![],
        )
        .await;
    let data = dataset();
    let first_name = {
        let mut names: Vec<String> = clusters(&data)
            .iter()
            .map(|c| field(c, "name").to_string())
            .filter(|n| !n.is_empty())
            .collect();
        names.sort_by_key(|n| fold(n));
        names.first().cloned().unwrap_or_default()
    };
    let countries = data["countries"].as_array().map_or(0, Vec::len);
    browser
        .check(
            page["scripted"] == json!(false)
                && page["count"] == json!("270 clusters")
                && page["rows"] == json!(50)
                && page["firstRow"]
                    .as_str()
                    .is_some_and(|t| t.starts_with(&first_name[..10]))
                && page["mapShown"] == json!(true)
                && page["land"] == json!(true)
                && page["countries"] == json!(countries)
                && page["index"] == json!(countries)
                && page["data"]
                    .as_array()
                    .is_some_and(|d| d.contains(&json!("data/clusters.json"))),
            &format!("without JavaScript: {page} (first name {first_name:?})"),
        )
        .await;
    browser.quit().await;
}

/// The layout shifts from navigation until the app has the page, in a `width` × `height`
/// window, on a day when the statuses differ from those of the build (`today`, faked): the app
/// corrects them without moving anything.
async fn shifts_of_a_first_visit(width: u32, height: u32, today: &str) -> (f64, Value) {
    let server = Server::start();
    let browser = Browser::launch().await;
    if width < 500 {
        browser.emulate_phone(width, height).await;
    }
    browser
        .before_every_page(&format!(
            "const Real = Date, fixed = new Real('{today}T12:00:00').getTime();
             Date = class extends Real {{ constructor(...a) {{ a.length ? super(...a) : super(fixed); }}
                                          static now() {{ return fixed; }} }};
             window.__shifts = [];
             new PerformanceObserver(list => window.__shifts.push(...list.getEntries()))
                 .observe({{type: 'layout-shift', buffered: true}});"
        ))
        .await;
    browser.open(&server.url("/")).await;
    browser.wait_app().await;
    let seen = browser
        .driver()
        .execute_async(
            "const done = arguments[0];
             // Two frames after the app took over: the last region has been painted.
             requestAnimationFrame(() => requestAnimationFrame(() => done({
                 sum: window.__shifts.filter(s => !s.hadRecentInput).reduce((a, s) => a + s.value, 0),
                 asof: document.querySelector('input#asof').value,
                 badges: [...document.querySelectorAll('tr[data-cluster-id] .badge')].map(b => b.textContent),
             })));",
            vec![],
        )
        .await
        .map(|r| r.json().clone())
        .unwrap_or(Value::Null);
    browser.assert_no_panic("a first visit").await;
    browser.quit().await;
    (seen["sum"].as_f64().unwrap_or(f64::MAX), seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_moves_when_the_app_takes_the_page_over() {
    // On 1 June 2016 some of the first page's labels were valid: at build time (today) none is.
    let valid_then = clusters(&dataset())
        .iter()
        .any(|c| ("2016-06-01".."2026-01-01").contains(&field(c, "valid_until")));
    assert!(valid_then);
    for (width, height) in [(1280, 1000), (390, 844)] {
        let (sum, seen) = shifts_of_a_first_visit(width, height, "2016-06-01").await;
        assert!(
            sum <= 0.01,
            "{width} × {height}: layout shifts sum to {sum}: {seen}"
        );
        assert_eq!(seen["asof"], json!("2016-06-01"), "{seen}");
        let badges: Vec<String> =
            serde_json::from_value(seen["badges"].clone()).unwrap_or_default();
        assert!(
            badges.iter().any(|b| b.starts_with("Valid")),
            "{width} × {height}: the statuses as of the (faked) day: {badges:?}"
        );
    }
}

/// The rows in the page as the server sends it (rendered by Leptos at build time) and the rows
/// the app draws by hand once it runs are the same elements, attributes and text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_prerendered_rows_are_the_rows_the_app_draws() {
    let app = Atlas::start().await;
    app.open_loaded("/").await;
    let compared = app
        .driver()
        .execute_async(
            "const done = arguments[0];
             // Each node as text: its tag, its attributes in order of name, its children; no
             // comments (Leptos marks its text nodes with them).
             const shape = n => n.nodeType === 3 ? JSON.stringify(n.textContent)
                 : n.nodeType !== 1 ? ''
                 : '<' + n.tagName.toLowerCase() + [...n.attributes].map(a => ' ' + a.name + '=' + JSON.stringify(a.value)).sort().join('')
                   + '>' + [...n.childNodes].map(shape).filter(s => s !== '' && s !== '\"\"').join('') + '</>';
             const rows = root => [...root.querySelectorAll('table.clusters tbody tr')].map(shape);
             fetch(location.href).then(r => r.text()).then(html => {
                 const sent = new DOMParser().parseFromString(html, 'text/html');
                 done({sent: rows(sent), drawn: rows(document)});
             });",
            vec![],
        )
        .await
        .map(|r| r.json().clone())
        .unwrap_or(Value::Null);
    let rows = |k: &str| -> Vec<String> {
        serde_json::from_value(compared[k].clone()).unwrap_or_default()
    };
    let (sent, drawn) = (rows("sent"), rows("drawn"));
    assert_eq!(sent.len(), 50, "rows in the page as sent");
    for (i, (s, d)) in sent.iter().zip(&drawn).enumerate() {
        assert_eq!(s, d, "row {i}");
    }
    assert_eq!(sent.len(), drawn.len());
    app.quit().await;
}

/// WebKit's own console, while the page loads and the app takes it over, holds no error (it
/// once said "Unrecognized Content-Security-Policy directive 'manifest-src'" on every load).
/// WebDriver does not pass WebKit's console on, so MiniBrowser runs here by itself, until the app
/// has shown its view and asks for its offline worker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webkit_loads_the_atlas_with_nothing_in_red_on_its_console() {
    let server = Server::start();
    let scratch = TempDir::new("webkit-console");
    let lines =
        engines::webkit_console(&scratch, &server.url("/"), || server.hits("sw.js") > 0).await;
    let errors: Vec<&String> = lines.iter().filter(|l| l.contains("ERROR")).collect();
    assert!(
        errors.is_empty(),
        "in WebKit, loading /: errors on the console:\n{}\n--- all it printed ---\n{}",
        errors
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        lines.join("\n")
    );
}

/// The map's sprite, the page's largest file after the wasm, is fetched once the map can be seen:
/// on a desktop at once, before the app runs; on a phone, whose map starts in the closed "Map and
/// filters" sheet, not while the wasm comes, but as soon as the sheet is opened.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_maps_sprite_is_fetched_once_the_map_can_be_seen() {
    const SPRITE: &str = "data/world.svg";
    const MAP_DRAWN: &str = "const land = document.querySelector('svg.map use.land');
         return !!land && land.getBoundingClientRect().width > 100;";
    let (app, wasm) = with_the_wasm_held().await;

    app.open("/").await;
    app.server.wait_hits(&wasm, 1).await;
    app.wait_js(
        "the map drawn on a desktop before the app runs",
        MAP_DRAWN,
        vec![],
    )
    .await;
    app.server.wait_hits(SPRITE, 1).await;

    app.emulate_phone(390, 844).await;
    app.open("/").await;
    app.server.wait_hits(&wasm, 2).await;
    app.wait_js(
        "the page parsed and boot.js run",
        "return document.readyState !== 'loading' && performance.getEntriesByName('atlas:request').length > 0;",
        vec![],
    )
    .await;
    app.check(
        app.server.hits(SPRITE) == 1 && !app.exists("svg.map").await,
        &format!(
            "on a phone, the sprite asked for {} times before the map is seen",
            app.server.hits(SPRITE)
        ),
    )
    .await;
    app.click("button.explore-toggle").await;
    app.wait_js("the map drawn once the sheet opens", MAP_DRAWN, vec![])
        .await;
    app.server.wait_hits(SPRITE, 2).await;
    app.check(
        !app.exists("html[data-app]").await,
        "the app ran before the wasm was released",
    )
    .await;
    app.server.release();
    app.wait_app().await;
    app.wait_js("the app's map in the open sheet", MAP_DRAWN, vec![])
        .await;
}
