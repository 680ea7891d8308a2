//! The map asset the app reads (`public/data/world.json`: each country's sprite id, name, centre
//! and box; the paths themselves are in the sprite `world.svg`), the frame the map shows
//! (`ViewBox`: zoom, pan, screen ↔ map, fit to countries, which countries it holds), the colour
//! scale of the choropleth and its palettes (`LIGHT`, `DARK`, with their contrast), the order the
//! countries take on the keyboard (`reading_order`) and the country index's search
//! (`CountryFinder`).
//!
//! Not here: the geometry pipeline that writes the asset (`atlas-ingest`'s `geo`), and drawing,
//! which is the app's. Coordinates are integers in asset units: the whole globe is `width` units
//! wide (10,000), x to the east and y to the south as in SVG, so the app writes every SVG number
//! with integer formatting.

use serde::{Deserialize, Serialize};

/// Everything the app needs to draw the world, already projected at build time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapAsset {
    /// Width of the whole-globe map in asset units.
    pub width: i32,
    /// Height of the whole-globe map in asset units (follows from the projection's aspect).
    pub height: i32,
    /// Ready-made frames.
    pub views: MapViews,
    /// One entry per Natural Earth feature, sorted by name, then code.
    pub countries: Vec<MapCountry>,
}

/// Frames as `[x, y, w, h]`, both with the same aspect ratio.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapViews {
    /// Every drawn country, with a small margin.
    pub world: [i32; 4],
    /// Europe, roughly longitude −25…45 and latitude 34…72.
    pub europe: [i32; 4],
}

/// One country (strictly: one Natural Earth feature).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapCountry {
    /// The id of its path in the sprite (`world.svg`), drawn with `<use href="…world.svg#id">`.
    pub id: String,
    /// ISO 3166-1 alpha-2 code, or `None` for features without an ISO id (Kosovo, N. Cyprus…).
    pub code: Option<String>,
    /// The feature's name, as Natural Earth spells it ("Bosnia and Herz.").
    pub name: String,
    /// A label or marker point inside the country's largest ring.
    pub cx: i32,
    /// See [`MapCountry::cx`].
    pub cy: i32,
    /// Bounding box `[x0, y0, x1, y1]` of everything drawn for the country (overseas parts too).
    pub bbox: [i32; 4],
}

impl MapCountry {
    /// Whether the country is too small to click on a whole-Europe map, and so also gets a round
    /// marker: under 60 asset units (0.6% of the globe's width) across.
    pub fn is_tiny(&self) -> bool {
        let [x0, y0, x1, y1] = self.bbox;
        (x1 - x0).max(y1 - y0) < 60
    }
}

/// A point in asset units.
pub type MapPoint = (f64, f64);

