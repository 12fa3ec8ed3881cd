// Shared set-up of the browser tests: a static server for dist/ on 127.0.0.1
// (loopback only, closed by the tests), Debian's Chromium through
// playwright-core, a request recorder, and the output folder for screenshots.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, "../..");
export const DIST = path.resolve(process.env.CONFINE_DIST || path.join(ROOT, "dist"));
export const OUT = path.resolve(process.env.CONFINE_TEST_OUTPUT || path.join(ROOT, "tests/output/browser"));
export const CHROMIUM = process.env.CONFINE_CHROMIUM || "/usr/bin/chromium";
fs.mkdirSync(OUT, { recursive: true });

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
};

/** Every file under dir, as URL paths ("/index.html"). */
export function listFiles(dir) {
  const out = [];
  const walk = (d, prefix) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith(".")) continue;
      if (e.isDirectory()) walk(path.join(d, e.name), prefix + e.name + "/");
      else out.push(prefix + e.name);
    }
  };
  walk(dir, "/");
  return out;
}

/**
 * The response headers a `_headers` file (Netlify / Cloudflare Pages format:
 * a path pattern, then indented `Name: value` lines) gives `urlPath`.
 */
export function headersFor(text, urlPath) {
  const out = {};
  let applies = false;
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim();
      applies = pattern.endsWith("*") ? urlPath.startsWith(pattern.slice(0, -1)) : urlPath === pattern;
    } else if (applies) {
      const cut = line.indexOf(":");
      if (cut > 0) out[line.slice(0, cut).trim().toLowerCase()] = line.slice(cut + 1).trim();
    }
  }
  return out;
}

/**
 * A static server for `dir` on 127.0.0.1 (a free port), gzip when asked.
 * Options: `files` ({"/path": text}: served in addition to dir, e.g. a host
 * page for an embed), `headers` (apply dir's `_headers`, as a static host
 * that reads it does), `rewrite(urlPath, text)` (change a text file as served,
 * e.g. a deployer's edit of index.html).
 */
export async function serve(dir = DIST, { files = {}, headers = false, rewrite = null } = {}) {
  const log = [];
  const rules = headers ? fs.readFileSync(path.join(dir, "_headers"), "utf8") : null;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(dir, path.normalize(rel).replace(/^(\.\.[/\\])+/, ""));
    let body;
    try {
      if (Object.hasOwn(files, rel)) body = Buffer.from(files[rel]);
      else {
        if (!file.startsWith(dir)) throw new Error("outside");
        body = fs.readFileSync(file);
      }
      if (rewrite && /\.(html|js)$/.test(rel)) body = Buffer.from(rewrite(rel, body.toString("utf8")));
    } catch {
      log.push({ path: url.pathname, status: 404, bytes: 0 });
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    const headers = {
      ...(rules ? headersFor(rules, url.pathname) : {}),
      "content-type": TYPES[path.extname(file)] || "application/octet-stream",
      "cache-control": "no-store",
    };
    if (/\bgzip\b/.test(req.headers["accept-encoding"] || "")) {
      body = zlib.gzipSync(body, { level: 9 });
      headers["content-encoding"] = "gzip";
    }
    log.push({ path: url.pathname, status: 200, bytes: body.length });
    res.writeHead(200, headers);
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Debian's Chromium, headless, with a fresh profile (playwright makes a new temporary user-data-dir per launch). */
export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Records every request of a browser context (pages, workers, frames). The
 * page may load its own files and nothing else: `foreign(allowed)` lists the
 * rest.
 */
export function recordRequests(context) {
  const requests = [];
  context.on("request", (r) => requests.push(r.url()));
  return {
    requests,
    foreign(isAllowed) {
      return requests.filter((u) => !isAllowed(u));
    },
  };
}

/** Allowed: the server's own files that exist in dist/, and data:/blob: URLs the page makes itself. */
export function ownAssets(origin, dir = DIST) {
  const files = new Set(listFiles(dir));
  return (u) => {
    if (u.startsWith("data:") || u.startsWith("blob:")) return true;
    if (!u.startsWith(origin + "/")) return false;
    const p = new URL(u).pathname;
    return files.has(p === "/" ? "/index.html" : p);
  };
}

export async function shot(page, name) {
  const file = path.join(OUT, name + ".png");
  await page.screenshot({ path: file });
  return file;
}

export function writeMetrics(name, data) {
  const file = path.join(OUT, "metrics.json");
  let all = {};
  try {
    all = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    all = {};
  }
  all[name] = data;
  fs.writeFileSync(file, JSON.stringify(all, null, 2) + "\n");
}

/**
 * Wait until the page has shown analysis number > `after` (body[data-analysis])
 * and that analysis answers its newest request (no edit still pending), so a
 * result of an intermediate edit (the empty text between select-all-delete
 * and paste, say) does not count.
 */
export async function waitAnalysis(page, after = 0) {
  await page.waitForFunction(
    (n) => Number(document.body.dataset.analysis || 0) > n && (!window.confine || window.confine.settled()),
    after,
    { timeout: 15000 },
  );
  return Number(await page.evaluate(() => document.body.dataset.analysis));
}

export const tmpdir = () => fs.mkdtempSync(path.join(os.tmpdir(), "confine-browser-"));
