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

  map.on("click", e => { where = e.latlng; pin.setLatLng(where); });

  function need() {
    const body = {
      location: { lat: where.lat, lon: where.lng }, skills: [document.getElementById("skill").value],
      radiusMeters: 5000, limit: 10, sort: "score", explain: true
    };
    const text = document.getElementById("description").value.trim();
    if (text) body.text = text;
    return body;
  }

  async function find() {
    const result = await Api.post("/api/v1/match", need());
    markers.clearLayers();
    const list = document.getElementById("matches");
    list.replaceChildren();
    result.matches.forEach(m => {
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
      list.appendChild(li);
    });
    // Where they are: each provider's public record has its location.
    const providers = await Promise.all(result.matches.map(m =>
      Api.get("/api/v1/providers/" + encodeURIComponent(m.providerId)).catch(() => null)));
    providers.forEach((p, i) => {
      if (p) {
        L.circleMarker([p.location.lat, p.location.lon], { radius: 7, color: "#0b5c7a", className: "provider" })
          .bindTooltip(el("span", {}, (i + 1) + ". " + p.name)).addTo(markers); // a node: strings become HTML
      }
    });
    if (providers.some(p => p)) {
      map.fitBounds(L.featureGroup(markers.getLayers().concat([pin])).getBounds(), { padding: [30, 30], maxZoom: 15 });
    }
    mapEl.dataset.matches = String(result.matches.length);
    mapEl.dataset.state = "matched";
  }

  async function post() {
    const body = need();
    delete body.limit; delete body.explain;
    body.description = document.getElementById("description").value.trim();
    const phone = document.getElementById("phone").value.trim();
    if (phone) body.contactPhone = phone;
    body.sensitive = document.getElementById("sensitive").checked;
    const created = await Api.post("/api/v1/needs", body);
    caseId = created.caseId;
    document.getElementById("case-card").hidden = false;
    document.getElementById("case-id").textContent = caseId;
    await refresh();
  }

  async function refresh() {
    if (!caseId) return;
    const c = await Api.get("/api/v1/cases/" + encodeURIComponent(caseId));
    const h = await Api.get("/api/v1/cases/" + encodeURIComponent(caseId) + "/history");
    document.getElementById("case-status").textContent = c.status;
    document.getElementById("case-card").dataset.status = c.status;
    const list = document.getElementById("history");
    list.replaceChildren();
    h.transitions.forEach(t => list.appendChild(el("li", {}, t.at.replace("T", " ").slice(0, 19) + " · " + t.event
      + (t.providerId ? " · " + t.providerId : ""))));
    document.getElementById("rate").hidden = c.status !== "COMPLETED" || !document.getElementById("rated").hidden;
  }

  function buildStars() {
    const table = document.getElementById("stars");
    table.replaceChildren();
    DIMENSIONS.forEach(d => {
      const tr = el("tr");
      tr.appendChild(el("th", {}, I18n.t("rate." + d)));
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
    skills.forEach(s => select.appendChild(el("option", { value: s.code }, I18n.lang === "zh" ? s.labelZh : s.labelEn)));
    if (chosen) select.value = chosen;
  }

  function guard(f) {
    return () => f().then(() => { document.getElementById("error").textContent = ""; }).catch(e => {
      document.getElementById("error").textContent = e.message;
      if (e.status === 401 || e.status === 403) document.getElementById("signin").hidden = false;
    });
  }

  async function start() {
    I18n.apply();
    buildStars();
    document.getElementById("lang").onclick = () => { I18n.toggle(); fillSkills(); buildStars(); };
    document.getElementById("find").onclick = guard(find);
    document.getElementById("post").onclick = guard(post);
    document.getElementById("rate-send").onclick = guard(rate);
    document.getElementById("signin-go").onclick = () => {
      Api.setToken(document.getElementById("token").value);
      document.getElementById("signin").hidden = true;
    };
    const tax = await Api.get("/api/v1/taxonomy");
    skills = tax.skills;
    fillSkills();
    if (Api.token()) {
      Api.events(ev => { if (ev.data && ev.data.caseId === caseId) refresh().catch(console.error); });
      // Besides the live stream (which some proxies buffer), look again every 10 s while the case is open.
      setInterval(() => {
        const status = document.getElementById("case-card").dataset.status;
        if (caseId && status !== "COMPLETED" && status !== "CANCELLED" && status !== "UNMATCHED") {
          refresh().catch(console.error);
        }
      }, 10_000);
    } else {
      document.getElementById("signin").hidden = false;
    }
    mapEl.dataset.state = "ready";
  }

  start().catch(e => { mapEl.dataset.state = "error"; console.error(e); });
})();
