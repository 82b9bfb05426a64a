// What every page shares: the signed-in session, the sign-in form, calls to the API and live updates.
//
// The session (token, when it expires, who it is) is kept in localStorage, so it survives a reload and is shared by
// the browser's tabs; signing in or out in one tab changes them all. A token may also arrive in the URL fragment
// (#token=…, for links a service centre sends): it becomes the session and leaves the address bar.
"use strict";

const Session = {
  KEY: "linli.session",
  listeners: [],

  /** The stored session, expired or not, or null. */
  read() {
    try {
      const s = JSON.parse(localStorage.getItem(this.KEY));
      return s && s.token ? s : null;
    } catch (e) {
      return null;
    }
  },

  /** The session while it lasts, else null. */
  current() {
    const s = this.read();
    return s && !this.expired(s) ? s : null;
  },

  expired(s) { return Date.parse(s.expiresAt) <= Date.now(); },

  /** The claims of a token (readable by anyone; the server checks them, the page only shows them). */
  claims(token) {
    try {
      const json = atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"));
      return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, c => c.charCodeAt(0))));
    } catch (e) {
      return null;
    }
  },

  /** Keeps {@code token} as the session of every tab; answers it, or null for something that is no token. */
  save(token, expiresAt, label) {
    const c = this.claims(token.trim());
    if (!c || !c.sub) return null;
    const s = {
      token: token.trim(), id: c.sub, roles: c.roles || [], agencyId: c.agencyId || null,
      providerId: c.providerId || null, label: label || c.sub,
      expiresAt: expiresAt || new Date((c.exp || 0) * 1000).toISOString()
    };
    localStorage.setItem(this.KEY, JSON.stringify(s));
    this.changed();
    return s;
  },

  clear() {
    localStorage.removeItem(this.KEY);
    this.changed();
  },

  /** Calls {@code f} whenever the session changes, in this tab or another. */
  onChange(f) { this.listeners.push(f); },

  changed() { this.listeners.forEach(f => { try { f(this.current()); } catch (e) { console.error(e); } }); },

  /** A token in the address bar becomes the session, and leaves the address bar. */
  fromAddressBar() {
    const m = location.hash.match(/token=([^&]+)/);
    if (m) {
      history.replaceState(null, "", location.pathname + location.search);
      this.save(decodeURIComponent(m[1]));
    }
  }
};
window.addEventListener("storage", e => { if (e.key === Session.KEY) Session.changed(); });
window.addEventListener("hashchange", () => Session.fromAddressBar());
Session.fromAddressBar();

