// Starts the app. An external module rather than Trunk's inline script, so that the
// Content-Security-Policy can forbid inline scripts. Trunk passes the hashed file names.
//
// The dataset is asked for first, so that it downloads while the wasm downloads and compiles;
// the app takes this request the first time it loads the data (src/app/load.rs). The URL is
// relative to <base>, for a deploy under a sub-path.
performance.mark("atlas:request");
const dataset = fetch(new URL("data/clusters.json", document.baseURI));
dataset.catch(() => {}); // a failure is the app's to report, not an unhandled rejection
window.atlasDataset = dataset;
const tag = document.querySelector("script[data-js][data-wasm]");
const { default: init } = await import(tag.dataset.js);
await init({ module_or_path: tag.dataset.wasm });
