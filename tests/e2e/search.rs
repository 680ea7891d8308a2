//! Search and sorting: what the list shows for what was typed or asked, marks included.

use crate::data::{matching, TOTAL};
use crate::support::{clusters, dataset, field, fold, Atlas, Engine};

in_every_engine!(search_counts_what_the_data_holds_and_marks_it);

/// Typed into the search box: the count is what the data holds, and the names mark the match
/// (ranges of the page's highlight `atlas-hit`, in every engine).
async fn search_counts_what_the_data_holds_and_marks_it(engine: Engine) {
    let expected = matching("aragon", |_| true);
    assert!(expected > 0, "the dataset has clusters of Aragon");
    let app = Atlas::start_in(engine).await;
    app.open_loaded("/").await;
    let input = app.wait_for("input#search").await;
    if let Err(e) = input.send_keys("aragon").await {
        app.fail(&format!("typing into the search box: {e}")).await;
    }
    app.wait_count(expected).await;
    app.wait_search("?q=aragon").await;
    let rows = app
        .js(
            "const hits = [...(CSS.highlights.get('atlas-hit') ?? [])];
             return [...document.querySelectorAll('tr[data-cluster-id]')].map(r => {
                const name = r.querySelector('th');
                const marked = hits.filter(h => r.contains(h.startContainer)).map(h => h.startContainer.data.slice(h.startOffset, h.endOffset));
                return [name ? name.textContent : '', marked];
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
    assert!(marks > 0, "hits painted over the names");
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_link_values_are_dropped_and_said_and_headers_sort() {
    let app = Atlas::start().await;
    let junk = format!("/?country=ZZ&sector=nope&sort=size&q={}", "x".repeat(5000));
    app.open(&junk).await;
    app.wait_count(TOTAL).await;
    app.wait_for("[data-testid=\"url-notice\"]").await;
    app.wait_search("").await;
    let notice = app.text("[data-testid=\"url-notice\"]").await;
    assert!(
        notice.contains("ZZ") && notice.contains("nope") && notice.contains("size"),
        "{notice}"
    );
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
