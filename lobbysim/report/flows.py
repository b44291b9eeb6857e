"""Movement figures: the customer flow chart (动线) and the staff spaghetti diagram."""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .labels import ROLE_COLOURS, ROLE_LABELS, T, fmt_value
from .measures import business_colours, business_order, customer_flows, kpi_means, nice_steps, staff_metres
from .page import page, table
from .plan import draw_plan, plan_axes, plan_extent


def _offset(path, d):
    if abs(d) < 1e-9:
        return np.asarray(path)
    from shapely.geometry import LineString

    try:
        g = LineString(path).offset_curve(d, join_style="mitre", mitre_limit=2.0)
    except Exception:  # pragma: no cover - degenerate polylines
        return np.asarray(path)
    if g.is_empty or g.geom_type != "LineString":
        return np.asarray(path)
    return np.asarray(g.coords)


def figure_customer_flow(layouts, records, titles, lang="en", business_names=None, kpis=None) -> Figure:
    """The 动线 chart: customers' walks from the entrance via the ticket dispenser, seats and
    counters to the exit; line width proportional to customers per day, colour by business type."""
    fig = page(
        T("客户动线图", "Customer flow chart", lang),
        T(
            "实线：进店至取号、候座、柜台/设备；虚线：离店。线宽与每日客户数成正比，颜色表示业务类型",
            "solid: entrance to ticket, seat and counter or machine; dashed: leaving. "
            "Line width proportional to customers per day, colour by business type",
            lang,
        ),
    )
    ext = plan_extent(*layouts)
    axes, bottom = plan_axes(fig, len(layouts), ext)
    flows = [customer_flows(r) for r in records]
    order = business_order(records, business_names)
    colours = business_colours(order)
    present = [b for b in order if any(f.business == b for fl in flows for f in fl)]
    nb = max(1, len(present))
    offsets = {b: (i - (nb - 1) / 2) * 0.13 for i, b in enumerate(present)}
    top = max([f.per_day for fl in flows for f in fl] or [1.0])

    def width(v):
        return 0.5 + 9.0 * v / top

    for ax, lay, fl, title in zip(axes, layouts, flows, titles):
        draw_plan(ax, lay, lang, ext, labels=False, faint=True)
        for leaving in (True, False):
            sel = [f for f in fl if (f.purpose == "to_exit") == leaving and f.per_day >= 0.05 * top / 10]
            sel.sort(key=lambda f: -f.per_day)  # thick first, thin on top
            if not sel:
                continue
            ax.add_collection(
                LineCollection(
                    [_offset(f.path, offsets[f.business]) for f in sel],
                    linewidths=[width(f.per_day) * (0.6 if leaving else 1.0) for f in sel],
                    colors=[colours[f.business] for f in sel],
                    linestyles="--" if leaving else "-",
                    alpha=0.4 if leaving else 0.75,
                    zorder=10 if leaving else 11,
                    capstyle="round",
                    joinstyle="round",
                )
            )
        ax.set_title(title, fontsize=11)
    # legend: business colours and line widths
    handles = [Line2D([], [], color=colours[b], linewidth=4, label=(business_names or {}).get(b, b)) for b in present]
    handles += [
        Line2D([], [], color="#555555", linewidth=width(v), label=T(f"{v:g} 人/天", f"{v:g} a day", lang))
        for v in nice_steps(top)
    ]
    lax, tax = bottom.subplots(1, 2, width_ratios=[1, 1.9 if lang == "both" else 1.5])
    lax.axis("off")
    if handles:
        lax.legend(
            handles=handles,
            loc="center",
            ncol=1 if lang == "both" else 2,
            fontsize=7.5 if lang == "both" else 8,
            frameon=False,
            handlelength=3.0,
            title=T("业务类型 / 线宽", "business type / line width", lang),
            title_fontsize=8,
        )
    # per business: customers a day and metres walked per customer
    rows = []
    for b in present:
        row = [(business_names or {}).get(b, b)]
        for recs in records:
            n = max(1, len(recs))
            cs = [c for r in recs for c in r.customers if c.business == b]
            row.append(f"{len(cs) / n:.0f}")
        for recs in records:
            cs = [c.walk_m for r in recs for c in r.customers if c.business == b]
            row.append(f"{np.mean(cs):.1f}" if cs else "-")
        rows.append(row)
    if rows:
        # the totals are the KPIs (customers arrived, metres walked per customer) as every page prints them
        kpis = kpis if kpis is not None else [kpi_means(r) for r in records]
        tot = [T("合计 / 平均", "all / mean", lang)]
        tot += [fmt_value(kp.get("arrived"), "customers") for kp in kpis]
        tot += [fmt_value(kp.get("customer_walk_m"), "m") for kp in kpis]
        rows.append(tot)
        short = [t.split(" · ")[0] for t in titles]
        header = (
            [T("业务类型", "business", lang)]
            + [T("人/天", "a day", lang) + f"\n{t}" for t in short]
            + [T("人均步行米", "m walked each", lang) + f"\n{t}" for t in short]
        )
        table(
            tax, rows, header, [0.36] + [0.16] * (2 * len(records)), fontsize=6.8 if lang == "both" else 7.5, scale=1.0
        )
    else:
        tax.axis("off")
        tax.text(0.5, 0.5, T("没有客户步行记录", "no customer walks in the records", lang), ha="center")
    return fig


