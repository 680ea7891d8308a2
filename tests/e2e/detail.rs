//! A cluster's detail and the About dialog: opening them, closing them, where the focus goes.

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

/// Where the focus is in the detail (`at`: which of its controls, -1 for none), how many
/// controls it holds, and where the link `arguments[0]` is on the screen.
const DETAIL_CONTROLS: &str = "const panel = document.querySelector('[data-testid=\"detail\"]');
     const controls = [...panel.querySelectorAll('a[href], button')];
     const at = controls.indexOf(document.activeElement);
     return {inside: panel.contains(document.activeElement), at, last: controls.length - 1,
             heading: document.activeElement === document.querySelector('#detail-heading'),
             linkTop: Math.round(document.querySelector(arguments[0]).getBoundingClientRect().top)};";

/// Opening a detail from a row far down the list leaves the page where it is; the keyboard
/// stays in the panel (Tab and Shift+Tab wrap) until Escape, from one of its controls, closes
/// it and puts the focus back on the row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_open_detail_keeps_the_page_still_and_the_keyboard_inside() {
    let app = Atlas::start().await;
    app.open_loaded("/").await;
    let id = app.row_ids().await.get(30).cloned().expect("a 31st row");
    let link = format!("tr[data-cluster-id=\"{id}\"] th a");
    // Down the list, as a reader would be, with the focus on the row's link.
    let before = app
        .js(
            "const a = document.querySelector(arguments[0]);
             a.scrollIntoView({block: 'center'});
             a.focus({preventScroll: true});
             return Math.round(a.getBoundingClientRect().top);",
            vec![json!(link)],
        )
        .await
        .as_f64()
        .unwrap_or(0.0);
    let scrolled = app
        .js("return scrollY;", vec![])
        .await
        .as_f64()
        .unwrap_or(0.0);
    assert!(scrolled > 200.0, "scrolled down the list: {scrolled}");
    app.press(Key::Enter).await;
    app.wait_for("[data-testid=\"detail\"]").await;
    // Once the URL holds the cluster, the navigation is over: it moved nothing.
    app.wait_js(
        "the URL with the cluster",
        "return location.search.includes('cluster=') ? true : null;",
        vec![],
    )
    .await;
    // Where the row is on the screen: the page did not move under it (scrollY may change
    // while rows off screen get their real heights; what is on screen stays).
    let opened = app.js(DETAIL_CONTROLS, vec![json!(link)]).await;
    assert_eq!(opened["heading"], json!(true), "{opened}");
    assert_eq!(opened["linkTop"].as_f64(), Some(before), "{opened}");
    let last = opened["last"].as_i64().unwrap_or(0);
    assert!(last >= 1, "× and the country link at least: {opened}");

    // Shift+Tab from the heading: the panel's last control, not the page before it.
    app.press_shift_tab().await;
    let at = app.js(DETAIL_CONTROLS, vec![json!(link)]).await;
    assert_eq!(at["at"], json!(last), "{at}");
    // Tab from there, round the panel and past its end: always inside, back to the first.
    for step in 0..=last {
        app.press(Key::Tab).await;
        let at = app.js(DETAIL_CONTROLS, vec![json!(link)]).await;
        assert_eq!(at["at"], json!(step), "Tab {step}: {at}");
    }
    app.press(Key::Escape).await;
    app.wait_gone("[data-testid=\"detail\"]").await;
    let back = app
        .wait_js(
            "the focus back on the row's link",
            "const a = document.querySelector(arguments[0]);
             return document.activeElement === a ? Math.round(a.getBoundingClientRect().top) : null;",
            vec![json!(link)],
        )
        .await;
    assert_eq!(back.as_f64(), Some(before), "the row still where it was");
    app.assert_no_panic("the detail by keyboard").await;
    app.quit().await;
}

/// "About the labels" by keyboard: Enter opens the modal dialog with the focus in it, Escape
/// closes it, and the focus is back on the button.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn about_the_labels_opens_and_closes_by_keyboard() {
    let app = Atlas::start().await;
    app.open_loaded("/").await;
    app.wait_for("[data-testid=\"about-button\"]")
        .await
        .focus()
        .await
        .expect("focus the About button");
    app.press(Key::Enter).await;
    app.wait_js(
        "the dialog open, the focus in it",
        "const d = document.querySelector('[data-testid=\"about\"]');
         return d.open && d.contains(document.activeElement);",
        vec![],
    )
    .await;
    let text = app.text("[data-testid=\"about\"]").await;
    for words in [
        "ESCA",
        "Bronze",
        "two years before",
        "renewal extends it by three years",
        "Natural Earth",
    ] {
        assert!(text.contains(words), "{words}: {text}");
    }
    app.press(Key::Escape).await;
    app.wait_js(
        "the dialog closed, the focus back on its button",
        "const d = document.querySelector('[data-testid=\"about\"]');
         return !d.open && document.activeElement === document.querySelector('[data-testid=\"about-button\"]');",
        vec![],
    )
    .await;
    app.assert_no_panic("About the labels").await;
    app.quit().await;
}
