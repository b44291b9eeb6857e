"""Leadership figures, each a function from layout(s) and records to a matplotlib Figure.

Object API only (``matplotlib.figure.Figure``), no pyplot state and no Qt. Every figure is
computed from the simulation's records (walks, customer journeys, staff activities, queue
samples), never from constants, so a change in the records changes the figure. Before and
after are drawn side by side on the same scale and colour range. Labels come in Chinese,
English or both (``lang`` = 'zh', 'en', 'both').

Pages are A4 landscape: a title, the before/after panels on top and the numbers behind
them (a small table or note) underneath, so a page can be pasted into a slide as it is.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib
import matplotlib.ticker
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import LogNorm, SymLogNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.patches import Polygon as MplPolygon

from lobbysim.fonts import use_fonts
from lobbysim.model.elements import Area, Entrance, Fixture, Pillar, SeatBlock, Wall

A4 = (11.69, 8.27)

BUSINESS_COLOURS = [
    "#2a6fbb",
    "#d1495b",
    "#2e933c",
    "#8e5fb3",
    "#f08a24",
    "#7a5230",
    "#d17ab0",
    "#1aa3a3",
    "#6b6b6b",
    "#a8a800",
]
ROLE_COLOURS = {
    "lobby_manager": "#d62728",
    "cs_counter": "#1f77b4",
    "cs_floor": "#ff7f0e",
    "relationship_manager": "#2ca02c",
    "wealth_manager": "#9467bd",
    "ops_vp": "#e377c2",
    "branch_director": "#8c564b",
    "security_guard": "#7f7f7f",
}
ROLE_LABELS = {
    "lobby_manager": ("大堂经理", "Lobby manager"),
    "cs_counter": ("临柜客服经理", "Counter CS manager"),
    "cs_floor": ("非临柜客服经理", "Floor CS manager"),
    "relationship_manager": ("客户经理", "Relationship manager"),
    "wealth_manager": ("理财经理", "Wealth manager"),
    "ops_vp": ("内勤行长", "Operations VP"),
    "branch_director": ("网点主任", "Branch director"),
    "security_guard": ("保安", "Security guard"),
}
ACTIVITY_LABELS = {
    "serve": ("办理业务", "serving"),
    "authorise": ("授权", "authorising"),
    "walk": ("走动", "walking"),
    "market": ("营销", "marketing"),
    "call": ("外呼", "outbound calls"),
    "cover": ("补位", "cover"),
    "desk_task": ("案头工作", "desk tasks"),
    "greet": ("迎宾分流", "greeting, triage"),
    "floor": ("厅堂管理", "floor management"),
    "break": ("休息", "break"),
    "idle": ("空闲", "idle"),
}
ACTIVITY_COLOURS = {
    "serve": "#1f77b4",
    "authorise": "#17becf",
    "walk": "#ff7f0e",
    "market": "#d62728",
    "call": "#8c564b",
    "cover": "#9467bd",
    "desk_task": "#7f7f7f",
    "break": "#bcbd22",
    "idle": "#e3e3e3",
    "greet": "#e377c2",
    "floor": "#2ca02c",
}
DAY_NAMES = {
    "mon": ("周一", "Monday"),
    "tue": ("周二", "Tuesday"),
    "wed": ("周三", "Wednesday"),
    "thu": ("周四", "Thursday"),
    "fri": ("周五", "Friday"),
    "sat": ("周六", "Saturday"),
    "sun": ("周日", "Sunday"),
}
#: unit of a KPI -> (Chinese, English) as written after a number ('' for none)
UNITS = {
    "min": ("分钟", "min"),
    "m": ("米", "m"),
    "customers": ("人", ""),
    "contacts": ("次", ""),
    "conversions": ("个", ""),
    "calls": ("次", ""),
    "leads": ("个", ""),
    "alerts": ("次", ""),
    "authorisations": ("次", ""),
    "transactions": ("笔", ""),
    "seats": ("个", ""),
    "share": ("%", "%"),
}
VERDICT_COLOURS = {
    "better": "#d4f0d4",
    "worse": "#f8d4d2",
    "changed": "#dde8f6",
    "same": "white",
    "inconclusive": "#fbf3d5",
    "n/a": "#eeeeee",
}
A_COLOUR, B_COLOUR = "#8c8c8c", "#1f5fa8"


def T(zh: str, en: str, lang: str) -> str:
    """A label in the chosen language ('both' puts Chinese first)."""
    if lang == "zh":
        return zh
    if lang == "both":
        return f"{zh} {en}" if zh != en else zh
    return en


def T2(zh: str, en: str, lang: str) -> str:
    """Like T, but 'both' puts the English on a second line (for tick labels and narrow places)."""
    return f"{zh}\n{en}" if lang == "both" and zh != en else T(zh, en, lang)


def wrap(line: str, width_in: float, size: float) -> list[str]:
    """Lines of a paragraph that fit width_in inches at font size ``size``: breaks between
    Chinese characters or at spaces, never inside a number or a Latin word, and never before
    Chinese closing punctuation."""
    import re

    limit = width_in / (size / 72.0)  # ems per line

    def width(tok):
        return sum(1.0 if ord(ch) > 0x2E80 else 0.52 for ch in tok)

    out, cur, w = [], "", 0.0
    for tok in re.findall(r"[\u2e80-\uffff]|\s+|[^\s\u2e80-\uffff]+", line):
        tw = width(tok)
        if w + tw > limit and cur.strip() and tok not in "，。；：、）》”！？":
            out.append(cur.rstrip())
            cur, w = ("", 0.0) if tok.isspace() else (tok, tw)
            continue
        cur += tok
        w += tw
    if cur.strip() or not out:
        out.append(cur.rstrip())
    return out


def day_name(day: str, lang: str) -> str:
    return T(*DAY_NAMES.get(day, (day, day)), lang)


@contextmanager
def style():
    """Fonts with Chinese glyphs for figures created (and saved) inside this block: set for the
    whole process (see ``lobbysim.fonts.use_fonts``), so threads drawing at once agree."""
    use_fonts()
    yield


def new_figure(w: float = A4[0], h: float = A4[1]) -> Figure:
    return Figure(figsize=(w, h), dpi=100, layout="constrained")


def _page(title: str, note: str = "") -> Figure:
    """An A4 landscape page: the title top left, a short note on how to read it at the bottom."""
    fig = new_figure()
    fig.get_layout_engine().set(h_pad=0.05, w_pad=0.05)
    fig.suptitle(title, fontsize=16, x=0.015, ha="left", color="#1a1a1a")
    if note:
        fig.supxlabel(
            "\n".join(wrap(note, A4[0] - 0.6, 8.5)), fontsize=8.5, x=0.015, ha="left", color="#555555", linespacing=1.4
        )
    return fig


# --- numbers -------------------------------------------------------------------------------------------------
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


def fmt_value(v, unit: str, sign: bool = False) -> str:
    """A KPI value for people: shares as percent, counts without needless decimals."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "-"
    if unit == "share":
        x = 100 * v
        txt = f"{x:.1f}"
        if txt in ("-0.0", "0.0"):
            return "0.0%"
        return ("+" if sign and x > 0 else "") + txt + "%"
    if unit == "min":
        txt = f"{v:.2f}" if abs(v) < 1 else f"{v:.1f}"
    elif unit == "m":
        txt = f"{v:.1f}" if abs(v) < 100 else f"{v:.0f}"
    elif abs(v - round(v)) < 1e-9 or abs(v) >= 100:
        txt = f"{v:.0f}"  # a count
    else:
        txt = f"{v:.1f}" if abs(v) >= 1 else f"{v:.2f}"
    if float(txt) == 0:
        if v == 0:
            return txt.lstrip("-")
        txt = f"{v:.1g}"  # small but not zero: one significant digit
    return ("+" if sign and v > 0 else "") + txt


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
    pad = 0.4
    return (min(xs) - pad, max(xs) + pad, min(ys) - 1.3, max(ys) + pad)


