//! The browser entry point: install the panic hook, mount the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    // A panic's message in the console, in release builds too: a bug report can then say what
    // happened, for ~1 KB of wasm.
    console_error_panic_hook::set_once();
    ecei_atlas::mount();
}

// Natively this binary does nothing; it exists so `cargo build` of the whole workspace works.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("ecei-atlas is a web app: build it with `trunk build --release` (see README).");
}
