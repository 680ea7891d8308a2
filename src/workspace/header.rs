//! The page's header: the atlas's name; on the atlas itself, on the same line, the search box,
//! the "Filters" button (narrow screens) and the Share and Download menus. Under it, what
//! the atlas shows (`Tagline`).

use leptos::prelude::*;

/// What the atlas shows, in the present tense.
pub const TAGLINE: &str =
    "Cluster organisations holding a European Cluster Excellence label: where they are and how long each label holds.";
/// The same once every label of the lists has lapsed.
pub const TAGLINE_PAST: &str =
    "Cluster organisations that held a European Cluster Excellence label: where they are and how long each label held.";

#[component]
pub fn SiteHeader(#[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <header class="site-header">
            <h1>"ECEI Cluster Atlas"</h1>
            {children.map(|tools| tools())}
        </header>
    }
}

/// What the atlas shows, in the past tense once every label of the lists has lapsed.
#[component]
pub fn Tagline(lapsed: bool) -> impl IntoView {
    view! { <p class="tagline">{if lapsed { TAGLINE_PAST } else { TAGLINE }}</p> }
}
