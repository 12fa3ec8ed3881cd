// What the page holds: the files, the options, the last result, the view.
export const ALL_PANES = ["editor", "findings", "diff", "fixed", "redaction", "llm", "route"];
export const OUTPUT_VIEWS = ["diff", "fixed", "redaction", "llm", "route"];

export const state = {
  files: [], // [{path, text, scroll}] the editor's tabs; the first is the main file
  active: 0,
  options: { nginx_version: "1.30.0", backends: [], apply_suggestions: false, strict: false },
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
  // The panes shown (an embed may ask for fewer: ?panes=...).
  panes: ALL_PANES,
  // The nginx error log pasted or dropped beside the config (sent as the
  // analysis request's error_log).
  errorLog: "",
  // The Route view's request ({method, uri, host, port}) once asked, and its answer.
  route: { asked: null, view: null, error: null },
};
