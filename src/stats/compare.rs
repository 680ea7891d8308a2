//! The comparison (`compare=`): a table with one column per country, each count with its share
//! of the country's clusters, and its chart of labels in force month by month, one line per
//! country, labelled directly. The table comes first, so that keyboard and screen-reader users
//! meet the figures before the picture of them.
//!
//! The table has two levels of row headings (a group, "Label status" or "Clusters by sector",
//! then the status or sector): each cell names its headings (`headers`, by `id`), so that a
//! screen reader says "France, Label status, Valid" before the figure.

use leptos::prelude::*;

use crate::picture::PictureKind;
use crate::reactive::reactive;
use crate::state::use_atlas;
use atlas_core::compare::{ComparedCountry, Comparison, FOLLOWS};
use atlas_core::dates;
use atlas_core::label::LabelStatus;

use super::width::chart_widths;
use super::MonthChart;

#[component]
pub fn ComparePanel() -> impl IntoView {
    let state = use_atlas();
    let codes = state.compare;
    let (catalog, settled) = (state.catalog.clone(), state.settled);
    let asof = state.asof;
    let widths = chart_widths("compare");
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
                width=widths.get().wide
            />
        }
        .into_any()
    });
    view! {
        <section
            class="compare"
            aria-labelledby="compare-heading"
            id="compare"
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

/// The `id`s of the table's headings, unique on the page.
const ID: &str = "compare";

fn compare_table(comparison: &Comparison) -> impl IntoView {
    let country_id = |c: &ComparedCountry| format!("{ID}-country-{}", c.code);
    let heads = comparison
        .countries
        .iter()
        .map(|c| view! { <th id=country_id(c)>{c.name.clone()}</th> })
        .collect_view();
    // A row: its heading (under a group's, or on its own across both heading columns), and a
    // cell a country, each tied to the country's heading and the row's.
    let row = |group: Option<(&str, &str, usize)>,
               id: String,
               title: String,
               cells: Vec<String>| {
        let headings = match group {
            Some((group_id, _, _)) => format!("{group_id} {id}"),
            None => id.clone(),
        };
        // A group's heading is in its first row only, and spans the others.
        let group_cell = group.filter(|&(_, _, rows)| rows > 0).map(|(group_id, name, rows)| {
            view! { <th id=group_id.to_string() rowspan=rows class="group">{name.to_string()}</th> }
        });
        let span = if group.is_some() { 1 } else { 2 };
        let cells = cells
            .into_iter()
            .zip(&comparison.countries)
            .map(|(v, c)| view! { <td headers=format!("{} {headings}", country_id(c))>{v}</td> })
            .collect_view();
        view! { <tr>{group_cell}<th id=id colspan=span>{title}</th>{cells}</tr> }
    };
    let each = |count: &dyn Fn(&ComparedCountry) -> usize| {
        comparison
            .countries
            .iter()
            .map(|c| c.count_and_share(count(c)))
            .collect::<Vec<_>>()
    };
    let statuses_id = format!("{ID}-statuses");
    let sectors_id = format!("{ID}-sectors");
    let clusters = row(
        None,
        format!("{ID}-clusters"),
        "Clusters".into(),
        comparison
            .countries
            .iter()
            .map(|c| c.clusters.to_string())
            .collect(),
    );
    let statuses = LabelStatus::ALL
        .iter()
        .enumerate()
        .map(|(i, &status)| {
            let rows = if i == 0 { LabelStatus::ALL.len() } else { 0 };
            row(
                Some((&statuses_id, "Label status", rows)),
                format!("{ID}-status-{}", status.key()),
                status.title().into(),
                each(&|c| c.count(status)),
            )
        })
        .collect_view();
    let sectors = comparison
        .sectors
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let rows = if i == 0 { comparison.sectors.len() } else { 0 };
            let cells = s
                .counts
                .iter()
                .zip(&comparison.countries)
                .map(|(&n, c)| c.count_and_share(n))
                .collect();
            row(
                Some((&sectors_id, "Clusters by sector", rows)),
                format!("{ID}-sector-{i}"),
                s.name.clone(),
                cells,
            )
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="compare-table" data-testid="compare-table">
                <caption>{format!("{}: clusters, and each label status and sector with its share of the country's clusters", comparison.caption())}</caption>
                <thead>
                    <tr>
                        <th id=format!("{ID}-figure") colspan="2"><span class="visually-hidden">"Figure"</span></th>
                        {heads}
                    </tr>
                </thead>
                <tbody>{clusters}{statuses}</tbody>
                <tbody>{sectors}</tbody>
            </table>
        </div>
    }
}
