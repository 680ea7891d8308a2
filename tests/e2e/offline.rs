//! Offline and installable: the worker, its caches and updates, and the data for machines.

use serde_json::{json, Value};

use crate::data::{levels_fixture, matching, parse_csv, DATA, TOTAL};
use crate::support;
use crate::support::{clusters, dataset, dist, field, Atlas, Browser, Engine, Reply, Server};

in_every_engine!(after_one_visit_the_atlas_opens_offline_any_view_of_it);

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

async fn after_one_visit_the_atlas_opens_offline_any_view_of_it(engine: Engine) {
    let app = Atlas::start_in(engine).await;
    app.open_loaded("/").await;
    if !engine.has_devtools() {
        // Under WebDriver, Firefox (ESR 153) and WebKitGTK (2.50) stop installing a worker for
        // good when WebDriver talks to the page while it installs, and neither has an offline
        // switch: what can be checked here is that the page registers its worker, for its scope.
        app.server.wait_hits("sw.js", 1).await;
        let scope = app
            .wait_js(
                "the worker's registration",
                "return navigator.serviceWorker.getRegistration().then(r => r && r.scope);",
                vec![],
            )
            .await;
        assert_eq!(scope, json!(app.server.url("/")), "in {}", engine.name());
        app.assert_no_panic("registering the worker").await;
        app.quit().await;
        return;
    }
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