const Api = {
  token() {
    const s = Session.current();
    return s ? s.token : null;
  },
  async call(method, path, body) {
    const headers = { "Accept": "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const t = this.token();
    if (t) headers["Authorization"] = "Bearer " + t;
    const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = r.status === 204 ? {} : await r.json().catch(() => ({}));
    if (!r.ok) {
      const e = new Error(Api.say(r.status, json, path));
      e.status = r.status;
      e.problem = json;
      if (r.status === 401 && t && !path.startsWith("/api/v1/auth/")) Auth.expired();
      throw e;
    }
    return json;
  },
  /**
   * What went wrong, in the reader's language: in Chinese a plain sentence by kind (with the fields to
   * fix, when the server names them); in English the server's own detail.
   */
  say(status, problem, path = "") {
    if (I18n.lang !== "zh") return problem.detail || ("HTTP " + status);
    if (status === 401 && path.startsWith("/api/v1/auth/")) return I18n.t("problem.signin");
    const fields = (problem.errors || []).map(x => x.field).filter(f => f);
    const base = I18n.t("problem." + status);
    if (status === 400 && fields.length) return base + I18n.t("problem.fields") + fields.join("、");
    return base === "problem." + status ? I18n.t("problem.other") : base;
  },
  get(path) { return this.call("GET", path); },
  post(path, body) { return this.call("POST", path, body); },
  put(path, body) { return this.call("PUT", path, body); }
};

/**
 * Live updates: one server-sent event stream per browser and signed-in person, whichever tab holds it (a Web Lock
 * elects the tab; the others hear its events over a BroadcastChannel), so that many open pages do not use up the
 * browser's six connections to the server. The stream restarts when the session changes, resumes after a drop
 * with Last-Event-ID, and stops on 401 (the session expired) instead of retrying. {@code onState} hears
 * "connecting", "live", "off" (dropped, reconnecting) and "signed-out".
 */
const Live = {
  handlers: [],
  stateHandlers: [],
  state: "signed-out",
  channel: "BroadcastChannel" in window ? new BroadcastChannel("linli-live") : null,
  abort: null,
  generation: 0,

  follow(onEvent, onState) {
    this.handlers.push(onEvent);
    if (onState) { this.stateHandlers.push(onState); onState(this.state); }
    if (this.handlers.length === 1) {
      Session.onChange(() => this.restart());
      if (this.channel) this.channel.onmessage = m => this.heard(m.data);
      this.restart();
    }
  },

  setState(state, share) {
    this.state = state;
    this.stateHandlers.forEach(f => f(state));
    const s = Session.current();
    if (share && this.channel && s) this.channel.postMessage({ kind: "state", sub: s.id, state });
  },

  heard(m) {
    const s = Session.current();
    if (!s || m.sub !== s.id) return;
    if (m.kind === "event") this.handlers.forEach(f => f(m.ev));
    else if (m.kind === "state" && !this.leading) this.setState(m.state, false);
    else if (m.kind === "hello" && this.leading) this.channel.postMessage({ kind: "state", sub: s.id, state: this.state });
  },

  restart() {
    const generation = ++this.generation;
    if (this.abort) this.abort.abort();
    this.abort = null;
    this.leading = false;
    const s = Session.current();
    if (!s) { this.setState("signed-out", false); return; }
    this.setState("connecting", false);
    const run = () => this.lead(s, generation);
    if (navigator.locks && this.channel) {
      this.channel.postMessage({ kind: "hello", sub: s.id });
      // The tab that gets the lock streams for all; when it closes or signs out, the lock passes to another.
      const stop = new AbortController();
      this.abort = stop;
      navigator.locks.request("linli-live:" + s.id, { signal: stop.signal }, () => run()).catch(() => {});
    } else {
      run();
    }
  },

  /** Streams for every tab of session {@code s} until the session changes or expires. */
  async lead(s, generation) {
    if (generation !== this.generation) return;
    this.leading = true;
    const stop = new AbortController();
    const previous = this.abort;
    this.abort = { abort: () => { stop.abort(); if (previous) previous.abort(); } };
    let last = null;
    while (generation === this.generation) {
      const headers = { "Authorization": "Bearer " + s.token, "Accept": "text/event-stream" };
      if (last) headers["Last-Event-ID"] = last;
      try {
        const r = await fetch("/api/v1/events", { headers, signal: stop.signal });
        if (r.status === 401) { this.setState("signed-out", true); Auth.expired(); return; }
        if (!r.ok) throw new Error("events answered " + r.status);
        this.setState("live", true);
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
            if (ev.event) {
              last = ev.id;
              this.handlers.forEach(f => f(ev));
              if (this.channel) this.channel.postMessage({ kind: "event", sub: s.id, ev });
            }
          }
        }
      } catch (e) {
        if (stop.signal.aborted) return;
        console.warn("event stream dropped", e);
      }
      if (generation !== this.generation) return;
      this.setState("off", true);
      await new Promise(done => setTimeout(done, 2000));
    }
  }
};

/**
 * Signing in on the page: residents with their phone and a code sent to it, everyone else with a username and
 * password. {@code Auth.mount(kind, onSignedIn)} fills #signin and #account; {@code Auth.require()} shows the form.
 */
