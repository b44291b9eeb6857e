"""Leadership figures, each a function from layout(s) and records to a matplotlib Figure.

Object API only (``matplotlib.figure.Figure``), no pyplot state and no Qt. Every figure is
computed from the simulation's records (walks, customer journeys, staff activities, queue
samples), never from constants, so a change in the records changes the figure. Before and
after are drawn side by side on the same scale and colour range. Labels come in Chinese,
English or both (``lang`` = 'zh', 'en', 'both').
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from contextlib import contextmanager

import matplotlib
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.patches import Rectangle

from lobbysim.fonts import font_rc
from lobbysim.model.elements import Area, Boundary, Entrance, Fixture, Pillar, Post, SeatBlock, Wall
from lobbysim.model.kinds import FIXTURE_KINDS

from .replay import Replay

BUSINESS_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
                    "#7f7f7f", "#bcbd22"]
ROLE_COLOURS = {"lobby_manager": "#d62728", "cs_counter": "#1f77b4", "cs_floor": "#ff7f0e",
                "relationship_manager": "#2ca02c", "wealth_manager": "#9467bd", "ops_vp": "#e377c2",
                "branch_director": "#8c564b", "security_guard": "#7f7f7f"}
ROLE_LABELS = {"lobby_manager": ("大堂经理", "Lobby manager"), "cs_counter": ("临柜客服经理", "Counter CS manager"),
               "cs_floor": ("非临柜客服经理", "Floor CS manager"), "relationship_manager": ("客户经理", "Relationship manager"),
               "wealth_manager": ("理财经理", "Wealth manager"), "ops_vp": ("内勤行长", "Operations VP"),
               "branch_director": ("网点主任", "Branch director"), "security_guard": ("保安", "Security guard")}
ACTIVITY_LABELS = {"serve": ("办理业务", "serve"), "authorise": ("授权", "authorise"), "walk": ("走动", "walk"),
                   "market": ("营销", "market"), "call": ("外呼", "call"), "cover": ("补位", "cover"),
                   "desk_task": ("案头工作", "desk task"), "break": ("休息", "break"), "idle": ("空闲", "idle"),
                   "greet": ("迎宾分流", "greet"), "floor": ("厅堂管理", "floor management")}
ACTIVITY_COLOURS = {"serve": "#1f77b4", "authorise": "#17becf", "walk": "#ff7f0e", "market": "#d62728",
                    "call": "#8c564b", "cover": "#9467bd", "desk_task": "#7f7f7f", "break": "#bcbd22",
                    "idle": "#dddddd", "greet": "#e377c2", "floor": "#2ca02c"}


def T(zh: str, en: str, lang: str) -> str:
    """A label in the chosen language ('both' puts Chinese first)."""
    if lang == "zh":
        return zh
    if lang == "both":
        return f"{zh} {en}"
    return en


@contextmanager
def style():
    """Fonts with Chinese glyphs for figures created (and saved) inside this block."""
    with matplotlib.rc_context(font_rc()):
        yield


def new_figure(w: float = 11.69, h: float = 8.27) -> Figure:
    return Figure(figsize=(w, h), dpi=100, layout="constrained")


# --- the floor plan ----------------------------------------------------------------------------------------
def plan_extent(*layouts):
    xs, ys = [], []
    for lay in layouts:
        b = lay.boundary
        if b is not None and not b.geometry.is_empty:
            x0, y0, x1, y1 = b.geometry.bounds
            xs += [x0, x1]
            ys += [y0, y1]
    if not xs:
        return (0, 10, 0, 10)
    pad = 0.6
    return (min(xs) - pad, max(xs) + pad, min(ys) - pad - 0.8, max(ys) + pad)


def draw_plan(ax, layout, lang: str = "en", extent=None, labels: bool = True, faint: bool = False) -> None:
    """The plan: areas coloured by kind with labels, walls, pillars, fixtures, seats, posts
    outlined with their numbers, the entrance, and a scale bar."""
    alpha = 0.35 if faint else 0.8
    for a in layout.of_type(Area):
        g = a.geometry
        if g.is_empty or not g.is_valid:
            continue
        ax.add_patch(MplPolygon(np.asarray(g.exterior.coords), closed=True, facecolor=a.kind_info.color,
                                edgecolor="none", alpha=alpha, zorder=1))
        if labels:
            c = g.representative_point()
            name = T(a.name_zh or a.kind_info.zh, a.name_en or a.kind_info.en, lang)
            ax.text(c.x, c.y, name, ha="center", va="center", fontsize=7, color="#444444", zorder=6,
                    alpha=0.9 if not faint else 0.6)
    b = layout.boundary
    if b is not None and not b.geometry.is_empty:
        ax.add_patch(MplPolygon(np.asarray(b.geometry.exterior.coords), closed=True, fill=False,
                                edgecolor="#222222", linewidth=2.0, zorder=5))
    for e in layout:
        if isinstance(e, (Wall, Pillar)):
            g = e.geometry
            if g.is_empty:
                continue
            ax.add_patch(MplPolygon(np.asarray(g.exterior.coords), closed=True, facecolor="#333333",
                                    edgecolor="#333333", zorder=5))
        elif isinstance(e, Fixture):
            g = e.geometry
            ax.add_patch(MplPolygon(np.asarray(g.exterior.coords), closed=True, facecolor=e.kind_info.color,
                                    edgecolor="#333333", linewidth=0.5, alpha=0.5 if faint else 0.9, zorder=4))
            if labels and e.fixture_kind not in ("other",):
                short = e.name_zh if lang == "zh" else (e.name_en or e.name_zh)
                if lang == "both":
                    short = e.name_zh or e.name_en
                ax.text(e.x, e.y, short or e.id, ha="center", va="center", fontsize=5, zorder=7,
                        color="#111111", alpha=0.8 if faint else 1)
        elif isinstance(e, SeatBlock):
            for p in getattr(e.geometry, "geoms", [e.geometry]):
                ax.add_patch(MplPolygon(np.asarray(p.exterior.coords), closed=True, facecolor="#7f9fbf",
                                        edgecolor="#555555", linewidth=0.4, alpha=0.5 if faint else 0.85, zorder=4))
        elif isinstance(e, Entrance):
            ax.plot([e.a[0], e.b[0]], [e.a[1], e.b[1]], color="#2ca02c", linewidth=5, solid_capstyle="butt",
                    zorder=8)
            if labels:
                mx, my = e.midpoint
                ax.annotate(T(e.name_zh or "入口", e.name_en or "Entrance", lang), (mx, my), xytext=(0, -12),
                            textcoords="offset points", ha="center", va="top", fontsize=7, color="#2ca02c",
                            zorder=8)
    for p in layout.posts():
        g = p.geometry
        if g.is_empty:
            continue
        ax.add_patch(MplPolygon(np.asarray(g.exterior.coords), closed=True, fill=False, edgecolor="#c0392b",
                                linestyle="--", linewidth=1.2, zorder=6))
        x0, y0, x1, y1 = g.bounds
        ax.text(x0 + 0.15, y1 - 0.15, T(f"厅堂{p.number}号", f"Post {p.number}", lang), ha="left", va="top",
                fontsize=7, color="#c0392b", fontweight="bold", zorder=7)
    x0, x1, y0, y1 = extent or plan_extent(layout)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_visible(False)
    _scale_bar(ax, x0, y0, lang)


def _scale_bar(ax, x0, y0, lang):
    bx, by = x0 + 0.5, y0 + 0.35
    ax.add_patch(Rectangle((bx, by), 5, 0.12, facecolor="#222222", zorder=9))
    ax.add_patch(Rectangle((bx + 1, by), 1, 0.12, facecolor="white", edgecolor="#222222", linewidth=0.5, zorder=9))
    ax.add_patch(Rectangle((bx + 3, by), 1, 0.12, facecolor="white", edgecolor="#222222", linewidth=0.5, zorder=9))
    ax.text(bx + 2.5, by + 0.25, T("5 米", "5 m", lang), ha="center", va="bottom", fontsize=7, zorder=9)


PLAN_SIZE = (11.69, 6.0)


def figure_plans(layouts: list, titles: list[str], lang: str = "en") -> Figure:
    fig = new_figure(*PLAN_SIZE)
    ext = plan_extent(*layouts)
    axes = fig.subplots(1, len(layouts), squeeze=False)[0]
    for ax, lay, title in zip(axes, layouts, titles):
        draw_plan(ax, lay, lang, ext)
        ax.set_title(title, fontsize=11)
    fig.suptitle(T("网点平面图", "Floor plan", lang), fontsize=14)
    return fig


# --- flows ----------------------------------------------------------------------------------------------------
def customer_flows(records_list) -> dict:
    """(business, path) -> customers per day, averaged over replications."""
    n = max(1, len(records_list))
    flows: Counter = Counter()
    for rec in records_list:
        for w in rec.walks:
            if w.actor == "customer" and len(w.path) >= 2:
                flows[(w.group, tuple(w.path))] += 1
    return {k: v / n for k, v in flows.items()}


def figure_customer_flow(layouts, records, titles, lang="en", business_names=None) -> Figure:
    """The 动线 chart: every walked path from the entrance via the ticket dispenser, seats and
    counters to the exit; width proportional to customers per day, colour by business type."""
    fig = new_figure(*PLAN_SIZE)
    ext = plan_extent(*layouts)
    axes = fig.subplots(1, len(layouts), squeeze=False)[0]
    flows = [customer_flows(r) for r in records]
    businesses = sorted({b for f in flows for b, _ in f})
    colours = {b: BUSINESS_COLOURS[i % len(BUSINESS_COLOURS)] for i, b in enumerate(businesses)}
    top = max([v for f in flows for v in f.values()] or [1.0])
    for ax, lay, f, title in zip(axes, layouts, flows, titles):
        draw_plan(ax, lay, lang, ext, labels=False, faint=True)
        for b in businesses:
            segs = [np.asarray(p) for (bb, p), v in f.items() if bb == b]
            widths = [0.4 + 6.0 * v / top for (bb, p), v in f.items() if bb == b]
            if segs:
                ax.add_collection(LineCollection(segs, linewidths=widths, colors=colours[b], alpha=0.55, zorder=10,
                                                 capstyle="round", joinstyle="round"))
        per_day = sum(v for (bb, p), v in f.items() if p and True) if f else 0
        ax.set_title(f"{title}\n" + T(f"客户步行路段 {per_day:.0f} 段/天", f"{per_day:.0f} customer walks a day", lang),
                     fontsize=10)
    handles = [matplotlib.lines.Line2D([], [], color=colours[b], linewidth=3,
                                       label=(business_names or {}).get(b, b)) for b in businesses]
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncol=min(6, len(handles)), fontsize=8)
    fig.suptitle(T("客户动线图（线宽 ∝ 每日客户数）", "Customer flow chart (line width ∝ customers per day)", lang),
                 fontsize=14)
    return fig


def figure_staff_spaghetti(layouts, records, titles, lang="en") -> Figure:
    """Staff spaghetti diagram: every staff walk drawn on the plan, coloured by role, with
    metres per day by role in the legend."""
    fig = new_figure(*PLAN_SIZE)
    ext = plan_extent(*layouts)
    axes = fig.subplots(1, len(layouts), squeeze=False)[0]
    for ax, lay, recs, title in zip(axes, layouts, records, titles):
        draw_plan(ax, lay, lang, ext, labels=False, faint=True)
        n = max(1, len(recs))
        metres: dict[str, float] = defaultdict(float)
        segs: dict[str, list] = defaultdict(list)
        for rec in recs:
            for w in rec.walks:
                if w.actor == "staff" and len(w.path) >= 2:
                    metres[w.group] += w.metres / n
                    if rec is recs[0]:
                        segs[w.group].append(np.asarray(w.path))
        handles = []
        for role in sorted(metres):
            col = ROLE_COLOURS.get(role, "#333333")
            if segs[role]:
                ax.add_collection(LineCollection(segs[role], linewidths=0.8, colors=col, alpha=0.35, zorder=10))
            zh, en = ROLE_LABELS.get(role, (role, role))
            handles.append(matplotlib.lines.Line2D([], [], color=col, linewidth=2,
                                                   label=f"{T(zh, en, lang)}: {metres[role]:.0f} m"))
        total = sum(metres.values())
        ax.set_title(f"{title}\n" + T(f"员工步行 {total:.0f} 米/天", f"staff walk {total:.0f} m a day", lang), fontsize=10)
        if handles:
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, fontsize=7,
                      title=T("每日步行距离", "metres per day", lang), title_fontsize=7, frameon=False)
    fig.suptitle(T("员工走动轨迹（意大利面图）", "Staff spaghetti diagram", lang), fontsize=14)
    return fig


# --- occupancy heat maps -------------------------------------------------------------------------------------
def occupancy_grid(layout, records_list, extent, cell: float = 0.5, step: float = 60.0):
    """Customer-minutes per m² over the day (averaged over replications) on a grid."""
    x0, x1, y0, y1 = extent
    nx_, ny_ = max(1, int(math.ceil((x1 - x0) / cell))), max(1, int(math.ceil((y1 - y0) / cell)))
    grid = np.zeros((ny_, nx_))
    for rec in records_list:
        rp = Replay(rec, layout)
        t = rec.open_time
        end = max(rec.end_time or 0, rec.close_time)
        while t < end:
            for m in rp.markers(t):
                if m.actor != "customer":
                    continue
                i, j = int((m.y - y0) / cell), int((m.x - x0) / cell)
                if 0 <= i < ny_ and 0 <= j < nx_:
                    grid[i, j] += step / 60.0
            t += step
    return grid / max(1, len(records_list)) / (cell * cell)


def figure_heatmaps(layouts, records, titles, lang="en") -> Figure:
    """Occupancy heat maps of A and B on one colour scale, and the difference B − A."""
    ext = plan_extent(*layouts)
    grids = [occupancy_grid(lay, r, ext) for lay, r in zip(layouts, records)]
    vmax = max(float(g.max()) for g in grids) or 1.0
    fig = new_figure(11.69, 5.0)
    ncols = len(layouts) + (1 if len(layouts) == 2 else 0)
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    im = None
    for ax, lay, g, title in zip(axes, layouts, grids, titles):
        draw_plan(ax, lay, lang, ext, labels=False, faint=True)
        im = ax.imshow(np.ma.masked_less_equal(g, 0), origin="lower", extent=ext, cmap="YlOrRd",
                       norm=matplotlib.colors.PowerNorm(0.5, vmin=0, vmax=vmax),
                       alpha=0.85, zorder=9, interpolation="nearest")
        ax.set_title(title, fontsize=10)
    if im is not None:
        fig.colorbar(im, ax=list(axes[:len(layouts)]), shrink=0.6, location="bottom",
                     label=T("客户·分钟 / 平方米 / 天", "customer-minutes per m² per day", lang))
    if len(layouts) == 2:
        ax = axes[2]
        diff = grids[1] - grids[0]
        lim = float(np.abs(diff).max()) or 1.0
        draw_plan(ax, layouts[1], lang, ext, labels=False, faint=True)
        im2 = ax.imshow(np.ma.masked_equal(diff, 0), origin="lower", extent=ext, cmap="RdBu_r", vmin=-lim, vmax=lim,
                        alpha=0.85, zorder=9, interpolation="nearest")
        ax.set_title(T("差异（后 − 前）", "Difference (after − before)", lang), fontsize=10)
        fig.colorbar(im2, ax=ax, shrink=0.6, location="bottom", label=T("客户·分钟/平方米", "customer-min per m²", lang))
    fig.suptitle(T("客户停留热力图", "Where customers spend their time (occupancy)", lang), fontsize=14)
    return fig


# --- waits ------------------------------------------------------------------------------------------------------
def _waits(recs) -> np.ndarray:
    return np.array([c.wait / 60 for r in recs for c in r.customers if c.wait is not None])


def _by_hour(recs, start_h: int, end_h: int):
    hours = np.arange(start_h, end_h)
    wait = np.full(len(hours), np.nan)
    queue = np.zeros(len(hours))
    ws: dict[int, list] = defaultdict(list)
    for r in recs:
        for c in r.customers:
            if c.wait is not None:
                ws[int(c.arrival // 3600)].append(c.wait / 60)
    for i, h in enumerate(hours):
        if ws.get(h):
            wait[i] = float(np.mean(ws[h]))
    # time-weighted mean length of the ticket queue per hour
    for r in recs:
        qs = [q for q in r.queues if q.queue == "tickets"]
        for a, b in zip(qs, qs[1:] + [None]):
            t0 = a.time
            t1 = b.time if b is not None else max(r.end_time or 0, r.close_time)
            h0 = t0
            while h0 < t1:
                h = int(h0 // 3600)
                seg_end = min(t1, (h + 1) * 3600)
                if start_h <= h < end_h:
                    queue[h - start_h] += a.length * (seg_end - h0) / 3600
                h0 = seg_end
    queue /= max(1, len(recs))
    return hours, wait, queue


def figure_waits(records, titles, lang="en") -> Figure:
    """Wait distribution before vs after, and waits and queue length by hour of the day."""
    fig = new_figure()
    ax1, ax2, ax3 = fig.subplots(1, 3)
    allw = [_waits(r) for r in records]
    top = max([float(w.max()) for w in allw if len(w)] or [1.0])
    bins = np.linspace(0, max(5.0, top), 31)
    colours = ["#7f7f7f", "#1f77b4", "#2ca02c", "#d62728"]
    for w, title, col in zip(allw, titles, colours):
        if len(w):
            ax1.hist(w, bins=bins, alpha=0.55, color=col, density=True,
                     label=f"{title}: {T('平均', 'mean', lang)} {w.mean():.1f}, P90 {np.percentile(w, 90):.1f}")
    ax1.axvline(15, color="#d62728", linestyle=":", linewidth=1)
    ax1.set_xlabel(T("等候时间（分钟）", "wait (min)", lang))
    ax1.set_ylabel(T("客户占比密度", "share of customers (density)", lang))
    ax1.set_title(T("等候时间分布", "Distribution of waits", lang))
    ax1.legend(fontsize=7)
    start = int(min(r[0].open_time for r in records if r) // 3600) if any(records) else 9
    end = int(math.ceil(max(r[0].close_time for r in records if r) / 3600)) if any(records) else 17
    for recs, title, col in zip(records, titles, colours):
        hours, wait, queue = _by_hour(recs, start, end)
        ax2.plot(hours + 0.5, wait, marker="o", color=col, label=title)
        ax3.bar(hours + (0.2 if col != colours[0] else -0.2) + 0.5, queue, width=0.4, color=col, alpha=0.8,
                label=title)
    ax2.set_xlabel(T("到店时段（时）", "hour of arrival", lang))
    ax2.set_ylabel(T("平均等候（分钟）", "mean wait (min)", lang))
    ax2.set_title(T("各时段平均等候", "Waits by hour of the day", lang))
    ax2.legend(fontsize=7)
    ax3.set_xlabel(T("时段（时）", "hour", lang))
    ax3.set_ylabel(T("平均排队人数", "mean queue length", lang))
    ax3.set_title(T("各时段排队长度", "Queue length by hour", lang))
    ax3.legend(fontsize=7)
    fig.suptitle(T("客户等候", "Customer waits", lang), fontsize=14)
    return fig


# --- staff time use ---------------------------------------------------------------------------------------------
def staff_time_use(recs) -> dict[str, dict[str, float]]:
    """role -> activity -> hours per day (averaged over replications)."""
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    n = max(1, len(recs))
    for r in recs:
        for a in r.staff:
            out[a.role][a.activity] += (a.end - a.start) / 3600 / n
    return {k: dict(v) for k, v in out.items()}


def figure_staff_time(records, titles, lang="en") -> Figure:
    """Stacked bars of staff time by activity, per role, before vs after."""
    uses = [staff_time_use(r) for r in records]
    roles = sorted({role for u in uses for role in u})
    acts = [a for a in ACTIVITY_LABELS if any(a in u.get(role, {}) for u in uses for role in roles)]
    fig = new_figure()
    ax = fig.subplots()
    width = 0.8 / max(1, len(uses))
    x = np.arange(len(roles))
    hatches = ["", "//", "..", "xx"]
    for k, (u, title) in enumerate(zip(uses, titles)):
        bottom = np.zeros(len(roles))
        for a in acts:
            vals = np.array([u.get(role, {}).get(a, 0.0) for role in roles])
            ax.bar(x + (k - (len(uses) - 1) / 2) * width, vals, width * 0.95, bottom=bottom,
                   color=ACTIVITY_COLOURS.get(a, "#999999"), hatch=hatches[k % 4], edgecolor="white",
                   linewidth=0.3, label=T(*ACTIVITY_LABELS[a], lang) if k == 0 else None)
            bottom += vals
        for xi, b in zip(x, bottom):
            ax.text(xi + (k - (len(uses) - 1) / 2) * width, b + 0.1, title, ha="center", va="bottom", fontsize=6,
                    rotation=90)
    ax.set_xticks(x, [T(*ROLE_LABELS.get(r, (r, r)), lang) for r in roles], fontsize=8, rotation=15)
    ax.set_ylabel(T("小时/天（同岗位人员合计）", "hours per day (all staff of the role)", lang))
    ax.legend(fontsize=8, ncol=2, loc="upper right")
    fig.suptitle(T("员工时间分配", "How staff spend their time", lang), fontsize=14)
    return fig


# --- the KPI table ----------------------------------------------------------------------------------------------
def figure_kpi_table(cmp: dict, day: str, lang="en", kpi_info=None) -> Figure:
    """KPI | A | B | B−A | 95% CI of B−A | verdict, significant changes highlighted."""
    kp = cmp["days"][day]["kpis"]
    rows = []
    colours = []
    for name, k in kp.items():
        info = (kpi_info or {}).get(name)
        label = name if info is None else T(info[1], info[0], lang)
        lo, hi = k["diff"]["ci95"]
        verdict = {"better": T("改善", "better", lang), "worse": T("变差", "worse", lang),
                   "same": T("无显著差异", "no significant change", lang)}[k["verdict"]]
        rows.append([label, _f(k["a"]["mean"]), _f(k["b"]["mean"]), _f(k["diff"]["mean"], sign=True),
                     "-" if lo is None else f"[{_f(lo, sign=True)}, {_f(hi, sign=True)}]", verdict])
        c = {"better": "#d5f5d5", "worse": "#f9d6d5"}.get(k["verdict"], "white")
        colours.append([c] * 6)
    fig = new_figure(11.69, max(4.0, 0.26 * len(rows) + 1.5))
    ax = fig.subplots()
    ax.axis("off")
    header = [T("指标", "KPI", lang), cmp["a"]["label"], cmp["b"]["label"], T("差值 B−A", "B−A", lang),
              T("差值95%置信区间", "95% CI of B−A", lang), T("结论", "verdict", lang)]
    table = ax.table(cellText=rows, colLabels=header, cellColours=colours, loc="upper center", cellLoc="right",
                     colLoc="center", colWidths=[0.36, 0.1, 0.1, 0.1, 0.2, 0.14])
    table.auto_set_font_size(False)
    table.set_fontsize(7.5)
    table.scale(1, 1.25)
    for (r, c), cell in table.get_celld().items():
        if c == 0:
            cell.set_text_props(ha="left")
        if r == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_facecolor("#e8e8e8")
    dz, de = {"mon": ("周一", "Monday"), "tue": ("周二", "Tuesday"), "wed": ("周三", "Wednesday"),
              "thu": ("周四", "Thursday"), "fri": ("周五", "Friday"), "sat": ("周六", "Saturday"),
              "sun": ("周日", "Sunday")}.get(day, (day, day))
    fig.suptitle(T(f"关键指标对比（{dz}，{cmp['reps']} 次重复，绿色=显著改善，红色=显著变差）",
                   f"KPIs, {de}, {cmp['reps']} replications (green: significantly better, red: worse)", lang),
                 fontsize=13)
    return fig


def _f(v, sign=False) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "-"
    s = "+" if sign and v > 0 else ""
    av = abs(v)
    if av >= 100:
        return f"{s}{v:.0f}"
    if av >= 10:
        return f"{s}{v:.1f}"
    if av >= 0.01 or v == 0:
        return f"{s}{v:.2f}"
    return f"{s}{v:.2g}"


__all__ = ["style", "draw_plan", "figure_plans", "figure_customer_flow", "figure_staff_spaghetti",
           "figure_heatmaps", "figure_waits", "figure_staff_time", "figure_kpi_table", "customer_flows",
           "occupancy_grid", "staff_time_use", "plan_extent", "T", "FIXTURE_KINDS", "Boundary", "Post"]
