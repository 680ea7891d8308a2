//! Fetching the bundled files. The only network code in the app.

use std::sync::Arc;

use gloo_net::http::Request;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use atlas_core::catalog::Catalog;
use atlas_core::load::{LoadError as DataError, LoadedDataset};
use atlas_core::map::MapAsset;

/// Where the dataset lives, relative to the page's base URL (so a sub-path deploy works).
pub const DATASET_URL: &str = "data/clusters.json";
pub const MAP_URL: &str = "data/world.json";
/// The map's geometry, drawn with `<use>` by the prerendered page and the app alike, so that it
/// crosses the network once.
pub const MAP_SPRITE_URL: &str = "data/world.svg";

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

/// A request that `public/boot.js` sent before the app started, so that the download overlapped
/// the wasm's: the dataset's (`atlasDataset`) or the map's (`atlasMap`). It resolves to the body's
/// bytes, or to the response where the server refused. Taken once: a retry asks anew. `None`
/// where there is none (the component tests mount the app without boot.js).
fn early_request(key: &str) -> Option<js_sys::Promise> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(key);
    let request = js_sys::Reflect::get(&window, &key).ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    request.dyn_into().ok()
}

/// A failed request's reason, as gloo-net words it ("TypeError: Failed to fetch").
fn js_error_text(error: &JsValue) -> String {
    error.dyn_ref::<js_sys::Error>().map_or_else(
        || "the request failed".to_string(),
        |e| e.to_string().into(),
    )
}

/// The body's bytes. Read as bytes: decoding a JS string into Rust costs more than checking
/// UTF-8, which matters for a file of 100,000 records.
pub(crate) async fn fetch_bytes(
    url: &str,
    early: Option<js_sys::Promise>,
) -> Result<Vec<u8>, LoadError> {
    let network = |e: JsValue| LoadError::Network(js_error_text(&e));
    let response: web_sys::Response = match early {
        Some(request) => {
            let answer = JsFuture::from(request).await.map_err(network)?;
            if let Some(body) = answer.dyn_ref::<js_sys::ArrayBuffer>() {
                return Ok(js_sys::Uint8Array::new(body).to_vec());
            }
            answer.dyn_into().map_err(network)?
        }
        None => Request::get(url)
            .send()
            .await
            .map_err(|e| LoadError::Network(e.to_string()))?
            .into(),
    };
    if !response.ok() {
        return Err(LoadError::Status(response.status()));
    }
    let body = JsFuture::from(response.array_buffer().map_err(network)?)
        .await
        .map_err(network)?;
    // `to_vec` copies into uninitialised memory: gloo-net's `binary` zeroes the 25 MB first.
    Ok(js_sys::Uint8Array::new(&body).to_vec())
}

/// A User Timing mark, visible in the browser's performance tools and read by the browser
/// benchmark (`make bench-browser`).
pub(crate) fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

/// Downloads, checks and indexes the dataset. Each step is a task of its own, so that the page
/// (a first visit's frames, a click) is never kept waiting for more than one of them.
pub async fn load_catalog() -> Result<Arc<Catalog>, LoadError> {
    mark("atlas:fetch-start");
    let bytes = fetch_bytes(DATASET_URL, early_request("atlasDataset")).await?;
    mark("atlas:fetched");
    next_task().await;
    let loaded = LoadedDataset::from_bytes(&bytes)?;
    mark("atlas:parsed");
    next_task().await;
    let catalog = Catalog::new(loaded);
    mark("atlas:indexed");
    Ok(Arc::new(catalog))
}

/// Ends the current task; what follows runs in a new one (a zero timeout), after whatever the
/// browser has waiting.
async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Downloads the map geometry. The app works without it: the country index stays.
pub async fn load_map() -> Result<Arc<MapAsset>, String> {
    let failed = |e| match e {
        LoadError::Status(code) => {
            format!("The map could not be loaded (the server answered {code}).")
        }
        _ => "The map could not be loaded.".to_string(),
    };
    let bytes = fetch_bytes(MAP_URL, early_request("atlasMap"))
        .await
        .map_err(failed)?;
    serde_json::from_slice::<MapAsset>(&bytes)
        .map(Arc::new)
        .map_err(|e| format!("The map file is damaged ({e})."))
}
