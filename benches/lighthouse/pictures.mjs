// `make pictures`: the committed images that are made from the app itself, by headless Chromium.
//
//   public/preview.png            the link preview (Open Graph, Twitter cards): the built
//                                 atlas's map as it draws it, 1200 × 630, light colours
//   public/icons/icon-192.png     the app icon for the manifest, from public/favicon.svg
//   public/icons/icon-512.png
//   public/icons/maskable-512.png the same on a full-bleed ground, inside the maskable safe zone
//
//   node benches/lighthouse/pictures.mjs [DIST] [PUBLIC]     (defaults: dist, public)

import { readFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import puppeteer from "puppeteer-core";
import { serveDist } from "./serve.mjs";

const dist = process.argv[2] || "dist";
const out = process.argv[3] || "public";
const { url, server } = await serveDist(dist);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
});
try {
  const page = await browser.newPage();
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: "light" }]);
  // The map alone fills the picture: an embed's map frame, stretched over the window. The
  // page's CSP forbids the style added for that, so the picture's page is told to bypass it.
  await page.setBypassCSP(true);
  await page.setViewport({ width: 1200, height: 630, deviceScaleFactor: 1 });
  await page.goto(`${url}?embed=1`);
  await page.waitForSelector('html[data-app="ready"] svg.map use');
  await page.addStyleTag({
    content:
      ".map-frame { position: fixed; inset: 0; z-index: 99; border: 0; border-radius: 0; background: var(--sea); }" +
      " svg.map { height: 100%; } .map-tip { display: none; }",
  });
  await page.screenshot({ path: join(out, "preview.png") });

  const icon = (await readFile(join(out, "favicon.svg"))).toString("base64");
  await mkdir(join(out, "icons"), { recursive: true });
  for (const [name, size, ground, scale] of [
    ["icon-192.png", 192, "transparent", 1],
    ["icon-512.png", 512, "transparent", 1],
    // Maskable: whatever shape the platform cuts, the central 80 % is kept.
    ["maskable-512.png", 512, "#21918c", 0.7],
  ]) {
    await page.setViewport({ width: size, height: size, deviceScaleFactor: 1 });
    await page.setContent(
      `<html><body style="margin:0;background:${ground};display:grid;place-items:center;height:100vh">` +
        `<img src="data:image/svg+xml;base64,${icon}" style="width:${scale * 100}vw;height:${scale * 100}vh"></body></html>`,
    );
    await page.waitForFunction(() => document.images[0]?.complete);
    await page.screenshot({ path: join(out, "icons", name), omitBackground: ground === "transparent" });
  }
  for (const file of ["preview.png", "icons/icon-192.png", "icons/icon-512.png", "icons/maskable-512.png"]) {
    console.log(`${join(out, file)}: ${(await readFile(join(out, file))).length} B`);
  }
} finally {
  await browser.close();
  server.close();
}
