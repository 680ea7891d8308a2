//! ECEI Cluster Atlas, the app: Leptos components, thin shells around `atlas_core`. One screen
//! part a file.
//!
//! `App` owns loading (dataset and map) and the router; `Atlas` lays out the page once the data
//! is there and provides `AtlasState` to everything below it. `main.rs` only mounts `App`.

mod atlas;
mod chips;
mod detail;
mod filters;
mod load;
mod map;
mod notices;
mod results;
mod rows;
mod search_box;
mod state;
mod stats;
mod toolbar;

use leptos::prelude::*;
use leptos_router::components::Router;

pub use atlas::Atlas;
pub use load::{load_catalog, load_map, LoadError};
pub use state::{today, use_atlas, AtlasState, History};

#[component]
pub fn App() -> impl IntoView {
    let data = LocalResource::new(load_catalog);
    let map = LocalResource::new(load_map);
    view! {
        <Router>
            <a class="skip-link" href="#results">"Skip to the results"</a>
            <header class="site-header">
                <h1>"ECEI Cluster Atlas"</h1>
                <p class="tagline">
                    "Cluster organisations holding a European Cluster Excellence Bronze label: where they are and how long the label holds."
                </p>
            </header>
            {move || match data.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(error)) => {
                    view! { <LoadFailed error=error retry=move || data.refetch() /> }.into_any()
                }
                Some(Ok(catalog)) => view! { <Atlas catalog=catalog map=map /> }.into_any(),
            }}
            <footer class="site-footer">
                <p>
                    "Data: the rows of ESCA's public Bronze label listings (Spain, Italy, Mexico, France). Map: Natural Earth, public domain."
                </p>
            </footer>
        </Router>
    }
}

#[component]
fn Loading() -> impl IntoView {
    view! {
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
