//! Renders the atlas's default view into a built `index.html`: the same components and the same
//! bundled data as in the browser, rendered natively by Leptos (`--features ssr`). A first visit
//! then sees the title, the counts, the map, the country index and the first page of results
//! before any script runs, and without JavaScript at all; the app, once loaded, takes the
//! prerendered page's place (`src/mount.rs`).
//!
//! `prerender DIR` rewrites `DIR/index.html`, reading `DIR/data/`, and adds to its head the
//! dataset's schema.org description (JSON-LD) from the same data; then it fills `DIR/sw.js` in
//! with the build's files and their hash (the offline worker, `public/sw.js`). The Trunk hook
//! runs it on the staging directory of a release build. Statuses are those of the build date (UTC), or of
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
use atlas_core::stats::DataTimes;
use chrono::{Days, NaiveDate};
use ecei_atlas::{Atlas, Page};
use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::location::RequestUrl;
use serde_json::json;

/// The element of `index.html` the app lives in; the prerendered view goes inside it, and the
/// day it was rendered on on it (`data-rendered-on`, which tells `public/boot.js` that the page
/// is prerendered, and so a release build).
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
    let catalog = Arc::new(Catalog::new(loaded));
    let html = defer_map(&render(catalog.clone(), map, day))?;

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
    let site = std::env::var("ATLAS_SITE_URL")
        .ok()
        .filter(|s| !s.is_empty());
    let filled = absolute_preview(filled, site.as_deref())?;
    let described = dataset_description(&catalog, site.as_deref());
    if filled.matches("</head>").count() != 1 {
        return Err(format!("{}: no single </head>", index_path.display()));
    }
    let filled = filled.replace("</head>", &format!("{described}\n  </head>"));
    std::fs::write(&index_path, filled).map_err(|e| format!("{}: {e}", index_path.display()))?;
    fill_worker(dir)
}

