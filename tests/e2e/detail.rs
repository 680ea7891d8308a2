//! A cluster's detail: opening it from a row or a link, closing it, where the focus goes.

use serde_json::json;
use thirtyfour::prelude::*;

use crate::data::TOTAL;
use crate::support::{Atlas, Engine};

in_every_engine!(closing_the_detail_puts_the_focus_back_on_its_link);

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

    app.back().await;
    app.wait_gone("[data-testid=\"detail\"]").await;
    assert_eq!(app.param("cluster").await, None);
    app.wait_count(TOTAL).await;

    app.open("/?cluster=it-unnamed-food-industry-20170204")
        .await;
    app.wait_for("[data-testid=\"detail\"] [data-testid=\"flags\"]")
        .await;
    let flags = app.text("[data-testid=\"flags\"]").await;
    assert!(flags.contains("without a name"), "{flags}");
    let detail = app.text("[data-testid=\"detail\"]").await;
    assert!(detail.contains("Unnamed cluster"), "{detail}");
    app.assert_no_panic("detail").await;
    app.quit().await;
}

/// By keyboard, as a new user would: Enter on a row's link opens the detail with the focus in
/// it; Escape, or Enter on ×, closes it and puts the focus back on that link.
async fn closing_the_detail_puts_the_focus_back_on_its_link(engine: Engine) {
    let app = Atlas::start_in(engine).await;
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
        app.press(Key::Enter).await;
        app.wait_for("[data-testid=\"detail\"]").await;
        app.wait_js(
            "the focus in the detail",
            &focused_is("#detail-heading"),
            vec![],
        )
        .await;
        if by_button {
            // From the heading, Tab reaches ×.
            app.press(Key::Tab).await;
            app.wait_js(
                "the focus on ×",
                &focused_is("[data-testid=\"detail\"] button.close"),
                vec![],
            )
            .await;
        }
        app.press(if by_button { Key::Enter } else { Key::Escape })
            .await;
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
