//! The state every component shares: the catalog, the view read from the URL, and the one way
//! to change the view (`AtlasState::go`), which writes the URL.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_url};
use leptos_router::NavigateOptions;

use crate::load::mark;
use atlas_core::catalog::{Catalog, FacetCounts, Selection};
use atlas_core::expiry::ExpiryWindow;
use atlas_core::label::{Label, LabelStatus};
use atlas_core::stats::DataTimes;
use atlas_core::view::{clean_query, decode_query, MapView, Sort, Tab, ViewState, MAX_QUERY_CHARS};

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
    /// The date the atlas is seen on: the browser's today, or the build's day in the prerender.
    pub today: Signal<NaiveDate>,
    /// The validated view of the current URL.
    pub view: Memo<ViewState>,
    /// What the URL asked for that could not be shown, in words; kept until dismissed.
    notices: RwSignal<Vec<String>>,
    /// The date label statuses are computed for: the date playing (`playing`), else the URL's,
    /// else today.
    pub asof: Memo<NaiveDate>,
    /// While the atlas plays through time (`play.rs`): the date it shows, ahead of the URL, which
    /// Pause brings up to it in one step.
    pub playing: RwSignal<Option<NaiveDate>>,
    /// When the data's labels ran, lapsed and peaked, over every record (`None` for no records).
    pub data_times: Option<DataTimes>,
    /// Narrow views of `view`, for the many small closures (one per row, country, checkbox):
    /// they subscribe here and so re-run only when their part changes. Hundreds of closures
    /// subscribed to `view` itself made every keystroke re-run them all.
    pub countries: Memo<Vec<String>>,
    pub sectors: Memo<Vec<String>>,
    pub statuses: Memo<Vec<LabelStatus>>,
    pub labels: Memo<Vec<Label>>,
    pub expires: Memo<Option<ExpiryWindow>>,
    pub sort: Memo<Sort>,
    pub map_view: Memo<MapView>,
    pub compare: Memo<Vec<String>>,
    /// What the main column shows.
    pub tab: Memo<Tab>,
    pub open_cluster: Memo<Option<String>>,
    /// The view without an open detail: what a row's link adds its cluster to.
    pub without_cluster: Memo<ViewState>,
    /// The facet counts of `settled`: per sector, country and status, the matches under every
    /// filter but that facet's own.
    pub facets: Memo<FacetCounts>,
    /// Matches per country (in `dataset.countries` order) under every filter but the country
    /// filter: the country facet, the map and the country index all read this one memo.
    pub country_counts: Memo<Vec<usize>>,
    /// The matching rows; recomputed only when a filter, the search or the sort changes, not on
    /// paging or opening a detail.
    pub selection: Memo<Arc<Selection>>,
    /// `selection`, one frame later. The results follow a keystroke or a click in the same
    /// frame; the facet counts, the map, the country index and the statistics follow this, so
    /// their updates (and their layout) come in the next frame instead of delaying the results.
    pub settled: ReadSignal<Arc<Selection>>,
    /// `view`, one frame later: for what shows the view outside the results (the filter chips)
    /// and for the links that carry it (the country index, the map frames). At 100,000 records
    /// a keystroke's budget has no room for re-encoding a hundred links.
    pub late_view: ReadSignal<ViewState>,
    /// Whether the page is being printed (from `beforeprint` to `afterprint`): the results then
    /// list every row of the view, up to `results::PRINTED_ROWS`, instead of one page.
    pub printing: RwSignal<bool>,
    /// Writes a view's URL now (and so clears `pending`).
    write_url: Callback<(ViewState, History)>,
    /// A view shown but whose URL is not written yet, and how it will enter the history.
    /// Writing the URL (`pushState`/`replaceState`) costs milliseconds in Chromium, as much as
    /// the rest of a keystroke's work at 100,000 records: the view changes at once and the URL
    /// follows after the frame is painted, or once typing pauses.
    pending: RwSignal<Option<(ViewState, History)>>,
    typing_timer: StoredValue<Option<TimeoutHandle>>,
}

/// How long typing must pause before the URL follows the search box.
const URL_AFTER_TYPING: Duration = Duration::from_millis(250);

