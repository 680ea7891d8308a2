//! The search's hits in the names, painted with the CSS Custom Highlight API: ranges over each
//! name's one text node, so that a keystroke which only moves the hits changes no element and
//! lays nothing out again (docs/PERFORMANCE.md). An engine without the API shows the same rows
//! without the hits marked.

use wasm_bindgen::prelude::*;
use web_sys::{Node, StaticRange, StaticRangeInit};

use atlas_core::search::Hit;

/// The highlight's name in the style sheet: `::highlight(atlas-hit)`.
const NAME: &str = "atlas-hit";

#[wasm_bindgen]
extern "C" {
    type Highlight;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<Highlight, JsValue>;
    #[wasm_bindgen(method)]
    fn add(this: &Highlight, range: &StaticRange);
    #[wasm_bindgen(catch, js_namespace = ["CSS", "highlights"], js_name = set)]
    fn register(name: &str, highlight: &Highlight) -> Result<JsValue, JsValue>;
}

/// Paints `hits`, each a name's text node and where in it the query matched, in place of the
/// hits painted before. Static ranges: a live range would be kept up to date through every later
/// change of the table until it is collected, and a keystroke leaves ~50 behind.
pub fn paint<'a>(hits: impl IntoIterator<Item = (Node, &'a [Hit])>) -> Result<(), JsValue> {
    let Ok(highlight) = Highlight::new() else {
        return Ok(());
    };
    for (text, name_hits) in hits {
        for hit in name_hits {
            let range = StaticRangeInit::new(&text, hit.end, &text, hit.start);
            highlight.add(&StaticRange::new(&range)?);
        }
    }
    register(NAME, &highlight).map(drop)
}
