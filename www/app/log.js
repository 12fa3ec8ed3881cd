// The error log beside the editor: pasted, opened or dropped (error.log),
// sent with every analysis as its `error_log`. Under it, the core's reading
// of it (result.log): how many lines, events and ignored lines, and each
// event with its line, what it means, and a way to route its request.
import { requestAnalysis } from "./analyser.js";
import { $, toast } from "./dom.js";
import { routeRequest } from "./route.js";
import { state } from "./state.js";
import { setView } from "./views.js";

// A dropped file that goes to the log, not the editor: error.log, error.log.1...
export const isLogPath = (path) => /\.log(\.\d+)?$/i.test(path);

export function setErrorLog(text, name) {
  state.errorLog = text;
  $("error-log").value = text;
  requestAnalysis();
  if (name) toast("Loaded " + name + " as the error log");
}

export function initLog() {
  const ta = $("error-log");
  ta.addEventListener("input", () => {
    state.errorLog = ta.value;
    requestAnalysis();
  });
  $("log-open").addEventListener("click", () => $("log-file-input").click());
  $("log-file-input").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (file) setErrorLog(await file.text(), file.name);
  });
  $("log-clear").addEventListener("click", () => setErrorLog(""));
}

const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");

// `log`: the result's `log` (null when no log was sent).
export function renderLog(log) {
  const list = $("log-events");
  list.textContent = "";
  list.hidden = !log || !log.events.length;
  $("log-summary").textContent = log
    ? plural(log.events.length, "event") + " in " + plural(log.lines, "line") + ", " + log.ignored + " ignored"
    : "";
  if (!log) return;
  for (const ev of log.events) {
    const li = document.createElement("li");
    li.className = "log-event sev-" + (/^(emerg|alert|crit|error)$/.test(ev.level) ? "error" : ev.level === "warn" ? "warning" : "info");
    li.dataset.line = String(ev.line);
    li.append(logLineButton(ev.line), " ");
    const level = document.createElement("span");
    level.className = "sev";
    level.textContent = ev.level;
    const meaning = document.createElement("span");
    meaning.className = "meaning";
    meaning.textContent = ev.meaning;
    li.append(level, " ", meaning);
    if (ev.findings.length) li.append(" (" + plural(ev.findings.length, "finding") + ")");
    if (ev.request) {
      const go = document.createElement("button");
      go.type = "button";
      go.className = "btn small";
      go.textContent = "Route " + ev.request.split(/\s+/).slice(0, 2).join(" ");
      go.title = "Route this request" + (ev.host || ev.server ? " to " + (ev.host || ev.server) : "");
      go.addEventListener("click", () => {
        const [method, uri] = ev.request.split(/\s+/);
        setView("route");
        routeRequest({ method, uri: uri || "/", host: ev.host || ev.server || "", port: "" });
      });
      li.append(" ", go);
    }
    list.appendChild(li);
  }
}

// A button "error.log:N" that shows line N of the log.
export function logLineButton(line) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "log-link";
  b.textContent = "error.log:" + line;
  b.title = "Show line " + line + " of the error log";
  b.addEventListener("click", (e) => {
    e.stopPropagation();
    showLogLine(line);
  });
  return b;
}

// Select a (1-based) line of the log box and scroll it into view.
export function showLogLine(line) {
  const ta = $("error-log");
  const lines = ta.value.split("\n");
  const n = Math.min(Math.max(line, 1), lines.length);
  const start = lines.slice(0, n - 1).reduce((a, l) => a + l.length + 1, 0);
  ta.focus({ preventScroll: true });
  ta.setSelectionRange(start, start + lines[n - 1].length);
  const height = parseFloat(getComputedStyle(ta).lineHeight) || 18;
  ta.scrollTop = Math.max(0, (n - 1) * height - ta.clientHeight / 3);
  document.body.dataset.logLine = String(n);
}
