// The 502 doctor in the page (issue 22, item 6), in Debian's headless
// Chromium: the error-log box (pasted, dropped, opened), the log redacted in
// the config's run with the same placeholders, and the Route view's chain
// with links to the lines. Every test fails on a request that is not one of
// the page's own files and on any page error.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, recordRequests, ownAssets, shot, waitAnalysis } from "./support.mjs";

const HOST = "billing.payments.acme.internal";
const CLIENT = "81.2.69.160";
/** The example's incident as nginx logs it, with an unrelated line. */
const LOG =
  `2026/12/07 03:12:44 [error] 31#31: *7 upstream sent too large http2 frame: 4740180 while reading response header from upstream, ` +
  `client: ${CLIENT}, server: ${HOST}, request: "POST /api/v1/ingest HTTP/2.0", upstream: "grpc://10.20.30.41:8080", host: "${HOST}"\n` +
  "2026/12/07 03:12:46 [notice] 1#1: signal process started\n";

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

async function open(path = "/") {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const recorder = recordRequests(context);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/.test(m.text())) errors.push("CSP: " + m.text());
  });
  await page.goto(server.origin + path);
  await waitAnalysis(page);
  return {
    page,
    async close() {
      const foreign = recorder.foreign(ownAssets(server.origin));
      await context.close();
      assert.deepEqual(errors, [], "no uncaught errors in the page");
      assert.deepEqual(foreign, [], "the page requested only its own files");
    },
  };
}

const analysis = (page) => page.evaluate(() => Number(document.body.dataset.analysis));

