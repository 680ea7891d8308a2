//! Time play: Play steps the as-of date a month at a time, four steps a second, from the data's
//! earliest assumed start to a year after its last expiry, and the counts, the map, the facets
//! and the statistics follow each step. The URL does not: Pause writes the date reached, as one
//! history step. Nothing plays by itself.

use std::time::Duration;

use chrono::{Months, NaiveDate};
use leptos::prelude::*;

use crate::state::{use_atlas, AtlasState, History};
use atlas_core::view::ViewState;

/// About four steps a second: slow enough to read a count, fast enough to see a trend.
const STEP: Duration = Duration::from_millis(250);

#[component]
pub fn PlayButton() -> impl IntoView {
    let state = use_atlas();
    let Some(times) = state.data_times else {
        return ().into_any();
    };
    let (start, end) = (times.first_start, times.last_renewable);
    let playing = state.playing;
    let timer = StoredValue::new(None::<IntervalHandle>);
    let pause = {
        let state = state.clone();
        move || {
            if let Some(Some(handle)) = timer.try_update_value(Option::take) {
                handle.clear();
            }
            if let Some(reached) = playing.get_untracked() {
                write_date(&state, reached);
                playing.set(None);
            }
        }
    };
    let play = {
        let pause = pause.clone();
        let state = state.clone();
        move || {
            let now = state.asof.get_untracked();
            // From where the atlas stands, or from the start when it stands outside the data.
            let first = if (start..end).contains(&now) {
                now
            } else {
                start
            };
            playing.set(Some(first));
            let pause = pause.clone();
            let handle = set_interval_with_handle(
                move || match playing.get_untracked().and_then(next_month) {
                    Some(next) if next <= end => playing.set(Some(next)),
                    _ => pause(),
                },
                STEP,
            )
            .ok();
            timer.set_value(handle);
        }
    };
    // A page that goes away stops playing.
    on_cleanup(move || {
        if let Some(Some(handle)) = timer.try_update_value(Option::take) {
            handle.clear();
        }
    });
    let is_playing = move || playing.with(Option::is_some);
    view! {
        <button
            type="button"
            class="play"
            data-testid="play"
            aria-pressed=move || if is_playing() { "true" } else { "false" }
            on:click=move |_| if is_playing() { pause() } else { play() }
        >
            {move || if is_playing() { "Pause" } else { "Play" }}
        </button>
    }
    .into_any()
}

fn next_month(day: NaiveDate) -> Option<NaiveDate> {
    day.checked_add_months(Months::new(1))
}

/// The URL takes the date reached, as one history step (today is no date in the URL).
fn write_date(state: &AtlasState, reached: NaiveDate) {
    let today = state.today.get_untracked();
    let next = state.view.with_untracked(|v| ViewState {
        asof: (reached != today).then_some(reached),
        ..v.clone()
    });
    state.go(next, History::Push);
}
