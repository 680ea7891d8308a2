//! Build-time world map geometry: Natural Earth country boundaries (TopoJSON, as shipped by the
//! `world-atlas` npm package) turned into a small asset of projected SVG path strings.
//!
//! For: the native `ingest map` tool, which runs [`build_map`] once and commits the result in two
//! files: the geometry as an SVG sprite of one `<path id>` per country ([`to_svg`]), which the
//! page and the app draw with `<use>`, and what the app needs to know of each country
//! ([`to_json`], read as an `atlas_core::map::MapAsset`). The browser needs no projection code
//! and no map library, and the geometry crosses the network once.
//!
//! Not for: anything at run time beyond reading the asset. There is no I/O here, no knowledge of
//! country codes (the caller passes `alpha2_of`), and no general GIS: the input is assumed to be a
//! world-atlas style topology of Polygon/MultiPolygon countries in longitude/latitude degrees.
//!
//! The pipeline: decode the arcs (quantised, delta-encoded), simplify each arc on its own with
//! Douglas–Peucker so that borders shared by two countries stay identical, stitch rings, cut them
//! at the ±180° meridian, project with Equal Earth, then write paths on a fixed decimal grid.

use std::collections::BTreeMap;

use atlas_core::ids::UniqueIds;
use atlas_core::map::{MapAsset, MapCountry, MapViews};
use atlas_core::model::slugify;
use serde::Deserialize;
use serde_json::Value;

/// The map as drawn: the frames, and every country with its path.
#[derive(Clone, Debug, PartialEq)]
pub struct DrawnMap {
    pub width: i32,
    pub height: i32,
    pub views: MapViews,
    /// Sorted by name, then code.
    pub countries: Vec<DrawnCountry>,
}

/// One country (strictly: one Natural Earth feature) as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct DrawnCountry {
    /// Its path's id in the sprite: the alpha-2 code, or for a feature without one (Kosovo, N.
    /// Cyprus…) a slug of its name.
    pub id: String,
    pub code: Option<String>,
    pub name: String,
    /// SVG path data: one absolute `M` per ring, relative `l` segments, `z` closing each ring.
    /// Holes wind opposite to their outer ring, so both fill rules draw them as holes.
    pub d: String,
    pub cx: i32,
    pub cy: i32,
    pub bbox: [i32; 4],
}

impl DrawnMap {
    /// What the app reads: everything but the paths, which it draws from the sprite.
    pub fn asset(&self) -> MapAsset {
        MapAsset {
            width: self.width,
            height: self.height,
            views: self.views,
            countries: self
                .countries
                .iter()
                .map(|c| MapCountry {
                    id: c.id.clone(),
                    code: c.code.clone(),
                    name: c.name.clone(),
                    cx: c.cx,
                    cy: c.cy,
                    bbox: c.bbox,
                })
                .collect(),
        }
    }
}

/// The id of the sprite's group of every country.
pub const WORLD_ID: &str = "world";

/// Knobs of [`build_map`]; [`GeoOptions::default`] is what the committed asset uses.
#[derive(Clone, Debug, PartialEq)]
pub struct GeoOptions {
    /// Douglas–Peucker tolerance in asset units (the whole globe is `width` units wide).
    pub tolerance: f64,
    /// Width of the whole-globe map in asset units; the height follows from the projection.
    pub width: f64,
    /// Decimals written for path coordinates (1 = tenths of a unit).
    pub decimals: u32,
    /// Rings smaller than this many square asset units are dropped, except each country's largest.
    pub min_ring_area: f64,
    /// Feature ids left out entirely (by default Antarctica, "010": it would take a fifth of the
    /// map's height and holds no clusters).
    pub skip_ids: Vec<String>,
}

impl Default for GeoOptions {
    fn default() -> Self {
        Self {
            tolerance: 1.5,
            width: 10_000.0,
            decimals: 0,
            min_ring_area: 0.0,
            skip_ids: vec!["010".to_string()],
        }
    }
}

/// Why a topology could not be turned into a map.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    /// Not JSON, or JSON without the fields a TopoJSON topology needs.
    #[error("not a readable TopoJSON topology: {0}")]
    Json(#[from] serde_json::Error),
    /// JSON of the wrong shape, e.g. `objects.countries` is not a GeometryCollection.
    #[error("unexpected topology: {0}")]
    Topology(String),
    /// An arc with a malformed or out-of-range position.
    #[error("arc {arc}: {message}")]
    Arc { arc: usize, message: String },
    /// A feature whose geometry cannot be read.
    #[error("feature {feature}: {message}")]
    Feature { feature: String, message: String },
    /// Options that make no sense (negative tolerance, zero width…).
    #[error("invalid options: {0}")]
    Options(String),
    /// Every feature was skipped or the collection was empty.
    #[error("the topology holds no country to draw")]
    Empty,
}

/// Builds the asset from a TopoJSON topology whose `objects.countries` is a GeometryCollection of
/// Polygon/MultiPolygon features with ISO 3166-1 numeric ids and a `properties.name`.
///
/// `alpha2_of` maps a TopoJSON feature id (ISO 3166-1 numeric string, e.g. "724") to an alpha-2
/// code ("ES").
pub fn build_map(
    topojson: &str,
    alpha2_of: &dyn Fn(&str) -> Option<String>,
    opts: &GeoOptions,
) -> Result<DrawnMap, GeoError> {
    check_options(opts)?;
    let topology: Topology = serde_json::from_str(topojson)?;
    if topology.kind != "Topology" {
        return Err(GeoError::Topology(format!(
            "type is {:?}, not \"Topology\"",
            topology.kind
        )));
    }
    let collection = &topology.objects.countries;
    if collection.kind != "GeometryCollection" {
        return Err(GeoError::Topology(format!(
            "objects.countries is a {:?}, not a GeometryCollection",
            collection.kind
        )));
    }
    let raw_arcs = decode_arcs(&topology.arcs, topology.transform.as_ref())?;
    let proj = Projector::new(opts.width);
    let simple_arcs: Vec<Vec<Pt>> = raw_arcs
        .iter()
        .map(|arc| simplify_arc(arc, &proj, opts.tolerance))
        .collect();

    let mut countries = Vec::new();
    for (index, geometry) in collection.geometries.iter().enumerate() {
        let feature = read_feature(index, geometry)?;
        if feature
            .id
            .as_ref()
            .is_some_and(|id| opts.skip_ids.contains(id))
        {
            continue;
        }
        let code = feature.id.as_deref().and_then(alpha2_of);
        let drawn = draw_feature(&feature, &simple_arcs, &raw_arcs, &proj, opts)?;
        countries.push(DrawnCountry {
            id: String::new(),
            code,
            name: feature.name,
            d: drawn.d,
            cx: drawn.label[0].round() as i32,
            cy: drawn.label[1].round() as i32,
            bbox: [
                drawn.bbox[0].floor() as i32,
                drawn.bbox[1].floor() as i32,
                drawn.bbox[2].ceil() as i32,
                drawn.bbox[3].ceil() as i32,
            ],
        });
    }
    if countries.is_empty() {
        return Err(GeoError::Empty);
    }
    countries.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.code.cmp(&b.code)));
    let mut ids = UniqueIds::new('-');
    // The group of every path (`to_svg`).
    ids.reserve(WORLD_ID);
    for c in &mut countries {
        c.id = ids.claim(&c.code.clone().unwrap_or_else(|| slugify(&c.name)));
    }

    let world = countries
        .iter()
        .fold(EMPTY_BOX, |acc, c| union_box(acc, c.bbox.map(f64::from)));
    // A margin of half a percent keeps coastlines off the very edge of the viewport.
    let margin = opts.width * 0.005;
    let world = [
        world[0] - margin,
        world[1] - margin,
        world[2] + margin,
        world[3] + margin,
    ];
    let world_view = to_view(world);
    let europe_view = to_view(fit_aspect(
        europe_box(&proj),
        f64::from(world_view[2]) / f64::from(world_view[3]),
    ));
    Ok(DrawnMap {
        width: proj.width.round() as i32,
        height: proj.height.round() as i32,
        views: MapViews {
            world: world_view,
            europe: europe_view,
        },
        countries,
    })
}