/// Where an element sits on screen, in CSS pixels (`getBoundingClientRect`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenRect {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// The part of the map on screen, as an SVG `viewBox`. Kept in floats so that zooming in and out
/// again returns to the same frame; written as integers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewBox {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl ViewBox {
    /// A frame of the asset (`MapViews`).
    pub fn from_frame([x, y, w, h]: [i32; 4]) -> ViewBox {
        ViewBox {
            x: f64::from(x),
            y: f64::from(y),
            w: f64::from(w),
            h: f64::from(h),
        }
    }

    /// The `viewBox` attribute: integers, as every other SVG number the app writes.
    pub fn attribute(&self) -> String {
        format!(
            "{} {} {} {}",
            round(self.x),
            round(self.y),
            round(self.w),
            round(self.h)
        )
    }

    pub fn centre(&self) -> MapPoint {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Zoomed by `factor` (below 1 zooms in) about `at`, which stays where it is on screen. The
    /// width stays within `[world_width / 40, world_width * 1.2]`: neither a dot nor lost in space.
    pub fn zoomed(self, factor: f64, at: MapPoint, world_width: f64) -> ViewBox {
        let (lo, hi) = (world_width / 40.0, world_width * 1.2);
        if !(factor.is_finite() && factor > 0.0 && self.w > 0.0 && self.h > 0.0) {
            return self;
        }
        // Not `f64::clamp`: it asserts lo ≤ hi, a panic on a hostile map file.
        let w = (self.w * factor).max(lo).min(hi);
        if !w.is_finite() {
            return self;
        }
        let h = w * self.h / self.w;
        let fx = (at.0 - self.x) / self.w;
        let fy = (at.1 - self.y) / self.h;
        ViewBox {
            x: at.0 - fx * w,
            y: at.1 - fy * h,
            w,
            h,
        }
    }

    /// Moved by fractions of its own size (0.1 = a tenth of the width to the east).
    pub fn panned(self, dx: f64, dy: f64) -> ViewBox {
        ViewBox {
            x: self.x + dx * self.w,
            y: self.y + dy * self.h,
            ..self
        }
    }

    /// Moved so that the map point under the pointer at `from` is under it at `to`.
    pub fn dragged(self, from: MapPoint, to: MapPoint) -> ViewBox {
        ViewBox {
            x: self.x - (to.0 - from.0),
            y: self.y - (to.1 - from.1),
            ..self
        }
    }

    /// The map point under a screen position, for an SVG laid out in `rect` with
    /// `preserveAspectRatio="xMidYMid meet"` (one scale, centred). `None` for an empty rect.
    pub fn to_map(&self, rect: ScreenRect, client: (f64, f64)) -> Option<MapPoint> {
        if !(rect.width > 0.0 && rect.height > 0.0) {
            return None;
        }
        let scale = (self.w / rect.width).max(self.h / rect.height);
        let ox = (rect.width * scale - self.w) / 2.0;
        let oy = (rect.height * scale - self.h) / 2.0;
        Some((
            self.x - ox + (client.0 - rect.left) * scale,
            self.y - oy + (client.1 - rect.top) * scale,
        ))
    }

    /// Where a map point lies in the frame, in whole percent of its width and height, held to
    /// 0..=100 (a tooltip stays inside the map).
    pub fn percent_of(&self, point: MapPoint) -> (i32, i32) {
        let pct = |v: f64, start: f64, size: f64| {
            if size > 0.0 {
                round((v - start) / size * 100.0).clamp(0, 100)
            } else {
                0
            }
        };
        (pct(point.0, self.x, self.w), pct(point.1, self.y, self.h))
    }

    /// Whether `point` is inside the frame, at least `inset` from each edge. A country is a tab
    /// stop when its centre is: the focus then never lands off the map, and a browser that
    /// scrolls the focused element into view has nothing to scroll to.
    pub fn holds(&self, point: MapPoint, inset: f64) -> bool {
        point.0 >= self.x + inset
            && point.0 <= self.x + self.w - inset
            && point.1 >= self.y + inset
            && point.1 <= self.y + self.h - inset
    }

    /// Whether any part of `bbox` (`[x0, y0, x1, y1]`) is inside the frame.
    pub fn shows(&self, bbox: [i32; 4]) -> bool {
        let [x0, y0, x1, y1] = bbox.map(f64::from);
        x1 >= self.x && x0 <= self.x + self.w && y1 >= self.y && y0 <= self.y + self.h
    }

    /// The smallest frame of this frame's aspect ratio that holds every box, with a margin of a
    /// tenth of its size on each side and no smaller than `min_width` across. `None` without
    /// boxes.
    pub fn around(&self, boxes: &[[i32; 4]], min_width: f64) -> Option<ViewBox> {
        let (first, rest) = boxes.split_first()?;
        let [mut x0, mut y0, mut x1, mut y1] = first.map(f64::from);
        for b in rest {
            let [a, b2, c, d] = b.map(f64::from);
            x0 = x0.min(a);
            y0 = y0.min(b2);
            x1 = x1.max(c);
            y1 = y1.max(d);
        }
        let aspect = if self.h > 0.0 { self.w / self.h } else { 2.0 };
        let (mut w, mut h) = ((x1 - x0) * 1.2, (y1 - y0) * 1.2);
        w = w.max(min_width).max(h * aspect);
        h = w / aspect;
        let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        Some(ViewBox {
            x: cx - w / 2.0,
            y: cy - h / 2.0,
            w,
            h,
        })
    }

    /// This frame if it shows some of every box, else the frame `around` them: a link to a
    /// country off the frame (Mexico on the Europe map) shows it.
    pub fn showing(self, boxes: &[[i32; 4]], min_width: f64) -> ViewBox {
        if boxes.iter().all(|b| self.shows(*b)) {
            self
        } else {
            self.around(boxes, min_width).unwrap_or(self)
        }
    }

    /// A marker's radius for this frame: a 160th of its width, at least one unit.
    pub fn marker_radius(&self) -> i32 {
        round(self.w / 160.0).max(1)
    }
}

