//! The pure core of ECEI Cluster Atlas: the dataset model and its checked loading, the catalog
//! (search index, sort orders, selection), the view state and its URL form, label rules,
//! statistics, export, dates, the website check and the map asset.
//!
//! Nothing here does I/O or knows of the DOM: the crate depends on no `leptos`, `web-sys`,
//! `js-sys`, `gloo` or `wasm-bindgen`, so the compiler keeps it pure. It is tested natively with
//! `cargo test`; the app (the root package) and `ingest` (`crates/atlas-ingest`) wrap it.

pub mod catalog;
pub mod charts;
pub mod cite;
pub mod compare;
pub mod dates;
pub mod describe;
pub mod expiry;
pub mod export;
pub mod fold;
pub mod ics;
pub mod ids;
pub mod label;
pub mod load;
pub mod map;
pub mod model;
pub mod order;
pub mod picture;
pub mod search;
pub mod shared;
pub mod stats;
pub mod view;
pub mod website;
