// The agency desk: the live case inbox (offers arrive over server-sent events), accept / decline / complete, and
// the roster with each provider's load against its capacity.
"use strict";
(function () {
  const desk = document.getElementById("desk");
  let agencyId = null;
  let skillNames = {};      // code → label, from the taxonomy
  let providerNames = {};   // id → name, from the roster
  const places = new Map(); // "lat,lon" → the region names there, looked up once

  function skillLabel(code) {
    const s = skillNames[code];
    return s ? (I18n.lang === "zh" ? s.labelZh : s.labelEn) : code;
  }

  /** Where a need is, in words: the names of the regions holding it (coordinates when none is loaded). */
  async function placeOf(loc, coarse) {
    const key = loc.lat.toFixed(4) + "," + loc.lon.toFixed(4);
    if (!places.has(key)) {
      places.set(key, Api.get("/api/v1/regions/lookup?lat=" + loc.lat + "&lon=" + loc.lon)
        .then(chain => chain.map(r => r.name).join(" · "))
        .catch(() => loc.lat.toFixed(3) + ", " + loc.lon.toFixed(3)));
    }
    const words = await places.get(key);
    return words + (coarse ? I18n.t("place.coarse") : "");
  }

  /** The time an offer has left, in words; refreshed every 30 s while the desk is open. */
  function remaining(iso) {
    const minutes = Math.max(0, Math.ceil((new Date(iso).getTime() - Date.now()) / 60_000));
    return minutes <= 0 ? I18n.t("offer.lapsed") : I18n.t("offer.left").replace("{m}", String(minutes));
  }
  setInterval(() => document.querySelectorAll("#inbox .expires").forEach(e => {
    e.textContent = remaining(e.dataset.expires);
  }), 30_000);

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

  /** Roster entries of this agency, for moving a case to a colleague. */
  let roster = [];

  /**
   * What follows an acceptance: the case's notes (shared with staff, never shown to the resident) and a
   * note to add; for an agency, moving the case to another of its providers; and referring the resident
   * onward to another kind of help.
   */
  function followUp(c) {
    const box = el("div", { class: "follow-up" });
    const notes = el("ul", { class: "notes" });
    box.appendChild(notes);
    Api.get("/api/v1/cases/" + encodeURIComponent(c.caseId) + "/notes").then(r => {
      r.notes.forEach(n => notes.appendChild(el("li", { class: "muted" }, localTime(n.at) + " · " + n.text)));
    }).catch(console.error);
    const text = el("input", { class: "note", type: "text", maxlength: "2000", "aria-label": I18n.t("note.add"),
      placeholder: I18n.t("note.add") });
    const row = el("p", { class: "controls" });
    row.appendChild(text);
    const save = el("button", { type: "button", class: "add-note" }, I18n.t("note.save"));
    save.onclick = () => { if (text.value.trim()) act(c.caseId, "notes", { text: text.value.trim() }); };
    row.appendChild(save);
    if (agencyId) {
      const to = el("select", { class: "assign-to", "aria-label": I18n.t("assign.to") });
      to.appendChild(el("option", { value: "" }, I18n.t("assign.to")));
      roster.filter(p => p.id !== c.assignedProviderId && p.status === "ACTIVE").forEach(p =>
        to.appendChild(el("option", { value: p.id }, p.name + " (" + p.activeCases + "/" + p.capacity + ")")));
      const move = el("button", { type: "button", class: "assign" }, I18n.t("assign"));
      move.onclick = () => { if (to.value) act(c.caseId, "assign", { providerId: to.value }); };
      row.appendChild(to);
      row.appendChild(move);
    }
    const skill = el("select", { class: "refer-skill", "aria-label": I18n.t("refer.skill") });
    skill.appendChild(el("option", { value: "" }, I18n.t("refer.skill")));
    Object.keys(skillNames).forEach(code => skill.appendChild(el("option", { value: code }, skillLabel(code))));
    const refer = el("button", { type: "button", class: "refer" }, I18n.t("refer"));
    refer.onclick = () => {
      if (!skill.value) { document.getElementById("error").textContent = I18n.t("refer.skill"); skill.focus(); return; }
      act(c.caseId, "refer", { skills: [skill.value], note: text.value.trim() || undefined });
    };
    row.appendChild(skill);
    row.appendChild(refer);
    box.appendChild(row);
    return box;
  }

  async function refresh() {
    const inbox = await Api.get("/api/v1/cases?limit=100");
    const list = document.getElementById("inbox");
    list.replaceChildren();
    if (!inbox.cases.length) list.appendChild(el("li", { class: "muted" }, I18n.t("inbox.empty")));
    inbox.cases.forEach(c => {
      const li = el("li", { class: "case", "data-case": c.caseId, "data-status": c.status });
      const who = c.status === "OFFERED" ? c.offer.providerId : (c.assignedProviderId || "");
      li.appendChild(el("strong", {}, I18n.t("status." + c.status) + " · " + (providerNames[who] || who)));
      if (c.status === "OFFERED") {
        li.appendChild(el("div", { class: "expires", "data-expires": c.offer.expiresAt }, remaining(c.offer.expiresAt)));
      }
      li.appendChild(el("div", { class: "muted" }, c.caseId + " · " + localTime(c.createdAt)));
      li.appendChild(el("div", {}, (c.need.skills || []).map(skillLabel).join("、") + " · " + (c.need.description || "")));
      const contact = el("div", { class: "muted contact" });
      const phone = c.need.contactPhone || "";
      if (c.status === "ACCEPTED" && phone && !phone.includes("*")) {
        // Tap to call: the phone is shown in full only to the provider that accepted.
        contact.appendChild(el("a", { class: "call", href: "tel:" + phone.replace(/[^0-9+]/g, "") },
          I18n.t("call") + " " + phone));
      } else if (phone) {
        contact.appendChild(document.createTextNode(phone));
      }
      const where = el("span", { class: "place" }, "");
      contact.appendChild(document.createTextNode(phone ? " · " : ""));
      contact.appendChild(where);
      placeOf(c.need.location, !!c.need.locationPrecisionMeters).then(t => { where.textContent = t; });
      li.appendChild(contact);
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
      if (c.status === "ACCEPTED") li.appendChild(followUp(c));
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
    const listed = await Api.get("/api/v1/providers?agencyId=" + encodeURIComponent(agencyId));
    roster = listed.providers;
    roster.forEach(p => { providerNames[p.id] = p.name; });
    const head = el("tr");
    ["r.name", "r.load", "r.rating", "r.details"].forEach(k => head.appendChild(el("th", {}, I18n.t(k))));
    table.appendChild(head);
    roster.forEach(p => {
      const tr = el("tr", { "data-provider": p.id });
      tr.appendChild(el("th", {}, p.name + " (" + p.id + ")"));
      tr.appendChild(el("td", { class: "load" }, p.activeCases + " / " + p.capacity));
      tr.appendChild(el("td", {}, p.rating.average === null ? "—" : p.rating.average.toFixed(1)));
      const edit = el("button", { type: "button", class: "link", "data-edit": p.id }, I18n.t("d.edit"));
      edit.onclick = () => editDetails(p.id).catch(failed);
      const td = el("td");
      td.appendChild(edit);
      tr.appendChild(td);
      table.appendChild(tr);
    });
    desk.dataset.state = "ready";
    desk.dataset.cases = String(inbox.cases.length);
  }

  const DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

  /**
   * A provider's details as a form: phones, address, website, weekly hours, closures, cost, who may come,
   * access and status. Saved as a whole replacement of the provider (PUT), so what the server refuses is
   * named field by field and nothing is half-saved.
   */
  async function editDetails(id) {
    const p = await Api.get("/api/v1/providers/" + encodeURIComponent(id));
    const form = document.getElementById("details");
    form.replaceChildren();
    form.hidden = false;
    form.dataset.provider = id;
    form.appendChild(el("h3", { id: "details-title" }, I18n.t("d.title") + " " + p.name));
    const field = (key, input) => {
      const label = el("label", {}, I18n.t(key) + " ");
      label.appendChild(input);
      form.appendChild(label);
      return input;
    };
    const text = (key, name, value) =>
      field(key, el("input", { name, value: value == null ? "" : String(value) }));
    const phones = p.phones || [];
    text("d.phone", "phone0", phones[0] ? phones[0].number : "").setAttribute("inputmode", "tel");
    text("d.phone2", "phone1", phones[1] ? phones[1].number : "").setAttribute("inputmode", "tel");
    text("d.address", "address", p.address);
    text("d.website", "website", p.website).setAttribute("inputmode", "url");

    const hours = el("fieldset", { class: "filters hours" });
    hours.appendChild(el("legend", {}, I18n.t("d.hours")));
    const rows = el("div", { class: "hour-rows" });
    hours.appendChild(rows);
    const addRow = s => {
      const row = el("div", { class: "hour-row" });
      DAYS.forEach(d => {
        const box = el("input", { type: "checkbox", value: d });
        box.checked = !!(s && s.byDay.includes(d));
        const l = el("label", {}, "");
        l.appendChild(box);
        l.appendChild(document.createTextNode(I18n.t("day." + d)));
        row.appendChild(l);
      });
      row.appendChild(el("input", { type: "time", class: "opens", value: s ? s.opensAt : "09:00", "aria-label": I18n.t("d.opens") }));
      row.appendChild(el("span", {}, "–"));
      row.appendChild(el("input", { type: "time", class: "closes", value: s ? (s.closesAt === "24:00" ? "23:59" : s.closesAt) : "17:30", "aria-label": I18n.t("d.closes") }));
      const remove = el("button", { type: "button", class: "link" }, I18n.t("d.remove"));
      remove.onclick = () => row.remove();
      row.appendChild(remove);
      if (s) { // what the form does not show is kept as it was
        if (s.validFrom) row.dataset.validFrom = s.validFrom;
        if (s.validTo) row.dataset.validTo = s.validTo;
        if (s.closesAt === "24:00") row.dataset.midnight = "true";
      }
      rows.appendChild(row);
    };
    (p.schedules || []).forEach(addRow);
    const add = el("button", { type: "button", class: "link", id: "add-hours" }, I18n.t("d.addHours"));
    add.onclick = () => addRow(null);
    hours.appendChild(add);
    form.appendChild(hours);

    const closure = (p.closures || [])[0];
    const closes = el("fieldset", { class: "filters" });
    closes.appendChild(el("legend", {}, I18n.t("d.closure")));
    const cFrom = el("input", { type: "date", name: "closureFrom", value: closure ? closure.from : "", "aria-label": I18n.t("d.from") });
    const cTo = el("input", { type: "date", name: "closureTo", value: closure ? closure.to : "", "aria-label": I18n.t("d.to") });
    const cWhy = el("input", { name: "closureReason", value: closure && closure.reason ? closure.reason : "", "aria-label": I18n.t("d.reason"), placeholder: I18n.t("d.reason") });
    [cFrom, el("span", {}, "–"), cTo, cWhy].forEach(x => closes.appendChild(x));
    form.appendChild(closes);

    const cost = el("select", { name: "cost" });
    ["", "FREE", "SUBSIDISED", "PAID"].forEach(c => cost.appendChild(el("option", { value: c }, I18n.t(c ? "cost." + c : "cost.UNKNOWN"))));
    cost.value = p.cost ? p.cost.type : "";
    field("d.cost", cost);
    text("d.costNote", "costNote", p.cost && p.cost.note);

    const e = p.eligibility || {};
    const who = el("fieldset", { class: "filters" });
    who.appendChild(el("legend", {}, I18n.t("d.who")));
    const age = (key, name, v) => {
      const l = el("label", {}, I18n.t(key) + " ");
      l.appendChild(el("input", { type: "number", name, min: "0", max: "150", value: v == null ? "" : String(v), style: "width:4.5rem" }));
      who.appendChild(l);
    };
    age("d.minAge", "minAge", e.minAge);
    age("d.maxAge", "maxAge", e.maxAge);
    const boxes = (values, chosen, prefix, name) => values.forEach(v => {
      const l = el("label", {}, "");
      const box = el("input", { type: "checkbox", name, value: v });
      box.checked = (chosen || []).includes(v);
      l.appendChild(box);
      l.appendChild(document.createTextNode(I18n.t(prefix + v)));
      who.appendChild(l);
    });
    boxes(["LOCAL_HUKOU", "RESIDENCE_PERMIT"], e.residence, "residence.", "residence");
    boxes(["DIBAO", "DIBIAN"], e.income, "income.", "income");
    boxes(["REQUIRED"], e.disabilityRequired ? ["REQUIRED"] : [], "d.disability.", "disability");
    form.appendChild(who);

    const access = el("fieldset", { class: "filters" });
    access.appendChild(el("legend", {}, I18n.t("d.access")));
    ["WHEELCHAIR", "SIGN_LANGUAGE", "HOME_VISIT", "BRAILLE", "HEARING_LOOP", "REMOTE"].forEach(a => {
      const l = el("label", {}, "");
      const box = el("input", { type: "checkbox", name: "access", value: a });
      box.checked = (p.accessibility || []).includes(a);
      l.appendChild(box);
      l.appendChild(document.createTextNode(I18n.t("access." + a)));
      access.appendChild(l);
    });
    form.appendChild(access);

    const status = el("select", { name: "status" });
    ["ACTIVE", "INACTIVE", "SUSPENDED"].forEach(x => status.appendChild(el("option", { value: x }, I18n.t("pstatus." + x))));
    status.value = p.status;
    field("d.status", status);
    text("d.statusReason", "statusReason", p.statusReason);
    field("d.statusUntil", el("input", { type: "date", name: "statusUntil", value: p.statusUntil || "" }));

    const said = el("p", { class: "error", role: "alert", id: "details-error" });
    const save = el("button", { type: "submit", id: "details-save" }, I18n.t("d.save"));
    form.appendChild(save);
    form.appendChild(said);
    form.onsubmit = async ev => {
      ev.preventDefault();
      save.disabled = true;
      try {
        const body = readDetails(form, p);
        await Api.put("/api/v1/providers/" + encodeURIComponent(id), body);
        said.textContent = "";
        form.dataset.saved = String(Date.now());
        said.className = "notice";
        said.textContent = I18n.t("d.saved");
      } catch (err) {
        said.className = "error";
        said.textContent = err.message;
      } finally {
        save.disabled = false;
      }
    };
    form.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  /** The provider p with the form's details in place of its own. */
  function readDetails(form, p) {
    const body = Object.assign({}, p);
    ["phones", "address", "website", "schedules", "closures", "cost", "eligibility", "accessibility",
      "statusReason", "statusUntil", "rating", "regionCode", "updatedAt"].forEach(k => delete body[k]);
    const v = name => form.elements[name].value.trim();
    const phones = [];
    if (v("phone0")) phones.push({ number: v("phone0"), type: "OFFICE" });
    if (v("phone1")) phones.push({ number: v("phone1"), type: "MOBILE" });
    if (phones.length) body.phones = phones;
    if (v("address")) body.address = v("address");
    if (v("website")) body.website = v("website");
    const schedules = [];
    form.querySelectorAll(".hour-row").forEach(row => {
      const s = {
        byDay: Array.from(row.querySelectorAll("input[type=checkbox]:checked")).map(b => b.value),
        opensAt: row.querySelector(".opens").value, closesAt: row.querySelector(".closes").value
      };
      if (row.dataset.midnight && s.closesAt === "23:59") s.closesAt = "24:00";
      if (row.dataset.validFrom) s.validFrom = row.dataset.validFrom;
      if (row.dataset.validTo) s.validTo = row.dataset.validTo;
      schedules.push(s);
    });
    if (schedules.length) body.schedules = schedules;
    if (v("closureFrom")) {
      const c = { from: v("closureFrom"), to: v("closureTo") || v("closureFrom") };
      if (v("closureReason")) c.reason = v("closureReason");
      body.closures = [c].concat((p.closures || []).slice(1));
    }
    if (v("cost")) {
      body.cost = { type: v("cost") };
      if (v("costNote")) body.cost.note = v("costNote");
    }
    const checked = name => Array.from(form.querySelectorAll("input[name=" + name + "]:checked")).map(b => b.value);
    const e = {};
    if (v("minAge") !== "") e.minAge = Number(v("minAge"));
    if (v("maxAge") !== "") e.maxAge = Number(v("maxAge"));
    if (checked("residence").length) e.residence = checked("residence");
    if (checked("income").length) e.income = checked("income");
    if (checked("disability").length) e.disabilityRequired = true;
    if (Object.keys(e).length) body.eligibility = e;
    if (checked("access").length) body.accessibility = checked("access");
    body.status = v("status");
    if (v("statusReason")) body.statusReason = v("statusReason");
    if (v("statusUntil")) body.statusUntil = v("statusUntil");
    return body;
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
    const tax = await Api.get("/api/v1/taxonomy");
    tax.skills.forEach(x => { skillNames[x.code] = x; });
    if (agencyId) { // names before the first drawing of the cases
      roster = (await Api.get("/api/v1/providers?agencyId=" + encodeURIComponent(agencyId))).providers;
      roster.forEach(p => { providerNames[p.id] = p.name; });
    }
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
