//! `ingest map`: the committed map files from the committed TopoJSON. The geometry is `geo`'s;
//! this reads the source and writes the asset (`world.json`) and, beside it, the sprite
//! (`world.svg`).

use std::path::Path;

use crate::countries::alpha2_of;
use crate::geo;
use crate::write::write_atomically;

/// Natural Earth countries at 1:50m, as shipped by the npm package `world-atlas` 2.0.2.
pub const DEFAULT_SOURCE: &str = "data/map/countries-50m.json";
/// The asset the app fetches; the sprite goes beside it, as `.svg`.
pub const DEFAULT_OUT: &str = "public/data/world.json";

/// Reads `source`, builds the map with the default options, and writes the asset to `out` and the
/// sprite beside it.
pub fn run(source: &Path, out: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(source).map_err(|e| format!("{}: {e}", source.display()))?;
    let map = geo::build_map(&text, &alpha2_of, &geo::GeoOptions::default())
        .map_err(|e| format!("{}: {e}", source.display()))?;
    let (json, svg) = (geo::to_json(&map), geo::to_svg(&map));
    let sprite = out.with_extension("svg");
    write_atomically(out, json.as_bytes())?;
    write_atomically(&sprite, svg.as_bytes())?;
    let unnamed = map.countries.iter().filter(|c| c.code.is_none()).count();
    println!(
        "map: {} countries ({unnamed} without an ISO code), {} bytes -> {}, {} bytes -> {}",
        map.countries.len(),
        json.len(),
        out.display(),
        svg.len(),
        sprite.display()
    );
    Ok(())
}
