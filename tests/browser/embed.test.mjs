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

  // 3. The rest of the message API, from the host page: several files whose
  // include resolves, with options; then get-result sends the result again.
  await page.evaluate(() => {
    window.__results = [];
    window.addEventListener("message", (e) => {
      if (e.data && e.data.type === "confine:result") window.__results.push(e.data);
    });
    document.getElementById("frame").contentWindow.postMessage(
      {
        type: "confine:set-files",
        files: [
          { path: "upstreams.conf", text: "upstream app {\n    server 127.0.0.1:8080;\n}\n" },
          {
            path: "nginx.conf",
            text: "events {}\nhttp {\n    include upstreams.conf;\n    server {\n        listen 80;\n        location / { grpc_pass grpc://app; }\n    }\n}\n",
          },
        ],
        options: { backends: [["app", "http1"]] },
      },
      location.origin,
    );
  });
  await page.waitForFunction(() => window.__results.some((r) => r.findings.some((f) => f.file === "nginx.conf" && f.line === 6)));
  const fromFiles = await page.evaluate(() => window.__results[window.__results.length - 1]);
  assert.deepEqual(fromFiles.findings.map((f) => f.rule), ["grpc-to-http1-backend"]);
  assert.deepEqual(fromFiles.fixed.map((f) => f.path), ["nginx.conf"]);
  assert.match(fromFiles.patch, /\+        location \/ \{ proxy_pass http:\/\/app; \}/);
  const count = await page.evaluate(() => window.__results.length);
  await page.evaluate(() => document.getElementById("frame").contentWindow.postMessage({ type: "confine:get-result" }, location.origin));
  await page.waitForFunction((n) => window.__results.length > n, count);

  // 4. The element's methods: setConfig replaces its config.
  await page.evaluate(() => document.getElementById("sandbox").setConfig("events {}\nhttp { server { listen 80; } }\n"));
  await page.waitForFunction(() => /no problems/.test(document.getElementById("sandbox-summary").textContent));
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
  // A second message, to a listener of the test's own, marks when the first
  // has been dispatched to every listener (messages are delivered in order).
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        window.addEventListener("message", (e) => e.data === "confine-test:after" && resolve());
        window.postMessage({ type: "confine:set-config", text: "location / { grpc_pass grpc://x; }" }, "*");
        window.postMessage("confine-test:after", "*");
      }),
  );
  assert.equal(await page.inputValue("#source"), "");
  await context.close();
});
