// Issue 21, items 9-12: the page when storage is blocked, the worker under the
// page's CSP, who may embed the page and receive its results, and the state
// kept across the LLM assist's reload, with one answer per embed request.
//
// "Hostile" pages are served from a second server on 127.0.0.1: another port
// is another origin, as a third-party site would be.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { serve, launch, recordRequests, ownAssets, waitAnalysis, tmpdir, headersFor, DIST } from "./support.mjs";

let site;
let browser;

before(async () => {
  site = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await site?.close();
});

// A config whose finding depends on the options: grpc-to-http1-backend needs
// evidence that `app` speaks HTTP/1.1, and here only the backends option gives it.
const NEEDS_OPTIONS = "upstream app {\n    server 127.0.0.1:8080;\n}\nserver {\n    listen 80;\n    location / {\n        grpc_pass grpc://app;\n    }\n}\n";
const OPTIONS = { nginx_version: "1.22.1", backends: [["app", "http1"]] };

/** A page that frames `src` (set later with `frame(src)`) and records every message its frame posts. */
const HOST = `<!doctype html><meta charset="utf-8"><title>host</title>
<iframe id="f" style="width:900px;height:600px"></iframe>
<script>
window.got = [];
addEventListener("message", (e) => {
  if (e.source === document.getElementById("f").contentWindow) got.push(e.data);
});
window.frame = (src) => { document.getElementById("f").src = src; };
window.send = (msg) => document.getElementById("f").contentWindow.postMessage(msg, "*");
</script>`;

/** The framed page of `host` (a playwright Frame), once it has shown an analysis. */
async function framed(page, src) {
  await page.evaluate((s) => window.frame(s), src);
  const frame = await waitFrame(page, (f) => f.url().includes("/index.html"));
  return frame;
}

async function waitFrame(page, match) {
  for (let i = 0; i < 200; i++) {
    const f = page.frames().find((x) => x !== page.mainFrame() && match(x));
    if (f) return f;
    await page.waitForTimeout(50);
  }
  throw new Error("no such frame: " + page.frames().map((f) => f.url()).join(", "));
}

/** Messages from the frame to the host page, in order, until one with id `id` (or the marker) arrived. */
async function until(page, predicate, timeout = 15000) {
  await page.waitForFunction(predicate, null, { timeout });
  return page.evaluate(() => window.got.slice());
}

// ---------------------------------------------------------------------------
// item 9