def figure_staff_spaghetti(layouts, records, titles, lang="en", kpis=None) -> Figure:
    """Staff spaghetti diagram: every staff walk of one simulated day drawn on the plan, coloured
    by role, with metres per day by role (mean over the replications) in the legend."""
    fig = page(
        T("员工走动轨迹（意大利面图）", "Staff spaghetti diagram", lang),
        T(
            "一个模拟日内员工的全部走动；图例为各岗位每日步行距离（各次重复的平均）",
            "every staff walk of one simulated day; the legend gives metres per day by role "
            "(mean over the replications)",
            lang,
        ),
    )
    ext = plan_extent(*layouts)
    axes, bottom = plan_axes(fig, len(layouts), ext, extra_in=1.4, min_bottom_in=1.3)
    roles = sorted(
        {w.group for recs in records for r in recs for w in r.walks if w.actor == "staff"},
        key=lambda r: list(ROLE_LABELS).index(r) if r in ROLE_LABELS else 99,
    )
    kpis = kpis if kpis is not None else [kpi_means(r) for r in records]
    for ax, lay, recs, title, kp in zip(axes, layouts, records, titles, kpis):
        draw_plan(ax, lay, lang, ext, labels=False, faint=True)
        metres = staff_metres(recs)
        segs: dict[str, list] = defaultdict(list)
        for w in recs[0].walks if recs else []:
            if w.actor == "staff" and len(w.path) >= 2:
                segs[w.group].append(np.asarray(w.path))
        handles = []
        for role in roles:
            col = ROLE_COLOURS.get(role, "#333333")
            if segs[role]:
                ax.add_collection(LineCollection(segs[role], linewidths=1.0, colors=col, alpha=0.45, zorder=10))
            zh, en = ROLE_LABELS.get(role, (role, role))
            handles.append(
                Line2D([], [], color=col, linewidth=2.5, label=f"{T(zh, en, lang)}  {metres.get(role, 0.0):.0f} m")
            )
        total = fmt_value(kp.get("staff_walk_m"), "m")
        ax.set_title(
            title + "\n" + T(f"员工合计步行 {total} 米/天", f"staff walk {total} m a day in all", lang),
            fontsize=11,
        )
        if handles:
            ax.legend(
                handles=handles,
                loc="upper center",
                bbox_to_anchor=(0.5, -0.01),
                ncol=2,
                fontsize=8,
                title=T("每日步行距离", "metres per day", lang),
                title_fontsize=8,
                frameon=False,
            )
    # per role: walks a day and metres per walk
    short = [t.split(" · ")[0] for t in titles]
    rows = []
    for role in roles:
        row = [T(*ROLE_LABELS.get(role, (role, role)), lang)]
        for recs in records:
            n = max(1, len(recs))
            row.append(f"{sum(1 for r in recs for w in r.walks if w.actor == 'staff' and w.group == role) / n:.0f}")
        for recs in records:
            ws = [w.metres for r in recs for w in r.walks if w.actor == "staff" and w.group == role]
            row.append(f"{np.mean(ws):.1f}" if ws else "-")
        rows.append(row)
    tax = bottom.subplots()
    if rows:
        table(
            tax,
            rows,
            [T("岗位", "role", lang)]
            + [T("每日走动次数", "walks a day", lang) + f"\n{t}" for t in short]
            + [T("每次平均米数", "m per walk", lang) + f"\n{t}" for t in short],
            [0.2] + [0.14] * (2 * len(records)),
            fontsize=8,
            scale=1.1,
        )
    else:
        tax.axis("off")
        tax.text(
            0.5, 0.5, T("没有员工走动记录", "no staff walks in the records", lang), ha="center", transform=tax.transAxes
        )
    return fig
