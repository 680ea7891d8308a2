//! Statistics of the current view, drawn as SVG: clusters by sector, by country, and labels in
//! force month by month with the as-of date marked. Each chart has a table twin. Where each mark
//! goes is `atlas_core::charts`' to say.

use leptos::prelude::*;

use crate::state::use_atlas;
use atlas_core::charts::{bar_layout, month_label, timeline_layout};
use atlas_core::stats::{compute, Bar, Month};

/// Horizontal bars with their labels and counts written out.
#[component]
fn BarChart(title: &'static str, bars: Vec<Bar>, key_name: &'static str) -> impl IntoView {
    let layout = bar_layout(&bars);
    let summary = format!(
        "{title}: {}",
        bars.iter()
            .map(|b| format!("{} {}", b.label, b.count))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let (label_end, bar_start) = (layout.label_end, layout.bar_start);
    let shapes = layout
        .rows
        .into_iter()
        .map(|row| {
            view! {
                <g>
                    <text x=label_end y=row.text_y text-anchor="end" class="chart-label">{row.label}</text>
                    <rect x=bar_start y=row.bar_y width=row.bar_width height=row.bar_height class="bar" />
                    <text x=row.value_x y=row.text_y class="chart-value">{row.count}</text>
                </g>
            }
        })
        .collect_view();
    let rows = bars
        .into_iter()
        .map(|b| view! { <tr><th scope="row">{b.label}</th><td>{b.count}</td></tr> })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {} {}", layout.width, layout.height) role="img" aria-label=summary preserveAspectRatio="xMinYMin meet">
                {shapes}
            </svg>
            <details>
                <summary>{format!("{title} as a table")}</summary>
                <table>
                    <thead><tr><th scope="col">{key_name}</th><th scope="col">"Clusters"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}

#[component]
fn Timeline(months: Vec<Month>, asof: chrono::NaiveDate) -> impl IntoView {
    let t = timeline_layout(&months, asof);
    let marker = t.marker.map(|x| {
        view! {
            <g class="asof-marker">
                <line x1=x x2=x y1=t.top y2=t.baseline />
                <text x=x + 4 y=t.top + 10>{format!("as of {}", atlas_core::dates::iso(asof))}</text>
            </g>
        }
    });
    let label_y = t.height - 6;
    let years = t
        .years
        .iter()
        .map(|&(x, year)| {
            view! { <text x=x y=label_y class="chart-label" text-anchor="middle">{year}</text> }
        })
        .collect_view();
    let summary = format!(
        "Labels in force month by month, {} to {}; at most {} at once.",
        months.first().map(month_label).unwrap_or_default(),
        months.last().map(month_label).unwrap_or_default(),
        t.peak
    );
    let rows = months
        .iter()
        .filter(|m| m.count > 0)
        .map(|m| view! { <tr><th scope="row">{month_label(m)}</th><td>{m.count}</td></tr> })
        .collect_view();
    view! {
        <figure class="chart chart-wide">
            <figcaption>"Labels in force, month by month"</figcaption>
            <svg viewBox=format!("0 0 {} {}", t.width, t.height) role="img" aria-label=summary>
                <line class="axis" x1=t.left x2=t.right y1=t.baseline y2=t.baseline />
                <text x=t.left - 4 y=t.top + 8 text-anchor="end" class="chart-label">{t.peak}</text>
                <text x=t.left - 4 y=t.baseline text-anchor="end" class="chart-label">"0"</text>
                <path d=t.area class="area" />
                {years}
                {marker}
            </svg>
            <p class="hint">
                "A Bronze label is taken to hold for two years up to its “valid until” date; the source gives only that date."
            </p>
            <details>
                <summary>"Labels in force as a table"</summary>
                <table>
                    <thead><tr><th scope="col">"Month"</th><th scope="col">"Labels in force"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}

#[component]
pub fn StatsPanel() -> impl IntoView {
    let state = use_atlas();
    let shown = state.settled;
    let asof = state.asof;
    let stats = {
        let catalog = state.catalog.clone();
        Memo::new(move |_| shown.with(|s| compute(&catalog, s.members())))
    };
    view! {
        <section class="stats" aria-labelledby="stats-heading" data-testid="stats">
            <h2 id="stats-heading">"Statistics of this view"</h2>
            <div class="charts">
                {move || {
                    let s = stats.get();
                    let countries: Vec<Bar> = s.by_country.into_iter().take(15).collect();
                    view! {
                        <BarChart title="Clusters by sector" bars=s.by_sector key_name="Sector" />
                        <BarChart title="Clusters by country" bars=countries key_name="Country" />
                        <Timeline months=s.timeline asof=asof.get() />
                    }
                }}
            </div>
        </section>
    }
}
