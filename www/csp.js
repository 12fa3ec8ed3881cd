// The page's Content-Security-Policy, written before anything else loads.
//
// Strict: the page's own files only, `connect-src 'self'`. The one exception
// is the LLM assist (www/llm.js): once the user allows an endpoint, its
// origin, and nothing else, is added to connect-src. A policy in a <meta>
// cannot be loosened after it is set, so allowing an endpoint stores its
// origin for this tab (sessionStorage; localStorage only with "remember")
// and reloads the page through here. Only an origin of the shape the core
// produces (https://host[:port], or http:// to this machine) is accepted.
//
// The worker starts from a blob: URL that www/app/analyser.js makes of this site's own
// worker.js (worker-src blob:): a worker from a local URL inherits this
// policy, while one loaded from worker.js's URL would run under none.
(function () {
  "use strict";
  var ORIGIN = /^(https:\/\/[a-z0-9.-]+|http:\/\/(localhost|127\.0\.0\.1|\[::1\]))(:[0-9]{1,5})?$/;
  var origin = null;
  try {
    origin = sessionStorage.getItem("confine.llm.origin") || localStorage.getItem("confine.llm.origin");
  } catch (e) {
    origin = null;
  }
  if (!origin || !ORIGIN.test(origin)) origin = null;
  var policy =
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src blob:; " +
    "connect-src 'self'" + (origin ? " " + origin : "") + "; style-src 'self'; img-src 'self' data:; " +
    "base-uri 'none'; form-action 'none'; object-src 'none'";
  document.write('<meta http-equiv="Content-Security-Policy" content="' + policy + '">');
  // What llm.js may connect to (null: only this page's origin).
  window.CONFINE_CONNECT = origin;
})();
