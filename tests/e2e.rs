#![cfg(not(target_arch = "wasm32"))]
//! End-to-end tests: the release build (`dist/`, see `make dist`) in headless Chromium.
//!
//! Each test starts its own static server (`support::Server`, with per-path overrides for
//! poisoned, missing or slow files), chromedriver and browser, so `cargo test` runs them in
//! parallel. Expected counts come from `public/data/clusters.json` itself, except the two the
//! issues name (270 clusters, 106 in Spain).

mod support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::{
    clusters, dataset, dataset_text, dist, field, fixture, fold, Atlas, Browser, Reply, Server,
    WAIT,
};
use thirtyfour::prelude::*;

/// Clusters in the committed dataset (issue 1).
const TOTAL: usize = 270;
/// Clusters in Spain (issue 4).
const SPAIN: usize = 106;

/// How many records of the committed dataset satisfy `keep`.
fn count_where(keep: impl Fn(&Value) -> bool) -> usize {
    clusters(&dataset()).iter().filter(|c| keep(c)).count()
}

/// The label status of a record on `asof` (ISO dates), as the app words it, by the rule the
/// README states: a label holds two years up to its end, then is renewable for a year.
fn status_on(record: &Value, asof: &str) -> &'static str {
    let until = field(record, "valid_until");
    let shift = |years: i32| {
        let year: i32 = until[..4].parse().unwrap_or(0);
        format!("{}{}", year + years, &until[4..])
    };
    if shift(-2).as_str() > asof {
        "Not yet labelled"
    } else if until >= asof {
        "Valid"
    } else if shift(1).as_str() >= asof {
        "Renewable"
    } else {
        "Expired"
    }
}

/// The name of a country code, from the dataset's country list.
fn country_name(data: &Value, code: &str) -> String {
    data["countries"]
        .as_array()
        .and_then(|list| list.iter().find(|c| field(c, "code") == code))
        .map(|c| field(c, "name").to_string())
        .unwrap_or_else(|| code.to_string())
}

/// The records whose folded name, sector, country name or website contain every word of `q`:
/// the app's search rule, predicted independently.
fn matching(q: &str, keep: impl Fn(&Value) -> bool) -> usize {
    let data = dataset();
    let words: Vec<String> = fold(q).split_whitespace().map(str::to_string).collect();
    clusters(&data)
        .iter()
        .filter(|c| keep(c))
        .filter(|c| {
            let fields = [
                fold(field(c, "name")),
                fold(field(c, "sector")),
                fold(&country_name(&data, field(c, "country"))),
                fold(field(c, "website")),
            ];
            words
                .iter()
                .all(|w| fields.iter().any(|f| f.contains(w.as_str())))
        })
        .count()
}

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
        "const p = document.querySelector(`[data-country=\"${arguments[0]}\"]`);
         return p && p.closest('g') ? p.closest('g').getAttribute('aria-pressed') : null;",
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
                const path = document.querySelector(`[data-country=\"${code}\"]`);
                const g = path ? path.closest('g[role=\"button\"]') : null;
                return [code, a.textContent.trim(), g ? g.getAttribute('aria-label') : null];
             });",
            vec![],
        )
        .await;
    serde_json::from_value(pairs).unwrap_or_default()
}

async fn history_length(app: &Browser) -> i64 {
    app.js("return history.length;", vec![])
        .await
        .as_i64()
        .unwrap_or(-1)
}

async fn key(app: &Browser, key: Key) {
    if let Err(e) = app.driver().action_chain().send_keys(key).perform().await {
        app.fail(&format!("key press: {e}")).await;
    }
}

/// The rows of a CSV file, header included, read by the `csv` crate (RFC 4180).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|row| {
            row.expect("well-formed CSV")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// Waits for a finished download whose name ends with `extension`.
