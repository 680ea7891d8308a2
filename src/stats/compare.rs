//! The comparison (`compare=`): a table with one column per country, and its chart of labels in
//! force month by month, one line per country, labelled directly. The table comes first, so
//! that keyboard and screen-reader users meet the figures before the picture of them.

use leptos::prelude::*;

use crate::picture::PictureKind;
use crate::reactive::reactive;
use crate::state::use_atlas;
use atlas_core::compare::{Comparison, FOLLOWS};
use atlas_core::dates;
use atlas_core::label::LabelStatus;

use super::MonthChart;

#[component]
pub fn ComparePanel() -> impl IntoView {
    let state = use_atlas();
    let codes = state.compare;
    let (catalog, settled) = (state.catalog.clone(), state.settled);
    let asof = state.asof;
    let close = {
        let state = state.clone();
        move |_| {
            state.push(|v| atlas_core::view::ViewState {
                compare: Vec::new(),
                ..v.clone()
            })
        }
    };
    // The section stays while its content changes: offscreen, the style sheet lets a
    // keystroke's layout skip it (`content-visibility`), which only an element already on the
    // page can be. One closure draws the content: it changes with every settled selection.
    let body = reactive(move || {
        let Some(c) = codes.with(|codes| {
            (!codes.is_empty()).then(|| settled.with(|s| Comparison::of(&catalog, s, codes)))
        }) else {
            return ().into_any();
        };
        if c.countries.len() < 2 {
            let one = c
                .countries
                .first()
                .map(|c| c.name.clone())
                .unwrap_or_default();
            return view! {
                <p class="hint" data-testid="compare-pick">
                    {format!("Comparing {one}: press “Compare” beside another country in the country index to set it beside it.")}
                </p>
            }
            .into_any();
        }
        view! {
            <p class="hint">{format!("{FOLLOWS} Statuses as of {}.", dates::long(asof.get()))}</p>
            {compare_table(&c)}
            <MonthChart
                series=c.countries.iter().map(|c| (c.name.clone(), c.in_force.clone())).collect()
                asof=asof.get()
                kind=PictureKind::Comparison
                summary=format!("{}: labels in force month by month, one line a country,", c.caption())
                brush=false
            />
        }
        .into_any()
    });
    view! {
        <section
            class="compare"
            aria-labelledby="compare-heading"
            data-testid="compare"
            hidden=move || codes.with(Vec::is_empty)
        >
            <div class="compare-head">
                <h2 id="compare-heading">"Comparison"</h2>
                <button type="button" class="close-compare" on:click=close>"Close the comparison"</button>
            </div>
            {body}
        </section>
    }
}

fn compare_table(comparison: &Comparison) -> impl IntoView {
    let columns = comparison.countries.len();
    let heads = comparison
        .countries
        .iter()
        .map(|c| view! { <th scope="col">{c.name.clone()}</th> })
        .collect_view();
    let row = |title: String, cells: Vec<String>| {
        view! {
            <tr>
                <th scope="row">{title}</th>
                {cells.into_iter().map(|v| view! { <td>{v}</td> }).collect_view()}
            </tr>
        }
    };
    let each = |f: &dyn Fn(&atlas_core::compare::ComparedCountry) -> String| {
        comparison.countries.iter().map(f).collect::<Vec<_>>()
    };
    let mut rows = vec![row("Clusters".into(), each(&|c| c.clusters.to_string()))];
    for status in LabelStatus::ALL {
        rows.push(row(
            status.title().into(),
            each(&|c| c.count(status).to_string()),
        ));
    }
    rows.push(row(
        "Share in force".into(),
        each(&|c| c.share_in_force().map_or("–".into(), |p| format!("{p}%"))),
    ));
    let sectors = comparison
        .sectors
        .iter()
        .map(|s| {
            row(
                s.name.clone(),
                s.counts.iter().map(usize::to_string).collect(),
            )
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="compare-table" data-testid="compare-table">
                <caption>{comparison.caption()}</caption>
                <thead>
                    <tr><td></td>{heads}</tr>
                </thead>
                <tbody>{rows.into_iter().collect_view()}</tbody>
                <tbody>
                    <tr class="group"><th scope="colgroup" colspan=columns + 1>"Clusters by sector"</th></tr>
                    {sectors}
                </tbody>
            </table>
        </div>
    }
}
