// Embedding: ?embed&panes=editor,findings,diff&theme=dark&parent=https://docs.example
// and a postMessage API (see www/EMBEDDING.md).
import { requestAnalysis, worker } from "./analyser.js";
import { setOptions, setTheme } from "./controls.js";
import { $, EMBED, params } from "./dom.js";
import { orderFiles, setFiles } from "./files.js";
import { allItems } from "./findings.js";
import { fixedFiles } from "./fixed.js";
import { ALL_PANES, OUTPUT_VIEWS, state } from "./state.js";
import { setView } from "./views.js";

// Who may embed this page, obey it and receive its results: the deployer's
// list, <meta name="confine-embedders" content="'self' https://docs.example">
// (the build writes it, and the same origins as frame-ancestors into
// dist/_headers and dist/confine.nginx.conf; see EMBEDDING.md). A file://
// page's messages come from origin "null": only a local file (the single
// file opened from disk) accepts them, as 'self'.
const EMBEDDERS = (() => {
  const meta = document.querySelector('meta[name="confine-embedders"]');
  return (meta ? meta.content : "'self'").split(/\s+/).filter(Boolean);
})();
function embedderAllowed(origin) {
  if (!origin) return false;
  if (origin === "null") return location.protocol === "file:" && EMBEDDERS.includes("'self'");
  return EMBEDDERS.some((e) => (e === "'self'" ? origin === location.origin : e === origin));
}

// The tag of an analysis no embedder asked for and none is told of: the
// empty editor an embed starts with (?example=0).
export const SILENT = Symbol("silent");

// An embed request's id, echoed in its answer (null when it carries none).
const requestId = (m) => (typeof m.id === "string" || typeof m.id === "number" ? m.id : null);

export const embed = {
  // The one origin results go to: ?parent=, else the first allowed origin that talks to us.
  origin: null,
  // The parent is not on the list: nothing is obeyed, nothing is posted.
  refused: false,
  // get-result before the first result: answered with the first one.
  waiting: [],
  init() {
    if (!EMBED) return;
    document.body.classList.add("embed");
    const parent = params.get("parent");
    // Where the browser names the real parent (Chromium, Safari), it must be allowed too.
    const real = location.ancestorOrigins && location.ancestorOrigins.length ? location.ancestorOrigins[0] : null;
    if ((parent && !embedderAllowed(parent)) || (real && !embedderAllowed(real))) {
      this.refused = true;
      document.body.dataset.embed = "refused";
      return;
    }
    this.origin = parent || null;
    window.addEventListener("message", (e) => this.receive(e));
  },
  // After the reload of the LLM assist, `restored`: the reader's files and
  // options are back, and the embedder should not send its initial config.
  ready(restored) {
    this.post({ type: "confine:ready", version: state.info && state.info.version, restored: !!restored });
  },
  post(msg) {
    if (!EMBED || this.refused || window.parent === window) return;
    // Results carry the config: only to the origin that owns the embed.
    const target = this.origin || (msg.type === "confine:ready" ? "*" : null);
    if (!target) return;
    window.parent.postMessage(msg, target === "null" ? "*" : target);
  },
  receive(e) {
    if (e.source !== window.parent || !embedderAllowed(e.origin)) return;
    if (!this.origin) this.origin = e.origin;
    if (e.origin !== this.origin) return;
    const m = e.data || {};
    const id = requestId(m);
    switch (m.type) {
      // Every request that changes what is analysed is answered once, by
      // one analysis with all of its changes (options first).
      case "confine:set-config":
        if (m.options) setOptions(m.options, { analyze: false });
        setFiles([{ path: m.path || "nginx.conf", text: String(m.text || "") }], { quiet: true, analyze: false });
        this.analyze(id);
        break;
      case "confine:set-files":
        if (m.options) setOptions(m.options, { analyze: false });
        setFiles(orderFiles((m.files || []).map((f) => ({ path: String(f.path), text: String(f.text) }))), { quiet: true, analyze: false });
        this.analyze(id);
        break;
      case "confine:set-options":
        setOptions(m.options, { analyze: false });
        this.analyze(id);
        break;
      case "confine:load-example":
        if (m.options) setOptions(m.options, { analyze: false });
        setFiles([{ path: "nginx.conf", text: state.example }], { quiet: true, analyze: false });
        this.analyze(id);
        break;
      case "confine:set-theme":
        setTheme(m.theme);
        break;
      case "confine:set-panes":
        setPanes(m.panes);
        break;
      case "confine:get-result":
        // After the requests before it: the result they lead to.
        if (state.result && !worker.busy && !worker.pending.length) this.post(this.resultMessage(id));
        else this.waiting.push(id);
        break;
    }
  },
  analyze(id) {
    if (!requestAnalysis(id)) this.sendError(id, "no config to analyse yet");
  },
  // `tag`: the id of the request this result answers (undefined: the
  // reader's own edit, posted with id null).
  sendResult(tag) {
    if (!EMBED || !state.result) return;
    if (tag !== SILENT) this.post(this.resultMessage(tag));
    if (!worker.busy && !worker.pending.length) for (const id of this.waiting.splice(0)) this.post(this.resultMessage(id));
  },
  resultMessage(tag) {
    const r = state.result;
    return {
      type: "confine:result",
      id: tag === undefined ? null : tag,
      findings: allItems().map((i) => ({
        rule: i.rule,
        severity: i.severity,
        message: i.message,
        file: i.location && i.location.file,
        line: i.location && i.location.line,
        fixed: !!(i.fix && i.fix.applied),
      })),
      fixed: fixedFiles().filter((f) => f.changed).map((f) => ({ path: f.path, text: f.text })),
      patch: r.patch,
      options: r.options,
      ms: worker.lastMs,
    };
  },
  sendError(tag, message) {
    if (tag === undefined || tag === SILENT) return;
    this.post({ type: "confine:error", id: tag, message });
  },
};

export function setPanes(list) {
  const wanted = (Array.isArray(list) ? list : String(list || "").split(/[\s,]+/)).filter((p) => ALL_PANES.includes(p));
  state.panes = wanted.length ? wanted : ALL_PANES;
  const panes = state.panes;
  $("pane-editor").hidden = !panes.includes("editor");
  $("pane-findings").hidden = !panes.includes("findings");
  const outputs = OUTPUT_VIEWS.filter((v) => panes.includes(v));
  $("pane-output").hidden = !outputs.length;
  for (const v of OUTPUT_VIEWS) $("tab-" + v).hidden = !panes.includes(v);
  document.body.dataset.panes = panes.join(" ");
  if (outputs.length && !outputs.includes(state.view)) setView(outputs[0]);
}
