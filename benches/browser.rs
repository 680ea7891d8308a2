//! The in-browser benchmark at 100,000 records: `make bench-browser` (needs `make dist` first).
//!
//! Serves the release build with a synthetic dataset in place of the real one, opens it in
//! headless Chromium and reports medians and p95 of:
//! - load: dataset fetch + parse + index (the app's User Timing marks `atlas:*`), and the pair
//!   index the app builds once the first view is shown;
//! - keystroke: an `input` event in the search box until the DOM is updated and laid out, also
//!   with a detail panel open and with a comparison open;
//! - filter and sort changes: a click until the DOM is updated and laid out.
//!
//! "Updated and laid out" is measured in the page: the event is dispatched, the app's reactive
//! updates run (Leptos runs them as microtasks; the script yields until they are done), then
//! `document.body.offsetHeight` forces style and layout. That is the work of the frame; what is
//! not counted is the wait for the display's next refresh (up to 16.7 ms at 60 Hz, whatever the
//! app does) and the raster. The script checks that the count and the rows did not change
//! after it stopped the clock, so no update escapes the measurement. Events come 80 ms apart,
//! a fast typist's pace, so work the app defers past the frame (the statistics) happens between
//! them, as it would for a person.

#![cfg(not(target_arch = "wasm32"))]

#[path = "../tests/support/mod.rs"]
mod support;

use serde_json::{json, Value};
use support::{Browser, Reply, Server};

const RECORDS: usize = 100_000;
const LOADS: usize = 5;
/// The first load of a session, before V8 has optimised the wasm (docs/PERFORMANCE.md).
const COLD_LOAD_BUDGET: f64 = 700.0;

fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut s = samples.to_vec();
    s.sort_by(|a, b| a.total_cmp(b));
    let rank = ((p / 100.0) * (s.len() as f64 - 1.0)).round() as usize;
    s[rank.min(s.len() - 1)]
}

fn report(what: &str, samples: &[f64], budget_p95: f64) {
    let (median, p95) = (percentile(samples, 50.0), percentile(samples, 95.0));
    let verdict = if p95 <= budget_p95 { "within" } else { "OVER" };
    println!(
        "{what:<34} n={:<4} median {median:>7.1} ms   p95 {p95:>7.1} ms   ({verdict} the {budget_p95} ms budget)",
        samples.len()
    );
}

/// What both page scripts share: `measure(act)` runs one user action and records how long the
/// app took to update and lay out; `finish(done)` reports the times, or an error if an update
/// was still going on when the clock stopped.
macro_rules! page_prelude {
    () => {
        r#"
const done = arguments[arguments.length - 1];
// Leptos runs its updates as microtasks: yielding to the microtask queue a few times lets them
// all run, without waiting for a frame or a timer.
const settle = async () => { for (let i = 0; i < 50; i++) await Promise.resolve(); };
const shown = () => document.querySelector('[data-testid=result-count]').textContent + '|' +
  [...document.querySelectorAll('tr[data-cluster-id]')].map(r => r.dataset.clusterId).join(',');
const idle = () => new Promise(r => setTimeout(r, 80));
const times = [];
// Per action: the app's update, then style and layout.
const parts = [];
let late = 0;
const measure = async (act) => {
  const t0 = performance.now();
  act();
  await settle();
  const t1 = performance.now();
  document.body.offsetHeight;
  times.push(performance.now() - t0);
  parts.push([t1 - t0, performance.now() - t1]);
  const now = shown();
  await idle();
  if (shown() !== now) late++;
};
const finish = () => done(late ? { error: late + ' updates were not finished when measured' } : { times, parts });
"#
    };
}

/// Runs in the page: types each query a character at a time, measuring each keystroke.
const TYPE_SCRIPT: &str = concat!(
    page_prelude!(),
    r#"
const queries = arguments[0];
const input = document.querySelector('#search');
const type = (text) => { input.value = text; input.dispatchEvent(new Event('input', { bubbles: true })); };
(async () => {
  for (const q of queries) {
    for (let i = 1; i <= q.length; i++) await measure(() => type(q.slice(0, i)));
    type('');
    await settle();
  }
  finish();
})();
"#
);

/// Runs in the page: clicks each selector in turn, `arguments[1]` rounds, measuring each click.
const CLICK_SCRIPT: &str = concat!(
    page_prelude!(),
    r#"
const selectors = arguments[0];
const rounds = arguments[1];
(async () => {
  for (let round = 0; round < rounds; round++) {
    for (const sel of selectors) {
      const el = document.querySelector(sel);
      if (!el) { done({ error: 'missing ' + sel }); return; }
      await measure(() => el.click());
    }
  }
  finish();
})();
"#
);