def _poly(ax, geom, **kw):
    for g in getattr(geom, "geoms", [geom]):
        if g.is_empty or not hasattr(g, "exterior"):
            continue
        ax.add_patch(MplPolygon(np.asarray(g.exterior.coords), closed=True, **kw))


def draw_plan(
    ax, layout, lang: str = "en", extent=None, labels: bool = True, faint: bool = False, posts: bool = True
) -> None:
    """The plan: areas coloured by kind with labels, walls, pillars, fixtures, seats, posts
    outlined with their numbers, the entrance, and a scale bar."""
    alpha = 0.28 if faint else 0.75
    x0, x1, y0, y1 = extent or plan_extent(layout)
    # metres per typographic point on this axes (from its share of the figure; good enough to fit labels)
    fw = ax.get_figure(root=True).get_figwidth() * ax.get_position().width * 72.0
    m_per_pt = (x1 - x0) / max(fw, 1.0)
    obstacles = [
        e.geometry for e in layout if isinstance(e, (Fixture, SeatBlock, Wall, Pillar)) and not e.geometry.is_empty
    ]
    for a in layout.of_type(Area):
        g = a.geometry
        if g.is_empty or not g.is_valid:
            continue
        _poly(ax, g, facecolor=a.kind_info.color, edgecolor="none", alpha=alpha, zorder=1)
        if labels:
            name = T(a.name_zh or a.kind_info.zh, a.name_en or a.kind_info.en, lang)
            x, y, ha, va, name = _label_spot(g, name, obstacles, m_per_pt * 7.5)
            ax.text(
                x,
                y,
                name,
                ha=ha,
                va=va,
                fontsize=7.5,
                color="#333333",
                zorder=6,
                linespacing=1.1,
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.6),
            )
    b = layout.boundary
    if b is not None and not b.geometry.is_empty:
        _poly(ax, b.geometry, fill=False, edgecolor="#222222", linewidth=2.0, zorder=5)
    for e in layout:
        if isinstance(e, (Wall, Pillar)):
            if not e.geometry.is_empty:
                _poly(ax, e.geometry, facecolor="#333333", edgecolor="#333333", zorder=5)
        elif isinstance(e, Fixture):
            _poly(
                ax,
                e.geometry,
                facecolor=e.kind_info.color,
                edgecolor="#333333",
                linewidth=0.5,
                alpha=0.45 if faint else 0.95,
                zorder=4,
            )
            if labels and e.fixture_kind not in ("other",):
                short = T(e.name_zh or e.id, e.name_en or e.name_zh or e.id, "zh" if lang == "both" else lang)
                fx0, fy0, fx1, fy1 = e.geometry.bounds
                rot = 0
                room = max(fx1 - fx0 + 0.3, 1.5)
                if (fy1 - fy0) > 1.4 * (fx1 - fx0) and (fy1 - fy0) > 1.2:
                    if _is_cjk(short) and len(short) <= 6:
                        short = "\n".join(short)  # Chinese reads top-down in a tall box
                        room = math.inf
                    else:
                        rot = 90
                        room = fy1 - fy0 + 0.3
                short, size = _fit(short, room, m_per_pt, 5.5)
                ax.text(
                    e.x,
                    e.y,
                    short,
                    ha="center",
                    va="center",
                    fontsize=size,
                    zorder=7,
                    rotation=rot,
                    color="#111111",
                    linespacing=1.0,
                )
        elif isinstance(e, SeatBlock):
            _poly(
                ax,
                e.geometry,
                facecolor="#7f9fbf",
                edgecolor="#555555",
                linewidth=0.4,
                alpha=0.45 if faint else 0.85,
                zorder=4,
            )
        elif isinstance(e, Entrance):
            ax.plot([e.a[0], e.b[0]], [e.a[1], e.b[1]], color="#2ca02c", linewidth=6, solid_capstyle="butt", zorder=8)
            mx, my = e.midpoint
            ax.annotate(
                T(e.name_zh or "入口", e.name_en or "Entrance", lang) + " ▲",
                (mx, my),
                xytext=(0, -6),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=7.5,
                color="#1e7b1e",
                zorder=8,
            )
    if posts:
        for p in layout.posts():
            g = p.geometry
            if g.is_empty:
                continue
            inset = g.buffer(-0.12, join_style="mitre")
            _poly(
                ax,
                inset if not inset.is_empty else g,
                fill=False,
                edgecolor="#c0392b",
                linestyle="--",
                linewidth=1.3,
                zorder=6,
            )
            px0, py0, px1, py1 = (inset if not inset.is_empty else g).bounds
            ax.text(
                px1 - 0.2,
                py1 - 0.2,
                T(f"厅堂{p.number}号", f"Post {p.number}", lang),
                ha="right",
                va="top",
                fontsize=7.5,
                color="#c0392b",
                zorder=7,
                bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.7),
            )
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_visible(False)
    _scale_bar(ax, x1, y0, lang)