impl AtlasState {
    /// Must be called inside the `Router`.
    pub fn new(catalog: Arc<Catalog>, today: Signal<NaiveDate>) -> AtlasState {
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
        let pending = RwSignal::new(None::<(ViewState, History)>);
        let view = Memo::new(move |_| {
            pending
                .with(|p| p.as_ref().map(|(view, _)| view.clone()))
                .unwrap_or_else(|| parsed.with(|(view, _)| view.clone()))
        });
        // The query `write_url` wrote last, to tell its URL changes from the others.
        let written = StoredValue::new(None::<String>);
        // A URL change not made here (Back, Forward, a link) wins over a view not yet written.
        Effect::new(move |seen: Option<()>| {
            let now = url.with(|u| u.search().trim_start_matches('?').to_string());
            let ours = written
                .try_update_value(Option::take)
                .flatten()
                .is_some_and(|w| w == now);
            if seen.is_some() && !ours && pending.with_untracked(Option::is_some) {
                pending.set(None);
            }
        });

        let write_url = Callback::new(move |(next, how): (ViewState, History)| {
            let query = next.to_query();
            let current = url.with_untracked(|u| u.search().trim_start_matches('?').to_string());
            if query != current {
                written.set_value(Some(query.clone()));
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
            }
            // The URL now holds the pending view (if that is what was written): the view comes
            // from the URL again, and is the same. A newer pending view stays.
            if pending.with_untracked(|p| p.as_ref().is_some_and(|(view, _)| *view == next)) {
                pending.set(None);
            }
        });

        // Anything the URL held that we could not use is said on the page, and the address bar
        // shows the canonical URL of what is actually displayed.
        Effect::new(move |_| {
            let (view, said) = parsed.get();
            if !said.is_empty() {
                notices.set(said);
            }
            write_url.run((view, History::Replace));
        });

        let filters = Memo::new(move |_| {
            let v = view.get();
            ViewState {
                page: 1,
                cluster: None,
                map: Default::default(),
                tab: None,
                compare: Vec::new(),
                ..v
            }
        });
        let playing = RwSignal::new(None::<NaiveDate>);
        let asof = Memo::new(move |_| {
            playing
                .get()
                .or_else(|| view.with(|v| v.asof))
                .unwrap_or_else(|| today.get())
        });
        let countries = Memo::new(move |_| view.with(|v| v.countries.clone()));
        let sectors = Memo::new(move |_| view.with(|v| v.sectors.clone()));
        let statuses = Memo::new(move |_| view.with(|v| v.statuses.clone()));
        let labels = Memo::new(move |_| view.with(|v| v.labels.clone()));
        let expires = Memo::new(move |_| view.with(|v| v.expires));
        let sort = Memo::new(move |_| view.with(|v| v.sort));
        let map_view = Memo::new(move |_| view.with(|v| v.map));
        let compare = Memo::new(move |_| view.with(|v| v.compare.clone()));
        let tab = Memo::new(move |_| view.with(ViewState::tab));
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

        // The pair index that two-letter words are searched with, then the words "did you
        // mean" draws on: built once the first view is on screen (an effect runs after the first
        // render) rather than while the person waits for it, as two tasks so that a keystroke
        // waits for at most one of them.
        {
            let catalog = catalog.clone();
            Effect::new(move |_| {
                let pairs = catalog.clone();
                set_timeout(
                    move || {
                        mark("atlas:pairs-start");
                        pairs.prepare_search();
                        mark("atlas:pairs-built");
                    },
                    Duration::from_millis(200),
                );
                let words = catalog.clone();
                set_timeout(
                    move || words.prepare_suggestions(),
                    Duration::from_millis(500),
                );
            });
        }
        let settled = after_the_frame(selection);
        let late_view = after_the_frame(view);
        let facets = {
            let catalog = catalog.clone();
            Memo::new(move |_| settled.with(|s| catalog.facet_counts(s)))
        };
        let country_counts = Memo::new(move |_| facets.with(|f| f.countries.clone()));
        let data_times = DataTimes::of(&catalog);
        let typing_timer = StoredValue::new(None::<TimeoutHandle>);
        // A page that goes away takes its pending URL write with it.
        on_cleanup(move || {
            if let Some(Some(timer)) = typing_timer.try_update_value(Option::take) {
                timer.clear();
            }
        });
        AtlasState {
            catalog,
            today,
            view,
            notices,
            asof,
            playing,
            data_times,
            countries,
            sectors,
            statuses,
            labels,
            expires,
            sort,
            map_view,
            compare,
            tab,
            open_cluster,
            without_cluster,
            facets,
            country_counts,
            selection,
            settled,
            late_view,
            printing: RwSignal::new(false),
            write_url,
            pending,
            typing_timer,
        }
    }

