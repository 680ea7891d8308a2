// Starts the app. An external module rather than Trunk's inline script, so that the
// Content-Security-Policy can forbid inline scripts. Trunk passes the hashed file names.
//
// The page arrives with the default view rendered into it (src/bin/prerender.rs). A link to
// another view hides that one until the app shows the right one (src/mount.rs).
const html = document.documentElement;
if (location.search.length > 1) html.classList.add("prerender-stale");
// The prerendered "Map and filters" button works before the app takes the page over.
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest(".explore-toggle");
  const panel = document.getElementById("explore");
  if (!button || !panel || html.dataset.app === "ready") return;
  button.setAttribute("aria-expanded", String(panel.classList.toggle("open")));
});

// Nothing more until the prerendered page is painted: the app's downloads wait for it rather
// than compete with it.
await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));

// The dataset first, so that it downloads while the wasm downloads and compiles; the app takes
// this request the first time it loads the data (src/load.rs). URLs are relative to <base>, for
// a deploy under a sub-path.
performance.mark("atlas:request");
const dataset = fetch(new URL("data/clusters.json", document.baseURI));
dataset.catch(() => {}); // a failure is the app's to report, not an unhandled rejection
window.atlasDataset = dataset;

const tag = document.querySelector("script[data-js][data-wasm]");
try {
  const { default: init } = await import(tag.dataset.js);
  await init({ module_or_path: tag.dataset.wasm });
} catch (error) {
  // Without the app, the prerendered view is still better than nothing.
  html.classList.remove("prerender-stale");
  throw error;
}

// Offline use, once the app shows its view (its downloads would compete with the page's): release
// builds only (their page is prerendered; `make serve`'s is not), so that live reload keeps working.
if (document.querySelector("#atlas[data-rendered-on]")) {
  const offline = () => import(new URL("offline.js", document.baseURI).href).catch(() => {});
  const ready = () => html.dataset.app === "ready";
  if (ready()) offline();
  else
    new MutationObserver((_, observer) => {
      if (!ready()) return;
      observer.disconnect();
      offline();
    }).observe(html, { attributes: true, attributeFilter: ["data-app"] });
}
