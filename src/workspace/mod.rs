//! The page once the data is loaded: the header line, the main column (the view's results,
//! statistics or comparison, under tabs) and beside it the map, the country index and the
//! filters — a side column on a wide screen, a sheet on a phone.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::detail::Detail;
use crate::filters::Filters;
use crate::map::{CountryIndex, WorldMap};
use crate::menus::Menus;
use crate::notices::Notices;
use crate::results::{Results, ResultsHead};
use crate::stage::{Part, Staged};
use crate::state::{use_atlas, AtlasState};
use crate::stats::{ComparePanel, StatsPanel};
use atlas_core::catalog::Catalog;
use atlas_core::describe;
use atlas_core::map::MapAsset;
use atlas_core::view::Tab;

mod about;
mod compare_tray;
mod explore;
mod header;
mod in_view;
mod print;
mod search_box;
mod sort_select;
mod tabs;

pub use about::AboutLabels;
use about::AboutOpener;
use compare_tray::CompareTray;
use explore::{Explore, FiltersButton};
pub use header::SiteHeader;
use header::Tagline;
pub use in_view::{focus_without_scroll, keep_tab_inside};
#[cfg(feature = "browser")]
use print::follow_printing;
use print::PrintedSource;
use search_box::SearchBox;
use sort_select::SortSelect;
use tabs::Tabs;

/// The atlas of `catalog` with label statuses as of `today` unless the URL says otherwise; `map`
/// is the map asset once it is loaded (or why it could not be).
#[component]
pub fn Atlas(
    catalog: Arc<Catalog>,
    map: Signal<Option<Result<Arc<MapAsset>, String>>>,
    #[prop(into)] today: Signal<NaiveDate>,
) -> impl IntoView {
    let state = AtlasState::new(catalog, today);
    provide_context(state.clone());
    #[cfg(feature = "browser")]
    {
        follow_printing(state.printing);
        in_view::keep_answers_in_view(&state);
    }
    // `embed=1`: a title line, the map and the results, for another site's page.
    let embed = state.view.with_untracked(|v| v.embed);
    #[cfg(feature = "browser")]
    if embed {
        embed_page();
    }
    // An embed's view does not change (its links open new tabs), so neither does its link.
    let open_full = embed.then(|| {
        view! {
            <a href=state.absolute_url() target="_blank" rel="noopener" data-testid="open-full">
                "Open in ECEI Cluster Atlas"
            </a>
        }
    });
    let lapsed = state
        .data_times
        .is_some_and(|t| t.all_lapsed_on(today.get_untracked()));
    let sheet = RwSignal::new(sheet_open_at_start());
    // Each region is an element that is always there, so that a prerendered page can be taken
    // over a region at a time (`stage.rs`); its content is staged inside it.
    view! {
        <SiteHeader>
            <div class="header-tools" data-region="controls">
                <Staged part=Part::Controls>
                    <SearchBox />
                    <div class="header-buttons">
                        <FiltersButton sheet />
                        <Menus />
                        <AboutLabels />
                    </div>
                </Staged>
            </div>
        </SiteHeader>
        <main class="atlas" id="main">
            <Notices />
            <div class="view-title" data-region="controls">
                <ViewInWords />
                {open_full}
            </div>
            <div class="main-column" id="main-column" tabindex="-1">
                <Tagline lapsed />
                <div class="results-area" data-region="results">
                    <Staged part=Part::Results>
                        <ResultsHead />
                        <Tabs />
                        <TabPanel tab=Tab::Clusters>
                            <Results />
                        </TabPanel>
                    </Staged>
                </div>
                <div class="stats-area" data-region="stats">
                    <Staged part=Part::Stats>
                        <TabPanel tab=Tab::Statistics>
                            <StatsPanel />
                        </TabPanel>
                        <TabPanel tab=Tab::Compare>
                            <ComparePanel />
                        </TabPanel>
                    </Staged>
                </div>
            </div>
            <Explore sheet>
                <section class="geography" aria-labelledby="map-heading">
                    <h2 id="map-heading">"Countries"</h2>
                    <Staged part=Part::Map>
                        <WorldMap map=map />
                    </Staged>
                    <Staged part=Part::Index>
                        <CountryIndex />
                        <CompareTray sheet />
                    </Staged>
                </section>
                <Staged part=Part::Filters>
                    <AboutOpener />
                    <SortSelect />
                    <Filters />
                </Staged>
            </Explore>
            <div class="detail-area" data-region="results">
                <Detail />
            </div>
            <PrintedSource />
        </main>
    }
    .into_any()
}

/// The content of one tab, there only while its tab is shown: a tab not shown costs a keystroke
/// nothing. A printed page has the comparison and the rows, whichever tab is shown.
#[component]
fn TabPanel(tab: Tab, children: ChildrenFn) -> impl IntoView {
    let state = use_atlas();
    let (shown, printing) = (state.tab, state.printing);
    view! {
        <Show when=move || shown.get() == tab || (printing.get() && tab != Tab::Statistics)>
            <div class="tab-panel" id=format!("panel-{}", tab.key()) data-tab=tab.key()>
                {children()}
            </div>
        </Show>
    }
}

/// The view in words, for print (the controls that show it on screen are not printed) and for
/// an embed's title line.
#[component]
fn ViewInWords() -> impl IntoView {
    let state = use_atlas();
    let catalog = state.catalog.clone();
    let (view, asof) = (state.late_view, state.asof);
    view! {
        <p class="view-in-words" data-testid="view-in-words">
            {move || view.with(|v| describe::in_words(&catalog, v, asof.get()))}
        </p>
    }
}

/// Whether the map and filters sheet starts open: as the visitor left the prerendered page's
/// (its button works before the app does).
fn sheet_open_at_start() -> bool {
    #[cfg(feature = "browser")]
    return crate::mount::prerendered_explore_open();
    #[cfg(not(feature = "browser"))]
    false
}

/// Makes the page an embed: the style sheet leaves out what changes the view (`html.embed`), and
/// every link opens the full atlas in a new tab. Links are written without `embed`
/// (`AtlasState::href`); a click on one is given a new tab before the router would take it.
#[cfg(feature = "browser")]
fn embed_page() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    if let Some(html) = document().document_element() {
        let _ = html.class_list().add_1("embed");
    }
    let new_tab = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten());
        if let Some(link) = link {
            let _ = link.set_attribute("target", "_blank");
            let _ = link.set_attribute("rel", "noopener");
        }
    });
    let _ = document().add_event_listener_with_callback_and_bool(
        "click",
        new_tab.as_ref().unchecked_ref(),
        true,
    );
    // The listener lives as long as the page.
    new_tab.forget();
}