    /// Shows another view at once; its URL is written once the frame is painted.
    pub fn go(&self, next: ViewState, how: History) {
        self.show(next, how);
        let state = self.clone();
        request_animation_frame(move || {
            set_timeout(move || state.write_pending_url(), Duration::ZERO)
        });
    }

    /// Search text from the search box: shown at once, written to the URL (replacing the
    /// history entry, as typing is not a Back step) once typing pauses.
    pub fn type_query(&self, text: &str) {
        let text: String = text.chars().take(MAX_QUERY_CHARS).collect();
        let Some(q) = clean_query(&text) else {
            return;
        };
        let next = self.view.with_untracked(|v| ViewState {
            q,
            page: 1,
            ..v.clone()
        });
        self.show(next, History::Replace);
        let state = self.clone();
        let timer = set_timeout_with_handle(
            move || {
                // Read by the component tests, which wait for the pause rather than a time.
                mark("atlas:typing-paused");
                state.write_pending_url();
            },
            URL_AFTER_TYPING,
        )
        .ok();
        if let Some(Some(previous)) = self
            .typing_timer
            .try_update_value(|t| std::mem::replace(t, timer))
        {
            previous.clear();
        }
    }

    /// Writes the URL of the view shown, if it is not written yet (also on Enter in the search
    /// box, when it loses focus, and before the link is copied).
    pub fn write_pending_url(&self) {
        if let Some((view, how)) = self.pending.try_get_untracked().flatten() {
            self.write_url.run((view, how));
        }
    }

    fn show(&self, next: ViewState, how: History) {
        let how = match (self.pending.get_untracked(), how) {
            // A new step while the last one is unwritten: the last one enters the history
            // first, so Back returns to it.
            (Some((earlier, earlier_how)), History::Push) => {
                self.write_url.run((earlier, earlier_how));
                History::Push
            }
            // Replacing a step not yet written is still that one step.
            (Some((_, History::Push)), History::Replace) => History::Push,
            (_, how) => how,
        };
        self.pending.set(Some((next, how)));
    }

    /// What the URL asked for that could not be shown, in words.
    pub fn notices(&self) -> ReadSignal<Vec<String>> {
        self.notices.read_only()
    }

    pub fn dismiss_notices(&self) {
        self.notices.set(Vec::new());
    }

    /// Changes the view with `change` applied to the current one, as a history step.
    pub fn push(&self, change: impl FnOnce(&ViewState) -> ViewState) {
        let next = self.view.with_untracked(change);
        self.go(next, History::Push);
    }

    /// The link (relative query) of a view, for `<a href>`: "?" alone is the default view. From
    /// inside an embed, it is the full atlas's (`ViewState::link_query`).
    pub fn href(next: &ViewState) -> String {
        format!("?{}", next.link_query())
    }

    /// The view's canonical URL, absolute, as a link outside the atlas gives it: the full atlas.
    pub fn absolute_url(&self) -> String {
        let location = window().location();
        let query = self.view.with_untracked(ViewState::link_query);
        format!(
            "{}{}{}{query}",
            location.origin().unwrap_or_default(),
            location.pathname().unwrap_or_default(),
            if query.is_empty() { "" } else { "?" }
        )
    }
}

/// The shared state, from any component under `Atlas`.
pub fn use_atlas() -> AtlasState {
    expect_context::<AtlasState>()
}

/// `source`, following it once the frame that shows its change is painted
/// (requestAnimationFrame runs just before the paint; the timeout, just after).
fn after_the_frame<T: Clone + Send + Sync + 'static>(source: Memo<T>) -> ReadSignal<T> {
    let (late, set_late) = signal(source.get_untracked());
    Effect::new(move |_| {
        source.track();
        request_animation_frame(move || {
            set_timeout(
                // The page may be gone by then (a test unmounts it).
                move || {
                    if let Some(value) = source.try_get_untracked() {
                        set_late.try_set(value);
                    }
                },
                Duration::ZERO,
            )
        });
    });
    late
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
