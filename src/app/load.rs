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

async fn fetch_text(url: &str) -> Result<String, LoadError> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))?;
    if !response.ok() {
        return Err(LoadError::Status(response.status()));
    }
    response
        .text()
        .await
        .map_err(|e| LoadError::Network(e.to_string()))
}

/// Downloads, checks and indexes the dataset.
pub async fn load_catalog() -> Result<Arc<Catalog>, LoadError> {
    let text = fetch_text(DATASET_URL).await?;
    let loaded = LoadedDataset::from_json(&text)?;
    Ok(Arc::new(Catalog::new(loaded)))
}

/// Downloads the map geometry. The app works without it: the country index stays.
pub async fn load_map() -> Result<Arc<MapAsset>, String> {
    let text = fetch_text(MAP_URL).await.map_err(|e| match e {
        LoadError::Status(code) => {
            format!("The map could not be loaded (the server answered {code}).")
        }
        _ => "The map could not be loaded.".to_string(),
    })?;
    serde_json::from_str::<MapAsset>(&text)
        .map(Arc::new)
        .map_err(|e| format!("The map file is damaged ({e})."))
}
