// A static host for a build, on 127.0.0.1: the files of `dist`, gzipped when the browser accepts
// it (everything but PNG images is text or wasm, which compress well), as a CDN serves them;
// index.html for a directory, 404 for the rest. Each file is compressed once, as a CDN keeps its
// compressed copy: gzip -9 of the wasm takes this machine a tenth of a second or more, which
// would otherwise be counted in every load the benchmarks time.

import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".txt": "text/plain",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
};

/** Serves `dist`; resolves to its root URL and the server (to `close()`). */
export async function serveDist(dist) {
  const compressed = new Map();
  const gzipped = (file, body) => {
    if (!compressed.has(file)) compressed.set(file, gzipSync(body, { level: 9 }));
    return compressed.get(file);
  };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    const file = normalize(join(dist, path.endsWith("/") ? path + "index.html" : path));
    if (!file.startsWith(normalize(dist))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(file);
      const type = types[extname(file)] || "application/octet-stream";
      const gzip = /\bgzip\b/.test(req.headers["accept-encoding"] || "") && type !== "image/png";
      res.writeHead(200, {
        "Content-Type": type,
        "Cache-Control": "public, max-age=3600",
        ...(gzip ? { "Content-Encoding": "gzip", Vary: "Accept-Encoding" } : {}),
      });
      res.end(gzip ? gzipped(file, body) : body);
    } catch {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    }
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${server.address().port}/`, server };
}

/** Headless Chromium's flags here, the end-to-end tests' own (tests/support/chromium-flags.txt). */
export const CHROMIUM_FLAGS = readFileSync(new URL("../../tests/support/chromium-flags.txt", import.meta.url), "utf8")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"));
