"""The report's "How robust are these findings?" pages, from a robustness result (the JSON of
``lobbysim.experiments.robustness.run_robustness``): no number is computed again.

* a table page: per headline KPI and day, the verdict, the share of plausible settings in which
  that verdict comes out, the range of the difference B − A over the settings (5th-95th
  percentile) and its clear drivers;
* a tornado page per day: for each headline KPI its three strongest drivers, each bar running from
  the mean difference when the input lies in the lowest third of its draws to the mean difference
  when it lies in the highest third, with the minimum effect that decides a verdict marked.

``param_label`` names a scenario input in words (zh / en) for these pages and the editor.
"""

from __future__ import annotations

import math
import re

from matplotlib.figure import Figure

from lobbysim.experiments.labels import verdict_word
from lobbysim.experiments.robustness import CLEAR_Q, SHARE_KEYS, clear_drivers

from .labels import UNITS, VERDICT_COLOURS, T, day_name, fmt_value, wrap
from .page import new_figure, page, table

#: exact input paths -> (Chinese, English)
PARAM_WORDS: dict[str, tuple[str, str]] = {
    "hours.after_close_min": ("闭门后最长办理时间", "longest service after closing"),
    "arrivals.per_day": ("繁忙日客流", "customers on a heavy day"),
    "arrivals.date_factor": ("日期系数", "date factor"),
    "arrivals.day_cv": ("日客流波动", "day-to-day variation of demand"),
    "customers.walk_speed.mean": ("客户步行速度", "customers' walking speed"),
    "customers.elderly_share": ("65岁以上客户占比", "share of customers over 65"),
    "customers.elderly_walk_speed.mean": ("老年客户步行速度", "over-65s' walking speed"),
    "customers.elderly_service_factor": ("老年客户柜面办理时长倍数", "over-65s' time at a counter"),
    "customers.elderly_smart_refusal": ("老年客户拒用智能柜台比例", "over-65s refusing the smart counter"),
    "customers.patience.mean": ("客户平均耐心", "customers' mean patience"),
    "customers.standing_patience_factor": ("站立等候时的耐心折减", "patience when standing"),
    "customers.balking.threshold.mean": ("放弃取号的排队人数", "queue that makes customers leave"),
    "customers.no_show_share": ("过号比例", "ticket no-shows"),
    "customers.no_show_call_s": ("每次过号损失时间", "time lost per no-show"),
    "customers.known_share": ("智迎客识别比例", "known customers (arrival alerts)"),
    "policies.staff_walk_speed": ("员工步行速度", "staff walking speed"),
    "policies.triage.greet_min": ("迎宾分流时长", "greeting time at post 1"),
    "policies.triage.divert_share": ("接受引导至智能柜台比例", "customers accepting the smart counter"),
    "policies.authorisation.minutes": ("授权时长", "authorisation time"),
    "policies.authorisation.at_fraction": ("授权发生时点", "point of the authorisation"),
    "policies.marketing.contact_min.mean": ("营销接触时长", "marketing contact time"),
    "policies.marketing.contact_rate": ("愿意接受营销的客户比例", "customers open to a contact"),
    "policies.marketing.half_distance_m": ("主动营销意愿减半距离", "approach willingness: half-distance"),
    "policies.marketing.steepness": ("主动营销意愿衰减陡度", "approach willingness: steepness"),
    "policies.marketing.min_contact_min": ("值得营销的最短剩余等候", "shortest wait worth an approach"),
    "policies.flex_rota.idle_min": ("外呼前空闲时长", "idle time before calling"),
    "policies.flex_rota.min_call_min": ("值得外呼的最短空闲", "shortest spell worth a call"),
    "policies.flex_rota.half_distance_m": ("外呼走动意愿减半距离", "call-station willingness: half-distance"),
    "policies.flex_rota.steepness": ("外呼走动意愿衰减陡度", "call-station willingness: steepness"),
    "policies.flex_rota.call_min.mean": ("外呼通话时长", "outbound call time"),
    "policies.flex_rota.call_list.size": ("外呼名单数量", "merchant call list"),
    "policies.ops_vp.task_cv": ("内勤行长任务时长日波动", "day-to-day variation of the VP's task times"),
}
_B = r"^business\[code=(?P<b>[^\]]+)\]"
_STEP = _B + r"\.steps_by_kind\.(?P<k>\w+)\[name=(?P<s>[^\]]+)\]"
#: path patterns -> (Chinese, English) templates ({b}: business, {k}: fixture kind, {s}: step, {x}: key)
PARAM_PATTERNS: tuple[tuple[re.Pattern, str, str], ...] = (
    (re.compile(_B + r"\.service\.mean$"), "{b}：平均办理时长", "{b}: mean service time"),
    (re.compile(_B + r"\.service\.cv$"), "{b}：办理时长离散度", "{b}: service-time spread (cv)"),
    (re.compile(_B + r"\.service_by_kind\.(?P<k>\w+)\.mean$"), "{b}：{k}平均办理时长", "{b}: mean time at the {k}"),
    (re.compile(_STEP + r"\.minutes(\.mean)?$"), "{b}：{s}时长", "{b}: {s} time"),
    (re.compile(_STEP + r"\.minutes\.cv$"), "{b}：{s}时长离散度", "{b}: {s} time spread (cv)"),
    (re.compile(_STEP + r"\.share$"), "{b}：需{s}的比例", "{b}: share needing {s}"),
    (re.compile(_B + r"\.share$"), "{b}：客户占比", "{b}: share of customers"),
    (re.compile(_B + r"\.conversion$"), "{b}：营销转化率", "{b}: marketing conversion"),
    (re.compile(_B + r"\.vip_share$"), "{b}：贵宾占比", "{b}: VIP share"),
    (re.compile(r"^arrivals\.hourly\.shares\[hour=(?P<x>\d+)\]$"), "{x}点时段客流占比", "arrivals {x}:00-{x}:59"),
    (re.compile(r"^policies\.flex_rota\.outcomes\.(?P<x>\w+)$"), "外呼结果占比：{x}", "call outcome share: {x}"),
)


