//! `ingest`: the native data tool.
//!
//! - `ingest` rebuilds `public/data/clusters.json` from `data/sources/manifest.json`.
//! - `ingest --country CC FILE...` prints the dataset JSON of saved ESCA country pages.
//! - `ingest --synthetic N [--seed S]` prints N made-up records, for benchmarks.
//! - `ingest map [--source PATH] [--out PATH]` regenerates the map asset.
//!
//! Parsing and the model live in the library's pure core; this file reads, writes and reports.

#[cfg(not(target_arch = "wasm32"))]
mod map;
#[cfg(not(target_arch = "wasm32"))]
mod pages;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match pages::run(&args) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ingest: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

// The package is also built for the browser, where this tool has no meaning.
#[cfg(target_arch = "wasm32")]
fn main() {}
