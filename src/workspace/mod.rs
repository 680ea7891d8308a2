//! The page once the data is loaded.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::detail::Detail;
use crate::filters::Filters;
use crate::map::{CountryIndex, WorldMap};
use crate::menus::Toolbar;
use crate::notices::Notices;
use crate::results::Chips;
use crate::results::Results;
use crate::stage::{Part, Staged};
use crate::state::{use_atlas, AtlasState};
use crate::stats::ComparePanel;
use crate::stats::StatsPanel;

mod search_box;

use atlas_core::catalog::Catalog;
use atlas_core::describe;
use atlas_core::map::MapAsset;
use search_box::SearchBox;

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
    follow_printing(state.printing);
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
    // Each region is an element that is always there, so that a prerendered page can be taken
    // over a region at a time (`stage.rs`); its content is staged inside it.
    view! {
        <main class="atlas" id="main">
            <Notices />
            <div class="view-title" data-region="controls">
                <ViewInWords />
                {open_full}
            </div>
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
                    <ComparePanel />
                    <StatsPanel />
                </Staged>
            </div>
            <div class="detail-area" data-region="results">
                <Detail />
            </div>
        </main>
    }
    .into_any()
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

/// Keeps `printing` true while the page is printed: the browser says so before and after
/// (`beforeprint`, `afterprint`), whatever starts the printing.
#[cfg(feature = "browser")]
fn follow_printing(printing: RwSignal<bool>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let on_print = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        printing.try_set(ev.type_() == "beforeprint");
    });
    for name in ["beforeprint", "afterprint"] {
        let _ = window().add_event_listener_with_callback(name, on_print.as_ref().unchecked_ref());
    }
    // The listener lives as long as the page.
    on_print.forget();
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
