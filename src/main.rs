//! The browser entry point: mounts the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic's message in the console, release builds included: 1.1 KB of wasm, ~5 ms at a
    // phone's 1.6 Mbit/s, for a report that says what went wrong rather than `unreachable`.
    console_error_panic_hook::set_once();
    ecei_atlas::mount();
}

// Natively this binary does nothing; it exists so `cargo build` of the whole workspace works.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ecei-atlas is a web app: build it with `trunk build --release` (see README).");
}