/// Runs in the page: presses Play and times the steps it takes, each from the timer's call to the
/// page laid out, `arguments[0]` of them (fewer if the play reaches its end), then presses Pause.
/// The app's own timer is wrapped, so what is timed is exactly the step a visitor watches.
const PLAY_SCRIPT: &str = concat!(
    page_prelude!(),
    r#"
const steps = arguments[0];
const play = document.querySelector('[data-testid=play]');
if (!play) done({ error: 'no Play button' });
const original = window.setInterval;
let taken = 0;
const stop = async () => {
  window.setInterval = original;
  if (play.getAttribute('aria-pressed') === 'true') play.click();
  await settle();
  finish();
};
window.setInterval = (callback, ms, ...rest) => original.call(window, async () => {
  if (taken >= steps) return;
  taken++;
  await measure(callback);
  if (taken === steps || play.getAttribute('aria-pressed') !== 'true') await stop();
}, ms, ...rest);
play?.click();
"#
);

fn numbers(value: Value) -> Vec<f64> {
    match value {
        Value::Array(items) => items.into_iter().filter_map(|v| v.as_f64()).collect(),
        other => panic!("the page answered {other}"),
    }
}

/// What a page script measured: each action's total time, and its update and layout parts.
#[derive(Default)]
struct Measured {
    times: Vec<f64>,
    update: Vec<f64>,
    layout: Vec<f64>,
}

impl Measured {
    fn add(&mut self, answer: &Value) {
        if let Some(error) = answer.get("error") {
            panic!("the page answered {error}");
        }
        self.times.extend(numbers(answer["times"].clone()));
        for part in answer["parts"].as_array().into_iter().flatten() {
            self.update.push(part[0].as_f64().unwrap_or(f64::NAN));
            self.layout.push(part[1].as_f64().unwrap_or(f64::NAN));
        }
    }

    fn report(&self, what: &str, budget_p95: f64) {
        report(what, &self.times, budget_p95);
        report("  of which the app's update", &self.update, budget_p95);
        report("  of which style and layout", &self.layout, budget_p95);
    }
}

