//! The country map: an inline-SVG choropleth of the pre-projected map asset, and its list twin,
//! the country index. Both select a country the same way (`ViewState::with_only_country`).
//!
//! Counts follow the search and the other filters (not the country filter itself), so the map is
//! an index of what the list would show. The projection happened at build time (`ingest map`);
//! the frame's arithmetic is `atlas_core::map::ViewBox`'s; here are the events and the drawing.

use std::sync::Arc;

use leptos::prelude::*;

use crate::picture::{PictureButtons, PictureKind};
use crate::reactive::reactive;
use rustc_hash::FxHashMap;

use crate::load::MAP_SPRITE_URL;
use crate::state::{use_atlas, AtlasState};
use atlas_core::map::{
    colour_class, legend as map_legend, MapAsset, MapCountry, ScreenRect, ViewBox,
};
use atlas_core::order::order_by;
use atlas_core::view::{MapView, ViewState, MAX_COMPARED};

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
                        {format!("{e} The country list beside works the same way.")}
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

#[component]
fn SvgMap(asset: Arc<MapAsset>) -> impl IntoView {
    let state = use_atlas();
    let late_view = state.late_view;
    let map_view = state.map_view;
    let selected = state.countries;
    let world_width = f64::from(asset.width);
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
    let min_width = min_fit_width(&asset);
    let first = selected.with_untracked(|codes| {
        frame_of(map_view.get_untracked()).showing(&boxes_of(codes), min_width)
    });
    let frame = RwSignal::new(first);
    // A new map view from the URL (a button, Back) reframes the map; a country selected off the
    // frame brings it into view.
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
    let counts = state.country_counts;
    let ctx = MapContext {
        counts,
        max: Memo::new(move |_| counts.with(|c| c.iter().copied().max().unwrap_or(0))),
        tip: RwSignal::new(None),
        frame,
        drag: StoredValue::new(None),
    };
    provide_context(ctx);

    let zoom = move |factor: f64| frame.update(|f| *f = f.zoomed(factor, f.centre(), world_width));
    let pan = move |dx: f64, dy: f64| frame.update(|f| *f = f.panned(dx, dy));
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        match ev.key().as_str() {
            "+" | "=" => zoom(0.8),
            "-" | "_" => zoom(1.25),
            "ArrowLeft" => pan(-0.1, 0.0),
            "ArrowRight" => pan(0.1, 0.0),
            "ArrowUp" => pan(0.0, -0.1),
            "ArrowDown" => pan(0.0, 0.1),
            "Escape" => {
                ctx.tip.set(None);
                return;
            }
            _ => return,
        }
        ev.prevent_default();
    };
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let to_map = move |client_x: f64, client_y: f64| {
        let svg = svg_ref.get_untracked()?;
        let r = svg.get_bounding_client_rect();
        let rect = ScreenRect {
            left: r.left(),
            top: r.top(),
            width: r.width(),
            height: r.height(),
        };
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

    // The countries with clusters, over the land: code → position in `dataset.countries`.
    let interactive: FxHashMap<&str, u32> = state
        .catalog
        .dataset
        .countries
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.as_str(), i as u32))
        .collect();
    let shapes = asset
        .countries
        .iter()
        .filter_map(|country| {
            let &index = interactive.get(country.code.as_deref()?)?;
            Some(view! { <CountryShape country=country.clone() index=index as usize /> })
        })
        .collect_view();

    let map_link = move |m: MapView| {
        late_view.with(|v| {
            AtlasState::href(&ViewState {
                map: m,
                ..v.clone()
            })
        })
    };
    let current = move |m: MapView| move || (map_view.get() == m).then_some("true");
    let legend = move || {
        map_legend(ctx.max.get())
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
        <div class="map-tools" role="toolbar" aria-label="Map view">
            <a href=move || map_link(MapView::Europe) aria-current=current(MapView::Europe)>"Europe"</a>
            <a href=move || map_link(MapView::World) aria-current=current(MapView::World)>"World"</a>
            <button type="button" on:click=move |_| zoom(0.8) aria-label="Zoom in">"+"</button>
            <button type="button" on:click=move |_| zoom(1.25) aria-label="Zoom out">"−"</button>
            <button type="button" on:click=move |_| pan(-0.1, 0.0) aria-label="Pan west">"←"</button>
            <button type="button" on:click=move |_| pan(0.1, 0.0) aria-label="Pan east">"→"</button>
            <button type="button" on:click=move |_| pan(0.0, -0.1) aria-label="Pan north">"↑"</button>
            <button type="button" on:click=move |_| pan(0.0, 0.1) aria-label="Pan south">"↓"</button>
        </div>
        <div class="map-frame" on:keydown=on_key>
            <svg
                node_ref=svg_ref
                class="map"
                viewBox=move || frame.with(ViewBox::attribute)
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label="World map of labelled clusters by country. Countries with clusters are buttons; the country list below does the same."
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
                {shapes}
            </svg>
            {reactive(move || ctx.tip.get().map(|t| view! {
                <div class="map-tip" role="tooltip" id="map-tip" style:left=format!("{}%", t.left) style:top=format!("{}%", t.top)>
                    {t.text}
                </div>
            }).into_any())}
        </div>
        <div class="legend" aria-label="Colour scale: clusters per country">
            <span class="legend-title">"Clusters per country"</span>
            <ul>
                {reactive(move || legend().into_any())}
            </ul>
            <p class="hint">"Drag or use the arrow keys to move, + and − to zoom."</p>
        </div>
        <PictureButtons kind=PictureKind::Map />
    }
}

