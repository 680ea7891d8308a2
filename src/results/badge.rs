//! A label status as a badge: a word, a shape and a colour. A leaf: the table, its hand-drawn
//! rows and the detail all use it.

use leptos::prelude::*;

use atlas_core::label::LabelStatus;

/// A status badge: a word and a shape as well as a colour, so colour is never the only cue. The
/// shape (◌, ●, ◐, ○) is the style sheet's generated content, hidden from screen readers there.
/// `text` is what it says (`label::badge_text`).
pub fn status_badge(status: LabelStatus, text: String) -> impl IntoView {
    view! { <span class=badge_class(status)>{text}</span> }
}

/// A status badge's classes; the style sheet gives each status its colour and shape. The result
/// rows, drawn by hand, set the same classes.
pub fn badge_class(status: LabelStatus) -> String {
    format!("badge badge-{}", status.key())
}
