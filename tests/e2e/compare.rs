//! Countries compared side by side, and the pictures (SVG, PNG) of the map and charts.

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