def param_label(param: str, doc: dict | None, lang: str) -> str:
    """An input's name in words ('Cash deposit / withdrawal: transaction 办理 time'), or its path."""
    words = PARAM_WORDS.get(param)
    if words is not None:
        return T(words[0], words[1], lang)
    for pattern, zh, en in PARAM_PATTERNS:
        m = pattern.match(param)
        if m:
            parts = m.groupdict()
            if "b" in parts:
                parts["b"] = _business_name(doc, parts["b"], lang)
            if "s" in parts:
                parts["s"] = bilingual(parts["s"], lang)
            if "k" in parts:
                parts["k"] = _kind_name(parts["k"], lang)
            return T(zh, en, lang).format(**{k: v or "" for k, v in parts.items()})
    return param


def bilingual(name: str, lang: str) -> str:
    """The part of a name written 'English 中文' in the language ('both': the whole name)."""
    m = re.search(r"[\u2e80-\uffff]", name)
    if m is None or lang == "both" or m.start() == 0:
        return name
    return name[m.start() :].strip() if lang == "zh" else name[: m.start()].strip()


def _business_name(doc: dict | None, code: str, lang: str) -> str:
    for b in (doc or {}).get("business", []):
        if isinstance(b, dict) and b.get("code") == code:
            return T(str(b.get("name_zh") or code), str(b.get("name_en") or code), lang)
    return code


def _kind_name(kind: str, lang: str) -> str:
    from lobbysim.model.kinds import FIXTURE_KINDS

    k = FIXTURE_KINDS.get(kind)
    return kind if k is None else T(k.zh, k.en.lower(), lang)


# --- words ----------------------------------------------------------------------------------------------------
def holds_share(entry: dict | None, verdict: str) -> float | None:
    """The share of plausible settings in which ``verdict`` comes out (None without a result)."""
    if not entry or verdict not in SHARE_KEYS:
        return None
    return entry.get(SHARE_KEYS[verdict])


def holds_words(share: float | None, lang: str) -> str:
    """'holds in 96 % of plausible settings' ('' without a share)."""
    if share is None:
        return ""
    return T(f"在 {100 * share:.0f}% 的合理参数设定下成立", f"holds in {100 * share:.0f}% of plausible settings", lang)


