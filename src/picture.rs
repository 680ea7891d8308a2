//! "Download … as SVG / as PNG" for the map and each chart. The picture is the chart's own SVG
//! on the page, cloned and serialised, framed by `atlas_core::picture` with its title, legend
//! and source line; the PNG is that SVG drawn into a canvas at twice its size.

use leptos::prelude::*;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;

use crate::download::{blob_url, save_text, save_url};
use crate::load::{fetch_bytes, MAP_SPRITE_URL};
use crate::state::{use_atlas, AtlasState};
use atlas_core::compare::in_words;
use atlas_core::dates;
use atlas_core::describe;
use atlas_core::export::{comparison_file_name, file_name};
use atlas_core::map::legend as map_legend;
use atlas_core::picture::{
    compose, place, sprite_contents, LegendEntry, Mark, Picture, PNG_SCALE, WIDTH,
};
use atlas_core::view::ViewState;
use chrono::NaiveDate;

/// What a picture shows. Its element on the page carries `data-picture=key()`, and the first
/// `<svg>` in it is the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PictureKind {
    Map,
    BySector,
    ByCountry,
    Timeline,
    Comparison,
}

impl PictureKind {
    pub fn key(self) -> &'static str {
        match self {
            PictureKind::Map => "map",
            PictureKind::BySector => "by-sector",
            PictureKind::ByCountry => "by-country",
            PictureKind::Timeline => "labels-in-force",
            PictureKind::Comparison => "comparison",
        }
    }

    /// What the buttons say they download: "Download {name} as SVG".
    fn name(self) -> &'static str {
        match self {
            PictureKind::Map => "map",
            PictureKind::BySector => "sector chart",
            PictureKind::ByCountry => "country chart",
            PictureKind::Timeline => "labels-in-force chart",
            PictureKind::Comparison => "comparison chart",
        }
    }

    fn title(self, state: &AtlasState) -> String {
        match self {
            PictureKind::Map => "Labelled clusters per country".to_string(),
            PictureKind::BySector => "Clusters by sector".to_string(),
            PictureKind::ByCountry => "Clusters by country".to_string(),
            PictureKind::Timeline => "Labels in force, month by month".to_string(),
            PictureKind::Comparison => format!(
                "Labels in force, month by month: {}",
                in_words(
                    &compared_names(state)
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                )
            ),
        }
    }

    /// The legend of what the chart draws: the as-of marker only when `marked` (the chart's
    /// axis has the as-of date's month).
    fn legend(self, state: &AtlasState, marked: bool) -> Vec<LegendEntry> {
        let entry = |mark, text: &str| LegendEntry {
            mark,
            text: text.to_string(),
        };
        let as_of = marked.then(|| {
            entry(
                Mark::AsOf,
                &format!("as of {}", dates::long(state.asof.get_untracked())),
            )
        });
        match self {
            PictureKind::Map => {
                let max = state
                    .country_counts
                    .with_untracked(|c| c.iter().copied().max().unwrap_or(0));
                map_legend(max)
                    .into_iter()
                    .map(|(class, text)| LegendEntry {
                        mark: Mark::Fill(CLASS_COLOURS[class.min(CLASS_COLOURS.len() - 1)]),
                        text: if class == 0 {
                            "no clusters".to_string()
                        } else {
                            format!("{text} clusters")
                        },
                    })
                    .collect()
            }
            PictureKind::BySector | PictureKind::ByCountry => {
                vec![entry(Mark::Fill("bar"), "Clusters")]
            }
            PictureKind::Timeline => {
                let mut legend = vec![entry(Mark::Fill("bar"), "Labels in force")];
                legend.extend(as_of);
                legend
            }
            PictureKind::Comparison => {
                let mut legend: Vec<LegendEntry> = compared_names(state)
                    .iter()
                    .enumerate()
                    .map(|(i, name)| entry(Mark::Series(i), name))
                    .collect();
                legend.extend(as_of);
                legend
            }
        }
    }
}

/// The palette colour of each map class, 0 ("none") first.
const CLASS_COLOURS: [&str; 6] = ["land", "c1", "c2", "c3", "c4", "c5"];

/// The names of the countries compared, in the comparison's order.
fn compared_names(state: &AtlasState) -> Vec<String> {
    state.compare.with_untracked(|codes| {
        codes
            .iter()
            .map(|code| state.catalog.country_name(code).to_string())
            .collect()
    })
}

