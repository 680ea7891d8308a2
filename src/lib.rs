//! ECEI Cluster Atlas: the pure core (`core`) and the Leptos components (`app`).
//!
//! `main.rs` only mounts `app::App`; the `ingest` binary uses `core` natively.

pub mod app;
pub mod core;
