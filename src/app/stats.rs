//! Statistics of the current view, drawn as SVG by the app: clusters by sector, by country, and
//! labels in force month by month with the as-of date marked. Each chart has a table twin.

use chrono::Datelike;
use leptos::prelude::*;

use crate::app::state::use_atlas;
use crate::core::decimal::tenths;
use crate::core::stats::{compute, Bar, Month};

/// Horizontal bars with their labels and counts written out.
#[component]
fn BarChart(title: &'static str, bars: Vec<Bar>, key_name: &'static str) -> impl IntoView {
    let max = bars.iter().map(|b| b.count).max().unwrap_or(1).max(1) as f64;
    let row_h = 22.0;
    let label_w = 250.0;
    let width = 600.0;
    let height = row_h * bars.len() as f64 + 4.0;
    let summary = format!(
        "{title}: {}",
        bars.iter()
            .map(|b| format!("{} {}", b.label, b.count))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let shapes = bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let y = i as f64 * row_h + 2.0;
            let w = (width - label_w - 50.0) * b.count as f64 / max;
            view! {
                <g>
                    <text x=tenths(label_w - 8.0) y=tenths(y + 15.0) text-anchor="end" class="chart-label">{b.label.clone()}</text>
                    <rect x=tenths(label_w) y=tenths(y + 3.0) width=tenths(w.max(1.0)) height=tenths(row_h - 6.0) class="bar" />
                    <text x=tenths(label_w + w + 6.0) y=tenths(y + 15.0) class="chart-value">{b.count}</text>
                </g>
            }
        })
        .collect_view();
    let rows = bars
        .iter()
        .map(|b| view! { <tr><th scope="row">{b.label.clone()}</th><td>{b.count}</td></tr> })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {} {}", tenths(width), tenths(height)) role="img" aria-label=summary preserveAspectRatio="xMinYMin meet">
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
    let width = 600.0;
    let height = 180.0;
    let (left, bottom, top) = (36.0, 22.0, 8.0);
    let n = months.len().max(1) as f64;
    let max = months.iter().map(|m| m.count).max().unwrap_or(1).max(1) as f64;
    let x = move |i: f64| left + (width - left - 8.0) * i / n;
    let y = move |count: usize| top + (height - top - bottom) * (1.0 - count as f64 / max);
    let mut path = String::new();
    for (i, m) in months.iter().enumerate() {
        let cmd = if i == 0 { 'M' } else { 'L' };
        path.push_str(&format!(
            "{cmd}{},{}H{}",
            tenths(x(i as f64)),
            tenths(y(m.count)),
            tenths(x(i as f64 + 1.0))
        ));
    }
    let area = if months.is_empty() {
        String::new()
    } else {
        format!("{path}V{}H{}Z", tenths(y(0)), tenths(x(0.0)))
    };
    let asof_index = months
        .iter()
        .position(|m| m.year == asof.year() && m.month == asof.month());
    let marker = asof_index.map(|i| {
        let mx = x(i as f64 + 0.5);
        view! {
            <g class="asof-marker">
                <line x1=tenths(mx) x2=tenths(mx) y1=tenths(top) y2=tenths(height - bottom) />
                <text x=tenths(mx + 4.0) y=tenths(top + 10.0)>{format!("as of {}", crate::core::dates::iso(asof))}</text>
            </g>
        }
    });
    let years = months
        .iter()
        .enumerate()
        .filter(|(_, m)| m.month == 1)
        .map(|(i, m)| {
            view! { <text x=tenths(x(i as f64)) y=tenths(height - 6.0) class="chart-label" text-anchor="middle">{m.year}</text> }
        })
        .collect_view();
    let peak = months.iter().map(|m| m.count).max().unwrap_or(0);
    let summary = format!(
        "Labels in force month by month, {} to {}; at most {peak} at once.",
        months
            .first()
            .map(|m| format!("{}-{:02}", m.year, m.month))
            .unwrap_or_default(),
        months
            .last()
            .map(|m| format!("{}-{:02}", m.year, m.month))
            .unwrap_or_default(),
    );
    let rows = months
        .iter()
        .filter(|m| m.count > 0)
        .map(|m| view! { <tr><th scope="row">{format!("{}-{:02}", m.year, m.month)}</th><td>{m.count}</td></tr> })
        .collect_view();
    view! {
        <figure class="chart chart-wide">
            <figcaption>"Labels in force, month by month"</figcaption>
            <svg viewBox=format!("0 0 {} {}", tenths(width), tenths(height)) role="img" aria-label=summary>
                <line class="axis" x1=tenths(left) x2=tenths(width - 8.0) y1=tenths(height - bottom) y2=tenths(height - bottom) />
                <text x=tenths(left - 4.0) y=tenths(top + 8.0) text-anchor="end" class="chart-label">{peak}</text>
                <text x=tenths(left - 4.0) y=tenths(height - bottom) text-anchor="end" class="chart-label">"0"</text>
                <path d=area class="area" />
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
