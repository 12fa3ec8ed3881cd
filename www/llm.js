// The optional LLM assist: the user's own key, straight from this page to the
// endpoint the user picked. This file only moves bytes: the core builds what
// is sent from the redacted files and error log (confine.assist("prepare")) and restores
// and checks the answer (confine.assist("verify")).
//
// Privacy rules kept here:
// - the key lives in memory, or in localStorage only after "remember on this
//   device"; it goes into the provider's auth header and nowhere else (not a
//   URL, not a log, not a file);
// - the body sent is byte for byte the text shown in the preview;
// - the page may connect only to the origin the user allowed (csp.js).
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const KEY = "confine.llm.key"; // localStorage, opt-in only
  const ORIGIN = "confine.llm.origin"; // sessionStorage (localStorage with "remember")
  const SETTINGS = "confine.llm.settings"; // provider, endpoint, model, time-out, stream: no key
  const KEEP = "confine.llm.keep"; // sessionStorage: the page's whole state, across the CSP reload
  const DEFAULTS = {
    openai: { base: "https://api.openai.com/v1", model: "gpt-4o-mini" },
    anthropic: { base: "https://api.anthropic.com/v1", model: "claude-sonnet-4-5" },
    compatible: { base: "http://localhost:11434/v1", model: "llama3.1" },
  };

  const st = { key: "", prepared: null, snapshot: null, controller: null };

  // Storage by name ("localStorage" or "sessionStorage"): with cookies
  // blocked, or in some embeds, merely reading window.localStorage throws,
  // so the area itself is looked up inside the guard. Whether the write
  // happened is returned (false: storage off, memory only).
  const store = (area, k, v) => {
    try {
      if (v === null) window[area].removeItem(k);
      else window[area].setItem(k, v);
      return true;
    } catch (_) {
      return false;
    }
  };
  const load = (area, k) => {
    try {
      return window[area].getItem(k);
    } catch (_) {
      return null;
    }
  };

  // www/app/main.js asks for the state kept across the reload that widened the CSP.
  window.confineLlm = {
    takeKept() {
      const kept = load("sessionStorage", KEEP);
      store("sessionStorage", KEEP, null);
      try {
        return kept ? JSON.parse(kept) : null;
      } catch (_) {
        return null;
      }
    },
  };

  function status(text, kind) {
    const el = $("llm-status");
    el.textContent = text;
    el.className = "llm-status " + (kind || "");
  }

  function target() {
    return {
      provider: $("llm-provider").value,
      base_url: $("llm-base").value.trim(),
      model: $("llm-model").value.trim(),
      stream: $("llm-stream").checked,
    };
  }

  function saveSettings() {
    const t = target();
    t.timeout = $("llm-timeout").value;
    store("sessionStorage", SETTINGS, JSON.stringify(t));
  }

  function invalidate() {
    st.prepared = null;
    $("llm-send").disabled = true;
    $("llm-confirm").checked = false;
    $("llm-allow").hidden = true;
  }

  async function prepare() {
    invalidate();
    saveSettings();
    const snap = window.confine.snapshot();
    st.snapshot = JSON.stringify([snap.files, snap.error_log]);
    try {
      st.prepared = await window.confine.assist("prepare", { ...snap, target: target() });
    } catch (e) {
      status(e.message, "error");
      $("llm-request").hidden = true;
      return;
    }
    const p = st.prepared;
    $("llm-url").textContent = "POST " + p.url;
    $("llm-body").textContent = p.body;
    $("llm-request").hidden = false;
    const counts = Object.entries(p.redacted).map(([c, n]) => n + " " + c).join(", ") || "nothing";
    if (window.CONFINE_CONNECT !== p.origin) {
      $("llm-allow").hidden = false;
      $("llm-allow").textContent = "Allow " + p.origin + " and reload";
      status(
        "This page may connect only to itself. Allow " + p.origin +
          " to send there: the page reloads with that one origin added to its policy, your config is kept.",
        "warn",
      );
      return;
    }
    $("llm-send").disabled = false;
    status("Redacted: " + counts + ". Check the request below, tick the box, then send.");
  }

  // The policy is widened by a reload (csp.js reads the allowed origin from
  // storage), and the page's whole state comes back from storage after it.
  // Without storage neither would survive: say so and stay.
  function allow() {
    if (!st.prepared) return;
    saveSettings();
    const kept = store("sessionStorage", KEEP, JSON.stringify(window.confine.keep()));
    if (!kept || !store("sessionStorage", ORIGIN, st.prepared.origin)) {
      store("sessionStorage", KEEP, null);
      status(
        "This browser blocks storage for this page (cookies off?), so it cannot widen its policy and keep your " +
          "config across the reload. Allow site data for this page, or use the CLI.",
        "error",
      );
      return;
    }
    if ($("llm-remember").checked) store("localStorage", ORIGIN, st.prepared.origin);
    location.reload();
  }

  function rememberKey() {
    st.key = $("llm-key").value;
    if ($("llm-remember").checked && st.key) store("localStorage", KEY, st.key);
  }

  function forget() {
    st.key = "";
    $("llm-key").value = "";
    $("llm-remember").checked = false;
    store("localStorage", KEY, null);
    store("localStorage", ORIGIN, null);
    status("Key forgotten on this device.");
  }

  // Text of a streamed event or a whole response, per provider.
  function deltaText(provider, obj) {
    if (provider === "anthropic") {
      if (obj.type === "content_block_delta" && obj.delta) return obj.delta.text || "";
      if (obj.type === "error") throw new Error("the endpoint reported: " + ((obj.error && obj.error.message) || "error"));
      return "";
    }
    const c = obj.choices && obj.choices[0];
    if (!c) {
      if (obj.error) throw new Error("the endpoint reported: " + (obj.error.message || "error"));
      return "";
    }
    return (c.delta && c.delta.content) || "";
  }

  function wholeText(provider, obj) {
    if (provider === "anthropic") {
      return (obj.content || []).filter((b) => b.type === "text").map((b) => b.text).join("");
    }
    const c = obj.choices && obj.choices[0];
    return (c && c.message && c.message.content) || "";
  }

  async function readStream(res, provider, onText) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        for (const line of event.split("\n")) {
          if (!line.startsWith("data:")) continue;
          const data = line.slice(5).trim();
          if (!data || data === "[DONE]") continue;
          onText(deltaText(provider, JSON.parse(data)));
        }
      }
    }
  }

  function httpError(res, text) {
    const tail = text ? ": " + text.slice(0, 200) : "";
    if (res.status === 401 || res.status === 403) {
      return "The endpoint rejected the key (HTTP " + res.status + "). Check the key and the provider" + tail;
    }
    if (res.status === 429) {
      return "Rate limited or out of quota (HTTP 429). Wait and try again, or check your plan" + tail;
    }
    return "The endpoint answered HTTP " + res.status + tail;
  }

  async function send() {
    const p = st.prepared;
    if (!p) return;
    const now = window.confine.snapshot();
    if (JSON.stringify([now.files, now.error_log]) !== st.snapshot) {
      invalidate();
      status("The config or the error log changed since the preview: preview the request again.", "warn");
      return;
    }
    if (!$("llm-confirm").checked) {
      status("Tick \u201cI have checked the request below\u201d first.", "warn");
      return;
    }
    rememberKey();
    if (!st.key) {
      status("Enter your API key first.", "warn");
      return;
    }
    const provider = $("llm-provider").value;
    const headers = {};
    for (const [k, v] of p.headers) headers[k] = v;
    headers[p.key_header] = p.key_prefix + st.key;
    const controller = new AbortController();
    st.controller = controller;
    const seconds = Math.max(1, Math.min(600, Number($("llm-timeout").value) || 120));
    let why = null;
    const timer = setTimeout(() => {
      why = "timeout";
      controller.abort();
    }, seconds * 1000);
    $("llm-send").disabled = true;
    $("llm-cancel").hidden = false;
    $("llm-result").hidden = false;
    $("llm-verdict").textContent = "";
    $("llm-verdict").className = "badge";
    $("llm-diff").textContent = "";
    const answerEl = $("llm-answer");
    answerEl.textContent = "";
    status("Waiting for " + p.origin + "\u2026");
    let answer = "";
    try {
      let res;
      try {
        res = await fetch(p.url, {
          method: "POST",
          headers,
          body: p.body,
          signal: controller.signal,
          credentials: "omit",
          referrerPolicy: "no-referrer",
          cache: "no-store",
        });
      } catch (e) {
        if (controller.signal.aborted) throw e;
        throw new Error(await unreachable(p.origin));
      }
      if (!res.ok) throw new Error(httpError(res, await res.text().catch(() => "")));
      const type = res.headers.get("content-type") || "";
      if (type.includes("text/event-stream")) {
        status("Receiving\u2026 (placeholders are restored when the answer is complete)");
        await readStream(res, provider, (t) => {
          answer += t;
          answerEl.textContent = answer;
        });
      } else {
        answer = wholeText(provider, JSON.parse(await res.text()));
        answerEl.textContent = answer;
      }
      if (!answer.trim()) throw new Error("malformed");
      await verify(answer);
    } catch (e) {
      let text;
      if (why === "timeout") text = "Timed out after " + seconds + " s: no complete answer from " + p.origin + ".";
      else if (controller.signal.aborted) text = "Cancelled.";
      else if (e instanceof SyntaxError || e.message === "malformed") {
        text = "The answer was not understood (malformed or empty response from " + p.origin + ").";
      } else text = e.message;
      status(text, "error");
      $("llm-verdict").textContent = "no answer";
      $("llm-verdict").className = "badge bad";
    } finally {
      clearTimeout(timer);
      st.controller = null;
      $("llm-cancel").hidden = true;
      $("llm-send").disabled = !st.prepared;
    }
  }

  // fetch() fails the same way for a network error and a CORS refusal; an
  // opaque (no-cors) request to the same origin, without body or key, tells
  // them apart: it succeeds when the server is there but refuses the page.
  async function unreachable(origin) {
    try {
      await fetch(origin + "/", { mode: "no-cors", credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer" });
      return (
        "The endpoint " + origin + " refused the request from this page (CORS): it must allow calls from " +
        location.origin + " (for Ollama: OLLAMA_ORIGINS)."
      );
    } catch (_) {
      return "Network failure: could not reach " + origin + ". Is it running, and is the address right?";
    }
  }

  async function verify(answer) {
    const p = st.prepared;
    const snap = window.confine.snapshot();
    const v = await window.confine.assist("verify", {
      files: snap.files,
      options: snap.options,
      mapping: p.mapping,
      answer,
    });
    $("llm-answer").textContent = v.answer;
    const badge = $("llm-verdict");
    if (v.verified) {
      badge.textContent = "LLM-proposed \u00b7 checked by confine" + (v.resolved.length ? ": resolves " + v.resolved.join(", ") : "");
      badge.className = "badge ok";
      status("The proposal parses, resolves what it should and brings no new warning or error.");
    } else {
      badge.textContent = "LLM-proposed \u00b7 unverified";
      badge.className = "badge bad";
      status("Unverified: " + (v.reason || "the checks do not confirm it") + ".", "warn");
    }
    const diff = $("llm-diff");
    diff.textContent = "";
    const text = v.diff ? v.diff.unified : "";
    for (const line of text.split("\n")) {
      const span = document.createElement("span");
      span.className = line.startsWith("+") ? "insert" : line.startsWith("-") ? "delete" : line.startsWith("@@") ? "hunk" : "";
      span.textContent = line + "\n";
      diff.appendChild(span);
    }
  }

  function onProvider() {
    const d = DEFAULTS[$("llm-provider").value];
    $("llm-base").placeholder = d.base;
    $("llm-model").placeholder = d.model;
    invalidate();
  }

  function init() {
    if (!$("view-llm")) return;
    if (window.CONFINE_CONNECT === undefined) {
      // The single-file build: its policy allows no network at all.
      $("view-llm").querySelectorAll("input, select, button").forEach((el) => (el.disabled = true));
      status("The LLM assist needs the served page; this single file may not connect anywhere.", "warn");
      return;
    }
    let saved = null;
    try {
      saved = JSON.parse(load("sessionStorage", SETTINGS) || "null");
    } catch (_) {
      saved = null;
    }
    if (saved) {
      if (DEFAULTS[saved.provider]) $("llm-provider").value = saved.provider;
      $("llm-base").value = saved.base_url || "";
      $("llm-model").value = saved.model || "";
      if (saved.timeout) $("llm-timeout").value = saved.timeout;
      $("llm-stream").checked = saved.stream !== false;
    }
    const remembered = load("localStorage", KEY);
    if (remembered) {
      st.key = remembered;
      $("llm-key").value = remembered;
      $("llm-remember").checked = true;
    }
    onProvider();
    $("llm-provider").addEventListener("change", onProvider);
    for (const id of ["llm-base", "llm-model", "llm-stream"]) $(id).addEventListener("change", invalidate);
    $("llm-key").addEventListener("input", () => (st.key = $("llm-key").value));
    $("llm-remember").addEventListener("change", () => {
      if ($("llm-remember").checked) rememberKey();
      else store("localStorage", KEY, null);
    });
    $("llm-forget").addEventListener("click", forget);
    $("llm-prepare").addEventListener("click", prepare);
    $("llm-allow").addEventListener("click", allow);
    $("llm-send").addEventListener("click", send);
    $("llm-cancel").addEventListener("click", () => st.controller && st.controller.abort());
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
