"""The KPI table page: every KPI of B against A with its paired difference, interval and verdict."""

from __future__ import annotations

from matplotlib.figure import Figure

from .labels import UNITS, VERDICT_COLOURS, T, day_name, fmt_value
from .page import page, table


# --- the KPI table ----------------------------------------------------------------------------------------------
def kpi_rows(cmp: dict, day: str, lang="en", kpi_info=None):
    """Rows KPI | unit | A | B | B−A | 95% CI | verdict and the verdict of each row."""
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
        verdict = {
            "better": T("显著改善", "better", lang),
            "worse": T("显著变差", "worse", lang),
            "changed": T("显著变化", "changed", lang),
            "same": T("无实质变化", "no meaningful change", lang),
            "inconclusive": T("尚无定论", "inconclusive", lang),
            "n/a": T("无法判断", "cannot judge", lang),
        }[v]
        rows.append(
            [
                label,
                T(uz, ue or unit, lang) if unit != "share" else "%",
                fmt_value(a, unit),
                fmt_value(b, unit),
                fmt_value(d, unit, sign=True),
                "-" if lo is None else f"[{fmt_value(lo, unit, sign=True)}, {fmt_value(hi, unit, sign=True)}]",
                verdict,
            ]
        )
        verdicts.append(v)
    return rows, verdicts


def figure_kpi_table(cmp: dict, day: str, lang="en", kpi_info=None) -> Figure:
    """KPI | unit | A | B | B−A | 95% CI of B−A | verdict, significant changes highlighted."""
    rows, verdicts = kpi_rows(cmp, day, lang, kpi_info)
    fig = page(
        T(f"关键指标对比（{day_name(day, 'zh')}）", f"Key figures, {day_name(day, 'en')}", lang),
        T(
            f"{cmp['reps']} 次重复的平均值；差值为同一批客户下的配对差，95% 置信区间（t 分布）；"
            "绿色=显著改善，红色=显著变差，蓝色=显著变化（无好坏方向）；两方案均为 0 的指标从略",
            f"means of {cmp['reps']} replications; differences paired on the same customers with 95% "
            "confidence intervals (Student t); green: significantly better, red: significantly worse, "
            "blue: significant change without a better direction; KPIs that are zero in both are left out",
            lang,
        ),
    )
    ax = fig.subplots()
    colours = [[VERDICT_COLOURS[v]] * 7 for v in verdicts]
    header = [
        T("指标", "KPI", lang),
        T("单位", "unit", lang),
        cmp["a"]["label"],
        cmp["b"]["label"],
        T("差值 B−A", "B−A", lang),
        T("差值 95% 置信区间", "95% CI of B−A", lang),
        T("结论", "verdict", lang),
    ]
    avail = 7.0  # inches of table height on the page
    scale = max(0.8, min(1.4, avail / max(1, len(rows) + 1) / 0.19))
    t = table(
        ax,
        rows or [["-"] * 7],
        header,
        [0.34, 0.07, 0.1, 0.1, 0.1, 0.17, 0.12],
        colours=colours or None,
        fontsize=7.5 if len(rows) > 30 else 8.5,
        scale=scale,
        left_cols=(0, 1),
    )
    for (r, c), cell in t.get_celld().items():
        if r > 0 and c == 6:
            cell.set_text_props(ha="center")
    return fig
