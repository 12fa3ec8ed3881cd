// The output views (diff, fixed, redacted, LLM) and the actions on them.
import { requestAnalysis, wantRedaction } from "./analyser.js";
import { $, copy, download, toast } from "./dom.js";
import { dirty, renderView } from "./findings.js";
import { fixedName, fixedText } from "./fixed.js";
import { redactedText } from "./redact.js";
import { OUTPUT_VIEWS, state } from "./state.js";

export const actions = {
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

export function setView(view) {
  if (!state.panes.includes(view)) return;
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

export function setDiffLayout(layout) {
  state.diffLayout = layout;
  $("diff-unified").setAttribute("aria-pressed", String(layout === "unified"));
  $("diff-split").setAttribute("aria-pressed", String(layout === "split"));
  dirty.diff = true;
  renderView();
}
