//! Accessibility: axe-core and HTML_CodeSniffer in light and dark mode, reduced motion, no sideways
//! scroll.

use serde_json::{json, Value};

use crate::support;
use crate::support::{field, Atlas};

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

/// HTML_CodeSniffer, a second checker beside axe-core, with its own reading of WCAG 2 (AA): it
/// holds tables to their headings (`scope`, or `headers` and `id` where there are two levels of
/// them). No errors on the default view, a comparison and a detail, in light and dark colours,
/// on a desktop and a phone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn html_codesniffer_finds_no_wcag2aa_errors() {
    let path = support::root().join("node_modules/html_codesniffer/build/HTMLCS.js");
    let htmlcs = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}. HTML_CodeSniffer comes from npm: run `npm ci` (or `make setup-test`).",
            path.display()
        )
    });
    let app = Atlas::start().await;
    let views = [
        ("/", "[data-testid=\"result-count\"]"),
        ("/?compare=ES,FR,IT", "[data-testid=\"compare-table\"]"),
        ("/?cluster=es-aertic", "[data-testid=\"detail\"]"),
    ];
    let mut report = Vec::new();
    for (width, height) in [(1280, 800), (390, 844)] {
        if let Err(e) = app.driver().set_window_rect(0, 0, width, height).await {
            app.fail(&format!("a {width}×{height} window: {e}")).await;
        }
        for scheme in ["light", "dark"] {
            app.driver()
                .cdp()
                .send_raw(
                    "Emulation.setEmulatedMedia",
                    json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
                )
                .await
                .expect("Emulation.setEmulatedMedia");
            for (view, ready) in views {
                let at = format!("{view} ({width}×{height}, {scheme})");
                report.extend(htmlcs_errors(&app, &htmlcs, view, ready, &at).await);
            }
        }
    }
    assert!(
        report.is_empty(),
        "HTML_CodeSniffer (WCAG2AA) errors:\n{}",
        report.join("\n")
    );
    app.quit().await;
}

/// HTML_CodeSniffer's errors (not its warnings or notices) on one view, each as a line naming
/// the rule and the element.
async fn htmlcs_errors(
    app: &Atlas,
    htmlcs: &str,
    view: &str,
    ready: &str,
    at: &str,
) -> Vec<String> {
    app.open_loaded(view).await;
    app.wait_for(ready).await;
    // The checker's source and its run in one script: it defines its globals on `window`.
    let script = format!(
        "{htmlcs}
         ;const done = arguments[arguments.length - 1];
         try {{
             window.HTMLCS.process('WCAG2AA', document, () => done({{errors: window.HTMLCS.getMessages()
                 .filter(m => m.type === window.HTMLCS.ERROR)
                 .map(m => ({{code: m.code, msg: m.msg,
                     element: (m.element.outerHTML || m.element.nodeName || '').slice(0, 160)}}))}}),
                 () => done({{error: 'the standard did not load'}}), 'en');
         }} catch (e) {{ done({{error: String(e)}}); }}"
    );
    let result = match app.driver().execute_async(&script, vec![]).await {
        Ok(r) => r.json().clone(),
        Err(e) => app.fail(&format!("HTMLCS on {at}: {e}")).await,
    };
    if let Some(error) = result.get("error") {
        app.fail(&format!("HTMLCS on {at} failed: {error}")).await;
    }
    app.check(
        result["errors"].is_array(),
        &format!("HTMLCS on {at}: {result}"),
    )
    .await;
    result["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            format!(
                "{at}: {}: {}\n    {}",
                field(e, "code"),
                field(e, "msg"),
                field(e, "element")
            )
        })
        .collect()
}
