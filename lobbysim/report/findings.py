"""The findings in plain sentences, and the findings page.

Every sentence reads the comparison (``lobbysim.experiments.comparison.compare``): its means,
intervals and verdicts, nothing computed again. The findings are the pre-declared headline
KPIs (``cmp["headline_kpis"]``) whose verdict is better, worse or changed; every other KPI with
such a verdict is exploratory and carries its Benjamini–Hochberg q-value, since with forty KPIs
over several days some will pass by chance.
"""

from __future__ import annotations

import dataclasses

from .labels import UNITS, T, day_name, fmt_value
from .page import text_page

GROUPS = ("better", "worse", "changed")


def relative_change(a, b) -> float:
    """|B − A| relative to the larger of |A| and |B| (0 .. 2; 1 when one side is zero)."""
    if a is None or b is None:
        return 0.0
    den = max(abs(a), abs(b))
    return abs(b - a) / den if den > 1e-12 else 0.0


def cannot_judge_words(cmp: dict, lang: str) -> str:
    """'Cannot judge: 1 replication …' when the comparison has too few replications, else ''."""
    n, need = int(cmp.get("reps", 0)), int(cmp.get("min_reps", 2))
    if n >= need:
        return ""
    return T(
        f"无法判断：每个方案每天仅 {n} 次重复，无法区分方案差异与随机波动；至少需要 {need} 次（--reps）。",
        f"Cannot judge: {n} replication per variant and day cannot tell a difference between the layouts "
        f"from chance; at least {need} are needed (--reps).",
        lang,
    )


# --- words ----------------------------------------------------------------------------------------------------
def _diff_words(d, lo, hi, unit, lang):
    """'+67.2 points, 95% CI +66.4 to +68.2' in the chosen language."""
    if unit == "share":
        fd, flo, fhi = (f"{100 * v:+.1f}" for v in (d, lo, hi))
        return T(f"{fd} 个百分点，95% 置信区间 {flo} 至 {fhi}", f"{fd} points, 95% CI {flo} to {fhi}", lang)
    uz, ue = UNITS.get(unit, ("", ""))
    fd, flo, fhi = (fmt_value(v, unit, sign=True) for v in (d, lo, hi))
    return T(
        f"{fd}{(' ' + uz) if uz else ''}，95% 置信区间 {flo} 至 {fhi}",
        f"{fd}{(' ' + ue) if ue else ''}, 95% CI {flo} to {fhi}",
        lang,
    )


def value_words(v, unit, lang):
    """A KPI value with its unit word, as the findings and the title page print it."""
    s = fmt_value(v, unit)
    if unit == "share":
        return s
    uz, ue = UNITS.get(unit, ("", ""))
    u = ue if lang in ("en", "both") else uz
    return f"{s} {u}".rstrip() if u else s


# --- ranking --------------------------------------------------------------------------------------------------
def ranked_findings(cmp: dict, kpi_info=None, headline: bool | None = True) -> dict[str, list]:
    """group ('better', 'worse', 'changed') -> [(kpi name, [(day, comparison entry)])], the
    largest relative change first; a KPI is in the group of its strongest verdict over the days.
    ``headline``: True for the headline KPIs only, False for the exploratory ones, None for all."""
    heads = set(cmp.get("headline_kpis", ()))
    per_kpi: dict[str, list] = {}
    for day, d in cmp["days"].items():
        for name, k in d["kpis"].items():
            if headline is not None and (name in heads) != headline:
                continue
            v = k["verdict"]
            if v not in GROUPS or k["diff"]["mean"] is None or k["diff"]["ci95"][0] is None:
                continue
            per_kpi.setdefault(name, []).append((day, k, v))
    out: dict[str, list] = {g: [] for g in GROUPS}
    for name, items in per_kpi.items():
        group = min((v for _, _, v in items), key=GROUPS.index)
        rel = max(relative_change(k["a"]["mean"], k["b"]["mean"]) for _, k, _ in items)
        out[group].append((rel, name, [(day, k) for day, k, _ in items]))
    return {g: [(name, items) for _, name, items in sorted(v, key=lambda x: (-x[0], x[1]))] for g, v in out.items()}