def robust_entry(robust: dict | None, day: str, name: str) -> dict | None:
    if not robust:
        return None
    return robust.get("days", {}).get(day, {}).get("kpis", {}).get(name)


def _kpi(name: str, kpi_info) -> tuple[str, str, str]:
    info = (kpi_info or {}).get(name)
    return (name, name, "") if info is None else (info[1], info[0], info[2])


def _holds_colour(share: float | None) -> str:
    if share is None:
        return "white"
    return "#d4f0d4" if share >= 0.9 else "#fbf3d5" if share >= 0.6 else "#f8d4d2"


# --- the table page ---------------------------------------------------------------------------------------------
def table_rows(res: dict, lang: str, kpi_info=None, doc=None, verdicts: dict | None = None):
    """Rows day | KPI | verdict | holds in | B−A 5-95 % | median | clear drivers, and their colours.
    ``verdicts``: {(day, KPI): verdict} of the report's comparison (default: the robustness run's own)."""
    rows, colours = [], []
    days = list(res["days"])
    for day in days:
        for name in res.get("headline_kpis", []):
            e = res["days"][day]["kpis"].get(name)
            if e is None:
                continue
            zh, en, unit = _kpi(name, kpi_info)
            v = (verdicts or {}).get((day, name), e["verdict"])
            share = holds_share(e, v)
            drivers = "；".join if lang == "zh" else "; ".join
            rows.append(
                [
                    day_name(day, lang) if len(days) > 1 else "",
                    T(zh, en, lang),
                    verdict_word(v, "zh" if lang == "zh" else "en"),
                    "-" if share is None else f"{100 * share:.0f}%",
                    f"{fmt_value(e['diff_p05'], unit, sign=True)} … {fmt_value(e['diff_p95'], unit, sign=True)}",
                    fmt_value(e["diff_p50"], unit, sign=True),
                    drivers(param_label(d["param"], doc, lang) for d in clear_drivers(e)) or T("无", "none", lang),
                ]
            )
            colours.append(["white", "white", VERDICT_COLOURS.get(v, "white"), _holds_colour(share)] + ["white"] * 3)
    return rows, colours


def robustness_table(res: dict, lang: str, kpi_info=None, doc=None, verdicts=None):
    """(header, rows, colours) of the robustness table, without the day column for a single day."""
    header = robustness_header(lang)
    rows, colours = table_rows(res, lang, kpi_info, doc, verdicts)
    if len(res["days"]) == 1:
        return header[1:], [r[1:] for r in rows], [c[1:] for c in colours]
    return header, rows, colours


def robustness_header(lang: str) -> list[str]:
    """The columns of the robustness table (``table_rows``)."""
    return [
        T("日", "day", lang),
        T("核心指标", "headline KPI", lang),
        T("结论", "verdict", lang),
        T("成立比例", "holds in", lang),
        T("差值范围 B−A\n（5%–95%）", "B−A over settings\n(5%-95%)", lang),
        T("中位数", "median", lang),
        T("主要影响因素", "clear drivers", lang),
    ]


def summary_words(res: dict, lang: str) -> str:
    n, valid, reps = res["samples"], res["valid_samples"], res["reps"]
    k = len(res["inputs"])
    design = T("拉丁超立方", "Latin hypercube", lang) if res["design"] == "latin-hypercube" else "Sobol'"
    skipped = n - valid
    s = T(
        f"情景中 {k} 个不确定参数在各自合理范围内取值（{design}抽样，{n} 组，种子 {res['seed']}）；"
        f"每组参数下两方案在同一批客户上各重复 {reps} 次并作配对比较，结论规则与主报告相同。",
        f"{k} uncertain inputs of the scenario were drawn over their plausible ranges ({design}, {n} settings, "
        f"seed {res['seed']}); in each setting both layouts ran {reps} replications on the same customers and were "
        "compared as in the rest of this report.",
        lang,
    )
    if skipped:
        s += T(
            f" {skipped} 组参数不合法（见命令行输出），未计入。",
            f" {skipped} drawn settings were invalid (see the command's output) and are left out.",
            lang,
        )
    if res.get("sensitivity") == "spearman":
        s += T(
            f" {valid} 组参数少于区分 {k} 个参数影响所需（至少 {k + 6} 组），影响因素仅作参考；请增加参数组数。",
            f" {valid} settings are too few to tell {k} inputs' effects apart (at least {k + 6} are needed): "
            "the drivers are indicative only; draw more settings.",
            lang,
        )
    return s


