// `make bench-phone`: how soon a mid-range phone can use the atlas, and how soon it answers a tap.
//
//   node benches/lighthouse/phone.mjs [DIST] [RUNS]     (defaults: dist, 5)
//
// The release build is served gzipped on 127.0.0.1 (serve.mjs), as a static host serves it, and
// opened in headless Chromium under Lighthouse's mobile conditions, applied through DevTools as
// its "devtools" throttling does: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, the CPU 4×
// slower, a 412×823 touch screen. Every load is a cold one: a fresh browser context, so no HTTP
// cache, no code cache and no offline worker.
//
// Per load it prints: the first contentful paint; the app ready (its `atlas:ready` mark, set
// with `data-app="ready"`, which the script waits for, never a fixed time); when the wasm, the
// dataset and the map's two files were requested and arrived (dashes: not before the app was
// ready, as a phone's sprite, which waits for the map to be seen); and then a tap on the country
// index's first country answered: from the tap's event to the frame after the count shows that
// country (a `requestAnimationFrame` and a task later, once the frame is painted). Then the
// median and the range of each, against the budgets of docs/PERFORMANCE.md.
//
// Chromium comes from Debian (CHROME_PATH, default /usr/bin/chromium), started headless with the
// flags this machine needs (no sandbox as root, no background networking: the network is closed).

import puppeteer from "puppeteer-core";
import { CHROMIUM_FLAGS, serveDist } from "./serve.mjs";

const dist = process.argv[2] || "dist";
const runs = Number(process.argv[3] || 5);

/** Lighthouse 12's mobile preset (`constants.throttling.mobileSlow4G`). */
const PHONE = {
  latencyMs: 150,
  downloadBytesPerSecond: (1.6 * 1024 * 1024) / 8,
  uploadBytesPerSecond: (750 * 1024) / 8,
  cpuSlowdown: 4,
  viewport: { width: 412, height: 823, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true },
};
const BUDGET = { firstPaint: 800, ready: 2500, tap: 300 };
/** The longest a load or a tap may take before the run fails. */
const DEADLINE_MS = 60_000;

const { url, server } = await serveDist(dist);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  headless: true,
  args: CHROMIUM_FLAGS,
});

/** One cold load on the emulated phone: its timings, in ms from the navigation. */
async function load() {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport(PHONE.viewport);
    const cdp = await page.createCDPSession();
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: PHONE.latencyMs,
      downloadThroughput: PHONE.downloadBytesPerSecond,
      uploadThroughput: PHONE.uploadBytesPerSecond,
    });
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: PHONE.cpuSlowdown });
    await page.goto(url, { waitUntil: "domcontentloaded", timeout: DEADLINE_MS });
    await page.waitForFunction(() => document.documentElement.dataset.app === "ready", {
      timeout: DEADLINE_MS,
      polling: "mutation",
    });
    const timings = await page.evaluate(() => {
      const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      const file = (test) => {
        const entry = performance.getEntriesByType("resource").find((e) => test(new URL(e.name).pathname));
        return entry ? [entry.startTime, entry.responseEnd] : [NaN, NaN];
      };
      return {
        firstPaint: mark("first-contentful-paint"),
        ready: mark("atlas:ready"),
        started: mark("atlas:fetch-start"),
        indexed: mark("atlas:indexed"),
        html: performance.getEntriesByType("navigation")[0]?.responseEnd ?? NaN,
        files: {
          wasm: file((p) => p.endsWith(".wasm")),
          dataset: file((p) => p.endsWith("/data/clusters.json")),
          map: file((p) => p.endsWith("/data/world.json")),
          sprite: file((p) => p.endsWith("/data/world.svg")),
        },
      };
    });
    timings.tap = await tapCountry(page);
    return timings;
  } finally {
    await context.close();
  }
}

/** Taps the country index's first country; resolves to the ms from the tap's event to the frame
 * after the count shows that country's clusters. */
async function tapCountry(page) {
  const selector = "a[data-country-link]";
  // On a phone the country index may sit in a panel that a button opens: open it first.
  const opener = await page.evaluate((selector) => {
    const link = document.querySelector(selector);
    if (!link || link.getClientRects().length) return null;
    const button = [...document.querySelectorAll("button[aria-controls]")].find((b) => {
      const panel = document.getElementById(b.getAttribute("aria-controls"));
      return panel && panel.contains(link) && b.getClientRects().length;
    });
    return button ? `#${CSS.escape(button.id || (button.id = "bench-opener"))}` : null;
  }, selector);
  if (opener) {
    await page.tap(opener);
    await page.waitForFunction((s) => document.querySelector(s)?.getClientRects().length, { timeout: DEADLINE_MS }, selector);
  }
  await page.evaluate((selector) => {
    const link = document.querySelector(selector);
    const count = () => document.querySelector("[data-testid=result-count]")?.textContent;
    const before = count();
    window.atlasTapAnswered = new Promise((answered) => {
      link.addEventListener(
        "click",
        (event) => {
          const tapped = event.timeStamp;
          const painted = () =>
            requestAnimationFrame(() => setTimeout(() => answered(performance.now() - tapped), 0));
          new MutationObserver((_, observer) => {
            if (count() === before) return;
            observer.disconnect();
            painted();
          }).observe(document.body, { subtree: true, childList: true, characterData: true });
        },
        { capture: true, once: true },
      );
    });
  }, selector);
  await page.tap(selector);
  return page.evaluate(
    (deadline) =>
      Promise.race([window.atlasTapAnswered, new Promise((_, late) => setTimeout(() => late(new Error("no answer")), deadline))]),
    DEADLINE_MS,
  );
}

const ms = (t) => (Number.isFinite(t) ? Math.round(t).toLocaleString("en") : "–");
const span = ([from, to]) => `${ms(from)}–${ms(to)}`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(
  `phone: ${runs} cold loads of ${url} (gzipped), ${PHONE.latencyMs} ms round trip, 1.6 Mbit/s down, ` +
    `CPU ${PHONE.cpuSlowdown}× slower, ${PHONE.viewport.width}×${PHONE.viewport.height}`,
);
const results = [];
try {
  for (let i = 0; i < runs; i++) {
    const t = await load();
    results.push(t);
    console.log(
      `run ${i + 1}: first paint ${ms(t.firstPaint)} ms, ready ${ms(t.ready)} ms, tap answered ${ms(t.tap)} ms; ` +
        `page arrived ${ms(t.html)}, app started ${ms(t.started)}, data indexed ${ms(t.indexed)}; ` +
        `requested–arrived: wasm ${span(t.files.wasm)}, dataset ${span(t.files.dataset)}, ` +
        `map ${span(t.files.map)}, sprite ${span(t.files.sprite)}`,
    );
  }
} finally {
  await browser.close();
  server.close();
}

for (const [what, key] of [
  ["first contentful paint", "firstPaint"],
  ["ready (data-app=ready)", "ready"],
  ["tap → view painted", "tap"],
]) {
  const xs = results.map((r) => r[key]);
  const m = median(xs);
  const verdict = m <= BUDGET[key] ? "within" : "OVER";
  console.log(
    `${what.padEnd(24)} median ${ms(m).padStart(6)} ms   range ${ms(Math.min(...xs))}–${ms(Math.max(...xs))} ms   ` +
      `(${verdict} the ${BUDGET[key].toLocaleString("en")} ms budget)`,
  );
}
