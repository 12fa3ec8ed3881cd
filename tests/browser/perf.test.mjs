// Measurements the issue asks for, written to tests/output/browser/metrics.json:
// wasm size (raw, gzip), total page transfer, time from navigation to the
// first analysis, the wasm call on a 10k-line config (alone in a worker,
// with and without redaction), the same in the page (check, fix and diff;
// and with the Redacted pane open, which adds redaction), and how long the
// main thread is blocked while typing into it. CI fails on the size budget
// (budget.json: the measured size plus a small margin), never on a time.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { serve, launch, waitAnalysis, writeMetrics, DIST } from "./support.mjs";

const BUDGET = JSON.parse(fs.readFileSync(new URL("./budget.json", import.meta.url), "utf8"));
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

const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A 10,000-line config: upstreams and servers with the usual mistakes. */
export function bigConfig(lines = 10000, grpc = true) {
  const out = ["user www-data;", "worker_processes auto;", "events {", "    worker_connections 1024;", "}", "http {"];
  let i = 0;
  while (out.length < lines - 1) {
    out.push(
      `    upstream app_${i} {`,
      `        keepalive 16;`,
      `        server 10.1.${i % 250}.1:8080 max_fails=3 fail_timeout=10s;`,
      `        server 10.1.${i % 250}.2:8080;`,
      `    }`,
      `    server {`,
      `        listen 80;`,
      `        server_name app-${i}.corp-internal.example;`,
      `        # a comment line`,
      `        location / {`,
      `            proxy_pass http://app_${i};`,
      `            proxy_set_header Host $host;`,
      `            proxy_read_timeout 30s;`,
      `        }`,
      `        location /grpc/ {`,
      grpc ? `            grpc_pass grpc://app_${i};` : `            proxy_pass http://app_${i};`,
      `        }`,
      `    }`,
      ``,
    );
    i++;
  }
  out.length = Math.min(out.length, lines - 1);
  // close whatever block is open at the cut, then http
  let depth = 0;
  for (const l of out) depth += (l.match(/\{/g) || []).length - (l.match(/\}/g) || []).length;
  while (depth-- > 0) out.push("}");
  return out.join("\n") + "\n";
}

test("sizes: the page stays within its gzip budget", () => {
  const files = fs.readdirSync(DIST).filter((n) => /^(index\.html|worker\.js|csp\.js|confine-wasm.*|app-.*\.js|llm-.*\.js|style-.*\.css|favicon-.*)$/.test(n));
  const sizes = Object.fromEntries(files.map((n) => [n, { raw: fs.statSync(path.join(DIST, n)).size, gzip: gz(path.join(DIST, n)) }]));
  const wasm = sizes["confine-wasm_bg.wasm"];
  const page = Object.values(sizes).reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip }), { raw: 0, gzip: 0 });
  const single = path.join(DIST, "confine-standalone.html");
  writeMetrics("sizes", {
    wasm,
    page,
    standalone: { raw: fs.statSync(single).size, gzip: gz(single) },
    files: sizes,
    budget: BUDGET,
  });
  console.log(`wasm ${wasm.raw} B raw, ${wasm.gzip} B gzip; page ${page.raw} B raw, ${page.gzip} B gzip`);
  assert.ok(wasm.gzip <= BUDGET.wasm_gzip_bytes, `wasm ${wasm.gzip} B gzip > budget ${BUDGET.wasm_gzip_bytes}`);
  assert.ok(page.gzip <= BUDGET.page_gzip_bytes, `page ${page.gzip} B gzip > budget ${BUDGET.page_gzip_bytes}`);
  assert.ok(page.gzip <= BUDGET.ceiling_page_gzip_bytes, `page ${page.gzip} B gzip > ceiling ${BUDGET.ceiling_page_gzip_bytes}`);
});