async fn wait_download(app: &Browser, extension: &str) -> PathBuf {
    let deadline = Instant::now() + WAIT;
    loop {
        let done: Vec<PathBuf> = std::fs::read_dir(app.downloads())
            .map(|dir| {
                dir.flatten()
                    .map(|e| e.path())
                    .filter(|p| p.to_string_lossy().ends_with(extension))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(path) = done.into_iter().next() {
            return path;
        }
        if Instant::now() > deadline {
            let seen: Vec<String> = std::fs::read_dir(app.downloads())
                .map(|d| {
                    d.flatten()
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            app.fail(&format!(
                "no {extension} file in {} after {WAIT:?} (found: {seen:?})",
                app.downloads().display()
            ))
            .await;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

// ---------------------------------------------------------------------------------------------
// 1. The shell
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shell_starts_under_its_content_security_policy() {
    assert_eq!(clusters(&dataset()).len(), TOTAL, "the committed dataset");
    let app = Atlas::start().await;
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

// ---------------------------------------------------------------------------------------------
// 2. The map (issue 4)
// ---------------------------------------------------------------------------------------------

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
async fn map_click_selects_a_country_and_back_returns() {
    require_map_asset();
    let app = Atlas::start().await;
    app.open_loaded("/").await;
    app.wait_for("g.country[role=\"button\"] [data-country=\"ES\"]")
        .await;
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

    app.driver().back().await.expect("back");
    app.wait_search("?country=ES").await;
    app.wait_count(SPAIN).await;
    assert_eq!(pressed(&app, "ES").await, json!("true"));
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
        app.wait_for("g.country[role=\"button\"][tabindex=\"0\"]")
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
    app.wait_for("g.country[role=\"button\"]").await;
    let mut reached = None;
    for press in 1..=200 {
        key(&app, Key::Tab).await;
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
    key(&app, Key::Enter).await;
    app.wait_search("?country=FR").await;
    app.wait_count(france).await;
    app.assert_no_panic("keyboard").await;
    app.quit().await;
}

// ---------------------------------------------------------------------------------------------
// 3. Browsing (issue 5)
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_counts_what_the_data_holds_and_marks_it() {
    let expected = matching("aragon", |_| true);
    assert!(expected > 0, "the dataset has clusters of Aragon");
    let app = Atlas::start().await;
    app.open("/?q=aragon").await;
    app.wait_count(expected).await;
    assert_eq!(app.search().await, "?q=aragon");
    let rows = app
        .js(
            "return [...document.querySelectorAll('tr[data-cluster-id]')].map(r => {
                const name = r.querySelector('th');
                return [name ? name.textContent : '', [...r.querySelectorAll('mark')].map(m => m.textContent)];
             });",
            vec![],
        )
        .await;
    let rows: Vec<(String, Vec<String>)> = serde_json::from_value(rows).unwrap_or_default();
    assert_eq!(rows.len(), expected.min(50));
    let mut marks = 0;
    for (name, marked) in &rows {
        if fold(name).contains("aragon") {
            assert!(
                !marked.is_empty(),
                "{name:?} matches in its name but nothing is marked"
            );
        }
        for m in marked {
            assert_eq!(fold(m), "aragon", "a mark in {name:?}");
        }
        marks += marked.len();
    }
    assert!(marks > 0, "mark elements in the names");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_replaces_history_and_filters_push_it() {
    let data = dataset();
    let ict = data["sectors"]
        .as_array()
        .and_then(|s| s.iter().find(|s| field(s, "name") == "ICT"))
        .map(|s| field(s, "slug").to_string())
        .expect("an ICT sector");
    let ict_count = clusters(&data)
        .iter()
        .filter(|c| field(c, "sector") == "ICT")
        .count();
    let app = Atlas::start().await;
    app.open_loaded("/").await;

    let before = history_length(&app).await;
    let input = app.wait_for("input#search").await;
    input.click().await.expect("focus the search box");
    let typed = "pole";
    for end in 1..=typed.len() {
        input.send_keys(&typed[end - 1..end]).await.expect("type");
        app.wait_search(&format!("?q={}", &typed[..end])).await;
    }
    app.wait_count(matching(typed, |_| true)).await;
    let after = history_length(&app).await;
    assert_eq!(
        before, after,
        "typing four letters must not add history entries"
    );

    app.open_loaded("/").await;
    let before = history_length(&app).await;
    let checkbox = format!("input#sector-{ict}");
    app.click(&checkbox).await;
    app.wait_search(&format!("?sector={ict}")).await;
    app.wait_count(ict_count).await;
    assert_eq!(
        history_length(&app).await,
        before + 1,
        "a filter is one history step"
    );
    let checked = format!("return document.querySelector('{checkbox}').checked;");
    assert_eq!(app.js(&checked, vec![]).await, json!(true));

    app.driver().back().await.expect("back");
    app.wait_search("").await;
    app.wait_count(TOTAL).await;
    app.wait_js(
        "the sector box unticked after Back",
        &checked.replace("return ", "return !"),
        vec![],
    )
    .await;
    app.assert_no_panic("typing and filters").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shared_link_shows_the_same_rows_in_another_session() {
    let link = "/?country=ES,IT&sector=ict&sort=-valid_until&q=cluster";
    let expected = matching("cluster", |c| {
        ["ES", "IT"].contains(&field(c, "country")) && field(c, "sector") == "ICT"
    });
    assert!(expected > 1);
    let server = Server::start();
    let mut seen = Vec::new();
    for session in 0..2 {
        let browser = Browser::launch().await;
        browser.open(&server.url(link)).await;
        browser.wait_count(expected).await;
        let mut params = browser.query().await;
        params.sort();
        let want = [
            ("country", "ES,IT"),
            ("q", "cluster"),
            ("sector", "ict"),
            ("sort", "-valid_until"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(params, want, "session {session}: the link keeps its view");
        let ids = browser.row_ids().await;
        let dates = browser.row_dates().await;
        assert_eq!(ids.len(), expected);
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "session {session}: not by valid_until descending: {dates:?}"
        );
        seen.push(ids);
        browser.quit().await;
    }
    assert_eq!(seen[0], seen[1], "two sessions, one link, different rows");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_link_values_are_dropped_and_said_and_headers_sort() {
    let app = Atlas::start().await;
    let junk = format!("/?country=ZZ&sector=nope&q={}", "x".repeat(5000));
    app.open(&junk).await;
    app.wait_count(TOTAL).await;
    app.wait_for("[data-testid=\"url-notice\"]").await;
    app.wait_search("").await;
    let notice = app.text("[data-testid=\"url-notice\"]").await;
    assert!(notice.contains("ZZ") && notice.contains("nope"), "{notice}");
    app.assert_no_panic("unknown values").await;

    // By name (the default): records without a name come last.
    let data = dataset();
    let unnamed: Vec<String> = clusters(&data)
        .iter()
        .filter(|c| field(c, "name").trim().is_empty())
        .map(|c| field(c, "id").to_string())
        .collect();
    assert!(
        !unnamed.is_empty(),
        "the dataset has a record without a name"
    );
    app.open(&format!("/?page={}", TOTAL.div_ceil(50))).await;
    app.wait_count(TOTAL).await;
    let last_page = app.row_ids().await;
    let mut tail = last_page[last_page.len().saturating_sub(unnamed.len())..].to_vec();
    tail.sort();
    let mut unnamed_sorted = unnamed.clone();
    unnamed_sorted.sort();
    assert_eq!(
        tail, unnamed_sorted,
        "records without a name sort last: {last_page:?}"
    );
    app.open_loaded("/").await;

    let all_dates: Vec<String> = clusters(&data)
        .iter()
        .map(|c| field(c, "valid_until").to_string())
        .collect();
    let earliest = all_dates.iter().min().cloned().unwrap_or_default();
    let latest = all_dates.iter().max().cloned().unwrap_or_default();
    let header = "th:has(> button[data-sort=\"valid_until\"])";
    app.click("button[data-sort=\"valid_until\"]").await;
    app.wait_search("?sort=valid_until").await;
    app.wait_js(
        "aria-sort=ascending on Valid until",
        &format!(
            "return document.querySelector('{header}').getAttribute('aria-sort') === 'ascending';"
        ),
        vec![],
    )
    .await;
    let dates = app.row_dates().await;
    assert_eq!(dates.len(), 50);
    assert!(
        dates.windows(2).all(|w| w[0] <= w[1]),
        "ascending: {dates:?}"
    );
    assert_eq!(dates[0], earliest);

    app.click("button[data-sort=\"valid_until\"]").await;
    app.wait_search("?sort=-valid_until").await;
    app.wait_js(
        "aria-sort=descending on Valid until",
        &format!(
            "return document.querySelector('{header}').getAttribute('aria-sort') === 'descending';"
        ),
        vec![],
    )
    .await;
    let dates = app.row_dates().await;
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "descending: {dates:?}"
    );
    assert_eq!(dates[0], latest);
    app.quit().await;
}

// ---------------------------------------------------------------------------------------------
// 4. Label status, detail, export (issue 6)
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn label_status_as_of_a_date() {
    let expected = count_where(|c| status_on(c, "2016-01-01") == "Valid");
    let app = Atlas::start().await;
    app.open("/?asof=2016-01-01&status=valid").await;
    app.wait_count(expected).await;
    let state = app
        .js(
            "return {
                asof: document.querySelector('input#asof').value,
                valid: document.querySelector('input#status-valid').checked,
                badges: [...document.querySelectorAll('tr[data-cluster-id] .badge')].map(b => b.textContent.trim()),
             };",
            vec![],
        )
        .await;
    assert_eq!(state["asof"], json!("2016-01-01"));
    assert_eq!(state["valid"], json!(true));
    let badges: Vec<String> = serde_json::from_value(state["badges"].clone()).unwrap_or_default();
    assert_eq!(badges.len(), expected.min(50));
    assert!(badges.iter().all(|b| b.ends_with("Valid")), "{badges:?}");
    assert!(app
        .row_dates()
        .await
        .iter()
        .all(|d| d.as_str() >= "2016-01-01"));
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn detail_opens_from_a_row_and_from_a_link_and_back_closes_it() {
    let app = Atlas::start().await;
    app.open_loaded("/").await;
    let id = app.row_ids().await.first().cloned().expect("a first row");
    app.click(&format!("tr[data-cluster-id=\"{id}\"] th a"))
        .await;
    app.wait_for("[data-testid=\"detail\"]").await;
    assert_eq!(app.param("cluster").await.as_deref(), Some(id.as_str()));
    let detail = app.text("[data-testid=\"detail\"]").await;
    assert!(
        detail.contains(&id),
        "the detail shows the record id: {detail}"
    );

    app.driver().back().await.expect("back");
    app.wait_gone("[data-testid=\"detail\"]").await;
    assert_eq!(app.param("cluster").await, None);
    app.wait_count(TOTAL).await;

    app.open("/?cluster=it-unnamed-food-industry-20170204")
        .await;
    app.wait_for("[data-testid=\"detail\"] [data-testid=\"flags\"]")
        .await;
    let flags = app.text("[data-testid=\"flags\"]").await;
    assert!(flags.contains("without a name"), "{flags}");
    app.assert_no_panic("detail").await;
    app.quit().await;
}

/// By keyboard, as a new user would: Enter on a row's link opens the detail with the focus in
/// it; Escape, or Enter on ×, closes it and puts the focus back on that link.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_the_detail_puts_the_focus_back_on_its_link() {
    let app = Atlas::start().await;
    app.open_loaded("/").await;
    let id = app.row_ids().await.first().cloned().expect("a first row");
    let link = format!("tr[data-cluster-id=\"{id}\"] th a");
    let focused_is = |css: &'static str| {
        format!("return document.activeElement === document.querySelector('{css}');")
    };
    for by_button in [false, true] {
        app.wait_for(&link)
            .await
            .focus()
            .await
            .expect("focus the row's link");
        key(&app, Key::Enter).await;
        app.wait_for("[data-testid=\"detail\"]").await;
        app.wait_js(
            "the focus in the detail",
            &focused_is("#detail-heading"),
            vec![],
        )
        .await;
        if by_button {
            // From the heading, Tab reaches ×.
            key(&app, Key::Tab).await;
            app.wait_js(
                "the focus on ×",
                &focused_is("[data-testid=\"detail\"] button.close"),
                vec![],
            )
            .await;
        }
        key(&app, if by_button { Key::Enter } else { Key::Escape }).await;
        app.wait_gone("[data-testid=\"detail\"]").await;
        app.wait_js(
            "the focus back on the row's link",
            "return document.activeElement === document.querySelector(arguments[0]);",
            vec![json!(link)],
        )
        .await;
    }
    app.assert_no_panic("closing the detail").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_csv_holds_the_rows_of_the_view() {
    let expected = count_where(|c| field(c, "country") == "ES" && field(c, "sector") == "ICT");
    assert!(expected > 1 && expected < 50, "a one-page view");
    let app = Atlas::start().await;
    app.open("/?country=ES&sector=ict").await;
    app.wait_count(expected).await;
    let shown = app.row_ids().await;
    assert_eq!(shown.len(), expected);

    app.click("[data-testid=\"export-csv\"]").await;
    let file = wait_download(&app, ".csv").await;
    let name = file
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    assert!(name.starts_with("clusters-ES-ict"), "file name {name}");
    let text = std::fs::read_to_string(&file).expect("the CSV is UTF-8");
    let rows = parse_csv(&text);
    assert_eq!(
        rows.first().and_then(|h| h.first()).map(String::as_str),
        Some("id"),
        "{text}"
    );
    let ids: Vec<String> = rows[1..].iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids, shown, "the CSV rows are the rows on screen, in order");
    let status = app.text("[data-testid=\"toolbar-status\"]").await;
    assert!(
        status.contains(&expected.to_string()),
        "toolbar status: {status}"
    );
    app.quit().await;
}

// ---------------------------------------------------------------------------------------------
// 5. Accessibility (issue 7)
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accessibility_axe_finds_nothing_and_a_phone_width_does_not_scroll_sideways() {
    let axe_path = support::root().join("node_modules/axe-core/axe.min.js");
    let axe = std::fs::read_to_string(&axe_path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}. axe-core comes from npm: run `npm ci` (or `make setup-test`).",
            axe_path.display()
        )
    });
    let app = Atlas::start().await;
    let views = [
        ("/", "[data-testid=\"result-count\"]"),
        ("/?country=ES", "tr[data-cluster-id]"),
        ("/?q=zzzzqqq", "[data-testid=\"empty-state\"]"),
        ("/?cluster=es-aertic", "[data-testid=\"detail\"]"),
        ("/?compare=ES,FR,IT", "[data-testid=\"compare-table\"]"),
        ("/?country=FR&embed=1", "[data-testid=\"open-full\"]"),
    ];
    let mut report = Vec::new();
    for (view, ready) in views {
        report.extend(axe_violations(&app, &axe, view, ready).await);
    }
    // The same views for someone who asked for dark colours and less motion: axe checks the
    // dark palette's contrast too.
    let cdp = app.driver().cdp();
    cdp.send_raw(
        "Emulation.setEmulatedMedia",
        json!({"features": [
            {"name": "prefers-color-scheme", "value": "dark"},
            {"name": "prefers-reduced-motion", "value": "reduce"},
        ]}),
    )
    .await
    .expect("Emulation.setEmulatedMedia");
    for (view, ready) in views {
        let dark_view = format!("{view} (dark, reduced motion)");
        report.extend(
            axe_violations(&app, &axe, view, ready)
                .await
                .into_iter()
                .map(|v| v.replacen(view, &dark_view, 1)),
        );
    }
    let looks = app
        .js(
            "const bg = getComputedStyle(document.body).backgroundColor;
             const lum = bg.match(/\\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0);
             const moving = [...document.querySelectorAll('*')].filter(e => {
                 const s = getComputedStyle(e);
                 return parseFloat(s.transitionDuration) > 0.01 || parseFloat(s.animationDuration) > 0.01;
             }).length;
             return {bg, lum, moving};",
            vec![],
        )
        .await;
    assert!(
        looks["lum"].as_i64().is_some_and(|l| l < 3 * 80),
        "dark mode was asked for, but the page background is {}",
        looks["bg"]
    );
    assert_eq!(
        looks["moving"].as_i64(),
        Some(0),
        "reduced motion was asked for, but elements still animate"
    );
    cdp.send_raw("Emulation.setEmulatedMedia", json!({"features": []}))
        .await
        .expect("Emulation.setEmulatedMedia");
    assert!(report.is_empty(), "axe violations:\n{}", report.join("\n"));

    app.driver()
        .set_window_rect(0, 0, 360, 1000)
        .await
        .expect("a 360 px window");
    app.open_loaded("/").await;
    let sizes = app
        .js(
            "const d = document.documentElement, b = document.body;
             return {inner: innerWidth, docScroll: d.scrollWidth, docClient: d.clientWidth,
                     bodyScroll: b.scrollWidth, bodyClient: b.clientWidth};",
            vec![],
        )
        .await;
    let n = |k: &str| sizes[k].as_i64().unwrap_or(i64::MAX);
    assert!(n("inner") <= 400, "the window is phone-sized: {sizes}");
    assert!(
        n("docScroll") <= n("docClient") + 1 && n("bodyScroll") <= n("bodyClient") + 1,
        "horizontal scroll at 360 px: {sizes}"
    );
    app.quit().await;
}

/// axe-core's violations on one view, each as a readable paragraph.
async fn axe_violations(app: &Atlas, axe: &str, view: &str, ready: &str) -> Vec<String> {
    app.open_loaded(view).await;
    app.wait_for(ready).await;
    app.js(axe, vec![]).await;
    let result = app
        .driver()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {resultTypes: ['violations']})
                .then(r => done({violations: r.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ')),
                }))}))
                .catch(e => done({error: String(e)}));",
            vec![],
        )
        .await
        .map(|r| r.json().clone());
    let result = match result {
        Ok(r) => r,
        Err(e) => app.fail(&format!("axe.run on {view}: {e}")).await,
    };
    if let Some(error) = result.get("error") {
        app.fail(&format!("axe.run on {view} failed: {error}"))
            .await;
    }
    app.check(
        result["violations"].is_array(),
        &format!("axe.run on {view}: {result}"),
    )
    .await;
    result["violations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| {
            format!(
                "{view}: {} ({}): {}\n    {}",
                field(v, "id"),
                field(v, "impact"),
                field(v, "help"),
                v["nodes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("\n    ")
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 6. Security (issue 7)
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poisoned_dataset_cannot_run_script_or_link_out() {
    let path = fixture("poisoned.json");
    let text = std::fs::read_to_string(&path).expect("tests/fixtures/poisoned.json");
    let data: Value = serde_json::from_str(&text).expect("the fixture is JSON");
    let records = clusters(&data);
    let required = ["id", "country", "sector", "valid_until"];
    let unusable: Vec<usize> = records
        .iter()
        .enumerate()
        .filter(|(_, c)| required.iter().any(|f| field(c, f).is_empty()))
        .map(|(i, _)| i + 1)
        .collect();
    let usable = records.len() - unusable.len();
    assert!(!unusable.is_empty() && usable > 5);

    let app = Atlas::start().await;
    app.server
        .set("data/clusters.json", Reply::json(text.clone()));
    app.open("/").await;
    app.wait_count(usable).await;
    app.wait_for("[data-testid=\"data-notice\"]").await;
    let notice = app.text("[data-testid=\"data-notice\"]").await;
    assert!(
        notice.contains("valid_until"),
        "the notice says what is wrong: {notice}"
    );
    for position in &unusable {
        assert!(notice.contains(&format!("Record {position}")), "{notice}");
    }

    let check_page = |when: &'static str| {
        let app = &app;
        async move {
            let page = app
                .js(
                    "const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href').trim().toLowerCase());
                     return {
                        pwned: typeof window.__pwned,
                        tableImages: document.querySelectorAll('table img, [data-testid=\"detail\"] img').length,
                        badLinks: links.filter(h => h.startsWith('javascript:') || h.startsWith('data:')),
                        handlers: document.querySelectorAll('[onerror], [onmouseover], [onload]').length,
                        strayScripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('__pwned')).length,
                     };",
                    vec![],
                )
                .await;
            let expected = json!({"pwned": "undefined", "tableImages": 0, "badLinks": [], "handlers": 0, "strayScripts": 0});
            app.check(page == expected, &format!("{when}: {page}"))
                .await;
        }
    };
    check_page("the list").await;

    let table = app
        .js(
            "return {
                text: document.querySelector('table').textContent,
                longest: Math.max(...[...document.querySelectorAll('tr[data-cluster-id] th')].map(t => t.textContent.length)),
                external: [...document.querySelectorAll('table a[href^=\"http\"]')].map(a => [a.getAttribute('href'), a.rel]),
             };",
            vec![],
        )
        .await;
    let shown = table["text"].as_str().unwrap_or_default();
    assert!(
        shown.contains("<img src=x onerror=")
            && shown.contains("<script>window.__pwned=1</script>"),
        "hostile names are shown as text"
    );
    assert!(
        table["longest"].as_i64().unwrap_or(i64::MAX) < 1000,
        "a 10,000-character name is cut"
    );
    assert_eq!(
        table["external"],
        json!([["https://www.good-one.es", "noopener noreferrer"]]),
        "only the good website is a link"
    );
    let ids = app.row_ids().await;
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        ids.len(),
        "duplicate ids are made distinct: {ids:?}"
    );

    for id in ["x-js", "x-data", "x-img", "x-script"] {
        app.click(&format!("tr[data-cluster-id=\"{id}\"] th a"))
            .await;
        app.wait_js(
            &format!("the detail of {id}"),
            "const d = document.querySelector('[data-testid=\"detail\"]');
             return !!d && d.textContent.includes(arguments[0]);",
            vec![json!(id)],
        )
        .await;
        check_page("a detail").await;
    }
    app.assert_no_panic("poisoned dataset").await;
    app.quit().await;
}