def _is_cjk(text: str) -> bool:
    return any("\u2e80" <= ch <= "\u9fff" for ch in text)


def _text_ems(text: str) -> float:
    """Rough width of one line in ems (CJK glyphs one em, Latin about half)."""
    return sum(1.0 if ord(ch) > 0x2E80 else 0.55 for ch in text)


def _two_lines(text: str) -> str | None:
    """The text broken at the space nearest its middle (None when it has no space)."""
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if not spaces:
        return None
    i = min(spaces, key=lambda k: abs(k - len(text) / 2))
    return text[:i] + "\n" + text[i + 1 :]


def _fit(text: str, room_m: float, m_per_pt: float, size: float, smallest: float = 4.0):
    """(text, font size) so that the label fits ``room_m`` metres: one line, else two, else smaller."""
    if "\n" in text or room_m == math.inf:
        return text, size
    for t in (text, _two_lines(text)):
        if t is None:
            continue
        width = max(_text_ems(line) for line in t.split("\n")) * size * m_per_pt
        if width <= room_m:
            return t, size
    t = _two_lines(text) or text
    width = max(_text_ems(line) for line in t.split("\n")) * m_per_pt
    return t, max(smallest, min(size, room_m / max(width, 1e-9)))


def _label_spot(area, name, obstacles, m_per_em):
    """Where an area's label goes and how it is broken: the first corner of the area (top left,
    bottom left, top right, bottom right) where a box of the label's rough size hits no fixture or
    seat, on one line or else on two; failing that the centre."""
    from shapely.geometry import box

    x0, y0, x1, y1 = area.bounds
    m = 0.15
    spots = [
        (x0 + m, y1 - m, "left", "top"),
        (x0 + m, y0 + m, "left", "bottom"),
        (x1 - m, y1 - m, "right", "top"),
        (x1 - m, y0 + m, "right", "bottom"),
    ]
    inside = area.buffer(0.05)
    for text in (name, _two_lines(name)):
        if text is None:
            continue
        lines = text.split("\n")
        w = max(_text_ems(line) for line in lines) * m_per_em + 0.2
        h = (1.25 * len(lines)) * m_per_em + 0.15
        for x, y, ha, va in spots:
            bx0 = x if ha == "left" else x - w
            by0 = y - h if va == "top" else y
            b = box(bx0, by0, bx0 + w, by0 + h)
            if inside.contains(b) and not any(b.intersects(o) for o in obstacles):
                return x, y, ha, va, text
    c = area.representative_point()
    return c.x, c.y, "center", "center", _two_lines(name) or name


