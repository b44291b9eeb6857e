"""Occupancy heat maps: where customers spend their time, before and after, and the difference."""

from __future__ import annotations

import matplotlib.ticker
import numpy as np
from matplotlib.colors import LogNorm, SymLogNorm
from matplotlib.figure import Figure

from lobbysim.model.elements import Area

from .labels import T2, T
from .measures import minutes_by_area, occupancy_grid
from .page import page, table
from .plan import draw_plan, plan_extent


def figure_heatmaps(layouts, records, titles, lang="en") -> Figure:
    """Occupancy heat maps of A and B on one colour scale, the difference B − A, and the
    customer-minutes per area; with three or more variants, every map on one scale and the
    minutes per area side by side (no difference map)."""
    many = len(layouts) > 2
    fig = page(
        T("客户停留热力图", "Where customers spend their time", lang),
        T(
            "每平方米每日客户停留分钟数（排队、候座、办理、步行），各次重复的平均；各图色标相同（对数）；"
            "最后一格为各区域合计",
            "customer-minutes per m² per day (queueing, seated, at a counter, walking), mean over the "
            "replications; all maps share one (logarithmic) colour scale; the last cell: totals by area",
            lang,
        )
        if many
        else T(
            "每平方米每日客户停留分钟数（排队、候座、办理、步行），各次重复的平均；上两图色标相同（对数）；"
            "左下为差值（后 − 前），右下为各区域合计",
            "customer-minutes per m² per day (queueing, seated, at a counter, walking), mean over the "
            "replications; the two maps share one (logarithmic) colour scale; bottom left: the difference "
            "(after − before); bottom right: totals by area",
            lang,
        ),
    )
    ext = plan_extent(*layouts)
    grids = [occupancy_grid(lay, r, ext) for lay, r in zip(layouts, records)]
    vmax = max([float(g.max()) for g in grids] + [1.0])
    vmin = max(vmax / 1000.0, 0.05)
    norm = LogNorm(vmin=vmin, vmax=vmax)
    n = len(layouts)
    if n <= 2:
        gs = fig.add_gridspec(2, 2, height_ratios=[1, 1])
        axes = [fig.add_subplot(gs[0, i]) for i in range(n)]
    else:  # three or more variants: the maps in a grid, the table by area in the last cell
        cols = 2 if n + 1 <= 4 else 3
        rows = -(-(n + 1) // cols)
        gs = fig.add_gridspec(rows, cols)
        axes = [fig.add_subplot(gs[i // cols, i % cols]) for i in range(n)]
    im = None
    for ax, lay, g, title in zip(axes, layouts, grids, titles):
        draw_plan(ax, lay, lang, ext, labels=False, faint=True)
        im = ax.imshow(
            np.ma.masked_less(g, vmin),
            origin="lower",
            extent=ext,
            cmap="YlOrRd",
            norm=norm,
            alpha=0.9,
            zorder=9,
            interpolation="bilinear",
        )
        ax.set_title(f"{title}   " + T("峰值", "peak", lang) + f" {g.max():.0f}", fontsize=10.5)
    if im is not None:
        cb = fig.colorbar(
            im,
            ax=axes,
            shrink=0.7,
            location="right",
            pad=0.01,
            label=T2("客户·分钟/平方米/天", "customer-min per m² per day", lang),
        )
        cb.ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    if len(layouts) == 2:
        ax = fig.add_subplot(gs[1, 0])
        diff = grids[1] - grids[0]
        lim = float(np.abs(diff).max()) or 1.0
        thr = lim / 300
        draw_plan(ax, layouts[1], lang, ext, labels=False, faint=True)
        im2 = ax.imshow(
            np.ma.masked_inside(diff, -thr, thr),
            origin="lower",
            extent=ext,
            cmap="RdBu_r",
            norm=SymLogNorm(linthresh=max(lim / 100, 0.05), vmin=-lim, vmax=lim),
            alpha=0.9,
            zorder=9,
            interpolation="bilinear",
        )
        ax.set_title(
            T2("差值（后 − 前）：红色=更拥挤，蓝色=更空", "after − before: red = more crowded, blue = less", lang),
            fontsize=10.5,
        )
        cb2 = fig.colorbar(
            im2,
            ax=ax,
            shrink=0.8,
            location="left",
            pad=0.01,
            label=T2("客户·分钟/平方米/天", "customer-min per m² per day", lang),
        )
        ticks = [t for t in (-1000, -300, -100, -30, -10, -3, -1, 0, 1, 3, 10, 30, 100, 300, 1000) if abs(t) <= lim]
        cb2.set_ticks(ticks)
        cb2.ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:+g}" if v else "0"))
        tax = fig.add_subplot(gs[1, 1])
        rows = area_rows(layouts, grids, ext, lang)
        if rows:
            table(
                tax,
                rows,
                [T("区域", "area", lang)] + [t.split(" · ")[0] for t in titles] + [T("差值", "change", lang)],
                [0.4, 0.2, 0.2, 0.2],
                fontsize=8,
                scale=1.15,
            )
            tax.set_title(T("各区域客户停留（客户·分钟/天）", "customer-minutes per day by area", lang), fontsize=10)
        else:
            tax.axis("off")
    elif n > 2:
        tax = fig.add_subplot(gs[n // cols, n % cols])
        rows_ = area_rows(layouts, grids, ext, lang)
        if rows_:
            names = [t.split(" · ")[0] for t in titles]
            table(tax, rows_, [T("区域", "area", lang)] + names, [0.34] + [0.66 / n] * n, fontsize=7, scale=1.1)
            tax.set_title(T("各区域客户停留（客户·分钟/天）", "customer-minutes per day by area", lang), fontsize=10)
        else:
            tax.axis("off")
    return fig


def area_rows(layouts, grids, ext, lang):
    """area kind -> customer-minutes per day in A and B (kinds present in either layout)."""
    per: dict[str, list[float]] = {}
    names: dict[str, str] = {}
    for i, (lay, g) in enumerate(zip(layouts, grids)):
        mins = minutes_by_area(lay, g, ext)
        for a in lay.of_type(Area):
            per.setdefault(a.area_kind, [0.0] * len(layouts))[i] += mins.get(a.id, 0.0)
            names[a.area_kind] = T(a.kind_info.zh, a.kind_info.en, lang)
    totals = [float(g.sum()) * 0.25 * 0.25 for g in grids]
    rest = [t - sum(v[i] for v in per.values()) for i, t in enumerate(totals)]
    rows = []

    def row(name, v):
        d = round(v[1] - v[0]) if len(v) == 2 else None
        return [name] + [f"{x:.0f}" for x in v] + ([f"{d:+d}" if d else "0"] if d is not None else [])

    for k, v in sorted(per.items(), key=lambda kv: -max(kv[1])):
        if max(v) < 0.5:
            continue
        rows.append(row(names[k], v))
    if max(rest) >= 0.5:
        rows.append(row(T("通道与柜台前", "aisles and at counters", lang), rest))
    rows.append(row(T("合计", "all", lang), totals))
    return rows
