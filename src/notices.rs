//! Notices about what could not be used: parts of the URL, records of the dataset.

use leptos::prelude::*;

use crate::reactive::reactive;

use crate::state::use_atlas;

#[component]
pub fn Notices() -> impl IntoView {
    let state = use_atlas();
    let notices = state.notices();
    let problems = state.catalog.problems.clone();
    let (problems_open, set_problems_open) = signal(!problems.is_empty());
    let problem_count = problems.len();
    view! {
        <div class="notices" role="status" aria-live="polite" data-region="controls">
            <Show when=move || notices.with(|n| !n.is_empty())>
                <div class="notice" data-testid="url-notice">
                    <p>"Part of this link could not be used, so it was left out:"</p>
                    <ul>
                        {reactive(move || {
                            notices.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view().into_any()
                        })}
                    </ul>
                    <button type="button" class="link-button" on:click={
                        let state = state.clone();
                        move |_| state.dismiss_notices()
                    }>
                        "Dismiss"
                    </button>
                </div>
            </Show>
            <Show when=move || problems_open.get()>
                <div class="notice notice-warning" data-testid="data-notice">
                    <p>
                        {format!(
                            "{problem_count} record{} in the dataset could not be shown:",
                            if problem_count == 1 { "" } else { "s" },
                        )}
                    </p>
                    <ul>
                        {problems
                            .iter()
                            .take(20)
                            .map(|p| view! { <li>{format!("Record {}: {}.", p.position, p.message)}</li> })
                            .collect_view()}
                    </ul>
                    <button type="button" class="link-button" on:click=move |_| set_problems_open.set(false)>
                        "Dismiss"
                    </button>
                </div>
            </Show>
        </div>
    }
}