/// Rounded to the nearest integer; NaN and infinities saturate (`as` never panics).
fn round(v: f64) -> i32 {
    v.round() as i32
}

/// Number of colour classes of the choropleth (plus class 0, "none").
pub const CLASSES: usize = 5;

/// The colour class (1..=CLASSES) of a count, on a log scale up to `max`; 0 for none. A log scale
/// because one country can hold a hundred times the clusters of another.
pub fn colour_class(count: usize, max: usize) -> usize {
    if count == 0 || max == 0 {
        return 0;
    }
    if max == 1 {
        return CLASSES;
    }
    let t = (count as f64).ln() / (max as f64).ln();
    ((t * CLASSES as f64).ceil() as usize).clamp(1, CLASSES)
}

/// The legend: per class 1..=CLASSES, the smallest and largest count it holds up to `max`, or
/// `None` for a class no count falls in.
pub fn class_ranges(max: usize) -> [Option<(usize, usize)>; CLASSES] {
    let mut ranges = [None; CLASSES];
    for count in 1..=max {
        let slot = &mut ranges[colour_class(count, max) - 1];
        *slot = Some(slot.map_or((count, count), |(lo, _)| (lo, count)));
    }
    ranges
}

/// The legend's entries, class 0 ("none") first: each class that holds a count, and its range
/// in words ("3", "4–7").
pub fn legend(max: usize) -> Vec<(usize, String)> {
    let ranges = class_ranges(max).into_iter().enumerate();
    std::iter::once((0, "none".to_string()))
        .chain(ranges.filter_map(|(i, range)| {
            let (lo, hi) = range?;
            Some((
                i + 1,
                if lo == hi {
                    lo.to_string()
                } else {
                    format!("{lo}\u{2013}{hi}")
                },
            ))
        }))
        .collect()
}

/// The map's colours in one colour scheme, as `style/main.css` declares them (`--land`,
/// `--c1`…`--c5`; a test reads the style sheet). Every class keeps at least 3:1 against the land
/// (WCAG 1.4.11), so a country with clusters stands out from its neighbours without; the classes
/// are a stretch of viridis (colour-blind safe), ordered in lightness.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MapPalette {
    /// The land, also the fill of class 0 (a country whose clusters the filters all leave out).
    pub land: &'static str,
    /// Classes 1..=CLASSES.
    pub classes: [&'static str; CLASSES],
}

/// Light mode, printing and the downloaded pictures: on light land, more clusters are darker.
/// Viridis from its middle (0.45) to its darkest end: the lighter half is too light for the land.
pub const LIGHT: MapPalette = MapPalette {
    land: "#d9dde1",
    classes: ["#26848d", "#31688d", "#3f4988", "#472777", "#440154"],
};

/// Dark mode: on dark land, more clusters are lighter. Viridis from 0.58 to its lightest end.
pub const DARK: MapPalette = MapPalette {
    land: "#3a4049",
    classes: ["#22a386", "#3fbc73", "#75cf54", "#bade28", "#fde725"],
};

