//! The URL is the view: what adds a history step, Back and Forward, a link shared.

use serde_json::json;

use crate::data::{matching, TOTAL};
use crate::support::{clusters, dataset, field, Atlas, Browser, Engine, Server};

in_every_engine!(typing_replaces_history_and_filters_push_it);

async fn typing_replaces_history_and_filters_push_it(engine: Engine) {
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
    let app = Atlas::start_in(engine).await;
    app.open_loaded("/").await;

    let before = app.history_length().await;
    let input = app.wait_for("input#search").await;
    if let Err(e) = input.click().await {
        app.fail(&format!("focus the search box: {e}")).await;
    }
    let typed = "pole";
    for end in 1..=typed.len() {
        if let Err(e) = input.send_keys(&typed[end - 1..end]).await {
            app.fail(&format!("typing {:?}: {e}", &typed[..end])).await;
        }
        app.wait_search(&format!("?q={}", &typed[..end])).await;
    }
    app.wait_count(matching(typed, |_| true)).await;
    let after = app.history_length().await;
    assert_eq!(
        before, after,
        "typing four letters must not add history entries"
    );

    app.open_loaded("/").await;
    let before = app.history_length().await;
    let checkbox = format!("input#sector-{ict}");
    app.click(&checkbox).await;
    app.wait_search(&format!("?sector={ict}")).await;
    app.wait_count(ict_count).await;
    assert_eq!(
        app.history_length().await,
        before + 1,
        "a filter is one history step"
    );
    let checked = format!("return document.querySelector('{checkbox}').checked;");
    assert_eq!(app.js(&checked, vec![]).await, json!(true));

    app.back().await;
    app.wait_search("").await;
    app.wait_count(TOTAL).await;
    app.wait_js(
        "the sector box unticked after Back",
        &checked.replace("return ", "return !"),
        vec![],
    )
    .await;
    app.forward().await;
    app.wait_search(&format!("?sector={ict}")).await;
    app.wait_count(ict_count).await;
    app.wait_js("the sector box ticked after Forward", &checked, vec![])
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