def _measure_words(res: dict, lang: str) -> str:
    if res.get("sensitivity") == "spearman":
        return T("斯皮尔曼秩相关", "Spearman rank correlation", lang)
    return T("偏秩相关系数 PRCC", "partial rank correlation (PRCC)", lang)


def figure_robustness_table(res: dict, lang: str, kpi_info=None, doc=None, verdicts=None) -> Figure:
    fig = page(
        T("这些结论有多稳健？", "How robust are these findings?", lang),
        T(
            "结论成立比例：在多少比例的合理参数设定下得出与主报告相同的结论（绿 ≥ 90%，黄 60–90%，红 < 60%）；"
            f"差值范围为各组参数下配对差均值的第 5 至第 95 百分位；主要影响因素为与差值的{_measure_words(res, 'zh')}"
            f"显著的参数（Benjamini–Hochberg q ≤ {CLEAR_Q:g}），按影响强度排序。各参数的范围及理由见情景文件的 notes。",
            "holds in: the share of plausible settings in which the verdict of this report comes out (green 90% or "
            "more, yellow 60-90%, red below 60%); B−A range: 5th to 95th percentile over the settings of the mean "
            f"paired difference; drivers: inputs with a clear {_measure_words(res, 'en')} with the difference "
            f"(Benjamini-Hochberg q ≤ {CLEAR_Q:g}), strongest first. Each range and its reason is in the scenario's "
            "notes.",
            lang,
        ),
    )
    fig.set_layout_engine(None)
    tax = fig.add_axes((0.02, 0.1, 0.96, 0.72))
    txt = fig.add_axes((0.02, 0.83, 0.96, 0.07))
    txt.axis("off")
    for i, line in enumerate(wrap(summary_words(res, lang), 11.0, 10)):
        txt.text(0, 0.9 - i * 0.38, line, fontsize=10, va="top", transform=txt.transAxes, color="#333333")
    header, rows, colours = robustness_table(res, lang, kpi_info, doc, verdicts)
    if not rows:
        tax.axis("off")
        return fig
    widths = [0.05, 0.19, 0.13, 0.07, 0.14, 0.07, 0.35]
    if len(header) < len(widths):  # one day: no day column
        widths = widths[1:]
        widths[-1] += 0.05
    wrapped = [r[:-1] + ["\n".join(wrap(r[-1], 3.6, 7.5))] for r in rows]
    t = table(
        tax, wrapped, header, widths, colours=colours, fontsize=7.5, scale=1.6 if len(rows) <= 8 else 1.25,
        left_cols=(len(header) - 6, len(header) - 1),
    )  # fmt: skip
    _tall_rows(t, 0.4)
    verdict_col = len(header) - 5
    for (r, c), cell in t.get_celld().items():
        if r > 0 and c in (verdict_col, verdict_col + 1):
            cell.set_text_props(ha="center")
    return fig


def _tall_rows(t, base: float) -> None:
    """Every cell of a body row as tall as the row's most wrapped cell (base + (1 - base) per line)."""
    cells = t.get_celld()
    lines: dict[int, int] = {}
    for (r, _c), cell in cells.items():
        lines[r] = max(lines.get(r, 1), cell.get_text().get_text().count("\n") + 1)
    for (r, _c), cell in cells.items():
        if r > 0 and lines[r] > 1:
            cell.set_height(cell.get_height() * (base + (1 - base) * lines[r]))


# --- the tornado charts -------------------------------------------------------------------------------------------
UP, DOWN, UNCLEAR = "#1f5fa8", "#d9822b", "#bbbbbb"