describe("blocked storage (cookies off, some embeds)", () => {
  // As Chromium does with cookies blocked: touching either storage throws.
  const blockStorage = () => {
    for (const name of ["localStorage", "sessionStorage"]) {
      Object.defineProperty(window, name, {
        configurable: true,
        get() {
          throw new DOMException("Access is denied for this document.", "SecurityError");
        },
      });
    }
  };

  test("the page loads and analyses the example; Allow says why it cannot reload", async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    await context.addInitScript(blockStorage);
    const recorder = recordRequests(context);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(site.origin + "/");
    assert.equal(
      await page.evaluate(() => {
        try {
          return typeof window.localStorage;
        } catch (e) {
          return e.name;
        }
      }),
      "SecurityError",
      "storage is blocked in this test",
    );
    await waitAnalysis(page);
    const rules = await page.$$eval("#findings .finding", (els) => els.map((e) => e.dataset.rule));
    assert.ok(rules.includes("grpc-to-http1-backend"), rules.join(","));
    // The theme (remembered in localStorage when it can be) still switches.
    await page.click("#theme");
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light");
    // The LLM assist cannot keep the config across its reload: it says so and stays.
    await page.click("#tab-llm");
    await page.selectOption("#llm-provider", "compatible");
    await page.fill("#llm-base", "http://127.0.0.1:9/v1");
    await page.click("#llm-prepare");
    await page.waitForSelector("#llm-allow:not([hidden])");
    await page.evaluate(() => (window.__sameDocument = true));
    await page.click("#llm-allow");
    await page.waitForFunction(() => /storage/i.test(document.getElementById("llm-status").textContent));
    assert.equal(await page.evaluate(() => window.__sameDocument), true, "no reload");
    await context.close();
    assert.deepEqual(errors, []);
    assert.deepEqual(recorder.foreign(ownAssets(site.origin)), []);
  });

  test("<confine-sandbox> in a file:// page (messages with origin \"null\") loads the single file and reports", async () => {
    const dir = tmpdir();
    const distUrl = "file://" + DIST;
    const host = path.join(dir, "docs.html");
    fs.writeFileSync(
      host,
      `<!doctype html><meta charset="utf-8"><title>docs</title>
<script src="${distUrl}/confine-sandbox.js"></script>
<confine-sandbox id="s" src="${distUrl}/confine-standalone.html" nginx-version="1.22.1" backends="app=http1">
<script type="text/plain">
${NEEDS_OPTIONS}</script>
</confine-sandbox>
<script>
document.getElementById("s").addEventListener("confine-result", (e) => {
  document.body.dataset.rules = e.detail.findings.map((f) => f.rule).join(" ") || "none";
});
</script>`,
    );
    const context = await browser.newContext();
    const recorder = recordRequests(context);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto("file://" + host);
    await page.waitForFunction(() => document.body.dataset.rules, null, { timeout: 20000 });
    assert.equal(await page.evaluate(() => document.body.dataset.rules), "grpc-to-http1-backend");
    await context.close();
    assert.deepEqual(errors, []);
    const foreign = recorder.requests.filter((u) => !u.startsWith("file://") && !u.startsWith("blob:") && !u.startsWith("data:"));
    assert.deepEqual(foreign, [], "only local files");
  });
});

// ---------------------------------------------------------------------------
// item 10

test("the worker runs under the page's CSP: its fetch to another origin is refused before it leaves", async () => {
  const other = await serve(tmpdir(), { files: { "/collect": "ok" } });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.origin + "/");
    await waitAnalysis(page);
    const workers = page.workers();
    assert.equal(workers.length, 1);
    // It is the analyser (the wasm is loaded there) ...
    assert.equal(await workers[0].evaluate(() => typeof wasm_bindgen.analyze), "function");
    // ... and a fetch from it, to another origin, is refused by the policy.
    const outcome = await workers[0].evaluate(async (url) => {
      const violations = [];
      self.addEventListener("securitypolicyviolation", (e) => violations.push(e.effectiveDirective));
      let fetched;
      try {
        await fetch(url, { mode: "no-cors" });
        fetched = "sent";
      } catch (_) {
        fetched = "refused";
      }
      await new Promise((r) => setTimeout(r, 100));
      return { fetched, violations };
    }, other.origin + "/collect?config=secret");
    await context.close();
    assert.equal(outcome.fetched, "refused");
    assert.deepEqual(outcome.violations, ["connect-src"]);
    assert.deepEqual(other.log, [], "the other origin got no request");
  } finally {
    await other.close();
  }
});

// ---------------------------------------------------------------------------
// item 11

