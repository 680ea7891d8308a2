//! The pure core: the dataset model, the source-page parser, folding and search, the view state
//! and its URL, label status, statistics and export.
//!
//! Nothing here does I/O or knows of the DOM: no `leptos`, `web_sys`, `js_sys` or `gloo` import.
//! It compiles and is tested natively with `cargo test`; the components and the CLI wrap it.

pub mod catalog;
pub mod dates;
pub mod decimal;
pub mod export;
pub mod fold;
pub mod geo;
pub mod label;
pub mod model;
pub mod order;
pub mod search;
pub mod source;
pub mod stats;
pub mod synthetic;
pub mod view;
pub mod website;
