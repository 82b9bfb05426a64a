// The staff coverage map: a district/street choropleth of the covered area share, an H3 layer, a skill filter,
// the figures of a clicked region, the ranked service gaps, and exports. Data from /api/v1/coverage/*.
"use strict";
(function () {
  const STEPS = [0.2, 0.4, 0.6, 0.8];
  const COLOURS = ["#b2182b", "#ef8a62", "#fddbc7", "#a6d96a", "#1a9641"];
  const mapEl = document.getElementById("map");
  const map = L.map(mapEl, { preferCanvas: false, zoomControl: true }).setView([22.6, 114.05], 10);
  let regions = null;
  let hexes = null;
  let lastCollection = null;
  let skills = [];

  function colour(share) {
    let i = 0;
    while (i < STEPS.length && share >= STEPS[i]) i++;
    return COLOURS[i];
  }

  const legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    const div = L.DomUtil.create("div", "legend");
    div.appendChild(el("strong", { "data-i18n": "legend" }, I18n.t("legend")));
    const bounds = [0].concat(STEPS);
    bounds.forEach((b, i) => {
      const row = el("div");
      const sw = el("i");
      sw.style.background = COLOURS[i];
      row.appendChild(sw);
      row.appendChild(document.createTextNode(Math.round(b * 100) + "%" + (i < STEPS.length ? "–" + Math.round(STEPS[i] * 100) + "%" : "+")));
      div.appendChild(row);
    });
    return div;
  };
  legend.addTo(map);

  function value(v) { return v === null || v === undefined ? I18n.t("withheld") : v; }

  function showDetails(p) {
    const box = document.getElementById("details");
    box.replaceChildren();
    box.appendChild(el("h3", {}, p.name));
    const table = el("table", { class: "figures" });
    const rows = [
      ["f.providers", p.providers.WORKER + " / " + p.providers.AGENCY + " / " + p.providers.PROJECT],
      ["f.capacity", p.capacity + " / " + p.spareCapacity],
      ["f.needs", value(p.needs) + " / " + value(p.unmetNeeds)],
      ["f.covered", (p.coveredAreaRatio * 100).toFixed(1) + "%"],
      ["f.population", p.population === null ? "—" : p.population.toLocaleString()],
      ["f.per10k", p.workersPer10k === null ? "—" : p.workersPer10k.toFixed(2)],
      ["f.rating", p.avgRating === null ? "—" : p.avgRating.toFixed(2)]
    ];
    rows.forEach(([k, v]) => {
      const tr = el("tr");
      tr.appendChild(el("th", { "data-i18n": k }, I18n.t(k)));
      tr.appendChild(el("td", {}, v));
      table.appendChild(tr);
    });
    box.appendChild(table);
  }

  async function load() {
    const level = document.getElementById("level").value;
    const skill = document.getElementById("skill").value;
    mapEl.dataset.state = "loading";
    const q = "level=" + level + (skill ? "&skill=" + encodeURIComponent(skill) : "");
    const fc = await Api.get("/api/v1/coverage/regions?" + q);
    lastCollection = fc;
    if (regions) map.removeLayer(regions);
    regions = L.geoJSON(fc, {
      coordsToLatLng: LinliMap.coordsToLatLng,
      style: f => ({ className: "region", color: "#35485a", weight: 1, fillOpacity: 0.65,
        fillColor: colour(f.properties.coveredAreaRatio) }),
      onEachFeature: (f, layer) => {
        layer.bindTooltip(el("span", {}, f.properties.name), { sticky: true }); // a node: Leaflet renders strings as HTML
        layer.on("click", () => showDetails(f.properties));
      }
    }).addTo(map);
    if (fc.features.length) map.fitBounds(regions.getBounds(), { padding: [10, 10] });
    const deserts = await Api.get("/api/v1/coverage/deserts?limit=10&" + q);
    const list = document.getElementById("deserts");
    list.replaceChildren();
    deserts.deserts.forEach(d => list.appendChild(el("li", {}, d.name + " · " + value(d.unmetNeeds)
      + " · " + (d.coveredAreaRatio * 100).toFixed(0) + "%")));
    chart(deserts.deserts);
    if (document.getElementById("hexes").checked) await loadHexes(skill); else if (hexes) { map.removeLayer(hexes); hexes = null; }
    mapEl.dataset.skill = skill;
    mapEl.dataset.level = level;
    mapEl.dataset.features = String(fc.features.length);
    mapEl.dataset.state = "ready";
  }

  let gapsChart = null;

  /** The uncovered share of the worst regions as bars (ECharts). */
  function chart(deserts) {
    if (typeof echarts === "undefined") return;
    gapsChart = gapsChart || echarts.init(document.getElementById("gaps-chart"));
    const top = deserts.slice(0, 10).reverse();
    gapsChart.setOption({
      grid: { left: 90, right: 20, top: 10, bottom: 25 },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", data: top.map(d => d.name) },
      series: [{ type: "bar", data: top.map(d => Math.round((1 - d.coveredAreaRatio) * 1000) / 10),
        itemStyle: { color: "#b2182b" } }],
      tooltip: { trigger: "axis" }
    }, true);
  }

  async function loadHexes(skill) {
    const fc = await Api.get("/api/v1/coverage/hexes?resolution=8" + (skill ? "&skill=" + encodeURIComponent(skill) : ""));
    if (hexes) map.removeLayer(hexes);
    const max = Math.max(1, ...fc.features.map(f => f.properties.supply));
    hexes = L.geoJSON(fc, {
      coordsToLatLng: LinliMap.coordsToLatLng,
      style: f => ({ className: "hex", weight: 0.3, color: "#0b5c7a", fillColor: "#0b5c7a",
        fillOpacity: 0.05 + 0.6 * f.properties.supply / max }),
      onEachFeature: (f, layer) => layer.bindTooltip(el("span", {}, f.properties.h3 + " · " + f.properties.supply),
        { sticky: true })
    }).addTo(map);
  }

  function exportCsv() {
    if (!lastCollection) return;
    const cols = ["id", "adcode", "name", "level", "workers", "agencies", "projects", "capacity", "spareCapacity",
      "needs", "unmetNeeds", "coveredAreaRatio", "population", "workersPer10k", "avgRating"];
    const lines = [cols.join(",")].concat(lastCollection.features.map(f => {
      const p = f.properties;
      return [p.id, p.adcode, p.name, p.level, p.providers.WORKER, p.providers.AGENCY, p.providers.PROJECT, p.capacity,
        p.spareCapacity, p.needs, p.unmetNeeds, p.coveredAreaRatio, p.population, p.workersPer10k, p.avgRating].map(csvCell).join(",");
    }));
    download("linli-coverage.csv", "text/csv;charset=utf-8", "\uFEFF" + lines.join("\n"));
  }

  setInterval(() => { if (Session.current()) loadQueue(); }, 30_000);

  async function start() {
    I18n.apply();
    document.getElementById("lang").onclick = () => { I18n.toggle(); fillSkills(); };
    document.getElementById("level").onchange = () => load().catch(fail);
    document.getElementById("skill").onchange = () => load().catch(fail);
    document.getElementById("hexes").onchange = () => load().catch(fail);
    document.getElementById("export-geojson").onclick = () => lastCollection &&
      download("linli-coverage.geojson", "application/geo+json", JSON.stringify(lastCollection));
    document.getElementById("export-csv").onclick = exportCsv;
    document.getElementById("behalf").onsubmit = e => {
      e.preventDefault();
      postOnBehalf().catch(err => {
        const result = document.getElementById("behalf-result");
        result.className = "error";
        result.textContent = err.message;
        document.getElementById("behalf").dataset.state = "error";
      });
    };
    LinliMap.base(map, "district").catch(console.error); // a base under the choropleth, before sign-in too
    Auth.mount("password", null);
    Session.onChange(s => { if (s) begin(); });
    if (Session.current()) begin();
    else {
      mapEl.dataset.state = "signed-out";
      Auth.require(Session.read() ? I18n.t("signin.expired") : "");
    }
  }

  function fillSkills() {
    const select = document.getElementById("skill");
    const chosen = select.value;
    select.querySelectorAll("option[value]:not([value=''])").forEach(o => o.remove());
    skills.forEach(s => select.appendChild(el("option", { value: s.code }, I18n.lang === "zh" ? s.labelZh : s.labelEn)));
    select.value = chosen;
  }

  /**
   * A need posted for a resident who cannot use the service (no phone, or cannot type): the place by its
   * name, the need in words (the server reads the service from them), the person's name and phone if any.
   */
  async function postOnBehalf() {
    const form = document.getElementById("behalf");
    const result = document.getElementById("behalf-result");
    result.className = "";
    const name = document.getElementById("behalf-name").value.trim();
    const phone = document.getElementById("behalf-phone").value.trim();
    const placeName = document.getElementById("behalf-place").value.trim();
    const text = document.getElementById("behalf-text").value.trim();
    const missing = !name ? "behalf-name" : !placeName ? "behalf-place" : !text ? "behalf-text" : null;
    if (missing) {
      result.className = "error";
      result.textContent = I18n.t("behalf.missing");
      document.getElementById(missing).focus();
      return;
    }
    const found = await Api.get("/api/v1/regions/search?limit=1&q=" + encodeURIComponent(placeName));
    if (!found.regions.length) {
      result.className = "error";
      result.textContent = I18n.t("place.none");
      return;
    }
    const at = found.regions[0].centre;
    const body = {
      location: { lat: at.lat, lon: at.lon }, radiusMeters: 5000, text, description: text,
      urgency: document.getElementById("behalf-urgent").checked ? "URGENT" : "ROUTINE",
      onBehalfOf: phone ? { name, phone } : { name }
    };
    form.dataset.state = "posting";
    const created = await Api.post("/api/v1/needs", body);
    const service = (created.inferredSkills || []).map(code => {
      const s = skills.find(x => x.code === code);
      return s ? (I18n.lang === "zh" ? s.labelZh : s.labelEn) : code;
    }).join("、");
    result.textContent = I18n.t("behalf.done") + created.caseId + " · " + I18n.t("status." + created.status)
      + (service ? " · " + service : "") + " · " + found.regions[0].name;
    form.dataset.state = "posted";
    form.dataset.case = created.caseId;
    await loadQueue();
  }

  /** The duty queue: escalated needs still waiting for a provider, oldest first. */
  async function loadQueue() {
    const list = document.getElementById("queue");
    try {
      const q = await Api.get("/api/v1/cases?status=ESCALATED&limit=50");
      list.replaceChildren();
      if (!q.cases.length) list.appendChild(el("li", { class: "muted" }, I18n.t("queue.empty")));
      q.cases.forEach(c => {
        const li = el("li", { "data-case": c.caseId, "data-status": c.status });
        li.appendChild(el("strong", {}, I18n.t("status." + c.status) + " · " + localTime(c.escalatedAt || c.createdAt)));
        const names = (c.need.skills || []).map(code => {
          const s = skills.find(x => x.code === code);
          return s ? (I18n.lang === "zh" ? s.labelZh : s.labelEn) : code;
        });
        li.appendChild(el("div", { class: "muted" }, c.caseId + " · " + names.join("、")
          + (c.need.urgency === "URGENT" ? " · " + I18n.t("queue.urgent") : "")));
        list.appendChild(li);
      });
      list.dataset.state = "ready";
    } catch (e) {
      list.dataset.state = "error";
      console.error(e);
    }
  }

  async function begin() {
    document.getElementById("signin").hidden = true;
    try {
      const tax = await Api.get("/api/v1/taxonomy");
      skills = tax.skills;
      fillSkills();
      await loadQueue();
      await load();
    } catch (e) {
      fail(e);
    }
  }

  function fail(e) {
    if (e.status === 403) Auth.require(I18n.t("signin.bad"));
    mapEl.dataset.state = "error";
    console.error(e);
  }

  start();
})();
