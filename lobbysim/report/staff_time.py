"""How staff spend their time: stacked bars by activity per role, before and after."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .labels import ACTIVITY_COLOURS, ACTIVITY_LABELS, ROLE_LABELS, T2, T
from .measures import staff_headcount, staff_time_use
from .page import legend_or_note, page


def figure_staff_time(records, titles, lang="en") -> Figure:
    """Stacked bars of staff time by activity, hours per person per day, per role, before vs after."""
    fig = page(
        T("员工时间分配", "How staff spend their time", lang),
        T(
            "每个岗位人均每日小时数，按工作内容分段；每组左柱为改造前、右柱为改造后",
            "hours per person per day by activity, for each role; in each pair the left bar is "
            + titles[0]
            + ", the right "
            + (titles[1] if len(titles) > 1 else ""),
            lang,
        ),
    )
    uses = [staff_time_use(r) for r in records]
    heads = [staff_headcount(r) for r in records]
    roles = sorted(
        {role for u in uses for role in u}, key=lambda r: list(ROLE_LABELS).index(r) if r in ROLE_LABELS else 99
    )
    acts = [a for a in ACTIVITY_LABELS if any(a in u.get(role, {}) for u in uses for role in roles)]
    ax = fig.subplots()
    k = len(uses)
    width = 0.8 / max(1, k)
    x = np.arange(len(roles))
    short = [t.split(" ·")[0] for t in titles]
    if lang == "both":
        short = [t.replace(" ", "\n", 1) for t in short]
    for j, (u, hd) in enumerate(zip(uses, heads)):
        bottom = np.zeros(len(roles))
        pos = x + (j - (k - 1) / 2) * width
        for a in acts:
            vals = np.array([u.get(role, {}).get(a, 0.0) / max(1, hd.get(role, 1)) for role in roles])
            ax.bar(
                pos,
                vals,
                width * 0.92,
                bottom=bottom,
                color=ACTIVITY_COLOURS.get(a, "#999999"),
                edgecolor="white",
                linewidth=0.4,
                label=T(*ACTIVITY_LABELS[a], lang) if j == 0 else None,
            )
            for xi, v, b0 in zip(pos, vals, bottom):
                if v >= 0.6 and a not in ("idle",):
                    ax.text(xi, b0 + v / 2, f"{v:.1f}", ha="center", va="center", fontsize=6.5, color="white")
            bottom += vals
        for xi in pos:
            ax.text(
                xi,
                -0.012,
                short[j],
                ha="center",
                va="top",
                fontsize=7,
                color="#444444",
                transform=ax.get_xaxis_transform(),
            )
    labels = []
    for r in roles:
        n = max(h.get(r, 0) for h in heads)
        labels.append(T2(*ROLE_LABELS.get(r, (r, r)), lang) + (f" ×{n}" if n > 1 else ""))
    ax.set_xticks(x, labels, fontsize=9)
    ax.tick_params(axis="x", pad=34 if lang == "both" else 22, length=0)
    ax.set_ylabel(T("小时/人/天", "hours per person per day", lang))
    ax.set_ylim(-0.05, None)
    ax.grid(alpha=0.25, axis="y")
    legend_or_note(
        ax,
        T("记录中没有员工活动", "no staff activity in the records", lang),
        fontsize=8,
        ncol=1,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
    )
    for s in ("top", "right"):
        ax.spines[s].set_visible(False)
    return fig
