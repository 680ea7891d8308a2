//! The map: an inline-SVG choropleth of the pre-projected map asset, its frame (Europe or World,
//! zoom, pan, drag), its toolbar and its legend. A country with clusters is a shape that selects
//! it on a click and a small button at its centre that the keyboard reaches.
//!
//! Why a button at the centre rather than the shape: a browser scrolls a focused element's whole
//! box into view, and a country's box holds its overseas parts (France's reaches Guiana and
//! Réunion), so focusing the shape scrolled the map off the screen. The button is a tab stop only
//! while its centre is inside the frame, so Tab never lands off the map (Mexico on the Europe
//! map), and the buttons come in reading order (`atlas_core::map::reading_order`).

use std::sync::Arc;

use leptos::prelude::*;
use rustc_hash::FxHashMap;

use crate::load::MAP_SPRITE_URL;
use crate::picture::PictureKind;
use crate::reactive::reactive;
use crate::state::{use_atlas, AtlasState};
use atlas_core::map::{
    colour_class, legend as map_legend, reading_order, MapAsset, MapCountry, ViewBox,
};
use atlas_core::view::{MapView, ViewState};

/// The sprite's group of every country (`ingest map` writes it).
const WORLD_SPRITE_ID: &str = "world";

/// A country's path in the map sprite (see `MAP_SPRITE_URL`).
fn sprite_href(id: &str) -> String {
    format!("{MAP_SPRITE_URL}#{id}")
}

fn plural(n: usize) -> String {
    format!("{n} cluster{}", if n == 1 { "" } else { "s" })
}

#[component]
pub fn WorldMap(map: Signal<Option<Result<Arc<MapAsset>, String>>>) -> impl IntoView {
    view! {
        <div class="map-area" data-picture=PictureKind::Map.key()>
            {reactive(move || match map.get() {
                None => view! { <p class="map-loading">"Loading the map…"</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="notice" role="status" data-testid="map-error">
                        {format!("{e} The country index works the same way.")}
                    </p>
                }
                .into_any(),
                Some(Ok(asset)) => view! { <SvgMap asset=asset /> }.into_any(),
            })}
        </div>
    }
}

/// The tooltip of the country under the pointer or the focus.
#[derive(Clone, PartialEq)]
struct Tip {
    text: String,
    /// Position in whole percent of the map box.
    left: i32,
    top: i32,
}

/// A pointer that went down on the map: where, and whether it has moved far enough to be a drag.
#[derive(Clone, Copy)]
struct Drag {
    x: f64,
    y: f64,
    moved: bool,
}

/// What every country shape shares with the map around it.
#[derive(Clone, Copy)]
struct MapContext {
    /// Matches per country, in `dataset.countries` order, and the largest.
    counts: Memo<Vec<usize>>,
    max: Memo<usize>,
    tip: RwSignal<Option<Tip>>,
    frame: RwSignal<ViewBox>,
    drag: StoredValue<Option<Drag>>,
}

impl MapContext {
    /// Whether the click that ends a pointer press is the end of a drag (and so selects no
    /// country); forgets the press either way.
    fn take_drag(&self) -> bool {
        let moved = self.drag.get_value().is_some_and(|d| d.moved);
        self.drag.set_value(None);
        moved
    }
}

/// The smallest frame a selected country is zoomed out to: a tenth of the globe.
fn min_fit_width(asset: &MapAsset) -> f64 {
    f64::from(asset.width) / 10.0
}

/// The frame the map shows: the view's (Europe or World), widened to show any selected country
/// off it. A new map view from the URL (a button, Back) reframes it; zoom and pan stay until then.
fn follow_the_view(asset: &Arc<MapAsset>, state: &AtlasState) -> RwSignal<ViewBox> {
    let map_view = state.map_view;
    let selected = state.countries;
    let frame_of = {
        let views = asset.views;
        move |m: MapView| {
            ViewBox::from_frame(if m == MapView::Europe {
                views.europe
            } else {
                views.world
            })
        }
    };
    // The boxes of the selected countries that are on the map.
    let boxes_of = {
        let asset = asset.clone();
        move |codes: &[String]| -> Vec<[i32; 4]> {
            asset
                .countries
                .iter()
                .filter(|c| c.code.as_ref().is_some_and(|code| codes.contains(code)))
                .map(|c| c.bbox)
                .collect()
        }
    };
    let min_width = min_fit_width(asset);
    let first = selected.with_untracked(|codes| {
        frame_of(map_view.get_untracked()).showing(&boxes_of(codes), min_width)
    });
    let frame = RwSignal::new(first);
    Effect::new(move |seen: Option<MapView>| {
        let m = map_view.get();
        let start = match seen {
            Some(before) if before == m => frame.get_untracked(),
            _ => frame_of(m),
        };
        let next = selected.with(|codes| start.showing(&boxes_of(codes), min_width));
        if next != frame.get_untracked() {
            frame.set(next);
        }
        m
    });
    frame
}

/// Zooms the frame about its centre by `factor` (below 1 zooms in).
fn zoom(frame: RwSignal<ViewBox>, factor: f64, world_width: f64) {
    frame.update(|f| *f = f.zoomed(factor, f.centre(), world_width));
}

