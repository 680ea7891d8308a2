//! What leaves the page: CSV and calendar files, citation, embed snippet, the printed page.

use serde_json::json;

use crate::data::{count_where, parse_csv};
use crate::support::{clusters, dataset, field, Atlas, Engine};

in_every_engine!(export_csv_holds_the_rows_of_the_view);

async fn export_csv_holds_the_rows_of_the_view(engine: Engine) {
    let expected = count_where(|c| field(c, "country") == "ES" && field(c, "sector") == "ICT");
    assert!(expected > 1 && expected < 50, "a one-page view");
    let app = Atlas::start_in(engine).await;
    app.open("/?country=ES&sector=ict").await;
    app.wait_count(expected).await;
    let shown = app.row_ids().await;
    assert_eq!(shown.len(), expected);

    app.click("[data-testid=\"download-menu\"] summary").await;
    let (name, text) = app.download("[data-testid=\"export-csv\"]", ".csv").await;
    assert!(name.starts_with("clusters-ES-ict"), "file name {name}");
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_calendar_holds_both_deadlines_of_every_row() {
    use icalendar::Component;
    let app = Atlas::start().await;
    app.open("/?country=ES&sector=ict").await;
    let expected = count_where(|c| field(c, "country") == "ES" && field(c, "sector") == "ICT");
    app.wait_count(expected).await;
    app.click("[data-testid=\"download-menu\"] summary").await;
    app.click("[data-testid=\"export-ics\"]").await;
    let file = app.wait_download(".ics").await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_embed_shows_the_view_without_controls_and_opens_the_full_atlas() {
    let app = Atlas::start().await;
    app.open("/?country=FR&embed=1").await;
    let link = app.wait_for("[data-testid=\"open-full\"]").await;
    app.wait_count(count_where(|c| field(c, "country") == "FR"))
        .await;
    let shown = app
        .js(
            "return ['input#search', '.filters', '.menu', '.chips', '.explore-toggle', '.tabs']
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
    app.wait_until("a new tab", async || {
        let tabs = app.driver().windows().await.map(|w| w.len()).unwrap_or(0);
        (tabs > before).then_some(())
    })
    .await;
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
    app.click("[data-testid=\"share-menu\"] summary").await;
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
    // The page ends with the view's link and its citation, which names the countries compared.
    let source = app
        .js(
            "const shown = e => !!e && getComputedStyle(e).display !== 'none' && e.getClientRects().length > 0;
             const block = document.querySelector('[data-testid=\"printed-source\"]');
             const url = document.querySelector('[data-testid=\"printed-url\"]');
             const citation = document.querySelector('[data-testid=\"printed-citation\"]');
             return {shown: shown(block), url: url && url.textContent, citation: citation && citation.textContent};",
            vec![],
        )
        .await;
    assert_eq!(source["shown"], json!(true), "{source}");
    let url = source["url"].as_str().unwrap_or_default();
    assert!(
        url.starts_with("http") && url.contains("country=ES") && url.contains("compare=ES,FR"),
        "{source}"
    );
    let citation = source["citation"].as_str().unwrap_or_default();
    let version = dataset()["version"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    for part in [
        version.as_str(),
        "Comparing Spain and France",
        url,
        "accessed",
    ] {
        assert!(citation.contains(part), "{part:?} in {citation}");
    }
    app.assert_no_panic("print").await;
    app.quit().await;
}