// ---------------------------------------------------------------------------------------------
// 7. Robustness (issue 7)
// ---------------------------------------------------------------------------------------------

const DATA: &str = "data/clusters.json";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_errors_are_said_and_retry_recovers() {
    let app = Atlas::start_without_worker().await;
    app.server.set(DATA, Reply::status(404));
    app.open("/").await;
    app.wait_for("[data-testid=\"load-error\"] button").await;
    let error = app.text("[data-testid=\"load-error\"]").await;
    assert!(error.contains("404") && error.contains("Retry"), "{error}");
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

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

/// A hostile query string from a fixed-seed generator: the same URLs on every run.
fn hostile_query(rng: &mut fastrand::Rng) -> String {
    const KEYS: &[&str] = &[
        "country",
        "sector",
        "status",
        "q",
        "sort",
        "asof",
        "page",
        "cluster",
        "map",
        "",
        "Q",
        "q%00",
        "%71",
        "country[]",
        "é",
        "sort=",
        "&",
    ];
    const PIECES: &[&str] = &[
        "%",
        "%%",
        "%2",
        "%zz",
        "%00",
        "%0A",
        "%FF",
        "%E9",
        "%F0%9F",
        "%C3%A9",
        "&",
        "=",
        "==",
        "+",
        ",",
        ",,",
        "#",
        "?",
        "/",
        ";",
        "-",
        "--",
        ".",
        "~",
        "ES",
        "es",
        "ZZ",
        "ict",
        "valid",
        "expired",
        "-name",
        "valid_until",
        "9999-99-99",
        "2016-02-29",
        "0",
        "-1",
        "18446744073709551616",
        "é",
        "ß",
        "日本",
        "𝄞",
        "\u{202e}",
        "\u{feff}",
        "x",
        "aragon",
        "es-aertic",
        "world",
    ];
    let mut pairs = Vec::new();
    for _ in 0..1 + rng.usize(..6) {
        let key = pick(rng, KEYS);
        let value = if rng.usize(..6) == 0 {
            pick(rng, &["x", "é", "%", ",a", "𝄞"]).repeat(1000 + rng.usize(..5000))
        } else {
            (0..rng.usize(..12)).map(|_| pick(rng, PIECES)).collect()
        };
        let pair = format!("{key}={value}");
        if rng.usize(..4) == 0 {
            pairs.push(pair.clone());
        }
        pairs.push(pair);
    }
    pairs.join("&")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_query_strings_never_break_the_page() {
    let mut rng = fastrand::Rng::with_seed(0x5eed_ec31_a71a_5001);
    let app = Atlas::start().await;
    for i in 0..20 {
        let query = hostile_query(&mut rng);
        let shown: String = query.chars().take(200).collect();
        app.open(&format!("/?{query}")).await;
        app.wait_loaded().await;
        app.assert_no_panic(&format!("random URL {i}: /?{shown}"))
            .await;
    }
    app.quit().await;
}

// ---------------------------------------------------------------------------------------------
// 8. The first visit (issue 16)
// ---------------------------------------------------------------------------------------------

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
                 countries: document.querySelectorAll('svg.map g.country[role=\"button\"]').length,
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
            badges.iter().any(|b| b == "Valid"),
            "{width} × {height}: the statuses as of the (faked) day: {badges:?}"
        );
    }
}

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
    browser.assert_no_panic("a phone").await;
    browser.quit().await;
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