/// Moves the frame by fractions of its size.
fn pan(frame: RwSignal<ViewBox>, dx: f64, dy: f64) {
    frame.update(|f| *f = f.panned(dx, dy));
}

#[component]
fn SvgMap(asset: Arc<MapAsset>) -> impl IntoView {
    let state = use_atlas();
    let world_width = f64::from(asset.width);
    let frame = follow_the_view(&asset, &state);
    let counts = state.country_counts;
    let ctx = MapContext {
        counts,
        max: Memo::new(move |_| counts.with(|c| c.iter().copied().max().unwrap_or(0))),
        tip: RwSignal::new(None),
        frame,
        drag: StoredValue::new(None),
    };
    provide_context(ctx);

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        match ev.key().as_str() {
            "+" | "=" => zoom(frame, 0.8, world_width),
            "-" | "_" => zoom(frame, 1.25, world_width),
            "ArrowLeft" => pan(frame, -0.1, 0.0),
            "ArrowRight" => pan(frame, 0.1, 0.0),
            "ArrowUp" => pan(frame, 0.0, -0.1),
            "ArrowDown" => pan(frame, 0.0, 0.1),
            "Escape" => {
                ctx.tip.set(None);
                return;
            }
            _ => return,
        }
        ev.prevent_default();
    };
    let to_map = move |client_x: f64, client_y: f64| {
        // The page's one map.
        let rect = super::screen_rect(&document().query_selector("svg.map").ok()??);
        frame.get_untracked().to_map(rect, (client_x, client_y))
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        if let Some(at) = to_map(ev.client_x() as f64, ev.client_y() as f64) {
            let factor = if ev.delta_y() < 0.0 { 0.85 } else { 1.0 / 0.85 };
            frame.update(|f| *f = f.zoomed(factor, at, world_width));
        }
    };
    let on_down = move |ev: leptos::ev::PointerEvent| {
        ctx.drag.set_value(Some(Drag {
            x: ev.client_x() as f64,
            y: ev.client_y() as f64,
            moved: false,
        }));
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let Some(start) = ctx.drag.get_value() else {
            return;
        };
        let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
        // A few pixels of jitter are still a click.
        if (x - start.x).abs() + (y - start.y).abs() < 4.0 {
            return;
        }
        if let (Some(a), Some(b)) = (to_map(start.x, start.y), to_map(x, y)) {
            frame.update(|f| *f = f.dragged(a, b));
        }
        ctx.drag.set_value(Some(Drag { x, y, moved: true }));
    };
    let on_up = move |_| {
        // A drag's "moved" stays for the click that follows, so that it selects no country.
        if ctx.drag.get_value().is_some_and(|d| !d.moved) {
            ctx.drag.set_value(None);
        }
    };

    view! {
        <MapTools frame=frame world_width=world_width />
        <div class="map-frame" on:keydown=on_key>
            <svg
                class="map"
                viewBox=move || frame.with(ViewBox::attribute)
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label="World map of labelled clusters by country. Each country with clusters has a button at its centre; the country index does the same."
                on:wheel=on_wheel
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointerleave=move |_| {
                    ctx.drag.set_value(None);
                    ctx.tip.set(None);
                }
            >
                <rect class="sea" x="-10000" y="-10000" width="40000" height="30000" />
                // Every country at once, as land; those with clusters are drawn over it.
                <use_ href=sprite_href(WORLD_SPRITE_ID) class="land" />
                {country_shapes(&asset, &state)}
            </svg>
            {reactive(move || ctx.tip.get().map(|t| view! {
                <div class="map-tip" role="tooltip" id="map-tip" style:left=format!("{}%", t.left) style:top=format!("{}%", t.top)>
                    {t.text}
                </div>
            }).into_any())}
        </div>
        <Legend max=ctx.max />
    }
}

/// The map's toolbar: the Europe and World frames (links: each is a view), zoom and pan.
#[component]
fn MapTools(frame: RwSignal<ViewBox>, world_width: f64) -> impl IntoView {
    let state = use_atlas();
    let late_view = state.late_view;
    let map_view = state.map_view;
    let map_link = move |m: MapView| {
        late_view.with(|v| {
            AtlasState::href(&ViewState {
                map: m,
                ..v.clone()
            })
        })
    };
    let current = move |m: MapView| move || (map_view.get() == m).then_some("true");
    view! {
        <div class="map-tools" role="toolbar" aria-label="Map view">
            <a href=move || map_link(MapView::Europe) aria-current=current(MapView::Europe)>"Europe"</a>
            <a href=move || map_link(MapView::World) aria-current=current(MapView::World)>"World"</a>
            <button type="button" on:click=move |_| zoom(frame, 0.8, world_width) aria-label="Zoom in">"+"</button>
            <button type="button" on:click=move |_| zoom(frame, 1.25, world_width) aria-label="Zoom out">"−"</button>
            <button type="button" on:click=move |_| pan(frame, -0.1, 0.0) aria-label="Pan west">"←"</button>
            <button type="button" on:click=move |_| pan(frame, 0.1, 0.0) aria-label="Pan east">"→"</button>
            <button type="button" on:click=move |_| pan(frame, 0.0, -0.1) aria-label="Pan north">"↑"</button>
            <button type="button" on:click=move |_| pan(frame, 0.0, 0.1) aria-label="Pan south">"↓"</button>
        </div>
    }
}

