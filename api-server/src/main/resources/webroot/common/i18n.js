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
    "signin.bad": "此账号无权查看这里，请用工作人员或管理员账号登录。", "loading": "加载中…", "none": "无",
    "resident.title": "邻里 · 寻求帮助", "need": "我的需求", "need.where": "点击地图选择位置",
    "need.description": "需要什么帮助？", "need.phone": "联系电话", "need.sensitive": "涉及隐私（位置模糊显示）",
    "need.find": "查找附近服务", "need.post": "提交需求", "matches": "附近的服务者", "case": "我的个案",
    "case.status": "状态", "case.history": "进展", "rate": "评价服务", "rate.overall": "总体",
    "rate.timeliness": "及时", "rate.professionalism": "专业", "rate.attitude": "态度", "rate.outcome": "效果",
    "rate.comment": "意见（选填）", "rate.send": "提交评价", "rate.done": "已评价，记录哈希：",
    "m.distance": "距离", "m.text": "文本匹配", "m.rating": "评分", "m.capacity": "空余",
    "agency.title": "邻里 · 机构工作台", "inbox": "个案收件箱", "roster": "服务者与容量", "accept": "接受",
    "decline": "婉拒", "complete": "完成", "inbox.empty": "暂无个案", "live": "实时", "r.name": "名称",
    "r.load": "在办 / 容量", "r.rating": "评分",
    "signin.resident": "居民登录：手机号和验证码", "signin.staff": "工作人员登录", "signin.phone": "手机号",
    "signin.send": "获取验证码", "signin.code": "验证码（6位数字）", "signin.username": "用户名", "signin.password": "密码",
    "signin.sent": "验证码已发送，{m} 分钟内有效。", "signin.expired": "登录已过期或已退出，请重新登录。",
    "signin.as": "已登录：", "signout": "退出登录", "signin.toPost": "提交求助前请先登录，登录后会自动提交。",
    "signin.notAgency": "此页面供服务机构和社工使用，请用机构或社工账号登录。", "live.off": "连接中断，正在重连",
    "live.connecting": "正在连接", "mycases": "我的求助", "mycases.none": "还没有求助记录",
    "status.OFFERED": "已派单，等待接单", "status.ACCEPTED": "已接单", "status.COMPLETED": "已完成",
    "status.CANCELLED": "已取消", "status.UNMATCHED": "暂无可接单的服务者", "event.OFFERED": "派给服务者",
    "event.ACCEPTED": "服务者已接单", "event.DECLINED": "服务者婉拒", "event.EXPIRED": "超时未回应，转给下一位",
    "event.COMPLETED": "服务完成", "event.CANCELLED": "已取消", "event.UNMATCHED": "暂无可接单的服务者",
    "event.ESCALATED": "已转给社区工作人员跟进", "place.label": "找地点", "place.go": "搜索",
    "place.locate": "使用我的位置", "place.none": "没有找到这个地名，换个说法试试，或直接点击地图。",
    "place.noLocation": "无法获取您的位置，请搜索地名或点击地图。", "skill.choose": "请选择服务类别",
    "need.placeholder": "用自己的话写，例如：家里老人一个人住，想找人每天上门看看", "suggest.label": "建议的服务：",
    "suggest.why": "依据您写的：", "suggest.sensitive": "这件事可能涉及您的安全或隐私，位置将模糊显示，只有接单的服务者能看到准确位置。",
    "outcome.choose": "请选择服务结果", "outcome.minutes": "服务时长（分钟）", "outcome.GOT_HELP": "已解决",
    "outcome.PARTLY_HELPED": "部分解决", "outcome.NOT_ELIGIBLE": "不符合条件", "outcome.COULD_NOT_CONTACT": "联系不上",
    "outcome.NO_LONGER_NEEDED": "已不需要", "outcome.REFERRED_ELSEWHERE": "已转介他处",
    "reason.choose": "婉拒原因（选填）", "reason.NO_CAPACITY": "人手已满", "reason.OUT_OF_SCOPE": "不在服务范围",
    "reason.NOT_ELIGIBLE": "不符合条件", "reason.CONFLICT_OF_INTEREST": "存在利益冲突", "reason.OTHER": "其他",
    "queue": "待跟进的求助", "queue.hint": "已升级给工作人员、仍在等待服务者的求助，最早的在前。",
    "queue.empty": "暂无待跟进的求助", "queue.urgent": "紧急"
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
    "signin.bad": "This account may not see this page: sign in as staff or an admin.", "loading": "Loading…", "none": "none",
    "resident.title": "Linli · Find help", "need": "My need", "need.where": "Click the map to set the place",
    "need.description": "What help do you need?", "need.phone": "Phone", "need.sensitive": "Sensitive (location shown coarsely)",
    "need.find": "Find services nearby", "need.post": "Post my need", "matches": "Providers nearby", "case": "My case",
    "case.status": "Status", "case.history": "Progress", "rate": "Rate the service", "rate.overall": "Overall",
    "rate.timeliness": "Timeliness", "rate.professionalism": "Professionalism", "rate.attitude": "Attitude",
    "rate.outcome": "Outcome", "rate.comment": "Comment (optional)", "rate.send": "Send rating",
    "rate.done": "Rated; ledger hash: ", "m.distance": "distance", "m.text": "text fit", "m.rating": "rating",
    "m.capacity": "spare",
    "agency.title": "Linli · Agency desk", "inbox": "Case inbox", "roster": "Roster and capacity", "accept": "Accept",
    "decline": "Decline", "complete": "Complete", "inbox.empty": "No cases", "live": "live", "r.name": "Name",
    "r.load": "Active / capacity", "r.rating": "Rating",
    "signin.resident": "Residents: sign in with your phone", "signin.staff": "Staff sign-in", "signin.phone": "Mobile number",
    "signin.send": "Send code", "signin.code": "Code (6 digits)", "signin.username": "Username", "signin.password": "Password",
    "signin.sent": "Code sent; it works for {m} minutes.", "signin.expired": "Your session has ended; please sign in again.",
    "signin.as": "Signed in:", "signout": "Sign out", "signin.toPost": "Sign in to post your need; it is posted as soon as you do.",
    "signin.notAgency": "This page is for agencies and social workers: sign in with such an account.",
    "live.off": "connection lost, reconnecting", "live.connecting": "connecting", "mycases": "My requests",
    "mycases.none": "No requests yet", "status.OFFERED": "Offered, waiting for an answer", "status.ACCEPTED": "Accepted",
    "status.COMPLETED": "Completed", "status.CANCELLED": "Cancelled", "status.UNMATCHED": "Nobody available yet",
    "event.OFFERED": "offered to a provider", "event.ACCEPTED": "accepted", "event.DECLINED": "declined",
    "event.EXPIRED": "no answer in time, passed on", "event.COMPLETED": "completed", "event.CANCELLED": "cancelled",
    "event.UNMATCHED": "nobody available", "event.ESCALATED": "passed to community staff",
    "place.label": "Find a place", "place.go": "Search", "place.locate": "Use my location",
    "place.none": "No place by that name: try other words, or tap the map.",
    "place.noLocation": "Your location is not available: search for a place or tap the map.",
    "skill.choose": "Choose a service",
    "need.placeholder": "In your own words, e.g. my mother lives alone and needs someone to look in every day",
    "suggest.label": "Suggested services:", "suggest.why": "Because you wrote: ",
    "suggest.sensitive": "This may concern your safety or privacy: your location is shown coarsely, exactly only to the provider who accepts.",
    "outcome.choose": "Choose the outcome", "outcome.minutes": "Minutes of service", "outcome.GOT_HELP": "Got help",
    "outcome.PARTLY_HELPED": "Partly helped", "outcome.NOT_ELIGIBLE": "Not eligible",
    "outcome.COULD_NOT_CONTACT": "Could not contact", "outcome.NO_LONGER_NEEDED": "No longer needed",
    "outcome.REFERRED_ELSEWHERE": "Referred elsewhere", "reason.choose": "Reason (optional)",
    "reason.NO_CAPACITY": "No capacity", "reason.OUT_OF_SCOPE": "Out of scope", "reason.NOT_ELIGIBLE": "Not eligible",
    "reason.CONFLICT_OF_INTEREST": "Conflict of interest", "reason.OTHER": "Other",
    "queue": "Needs waiting for staff", "queue.hint": "Escalated needs still waiting for a provider, oldest first.",
    "queue.empty": "Nothing waiting", "queue.urgent": "urgent"
  }
};

const I18n = {
  lang: localStorage.getItem("linli.lang") || "zh",
  t(key) { return (LINLI_TEXT[this.lang] && LINLI_TEXT[this.lang][key]) || key; },
  apply(root = document) {
    document.documentElement.lang = this.lang === "zh" ? "zh-CN" : "en";
    root.querySelectorAll("[data-i18n]").forEach(el => { el.textContent = this.t(el.dataset.i18n); });
    root.querySelectorAll("[data-i18n-placeholder]").forEach(el => { el.placeholder = this.t(el.dataset.i18nPlaceholder); });
  },
  toggle() {
    this.lang = this.lang === "zh" ? "en" : "zh";
    localStorage.setItem("linli.lang", this.lang);
    this.apply();
  }
};
