//! The browser entry point: mounts the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic's message in the console in debug builds; a release build keeps the 1.1 KB (the
    // wasm's cap) and still fails loudly, as `RuntimeError: unreachable`.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    ecei_atlas::mount();
}

// Natively this binary does nothing; it exists so `cargo build` of the whole workspace works.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ecei-atlas is a web app: build it with `trunk build --release` (see README).");
}
