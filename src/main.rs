//! The browser entry point: install the panic hook, mount the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(ecei_atlas::app::App);
}

// Natively this binary does nothing; it exists so `cargo build` of the whole package works.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ecei-atlas is a web app: build it with `trunk build --release` (see README).");
}
