//! The country map index: an inline-SVG choropleth of the pre-projected map asset, and its list
//! twin, the country index. Both select a country the same way (`ViewState::with_only_country`).
//!
//! Counts follow the search and the other filters (not the country filter itself), so the map is
//! an index of what the list would show. The projection happened at build time (`ingest map`);
//! here the app only picks a viewBox.

use rustc_hash::FxHashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::app::state::{use_atlas, AtlasState};
use crate::core::decimal::{fixed, tenths};
use crate::core::geo::{MapAsset, MapCountry};
use crate::core::order::order_by;
use crate::core::view::{MapView, ViewState};

/// Number of colour classes of the scale (plus "none").
const CLASSES: usize = 5;

/// The colour class (1..=CLASSES) of a count, on a log scale up to `max`; 0 for none.
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

/// The smallest count of each class, for the legend: class k holds counts whose log position
/// falls in ((k-1)/CLASSES, k/CLASSES].
pub fn class_ranges(max: usize) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for count in 1..=max {
        let class = colour_class(count, max);
        match ranges.get_mut(class - 1) {
            Some(range) => range.1 = count,
            None => {
                while ranges.len() < class - 1 {
                    ranges.push((0, 0));
                }
                ranges.push((count, count));
            }
        }
    }
    ranges
}

/// Countries this small (in map units, out of 1000) also get a round marker, to stay clickable.
const TINY: f64 = 6.0;

fn plural(n: usize) -> String {
    format!("{n} cluster{}", if n == 1 { "" } else { "s" })
}

#[component]
pub fn WorldMap(map: LocalResource<Result<Arc<MapAsset>, String>>) -> impl IntoView {
    view! {
        <div class="map-area">
            {move || match map.get() {
                None => view! { <p class="map-loading">"Loading the map…"</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="notice" role="status" data-testid="map-error">
                        {format!("{e} The country list beside works the same way.")}
                    </p>
                }
                .into_any(),
                Some(Ok(asset)) => view! { <SvgMap asset=asset /> }.into_any(),
            }}
        </div>
    }
}

#[derive(Clone, PartialEq)]
struct Tip {
    text: String,
    /// Position in percent of the map box.
    left: f64,
    top: f64,
}

