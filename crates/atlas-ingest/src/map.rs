//! `ingest map`: the committed map asset from the committed TopoJSON. The geometry is `geo`'s;
//! this reads the source and writes the asset.

use std::path::Path;

use crate::countries::alpha2_of;
use crate::geo;
use crate::write::write_atomically;

/// Natural Earth countries at 1:50m, as shipped by the npm package `world-atlas` 2.0.2.
pub const DEFAULT_SOURCE: &str = "data/map/countries-50m.json";
/// The asset the app fetches.
pub const DEFAULT_OUT: &str = "public/data/world.json";

/// Reads `source`, builds the asset with the default options and writes it to `out`.
pub fn run(source: &Path, out: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(source).map_err(|e| format!("{}: {e}", source.display()))?;
    let asset = geo::build_map(&text, &alpha2_of, &geo::GeoOptions::default())
        .map_err(|e| format!("{}: {e}", source.display()))?;
    let json = geo::to_json(&asset);
    write_atomically(out, json.as_bytes())?;
    let unnamed = asset.countries.iter().filter(|c| c.code.is_none()).count();
    println!(
        "map: {} countries ({unnamed} without an ISO code), {} bytes -> {}",
        asset.countries.len(),
        json.len(),
        out.display()
    );
    Ok(())
}
