#![cfg(not(target_arch = "wasm32"))]
//! End-to-end tests: the release build (`dist/`, see `make dist`) driven over WebDriver in
//! Chromium, and the journeys a person depends on also in Firefox and WebKit.
//!
//! One module per topic; the line at the top of each says what belongs there:
//!
//! | module          | what it covers                                                        |
//! |-----------------|-----------------------------------------------------------------------|
//! | `loading`       | the first visit, the takeover, the shell and CSP, slow or broken data |
//! | `map`           | the map and the country index                                         |
//! | `search`        | search and sorting                                                    |
//! | `detail`        | a cluster's detail, the keyboard and the focus                        |
//! | `history`       | the URL as the view: Back, Forward, shared links                      |
//! | `compare`       | countries compared, pictures of the map and charts                    |
//! | `deadlines`     | status on a date, levels, the expiry window, play                     |
//! | `exports`       | CSV, calendar, citation, embed, print                                 |
//! | `offline`       | the worker, offline use, updates, installability                      |
//! | `hostile`       | poisoned data and random query strings                                |
//! | `phone`         | phone widths                                                          |
//! | `accessibility` | axe-core, dark mode, reduced motion                                   |
//! | `layout`        | where each action's answer lands, desktop and phone; skip links; embeds |
//!
//! `data` holds what the committed dataset predicts (the counts a page must show), and the
//! harness (`tests/support/`) starts the server and the browser: `Atlas::start()`. Each test has
//! its own server, driver and browser, so `cargo test` runs them in parallel. Expected counts come
//! from `public/data/clusters.json` itself, except the two the issues name (270 clusters, 106 in
//! Spain).
//!
//! A journey, `async fn NAME(engine: Engine)` declared with [`in_every_engine!`], is a test per
//! engine: `NAME::chromium`, `NAME::firefox`, `NAME::webkit`. Every other test runs in Chromium,
//! which alone has DevTools (device emulation, network conditions, the console log).
//!
//! One test: `cargo test --test e2e NAME`; one topic: `cargo test --test e2e map::`; one engine:
//! `cargo test --test e2e webkit`.

#[path = "../support/mod.rs"]
mod support;

/// Declares journeys, each an `async fn(Engine)`, as one test per engine. A failure names the
/// engine in the test's name and in its message.
macro_rules! in_every_engine {
    ($($journey:ident),+ $(,)?) => {$(
        mod $journey {
            use crate::support::Engine;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn chromium() {
                super::$journey(Engine::Chromium).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn firefox() {
                super::$journey(Engine::Firefox).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn webkit() {
                super::$journey(Engine::WebKit).await;
            }
        }
    )+};
}

mod data;

mod accessibility;
mod compare;
mod deadlines;
mod detail;
mod exports;
mod history;
mod hostile;
mod layout;
mod loading;
mod map;
mod offline;
mod phone;
mod search;
