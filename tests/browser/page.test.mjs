// End-to-end tests of the built page (dist/) in Debian's headless Chromium,
// served on 127.0.0.1 by support.mjs. Every test records every request its
// browser context makes and fails on any that is not one of the page's own
// files. Screenshots go to tests/output/browser/.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { serve, launch, recordRequests, ownAssets, shot, waitAnalysis } from "./support.mjs";

// In the built-in example (crates/core/assets/example.conf): made up, and redacted.
const EXAMPLE_HOST = "billing.payments.acme.internal";
const EXAMPLE_TOKEN = "fake-7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e";

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

/** A fresh context and page on the served site, with its request recorder. */
async function open(path = "/", options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 860 },
    acceptDownloads: true,
    colorScheme: options.colorScheme || "light",
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
  const recorder = recordRequests(context);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (!options.cspProbe && /Content Security Policy|Refused to/.test(m.text())) errors.push("CSP: " + m.text());
  });
  await page.goto(server.origin + path);
  return {
    page,
    context,
    recorder,
    /** Close, then check: no page error, no request but the page's own files (or exactly `expectedForeign`). */
    async close(expectedForeign = []) {
      const foreign = recorder.foreign(ownAssets(server.origin));
      await context.close();
      assert.deepEqual(errors, [], "no uncaught errors in the page");
      assert.deepEqual(foreign, expectedForeign, "the page requested only its own files");
      assert.ok(recorder.requests.length > 0);
    },
  };
}

async function findingRules(page) {
  return page.$$eval("#findings .finding", (els) => els.map((e) => e.dataset.rule));
}

/** Drop files ([[name, text], ...]) on the editor, as a file manager would. */
async function dropFiles(page, files) {
  await page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const [name, text] of files) dt.items.add(new File([text], name, { type: "text/plain" }));
    const target = document.getElementById("source");
    for (const type of ["dragenter", "dragover", "drop"]) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, files);
}

async function replaceEditorText(page, text) {
  const before = Number(await page.evaluate(() => document.body.dataset.analysis || 0));
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.click("#source");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.press("Control+V");
  return waitAnalysis(page, before);
}

