// "nginx -t without nginx" in the page (issue 23): a config with one of each
// shape that fails in a directive's own handler, pasted into the page in a
// real headless Chromium. Each failure is listed as an error with nginx's own
// words at the line nginx names, a "did you mean" for a misspelt directive,
// and the page asks for nothing but its own files.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, recordRequests, ownAssets, shot, waitAnalysis } from "./support.mjs";

// [line text, the error nginx 1.22.1 gives for it (checked with `nginx -t`), or null].
const LINES = [
  ["events {}", null],
  ["http {", null],
  ["    gzip maybe;", 'invalid value "maybe" in "gzip" directive, it must be "on" or "off"'],
  ["    client_max_body_size 10X;", '"client_max_body_size" directive invalid value'],
  ["    proxy_cache_valid 200 10 minutes;", 'invalid time value "minutes"'],
  ["    proxy_set_heder Host $host;", 'unknown directive "proxy_set_heder"'],
  ["    upstream app { server app.internal:70000; }", 'invalid port in upstream "app.internal:70000"'],
  ["    server {", null],
  ["        listen 80 defualt_server;", 'invalid parameter "defualt_server"'],
  ["        location / { root /a; root /b; }", '"root" directive is duplicate'],
  ["        location = /health { return 204; }", null],
  ["        location = /health { return 200; }", 'duplicate location "/health"'],
  ["        return 301 https://example.com$reqeust_uri;", 'unknown "reqeust_uri" variable'],
  ["    }", null],
  ["}", null],
];

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

describe("nginx -t in the page", () => {
  test("each handler-level error is listed in nginx's words at its line", async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
    const recorder = recordRequests(context);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(server.origin + "/");
    await waitAnalysis(page);
    const before = Number(await page.evaluate(() => document.body.dataset.analysis || 0));
    await page.evaluate((t) => navigator.clipboard.writeText(t), LINES.map(([l]) => l).join("\n") + "\n");
    await page.click("#source");
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.press("Control+V");
    await waitAnalysis(page, before);
    const listed = await page.$$eval("#findings .finding", (els) =>
      els.map((e) => ({
        severity: e.querySelector(".sev").textContent,
        where: e.querySelector(".where").textContent,
        message: e.querySelector(".message").textContent,
        text: e.textContent,
      })),
    );
    LINES.forEach(([, expected], i) => {
      if (!expected) return;
      const line = i + 1;
      const hit = listed.find((f) => f.message.includes(expected) && new RegExp(`:${line}:\\d+$`).test(f.where));
      assert.ok(hit, `line ${line}: "${expected}" among ${JSON.stringify(listed.map((f) => f.where + " " + f.message))}`);
      assert.match(hit.severity, /error/, `line ${line} is an error`);
    });
    const typo = listed.find((f) => f.message.includes('unknown directive "proxy_set_heder"'));
    assert.match(typo.text, /did you mean "proxy_set_header"/);
    await shot(page, "nginx-t-errors");
    const foreign = recorder.foreign(ownAssets(server.origin));
    await context.close();
    assert.deepEqual(errors, []);
    assert.deepEqual(foreign, [], "the page requested only its own files");
  });
});
