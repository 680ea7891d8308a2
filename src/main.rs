//! The browser entry point: mounts the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic's message in the console while developing. A release build is left without it
    // (~1 KB of wasm); a panic there still shows as a `RuntimeError: unreachable` in the console.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    ecei_atlas::mount();
}

// Natively this binary does nothing; it exists so `cargo build` of the whole workspace works.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ecei-atlas is a web app: build it with `trunk build --release` (see README).");
}
