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
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let button = NodeRef::<leptos::html::Button>::new();
    let open = move |ev: leptos::ev::MouseEvent| {
        if let Some(dialog) = dialog.get() {
            // Instead of the button's own command, so that every browser opens it the same way.
            ev.prevent_default();
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        }
    };
    let close = move |ev: leptos::ev::MouseEvent| {
        if let Some(dialog) = dialog.get() {
            ev.prevent_default();
            dialog.close();
        }
    };
    // Some browsers leave the focus on the page's body when a dialog closes.
    let focus_button = move |_| {
        if let Some(button) = button.get() {
            let _ = button.focus();
        }
    };
    view! {
        <button
            type="button"
            class="about-button"
            node_ref=button
            aria-haspopup="dialog"
            commandfor="about-labels"
            command="show-modal"
            data-testid="about-button"
            on:click=open
        >
            "About the labels"
        </button>
        <dialog
            id="about-labels"
            class="about"
            aria-labelledby="about-heading"
            data-testid="about"
            node_ref=dialog
            on:close=focus_button
        >
            <div class="about-head">
                <h2 id="about-heading">"About the labels"</h2>
                <button type="button" commandfor="about-labels" command="close" on:click=close>
                    "Close"
                </button>
            </div>
            <AboutText />
        </dialog>
    }
}

/// The text of "About the labels", in our own words.
#[component]
fn AboutText() -> impl IntoView {
    // The dates of the lists, where the atlas has its data (the header also shows while loading).
    let times = use_context::<AtlasState>().and_then(|state| state.data_times);
    let lists_dates = times.map(|t| {
        format!(
            " The labels in them ran from {} (the earliest assumed start) to {} (the latest \u{201c}valid until\u{201d}).",
            dates::long(t.first_start),
            dates::long(t.last_valid),
        )
    });
    view! {
        <p>
            "The European Cluster Excellence Initiative (ECEI) labels the organisations that \
             manage clusters: networks of companies, research centres and other bodies that work \
             in one field and region. A label rates how well the cluster is managed, not the \
             companies in it. The European Secretariat for Cluster Analysis (ESCA) carries out the \
             assessments and publishes who holds a label."
        </p>
        <h3>"Levels"</h3>
        <p>
            "Bronze \u{2192} Silver \u{2192} Gold: Bronze comes first, Gold is the highest. Each \
             level holds by the same rules of time."
        </p>
        <h3>"Status on a date"</h3>
        <dl class="about-statuses">
            <dt>"Before its first term"</dt>
            <dd>
                "The date is before the label's term starts (the filters call this \u{201c}Not yet \
                 labelled\u{201d})."
            </dd>
            <dt>"Valid"</dt>
            <dd>"A label holds for two years from the month of its assessment."</dd>
            <dt>"Renewable"</dt>
            <dd>
                "For up to one year after it expires, a label can still be renewed; a renewal \
                 extends it by three years."
            </dd>
            <dt>"Expired"</dt>
            <dd>"That year has passed: the cluster needs a new assessment."</dd>
        </dl>
        <h3>"An assumption"</h3>
        <p>
            "The lists give the day each label is valid until, but not the day it was assessed. \
             The atlas takes each term to start two years before its \u{201c}valid until\u{201d} \
             day; \u{201c}before its first term\u{201d} rests on that assumed start."
        </p>
        <h3>"Where the data comes from"</h3>
        <p>
            "ESCA's public listing pages of labelled clusters for Spain, Italy, Mexico and France, \
             saved and read row by row."
            {lists_dates}
            " The map: Natural Earth, public domain."
        </p>
    }
}
