//! The page once the data is loaded.

use std::sync::Arc;

use leptos::prelude::*;

use crate::chips::Chips;
use crate::detail::Detail;
use crate::filters::Filters;
use crate::map::{CountryIndex, WorldMap};
use crate::notices::Notices;
use crate::results::Results;
use crate::search_box::SearchBox;
use crate::state::{today, AtlasState};
use crate::stats::StatsPanel;
use crate::toolbar::Toolbar;
use atlas_core::catalog::Catalog;
use atlas_core::map::MapAsset;

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
