"""The scenario editor's interface texts in English and Chinese, and the meanings of the keys
of the behaviour tree."""

from __future__ import annotations

#: interface texts: key -> (English, Chinese)
TEXTS = {
    "title": ("Scenario", "场景"), "open": ("Open…", "打开…"), "save": ("Save", "保存"),
    "save_as": ("Save as…", "另存为…"), "validate": ("Validate", "检查"), "name": ("Name", "名称"),
    "untitled": ("(not saved yet)", "（尚未保存）"),
    "tab_staff": ("Staff roster", "人员排班"), "tab_demand": ("Demand", "客流"),
    "tab_business": ("Business mix", "业务结构"), "tab_behaviour": ("Behaviour and policies", "行为与策略"),
    "add_staff": ("Add staff member", "添加员工"), "remove_staff": ("Remove selected", "删除所选"),
    "id": ("ID", "编号"), "name_col": ("Name", "姓名"), "role": ("Role", "岗位角色"),
    "counter": ("Serves at counter", "服务柜台"), "desk": ("Desk", "办公桌"), "post": ("Lobby post", "厅堂岗位"),
    "shifts": ("Shifts", "班次"), "breaks": ("Breaks (lunch)", "休息（午餐）"), "can": ("Can do", "职能"),
    "none": ("(none)", "（无）"),
    "per_day": ("Customers on a day with factor 1", "日客流量（系数 1 时）"),
    "date_factor": ("Date factor (holidays, paydays)", "日期系数（节假日、发薪日）"),
    "day_factors": ("Day factors", "星期系数"), "factor": ("Factor", "系数"),
    "customers_row": ("Customers", "客流量"),
    "hourly": ("Hourly shares of a day's arrivals (%): drag a bar to set it", "分时到达占比（%）：拖动柱子调整"),
    "start_hour": ("First hour", "起始小时"), "add_hour": ("+ hour", "+ 小时"), "remove_hour": ("− hour", "− 小时"),
    "normalise": ("Scale to 100 %", "归一到 100 %"),
    "hourly_sum": ("Sum {s:.2f} % (scaled to 100 % on save)", "合计 {s:.2f} %（保存时归一到 100 %）"),
    "closed": ("outside opening hours", "营业时间外"),
    "add_business": ("Add business", "添加业务"), "remove_business": ("Remove selected", "删除所选"),
    "business_sum": ("Sum of shares {s:.4f} (must be 1)", "业务占比合计 {s:.4f}（须为 1）"),
    "code": ("Code", "代码"), "name_zh": ("Name (Chinese)", "中文名称"), "name_en": ("Name (English)", "英文名称"),
    "share": ("Share (0–1)", "占比 (0–1)"), "fixtures": ("Served at (fixture kinds)", "办理设施类型"),
    "dist": ("Service time", "服务时间分布"), "params": ("Parameters (min)", "参数（分钟）"),
    "vip_share": ("VIP share", "贵宾占比"), "conversion": ("Conversion", "营销转化率"),
    "authorisation": ("Authorisation", "需授权"), "triage": ("Triage", "可分流"),
    "key": ("Key", "参数"), "value": ("Value", "取值"), "meaning": ("Meaning", "含义"),
    "valid": ("The scenario is valid.", "场景有效。"),
    "valid_layout": ("Valid; but on the current layout: {m}", "场景有效；但在当前平面图上：{m}"),
    "saved": ("Saved {p}", "已保存 {p}"), "not_saved": ("Not saved: {m}", "未保存：{m}"),
    "discard": ("Discard the unsaved changes to the scenario?", "放弃对场景的未保存修改？"),
    "edit_scenario": ("Edit scenario…", "编辑场景…"), "files": ("Scenarios (*.json)", "场景文件 (*.json)"),
}
ABILITY_LABELS = {"authorise": ("authorise", "授权"), "market": ("market", "营销"), "call": ("outbound calls", "外呼"),
                  "cover": ("cover", "补位"), "greet": ("greet, triage", "迎宾分流")}
#: what the keys of the behaviour tree mean: key -> (English, Chinese)
GLOSS = {
    "hours": ("opening hours", "营业时间"), "open": ("opens", "开门"), "close": ("closes", "关门"),
    "after_close_min": ("max. minutes to finish the queue", "关门后最多服务分钟"),
    "customers": ("customer behaviour", "客户行为"), "walk_speed": ("walking speed (m/s)", "步行速度 (m/s)"),
    "elderly_share": ("share over 65", "老年客户占比"), "elderly_walk_speed": ("walking speed over 65", "老年步速"),
    "patience": ("patience before leaving (min)", "耐心时间（分钟）"), "balking": ("balking", "望队离开"),
    "threshold": ("tickets ahead that make one leave", "离开阈值（前面人数）"),
    "no_show_share": ("share of tickets called in vain", "过号比例"),
    "no_show_call_s": ("seconds lost per absent number", "过号耗时（秒）"),
    "known_share": ("share raising an arrival alert", "智迎客识别比例"), "seat_areas": ("areas to sit in", "就座区域"),
    "policies": ("policies", "管理策略"), "walking": ("simulate walking", "模拟走动"),
    "staff_walk_speed": ("staff walking speed (m/s)", "员工步速 (m/s)"), "triage": ("triage at post 1", "分流"),
    "greet_min": ("greeting (min)", "迎宾时间（分钟）"),
    "divert_share": ("share diverted to smart counters", "分流至智能柜台比例"),
    "authorisation": ("staff authorisation", "授权"), "minutes": ("minutes", "分钟"),
    "at_fraction": ("when, as a fraction of the service", "授权时点（服务进度）"),
    "marketing": ("lobby marketing", "厅堂营销"), "contact_min": ("contact length (min)", "营销时长（分钟）"),
    "contact_rate": ("share open to a contact", "接触率"), "desk_reach_m": ("reach from a desk (m)", "桌旁营销半径 (m)"),
    "flex_rota": ("flexible rota, outbound calls", "弹性排班、外呼"), "enabled": ("on", "启用"),
    "idle_min": ("idle minutes before calling", "空闲多久开始外呼（分钟）"),
    "return_queue": ("customers waiting that call one back", "多少人等候即返回柜台"),
    "max_walk_m": ("longest walk to the call station (m)", "到外呼设备最远距离 (m)"),
    "daily_quota": ("calls per person a day", "每人每日外呼量"), "call_min": ("call length (min)", "外呼时长（分钟）"),
    "outcomes": ("call outcomes", "外呼结果"), "cover": ("cover protocol", "补位联动"),
    "ops_vp": ("operations VP", "内勤行长"), "tasks": ("daily tasks", "每日事务"),
    "micro_salons": ("micro-salons", "微沙龙"), "notes": ("where values come from", "参数来源说明"),
    "dist": ("distribution", "分布"), "mean": ("mean", "均值"), "cv": ("coefficient of variation", "变异系数"),
    "sd": ("standard deviation", "标准差"), "shape": ("shape", "形状参数"),
    "floor_share_from_back": ("floor share from a back desk", "后台时厅堂巡视比例"),
    "counter_place": ("place inside the counter area", "柜内工作位置"),
}


def _t(key: str, lang: str, **kw) -> str:
    en, zh = TEXTS[key]
    s = zh if lang == "zh" else en
    return s.format(**kw) if kw else s