describe("who may embed the page", () => {
  test("a hostile embedder (not in the deployer's list) gets no result and is not obeyed", async () => {
    const hostile = await serve(tmpdir(), { files: { "/evil.html": HOST } });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(hostile.origin + "/evil.html");
      const frame = await framed(page, site.origin + "/index.html?embed=1&parent=" + encodeURIComponent(hostile.origin));
      await frame.waitForFunction(() => window.confine && window.confine.settled() && document.body.dataset.analysis, null, { timeout: 15000 });
      const example = await frame.inputValue("#source");
      assert.match(example, /grpc_pass/, "the frame analysed its example");
      // The embedder asks for the config and tries to replace it.
      await frame.evaluate(() => {
        window.__marker = new Promise((r) => addEventListener("message", (e) => e.data === "confine-test:marker" && r()));
      });
      await page.evaluate(() => {
        window.send({ type: "confine:get-result", id: 1 });
        window.send({ type: "confine:set-config", id: 2, text: "events {}\n" });
        window.send("confine-test:marker");
      });
      await frame.evaluate(() => window.__marker);
      await frame.waitForFunction(() => window.confine.settled());
      // Messages from the frame arrive in order: after this one, nothing earlier is in flight.
      await frame.evaluate(() => parent.postMessage("confine-test:done", "*"));
      const got = await until(page, () => window.got.includes("confine-test:done"));
      assert.deepEqual(got, ["confine-test:done"], "nothing but the test's own marker reached the embedder");
      assert.equal(await frame.inputValue("#source"), example, "the embedder's config was not taken");
      await context.close();
    } finally {
      await hostile.close();
    }
  });

  test("an origin the deployer lists (<meta name=\"confine-embedders\">) is served, with results", async () => {
    const docs = await serve(tmpdir(), { files: { "/docs.html": HOST } });
    const listed = await serve(DIST, {
      rewrite: (p, text) =>
        p === "/index.html" ? text.replace(/(<meta name="confine-embedders" content=")[^"]*/, `$1'self' ${docs.origin}`) : text,
    });
    try {
      const html = fs.readFileSync(path.join(DIST, "index.html"), "utf8");
      assert.ok(/<meta name="confine-embedders" content="'self'">/.test(html), "the built page allows only itself by default");
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(docs.origin + "/docs.html");
      await framed(page, listed.origin + "/index.html?embed=1&example=0&parent=" + encodeURIComponent(docs.origin));
      await until(page, () => window.got.some((m) => m.type === "confine:ready"));
      await page.evaluate(([text, options]) => window.send({ type: "confine:set-config", id: "docs-1", text, options }), [NEEDS_OPTIONS, OPTIONS]);
      const got = await until(page, () => window.got.some((m) => m.id === "docs-1"));
      const result = got.find((m) => m.id === "docs-1");
      assert.equal(result.type, "confine:result");
      assert.deepEqual(result.findings.map((f) => f.rule), ["grpc-to-http1-backend"]);
      await context.close();
    } finally {
      await listed.close();
      await docs.close();
    }
  });

  test("dist/_headers and the nginx snippet ship frame-ancestors; a host that sends it stops a hostile frame", async () => {
    const headersFile = fs.readFileSync(path.join(DIST, "_headers"), "utf8");
    assert.equal(headersFor(headersFile, "/index.html")["content-security-policy"], "frame-ancestors 'self'");
    const snippet = fs.readFileSync(path.join(DIST, "confine.nginx.conf"), "utf8");
    assert.match(snippet, /^add_header Content-Security-Policy "frame-ancestors 'self'" always;$/m);
    // The snippet is valid nginx: `nginx -t` on a server that includes it.
    const dir = tmpdir();
    fs.writeFileSync(
      path.join(dir, "nginx.conf"),
      `pid ${dir}/nginx.pid;\nerror_log stderr;\nevents {}\nhttp {\n  access_log off;\n  server {\n    listen 127.0.0.1:1;\n    location / {\n      root ${DIST};\n      include ${path.join(DIST, "confine.nginx.conf")};\n    }\n  }\n}\n`,
    );
    execFileSync("nginx", ["-t", "-q", "-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: "pipe" });

    const headed = await serve(DIST, { headers: true });
    const hostile = await serve(tmpdir(), { files: { "/evil.html": HOST } });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      const refused = [];
      page.on("console", (m) => /frame-ancestors/.test(m.text()) && refused.push(m.text()));
      await page.goto(hostile.origin + "/evil.html");
      await page.evaluate((s) => window.frame(s), headed.origin + "/index.html?embed=1&parent=" + encodeURIComponent(hostile.origin));
      await page.waitForTimeout(1500);
      assert.ok(headed.log.some((r) => r.path === "/index.html"), "the frame was requested");
      assert.ok(!headed.log.some((r) => r.path === "/csp.js" || r.path.endsWith(".wasm")), "but the page never ran in it");
      assert.equal(refused.length > 0, true, "Chromium refused the frame: " + refused.join(" | "));
      // The deployer's own pages still embed it.
      const own = await context.newPage();
      await own.goto(headed.origin + "/embed-example.html");
      await own.waitForFunction(() => /grpc-to-http1-backend/.test(document.getElementById("sandbox-summary").textContent), null, { timeout: 20000 });
      await context.close();
    } finally {
      await hostile.close();
      await headed.close();
    }
  });
});