def _scale_bar(ax, x1, y0, lang):
    """A 5 m bar (alternate 1 m blocks) in the bottom right corner, below the plan."""
    bx, by = x1 - 5.6, y0 + 0.25
    for i in range(5):
        ax.add_patch(
            Rectangle(
                (bx + i, by),
                1,
                0.16,
                facecolor="#222222" if i % 2 == 0 else "white",
                edgecolor="#222222",
                linewidth=0.5,
                zorder=9,
            )
        )
    ax.text(bx, by + 0.28, "0", ha="center", va="bottom", fontsize=6.5, zorder=9)
    ax.text(
        bx + 5,
        by + 0.28,
        T("5 米", "5 m", "en" if lang == "both" else lang),
        ha="center",
        va="bottom",
        fontsize=6.5,
        zorder=9,
    )


def no_posts_note(layout, lang) -> str:
    return "" if layout.posts() else T("（未划分厅堂岗位）", "(no lobby posts defined)", lang)


def _plan_axes(fig, n, extent, extra_in: float = 0.45, min_bottom_in: float = 1.6):
    """A row of n plan axes, as tall as the plans need (plus ``extra_in`` inches for titles
    and legends), above a panel taking the rest of the page; returns (plan axes, lower subfigure)."""
    x0, x1, y0, y1 = extent
    w_in, h_in = fig.get_size_inches()
    plan_w = (w_in - 0.3) / n - 0.15
    top_h = plan_w * (y1 - y0) / max(1e-9, x1 - x0) + extra_in
    avail = h_in - 0.75  # title and note
    top_h = min(top_h, avail - min_bottom_in)
    top, bottom = fig.subfigures(2, 1, height_ratios=[top_h, avail - top_h])
    axes = top.subplots(1, n, squeeze=False)[0]
    return list(axes), bottom


def _table(ax, rows, header, col_widths, colours=None, fontsize=8, scale=1.25, left_cols=(0,)):
    ax.axis("off")
    table = ax.table(
        cellText=rows,
        colLabels=header,
        cellColours=colours,
        loc="upper center",
        cellLoc="right",
        colLoc="center",
        colWidths=col_widths,
    )
    table.auto_set_font_size(False)
    table.set_fontsize(fontsize)
    table.scale(1, scale)
    tall = max(h.count("\n") for h in header) + 1 if header else 1
    for (r, c), cell in table.get_celld().items():
        if r == 0 and tall > 1:
            cell.set_height(cell.get_height() * (0.35 + 0.65 * tall))
        cell.set_edgecolor("#bbbbbb")
        cell.set_linewidth(0.4)
        if c in left_cols:
            cell.set_text_props(ha="left")
        if r == 0:
            cell.set_facecolor("#e9eef4")
            cell.set_text_props(ha="center")
    return table


