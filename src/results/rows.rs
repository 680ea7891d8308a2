//! The rows of the results table, drawn by hand: the one part of the page Leptos does not keep.
//!
//! The build uses Leptos's `erase_components` (README, "Sizes"), under which an element that is
//! rebuilt has every attribute removed and set again. Typing replaces most of the page's 50 rows
//! at every keystroke, so Leptos-built rows cost ~16 attribute writes each per keystroke. Here a
//! row's elements are made once, when the page first has that many rows, and a new record only
//! changes the text and attributes that differ from the row's last record.
//!
//! Text goes in as text nodes (`append_with_str_1`, `set_text_content`), never parsed as HTML.

use chrono::NaiveDate;
use leptos::html::Tbody;
use leptos::logging::error;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

use super::badge::badge_class;
use crate::state::{use_atlas, AtlasState};
use atlas_core::dates;
use atlas_core::label::{status_phrase, LabelStatus};
use atlas_core::model::flag_note;
use atlas_core::search::{highlight, Hit, Query};
use atlas_core::view::{ClusterLinks, ViewState};

/// What one row shows, as plain values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowContent {
    pub id: String,
    pub selected: bool,
    /// The view with this cluster open.
    pub detail_href: String,
    /// Empty when the source has no name.
    pub name: String,
    /// Where the query matched the name; painted over its text (`hits.rs`).
    pub hits: Vec<Hit>,
    /// "† " and what the record's flags mean, in a few words; `None` without flags.
    pub flag_note: Option<String>,
    pub country: String,
    pub sector: String,
    pub website: WebsiteCell,
    pub iso_date: String,
    pub short_date: String,
    pub level: &'static str,
    pub status: LabelStatus,
    /// The badge's words: the status and how long it has held or will hold, in one phrase.
    pub phrase: String,
}

/// A row's website cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebsiteCell {
    /// An http(s) address that passed our check, shown by its host.
    Link {
        href: String,
        host: String,
    },
    /// An address we do not link to, shown as text.
    Unusable(String),
    Missing,
}

/// The table body of the results: the records of `page_rows`.
///
/// The first page is built by Leptos (`row_view`), so that the page rendered at build time has
/// its rows; in the browser the effect adopts those elements, and every later change is drawn
/// by hand. An end-to-end test holds the two to the same DOM.
#[component]
pub fn ResultRows(page_rows: Memo<Vec<u32>>, query: Memo<Query>) -> impl IntoView {
    let state = use_atlas();
    let body = NodeRef::<Tbody>::new();
    let drawn = StoredValue::new_local(Vec::<DrawnRow>::new());
    let contents = {
        let state = state.clone();
        move || -> Vec<RowContent> {
            let query = query.read();
            let on = state.asof.get();
            let open = state.open_cluster.read();
            let links = state.without_cluster.with(ViewState::cluster_links);
            page_rows.with(|rows| {
                rows.iter()
                    .map(|&row| row_content(&state, row, &links, &query, on, open.as_deref()))
                    .collect()
            })
        }
    };
    // The rows Leptos builds are for the page rendered at build time (`src/bin/prerender.rs`),
    // natively; in the browser the effect draws them all.
    let prerendered = (!cfg!(target_arch = "wasm32")).then(|| untrack(&contents));
    let skeleton = StoredValue::new_local(None::<Element>);
    Effect::new(move |_| {
        let rows = contents();
        let Some(body) = body.get() else { return };
        drawn.update_value(|drawn| {
            if let Err(e) = draw(&body, drawn, &rows, skeleton) {
                error!("drawing the results failed: {e:?}");
            }
        });
    });
    view! {
        <tbody role="rowgroup" node_ref=body>
            {prerendered.map(|rows| rows.into_iter().map(row_view).collect_view())}
        </tbody>
    }
}

/// One row as Leptos builds it: the same elements, attributes and text that `DrawnRow` draws.
fn row_view(row: RowContent) -> impl IntoView {
    let name = if row.name.is_empty() {
        view! { <em class="unnamed">"(no name in the source)"</em> }.into_any()
    } else {
        row.name.into_any()
    };
    let flag = row
        .flag_note
        .map(|note| view! { <span class="flag-note">{note}</span> });
    let website = match row.website {
        WebsiteCell::Link { href, host } => {
            view! { <a href=href target="_blank" rel="noopener noreferrer">{host}</a> }.into_any()
        }
        WebsiteCell::Unusable(text) => {
            view! { <span class="unusable" title="Not a usable address">{text}</span> }.into_any()
        }
        WebsiteCell::Missing => view! { <span class="none">"—"</span> }.into_any(),
    };
    view! {
        <tr role="row" data-cluster-id=row.id class=if row.selected { "selected" } else { "" }>
            <th scope="row" role="rowheader" class="name">
                <a href=row.detail_href data-noscroll="">{name}</a>
                {flag}
            </th>
            <td role="cell" class="country">{row.country}</td>
            <td role="cell" class="sector">{row.sector}</td>
            <td role="cell" class="website">{website}</td>
            <td role="cell" class="until"><time datetime=row.iso_date>{row.short_date}</time></td>
            <td role="cell" class="level">{row.level}</td>
            <td role="cell" class="status">
                <span class=badge_class(row.status)>{row.phrase}</span>
            </td>
        </tr>
    }
}

