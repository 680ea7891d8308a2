//! ECEI Cluster Atlas, the app: Leptos components, thin shells around `atlas_core`. One screen
//! part a file.
//!
//! `App` owns loading (dataset and map) and the router; `Atlas` lays out the page once the data
//! is there and provides `AtlasState` to everything below it. `main.rs` only mounts `App`.

// The page's view types nest deep when they are not erased: natively (the prerender build).
#![recursion_limit = "256"]

mod detail;
mod download;
mod filters;
mod load;
mod map;
mod menus;
// How the browser build puts the app on the page; the prerender build has no page to put it on.
#[cfg(feature = "browser")]
mod mount;
mod notices;
mod picture;
mod reactive;
mod results;
mod stage;
mod state;
mod stats;
mod workspace;

use leptos::prelude::*;

use crate::reactive::reactive;
use leptos_router::components::Router;

pub use load::{load_catalog, load_map, LoadError};
#[cfg(feature = "browser")]
pub use mount::mount;
pub use state::{today, use_atlas, AtlasState, History};
pub use workspace::Atlas;
use workspace::SiteHeader;

/// The atlas as the browser runs it: loading, then the page or the error. `ready` runs once,
/// when the first view (or the error that replaces it) is on the page, map included: when the
/// page came prerendered, that is when the app takes its place (`mount.rs`).
#[component]
pub fn App(#[prop(optional)] ready: Option<fn()>) -> impl IntoView {
    let data = LocalResource::new(load_catalog);
    let map = LocalResource::new(load_map);
    let map = Signal::derive(move || map.get());
    if let Some(ready) = ready {
        Effect::new(move |done: Option<bool>| {
            if done == Some(true) {
                return true;
            }
            let shown = match data.get() {
                None => false,
                Some(Err(_)) => true,
                Some(Ok(_)) => map.with(Option::is_some),
            };
            // After the frame's effects (the rows are drawn in one), before its paint.
            if shown {
                request_animation_frame(ready);
            }
            shown
        });
    }
    view! {
        <Router>
            <Page>
                {reactive(move || match data.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Err(error)) => {
                        view! { <LoadFailed error=error retry=move || data.refetch() /> }.into_any()
                    }
                    Some(Ok(catalog)) => view! { <Atlas catalog=catalog map=map today=today() /> }.into_any(),
                })}
            </Page>
        </Router>
    }
}

/// What every state of the page shares: the skip links and the footer. Each state draws its
/// own header (`SiteHeader`): the atlas's holds its search box and menus.
#[component]
pub fn Page(children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main-column">"Skip to the results"</a>
        <a class="skip-link" href="#filters">"Skip to the filters"</a>
        {children()}
        <footer class="site-footer">
            <p>
                "Data: the rows of ESCA's public label listings (Spain, Italy, Mexico, France), also as "
                <a href="data/clusters.csv">"CSV"</a>
                " and "
                <a href="data/clusters.json">"JSON"</a>
                ". Map: Natural Earth, public domain."
            </p>
        </footer>
    }
}

#[component]
fn Loading() -> impl IntoView {
    view! {
        <SiteHeader />
        <main class="loading" aria-busy="true">
            <p role="status" data-testid="loading">
                <span class="spinner" aria-hidden="true"></span>
                "Loading the cluster data…"
            </p>
        </main>
    }
}

#[component]
fn LoadFailed(error: LoadError, retry: impl Fn() + 'static) -> impl IntoView {
    view! {
        <SiteHeader />
        <main class="load-failed">
            <div role="alert" data-testid="load-error">
                <h2>"The atlas could not start"</h2>
                <p>{error.to_string()}</p>
                <button type="button" on:click=move |_| retry()>
                    "Retry"
                </button>
            </div>
        </main>
    }
}
