//! `ingest`'s library: everything that turns sources into the committed files, natively, at build
//! time. The binary (`main.rs`) parses arguments and reports; the work is here, and the pure parts
//! (`source`, `geo`, `synthetic`) do no I/O.

pub mod countries;
pub mod geo;
pub mod manifest;
pub mod map;
pub mod source;
pub mod synthetic;
pub mod write;
