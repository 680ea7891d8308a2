// The offline worker (ARCHITECTURE.md, "Offline"). A release build fills in BUILD and FILES.
// Nothing changes under an open page by itself: a newer build waits to be activated, a newer
// dataset waits in NEWER, until the page's Reload asks for them. A failed response is never cached.
// The network is asked for a newer dataset only once the page is shown, so as not to slow it.
const BUILD = "unbuilt";
const FILES = [];

const CACHE = `atlas-${BUILD}`;
const NEWER = "atlas-newer-dataset";
const DATASET = "data/clusters.json";

const scoped = (path) => new URL(path, self.registration.scope).href;

self.addEventListener("install", (event) => {
  // All or nothing: a half-filled cache never activates.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES.map(scoped))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("atlas-") && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(self.registration.scope)) return;
  if (request.mode === "navigate") {
    event.respondWith(cached(scoped("./"), request));
  } else {
    event.respondWith(cached(request.url, request));
  }
});

async function cached(url, request) {
  const hit = await caches.match(url, { cacheName: CACHE, ignoreSearch: true });
  return hit || fetch(request);
}

// Whether the network has another dataset than the cached one; if so it waits in NEWER.
async function lookForNewer() {
  const url = scoped(DATASET);
  const current = await caches.match(url, { cacheName: CACHE });
  let fresh;
  try {
    fresh = await fetch(url, { cache: "no-cache" });
  } catch {
    return false;
  }
  if (!current || !fresh.ok) return false;
  const [now, next] = await Promise.all([current.arrayBuffer(), fresh.clone().arrayBuffer()]);
  if (sameBytes(now, next)) {
    await caches.delete(NEWER);
    return false;
  }
  await (await caches.open(NEWER)).put(url, fresh);
  return true;
}

function sameBytes(a, b) {
  if (a.byteLength !== b.byteLength) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

self.addEventListener("message", (event) => {
  const reply = (message) => event.ports[0] && event.ports[0].postMessage(message);
  const type = event.data && event.data.type;
  if (type === "atlas:activate") {
    self.skipWaiting();
  } else if (type === "atlas:look-for-newer") {
    event.waitUntil(lookForNewer().then((newer) => reply({ newer })));
  } else if (type === "atlas:take-newer") {
    event.waitUntil(
      (async () => {
        const newer = await caches.open(NEWER);
        const response = await newer.match(scoped(DATASET));
        if (response) await (await caches.open(CACHE)).put(scoped(DATASET), response);
        await caches.delete(NEWER);
        reply({ taken: true });
      })(),
    );
  }
});
