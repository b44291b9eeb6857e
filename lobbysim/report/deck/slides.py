"""The deck's slides, in order: one function per slide (or per family of slides), each reading the
report's computed result (``ReportData``) and drawing with the report's own figure functions.

``SLIDES`` is the order. A new slide is one more function ``(deck, ctx) -> None`` put into the
list where it belongs; a result it needs goes into ``Context``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import partial

from lobbysim.experiments.labels import UNITS, WEEK, T, day_name
from lobbysim.model.elements import Area, Fixture, SeatBlock

from .. import figures as F
from ..document import REPORT_TITLE, ReportData, title_lines
from ..findings import NOTE, cannot_judge_words, finding_sentence, findings_groups, ranked_findings
from ..kpi_table import headline_labels, kpi_header, kpi_note, kpi_rows, kpi_title
from ..plan import figure_plan, plan_extent
from .builder import BLUE, Deck, Line


@dataclass
class Context:
    """What every slide reads: the computed result and its words in the deck's language."""

    data: ReportData
    lang: str
    cmp: dict
    titles: list[str]
    kpi_info: dict
    #: the robustness result (``lobbysim deck --robustness N``), or None
    robust: dict | None = None

    @classmethod
    def of(cls, data: ReportData, lang: str) -> Context:
        from lobbysim.sim.kpis import KPI_INFO

        cmp = data.comparison(lang)
        return cls(data, lang, cmp, [cmp["a"]["label"], cmp["b"]["label"]], KPI_INFO, data.robustness)

    def t(self, zh: str, en: str) -> str:
        return T(zh, en, self.lang)

    def day_suffix(self, day: str) -> str:
        return " · " + day_name(day, self.lang)


def unit_word(unit: str, lang: str) -> str:
    """A KPI's unit as the KPI table writes it."""
    return "%" if unit == "share" else T(*UNITS.get(unit, (unit, unit)), lang) or unit


# --- the story in words ---------------------------------------------------------------------------------------
def _label(e, lang: str) -> str:
    name = e.label_for(lang) if (e.name_zh or e.name_en) else ""
    return name or T(e.kind_info.zh, e.kind_info.en, lang)


def layout_changes(a, b, lang: str, most: int = 4) -> str:
    """What differs between two layouts, from their elements (kept ids are the same element):
    fixtures and seat blocks moved (by how far), fixtures and kinds of area added or removed,
    lobby posts and seats counted."""
    sep = "、" if lang == "zh" else ", "
    moved = []
    for e in b.of_type(Fixture) + b.of_type(SeatBlock):
        old = a.get(e.id)
        if isinstance(old, type(e)):
            d = math.hypot(e.x - old.x, e.y - old.y)
            if d >= 0.5:
                moved.append((d, _label(e, lang)))
    moved.sort(key=lambda m: -m[0])
    parts = []
    if moved:
        words = [T(f"{n}（{d:.0f} 米）", f"{n} ({d:.0f} m)", lang) for d, n in moved[:most]]
        more = len(moved) - most
        tail = T(f"等 {len(moved)} 处", f" and {more} more", lang) if more > 0 else ""
        parts.append(T("移动", "moved ", lang) + sep.join(words) + tail)
    new = [_label(e, lang) for e in b.of_type(Fixture) if a.get(e.id) is None]
    gone = [_label(e, lang) for e in a.of_type(Fixture) if b.get(e.id) is None]
    kinds_a = {x.area_kind for x in a.of_type(Area)}
    kinds_b = {x.area_kind: x for x in b.of_type(Area)}
    new += [T(x.kind_info.zh, x.kind_info.en, lang) for k, x in kinds_b.items() if k not in kinds_a]
    gone += [T(x.kind_info.zh, x.kind_info.en, lang) for x in a.of_type(Area) if x.area_kind not in kinds_b]
    if len(b.posts()) > len(a.posts()):
        n = len(b.posts())
        new.append(T(f"厅堂{n}个岗位责任区", f"{n} lobby posts", lang))
    if new:
        parts.append(T("新增", "added ", lang) + sep.join(dict.fromkeys(new)))
    if gone:
        parts.append(T("取消", "removed ", lang) + sep.join(dict.fromkeys(gone)))
    sa, sb = len(a.seats()), len(b.seats())
    if sa != sb:
        parts.append(T(f"座位 {sa} → {sb} 个", f"seats {sa} → {sb}", lang))
    if not parts:
        return T(
            "两方案的平面布置相同（差别在情景设定中）。",
            "The two plans are the same (the difference is in the scenario).",
            lang,
        )
    return T("改造内容：", "What changed: ", lang) + ("；" if lang == "zh" else "; ").join(parts) + T("。", ".", lang)


