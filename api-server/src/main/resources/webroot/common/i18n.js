// Chinese first, English available: every element with data-i18n gets its text from here.
"use strict";
const LINLI_TEXT = {
  zh: {
    "staff.title": "邻里 · 服务覆盖地图", "lang": "English", "level": "层级", "level.district": "区",
    "level.street": "街道", "skill": "服务类别", "skill.all": "全部", "hexes": "六边形网格",
    "export.geojson": "导出 GeoJSON", "export.csv": "导出 CSV", "details": "区域数据",
    "details.hint": "点击地图上的区域查看数据。", "deserts": "服务缺口（未满足需求）", "legend": "覆盖率",
    "f.providers": "服务者（社工/机构/项目）", "f.capacity": "容量 / 空余", "f.needs": "需求 / 未满足",
    "f.covered": "覆盖面积比例", "f.population": "人口", "f.per10k": "每万人社工数", "f.rating": "平均评分",
    "withheld": "不足5例，不公开", "signin": "登录", "signin.hint": "请粘贴工作人员令牌（STAFF 或 ADMIN）。",
    "signin.bad": "令牌无效或无权限。", "loading": "加载中…", "none": "无"
  },
  en: {
    "staff.title": "Linli · Coverage map", "lang": "中文", "level": "Level", "level.district": "District",
    "level.street": "Street", "skill": "Service", "skill.all": "All", "hexes": "Hexagon grid",
    "export.geojson": "Export GeoJSON", "export.csv": "Export CSV", "details": "Region figures",
    "details.hint": "Click a region on the map to see its figures.", "deserts": "Service gaps (unmet needs)",
    "legend": "Covered area", "f.providers": "Providers (workers/agencies/projects)",
    "f.capacity": "Capacity / spare", "f.needs": "Needs / unmet", "f.covered": "Covered area share",
    "f.population": "Population", "f.per10k": "Workers per 10 000", "f.rating": "Average rating",
    "withheld": "fewer than 5, withheld", "signin": "Sign in", "signin.hint": "Paste a staff token (STAFF or ADMIN).",
    "signin.bad": "The token is not valid or may not see this.", "loading": "Loading…", "none": "none"
  }
};

const I18n = {
  lang: localStorage.getItem("linli.lang") || "zh",
  t(key) { return (LINLI_TEXT[this.lang] && LINLI_TEXT[this.lang][key]) || key; },
  apply(root = document) {
    document.documentElement.lang = this.lang === "zh" ? "zh-CN" : "en";
    root.querySelectorAll("[data-i18n]").forEach(el => { el.textContent = this.t(el.dataset.i18n); });
  },
  toggle() {
    this.lang = this.lang === "zh" ? "en" : "zh";
    localStorage.setItem("linli.lang", this.lang);
    this.apply();
  }
};
