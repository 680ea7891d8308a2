//! Fetching the bundled files. The only network code in the app.

use std::sync::Arc;

use gloo_net::http::Request;

use crate::core::catalog::Catalog;
use crate::core::geo::MapAsset;
use crate::core::model::{LoadError as DataError, LoadedDataset};

/// Where the dataset lives, relative to the page's base URL (so a sub-path deploy works).
pub const DATASET_URL: &str = "data/clusters.json";
pub const MAP_URL: &str = "data/world.json";

/// Why the app could not start. Each message is meant for the person at the screen.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error("The cluster data could not be downloaded ({0}). Check your connection and retry.")]
    Network(String),
    #[error("The server answered {0} for the cluster data.")]
    Status(u16),
    #[error("{0}")]
    Data(#[from] DataError),
}

/// The body's bytes. Read as bytes: decoding a JS string into Rust costs more than checking
/// UTF-8, which matters for a file of 100,000 records.
async fn fetch_bytes(url: &str) -> Result<Vec<u8>, LoadError> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Status(response.status()));
    }
    response
        .binary()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))
}

/// The bytes as UTF-8 text. `simdutf8` checks 16 bytes at a time: the standard library's check
/// took 60 ms for 25 MB in the browser, and more than twice that on a first visit, before the
/// browser has optimised the code.
fn as_text(bytes: &[u8]) -> Result<&str, LoadError> {
    simdutf8::basic::from_utf8(bytes)
        .map_err(|_| LoadError::Data(DataError::Malformed("it is not UTF-8 text".to_string())))
}

/// A User Timing mark, visible in the browser's performance tools and read by the browser
/// benchmark (`make bench-browser`).
fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Downloads, checks and indexes the dataset.
pub async fn load_catalog() -> Result<Arc<Catalog>, LoadError> {
    mark("atlas:fetch-start");
    let bytes = fetch_bytes(DATASET_URL).await?;
    let text = as_text(&bytes)?;
    mark("atlas:fetched");
    let loaded = LoadedDataset::from_json(text)?;
    mark("atlas:parsed");
    let catalog = Catalog::new(loaded);
    mark("atlas:indexed");
    Ok(Arc::new(catalog))
}

/// Downloads the map geometry. The app works without it: the country index stays.
pub async fn load_map() -> Result<Arc<MapAsset>, String> {
    let failed = |e| match e {
        LoadError::Status(code) => {
            format!("The map could not be loaded (the server answered {code}).")
        }
        _ => "The map could not be loaded.".to_string(),
    };
    let bytes = fetch_bytes(MAP_URL).await.map_err(failed)?;
    let text = as_text(&bytes).map_err(failed)?;
    serde_json::from_str::<MapAsset>(text)
        .map(Arc::new)
        .map_err(|e| format!("The map file is damaged ({e})."))
}