def setting_sentence(data: ReportData, lang: str) -> str:
    """The branch, its demand, hours and staff, and the days simulated, in one sentence."""
    doc = data.scenario_doc
    arr = doc.get("arrivals") if isinstance(doc.get("arrivals"), dict) else {}
    hours = doc.get("hours") if isinstance(doc.get("hours"), dict) else {}
    staff = [s for s in doc.get("staff", []) if isinstance(s, dict)]
    sep = "、" if lang == "zh" else ", "
    days = sep.join(day_name(d, lang) for d in data.days)
    per_day = arr.get("per_day")
    demand = (
        T(f"繁忙工作日约 {per_day:.0f} 位客户，", f"about {per_day:.0f} customers on a busy weekday, ", lang)
        if isinstance(per_day, (int, float))
        else ""
    )
    o, c = hours.get("open", "?"), hours.get("close", "?")
    return T(
        f"{data.branch}：{demand}营业 {o}–{c}，员工 {len(staff)} 人；模拟日：{days}。",
        f"{data.branch}: {demand}open {o}-{c}, {len(staff)} staff; simulated days: {days}.",
        lang,
    )


def result_sentence(cmp: dict, lang: str, kpi_info: dict) -> str:
    """How the headline KPIs came out (counts by verdict) and the largest improvement."""
    no = cannot_judge_words(cmp, lang)
    if no:
        return no
    heads = cmp.get("headline_kpis", [])
    counts: dict[str, int] = {}
    for name in heads:
        vs = [d["kpis"][name]["verdict"] for d in cmp["days"].values() if name in d["kpis"]]
        if vs:
            v = next((x for x in ("worse", "better", "changed", "inconclusive", "same") if x in vs), vs[0])
            counts[v] = counts.get(v, 0) + 1
    words = {
        "better": ("改善", "better"),
        "worse": ("变差", "worse"),
        "changed": ("有变化", "changed"),
        "same": ("无实质变化", "no meaningful change"),
        "inconclusive": ("尚无定论", "inconclusive"),
    }
    sep = "、" if lang == "zh" else ", "
    tally = sep.join(T(f"{words[v][0]} {n} 项", f"{n} {words[v][1]}", lang) for v, n in counts.items() if v in words)
    out = T(f"{len(heads)} 项核心指标中：{tally}。", f"Of {len(heads)} headline KPIs: {tally}.", lang)
    best = ranked_findings(cmp, kpi_info, True)["better"]
    if best:
        name, items = best[0]
        out += T("最大改善：", " Largest improvement: ", lang) + finding_sentence(name, items, lang, kpi_info)
    return out


#: origin codes of the scenario's notes -> (Chinese, English)
ORIGINS = {
    "S": ("案例实录", "case record"),
    "P": ("公开资料", "public source"),
    "E": ("估计", "estimate"),
    "C": ("校准", "calibrated"),
    "F": ("排队记录拟合", "fitted to a queue log"),
    "K": ("沿用基础情景", "kept from the base scenario"),
}
_CODES = re.compile(r"(?:^|[;.]\s*)([SPEC](?:\s*(?:/|from)\s*[SPEC])*)\s*(?:\([^)]*\))?\s*:")


def note_origins(text: str) -> list[str]:
    """The origin codes of a scenario note: S (the case), P (public source), E (estimate),
    C (calibrated to the case's figures), F (fitted to a queue log), K (kept from the base)."""
    t = text.strip().lower()
    if t.startswith("fitted"):
        return ["F"]
    if t.startswith("kept from the base"):
        return ["K"]
    codes = [c for m in _CODES.finditer(text) for c in re.findall(r"[SPEC]", m.group(1))]
    return list(dict.fromkeys(codes))


# --- the slides -----------------------------------------------------------------------------------------------
def title_slide(deck: Deck, c: Context) -> None:
    lines = [c.data.branch] + title_lines(c.titles, c.data.days, c.cmp, c.lang)
    if "stopping" in c.cmp and c.cmp["stopping"].get("reason") != "fixed":
        s = c.cmp["stopping"]
        lines.append(
            c.t(
                f"按精度要求运行：共 {s['reps_used']} 次重复（{s['reason']}）",
                f"Run to a precision: {s['reps_used']} replications ({s['reason']})",
            )
        )
    deck.title_slide(T(*REPORT_TITLE, c.lang), lines)


