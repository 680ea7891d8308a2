//! The map and its list twin, the country index: clicking, the keyboard, and their labels.

use serde_json::{json, Value};
use thirtyfour::prelude::*;

use crate::data::{count_where, SPAIN, TOTAL};
use crate::support::{clusters, dataset, dist, field, Atlas, Browser, Engine};

in_every_engine!(a_country_from_the_map_or_the_index_back_and_forward);

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

/// A person picks a country on the map, again to drop it, walks Back and Forward through those
/// views, then picks one from the country index.
async fn a_country_from_the_map_or_the_index_back_and_forward(engine: Engine) {
    require_map_asset();
    let france = count_where(|c| field(c, "country") == "FR");
    let app = Atlas::start_in(engine).await;
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
        "const p = document.querySelector('[data-country=\"FR\"]');
         return p.closest('g').getAttribute('aria-pressed') === 'true';",
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
