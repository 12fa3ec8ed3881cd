// The editor's tabs, and files opened or dropped (logs go to the log box).
import { requestAnalysis } from "./analyser.js";
import { $, toast } from "./dom.js";
import { editor } from "./editor.js";
import { isLogPath, setErrorLog } from "./log.js";
import { state } from "./state.js";

// opts: quiet (no toast), analyze: false (the caller asks for the analysis).
export function setFiles(files, opts) {
  state.files = files.map((f) => ({ path: f.path, text: f.text, scroll: 0 }));
  state.active = 0;
  state.result = null;
  editor.lines = 0;
  editor.load(0);
  if (!(opts && opts.analyze === false)) requestAnalysis();
  if (!(opts && opts.quiet)) toast(files.length === 1 ? "Loaded " + files[0].path : "Loaded " + files.length + " files");
}

export function renderTabs() {
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
export function orderFiles(files) {
  const depth = (p) => p.split("/").length;
  const isMain = (p) => /(^|\/)nginx\.conf$/.test(p);
  return files.slice().sort((a, b) => {
    if (isMain(a.path) !== isMain(b.path)) return isMain(a.path) ? -1 : 1;
    return depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  });
}

export async function openFiles(files) {
  const list = orderFiles(files.filter((f) => f.text.length < 64 * 1024 * 1024));
  if (!list.length) return;
  setFiles(list);
}

// -------------------------------------------------------------------------
// drag and drop

export function initDrop() {
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
    // Logs (error.log, or anything dropped on the log box) go to the log box.
    const onLog = !!(e.target.closest && e.target.closest("#log-box"));
    const files = await readDropped(e.dataTransfer);
    const logs = files.filter((f) => onLog || isLogPath(f.path));
    if (logs.length) setErrorLog(logs.map((f) => f.text).join("\n"), logs.map((f) => f.path).join(", "));
    openFiles(files.filter((f) => !logs.includes(f)));
  });
}
