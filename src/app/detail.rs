//! The detail panel of one cluster (`?cluster=<id>`): every field, the status as of the chosen
//! date, the data notes in words, and a link to its country. Back closes it.

use leptos::prelude::*;

use crate::app::results::status_badge;
use crate::app::state::{use_atlas, AtlasState};
use crate::core::dates;
use crate::core::label::{relative_phrase, renewable_until, LabelStatus};
use crate::core::model::Flag;
use crate::core::view::ViewState;

#[component]
pub fn Detail() -> impl IntoView {
    let state = use_atlas();
    let view = state.view;
    let asof = state.asof;
    let open_row = {
        let catalog = state.catalog.clone();
        Memo::new(move |_| view.with(|v| v.cluster.as_deref().and_then(|id| catalog.find(id))))
    };
    let heading = NodeRef::<leptos::html::H2>::new();
    // Move focus into the panel when it opens, so keyboard and screen reader users land there.
    Effect::new(move |_| {
        if open_row.get().is_some() {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        }
    });
    let close = {
        let state = state.clone();
        move || {
            state.push(|v| ViewState {
                cluster: None,
                ..v.clone()
            })
        }
    };
    let close_on_escape = {
        let close = close.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" {
                close();
            }
        }
    };

    let body = {
        let state = state.clone();
        move || {
            let row = open_row.get()?;
            let c = state.catalog.cluster(row).clone();
            let on = asof.get();
            let status = LabelStatus::on(c.valid_until, on);
            let country = state.catalog.country_name(&c.country).to_string();
            let country_href = AtlasState::href(&ViewState {
                countries: vec![c.country.clone()],
                cluster: None,
                page: 1,
                ..view.get_untracked()
            });
            let flags: Vec<&'static str> = c
                .flags
                .iter()
                .filter_map(|f| Flag::parse(f).map(Flag::explanation))
                .collect();
            let website = match (c.link(), &c.website) {
                (Some(url), _) => view! {
                    <a href=url.to_string() target="_blank" rel="noopener noreferrer">{url.to_string()}</a>
                }
                .into_any(),
                (None, Some(text)) => view! {
                    <span>{text.clone()}" "<em>"(not a usable address)"</em></span>
                }
                .into_any(),
                (None, None) => view! { <span>"None given"</span> }.into_any(),
            };
            let name = if c.name.is_empty() {
                "Unnamed cluster".to_string()
            } else {
                c.name.clone()
            };
            Some(view! {
                <div class="detail-head">
                    <h2 node_ref=heading tabindex="-1" id="detail-heading">{name}</h2>
                    <button type="button" class="close" on:click={
                        let close = close.clone();
                        move |_| close()
                    } aria-label="Close the detail">"×"</button>
                </div>
                <dl>
                    <dt>"Country"</dt>
                    <dd><a href=country_href>{country}</a>" ("{c.country.clone()}")"</dd>
                    <dt>"Sector"</dt>
                    <dd>{c.sector.clone()}</dd>
                    <dt>"Website"</dt>
                    <dd>{website}</dd>
                    <dt>"Label"</dt>
                    <dd>"ECEI Bronze"</dd>
                    <dt>"Valid until"</dt>
                    <dd>{dates::long(c.valid_until)}</dd>
                    <dt>"Renewable until"</dt>
                    <dd>{dates::long(renewable_until(c.valid_until))}</dd>
                    <dt>{format!("Status on {}", dates::long(on))}</dt>
                    <dd>{status_badge(status)}" "{relative_phrase(c.valid_until, on)}</dd>
                    <dt>"Record id"</dt>
                    <dd><code>{c.id.clone()}</code></dd>
                </dl>
                {(!flags.is_empty()).then(|| view! {
                    <h3>"Data notes"</h3>
                    <ul class="flags" data-testid="flags">
                        {flags.into_iter().map(|f| view! { <li>{f}</li> }).collect_view()}
                    </ul>
                })}
            })
        }
    };

    view! {
        <Show when=move || open_row.get().is_some()>
            <div
                class="detail"
                role="dialog"
                aria-modal="false"
                aria-labelledby="detail-heading"
                data-testid="detail"
                on:keydown=close_on_escape.clone()
            >
                {body.clone()}
            </div>
        </Show>
    }
}