/// The picture's file name without its extension: what it shows and the view's filters, or for
/// a comparison its countries (`comparison-france-italy-2016-02-01`).
fn picture_name(
    state: &AtlasState,
    kind: PictureKind,
    view: &ViewState,
    asof: NaiveDate,
) -> String {
    let name = if kind == PictureKind::Comparison {
        let names = compared_names(state);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        comparison_file_name(&names, view, asof, "")
    } else {
        format!("{}-{}", kind.key(), file_name(view, asof, ""))
    };
    name.trim_end_matches('.').to_string()
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

#[component]
pub fn PictureButtons(kind: PictureKind) -> impl IntoView {
    let state = use_atlas();
    let (said, set_said) = signal(String::new());
    let save = move |format: Format, ev: leptos::ev::MouseEvent| {
        let Some(chart) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|button| button.closest("[data-picture]").ok().flatten())
            .and_then(|figure| figure.query_selector("svg").ok().flatten())
        else {
            return;
        };
        let state = state.clone();
        leptos::task::spawn_local(async move {
            set_said.set(match save_picture(&state, kind, &chart, format).await {
                Ok(name) => format!("Saved {name}."),
                Err(why) => why,
            });
        });
    };
    let name = kind.name();
    let save_png = save.clone();
    view! {
        <div class="picture-buttons">
            <button type="button" data-testid=format!("{}-svg", kind.key()) on:click=move |ev| save(Format::Svg, ev)>
                {format!("Download {name} as SVG")}
            </button>
            <button type="button" data-testid=format!("{}-png", kind.key()) on:click=move |ev| save_png(Format::Png, ev)>
                {format!("Download {name} as PNG")}
            </button>
            <p class="picture-status" role="status" aria-live="polite">{move || said.get()}</p>
        </div>
    }
}

/// Frames `chart` as a picture and downloads it; the file's name, or why it could not be made.
pub async fn save_picture(
    state: &AtlasState,
    kind: PictureKind,
    chart: &Element,
    format: Format,
) -> Result<String, String> {
    let failed = || "This browser could not make the picture.".to_string();
    let view = state.view.get_untracked();
    let asof = state.asof.get_untracked();
    let clone = chart
        .clone_node_with_deep(true)
        .ok()
        .and_then(|n| n.dyn_into::<Element>().ok())
        .ok_or_else(failed)?;
    // The chart's own units: its viewBox.
    let placement = chart
        .dyn_ref::<web_sys::SvgsvgElement>()
        .and_then(|svg| svg.view_box().base_val())
        .map(|b| place(b.width().round() as i32, b.height().round() as i32))
        .ok_or_else(failed)?;
    for (name, value) in [
        ("x", placement.x),
        ("y", placement.y),
        ("width", placement.width),
        ("height", placement.height),
    ] {
        let _ = clone.set_attribute(name, &value.to_string());
    }
    // The HTML serialisation of SVG content is XML but for one entity, which XML lacks.
    let mut svg = clone.outer_html().replace("&nbsp;", "&#160;");
    let mut defs = String::new();
    if kind == PictureKind::Map {
        // The map's `<use>`s point into the sprite: the picture carries the geometry itself.
        svg = svg.replace(&format!("{MAP_SPRITE_URL}#"), "#");
        let sprite = fetch_bytes(MAP_SPRITE_URL, None)
            .await
            .map_err(|_| "The map could not be downloaded for the picture.".to_string())?;
        let sprite = String::from_utf8_lossy(&sprite);
        defs = sprite_contents(&sprite).ok_or_else(failed)?.to_string();
    }
    let url = state.absolute_url();
    let title = kind.title(state);
    let subtitle = describe::in_words(&state.catalog, &view, asof);
    // The as-of marker is in the legend only if the chart draws it.
    let marked = chart
        .query_selector(".asof-marker")
        .ok()
        .flatten()
        .is_some();
    let legend = kind.legend(state, marked);
    let picture = Picture {
        title: &title,
        subtitle: &subtitle,
        legend: &legend,
        url: &url,
    };
    let drawn = compose(&picture, &placement, &svg, &defs);
    let name = picture_name(state, kind, &view, asof);
    match format {
        Format::Svg => {
            let name = format!("{name}.svg");
            save_text(&drawn.svg, "image/svg+xml", &name).map_err(|_| failed())?;
            Ok(name)
        }
        Format::Png => {
            let name = format!("{name}.png");
            let png = to_png(&drawn.svg, drawn.height).await.ok_or_else(failed)?;
            save_url(&png, &name).map_err(|_| failed())?;
            Ok(name)
        }
    }
}

/// The SVG drawn `PNG_SCALE` times its size into a canvas, as a `data:` URL of a PNG.
async fn to_png(svg: &str, height: i32) -> Option<String> {
    let url = blob_url(svg, "image/svg+xml").ok()?;
    let image = web_sys::HtmlImageElement::new().ok()?;
    image.set_src(&url);
    let decoded = JsFuture::from(image.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    decoded.ok()?;
    let canvas = document()
        .create_element("canvas")
        .ok()?
        .dyn_into::<web_sys::HtmlCanvasElement>()
        .ok()?;
    let (width, height) = (WIDTH as u32 * PNG_SCALE, height.max(1) as u32 * PNG_SCALE);
    canvas.set_width(width);
    canvas.set_height(height);
    let context = canvas
        .get_context("2d")
        .ok()??
        .dyn_into::<web_sys::CanvasRenderingContext2d>()
        .ok()?;
    context
        .draw_image_with_html_image_element_and_dw_and_dh(
            &image,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .ok()?;
    canvas.to_data_url().ok()
}
