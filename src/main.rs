//! The browser entry point: mount the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    // Debug builds (`trunk serve`) print a panic's message; release builds leave it out (~1 KB of
    // wasm). A panic there still stops the app with "RuntimeError: unreachable" in the console,
    // which the end-to-end tests fail on.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ecei_atlas::App);
}

// Natively this binary does nothing; it exists so `cargo build` of the whole package works.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ecei-atlas is a web app: build it with `trunk build --release` (see README).");
}
