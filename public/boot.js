// Starts the app. An external module rather than Trunk's inline script, so that the
// Content-Security-Policy can forbid inline scripts. Trunk passes the hashed file names.
const tag = document.querySelector("script[data-js][data-wasm]");
const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: tag.dataset.wasm });
