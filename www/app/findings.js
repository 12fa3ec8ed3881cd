// Results: the findings list (diagnostics and findings, errors first; those
// an error-log line proves marked with it), the status line, the
// target-version banner, and which output view is stale.
import { renderDiff } from "./diff.js";
import { $, setStatus } from "./dom.js";
import { editor, editorLocation } from "./editor.js";
import { embed } from "./embed.js";
import { renderTabs } from "./files.js";
import { renderFixed } from "./fixed.js";
import { logLineButton, renderLog } from "./log.js";
import { renderRedaction } from "./redact.js";
import { routeAgain } from "./route.js";
import { state } from "./state.js";

const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
let itemsCache = { result: null, items: [] };

// Diagnostics and findings, errors first (stable: the core's order within a severity).
export function allItems() {
  const r = state.result;
  if (!r) return [];
  if (itemsCache.result === r) return itemsCache.items;
  const diags = r.diagnostics.map((d) => ({
    kind: "diagnostic",
    rule: d.code,
    severity: d.severity,
    message: d.message,
    explanation: d.help || "",
    location: d.location,
  }));
  // Explanations come once per rule (result.rules), not with every finding.
  const finds = r.findings.map((f) => ({ kind: "finding", ...f, ...((r.rules || {})[f.rule] || {}) }));
  const items = diags.concat(finds);
  items.sort((a, b) => (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3));
  itemsCache = { result: r, items };
  return items;
}

export function showResult(result, ms, id, tag) {
  const r0 = performance.now();
  state.result = result;
  state.analyses++;
  if (state.analyses === 1) performance.mark("confine:first-analysis");
  const items = allItems();
  const counts = { error: 0, warning: 0, info: 0 };
  items.forEach((i) => counts[i.severity]++);
  const parts = [];
  if (counts.error) parts.push(counts.error + " error" + (counts.error > 1 ? "s" : ""));
  if (counts.warning) parts.push(counts.warning + " warning" + (counts.warning > 1 ? "s" : ""));
  if (counts.info) parts.push(counts.info + " info");
  setStatus((parts.join(", ") || "no problems") + " · " + ms.toFixed(1) + " ms", counts.error ? "error" : counts.warning ? "warning" : "ok");
  const st = $("status");
  st.dataset.ms = ms.toFixed(3);
  document.body.dataset.analysis = String(id);
  renderTabs();
  renderFindings(items);
  renderVersions(result.versions);
  renderLog(result.log);
  Object.assign(dirty, { diff: true, fixed: true, redaction: true, route: true });
  renderView();
  editor.setMarks();
  embed.sendResult(tag);
  document.body.dataset.renderMs = (performance.now() - r0).toFixed(1);
}

// The output views render when shown: a hidden diff of a big config costs nothing.
export const dirty = { diff: true, fixed: true, redaction: true, route: true };
export function renderView() {
  if (!dirty[state.view]) return;
  dirty[state.view] = false;
  if (state.view === "diff") renderDiff();
  else if (state.view === "fixed") renderFixed();
  else if (state.view === "redaction") renderRedaction();
  else if (state.view === "route") routeAgain();
}

export function showError(message) {
  setStatus(message, "error");
  document.body.dataset.error = message;
}

function renderFindings(items) {
  const list = $("findings");
  list.textContent = "";
  $("finding-count").textContent = items.length ? String(items.length) : "";
  if (!items.length) {
    const li = document.createElement("li");
    li.className = "empty";
    li.textContent = "No problems found for nginx " + state.options.nginx_version + ".";
    list.appendChild(li);
    return;
  }
  const shown = Math.min(items.length, FINDINGS_SHOWN);
  const frag = document.createDocumentFragment();
  for (let i = 0; i < shown; i++) frag.appendChild(findingElement(items[i], i));
  list.appendChild(frag);
  if (shown < items.length) {
    const li = document.createElement("li");
    li.className = "more";
    const b = document.createElement("button");
    b.type = "button";
    b.className = "btn small";
    b.id = "findings-more";
    b.textContent = "Show all " + items.length + " findings";
    b.addEventListener("click", () => {
      li.remove();
      const rest = document.createDocumentFragment();
      for (let i = shown; i < items.length; i++) rest.appendChild(findingElement(items[i], i));
      list.appendChild(rest);
    });
    li.appendChild(b);
    list.appendChild(li);
  }
}

