// The Fixed view: the fixed files as one text, to copy or download.
import { $ } from "./dom.js";
import { samePath } from "./editor.js";
import { state } from "./state.js";

// The fixed files (unchanged ones as they are), one text per file.
export function fixedFiles() {
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
export function fixedText() {
  const files = fixedFiles();
  if (files.length === 1) return files[0].text;
  return files.map((f) => "# configuration file " + f.path + ":\n" + f.text + (f.text.endsWith("\n") ? "" : "\n") + "\n").join("");
}

export function fixedName() {
  const files = fixedFiles();
  if (files.length === 1) {
    const base = files[0].path.split("/").pop() || "nginx.conf";
    return base.includes(".") ? base.replace(/(\.[^.]*)$/, ".fixed$1") : base + ".fixed";
  }
  return "nginx-T.fixed.txt";
}

export function renderFixed() {
  $("fixed-text").textContent = state.result ? fixedText() : "";
}
