//! Time: label status on a date, levels, the expiry window, play, and the note on old lists.

use serde_json::json;
use thirtyfour::prelude::Key;

use crate::data::{count_where, levels_fixture, status_on, DATA, TOTAL};
use crate::support::{field, Atlas, Engine, Reply};

in_every_engine!(label_status_as_of_a_date);

async fn label_status_as_of_a_date(engine: Engine) {
    let expected = count_where(|c| status_on(c, "2016-01-01") == "Valid");
    let app = Atlas::start_in(engine).await;
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
    // One phrase a badge, starting with the status: "Valid for 3 more months".
    assert!(badges.iter().all(|b| b.starts_with("Valid")), "{badges:?}");
    assert!(app
        .row_dates()
        .await
        .iter()
        .all(|d| d.as_str() >= "2016-01-01"));
    app.quit().await;
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
            "return [...new Set([...document.querySelectorAll('tr[data-cluster-id] .badge')].map(b => b.textContent.split(',')[0]))];",
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
    app.open_loaded("/?tab=stats").await;
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
    let before = app.history_length().await;
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
        app.history_length().await,
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

/// Firefox shows the "Label expires" months as plain text boxes: they say the format, and take a
/// month as a person types it ("Jul 2018"), or say what is wrong with it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn firefox_takes_the_expiry_months_as_typed() {
    let after_mid_2018 = count_where(|c| field(c, "valid_until") >= "2018-07-01");
    let app = Atlas::start_in(Engine::Firefox).await;
    app.open_loaded("/").await;
    let from = app.wait_for("input#expires-from").await;
    let shown = app
        .js(
            "const input = id => document.getElementById(id);
             const hint = input(input('expires-from').getAttribute('aria-describedby'));
             return {
                 type: input('expires-from').type,
                 placeholders: [input('expires-from').placeholder, input('expires-to').placeholder],
                 hint: hint ? hint.textContent : null,
             };",
            vec![],
        )
        .await;
    app.check(
        shown["type"] == json!("text")
            && shown["placeholders"] == json!(["YYYY-MM", "YYYY-MM"])
            && shown["hint"]
                .as_str()
                .is_some_and(|h| h.contains("YYYY-MM")),
        &format!("a plain text box that says the format: {shown}"),
    )
    .await;

    let _ = from.scroll_into_view().await;
    for step in [from.click().await, from.send_keys("Jul 2018").await] {
        if let Err(e) = step {
            app.fail(&format!("typing Jul 2018 into From: {e}")).await;
        }
    }
    app.press(Key::Tab).await;
    app.wait_search("?expires=2018-07..").await;
    app.wait_count(after_mid_2018).await;
    app.wait_js(
        "From to show the month as 2018-07",
        "return document.getElementById('expires-from').value === '2018-07';",
        vec![],
    )
    .await;

    let to = app.wait_for("input#expires-to").await;
    for step in [to.click().await, to.send_keys("soon").await] {
        if let Err(e) = step {
            app.fail(&format!("typing into Until: {e}")).await;
        }
    }
    app.press(Key::Tab).await;
    let said = app
        .wait_js(
            "a message that Until is not a month",
            "const e = document.querySelector('[data-testid=\"expires\"] [role=\"alert\"]');
             return e ? e.textContent : null;",
            vec![],
        )
        .await;
    app.check(
        said.as_str().is_some_and(|s| s.contains("YYYY-MM")),
        &format!("the message: {said}"),
    )
    .await;
    assert_eq!(app.search().await, "?expires=2018-07..", "the window stays");
    app.assert_no_panic("typed months").await;
    app.quit().await;
}