test("timings: first analysis after navigation, transfer, 10k-line analysis latency, typing", async () => {
  // Cold loads: a fresh context each time (no HTTP cache, no compiled-wasm cache).
  const firsts = [];
  let transfer = 0;
  for (let run = 0; run < 3; run++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const before = server.log.length;
    await page.goto(server.origin + "/");
    await waitAnalysis(page);
    firsts.push(await page.evaluate(() => performance.getEntriesByName("confine:first-analysis")[0].startTime));
    transfer = server.log.slice(before).reduce((a, r) => a + r.bytes, 0);
    await context.close();
  }

  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  const page = await context.newPage();
  await page.goto(server.origin + "/");
  await waitAnalysis(page);
  const text = bigConfig(10000);
  assert.equal(text.split("\n").length - 1, 10000);
  const inWorker = [];
  const roundTrip = [];
  for (let run = 0; run < 7; run++) {
    const n = Number(await page.evaluate(() => document.body.dataset.analysis));
    const t0 = await page.evaluate((t) => {
      const start = performance.now();
      window.confine.setFiles([{ path: "big.conf", text: t }]);
      return start;
    }, text + `# run ${run}\n`);
    await waitAnalysis(page, n);
    const [ms, t1] = await page.evaluate(() => [Number(document.getElementById("status").dataset.ms), performance.now()]);
    inWorker.push(ms);
    roundTrip.push(t1 - t0);
  }
  // The same size with no grpc_pass (a few hundred findings fewer): the base cost.
  const clean = bigConfig(10000, false);
  const inWorkerClean = [];
  for (let run = 0; run < 5; run++) {
    const n = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.evaluate((t) => window.confine.setFiles([{ path: "big.conf", text: t }]), clean + `# run ${run}\n`);
    await waitAnalysis(page, n);
    inWorkerClean.push(Number(await page.evaluate(() => document.getElementById("status").dataset.ms)));
  }
  // The same 10k lines with the Redacted pane open: analysis and redaction.
  await page.click("#tab-redaction");
  const inWorkerRedacted = [];
  for (let run = 0; run < 5; run++) {
    const n = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.evaluate((t) => window.confine.setFiles([{ path: "big.conf", text: t }]), text + `# redacted ${run}\n`);
    await waitAnalysis(page, n);
    assert.ok(await page.evaluate(() => window.confine.state.result.redaction.files[0].redactions.length > 1000));
    inWorkerRedacted.push(Number(await page.evaluate(() => document.getElementById("status").dataset.ms)));
  }
  await page.click("#tab-diff");
  await page.evaluate((t) => window.confine.setFiles([{ path: "big.conf", text: t }]), text);
  await page.waitForFunction(() => window.confine.state.result && window.confine.state.result.findings.length > 1000, null, { timeout: 15000 });
  const result = await page.evaluate(() => ({
    findings: window.confine.state.result.findings.length,
    diagnostics: window.confine.state.result.diagnostics.length,
  }));
  assert.equal(result.diagnostics, 0, "the generated config is valid");
  assert.ok(result.findings > 100);

  // The wasm call alone: the page's worker script in a worker of its own,
  // 40 calls in a row with nothing else running (in the page, the main
  // thread lays out the previous result meanwhile, which on two cores
  // slows the worker too). The first calls run before V8 has optimized the
  // module (its baseline compiler first, the optimizing one for hot code),
  // so the median is taken over the last 30.
  const callMs = async (redact) => {
    const runs = await page.evaluate(async ([t, redact]) => {
      // A worker like the page's own (blob: URL, init sent): the page's CSP allows no other.
      const w = await window.confine.spawnWorker();
      await new Promise((ok) => {
        w.onmessage = (e) => e.data.type === "ready" && ok();
      });
      const out = [];
      for (let i = 0; i < 40; i++) {
        out.push(await new Promise((ok, fail) => {
          w.onmessage = (e) => (e.data.type === "result" ? ok(e.data.ms) : fail(new Error(e.data.message)));
          const request = { files: [{ path: "big.conf", text: t + "# call " + i + "\n" }], redact: { enabled: redact } };
          w.postMessage({ type: "analyze", id: i, request });
        }));
      }
      w.terminate();
      return out;
    }, [text, redact]);
    return { median: median(runs.slice(10)), min: Math.min(...runs.slice(10)), first: runs[0], runs };
  };
  const call = await callMs(false);
  const callRedacted = await callMs(true);

  // Typing into the 10k-line config: the longest main-thread frame gap.
  await page.click("#source");
  await page.keyboard.press("Control+End");
  const gaps = await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    const tick = (t) => {
      window.__gaps.push(t - last);
      last = t;
      if (window.__gaps.length < 400) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    return true;
  });
  assert.ok(gaps);
  await page.keyboard.type("# typing into a large config\n", { delay: 15 });
  const maxGap = await page.evaluate(() => Math.max(...window.__gaps.slice(2)));
  await context.close();

  const metrics = {
    first_analysis_ms_after_navigation: { median: median(firsts), runs: firsts },
    page_transfer_bytes_gzip: transfer,
    wasm_call_10k_lines_ms: call,
    wasm_call_10k_lines_with_redaction_ms: callRedacted,
    analysis_10k_lines_ms_in_worker: { median: median(inWorker), runs: inWorker },
    analysis_10k_lines_ms_round_trip: { median: median(roundTrip), runs: roundTrip },
    analysis_10k_lines_without_grpc_pass_ms_in_worker: { median: median(inWorkerClean), runs: inWorkerClean },
    analysis_10k_lines_redacted_pane_open_ms_in_worker: { median: median(inWorkerRedacted), runs: inWorkerRedacted },
    findings_in_10k_lines: result.findings,
    typing_longest_frame_gap_ms: maxGap,
    targets: { first_analysis_ms: 300, analysis_10k_ms: 16, page_gzip_bytes: 300 * 1024 },
  };
  writeMetrics("timings", metrics);
  console.log(JSON.stringify(metrics, null, 2));
});
