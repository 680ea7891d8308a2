//! The Download menu: the view's rows as CSV or JSON, their deadlines as an iCalendar file.

use leptos::prelude::*;

use super::{close_menus, Said};
use crate::download::{detail_link, now_utc, save_text};
use crate::picture::{save_picture, Format, PictureKind};
use crate::state::use_atlas;
use atlas_core::{export, ics};

/// What the view's rows are saved as.
#[derive(Clone, Copy)]
enum Export {
    Csv,
    Json,
    /// Their deadlines, as an iCalendar file.
    Calendar,
}

#[component]
pub fn DownloadItems(said: Said) -> impl IntoView {
    let state = use_atlas();
    let export = {
        let state = state.clone();
        move |kind: Export| {
            close_menus(None);
            let rows = state.selection.with_untracked(|s| s.all_rows());
            let asof = state.asof.get_untracked();
            let view = state.view.get_untracked();
            let catalog = &state.catalog;
            let (text, mime, extension) = match kind {
                Export::Csv => (
                    export::to_csv(catalog, &rows, Some(asof)),
                    "text/csv;charset=utf-8",
                    "csv",
                ),
                Export::Json => (export::to_json(catalog, &rows), "application/json", "json"),
                Export::Calendar => (
                    ics::to_ics(catalog, &rows, &detail_link, now_utc()),
                    "text/calendar;charset=utf-8",
                    "ics",
                ),
            };
            let name = export::file_name(&view, asof, extension);
            said.set(match save_text(&text, mime, &name) {
                Ok(()) if rows.len() == 1 => format!("Saved the cluster of this view as {name}."),
                Ok(()) => format!("Saved the {} clusters of this view as {name}.", rows.len()),
                Err(()) => "This browser did not allow the download.".to_string(),
            });
        }
    };
    let (export_json, export_calendar) = (export.clone(), export.clone());
    let map_picture = move |format: Format| {
        close_menus(None);
        let map = document()
            .query_selector(&format!(
                "[data-picture=\"{}\"] svg",
                PictureKind::Map.key()
            ))
            .ok()
            .flatten();
        let state = state.clone();
        leptos::task::spawn_local(async move {
            said.set(match map {
                Some(map) => match save_picture(&state, PictureKind::Map, &map, format).await {
                    Ok(name) => format!("Saved {name}."),
                    Err(why) => why,
                },
                None => "The map is not drawn yet.".to_string(),
            });
        });
    };
    let map_svg = map_picture.clone();
    view! {
        <button type="button" on:click=move |_| export(Export::Csv) data-testid="export-csv">
            "Clusters as CSV (spreadsheet)"
        </button>
        <button type="button" on:click=move |_| export_json(Export::Json) data-testid="export-json">
            "Clusters as JSON"
        </button>
        <button type="button" on:click=move |_| export_calendar(Export::Calendar) data-testid="export-ics">
            "Deadlines as a calendar (.ics)"
        </button>
        <button type="button" on:click=move |_| map_svg(Format::Svg) data-testid="menu-map-svg">
            "The map as a picture (SVG)"
        </button>
        <button type="button" on:click=move |_| map_picture(Format::Png) data-testid="menu-map-png">
            "The map as a picture (PNG)"
        </button>
    }
}
