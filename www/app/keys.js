// Keyboard shortcuts (the help dialog in index.html lists them).
import { requestAnalysis } from "./analyser.js";
import { $ } from "./dom.js";
import { stepFinding } from "./findings.js";
import { OUTPUT_VIEWS, state } from "./state.js";
import { actions, setDiffLayout, setView } from "./views.js";

export function initKeys() {
  document.addEventListener("keydown", (e) => {
    const mod = e.ctrlKey || e.metaKey;
    const inField = e.target.closest && e.target.closest("input, textarea, select");
    if (mod && e.key === "Enter") {
      e.preventDefault();
      requestAnalysis();
    } else if (e.key === "F8") {
      e.preventDefault();
      stepFinding(e.shiftKey ? -1 : 1);
    } else if (e.altKey && !mod && ["1", "2", "3", "4", "5"].includes(e.key)) {
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