/** Drop files ([[name, text], ...]) on the element `selector`. */
async function dropFiles(page, selector, files) {
  await page.evaluate(
    ([selector, files]) => {
      const dt = new DataTransfer();
      for (const [name, text] of files) dt.items.add(new File([text], name, { type: "text/plain" }));
      const target = document.querySelector(selector);
      for (const type of ["dragenter", "dragover", "drop"]) {
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    [selector, files],
  );
}

/** The placeholder the mapping gives `original` (exactly one). */
function placeholderOf(redaction, original) {
  const found = redaction.mapping.filter((m) => m.original === original).map((m) => m.placeholder);
  assert.equal(found.length, 1, `${original}: ${found}`);
  return found[0];
}

describe("the error log", () => {
  test("pasted, it goes with each analysis and is redacted in the config's run, with the same placeholders", async () => {
    const { page, close } = await open();
    assert.equal(await page.getAttribute("#error-log", "aria-describedby"), "log-hint");
    let n = await analysis(page);
    await page.fill("#error-log", LOG);
    n = await waitAnalysis(page, n);
    assert.equal(await page.evaluate(() => window.confine.state.lastRequest.error_log), LOG);
    await page.click("#tab-redaction");
    await page.waitForSelector("#redacted-log");
    const r = await page.evaluate(() => window.confine.state.result.redaction);
    const ip = placeholderOf(r, "10.20.30.41");
    const host = placeholderOf(r, HOST);
    const client = placeholderOf(r, CLIENT);
    const expected = LOG.replace("10.20.30.41", ip).replaceAll(HOST, host).replace(CLIENT, client);
    assert.equal(r.log.text, expected);
    assert.ok(r.files[0].text.includes(`server ${ip}:8080`), "the config has the log's placeholder for the address");
    assert.ok(r.files[0].text.includes(`server_name ${host};`), "and for the host");
    const pane = await page.locator("#redacted-text").textContent();
    assert.ok(pane.endsWith("# error log\n" + expected + "\n"), pane.slice(-600));
    const html = await page.locator("#view-redaction").innerHTML();
    for (const original of [HOST, "10.20.30.41", CLIENT]) assert.ok(!html.includes(original), original + " is not in the pane");
    // The log's placeholders are marked, as the config's are.
    const marks = await page.locator("#redacted-text mark.redacted").allTextContents();
    assert.deepEqual(marks.slice(-4), [client, host, ip, host]);
    await shot(page, "20-error-log-redacted");
    // Cleared: no log in the request, none in the pane.
    await page.click("#log-clear");
    await waitAnalysis(page, n);
    assert.equal(await page.inputValue("#error-log"), "");
    assert.equal(await page.evaluate(() => "error_log" in window.confine.state.lastRequest), false);
    assert.equal(await page.evaluate(() => window.confine.state.result.redaction.log), null);
    assert.equal(await page.locator("#redacted-log").count(), 0);
    await close();
  });

  test("the findings the log proves are marked with their log line; the events are listed with what they mean", async () => {
    const { page, close } = await open();
    const grpc = '#findings li.finding[data-rule="grpc-to-http1-backend"]';
    assert.equal(await page.getAttribute(grpc, "data-from"), null, "without a log the finding is the config's own");
    let n = await analysis(page);
    await page.fill("#error-log", LOG);
    n = await waitAnalysis(page, n);
    // The example's grpc_pass line, now proved by line 1 of the log.
    assert.equal(await page.getAttribute(grpc, "data-from"), "log");
    assert.equal(await page.locator(`${grpc} .log-tag`).textContent(), "from the log");
    assert.equal(await page.locator(`${grpc} .where`).textContent(), "nginx.conf:26:13");
    assert.equal(await page.locator(`${grpc} .from-log .log-link`).textContent(), "error.log:1");
    assert.equal(await page.locator(`${grpc} .from-log code`).textContent(), LOG.split("\n")[0]);
    assert.equal(await page.locator('#findings li.finding[data-from="log"]').count(), 1, "only the finding the log proves");
    // The events: the frame error with its finding, the notice with none.
    assert.equal(await page.locator("#log-summary").textContent(), "2 events in 2 lines, 0 ignored");
    const events = page.locator("#log-events li.log-event");
    assert.equal(await events.count(), 2);
    const first = await events.nth(0).textContent();
    assert.ok(first.startsWith("error.log:1 error nginx spoke HTTP/2 to the upstream (grpc_pass)"), first);
    assert.ok(first.includes("(1 finding)") && first.endsWith("Route POST /api/v1/ingest"), first);
    assert.ok(!(await events.nth(1).textContent()).includes("finding"), "the notice proves nothing");
    // The line's link selects that line of the log box.
    await page.click(`${grpc} .from-log .log-link`);
    assert.equal(await page.evaluate(() => document.body.dataset.logLine), "1");
    const selected = await page.evaluate(() => {
      const ta = document.getElementById("error-log");
      return ta.value.slice(ta.selectionStart, ta.selectionEnd);
    });
    assert.equal(selected, LOG.split("\n")[0]);
    await shot(page, "21-finding-from-the-log");
    await close();
  });

  test("an error.log dropped on the log box, or beside a config, goes to the log box; Open… reads one too", async () => {
    const { page, close } = await open();
    const example = await page.inputValue("#source");
    let n = await analysis(page);
    await dropFiles(page, "#error-log", [["nginx-errors.txt", LOG]]);
    n = await waitAnalysis(page, n);
    assert.equal(await page.inputValue("#error-log"), LOG, "anything dropped on the log box is the log");
    assert.equal(await page.inputValue("#source"), example, "the config stays");
    assert.match(await page.textContent("#toast"), /Loaded nginx-errors\.txt as the error log/);
    // A config and an error.log dropped on the editor: each where it belongs.
    const conf = "events {}\nhttp { server { listen 80; location / { proxy_pass http://127.0.0.1:9000; } } }\n";
    const other = "2026/12/07 03:13:00 [error] 31#31: *9 no live upstreams while connecting to upstream\n";
    await dropFiles(page, "#source", [["error.log", other], ["nginx.conf", conf]]);
    n = await waitAnalysis(page, n);
    assert.equal(await page.inputValue("#source"), conf);
    assert.deepEqual(await page.locator("#file-tabs .tab").allTextContents(), ["nginx.conf"]);
    assert.equal(await page.inputValue("#error-log"), other);
    assert.equal(await page.evaluate(() => window.confine.state.lastRequest.error_log), other);
    // The Open… button (for keyboards: a drop needs a mouse).
    await page.setInputFiles("#log-file-input", { name: "error.log.1", mimeType: "text/plain", buffer: Buffer.from(LOG) });
    await waitAnalysis(page, n);
    assert.equal(await page.inputValue("#error-log"), LOG);
    await close();
  });
});

/** Route the request in the form: fill it, press Enter in the URI field. */
async function route(page, { method = "GET", uri = "/", host = "", port = "" }) {
  const before = await page.evaluate(() => window.confine.state.route.view);
  await page.selectOption("#route-method", method);
  await page.fill("#route-host", host);
  await page.fill("#route-port", port);
  await page.fill("#route-uri", uri);
  await page.press("#route-uri", "Enter");
  await page.waitForFunction((b) => {
    const r = window.confine.state.route;
    return (r.view || r.error) && JSON.stringify([r.view, r.error]) !== b;
  }, JSON.stringify([before, null]));
}

const chain = (page) =>
  page.$$eval("#route-chain li", (els) =>
    els.map((li) => [li.dataset.role, li.querySelector(".step-link").textContent, li.querySelector("code").textContent]),
  );

/** The editor's selection: its line and its text. */
const selection = (page) =>
  page.evaluate(() => {
    const ta = document.getElementById("source");
    return { line: ta.value.slice(0, ta.selectionStart).split("\n").length, text: ta.value.slice(ta.selectionStart, ta.selectionEnd) };
  });

describe("the route box", () => {
  test("the chain server → location → handler → upstream of the failing request, each step's link selects its line", async () => {
    const { page, close } = await open();
    await page.click("#findings");
    await page.keyboard.press("Alt+5");
    assert.equal(await page.getAttribute("#tab-route", "aria-selected"), "true");
    assert.equal(await page.isVisible("#view-route"), true);
    await route(page, { method: "POST", uri: "/api/v1/ingest", host: HOST, port: "443" });
    assert.deepEqual(await chain(page), [
      ["server", "nginx.conf:18", "server {"],
      ["location", "nginx.conf:25", "location /api/ {"],
      ["handler", "nginx.conf:26", "grpc_pass grpc://billing_backend;"],
      ["setting", "nginx.conf:27", 'grpc_set_header Authorization "Bearer fake-7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e";'],
      ["setting", "nginx.conf:28", "grpc_read_timeout 30s;"],
      ["upstream", "nginx.conf:12", "upstream billing_backend {"],
      ["peer", "nginx.conf:14", "server 10.20.30.41:8080 max_fails=3 fail_timeout=10s;"],
      ["peer", "nginx.conf:15", "server 10.20.30.42:8080 max_fails=3 fail_timeout=10s;"],
    ]);
    assert.equal(await page.textContent('#route-chain li[data-role="server"] .why'), `(server_name ${HOST}: exact name)`);
    assert.equal(await page.textContent('#route-chain li[data-role="location"] .why'), "(longest prefix)");
    await shot(page, "21-route");
    // Each link moves the editor to its line.
    await page.click('#route-chain li[data-role="handler"] .step-link');
    assert.deepEqual(await selection(page), { line: 26, text: "            grpc_pass grpc://billing_backend;" });
    await page.click('#route-chain li[data-role="peer"] .step-link >> nth=1');
    assert.deepEqual(await selection(page), { line: 15, text: "        server 10.20.30.42:8080 max_fails=3 fail_timeout=10s;" });
    // Another host, no port: the first server, the port it listens on, /reports/.
    await route(page, { uri: "/reports/q", host: "elsewhere.example" });
    const steps = await chain(page);
    assert.deepEqual(steps.slice(0, 3).map((s) => s[1]), ["nginx.conf:18", "nginx.conf:31", "nginx.conf:32"]);
    assert.equal(await page.textContent('#route-chain li[data-role="server"] .why'), "(no name matched and no default_server: the first server on the port)");
    assert.equal(await page.textContent("#route-note"), "no port given: assumed 443, a port the config listens on");
    await close();
  });

  test("the route follows edits; a stopped route and a bad port say why", async () => {
    const { page, close } = await open();
    await page.click("#tab-route");
    await route(page, { method: "POST", uri: "/api/v1/ingest", host: HOST });
    assert.equal((await chain(page))[2][2], "grpc_pass grpc://billing_backend;");
    // The config changes: the shown route is asked again.
    const text = await page.inputValue("#source");
    const before = await page.evaluate(() => JSON.stringify(window.confine.state.route.view));
    await page.evaluate((t) => window.confine.setFiles([{ path: "nginx.conf", text: t }]), text.replace("grpc_pass grpc://billing_backend;", "proxy_pass http://billing_backend;"));
    await page.waitForFunction((b) => JSON.stringify(window.confine.state.route.view) !== b, before);
    assert.deepEqual((await chain(page))[2], ["handler", "nginx.conf:26", "proxy_pass http://billing_backend;"]);
    // No server on the port: the route stops, and says so.
    await route(page, { method: "POST", uri: "/api/v1/ingest", host: HOST, port: "80" });
    assert.deepEqual(await chain(page), []);
    assert.equal(await page.textContent("#route-note"), "Stopped: no server listens on port 80");
    assert.ok(await page.$eval("#route-note", (e) => e.classList.contains("route-stopped")));
    // A port nginx cannot have: the form says so and asks nothing.
    const asked = await page.evaluate(() => window.confine.state.route.asked);
    await page.fill("#route-port", "70000");
    await page.press("#route-uri", "Enter");
    assert.equal(await page.$eval("#route-port", (e) => e.validity.rangeOverflow), true);
    assert.deepEqual(await page.evaluate(() => window.confine.state.route.asked), asked);
    // A URI nginx refuses: the core's reason.
    await route(page, { uri: "/../etc/passwd", host: HOST, port: "443" });
    assert.equal(await page.textContent("#route-note"), 'Stopped: "/../etc/passwd" climbs above the root: nginx answers 400 Bad Request');
    assert.deepEqual((await chain(page)).map((s) => s[0]), ["server"]);
    await close();
  });

  test("the log and the asked route are kept across the LLM assist's reload", async () => {
    const { page, close } = await open();
    await page.fill("#error-log", LOG);
    await page.click("#tab-route");
    await route(page, { method: "POST", uri: "/api/v1/ingest", host: HOST, port: "443" });
    const kept = await page.evaluate(() => window.confine.keep());
    assert.equal(kept.errorLog, LOG);
    assert.deepEqual(kept.route, { method: "POST", uri: "/api/v1/ingest", host: HOST, port: "443" });
    // What www/llm.js does before it reloads, then the reload.
    await page.evaluate((k) => sessionStorage.setItem("confine.llm.keep", JSON.stringify(k)), kept);
    await Promise.all([page.waitForEvent("load"), page.reload()]);
    await waitAnalysis(page);
    assert.equal(await page.inputValue("#error-log"), LOG);
    assert.equal(await page.evaluate(() => window.confine.state.lastRequest.error_log), LOG);
    assert.equal(await page.inputValue("#route-uri"), "/api/v1/ingest");
    assert.equal(await page.inputValue("#route-method"), "POST");
    assert.equal(await page.getAttribute("#tab-route", "aria-selected"), "true");
    await page.waitForSelector("#route-chain li");
    assert.equal((await chain(page))[1][1], "nginx.conf:25");
    await close();
  });
});
