//! Statistics of the current view, drawn as SVG: clusters by sector, by country, and labels in
//! force month by month with the as-of date marked. Each chart has a table twin. Where each mark
//! goes is `atlas_core::charts`' to say, for the width the chart is shown at (`width.rs`).

use leptos::prelude::*;

mod compare;
mod width;

pub use compare::ComparePanel;

use crate::reactive::reactive;

use crate::picture::{PictureButtons, PictureKind};
use crate::state::use_atlas;
use atlas_core::charts::{bar_layout, lines_layout, month_label, LinesLayout, TimeAxis};
use atlas_core::expiry::ExpiryWindow;
use atlas_core::map::ViewBox;
use atlas_core::stats::{compute, Bar, Month};
use width::chart_widths;

/// Horizontal bars with their labels and counts written out.
#[component]
fn BarChart(
    title: &'static str,
    bars: Vec<Bar>,
    key_name: &'static str,
    picture: PictureKind,
    /// As shown, in CSS pixels.
    width: i32,
) -> impl IntoView {
    let layout = bar_layout(&bars, width);
    let summary = format!(
        "{title}: {}",
        bars.iter()
            .map(|b| format!("{} {}", b.label, b.count))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let (label_x, bar_start) = (layout.label_x, layout.bar_start);
    let anchor = if layout.label_before { "end" } else { "start" };
    let shapes = layout
        .rows
        .into_iter()
        .map(|row| {
            view! {
                <g>
                    <text x=label_x y=row.label_y text-anchor=anchor class="chart-label">{row.label}</text>
                    <rect x=bar_start y=row.bar_y width=row.bar_width height=row.bar_height class="bar" />
                    <text x=row.value_x y=row.value_y class="chart-value">{row.count}</text>
                </g>
            }
        })
        .collect_view();
    let rows = bars
        .into_iter()
        .map(|b| view! { <tr><th scope="row">{b.label}</th><td>{b.count}</td></tr> })
        .collect_view();
    view! {
        <figure class="chart" data-picture=picture.key()>
            <figcaption>{title}</figcaption>
            <svg viewBox=format!("0 0 {} {}", layout.width, layout.height) role="img" aria-label=summary>
                {shapes}
            </svg>
            <PictureButtons kind=picture />
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

/// Labels in force month by month, with the as-of date marked: the view's as an area, or a
/// comparison's as one line per country, each named beside its right end. On the view's
/// (`brush`), dragging across its months (or clicking one) sets the expiry window, which shows as
/// a band. Its table twin gives the same months.
#[component]
pub fn MonthChart(
    /// Each series' name and months, all on one axis.
    series: Vec<(String, Vec<Month>)>,
    asof: chrono::NaiveDate,
    kind: PictureKind,
    /// A sentence on what the chart shows, for screen readers.
    summary: String,
    brush: bool,
    /// As shown, in CSS pixels.
    width: i32,
) -> impl IntoView {
    let state = use_atlas();
    let named: Vec<(&[Month], &str)> = series
        .iter()
        .map(|(name, months)| (months.as_slice(), name.as_str()))
        .collect();
    let layout = lines_layout(&named, asof, width);
    let t = layout.axis.clone();
    let months = series.first().map(|(_, m)| m.clone()).unwrap_or_default();
    let month_of = |m: &Month| m.year * 12 + m.month as i32 - 1;
    let first = months.first().map(month_of);
    let count = months.len();
    // The months a drag has covered so far, as indices into `months`.
    let dragging = RwSignal::new(None::<(usize, usize)>);
    let frame = ViewBox::from_frame([0, 0, t.width, t.height]);
    let under = t.clone();
    let month_under = move |ev: &leptos::ev::PointerEvent| {
        // The listeners are the chart's own `<svg>`'s.
        let rect = crate::map::screen_rect(
            &ev.current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())?,
        );
        let (x, _) = frame.to_map(rect, (f64::from(ev.client_x()), f64::from(ev.client_y())))?;
        under.month_at(x, count)
    };
    let on_down = {
        let month_under = month_under.clone();
        move |ev: leptos::ev::PointerEvent| {
            if let Some(i) = month_under(&ev).filter(|_| brush) {
                dragging.set(Some((i, i)));
            }
        }
    };
    let on_move = move |ev: leptos::ev::PointerEvent| {
        if let (Some((start, _)), Some(i)) = (dragging.get_untracked(), month_under(&ev)) {
            dragging.set(Some((start, i)));
        }
    };
    let on_up = {
        let state = state.clone();
        move |_| {
            let Some(((a, b), first)) = dragging.get_untracked().zip(first) else {
                return;
            };
            dragging.set(None);
            let (from, to) = (first + a.min(b) as i32, first + a.max(b) as i32);
            state.push(|v| {
                v.with_expiry_window(Some(ExpiryWindow {
                    from: Some(from),
                    to: Some(to),
                }))
            });
        }
    };
    let window = state.expires;
    // The band: the drag under way, else the view's window, as indices into `months`.
    let columns = t.clone();
    let band = move || {
        let (first, last) = (first?, count.checked_sub(1)?);
        let (a, b) = match dragging.get() {
            Some((a, b)) => (a.min(b), a.max(b)),
            None => {
                let w = window.get()?;
                let index = |m: i32| (m - first).clamp(0, last as i32) as usize;
                let from = w.from.map_or(0, index);
                let to = w.to.map_or(last, index);
                // A window wholly outside the chart has no band.
                if w.to.is_some_and(|to| to < first)
                    || w.from.is_some_and(|f| f > first + last as i32)
                {
                    return None;
                }
                (from, to)
            }
        };
        Some((
            columns.month_x(a),
            columns.month_x(b + 1) - columns.month_x(a),
        ))
    };
    let summary = format!(
        "{summary} {} to {}; at most {} at once.",
        months.first().map(month_label).unwrap_or_default(),
        months.last().map(month_label).unwrap_or_default(),
        t.peak
    );
    let table = month_table(&series, &months);
    let marks = series_marks(&layout, &series, kind);
    let (top, plot_height) = (t.top, t.baseline - t.top);
    view! {
        <figure class="chart chart-wide" data-picture=kind.key()>
            <figcaption>"Labels in force, month by month"</figcaption>
            <svg
                class="timeline"
                viewBox=format!("0 0 {} {}", t.width, t.height)
                role="img"
                aria-label=summary
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointerleave=move |_| dragging.set(None)
            >
                {time_scale(&t)}
                {reactive(move || band().map(|(x, width)| view! {
                    <rect class="window" x=x y=top width=width height=plot_height />
                }).into_any())}
                {marks}
                {time_axis_marks(&t, asof)}
            </svg>
            <PictureButtons kind />
            {brush.then(|| view! {
                <p class="hint">
                    "A label is taken to hold for two years up to its “valid until” date; the source gives only that date. Drag across months (or click one) to show the labels that expire in them."
                </p>
            })}
            {table}
        </figure>
    }
}

/// The series of a chart of labels in force: one is the view's, an area; more are a comparison,
/// lines, each named beside its right end with a leader from the end to the name. Nothing is
/// drawn outside the plot: the lines are clipped to it, so that no stroke reaches below the
/// baseline.
fn series_marks(
    layout: &LinesLayout,
    series: &[(String, Vec<Month>)],
    kind: PictureKind,
) -> AnyView {
    let t = &layout.axis;
    let clip = format!("plot-{}", kind.key());
    let clip_rect = view! {
        <clipPath id=clip.clone()>
            // A little room above the top, for a line drawn at the top of the scale.
            <rect x=t.left y=t.top - 3 width=t.right - t.left height=t.baseline - t.top + 3 />
        </clipPath>
    };
    let clip_path = format!("url(#{clip})");
    if series.len() == 1 {
        return view! {
            {clip_rect}
            <path d=layout.area(0) class="area" clip-path=clip_path />
        }
        .into_any();
    }
    let lines = layout
        .lines
        .iter()
        .enumerate()
        .map(|(i, line)| view! { <path d=line.path.clone() class=format!("series series-{i}") /> })
        .collect_view();
    let labels = layout
        .lines
        .iter()
        .zip(series)
        .enumerate()
        .map(|(i, (line, (name, _)))| {
            let middle = line.label_y - 5;
            let leader = format!(
                "M{},{}L{},{middle}H{}",
                t.right + 2,
                line.end_y,
                t.right + 10,
                line.label_x - 4
            );
            view! {
                <path d=leader class=format!("series series-{i} leader") />
                <text x=line.label_x y=line.label_y class="chart-label">{name.clone()}</text>
            }
        })
        .collect_view();
    view! {
        {clip_rect}
        <g clip-path=clip_path>{lines}</g>
        {labels}
    }
    .into_any()
}

/// The table twin of a chart of labels in force: a row a month that has any, a column a series.
fn month_table(series: &[(String, Vec<Month>)], months: &[Month]) -> impl IntoView {
    let heads = series
        .iter()
        .map(|(name, _)| view! { <th scope="col">{name.clone()}</th> })
        .collect_view();
    let rows = (0..months.len())
        .filter_map(|i| {
            let count = |(_, m): &(String, Vec<Month>)| m.get(i).map_or(0, |m| m.count);
            series.iter().any(|s| count(s) > 0).then(|| {
                let cells = series
                    .iter()
                    .map(|s| view! { <td>{count(s)}</td> })
                    .collect_view();
                view! { <tr><th scope="row">{month_label(&months[i])}</th>{cells}</tr> }
            })
        })
        .collect_view();
    view! {
        <details>
            <summary>"Labels in force as a table"</summary>
            <table>
                <thead><tr><th scope="col">"Month"</th>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </details>
    }
}

/// The scale of a chart of labels in force, under its marks: a light gridline at each tick
/// above 0, and each tick's count at the left.
fn time_scale(axis: &TimeAxis) -> impl IntoView {
    let counts = axis
        .ticks
        .iter()
        .map(|&(y, count)| {
            view! { <text x=axis.left - 6 y=y + 5 text-anchor="end" class="chart-label">{count}</text> }
        })
        .collect_view();
    view! {
        <path class="grid" d=axis.grid() />
        {counts}
    }
}

/// The axis of a chart of labels in force, over its marks: the baseline, the years that fit,
/// and the as-of date, written as the page writes dates.
fn time_axis_marks(axis: &TimeAxis, asof: chrono::NaiveDate) -> impl IntoView {
    let marker = axis.marker.map(|x| {
        let words = format!("as of {}", atlas_core::dates::long(asof));
        let (text_x, ends) = axis.marker_text(x, words.chars().count());
        view! {
            <g class="asof-marker">
                <line x1=x x2=x y1=axis.top - 6 y2=axis.baseline />
                <text x=text_x y=axis.top - 10 text-anchor=if ends { "end" } else { "start" }>{words}</text>
            </g>
        }
    });
    let label_y = axis.height - 8;
    let years = axis
        .years
        .iter()
        .map(|&(x, year)| {
            view! { <text x=x y=label_y class="chart-label" text-anchor="middle">{year}</text> }
        })
        .collect_view();
    view! {
        <path class="axis" d=axis.axis_path() />
        {years}
        {marker}
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
    let widths = chart_widths("stats");
    view! {
        <section class="stats" id="stats" aria-labelledby="stats-heading" data-testid="stats">
            <h2 id="stats-heading">"Statistics of this view"</h2>
            <div class="charts">
                {reactive(move || {
                    let s = stats.get();
                    let w = widths.get();
                    let countries: Vec<Bar> = s.by_country.into_iter().take(15).collect();
                    view! {
                        <BarChart title="Clusters by sector" bars=s.by_sector key_name="Sector" picture=PictureKind::BySector width=w.bars />
                        <BarChart title="Clusters by country" bars=countries key_name="Country" picture=PictureKind::ByCountry width=w.bars />
                        <MonthChart
                            series=vec![("Labels in force".to_string(), s.timeline)]
                            asof=asof.get()
                            kind=PictureKind::Timeline
                            summary="Labels in force month by month,".to_string()
                            brush=true
                            width=w.wide
                        />
                    }
                    .into_any()
                })}
            </div>
        </section>
    }
}
