//! Countries compared side by side, the charts, and the pictures (SVG, PNG) of the map and
//! charts.

use serde_json::{json, Value};

use crate::data::{count_where, country_name, matching, status_on};
use crate::support::{dataset, field, Atlas, Engine};

in_every_engine!(comparing_three_countries_gives_their_figures_side_by_side);

async fn comparing_three_countries_gives_their_figures_side_by_side(engine: Engine) {
    let asof = "2016-01-01";
    let app = Atlas::start_in(engine).await;
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
             const text = id => { const e = document.getElementById(id); return e ? e.textContent : `no #${id}`; };
             return {
                 caption: t.caption.textContent,
                 heads: [...t.tHead.querySelectorAll('th')].slice(1).map(th => th.textContent),
                 // Each row: its headings, and each cell with the headings it names.
                 rows: [...t.tBodies].flatMap(b => [...b.rows]).map(r => ({
                     heads: [...r.querySelectorAll('th')].map(th => th.textContent),
                     cells: [...r.querySelectorAll('td')].map(td => ({
                         text: td.textContent,
                         headers: (td.getAttribute('headers') || '').split(' ').filter(Boolean).map(text),
                     })),
                 })),
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
    let caption = table["caption"].as_str().unwrap_or_default();
    assert!(
        caption.starts_with(&format!(
            "Compare {}, {} and {}",
            names[0], names[1], names[2]
        )),
        "{caption}"
    );
    let rows = table["rows"].as_array().cloned().unwrap_or_default();
    // Every cell is tied to its country's heading and to its row's, both levels of them.
    for row in &rows {
        let heads = strings(&row["heads"]);
        for (cell, name) in row["cells"].as_array().into_iter().flatten().zip(&names) {
            let mut expected = vec![name.as_str()];
            if let [.., title] = heads.as_slice() {
                expected.push(title);
            }
            let tied = strings(&cell["headers"]);
            for heading in expected {
                assert!(tied.contains(&heading), "{heading:?} not among {tied:?}");
            }
        }
    }
    // The cells of the row whose own heading is `title`.
    let row = |title: &str| -> Vec<String> {
        rows.iter()
            .find(|r| r["heads"].as_array().and_then(|h| h.last()) == Some(&json!(title)))
            .map(|r| {
                r["cells"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|c| field(c, "text").to_string())
                    .collect()
            })
            .unwrap_or_else(|| panic!("no row {title}: {rows:?}"))
    };
    let per_country = |keep: &dyn Fn(&Value) -> bool| -> Vec<usize> {
        ["ES", "FR", "IT"]
            .iter()
            .map(|code| count_where(|c| field(c, "country") == *code && keep(c)))
            .collect()
    };
    let clusters = per_country(&|_| true);
    let strings =
        |counts: Vec<usize>| -> Vec<String> { counts.iter().map(usize::to_string).collect() };
    assert_eq!(row("Clusters"), strings(clusters.clone()));
    // Each count with its share of the country's clusters.
    let with_shares = |counts: Vec<usize>| -> Vec<String> {
        counts
            .iter()
            .zip(&clusters)
            .map(|(&n, &all)| {
                let share = (n as f64 * 100.0 / all as f64).round();
                let share = match share as usize {
                    0 if n > 0 => "<1".to_string(),
                    100 if n < all => ">99".to_string(),
                    share => share.to_string(),
                };
                format!("{n} ({share}%)")
            })
            .collect()
    };
    for status in ["Valid", "Renewable", "Expired", "Not yet labelled"] {
        assert_eq!(
            row(status),
            with_shares(per_country(&|c| status_on(c, asof) == status)),
            "{status}"
        );
    }
    // One row a sector, and every cluster in one of them.
    let sectors: Vec<&Value> = rows
        .iter()
        .filter(|r| {
            r["cells"][0]["headers"]
                .as_array()
                .is_some_and(|h| h.contains(&json!("Clusters by sector")))
        })
        .collect();
    assert!(!sectors.is_empty());
    for (i, code) in ["ES", "FR", "IT"].iter().enumerate() {
        let sum: usize = sectors
            .iter()
            .map(|r| crate::support::leading_number(field(&r["cells"][i], "text")).unwrap_or(0))
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
    // Beside the lines' right ends, not on them, and apart from each other.
    let placed = app
        .js(
            "const chart = document.querySelector('[data-picture=\"comparison\"] svg');
             const right = Math.max(...[...chart.querySelectorAll('path.series:not(.leader)')].map(p => { const b = p.getBBox(); return b.x + b.width; }));
             const names = arguments[0];
             const boxes = [...chart.querySelectorAll('text')].filter(t => names.includes(t.textContent)).map(t => t.getBBox());
             const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
             return {
                 beside: boxes.every(b => b.x > right),
                 apart: boxes.every((a, i) => boxes.every((b, j) => i === j || !overlap(a, b))),
                 count: boxes.length,
             };",
            vec![json!(names)],
        )
        .await;
    assert_eq!(
        placed,
        json!({"beside": true, "apart": true, "count": 3}),
        "the lines' names"
    );
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
    app.click("[data-testid=\"download-menu\"] summary").await;
    app.click("[data-testid=\"menu-map-svg\"]").await;
    let file = app.wait_download(".svg").await;
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

    app.click("[data-testid=\"download-menu\"] summary").await;
    app.click("[data-testid=\"menu-map-png\"]").await;
    let file = app.wait_download(".png").await;
    let png = std::fs::read(&file).expect("the PNG");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG file");
    let width = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
    assert!(width >= 1600, "{width} px wide");
    app.assert_no_panic("pictures").await;
    app.quit().await;
}

/// A chart's text is the page's small size (0.85rem) on a desktop and on a phone alike: each
/// chart is laid out for the width it is shown at, one unit a pixel. The timeline's scale has
/// three to five round ticks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chart_text_is_the_page_size_at_any_width_on_round_ticks() {
    let app = Atlas::start().await;
    for (width, height) in [(1280, 800), (390, 844)] {
        if let Err(e) = app.driver().set_window_rect(0, 0, width, height).await {
            app.fail(&format!("a {width}×{height} window: {e}")).await;
        }
        for (view, charts) in [("/?tab=stats", 3), ("/?compare=ES,FR,IT", 1)] {
            app.open_loaded(view).await;
            // Laid out for the width it is shown at: its viewBox as wide as its box.
            let sizes = app
                .wait_js(
                    &format!("{view} at {width} px: charts laid out for their width"),
                    "const charts = [...document.querySelectorAll('figure.chart svg')];
                     if (charts.length !== arguments[0]) return null;
                     const scales = charts.map(s => s.getBoundingClientRect().width / s.viewBox.baseVal.width);
                     if (scales.some(k => !(Math.abs(k - 1) < 0.02))) return null;
                     return [...document.querySelectorAll('figure.chart svg text')].map(t =>
                         parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getBoundingClientRect().width / t.ownerSVGElement.viewBox.baseVal.width);",
                    vec![json!(charts)],
                )
                .await;
            let sizes: Vec<f64> = serde_json::from_value(sizes).unwrap_or_default();
            assert!(!sizes.is_empty(), "{view}");
            assert!(
                sizes.iter().all(|s| (12.5..=14.5).contains(s)),
                "{view} at {width} px: text of {sizes:?} px"
            );
        }
        // The ticks: 0 and steps of 1, 2 or 5 × 10ⁿ, three to five of them.
        app.open_loaded("/?tab=stats").await;
        app.wait_for("svg.timeline").await;
        let ticks = app
            .js(
                "return [...document.querySelectorAll('svg.timeline text[text-anchor=\"end\"]')]
                     .map(t => Number(t.textContent)).filter(n => !Number.isNaN(n));",
                vec![],
            )
            .await;
        let ticks: Vec<u64> = serde_json::from_value(ticks).unwrap_or_default();
        assert!((3..=5).contains(&ticks.len()), "{ticks:?}");
        let step = ticks[1];
        let power = 10u64.pow(step.ilog10());
        assert!([1, 2, 5].iter().any(|&m| step == m * power), "{ticks:?}");
        assert!(
            ticks.iter().enumerate().all(|(i, &t)| t == i as u64 * step),
            "{ticks:?}"
        );
    }
    app.assert_no_panic("charts").await;
    app.quit().await;
}

/// A comparison's picture is named for its countries, and its legend names the as-of marker
/// only when the chart draws it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_comparisons_picture_names_its_countries_and_only_what_it_draws() {
    let data = dataset();
    let (france, italy) = (country_name(&data, "FR"), country_name(&data, "IT"));
    let app = Atlas::start().await;
    // 2016-02-01 is on the chart's axis: the marker is drawn. 2040-01-01 is not.
    for (asof, marked) in [("2016-02-01", true), ("2040-01-01", false)] {
        app.open_loaded(&format!("/?compare=FR,IT&asof={asof}"))
            .await;
        app.wait_for("[data-picture=\"comparison\"] svg").await;
        assert_eq!(
            app.exists("[data-picture=\"comparison\"] .asof-marker")
                .await,
            marked,
            "{asof}"
        );
        app.click("[data-testid=\"comparison-svg\"]").await;
        let file = app.wait_download(".svg").await;
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        assert_eq!(
            name,
            format!(
                "comparison-{}-{}-{asof}.svg",
                france.to_lowercase(),
                italy.to_lowercase()
            )
        );
        let text = std::fs::read_to_string(&file).expect("the SVG is UTF-8");
        let _ = std::fs::remove_file(&file);
        let svg =
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("well-formed SVG: {e}"));
        let title = svg
            .descendants()
            .find(|n| n.attribute("class") == Some("title"))
            .and_then(|n| n.text())
            .unwrap_or_default();
        assert!(title.contains(&format!("{france} and {italy}")), "{title}");
        let legend_marks = svg
            .descendants()
            .filter(|n| n.attribute("class") == Some("asof"))
            .count();
        assert_eq!(legend_marks, usize::from(marked), "{asof}: {text}");
    }
    app.assert_no_panic("comparison picture").await;
    app.quit().await;
}

/// The strings of a JSON array (none when it is not one).
fn strings(list: &Value) -> Vec<&str> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}