/// The app's asset (`world.json`), deterministically: fixed field order, one country per line
/// (so that a regenerated asset diffs readably), ending with a newline.
pub fn to_json(map: &DrawnMap) -> String {
    // Built by hand from `Value`s, whose Display cannot fail, rather than `to_string`, which
    // returns a Result for errors these plain structs can never raise.
    let b = |v: [i32; 4]| format!("[{},{},{},{}]", v[0], v[1], v[2], v[3]);
    let mut out = format!(
        "{{\"width\":{},\"height\":{},\"views\":{{\"world\":{},\"europe\":{}}},\"countries\":[",
        map.width,
        map.height,
        b(map.views.world),
        b(map.views.europe)
    );
    for (i, c) in map.countries.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let code = c.code.as_deref().map_or(Value::Null, Value::from);
        out.push_str(&format!(
            "{{\"id\":{},\"code\":{},\"name\":{},\"cx\":{},\"cy\":{},\"bbox\":{}}}",
            Value::from(c.id.as_str()),
            code,
            Value::from(c.name.as_str()),
            c.cx,
            c.cy,
            b(c.bbox)
        ));
    }
    out.push_str("\n]}\n");
    out
}

/// The sprite (`world.svg`): one `<path id>` per country, a line each, all in one `<g id="world">`
/// — the map draws every country at once as land with `<use href="…#world">`, then the countries
/// with clusters over it one by one. Opened on its own it shows the world in grey; drawn through
/// `<use>`, a path takes the fill and stroke of the `<use>`, since it sets none itself. Its stroke
/// keeps its width at any zoom.
pub fn to_svg(map: &DrawnMap) -> String {
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" fill=\"#d9dde1\" stroke=\"#fff\">\n<g id=\"{WORLD_ID}\">\n",
        map.width, map.height
    );
    for c in &map.countries {
        // Ids are codes or slugs and paths are digits and letters: nothing to escape.
        out.push_str(&format!(
            "<path id=\"{}\" vector-effect=\"non-scaling-stroke\" d=\"{}\"/>\n",
            c.id, c.d
        ));
    }
    out.push_str("</g>\n</svg>\n");
    out
}

/// The frame of the europe view: west, south, east, north in degrees.
const EUROPE_FRAME: [f64; 4] = [-25.0, 34.0, 45.0, 72.0];
/// Step in degrees when a ring is closed along the ±180° meridian, which Equal Earth curves.
const MERIDIAN_STEP: f64 = 1.0;
/// Step in degrees along a pole line (a straight line in Equal Earth, but long).
const POLE_STEP: f64 = 10.0;
/// The most decimals a microstate's path may need to stay a real polygon.
const MAX_DECIMALS: u32 = 4;

/// A point: `[lon, lat]` in degrees before projection, `[x, y]` in asset units after.
type Pt = [f64; 2];