def figure_plans(layouts: list, titles: list[str], lang: str = "en") -> Figure:
    """The plans side by side, and the floor area of every kind of area in each."""
    fig = _page(
        T("网点平面图", "Floor plan", lang),
        T(
            "区域按功能着色；红色虚线为厅堂1、2、3号岗位责任区；绿色为入口",
            "areas coloured by function; red dashes: lobby posts 1, 2, 3; green: the entrance",
            lang,
        ),
    )
    ext = plan_extent(*layouts)
    axes, bottom = _plan_axes(fig, len(layouts), ext)
    for ax, lay, title in zip(axes, layouts, titles):
        draw_plan(ax, lay, lang, ext)
        note = no_posts_note(lay, lang)
        ax.set_title(title + (f"  {note}" if note else ""), fontsize=11)
    # area by kind, m², and a count of the main fixtures
    kinds: dict[str, list[float]] = {}
    labels: dict[str, str] = {}
    for i, lay in enumerate(layouts):
        for a in lay.of_type(Area):
            kinds.setdefault(a.area_kind, [0.0] * len(layouts))[i] += a.geometry.area
            labels[a.area_kind] = T(a.kind_info.zh, a.kind_info.en, lang)
    rows = [[labels[k]] + [f"{v:.0f}" if v else "-" for v in vals] for k, vals in kinds.items()]
    fx_rows = []
    fx: dict[str, list[int]] = {}
    fx_labels: dict[str, str] = {}
    for i, lay in enumerate(layouts):
        for e in lay.of_type(Fixture):
            if e.fixture_kind == "other":
                continue
            fx.setdefault(e.fixture_kind, [0] * len(layouts))[i] += 1
            fx_labels[e.fixture_kind] = T(e.kind_info.zh, e.kind_info.en, lang)
        fx.setdefault("_seats", [0] * len(layouts))[i] += len(lay.seats())
        fx.setdefault("_posts", [0] * len(layouts))[i] += len(lay.posts())
    fx_labels["_seats"] = T("座位", "seats", lang)
    fx_labels["_posts"] = T("厅堂岗位", "lobby posts", lang)
    for k, vals in fx.items():
        fx_rows.append([fx_labels[k]] + [str(v) if v else "-" for v in vals])
    ax1, ax2 = bottom.subplots(1, 2)
    if rows:
        _table(
            ax1,
            rows,
            [T("区域（平方米）", "area (m²)", lang)] + titles,
            [0.4] + [0.2] * len(layouts),
            fontsize=7.5,
            scale=1.05,
        )
    else:
        ax1.axis("off")
    _table(
        ax2,
        _columns(fx_rows, 2),
        [T("设施", "fixtures", lang)] + titles + [T("设施", "fixtures", lang)] + titles,
        [0.24, 0.1, 0.1, 0.24, 0.1, 0.1] if len(layouts) == 2 else None,
        fontsize=7.5,
        scale=1.05,
        left_cols=(0, 1 + len(layouts)),
    )
    return fig


def _columns(rows, n):
    """rows split into n side-by-side blocks (for a short, wide table)."""
    if not rows:
        return [["-"]]
    per = math.ceil(len(rows) / n)
    width = len(rows[0])
    out = []
    for i in range(per):
        line = []
        for j in range(n):
            k = j * per + i
            line += rows[k] if k < len(rows) else [""] * width
        out.append(line)
    return out


# --- customer flow ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Flow:
    business: str
    purpose: str
    path: tuple
    per_day: float


def _snap(p, grid):
    return (round(p[0] / grid), round(p[1] / grid))


def customer_flows(records_list, snap: float = 1.0) -> list[Flow]:
    """Customer walks bundled into flows: walks of the same business and purpose whose ends lie
    within ``snap`` metres of each other are one flow, drawn along its most walked path, with
    its customers per day (averaged over the replications)."""
    n = max(1, len(records_list))
    groups: dict[tuple, Counter] = defaultdict(Counter)
    for rec in records_list:
        for w in rec.walks:
            if w.actor == "customer" and len(w.path) >= 2:
                key = (w.group, w.purpose, _snap(w.path[0], snap), _snap(w.path[-1], snap))
                groups[key][tuple(w.path)] += 1
    flows = [Flow(k[0], k[1], c.most_common(1)[0][0], sum(c.values()) / n) for k, c in groups.items()]
    flows.sort(key=lambda f: (-f.per_day, f.business, f.purpose, f.path))
    return flows


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


def _nice_steps(top: float) -> list[float]:
    if top <= 0:
        return []
    mag = 10 ** math.floor(math.log10(top))
    cands = [v * mag for v in (0.1, 0.2, 0.5, 1, 2, 5)]
    steps = [v for v in cands if v <= top]
    return steps[-3:]