const FINDINGS_SHOWN = 200;

// The target version, big, beside the findings; what the config reveals of
// its own version and whether the target contradicts it (the core's words:
// result.versions), with a way to the directives that tell.
function renderVersions(v) {
  const box = $("target");
  box.hidden = !v;
  if (!v) return;
  $("target-version").textContent = v.target;
  $("target-summary").textContent = v.summary;
  box.classList.toggle("conflict", !!v.conflict);
  $("target-conflict").hidden = !v.conflict;
  $("target-conflict-text").textContent = v.conflict || "";
  const use = $("target-use");
  use.hidden = !v.suggestion;
  use.dataset.version = v.suggestion || "";
  use.textContent = v.suggestion ? "Target nginx " + v.suggestion : "";
  const links = $("target-bounds");
  links.textContent = "";
  for (const b of [v.at_least, v.below]) {
    if (!b) continue;
    const l = editorLocation(b.location);
    if (!l) continue;
    const go = document.createElement("button");
    go.type = "button";
    go.className = "btn small";
    go.textContent = "show " + b.what;
    go.title = b.location.file + ":" + b.location.line;
    go.addEventListener("click", () => editor.jump(l.tab, l.line, l.column, l.endLine, l.endColumn));
    links.appendChild(go);
  }
}

function findingElement(item, index) {
  const li = document.createElement("li");
  li.className = "finding sev-" + item.severity;
  li.tabIndex = 0;
  li.dataset.rule = item.rule;
  li.dataset.index = String(index);
  const head = document.createElement("div");
  head.className = "finding-head";
  const sev = document.createElement("span");
  sev.className = "sev";
  sev.textContent = item.severity;
  const rule = document.createElement("code");
  rule.className = "rule";
  rule.textContent = item.rule;
  const where = document.createElement("span");
  where.className = "where";
  const loc = item.location;
  where.textContent = loc ? loc.file + ":" + loc.line + ":" + loc.column : "";
  head.append(sev, rule, where);
  const msg = document.createElement("p");
  msg.className = "message";
  msg.textContent = item.message;
  li.append(head, msg);
  if (item.log) {
    // Proved by a line of the error log: marked, with the line.
    li.dataset.from = "log";
    const tag = document.createElement("span");
    tag.className = "log-tag";
    tag.textContent = "from the log";
    head.insertBefore(tag, where);
    const from = document.createElement("p");
    from.className = "from-log";
    const text = document.createElement("code");
    text.textContent = item.log.text;
    from.append(logLineButton(item.log.line), " ", text);
    li.appendChild(from);
  }
  if (item.fix) {
    const fix = document.createElement("p");
    fix.className = "fix";
    const tag = document.createElement("span");
    tag.className = "fix-tag" + (item.fix.applied ? " applied" : "");
    tag.textContent = item.fix.applied ? "fixed" : item.fix.applicability === "suggestion" ? "suggestion" : "fix";
    fix.append(tag, " " + item.fix.description);
    li.appendChild(fix);
  }
  if (item.explanation) {
    const det = document.createElement("details");
    const sum = document.createElement("summary");
    sum.textContent = "Why";
    const p = document.createElement("p");
    p.textContent = item.explanation;
    det.append(sum, p);
    if (item.docs) {
      const a = document.createElement("a");
      a.href = item.docs;
      a.textContent = "nginx documentation";
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      det.appendChild(a);
    }
    li.appendChild(det);
  }
  const go = () => {
    state.findingCursor = index;
    const l = editorLocation(item.location);
    if (l) editor.jump(l.tab, l.line, l.column, l.endLine, l.endColumn);
  };
  li.addEventListener("click", (e) => {
    if (e.target.closest("details, a")) return;
    go();
  });
  li.addEventListener("keydown", (e) => {
    if (e.key === "Enter") go();
  });
  return li;
}

export function stepFinding(delta) {
  const items = allItems();
  if (!items.length) return;
  state.findingCursor = (state.findingCursor + delta + items.length) % items.length;
  const li = $("findings").querySelector('[data-index="' + state.findingCursor + '"]');
  if (li) li.scrollIntoView({ block: "nearest" });
  const l = editorLocation(items[state.findingCursor].location);
  if (l) editor.jump(l.tab, l.line, l.column, l.endLine, l.endColumn);
}
