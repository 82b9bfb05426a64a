// A resident describes a need, sees explained matches on a map, posts it, follows the case live and rates it.
"use strict";
(function () {
  const DIMENSIONS = ["overall", "timeliness", "professionalism", "attitude", "outcome"];
  const mapEl = document.getElementById("map");
  const map = L.map(mapEl).setView([22.5431, 114.0579], 13);
  let where = L.latLng(22.5431, 114.0579);
  const pin = L.circleMarker(where, { radius: 8, color: "#b2182b", className: "need-pin" }).addTo(map);
  let markers = L.layerGroup().addTo(map);
  let skills = [];
  let caseId = null;

  /** The need's place (WGS84): the pin, and data attributes the tests read. */
  function place(latlng) {
    where = L.latLng(latlng);
    pin.setLatLng(LinliMap.toMap(where.lat, where.lng));
    mapEl.dataset.lat = where.lat.toFixed(5);
    mapEl.dataset.lon = where.lng.toFixed(5);
  }

  map.on("click", e => place(LinliMap.fromMap(e.latlng)));

  /** Finds places by name among the loaded regions; choosing one moves the map and the pin there. */
  async function searchPlace() {
    const q = document.getElementById("place").value.trim();
    const list = document.getElementById("places");
    const error = document.getElementById("place-error");
    list.replaceChildren();
    error.textContent = "";
    if (!q) return;
    const found = await Api.get("/api/v1/regions/search?limit=5&q=" + encodeURIComponent(q));
    if (!found.regions.length) { error.textContent = I18n.t("place.none"); return; }
    found.regions.forEach(r => {
      const li = el("li");
      const b = el("button", { type: "button", class: "link", "data-region": r.id }, r.name);
      b.onclick = () => {
        map.fitBounds([LinliMap.toMap(r.bbox[1], r.bbox[0]), LinliMap.toMap(r.bbox[3], r.bbox[2])]);
        place([r.centre.lat, r.centre.lon]);
        list.replaceChildren();
      };
      li.appendChild(b);
      list.appendChild(li);
    });
  }

  /** The phone's own location (the browser asks first). */
  function locate() {
    const error = document.getElementById("place-error");
    error.textContent = "";
    if (!navigator.geolocation) { error.textContent = I18n.t("place.noLocation"); return; }
    navigator.geolocation.getCurrentPosition(
      p => { place([p.coords.latitude, p.coords.longitude]); map.setView(LinliMap.toMap(where.lat, where.lng), 15); },
      () => { error.textContent = I18n.t("place.noLocation"); },
      { enableHighAccuracy: true, timeout: 10_000 });
  }

  /** The chosen service; there is no default, so a careless tap cannot send a need to the wrong help. */
  function chosenSkill() {
    const skill = document.getElementById("skill").value;
    if (!skill) {
      document.getElementById("skill").focus();
      const e = new Error(I18n.t("skill.choose"));
      throw e;
    }
    return skill;
  }

  // What the resident chose by hand is never overwritten by a suggestion.
  let skillByHand = false;
  let sensitiveByHand = false;
  let suggestTimer = null;
  let suggestSeq = 0;

  function skillLabel(code) {
    const s = skills.find(x => x.code === code);
    return s ? (I18n.lang === "zh" ? s.labelZh : s.labelEn) : code;
  }

  /**
   * Reads the need as written (after a pause in typing) and suggests services: the most likely one is
   * selected when the classifier is confident and the resident has not chosen, with the words that decided.
   */
  async function suggest() {
    const text = document.getElementById("description").value.trim();
    const box = document.getElementById("suggest");
    const seq = ++suggestSeq;
    if (!text) { box.hidden = true; box.replaceChildren(); return; }
    const r = await Api.post("/api/v1/needs/classify", { text });
    if (seq !== suggestSeq) return; // a later text is on its way
    box.replaceChildren();
    if (!r.skills.length) return; // the room stays while there is text: nothing moves
    const select = document.getElementById("skill");
    const top = r.skills[0];
    if (!skillByHand && top.confidence >= 0.5) select.value = top.skill;
    box.appendChild(el("span", { class: "muted" }, I18n.t("suggest.label") + " "));
    r.skills.forEach(g => {
      const b = el("button", { type: "button", class: "chip", "data-skill": g.skill,
        "aria-pressed": String(select.value === g.skill) }, skillLabel(g.skill));
      b.onclick = () => {
        select.value = g.skill; skillByHand = true;
        box.querySelectorAll("button.chip").forEach(x => x.setAttribute("aria-pressed", String(x === b)));
      };
      box.appendChild(b);
    });
    if (top.evidence.length) {
      box.appendChild(el("p", { id: "suggest-why", class: "muted" },
        I18n.t("suggest.why") + top.evidence.map(e => "“" + e + "”").join(I18n.lang === "zh" ? "、" : ", ")));
    }
    if (r.sensitive) {
      if (!sensitiveByHand) document.getElementById("sensitive").checked = true;
      box.appendChild(el("p", { id: "suggest-sensitive", class: "muted" }, I18n.t("suggest.sensitive")));
    }
    box.hidden = false;
  }

  function need() {
    const body = {
      location: { lat: where.lat, lon: where.lng }, skills: [chosenSkill()],
      radiusMeters: 5000, limit: 10, sort: "score", explain: true
    };
    const text = document.getElementById("description").value.trim();
    if (text) body.text = text;
    return body;
  }

  /** What the resident asked of the services and said of themselves, for a search (not a posted need). */
  function filters(body) {
    const on = id => document.getElementById(id).checked;
    if (on("f-open")) body.openAt = new Date().toISOString();
    if (on("f-free")) body.cost = ["FREE"];
    const access = [];
    if (on("f-wheelchair")) access.push("WHEELCHAIR");
    if (on("f-home")) access.push("HOME_VISIT");
    if (access.length) body.accessibility = access;
    const resident = {};
    const age = document.getElementById("s-age").value.trim();
    if (age !== "") resident.age = Number(age);
    const residence = document.getElementById("s-residence").value;
    if (residence) resident.residence = residence;
    const income = document.getElementById("s-income").value;
    if (income) resident.income = income;
    if (on("s-disability")) resident.disability = true;
    if (Object.keys(resident).length) body.resident = resident;
    return body;
  }

  /** Who a provider serves, in plain words, or "" when anyone may come. */
  function whoMayCome(e) {
    if (!e) return "";
    const parts = [];
    if (e.minAge != null && e.maxAge != null) parts.push(I18n.t("elig.ages", { a: e.minAge, b: e.maxAge }));
    else if (e.minAge != null) parts.push(I18n.t("elig.min", { a: e.minAge }));
    else if (e.maxAge != null) parts.push(I18n.t("elig.max", { b: e.maxAge }));
    if (e.residence && e.residence.length) parts.push(e.residence.map(r => I18n.t("residence." + r)).join(I18n.t("or")));
    if (e.income && e.income.length) parts.push(e.income.map(r => I18n.t("income." + r)).join(I18n.t("or")));
    if (e.disabilityRequired) parts.push(I18n.t("elig.disability"));
    return parts.join(" · ");
  }

  /** Why a near-miss is not for this resident, in plain words from the rule and the provider's criteria. */
  function whyNot(fail, e) {
    e = e || {};
    switch (fail.rule) {
      case "MIN_AGE": return I18n.t("elig.min", { a: e.minAge });
      case "MAX_AGE": return I18n.t("elig.max", { b: e.maxAge });
      case "RESIDENCE": return (e.residence || []).map(r => I18n.t("residence." + r)).join(I18n.t("or"));
      case "INCOME": return (e.income || []).map(r => I18n.t("income." + r)).join(I18n.t("or"));
      case "DISABILITY": return I18n.t("elig.disability");
      default: return fail.detail;
    }
  }

  /** A match's phone, hours today, cost and who may come, as lines under its name. */
  function details(li, m, provider) {
    const s = m.summary;
    if (!s) return;
    const line = el("div", { class: "service-line" });
    if (s.phone) {
      line.appendChild(el("a", { href: "tel:" + s.phone.replace(/[^0-9+,]/g, ""), class: "tel" }, "☎ " + s.phone));
    }
    let hours;
    if (s.closedToday) hours = I18n.t("hours.closedFor", { r: s.closure || I18n.t("hours.closure") });
    else if (s.todayHours === null) hours = I18n.t("hours.unknown");
    else if (!s.todayHours.length) hours = I18n.t("hours.notToday");
    else hours = I18n.t("hours.today") + " " + s.todayHours.map(h => h.replace("-", "–")).join("、");
    line.appendChild(el("span", { class: s.openNow ? "open-now" : "muted" },
      (s.openNow ? I18n.t("hours.openNow") + " · " : "") + hours));
    line.appendChild(el("span", { class: "muted" }, I18n.t("cost." + (s.cost || "UNKNOWN"))));
    li.appendChild(line);
    const who = provider ? whoMayCome(provider.eligibility) : "";
    if (who) li.appendChild(el("div", { class: "muted" }, I18n.t("elig.for") + who));
    if (provider && provider.address) li.appendChild(el("div", { class: "muted" }, provider.address));
  }

  async function find() {
    const result = await Api.post("/api/v1/match", filters(need()));
    markers.clearLayers();
    const list = document.getElementById("matches");
    list.replaceChildren();
    // Where they are and whom they serve: each provider's public record.
    const providers = await Promise.all(result.matches.map(m =>
      Api.get("/api/v1/providers/" + encodeURIComponent(m.providerId)).catch(() => null)));
    result.matches.forEach((m, i) => {
      const li = el("li", { class: "match" });
      li.appendChild(el("strong", {}, m.name));
      li.appendChild(el("div", { class: "muted" }, (m.distanceMeters / 1000).toFixed(2) + " km · "
        + I18n.t("m.rating") + " " + (m.rating.average === null ? "—" : m.rating.average.toFixed(1))));
      if (m.explanation) {
        const x = m.explanation;
        li.appendChild(el("div", { class: "muted" }, I18n.t("m.distance") + " " + x.distance.toFixed(2) + " + "
          + I18n.t("m.text") + " " + x.text.toFixed(2) + " + " + I18n.t("m.rating") + " " + x.rating.toFixed(2)
          + " + " + I18n.t("m.capacity") + " " + x.capacity.toFixed(2) + " = " + m.score.toFixed(2)));
      }
      details(li, m, providers[i]);
      list.appendChild(li);
    });
    const misses = result.nearMisses || [];
    const missList = document.getElementById("near-miss-list");
    missList.replaceChildren();
    const missRecords = await Promise.all(misses.map(n =>
      Api.get("/api/v1/providers/" + encodeURIComponent(n.providerId)).catch(() => null)));
    misses.forEach((n, i) => {
      const li = el("li", { class: "near-miss" });
      li.appendChild(el("strong", {}, n.name));
      li.appendChild(el("span", { class: "muted" }, " " + (n.distanceMeters / 1000).toFixed(2) + " km"));
      const e = missRecords[i] ? missRecords[i].eligibility : null;
      li.appendChild(el("div", {}, I18n.t("nearmiss.why") + n.fails.map(f => whyNot(f, e)).join("；")));
      missList.appendChild(li);
    });
    document.getElementById("near-misses").hidden = !misses.length;
    if (!result.matches.length) {
      // Nothing here: say so, and what to try next.
      list.appendChild(el("li", { class: "no-results" }, I18n.t("matches.none")));
    }
    // Numbered as in the list; a tap on a number shows the name.
    providers.forEach((p, i) => {
      if (p) {
        L.marker(LinliMap.toMap(p.location.lat, p.location.lon), {
          icon: L.divIcon({ className: "num-marker", html: "", iconSize: [28, 28] }),
          title: (i + 1) + ". " + p.name, alt: (i + 1) + ". " + p.name, keyboard: true
        }).on("add", e => { e.target.getElement().textContent = String(i + 1); })
          .bindPopup(el("span", {}, (i + 1) + ". " + p.name)) // a node: strings become HTML
          .addTo(markers);
      }
    });
    if (providers.some(p => p)) {
      map.fitBounds(L.featureGroup(markers.getLayers().concat([pin])).getBounds(), { padding: [30, 30], maxZoom: 15 });
    }
    mapEl.dataset.matches = String(result.matches.length);
    mapEl.dataset.state = "matched";
    // On a phone the list is below the map: bring it into view.
    if (window.innerWidth <= 600) list.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  let pendingPost = false;

  async function post() {
    chosenSkill(); // what help, before who asks
    if (!Session.current()) { // sign in first; the need is posted as soon as that is done
      pendingPost = true;
      Auth.require(I18n.t("signin.toPost"));
      return;
    }
    const button = document.getElementById("post");
    if (button.disabled) return;
    button.disabled = true;
    try {
      await postNow();
    } finally {
      button.disabled = false;
    }
  }

  async function postNow() {
    const body = need();
    delete body.limit; delete body.explain;
    body.description = document.getElementById("description").value.trim();
    const phone = document.getElementById("phone").value.trim();
    if (phone) body.contactPhone = phone;
    body.sensitive = document.getElementById("sensitive").checked;
    const created = await Api.post("/api/v1/needs", body);
    document.getElementById("error").textContent = "";
    const said = document.getElementById("posted");
    said.textContent = I18n.t(created.status === "UNMATCHED" ? "posted.unmatched" : "posted.offered");
    said.hidden = false;
    follow(created.caseId);
    await myCases();
  }

  /** Follows case {@code id} in the case card. */
  function follow(id) {
    caseId = id;
    document.getElementById("rated").hidden = true;
    document.getElementById("case-card").hidden = false;
    document.getElementById("case-id").textContent = caseId;
    refresh().catch(console.error);
    document.getElementById("case-card").scrollIntoView({ block: "nearest" });
  }

  const OPEN = ["OFFERED", "ACCEPTED"];

  /** The resident's cases, newest first; follows the newest open one when none is followed yet. */
  async function myCases() {
    const card = document.getElementById("my-cases-card");
    if (!Session.current()) { card.hidden = true; return; }
    const mine = await Api.get("/api/v1/me/cases?limit=20");
    const list = document.getElementById("my-cases");
    list.replaceChildren();
    card.hidden = false;
    if (!mine.cases.length) list.appendChild(el("li", { class: "muted" }, I18n.t("mycases.none")));
    mine.cases.forEach(c => {
      const li = el("li", { class: "my-case", "data-case": c.caseId, "data-status": c.status });
      const b = el("button", { type: "button", class: "link" },
        I18n.t("status." + c.status) + " · " + localTime(c.createdAt));
      b.onclick = () => follow(c.caseId);
      li.appendChild(b);
      if (c.need.description) li.appendChild(el("div", { class: "muted" }, c.need.description.slice(0, 60)));
      list.appendChild(li);
    });
    if (!caseId) {
      const open = mine.cases.find(c => OPEN.includes(c.status)) || mine.cases[0];
      if (open) follow(open.caseId);
    }
  }

  async function refresh() {
    if (!caseId) return;
    const c = await Api.get("/api/v1/cases/" + encodeURIComponent(caseId));
    const h = await Api.get("/api/v1/cases/" + encodeURIComponent(caseId) + "/history");
    document.getElementById("case-status").textContent = I18n.t("status." + c.status);
    document.getElementById("case-card").dataset.status = c.status;
    const list = document.getElementById("history");
    list.replaceChildren();
    h.transitions.forEach(t => list.appendChild(el("li", { "data-event": t.event },
      localTime(t.at) + " · " + I18n.t("event." + t.event) + (t.providerId ? " · " + t.providerId : ""))));
    document.getElementById("rate").hidden = c.status !== "COMPLETED" || !document.getElementById("rated").hidden;
  }

  function buildStars() {
    const table = document.getElementById("stars");
    table.replaceChildren();
    DIMENSIONS.forEach(d => {
      const tr = el("tr");
      const th = el("th", {});
      th.appendChild(el("label", { for: "stars-" + d }, I18n.t("rate." + d)));
      tr.appendChild(th);
      const td = el("td");
      const select = el("select", { id: "stars-" + d });
      for (let v = 5; v >= 1; v--) select.appendChild(el("option", { value: String(v) }, "★".repeat(v)));
      td.appendChild(select);
      tr.appendChild(td);
      table.appendChild(tr);
    });
  }

  async function rate() {
    const value = d => Number(document.getElementById("stars-" + d).value);
    const body = { rating: value("overall"), dimensions: { timeliness: value("timeliness"),
      professionalism: value("professionalism"), attitude: value("attitude"), outcome: value("outcome") } };
    const comment = document.getElementById("comment").value.trim();
    if (comment) body.comment = comment;
    const r = await Api.post("/api/v1/cases/" + encodeURIComponent(caseId) + "/feedback", body);
    document.getElementById("rate").hidden = true;
    const done = document.getElementById("rated");
    done.hidden = false;
    done.textContent = I18n.t("rate.done") + r.hash;
  }

  function fillSkills() {
    const select = document.getElementById("skill");
    const chosen = select.value;
    select.replaceChildren();
    select.appendChild(el("option", { value: "" }, I18n.t("skill.choose")));
    skills.forEach(s => select.appendChild(el("option", { value: s.code }, I18n.lang === "zh" ? s.labelZh : s.labelEn)));
    if (chosen) select.value = chosen;
  }

  function guard(f) {
    return () => f().then(() => { document.getElementById("error").textContent = ""; }).catch(e => {
      document.getElementById("error").textContent = e.message;
    });
  }

  async function start() {
    I18n.apply();
    buildStars();
    document.getElementById("lang").onclick = () => {
      I18n.toggle(); fillSkills(); buildStars(); myCases().catch(console.error); suggest().catch(console.error);
    };
    document.getElementById("find").onclick = guard(find);
    document.getElementById("post").onclick = guard(post);
    document.getElementById("rate-send").onclick = guard(rate);
    document.getElementById("place-form").onsubmit = e => {
      e.preventDefault();
      searchPlace().catch(err => { document.getElementById("place-error").textContent = err.message; });
    };
    document.getElementById("locate").onclick = locate;
    document.getElementById("skill").onchange = () => { skillByHand = true; };
    document.getElementById("sensitive").onchange = () => { sensitiveByHand = true; };
    document.getElementById("description").oninput = () => {
      // The suggestion's room is taken while the resident types, so that when it arrives it does not move
      // the buttons under their finger.
      const box = document.getElementById("suggest");
      if (document.getElementById("description").value.trim()) box.hidden = false;
      clearTimeout(suggestTimer);
      suggestTimer = setTimeout(() => suggest().catch(console.error), 400);
    };
    await LinliMap.base(map, "district");
    place(where);
    Auth.mount("resident", async () => {
      if (pendingPost) { pendingPost = false; await guard(post)(); }
    });
    Session.onChange(s => {
      caseId = null;
      document.getElementById("case-card").hidden = true;
      if (s) myCases().catch(console.error);
      else document.getElementById("my-cases-card").hidden = true;
    });
    const tax = await Api.get("/api/v1/taxonomy");
    skills = tax.skills;
    fillSkills();
    Live.follow(ev => {
      if (ev.data && ev.data.caseId === caseId) refresh().catch(console.error);
      myCases().catch(console.error);
    }, showLive);
    if (Session.current()) await myCases();
    else if (Session.read()) Auth.require(I18n.t("signin.expired"));
    // Besides the live stream (which some proxies buffer), look again every 10 s while the case is open.
    setInterval(() => {
      const status = document.getElementById("case-card").dataset.status;
      if (caseId && Session.current() && OPEN.includes(status)) refresh().catch(console.error);
    }, 10_000);
    mapEl.dataset.state = "ready";
  }

  start().catch(e => { mapEl.dataset.state = "error"; console.error(e); });
})();
