// The analysis worker, seen from the page: it starts the worker (from a
// blob: URL, under the page's CSP), sends it the newest request and hands
// each answer on. The worker itself is www/worker.js.
import { $, setStatus } from "./dom.js";
import { embed } from "./embed.js";
import { showError, showResult } from "./findings.js";
import { state } from "./state.js";

// The worker's code: in the single-file build, inert blocks of the page;
// served, worker.js and the wasm-bindgen glue, fetched as text. Either way
// it starts from a blob: URL, and so runs under this page's CSP (a worker
// loaded by URL gets its policy from its own response headers, which a
// static host does not send: no policy at all, with the config inside).
let workerCode = null;
function workerSource() {
  if (!workerCode) {
    const inline = $("confine-worker-src");
    if (inline) {
      const bin = atob($("confine-wasm").textContent.trim());
      const bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      workerCode = Promise.resolve({ code: inline.textContent, wasm: bytes });
    } else {
      const text = (file) =>
        fetch(file, { credentials: "same-origin" }).then((r) => {
          if (!r.ok) throw new Error(file + ": HTTP " + r.status);
          return r.text();
        });
      workerCode = Promise.all([text("confine-wasm.js"), text("worker.js")]).then(([glue, code]) => ({
        code: glue + "\n" + code,
        wasm: new URL("confine-wasm_bg.wasm", document.baseURI).href,
      }));
    }
    workerCode.catch(() => (workerCode = null));
  }
  return workerCode;
}

// A new analysis worker (from its blob: URL), sent its init message.
export async function spawnWorker() {
  const src = await workerSource();
  const url = URL.createObjectURL(new Blob([src.code], { type: "text/javascript" }));
  const w = new Worker(url);
  URL.revokeObjectURL(url);
  // The wasm bytes (single file) are copied, not transferred: a restarted worker needs them again.
  w.postMessage({ type: "init", wasm: src.wasm });
  return w;
}

export const worker = {
  w: null,
  ready: false,
  busy: false,
  // [{req, tag}]: untagged requests (typing) replace each other; a tagged
  // one (an embed request, answered with its id) is never dropped.
  pending: [],
  inflightTag: undefined,
  nextId: 1,
  lastMs: null,
  onReady: [],
  callPending: new Map(),

  // One call of the core beside the analyses (www/worker.js lists them):
  // "route", "assist_prepare", "assist_verify".
  call(call, request) {
    return new Promise((resolve, reject) => {
      const go = () => {
        const id = this.nextId++;
        this.callPending.set(id, { resolve, reject });
        this.w.postMessage({ type: "call", id, call, request });
      };
      if (this.ready) go();
      else this.onReady.push(go);
    });
  },

  start() {
    this.ready = false;
    this.busy = false;
    spawnWorker().then(
      (w) => {
        this.w = w;
        w.onmessage = (e) => this.receive(e.data);
        w.onerror = (e) => setStatus("worker failed: " + (e.message || "unknown error"), "error");
      },
      (e) => setStatus("the analyser failed to load: " + e.message, "error"),
    );
  },

  receive(msg) {
    if (msg.type === "call_result" || msg.type === "call_error") {
      // Calls (the route, the LLM assist): answered apart from analyses.
      const p = this.callPending.get(msg.id);
      this.callPending.delete(msg.id);
      if (p) msg.type === "call_result" ? p.resolve(msg.result) : p.reject(new Error(msg.message));
      return;
    }
    if (msg.type === "ready") {
      this.ready = true;
      state.example = msg.example;
      state.info = msg.info;
      const cbs = this.onReady.splice(0);
      cbs.forEach((cb) => cb(msg));
      this.flush();
      return;
    }
    this.busy = false;
    state.answered = this.inflight;
    const tag = this.inflightTag;
    this.inflightTag = undefined;
    if (msg.type === "result") {
      this.restarts = 0;
      this.lastMs = msg.ms;
      showResult(msg.result, msg.ms, msg.id, tag);
    } else if (msg.type === "error") {
      showError(msg.message);
      embed.sendError(tag, msg.message);
      if (msg.fatal) {
        // A trap leaves the module unusable: start a fresh worker, a few times at most.
        this.w.terminate();
        this.restarts = (this.restarts || 0) + 1;
        if (msg.id !== null && this.restarts <= 3) this.start();
        else setStatus("the analyser failed to start: " + msg.message, "error");
        return;
      }
    }
    this.flush();
  },

  // Only the newest request matters: while one runs, later ones replace
  // each other; except an embed's request (`tag`: its id), which is
  // answered, each with its own result.
  request(req, tag) {
    const last = this.pending.length - 1;
    if (last >= 0 && this.pending[last].tag === undefined) this.pending[last] = { req, tag };
    else this.pending.push({ req, tag });
    this.flush();
  },

  flush() {
    if (!this.ready || this.busy || !this.pending.length) return;
    const { req, tag } = this.pending.shift();
    this.busy = true;
    this.inflight = req;
    this.inflightTag = tag;
    this.w.postMessage({ type: "analyze", id: this.nextId++, request: req });
  },
};

// `tag`: the id of the embed request this analysis answers (see embed).
export function requestAnalysis(tag) {
  if (!state.files.length) return false;
  state.lastRequest = {
    files: state.files.map((f) => ({ path: f.path, text: f.text })),
    options: {
      nginx_version: state.options.nginx_version,
      backends: state.options.backends.filter(([n]) => n.trim()).map(([n, p]) => [n.trim(), p]),
      apply_suggestions: state.options.apply_suggestions,
    },
    // Redaction only while its pane is shown: for a large config it was
    // half of every analysis, and nothing else on the page reads it (the
    // LLM assist redacts on its own, in the core).
    redact: wantRedaction() ? redactRequest() : { enabled: false },
  };
  if (state.options.strict) state.lastRequest.options.strict = true;
  if (state.errorLog.trim()) state.lastRequest.error_log = state.errorLog;
  worker.request(state.lastRequest, tag);
  return true;
}

export function wantRedaction() {
  return state.redact.enabled && state.view === "redaction";
}

// The binding's `redact` request (crates/wasm): the core's RedactOptions
// plus `enabled`. `categories` lists the enabled ones, sent only once the
// user has toggled one (the core's defaults apply until then).
export function redactRequest() {
  const r = { enabled: state.redact.enabled };
  const toggled = state.redact.categories;
  if (Object.keys(toggled).length && state.redact.known.length) {
    r.categories = state.redact.known.filter((c) => (c.id in toggled ? toggled[c.id] : c.enabled)).map((c) => c.id);
  }
  if (state.redact.terms.length) r.terms = state.redact.terms;
  return r;
}
