//! The main column's tabs: the list of clusters, the statistics of the view, the comparison.
//! Each is a link to the view with that tab (`tab=`), so it can be opened in a new tab or sent.

use leptos::prelude::*;

use crate::state::{use_atlas, AtlasState};
use atlas_core::view::Tab;

#[component]
pub fn Tabs() -> impl IntoView {
    let state = use_atlas();
    let (view, shown, compared) = (state.late_view, state.tab, state.compare);
    let tab = move |tab: Tab| {
        let href = move || view.with(|v| AtlasState::href(&v.with_tab(tab)));
        let current = move || (shown.get() == tab).then_some("page");
        let label = move || match tab {
            Tab::Clusters => "Clusters".to_string(),
            Tab::Statistics => "Statistics".to_string(),
            Tab::Compare => match compared.with(Vec::len) {
                0 => "Compare".to_string(),
                n => format!("Compare ({n})"),
            },
        };
        view! {
            <a href=href aria-current=current data-tab=tab.key()>{label}</a>
        }
    };
    view! {
        <nav class="tabs" aria-label="Show">
            {tab(Tab::Clusters)}
            {tab(Tab::Statistics)}
            {tab(Tab::Compare)}
        </nav>
    }
}
