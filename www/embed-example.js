// The embedding example's own script: shows both ways of embedding confine.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);

  // 1. The custom element reports through DOM events.
  $("sandbox").addEventListener("confine-result", (e) => {
    const r = e.detail;
    $("sandbox-summary").textContent =
      r.findings.length === 0
        ? "The sandbox finds no problems."
        : "The sandbox finds: " + r.findings.map((f) => f.rule + " (line " + f.line + ")").join(", ");
  });

  // 2. The iframe speaks postMessage (see EMBEDDING.md).
  const frame = $("frame");
  const origin = location.origin === "null" ? "*" : location.origin;
  const send = (msg) => frame.contentWindow.postMessage(msg, origin);
  const log = (line) => {
    const l = $("frame-log");
    l.textContent = (line + "\n" + l.textContent).split("\n").slice(0, 12).join("\n");
  };
  const broken = "upstream app {\n    server 127.0.0.1:8080;  # HTTP/1.1\n}\nserver {\n    listen 80;\n    location / {\n        grpc_pass grpc://app;\n    }\n}\n";
  const fixed =
    "upstream app {\n    server 127.0.0.1:8080;\n}\nserver {\n    listen 80;\n    location / {\n        proxy_pass http://app;\n" +
    "        proxy_set_header Host $host;\n        proxy_set_header X-Real-IP $remote_addr;\n" +
    "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n        proxy_set_header X-Forwarded-Proto $scheme;\n    }\n}\n";
  window.addEventListener("message", (e) => {
    if (e.source !== frame.contentWindow) return;
    const m = e.data || {};
    if (m.type === "confine:ready") {
      log("ready (confine " + m.version + ")");
      send({ type: "confine:set-config", text: broken, options: { backends: [["app", "http1"]] } });
    } else if (m.type === "confine:result") {
      log("result: " + (m.findings.map((f) => f.severity + " " + f.rule).join(", ") || "no findings") + (m.patch ? " (patch: " + m.patch.split("\n").length + " lines)" : ""));
      document.body.dataset.frameResult = m.findings.map((f) => f.rule).join(" ") || "none";
    }
  });
  $("send-broken").addEventListener("click", () => send({ type: "confine:set-config", text: broken, options: { backends: [["app", "http1"]] } }));
  $("send-fixed").addEventListener("click", () => send({ type: "confine:set-config", text: fixed }));
  $("send-dark").addEventListener("click", () => send({ type: "confine:set-theme", theme: "dark" }));
  $("send-light").addEventListener("click", () => send({ type: "confine:set-theme", theme: "light" }));
})();