/// The schema.org `Dataset` that search engines read: what the data is, where it comes from,
/// the span of its dates and its countries, all from the bundled data, and its two files.
fn dataset_description(catalog: &Catalog, site: Option<&str>) -> String {
    let url = |path: &str| site_url(site, path);
    let dataset = &catalog.dataset;
    let coverage = DataTimes::of(catalog).map(|t| {
        format!(
            "{}/{}",
            atlas_core::dates::iso(t.first_start),
            atlas_core::dates::iso(t.last_valid)
        )
    });
    let mut described = json!({
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": "Cluster organisations with a European Cluster Excellence (ECEI) label",
        "description": "The cluster management organisations that ESCA's lists name as holding an ECEI label: name, country, sector (comparative portfolio), website, label level and the date the label is valid until. Published by the ECEI Cluster Atlas.",
        "isAccessibleForFree": true,
        "creator": {"@type": "Organization", "name": "ECEI Cluster Atlas"},
        "isBasedOn": {
            "@type": "CreativeWork",
            "name": "ECEI label lists",
            "creator": {"@type": "Organization", "name": "European Secretariat for Cluster Analysis (ESCA)"},
        },
        "spatialCoverage": dataset.countries.iter()
            .map(|c| json!({"@type": "Place", "name": c.name}))
            .collect::<Vec<_>>(),
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": url("data/clusters.csv")},
            {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": url("data/clusters.json")},
        ],
    });
    if let Some(coverage) = coverage {
        described["temporalCoverage"] = json!(coverage);
    }
    if let Some(version) = &dataset.version {
        described["version"] = json!(version);
    }
    if let Some(site) = site {
        described["url"] = json!(site);
    }
    // Text from the data goes inside a <script> element: no "</" may close it early.
    let text = described.to_string().replace("</", "<\\/");
    format!(r#"<script type="application/ld+json">{text}</script>"#)
}

/// `path` (relative to the atlas) on the deploy's site, when the build was told it; else as is.
fn site_url(site: Option<&str>, path: &str) -> String {
    match site {
        Some(site) => format!("{}/{path}", site.trim_end_matches('/')),
        None => path.to_string(),
    }
}

/// The paths that must not be in a build's offline cache: the worker itself, and the link
/// preview, which only other sites' crawlers fetch.
const NOT_CACHED: [&str; 2] = ["sw.js", "preview.png"];
/// The lines of `sw.js` that a build fills in.
const WORKER_BUILD: &str = r#"const BUILD = "unbuilt";"#;
const WORKER_FILES: &str = "const FILES = [];";

/// Writes into `DIR/sw.js` the build's files (the page as `./`, the scope's root) and their hash,
/// which names the worker's cache: a new build or a new dataset is a new worker.
fn fill_worker(dir: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    list_files(dir, "", &mut files)?;
    files.retain(|(path, _)| !NOT_CACHED.contains(&path.as_str()));
    files.sort();
    let build = atlas_core::model::short_hash(
        files
            .iter()
            .flat_map(|(path, bytes)| [path.as_bytes(), b"\0", bytes.as_slice()]),
    );
    let paths: Vec<&str> = files
        .iter()
        .map(|(path, _)| {
            if path == "index.html" {
                "./"
            } else {
                path.as_str()
            }
        })
        .collect();
    let worker_path = dir.join("sw.js");
    let worker = std::fs::read_to_string(&worker_path)
        .map_err(|e| format!("{}: {e}", worker_path.display()))?;
    if !(worker.contains(WORKER_BUILD) && worker.contains(WORKER_FILES)) {
        return Err(format!(
            "{}: no {WORKER_BUILD} and {WORKER_FILES} to fill",
            worker_path.display()
        ));
    }
    let worker = worker
        .replace(WORKER_BUILD, &format!("const BUILD = {};", json!(build)))
        .replace(WORKER_FILES, &format!("const FILES = {};", json!(paths)));
    std::fs::write(&worker_path, worker).map_err(|e| format!("{}: {e}", worker_path.display()))
}

/// Every file under `dir/prefix`, as its path relative to `dir` (with `/`) and its bytes.
fn list_files(dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), String> {
    let here = dir.join(prefix);
    let entries = std::fs::read_dir(&here).map_err(|e| format!("{}: {e}", here.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", here.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{prefix}{name}");
        if entry.path().is_dir() {
            list_files(dir, &format!("{path}/"), out)?;
        } else {
            let bytes = std::fs::read(entry.path()).map_err(|e| format!("{path}: {e}"))?;
            out.push((path, bytes));
        }
    }
    Ok(())
}

/// Link previews (Open Graph, Twitter cards) need the image's absolute URL, which only the
/// deploy knows: `ATLAS_SITE_URL` (the atlas's address, e.g. `https://example.org/atlas/`).
/// Without it the page names the image relative to itself, which some previewers resolve.
fn absolute_preview(index: String, site: Option<&str>) -> Result<String, String> {
    let Some(site) = site.filter(|s| !s.is_empty()) else {
        return Ok(index);
    };
    if !(site.starts_with("https://") || site.starts_with("http://")) {
        return Err(format!("ATLAS_SITE_URL={site}: not an http(s) address"));
    }
    let image = format!(r#"content="{}""#, site_url(Some(site), "preview.png"));
    Ok(index.replace(r#"content="preview.png""#, &image))
}

/// The page as the browser's first view of `/` shows it.
fn render(catalog: Arc<Catalog>, map: MapAsset, today: NaiveDate) -> String {
    let owner = Owner::new();
    owner.with(|| {
        provide_context(RequestUrl::new("/"));
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

/// The map's sprite is the page's largest file after the wasm, and on a narrow screen the map
/// starts in the closed "Map and filters" sheet: a phone should not fetch it while the wasm comes.
/// So the prerendered map waits in a `<template>` that boot.js puts in place once the map can be
/// seen, with a `<noscript>` twin for a browser that runs no script.
fn defer_map(html: &str) -> Result<String, String> {
    let mut maps = html.match_indices("<svg ").filter_map(|(start, _)| {
        let tag = &html[start..start + html[start..].find('>')?];
        let end = start + html[start..].find("</svg>")? + "</svg>".len();
        tag.contains(r#" class="map""#).then_some(start..end)
    });
    let (Some(map), None) = (maps.next(), maps.next()) else {
        return Err("the prerendered page has no single map (<svg class=\"map\">)".to_string());
    };
    let svg = &html[map.clone()];
    Ok(format!(
        "{}<template data-map>{svg}</template><noscript>{svg}</noscript>{}",
        &html[..map.start],
        &html[map.end..]
    ))
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