def business_colours(codes) -> dict[str, str]:
    return {b: BUSINESS_COLOURS[i % len(BUSINESS_COLOURS)] for i, b in enumerate(codes)}


def _business_order(records, business_names):
    seen = list(business_names or {})
    for recs in records:
        for r in recs:
            for c in r.customers:
                if c.business not in seen:
                    seen.append(c.business)
    return seen


def figure_customer_flow(layouts, records, titles, lang="en", business_names=None) -> Figure:
    """The 动线 chart: customers' walks from the entrance via the ticket dispenser, seats and
    counters to the exit; line width proportional to customers per day, colour by business type."""
    fig = _page(
        T("客户动线图", "Customer flow chart", lang),
        T(
            "实线：进店至取号、候座、柜台/设备；虚线：离店。线宽与每日客户数成正比，颜色表示业务类型",
            "solid: entrance to ticket, seat and counter or machine; dashed: leaving. "
            "Line width proportional to customers per day, colour by business type",
            lang,
        ),
    )
    ext = plan_extent(*layouts)
    axes, bottom = _plan_axes(fig, len(layouts), ext)
    flows = [customer_flows(r) for r in records]
    order = _business_order(records, business_names)
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
        for v in _nice_steps(top)
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
        tot = [T("合计 / 平均", "all / mean", lang)]
        for recs in records:
            tot.append(f"{sum(len(r.customers) for r in recs) / max(1, len(recs)):.0f}")
        for recs in records:
            cs = [c.walk_m for r in recs for c in r.customers]
            tot.append(f"{np.mean(cs):.1f}" if cs else "-")
        rows.append(tot)
        short = [t.split(" · ")[0] for t in titles]
        header = (
            [T("业务类型", "business", lang)]
            + [T("人/天", "a day", lang) + f"\n{t}" for t in short]
            + [T("人均步行米", "m walked each", lang) + f"\n{t}" for t in short]
        )
        _table(
            tax, rows, header, [0.36] + [0.16] * (2 * len(records)), fontsize=6.8 if lang == "both" else 7.5, scale=1.0
        )
    else:
        tax.axis("off")
        tax.text(0.5, 0.5, T("没有客户步行记录", "no customer walks in the records", lang), ha="center")
    return fig


# --- staff spaghetti ----------------------------------------------------------------------------------------
def staff_metres(recs) -> dict[str, float]:
    """role -> metres walked per day (averaged over replications)."""
    n = max(1, len(recs))
    out: dict[str, float] = defaultdict(float)
    for rec in recs:
        for w in rec.walks:
            if w.actor == "staff":
                out[w.group] += w.metres / n
    return dict(out)


def figure_staff_spaghetti(layouts, records, titles, lang="en") -> Figure:
    """Staff spaghetti diagram: every staff walk of one simulated day drawn on the plan, coloured
    by role, with metres per day by role (mean over the replications) in the legend."""
    fig = _page(
        T("员工走动轨迹（意大利面图）", "Staff spaghetti diagram", lang),
        T(
            "一个模拟日内员工的全部走动；图例为各岗位每日步行距离（各次重复的平均）",
            "every staff walk of one simulated day; the legend gives metres per day by role "
            "(mean over the replications)",
            lang,
        ),
    )
    ext = plan_extent(*layouts)
    axes, bottom = _plan_axes(fig, len(layouts), ext, extra_in=1.4, min_bottom_in=1.3)
    roles = sorted(
        {w.group for recs in records for r in recs for w in r.walks if w.actor == "staff"},
        key=lambda r: list(ROLE_LABELS).index(r) if r in ROLE_LABELS else 99,
    )
    for ax, lay, recs, title in zip(axes, layouts, records, titles):
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
        total = sum(metres.values())
        ax.set_title(
            title + "\n" + T(f"员工合计步行 {total:.0f} 米/天", f"staff walk {total:.0f} m a day in all", lang),
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
        _table(
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


# --- occupancy heat maps -------------------------------------------------------------------------------------
def customer_dwell(records, step: float = 2.0):
    """(x, y, minutes) of where customers spend their time: standing or sitting between walks
    (in a queue, on a seat, at a counter) for the exact span, and along their walks in steps."""
    xs, ys, ms = [], [], []
    walks: dict[str, list] = defaultdict(list)
    for w in records.walks:
        if w.actor == "customer" and w.path:
            walks[w.actor_id].append(w)
    for c in records.customers:
        ws = sorted(walks.get(str(c.customer_id), ()), key=lambda w: w.start)
        if not ws:
            continue
        leave = c.departure if c.departure is not None else max(records.end_time or 0.0, records.close_time)
        # before the first walk: just inside the door
        if ws[0].start > c.arrival:
            xs.append(ws[0].path[0][0])
            ys.append(ws[0].path[0][1])
            ms.append((ws[0].start - c.arrival) / 60)
        for i, w in enumerate(ws):
            dur = max(0.0, w.end - w.start)
            pts = np.asarray(w.path, dtype=float)
            if dur > 0 and len(pts) >= 2:
                seg = np.hypot(*np.diff(pts, axis=0).T)
                total = seg.sum()
                k = max(1, int(math.ceil(dur / step)))
                if total > 0:
                    s = (np.arange(k) + 0.5) / k * total
                    cum = np.concatenate([[0.0], np.cumsum(seg)])
                    xs.extend(np.interp(s, cum, pts[:, 0]))
                    ys.extend(np.interp(s, cum, pts[:, 1]))
                    ms.extend([dur / k / 60] * k)
            nxt = ws[i + 1].start if i + 1 < len(ws) else leave
            if nxt > w.end:
                x, y = w.path[-1]
                xs.append(x)
                ys.append(y)
                ms.append((nxt - w.end) / 60)
    return np.asarray(xs), np.asarray(ys), np.asarray(ms)


def _smooth(grid, sigma_cells: float):
    if sigma_cells <= 0:
        return grid
    r = int(math.ceil(3 * sigma_cells))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma_cells) ** 2)
    k /= k.sum()
    g = np.apply_along_axis(lambda v: np.convolve(v, k, mode="same"), 0, grid)
    return np.apply_along_axis(lambda v: np.convolve(v, k, mode="same"), 1, g)


