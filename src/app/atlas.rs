//! The page once the data is loaded.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::chips::Chips;
use crate::app::detail::Detail;
use crate::app::filters::Filters;
use crate::app::map::{CountryIndex, WorldMap};
use crate::app::notices::Notices;
use crate::app::results::Results;
use crate::app::search_box::SearchBox;
use crate::app::state::{today, AtlasState};
use crate::app::stats::StatsPanel;
use crate::app::toolbar::Toolbar;
use crate::core::catalog::Catalog;
use crate::core::geo::MapAsset;

#[component]
pub fn Atlas(
    catalog: Arc<Catalog>,
    map: LocalResource<Result<Arc<MapAsset>, String>>,
) -> impl IntoView {
    let state = AtlasState::new(catalog, today());
    provide_context(state);
    view! {
        <main class="atlas" id="main">
            <Notices />
            <section class="controls" aria-label="Search and tools">
                <SearchBox />
                <Toolbar />
            </section>
            <Chips />
            <section class="geography" aria-labelledby="map-heading">
                <h2 id="map-heading">"Countries"</h2>
                <div class="geography-body">
                    <WorldMap map=map />
                    <CountryIndex />
                </div>
            </section>
            <div class="browse">
                <Filters />
                <Results />
            </div>
            <StatsPanel />
            <Detail />
        </main>
    }
}