/// A country with clusters: a button that selects it, coloured by its count.
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
    let marker = country.is_tiny().then(|| {
        let r = move || ctx.frame.with(ViewBox::marker_radius);
        view! { <circle class="marker" cx=country.cx cy=country.cy r=r data-country-marker=code.clone() /> }
    });
    view! {
        <g
            class=class
            role="button"
            tabindex="0"
            aria-label=label
            aria-pressed=move || if selected.get() { "true" } else { "false" }
            on:click=on_click
            on:keydown=on_key
            on:mouseenter={
                let show_tip = show_tip.clone();
                move |_| show_tip()
            }
            on:focus=move |_| show_tip()
            on:mouseleave=move |_| ctx.tip.set(None)
            on:blur=move |_| ctx.tip.set(None)
        >
            <use_ href=sprite_href(&country.id) data-country=code.clone() />
            {marker}
        </g>
    }
}

/// The list twin of the map: every country with clusters, sortable by name or count.
#[component]
pub fn CountryIndex() -> impl IntoView {
    let state = use_atlas();
    let view = state.late_view;
    let (by_count, set_by_count) = signal(false);
    let counts = state.country_counts;
    let countries: Vec<(String, String)> = state
        .catalog
        .dataset
        .countries
        .iter()
        .map(|c| (c.code.clone(), c.name.clone()))
        .collect();
    let count_of = move |i: usize| counts.with(|c| c.get(i).copied().unwrap_or(0));
    // Positions into `countries`, in display order. Keyed below by position, so a re-sort moves
    // the items and a new count only changes their text.
    let order = {
        let countries = countries.clone();
        Memo::new(move |_| {
            if by_count.get() {
                order_by(countries.len(), &|a, b| {
                    count_of(b)
                        .cmp(&count_of(a))
                        .then_with(|| countries[a].1.cmp(&countries[b].1))
                })
            } else {
                (0..countries.len()).collect()
            }
        })
    };
    let selected_codes = state.countries;
    let compared = state.compare;
    // Every link at once, from one subscription to the view.
    let hrefs = {
        let countries = countries.clone();
        Memo::new(move |_| {
            view.with(|v| {
                countries
                    .iter()
                    .map(|(code, _)| AtlasState::href(&v.with_only_country(code)))
                    .collect::<Vec<_>>()
            })
        })
    };
    let item = move |i: usize| {
        let (code, name) = countries[i].clone();
        let selected = {
            let code = code.clone();
            move || selected_codes.with(|c| c.contains(&code))
        };
        let href = move || hrefs.with(|h| h.get(i).cloned().unwrap_or_default());
        let count = move || count_of(i);
        let unit = move || {
            if count_of(i) == 1 {
                " cluster"
            } else {
                " clusters"
            }
        };
        let current = selected.clone();
        let in_comparison = {
            let code = code.clone();
            move || compared.with(|c| c.contains(&code))
        };
        let full = move || compared.with(|c| c.len() >= MAX_COMPARED);
        let toggle = {
            let state = state.clone();
            let code = code.clone();
            move |_| state.push(|v| v.with_compare_toggled(&code))
        };
        let pressed = in_comparison.clone();
        // The link's name is its text, "France, 88 clusters", as the map button's label says;
        // the comma and the unit are for screen readers only.
        view! {
            <li class:selected=selected>
                <a href=href data-country-link=code.clone() aria-current=move || current().then_some("true")>
                    <span class="name">{name.clone()}</span>
                    <span class="visually-hidden">", "</span>
                    <span class="count">{count}<span class="visually-hidden">{unit}</span></span>
                </a>
                <button
                    type="button"
                    class="compare-toggle"
                    data-compare=code
                    aria-pressed=move || if pressed() { "true" } else { "false" }
                    disabled=move || full() && !in_comparison()
                    on:click=toggle
                >
                    "Compare"<span class="visually-hidden">{format!(" {name}")}</span>
                </button>
            </li>
        }
    };
    let all_href = move || {
        view.with(|v| {
            AtlasState::href(&ViewState {
                countries: Vec::new(),
                page: 1,
                ..v.clone()
            })
        })
    };
    let pressed = move |on: bool| {
        move || {
            if by_count.get() == on {
                "true"
            } else {
                "false"
            }
        }
    };
    view! {
        <nav class="country-index" aria-labelledby="index-heading" data-testid="country-index">
            <h3 id="index-heading">"Country index"</h3>
            <div class="index-sort" role="group" aria-label="Sort the countries">
                <button type="button" aria-pressed=pressed(false) on:click=move |_| set_by_count.set(false)>"By name"</button>
                <button type="button" aria-pressed=pressed(true) on:click=move |_| set_by_count.set(true)>"By count"</button>
            </div>
            <ul>
                <For each=move || order.get() key=|i| *i let:i>
                    {item(i)}
                </For>
            </ul>
            <Show when=move || view.with(|v| !v.countries.is_empty())>
                <a class="all-countries" href=all_href>"All countries"</a>
            </Show>
        </nav>
    }
}
