// The single-file build (dist/confine-standalone.html) opened from file://:
// everything inlined, no request but the file itself (and the blob: worker
// and data: icon it makes from its own bytes).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import fs from "node:fs";
import { launch, recordRequests, shot, waitAnalysis, DIST } from "./support.mjs";

const FILE = path.join(DIST, "confine-standalone.html");
let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test("the single file works from file:// with no network", async () => {
  assert.ok(fs.existsSync(FILE), `${FILE} exists (cargo xtask dist)`);
  const url = "file://" + FILE;
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const recorder = recordRequests(context);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const csp = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) csp.push(m.text());
  });
  await page.goto(url);
  await waitAnalysis(page);
  const rules = await page.$$eval("#findings .finding", (els) => els.map((e) => e.dataset.rule));
  assert.ok(rules.includes("grpc-to-http1-backend"), rules.join(","));
  assert.ok((await page.locator("#view-diff").textContent()).includes("proxy_pass http://billing_backend;"));
  // Analysis as you type works here too (the blob: worker).
  const n = Number(await page.evaluate(() => document.body.dataset.analysis));
  await page.click("#source");
  await page.keyboard.press("Control+End");
  await page.keyboard.type("\n# edited\n");
  await waitAnalysis(page, n);
  // The route box and the error log, through the same worker.
  await page.click("#tab-route");
  await page.fill("#route-uri", "/api/v1/ingest");
  await page.press("#route-uri", "Enter");
  await page.waitForSelector("#route-chain li");
  const roles = await page.$$eval("#route-chain li", (els) => els.map((e) => e.dataset.role + " " + e.querySelector(".step-link").textContent));
  assert.deepEqual(roles.slice(0, 3), ["server nginx.conf:18", "location nginx.conf:25", "handler nginx.conf:26"]);
  const m = Number(await page.evaluate(() => document.body.dataset.analysis));
  await page.fill("#error-log", 'upstream: "grpc://10.20.30.41:8080"\n');
  await waitAnalysis(page, m);
  await page.click("#tab-redaction");
  await page.waitForSelector("#redacted-log");
  assert.doesNotMatch(await page.textContent("#redacted-text"), /10\.20\.30\.41/);
  await shot(page, "11-standalone-file");
  await context.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(csp, [], "no CSP violation");
  const foreign = recorder.requests.filter((u) => u !== url && !u.startsWith("blob:") && !u.startsWith("data:"));
  assert.deepEqual(foreign, [], "no request but the file itself");
});

test("the single file carries a strict CSP: hashes, no third-party origin", () => {
  const html = fs.readFileSync(FILE, "utf8");
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
  assert.match(csp, /default-src 'none'/);
  // The page script (www/app/, bundled) and llm.js, inline, by hash.
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
  assert.match(csp, /connect-src 'self'/);
  assert.doesNotMatch(csp, /https?:|'unsafe-inline'|'unsafe-eval'/);
  assert.doesNotMatch(html, /<script[^>]+src=|<link[^>]+href="(?!data:)/);
});
