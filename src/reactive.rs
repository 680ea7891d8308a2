//! One type for the reactive parts of the views.
//!
//! A closure in a view (`{move || …}`) makes Leptos build, rebuild and mount code for that
//! closure's own type: ~2 KB of wasm each. Behind `Box<dyn FnMut() -> AnyView>` they all share one
//! copy of that code, for a dynamic call per update. Used for the parts that render whole
//! subtrees; a closure that gives a text or an attribute is cheap as it is.

use leptos::prelude::*;

pub type Reactive = Box<dyn FnMut() -> AnyView + Send>;

/// `{reactive(move || view! { … }.into_any())}`: a reactive subtree of the shared type.
pub fn reactive(part: impl FnMut() -> AnyView + Send + 'static) -> Reactive {
    Box::new(part)
}
