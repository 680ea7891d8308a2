//! The page once the data is loaded.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::chips::Chips;
use crate::detail::Detail;
use crate::filters::Filters;
use crate::map::{CountryIndex, WorldMap};
use crate::notices::Notices;
use crate::results::Results;
use crate::search_box::SearchBox;
use crate::stage::{Part, Staged};
use crate::state::AtlasState;
use crate::stats::StatsPanel;
use crate::toolbar::Toolbar;
use atlas_core::catalog::Catalog;
use atlas_core::map::MapAsset;

/// The atlas of `catalog` with label statuses as of `today` unless the URL says otherwise; `map`
/// is the map asset once it is loaded (or why it could not be).
#[component]
pub fn Atlas(
    catalog: Arc<Catalog>,
    map: Signal<Option<Result<Arc<MapAsset>, String>>>,
    #[prop(into)] today: Signal<NaiveDate>,
) -> impl IntoView {
    let state = AtlasState::new(catalog, today);
    provide_context(state);
    // Each region is an element that is always there, so that a prerendered page can be taken
    // over a region at a time (`stage.rs`); its content is staged inside it.
    view! {
        <main class="atlas" id="main">
            <Notices />
            <section class="controls" aria-label="Search and tools" data-region="controls">
                <Staged part=Part::Controls>
                    <SearchBox />
                    <Toolbar />
                </Staged>
            </section>
            <div class="chips-area" data-region="controls">
                <Staged part=Part::Controls>
                    <Chips />
                </Staged>
            </div>
            <Explore>
                <section class="geography" aria-labelledby="map-heading">
                    <h2 id="map-heading">"Countries"</h2>
                    <div class="geography-body">
                        <Staged part=Part::Map>
                            <WorldMap map=map />
                        </Staged>
                        <Staged part=Part::Index>
                            <CountryIndex />
                        </Staged>
                    </div>
                </section>
                <Staged part=Part::Filters>
                    <Filters />
                </Staged>
            </Explore>
            <div class="results-area" data-region="results">
                <Staged part=Part::Results>
                    <Results />
                </Staged>
            </div>
            <div class="stats-area" data-region="stats">
                <Staged part=Part::Stats>
                    <StatsPanel />
                </Staged>
            </div>
            <div class="detail-area" data-region="results">
                <Detail />
            </div>
        </main>
    }
}

/// The map and the filters. On a wide screen they are always shown, beside and above the
/// results; on a phone they wait behind one button, so that the results come right after the
/// search box. The prerendered page's button works before the app does (`public/boot.js`), and
/// the app starts with the panel as the visitor left it.
#[component]
fn Explore(children: Children) -> impl IntoView {
    #[cfg(feature = "browser")]
    let open_at_start = crate::mount::prerendered_explore_open();
    #[cfg(not(feature = "browser"))]
    let open_at_start = false;
    let (open, set_open) = signal(open_at_start);
    view! {
        <button
            type="button"
            class="explore-toggle"
            data-region="explore"
            aria-controls="explore"
            aria-expanded=move || if open.get() { "true" } else { "false" }
            on:click=move |_| set_open.update(|o| *o = !*o)
        >
            "Map and filters"
        </button>
        <div id="explore" class="explore" class:open=open data-region="explore">
            {children()}
        </div>
    }
}
