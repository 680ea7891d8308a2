//! Hostile input: a poisoned dataset and random query strings never run script or break.

use serde_json::{json, Value};

use crate::support::{clusters, field, fixture, Atlas, Engine, Reply};

in_every_engine!(random_query_strings_never_break_the_page);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_poisoned_dataset_cannot_run_script_or_link_out() {
    let path = fixture("poisoned.json");
    let text = std::fs::read_to_string(&path).expect("tests/fixtures/poisoned.json");
    let data: Value = serde_json::from_str(&text).expect("the fixture is JSON");
    let records = clusters(&data);
    let required = ["id", "country", "sector", "valid_until"];
    let unusable: Vec<usize> = records
        .iter()
        .enumerate()
        .filter(|(_, c)| required.iter().any(|f| field(c, f).is_empty()))
        .map(|(i, _)| i + 1)
        .collect();
    let usable = records.len() - unusable.len();
    assert!(!unusable.is_empty() && usable > 5);

    let app = Atlas::start().await;
    app.server
        .set("data/clusters.json", Reply::json(text.clone()));
    app.open("/").await;
    app.wait_count(usable).await;
    app.wait_for("[data-testid=\"data-notice\"]").await;
    let notice = app.text("[data-testid=\"data-notice\"]").await;
    assert!(
        notice.contains("valid_until"),
        "the notice says what is wrong: {notice}"
    );
    for position in &unusable {
        assert!(notice.contains(&format!("Record {position}")), "{notice}");
    }

    let check_page = |when: &'static str| {
        let app = &app;
        async move {
            let page = app
                .js(
                    "const links = [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href').trim().toLowerCase());
                     return {
                        pwned: typeof window.__pwned,
                        tableImages: document.querySelectorAll('table img, [data-testid=\"detail\"] img').length,
                        badLinks: links.filter(h => h.startsWith('javascript:') || h.startsWith('data:')),
                        handlers: document.querySelectorAll('[onerror], [onmouseover], [onload]').length,
                        strayScripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('__pwned')).length,
                     };",
                    vec![],
                )
                .await;
            let expected = json!({"pwned": "undefined", "tableImages": 0, "badLinks": [], "handlers": 0, "strayScripts": 0});
            app.check(page == expected, &format!("{when}: {page}"))
                .await;
        }
    };
    check_page("the list").await;

    let table = app
        .js(
            "return {
                text: document.querySelector('table').textContent,
                longest: Math.max(...[...document.querySelectorAll('tr[data-cluster-id] th')].map(t => t.textContent.length)),
                external: [...document.querySelectorAll('table a[href^=\"http\"]')].map(a => [a.getAttribute('href'), a.rel]),
             };",
            vec![],
        )
        .await;
    let shown = table["text"].as_str().unwrap_or_default();
    assert!(
        shown.contains("<img src=x onerror=")
            && shown.contains("<script>window.__pwned=1</script>"),
        "hostile names are shown as text"
    );
    assert!(
        table["longest"].as_i64().unwrap_or(i64::MAX) < 1000,
        "a 10,000-character name is cut"
    );
    assert_eq!(
        table["external"],
        json!([["https://www.good-one.es", "noopener noreferrer"]]),
        "only the good website is a link"
    );
    let ids = app.row_ids().await;
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        ids.len(),
        "duplicate ids are made distinct: {ids:?}"
    );

    for id in ["x-js", "x-data", "x-img", "x-script"] {
        app.click(&format!("tr[data-cluster-id=\"{id}\"] th a"))
            .await;
        app.wait_js(
            &format!("the detail of {id}"),
            "const d = document.querySelector('[data-testid=\"detail\"]');
             return !!d && d.textContent.includes(arguments[0]);",
            vec![json!(id)],
        )
        .await;
        check_page("a detail").await;
    }
    app.assert_no_panic("poisoned dataset").await;
    app.quit().await;
}

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

/// A hostile query string from a fixed-seed generator: the same URLs on every run.
fn hostile_query(rng: &mut fastrand::Rng) -> String {
    const KEYS: &[&str] = &[
        "country",
        "sector",
        "status",
        "q",
        "sort",
        "asof",
        "page",
        "cluster",
        "map",
        "",
        "Q",
        "q%00",
        "%71",
        "country[]",
        "é",
        "sort=",
        "&",
    ];
    const PIECES: &[&str] = &[
        "%",
        "%%",
        "%2",
        "%zz",
        "%00",
        "%0A",
        "%FF",
        "%E9",
        "%F0%9F",
        "%C3%A9",
        "&",
        "=",
        "==",
        "+",
        ",",
        ",,",
        "#",
        "?",
        "/",
        ";",
        "-",
        "--",
        ".",
        "~",
        "ES",
        "es",
        "ZZ",
        "ict",
        "valid",
        "expired",
        "-name",
        "valid_until",
        "9999-99-99",
        "2016-02-29",
        "0",
        "-1",
        "18446744073709551616",
        "é",
        "ß",
        "日本",
        "𝄞",
        "\u{202e}",
        "\u{feff}",
        "x",
        "aragon",
        "es-aertic",
        "world",
    ];
    let mut pairs = Vec::new();
    for _ in 0..1 + rng.usize(..6) {
        let key = pick(rng, KEYS);
        let value = if rng.usize(..6) == 0 {
            pick(rng, &["x", "é", "%", ",a", "𝄞"]).repeat(1000 + rng.usize(..5000))
        } else {
            (0..rng.usize(..12)).map(|_| pick(rng, PIECES)).collect()
        };
        let pair = format!("{key}={value}");
        if rng.usize(..4) == 0 {
            pairs.push(pair.clone());
        }
        pairs.push(pair);
    }
    pairs.join("&")
}

async fn random_query_strings_never_break_the_page(engine: Engine) {
    let mut rng = fastrand::Rng::with_seed(0x5eed_ec31_a71a_5001);
    let app = Atlas::start_in(engine).await;
    for i in 0..20 {
        let query = hostile_query(&mut rng);
        let shown: String = query.chars().take(200).collect();
        app.open(&format!("/?{query}")).await;
        app.wait_loaded().await;
        app.assert_no_panic(&format!("random URL {i}: /?{shown}"))
            .await;
    }
    app.quit().await;
}
