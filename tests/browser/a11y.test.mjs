// Keyboard use and accessibility of the built page (issue 21, item 13):
// axe-core finds no serious or critical violation in any view, the editor
// lets focus leave it (Esc, then Tab) and shows that it has focus, toggles
// keep focus, and scrollable panes can be reached and scrolled by keyboard.
import { test, before, after, describe } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { serve, launch, recordRequests, ownAssets, waitAnalysis } from "./support.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE = path.join(here, "node_modules", "axe-core", "axe.min.js");

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

/**
 * A fresh context and page. `bypassCSP` only where axe is injected: axe
 * comes in as an inline script, which the page's own policy (rightly)
 * refuses; the CSP itself is tested in page.test.mjs.
 */
async function open(urlPath = "/", { colorScheme = "light", axe = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 }, colorScheme, bypassCSP: axe });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.origin });
  const recorder = recordRequests(context);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(server.origin + urlPath);
  await waitAnalysis(page);
  if (axe) await page.addScriptTag({ path: AXE });
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

/** axe-core's serious and critical violations on the page as it is now, one line each. */
async function seriousViolations(page) {
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ") + (n.failureSummary ? " (" + n.failureSummary.replace(/\s+/g, " ") + ")" : "")),
    }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join("\n    ")}`);
}

/** An error-log line of the example's incident. */
const LOG =
  "2026/12/07 03:12:44 [error] 31#31: *7 upstream sent too large http2 frame: 4740180 while reading response header from upstream, " +
  'client: 81.2.69.160, server: billing.payments.acme.internal, request: "POST /api/v1/ingest HTTP/2.0", ' +
  'upstream: "grpc://10.20.30.41:8080", host: "billing.payments.acme.internal"\n';

const activeId = (page) => page.evaluate(() => document.activeElement && document.activeElement.id);

describe("accessibility", () => {
  for (const colorScheme of ["light", "dark"]) {
    test(`axe-core: no serious or critical violation in any view (${colorScheme})`, async () => {
      const { page, close } = await open("/", { colorScheme, axe: true });
      const found = [];
      const check = async (where) => {
        for (const v of await seriousViolations(page)) found.push(`[${where}] ${v}`);
      };
      // With an error log in its box (and, once the core reads logs, its events).
      const n = Number(await page.evaluate(() => document.body.dataset.analysis));
      await page.fill("#error-log", LOG);
      await waitAnalysis(page, n);
      await check("diff");
      await page.click("#diff-split");
      await check("diff, side by side");
      for (const view of ["fixed", "redaction", "llm", "route"]) {
        await page.click("#tab-" + view);
        if (view === "redaction") await page.waitForSelector("#redacted-log");
        await check(view);
      }
      // The route view with a chain in it.
      await page.fill("#route-uri", "/api/v1/ingest");
      await page.press("#route-uri", "Enter");
      await page.waitForSelector("#route-chain li");
      await check("route, with a chain");
      await page.click("#backends-toggle");
      await check("backends open");
      await page.click("#help-open");
      await check("help");
      assert.deepEqual(found, [], "axe-core violations:\n" + found.join("\n"));
      await close();
    });
  }

  test("Tab indents in the editor; Esc then Tab moves focus out of it, and the help says so", async () => {
    const { page, close } = await open();
    await page.click("#source");
    await page.keyboard.press("Control+Home");
    const before = await page.inputValue("#source");
    await page.keyboard.press("Tab");
    assert.equal(await activeId(page), "source", "a plain Tab stays in the editor");
    assert.equal(await page.inputValue("#source"), "    " + before, "and indents");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    const next = await activeId(page);
    assert.notEqual(next, "source", "Esc then Tab leaves the editor");
    assert.ok(next, "focus went to an element, not to the document");
    assert.equal(await page.inputValue("#source"), "    " + before, "and inserts nothing");
    // Back with Shift+Tab; Tab indents again (Esc lasts one key).
    await page.keyboard.press("Shift+Tab");
    assert.equal(await activeId(page), "source");
    await page.keyboard.press("Escape");
    await page.keyboard.press("Shift+Tab");
    assert.notEqual(await activeId(page), "source", "Esc then Shift+Tab leaves it backwards");
    await page.click("#source");
    await page.keyboard.press("Escape");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Tab");
    assert.equal(await activeId(page), "source", "after another key, Tab indents again");
    // The way out is told in the keyboard help and to screen readers.
    const help = await page.locator("#help").textContent();
    assert.match(help, /Esc\s*then\s*Tab/i);
    const described = await page.evaluate(() => {
      const ids = (document.getElementById("source").getAttribute("aria-describedby") || "").split(/\s+/);
      return ids.map((id) => document.getElementById(id)?.textContent || "").join(" ");
    });
    assert.match(described, /Esc/);
    await close();
  });

  test("the error log and the route box: labelled, reached and used by keyboard alone", async () => {
    const { page, close } = await open();
    // Each new input has an accessible name (its label).
    const names = await page.evaluate(() =>
      ["error-log", "route-method", "route-uri", "route-host", "route-port"].map((id) => {
        const el = document.getElementById(id);
        return [id, [...el.labels].map((l) => l.textContent.replace(/\s+/g, " ").trim().split(" ")[0]).join(" ")];
      }),
    );
    assert.deepEqual(names, [["error-log", "Error"], ["route-method", "method"], ["route-uri", "URI"], ["route-host", "Host"], ["route-port", "port"]]);
    // Out of the editor (Esc, Tab) into the log box: its buttons, then its text.
    await page.click("#source");
    await page.keyboard.press("Escape");
    const order = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press("Tab");
      order.push(await activeId(page));
    }
    assert.deepEqual(order, ["log-open", "log-clear", "error-log"]);
    let n = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.keyboard.type("2026/12/07 03:12:44 [error] 31#31: *1 no live upstreams while connecting to upstream");
    await waitAnalysis(page, n);
    assert.match(await page.evaluate(() => window.confine.state.lastRequest.error_log), /no live upstreams/);
    // Tab in the log box moves on (it indents nothing).
    await page.keyboard.press("Tab");
    assert.notEqual(await activeId(page), "error-log");
    // The route view: its tab by keyboard, then its fields in order, Enter routes.
    await page.focus("#tab-route");
    await page.keyboard.press("Enter");
    assert.equal(await page.getAttribute("#tab-route", "aria-selected"), "true");
    const fields = [];
    await page.focus("#route-method");
    for (let i = 0; i < 5; i++) {
      fields.push(await activeId(page));
      await page.keyboard.press("Tab");
    }
    assert.deepEqual(fields, ["route-method", "route-uri", "route-host", "route-port", "route-go"]);
    await page.focus("#route-uri");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("/api/v1/ingest");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#route-chain li");
    // A step's link, from the keyboard, selects its line in the editor.
    await page.focus('#route-chain li[data-role="location"] .step-link');
    await page.keyboard.press("Enter");
    const line = await page.evaluate(() => {
      const ta = document.getElementById("source");
      return ta.value.slice(0, ta.selectionStart).split("\n").length;
    });
    assert.equal(line, 25);
    assert.equal(await activeId(page), "source");
    await close();
  });

  test("the editor shows that it has focus", async () => {
    const { page, close } = await open();
    const ring = () =>
      page.evaluate(() => {
        const s = getComputedStyle(document.getElementById("editor"));
        const t = getComputedStyle(document.getElementById("source"));
        return [s.outlineStyle, s.outlineWidth, s.boxShadow, t.outlineStyle, t.outlineWidth, t.boxShadow].join("|");
      });
    await page.click(".findings-pane h2");
    const unfocused = await ring();
    await page.focus("#source");
    const focused = await ring();
    assert.notEqual(focused, unfocused, "focus changes how the editor looks");
    const hasRing = await page.evaluate(() => {
      const visible = (s) => (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || (s.boxShadow && s.boxShadow !== "none");
      return visible(getComputedStyle(document.getElementById("editor"))) || visible(getComputedStyle(document.getElementById("source")));
    });
    assert.ok(hasRing, "an outline or ring of at least 2px: " + focused);
    await close();
  });

  test("toggles keep focus after they are activated, also when the page re-renders them", async () => {
    const { page, close } = await open();
    // Buttons that toggle state, activated from the keyboard.
    for (const id of ["diff-split", "diff-unified", "backends-toggle", "theme", "suggestions"]) {
      await page.focus("#" + id);
      const n = Number(await page.evaluate(() => document.body.dataset.analysis));
      await page.keyboard.press("Space");
      if (id === "suggestions") await waitAnalysis(page, n);
      assert.equal(await activeId(page), id, id + " keeps focus");
    }
    // Output tabs.
    await page.focus("#tab-fixed");
    await page.keyboard.press("Enter");
    assert.equal(await activeId(page), "tab-fixed");
    assert.equal(await page.getAttribute("#tab-fixed", "aria-selected"), "true");
    // A redaction category: the page redraws the toggles after the new result.
    await page.click("#tab-redaction");
    await page.waitForSelector("#redact-categories input");
    const category = await page.$eval("#redact-categories input", (i) => i.dataset.category);
    const box = `#redact-categories input[data-category="${category}"]`;
    await page.focus(box);
    let n = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.keyboard.press("Space");
    n = await waitAnalysis(page, n);
    await page.waitForFunction((sel) => !document.querySelector(sel).checked, box);
    const focused = await page.evaluate(() => document.activeElement.dataset.category || document.activeElement.tagName);
    assert.equal(focused, category, "the category toggle keeps focus after the re-analysis");
    // File tabs: redrawn on every analysis.
    await page.evaluate(() =>
      window.confine.setFiles([
        { path: "nginx.conf", text: "http { include extra.conf; }\n" },
        { path: "extra.conf", text: "server { listen 80; }\n" },
      ]),
    );
    n = await waitAnalysis(page, n);
    await page.locator("#file-tabs .tab").nth(1).focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.inputValue("#source"), "server { listen 80; }\n");
    await page.evaluate(() => window.confine.analyze());
    await waitAnalysis(page, n);
    const tab = await page.evaluate(() => document.activeElement.closest("#file-tabs") && document.activeElement.textContent);
    assert.equal(tab, "extra.conf", "the file tab keeps focus across the re-render");
    await close();
  });

  test("scrollable panes are reachable by keyboard and have a name", async () => {
    const { page, close } = await open();
    const panes = ["findings", "view-diff", "view-fixed", "view-redaction", "view-llm", "view-route"];
    for (const id of panes) {
      const info = await page.evaluate((id) => {
        const el = document.getElementById(id);
        const label = el.getAttribute("aria-label") || (el.getAttribute("aria-labelledby") || "").split(/\s+/).map((i) => document.getElementById(i)?.textContent || "").join(" ");
        return { tabIndex: el.tabIndex, attr: el.getAttribute("tabindex"), label: label.trim() };
      }, id);
      assert.equal(info.attr, "0", id + " has tabindex=0");
      assert.ok(info.label, id + " has an accessible name");
    }
    // Scrolled with the keys once it has focus.
    const many = Array.from({ length: 80 }, (_, i) => `no_such_directive_${i} on;`).join("\n") + "\n";
    const n = Number(await page.evaluate(() => document.body.dataset.analysis));
    await page.evaluate((text) => window.confine.setFiles([{ path: "nginx.conf", text }]), many);
    await waitAnalysis(page, n);
    await page.focus("#findings");
    assert.equal(await activeId(page), "findings");
    const top = await page.$eval("#findings", (e) => e.scrollTop);
    await page.keyboard.press("PageDown");
    await page.waitForFunction((t) => document.getElementById("findings").scrollTop > t, top);
    await close();
  });
});
