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
  async post(path, body) {
    const headers = { "Accept": "application/json", "Content-Type": "application/json" };
    const t = this.token();
    if (t) headers["Authorization"] = "Bearer " + t;
    const r = await fetch(path, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = await r.json().catch(() => ({}));
    if (!r.ok) {
      const e = new Error(json.detail || r.statusText);
      e.status = r.status;
      throw e;
    }
    return json;
  },
  /**
   * Server-sent events with the bearer token (EventSource cannot send one): reads the stream with fetch and calls
   * onEvent({id, event, data}) per event; reconnects after a drop with Last-Event-ID, so nothing is missed.
   */
  events(onEvent) {
    let last = null;
    const connect = async () => {
      const headers = { "Authorization": "Bearer " + this.token(), "Accept": "text/event-stream" };
      if (last) headers["Last-Event-ID"] = last;
      try {
        const r = await fetch("/api/v1/events", { headers });
        const reader = r.body.getReader();
        const decoder = new TextDecoder();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const ev = { id: null, event: null, data: null };
            frame.split("\n").forEach(line => {
              if (line.startsWith("id: ")) ev.id = line.slice(4);
              else if (line.startsWith("event: ")) ev.event = line.slice(7);
              else if (line.startsWith("data: ")) ev.data = JSON.parse(line.slice(6));
            });
            if (ev.event) { last = ev.id; onEvent(ev); }
          }
        }
      } catch (e) {
        console.warn("event stream dropped", e);
      }
      setTimeout(connect, 2000);
    };
    connect();
  },
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

/**
 * One CSV cell: quoted when it holds a quote, comma or line break, and a text that a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) prefixed with an apostrophe, so that it stays text.
 */
function csvCell(v) {
  let s = v === null || v === undefined ? "" : String(v);
  if (typeof v !== "number" && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function download(name, type, content) {
  const a = el("a", { href: URL.createObjectURL(new Blob([content], { type })), download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
}