describe("the page", () => {
  test("starts with the example analysed: the grpc_pass finding, an error", async () => {
    const { page, close } = await open();
    await waitAnalysis(page);
    const rules = await findingRules(page);
    assert.ok(rules.includes("grpc-to-http1-backend"), rules.join(","));
    const first = page.locator('#findings .finding[data-rule="grpc-to-http1-backend"]');
    assert.match(await first.locator(".sev").textContent(), /error/);
    assert.match(await first.textContent(), /502/);
    assert.match(await page.locator("#status").textContent(), /1 error/);
    const lines = await page.locator("#gutter-inner").textContent();
    assert.ok(lines.startsWith("1\n2\n3\n"), "the editor has line numbers");
    await shot(page, "01-start-light");
    await close();
  });

  test("pasting the example gives the finding; the diff (nginx 1.22.1) switches to proxy_pass with HTTP/1.1", async () => {
    const { page, close } = await open("/?example=0");
    await waitAnalysis(page);
    assert.deepEqual(await findingRules(page), []);
    const example = await page.evaluate(() => window.confine.state.example);
    await replaceEditorText(page, example);
    assert.ok((await findingRules(page)).includes("grpc-to-http1-backend"));
    // The target nginx version as a control: before 1.29.7 keep-alive needs
    // HTTP/1.1, from 1.29.7 on (the default 1.30.0) it is nginx's default.
    const current = await page.locator("#view-diff").textContent();
    assert.ok(current.includes("proxy_pass http://billing_backend;"), current);
    assert.ok(!current.includes("proxy_http_version"), "nginx 1.30.0 needs no proxy_http_version");
    assert.ok(!(await findingRules(page)).includes("keepalive-without-http11"));
    const n = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.fill("#nginx-version", "1.22.1");
    await waitAnalysis(page, n);
    assert.equal(await page.evaluate(() => window.confine.state.result.options.nginx_version), "1.22.1");
    assert.ok((await findingRules(page)).includes("keepalive-without-http11"));
    const diff = await page.locator("#view-diff").textContent();
    assert.ok(diff.includes("proxy_pass http://billing_backend;"), diff);
    assert.ok(diff.includes("proxy_http_version 1.1;"), diff);
    assert.ok(diff.includes("grpc_pass grpc://billing_backend;"), "the removed line is shown");
    assert.ok((await page.locator("#view-diff tr.insert").count()) > 0);
    assert.ok((await page.locator("#view-diff tr.delete").count()) > 0);
    // Every row's numbers point at its text: the old number into the
    // pasted config, the new one into the fixed text.
    const misnumbered = await page.evaluate((before) => {
      const split = (t) => t.split(/\r\n|\r|\n/);
      const [old, neu] = [split(before), split(window.confine.state.result.fixed[0].text)];
      const rows = [...document.querySelectorAll("#view-diff table.diff.unified tr:not(.hunk)")];
      const bad = rows.filter((tr) => {
        const [o, n, , text] = [...tr.cells].map((c) => c.textContent);
        return (o !== "" && old[Number(o) - 1] !== text) || (n !== "" && neu[Number(n) - 1] !== text) || (o === "" && n === "");
      });
      return { rows: rows.length, bad: bad.map((tr) => tr.textContent) };
    }, example);
    assert.ok(misnumbered.rows > 10, JSON.stringify(misnumbered));
    assert.deepEqual(misnumbered.bad, []);
    await shot(page, "02-diff-unified");
    await page.click("#diff-split");
    assert.equal(await page.locator("#view-diff .diff-file.split").count(), 1);
    const split = await page.locator("#view-diff td.text.insert").allTextContents();
    assert.ok(split.some((t) => t.includes("proxy_http_version 1.1;")));
    await shot(page, "03-diff-side-by-side");
    await close();
  });

  test("the page's CSP allows its own files only", async () => {
    const { page, close } = await open();
    await waitAnalysis(page);
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
    assert.match(csp, /connect-src 'self'/);
    // The worker runs from a blob: URL made of worker.js (so that it inherits
    // this policy): blob: may start a worker, and nothing else.
    assert.match(csp, /worker-src blob:;/);
    assert.doesNotMatch(csp.replace("worker-src blob:;", ""), /https?:|\*|'unsafe-inline'|'unsafe-eval'|blob:/);
    assert.equal(await page.locator("script:not([src])").count(), 0, "no inline script");
    assert.equal(await page.locator("style").count(), 0, "no inline style");
    await close();
  });

  test("the CSP is enforced: a request to another origin is blocked before it leaves", async () => {
    // Another server on 127.0.0.1 stands in for a third party: a different
    // port is a different origin. Nothing may reach it.
    const other = await serve();
    try {
      const { page, close } = await open("/", { cspProbe: true });
      await waitAnalysis(page);
      const outcome = await page.evaluate(async (url) => {
        const violations = [];
        document.addEventListener("securitypolicyviolation", (e) => violations.push(e.effectiveDirective));
        let fetched;
        try {
          await fetch(url + "/index.html");
          fetched = "loaded";
        } catch {
          fetched = "blocked";
        }
        const img = await new Promise((resolve) => {
          const i = new Image();
          i.onload = () => resolve("loaded");
          i.onerror = () => resolve("blocked");
          i.src = url + "/favicon.svg";
        });
        // The violation events are queued as tasks: let them run.
        await new Promise((resolve) => setTimeout(resolve, 0));
        return { fetched, img, violations };
      }, other.origin);
      assert.equal(outcome.fetched, "blocked");
      assert.equal(outcome.img, "blocked");
      assert.ok(outcome.violations.includes("connect-src"), outcome.violations.join(","));
      assert.ok(outcome.violations.includes("img-src"), outcome.violations.join(","));
      // The recorder saw the image's attempt (Chromium reports it, failed);
      // the fetch never became a request at all. Neither reached the server.
      await close([other.origin + "/favicon.svg"]);
      assert.deepEqual(other.log, [], "the other origin got no request");
    } finally {
      await other.close();
    }
  });

  test("the core runs in a Web Worker, not on the page's thread", async () => {
    const { page, recorder, close } = await open();
    await waitAnalysis(page);
    const workers = page.workers();
    assert.equal(workers.length, 1, "one worker");
    // Started from a blob: URL (worker.js and the glue, fetched by the page), under the page's CSP.
    assert.match(workers[0].url(), /^blob:/);
    assert.ok(recorder.requests.some((u) => u.endsWith("/worker.js")));
    // The wasm module lives in the worker: its glue, its fetch of the .wasm.
    assert.equal(await workers[0].evaluate(() => typeof wasm_bindgen.analyze), "function");
    const fetchedBy = async (where) =>
      where.evaluate(() => performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname));
    assert.ok((await fetchedBy(workers[0])).includes("/confine-wasm_bg.wasm"));
    assert.ok(!(await fetchedBy(page)).some((p) => p.endsWith(".wasm")), "the page itself loads no wasm");
    assert.equal(await page.evaluate(() => typeof window.wasm_bindgen), "undefined");
    // The request recorder sees the worker's requests too (so the "own files
    // only" check of every test covers them).
    assert.ok(recorder.requests.some((u) => u.endsWith("/confine-wasm_bg.wasm")), recorder.requests.join("\n"));
    assert.ok(recorder.requests.some((u) => u.endsWith("/confine-wasm.js")));
    // An edit goes to the worker and comes back as a new result.
    const n = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.evaluate(() => window.confine.setFiles([{ path: "nginx.conf", text: "events {}\nhttp { server { listen 80; } }\n" }]));
    await waitAnalysis(page, n);
    assert.deepEqual(await findingRules(page), []);
    await close();
  });

  test("copy the fixed config, copy the patch, download the fixed config", async () => {
    const { page, close } = await open();
    await waitAnalysis(page);
    await page.click("#copy-fixed");
    const fixed = await page.evaluate(() => navigator.clipboard.readText());
    assert.ok(fixed.includes("proxy_pass http://billing_backend;"));
    assert.ok(!fixed.includes("grpc_pass"));
    await page.click("#copy-patch");
    const patch = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(patch, /^--- a\/nginx\.conf\n\+\+\+ b\/nginx\.conf\n@@ /);
    assert.ok(patch.includes("+            proxy_pass http://billing_backend;"));
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-fixed")]);
    assert.equal(download.suggestedFilename(), "nginx.fixed.conf");
    const saved = fs.readFileSync(await download.path(), "utf8");
    assert.equal(saved, fixed);
    // The same through the keyboard.
    const [again] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Control+s")]);
    assert.equal(again.suggestedFilename(), "nginx.fixed.conf");
    await page.click("#tab-fixed");
    assert.equal(await page.locator("#fixed-text").textContent(), fixed);
    await shot(page, "04-fixed");
    await close();
  });

  test("a click on a finding selects its line in the editor; F8 steps through findings", async () => {
    const { page, close } = await open();
    await waitAnalysis(page);
    await page.click('#findings .finding[data-rule="grpc-to-http1-backend"] .message');
    const selected = await page.evaluate(() => {
      const ta = document.getElementById("source");
      const line = ta.value.slice(0, ta.selectionStart).split("\n").length;
      return { line, text: ta.value.slice(ta.selectionStart, ta.selectionEnd), focused: document.activeElement === ta };
    });
    assert.equal(selected.line, 26);
    assert.match(selected.text, /grpc_pass grpc:\/\/billing_backend/);
    assert.ok(selected.focused);
    await shot(page, "05-jump-to-line");
    await page.keyboard.press("F8");
    const line = await page.evaluate(() => document.body.dataset.jumpLine);
    assert.ok(Number(line) > 0);
    await close();
  });

  test("analysis as you type: fixing the line by hand clears the finding", async () => {
    const { page, close } = await open();
    await waitAnalysis(page);
    const text = await page.inputValue("#source");
    const at = text.indexOf("grpc_pass grpc://");
    await page.click("#source");
    await page.evaluate((pos) => document.getElementById("source").setSelectionRange(pos, pos + "grpc_pass grpc://".length), at);
    const n = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.keyboard.type("proxy_pass http://", { delay: 5 });
    await page.waitForFunction(
      (k) => Number(document.body.dataset.analysis) > k && !document.querySelector('#findings [data-rule="grpc-to-http1-backend"]'),
      n,
    );
    assert.ok(!(await findingRules(page)).includes("grpc-to-http1-backend"));
    await close();
  });

  test("two dropped files joined by an include resolve between them", async () => {
    const { page, close } = await open();
    await waitAnalysis(page);
    const n = Number(await page.evaluate(() => document.body.dataset.analysis));
    // Dropped in this order: the page puts nginx.conf first (the main file).
    await dropFiles(page, [
      ["upstreams.conf", "upstream app {\n    server 127.0.0.1:8080;\n}\n"],
      [
        "nginx.conf",
        "events {}\nhttp {\n    include upstreams.conf;\n    server {\n        listen 80;\n        location / {\n            grpc_pass grpc://app;\n        }\n    }\n}\n",
      ],
    ]);
    await waitAnalysis(page, n);
    const tabs = await page.locator("#file-tabs .tab").allTextContents();
    assert.deepEqual(tabs, ["nginx.conf", "upstreams.conf"], "the main file first");
    const result = await page.evaluate(() => window.confine.state.result);
    assert.deepEqual(result.diagnostics, [], "the include resolved: no include-not-found");
    assert.deepEqual(result.files.map((f) => [f.path, f.root]), [["nginx.conf", true], ["upstreams.conf", false]]);
    // No evidence that `app` speaks HTTP/1.1: grpc_pass is not flagged ...
    assert.deepEqual(await findingRules(page), []);
    // ... until the backend-hint control says so; then it is, in nginx.conf.
    const m = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.click("#backends-toggle");
    await page.fill("#backend-rows input", "app");
    await waitAnalysis(page, m);
    assert.deepEqual(await page.evaluate(() => window.confine.state.result.options.backends), [["app", "http1"]]);
    assert.ok((await findingRules(page)).includes("grpc-to-http1-backend"));
    const where = await page.locator('#findings [data-rule="grpc-to-http1-backend"] .where').textContent();
    assert.equal(where, "nginx.conf:7:13");
    await page.click('#findings [data-rule="grpc-to-http1-backend"] .message');
    assert.equal(await page.locator('#file-tabs .tab[aria-selected="true"]').textContent(), "nginx.conf");
    await shot(page, "06-two-files");
    await page.click("#file-tabs .tab >> nth=1");
    assert.match(await page.inputValue("#source"), /upstream app/);
    await close();
  });

  test("a dropped nginx -T dump is analysed as its files and can be split into tabs", async () => {
    const { page, close } = await open();
    await waitAnalysis(page);
    const dump =
      "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n" +
      "# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp {\n    include conf.d/*.conf;\n}\n\n" +
      "# configuration file /etc/nginx/conf.d/api.conf:\nupstream api { server 127.0.0.1:9000; keepalive 8; }\n" +
      "server {\n    listen 80;\n    location / {\n        proxy_pass http://api;\n    }\n}\n";
    const n0 = Number(await page.evaluate(() => document.body.dataset.analysis));
    await dropFiles(page, [["nginx-T.txt", dump]]);
    await waitAnalysis(page, n0);
    assert.equal(await page.inputValue("#source"), dump, "the dump is one editor tab");
    const result = await page.evaluate(() => window.confine.state.result);
    assert.deepEqual(result.files.map((f) => f.path), ["/etc/nginx/nginx.conf", "/etc/nginx/conf.d/api.conf"]);
    const n = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.fill("#nginx-version", "1.24.0");
    await waitAnalysis(page, n);
    const rules = await findingRules(page);
    assert.ok(rules.includes("keepalive-without-http11"), rules.join(","));
    // A click maps the file's line back into the dump.
    await page.click('#findings [data-rule="keepalive-without-http11"] .message');
    const line = await page.evaluate(() => {
      const ta = document.getElementById("source");
      return ta.value.slice(0, ta.selectionStart).split("\n").length;
    });
    const dumpLines = dump.split("\n");
    assert.ok(line > 8 && /proxy_pass|upstream|location/.test(dumpLines[line - 1]), dumpLines[line - 1]);
    await page.click("#split-dump");
    await page.waitForFunction(() => document.querySelectorAll("#file-tabs .tab").length === 2);
    await close();
  });

  test("the redacted pane never shows a redacted value: marks, category toggles, custom terms, off", async () => {
    const { page, close } = await open();
    await waitAnalysis(page);
    // Redaction is computed while its pane is shown, not on every analysis.
    assert.equal(await page.evaluate(() => window.confine.state.result.redaction), null);
    const before = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.click("#tab-redaction");
    await waitAnalysis(page, before);
    const redaction = await page.evaluate(() => window.confine.state.result.redaction);
    assert.equal(redaction.available, true, "the core's redaction is bound");
    const SECRETS = [EXAMPLE_HOST, "10.20.30.41", "10.20.30.42", EXAMPLE_TOKEN];
    const source = await page.inputValue("#source");
    for (const s of SECRETS) assert.ok(source.includes(s), s + " is in the example");
    const paneText = () => page.locator("#redacted-text").textContent();
    const pane = await paneText();
    assert.equal(pane, redaction.files[0].text + "\n");
    assert.ok(pane.includes("keepalive 32;") && pane.includes("grpc_pass grpc://billing_backend;"), "the config is all there");
    const html = await page.locator("#view-redaction").innerHTML();
    for (const s of SECRETS) assert.ok(!html.includes(s), s + " is not in the pane, not even in attributes");
    // Every replacement is highlighted, and each mark is a placeholder.
    const marks = await page.locator("#redacted-text mark.redacted").allTextContents();
    assert.equal(marks.length, redaction.files[0].redactions.length);
    const placeholders = new Set(redaction.mapping.map((m) => m.placeholder));
    assert.ok(marks.length >= 6 && marks.every((m) => placeholders.has(m)), marks.join(","));
    const note = await page.locator("#redact-note").textContent();
    for (const [category, n] of Object.entries(redaction.counts)) assert.ok(note.includes(`${category} ${n}`), note);
    await shot(page, "07-redaction");
    // Copy redacted copies the redacted text.
    await page.click("#copy-redacted");
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), redaction.files[0].text);
    // Per-category toggles: hostnames off shows them, and only them.
    const boxes = await page.locator("#redact-categories input").evaluateAll((els) => els.map((e) => [e.dataset.category, e.checked]));
    assert.deepEqual(Object.fromEntries(boxes), { ip: true, hostname: true, email: true, secret: true, term: true, path: false, port: false });
    let n = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.click('#redact-categories input[data-category="hostname"]');
    await waitAnalysis(page, n);
    assert.deepEqual(await page.evaluate(() => window.confine.state.lastRequest.redact.categories), ["ip", "email", "secret", "term"]);
    assert.ok((await paneText()).includes(EXAMPLE_HOST));
    assert.ok(!(await paneText()).includes("10.20.30.41") && !(await paneText()).includes(EXAMPLE_TOKEN));
    await page.click('#redact-categories input[data-category="hostname"]');
    // A custom term.
    n = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.fill("#redact-terms", "billing_backend");
    await waitAnalysis(page, n);
    const withTerm = await paneText();
    assert.ok(!withTerm.includes("billing_backend") && !withTerm.includes(EXAMPLE_HOST), withTerm);
    // Redaction off: the pane shows nothing (never the config as it is).
    n = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.click("#redact-enabled");
    await waitAnalysis(page, n);
    assert.equal(await page.evaluate(() => window.confine.state.result.redaction), null);
    assert.equal(await paneText(), "");
    await close();
  });

  test("dark theme follows the system; the theme button overrides it", async () => {
    const { page, close } = await open("/", { colorScheme: "dark" });
    await waitAnalysis(page);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, "rgb(21, 23, 26)");
    await shot(page, "08-start-dark");
    await page.click("#theme"); // auto -> light
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light");
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), "rgb(247, 247, 245)");
    await page.keyboard.press("Alt+t"); // light -> dark
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
    await close();
  });

  test("keyboard shortcuts: views, diff layout, help", async () => {
    const { page, close } = await open();
    await waitAnalysis(page);
    await page.click("#findings");
    await page.keyboard.press("Alt+2");
    assert.equal(await page.locator("#view-fixed").isVisible(), true);
    await page.keyboard.press("Alt+1");
    await page.keyboard.press("Alt+d");
    assert.equal(await page.locator("#view-diff .diff-file.split").count(), 1);
    // "?" is a character in the editor; elsewhere it opens the help.
    await page.click(".findings-pane h2");
    await page.keyboard.press("?");
    assert.equal(await page.locator("#help").isVisible(), true);
    await shot(page, "09-help");
    await page.keyboard.press("Escape");
    assert.equal(await page.locator("#help").isVisible(), false);
    await close();
  });

  test("the target version is shown above the findings, with the range the config implies and a way to fix a contradiction", async () => {
    const { page, close } = await open();
    await waitAnalysis(page);
    assert.equal(await page.isVisible("#target"), true, "the target is shown");
    assert.equal(await page.textContent("#target-version"), await page.inputValue("#nginx-version"));
    await page.fill("#nginx-version", "1.22.1");
    await page.dispatchEvent("#nginx-version", "change");
    let n = await replaceEditorText(page, "http {\n  server {\n    listen 443 ssl;\n    http2 on;\n  }\n}\n");
    await page.waitForFunction(() => document.getElementById("target-version").textContent === "1.22.1");
    assert.match(await page.textContent("#target-summary"), /1\.25\.1 or later.*nginx\.conf:4/);
    assert.equal(await page.isVisible("#target-conflict"), true);
    assert.match(await page.textContent("#target-conflict-text"), /1\.22\.1.*`http2` needs nginx 1\.25\.1/);
    assert.ok(await page.$eval("#target", (e) => e.classList.contains("conflict")));
    await shot(page, "11-target-version-conflict");
    // The bound's button selects its line in the editor.
    await page.click("#target-bounds button");
    const selected = await page.evaluate(() => {
      const ta = document.getElementById("source");
      return ta.value.slice(ta.selectionStart, ta.selectionEnd);
    });
    assert.equal(selected, "http2 on");
    // One click targets the version the config needs; the conflict goes.
    await page.click("#target-use");
    n = await waitAnalysis(page, n);
    assert.equal(await page.inputValue("#nginx-version"), "1.25.1");
    assert.equal(await page.textContent("#target-version"), "1.25.1");
    assert.equal(await page.isVisible("#target-conflict"), false);
    await close();
  });

  test("bad input is reported, not a crash: garbage gives syntax diagnostics", async () => {
    const { page, close } = await open();
    await waitAnalysis(page);
    await replaceEditorText(page, "http {\n  server {\n    listen 80\n    location / { proxy_pass http://a; }\n");
    const result = await page.evaluate(() => window.confine.state.result);
    assert.ok(result.diagnostics.length > 0);
    assert.ok((await page.locator("#findings .finding.sev-error").count()) > 0);
    await shot(page, "10-syntax-errors");
    await close();
  });
});