def case_slide(deck: Deck, c: Context) -> None:
    la, lb = c.data.layouts
    bullets = [
        setting_sentence(c.data, c.lang),
        layout_changes(la, lb, c.lang),
        result_sentence(c.cmp, c.lang, c.kpi_info),
    ]
    deck.bullets(c.t("案例概要", "The case"), [Line(b, space_before=0.6 if i else 0) for i, b in enumerate(bullets)])


def plans_slide(deck: Deck, c: Context) -> None:
    ext = plan_extent(*c.data.layouts)
    la, lb = c.data.layouts
    deck.two_pictures(
        "",
        (
            lambda: figure_plan(la, c.titles[0], c.lang, ext),
            lambda: figure_plan(lb, c.titles[1], c.lang, ext),
        ),
    )


def day_slides(deck: Deck, c: Context) -> None:
    """Per day: flow chart, spaghetti diagram, heat maps, waits, staff time, then the KPI table."""
    from ..document import day_kpis

    layouts = c.data.layouts
    names = c.data.business_names(c.lang)
    for day, recs in c.data.records_by_day.items():
        tt = [f"{t} · {day_name(day, c.lang)}" for t in c.titles]
        kp = day_kpis(c.cmp, day)
        per_day = None if day == WEEK else kp
        sfx = c.day_suffix(day)
        figures = (
            partial(F.figure_customer_flow, layouts, recs, tt, c.lang, names, per_day),
            partial(F.figure_staff_spaghetti, layouts, recs, tt, c.lang, per_day),
            partial(F.figure_heatmaps, layouts, recs, tt, c.lang),
            partial(F.figure_waits, recs, tt, c.lang, kpis=kp),
            partial(F.figure_staff_time, recs, tt, c.lang),
        )
        for make in figures:
            deck.picture(sfx, make)
        kpi_table_slide(deck, c, day)


def kpi_table_slide(deck: Deck, c: Context, day: str) -> None:
    """The KPI table of one day as native tables (the report's rows): the headline KPIs, then the
    exploratory ones with their q-values; rows coloured by verdict."""
    rows, verdicts = kpi_rows(c.cmp, day, c.lang, c.kpi_info)
    heads = headline_labels(c.cmp, c.lang, c.kpi_info)
    title = kpi_title(day, c.lang)
    for part, keep in (
        (c.t("核心指标", "headline KPIs"), lambda r: r[0] in heads),
        (c.t("其他指标（探索性）", "other KPIs (exploratory)"), lambda r: r[0] not in heads),
    ):
        idx = [i for i, r in enumerate(rows) if keep(r)]
        if not idx:
            continue
        deck.table(
            f"{title}：{part}" if c.lang == "zh" else f"{title}: {part}",
            kpi_header(c.cmp, c.lang),
            [rows[i] for i in idx],
            fills=[F.VERDICT_COLOURS[verdicts[i]] for i in idx],
            bold_rows={j for j, i in enumerate(idx) if rows[i][0] in heads},
            caption=kpi_note(c.cmp, c.lang),
            align=["left", "left"] + ["right"] * 6 + ["center"],
        )


def findings_slide(deck: Deck, c: Context) -> None:
    """The findings as editable bullets, each with its number and interval (the report's sentences)."""
    lines: list[Line] = []
    for heading, items in findings_groups(c.cmp, c.lang, c.kpi_info, robust=c.robust):
        if heading:
            lines.append(Line(heading, bold=True, colour=BLUE, bullet=False, space_before=0.4 if lines else 0))
        lines += [Line(s, bullet=not re.match(r"\d+\. ", s), scale=0.9) for s in items]
    deck.bullets(c.t("主要发现", "Findings"), lines, caption=T(*NOTE, c.lang), start=20.0, smallest=12.0)