def occupancy_grid(layout, records_list, extent, cell: float = 0.25, smooth_m: float = 0.35):
    """Customer-minutes per m² per day (averaged over replications) on a grid of ``cell`` metres,
    lightly smoothed (Gaussian, ``smooth_m``) so a seat or a counter shows as a spot, not a pixel.
    Rows are y (origin lower), columns x."""
    x0, x1, y0, y1 = extent
    nx_, ny_ = max(1, int(math.ceil((x1 - x0) / cell))), max(1, int(math.ceil((y1 - y0) / cell)))
    grid = np.zeros((ny_, nx_))
    for rec in records_list:
        x, y, m = customer_dwell(rec)
        if len(m):
            h, _, _ = np.histogram2d(
                y, x, bins=[ny_, nx_], range=[[y0, y0 + ny_ * cell], [x0, x0 + nx_ * cell]], weights=m
            )
            grid += h
    grid = _smooth(grid, smooth_m / cell)
    return grid / max(1, len(records_list)) / (cell * cell)


def minutes_by_area(layout, grid, extent, cell: float = 0.25) -> dict[str, float]:
    """Customer-minutes per day in each area of the layout (from an occupancy grid)."""
    import shapely

    x0, x1, y0, y1 = extent
    ny_, nx_ = grid.shape
    cx = x0 + (np.arange(nx_) + 0.5) * cell
    cy = y0 + (np.arange(ny_) + 0.5) * cell
    X, Y = np.meshgrid(cx, cy)
    out = {}
    for a in layout.of_type(Area):
        inside = shapely.contains_xy(a.geometry, X, Y)
        out[a.id] = float((grid * inside).sum() * cell * cell)
    return out