#[component]
fn SvgMap(asset: Arc<MapAsset>) -> impl IntoView {
    let state = use_atlas();
    let view = state.view;
    let late_view = state.late_view;
    let europe = asset.views.europe;
    let world = asset.views.world;
    let framed = move |m: MapView| if m == MapView::Europe { europe } else { world };
    let view_box = RwSignal::new(framed(view.get_untracked().map));
    // A new map view from the URL (a button, Back) reframes the map.
    let map_view = state.map_view;
    Effect::new(move |_| view_box.set(framed(map_view.get())));
    let tip = RwSignal::new(None::<Tip>);
    let counts = state.country_counts;
    let max = Memo::new(move |_| counts.with(|c| c.iter().copied().max().unwrap_or(0)));

    let zoom = move |factor: f64, cx: f64, cy: f64| {
        view_box.update(|vb| {
            // Not `f64::clamp`: its min ≤ max assertion on numbers from the map file would bring
            // float formatting (~10 KB) into the wasm, and a panic on a bad file.
            let w = (vb[2] * factor).max(world[2] / 40.0).min(world[2] * 1.2);
            let h = w * vb[3] / vb[2];
            let fx = (cx - vb[0]) / vb[2];
            let fy = (cy - vb[1]) / vb[3];
            *vb = [cx - fx * w, cy - fy * h, w, h];
        })
    };
    let zoom_centre = move |factor: f64| {
        let vb = view_box.get_untracked();
        zoom(factor, vb[0] + vb[2] / 2.0, vb[1] + vb[3] / 2.0);
    };
    let pan = move |dx: f64, dy: f64| {
        view_box.update(|vb| {
            vb[0] += dx * vb[2];
            vb[1] += dy * vb[3];
        })
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let handled = match ev.key().as_str() {
            "+" | "=" => {
                zoom_centre(0.8);
                true
            }
            "-" | "_" => {
                zoom_centre(1.25);
                true
            }
            "ArrowLeft" => {
                pan(-0.1, 0.0);
                true
            }
            "ArrowRight" => {
                pan(0.1, 0.0);
                true
            }
            "ArrowUp" => {
                pan(0.0, -0.1);
                true
            }
            "ArrowDown" => {
                pan(0.0, 0.1);
                true
            }
            "Escape" => {
                tip.set(None);
                false
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    // Converts a pointer position to map units.
    let to_map = move |client_x: f64, client_y: f64| -> Option<(f64, f64)> {
        let svg = svg_ref.get_untracked()?;
        let rect = svg.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return None;
        }
        let vb = view_box.get_untracked();
        // preserveAspectRatio="xMidYMid meet": one scale, centred.
        let scale = (vb[2] / rect.width()).max(vb[3] / rect.height());
        let ox = (rect.width() * scale - vb[2]) / 2.0;
        let oy = (rect.height() * scale - vb[3]) / 2.0;
        Some((
            vb[0] - ox + (client_x - rect.left()) * scale,
            vb[1] - oy + (client_y - rect.top()) * scale,
        ))
    };
    let on_wheel = move |ev: leptos::ev::WheelEvent| {
        ev.prevent_default();
        if let Some((x, y)) = to_map(ev.client_x() as f64, ev.client_y() as f64) {
            zoom(if ev.delta_y() < 0.0 { 0.85 } else { 1.0 / 0.85 }, x, y);
        }
    };
    let drag = StoredValue::new(None::<(f64, f64, bool)>);
    let on_down = move |ev: leptos::ev::PointerEvent| {
        drag.set_value(Some((ev.client_x() as f64, ev.client_y() as f64, false)));
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        let Some((x0, y0, _)) = drag.get_value() else {
            return;
        };
        let (x, y) = (ev.client_x() as f64, ev.client_y() as f64);
        if (x - x0).abs() + (y - y0).abs() < 4.0 {
            return;
        }
        if let (Some(a), Some(b)) = (to_map(x0, y0), to_map(x, y)) {
            view_box.update(|vb| {
                vb[0] -= b.0 - a.0;
                vb[1] -= b.1 - a.1;
            });
        }
        drag.set_value(Some((x, y, true)));
    };
    let dragged = move || drag.get_value().is_some_and(|(_, _, moved)| moved);
    let on_up = move |_| {
        // Keep "moved" for the click that follows a drag, so it does not select a country.
        if !dragged() {
            drag.set_value(None);
        }
    };

    // Code → position in `dataset.countries`, for the countries that have clusters.
    let interactive: FxHashMap<&str, usize> = state
        .catalog
        .dataset
        .countries
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.as_str(), i))
        .collect();

    let shapes = asset
        .countries
        .iter()
        .map(|country| {
            let code = country.code.clone();
            match code.as_deref().and_then(|c| interactive.get(c)) {
                Some(&index) => view! {
                    <CountryShape
                        country=country.clone()
                        index=index
                        counts=counts
                        max=max
                        tip=tip
                        view_box=view_box
                        dragged=Callback::new(move |()| {
                            let was = dragged();
                            drag.set_value(None);
                            was
                        })
                    />
                }
                .into_any(),
                None => view! {
                    <path d=country.d.clone() class="land" data-country=code>
                        <title>{country.name.clone()}</title>
                    </path>
                }
                .into_any(),
            }
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
    let legend = move || {
        let ranges = class_ranges(max.get());
        ranges
            .into_iter()
            .enumerate()
            .filter(|(_, (lo, _))| *lo > 0)
            .map(|(i, (lo, hi))| {
                let text = if lo == hi {
                    lo.to_string()
                } else {
                    format!("{lo}–{hi}")
                };
                view! {
                    <li>
                        <span class=format!("swatch c{}", i + 1) aria-hidden="true"></span>
                        {text}
                    </li>
                }
            })
            .collect_view()
    };

    view! {
        <div class="map-tools" role="toolbar" aria-label="Map view">
            <a href=move || map_link(MapView::Europe) aria-current=move || (map_view.get() == MapView::Europe).then_some("true")>"Europe"</a>
            <a href=move || map_link(MapView::World) aria-current=move || (map_view.get() == MapView::World).then_some("true")>"World"</a>
            <button type="button" on:click=move |_| zoom_centre(0.8) aria-label="Zoom in">"+"</button>
            <button type="button" on:click=move |_| zoom_centre(1.25) aria-label="Zoom out">"−"</button>
            <button type="button" on:click=move |_| pan(-0.1, 0.0) aria-label="Pan west">"←"</button>
            <button type="button" on:click=move |_| pan(0.1, 0.0) aria-label="Pan east">"→"</button>
            <button type="button" on:click=move |_| pan(0.0, -0.1) aria-label="Pan north">"↑"</button>
            <button type="button" on:click=move |_| pan(0.0, 0.1) aria-label="Pan south">"↓"</button>
        </div>
        <div class="map-frame" on:keydown=on_key>
            <svg
                node_ref=svg_ref
                class="map"
                viewBox=move || view_box.with(|vb| format!("{} {} {} {}", tenths(vb[0]), tenths(vb[1]), tenths(vb[2]), tenths(vb[3])))
                preserveAspectRatio="xMidYMid meet"
                role="group"
                aria-label="World map of labelled clusters by country. Countries with clusters are buttons; the country list below does the same."
                on:wheel=on_wheel
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointerleave=move |_| {
                    drag.set_value(None);
                    tip.set(None);
                }
            >
                <rect class="sea" x="-1000" y="-1000" width="4000" height="3000" />
                {shapes}
            </svg>
            {move || tip.get().map(|t| view! {
                <div class="map-tip" role="tooltip" id="map-tip" style:left=format!("{}%", tenths(t.left)) style:top=format!("{}%", tenths(t.top))>
                    {t.text}
                </div>
            })}
        </div>
        <div class="legend" aria-label="Colour scale: clusters per country">
            <span class="legend-title">"Clusters per country"</span>
            <ul>
                <li><span class="swatch c0" aria-hidden="true"></span>"none"</li>
                {legend}
            </ul>
            <p class="hint">"Drag or use the arrow keys to move, + and − to zoom."</p>
        </div>
    }
}

#[component]
fn CountryShape(
    country: MapCountry,
    /// Position in `dataset.countries`.
    index: usize,
    counts: Memo<Vec<usize>>,
    max: Memo<usize>,
    tip: RwSignal<Option<Tip>>,
    view_box: RwSignal<[f64; 4]>,
    dragged: Callback<(), bool>,
) -> impl IntoView {
    let state = use_atlas();
    let (code, name) = {
        let c = &state.catalog.dataset.countries[index];
        (c.code.clone(), c.name.clone())
    };
    let count = Memo::new(move |_| counts.with(|c| c.get(index).copied().unwrap_or(0)));
    let countries = state.countries;
    let selected = {
        let code = code.clone();
        Memo::new(move |_| countries.with(|c| c.contains(&code)))
    };
    let label = {
        let name = name.clone();
        move || format!("{name}, {}", plural(count.get()))
    };
    let class = move || {
        format!(
            "country c{}{}",
            colour_class(count.get(), max.get()),
            if selected.get() { " selected" } else { "" }
        )
    };
    let select = {
        let state = state.clone();
        let code = code.clone();
        move || {
            tip.set(None);
            state.push(|v| v.with_only_country(&code));
        }
    };
    let show_tip = {
        let label = label.clone();
        move || {
            let vb = view_box.get_untracked();
            tip.set(Some(Tip {
                text: label(),
                left: ((country.cx - vb[0]) / vb[2] * 100.0).clamp(0.0, 100.0),
                top: ((country.cy - vb[1]) / vb[3] * 100.0).clamp(0.0, 100.0),
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
            "Escape" => tip.set(None),
            _ => {}
        }
    };
    let on_click = {
        let select = select.clone();
        move |_| {
            if !dragged.run(()) {
                select();
            }
        }
    };
    let bbox = country.bbox;
    let tiny = (bbox[2] - bbox[0]).max(bbox[3] - bbox[1]) < TINY;
    let marker_r = move || view_box.with(|vb| fixed(vb[2] / 160.0, 2));
    let (cx, cy) = (tenths(country.cx), tenths(country.cy));
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
            on:mouseleave=move |_| tip.set(None)
            on:blur=move |_| tip.set(None)
        >
            <path d=country.d.clone() data-country=code.clone() />
            {tiny.then(|| view! { <circle class="marker" cx=cx cy=cy r=marker_r data-country-marker=code.clone() /> })}
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
        let label = {
            let name = name.clone();
            move || format!("{name}, {}", plural(count_of(i)))
        };
        let count = move || count_of(i);
        let current = selected.clone();
        view! {
            <li class:selected=selected>
                <a
                    href=href
                    data-country-link=code
                    aria-current=move || current().then_some("true")
                    aria-label=label
                >
                    <span class="name">{name}</span>
                    <span class="count">{count}</span>
                </a>
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
    view! {
        <nav class="country-index" aria-labelledby="index-heading" data-testid="country-index">
            <h3 id="index-heading">"Country index"</h3>
            <div class="index-sort" role="group" aria-label="Sort the countries">
                <button type="button" aria-pressed=move || if by_count.get() { "false" } else { "true" } on:click=move |_| set_by_count.set(false)>"By name"</button>
                <button type="button" aria-pressed=move || if by_count.get() { "true" } else { "false" } on:click=move |_| set_by_count.set(true)>"By count"</button>
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

#[cfg(test)]
mod tests {
    use super::*;

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
            let ranges = class_ranges(max);
            let mut next = 1;
            for (lo, hi) in ranges.into_iter().filter(|(lo, _)| *lo > 0) {
                assert_eq!(lo, next, "max {max}");
                assert!(hi >= lo);
                next = hi + 1;
            }
            assert_eq!(next, max + 1);
        }
    }
}
