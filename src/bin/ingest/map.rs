//! `ingest map`: regenerate the committed map asset from the committed TopoJSON.
//!
//! The geometry work is all in [`ecei_atlas::core::geo`]; this is the native glue around it:
//! ISO numeric → alpha-2 codes, reading the source and writing the asset atomically.

use std::path::Path;

use ecei_atlas::core::geo;

/// Natural Earth countries at 1:50m, as shipped by the npm package `world-atlas` 2.0.2.
pub const DEFAULT_SOURCE: &str = "data/map/countries-50m.json";
/// The asset the app fetches.
pub const DEFAULT_OUT: &str = "public/data/world.json";

/// Maps an ISO 3166-1 numeric id as TopoJSON spells it ("724", "036") to its alpha-2 code ("ES").
pub fn alpha2_of(numeric: &str) -> Option<String> {
    let id: u32 = numeric.trim().parse().ok()?;
    isocountry::CountryCode::for_id(id)
        .ok()
        .map(|c| c.alpha2().to_string())
}

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

/// Writes to a temporary file in the same directory, then renames it over `path`, so a reader
/// (or a failed run) never sees a half-written asset.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("{}: {e}", path.display());
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let name = path
        .file_name()
        .ok_or_else(|| format!("{}: not a file path", path.display()))?;
    let tmp = dir.join(format!(".{}.tmp", name.to_string_lossy()));
    if let Err(e) = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path)) {
        // Best effort: the temporary file is ours and useless now.
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    Ok(())
}
