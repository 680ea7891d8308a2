// Starts the app. An external module rather than Trunk's inline script, so that the
// Content-Security-Policy can forbid inline scripts. Trunk passes the hashed file names.
//
// The page arrives with the default view rendered into it (src/bin/prerender.rs). A link to
// another view hides that one until the app shows the right one (src/mount.rs).
//
// Every file the app needs is asked for as soon as this runs, all in parallel (docs/PERFORMANCE.md,
// "The first visit on a phone"); the app itself starts once the page is painted.
const html = document.documentElement;
if (location.search.length > 1) html.classList.add("prerender-stale");
// The prerendered "Map and filters" button works before the app takes the page over.
document.addEventListener("click", (event) => {
  const button = event.target.closest && event.target.closest(".explore-toggle");
  const panel = document.getElementById("explore");
  if (!button || !panel || html.dataset.app === "ready") return;
  button.setAttribute("aria-expanded", String(panel.classList.toggle("open")));
});

keepEarlyTaps();
const downloads = startDownloads();
await parsedAndPainted();
await startApp(downloads);

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

/** Asks for the app's code and both data files now, all in parallel. The app takes the two data
 * requests the first time it loads each file (`window.atlasDataset`, `window.atlasMap`: src/load.rs);
 * a retry asks anew. URLs are relative to <base>, for a deploy under a sub-path. */
function startDownloads() {
  performance.mark("atlas:request");
  const tag = document.querySelector("script[data-js][data-wasm]");
  const get = (path) => {
    const request = fetch(new URL(path, document.baseURI));
    request.catch(() => {}); // a failure is the app's to report, not an unhandled rejection
    return request;
  };
  // The wasm first: the largest file, and the one the app cannot start without.
  const wasm = get(tag.dataset.wasm);
  window.atlasDataset = get("data/clusters.json");
  window.atlasMap = get("data/world.json");
  return { glue: import(tag.dataset.js), wasm };
}

/** Resolves once the page is parsed (the app takes over `#atlas`) and painted (the app's start
 * then does not delay the first paint). */
async function parsedAndPainted() {
  if (document.readyState === "loading") {
    await new Promise((parsed) => document.addEventListener("DOMContentLoaded", parsed, { once: true }));
  }
  await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
}

async function startApp({ glue, wasm }) {
  try {
    const { default: init } = await glue;
    await init({ module_or_path: wasm });
  } catch (error) {
    // Without the app, the prerendered view is still better than nothing.
    html.classList.remove("prerender-stale");
    throw error;
  }
}

/** A tap while the app loads is not lost: a link to another view of the atlas in the prerendered
 * page (the country index, the map's frame…) or a country on its map ends in that view, without
 * a second full load. Until the app's router runs (`window.atlasRouting`: src/mount.rs) the
 * address bar is moved here, and the app starts in that view; after that, the router follows the
 * link. Either way the prerendered view, now stale, is hidden until the app shows the new one.
 * The parts the app has already put in place are the app's own. */
function keepEarlyTaps() {
  let prerendered = [];
  const collect = () => {
    prerendered = [...document.querySelectorAll("#atlas [data-region]")];
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", collect, { once: true });
  else collect();
  const waiting = (event) =>
    html.dataset.app !== "ready" &&
    !event.defaultPrevented &&
    !(event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) &&
    prerendered.some((region) => region.isConnected && region.contains(event.target));
  // A country on the prerendered map is not a link: its twin in the country index stands in.
  const indexLinkOf = (target) => {
    const shape = target.closest && target.closest("svg g.country");
    const code = shape && shape.querySelector("[data-country]")?.getAttribute("data-country");
    return code ? document.querySelector(`#atlas a[data-country-link="${CSS.escape(code)}"]`) : null;
  };
  const follow = (event, link) => {
    const to = new URL(link.getAttribute("href") ?? "", document.baseURI);
    const here = new URL(location.href);
    const elsewhere = to.origin !== here.origin || to.pathname !== here.pathname;
    if (elsewhere || link.hasAttribute("download") || (link.target && link.target !== "_self")) return;
    if (to.search === here.search) {
      // An anchor in the page (the skip link) is the browser's; the view already shown needs no reload.
      if (!to.hash) event.preventDefault();
      return;
    }
    html.classList.add("prerender-stale");
    if (window.atlasRouting) return;
    event.preventDefault();
    history.pushState(null, "", to);
  };
  document.addEventListener("click", (event) => {
    if (event.button !== 0 || !waiting(event)) return;
    const standIn = indexLinkOf(event.target);
    const link = !standIn && event.target.closest && event.target.closest("a[href]");
    if (standIn) standIn.click();
    else if (link) follow(event, link);
  });
  document.addEventListener("keydown", (event) => {
    const standIn = (event.key === "Enter" || event.key === " ") && waiting(event) && indexLinkOf(event.target);
    if (!standIn) return;
    event.preventDefault();
    standIn.click();
  });
}
