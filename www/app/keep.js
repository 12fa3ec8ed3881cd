// The whole state, across the LLM assist's reload (www/llm.js keeps it in
// sessionStorage while the page reloads with the wider policy).
import { requestAnalysis } from "./analyser.js";
import { setOptions } from "./controls.js";
import { $ } from "./dom.js";
import { editor } from "./editor.js";
import { setFiles } from "./files.js";
import { fillForm, formRequest } from "./route.js";
import { OUTPUT_VIEWS, state } from "./state.js";
import { setDiffLayout, setView } from "./views.js";

export function keepState() {
  return {
    files: state.files.map((f) => ({ path: f.path, text: f.text })),
    active: state.active,
    options: {
      nginx_version: state.options.nginx_version,
      backends: state.options.backends.map(([n, p]) => [n, p]),
      apply_suggestions: state.options.apply_suggestions,
    },
    redact: { enabled: state.redact.enabled, categories: state.redact.categories, terms: $("redact-terms").value },
    view: state.view,
    diffLayout: state.diffLayout,
    errorLog: state.errorLog,
    route: state.route.asked,
  };
}

export function restoreState(k) {
  if (k.options) setOptions(k.options, { analyze: false });
  if (k.redact) {
    state.redact.enabled = k.redact.enabled !== false;
    state.redact.categories = k.redact.categories && typeof k.redact.categories === "object" ? k.redact.categories : {};
    const terms = String(k.redact.terms || "");
    $("redact-terms").value = terms;
    state.redact.terms = terms.split(",").map((t) => t.trim()).filter(Boolean);
    $("redact-enabled").checked = state.redact.enabled;
  }
  setFiles(
    k.files.map((f) => ({ path: String(f.path), text: String(f.text) })),
    { quiet: true, analyze: false },
  );
  if (Number.isInteger(k.active) && k.active > 0 && k.active < state.files.length) editor.load(k.active);
  if (k.diffLayout === "split" || k.diffLayout === "unified") setDiffLayout(k.diffLayout);
  state.errorLog = String(k.errorLog || "");
  $("error-log").value = state.errorLog;
  const r = k.route;
  if (r && typeof r === "object") {
    fillForm({ method: String(r.method || "GET"), uri: String(r.uri || "/"), host: String(r.host || ""), port: String(r.port || "") });
    state.route.asked = formRequest();
  }
  setView(OUTPUT_VIEWS.includes(k.view) ? k.view : "llm");
  requestAnalysis();
}
