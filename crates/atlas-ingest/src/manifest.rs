//! The manifest of the committed sources (`data/sources/manifest.json`) and the two ways of
//! reading saved ESCA pages: all of them into the bundled dataset, or some into printed JSON.

use std::path::Path;

use atlas_core::ids::UniqueIds;
use atlas_core::model::{Cluster, Dataset};
use serde::Deserialize;

use crate::countries::country_name;
use crate::source::{parse_page, to_clusters};
use crate::write::write_atomically;

pub const MANIFEST: &str = "data/sources/manifest.json";
pub const OUT: &str = "public/data/clusters.json";

/// One source file, as listed in the manifest.
#[derive(Deserialize)]
struct Source {
    file: String,
    country: String,
    country_name: String,
    label: String,
    /// Documentation for people; kept in the file, not used by the build.
    #[serde(rename = "provenance")]
    _provenance: String,
}

#[derive(Deserialize)]
struct Manifest {
    sources: Vec<Source>,
}

/// Reads one saved page of country `cc`; errors name the file and the line.
fn read_page(path: &Path, cc: &str, ids: &mut UniqueIds) -> Result<Vec<Cluster>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("{}: not UTF-8 text ({e})", path.display()))?;
    let rows =
        parse_page(&text).map_err(|e| format!("{}:{}: {}", path.display(), e.line, e.message))?;
    Ok(to_clusters(cc, &rows, ids))
}

/// The dataset of saved pages of one country, for a look before a page goes into the manifest.
pub fn pages(cc: &str, files: &[impl AsRef<Path>]) -> Result<Dataset, String> {
    let name = country_name(cc)?;
    let mut ids = UniqueIds::new('-');
    let mut clusters = Vec::new();
    for file in files {
        clusters.extend(read_page(file.as_ref(), cc, &mut ids)?);
    }
    Ok(Dataset::from_clusters(clusters, &|_| name.clone()))
}

/// Rebuilds the bundled dataset from the manifest's pages and writes it to `out`. Nothing is
/// written unless every page reads cleanly.
pub fn rebuild(manifest_path: &Path, out: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(manifest_path)
        .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let dir = manifest_path.parent().unwrap_or(Path::new("."));
    let mut ids = UniqueIds::new('-');
    let mut clusters = Vec::new();
    let mut names = std::collections::BTreeMap::new();
    for source in &manifest.sources {
        country_name(&source.country).map_err(|e| format!("{}: {e}", manifest_path.display()))?;
        if source.label != "bronze" {
            return Err(format!(
                "{}: {}: unknown label {:?}",
                manifest_path.display(),
                source.file,
                source.label
            ));
        }
        names.insert(source.country.clone(), source.country_name.clone());
        clusters.extend(read_page(
            &dir.join(&source.file),
            &source.country,
            &mut ids,
        )?);
    }
    let dataset = Dataset::from_clusters(clusters, &|code| {
        names.get(code).cloned().unwrap_or_default()
    });
    write_atomically(out, dataset.to_json().as_bytes())?;
    eprintln!(
        "ingest: wrote {} records to {}",
        dataset.clusters.len(),
        out.display()
    );
    Ok(())
}