/// What the table shows of `row`.
fn row_content(
    state: &AtlasState,
    row: u32,
    links: &ClusterLinks,
    query: &Query,
    on: NaiveDate,
    open: Option<&str>,
) -> RowContent {
    let c = state.catalog.cluster(row);
    let website = match (c.link(), &c.website) {
        (Some(url), _) => WebsiteCell::Link {
            href: url.to_string(),
            host: atlas_core::website::website_host(url).unwrap_or_default(),
        },
        (None, Some(text)) => WebsiteCell::Unusable(text.clone()),
        (None, None) => WebsiteCell::Missing,
    };
    RowContent {
        id: c.id.clone(),
        selected: open == Some(c.id.as_str()),
        detail_href: links.href(&c.id),
        name: c.name.clone(),
        hits: highlight(&c.name, query),
        flag_note: flag_note(&c.flags),
        country: state.catalog.country_name(&c.country).to_string(),
        sector: c.sector.clone(),
        website,
        iso_date: dates::iso(c.valid_until),
        short_date: dates::short(c.valid_until),
        level: c.label.title(),
        status: LabelStatus::on(c.valid_until, on),
        phrase: status_phrase(c.valid_until, on),
    }
}

/// A row on the page: what it shows and the elements that show it.
struct DrawnRow {
    shown: Option<RowContent>,
    tr: Element,
    name_cell: Element,
    link: Element,
    flag: Option<Element>,
    country: Element,
    sector: Element,
    website: Element,
    time: Element,
    level: Element,
    badge: Element,
}

fn element_children(parent: &Element) -> Vec<Element> {
    std::iter::successors(parent.first_element_child(), Element::next_element_sibling).collect()
}

/// Draws `rows` into `body`: the rows there are reused, the ones missing are clones of an
/// empty row (`skeleton`, made the first time), the ones left over go.
fn draw(
    body: &Element,
    drawn: &mut Vec<DrawnRow>,
    rows: &[RowContent],
    skeleton: StoredValue<Option<Element>, LocalStorage>,
) -> Result<(), JsValue> {
    let document = body
        .owner_document()
        .ok_or_else(|| JsValue::from_str("the table body has no document"))?;
    for surplus in drawn.drain(rows.len().min(drawn.len())..) {
        surplus.tr.remove();
    }
    if drawn.len() < rows.len() {
        let template = match skeleton.get_value() {
            Some(template) => template,
            None => {
                let template = DrawnRow::skeleton(&document)?;
                skeleton.set_value(Some(template.clone()));
                template
            }
        };
        while drawn.len() < rows.len() {
            // One clone instead of a dozen elements made and set up: at 50 rows, a first view's
            // thousand calls into the DOM fewer.
            let tr: Element = template.clone_node_with_deep(true)?.unchecked_into();
            body.append_child(&tr)?;
            drawn.push(
                DrawnRow::find(tr, None)
                    .ok_or_else(|| JsValue::from_str("a row without its cells"))?,
            );
        }
    }
    for (row, content) in drawn.iter_mut().zip(rows) {
        row.show(&document, content)?;
    }
    let names = drawn.iter().zip(rows).filter_map(|(row, content)| {
        let text = row
            .link
            .first_child()
            .filter(|_| !content.hits.is_empty())?;
        Some((text, content.hits.as_slice()))
    });
    super::hits::paint(names)
}

/// Appends a `tag` element with `attributes` to `parent`.
fn append(
    document: &Document,
    parent: &Element,
    tag: &str,
    attributes: &[(&str, &str)],
) -> Result<Element, JsValue> {
    let element = document.create_element(tag)?;
    for (name, value) in attributes {
        element.set_attribute(name, value)?;
    }
    parent.append_child(&element)?;
    Ok(element)
}

