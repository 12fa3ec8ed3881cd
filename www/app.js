// confine's page. This script only moves data between the DOM, the analysis
// worker (www/worker.js, which runs the Rust core compiled to wasm) and the
// clipboard/downloads. Every decision about nginx lives in the core.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  const EMBED = params.has("embed");
  const ALL_PANES = ["editor", "findings", "diff", "fixed", "redaction", "llm"];
  const OUTPUT_VIEWS = ["diff", "fixed", "redaction", "llm"];

  const state = {
    files: [], // [{path, text, scroll}] the editor's tabs; the first is the main file
    active: 0,
    options: { nginx_version: "1.30.0", backends: [], apply_suggestions: false },
    // categories: the user's toggles {id: bool}; known: the core's categories
    // [{id, enabled}] from the last result (for the toggles and their defaults).
    redact: { enabled: true, categories: {}, known: [], terms: [] },
    result: null,
    view: "diff",
    diffLayout: "unified",
    theme: "auto",
    example: "",
    analyses: 0,
    findingCursor: -1,
  };

  // -------------------------------------------------------------------------
  // the worker

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
  async function spawnWorker() {
    const src = await workerSource();
    const url = URL.createObjectURL(new Blob([src.code], { type: "text/javascript" }));
    const w = new Worker(url);
    URL.revokeObjectURL(url);
    // The wasm bytes (single file) are copied, not transferred: a restarted worker needs them again.
    w.postMessage({ type: "init", wasm: src.wasm });
    return w;
  }

  const worker = {
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
    assistPending: new Map(),

    // One call of the core for the LLM assist: "prepare" or "verify".
    assist(call, request) {
      return new Promise((resolve, reject) => {
        const go = () => {
          const id = this.nextId++;
          this.assistPending.set(id, { resolve, reject });
          this.w.postMessage({ type: "assist", id, call, request });
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
      if (msg.type === "assist_result" || msg.type === "assist_error") {
        // The LLM assist's calls (www/llm.js): answered apart from analyses.
        const p = this.assistPending.get(msg.id);
        this.assistPending.delete(msg.id);
        if (p) msg.type === "assist_result" ? p.resolve(msg.result) : p.reject(new Error(msg.message));
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
  function requestAnalysis(tag) {
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
    worker.request(state.lastRequest, tag);
    return true;
  }

  function wantRedaction() {
    return state.redact.enabled && state.view === "redaction";
  }

  // The binding's `redact` request (crates/wasm): the core's RedactOptions
  // plus `enabled`. `categories` lists the enabled ones, sent only once the
  // user has toggled one (the core's defaults apply until then).
  function redactRequest() {
    const r = { enabled: state.redact.enabled };
    const toggled = state.redact.categories;
    if (Object.keys(toggled).length && state.redact.known.length) {
      r.categories = state.redact.known.filter((c) => (c.id in toggled ? toggled[c.id] : c.enabled)).map((c) => c.id);
    }
    if (state.redact.terms.length) r.terms = state.redact.terms;
    return r;
  }

  // -------------------------------------------------------------------------
  // the editor: a textarea with a line-number gutter and finding marks

  const editor = {
    ta: null,
    gutter: null,
    lines: 0,
    lineHeight: 20,
    padTop: 8,

    init() {
      this.ta = $("source");
      this.gutter = $("gutter-inner");
      this.ta.addEventListener("input", () => {
        const f = state.files[state.active];
        if (!f) return;
        f.text = this.ta.value;
        this.renderGutter();
        requestAnalysis();
      });
      let pending = false;
      this.ta.addEventListener("scroll", () => {
        this.syncScroll();
        if (pending) return;
        pending = true;
        requestAnimationFrame(() => {
          pending = false;
          this.renderMarks();
        });
      });
      // Tab indents; Esc then Tab (or Shift+Tab) moves focus on, so the
      // editor is no keyboard trap. Esc counts for the next key only.
      let escaped = false;
      this.ta.addEventListener("keydown", (e) => {
        if (e.key === "Shift" || e.key === "Control" || e.key === "Alt" || e.key === "Meta") return;
        const leave = escaped;
        escaped = e.key === "Escape";
        if (e.key === "Tab" && !leave && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) {
          e.preventDefault();
          document.execCommand("insertText", false, "    ");
        }
      });
      this.ta.addEventListener("blur", () => (escaped = false));
      this.measure();
      window.addEventListener("resize", () => this.measure());
    },

    measure() {
      const cs = getComputedStyle(this.ta);
      this.lineHeight = parseFloat(cs.lineHeight) || 20;
      this.padTop = parseFloat(cs.paddingTop) || 0;
      this.drawn = null;
      this.renderMarks();
    },

    load(index) {
      const cur = state.files[state.active];
      if (cur) cur.scroll = this.ta.scrollTop;
      state.active = index;
      const f = state.files[index];
      this.ta.value = f ? f.text : "";
      this.renderGutter();
      this.ta.scrollTop = (f && f.scroll) || 0;
      this.syncScroll();
      renderTabs();
      this.setMarks();
    },

    renderGutter() {
      const text = this.ta.value;
      let n = 1;
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
      if (n === this.lines) return;
      this.lines = n;
      this.drawn = null;
      this.renderMarks();
    },

    syncScroll() {
      const y = -this.ta.scrollTop;
      this.gutter.style.transform = "translateY(" + y + "px)";
      $("marks").style.transform = "translate(" + -this.ta.scrollLeft + "px," + y + "px)";
    },

    // The finding lines of the shown file, [{line, endLine, severity, title}]
    // sorted by line. Line numbers and marks exist only for the rows near the
    // visible ones, so a 10,000-line config with a thousand findings lays out
    // no more than a short one.
    marks: [],
    drawn: null,

    setMarks() {
      const list = [];
      for (const item of allItems()) {
        const loc = editorLocation(item.location);
        if (!loc || loc.tab !== state.active) continue;
        list.push({ line: loc.line, endLine: Math.max(loc.line, loc.endLine || loc.line), severity: item.severity, title: item.rule + ": " + item.message });
      }
      list.sort((a, b) => a.line - b.line);
      this.marks = list;
      this.drawn = null;
      this.renderMarks();
    },

    renderMarks() {
      const first = Math.floor(this.ta.scrollTop / this.lineHeight) + 1;
      const last = first + Math.ceil(this.ta.clientHeight / this.lineHeight) + 1;
      if (this.drawn && first >= this.drawn[0] && last <= this.drawn[1]) return;
      const from = Math.max(1, first - 100);
      const to = last + 100;
      this.drawn = [from, to];
      const nums = [];
      for (let l = from; l <= Math.min(to, this.lines); l++) nums.push(l);
      const numbers = $("gutter-nums");
      numbers.textContent = nums.join("\n");
      numbers.style.top = this.padTop + (from - 1) * this.lineHeight + "px";
      const layer = $("marks");
      for (const m of layer.querySelectorAll(".line-mark")) m.remove();
      for (const m of this.gutter.querySelectorAll(".mark")) m.remove();
      const bars = document.createDocumentFragment();
      const dots = document.createDocumentFragment();
      const seen = new Set();
      // marks are sorted by start line; a mark may span lines, so look back a little
      let i = 0;
      let lo = 0;
      let hi = this.marks.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.marks[mid].line < from - 50) lo = mid + 1;
        else hi = mid;
      }
      for (i = lo; i < this.marks.length && this.marks[i].line <= to; i++) {
        const m = this.marks[i];
        for (let l = Math.max(m.line, from); l <= Math.min(m.endLine, to); l++) {
          const key = l + m.severity;
          if (seen.has(key)) continue;
          seen.add(key);
          const bar = document.createElement("div");
          bar.className = "line-mark sev-" + m.severity;
          bar.style.top = this.padTop + (l - 1) * this.lineHeight + "px";
          bar.style.height = this.lineHeight + "px";
          bars.appendChild(bar);
        }
        if (m.line >= from) {
          const dot = document.createElement("div");
          dot.className = "mark sev-" + m.severity;
          dot.style.top = this.padTop + (m.line - 1) * this.lineHeight + "px";
          dot.title = m.title;
          dots.appendChild(dot);
        }
      }
      layer.insertBefore(bars, layer.firstChild);
      this.gutter.appendChild(dots);
    },

    // Select a (1-based) line/column range and scroll it into the middle.
    jump(tab, line, column, endLine, endColumn) {
      if (tab !== state.active) this.load(tab);
      const text = this.ta.value;
      const offset = (l, c) => {
        let i = 0;
        for (let k = 1; k < l && i !== -1; k++) {
          i = text.indexOf("\n", i);
          if (i !== -1) i++;
        }
        if (i === -1) return text.length;
        // columns count code points
        let pos = i;
        for (let k = 1; k < c && pos < text.length && text[pos] !== "\n"; k++) {
          pos += text.codePointAt(pos) > 0xffff ? 2 : 1;
        }
        return pos;
      };
      const start = offset(line, column || 1);
      let end = endLine ? offset(endLine, endColumn || 1) : start;
      if (end <= start) {
        end = text.indexOf("\n", start);
        if (end === -1) end = text.length;
      }
      this.ta.focus({ preventScroll: true });
      this.ta.setSelectionRange(start, end);
      this.ta.scrollTop = Math.max(0, (line - 1) * this.lineHeight - this.ta.clientHeight / 3);
      this.syncScroll();
      this.renderMarks();
      const flash = document.createElement("div");
      flash.className = "line-flash";
      flash.style.top = this.padTop + (line - 1) * this.lineHeight + "px";
      flash.style.height = this.lineHeight * (Math.max(line, endLine || line) - line + 1) + "px";
      $("marks").appendChild(flash);
      setTimeout(() => flash.remove(), 1200);
      document.body.dataset.jumpLine = String(line);
    },
  };

  // A finding's location (core path + line) to an editor tab + line. A dump in
  // one tab holds several files: their lines start after their marker line.
  function editorLocation(loc) {
    if (!loc) return null;
    const byPath = state.files.findIndex((f) => samePath(f.path, loc.file));
    if (byPath !== -1) {
      return { tab: byPath, line: loc.line, column: loc.column, endLine: loc.end_line, endColumn: loc.end_column };
    }
    if (state.files.length === 1) {
      const at = dumpMarkers().get(loc.file);
      if (at !== undefined) {
        return { tab: 0, line: at + 1 + loc.line, column: loc.column, endLine: at + 1 + loc.end_line, endColumn: loc.end_column };
      }
    }
    return null;
  }

  // Line index of each `# configuration file PATH:` in the one editor text.
  let markerCache = { text: null, map: new Map() };
  function dumpMarkers() {
    const text = state.files[0].text;
    if (markerCache.text === text) return markerCache.map;
    const map = new Map();
    const re = /^# configuration file (.*):\r?$/gm;
    let m;
    while ((m = re.exec(text))) {
      if (!map.has(m[1])) map.set(m[1], text.slice(0, m.index).split("\n").length - 1);
    }
    markerCache = { text, map };
    return map;
  }

  function samePath(a, b) {
    const norm = (p) => p.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+/g, "/");
    return norm(a) === norm(b);
  }

  // -------------------------------------------------------------------------
  // tabs and files

  // opts: quiet (no toast), analyze: false (the caller asks for the analysis).
  function setFiles(files, opts) {
    state.files = files.map((f) => ({ path: f.path, text: f.text, scroll: 0 }));
    state.active = 0;
    state.result = null;
    editor.lines = 0;
    editor.load(0);
    if (!(opts && opts.analyze === false)) requestAnalysis();
    if (!(opts && opts.quiet)) toast(files.length === 1 ? "Loaded " + files[0].path : "Loaded " + files.length + " files");
  }

  function renderTabs() {
    const tabs = $("file-tabs");
    // Redrawn on every analysis: a focused tab gets focus back after.
    const focused = tabs.contains(document.activeElement) ? document.activeElement.dataset.tab : null;
    tabs.textContent = "";
    state.files.forEach((f, i) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "tab";
      b.setAttribute("role", "tab");
      b.setAttribute("aria-selected", String(i === state.active));
      b.textContent = f.path;
      b.title = i === 0 ? f.path + " (main file)" : f.path;
      b.dataset.tab = String(i);
      b.addEventListener("click", () => editor.load(i));
      tabs.appendChild(b);
    });
    const r = state.result;
    if (state.files.length === 1 && r && r.files.length > 1) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "btn small";
      b.id = "split-dump";
      b.textContent = "Split into " + r.files.length + " files";
      b.title = "This is an nginx -T dump: edit its files in tabs";
      b.dataset.tab = "split";
      b.addEventListener("click", () => setFiles(r.files.map((f) => ({ path: f.path, text: f.text }))));
      tabs.appendChild(b);
    }
    const again = focused && tabs.querySelector('[data-tab="' + focused + '"]');
    if (again) again.focus();
  }

  async function readDropped(dataTransfer) {
    const out = [];
    const entries = [];
    for (const item of dataTransfer.items || []) {
      const entry = item.webkitGetAsEntry && item.webkitGetAsEntry();
      if (entry) entries.push(entry);
    }
    if (entries.length && entries.some((e) => e.isDirectory)) {
      const walk = async (entry) => {
        if (entry.isFile) {
          const file = await new Promise((res, rej) => entry.file(res, rej));
          out.push({ path: entry.fullPath.replace(/^\//, ""), text: await file.text() });
        } else if (entry.isDirectory) {
          const reader = entry.createReader();
          for (;;) {
            const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
            if (!batch.length) break;
            for (const e of batch) await walk(e);
          }
        }
      };
      for (const e of entries) await walk(e);
    } else {
      for (const file of dataTransfer.files || []) {
        out.push({ path: file.webkitRelativePath || file.name, text: await file.text() });
      }
    }
    return out;
  }

  // The main file first (nginx.conf, else the shallowest path): relative
  // includes resolve against its directory, as with `nginx -c`.
  function orderFiles(files) {
    const depth = (p) => p.split("/").length;
    const isMain = (p) => /(^|\/)nginx\.conf$/.test(p);
    return files.slice().sort((a, b) => {
      if (isMain(a.path) !== isMain(b.path)) return isMain(a.path) ? -1 : 1;
      return depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    });
  }

  async function openFiles(files) {
    const list = orderFiles(files.filter((f) => f.text.length < 64 * 1024 * 1024));
    if (!list.length) return;
    setFiles(list);
  }

  // -------------------------------------------------------------------------
  // results

  const SEVERITY_RANK = { error: 0, warning: 1, info: 2 };
  let itemsCache = { result: null, items: [] };

  // Diagnostics and findings, errors first (stable: the core's order within a severity).
  function allItems() {
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

  function showResult(result, ms, id, tag) {
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
    dirty = { diff: true, fixed: true, redaction: true };
    renderView();
    editor.setMarks();
    embed.sendResult(tag);
    document.body.dataset.renderMs = (performance.now() - r0).toFixed(1);
  }

  // The output views render when shown: a hidden diff of a big config costs nothing.
  let dirty = { diff: true, fixed: true, redaction: true };
  function renderView() {
    if (!dirty[state.view]) return;
    dirty[state.view] = false;
    if (state.view === "diff") renderDiff();
    else if (state.view === "fixed") renderFixed();
    else if (state.view === "redaction") renderRedaction();
  }

  function showError(message) {
    setStatus(message, "error");
    document.body.dataset.error = message;
  }

  function setStatus(text, kind) {
    const st = $("status");
    st.textContent = text;
    st.className = "status " + (kind || "");
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

  function stepFinding(delta) {
    const items = allItems();
    if (!items.length) return;
    state.findingCursor = (state.findingCursor + delta + items.length) % items.length;
    const li = $("findings").querySelector('[data-index="' + state.findingCursor + '"]');
    if (li) li.scrollIntoView({ block: "nearest" });
    const l = editorLocation(items[state.findingCursor].location);
    if (l) editor.jump(l.tab, l.line, l.column, l.endLine, l.endColumn);
  }

  // -- diff -----------------------------------------------------------------

  const MAX_DIFF_ROWS = 1500;
  let diffAll = false;

  function renderDiff() {
    const limit = diffAll ? Infinity : MAX_DIFF_ROWS;
    const view = $("view-diff");
    view.textContent = "";
    const r = state.result;
    if (!r) return;
    if (!r.fixed.length) {
      const p = document.createElement("p");
      p.className = "empty";
      p.textContent = r.findings.some((f) => f.fix && !f.fix.applied)
        ? "No safe fix applied. Tick \u201capply suggestions\u201d to apply the suggested ones."
        : "Nothing to change.";
      view.appendChild(p);
      return;
    }
    const unified = state.diffLayout === "unified";
    let rows = 0;
    for (const file of r.fixed) {
      // One table per hunk, each in a box the browser may skip laying out
      // while it is off screen (content-visibility), with fixed columns.
      const section = document.createElement("section");
      section.className = "diff-file " + state.diffLayout;
      const head = document.createElement("h3");
      head.className = "diff-path";
      head.textContent = file.path;
      section.appendChild(head);
      for (const h of file.diff.hunks) {
        if (rows >= limit) {
          rows = limit + 1;
          break;
        }
        const box = document.createElement("div");
        box.className = "hunk-box";
        const table = document.createElement("table");
        table.className = "diff " + state.diffLayout;
        const cols = document.createElement("colgroup");
        for (const c of unified ? ["num", "num", "sign", "text"] : ["num", "text", "num", "text"]) {
          const col = document.createElement("col");
          col.className = "col-" + c;
          cols.appendChild(col);
        }
        table.appendChild(cols);
        const body = document.createElement("tbody");
        const hr = body.insertRow();
        hr.className = "hunk";
        const hc = hr.insertCell();
        hc.colSpan = 4;
        hc.textContent = "@@ -" + h.old_start + "," + h.old_len + " +" + h.new_start + "," + h.new_len + " @@";
        const lines = hunkLines(h);
        if (unified) {
          for (const l of lines) {
            if (rows++ >= limit) break;
            const tr = body.insertRow();
            tr.className = l.tag;
            cell(tr, "num", l.old_line);
            cell(tr, "num", l.new_line);
            cell(tr, "sign", l.tag === "insert" ? "+" : l.tag === "delete" ? "-" : " ");
            cell(tr, "text", l.text);
          }
        } else {
          for (const [left, right] of pairLines(lines)) {
            if (rows++ >= limit) break;
            const tr = body.insertRow();
            cell(tr, "num " + (left ? left.tag : "none"), left && left.old_line);
            cell(tr, "text " + (left ? left.tag : "none"), left ? left.text : "");
            cell(tr, "num new " + (right ? right.tag : "none"), right && right.new_line);
            cell(tr, "text " + (right ? right.tag : "none"), right ? right.text : "");
          }
        }
        table.appendChild(body);
        box.appendChild(table);
        section.appendChild(box);
      }
      view.appendChild(section);
      if (rows > limit) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "btn small diff-more";
        b.textContent = "Show the whole diff";
        b.addEventListener("click", () => {
          diffAll = true;
          renderDiff();
        });
        view.appendChild(b);
        break;
      }
    }
  }

  // A hunk's rows from the compact form the core sends (one sign per line
  // in `signs`, the lines joined by "\n" in `text`), numbered from its starts.
  function hunkLines(h) {
    let old = h.old_start;
    let neu = h.new_start;
    const texts = h.text.split("\n");
    return Array.from(h.signs, (sign, i) => {
      const text = texts[i];
      if (sign === "-") return { tag: "delete", old_line: old++, text };
      if (sign === "+") return { tag: "insert", new_line: neu++, text };
      return { tag: "equal", old_line: old++, new_line: neu++, text };
    });
  }

  function cell(tr, cls, text) {
    const td = tr.insertCell();
    td.className = cls;
    if (text !== undefined && text !== null) td.textContent = String(text);
    return td;
  }

  // Side by side: equal lines face each other; within a change, deletions
  // face insertions in order.
  function pairLines(lines) {
    const out = [];
    let del = [];
    let ins = [];
    const flush = () => {
      const n = Math.max(del.length, ins.length);
      for (let i = 0; i < n; i++) out.push([del[i] || null, ins[i] || null]);
      del = [];
      ins = [];
    };
    for (const l of lines) {
      if (l.tag === "delete") del.push(l);
      else if (l.tag === "insert") ins.push(l);
      else {
        flush();
        out.push([l, l]);
      }
    }
    flush();
    return out;
  }

  // -- fixed text ----------------------------------------------------------------

  // The fixed files (unchanged ones as they are), one text per file.
  function fixedFiles() {
    const r = state.result;
    if (!r) return [];
    const changed = new Map(r.fixed.map((f) => [f.path, f.text]));
    const original = (f) => {
      if (typeof f.text === "string") return f.text; // a file of a split dump
      const own = state.files.find((e) => samePath(e.path, f.path));
      return own ? own.text : "";
    };
    return r.files.map((f) => ({ path: f.path, text: changed.has(f.path) ? changed.get(f.path) : original(f), changed: changed.has(f.path) }));
  }

  // One file as it is; several as an `nginx -T`-style dump, which confine reads back.
  function fixedText() {
    const files = fixedFiles();
    if (files.length === 1) return files[0].text;
    return files.map((f) => "# configuration file " + f.path + ":\n" + f.text + (f.text.endsWith("\n") ? "" : "\n") + "\n").join("");
  }

  function fixedName() {
    const files = fixedFiles();
    if (files.length === 1) {
      const base = files[0].path.split("/").pop() || "nginx.conf";
      return base.includes(".") ? base.replace(/(\.[^.]*)$/, ".fixed$1") : base + ".fixed";
    }
    return "nginx-T.fixed.txt";
  }

  function renderFixed() {
    $("fixed-text").textContent = state.result ? fixedText() : "";
  }

  // -- redaction -----------------------------------------------------------------

  function renderRedaction() {
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

  function redactedText() {
    const r = state.result && state.result.redaction;
    if (!r || !r.files) return "";
    return r.files.length === 1
      ? r.files[0].text
      : r.files.map((f) => "# configuration file " + f.path + ":\n" + f.text + "\n").join("");
  }

  // -------------------------------------------------------------------------
  // actions

  async function copy(text, what) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (_) {
      const ta = document.createElement("textarea");
      ta.value = text;
      document.body.appendChild(ta);
      ta.select();
      document.execCommand("copy");
      ta.remove();
    }
    toast("Copied " + what);
  }

  function download(text, name) {
    const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    toast("Downloaded " + name);
  }

  const actions = {
    copyFixed: () => state.result && copy(fixedText(), "the fixed config"),
    downloadFixed: () => state.result && download(fixedText(), fixedName()),
    copyPatch: () => {
      if (!state.result) return;
      if (!state.result.patch) return toast("Nothing to patch");
      copy(state.result.patch, "the patch");
    },
    copyRedacted: () => {
      // Redaction arrives with the analysis the pane asked for when it opened.
      if (!(state.result && state.result.redaction)) return toast(state.redact.enabled ? "Still redacting…" : "Redaction is off");
      copy(redactedText(), "the redacted config");
    },
  };

  let toastTimer = 0;
  function toast(text) {
    const t = $("toast");
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => (t.hidden = true), 1800);
  }

  function setView(view) {
    if (!panes.includes(view)) return;
    state.view = view;
    for (const v of OUTPUT_VIEWS) {
      $("view-" + v).hidden = v !== view;
      $("tab-" + v).setAttribute("aria-selected", String(v === view));
    }
    if (wantRedaction() && state.result && !state.result.redaction) {
      requestAnalysis();
      dirty.redaction = true;
    }
    renderView();
    $("diff-unified").parentElement.hidden = view !== "diff";
  }

  function setDiffLayout(layout) {
    state.diffLayout = layout;
    $("diff-unified").setAttribute("aria-pressed", String(layout === "unified"));
    $("diff-split").setAttribute("aria-pressed", String(layout === "split"));
    dirty.diff = true;
    renderView();
  }

  // -------------------------------------------------------------------------
  // theme: follows the system unless chosen

  const THEMES = ["auto", "light", "dark"];
  function setTheme(theme, remember) {
    state.theme = THEMES.includes(theme) ? theme : "auto";
    if (state.theme === "auto") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = state.theme;
    const b = $("theme");
    b.textContent = state.theme === "auto" ? "\u25d0" : state.theme === "light" ? "\u2600" : "\u263e";
    b.title = "Theme: " + (state.theme === "auto" ? "follows the system" : state.theme) + " (Alt+T)";
    if (remember) {
      try {
        localStorage.setItem("confine-theme", state.theme);
      } catch (_) {
        /* storage may be off */
      }
    }
  }

  // -------------------------------------------------------------------------
  // controls

  function initControls() {
    const version = $("nginx-version");
    version.addEventListener("input", () => {
      const v = version.value.trim();
      const ok = /^(nginx\/)?\d+(\.\d+){0,2}$/.test(v);
      version.classList.toggle("invalid", !ok);
      if (!ok) return;
      state.options.nginx_version = v;
      requestAnalysis();
    });
    $("target-use").addEventListener("click", (e) => setOptions({ nginx_version: e.target.dataset.version }));
    $("suggestions").addEventListener("change", (e) => {
      state.options.apply_suggestions = e.target.checked;
      requestAnalysis();
    });
    $("backends-toggle").addEventListener("click", () => {
      const box = $("backends");
      box.hidden = !box.hidden;
      $("backends-toggle").setAttribute("aria-expanded", String(!box.hidden));
      if (!box.hidden && !state.options.backends.length) addBackend("", "http1", { focus: false });
    });
    $("backend-add").addEventListener("click", () => addBackend("", "http1"));
    $("open-files").addEventListener("click", () => $("file-input").click());
    $("file-input").addEventListener("change", async (e) => {
      const files = [];
      for (const f of e.target.files) files.push({ path: f.webkitRelativePath || f.name, text: await f.text() });
      e.target.value = "";
      openFiles(files);
    });
    $("load-example").addEventListener("click", () => setFiles([{ path: "nginx.conf", text: state.example }]));
    $("theme").addEventListener("click", () => setTheme(THEMES[(THEMES.indexOf(state.theme) + 1) % 3], true));
    $("help-open").addEventListener("click", () => $("help").showModal());
    $("help-close").addEventListener("click", () => $("help").close());
    for (const v of OUTPUT_VIEWS) $("tab-" + v).addEventListener("click", () => setView(v));
    $("diff-unified").addEventListener("click", () => setDiffLayout("unified"));
    $("diff-split").addEventListener("click", () => setDiffLayout("split"));
    $("copy-fixed").addEventListener("click", actions.copyFixed);
    $("download-fixed").addEventListener("click", actions.downloadFixed);
    $("copy-patch").addEventListener("click", actions.copyPatch);
    $("copy-redacted").addEventListener("click", actions.copyRedacted);
    $("redact-enabled").addEventListener("change", (e) => {
      state.redact.enabled = e.target.checked;
      requestAnalysis();
      dirty.redaction = true;
      renderView();
    });
    $("redact-terms").addEventListener("input", (e) => {
      state.redact.terms = e.target.value.split(",").map((s) => s.trim()).filter(Boolean);
      requestAnalysis();
    });
  }

  function renderBackends() {
    const rows = $("backend-rows");
    rows.textContent = "";
    state.options.backends.forEach((b, i) => {
      const row = document.createElement("div");
      row.className = "backend-row";
      const name = document.createElement("input");
      name.value = b[0];
      name.placeholder = "upstream name or host:port";
      name.spellcheck = false;
      name.setAttribute("aria-label", "backend name");
      name.addEventListener("input", () => {
        b[0] = name.value;
        countBackends();
        requestAnalysis();
      });
      const proto = document.createElement("select");
      proto.setAttribute("aria-label", "backend protocol");
      for (const [v, label] of [["http1", "HTTP/1.1 only"], ["h2c", "HTTP/2 cleartext (h2c)"], ["grpc", "gRPC"]]) {
        const o = document.createElement("option");
        o.value = v;
        o.textContent = label;
        proto.appendChild(o);
      }
      proto.value = b[1];
      proto.addEventListener("change", () => {
        b[1] = proto.value;
        requestAnalysis();
      });
      const del = document.createElement("button");
      del.type = "button";
      del.className = "btn small icon";
      del.textContent = "\u00d7";
      del.setAttribute("aria-label", "remove backend");
      del.addEventListener("click", () => {
        state.options.backends.splice(i, 1);
        renderBackends();
        requestAnalysis();
      });
      row.append(name, proto, del);
      rows.appendChild(row);
    });
    countBackends();
  }

  function countBackends() {
    const n = state.options.backends.filter(([name]) => name.trim()).length;
    $("backend-count").textContent = n ? String(n) : "";
  }

  function addBackend(name, proto, opts) {
    state.options.backends.push([name, proto]);
    renderBackends();
    const inputs = $("backend-rows").querySelectorAll("input");
    if (!name && inputs.length && !(opts && opts.focus === false)) inputs[inputs.length - 1].focus();
  }

  // opts: analyze: false (the caller asks for the analysis).
  function setOptions(o, opts) {
    if (!o) return;
    if (o.nginx_version) {
      state.options.nginx_version = String(o.nginx_version);
      $("nginx-version").value = state.options.nginx_version;
    }
    if (Array.isArray(o.backends)) {
      state.options.backends = o.backends.map(([n, p]) => [String(n), String(p)]);
      renderBackends();
    }
    if (typeof o.apply_suggestions === "boolean") {
      state.options.apply_suggestions = o.apply_suggestions;
      $("suggestions").checked = o.apply_suggestions;
    }
    if (!(opts && opts.analyze === false)) requestAnalysis();
  }

  // -------------------------------------------------------------------------
  // drag and drop

  function initDrop() {
    const overlay = $("drop-overlay");
    let depth = 0;
    const hasFiles = (e) => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes("Files");
    document.addEventListener("dragenter", (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      overlay.hidden = false;
    });
    document.addEventListener("dragover", (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = "copy";
    });
    document.addEventListener("dragleave", () => {
      depth = Math.max(0, depth - 1);
      if (!depth) overlay.hidden = true;
    });
    document.addEventListener("drop", async (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth = 0;
      overlay.hidden = true;
      openFiles(await readDropped(e.dataTransfer));
    });
  }

  // -------------------------------------------------------------------------
  // keyboard shortcuts

  function initKeys() {
    document.addEventListener("keydown", (e) => {
      const mod = e.ctrlKey || e.metaKey;
      const inField = e.target.closest && e.target.closest("input, textarea, select");
      if (mod && e.key === "Enter") {
        e.preventDefault();
        requestAnalysis();
      } else if (e.key === "F8") {
        e.preventDefault();
        stepFinding(e.shiftKey ? -1 : 1);
      } else if (e.altKey && !mod && ["1", "2", "3", "4"].includes(e.key)) {
        e.preventDefault();
        setView(OUTPUT_VIEWS[+e.key - 1]);
      } else if (e.altKey && !mod && e.code === "KeyD") {
        e.preventDefault();
        setDiffLayout(state.diffLayout === "unified" ? "split" : "unified");
      } else if (e.altKey && !mod && e.code === "KeyT") {
        e.preventDefault();
        $("theme").click();
      } else if (mod && e.shiftKey && e.code === "KeyC") {
        e.preventDefault();
        actions.copyFixed();
      } else if (mod && e.shiftKey && e.code === "KeyP") {
        e.preventDefault();
        actions.copyPatch();
      } else if (mod && !e.shiftKey && e.code === "KeyS") {
        e.preventDefault();
        actions.downloadFixed();
      } else if (mod && !e.shiftKey && e.code === "KeyO") {
        e.preventDefault();
        $("file-input").click();
      } else if (e.key === "?" && !inField) {
        e.preventDefault();
        $("help").showModal();
      }
    });
  }

  // -------------------------------------------------------------------------
  // embedding: ?embed&panes=editor,findings,diff&theme=dark&parent=https://docs.example
  // and a postMessage API (see www/EMBEDDING.md)

  let panes = ALL_PANES;

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
  const SILENT = Symbol("silent");

  // An embed request's id, echoed in its answer (null when it carries none).
  const requestId = (m) => (typeof m.id === "string" || typeof m.id === "number" ? m.id : null);

  const embed = {
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

  // -------------------------------------------------------------------------
  // the whole state, across the LLM assist's reload (www/llm.js keeps it in
  // sessionStorage while the page reloads with the wider policy)

  function keepState() {
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
    };
  }

  function restoreState(k) {
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
    setView(OUTPUT_VIEWS.includes(k.view) ? k.view : "llm");
    requestAnalysis();
  }

  function setPanes(list) {
    const wanted = (Array.isArray(list) ? list : String(list || "").split(/[\s,]+/)).filter((p) => ALL_PANES.includes(p));
    panes = wanted.length ? wanted : ALL_PANES;
    $("pane-editor").hidden = !panes.includes("editor");
    $("pane-findings").hidden = !panes.includes("findings");
    const outputs = OUTPUT_VIEWS.filter((v) => panes.includes(v));
    $("pane-output").hidden = !outputs.length;
    for (const v of OUTPUT_VIEWS) $("tab-" + v).hidden = !panes.includes(v);
    document.body.dataset.panes = panes.join(" ");
    if (outputs.length && !outputs.includes(state.view)) setView(outputs[0]);
  }

  // -------------------------------------------------------------------------
  // start

  function start() {
    editor.init();
    initControls();
    initDrop();
    initKeys();
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
    setView(panes.includes("diff") ? "diff" : state.view);
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
      // For www/llm.js: the core's assist calls, what is being analysed, and
      // the whole state to keep across its reload.
      assist: (call, request) => worker.assist(call, request),
      keep: keepState,
      // A worker of the page's own kind (blob: URL, init sent), for the benchmarks.
      spawnWorker,
      snapshot: () => ({
        files: state.files.map((f) => ({ path: f.path, text: f.text })),
        options: state.lastRequest ? state.lastRequest.options : {},
        redact: redactRequest(),
      }),
      // Whether the page shows the answer to its newest request (nothing pending).
      settled: () => worker.ready && !worker.busy && !worker.pending.length && state.answered === state.lastRequest,
    };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