/// The colour scale: a swatch and a range of counts per class in use, up to `max`.
#[component]
fn Legend(max: Memo<usize>) -> impl IntoView {
    let entries = move || {
        map_legend(max.get())
            .into_iter()
            .map(|(class, text)| {
                view! {
                    <li>
                        <span class=format!("swatch c{class}") aria-hidden="true"></span>
                        {text}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="legend" aria-label="Colour scale: clusters per country">
            <span class="legend-title">"Clusters per country"</span>
            <ul>
                {reactive(move || entries().into_any())}
            </ul>
            <p class="hint">"Drag or use the arrow keys to move, + and − to zoom."</p>
        </div>
    }
}

/// The countries with clusters, to draw over the land, in reading order: the order Tab takes.
fn country_shapes(asset: &MapAsset, state: &AtlasState) -> impl IntoView {
    // Code → position in `dataset.countries`.
    let positions: FxHashMap<&str, usize> = state
        .catalog
        .dataset
        .countries
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.as_str(), i))
        .collect();
    let drawn: Vec<(&MapCountry, usize)> = asset
        .countries
        .iter()
        .filter_map(|country| Some((country, *positions.get(country.code.as_deref()?)?)))
        .collect();
    let centres: Vec<(i32, i32)> = drawn.iter().map(|(c, _)| (c.cx, c.cy)).collect();
    reading_order(&centres)
        .into_iter()
        .filter_map(|i| drawn.get(i))
        .map(|&(country, index)| view! { <CountryShape country=country.clone() index=index /> })
        .collect_view()
}

/// A country with clusters: its shape, coloured by its count, which selects it on a click, and
/// the button at its centre that does the same from the keyboard. A tiny country's button is
/// drawn, as a round marker that the pointer can hit too; the others' is invisible until focused.
#[component]
fn CountryShape(
    country: MapCountry,
    /// Position in `dataset.countries`.
    index: usize,
) -> impl IntoView {
    let state = use_atlas();
    let ctx = expect_context::<MapContext>();
    let (code, name) = {
        let c = &state.catalog.dataset.countries[index];
        (c.code.clone(), c.name.clone())
    };
    let count = Memo::new(move |_| ctx.counts.with(|c| c.get(index).copied().unwrap_or(0)));
    let countries = state.countries;
    let selected = {
        let code = code.clone();
        Memo::new(move |_| countries.with(|c| c.contains(&code)))
    };
    let label = move || format!("{name}, {}", plural(count.get()));
    let class = move || {
        format!(
            "country c{}{}",
            colour_class(count.get(), ctx.max.get()),
            if selected.get() { " selected" } else { "" }
        )
    };
    let select = {
        let code = code.clone();
        move || {
            ctx.tip.set(None);
            state.push(|v| v.with_only_country(&code));
        }
    };
    let centre = (f64::from(country.cx), f64::from(country.cy));
    let show_tip = {
        let label = label.clone();
        move || {
            let (left, top) = ctx.frame.get_untracked().percent_of(centre);
            ctx.tip.set(Some(Tip {
                text: label(),
                left,
                top,
            }))
        }
    };
    let on_key = {
        let select = select.clone();
        move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
            "Enter" | " " => {
                ev.prevent_default();
                select();
            }
            "Escape" => ctx.tip.set(None),
            _ => {}
        }
    };
    let on_click = move |_| {
        if !ctx.take_drag() {
            select();
        }
    };
    // A tiny country's button is its marker; the others' is twice as wide, so that its focus
    // ring shows on a small map.
    let tiny = country.is_tiny();
    let radius_in = move |f: &ViewBox| f.marker_radius() * if tiny { 1 } else { 2 };
    let radius = move || ctx.frame.with(radius_in);
    // A tab stop while the whole button is inside the frame (see the module's comment); the
    // memo writes the attribute only when that changes, not on every step of a drag.
    let in_frame = Memo::new(move |_| ctx.frame.with(|f| f.holds(centre, f64::from(radius_in(f)))));
    let tip_on_hover = show_tip.clone();
    let button_class = if tiny { "target marker" } else { "target" };
    view! {
        <g
            class=class
            on:click=on_click
            on:mouseenter=move |_| tip_on_hover()
            on:mouseleave=move |_| ctx.tip.set(None)
        >
            <use_ href=sprite_href(&country.id) data-country=code.clone() />
            <circle
                class=button_class
                cx=country.cx
                cy=country.cy
                r=radius
                role="button"
                tabindex=move || if in_frame.get() { "0" } else { "-1" }
                aria-label=label
                aria-pressed=move || if selected.get() { "true" } else { "false" }
                data-country-button=code
                on:keydown=on_key
                on:focus=move |_| show_tip()
                on:blur=move |_| ctx.tip.set(None)
            />
        </g>
    }
}