impl DrawnRow {
    /// An empty row, out of the document, for new rows to be cloned from. The roles are explicit:
    /// the style sheet lays the rows out as grids, and not every browser keeps a table's roles
    /// when its display changes.
    fn skeleton(document: &Document) -> Result<Element, JsValue> {
        let cell = |class| [("role", "cell"), ("class", class)];
        let tr = document.create_element("tr")?;
        tr.set_attribute("role", "row")?;
        let name_cell = append(
            document,
            &tr,
            "th",
            &[("scope", "row"), ("role", "rowheader"), ("class", "name")],
        )?;
        // Opening a detail leaves the page where it is (the router scrolls to the top without).
        append(document, &name_cell, "a", &[("data-noscroll", "")])?;
        for class in ["country", "sector", "website"] {
            append(document, &tr, "td", &cell(class))?;
        }
        let until = append(document, &tr, "td", &cell("until"))?;
        append(document, &until, "time", &[])?;
        append(document, &tr, "td", &cell("level"))?;
        let status = append(document, &tr, "td", &cell("status"))?;
        append(document, &status, "span", &[])?;
        Ok(tr)
    }

    /// A row's elements, found where `skeleton` (and `row_view`) put them; `shown` is what the
    /// row shows already.
    fn find(tr: Element, shown: Option<RowContent>) -> Option<DrawnRow> {
        let [name_cell, country, sector, website, until, level, status]: [Element; 7] =
            element_children(&tr).try_into().ok()?;
        let link = name_cell.first_element_child()?;
        let flag = link.next_element_sibling();
        if flag.is_some() != shown.as_ref().is_some_and(|s| s.flag_note.is_some()) {
            return None;
        }
        let time = until.first_element_child()?;
        let badge = status.first_element_child()?;
        Some(DrawnRow {
            shown,
            tr,
            name_cell,
            link,
            flag,
            country,
            sector,
            website,
            time,
            level,
            badge,
        })
    }

    /// Shows `new`, writing only what differs from what the row shows now.
    fn show(&mut self, document: &Document, new: &RowContent) -> Result<(), JsValue> {
        let old = self.shown.take();
        // Whether a field differs from the one shown (everything differs in a new row).
        macro_rules! changed {
            ($field:ident) => {
                old.as_ref().is_none_or(|old| old.$field != new.$field)
            };
        }
        if changed!(id) {
            self.tr.set_attribute("data-cluster-id", &new.id)?;
        }
        if changed!(selected) {
            self.tr
                .set_class_name(if new.selected { "selected" } else { "" });
        }
        if changed!(detail_href) {
            self.link.set_attribute("href", &new.detail_href)?;
        }
        if changed!(name) {
            self.link.set_text_content(None);
            if new.name.is_empty() {
                let unnamed = append(document, &self.link, "em", &[("class", "unnamed")])?;
                unnamed.set_text_content(Some("(no name in the source)"));
            } else {
                self.link.append_with_str_1(&new.name)?;
            }
        }
        if changed!(flag_note) {
            match (&self.flag, &new.flag_note) {
                (None, Some(note)) => {
                    let flag =
                        append(document, &self.name_cell, "span", &[("class", "flag-note")])?;
                    flag.set_text_content(Some(note));
                    self.flag = Some(flag);
                }
                (Some(flag), Some(note)) => flag.set_text_content(Some(note)),
                (Some(flag), None) => {
                    flag.remove();
                    self.flag = None;
                }
                (None, None) => {}
            }
        }
        if changed!(country) {
            self.country.set_text_content(Some(&new.country));
        }
        if changed!(sector) {
            self.sector.set_text_content(Some(&new.sector));
        }
        if changed!(website) {
            self.website.set_text_content(None);
            match &new.website {
                WebsiteCell::Link { href, host } => append(
                    document,
                    &self.website,
                    "a",
                    &[
                        ("href", href),
                        ("target", "_blank"),
                        ("rel", "noopener noreferrer"),
                    ],
                )?
                .set_text_content(Some(host)),
                WebsiteCell::Unusable(text) => append(
                    document,
                    &self.website,
                    "span",
                    &[("class", "unusable"), ("title", "Not a usable address")],
                )?
                .set_text_content(Some(text)),
                WebsiteCell::Missing => {
                    append(document, &self.website, "span", &[("class", "none")])?
                        .set_text_content(Some("—"))
                }
            }
        }
        if changed!(iso_date) {
            self.time.set_attribute("datetime", &new.iso_date)?;
        }
        if changed!(short_date) {
            self.time.set_text_content(Some(&new.short_date));
        }
        if changed!(level) {
            self.level.set_text_content(Some(new.level));
        }
        if changed!(status) {
            self.badge.set_class_name(&badge_class(new.status));
        }
        if changed!(phrase) {
            self.badge.set_text_content(Some(&new.phrase));
        }
        self.shown = Some(new.clone());
        Ok(())
    }
}
