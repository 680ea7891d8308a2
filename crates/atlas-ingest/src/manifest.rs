//! The manifest of the committed sources (`data/sources/manifest.json`) and the two ways of
//! reading saved ESCA pages: all of them into the bundled dataset, or some into printed JSON.

use std::path::Path;

use atlas_core::catalog::Catalog;
use atlas_core::export::to_csv;
use atlas_core::ids::UniqueIds;
use atlas_core::label::Label;
use atlas_core::load::LoadedDataset;
use atlas_core::model::{Cluster, Dataset};
use atlas_core::view::ViewState;
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

/// Reads one saved page of country `cc`, whose rows hold `label`s; errors name the file and the
/// line.
fn read_page(
    path: &Path,
    cc: &str,
    label: Label,
    ids: &mut UniqueIds,
) -> Result<Vec<Cluster>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("{}: not UTF-8 text ({e})", path.display()))?;
    let rows =
        parse_page(&text).map_err(|e| format!("{}:{}: {}", path.display(), e.line, e.message))?;
    Ok(to_clusters(cc, label, &rows, ids))
}

/// The dataset of saved pages of one country and level, for a look before a page goes into
/// the manifest.
pub fn pages(cc: &str, label: Label, files: &[impl AsRef<Path>]) -> Result<Dataset, String> {
    let name = country_name(cc)?;
    let mut ids = UniqueIds::new('-');
    let mut clusters = Vec::new();
    for file in files {
        clusters.extend(read_page(file.as_ref(), cc, label, &mut ids)?);
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
        let label = Label::parse(&source.label)
            .filter(|l| *l != Label::Unknown)
            .ok_or_else(|| {
                format!(
                    "{}: {}: unknown label {:?} (bronze, silver or gold)",
                    manifest_path.display(),
                    source.file,
                    source.label
                )
            })?;
        names.insert(source.country.clone(), source.country_name.clone());
        clusters.extend(read_page(
            &dir.join(&source.file),
            &source.country,
            label,
            &mut ids,
        )?);
    }
    let dataset = Dataset::from_clusters(clusters, &|code| {
        names.get(code).cloned().unwrap_or_default()
    });
    let json = dataset.to_json();
    let csv_path = out.with_extension("csv");
    let csv = data_csv(&json).map_err(|e| format!("{}: {e}", out.display()))?;
    write_atomically(out, json.as_bytes())?;
    write_atomically(&csv_path, csv.as_bytes())?;
    eprintln!(
        "ingest: wrote {} records to {} and {}",
        dataset.clusters.len(),
        out.display(),
        csv_path.display()
    );
    Ok(())
}

/// The dataset as a CSV file for spreadsheets and anyone without the app: the columns of the
/// app's CSV export but the status (which depends on the day), in the app's default order (by
/// name). Read back from the JSON, so that it holds exactly what the app loads.
fn data_csv(json: &str) -> Result<String, String> {
    let catalog = Catalog::new(LoadedDataset::from_json(json).map_err(|e| e.to_string())?);
    let rows = catalog
        .select(&ViewState::new(), chrono::NaiveDate::MIN)
        .all_rows();
    Ok(to_csv(&catalog, &rows, None))
}
