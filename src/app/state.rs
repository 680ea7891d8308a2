//! The state every component shares: the catalog, the view read from the URL, and the one way
//! to change the view (`AtlasState::go`), which writes the URL.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_url};
use leptos_router::NavigateOptions;

use crate::core::catalog::{Catalog, Selection};
use crate::core::label::LabelStatus;
use crate::core::view::{decode_query, MapView, Sort, ViewState};

/// How a view change enters the browser history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum History {
    /// A deliberate change (a country, a filter, the sort): Back returns to the view before.
    Push,
    /// Typing: every keystroke would otherwise be a Back step.
    Replace,
}

#[derive(Clone)]
pub struct AtlasState {
    pub catalog: Arc<Catalog>,
    pub today: NaiveDate,
    /// The validated view of the current URL.
    pub view: Memo<ViewState>,
    /// What the URL asked for that could not be shown, in words; kept until dismissed.
    pub notices: RwSignal<Vec<String>>,
    /// The date label statuses are computed for.
    pub asof: Memo<NaiveDate>,
    /// Narrow views of `view`, for the many small closures (one per row, country, checkbox):
    /// they subscribe here and so re-run only when their part changes. Hundreds of closures
    /// subscribed to `view` itself made every keystroke re-run them all.
    pub countries: Memo<Vec<String>>,
    pub sectors: Memo<Vec<String>>,
    pub statuses: Memo<Vec<LabelStatus>>,
    pub sort: Memo<Sort>,
    pub map_view: Memo<MapView>,
    pub open_cluster: Memo<Option<String>>,
    /// The view without an open detail: what a row's link adds its cluster to.
    pub without_cluster: Memo<ViewState>,
    /// Matches per country (in `dataset.countries` order) under every filter but the country
    /// filter: the country facet, the map and the country index all read this one memo.
    pub country_counts: Memo<Vec<usize>>,
    /// The matching rows and facet counts; recomputed only when a filter, the search or the sort
    /// changes, not on paging or opening a detail.
    pub selection: Memo<Arc<Selection>>,
    go: Callback<(ViewState, History)>,
}

impl AtlasState {
    /// Must be called inside the `Router`.
    pub fn new(catalog: Arc<Catalog>, today: NaiveDate) -> AtlasState {
        let url = use_url();
        let location = use_location();
        let navigate = use_navigate();
        let notices = RwSignal::new(Vec::<String>::new());

        let parsed = {
            let catalog = catalog.clone();
            Memo::new(move |_| {
                let pairs = url.with(|u| decode_query(u.search()));
                let (mut view, mut said) =
                    ViewState::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                said.extend(view.retain_known(&catalog.dataset));
                (view, said.into_iter().map(|n| n.0).collect::<Vec<_>>())
            })
        };
        let view = Memo::new(move |_| parsed.with(|(view, _)| view.clone()));

        let go = Callback::new(move |(next, how): (ViewState, History)| {
            let query = next.to_query();
            let current = url.with_untracked(|u| u.search().trim_start_matches('?').to_string());
            if query == current {
                return;
            }
            let path = location.pathname.get_untracked();
            let target = if query.is_empty() {
                path
            } else {
                format!("{path}?{query}")
            };
            navigate(
                &target,
                NavigateOptions {
                    resolve: false,
                    replace: how == History::Replace,
                    scroll: false,
                    ..NavigateOptions::default()
                },
            );
        });

        // Anything the URL held that we could not use is said on the page, and the address bar
        // shows the canonical URL of what is actually displayed.
        Effect::new(move |_| {
            let (view, said) = parsed.get();
            if !said.is_empty() {
                notices.set(said);
            }
            go.run((view, History::Replace));
        });

        let filters = Memo::new(move |_| {
            let v = view.get();
            ViewState {
                page: 1,
                cluster: None,
                map: Default::default(),
                ..v
            }
        });
        let asof = Memo::new(move |_| view.with(|v| v.asof.unwrap_or(today)));
        let countries = Memo::new(move |_| view.with(|v| v.countries.clone()));
        let sectors = Memo::new(move |_| view.with(|v| v.sectors.clone()));
        let statuses = Memo::new(move |_| view.with(|v| v.statuses.clone()));
        let sort = Memo::new(move |_| view.with(|v| v.sort));
        let map_view = Memo::new(move |_| view.with(|v| v.map));
        let open_cluster = Memo::new(move |_| view.with(|v| v.cluster.clone()));
        let without_cluster = Memo::new(move |_| {
            view.with(|v| ViewState {
                cluster: None,
                ..v.clone()
            })
        });
        let selection = {
            let catalog = catalog.clone();
            Memo::new(move |_| Arc::new(catalog.select(&filters.get(), asof.get())))
        };

        let country_counts = Memo::new(move |_| selection.with(|s| s.country_counts.clone()));
        AtlasState {
            catalog,
            today,
            view,
            notices,
            asof,
            countries,
            sectors,
            statuses,
            sort,
            map_view,
            open_cluster,
            without_cluster,
            country_counts,
            selection,
            go,
        }
    }

    /// Shows another view by writing its URL.
    pub fn go(&self, next: ViewState, how: History) {
        self.go.run((next, how));
    }

    /// Changes the view with `change` applied to the current one, as a history step.
    pub fn push(&self, change: impl FnOnce(&ViewState) -> ViewState) {
        let next = self.view.with_untracked(change);
        self.go(next, History::Push);
    }

    /// The link (relative query) of a view, for `<a href>`: "?" alone is the default view.
    pub fn href(next: &ViewState) -> String {
        format!("?{}", next.to_query())
    }
}

/// The shared state, from any component under `Atlas`.
pub fn use_atlas() -> AtlasState {
    expect_context::<AtlasState>()
}

/// Today's date in the browser's time zone.
pub fn today() -> NaiveDate {
    #[cfg(target_arch = "wasm32")]
    {
        let d = js_sys::Date::new_0();
        NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        NaiveDate::default()
    }
}
