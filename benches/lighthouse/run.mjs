// `make lighthouse`: Lighthouse against the release build, served gzipped on 127.0.0.1 as a CDN
// would serve it, for desktop and for mobile (Lighthouse's default throttling), three runs each.
// Prints every run's four scores, LCP, CLS and TBT, and the median run of each form factor.
//
//   node benches/lighthouse/run.mjs [DIST] [RUNS]     (defaults: dist, 3)
//
// Chromium comes from Debian (CHROME_PATH, default /usr/bin/chromium), started headless with the
// flags this machine needs (no sandbox as root, no background networking: the network is closed).

import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import * as chromeLauncher from "chrome-launcher";
import { CHROMIUM_FLAGS, serveDist } from "./serve.mjs";

const dist = process.argv[2] || "dist";
const runs = Number(process.argv[3] || 3);
const { url, server } = await serveDist(dist);

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", ...CHROMIUM_FLAGS],
});

const categories = ["performance", "accessibility", "best-practices", "seo"];
const results = { desktop: [], mobile: [] };
try {
  for (const form of ["desktop", "mobile"]) {
    for (let i = 0; i < runs; i++) {
      const config = form === "desktop" ? desktopConfig : undefined;
      const { lhr } = await lighthouse(
        url,
        { port: chrome.port, output: "json", logLevel: "error", onlyCategories: categories },
        config,
      );
      const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
      const audit = (a) => lhr.audits[a]?.numericValue ?? NaN;
      const failed = Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
        .map((a) => a.id);
      const run = {
        performance: score("performance"),
        accessibility: score("accessibility"),
        "best-practices": score("best-practices"),
        seo: score("seo"),
        lcp: audit("largest-contentful-paint"),
        cls: audit("cumulative-layout-shift"),
        tbt: audit("total-blocking-time"),
        failed,
      };
      results[form].push(run);
      console.log(
        `${form.padEnd(7)} run ${i + 1}: performance ${run.performance}, accessibility ${run.accessibility}, ` +
          `best practices ${run["best-practices"]}, SEO ${run.seo}; LCP ${Math.round(run.lcp)} ms, ` +
          `CLS ${run.cls.toFixed(3)}, TBT ${Math.round(run.tbt)} ms` +
          (failed.length ? `; failing: ${failed.join(", ")}` : ""),
      );
    }
  }
} finally {
  await chrome.kill();
  server.close();
}

// The median run by performance score (then LCP), as Lighthouse's own docs advise.
for (const [form, list] of Object.entries(results)) {
  const sorted = [...list].sort((a, b) => a.performance - b.performance || b.lcp - a.lcp);
  const m = sorted[Math.floor(sorted.length / 2)];
  console.log(
    `median ${form}: performance ${m.performance}, accessibility ${m.accessibility}, best practices ` +
      `${m["best-practices"]}, SEO ${m.seo}; LCP ${Math.round(m.lcp)} ms, CLS ${m.cls.toFixed(3)}, ` +
      `TBT ${Math.round(m.tbt)} ms`,
  );
}
