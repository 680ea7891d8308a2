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
  showMapIfSeen();
});
showMapIfSeen();

// The app's JS and both data files are asked for now, in parallel; the wasm, the largest file, as
// soon as the page's first content is painted, and the app starts once the page is parsed and
// painted (docs/PERFORMANCE.md, "The first visit on a phone", says why not sooner).
keepEarlyTaps();
const downloads = startDownloads();
const pagePainted = parsedAndPainted();
const wasm = contentPainted(pagePainted).then(() => fetch(downloads.wasm));
wasm.catch(() => {}); // a failure is init's to report, below
await pagePainted;
try {
  const { default: init } = await downloads.glue;
  await init({ module_or_path: wasm });
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
 * A data file's body is read as it arrives. The wasm's URL is returned; its body is read by the
 * glue, which compiles it as it comes.
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

/** Resolves once the page's first content is painted, or, in an engine that does not say when,
 * once `pagePainted` (the page parsed and painted) resolves. */
function contentPainted(pagePainted) {
  const painted = new Promise((resolve) => {
    try {
      new PerformanceObserver((entries, observer) => {
        if (!entries.getEntriesByName("first-contentful-paint").length) return;
        observer.disconnect();
        resolve();
      }).observe({ type: "paint", buffered: true });
    } catch {
      // no paint timing: the fallback below
    }
  });
  return Promise.race([painted, pagePainted]);
}

/** The prerendered map waits in a <template> (src/bin/prerender.rs says why) until its panel is
 * shown: at once on a wide screen, when the "Map and filters" sheet opens on a narrow one. The
 * app puts its own map in place when it takes the page over. */
function showMapIfSeen() {
  const map = document.querySelector("#atlas template[data-map]");
  const panel = map && map.closest(".explore");
  if (panel && getComputedStyle(panel).display !== "none") map.replaceWith(map.content);
}

/** Resolves once the page is parsed (the app takes over `#atlas`) and painted (the app's start
 * then does not delay the first paint). */
async function parsedAndPainted() {
  if (document.readyState === "loading") {
    await new Promise((parsed) => document.addEventListener("DOMContentLoaded", parsed, { once: true }));
  }
  await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
}

/** A tap while the app loads is not lost: a link to another view in the prerendered page (the
 * country index, the map's frame…) or a country on its map ends in that view, without a second
 * full load. The address bar moves here and a `popstate` tells the app's router, if it runs
 * already; if not, the app starts in the view the address names. The prerendered view, now
 * stale, is hidden until the app shows the new one. Parts the app has put in place are its own. */
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
      // An anchor in the page (the skip link) is the browser's; the view shown needs no reload.
      if (!to.hash) event.preventDefault();
      return;
    }
    event.preventDefault();
    html.classList.add("prerender-stale");
    history.pushState(null, "", to);
    dispatchEvent(new PopStateEvent("popstate"));
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
