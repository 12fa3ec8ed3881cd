// www/embed-example.html: the <confine-sandbox> element and the iframe with
// its postMessage API, on a page served from 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, recordRequests, ownAssets, shot } from "./support.mjs";

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("the embed example: custom element and postMessage iframe both report findings", async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 1900 } });
  const recorder = recordRequests(context);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(server.origin + "/embed-example.html");

  // 1. <confine-sandbox>: its result arrives as a DOM event, shown in the summary.
  await page.waitForFunction(() => /grpc-to-http1-backend/.test(document.getElementById("sandbox-summary").textContent), null, { timeout: 20000 });
  const sandbox = page.frameLocator("confine-sandbox iframe");
  await sandbox.locator('#findings [data-rule="grpc-to-http1-backend"]').waitFor();
  // Only the panes it asked for.
  assert.equal(await sandbox.locator("#pane-output").isVisible(), true);
  assert.equal(await sandbox.locator("#tab-redaction").isVisible(), false);
  const src = await sandbox.locator("#source").inputValue();
  assert.match(src, /^upstream billing_backend \{\n    keepalive 16;/, "the element's config, dedented");

  // 2. The iframe: the example page sends a config on `confine:ready`.
  await page.waitForFunction(() => document.body.dataset.frameResult === "grpc-to-http1-backend", null, { timeout: 20000 });
  await page.click("#send-fixed");
  await page.waitForFunction(() => document.body.dataset.frameResult === "none", null, { timeout: 20000 });
  await page.click("#send-dark");
  const frame = page.frameLocator("#frame");
  await frame.locator("html[data-theme=dark]").waitFor();
  await page.click("#send-broken");
  await page.waitForFunction(() => document.body.dataset.frameResult === "grpc-to-http1-backend");
  await shot(page, "12-embed-example");
  await context.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(recorder.foreign(ownAssets(server.origin)), [], "only the site's own files");
});

test("an iframe ignores messages from an origin other than its ?parent=", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.origin + "/index.html?embed=1&example=0&parent=https://docs.example.invalid");
  await page.waitForFunction(() => document.body.dataset.analysis);
  // The page's own window posts as a stand-in for a foreign parent: dropped.
  await page.evaluate(() => window.postMessage({ type: "confine:set-config", text: "location / { grpc_pass grpc://x; }" }, "*"));
  await page.waitForTimeout(300);
  assert.equal(await page.inputValue("#source"), "");
  await context.close();
});
