// <confine-sandbox>: confine in a docs page.
//
//   <script src="https://confine.example/confine-sandbox.js" defer></script>
//   <confine-sandbox panes="editor findings diff" theme="auto" nginx-version="1.22.1"
//                    backends="billing_backend=http1">
//     <script type="text/plain">
//       location /api/ { grpc_pass grpc://billing_backend; }
//     </script>
//   </confine-sandbox>
//
// Attributes: `config` (the initial config; else the element's text content,
// or the built-in example when both are empty), `panes` (any of editor,
// findings, diff, fixed, redaction, llm), `theme` (auto, light, dark),
// `nginx-version`, `backends` ("name=http1,other=grpc"), `suggestions`
// (boolean), `src` (the page; default: index.html next to this script, or the
// single file confine-standalone.html when this script is a local file),
// `height` (CSS length, default 480px).
// Events: `confine-ready`, `confine-result` (detail: {findings, fixed, patch, ms}).
// Methods: setConfig(text, path), setFiles([{path, text}]), setOptions({...}).
//
// The page runs inside an iframe (its own origin, CSP and worker), driven by
// the postMessage API documented in EMBEDDING.md; this element is a wrapper.
"use strict";

(function () {
  if (customElements.get("confine-sandbox")) return;
  const here = document.currentScript && document.currentScript.src;

  class ConfineSandbox extends HTMLElement {
    static get observedAttributes() {
      return ["config", "panes", "theme", "nginx-version", "backends", "suggestions", "strict", "height"];
    }

    constructor() {
      super();
      this._ready = false;
      this._queue = [];
      this.result = null;
      this._onMessage = (e) => this._receive(e);
    }

    connectedCallback() {
      if (this._frame) return;
      const root = this.attachShadow({ mode: "open" });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(
        ":host{display:block;border:1px solid #8884;border-radius:8px;overflow:hidden}" +
          "iframe{display:block;width:100%;height:100%;border:0}"
      );
      root.adoptedStyleSheets = [sheet];
      this.style.height = this.getAttribute("height") || this.style.height || "480px";
      const near = here || location.href;
      // From disk, only the single file works (a served page's worker cannot load from file://).
      const page = new URL(near).protocol === "file:" ? "confine-standalone.html" : "index.html";
      const base = this.getAttribute("src") || new URL(page, near).href;
      const url = new URL(base, location.href);
      url.searchParams.set("embed", "1");
      url.searchParams.set("example", "0");
      // A file:// page (and a sandboxed one) has an opaque origin: its messages
      // arrive from "null", whatever location.origin says ("file://" in Chromium).
      const opaque = location.protocol === "file:" || location.origin === "null";
      url.searchParams.set("parent", opaque ? "null" : location.origin);
      if (this.getAttribute("panes")) url.searchParams.set("panes", this.getAttribute("panes").trim().split(/[\s,]+/).join(","));
      if (this.getAttribute("theme")) url.searchParams.set("theme", this.getAttribute("theme"));
      // A file:// frame has an opaque origin too (its messages come from "null"),
      // which no target origin names: posted with "*" to this frame's window only.
      this._origin = url.protocol === "file:" ? "null" : url.origin;
      const frame = document.createElement("iframe");
      frame.title = this.getAttribute("title") || "confine: nginx config checker";
      frame.src = url.href;
      this._frame = frame;
      window.addEventListener("message", this._onMessage);
      root.appendChild(frame);
    }

    disconnectedCallback() {
      window.removeEventListener("message", this._onMessage);
    }

    attributeChangedCallback(name, _old, value) {
      if (!this._frame) return;
      if (name === "config") this.setConfig(value || "");
      else if (name === "theme") this._post({ type: "confine:set-theme", theme: value || "auto" });
      else if (name === "panes") this._post({ type: "confine:set-panes", panes: (value || "").split(/[\s,]+/) });
      else if (name === "height") this.style.height = value || "480px";
      else this._post({ type: "confine:set-options", options: this._options() });
    }

    _options() {
      const o = {};
      if (this.getAttribute("nginx-version")) o.nginx_version = this.getAttribute("nginx-version");
      o.backends = (this.getAttribute("backends") || "")
        .split(/[\s,]+/)
        .filter(Boolean)
        .map((pair) => pair.split("="))
        .filter((p) => p.length === 2);
      o.apply_suggestions = this.hasAttribute("suggestions");
      o.strict = this.hasAttribute("strict");
      return o;
    }

    _initialConfig() {
      if (this.hasAttribute("config")) return this.getAttribute("config");
      const block = this.querySelector('script[type="text/plain"], template, pre');
      const raw = block ? (block.content ? block.content.textContent : block.textContent) : this.textContent;
      return dedent(raw || "");
    }

    setConfig(text, path) {
      this._post({ type: "confine:set-config", text: String(text), path: path || "nginx.conf", options: this._options() });
    }

    setFiles(files) {
      this._post({ type: "confine:set-files", files, options: this._options() });
    }

    setOptions(options) {
      this._post({ type: "confine:set-options", options });
    }

    _post(msg) {
      if (!this._ready) {
        this._queue.push(msg);
        return;
      }
      this._frame.contentWindow.postMessage(msg, this._origin === "null" ? "*" : this._origin);
    }

    _receive(e) {
      if (!this._frame || e.source !== this._frame.contentWindow) return;
      const m = e.data || {};
      if (m.type === "confine:ready") {
        this._ready = true;
        // `restored`: the page reloaded itself (the LLM assist widening its
        // policy) and has the reader's edits and options back: keep them.
        const initial = m.restored ? "" : this._initialConfig();
        if (initial.trim()) {
          this._post({ type: "confine:set-config", text: initial, path: "nginx.conf", options: this._options() });
        } else if (!m.restored) {
          this._post({ type: "confine:load-example", options: this._options() });
        }
        this._queue.splice(0).forEach((q) => this._post(q));
        this.dispatchEvent(new CustomEvent("confine-ready", { detail: { version: m.version } }));
      } else if (m.type === "confine:result") {
        this.result = m;
        this.dispatchEvent(new CustomEvent("confine-result", { detail: m }));
      }
    }
  }

  // Strip the indentation that HTML source puts in front of every line.
  function dedent(text) {
    const lines = text.replace(/^\s*\n/, "").replace(/\s+$/, "").split("\n");
    const indents = lines.filter((l) => l.trim()).map((l) => l.match(/^[ \t]*/)[0].length);
    const cut = indents.length ? Math.min(...indents) : 0;
    return lines.map((l) => l.slice(cut)).join("\n") + "\n";
  }

  customElements.define("confine-sandbox", ConfineSandbox);
})();
