// The Diff view: the fixed files' hunks, unified or side by side.
import { $ } from "./dom.js";
import { state } from "./state.js";

const MAX_DIFF_ROWS = 1500;
let diffAll = false;

export function renderDiff() {
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
