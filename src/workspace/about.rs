//! "About the labels": what ECEI and ESCA are, the levels, what each status means and the
//! assumption behind "before its first term", and where the data and the map come from.
//!
//! A button and a native modal `<dialog>`: the browser keeps the focus inside it, Escape and
//! Close close it, and the focus goes back to the button. The dialog is in the prerendered page,
//! closed; the button's `command` opens it there before the app runs, in browsers that know
//! invoker commands, and the app opens it itself in the others.

use leptos::prelude::*;

use crate::state::AtlasState;
use atlas_core::dates;

/// The button that opens "About the labels", and its dialog.
#[component]
pub fn AboutLabels() -> impl IntoView {
    let close = move |ev: leptos::ev::MouseEvent| {
        if let Some(dialog) = about_dialog() {
            ev.prevent_default();
            dialog.close();
        }
    };
    view! {
        <button
            type="button"
            class="about-button"
            aria-haspopup="dialog"
            commandfor="about-labels"
            command="show-modal"
            data-testid="about-button"
            on:click=open_about
        >
            "About the labels"
        </button>
        <dialog
            id="about-labels"
            class="about"
            aria-labelledby="about-heading"
            data-testid="about"
            on:close=move |_| give_focus_back()
        >
            <div class="about-head">
                <h2 id="about-heading">"About the labels"</h2>
                <button type="button" commandfor="about-labels" command="close" on:click=close>
                    "Close"
                </button>
            </div>
            {about_text()}
        </dialog>
    }
}

/// The sections of "About the labels", in our own words: a heading (none for the first) and
/// its paragraphs. Data rather than markup, so that the text costs the wasm its bytes only.
const SECTIONS: [(&str, &[&str]); 4] = [
    (
        "",
        &["The European Cluster Excellence Initiative (ECEI) labels the organisations that manage \
           clusters: networks of companies, research centres and other bodies that work in one \
           field and region. A label rates how well the cluster is managed, not the companies in \
           it. The European Secretariat for Cluster Analysis (ESCA) carries out the assessments \
           and publishes who holds a label."],
    ),
    (
        "Levels",
        &["Bronze \u{2192} Silver \u{2192} Gold: Bronze comes first, Gold is the highest. The same \
           rules of time hold for each level."],
    ),
    (
        "Status on a date",
        &[
            "Before its first term: the date is before the label's term starts (the filters call \
             this \u{201c}Not yet labelled\u{201d}).",
            "Valid: a label holds for two years from the month of its assessment.",
            "Renewable: for up to one year after it expires, a label can still be renewed; a \
             renewal extends it by three years.",
            "Expired: that year has passed, and the cluster needs a new assessment.",
        ],
    ),
    (
        "An assumption",
        &["The lists give the day each label is valid until, but not the day it was assessed. \
           The atlas takes each term to start two years before its \u{201c}valid until\u{201d} \
           day: \u{201c}before its first term\u{201d} rests on that assumed start."],
    ),
];

/// The text of "About the labels": `SECTIONS`, then where the data comes from.
fn about_text() -> impl IntoView {
    // The dates of the lists, where the atlas has its data.
    let times = use_context::<AtlasState>().and_then(|state| state.data_times);
    let lists_dates = times.map_or(String::new(), |t| {
        format!(
            " The labels in them ran from {} (the earliest assumed start) to {} (the latest \u{201c}valid until\u{201d}).",
            dates::long(t.first_start),
            dates::long(t.last_valid),
        )
    });
    let source = format!(
        "ESCA's public listing pages of labelled clusters for Spain, Italy, Mexico and France, \
         saved and read row by row.{lists_dates} The map: Natural Earth, public domain."
    );
    let sections = SECTIONS
        .iter()
        .map(|&(heading, paragraphs)| (heading, paragraphs.iter().map(|p| p.to_string()).collect()))
        .chain([("Where the data comes from", vec![source])])
        .map(|(heading, paragraphs): (&str, Vec<String>)| {
            view! {
                {(!heading.is_empty()).then(|| view! { <h3>{heading}</h3> })}
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            }
        })
        .collect_view();
    sections
}

/// A second way to "About the labels", for the sheet of a narrow screen, whose header line has
/// room only for the search, the Filters button and the two menus.
#[component]
pub fn AboutOpener() -> impl IntoView {
    view! {
        <button type="button" class="about-opener link-button" aria-haspopup="dialog" on:click=open_about>
            "About the labels: what each status means"
        </button>
    }
}

thread_local! {
    /// The button that opened the dialog, which gets the focus back when it closes.
    static OPENER: std::cell::RefCell<Option<web_sys::HtmlElement>> = const { std::cell::RefCell::new(None) };
}

fn about_dialog() -> Option<web_sys::HtmlDialogElement> {
    document()
        .get_element_by_id("about-labels")
        .and_then(|e| wasm_bindgen::JsCast::dyn_into(e).ok())
}

/// Opens the dialog from the button clicked, instead of the button's own command, so that every
/// browser opens it the same way.
fn open_about(ev: leptos::ev::MouseEvent) {
    let Some(dialog) = about_dialog() else {
        return;
    };
    ev.prevent_default();
    let opener = ev
        .current_target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok());
    OPENER.with(|o| *o.borrow_mut() = opener);
    if !dialog.open() {
        let _ = dialog.show_modal();
    }
}

/// Some browsers leave the focus on the page's body when a dialog closes.
fn give_focus_back() {
    if let Some(opener) = OPENER.with(|o| o.borrow_mut().take()) {
        let _ = opener.focus();
    }
}
