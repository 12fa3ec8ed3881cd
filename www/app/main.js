// confine's page. These modules only move data between the DOM, the analysis
// worker (www/worker.js, which runs the Rust core compiled to wasm) and the
// clipboard/downloads. Every decision about nginx lives in the core.
//
// The entry module: starts the page, and `window.confine` for tests and
// www/llm.js. `cargo xtask` joins the modules into the one script the page
// loads (crates/xtask/src/bundle.rs).
import { redactRequest, requestAnalysis, spawnWorker, worker } from "./analyser.js";
import { initControls, setOptions, setTheme } from "./controls.js";
import { $, EMBED, params, setStatus } from "./dom.js";
import { editor } from "./editor.js";
import { embed, setPanes, SILENT } from "./embed.js";
import { initDrop, setFiles } from "./files.js";
import { keepState, restoreState } from "./keep.js";
import { initKeys } from "./keys.js";
import { initLog } from "./log.js";
import { initRoute } from "./route.js";
import { state } from "./state.js";
import { setView } from "./views.js";

function start() {
  editor.init();
  initControls();
  initDrop();
  initKeys();
  initLog();
  initRoute();
  // After the LLM assist's reload: the state it kept (files, options, view).
  const kept = window.confineLlm && window.confineLlm.takeKept();
  embed.init();
  // The single-file build is itself the offline copy.
  if ($("confine-worker-src")) $("offline-link").hidden = true;
  let theme = params.get("theme");
  if (!theme) {
    try {
      theme = localStorage.getItem("confine-theme");
    } catch (_) {
      theme = null;
    }
  }
  setTheme(theme || "auto");
  setPanes(params.get("panes"));
  setView(state.panes.includes("diff") ? "diff" : state.view);
  if (params.get("nginx")) setOptions({ nginx_version: params.get("nginx") });
  worker.onReady.push(() => {
    const restored = !!(kept && Array.isArray(kept.files) && kept.files.length);
    if (restored) {
      // The LLM assist reloaded the page to widen its CSP: everything comes back.
      restoreState(kept);
    } else if (!state.files.length) {
      // Embeds get their config by message (or start empty with ?example=0,
      // analysed, but not posted to the embedder: it asked for nothing yet).
      if (params.get("example") === "0") {
        setFiles([{ path: "nginx.conf", text: "" }], { quiet: true, analyze: false });
        requestAnalysis(EMBED ? SILENT : undefined);
      } else {
        setFiles([{ path: "nginx.conf", text: state.example }], { quiet: true });
      }
    }
    embed.ready(restored);
  });
  worker.start();
  setStatus("loading the analyser\u2026");
  // For tests and the curious.
  window.confine = {
    state,
    analyze: () => requestAnalysis(),
    setFiles: (files) => setFiles(files, { quiet: true }),
    setOptions,
    editor,
    // For www/llm.js: the core's assist calls ("prepare", "verify"), what is
    // being analysed, and the whole state to keep across its reload.
    assist: (call, request) => worker.call("assist_" + call, request),
    keep: keepState,
    // A worker of the page's own kind (blob: URL, init sent), for the benchmarks.
    spawnWorker,
    snapshot: () => ({
      files: state.files.map((f) => ({ path: f.path, text: f.text })),
      options: state.lastRequest ? state.lastRequest.options : {},
      redact: redactRequest(),
      error_log: state.errorLog.trim() ? state.errorLog : null,
    }),
    // Whether the page shows the answer to its newest request (nothing pending).
    settled: () => worker.ready && !worker.busy && !worker.pending.length && state.answered === state.lastRequest,
  };
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
