//! Renders the atlas's default view into a built `index.html`: the same components and the same
//! bundled data as in the browser, rendered natively by Leptos (`--features ssr`). A first visit
//! then sees the title, the counts, the map, the country index and the first page of results
//! before any script runs, and without JavaScript at all; the app, once loaded, takes the
//! prerendered page's place (`src/mount.rs`).
//!
//! `prerender DIR` rewrites `DIR/index.html`, reading `DIR/data/`. The Trunk hook runs it on the
//! staging directory of a release build. Statuses are those of the build date (UTC), or of
//! `SOURCE_DATE_EPOCH` when it is set, for a reproducible build; the app corrects them at once
//! if the date has moved on.

// The page's view types, not erased natively, nest deep.
#![recursion_limit = "256"]

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use atlas_core::catalog::Catalog;
use atlas_core::load::LoadedDataset;
use atlas_core::map::MapAsset;
use chrono::{Days, NaiveDate};
use ecei_atlas::{Atlas, Page};
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::location::RequestUrl;

/// The element of `index.html` the app lives in; the prerendered view goes inside it, and the
/// day it was rendered on on it (`data-rendered-on`: `src/mount.rs` hydrates as of that day).
const ROOT: &str = r#"<div id="atlas" class="page"></div>"#;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: prerender DIR (a built dist directory)");
        return ExitCode::FAILURE;
    };
    match run(&dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("prerender: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(dir: &Path) -> Result<(), String> {
    let read = |name: &str| {
        let path = dir.join(name);
        std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let loaded = LoadedDataset::from_bytes(&read("data/clusters.json")?)
        .map_err(|e| format!("data/clusters.json: {e}"))?;
    let map: MapAsset = serde_json::from_slice(&read("data/world.json")?)
        .map_err(|e| format!("data/world.json: {e}"))?;
    let day = build_date();
    let html = render(Catalog::new(loaded), map, day);

    let index_path = dir.join("index.html");
    let index = String::from_utf8(read("index.html")?)
        .map_err(|e| format!("{}: {e}", index_path.display()))?;
    if index.matches(ROOT).count() != 1 {
        return Err(format!(
            "{}: no single {ROOT} to fill",
            index_path.display()
        ));
    }
    let filled = index.replace(
        ROOT,
        &format!(
            r#"<div id="atlas" class="page" data-rendered-on="{}">{html}</div>"#,
            atlas_core::dates::iso(day)
        ),
    );
    std::fs::write(&index_path, filled).map_err(|e| format!("{}: {e}", index_path.display()))
}

/// The page as the browser's first view of `/` shows it.
fn render(catalog: Catalog, map: MapAsset, today: NaiveDate) -> String {
    let owner = Owner::new();
    owner.with(|| {
        provide_context(RequestUrl::new("/"));
        let catalog = Arc::new(catalog);
        let map = Signal::stored(Some(Ok(Arc::new(map))));
        view! {
            <Router>
                <Page>
                    <Atlas catalog=catalog map=map today=today />
                </Page>
            </Router>
        }
        .to_html()
    })
}

/// Today in UTC, or the day of `SOURCE_DATE_EPOCH`.
fn build_date() -> NaiveDate {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .ok()
                .map(|d| d.as_secs())
        })
        .unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(Days::new(seconds / 86_400)))
        .unwrap_or_default()
}
