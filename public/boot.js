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

// The app's JS and both data files are asked for now, in parallel; the wasm, the largest file,
// once the page is painted, when the app starts (docs/PERFORMANCE.md, "The first visit on a
// phone", says why not sooner: Firefox).
const downloads = startDownloads();
await parsedAndPainted();
try {
  const { default: init } = await downloads.glue;
  await init({ module_or_path: downloads.wasm });
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

/** Asks for the app's JS and both data files. The app takes each data file's request the first
 * time it loads it (`window.atlasDataset`, `window.atlasMap`: src/load.rs); a retry asks anew.
 * Each body is read as it arrives, so that no request of the page stays open until the app runs.
 * URLs are relative to <base>, for a deploy under a sub-path. */
function startDownloads() {
  performance.mark("atlas:request");
  const tag = document.querySelector("script[data-js][data-wasm]");
  const url = (path) => new URL(path, document.baseURI);
  // A data file's bytes, or the response itself when the server refused it (the app says why).
  const data = (path) => {
    const request = fetch(url(path)).then((response) => (response.ok ? response.arrayBuffer() : response));
    request.catch(() => {}); // a failure is the app's to report, not an unhandled rejection
    return request;
  };
  window.atlasDataset = data("data/clusters.json");
  window.atlasMap = data("data/world.json");
  return { glue: import(tag.dataset.js), wasm: url(tag.dataset.wasm) };
}

/** Resolves once the page is parsed (the app takes over `#atlas`) and painted (the app's start
 * then does not delay the first paint). */
async function parsedAndPainted() {
  if (document.readyState === "loading") {
    await new Promise((parsed) => document.addEventListener("DOMContentLoaded", parsed, { once: true }));
  }
  await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
}
