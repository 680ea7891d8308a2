//! The widths the charts are shown at. A chart is laid out for its width, one chart unit a CSS
//! pixel, so that its text is the page's size on a phone and on a wide screen alike
//! (`atlas_core::charts`). A section's charts are measured whenever the section's size changes
//! (a `ResizeObserver`: it also tells when a hidden section is shown).

use leptos::prelude::*;

/// How wide a section's charts are, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartWidths {
    /// Each bar chart (they share a row of the grid, or each has one).
    pub bars: i32,
    /// The wide chart: the labels in force, or the comparison's.
    pub wide: i32,
}

/// Until the page is measured (and in the prerendered page): a desktop's usual widths.
impl Default for ChartWidths {
    fn default() -> ChartWidths {
        ChartWidths {
            bars: 400,
            wide: 760,
        }
    }
}

/// The widths of the charts in the section with the id `section`, followed as it changes size.
pub fn chart_widths(section: &'static str) -> ReadSignal<ChartWidths> {
    let (widths, set_widths) = signal(ChartWidths::default());
    #[cfg(feature = "browser")]
    follow(section, set_widths);
    #[cfg(not(feature = "browser"))]
    let _ = (section, set_widths);
    widths
}

#[cfg(feature = "browser")]
fn follow(section: &'static str, set_widths: WriteSignal<ChartWidths>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    type Watch = (web_sys::ResizeObserver, Closure<dyn FnMut()>);
    let watching = StoredValue::new_local(None::<Watch>);
    let stop = move || {
        if let Some(Some((observer, _))) = watching.try_update_value(Option::take) {
            observer.disconnect();
        }
    };
    // The section is in the document once its component is on the page; while a prerendered
    // page is being taken over the app is built out of it, so the effect looks again each frame
    // until it is there.
    let tries = RwSignal::new(0u8);
    Effect::new(move |_| {
        let tried = tries.get();
        let Some(element) = document().get_element_by_id(section) else {
            if tried < 120 {
                request_animation_frame(move || {
                    let _ = tries.try_set(tried + 1);
                });
            }
            return;
        };
        stop();
        let measure = {
            let element = element.clone();
            move || {
                // A chart that is not there, or not shown, keeps the width it had.
                let width = |selector: &str| {
                    element
                        .query_selector(selector)
                        .ok()
                        .flatten()
                        .map(|e| e.client_width())
                        .filter(|&w| w > 0)
                };
                let (bars, wide) = (width(".chart:not(.chart-wide)"), width(".chart-wide"));
                // Redrawn in the next frame, not inside the observer's delivery: a chart that
                // changes size there would be an observer loop, which browsers report as an error.
                request_animation_frame(move || {
                    set_widths.maybe_update(|w| {
                        let next = ChartWidths {
                            bars: bars.unwrap_or(w.bars),
                            wide: wide.unwrap_or(w.wide),
                        };
                        let changed = next != *w;
                        *w = next;
                        changed
                    });
                });
            }
        };
        let callback = Closure::<dyn FnMut()>::new(measure);
        if let Ok(observer) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            observer.observe(&element);
            watching.set_value(Some((observer, callback)));
        }
    });
    on_cleanup(stop);
}
