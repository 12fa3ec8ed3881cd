// The page's DOM helpers: element by id, the URL's parameters, the status
// line, toasts, the clipboard and downloads.
export const $ = (id) => document.getElementById(id);
export const params = new URLSearchParams(location.search);
export const EMBED = params.has("embed");

export function setStatus(text, kind) {
  const st = $("status");
  st.textContent = text;
  st.className = "status " + (kind || "");
}

export async function copy(text, what) {
  try {
    await navigator.clipboard.writeText(text);
  } catch (_) {
    const ta = document.createElement("textarea");
    ta.value = text;
    document.body.appendChild(ta);
    ta.select();
    document.execCommand("copy");
    ta.remove();
  }
  toast("Copied " + what);
}

export function download(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  toast("Downloaded " + name);
}

let toastTimer = 0;
export function toast(text) {
  const t = $("toast");
  t.textContent = text;
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (t.hidden = true), 1800);
}