// ---------------------------------------------------------------------------------------------
// 9. Renewal deadlines through time (issue 17)
// ---------------------------------------------------------------------------------------------

/// A dataset with every level, one of them unknown to the app.
fn levels_fixture() -> String {
    std::fs::read_to_string(fixture("levels.json")).expect("tests/fixtures/levels.json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_label_facet_counts_levels_and_filters_by_them() {
    let app = Atlas::start().await;
    app.server.set(DATA, Reply::json(levels_fixture()));
    app.open_loaded("/").await;
    let counts = app
        .js(
            "return ['bronze', 'silver', 'gold', 'unknown'].map(k => {
                 const input = document.getElementById('label-' + k);
                 return input ? input.closest('li').querySelector('.count').textContent : null;
             });",
            vec![],
        )
        .await;
    assert_eq!(counts, json!(["1", "2", "1", "1"]), "counts per level");
    app.click("input#label-silver").await;
    app.wait_search("?label=silver").await;
    app.wait_count(2).await;
    let levels = app
        .js(
            "return [...document.querySelectorAll('tr[data-cluster-id] td.level')].map(t => t.textContent);",
            vec![],
        )
        .await;
    assert_eq!(levels, json!(["Silver", "Silver"]));
    app.wait_for("[data-testid=\"chips\"]").await;
    assert!(app
        .text("[data-testid=\"chips\"]")
        .await
        .contains("Label: Silver"));

    // The record with a level the app does not know is kept, and its detail says why.
    app.open_loaded("/?cluster=it-odd").await;
    app.wait_for("[data-testid=\"flags\"]").await;
    let detail = app.text("[data-testid=\"detail\"]").await;
    assert!(
        detail.contains("Unknown level") && detail.contains("not one of ECEI"),
        "{detail}"
    );
    app.assert_no_panic("levels").await;
    app.quit().await;
}