def finding_sentence(name: str, items, lang: str, kpi_info=None, q: bool = False, robust: dict | None = None) -> str:
    """'Operations VP's time on the floor: on Monday it rises from 3.1% to 70.3% (+67.2 points,
    95% CI ...).' With ``q``, each day's Benjamini–Hochberg q-value is added; with a robustness
    result (``robust``), the share of plausible settings in which the day's verdict comes out."""
    info = (kpi_info or {}).get(name, (name, name, "", None))
    label = T(info[1], info[0], lang)
    unit = info[2]
    parts = []
    for day, k in items:
        a, b, dmean = k["a"]["mean"], k["b"]["mean"], k["diff"]["mean"]
        lo, hi = k["diff"]["ci95"]
        words = _diff_words(dmean, lo, hi, unit, lang)
        if q and k.get("q") is not None:
            words += f", q = {k['q']:.2g}" if lang != "zh" else f"，q = {k['q']:.2g}"
        held = _held(robust, day, name, k["verdict"], lang)
        if held:
            words += f"; {held}" if lang != "zh" else f"；{held}"
        if lang == "zh":
            verb = "升至" if dmean > 0 else "降至"
            parts.append(
                f"{day_name(day, lang)}由 {value_words(a, unit, lang)}{verb} {value_words(b, unit, lang)}（{words}）"
            )
        else:
            verb = "rises" if dmean > 0 else "falls"
            parts.append(
                f"on {day_name(day, lang)} it {verb} from {value_words(a, unit, lang)} to "
                f"{value_words(b, unit, lang)} ({words})"
            )
    if lang == "zh":
        return f"{label}：" + "；".join(parts) + "。"
    return f"{label}: " + "; ".join(parts) + "."


def _trim(ranked: dict, limit: int) -> list:
    """better, worse, changed within ``limit``; deteriorations are never left out for lack of room."""
    worse = ranked["worse"]
    better = ranked["better"][: max(3, limit - len(worse) - min(2, len(ranked["changed"])))]
    changed = ranked["changed"][: max(0, limit - len(worse) - len(better))]
    return [("better", better), ("worse", worse), ("changed", changed)]


def _held(robust: dict | None, day: str, name: str, verdict: str, lang: str) -> str:
    """'holds in 96% of plausible settings' from a robustness result ('' without one)."""
    from .robustness import holds_share, holds_words, robust_entry

    return holds_words(holds_share(robust_entry(robust, day, name), verdict), lang)


def findings(cmp: dict, lang: str = "en", kpi_info=None, limit: int = 10, robust: dict | None = None) -> list[str]:
    """The findings as plain sentences, one per KPI (its days together): the headline KPIs that
    got better, worse or changed (with a robustness result, in what share of plausible settings
    each verdict holds); then the exploratory ones with their q-values. With too few
    replications, the one sentence saying so."""
    no = cannot_judge_words(cmp, lang)
    if no:
        return [no]
    out = []
    for _, items in _trim(ranked_findings(cmp, kpi_info, True), limit):
        out += [finding_sentence(n, its, lang, kpi_info, robust=robust) for n, its in items]
    for _, items in _trim(ranked_findings(cmp, kpi_info, False), limit):
        out += [finding_sentence(n, its, lang, kpi_info, q=True) for n, its in items]
    return out


def headline_by_verdict(cmp: dict, lang: str, kpi_info, verdict: str) -> list[str]:
    """Labels of the headline KPIs whose verdict is ``verdict`` on every day."""
    out = []
    for name in cmp.get("headline_kpis", ()):
        info = (kpi_info or {}).get(name)
        ks = [d["kpis"][name] for d in cmp["days"].values() if name in d["kpis"]]
        if info and ks and all(k["verdict"] == verdict for k in ks):
            out.append(T(info[1], info[0], lang))
    return out


def unchanged(cmp: dict, lang: str, kpi_info=None) -> str:
    """One sentence naming the headline KPIs with no meaningful change on any day."""
    same = headline_by_verdict(cmp, lang, kpi_info, "same")
    if not same:
        return ""
    return T(
        "无实质变化（差值区间在最小有意义差异之内）：" + "、".join(same) + "。",
        "No meaningful change (the interval lies within the minimum effect) in: "
        + ", ".join(s[0].lower() + s[1:] for s in same)
        + ".",
        lang,
    )


# --- the page -------------------------------------------------------------------------------------------------
NOTE = (
    "结论以同一批客户下两方案配对差的 95% 置信区间（偏度校正 t 区间）与各指标的最小有意义差异比较："
    "区间整体超出该差异为改善/变差，整体落在其内为无实质变化，跨越其边界为尚无定论。"
    "主要发现只列事先确定的核心指标；其他指标为探索性结果，附 Benjamini–Hochberg q 值（对本报告全部指标×日期校正），"
    "q 值大者可能只是偶然。模拟结果取决于情景参数，应作为方案比较的依据，而非对实际客流的预测。",
    "Verdicts compare the 95% confidence interval of the paired difference on the same customers "
    "(skewness-corrected t) with each KPI's minimum effect: beyond it on one side is better or worse, "
    "inside it is no meaningful change, across its edge is inconclusive. The findings are the "
    "pre-declared headline KPIs; every other KPI is exploratory and carries its Benjamini-Hochberg "
    "q-value over all KPIs and days of this report: a large q may be chance. Results depend on the "
    "scenario's parameters: use them to compare layouts, not as a forecast of real traffic.",
)


