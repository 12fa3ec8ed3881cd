// The header's controls: the theme, the target nginx version, the backend
// hints, apply suggestions, open and example, and the output panes' buttons.
import { requestAnalysis } from "./analyser.js";
import { $ } from "./dom.js";
import { openFiles, setFiles } from "./files.js";
import { dirty, renderView } from "./findings.js";
import { OUTPUT_VIEWS, state } from "./state.js";
import { actions, setDiffLayout, setView } from "./views.js";

const THEMES = ["auto", "light", "dark"];
export function setTheme(theme, remember) {
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

export function initControls() {
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
export function setOptions(o, opts) {
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
  // Only an embedding page sets it (the page has no control for it).
  if (typeof o.strict === "boolean") state.options.strict = o.strict;
  if (!(opts && opts.analyze === false)) requestAnalysis();
}
