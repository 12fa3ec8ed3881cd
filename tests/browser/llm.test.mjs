// The LLM assist end to end, in Debian's Chromium, against mock OpenAI-style
// and Anthropic servers this test runs on 127.0.0.1 (a different port is a
// different origin: CORS and the page's CSP apply as with a real provider).
//
// Asserted: the request body holds none of the example's original secret,
// addresses or host names (each checked); the key travels only in the
// provider's auth header; restored values appear in the diff; 401, 429,
// garbage, a CORS refusal, a dead endpoint and a time-out each give a clear
// message and leave the page usable; no request goes anywhere but the page's
// own files and the mock endpoint.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { serve, launch, recordRequests, ownAssets, shot, waitAnalysis } from "./support.mjs";

const ORIGINALS = [
  "10.20.30.41",
  "10.20.30.42",
  "billing.payments.acme.internal",
  "acme",
  "fake-7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e",
  "7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e",
];
const KEY = "sk-test-0000-not-a-real-key-confine";

/**
 * A mock provider. `mode`: "ok" | "401" | "429" | "garbage" | "cors" | "hang".
 * Answers like a model would: the redacted config from the request with the
 * grpc_pass fixed, placeholders kept.
 */
async function mockProvider() {
  const m = { mode: "ok", requests: [], hanging: [] };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      m.requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      const cors = m.mode === "cors" ? {} : {
        "access-control-allow-origin": req.headers.origin || "*",
        "access-control-allow-headers": "authorization, content-type, x-api-key, anthropic-version, anthropic-dangerous-direct-browser-access",
        "access-control-allow-methods": "POST, OPTIONS",
      };
      if (req.method === "OPTIONS") {
        res.writeHead(204, cors);
        res.end();
        return;
      }
      if (req.method !== "POST") {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("mock");
        return;
      }
      if (m.mode === "hang") {
        m.hanging.push(res); // answered by nobody; closed when the test ends
        return;
      }
      if (m.mode === "401" || m.mode === "429") {
        res.writeHead(Number(m.mode), { ...cors, "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: m.mode === "401" ? "invalid x-api-key" : "rate limit" } }));
        return;
      }
      if (m.mode === "garbage") {
        res.writeHead(200, { ...cors, "content-type": "application/json" });
        res.end("<html>not json");
        return;
      }
      const request = JSON.parse(body);
      const anthropic = req.url.includes("/messages");
      const user = anthropic ? request.messages[0].content : request.messages[1].content;
      const config = user.match(/```nginx\n([\s\S]*?)```/)[1]
        .replace("grpc_pass grpc://", "proxy_pass http://")
        .replace("grpc_set_header", "proxy_set_header")
        .replace("grpc_read_timeout", "proxy_read_timeout");
      // With an error log in the request, the answer quotes its first line.
      const logLine = (user.match(/The nginx error log:\n```\n([^\n]*)\n/) || [])[1];
      const answer =
        "The backend speaks HTTP/1.1, so use proxy_pass." + (logLine ? "\nThe log says: " + logLine : "") +
        "\n\n```nginx\n" + config + "```\n";
      const pieces = answer.match(/[\s\S]{1,40}/g);
      if (!request.stream) {
        res.writeHead(200, { ...cors, "content-type": "application/json" });
        res.end(JSON.stringify(anthropic
          ? { content: [{ type: "text", text: answer }] }
          : { choices: [{ message: { role: "assistant", content: answer } }] }));
        return;
      }
      res.writeHead(200, { ...cors, "content-type": "text/event-stream" });
      for (const p of pieces) {
        const event = anthropic
          ? { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: p } }
          : { choices: [{ delta: { content: p } }] };
        res.write((anthropic ? "event: content_block_delta\n" : "") + "data: " + JSON.stringify(event) + "\n\n");
      }
      res.end(anthropic ? 'event: message_stop\ndata: {"type":"message_stop"}\n\n' : "data: [DONE]\n\n");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  m.origin = `http://127.0.0.1:${server.address().port}`;
  m.close = () => {
    for (const r of m.hanging) r.destroy();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  };
  return m;
}

let site;
let mock;
let browser;

before(async () => {
  site = await serve();
  mock = await mockProvider();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await mock?.close();
  await site?.close();
});

/** The page, on the LLM tab, with the endpoint allowed (one reload through csp.js); `log`: an error log pasted first. */
async function openAllowed(provider, base, log = "") {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const recorder = recordRequests(context);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(site.origin + "/");
  const n = await waitAnalysis(page);
  if (log) {
    await page.fill("#error-log", log);
    await waitAnalysis(page, n);
  }
  await page.click("#tab-llm");
  await page.selectOption("#llm-provider", provider);
  await page.fill("#llm-base", base);
  await page.click("#llm-prepare");
  await page.waitForSelector("#llm-allow:not([hidden])");
  assert.match(await page.textContent("#llm-status"), /may connect only to itself/);
  await Promise.all([page.waitForEvent("load"), page.click("#llm-allow")]);
  await waitAnalysis(page);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', "content");
  assert.match(csp, new RegExp(`connect-src 'self' ${mock.origin.replace(/[.]/g, "\\.")};`));
  assert.equal(await page.isVisible("#view-llm"), true, "back on the LLM tab after the reload");
  assert.equal(await page.inputValue("#llm-base"), base, "settings kept across the reload");
  assert.equal(await page.inputValue("#llm-key"), "", "the key is not kept across the reload");
  assert.equal(await page.inputValue("#error-log"), log, "the error log is kept across the reload");
  return {
    page,
    async close() {
      const allowed = ownAssets(site.origin);
      const foreign = recorder.foreign((u) => allowed(u) || u.startsWith(mock.origin + "/"));
      await context.close();
      assert.deepEqual(errors, [], "no uncaught errors");
      assert.deepEqual(foreign, [], "requests only to the page's files and the chosen endpoint");
    },
  };
}

async function ask(page, { key = KEY } = {}) {
  await page.fill("#llm-key", key);
  await page.click("#llm-prepare");
  await page.waitForSelector("#llm-send:not([disabled])");
  const shown = await page.textContent("#llm-body");
  await page.check("#llm-confirm");
  const before = mock.requests.length;
  await page.click("#llm-send");
  await page.waitForFunction(() => document.getElementById("llm-verdict").textContent !== "", null, { timeout: 20000 });
  return { shown, sent: mock.requests.slice(before).filter((r) => r.method === "POST") };
}

function assertPrivate(shown, sent) {
  assert.equal(sent.length, 1, "one POST");
  const r = sent[0];
  assert.equal(r.body, shown, "the body sent is exactly the body shown");
  for (const v of ORIGINALS) {
    assert.ok(!r.body.includes(v), `the body holds ${v}`);
    assert.ok(!r.url.includes(v));
  }
  assert.ok(!r.body.includes(KEY) && !r.url.includes(KEY), "the key is not in the body or URL");
  const withKey = Object.entries(r.headers).filter(([, v]) => String(v).includes(KEY)).map(([k]) => k);
  return withKey;
}

const CLIENT = "81.2.69.160";
/** The example's incident as nginx logs it. */
const LOG =
  "2026/12/07 03:12:44 [error] 31#31: *7 upstream sent too large http2 frame: 4740180 while reading response header from upstream, " +
  `client: ${CLIENT}, server: billing.payments.acme.internal, request: "POST /api/v1/ingest HTTP/2.0", ` +
  'upstream: "grpc://10.20.30.41:8080", host: "billing.payments.acme.internal"\n';

describe("LLM assist", () => {
  test("the error log is sent redacted, with the config's placeholders, and the answer's quote of it is restored", async () => {
    mock.mode = "ok";
    const { page, close } = await openAllowed("compatible", mock.origin + "/v1", LOG);
    const { shown, sent } = await ask(page);
    assert.deepEqual(assertPrivate(shown, sent), ["authorization"]);
    assert.ok(!sent[0].body.includes(CLIENT), "the client's address is not sent");
    const user = JSON.parse(sent[0].body).messages[1].content;
    // The config's placeholders for the upstream's address and the server name...
    const ip = user.match(/server (\S+):8080 max_fails=3/)[1];
    const host = user.match(/server_name (\S+);/)[1];
    assert.ok(ip !== "10.20.30.41" && host.endsWith(".example"), ip + " " + host);
    // ...are the log's, in the one redacted line sent.
    const logged = user.match(/The nginx error log:\n```\n([\s\S]*?)```\n/)[1].split("\n").filter(Boolean);
    assert.equal(logged.length, 1, logged.join("\n"));
    const client = logged[0].match(/client: ([^,]+),/)[1];
    assert.notEqual(client, CLIENT);
    assert.equal(
      logged[0],
      LOG.trim().replace(CLIENT, client).replace("10.20.30.41", ip).replaceAll("billing.payments.acme.internal", host),
    );
    // The answer quotes the redacted line; the page shows it restored.
    assert.match(await page.textContent("#llm-verdict"), /checked by confine/);
    assert.ok((await page.textContent("#llm-answer")).includes("The log says: " + LOG.trim()), await page.textContent("#llm-answer"));
    await close();
  });

  test("OpenAI-compatible, streamed: redacted request, restored and checked answer", async () => {
    mock.mode = "ok";
    const { page, close } = await openAllowed("compatible", mock.origin + "/v1");
    const { shown, sent } = await ask(page);
    assert.deepEqual(assertPrivate(shown, sent), ["authorization"]);
    assert.equal(sent[0].headers.authorization, "Bearer " + KEY);
    assert.equal(sent[0].url, "/v1/chat/completions");
    assert.equal(sent[0].headers.referer, undefined, "no referrer");
    assert.equal(sent[0].headers.cookie, undefined);
    assert.match(await page.textContent("#llm-verdict"), /checked by confine/);
    const diff = await page.textContent("#llm-diff");
    assert.match(diff, /\+\s+proxy_pass http:\/\/billing_backend;/);
    assert.match(diff, /proxy_set_header Authorization "Bearer fake-7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e"/, "restored in the diff");
    assert.ok(!diff.includes("REDACTED_") && !diff.includes(".example"));
    assert.match(await page.textContent("#llm-answer"), /10\.20\.30\.41/, "the answer is restored");
    await shot(page, "10-llm-answer");
    await close();
  });

  test("Anthropic, streamed and not: its headers, the key only in x-api-key", async () => {
    mock.mode = "ok";
    const { page, close } = await openAllowed("anthropic", mock.origin + "/anthropic/v1");
    const { shown, sent } = await ask(page);
    assert.deepEqual(assertPrivate(shown, sent), ["x-api-key"]);
    assert.equal(sent[0].url, "/anthropic/v1/messages");
    assert.equal(sent[0].headers["anthropic-dangerous-direct-browser-access"], "true");
    assert.equal(sent[0].headers["anthropic-version"], "2023-06-01");
    assert.equal(sent[0].headers.authorization, undefined);
    assert.match(await page.textContent("#llm-verdict"), /checked by confine/);
    await page.uncheck("#llm-stream");
    const again = await ask(page);
    assert.equal(JSON.parse(again.sent[0].body).stream, false);
    assert.match(await page.textContent("#llm-diff"), /fake-7f3a9c2e1b8d4f6a0c5e9b2d7a1f3c8e/);
    await close();
  });

  test("401, 429, garbage, CORS, a dead endpoint and a time-out: clear messages, page still usable", async () => {
    const { page, close } = await openAllowed("compatible", mock.origin + "/v1");
    const cases = [
      ["401", /rejected the key \(HTTP 401\)/],
      ["429", /Rate limited.*HTTP 429/],
      ["garbage", /not understood/],
      ["cors", /refused the request from this page \(CORS\)/],
    ];
    for (const [mode, message] of cases) {
      mock.mode = mode;
      await ask(page);
      assert.match(await page.textContent("#llm-status"), message, mode);
      assert.equal(await page.isDisabled("#llm-send"), false, `${mode}: can send again`);
    }
    mock.mode = "hang";
    await page.fill("#llm-timeout", "2");
    await ask(page);
    assert.match(await page.textContent("#llm-status"), /Timed out after 2 s/);
    // Cancel while it hangs.
    await page.fill("#llm-timeout", "60");
    await page.click("#llm-prepare");
    await page.waitForSelector("#llm-send:not([disabled])");
    await page.check("#llm-confirm");
    await page.click("#llm-send");
    await page.waitForSelector("#llm-cancel:not([hidden])");
    await page.click("#llm-cancel");
    await page.waitForFunction(() => /Cancelled/.test(document.getElementById("llm-status").textContent));
    // And after all that, a good answer still comes through.
    mock.mode = "ok";
    await ask(page);
    assert.match(await page.textContent("#llm-verdict"), /checked by confine/);
    // The analysis still runs too.
    const n = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.evaluate(() => window.confine.analyze());
    await waitAnalysis(page, n);
    await close();
  });

  test("a dead endpoint is a network failure; the key is remembered only on request", async () => {
    const dead = await mockProvider();
    const deadOrigin = dead.origin;
    await dead.close(); // nothing listens there any more
    const { page, close } = await openAllowedDead(deadOrigin);
    await ask(page);
    assert.match(await page.textContent("#llm-status"), /Network failure: could not reach/);
    assert.equal(await page.evaluate(() => localStorage.getItem("confine.llm.key")), null, "not stored by default");
    await page.check("#llm-remember");
    assert.equal(await page.evaluate(() => localStorage.getItem("confine.llm.key")), KEY);
    await page.click("#llm-forget");
    assert.equal(await page.evaluate(() => localStorage.getItem("confine.llm.key")), null);
    assert.equal(await page.inputValue("#llm-key"), "");
    await close(deadOrigin);
  });
});

/** Like openAllowed, for an endpoint where nothing listens. */
async function openAllowedDead(origin) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  const recorder = recordRequests(context);
  const page = await context.newPage();
  await page.goto(site.origin + "/");
  await waitAnalysis(page);
  await page.click("#tab-llm");
  await page.selectOption("#llm-provider", "compatible");
  await page.fill("#llm-base", origin + "/v1");
  await page.click("#llm-prepare");
  await page.waitForSelector("#llm-allow:not([hidden])");
  await Promise.all([page.waitForEvent("load"), page.click("#llm-allow")]);
  await waitAnalysis(page);
  return {
    page,
    async close(allowedOrigin) {
      const allowed = ownAssets(site.origin);
      const foreign = recorder.foreign((u) => allowed(u) || u.startsWith(allowedOrigin + "/"));
      await context.close();
      assert.deepEqual(foreign, []);
    },
  };
}
