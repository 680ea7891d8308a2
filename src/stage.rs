//! Building the atlas a part at a time. A prerendered page is taken over region by region
//! (`mount.rs`): each part renders in a task of its own when the stage reaches it, and a region
//! takes its prerendered twin's place once its parts are there, so that the work comes in short
//! tasks and none blocks the page for long. Without a `Stage` in context (no prerendered page,
//! and the prerender itself), everything renders at once.

use leptos::prelude::*;

/// The parts of the page, in the order they render: what a visitor came for first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    Results = 1,
    Controls = 2,
    Map = 3,
    Index = 4,
    Filters = 5,
    /// The sector and country facets: apart from the other filters, so that neither half keeps
    /// a phone's slowed CPU busy for long.
    Facets = 6,
    Stats = 7,
}

// The hand-over is the browser build's (`mount.rs`); the prerender build renders every part.
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
impl Part {
    pub const ALL: [Part; 7] = [
        Part::Results,
        Part::Controls,
        Part::Map,
        Part::Index,
        Part::Filters,
        Part::Facets,
        Part::Stats,
    ];

    /// The region the part is in: the `data-region` of the elements that hold it, in the app
    /// and in the prerendered page alike.
    pub fn region(self) -> &'static str {
        match self {
            Part::Results => "results",
            Part::Controls => "controls",
            Part::Map | Part::Index | Part::Filters | Part::Facets => "explore",
            Part::Stats => "stats",
        }
    }
}

/// How far the page is built: every part up to this one (0: none).
#[derive(Clone, Copy)]
pub struct Stage(pub RwSignal<u8>);

/// `children` once the stage has reached `part`; at once without a stage.
#[component]
pub fn Staged(part: Part, children: ChildrenFn) -> impl IntoView {
    match use_context::<Stage>() {
        None => children().into_any(),
        Some(Stage(stage)) => {
            let reached = move || stage.get() >= part as u8;
            view! { <Show when=reached>{children()}</Show> }.into_any()
        }
    }
}