def tornado(ax, entry: dict, name: str, lang: str, kpi_info=None, doc=None, n: int = 3) -> None:
    """The ``n`` strongest drivers of one KPI's difference as horizontal bars (see the module docstring)."""
    zh, en, unit = _kpi(name, kpi_info)
    ax.set_title("\n".join(wrap(T(zh, en, lang), 2.4, 9)), fontsize=9, loc="left")
    top = [d for d in entry.get("drivers", []) if d["index"] and d["low"] is not None and d["high"] is not None][:n]
    if not top:
        ax.axis("off")
        ax.text(0.5, 0.5, T("没有参数影响此差值", "no input moves this difference", lang), ha="center", va="center",
                transform=ax.transAxes, fontsize=8, color="#777777")  # fmt: skip
        return
    clear = {d["param"] for d in clear_drivers(entry, len(entry["drivers"]))}
    scale = 100.0 if unit == "share" else 1.0
    for i, d in enumerate(reversed(top)):
        lo, hi = d["low"] * scale, d["high"] * scale
        colour = (UP if d["high"] > d["low"] else DOWN) if d["param"] in clear else UNCLEAR
        ax.barh(i, hi - lo, left=lo, height=0.55, color=colour)
        ax.text(max(lo, hi), i, f" {d['index']:+.2f}", va="center", fontsize=7, color="#333333")
    labels = [param_label(d["param"], doc, lang) for d in reversed(top)]
    ax.set_yticks(range(len(top)), ["\n".join(wrap(s, 1.5, 7)) for s in labels], fontsize=7)
    _reference_lines(ax, top, entry, scale)
    uz, ue = UNITS.get(unit, ("", ""))
    u = T(uz, ue, lang)
    ax.set_xlabel(T(f"差值 B−A（{u}）", f"B−A ({u})", lang) if u else "B−A", fontsize=7)
    ax.tick_params(axis="x", labelsize=7)


def _reference_lines(ax, top: list[dict], entry: dict, scale: float) -> None:
    """The x range of the bars (and the median), with 0 and ±δ drawn when they are near enough to
    read against the bars (a difference of +65 points would otherwise shrink to a sliver)."""
    ends = [d[k] * scale for d in top for k in ("low", "high")]
    mid = entry.get("diff_p50")
    if mid is not None:
        ends.append(mid * scale)
    lo, hi = min(ends), max(ends)
    span = max(hi - lo, 1e-9)
    delta = (entry.get("min_effect") or 0.0) * scale
    marks = [(0.0, "#333333", "-")] + ([(-delta, "#888888", "--"), (delta, "#888888", "--")] if delta else [])
    for x, colour, style in marks:
        if lo - 1.5 * span <= x <= hi + 1.5 * span:
            ax.axvline(x, color=colour, lw=0.6, ls=style)
            lo, hi = min(lo, x), max(hi, x)
    if mid is not None:
        ax.axvline(mid * scale, color=UP, lw=0.6, ls=":")
    pad = 0.3 * max(hi - lo, 1e-9)
    ax.set_xlim(lo - 0.1 * pad, hi + pad)