fn check_options(opts: &GeoOptions) -> Result<(), GeoError> {
    let bad = |m: &str| Err(GeoError::Options(m.to_string()));
    if !(opts.tolerance.is_finite() && opts.tolerance >= 0.0) {
        return bad("tolerance must be a finite number ≥ 0");
    }
    if !(opts.width.is_finite() && opts.width > 0.0) {
        return bad("width must be a finite number > 0");
    }
    if opts.decimals > MAX_DECIMALS {
        return bad("decimals must be at most 4");
    }
    if !(opts.min_ring_area.is_finite() && opts.min_ring_area >= 0.0) {
        return bad("min_ring_area must be a finite number ≥ 0");
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// TopoJSON reading

#[derive(Deserialize)]
struct Topology {
    #[serde(rename = "type")]
    kind: String,
    objects: Objects,
    arcs: Vec<Vec<Vec<f64>>>,
    #[serde(default)]
    transform: Option<Transform>,
}

#[derive(Deserialize)]
struct Objects {
    countries: Collection,
}

#[derive(Deserialize)]
struct Collection {
    #[serde(rename = "type")]
    kind: String,
    geometries: Vec<RawGeometry>,
}

#[derive(Deserialize)]
struct RawGeometry {
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    arcs: Value,
    #[serde(default)]
    id: Value,
    #[serde(default)]
    properties: Option<BTreeMap<String, Value>>,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

/// A feature with its rings as arc-index lists: polygons, each exterior ring first, then holes.
struct Feature {
    id: Option<String>,
    name: String,
    polygons: Vec<Vec<Vec<i64>>>,
}

fn read_feature(index: usize, g: &RawGeometry) -> Result<Feature, GeoError> {
    // Ids are strings in world-atlas ("036"), but the spec also allows numbers.
    let id = match &g.id {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let name = g
        .properties
        .as_ref()
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let label = name
        .clone()
        .or_else(|| id.clone())
        .unwrap_or_else(|| format!("#{index}"));
    let fail = |message: String| GeoError::Feature {
        feature: label.clone(),
        message,
    };
    let polygons = match g.kind.as_deref() {
        Some("Polygon") => vec![serde_json::from_value::<Vec<Vec<i64>>>(g.arcs.clone())
            .map_err(|e| fail(format!("bad Polygon arcs: {e}")))?],
        Some("MultiPolygon") => serde_json::from_value::<Vec<Vec<Vec<i64>>>>(g.arcs.clone())
            .map_err(|e| fail(format!("bad MultiPolygon arcs: {e}")))?,
        Some(other) => return Err(fail(format!("unsupported geometry type {other:?}"))),
        None => return Err(fail("geometry without a type".to_string())),
    };
    if polygons
        .iter()
        .any(|p| p.is_empty() || p.iter().any(Vec::is_empty))
    {
        return Err(fail("empty polygon or ring".to_string()));
    }
    Ok(Feature {
        id,
        name: name.unwrap_or_else(|| label.clone()),
        polygons,
    })
}

/// Decodes every arc to longitude/latitude. With a `transform` the positions are quantised
/// integers, each one a delta from the previous position of the arc.
fn decode_arcs(
    arcs: &[Vec<Vec<f64>>],
    transform: Option<&Transform>,
) -> Result<Vec<Vec<Pt>>, GeoError> {
    arcs.iter()
        .enumerate()
        .map(|(i, arc)| {
            let fail = |message: String| GeoError::Arc { arc: i, message };
            if arc.len() < 2 {
                return Err(fail(format!(
                    "{} position(s), an arc needs at least 2",
                    arc.len()
                )));
            }
            let (mut x, mut y) = (0.0, 0.0);
            arc.iter()
                .map(|p| {
                    let (&[px, py], _) = p.split_first_chunk::<2>().ok_or_else(|| {
                        fail(format!("position {p:?} has fewer than 2 coordinates"))
                    })?;
                    let pt = match transform {
                        Some(t) => {
                            x += px;
                            y += py;
                            [
                                x * t.scale[0] + t.translate[0],
                                y * t.scale[1] + t.translate[1],
                            ]
                        }
                        None => [px, py],
                    };
                    lon_lat(pt)
                        .ok_or_else(|| fail(format!("position {pt:?} is not a longitude/latitude")))
                })
                .collect()
        })
        .collect()
}

/// Checks a decoded position and snaps float noise at the edges (quantisation gives 180.00000001).
fn lon_lat([lon, lat]: Pt) -> Option<Pt> {
    const SLACK: f64 = 1e-6;
    let ok = lon.is_finite()
        && lat.is_finite()
        && lon.abs() <= 180.0 + SLACK
        && lat.abs() <= 90.0 + SLACK;
    ok.then(|| [lon.clamp(-180.0, 180.0), lat.clamp(-90.0, 90.0)])
}

/// Concatenates the arcs of one ring; a negative index `i` means arc `!i` (= −i−1) reversed.
fn assemble_ring(indices: &[i64], arcs: &[Vec<Pt>]) -> Result<Vec<Pt>, String> {
    let mut ring: Vec<Pt> = Vec::new();
    for &i in indices {
        let (k, reversed) = if i >= 0 { (i, false) } else { (!i, true) };
        let arc = usize::try_from(k)
            .ok()
            .and_then(|k| arcs.get(k))
            .ok_or_else(|| {
                format!(
                    "arc index {i} is out of range (there are {} arcs)",
                    arcs.len()
                )
            })?;
        // Consecutive arcs share their joining point; keep it once.
        ring.pop();
        if reversed {
            ring.extend(arc.iter().rev());
        } else {
            ring.extend(arc.iter());
        }
    }
    match (ring.first(), ring.last()) {
        (Some(&first), Some(&last)) if first != last => ring.push(first),
        _ => {}
    }
    Ok(ring)
}

// ---------------------------------------------------------------------------------------------
// Projection

// Equal Earth (Šavrič, Patterson, Jenny 2018): equal-area, so a country's share of the map is its
// share of the world, and pleasant enough for a choropleth.
const A1: f64 = 1.340264;
const A2: f64 = -0.081106;
const A3: f64 = 0.000893;
const A4: f64 = 0.003796;
const M: f64 = 0.866_025_403_784_438_6; // √3 / 2

/// Equal Earth on the unit sphere: degrees in, x east and y north out. Longitudes beyond ±180°
/// are accepted (x is linear in longitude), which simplification relies on near the antimeridian.
pub fn equal_earth(lon: f64, lat: f64) -> (f64, f64) {
    let lambda = lon.to_radians();
    let theta = (M * lat.to_radians().sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let x = lambda * theta.cos() / (M * (A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)));
    let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x, y)
}

/// Equal Earth scaled and shifted into asset units, y down.
struct Projector {
    width: f64,
    height: f64,
    scale: f64,
}

impl Projector {
    fn new(width: f64) -> Self {
        let (x_max, _) = equal_earth(180.0, 0.0);
        let (_, y_max) = equal_earth(0.0, 90.0);
        let scale = width / (2.0 * x_max);
        Self {
            width,
            height: 2.0 * y_max * scale,
            scale,
        }
    }

    fn project(&self, [lon, lat]: Pt) -> Pt {
        let (x, y) = equal_earth(lon, lat);
        [
            self.width / 2.0 + x * self.scale,
            self.height / 2.0 - y * self.scale,
        ]
    }
}

// ---------------------------------------------------------------------------------------------
// Simplification

/// Simplifies one arc with Douglas–Peucker in projected units, keeping both end points so that
/// the arcs still meet. Longitudes are unwrapped first so an arc over the antimeridian is measured
/// as the short line it is, not as a streak across the map.
fn simplify_arc(arc: &[Pt], proj: &Projector, tolerance: f64) -> Vec<Pt> {
    if tolerance <= 0.0 || arc.len() <= 2 {
        return arc.to_vec();
    }
    let mut unwrapped = Vec::with_capacity(arc.len());
    let mut prev: Option<(f64, f64)> = None; // (original lon, unwrapped lon)
    for &[lon, lat] in arc {
        let u = match prev {
            None => lon,
            Some((p, pu)) => pu + wrap180(lon - p),
        };
        prev = Some((lon, u));
        unwrapped.push(proj.project([u, lat]));
    }
    let keep = douglas_peucker(&unwrapped, tolerance);
    arc.iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

/// Brings a longitude difference into −180…180.
fn wrap180(d: f64) -> f64 {
    if d > 180.0 {
        d - 360.0
    } else if d < -180.0 {
        d + 360.0
    } else {
        d
    }
}

/// Douglas–Peucker: which points to keep so that no dropped point is further than `tolerance`
/// from the kept polyline. End points are always kept. Iterative, so long arcs cannot overflow
/// the stack.
fn douglas_peucker(points: &[Pt], tolerance: f64) -> Vec<bool> {
    let n = points.len();
    let mut keep = vec![false; n];
    if n == 0 {
        return keep;
    }
    keep[0] = true;
    keep[n - 1] = true;
    let mut stack = vec![(0, n - 1)];
    while let Some((a, b)) = stack.pop() {
        let mut far = (0.0, a);
        for (i, p) in points.iter().enumerate().take(b).skip(a + 1) {
            let d = segment_distance(*p, points[a], points[b]);
            if d > far.0 {
                far = (d, i);
            }
        }
        if far.0 > tolerance {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    keep
}

/// Distance from `p` to the segment `a`–`b` (to `a` itself when the segment is a point, as for a
/// closed arc).
fn segment_distance(p: Pt, a: Pt, b: Pt) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p[0] - a[0] - t * dx).hypot(p[1] - a[1] - t * dy)
}

// ---------------------------------------------------------------------------------------------
// Antimeridian

/// Cuts a closed longitude/latitude ring wherever a segment jumps across ±180° and closes the
/// pieces along the meridian (or, for a ring around a pole, along the pole line), so that no
/// projected segment streaks across the map. A ring without such a jump comes back unchanged.
fn cut_antimeridian(ring: &[Pt]) -> Vec<Vec<Pt>> {
    let Some(&first) = ring.first() else {
        return Vec::new();
    };
    let mut pieces: Vec<Vec<Pt>> = vec![vec![first]];
    let mut crossing_lats = Vec::new();
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (b[0] - a[0]).abs() > 180.0 {
            // `a` is off the meridian's line unless both are on it, so its sign picks the side.
            let side = if a[0] > 0.0 { 1.0 } else { -1.0 };
            let edge = 180.0 * side;
            let b_lon = b[0] + 360.0 * side;
            let span = b_lon - a[0];
            let t = if span.abs() > 1e-12 {
                ((edge - a[0]) / span).clamp(0.0, 1.0)
            } else {
                0.0
            };
            let lat = a[1] + t * (b[1] - a[1]);
            crossing_lats.push(lat);
            if let Some(piece) = pieces.last_mut() {
                piece.push([edge, lat]);
            }
            pieces.push(vec![[-edge, lat]]);
        }
        if let Some(piece) = pieces.last_mut() {
            piece.push(b);
        }
    }
    if crossing_lats.is_empty() {
        return vec![ring.to_vec()];
    }
    // The ring's start is no crossing: the last piece runs on into the first.
    if let Some(mut last) = pieces.pop() {
        last.extend(pieces[0].iter().skip(1));
        pieces[0] = last;
    }
    for piece in &mut pieces {
        piece.dedup();
    }
    rejoin(&pieces, &crossing_lats)
}

/// Closes the pieces of a cut ring. Every piece starts and ends on the meridian. Along the map's
/// edge, inside and outside alternate at each end point, so sorting the end points along the edge
/// and pairing neighbours tells which end joins which start.
fn rejoin(pieces: &[Vec<Pt>], crossing_lats: &[f64]) -> Vec<Vec<Pt>> {
    let side = |p: Pt| p[0] > 0.0;
    let ends = |i: usize| -> Option<(Pt, Pt)> { Some((*pieces[i].first()?, *pieces[i].last()?)) };
    // A piece that starts on one side and ends on the other walked round a pole.
    let around_pole = (0..pieces.len()).any(|i| ends(i).is_some_and(|(s, e)| side(s) != side(e)));
    let mean_lat = crossing_lats.iter().sum::<f64>() / crossing_lats.len() as f64;
    let pole = if mean_lat < 0.0 { -90.0 } else { 90.0 };

    // Position of an end point along the edge, read as one line that passes through the enclosed
    // pole (if any) from one side to the other; without a pole the two sides are simply apart.
    let key = |p: Pt| -> f64 {
        let (east, lat) = (side(p), p[1]);
        match (around_pole, pole < 0.0, east) {
            (false, _, true) => lat,
            (false, _, false) => 1000.0 + lat,
            (true, true, true) => 90.0 - lat,
            (true, true, false) => 270.0 + lat,
            (true, false, true) => 90.0 + lat,
            (true, false, false) => 270.0 - lat,
        }
    };
    let mut points: Vec<(f64, usize, bool)> = Vec::new(); // (key, piece, is_start)
    for i in 0..pieces.len() {
        if let Some((s, e)) = ends(i) {
            points.push((key(s), i, true));
            points.push((key(e), i, false));
        }
    }
    points.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));

    // next[i] = the piece that follows piece i once its end is joined along the edge.
    let mut next: Vec<usize> = (0..pieces.len()).collect();
    let paired = points.chunks(2).all(|pair| match pair {
        [(_, i, false), (_, j, true)] | [(_, j, true), (_, i, false)] => {
            next[*i] = *j;
            true
        }
        _ => false,
    });
    if !paired {
        // Only a self-intersecting ring gets here; closing each piece on itself at least keeps
        // every segment on the map.
        next = (0..pieces.len()).collect();
    }

    let mut rings = Vec::new();
    let mut done = vec![false; pieces.len()];
    for startpiece in 0..pieces.len() {
        if done[startpiece] {
            continue;
        }
        let mut ring: Vec<Pt> = Vec::new();
        let mut cur = startpiece;
        while !done[cur] {
            done[cur] = true;
            ring.extend(&pieces[cur]);
            let to = pieces[next[cur]].first().copied();
            if let (Some(&from), Some(to)) = (pieces[cur].last(), to) {
                edge_path(from, to, pole, &mut ring);
            }
            cur = next[cur];
        }
        if let Some(&first) = ring.first() {
            ring.push(first);
        }
        ring.dedup();
        rings.push(ring);
    }
    rings
}

/// Appends the points strictly between `from` and `to`, both on the ±180° meridian: along the
/// meridian when they are on the same side, else down to `pole`, along it, and up the other side.
fn edge_path(from: Pt, to: Pt, pole: f64, out: &mut Vec<Pt>) {
    let along_meridian = |lon: f64, from_lat: f64, to_lat: f64, out: &mut Vec<Pt>| {
        let steps = ((to_lat - from_lat).abs() / MERIDIAN_STEP).ceil() as usize;
        for k in 1..steps {
            out.push([
                lon,
                from_lat + (to_lat - from_lat) * k as f64 / steps as f64,
            ]);
        }
    };
    if (from[0] > 0.0) == (to[0] > 0.0) {
        along_meridian(from[0], from[1], to[1], out);
        return;
    }
    along_meridian(from[0], from[1], pole, out);
    let steps = ((to[0] - from[0]).abs() / POLE_STEP).ceil() as usize;
    for k in 0..=steps {
        out.push([from[0] + (to[0] - from[0]) * k as f64 / steps as f64, pole]);
    }
    along_meridian(to[0], pole, to[1], out);
}

// ---------------------------------------------------------------------------------------------
// Drawing

/// A feature's geometry as drawn: the path data, a label point and the bounding box.
struct Drawn {
    d: String,
    label: Pt,
    bbox: [f64; 4],
}

/// One polygon after cutting and projection: exterior pieces and holes, in asset units.
struct Projected {
    exteriors: Vec<Vec<Pt>>,
    holes: Vec<Vec<Pt>>,
}

fn project_feature(
    feature: &Feature,
    arcs: &[Vec<Pt>],
    proj: &Projector,
) -> Result<Vec<Projected>, GeoError> {
    let project_ring = |indices: &[i64]| -> Result<Vec<Vec<Pt>>, GeoError> {
        let ring = assemble_ring(indices, arcs).map_err(|message| GeoError::Feature {
            feature: feature.name.clone(),
            message,
        })?;
        Ok(cut_antimeridian(&ring)
            .into_iter()
            .map(|r| r.into_iter().map(|p| proj.project(p)).collect())
            .collect())
    };
    feature
        .polygons
        .iter()
        .map(|rings| {
            let mut exteriors = Vec::new();
            let mut holes = Vec::new();
            for (k, ring) in rings.iter().enumerate() {
                let cut = project_ring(ring)?;
                if k == 0 {
                    exteriors.extend(cut);
                } else {
                    holes.extend(cut);
                }
            }
            Ok(Projected { exteriors, holes })
        })
        .collect()
}

fn draw_feature(
    feature: &Feature,
    simple_arcs: &[Vec<Pt>],
    raw_arcs: &[Vec<Pt>],
    proj: &Projector,
    opts: &GeoOptions,
) -> Result<Drawn, GeoError> {
    let polygons = project_feature(feature, simple_arcs, proj)?;
    let largest = largest_exterior(&polygons);
    let mut d = String::new();
    let mut bbox = EMPTY_BOX;
    let mut label = None;
    for (pi, polygon) in polygons.iter().enumerate() {
        let mut any_exterior = false;
        for (ri, ring) in polygon.exteriors.iter().enumerate() {
            let is_largest = largest == Some((pi, ri));
            if !is_largest && ring_area(ring).abs() < opts.min_ring_area {
                continue;
            }
            if write_ring(ring, opts.decimals, &mut d) {
                any_exterior = true;
                bbox = union_box(bbox, ring_box(ring));
                if is_largest {
                    label = Some(label_point(ring));
                }
            }
        }
        // Holes go with their polygon: no outline, no hole.
        if any_exterior {
            for ring in &polygon.holes {
                if ring_area(ring).abs() >= opts.min_ring_area {
                    write_ring(ring, opts.decimals, &mut d);
                }
            }
        }
    }
    if let Some(label) = label {
        return Ok(Drawn { d, label, bbox });
    }
    // The largest ring collapsed (a microstate such as Monaco or the Vatican). Every country must
    // stay drawable, so take it unsimplified and with as many decimals as it needs.
    let raw = project_feature(feature, raw_arcs, proj)?;
    let Some((pi, ri)) = largest_exterior(&raw) else {
        return Err(GeoError::Feature {
            feature: feature.name.clone(),
            message: "no ring to draw".to_string(),
        });
    };
    let ring = &raw[pi].exteriors[ri];
    let mut first = String::new();
    let written = (opts.decimals..=MAX_DECIMALS).any(|dec| write_ring(ring, dec, &mut first));
    if let (false, Some(&p)) = (written, ring.first()) {
        // Smaller than the finest grid: a speck around its first point, so it still exists.
        let e = 0.5 * 10f64.powi(-(MAX_DECIMALS as i32));
        let speck = [
            [p[0] - e, p[1]],
            [p[0], p[1] - e],
            [p[0] + e, p[1]],
            [p[0], p[1] + e],
        ];
        write_ring(&speck, MAX_DECIMALS, &mut first);
    }
    first.push_str(&d);
    Ok(Drawn {
        d: first,
        label: label_point(ring),
        bbox: union_box(bbox, ring_box(ring)),
    })
}

/// The (polygon, piece) index of the exterior ring with the largest area.
fn largest_exterior(polygons: &[Projected]) -> Option<(usize, usize)> {
    let mut best: Option<((usize, usize), f64)> = None;
    for (pi, p) in polygons.iter().enumerate() {
        for (ri, r) in p.exteriors.iter().enumerate() {
            let a = ring_area(r).abs();
            if best.is_none_or(|(_, b)| a > b) {
                best = Some(((pi, ri), a));
            }
        }
    }
    best.map(|(i, _)| i)
}

/// Signed area (shoelace); the sign tells the winding.
fn ring_area(ring: &[Pt]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum::<f64>()
        / 2.0
}

/// A point inside the ring: its centroid when that is inside, else the middle of the widest
/// stretch of the horizontal line through the centroid (a crescent's centroid is outside it).
fn label_point(ring: &[Pt]) -> Pt {
    let area = ring_area(ring);
    let centroid = if area.abs() > 1e-12 {
        let (mut cx, mut cy) = (0.0, 0.0);
        for w in ring.windows(2) {
            let cross = w[0][0] * w[1][1] - w[1][0] * w[0][1];
            cx += (w[0][0] + w[1][0]) * cross;
            cy += (w[0][1] + w[1][1]) * cross;
        }
        [cx / (6.0 * area), cy / (6.0 * area)]
    } else {
        let n = ring.len().max(1) as f64;
        [
            ring.iter().map(|p| p[0]).sum::<f64>() / n,
            ring.iter().map(|p| p[1]).sum::<f64>() / n,
        ]
    };
    if inside(centroid, ring) {
        return centroid;
    }
    let y = centroid[1];
    let mut xs: Vec<f64> = ring
        .windows(2)
        .filter(|w| (w[0][1] > y) != (w[1][1] > y))
        .map(|w| w[0][0] + (y - w[0][1]) / (w[1][1] - w[0][1]) * (w[1][0] - w[0][0]))
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.chunks(2)
        .filter_map(|c| match c {
            [a, b] => Some((b - a, [(a + b) / 2.0, y])),
            _ => None,
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map_or(centroid, |(_, p)| p)
}

/// Even–odd point-in-ring test.
fn inside(p: Pt, ring: &[Pt]) -> bool {
    ring.windows(2)
        .filter(|w| {
            (w[0][1] > p[1]) != (w[1][1] > p[1])
                && p[0] < w[0][0] + (p[1] - w[0][1]) / (w[1][1] - w[0][1]) * (w[1][0] - w[0][0])
        })
        .count()
        % 2
        == 1
}

/// Appends one ring as `M x y l dx dy … z` on a grid of `decimals` decimals. Relative steps are
/// taken between grid points, so rounding never accumulates and shared borders stay identical.
/// Returns false, writing nothing, when the ring collapses on the grid (fewer than three distinct
/// points or no area).
fn write_ring(ring: &[Pt], decimals: u32, out: &mut String) -> bool {
    let unit = 10f64.powi(decimals as i32);
    let mut grid: Vec<[i64; 2]> = ring
        .iter()
        .map(|p| [(p[0] * unit).round() as i64, (p[1] * unit).round() as i64])
        .collect();
    grid.dedup();
    while grid.len() > 1 && grid.first() == grid.last() {
        grid.pop();
    }
    let doubled_area: i64 = (0..grid.len())
        .map(|i| {
            let (a, b) = (grid[i], grid[(i + 1) % grid.len()]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum();
    if grid.len() < 3 || doubled_area == 0 {
        return false;
    }
    out.push('M');
    push_number(out, grid[0][0], decimals);
    push_number(out, grid[0][1], decimals);
    out.push('l');
    for w in grid.windows(2) {
        push_number(out, w[1][0] - w[0][0], decimals);
        push_number(out, w[1][1] - w[0][1], decimals);
    }
    out.push('z');
    true
}

/// Appends a grid value (in units of 10^−decimals) as the shortest SVG number: no leading zero,
/// no trailing zeros, a space before it only where a digit or point would otherwise run on.
fn push_number(out: &mut String, value: i64, decimals: u32) {
    if value >= 0 && out.ends_with(|c: char| c.is_ascii_digit() || c == '.') {
        out.push(' ');
    }
    if value < 0 {
        out.push('-');
    }
    let magnitude = value.unsigned_abs();
    let unit = 10u64.pow(decimals);
    let (whole, frac) = (magnitude / unit, magnitude % unit);
    if whole != 0 || frac == 0 {
        out.push_str(&whole.to_string());
    }
    if frac != 0 {
        let digits = format!("{frac:0width$}", width = decimals as usize);
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
}

// ---------------------------------------------------------------------------------------------
// Boxes and views

const EMPTY_BOX: [f64; 4] = [
    f64::INFINITY,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NEG_INFINITY,
];

fn ring_box(ring: &[Pt]) -> [f64; 4] {
    ring.iter().fold(EMPTY_BOX, |b, p| {
        [
            b[0].min(p[0]),
            b[1].min(p[1]),
            b[2].max(p[0]),
            b[3].max(p[1]),
        ]
    })
}

fn union_box(a: [f64; 4], b: [f64; 4]) -> [f64; 4] {
    [
        a[0].min(b[0]),
        a[1].min(b[1]),
        a[2].max(b[2]),
        a[3].max(b[3]),
    ]
}

/// The projected box around Europe's frame, sampled along its edges because meridians curve.
fn europe_box(proj: &Projector) -> [f64; 4] {
    let [west, south, east, north] = EUROPE_FRAME;
    let mut b = EMPTY_BOX;
    for k in 0..=10 {
        let t = k as f64 / 10.0;
        let lon = west + (east - west) * t;
        let lat = south + (north - south) * t;
        for p in [[lon, south], [lon, north], [west, lat], [east, lat]] {
            b = union_box(b, ring_box(&[proj.project(p)]));
        }
    }
    b
}

/// Grows the box (about its centre) to the given width/height ratio.
fn fit_aspect(b: [f64; 4], aspect: f64) -> [f64; 4] {
    let (w, h) = (b[2] - b[0], b[3] - b[1]);
    let (cx, cy) = ((b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0);
    let (w, h) = if w / h < aspect {
        (h * aspect, h)
    } else {
        (w, w / aspect)
    };
    [cx - w / 2.0, cy - h / 2.0, cx + w / 2.0, cy + h / 2.0]
}

/// `[x0, y0, x1, y1]` to a frame `[x, y, w, h]` in whole asset units.
fn to_view(b: [f64; 4]) -> [i32; 4] {
    [b[0], b[1], b[2] - b[0], b[3] - b[1]].map(|v| v.round() as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: f64 = 1000.0;

    fn proj() -> Projector {
        Projector::new(W)
    }

    /// Every segment of the projected rings, as its horizontal extent.
    fn widest_segment(rings: &[Vec<Pt>]) -> f64 {
        let p = proj();
        rings
            .iter()
            .flat_map(|r| {
                r.windows(2)
                    .map(|w| (p.project(w[1])[0] - p.project(w[0])[0]).abs())
            })
            .fold(0.0, f64::max)
    }

    #[test]
    fn decodes_quantized_delta_arcs() {
        let t = Transform {
            scale: [0.5, 0.25],
            translate: [-10.0, 5.0],
        };
        let raw = vec![vec![
            vec![10.0, 20.0],
            vec![1.0, 1.0],
            vec![-2.0, 0.0, 99.0],
        ]];
        let arcs = decode_arcs(&raw, Some(&t)).unwrap();
        assert_eq!(arcs, vec![vec![[-5.0, 10.0], [-4.5, 10.25], [-5.5, 10.25]]]);
        // Without a transform, positions are absolute and taken as they are.
        let raw = vec![vec![vec![10.0, 20.0], vec![11.0, 21.0]]];
        assert_eq!(
            decode_arcs(&raw, None).unwrap(),
            vec![vec![[10.0, 20.0], [11.0, 21.0]]]
        );
        // Quantisation noise just past the antimeridian snaps back onto it.
        let raw = vec![vec![
            vec![180.000_000_1, 0.0],
            vec![-180.000_000_1, 90.000_000_1],
        ]];
        assert_eq!(
            decode_arcs(&raw, None).unwrap(),
            vec![vec![[180.0, 0.0], [-180.0, 90.0]]]
        );
    }

    #[test]
    fn assembles_rings_with_reversed_arcs() {
        let arcs = vec![
            vec![[0.0, 0.0], [1.0, 0.0]],
            vec![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0]],
        ];
        let check = |indices: &[i64], expected: &[Pt]| {
            assert_eq!(
                assemble_ring(indices, &arcs).unwrap(),
                expected,
                "{indices:?}"
            );
        };
        // -2 is arc 1 reversed: the shared point (1, 0) appears once.
        check(&[0, -2], &[[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]);
        check(&[1, -1], &[[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 0.0]]);
        // An open ring is closed.
        check(&[1], &[[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 0.0]]);
        assert!(assemble_ring(&[2], &arcs)
            .unwrap_err()
            .contains("out of range"));
        assert!(assemble_ring(&[-3], &arcs).is_err());
        assert!(assemble_ring(&[i64::MIN, i64::MAX], &arcs).is_err());
    }

    #[test]
    fn projects_known_points() {
        let p = proj();
        let check = |lon: f64, lat: f64, x: f64, y: f64| {
            let [px, py] = p.project([lon, lat]);
            assert!(
                (px - x).abs() < 0.05 && (py - y).abs() < 0.05,
                "({lon}, {lat}) -> ({px}, {py})"
            );
        };
        check(0.0, 0.0, W / 2.0, p.height / 2.0);
        check(180.0, 0.0, W, p.height / 2.0);
        check(-180.0, 0.0, 0.0, p.height / 2.0);
        check(0.0, 90.0, W / 2.0, 0.0);
        check(0.0, -90.0, W / 2.0, p.height);
        // Equal Earth's published aspect: width / height ≈ 2.05.
        assert!((W / p.height - 2.0545).abs() < 0.001, "{}", p.height);

        let madrid = p.project([-3.70, 40.42]);
        let rome = p.project([12.50, 41.90]);
        let oslo = p.project([10.75, 59.91]);
        let mexico = p.project([-99.13, 19.43]);
        let sydney = p.project([151.21, -33.87]);
        assert!(madrid[0] < rome[0], "Madrid is west of Rome");
        assert!(
            oslo[1] < madrid[1],
            "Oslo is north of Madrid (y grows southwards)"
        );
        assert!(mexico[0] < madrid[0] && madrid[1] < mexico[1]);
        assert!(sydney[0] > rome[0] && sydney[1] > p.height / 2.0);
    }

    #[test]
    fn simplification_keeps_end_points() {
        let check = |points: &[Pt], tolerance: f64, expected: &[bool]| {
            assert_eq!(
                douglas_peucker(points, tolerance),
                expected,
                "{points:?} at {tolerance}"
            );
        };
        // A nearly straight line collapses to its ends; a spike survives a small tolerance.
        let line = [[0.0, 0.0], [1.0, 0.05], [2.0, -0.05], [3.0, 0.0]];
        check(&line, 0.1, &[true, false, false, true]);
        check(&line, 0.01, &[true, true, true, true]);
        check(
            &[[0.0, 0.0], [1.0, 5.0], [2.0, 0.0]],
            1.0,
            &[true, true, true],
        );
        check(&[[0.0, 0.0], [1.0, 0.0]], 10.0, &[true, true]);
        check(&[[0.0, 0.0]], 10.0, &[true]);
        check(&[], 10.0, &[]);
        // A closed arc (an island) keeps its far side, measured from the shared end point.
        let island = [[0.0, 0.0], [4.0, 0.0], [4.0, 4.0], [0.0, 4.0], [0.0, 0.0]];
        let keep = douglas_peucker(&island, 1.0);
        assert!(keep[0] && keep[4] && keep[2], "{keep:?}");

        // Through the projection: end points stay bit-identical, so neighbours still meet.
        let arc: Vec<Pt> = (0..=100)
            .map(|i| [f64::from(i) * 0.1, (f64::from(i) * 0.3).sin() * 0.001])
            .collect();
        let simple = simplify_arc(&arc, &proj(), 0.5);
        assert_eq!(simple.first(), arc.first());
        assert_eq!(simple.last(), arc.last());
        assert!(simple.len() < 5, "{}", simple.len());
        // An arc hopping over the antimeridian is short, not a line across the map.
        let hop = [[179.0, 10.0], [179.5, 10.2], [-179.5, 10.4], [-179.0, 10.6]];
        assert_eq!(simplify_arc(&hop, &proj(), 0.5), vec![hop[0], hop[3]]);
    }

    #[test]
    fn cuts_rings_at_the_antimeridian() {
        // (ring, how many rings come out)
        let cases: Vec<(Vec<Pt>, usize)> = vec![
            // A box from 170°E to 170°W.
            (
                vec![
                    [170.0, 10.0],
                    [-170.0, 10.0],
                    [-170.0, 20.0],
                    [170.0, 20.0],
                    [170.0, 10.0],
                ],
                2,
            ),
            // Chukotka as world-atlas has it: points on the meridian written as −180.
            (
                vec![
                    [179.0, 69.0],
                    [-180.0, 68.98],
                    [-179.0, 67.0],
                    [-180.0, 65.07],
                    [179.8, 65.0],
                    [179.0, 69.0],
                ],
                2,
            ),
            // A C shape on the east of the meridian that crosses twice over, as two bays: the
            // west side holds two pieces that must not be joined to each other.
            (
                vec![
                    [170.0, 0.0],
                    [-170.0, 0.0],
                    [-170.0, 2.0],
                    [175.0, 2.0],
                    [175.0, 4.0],
                    [-170.0, 4.0],
                    [-170.0, 6.0],
                    [170.0, 6.0],
                    [170.0, 0.0],
                ],
                3,
            ),
            // A ring round the south pole, like Antarctica.
            (
                [-150.0, -90.0, -30.0, 30.0, 90.0, 150.0, -150.0]
                    .iter()
                    .map(|&lon| [lon, -70.0])
                    .collect(),
                1,
            ),
            // Nowhere near the meridian: unchanged.
            (vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]], 1),
        ];
        for (ring, count) in cases {
            let rings = cut_antimeridian(&ring);
            assert_eq!(rings.len(), count, "{ring:?} -> {rings:?}");
            assert!(widest_segment(&rings) < W / 2.0, "{ring:?} -> {rings:?}");
            for r in &rings {
                assert_eq!(r.first(), r.last(), "closed: {r:?}");
                assert!(r.len() >= 4, "{r:?}");
            }
            let before: f64 = widest_segment(std::slice::from_ref(&ring));
            if before > W / 2.0 {
                // Cutting keeps the area: the pieces add up to the ring drawn unwrapped.
                let p = proj();
                let area: f64 = rings
                    .iter()
                    .map(|r| ring_area(&r.iter().map(|q| p.project(*q)).collect::<Vec<_>>()).abs())
                    .sum();
                assert!(area > 0.0, "{ring:?}");
            }
        }
    }

    #[test]
    fn a_polar_ring_closes_along_the_pole() {
        let ring: Vec<Pt> = [-150.0, -90.0, -30.0, 30.0, 90.0, 150.0, -150.0]
            .iter()
            .map(|&lon| [lon, -70.0])
            .collect();
        let rings = cut_antimeridian(&ring);
        assert_eq!(rings.len(), 1);
        assert!(
            rings[0].iter().any(|p| p[1] == -90.0),
            "reaches the south pole: {:?}",
            rings[0]
        );
        assert!(rings[0].iter().all(|p| p[1] <= -70.0));
        assert!(widest_segment(&rings) < W / 2.0);
    }

    #[test]
    fn formats_numbers_and_rings() {
        let check = |prefix: &str, value: i64, decimals: u32, expected: &str| {
            let mut out = prefix.to_string();
            push_number(&mut out, value, decimals);
            assert_eq!(out, expected, "{prefix:?} {value} {decimals}");
        };
        check("M", 1234, 1, "M123.4");
        check("M", 1230, 1, "M123");
        check("l", 5, 1, "l.5");
        check("l", -5, 1, "l-.5");
        check("l", 0, 1, "l0");
        check("l1", 0, 1, "l1 0");
        check("l1", -20, 1, "l1-2");
        check("l.5", 5, 1, "l.5 .5");
        check("l", 1050, 3, "l1.05");
        check("l", -7, 3, "l-.007");
        check("l", 12, 0, "l12");

        let mut d = String::new();
        let square = [
            [10.04, 20.0],
            [11.0, 20.0],
            [11.0, 21.0],
            [10.0, 21.0],
            [10.0, 20.0],
        ];
        assert!(write_ring(&square, 1, &mut d));
        assert_eq!(d, "M10 20l1 0 0 1-1 0z");
        // Collapses on a coarse grid: nothing is written.
        let speck = [[10.01, 20.0], [10.03, 20.0], [10.02, 20.04], [10.01, 20.0]];
        assert!(!write_ring(&speck, 1, &mut d));
        assert!(
            !write_ring(&[[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]], 1, &mut d),
            "no area"
        );
        assert_eq!(d, "M10 20l1 0 0 1-1 0z");
        assert!(write_ring(&speck, 2, &mut d));
        assert_eq!(d, "M10 20l1 0 0 1-1 0zM10.01 20l.02 0-.01 .04z");
    }

    #[test]
    fn label_point_is_inside() {
        // A U whose centroid falls in the gap.
        let u = [
            [0.0, 0.0],
            [3.0, 0.0],
            [3.0, 3.0],
            [2.0, 3.0],
            [2.0, 1.0],
            [1.0, 1.0],
            [1.0, 3.0],
            [0.0, 3.0],
            [0.0, 0.0],
        ];
        let p = label_point(&u);
        assert!(inside(p, &u), "{p:?}");
        let square = [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0], [0.0, 0.0]];
        assert_eq!(label_point(&square), [1.0, 1.0]);
    }

    /// Two squares sharing the border at 2°E, a feature without an ISO id, and Antarctica.
    const FIXTURE: &str = r#"{
      "type": "Topology",
      "transform": {"scale": [0.01, 0.01], "translate": [0, 40]},
      "objects": {"countries": {"type": "GeometryCollection", "geometries": [
        {"type": "Polygon", "arcs": [[0, 1]], "id": "724", "properties": {"name": "Spain"}},
        {"type": "MultiPolygon", "arcs": [[[2, -1]], [[3]]], "id": "380", "properties": {"name": "Italy"}},
        {"type": "Polygon", "arcs": [[4]], "properties": {"name": "Kosovo"}},
        {"type": "Polygon", "arcs": [[4]], "id": "010", "properties": {"name": "Antarctica"}}
      ]}},
      "arcs": [
        [[200, 0], [0, 200]],
        [[200, 200], [-200, 0], [0, -200], [200, 0]],
        [[200, 0], [200, 0], [0, 200], [-200, 0]],
        [[500, 0], [1, 0], [0, 1], [-1, -1]],
        [[700, 0], [100, 0], [0, 100], [-100, 0], [0, -100]]
      ]
    }"#;

    /// The rings of a path on the default (whole-unit) grid, as absolute vertices.
    fn path_rings(d: &str) -> Vec<Vec<[i64; 2]>> {
        let mut rings: Vec<Vec<[i64; 2]>> = Vec::new();
        for part in d.split('M').filter(|p| !p.is_empty()) {
            let mut numbers = Vec::new();
            let mut token = String::new();
            for c in part.chars().chain(std::iter::once(' ')) {
                let starts_number = c == '-' || (c == '.' && token.contains('.'));
                if (starts_number || !(c.is_ascii_digit() || c == '.')) && !token.is_empty() {
                    numbers.push(token.parse::<f64>().unwrap().round() as i64);
                    token.clear();
                }
                if c == '-' || c == '.' || c.is_ascii_digit() {
                    token.push(c);
                }
            }
            let mut at = [numbers[0], numbers[1]];
            let mut ring = vec![at];
            for step in numbers[2..].chunks(2) {
                at = [at[0] + step[0], at[1] + step[1]];
                ring.push(at);
            }
            rings.push(ring);
        }
        rings
    }

    fn vertices(d: &str) -> Vec<[i64; 2]> {
        path_rings(d).concat()
    }

    fn fixture_codes(id: &str) -> Option<String> {
        match id {
            "724" => Some("ES".to_string()),
            "380" => Some("IT".to_string()),
            "010" => Some("AQ".to_string()),
            _ => None,
        }
    }

    #[test]
    fn builds_a_tiny_map_end_to_end() {
        let asset = build_map(FIXTURE, &fixture_codes, &GeoOptions::default()).unwrap();
        let rows: Vec<(Option<&str>, &str)> = asset
            .countries
            .iter()
            .map(|c| (c.code.as_deref(), c.name.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                (Some("IT"), "Italy"),
                (None, "Kosovo"),
                (Some("ES"), "Spain")
            ]
        );
        assert_eq!((asset.width, asset.height), (10_000, 4867));

        let [italy, kosovo, spain] = &asset.countries[..] else {
            panic!("three countries")
        };
        for c in &asset.countries {
            assert!(
                c.d.starts_with('M') && c.d.ends_with('z'),
                "{}: {}",
                c.name,
                c.d
            );
            let [x0, y0, x1, y1] = c.bbox;
            assert!(
                x0 <= c.cx && c.cx <= x1 && y0 <= c.cy && c.cy <= y1,
                "{c:?}"
            );
        }
        // The shared border is one arc: both ends of it are vertices of both countries.
        let p = proj();
        for corner in [[2.0, 40.0], [2.0, 42.0]] {
            let [x, y] = p.project(corner);
            // Projected at a tenth of the asset's width: the asset's grid is tenths of that.
            let grid = [(x * 10.0).round() as i64, (y * 10.0).round() as i64];
            assert!(
                vertices(&spain.d).contains(&grid),
                "{corner:?} in {}",
                spain.d
            );
            assert!(
                vertices(&italy.d).contains(&grid),
                "{corner:?} in {}",
                italy.d
            );
        }
        assert!(spain.cx < italy.cx);
        // Italy's speck of an island is far below the tolerance, but the main polygon stays.
        assert_eq!(italy.d.matches('M').count(), 1, "{}", italy.d);
        assert_eq!(kosovo.d.matches('M').count(), 1);

        // Views: same aspect, the world view holds every country.
        let [wx, wy, ww, wh] = asset.views.world;
        let [.., ew, eh] = asset.views.europe;
        let aspect = |w: i32, h: i32| f64::from(w) / f64::from(h);
        assert!(
            (aspect(ww, wh) - aspect(ew, eh)).abs() < 0.01,
            "{:?}",
            asset.views
        );
        for c in &asset.countries {
            assert!(
                wx <= c.bbox[0] && c.bbox[2] <= wx + ww && wy <= c.bbox[1] && c.bbox[3] <= wy + wh
            );
        }

        // Serialisation: deterministic, newline-terminated, and readable back.
        let json = to_json(&asset);
        assert!(json.ends_with("]}\n"));
        assert!(
            json.contains(r#"{"id":"kosovo","code":null,"name":"Kosovo","cx":"#),
            "{json}"
        );
        assert_eq!(
            json,
            to_json(&build_map(FIXTURE, &fixture_codes, &GeoOptions::default()).unwrap())
        );
        let back: MapAsset = serde_json::from_str(&json).unwrap();
        assert_eq!(back, asset.asset());
        let ids: Vec<&str> = asset.countries.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["IT", "kosovo", "ES"]);
        let svg = to_svg(&asset);
        assert_eq!(svg.matches("<path id=").count(), 3);
        assert!(svg.contains(&format!(
            "<path id=\"ES\" vector-effect=\"non-scaling-stroke\" d=\"{}\"/>",
            spain.d
        )));
    }

    #[test]
    fn microstates_survive_and_skips_apply() {
        // With a huge tolerance every ring collapses; each country still gets its largest ring.
        let opts = GeoOptions {
            tolerance: 50.0,
            min_ring_area: 1e9,
            skip_ids: Vec::new(),
            ..GeoOptions::default()
        };
        let asset = build_map(FIXTURE, &fixture_codes, &opts).unwrap();
        assert_eq!(
            asset.countries.len(),
            4,
            "Antarctica is kept when not skipped"
        );
        for c in &asset.countries {
            assert_eq!(c.d.matches('M').count(), 1, "{}: {}", c.name, c.d);
        }
        // Monaco alone, 0.01° across, needs decimals where the default grid has none.
        let speck = r#"{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[
            {"type":"Polygon","arcs":[[0]],"id":"492","properties":{"name":"Monaco"}}]}},
            "arcs":[[[7.41,43.72],[7.42,43.72],[7.42,43.73],[7.41,43.72]]]}"#;
        let asset = build_map(speck, &|_| Some("MC".to_string()), &GeoOptions::default()).unwrap();
        let d = &asset.countries[0].d;
        assert!(
            d.starts_with('M') && d.ends_with('z') && d.contains('.'),
            "{d}"
        );
    }

    #[test]
    fn malformed_input_is_an_error() {
        let check = |input: &str, message_part: &str| match build_map(
            input,
            &fixture_codes,
            &GeoOptions::default(),
        ) {
            Ok(asset) => panic!("{input}: expected an error, got {asset:?}"),
            Err(e) => assert!(e.to_string().contains(message_part), "{input}: {e}"),
        };
        let topo = |countries: &str, arcs: &str| {
            format!(r#"{{"type":"Topology","objects":{{"countries":{countries}}},"arcs":{arcs}}}"#)
        };
        let one = |geometry: &str, arcs: &str| {
            topo(
                &format!(r#"{{"type":"GeometryCollection","geometries":[{geometry}]}}"#),
                arcs,
            )
        };
        let square = "[[[0,0],[1,0],[1,1],[0,0]]]";
        check("", "not a readable TopoJSON");
        check("{", "not a readable TopoJSON");
        check("[]", "not a readable TopoJSON");
        check(r#"{"type":"Topology","objects":{},"arcs":[]}"#, "countries");
        check(
            &topo(r#"{"type":"GeometryCollection","geometries":[]}"#, "[]")
                .replace("Topology", "Feature"),
            "Topology",
        );
        check(
            &topo(r#"{"type":"Polygon","geometries":[]}"#, "[]"),
            "GeometryCollection",
        );
        check(
            &topo(r#"{"type":"GeometryCollection","geometries":[]}"#, "[]"),
            "no country",
        );
        check(
            &one(r#"{"type":"Polygon","arcs":[[0]],"id":"010"}"#, square),
            "no country",
        );
        check(
            &one(r#"{"type":"Polygon","arcs":[[1]]}"#, square),
            "out of range",
        );
        check(
            &one(r#"{"type":"Polygon","arcs":[[-2]]}"#, square),
            "out of range",
        );
        check(
            &one(
                r#"{"type":"Polygon","arcs":[[9223372036854775807]]}"#,
                square,
            ),
            "out of range",
        );
        check(
            &one(r#"{"type":"Polygon","arcs":[[0.5]]}"#, square),
            "Polygon arcs",
        );
        check(
            &one(r#"{"type":"Polygon","arcs":"x"}"#, square),
            "Polygon arcs",
        );
        check(&one(r#"{"type":"Polygon","arcs":[[]]}"#, square), "empty");
        check(&one(r#"{"type":"Polygon","arcs":[]}"#, square), "empty");
        check(
            &one(r#"{"type":"MultiPolygon","arcs":[[0]]}"#, square),
            "MultiPolygon arcs",
        );
        check(
            &one(r#"{"type":"Point","coordinates":[0,0]}"#, square),
            "unsupported geometry type \"Point\"",
        );
        check(
            &one(r#"{"arcs":[[0]],"properties":{"name":"Nowhere"}}"#, square),
            "Nowhere",
        );
        check(
            &one(r#"{"type":"Polygon","arcs":[[0]]}"#, "[[[0,0]]]"),
            "at least 2",
        );
        check(
            &one(r#"{"type":"Polygon","arcs":[[0]]}"#, "[[[0,0],[1]]]"),
            "fewer than 2",
        );
        check(
            &one(
                r#"{"type":"Polygon","arcs":[[0]]}"#,
                "[[[0,0],[500,0],[0,1]]]",
            ),
            "longitude/latitude",
        );
        check(
            &one(
                r#"{"type":"Polygon","arcs":[[0]]}"#,
                "[[[0,0],[1e308,1e308],[1e308,1e308]]]",
            ),
            "arc 0",
        );
        check(
            &one(r#"{"type":"Polygon","arcs":[[0]]}"#, r#"[[["a",0],[1,1]]]"#),
            "not a readable",
        );

        let options = |opts: GeoOptions, part: &str| match build_map(FIXTURE, &fixture_codes, &opts)
        {
            Ok(_) => panic!("{opts:?}: expected an error"),
            Err(e) => assert!(e.to_string().contains(part), "{opts:?}: {e}"),
        };
        options(
            GeoOptions {
                tolerance: -1.0,
                ..GeoOptions::default()
            },
            "tolerance",
        );
        options(
            GeoOptions {
                tolerance: f64::NAN,
                ..GeoOptions::default()
            },
            "tolerance",
        );
        options(
            GeoOptions {
                width: 0.0,
                ..GeoOptions::default()
            },
            "width",
        );
        options(
            GeoOptions {
                decimals: 9,
                ..GeoOptions::default()
            },
            "decimals",
        );
        options(
            GeoOptions {
                min_ring_area: f64::INFINITY,
                ..GeoOptions::default()
            },
            "min_ring_area",
        );
    }

    #[test]
    fn truncated_input_never_panics() {
        for end in 0..FIXTURE.len() {
            if FIXTURE.is_char_boundary(end) {
                let _ = build_map(&FIXTURE[..end], &fixture_codes, &GeoOptions::default());
            }
        }
    }

    #[test]
    fn the_committed_source_draws_cleanly() {
        let source = include_str!("../../../data/map/countries-50m.json");
        let codes = |id: &str| {
            let code = match id {
                "470" => "MT",
                "442" => "LU",
                "020" => "AD",
                "196" => "CY",
                "438" => "LI",
                "492" => "MC",
                "674" => "SM",
                "336" => "VA",
                "484" => "MX",
                "643" => "RU",
                "242" => "FJ",
                "840" => "US",
                _ => return None,
            };
            Some(code.to_string())
        };
        let asset = build_map(source, &codes, &GeoOptions::default()).unwrap();
        assert_eq!(asset.countries.len(), 240, "241 features less Antarctica");
        for code in [
            "MT", "LU", "AD", "CY", "LI", "MC", "SM", "VA", "MX", "RU", "FJ", "US",
        ] {
            let c = asset
                .countries
                .iter()
                .find(|c| c.code.as_deref() == Some(code));
            assert!(c.is_some_and(|c| !c.d.is_empty()), "{code}");
        }
        // No streaks: no segment anywhere spans half the map.
        for c in &asset.countries {
            assert!(!c.d.is_empty(), "{}", c.name);
            for ring in path_rings(&c.d) {
                for w in ring.windows(2) {
                    assert!((w[1][0] - w[0][0]).abs() < 5000, "{}: {:?}", c.name, w);
                }
            }
        }
    }
}