/// Before its assumed start (two years before it ends) a label is not yet in force.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn labels_not_yet_awarded_are_upcoming_not_valid() {
    let on = "2013-06-01";
    // Starts after 1 June 2013: ends after 1 June 2015.
    let upcoming = count_where(|c| field(c, "valid_until") > "2015-06-01");
    let valid = count_where(|c| {
        let until = field(c, "valid_until");
        until >= on && until <= "2015-06-01"
    });
    assert!(upcoming > 0 && valid > 0);
    let app = Atlas::start().await;
    app.open(&format!("/?asof={on}&status=upcoming")).await;
    app.wait_count(upcoming).await;
    let badges = app
        .js(
            "return [...new Set([...document.querySelectorAll('tr[data-cluster-id] .badge')].map(b => b.textContent))];",
            vec![],
        )
        .await;
    assert_eq!(badges, json!(["Not yet labelled"]));
    app.open(&format!("/?asof={on}&status=valid")).await;
    app.wait_count(valid).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expiry_window_from_a_link_from_the_month_inputs_and_from_the_chart() {
    let in_2016h1 =
        count_where(|c| ("2016-01-01".."2016-07-01").contains(&field(c, "valid_until")));
    assert!(in_2016h1 > 0);
    let app = Atlas::start().await;
    app.open("/?expires=2016-01..2016-06").await;
    app.wait_count(in_2016h1).await;
    app.wait_for("[data-testid=\"chips\"]").await;
    let chips = app.text("[data-testid=\"chips\"]").await;
    assert!(chips.contains("Expires: Jan 2016 – Jun 2016"), "{chips}");
    app.click("a.clear-all").await;
    app.wait_search("").await;
    app.wait_count(TOTAL).await;

    // A malformed window is said and dropped.
    app.open("/?expires=2016-13..x").await;
    app.wait_count(TOTAL).await;
    app.wait_for("[data-testid=\"url-notice\"]").await;
    app.wait_search("").await;

    // By keyboard: the two month inputs.
    let after_mid_2018 = count_where(|c| field(c, "valid_until") >= "2018-07-01");
    app.js(
        "const from = document.getElementById('expires-from');
         from.value = '2018-07';
         from.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![],
    )
    .await;
    app.wait_search("?expires=2018-07..").await;
    app.wait_count(after_mid_2018).await;

    // By pointer: a drag across the chart of labels in force.
    app.open_loaded("/").await;
    let chart = app.wait_for("svg.timeline").await;
    let _ = chart.scroll_into_view().await;
    let width = app
        .js(
            "return document.querySelector('svg.timeline').getBoundingClientRect().width;",
            vec![],
        )
        .await
        .as_f64()
        .unwrap_or(0.0) as i64;
    assert!(width > 300);
    if let Err(e) = app
        .driver()
        .action_chain()
        .move_to_element_with_offset(&chart, -width / 8, 0)
        .click_and_hold()
        .move_by_offset(width / 4, 0)
        .release()
        .perform()
        .await
    {
        app.fail(&format!("drag across the chart: {e}")).await;
    }
    let window = app
        .wait_js(
            "an expiry window in the URL",
            "return new URLSearchParams(location.search).get('expires');",
            vec![],
        )
        .await;
    let window = window.as_str().unwrap_or_default().to_string();
    let (from, to) = window.split_once("..").expect("a window with two ends");
    assert!(from.len() == 7 && to.len() == 7 && from < to, "{window}");
    let expected = count_where(|c| {
        let month = &field(c, "valid_until")[..7];
        month >= from && month <= to
    });
    app.wait_count(expected).await;
    app.wait_for("svg.timeline rect.window").await;
    app.assert_no_panic("the expiry window").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn play_steps_through_time_and_pause_writes_one_history_step() {
    let app = Atlas::start().await;
    app.open_loaded("/?asof=2013-01-01").await;
    let before = history_length(&app).await;
    app.click("[data-testid=\"play\"]").await;
    // The date moves on month by month; the URL stays where it was while it plays.
    app.wait_js(
        "the date to have moved on by two months",
        "return document.getElementById('asof').value >= '2013-03-01';",
        vec![],
    )
    .await;
    assert_eq!(app.search().await, "?asof=2013-01-01");
    assert_eq!(
        app.js(
            "return document.querySelector('[data-testid=\"play\"]').getAttribute('aria-pressed');",
            vec![]
        )
        .await,
        json!("true")
    );
    app.click("[data-testid=\"play\"]").await;
    let shown = app
        .wait_js(
            "Pause to write the date reached to the URL",
            "const d = document.getElementById('asof').value;
             return location.search === '?asof=' + d ? d : null;",
            vec![],
        )
        .await;
    let shown = shown.as_str().unwrap_or_default().to_string();
    assert!(shown.as_str() > "2013-02-01", "{shown}");
    assert_eq!(
        history_length(&app).await,
        before + 1,
        "Pause is one history step"
    );
    // The rows are as of the date reached.
    let expired = count_where(|c| status_on(c, &shown) == "Expired");
    app.open(&format!("/?asof={shown}&status=expired")).await;
    app.wait_count(expired).await;
    app.assert_no_panic("play").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calendar_holds_both_deadlines_of_every_row() {
    use icalendar::Component;
    let app = Atlas::start().await;
    app.open("/?country=ES&sector=ict").await;
    let expected = count_where(|c| field(c, "country") == "ES" && field(c, "sector") == "ICT");
    app.wait_count(expected).await;
    app.click("[data-testid=\"export-ics\"]").await;
    let file = wait_download(&app, ".ics").await;
    let name = file
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with("clusters-ES-ict-") && name.ends_with(".ics"),
        "{name}"
    );
    let text = std::fs::read_to_string(&file).expect("the calendar is UTF-8");
    assert!(
        text.split("\r\n").all(|l| l.len() <= 75),
        "lines fold at 75 octets"
    );
    let calendar: icalendar::Calendar = text.parse().expect("a calendar a real parser reads");
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    assert_eq!(events.len(), 2 * expected);
    let data = dataset();
    for c in clusters(&data)
        .iter()
        .filter(|c| field(c, "country") == "ES" && field(c, "sector") == "ICT")
    {
        let until = chrono::NaiveDate::parse_from_str(field(c, "valid_until"), "%Y-%m-%d").unwrap();
        let renew = until.checked_add_months(chrono::Months::new(12)).unwrap();
        for (kind, day) in [("valid-until", until), ("renew-by", renew)] {
            let uid = format!("{}.{kind}@ecei-cluster-atlas", field(c, "id"));
            let event = events
                .iter()
                .find(|e| e.get_uid() == Some(uid.as_str()))
                .unwrap_or_else(|| panic!("no event {uid}"));
            assert_eq!(
                event.get_start(),
                Some(icalendar::DatePerhapsTime::Date(day)),
                "{uid}"
            );
        }
    }
    app.quit().await;
}

/// Today, every label of the bundled lists has lapsed: one line says so and offers the day most
/// labels were in force.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_visit_is_told_when_the_lists_were_current() {
    let app = Atlas::start().await;
    app.open_loaded("/").await;
    let note = app.wait_for("[data-testid=\"data-times\"] a").await;
    let text = app.text("[data-testid=\"data-times\"]").await;
    assert!(
        text.contains("has lapsed") && text.contains("most labels in force"),
        "{text}"
    );
    let _ = note.scroll_into_view().await;
    note.click().await.expect("follow the link");
    let asof = app
        .wait_js(
            "the view as of the peak",
            "return new URLSearchParams(location.search).get('asof');",
            vec![],
        )
        .await;
    let asof = asof.as_str().unwrap_or_default().to_string();
    let valid = count_where(|c| status_on(c, &asof) == "Valid");
    app.open(&format!("/?asof={asof}&status=valid")).await;
    app.wait_count(valid).await;
    assert!(
        !app.exists("[data-testid=\"data-times\"]").await,
        "no note on a day labels were valid"
    );
    app.quit().await;
}