/// A colour as `#rrggbb` or, as `getComputedStyle` gives it, `rgb(r, g, b)`.
pub fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let text = text.trim();
    if let Some(hex) = text.strip_prefix('#') {
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        return Some([byte(0)?, byte(2)?, byte(4)?]);
    }
    let inner = text.strip_prefix("rgb(")?.strip_suffix(')')?;
    let mut parts = inner.split(',').map(|p| p.trim().parse::<u8>().ok());
    let rgb = [parts.next()??, parts.next()??, parts.next()??];
    parts.next().is_none().then_some(rgb)
}

/// WCAG's relative luminance of an sRGB colour: 0 for black, 1 for white.
pub fn relative_luminance(rgb: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

/// WCAG's contrast ratio of two colours, from 1 (the same) to 21 (black on white).
pub fn contrast_ratio(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (relative_luminance(a), relative_luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Height of a row of the map's reading order, in asset units: about a tenth of the Europe
/// frame's height.
pub const READING_ROW: i32 = 100;

/// The order of `centres` (`(cx, cy)`) in reading order: rows of `READING_ROW` from north to
/// south, west to east within a row. The map's countries take it in the document, so that Tab
/// walks them as a reader's eye would rather than by name.
pub fn reading_order(centres: &[(i32, i32)]) -> Vec<usize> {
    let key = |i: usize| {
        let (x, y) = centres[i];
        (y.div_euclid(READING_ROW), x)
    };
    // The one sort of small lists (`order_by`): another instantiated sort costs the wasm ~3 KB.
    crate::order::order_by(centres.len(), &|a, b| key(a).cmp(&key(b)))
}

/// The country index's "Find a country" box: which countries a query keeps. A country stays when
/// its name holds the query, folded as search folds (no case, no diacritics: "turk" finds
/// Türkiye), or when the query is its ISO code; a blank query keeps every country.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CountryFinder {
    /// Per country: its folded name and its lower-case code.
    countries: Vec<(String, String)>,
}

impl CountryFinder {
    /// For `countries` as `(code, name)`, in the order `keeps` is then asked about.
    pub fn new<'a>(countries: impl IntoIterator<Item = (&'a str, &'a str)>) -> CountryFinder {
        CountryFinder {
            countries: countries
                .into_iter()
                .map(|(code, name)| (crate::fold::fold(name), code.to_ascii_lowercase()))
                .collect(),
        }
    }

    /// Whether the country at `index` answers `query` (folded with `crate::fold::fold`).
    pub fn keeps(&self, index: usize, folded_query: &str) -> bool {
        let query = folded_query.trim();
        query.is_empty()
            || self
                .countries
                .get(index)
                .is_some_and(|(name, code)| name.contains(query) || code == query)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_legend_names_each_class_in_use() {
        assert_eq!(legend(0), [(0, "none".to_string())]);
        let l = legend(106);
        assert_eq!(l[0], (0, "none".to_string()));
        assert_eq!(l.len(), CLASSES + 1);
        assert!(l[1].1.starts_with("1"), "{l:?}");
        assert!(l[CLASSES].1.ends_with("106"), "{l:?}");
    }

    const WORLD: f64 = 10_000.0;

    fn vb(x: f64, y: f64, w: f64, h: f64) -> ViewBox {
        ViewBox { x, y, w, h }
    }

    #[test]
    fn zooming_keeps_the_point_under_the_pointer() {
        let frame = vb(4000.0, 200.0, 2000.0, 1000.0);
        let at = (4500.0, 700.0);
        let zoomed = frame.zoomed(0.5, at, WORLD);
        assert_eq!(zoomed, vb(4250.0, 450.0, 1000.0, 500.0));
        // The point keeps its place: a quarter across, half down, before and after.
        assert_eq!((at.0 - zoomed.x) / zoomed.w, (at.0 - frame.x) / frame.w);
        let back = zoomed.zoomed(2.0, at, WORLD);
        assert_eq!(back, frame);
    }

    #[test]
    fn zoom_has_limits_and_survives_nonsense() {
        let frame = vb(0.0, 0.0, 2000.0, 1000.0);
        assert_eq!(frame.zoomed(0.0001, (0.0, 0.0), WORLD).w, WORLD / 40.0);
        assert_eq!(frame.zoomed(1000.0, (0.0, 0.0), WORLD).w, WORLD * 1.2);
        assert_eq!(frame.zoomed(f64::NAN, (0.0, 0.0), WORLD), frame);
        let empty = vb(0.0, 0.0, 0.0, 0.0);
        assert_eq!(empty.zoomed(0.5, (0.0, 0.0), WORLD), empty);
    }

    #[test]
    fn panning_and_dragging() {
        let frame = vb(100.0, 100.0, 1000.0, 500.0);
        assert_eq!(frame.panned(0.1, -0.1), vb(200.0, 50.0, 1000.0, 500.0));
        assert_eq!(
            frame.dragged((300.0, 300.0), (350.0, 280.0)),
            vb(50.0, 120.0, 1000.0, 500.0)
        );
    }

    #[test]
    fn screen_to_map_with_letterboxing() {
        // A 2:1 frame in a 400 × 400 px box: drawn 400 × 200, centred, 100 px bands above and below.
        let frame = vb(1000.0, 500.0, 2000.0, 1000.0);
        let rect = ScreenRect {
            left: 10.0,
            top: 20.0,
            width: 400.0,
            height: 400.0,
        };
        assert_eq!(frame.to_map(rect, (10.0, 120.0)), Some((1000.0, 500.0)));
        assert_eq!(frame.to_map(rect, (410.0, 320.0)), Some((3000.0, 1500.0)));
        assert_eq!(frame.to_map(rect, (210.0, 220.0)), Some(frame.centre()));
        let flat = ScreenRect {
            height: 0.0,
            ..rect
        };
        assert_eq!(frame.to_map(flat, (0.0, 0.0)), None);
    }

    #[test]
    fn percent_positions_and_attribute() {
        let frame = vb(100.0, 100.0, 1000.0, 500.0);
        assert_eq!(frame.percent_of((600.0, 225.0)), (50, 25));
        assert_eq!(frame.percent_of((-5000.0, 9000.0)), (0, 100));
        assert_eq!(vb(0.4, -2.6, 1000.5, 499.49).attribute(), "0 -3 1001 499");
    }

    #[test]
    fn fitting_frames_hold_their_boxes() {
        let frame = vb(0.0, 0.0, 2000.0, 1000.0);
        let boxes = [[4000, 1000, 4200, 1300], [4800, 900, 5000, 1100]];
        let fit = frame.around(&boxes, 500.0).unwrap();
        assert_eq!(fit.w / fit.h, 2.0, "the frame's aspect ratio");
        for b in boxes {
            assert!(fit.x <= f64::from(b[0]) && fit.x + fit.w >= f64::from(b[2]));
            assert!(fit.y <= f64::from(b[1]) && fit.y + fit.h >= f64::from(b[3]));
            assert!(fit.shows(b));
        }
        assert!(!fit.shows([0, 0, 10, 10]));
        assert_eq!(frame.around(&[[10, 10, 11, 11]], 500.0).unwrap().w, 500.0);
        assert_eq!(frame.around(&[], 500.0), None);
        assert_eq!(fit.showing(&boxes, 500.0), fit);
        assert_eq!(frame.showing(&[], 500.0), frame);
        assert_eq!(frame.showing(&boxes, 500.0), fit);
    }

    #[test]
    fn colour_classes() {
        fn check(count: usize, max: usize, class: usize) {
            assert_eq!(colour_class(count, max), class, "{count} of {max}");
        }
        check(0, 106, 0);
        check(1, 106, 1);
        check(106, 106, 5);
        check(41, 106, 4);
        check(88, 106, 5);
        check(1, 1, 5);
        check(3, 0, 0);
    }

    #[test]
    fn legend_ranges_cover_every_count_once() {
        for max in [1, 2, 5, 106, 5000] {
            let mut next = 1;
            for (lo, hi) in class_ranges(max).into_iter().flatten() {
                assert_eq!(lo, next, "max {max}");
                assert!(hi >= lo);
                next = hi + 1;
            }
            assert_eq!(next, max + 1);
        }
    }

    #[test]
    fn tiny_countries() {
        let country = |bbox| MapCountry {
            id: String::new(),
            code: None,
            name: String::new(),
            cx: 0,
            cy: 0,
            bbox,
        };
        assert!(country([0, 0, 59, 10]).is_tiny());
        assert!(!country([0, 0, 10, 60]).is_tiny());
    }

    /// Reads the custom property `name` of the first rule of `css` that starts with `selector`.
    fn declared<'a>(css: &'a str, selector: &str, name: &str) -> &'a str {
        let block = &css[css.find(selector).expect(selector)..];
        let block = &block[..block.find('}').expect("a closed rule")];
        let start = block
            .find(&format!("--{name}:"))
            .unwrap_or_else(|| panic!("{selector} declares --{name}"))
            + name.len()
            + 3;
        block[start..].split(';').next().unwrap_or("").trim()
    }

    /// The palettes are the style sheet's: light in `:root` and in print (the printed map is
    /// light whatever the screen's scheme), dark in `prefers-color-scheme: dark`.
    #[test]
    fn the_palettes_are_the_stylesheets() {
        let css =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../style/main.css"))
                .expect("style/main.css");
        let print = &css[css.find("@media print").expect("a print style sheet")..];
        let dark = &css[css
            .find("@media (prefers-color-scheme: dark)")
            .expect("a dark scheme")..];
        for (block, palette) in [(&css[..], LIGHT), (dark, DARK), (print, LIGHT)] {
            assert_eq!(declared(block, ":root", "land"), palette.land);
            for (i, colour) in palette.classes.iter().enumerate() {
                assert_eq!(declared(block, ":root", &format!("c{}", i + 1)), *colour);
            }
        }
    }

    fn rgb(hex: &str) -> [u8; 3] {
        parse_colour(hex).expect(hex)
    }

    /// Every class stands out from the land by 3:1 (WCAG 1.4.11, non-text contrast), in both
    /// schemes; the lightest class of the light scheme too.
    #[test]
    fn every_class_keeps_3_to_1_against_the_land() {
        for (scheme, palette) in [("light", LIGHT), ("dark", DARK)] {
            for (i, colour) in palette.classes.iter().enumerate() {
                let ratio = contrast_ratio(rgb(colour), rgb(palette.land));
                assert!(
                    ratio >= 3.0,
                    "{scheme} class {} {colour} on {}: {ratio:.2}:1",
                    i + 1,
                    palette.land
                );
            }
        }
    }

    /// Viénot, Brettel and Mollon's (1999) simulation of protanopia and deuteranopia, in linear
    /// RGB (the matrices of DaltonLens' libDaltonLens).
    const PROTAN: [[f64; 3]; 3] = [
        [0.11238, 0.88762, 0.0],
        [0.11238, 0.88762, 0.0],
        [0.00401, -0.00401, 1.0],
    ];
    const DEUTAN: [[f64; 3]; 3] = [
        [0.29275, 0.70725, 0.0],
        [0.29275, 0.70725, 0.0],
        [-0.02234, 0.02234, 1.0],
    ];

    fn luminance_seen(rgb: [u8; 3], vision: Option<&[[f64; 3]; 3]>) -> f64 {
        let linear = rgb.map(|c| relative_luminance([c, c, c]));
        let seen = match vision {
            None => linear,
            Some(m) => m.map(|row| row.iter().zip(linear).map(|(a, b)| a * b).sum()),
        };
        0.2126 * seen[0] + 0.7152 * seen[1] + 0.0722 * seen[2]
    }

    /// A sequential scale: more clusters are darker on light land and lighter on dark land, for
    /// every eye (typical vision, protanopia, deuteranopia), so the order needs no hue.
    #[test]
    fn the_classes_are_ordered_in_lightness_for_every_eye() {
        for (scheme, palette, darker) in [("light", LIGHT, true), ("dark", DARK, false)] {
            for vision in [None, Some(&PROTAN), Some(&DEUTAN)] {
                let l: Vec<f64> = palette
                    .classes
                    .iter()
                    .map(|c| luminance_seen(rgb(c), vision))
                    .collect();
                for pair in l.windows(2) {
                    assert!(
                        (pair[1] < pair[0]) == darker && (pair[0] - pair[1]).abs() > 0.02,
                        "{scheme} {vision:?}: {l:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn colours_and_contrast() {
        fn check(text: &str, expected: Option<[u8; 3]>) {
            assert_eq!(parse_colour(text), expected, "{text}");
        }
        check("#d9dde1", Some([0xd9, 0xdd, 0xe1]));
        check("rgb(64, 68, 135)", Some([64, 68, 135]));
        check(" rgb(0,0,0) ", Some([0, 0, 0]));
        check("rgba(0, 0, 0, 0.5)", None);
        check("rgb(256, 0, 0)", None);
        check("#fff", None);
        check("#ééé", None);
        check("red", None);
        let ratio = contrast_ratio([0, 0, 0], [255, 255, 255]);
        assert!((ratio - 21.0).abs() < 1e-9);
        assert_eq!(contrast_ratio([9, 9, 9], [9, 9, 9]), 1.0);
        // The colour the light palette had before: viridis' yellow on the light land.
        assert!(contrast_ratio(rgb("#fde725"), rgb(LIGHT.land)) < 1.3);
    }

    #[test]
    fn holding_a_point() {
        let frame = vb(100.0, 100.0, 1000.0, 500.0);
        fn check(frame: ViewBox, point: MapPoint, inset: f64, expected: bool) {
            assert_eq!(
                frame.holds(point, inset),
                expected,
                "{point:?} inset {inset}"
            );
        }
        check(frame, (600.0, 300.0), 0.0, true);
        check(frame, (100.0, 100.0), 0.0, true);
        check(frame, (100.0, 100.0), 5.0, false);
        check(frame, (1095.0, 300.0), 5.0, true);
        check(frame, (1096.0, 300.0), 5.0, false);
        check(frame, (600.0, 601.0), 0.0, false);
        check(frame, (f64::NAN, 300.0), 0.0, false);
    }

    #[test]
    fn reading_order_is_rows_from_north_then_west_to_east() {
        fn check(centres: &[(i32, i32)], expected: &[usize]) {
            assert_eq!(reading_order(centres), expected, "{centres:?}");
        }
        check(&[], &[]);
        // Spain, France, Ireland and Germany: Ireland and Germany share a row, west first.
        check(
            &[(4912, 992), (5058, 798), (4819, 604), (5235, 666)],
            &[2, 3, 1, 0],
        );
        // Within a row the latitude does not matter; north of the map's top still comes first.
        check(&[(10, 150), (5, 199), (0, -20)], &[2, 1, 0]);
    }

    #[test]
    fn finding_a_country() {
        let finder = CountryFinder::new([
            ("TR", "Türkiye"),
            ("GB", "United Kingdom"),
            ("DE", "Germany"),
        ]);
        let check = |query: &str, expected: [bool; 3]| {
            let query = crate::fold::fold(query);
            let kept = [0, 1, 2].map(|i| finder.keeps(i, &query));
            assert_eq!(kept, expected, "{query:?}");
        };
        check("", [true, true, true]);
        check("  ", [true, true, true]);
        check("turk", [true, false, false]);
        check("TÜR", [true, false, false]);
        check("kingdom", [false, true, false]);
        check("gb", [false, true, false]);
        check("de", [false, false, true]);
        check("n", [false, true, true]);
        check("zz", [false, false, false]);
        assert!(!finder.keeps(9, "a"), "an index past the list");
    }
}
