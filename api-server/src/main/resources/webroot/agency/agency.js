// The agency desk: the live case inbox (offers arrive over server-sent events), accept / decline / complete, and
// the roster with each provider's load against its capacity.
"use strict";
(function () {
  const desk = document.getElementById("desk");
  let agencyId = null;

  const OUTCOMES = ["GOT_HELP", "PARTLY_HELPED", "NOT_ELIGIBLE", "COULD_NOT_CONTACT", "NO_LONGER_NEEDED",
    "REFERRED_ELSEWHERE"];
  const REASONS = ["NO_CAPACITY", "OUT_OF_SCOPE", "NOT_ELIGIBLE", "CONFLICT_OF_INTEREST", "OTHER"];

  /** A labelled choice of {@code codes} (first option: {@code prompt}, empty). */
  function choice(cls, prompt, codes) {
    const select = el("select", { class: cls, "aria-label": I18n.t(prompt) });
    select.appendChild(el("option", { value: "" }, I18n.t(prompt)));
    codes.forEach(code => select.appendChild(el("option", { value: code }, I18n.t(cls + "." + code))));
    return select;
  }

  async function act(caseId, action, body) {
    try {
      await Api.post("/api/v1/cases/" + encodeURIComponent(caseId) + "/" + action, body);
      document.getElementById("error").textContent = "";
    } catch (e) {
      document.getElementById("error").textContent = e.message;
    }
    await refresh();
  }

  async function refresh() {
    const inbox = await Api.get("/api/v1/cases?limit=100");
    const list = document.getElementById("inbox");
    list.replaceChildren();
    if (!inbox.cases.length) list.appendChild(el("li", { class: "muted" }, I18n.t("inbox.empty")));
    inbox.cases.forEach(c => {
      const li = el("li", { class: "case", "data-case": c.caseId, "data-status": c.status });
      const who = c.status === "OFFERED" ? c.offer.providerId : (c.assignedProviderId || "");
      li.appendChild(el("strong", {}, c.status + " · " + who));
      li.appendChild(el("div", { class: "muted" }, c.caseId + " · " + localTime(c.createdAt)));
      li.appendChild(el("div", {}, (c.need.skills || []).join(", ") + " · " + (c.need.description || "")));
      li.appendChild(el("div", { class: "muted" }, (c.need.contactPhone || "") + " · " + c.need.location.lat.toFixed(3)
        + ", " + c.need.location.lon.toFixed(3) + (c.need.locationPrecisionMeters ? " (±1 km)" : "")));
      const buttons = el("p", { class: "controls" });
      const add = (key, action, body) => {
        const b = el("button", { type: "button", class: action }, I18n.t(key));
        b.onclick = () => {
          const sent = body ? body() : undefined;
          if (sent !== null) act(c.caseId, action, sent);
        };
        buttons.appendChild(b);
      };
      if (c.status === "OFFERED") {
        add("accept", "accept");
        const reason = choice("reason", "reason.choose", REASONS);
        buttons.appendChild(reason);
        add("decline", "decline", () => (reason.value ? { reason: reason.value } : {}));
      }
      if (c.status === "ACCEPTED") {
        const outcome = choice("outcome", "outcome.choose", OUTCOMES);
        const minutes = el("input", { class: "minutes", type: "number", min: "0", max: "100000",
          inputmode: "numeric", "aria-label": I18n.t("outcome.minutes"), placeholder: I18n.t("outcome.minutes") });
        buttons.appendChild(outcome);
        buttons.appendChild(minutes);
        add("complete", "complete", () => {
          if (!outcome.value) {
            document.getElementById("error").textContent = I18n.t("outcome.choose");
            outcome.focus();
            return null;
          }
          const body = { outcome: outcome.value };
          if (minutes.value !== "") body.serviceMinutes = Number(minutes.value);
          return body;
        });
      }
      li.appendChild(buttons);
      list.appendChild(li);
    });
    const table = document.getElementById("roster");
    table.replaceChildren();
    if (!agencyId) { // a worker: its own cases, no roster
      table.closest("aside").hidden = true;
      desk.dataset.state = "ready";
      desk.dataset.cases = String(inbox.cases.length);
      return;
    }
    table.closest("aside").hidden = false;
    const roster = await Api.get("/api/v1/providers?agencyId=" + encodeURIComponent(agencyId));
    const head = el("tr");
    ["r.name", "r.load", "r.rating"].forEach(k => head.appendChild(el("th", {}, I18n.t(k))));
    table.appendChild(head);
    roster.providers.forEach(p => {
      const tr = el("tr", { "data-provider": p.id });
      tr.appendChild(el("th", {}, p.name + " (" + p.id + ")"));
      tr.appendChild(el("td", { class: "load" }, p.activeCases + " / " + p.capacity));
      tr.appendChild(el("td", {}, p.rating.average === null ? "—" : p.rating.average.toFixed(1)));
      table.appendChild(tr);
    });
    desk.dataset.state = "ready";
    desk.dataset.cases = String(inbox.cases.length);
  }

  /** The desk of the signed-in AGENCY (its providers' cases and roster) or WORKER (its own cases). */
  async function begin(session) {
    if (!session) return;
    const isAgency = session.roles.includes("AGENCY") && session.agencyId;
    const isWorker = session.roles.includes("WORKER") && session.providerId;
    if (!isAgency && !isWorker) {
      desk.dataset.state = "error";
      Auth.require(I18n.t("signin.notAgency"));
      return;
    }
    agencyId = isAgency ? session.agencyId : null;
    document.getElementById("signin").hidden = true;
    await refresh();
  }

  async function start() {
    I18n.apply();
    document.getElementById("lang").onclick = () => { I18n.toggle(); refresh().catch(console.error); };
    Auth.mount("password", null);
    Session.onChange(s => { if (s) begin(s).catch(failed); });
    Live.follow(() => refresh().catch(console.error), showLive);
    const s = Session.current();
    if (s) await begin(s);
    else Auth.require(Session.read() ? I18n.t("signin.expired") : "");
  }

  function failed(e) {
    desk.dataset.state = "error";
    document.getElementById("error").textContent = e.message;
    if (e.status === 403) Auth.require(I18n.t("signin.notAgency"));
  }

  start().catch(failed);
})();