def figure_heatmaps(layouts, records, titles, lang="en") -> Figure:
    """Occupancy heat maps of A and B on one colour scale, the difference B − A, and the
    customer-minutes per area; with three or more variants, every map on one scale and the
    minutes per area side by side (no difference map)."""
    many = len(layouts) > 2
    fig = _page(
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
        rows = _area_rows(layouts, grids, ext, lang)
        if rows:
            _table(
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
        rows_ = _area_rows(layouts, grids, ext, lang)
        if rows_:
            names = [t.split(" · ")[0] for t in titles]
            _table(tax, rows_, [T("区域", "area", lang)] + names, [0.34] + [0.66 / n] * n, fontsize=7, scale=1.1)
            tax.set_title(T("各区域客户停留（客户·分钟/天）", "customer-minutes per day by area", lang), fontsize=10)
        else:
            tax.axis("off")
    return fig


def _area_rows(layouts, grids, ext, lang):
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


# --- waits ------------------------------------------------------------------------------------------------------
def _legend_or_note(ax, note: str, **kw) -> None:
    """The legend, or, when nothing was drawn, a note saying there is no data."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(**kw)
    else:
        ax.text(0.5, 0.5, note, ha="center", va="center", transform=ax.transAxes, fontsize=10, color="#888888")


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
        qs = sorted((q for q in r.queues if q.queue == "tickets"), key=lambda q: q.time)
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


def figure_waits(records, titles, lang="en", target_min: float = 15.0) -> Figure:
    """Wait distribution before vs after (histogram and the share waiting longer than x), and
    waits and queue length by hour of the day."""
    fig = _page(
        T("客户等候", "Customer waits", lang),
        T(
            f"自进店至开始办理的时间；虚线为 {target_min:g} 分钟等候目标",
            f"from entering to the start of service; dotted line: the {target_min:g}-minute target",
            lang,
        ),
    )
    (ax1, ax2), (ax3, ax4) = fig.subplots(2, 2)
    allw = [_waits(r) for r in records]
    colours = [A_COLOUR, B_COLOUR, "#2ca02c", "#d62728"]
    top = max([float(np.percentile(w, 99.5)) for w in allw if len(w)] or [1.0])
    hi = max(target_min + 5.0, math.ceil(top / 5) * 5)
    bins = np.arange(0, hi + 1, 1.0)
    for w, title, col in zip(allw, titles, colours):
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
                f"平均 {w.mean():.1f}，90分位 {np.percentile(w, 90):.1f} 分钟",
                f"mean {w.mean():.1f}, 90th pct {np.percentile(w, 90):.1f} min",
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
                f"超 {target_min:g} 分钟 {100 * np.mean(w > target_min):.1f}%",
                f"{100 * np.mean(w > target_min):.1f}% over {target_min:g} min",
                lang,
            ),
        )
    for ax in (ax1, ax2):
        ax.axvline(target_min, color="#d62728", linestyle=":", linewidth=1.2)
        ax.set_xlim(0, hi)
        ax.set_xlabel(T("等候时间（分钟）", "wait (min)", lang))
        ax.grid(alpha=0.25)
        _legend_or_note(
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
        hours, wait, queue = _by_hour(recs, start, end)
        ax3.plot(hours + 0.5, wait, marker="o", color=col, linewidth=2, label=title)
        ax4.bar(hours + 0.5 + (i - (k - 1) / 2) * wbar, queue, width=wbar * 0.95, color=col, label=title)
    hticks = np.arange(start, end + 1)
    for ax in (ax3, ax4):
        ax.set_xticks(hticks, [f"{h}:00" for h in hticks], fontsize=8)
        ax.set_xlim(start, end)
        ax.grid(alpha=0.25, axis="y")
        _legend_or_note(ax, T("没有数据", "no data", lang), fontsize=8)
    ax3.set_ylabel(T("平均等候（分钟）", "mean wait (min)", lang))
    ax3.set_title(T("各到店时段的平均等候", "Mean wait by hour of arrival", lang), fontsize=11)
    ax3.set_ylim(0, None)
    ax4.set_ylabel(T("平均排队人数", "mean number waiting", lang))
    ax4.set_title(T("各时段排队人数（等候叫号）", "Customers waiting for a counter, by hour", lang), fontsize=11)
    return fig


# --- staff time use ---------------------------------------------------------------------------------------------
def staff_time_use(recs) -> dict[str, dict[str, float]]:
    """role -> activity -> hours per day (all staff of the role, averaged over replications)."""
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    n = max(1, len(recs))
    for r in recs:
        for a in r.staff:
            out[a.role][a.activity] += (a.end - a.start) / 3600 / n
    return {k: dict(v) for k, v in out.items()}


def staff_headcount(recs) -> dict[str, int]:
    """role -> number of staff of that role (from the roster, else from the activities)."""
    people: dict[str, set] = defaultdict(set)
    for r in recs:
        for sid, role in (r.roster or {}).items():
            people[role].add(sid)
        for a in r.staff:
            people[a.role].add(a.staff_id)
    return {k: len(v) for k, v in people.items()}


def figure_staff_time(records, titles, lang="en") -> Figure:
    """Stacked bars of staff time by activity, hours per person per day, per role, before vs after."""
    fig = _page(
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
    _legend_or_note(
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
    fig = _page(
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
    t = _table(
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


__all__ = [
    "style",
    "draw_plan",
    "figure_plans",
    "figure_customer_flow",
    "figure_staff_spaghetti",
    "figure_heatmaps",
    "figure_waits",
    "figure_staff_time",
    "figure_kpi_table",
    "customer_flows",
    "customer_dwell",
    "occupancy_grid",
    "minutes_by_area",
    "staff_time_use",
    "staff_metres",
    "plan_extent",
    "T",
    "fmt_value",
    "kpi_rows",
    "Flow",
    "Patch",
]
