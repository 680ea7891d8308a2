//! (stub until the generator lands)
use serde::{Deserialize, Serialize};
/// The committed map asset: everything the app needs to draw the world, already projected.
///
/// Coordinates are in asset units: the whole globe spans `width` × `height`, x to the east and y
/// to the south, as in SVG.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapAsset {
    /// Width of the whole-globe map in asset units.
    pub width: f64,
    /// Height of the whole-globe map in asset units (follows from the projection's aspect).
    pub height: f64,
    /// Ready-made SVG `viewBox`es.
    pub views: MapViews,
    /// One entry per TopoJSON feature, sorted by name, then code.
    pub countries: Vec<MapCountry>,
}

/// SVG `viewBox`es as `[x, y, w, h]`, both with the same aspect ratio.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapViews {
    /// Every drawn country, with a small margin.
    pub world: [f64; 4],
    /// Europe, roughly longitude −25…45 and latitude 34…72.
    pub europe: [f64; 4],
}

/// One country (strictly: one Natural Earth feature) of the asset.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MapCountry {
    /// ISO 3166-1 alpha-2 code, or `None` for features without an ISO id (Kosovo, N. Cyprus…).
    pub code: Option<String>,
    /// The feature's `properties.name`, as Natural Earth spells it ("Bosnia and Herz.").
    pub name: String,
    /// SVG path data: one absolute `M` per ring, relative `l` segments, `z` closing each ring.
    /// Holes wind opposite to their outer ring, so both fill rules draw them as holes.
    pub d: String,
    /// A label or marker point inside the country's largest ring.
    pub cx: f64,
    /// See [`MapCountry::cx`].
    pub cy: f64,
    /// Bounding box `[x0, y0, x1, y1]` of everything drawn for the country (overseas parts too).
    pub bbox: [f64; 4],
}

