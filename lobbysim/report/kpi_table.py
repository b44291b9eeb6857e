"""The KPI table page: every KPI of B against A with its paired difference, interval and verdict."""

from __future__ import annotations

from matplotlib.figure import Figure

from lobbysim.experiments.labels import verdict_word

from .labels import UNITS, VERDICT_COLOURS, T, day_name, fmt_value
from .page import page, table


def _label(name: str, kpi_info) -> tuple[str, str]:
    info = (kpi_info or {}).get(name)
    return (name, name) if info is None else (info[1], info[0])


# --- the KPI table ----------------------------------------------------------------------------------------------
def kpi_rows(cmp: dict, day: str, lang="en", kpi_info=None):
    """Rows KPI | unit | A | B | B−A | 95% CI | minimum effect | q | verdict and the verdict of each
    row (q for the exploratory KPIs only: the headline ones are pre-declared)."""
    rows, verdicts = [], []
    for name, k in cmp["days"][day]["kpis"].items():
        info = (kpi_info or {}).get(name)
        label = name if info is None else T(info[1], info[0], lang)
        unit = info[2] if info else ""
        a, b, d = k["a"]["mean"], k["b"]["mean"], k["diff"]["mean"]
        lo, hi = k["diff"]["ci95"]
        v = k["verdict"]
        if a in (0, None) and b in (0, None) and d in (0, None):
            continue  # zero in both variants: says nothing
        uz, ue = UNITS.get(unit, (unit, unit))
        verdict = verdict_word(v, "zh" if lang == "zh" else "en")
        if v == "inconclusive" and k.get("reps_to_decide"):
            verdict += T(f"（约需 {k['reps_to_decide']} 次）", f" (~{k['reps_to_decide']} reps)", lang)
        delta = k.get("min_effect")
        q = k.get("q")
        rows.append(
            [
                label,
                T(uz, ue or unit, lang) if unit != "share" else "%",
                fmt_value(a, unit),
                fmt_value(b, unit),
                fmt_value(d, unit, sign=True),
                "-" if lo is None else f"[{fmt_value(lo, unit, sign=True)}, {fmt_value(hi, unit, sign=True)}]",
                "-" if delta is None else "±" + fmt_value(delta, unit),
                "" if k.get("headline") or q is None else f"{q:.2g}",
                verdict,
            ]
        )
        verdicts.append(v)
    return rows, verdicts


def kpi_title(day: str, lang: str) -> str:
    return T(f"关键指标对比（{day_name(day, 'zh')}）", f"Key figures, {day_name(day, 'en')}", lang)


def kpi_note(cmp: dict, lang: str) -> str:
    """How to read the KPI table."""
    return T(
        f"{cmp['reps']} 次重复的平均值；差值为同一批客户下的配对差及其 95% 置信区间（偏度校正 t）；"
        "区间整体超出最小有意义差异为改善（绿）/变差（红）/有变化（蓝，无好坏方向），整体在其内为无实质变化，"
        "跨越其边界为尚无定论（黄）；粗体为核心指标，其余附 q 值（Benjamini–Hochberg）；两方案均为 0 的指标从略",
        f"means of {cmp['reps']} replications; differences paired on the same customers with their 95% "
        "confidence intervals (skewness-corrected t); beyond the minimum effect: better (green), worse (red), "
        "changed (blue, no better direction); within it: no meaningful change; across its edge: inconclusive "
        "(yellow); headline KPIs in bold, the others with their Benjamini-Hochberg q; KPIs zero in both left out",
        lang,
    )


def kpi_header(cmp: dict, lang: str) -> list[str]:
    """The column titles of ``kpi_rows``."""
    return [
        T("指标", "KPI", lang),
        T("单位", "unit", lang),
        cmp["a"]["label"],
        cmp["b"]["label"],
        T("差值 B−A", "B−A", lang),
        T("差值 95% 置信区间", "95% CI of B−A", lang),
        T("最小有意义差异", "min. effect", lang),
        "q",
        T("结论", "verdict", lang),
    ]


def headline_labels(cmp: dict, lang: str, kpi_info=None) -> set[str]:
    """The KPI column's words of the headline KPIs (printed in bold)."""
    return {T(*_label(n, kpi_info), lang) for n in cmp.get("headline_kpis", ())}


def figure_kpi_table(cmp: dict, day: str, lang="en", kpi_info=None) -> Figure:
    """KPI | unit | A | B | B−A | 95% CI of B−A | verdict, significant changes highlighted."""
    rows, verdicts = kpi_rows(cmp, day, lang, kpi_info)
    fig = page(kpi_title(day, lang), kpi_note(cmp, lang))
    ax = fig.subplots()
    colours = [[VERDICT_COLOURS[v]] * 9 for v in verdicts]
    header = kpi_header(cmp, lang)
    avail = 7.0  # inches of table height on the page
    scale = max(0.8, min(1.4, avail / max(1, len(rows) + 1) / 0.19))
    t = table(
        ax,
        rows or [["-"] * 9],
        header,
        [0.27, 0.07, 0.08, 0.08, 0.08, 0.14, 0.08, 0.05, 0.15],
        colours=colours or None,
        fontsize=7.5 if len(rows) > 30 else 8.5,
        scale=scale,
        left_cols=(0, 1),
    )
    heads = headline_labels(cmp, lang, kpi_info)
    for (r, c), cell in t.get_celld().items():
        if r > 0 and c == 8:
            cell.set_text_props(ha="center")
        if r > 0 and c == 0 and cell.get_text().get_text() in heads:
            cell.set_text_props(weight="bold")
    return fig