// ---------------------------------------------------------------------------
// item 12

describe("one answer per embed request; state kept across the LLM assist's reload", () => {
  test("set-config with options: one result, with the request's id, analysed with those options", async () => {
    const host = await serve(DIST, { files: { "/host.html": HOST } });
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(host.origin + "/host.html");
      await framed(page, "/index.html?embed=1&example=0&parent=" + encodeURIComponent(host.origin));
      await until(page, () => window.got.some((m) => m.type === "confine:ready"));
      await page.evaluate(() => (window.got.length = 0));
      await page.evaluate(([text, options]) => window.send({ type: "confine:set-config", id: "req-1", text, options }), [NEEDS_OPTIONS, OPTIONS]);
      await until(page, () => window.got.some((m) => m.id === "req-1"));
      // Three requests in a row, none lost to the newest: each answered once, in order.
      await page.evaluate(() => {
        window.send({ type: "confine:set-options", id: "req-2", options: { backends: [] } });
        window.send({ type: "confine:set-options", id: "req-3", options: { backends: [["app", "http1"]] } });
        window.send({ type: "confine:get-result", id: "req-4" });
      });
      const got = await until(page, () => window.got.some((m) => m.id === "req-4"));
      await page.waitForTimeout(300); // and nothing more comes
      const all = await page.evaluate(() => window.got.slice());
      assert.deepEqual(all.map((m) => [m.type, m.id]), [
        ["confine:result", "req-1"],
        ["confine:result", "req-2"],
        ["confine:result", "req-3"],
        ["confine:result", "req-4"],
      ]);
      assert.equal(got.length, all.length);
      const [r1, r2, r3, r4] = all;
      assert.deepEqual(r1.findings.map((f) => f.rule), ["grpc-to-http1-backend"], "analysed with the request's backends");
      assert.equal(r1.options.nginx_version, "1.22.1");
      assert.deepEqual(r2.findings.map((f) => f.rule), [], "no backends: no evidence");
      assert.deepEqual(r3.findings.map((f) => f.rule), ["grpc-to-http1-backend"]);
      assert.deepEqual(r4.findings, r3.findings, "get-result: the last result again, with its own id");
      // A request the core refuses is answered too: an error with its id, and nothing else.
      await page.evaluate(() => (window.got.length = 0));
      await page.evaluate(() => window.send({ type: "confine:set-options", id: "req-5", options: { nginx_version: "banana" } }));
      await until(page, () => window.got.some((m) => m.id === "req-5"));
      await page.waitForTimeout(300);
      const bad = await page.evaluate(() => window.got.slice());
      assert.deepEqual(bad.map((m) => [m.type, m.id]), [["confine:error", "req-5"]]);
      assert.match(bad[0].message, /version/i);
      await context.close();
    } finally {
      await host.close();
    }
  });

  /** The LLM tab: pick an endpoint and press "Allow ... and reload" (nothing is sent anywhere). */
  async function allowAndReload(frame, waitReload) {
    await frame.click("#tab-llm");
    await frame.selectOption("#llm-provider", "compatible");
    await frame.fill("#llm-base", "http://127.0.0.1:9/v1");
    await frame.click("#llm-prepare");
    await frame.waitForSelector("#llm-allow:not([hidden])");
    await Promise.all([waitReload(), frame.click("#llm-allow")]);
  }

  test("the page: files, nginx version, backends, suggestions and redaction settings survive the reload", async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
    const recorder = recordRequests(context);
    const page = await context.newPage();
    await page.goto(site.origin + "/");
    await waitAnalysis(page);
    await page.fill("#nginx-version", "1.22.1");
    await page.click("#backends-toggle");
    await page.fill("#backend-rows input", "billing_backend");
    await page.check("#suggestions");
    await page.click("#tab-redaction");
    await page.fill("#redact-terms", "acme, payments");
    await page.click("#source");
    await page.keyboard.press("Control+End");
    await page.keyboard.type("# edited before the reload\n");
    await waitAnalysis(page);
    const before = await page.evaluate(() => ({ files: window.confine.snapshot().files, options: window.confine.state.lastRequest.options }));
    await allowAndReload(page.mainFrame(), () => page.waitForEvent("load"));
    await waitAnalysis(page);
    const after = await page.evaluate(() => ({ files: window.confine.snapshot().files, options: window.confine.state.lastRequest.options }));
    assert.deepEqual(after, before, "the analysis after the reload is of the same files with the same options");
    assert.deepEqual(before.options, { nginx_version: "1.22.1", backends: [["billing_backend", "http1"]], apply_suggestions: true });
    assert.equal(await page.inputValue("#nginx-version"), "1.22.1");
    assert.equal(await page.inputValue("#backend-rows input"), "billing_backend");
    assert.equal(await page.isChecked("#suggestions"), true);
    assert.equal(await page.inputValue("#redact-terms"), "acme, payments");
    assert.equal(await page.evaluate(() => window.confine.state.result.options.nginx_version), "1.22.1");
    assert.equal(await page.isVisible("#view-llm"), true, "back on the LLM tab");
    await context.close();
    assert.deepEqual(recorder.foreign(ownAssets(site.origin)), []);
  });

  test("<confine-sandbox>: the reader's edits and options survive the reload (not the element's initial config)", async () => {
    const hostPage = `<!doctype html><meta charset="utf-8"><title>docs</title>
<script src="/confine-sandbox.js"></script>
<confine-sandbox id="s" panes="editor findings diff llm" nginx-version="1.24.0" height="700px">
<script type="text/plain">
${NEEDS_OPTIONS}</script>
</confine-sandbox>`;
    const host = await serve(DIST, { files: { "/docs.html": hostPage } });
    try {
      const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
      const page = await context.newPage();
      await page.goto(host.origin + "/docs.html");
      const frame = await waitFrame(page, (f) => f.url().includes("/index.html"));
      await frame.waitForFunction(() => window.confine && window.confine.settled() && /grpc_pass/.test(document.getElementById("source").value), null, { timeout: 20000 });
      await frame.fill("#nginx-version", "1.26.3");
      await frame.click("#source");
      await frame.press("#source", "Control+End");
      await frame.type("#source", "# the reader's edit\n");
      await frame.waitForFunction(() => window.confine.settled() && window.confine.state.lastRequest.options.nginx_version === "1.26.3");
      const edited = await frame.inputValue("#source");
      assert.match(edited, /# the reader's edit\n$/);
      await allowAndReload(frame, () => page.waitForEvent("framenavigated", (f) => f === frame));
      await frame.waitForFunction(() => window.confine && window.confine.settled() && document.body.dataset.analysis, null, { timeout: 20000 });
      // Give the element time to (wrongly) send its initial config again.
      await page.waitForTimeout(500);
      await frame.waitForFunction(() => window.confine.settled());
      assert.equal(await frame.inputValue("#source"), edited);
      assert.equal(await frame.inputValue("#nginx-version"), "1.26.3");
      assert.equal(await frame.evaluate(() => window.confine.state.result.options.nginx_version), "1.26.3");
      await context.close();
    } finally {
      await host.close();
    }
  });
});