def robustness_slides(deck: Deck, c: Context) -> None:
    """With a robustness result: the report's "How robust are these findings?" table as a native
    table (rows coloured by the share in which the verdict holds), then per day its tornado charts."""
    if not c.robust:
        return
    from ..robustness import figure_tornados, robustness_table

    verdicts = {(d, n): k["verdict"] for d, v in c.cmp["days"].items() for n, k in v["kpis"].items()}
    header, rows, colours = robustness_table(c.robust, c.lang, c.kpi_info, c.data.scenario_doc, verdicts)
    align = ["left", "left", "center", "center", "right", "right", "left"][-len(header) :]
    deck.table(
        c.t("这些结论有多稳健？", "How robust are these findings?"),
        [h.replace("\n", " ") for h in header],
        rows,
        fills=[cols[-4] for cols in colours],
        align=align,
        caption=robustness_caption(c.robust, c.lang),
    )
    for day in c.robust["days"]:
        deck.picture("", partial(figure_tornados, c.robust, day, c.lang, c.kpi_info, c.data.scenario_doc))


def ranges_slides(deck: Deck, c: Context) -> None:
    """Appendix, with a robustness result: every uncertain input, its plausible range around the
    scenario's value and the reason given in the scenario's notes ('ranges.PATH')."""
    if not c.robust:
        return
    from ..robustness import RANGES_HEADER, RANGES_NOTE, RANGES_TITLE, range_rows

    deck.table(
        T(*RANGES_TITLE, c.lang),
        [T(*h, c.lang) for h in RANGES_HEADER],
        range_rows(c.robust, c.lang, c.data.scenario_doc),
        caption=T(*RANGES_NOTE, c.lang),
        align=["left", "right", "right", "left"],
        start=11.0,
        smallest=9.0,
    )


def robustness_caption(res: dict, lang: str) -> str:
    from ..robustness import summary_words

    return summary_words(res, lang)


def glossary_slides(deck: Deck, c: Context) -> None:
    """Appendix: what each KPI of the tables means (the report's glossary)."""
    from lobbysim.experiments.glossary import entries

    shown = {
        name
        for day in c.cmp["days"]
        for name, k in c.cmp["days"][day]["kpis"].items()
        if not all(v in (0, None) for v in (k["a"]["mean"], k["b"]["mean"], k["diff"]["mean"]))
    }
    effects = {n: k["min_effect"] for d in c.cmp["days"].values() for n, k in d["kpis"].items() if k.get("min_effect")}
    rows = [
        [
            e.label,
            unit_word(e.unit, c.lang),
            e.better,
            e.min_effect,
            e.definition + " " + c.t("由何产生：", "Produced by: ") + e.produced_by,
        ]
        for e in entries("zh" if c.lang == "zh" else "en", effects or None)
        if e.name in shown
    ]
    deck.table(
        c.t("附录：指标说明", "Appendix: KPI glossary"),
        [
            c.t("指标", "KPI"),
            c.t("单位", "unit"),
            c.t("方向", "better"),
            c.t("最小有意义差异", "min. effect"),
            c.t("定义", "definition"),
        ],
        rows,
        align=["left"] * 5,
        start=11.0,
        smallest=9.0,
    )


def assumptions_slides(deck: Deck, c: Context) -> None:
    """Appendix: the scenario in a few lines, then every value's source (case, public source,
    estimate, calibrated, fitted to a queue log) from the scenario's notes."""
    deck.bullets(c.t("附录：情景设定", "Appendix: the scenario"), [Line(s) for s in c.data.summary(c.lang)])
    notes = c.data.scenario_doc.get("notes") if isinstance(c.data.scenario_doc.get("notes"), dict) else {}
    sep = "、" if c.lang == "zh" else ", "
    rows = [
        [key, sep.join(T(*ORIGINS[o], c.lang) for o in note_origins(str(text))) or "-", str(text)]
        for key, text in notes.items()
        if not key.startswith("ranges.")  # the reasons of the plausible ranges: the robustness appendix
    ]
    if not rows:
        rows = [["-", "-", c.t("情景文件没有说明各参数的来源（notes）。", "The scenario has no notes on its sources.")]]
    legend = sep.join(f"{T(*w, c.lang)}" for w in ORIGINS.values())
    deck.table(
        c.t("附录：参数来源（实录、拟合与估计）", "Appendix: where the values come from (recorded, fitted, estimated)"),
        [c.t("参数", "parameter"), c.t("来源", "source"), c.t("说明", "note")],
        rows,
        caption=c.t(
            f"来源类别：{legend}。说明为情景文件 notes 的原文。",
            f"Sources: {legend}. Notes as written in the scenario.",
        ),
        align=["left"] * 3,
        start=11.0,
        smallest=9.0,
    )


SLIDES = (
    title_slide,
    case_slide,
    plans_slide,
    day_slides,
    findings_slide,
    robustness_slides,
    glossary_slides,
    assumptions_slides,
    ranges_slides,
)
