// The editor: a textarea with a line-number gutter and finding marks, and
// the mapping of a finding's file and line to an editor tab and line.
import { requestAnalysis } from "./analyser.js";
import { $ } from "./dom.js";
import { renderTabs } from "./files.js";
import { allItems } from "./findings.js";
import { state } from "./state.js";

export const editor = {
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
export function editorLocation(loc) {
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

export function samePath(a, b) {
  const norm = (p) => p.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+/g, "/");
  return norm(a) === norm(b);
}