def figure_tornados(res: dict, day: str, lang: str, kpi_info=None, doc=None) -> Figure:
    names = [n for n in res.get("headline_kpis", []) if n in res["days"][day]["kpis"]]
    fig = page(
        T(f"差值的主要影响因素（{day_name(day, 'zh')}）", f"What drives the differences, {day_name(day, 'en')}", lang),
        T(
            "每根横条：该参数取其范围最低三分之一时与最高三分之一时，差值 B−A 在各组参数下的平均值；"
            f"蓝：参数越大差值越大，橙：参数越大差值越小，灰：影响不显著；条末数字为{_measure_words(res, 'zh')}；"
            "虚线为决定结论的最小有意义差异 ±δ，点线为差值中位数。",
            "each bar runs from the mean difference B−A over the settings in which the input lies in the lowest "
            "third of its range to the mean when it lies in the highest third; blue: the difference grows with the "
            f"input, orange: it shrinks, grey: not a clear driver; the number is the {_measure_words(res, 'en')}. "
            "Dashed: the minimum effect ±δ that decides a verdict; dotted: the median difference.",
            lang,
        ),
    )
    cols = 4 if len(names) > 6 else 3
    rows = max(1, math.ceil(len(names) / cols))
    axes = fig.subplots(rows, cols, squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i < len(names):
            tornado(ax, res["days"][day]["kpis"][names[i]], names[i], lang, kpi_info, doc)
        else:
            ax.axis("off")
    return fig


RANGES_TITLE = ("附录：不确定参数的合理范围", "Appendix: the plausible ranges of the uncertain inputs")
RANGES_NOTE = (
    "稳健性分析在这些范围内抽取参数（默认三角分布，众数为情景取值；拟合值在其置信区间内）；"
    "理由为情景文件 notes 的原文。",
    "The robustness analysis draws the inputs over these ranges (triangular unless told otherwise, its mode at "
    "the scenario's value; fitted values within their confidence interval); reasons as written in the "
    "scenario's notes.",
)
RANGES_HEADER = (("参数", "input"), ("范围", "range"), ("情景取值", "value"), ("理由", "reason"))


def range_rows(res: dict, lang: str, doc=None) -> list[list[str]]:
    """input | range | scenario value | reason (the scenario's note 'ranges.PATH') of every input."""
    from lobbysim.experiments.labels import fmt_number

    notes = (doc or {}).get("notes") if isinstance((doc or {}).get("notes"), dict) else {}
    rows = []
    for i in res["inputs"]:
        how = T("拟合置信区间", "fit's 95% CI", lang) if i.get("fitted") else ""
        rows.append(
            [
                param_label(i["param"], doc, lang),
                f"{fmt_number(i['lo'])} – {fmt_number(i['hi'])}" + (f" ({how})" if how else ""),
                fmt_number(i["base"]),
                str((notes or {}).get("ranges." + i["param"], "")),
            ]
        )
    return rows


def figure_ranges(res: dict, lang: str, doc=None, per_page: int = 26) -> list[Figure]:
    """The inputs' plausible ranges and their reasons, as table pages."""
    rows = range_rows(res, lang, doc)
    title = T(*RANGES_TITLE, lang)
    note = T(*RANGES_NOTE, lang)
    header = [T(*h, lang) for h in RANGES_HEADER]
    figs = []
    for k in range(0, max(1, len(rows)), per_page):
        chunk = [
            ["\n".join(wrap(r[0], 3.1, 7)), r[1], r[2], "\n".join(wrap(r[3], 5.9, 7))] for r in rows[k : k + per_page]
        ]
        fig = page(title if k == 0 else f"{title} ({k // per_page + 1})", note)
        t = table(fig.subplots(), chunk or [["-"] * 4], header, [0.3, 0.1, 0.06, 0.54], fontsize=7, scale=1.0,
                  left_cols=(0, 3))  # fmt: skip
        _tall_rows(t, 0.5)
        figs.append(fig)
    return figs


def robustness_pages(res: dict, lang: str, kpi_info=None, doc=None, verdicts=None) -> list[tuple[str, Figure]]:
    """(file stem, Figure) of the robustness pages: the table, one page of tornado charts per day,
    and the inputs' ranges with their reasons."""
    pages = [("robustness", figure_robustness_table(res, lang, kpi_info, doc, verdicts))]
    for day in res["days"]:
        pages.append((f"{day}_robustness_drivers", figure_tornados(res, day, lang, kpi_info, doc)))
    for i, fig in enumerate(figure_ranges(res, lang, doc)):
        pages.append((f"robustness_ranges{i + 1}" if i else "robustness_ranges", fig))
    return pages


def standalone_figure(res: dict, day: str, name: str, lang: str, kpi_info=None, doc=None) -> Figure:
    """One KPI's tornado chart on its own (for the editor and exports)."""
    fig = new_figure(6.0, 3.2)
    tornado(fig.subplots(), res["days"][day]["kpis"][name], name, lang, kpi_info, doc)
    return fig


__all__ = [
    "PARAM_WORDS",
    "figure_robustness_table",
    "figure_ranges",
    "figure_tornados",
    "holds_share",
    "holds_words",
    "param_label",
    "range_rows",
    "robust_entry",
    "robustness_header",
    "robustness_pages",
    "robustness_table",
    "summary_words",
    "standalone_figure",
    "table_rows",
    "tornado",
]
