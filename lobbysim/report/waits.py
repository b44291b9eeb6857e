"""The waits page: distribution of waits, the share waiting longer than x, waits and queues by hour."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

from .labels import A_COLOUR, B_COLOUR, T, fmt_value
from .measures import by_hour, kpi_means, waits_of
from .page import legend_or_note, page


def figure_waits(records, titles, lang="en", target_min: float = 15.0, kpis=None) -> Figure:
    """Wait distribution before vs after (histogram and the share waiting longer than x), and
    waits and queue length by hour of the day. The legends print the KPIs' values: ``kpis`` (one
    {KPI: mean} per variant, from the computed result every page reads) or, without it, the
    KPIs' means over the records."""
    fig = page(
        T("客户等候", "Customer waits", lang),
        T(
            f"自进店至开始办理的时间；虚线为 {target_min:g} 分钟等候目标",
            f"from entering to the start of service; dotted line: the {target_min:g}-minute target",
            lang,
        ),
    )
    (ax1, ax2), (ax3, ax4) = fig.subplots(2, 2)
    allw = [waits_of(r) for r in records]
    colours = [A_COLOUR, B_COLOUR, "#2ca02c", "#d62728"]
    top = max([float(np.percentile(w, 99.5)) for w in allw if len(w)] or [1.0])
    hi = max(target_min + 5.0, math.ceil(top / 5) * 5)
    bins = np.arange(0, hi + 1, 1.0)
    kpis = kpis if kpis is not None else [kpi_means(r) for r in records]
    for w, title, col, kp in zip(allw, titles, colours, kpis):
        mean, p90 = fmt_value(kp.get("wait_mean_min"), "min"), fmt_value(kp.get("wait_p90_min"), "min")
        over = (
            kp.get("share_wait_over_15min") if target_min == 15 else float(np.mean(w > target_min)) if len(w) else None
        )
        if not len(w):
            continue
        weights = np.full(len(w), 100.0 / len(w))
        ax1.hist(np.clip(w, 0, hi - 1e-9), bins=bins, weights=weights, histtype="stepfilled", alpha=0.35, color=col)
        ax1.hist(
            np.clip(w, 0, hi - 1e-9),
            bins=bins,
            weights=weights,
            histtype="step",
            linewidth=1.4,
            color=col,
            label=f"{title}: "
            + T(
                f"平均 {mean}，90分位 {p90} 分钟",
                f"mean {mean}, 90th pct {p90} min",
                lang,
            ),
        )
        xs = np.linspace(0, hi, 200)
        surv = [100.0 * np.mean(w > x) for x in xs]
        ax2.plot(
            xs,
            surv,
            color=col,
            linewidth=2,
            label=f"{title}: "
            + T(
                f"超 {target_min:g} 分钟 {fmt_value(over, 'share')}",
                f"{fmt_value(over, 'share')} over {target_min:g} min",
                lang,
            ),
        )
    for ax in (ax1, ax2):
        ax.axvline(target_min, color="#d62728", linestyle=":", linewidth=1.2)
        ax.set_xlim(0, hi)
        ax.set_xlabel(T("等候时间（分钟）", "wait (min)", lang))
        ax.grid(alpha=0.25)
        legend_or_note(
            ax,
            T("记录中没有客户开始办理业务", "no customer was served in the records", lang),
            fontsize=8,
            loc="upper right",
        )
    ax1.set_ylabel(T("客户占比（%，每 1 分钟）", "% of customers (per minute)", lang))
    ax1.set_title(T("等候时间分布", "Distribution of waits", lang), fontsize=11)
    ax2.set_ylabel(T("等候超过该时长的客户占比（%）", "% of customers waiting longer", lang))
    ax2.set_title(T("等候超过 x 分钟的客户占比", "Share of customers waiting longer than x", lang), fontsize=11)
    ax2.set_ylim(0, None)
    nonempty = [r for r in records if r]
    start = int(min(r[0].open_time for r in nonempty) // 3600) if nonempty else 9
    end = int(math.ceil(max(r[0].close_time for r in nonempty) / 3600)) if nonempty else 17
    k = len(records)
    wbar = 0.8 / max(1, k)
    for i, (recs, title, col) in enumerate(zip(records, titles, colours)):
        hours, wait, queue = by_hour(recs, start, end)
        ax3.plot(hours + 0.5, wait, marker="o", color=col, linewidth=2, label=title)
        ax4.bar(hours + 0.5 + (i - (k - 1) / 2) * wbar, queue, width=wbar * 0.95, color=col, label=title)
    hticks = np.arange(start, end + 1)
    for ax in (ax3, ax4):
        ax.set_xticks(hticks, [f"{h}:00" for h in hticks], fontsize=8)
        ax.set_xlim(start, end)
        ax.grid(alpha=0.25, axis="y")
        legend_or_note(ax, T("没有数据", "no data", lang), fontsize=8)
    ax3.set_ylabel(T("平均等候（分钟）", "mean wait (min)", lang))
    ax3.set_title(T("各到店时段的平均等候", "Mean wait by hour of arrival", lang), fontsize=11)
    ax3.set_ylim(0, None)
    ax4.set_ylabel(T("平均排队人数", "mean number waiting", lang))
    ax4.set_title(T("各时段排队人数（等候叫号）", "Customers waiting for a counter, by hour", lang), fontsize=11)
    return fig
