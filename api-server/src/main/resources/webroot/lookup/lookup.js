// Anyone looks a registered organisation up: by name words or credit code, and its record in plain words.
"use strict";
(function () {
  const page = document.getElementById("lookup");

  function facts(a) {
    const parts = [a.creditCode];
    parts.push(a.grade ? I18n.t("lookup.graded", { g: a.grade }) : I18n.t("lookup.ungraded"));
    parts.push(I18n.t("astatus." + a.status));
    if (a.annualReport) parts.push(I18n.t("report." + a.annualReport.status, { y: a.annualReport.year }));
    return parts.join(" · ");
  }

  async function search(ev) {
    if (ev) ev.preventDefault();
    const params = new URLSearchParams();
    const q = document.getElementById("q").value.trim();
    if (q) params.set("q", q);
    const grade = document.getElementById("grade").value;
    if (grade) params.set("grade", grade);
    const district = document.getElementById("district").value;
    if (district) params.set("district", district);
    const list = document.getElementById("found");
    try {
      const answer = await Api.get("/api/v1/public/agencies?" + params.toString());
      document.getElementById("lookup-error").textContent = "";
      list.replaceChildren();
      answer.agencies.forEach(a => {
        const li = el("li", { "data-agency": a.id });
        const open = el("button", { type: "button", class: "link" }, a.name);
        open.onclick = () => show(a.id).catch(failed);
        li.appendChild(open);
        if (a.verified) li.appendChild(el("span", { class: "open-now" }, " ✓ " + I18n.t("lookup.verified")));
        li.appendChild(el("div", { class: "muted" }, facts(a)));
        list.appendChild(li);
      });
      if (!answer.agencies.length) list.appendChild(el("li", { class: "no-results" }, I18n.t("lookup.none")));
      page.dataset.found = String(answer.agencies.length);
      page.dataset.state = "ready";
    } catch (e) {
      failed(e);
    }
  }

  async function show(id) {
    const a = await Api.get("/api/v1/public/agencies/" + encodeURIComponent(id));
    const box = document.getElementById("detail");
    box.replaceChildren();
    box.appendChild(el("h2", {}, a.name));
    const rows = [
      ["lookup.code", a.creditCode],
      ["lookup.authority", a.registrationAuthority || "—"],
      ["lookup.registeredOn", a.registeredOn || "—"],
      ["lookup.grade", a.grade || I18n.t("lookup.ungraded")],
      ["lookup.report", a.annualReport ? I18n.t("report." + a.annualReport.status, { y: a.annualReport.year }) : "—"],
      ["lookup.status", I18n.t("astatus." + a.status)],
      ["lookup.address", a.address || "—"],
      ["lookup.phone", a.phone || "—"],
      ["lookup.workers", String(a.workers)],
      ["lookup.rating", a.rating ? a.rating.average.toFixed(1) + " (" + a.rating.count + ")" : "—"]
    ];
    const table = el("table", { class: "figures" });
    rows.forEach(([k, v]) => {
      const tr = el("tr");
      tr.appendChild(el("th", {}, I18n.t(k)));
      tr.appendChild(el("td", {}, v));
      table.appendChild(tr);
    });
    box.appendChild(table);
    box.appendChild(el("h3", {}, I18n.t("lookup.services")));
    const services = el("ul", { class: "my-cases", id: "services" });
    a.services.forEach(s => services.appendChild(el("li", {}, s.name)));
    if (!a.services.length) services.appendChild(el("li", { class: "muted" }, I18n.t("none")));
    box.appendChild(services);
    box.hidden = false;
    box.dataset.agency = a.id;
    box.scrollIntoView({ behavior: "smooth", block: "start" });
  }

  function failed(e) {
    page.dataset.state = "error";
    document.getElementById("lookup-error").textContent = e.message;
  }

  /** The districts of the loaded regions, by name, for the district choice (none: the choice stays "any"). */
  async function districts() {
    try {
      const base = await Api.get("/api/v1/map/base?level=district");
      const select = document.getElementById("district");
      base.features
        .map(f => f.properties)
        .filter(p => p.adcode)
        .sort((a, b) => a.name.localeCompare(b.name, "zh"))
        .forEach(p => select.appendChild(el("option", { value: p.adcode }, p.name)));
    } catch (e) {
      console.warn("no districts to choose from", e);
    }
  }

  I18n.apply();
  document.getElementById("lang").onclick = () => { I18n.toggle(); search().catch(failed); };
  document.getElementById("lookup-form").onsubmit = search;
  document.getElementById("district").onchange = () => search().catch(failed);
  document.getElementById("grade").onchange = () => search().catch(failed);
  districts().then(() => search()).catch(failed);
})();