#[tokio::main]
async fn main() {
    // RECORDS=… overrides the size, to see how the figures grow.
    let records: usize = std::env::var("RECORDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(RECORDS);
    let json_text = atlas_ingest::synthetic::dataset(records, 1).to_json();
    println!(
        "browser benchmark: {records} synthetic records ({:.1} MB of JSON), headless Chromium",
        json_text.len() as f64 / 1e6
    );
    let server = Server::start();
    server.set("data/clusters.json", Reply::json(json_text.into_bytes()));
    // The app's own load, from the network, every time: no offline worker to answer from its
    // cache (or to fill it with another 25 MB while the next load is measured).
    server.set("sw.js", Reply::status(404));
    let browser = Browser::launch().await;

    // Per load: [app asks → indexed, fetch, parse, index, request sent → indexed, navigation →
    // indexed]. boot.js sends the request before the wasm starts ("atlas:request"), so by the
    // time the app asks for the data ("atlas:fetch-start") part of it has arrived.
    let mut loads: Vec<Vec<f64>> = Vec::new();
    for _ in 0..LOADS {
        browser.open(&server.url("/")).await;
        let loaded = browser.wait_loaded().await;
        assert_eq!(loaded, records, "the page shows every synthetic record");
        let times = browser
            .js(
                "const m = n => performance.getEntriesByName(n)[0].startTime; \
                 return [m('atlas:indexed') - m('atlas:fetch-start'), \
                         m('atlas:fetched') - m('atlas:fetch-start'), \
                         m('atlas:parsed') - m('atlas:fetched'), \
                         m('atlas:indexed') - m('atlas:parsed'), \
                         m('atlas:indexed') - m('atlas:request'), \
                         m('atlas:indexed')];",
                vec![],
            )
            .await;
        // The pair index, built in a task of its own once the first view is shown.
        let pairs = browser
            .driver()
            .execute_async(
                "const done = arguments[0]; \
                 const m = n => performance.getEntriesByName(n)[0]; \
                 const poll = () => m('atlas:pairs-built') \
                   ? done(m('atlas:pairs-built').startTime - m('atlas:pairs-start').startTime) \
                   : setTimeout(poll, 20); \
                 poll();",
                vec![],
            )
            .await
            .expect("the pair index is built");
        let mut times = numbers(times);
        times.push(pairs.json().as_f64().unwrap_or(f64::NAN));
        loads.push(times);
    }
    let column = |i: usize| -> Vec<f64> { loads.iter().map(|l| l[i]).collect() };
    // The first load runs before V8 has optimised the wasm (it optimises a function after enough
    // calls); the later ones reuse the optimised code, as a browser does within a session. The
    // first has its own budget (docs/PERFORMANCE.md: a visitor at this scale has first waited
    // for 24.6 MB of JSON), the later ones the 500 ms one.
    let loads_all = column(0);
    report("load: fetch + parse + index, later", &loads_all[1..], 500.0);
    let cold = loads_all[0];
    println!(
        "{:<34} {cold:>7.1} ms   ({} the {COLD_LOAD_BUDGET} ms budget)",
        "load: the first, cold one",
        if cold <= COLD_LOAD_BUDGET {
            "within"
        } else {
            "OVER"
        }
    );
    for (i, name) in [
        "  of which fetch (rest of download)",
        "  of which parse + check",
        "  of which index",
        "  from the request (in boot.js)",
        "  from navigation (data on screen)",
        "pair index, after the first view",
    ]
    .iter()
    .enumerate()
    {
        let part = column(i + 1);
        println!(
            "{name:<34} first {:>7.1} ms   later: median {:>7.1} ms   max {:>7.1} ms",
            part[0],
            percentile(&part[1..], 50.0),
            percentile(&part[1..], 100.0)
        );
    }
    println!(
        "{:<34} first {:>7.1} ms   later: median {:>7.1} ms   max {:>7.1} ms",
        "  the whole load (as above)",
        column(0)[0],
        percentile(&column(0)[1..], 50.0),
        percentile(&column(0)[1..], 100.0)
    );

    let queries = json!(["cluster energia", "pole mec", "aragon", "zzzz", "digital"]);
    let driver = browser.driver();
    let mut keystrokes = Measured::default();
    for _ in 0..3 {
        let answer = driver
            .execute_async(TYPE_SCRIPT, vec![queries.clone()])
            .await
            .expect("typing script");
        keystrokes.add(answer.json());
    }
    keystrokes.report("keystroke → results updated", 8.0);

    let clicks = |what: &'static str, selectors: Value, budget: f64| {
        let driver = driver.clone();
        async move {
            let times = driver
                .execute_async(CLICK_SCRIPT, vec![selectors, json!(5)])
                .await
                .expect("click script");
            let mut measured = Measured::default();
            measured.add(times.json());
            measured.report(what, budget);
        }
    };
    // Each selector twice: on, then off again.
    clicks(
        "filter change → results updated",
        json!([
            "#sector-ict",
            "#sector-ict",
            "#country-ES",
            "#country-ES",
            "#status-valid",
            "#status-valid",
            "#label-silver",
            "#label-silver"
        ]),
        16.0,
    )
    .await;
    clicks(
        "sort change → results updated",
        json!([
            "button[data-sort=valid_until]",
            "button[data-sort=valid_until]",
            "button[data-sort=country]",
            "button[data-sort=name]"
        ]),
        16.0,
    )
    .await;

    // A month typed into the expiry window, and into the as-of date: each a whole new view.
    let inputs = driver
        .execute_async(
            concat!(
                page_prelude!(),
                r#"
const changes = arguments[0];
const set = (sel, value) => {
  const input = document.querySelector(sel);
  input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true }));
};
(async () => {
  for (let round = 0; round < 5; round++) {
    for (const [sel, value] of changes) await measure(() => set(sel, value));
  }
  finish();
})();
"#
            ),
            vec![json!([
                ["#expires-from", "2021-01"],
                ["#expires-from", ""],
                ["#asof", "2021-03-31"],
                ["#asof", "2014-06-30"]
            ])],
        )
        .await
        .expect("input script");
    let mut measured = Measured::default();
    measured.add(inputs.json());
    measured.report("expiry window or date → updated", 16.0);

    let steps = driver
        .execute_async(PLAY_SCRIPT, vec![json!(24)])
        .await
        .expect("play script");
    let mut measured = Measured::default();
    measured.add(steps.json());
    measured.report("play step → view updated", 16.0);

    // Last, the same typing with a detail panel open, which must not make a keystroke dearer.
    // Opened by a click in the page, which scrolls nothing: every phase is measured with the
    // page at its top, as a visitor first sees it.
    browser
        .js(
            "document.querySelector('tr[data-cluster-id] th a').click();",
            vec![],
        )
        .await;
    browser.wait_for("[data-testid=detail]").await;
    let mut with_detail = Measured::default();
    let answer = driver
        .execute_async(TYPE_SCRIPT, vec![queries.clone()])
        .await
        .expect("typing script");
    with_detail.add(answer.json());
    with_detail.report("… with a detail panel open", 8.0);

    // And with two countries compared: the comparison follows the search, a frame later.
    // Closing the detail gives the focus back to its row, which scrolls the results into view;
    // the page goes back to its top, where every phase is measured.
    browser
        .js(
            "document.querySelector('[data-testid=detail] .close').click();
             const toggles = document.querySelectorAll('button[data-compare]');
             toggles[0].click();
             setTimeout(() => toggles[1].click(), 50);",
            vec![],
        )
        .await;
    browser.wait_for("[data-testid=compare-table]").await;
    browser.js("window.scrollTo(0, 0);", vec![]).await;
    let mut with_comparison = Measured::default();
    let answer = driver
        .execute_async(TYPE_SCRIPT, vec![queries.clone()])
        .await
        .expect("typing script");
    with_comparison.add(answer.json());
    with_comparison.report("… with a comparison of two countries open", 8.0);

    browser.quit().await;
}
