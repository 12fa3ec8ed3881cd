// The Redacted view: the core's redaction of the files and the error log,
// each placeholder marked, with the category toggles. It never shows an
// original value.
import { requestAnalysis } from "./analyser.js";
import { $ } from "./dom.js";
import { state } from "./state.js";

export function renderRedaction() {
  const r = state.result && state.result.redaction;
  const pre = $("redacted-text");
  const note = $("redact-note");
  pre.textContent = "";
  // This pane shows redacted text or nothing: never the config as it is.
  if (!state.redact.enabled) {
    note.textContent = "Redaction is off.";
    return;
  }
  if (!r) {
    // Asked for when the pane opened; the answer is on its way.
    note.textContent = "Redacting…";
    return;
  }
  if (r.available === false) {
    note.textContent = "Redaction is not available in this build yet.";
    return;
  }
  state.redact.known = r.categories || [];
  renderCategories(state.redact.known);
  const counts = r.counts || {};
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  note.textContent = total
    ? total + " value" + (total > 1 ? "s" : "") + " redacted: " + Object.entries(counts).map(([k, v]) => k + " " + v).join(", ") + "."
    : "Nothing to redact.";
  for (const file of r.files || []) {
    if ((r.files || []).length > 1) {
      const h = document.createElement("span");
      h.className = "file-head";
      h.textContent = "# " + file.path + "\n";
      pre.appendChild(h);
    }
    renderMarked(pre, file.text, file.redactions || []);
  }
  if (r.log) {
    // The error log, redacted in the same run: the same placeholders.
    const h = document.createElement("span");
    h.className = "file-head";
    h.id = "redacted-log";
    h.textContent = "# error log\n";
    pre.appendChild(h);
    renderMarked(pre, r.log.text, r.log.redactions);
  }
}

// The redacted text with each replacement marked (by its span in the
// redacted text). The originals never reach this pane.
function renderMarked(pre, text, marks) {
  let at = 0;
  const sorted = marks.slice().sort((a, b) => a.start - b.start);
  // spans are byte offsets into UTF-8 text
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  for (const m of sorted) {
    if (m.start < at) continue;
    pre.appendChild(document.createTextNode(dec.decode(bytes.subarray(at, m.start))));
    const mark = document.createElement("mark");
    mark.className = "redacted cat-" + m.category;
    mark.title = m.category;
    mark.textContent = dec.decode(bytes.subarray(m.start, m.end));
    pre.appendChild(mark);
    at = m.end;
  }
  pre.appendChild(document.createTextNode(dec.decode(bytes.subarray(at)) + "\n"));
}

let shownCategories = "";
function renderCategories(categories) {
  const key = categories.map((c) => c.id + (c.enabled ? 1 : 0)).join(",");
  if (key === shownCategories) return;
  shownCategories = key;
  const box = $("redact-categories");
  const focused = box.contains(document.activeElement) ? document.activeElement.dataset.category : null;
  box.textContent = "";
  for (const c of categories) {
    const label = document.createElement("label");
    label.className = "control check cat-" + c.id;
    const input = document.createElement("input");
    input.type = "checkbox";
    input.checked = c.enabled;
    input.dataset.category = c.id;
    input.addEventListener("change", () => {
      state.redact.categories[c.id] = input.checked;
      requestAnalysis();
    });
    label.append(input, " " + (c.label || c.id));
    box.appendChild(label);
    if (c.id === focused) input.focus();
  }
}

export function redactedText() {
  const r = state.result && state.result.redaction;
  if (!r || !r.files) return "";
  return r.files.length === 1
    ? r.files[0].text
    : r.files.map((f) => "# configuration file " + f.path + ":\n" + f.text + "\n").join("");
}
