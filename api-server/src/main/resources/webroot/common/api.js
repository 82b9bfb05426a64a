// The bearer token and calls to the API. A token may arrive in the URL fragment (#token=…); it is then kept in
// this tab's sessionStorage only and removed from the address bar.
"use strict";
const Api = {
  token() {
    const m = location.hash.match(/token=([^&]+)/);
    if (m) {
      sessionStorage.setItem("linli.token", decodeURIComponent(m[1]));
      history.replaceState(null, "", location.pathname + location.search);
    }
    return sessionStorage.getItem("linli.token");
  },
  setToken(t) { sessionStorage.setItem("linli.token", t.trim()); },
  async get(path) {
    const headers = { "Accept": "application/json" };
    const t = this.token();
    if (t) headers["Authorization"] = "Bearer " + t;
    const r = await fetch(path, { headers });
    if (!r.ok) {
      const problem = await r.json().catch(() => ({}));
      const e = new Error(problem.detail || r.statusText);
      e.status = r.status;
      throw e;
    }
    return r.json();
  }
};

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined && text !== null) e.textContent = String(text); // never innerHTML: data stays text
  return e;
}

function download(name, type, content) {
  const a = el("a", { href: URL.createObjectURL(new Blob([content], { type })), download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
}