def findings_groups(
    cmp: dict, lang: str, kpi_info=None, limit: int = 10, robust: dict | None = None
) -> list[tuple[str, list[str]]]:
    """(heading, numbered sentences) of the findings page."""
    no = cannot_judge_words(cmp, lang)
    if no:
        return [("", [no])]
    a, b = cmp["a"]["label"], cmp["b"]["label"]
    heads = {
        "better": T(f"改善（{b}相对{a}）", f"Better ({b} against {a})", lang),
        "worse": T(f"变差（{b}相对{a}）", f"Worse ({b} against {a})", lang),
        "changed": T("其他实质变化（无好坏方向）", "Other meaningful changes (no better direction)", lang),
    }
    groups: list[tuple[str, list[str]]] = []
    i = 1
    for g, items in _trim(ranked_findings(cmp, kpi_info, True), limit):
        if items:
            groups.append(
                (
                    heads[g],
                    [
                        f"{i + j}. " + finding_sentence(n, its, lang, kpi_info, robust=robust)
                        for j, (n, its) in enumerate(items)
                    ],
                )
            )
            i += len(items)
    if not groups:
        groups.append(("", [T("核心指标均无实质变化。", "No headline KPI changed meaningfully.", lang)]))
    rest = [its for _, its in _trim(ranked_findings(cmp, kpi_info, False), limit // 2)]
    explore = [finding_sentence(n, its, lang, kpi_info, q=True) for items in rest for n, its in items]
    same = unchanged(cmp, lang, kpi_info)
    open_ = headline_by_verdict(cmp, lang, kpi_info, "inconclusive")
    if same:
        groups.append((T("核心指标：无实质变化", "Headline KPIs: no meaningful change", lang), [same]))
    if open_:
        groups.append(
            (
                T("核心指标：尚无定论", "Headline KPIs: inconclusive", lang),
                [("、" if lang == "zh" else ", ").join(open_)],
            )
        )
    if explore:
        groups.append((T("探索性结果（附 q 值）", "Exploratory (with q-values)", lang), explore))
    return groups


def findings_page(cmp, lang, kpi_info=None, limit: int = 10, robust: dict | None = None):
    return text_page(
        T("主要发现", "Findings", lang), findings_groups(cmp, lang, kpi_info, limit, robust), lang, T(*NOTE, lang)
    )


__all__ = [
    "GROUPS",
    "cannot_judge_words",
    "finding_sentence",
    "findings",
    "findings_groups",
    "findings_page",
    "glossary_pages",
    "ranked_findings",
    "relative_change",
    "unchanged",
    "value_words",
]


# --- the glossary ---------------------------------------------------------------------------------------------
def glossary_pages(lang: str, min_effects=None, per_page: int = 13) -> list:
    """The KPI glossary as text pages: label (unit; better direction; minimum effect), definition,
    what produces it (text from ``lobbysim.experiments.glossary``)."""
    from lobbysim.experiments.glossary import entries

    items = entries("zh" if lang == "zh" else "en", min_effects)
    if lang == "both":  # the Chinese label before the English text
        items = [
            dataclasses.replace(e, label=f"{z.label} {e.label}") for e, z in zip(items, entries("zh", min_effects))
        ]
    lines = [
        T(
            f"{e.label}（{e.unit}；{e.better}；最小有意义差异 {e.min_effect}）："
            f"{e.definition}由何产生：{e.produced_by}",
            f"{e.label} ({e.unit}; {e.better}; minimum effect {e.min_effect}): {e.definition} "
            f"Produced by: {e.produced_by}",
            "zh" if lang == "zh" else "en",
        )
        for e in items
    ]
    title = T("指标说明", "KPI glossary", lang)
    note = T(
        "每个指标为一个模拟日（一次重复）的值；表中为各次重复的平均及 95% 置信区间。"
        "最小有意义差异：小于它的差异不作为结论。",
        "Each KPI is the value of one simulated day (one replication); tables give the mean over the replications "
        "with its 95% confidence interval. Minimum effect: a smaller difference is not reported as a change.",
        lang,
    )
    chunks = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    return [text_page(title if i == 0 else f"{title} ({i + 1})", [("", c)], lang, note) for i, c in enumerate(chunks)]