// ---------------------------------------------------------------------------------------------
// 10. Compare, pictures, print, embed and cite (issue 18)
// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comparing_three_countries_gives_their_figures_side_by_side() {
    let asof = "2016-01-01";
    let app = Atlas::start().await;
    app.open_loaded(&format!("/?asof={asof}")).await;
    for code in ["FR", "ES", "IT"] {
        app.click(&format!("button[data-compare=\"{code}\"]")).await;
        app.wait_for(&format!(
            "button[data-compare=\"{code}\"][aria-pressed=\"true\"]"
        ))
        .await;
    }
    app.wait_js(
        "compare= in the URL",
        "return new URLSearchParams(location.search).get('compare') === 'ES,FR,IT';",
        vec![],
    )
    .await;
    app.wait_for("[data-testid=\"compare-table\"]").await;
    let table = app
        .js(
            "const t = document.querySelector('[data-testid=\"compare-table\"]');
             return {
                 caption: t.caption.textContent,
                 heads: [...t.tHead.querySelectorAll('th')].map(th => th.textContent),
                 rows: [...t.tBodies].flatMap(b => [...b.rows]).map(r => [...r.cells].map(c => c.textContent)),
             };",
            vec![],
        )
        .await;
    let data = dataset();
    let names: Vec<String> = ["ES", "FR", "IT"]
        .iter()
        .map(|c| country_name(&data, c))
        .collect();
    assert_eq!(table["heads"], json!(names));
    assert_eq!(
        table["caption"],
        json!(format!(
            "Compare {}, {} and {}",
            names[0], names[1], names[2]
        ))
    );
    let rows: Vec<Vec<String>> = serde_json::from_value(table["rows"].clone()).unwrap_or_default();
    let row = |title: &str| -> Vec<String> {
        rows.iter()
            .find(|r| r.first().map(String::as_str) == Some(title))
            .map(|r| r[1..].to_vec())
            .unwrap_or_else(|| panic!("no row {title}: {rows:?}"))
    };
    let per_country = |keep: &dyn Fn(&Value) -> bool| -> Vec<String> {
        ["ES", "FR", "IT"]
            .iter()
            .map(|code| count_where(|c| field(c, "country") == *code && keep(c)).to_string())
            .collect()
    };
    assert_eq!(row("Clusters"), per_country(&|_| true));
    for status in ["Valid", "Renewable", "Expired", "Not yet labelled"] {
        assert_eq!(
            row(status),
            per_country(&|c| status_on(c, asof) == status),
            "{status}"
        );
    }
    // One row a sector, and every cluster in one of them.
    let sectors: Vec<&Vec<String>> = rows
        .iter()
        .skip_while(|r| r.first().map(String::as_str) != Some("Clusters by sector"))
        .skip(1)
        .collect();
    assert!(!sectors.is_empty());
    for (i, code) in ["ES", "FR", "IT"].iter().enumerate() {
        let sum: usize = sectors
            .iter()
            .map(|r| r[i + 1].parse::<usize>().unwrap_or(0))
            .sum();
        assert_eq!(
            sum,
            count_where(|c| field(c, "country") == *code),
            "{code} by sector"
        );
    }
    // The chart: a line a country, each named beside it.
    let labels = app
        .js(
            "return [...document.querySelectorAll('[data-picture=\"comparison\"] text.chart-label')].map(t => t.textContent);",
            vec![],
        )
        .await;
    for name in &names {
        assert!(
            labels.as_array().is_some_and(|l| l.contains(&json!(name))),
            "{name}: {labels}"
        );
    }
    // A search narrows the comparison too.
    app.open_loaded(&format!("/?asof={asof}&compare=ES,FR,IT&q=food"))
        .await;
    app.wait_for("[data-testid=\"compare-table\"]").await;
    let clusters = app
        .js(
            "const t = document.querySelector('[data-testid=\"compare-table\"]');
             return [...t.tBodies[0].rows[0].cells].slice(1).map(c => c.textContent);",
            vec![],
        )
        .await;
    let food: Vec<String> = ["ES", "FR", "IT"]
        .iter()
        .map(|code| matching("food", |c| field(c, "country") == *code).to_string())
        .collect();
    assert_eq!(clusters, json!(food), "the comparison follows the search");
    app.assert_no_panic("compare").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_map_downloads_as_a_picture_in_svg_and_png() {
    let app = Atlas::start().await;
    app.open_loaded("/?country=ES").await;
    app.wait_for("svg.map use").await;
    app.click("[data-testid=\"map-svg\"]").await;
    let file = wait_download(&app, ".svg").await;
    let text = std::fs::read_to_string(&file).expect("the SVG is UTF-8");
    let svg = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("well-formed SVG: {e}"));
    assert_eq!(svg.root_element().tag_name().name(), "svg");
    let paths = svg.descendants().filter(|n| n.has_tag_name("path")).count();
    assert!(
        paths > 100,
        "the country shapes are in the file itself: {paths} paths"
    );
    let words: String = svg
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        words.contains("Source: ESCA, ECEI label lists — ECEI Cluster Atlas"),
        "{words}"
    );
    assert!(words.contains("country=ES"), "the view's link: {words}");
    assert!(words.contains("Spain"), "the title names the view: {words}");

    app.click("[data-testid=\"map-png\"]").await;
    let file = wait_download(&app, ".png").await;
    let png = std::fs::read(&file).expect("the PNG");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG file");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert!(width >= 1600, "{width} px wide");
    app.assert_no_panic("pictures").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embed_shows_the_view_without_controls_and_opens_the_full_atlas() {
    let app = Atlas::start().await;
    app.open("/?country=FR&embed=1").await;
    let link = app.wait_for("[data-testid=\"open-full\"]").await;
    app.wait_count(count_where(|c| field(c, "country") == "FR"))
        .await;
    let shown = app
        .js(
            "return ['input#search', '.filters', '.toolbar', '.chips', '.explore-toggle']
                 .filter(s => [...document.querySelectorAll(s)].some(e => e.getClientRects().length > 0));",
            vec![],
        )
        .await;
    assert_eq!(shown, json!([]), "an embed shows no controls");
    let href = link.attr("href").await.ok().flatten().unwrap_or_default();
    assert!(
        href.contains("country=FR") && !href.contains("embed"),
        "{href}"
    );
    assert_eq!(
        link.attr("target").await.ok().flatten().as_deref(),
        Some("_blank")
    );
    // A link inside opens the full atlas in a new tab; the embed stays as it was.
    let before = app.driver().windows().await.map(|w| w.len()).unwrap_or(0);
    app.click("a[data-country-link=\"FR\"]").await;
    let deadline = Instant::now() + WAIT;
    while app.driver().windows().await.map(|w| w.len()).unwrap_or(0) <= before {
        assert!(Instant::now() < deadline, "no new tab");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.search().await, "?country=FR&embed=1");
    app.assert_no_panic("embed").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cite_and_embed_give_texts_that_name_the_view() {
    let version = dataset()["version"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(!version.is_empty());
    let app = Atlas::start().await;
    app.open_loaded("/?country=ES&asof=2016-01-01").await;
    app.click("[data-testid=\"cite\"] summary").await;
    app.wait_for("[data-testid=\"cite-text\"]").await;
    let citation = app.text("[data-testid=\"cite-text\"]").await;
    for part in [
        version.as_str(),
        "as of 1 January 2016",
        "Spain",
        "ESCA",
        "country=ES",
        "accessed",
    ] {
        assert!(citation.contains(part), "{part:?} in {citation}");
    }
    app.click("[data-testid=\"embed\"] summary").await;
    app.wait_for("[data-testid=\"embed-text\"]").await;
    let snippet = app.text("[data-testid=\"embed-text\"]").await;
    assert!(
        snippet.starts_with("<iframe src=\"")
            && snippet.contains("embed=1")
            && snippet.contains("title=\"ECEI Cluster Atlas: ")
            && snippet.contains("width=\"100%\""),
        "{snippet}"
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_printed_page_gives_the_view_in_words_and_all_its_rows_without_controls() {
    let spain = count_where(|c| field(c, "country") == "ES");
    assert!(spain > 50, "more rows than one page");
    let app = Atlas::start().await;
    app.driver()
        .cdp()
        .send_raw("Emulation.setEmulatedMedia", json!({"media": "print"}))
        .await
        .expect("Emulation.setEmulatedMedia");
    app.open("/?country=ES&compare=ES,FR").await;
    app.wait_app().await;
    // What a browser does when it prints.
    app.js("window.dispatchEvent(new Event('beforeprint'));", vec![])
        .await;
    app.wait_js(
        &format!("{spain} rows"),
        &format!("return document.querySelectorAll('tr[data-cluster-id]').length === {spain};"),
        vec![],
    )
    .await;
    let shown = app
        .js(
            "const shown = s => { const e = document.querySelector(s); return !!e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0; };
             return {
                 words: shown('[data-testid=\"view-in-words\"]'),
                 map: shown('svg.map'),
                 legend: shown('.legend'),
                 compare: shown('[data-testid=\"compare-table\"]'),
                 search: shown('input#search'),
                 buttons: [...document.querySelectorAll('button')].filter(b => !b.classList.contains('sort') && b.getClientRects().length > 0).map(b => b.textContent),
                 chipX: shown('.chip-x'),
             };",
            vec![],
        )
        .await;
    assert_eq!(
        shown,
        json!({"words": true, "map": true, "legend": true, "compare": true, "search": false, "buttons": [], "chipX": false}),
    );
    let words = app.text("[data-testid=\"view-in-words\"]").await;
    assert!(
        words.contains("Spain") && words.contains("as of"),
        "{words}"
    );
    app.assert_no_panic("print").await;
    app.quit().await;
}

// ---------------------------------------------------------------------------------------------
// 11. Offline and installable, and the data readable without the app (issue 19)
// ---------------------------------------------------------------------------------------------

/// Waits until a service worker controls the page, and returns its script's URL.
async fn wait_worker(app: &Browser) -> String {
    let url = app
        .wait_js(
            "an active service worker controlling the page",
            "const c = navigator.serviceWorker && navigator.serviceWorker.controller;
             return c && c.state === 'activated' ? c.scriptURL : null;",
            vec![],
        )
        .await;
    url.as_str().unwrap_or_default().to_string()
}

async fn network_offline(app: &Browser, offline: bool) {
    let cdp = app.driver().cdp();
    let _ = cdp.send_raw("Network.enable", json!({})).await;
    let conditions =
        json!({"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1});
    if let Err(e) = cdp
        .send_raw("Network.emulateNetworkConditions", conditions)
        .await
    {
        app.fail(&format!("Network.emulateNetworkConditions: {e}"))
            .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_one_visit_the_atlas_opens_offline_any_view_of_it() {
    let app = Atlas::start().await;
    app.open_loaded("/").await;
    let script = wait_worker(&app).await;
    assert!(script.ends_with("/sw.js"), "{script}");
    let cached = app
        .wait_js(
            "the build's cache",
            "return caches.keys().then(k => k.length ? k : null);",
            vec![],
        )
        .await;
    assert!(
        cached.as_array().is_some_and(|k| k.len() == 1 && k[0].as_str().is_some_and(|n| n.starts_with("atlas-"))),
        "one cache, named after the build: {cached}"
    );

    network_offline(&app, true).await;
    let pages = app.server.hits("index.html");
    let expected = matching("pole", |c| field(c, "country") == "FR");
    assert!(expected > 0);
    app.open("/?country=FR&q=pole").await;
    app.wait_count(expected).await;
    app.wait_for("svg.map use").await;
    assert!(
        app.exists("svg.map [data-country=\"FR\"]").await,
        "the map, with France"
    );
    assert_eq!(
        app.server.hits("index.html"),
        pages,
        "the page came from the worker"
    );
    network_offline(&app, false).await;
    app.assert_no_panic("offline").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_dataset_is_offered_and_reload_shows_it() {
    let app = Atlas::start().await;
    app.open_loaded("/").await;
    wait_worker(&app).await;
    let notice = "[data-testid=\"update-notice\"]";

    // A failed answer is not a newer dataset, and is not kept.
    app.server.set(DATA, Reply::status(500));
    let asked = app.server.hits(DATA);
    app.open("/").await;
    app.wait_count(TOTAL).await;
    app.server.wait_hits(DATA, asked + 1).await;
    app.server.clear(DATA);
    app.open("/").await;
    app.wait_count(TOTAL).await;
    app.server.wait_hits(DATA, asked + 2).await;
    assert!(
        !app.exists(notice).await,
        "no notice for a failed or unchanged dataset"
    );

    // A changed one: the page keeps what it shows and offers the newer one.
    app.server.set(DATA, Reply::json(levels_fixture()));
    app.open("/").await;
    app.wait_count(TOTAL).await;
    app.wait_for(notice).await;
    let text = app.text(notice).await;
    assert!(
        text.contains("A newer version of the atlas is available"),
        "{text}"
    );
    app.wait_count(TOTAL).await;
    app.click(&format!("{notice} button")).await;
    app.wait_count(5).await;
    assert!(!app.exists(notice).await);
    // And it stays the one shown.
    app.open("/").await;
    app.wait_count(5).await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newer_build_waits_for_reload_and_takes_over_with_its_own_cache() {
    let app = Atlas::start().await;
    app.open_loaded("/").await;
    wait_worker(&app).await;
    let worker = std::fs::read_to_string(dist().join("sw.js")).expect("dist/sw.js");
    let (build, _) = worker
        .split_once("const BUILD = \"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .expect("a filled-in build");
    let next = worker.replace(
        &format!("const BUILD = \"{build}\""),
        "const BUILD = \"next-build\"",
    );
    app.server
        .set("sw.js", Reply::new(200, "text/javascript", next));
    app.open("/").await;
    app.wait_count(TOTAL).await;
    app.wait_for("[data-testid=\"update-notice\"]").await;
    let caches = app.js("return caches.keys();", vec![]).await;
    assert!(
        caches
            .as_array()
            .is_some_and(|c| c.contains(&json!(format!("atlas-{build}")))),
        "{caches}"
    );
    app.click("[data-testid=\"update-notice\"] button").await;
    app.wait_js(
        "the newer build's cache alone",
        "return caches.keys().then(k => k.length === 1 && k[0] === 'atlas-next-build');",
        vec![],
    )
    .await;
    app.wait_count(TOTAL).await;
    app.assert_no_panic("a newer build").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_or_missing_worker_leaves_the_atlas_working() {
    for reply in [
        Reply::status(404),
        Reply::new(200, "text/javascript", "this is not a worker("),
    ] {
        let app = Atlas::start().await;
        app.server.set("sw.js", reply);
        app.open_loaded("/?country=ES").await;
        app.server.wait_hits("sw.js", 1).await;
        app.click("button[data-sort=valid_until]").await;
        app.wait_search("?country=ES&sort=valid_until").await;
        let controlled = app
            .js("return !!navigator.serviceWorker.controller;", vec![])
            .await;
        assert_eq!(controlled, json!(false));
        app.assert_no_panic("without a worker").await;
        app.quit().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_a_sub_path_the_worker_keeps_to_it() {
    let server = Server::start_in(support::dist_atlas(), "atlas/");
    let browser = Browser::launch().await;
    browser.open(&server.url("/atlas/?country=ES")).await;
    browser.wait_loaded().await;
    let script = wait_worker(&browser).await;
    assert!(script.ends_with("/atlas/sw.js"), "{script}");
    let scope = browser
        .wait_js(
            "the worker's scope",
            "return navigator.serviceWorker.getRegistration().then(r => r && r.scope);",
            vec![],
        )
        .await;
    assert_eq!(scope, json!(server.url("/atlas/")));
    browser.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_atlas_is_installable_and_describes_its_data_to_machines() {
    let app = Atlas::start().await;
    app.open_loaded("/").await;
    wait_worker(&app).await;
    let errors = app
        .driver()
        .cdp()
        .send_raw("Page.getInstallabilityErrors", json!({}))
        .await
        .expect("Page.getInstallabilityErrors");
    assert_eq!(errors["installabilityErrors"], json!([]), "{errors}");

    // The JSON-LD: a schema.org Dataset whose coverage is the data's own.
    let text = app
        .js(
            "return document.querySelector('script[type=\"application/ld+json\"]').textContent;",
            vec![],
        )
        .await;
    let described: Value =
        serde_json::from_str(text.as_str().unwrap_or_default()).expect("JSON-LD that parses");
    assert_eq!(described["@type"], json!("Dataset"));
    let data = dataset();
    let dates: Vec<&str> = clusters(&data)
        .iter()
        .map(|c| field(c, "valid_until"))
        .collect();
    let (first, last) = (dates.iter().min().unwrap(), dates.iter().max().unwrap());
    let start = format!("{}{}", first[..4].parse::<i32>().unwrap() - 2, &first[4..]);
    assert_eq!(
        described["temporalCoverage"],
        json!(format!("{start}/{last}"))
    );
    let places: Vec<String> = data["countries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| field(c, "name").to_string())
        .collect();
    let named: Vec<String> = described["spatialCoverage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| field(p, "name").to_string())
        .collect();
    assert_eq!(named, places);
    let csv = described["distribution"]
        .as_array()
        .and_then(|d| d.iter().find(|d| d["encodingFormat"] == json!("text/csv")))
        .expect("a CSV distribution");
    assert!(
        field(csv, "contentUrl").ends_with("data/clusters.csv"),
        "{csv}"
    );
    assert_eq!(described["version"], data["version"]);

    // The CSV itself, as the page links it, through a CSV parser.
    let alternates = app
        .js("return [...document.querySelectorAll('link[rel=alternate]')].map(l => l.type + ' ' + l.getAttribute('href'));", vec![])
        .await;
    assert_eq!(
        alternates,
        json!([
            "text/csv data/clusters.csv",
            "application/json data/clusters.json"
        ])
    );
    let body = app
        .driver()
        .execute_async(
            "const done = arguments[0]; fetch('data/clusters.csv').then(r => r.text()).then(done, e => done(String(e)));",
            vec![],
        )
        .await
        .expect("fetch the CSV");
    let rows = parse_csv(body.json().as_str().unwrap_or_default());
    assert_eq!(rows.len(), TOTAL + 1, "a header and {TOTAL} records");
    assert_eq!(rows[0].first().map(String::as_str), Some("id"));
    let noscript = app
        .js(
            "return document.querySelector('noscript').textContent;",
            vec![],
        )
        .await;
    let noscript = noscript.as_str().unwrap_or_default();
    assert!(
        noscript.contains("data/clusters.csv") && noscript.contains("data/clusters.json"),
        "{noscript}"
    );
    app.quit().await;
}