const Auth = {
  kind: "password",
  onSignedIn: null,

  mount(kind, onSignedIn) {
    this.kind = kind;
    this.onSignedIn = onSignedIn;
    const box = document.getElementById("signin");
    box.replaceChildren();
    box.appendChild(el("h2", {}, I18n.t(kind === "resident" ? "signin.resident" : "signin.staff")));
    box.appendChild(el("p", { id: "signin-notice", class: "notice", role: "status" }));
    const form = el("form", { id: "signin-form", autocomplete: "on" });
    const field = (id, key, attrs) => {
      const label = el("label", { for: id }, I18n.t(key));
      const input = el("input", Object.assign({ id, name: id }, attrs));
      const p = el("p");
      p.appendChild(label);
      p.appendChild(el("br"));
      p.appendChild(input);
      form.appendChild(p);
      return input;
    };
    if (kind === "resident") {
      field("signin-phone", "signin.phone", { type: "tel", inputmode: "tel", autocomplete: "tel", maxlength: "20" });
      const send = el("button", { id: "signin-send", type: "button" }, I18n.t("signin.send"));
      form.appendChild(send);
      field("signin-code", "signin.code", {
        inputmode: "numeric", autocomplete: "one-time-code", maxlength: "6", pattern: "[0-9]{6}"
      });
      send.onclick = () => this.sendCode(send);
    } else {
      field("signin-username", "signin.username", { autocomplete: "username", maxlength: "64" });
      field("signin-password", "signin.password", { type: "password", autocomplete: "current-password" });
    }
    const go = el("button", { id: "signin-go", type: "submit" }, I18n.t("signin"));
    const p = el("p");
    p.appendChild(go);
    form.appendChild(p);
    form.appendChild(el("p", { id: "signin-error", class: "error", role: "alert" }));
    form.onsubmit = e => { e.preventDefault(); this.signIn(go); };
    box.appendChild(form);
    const out = document.getElementById("signout");
    if (out) out.onclick = () => this.signOut();
    Session.onChange(() => { this.showAccount(); this.scheduleExpiry(); });
    this.showAccount();
    this.scheduleExpiry();
  },

  /** Says "expired" when the session's time is up, even if the page makes no call. */
  scheduleExpiry() {
    clearTimeout(this.expiryTimer);
    const s = Session.read();
    if (!s) return;
    const left = Date.parse(s.expiresAt) - Date.now();
    // setTimeout holds at most 2^31 - 1 ms (24.8 days); a longer session is looked at again then.
    this.expiryTimer = setTimeout(() => {
      if (Session.current()) this.scheduleExpiry();
      else this.expired();
    }, Math.max(0, Math.min(left + 500, 2_147_483_647)));
  },

  async sendCode(button) {
    const error = document.getElementById("signin-error");
    error.textContent = "";
    button.disabled = true;
    try {
      const r = await Api.post("/api/v1/auth/otp", { phone: document.getElementById("signin-phone").value });
      document.getElementById("signin-notice").textContent = I18n.t("signin.sent").replace("{m}",
        String(Math.round(r.expiresInSeconds / 60)));
      document.getElementById("signin-code").focus();
      setTimeout(() => { button.disabled = false; }, 60_000);
    } catch (e) {
      error.textContent = e.message;
      button.disabled = false;
    }
  },

  async signIn(button) {
    const error = document.getElementById("signin-error");
    error.textContent = "";
    button.disabled = true;
    try {
      const r = this.kind === "resident"
        ? await Api.post("/api/v1/auth/login", {
          phone: document.getElementById("signin-phone").value, code: document.getElementById("signin-code").value })
        : await Api.post("/api/v1/auth/password", {
          username: document.getElementById("signin-username").value,
          password: document.getElementById("signin-password").value });
      const phone = (document.getElementById("signin-phone") || {}).value || "";
      const digits = phone.replace(/[^0-9]/g, "").slice(-11);
      Session.save(r.token, r.expiresAt, this.kind === "resident"
        ? digits.slice(0, 3) + "****" + digits.slice(7)
        : document.getElementById("signin-username").value.trim().toLowerCase());
      const pw = document.getElementById("signin-password");
      if (pw) pw.value = "";
      const code = document.getElementById("signin-code");
      if (code) code.value = "";
      document.getElementById("signin").hidden = true;
      if (this.onSignedIn) await this.onSignedIn(Session.current());
    } catch (e) {
      error.textContent = e.message;
    } finally {
      button.disabled = false;
    }
  },

  async signOut() {
    const t = Api.token();
    if (t) {
      await fetch("/api/v1/auth/logout", { method: "POST", headers: { "Authorization": "Bearer " + t } })
        .catch(() => {});
    }
    Session.clear();
    this.require();
  },

  /** The session ended (expired or signed out elsewhere): say so and ask to sign in again. */
  expired() {
    if (Session.read()) Session.clear();
    this.require(I18n.t("signin.expired"));
  },

  /** Shows the sign-in form, with {@code notice} above it. */
  require(notice) {
    const box = document.getElementById("signin");
    box.hidden = false;
    const n = document.getElementById("signin-notice");
    if (n) n.textContent = notice || "";
    box.scrollIntoView({ block: "nearest" });
  },

  showAccount() {
    const s = Session.current();
    const who = document.getElementById("account");
    const out = document.getElementById("signout");
    if (who) who.textContent = s ? I18n.t("signin.as") + " " + (s.label || s.id) : "";
    if (out) out.hidden = !s;
  }
};

/** Shows the live state in #live: "● 实时" only while the stream is connected. */
function showLive(state) {
  const live = document.getElementById("live");
  if (!live) return;
  live.dataset.state = state;
  live.textContent = state === "live" ? "● " + I18n.t("live")
    : state === "signed-out" ? "" : "○ " + I18n.t(state === "off" ? "live.off" : "live.connecting");
}

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined && text !== null) e.textContent = String(text); // never innerHTML: data stays text
  return e;
}

/**
 * A time in Beijing time, whatever the device's clock is set to (the contract's times are UTC; Linli's
 * users, its text messages and its offices keep Beijing time).
 */
function localTime(iso) {
  return new Date(iso).toLocaleString(I18n.lang === "zh" ? "zh-CN" : "en-GB",
    { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
      timeZone: "Asia/Shanghai" }) + (I18n.lang === "zh" ? "" : " (Beijing)");
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
