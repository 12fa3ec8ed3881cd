// The Route view: how nginx routes one request (method, URI, Host, port)
// through the config, from the core's `route` (crates/wasm) in the worker:
// the server, the locations, the handler, the settings in effect there, the
// upstream and its peers, each with a button that shows its line.
import { worker } from "./analyser.js";
import { $ } from "./dom.js";
import { editor, editorLocation } from "./editor.js";
import { state } from "./state.js";

let routeSeq = 0;

export function formRequest() {
  return {
    method: $("route-method").value,
    uri: $("route-uri").value.trim() || "/",
    host: $("route-host").value.trim(),
    port: $("route-port").value.trim(),
  };
}

export function fillForm(r) {
  const method = $("route-method");
  if (![...method.options].some((o) => o.value === r.method)) method.add(new Option(r.method));
  method.value = r.method;
  $("route-uri").value = r.uri;
  $("route-host").value = r.host;
  $("route-port").value = r.port;
}

// Route the form's request (`asked`: put into the form first). The answer
// to the newest one is shown.
export async function routeRequest(asked) {
  if (asked) fillForm(asked);
  const r = formRequest();
  state.route.asked = r;
  if (!state.files.length) return;
  const seq = ++routeSeq;
  const request = {
    files: state.files.map((f) => ({ path: f.path, text: f.text })),
    request: r.method + " " + r.uri,
    host: r.host || null,
    port: r.port === "" ? null : Number(r.port),
  };
  let view = null;
  let error = null;
  try {
    view = await worker.call("route", request);
  } catch (e) {
    error = e.message;
  }
  if (seq !== routeSeq) return;
  Object.assign(state.route, { view, error });
  renderRoute();
}

// After an edit: the route asked for last, again (the view is shown).
export function routeAgain() {
  if (state.route.asked) routeRequest();
}

export function initRoute() {
  $("route-form").addEventListener("submit", (e) => {
    e.preventDefault();
    routeRequest();
  });
}

function renderRoute() {
  const { view, error } = state.route;
  const list = $("route-chain");
  const note = $("route-note");
  list.textContent = "";
  note.className = "hint" + (error || (view && view.stopped) ? " route-stopped" : "");
  if (error) {
    note.textContent = error;
    return;
  }
  const said = [];
  if (view.stopped) said.push("Stopped: " + view.stopped);
  if (view.redirect) said.push("nginx answers 301 to " + view.redirect + ".");
  note.textContent = said.concat(view.notes).join(" ") || view.method + " " + view.uri + ":";
  for (const s of view.steps) {
    const li = document.createElement("li");
    li.className = "step role-" + s.role;
    li.dataset.role = s.role;
    const role = document.createElement("span");
    role.className = "role";
    role.textContent = s.role;
    const go = document.createElement("button");
    go.type = "button";
    go.className = "step-link";
    go.textContent = s.file + ":" + s.line;
    const l = editorLocation({ file: s.file, line: s.line, column: 1 });
    go.disabled = !l;
    go.addEventListener("click", () => l && editor.jump(l.tab, l.line, 1));
    const text = document.createElement("code");
    text.textContent = s.text;
    li.append(role, " ", go, " ", text);
    if (s.why) {
      const why = document.createElement("span");
      why.className = "why";
      why.textContent = "(" + s.why + ")";
      li.append(" ", why);
    }
    list.appendChild(li);
  }
}
