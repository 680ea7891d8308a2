//! placeholder until the map generator lands
pub const DEFAULT_SOURCE: &str = "data/map/countries-50m.json";
pub const DEFAULT_OUT: &str = "public/data/world.json";
pub fn run(_s: &std::path::Path, _o: &std::path::Path) -> Result<(), String> { Err("not yet".into()) }
