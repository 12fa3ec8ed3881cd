// The analysis worker: loads the core (wasm) and answers one request at a
// time, so typing in the page never waits for an analysis.
//
// It runs from a blob: URL (www/app/analyser.js: the wasm-bindgen glue and this file,
// in one script), so that it inherits the page's CSP: fetch() here may reach
// only what the page may reach.
//
// Messages in:  {type: "init", wasm}                 wasm: the module's URL, or its bytes
//                                                    (the single-file build)
//               {type: "analyze", id, request}       request = {files, options, redact, error_log}
//               {type: "call", id, call, request}    call = "route" (the Route view),
//                                                    "assist_prepare" | "assist_verify" (the LLM assist)
// Messages out: {type: "ready", info, example, ms}
//               {type: "result", id, result, ms}     ms = time inside the core, in this worker
//               {type: "error", id, message, fatal}  fatal: the module trapped; start a new worker
//               {type: "call_result", id, result} / {type: "call_error", id, message}
"use strict";

/* global wasm_bindgen */
let ready = null;
const CALLS = ["route", "assist_prepare", "assist_verify"];

function init(source) {
  const t0 = performance.now();
  if (typeof wasm_bindgen === "undefined" || !source) {
    ready = Promise.reject(new Error("the worker was started without the wasm glue or module"));
  } else {
    ready = wasm_bindgen({ module_or_path: source });
  }
  ready = ready.then(() => {
    self.postMessage({
      type: "ready",
      info: wasm_bindgen.info(),
      example: wasm_bindgen.example(),
      ms: performance.now() - t0,
    });
  });
  ready.catch((e) => self.postMessage({ type: "error", id: null, message: String(e && e.message || e), fatal: true }));
}

self.onmessage = async (event) => {
  const msg = event.data;
  if (msg.type === "init") {
    init(msg.wasm);
    return;
  }
  if (msg.type === "call") {
    // One call of the core beside the analyses: a request's route, or the
    // LLM assist (the core builds what is sent and checks the answer).
    try {
      await ready;
      if (!CALLS.includes(msg.call)) throw new Error("no such call: " + msg.call);
      self.postMessage({ type: "call_result", id: msg.id, result: wasm_bindgen[msg.call](msg.request) });
    } catch (e) {
      self.postMessage({ type: "call_error", id: msg.id, message: String(e && e.message || e) });
    }
    return;
  }
  if (msg.type !== "analyze") return;
  try {
    await ready;
  } catch (_) {
    return;
  }
  const t0 = performance.now();
  try {
    const result = wasm_bindgen.analyze(msg.request);
    self.postMessage({ type: "result", id: msg.id, result, ms: performance.now() - t0 });
  } catch (e) {
    // A thrown Error is bad input; a RuntimeError is a trap, after which the
    // module's memory cannot be trusted: the page starts a fresh worker.
    const fatal = e instanceof WebAssembly.RuntimeError;
    self.postMessage({ type: "error", id: msg.id, message: String(e && e.message || e), fatal });
  }
};
