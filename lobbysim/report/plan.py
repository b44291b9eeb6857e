"""The floor plan as a matplotlib drawing (areas, walls, fixtures, seats, posts, the entrance, a
scale bar), and the plan page."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.patches import Rectangle

from lobbysim.model.elements import Area, Entrance, Fixture, Pillar, SeatBlock, Wall

from .labels import T
from .page import columns, heading_room, page, table
from .plan_names import FixtureName, NamePlacer

#: the names of posts and doors stay readable above anything laid over the plan (a heat map is 9)
NAMES_ON_TOP = 11


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
    barrier = _barrier(layout)
    names: list[FixtureName] = []  # placed last, around the names of areas, posts and doors
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
                full = short.replace("\n", "")
                short, size = _fit(short, room, m_per_pt, 5.5)
                lx, ly = _clear_of_walls(e.x, e.y, short, size, m_per_pt, rot, barrier)
                names.append(FixtureName(short, lx, ly, size, rot, full, e.x, e.y, e.geometry.bounds, e.fixture_kind))
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
            # a door near the plan's left or right edge is named inwards (else half its name is cut)
            ha = "right" if mx > x1 - 0.15 * (x1 - x0) else "left" if mx < x0 + 0.15 * (x1 - x0) else "center"
            ax.annotate(
                T(e.name_zh or "入口", e.name_en or "Entrance", lang) + " ▲",
                (mx, my),
                xytext=(0, -6),
                textcoords="offset points",
                ha=ha,
                va="top",
                fontsize=7.5,
                color="#1e7b1e",
                zorder=NAMES_ON_TOP,
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
                zorder=NAMES_ON_TOP,
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
    if names:
        NamePlacer(ax, dict(zorder=7, color="#111111", linespacing=1.0)).place(names)


def _barrier(layout):
    """Walls, pillars and the outline as one prepared shape (what no label may cross)."""
    from shapely import prepared, unary_union

    lines = [e.geometry for e in layout if isinstance(e, (Wall, Pillar)) and not e.geometry.is_empty]
    b = layout.boundary
    if b is not None and not b.geometry.is_empty:
        lines.append(b.geometry.exterior)
    return prepared.prep(unary_union(lines)) if lines else None


def _clear_of_walls(x, y, text, size, m_per_pt, rot, barrier):
    """A fixture's label centre: on the fixture, or the nearest shift of it (up to the label's
    own size) whose box crosses no wall, pillar or the outline."""
    from shapely.geometry import box

    lines = text.split("\n")
    w = max(_text_ems(line) for line in lines) * size * m_per_pt + 0.1
    h = 1.25 * len(lines) * size * m_per_pt + 0.1
    if rot:
        w, h = h, w
    if barrier is None or not barrier.intersects(box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)):
        return x, y
    for k in range(1, 11):
        for dx, dy in ((k * w / 10, 0), (-k * w / 10, 0), (0, k * h / 5), (0, -k * h / 5)):
            cx, cy = x + dx, y + dy
            if not barrier.intersects(box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)):
                return cx, cy
    return x, y


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


def plan_axes(fig, n, extent, extra_in: float = 0.45, min_bottom_in: float = 1.6):
    """A row of n plan axes, as tall as the plans need (plus ``extra_in`` inches for titles
    and legends), above a panel taking the rest of the page; returns (plan axes, lower subfigure)."""
    x0, x1, y0, y1 = extent
    w_in, h_in = fig.get_size_inches()
    plan_w = (w_in - 0.3) / n - 0.15
    top_h = plan_w * (y1 - y0) / max(1e-9, x1 - x0) + extra_in
    avail = h_in - heading_room()  # title and note
    top_h = min(top_h, avail - min_bottom_in)
    top, bottom = fig.subfigures(2, 1, height_ratios=[top_h, avail - top_h])
    axes = top.subplots(1, n, squeeze=False)[0]
    return list(axes), bottom


#: title and note of the plan pages
PLAN_HEADING = (
    ("网点平面图", "Floor plan"),
    (
        "区域按功能着色；红色虚线为厅堂1、2、3号岗位责任区；绿色为入口",
        "areas coloured by function; red dashes: lobby posts 1, 2, 3; green: the entrance",
    ),
)


def figure_plan(layout, title: str, lang: str = "en", extent=None) -> Figure:
    """One floor plan filling a page (at the size of ``page_format``), titled; plans drawn on one
    ``extent`` are on one scale, so two of them side by side compare like ``figure_plans``."""
    fig = page(T(*PLAN_HEADING[0], lang), T(*PLAN_HEADING[1], lang))
    ax = fig.subplots()
    note = no_posts_note(layout, lang)
    ax.set_title(title + (f"  {note}" if note else ""), fontsize=11)  # first: names are placed in the final layout
    draw_plan(ax, layout, lang, extent or plan_extent(layout))
    return fig


def figure_plans(layouts: list, titles: list[str], lang: str = "en") -> Figure:
    """The plans side by side, and the floor area of every kind of area in each."""
    fig = page(T(*PLAN_HEADING[0], lang), T(*PLAN_HEADING[1], lang))
    ext = plan_extent(*layouts)
    axes, bottom = plan_axes(fig, len(layouts), ext)
    for ax, lay, title in zip(axes, layouts, titles):  # titles first: names are placed in the final layout
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
    _tables(bottom, rows, fx_rows, titles, lang)
    for ax, lay in zip(axes, layouts):  # last: the names are measured in the page's final layout
        draw_plan(ax, lay, lang, ext)
    return fig


def _tables(bottom, rows, fx_rows, titles, lang) -> None:
    """The floor area of every kind of area, and a count of the main fixtures, of each plan; the
    columns are as wide as their texts (long variant names in the headers wrapped)."""
    n = len(titles)
    ax1, ax2 = bottom.subplots(1, 2)
    width_in = bottom.get_figure(root=True).get_figwidth() / 2 - 0.35
    if rows:
        header = [T("区域（平方米）", "area (m²)", lang)] + titles
        header, widths, size = _column_widths(rows, header, width_in, 7.5)
        table(ax1, rows, header, widths, fontsize=size, scale=1.05)
    else:
        ax1.axis("off")
    fx = columns(fx_rows, 2)
    header = [T("设施", "fixtures", lang)] + titles + [T("设施", "fixtures", lang)] + titles
    header, widths, size = _column_widths(fx, header, width_in, 7.5)
    table(ax2, fx, header, widths, fontsize=size, scale=1.05, left_cols=(0, 1 + n))


def _column_widths(rows, header, width_in: float, size: float, smallest: float = 5.5):
    """(header, column widths as shares of the table's width, font size) so that every text fits
    its column on ``width_in`` inches: a header wider than its column's cells (a long variant
    name) is wrapped, then the font shrinks down to ``smallest``."""
    from .labels import wrap

    def ems(text) -> float:
        return max((_text_ems(line) for line in str(text).split("\n")), default=0.0)

    cells = [max((ems(r[c]) for r in rows), default=0.0) for c in range(len(header))]
    pad = 1.4  # ems of cell padding and rule
    wrapped = []
    for c, h in enumerate(header):
        room = max(cells[c], 6.0)
        wrapped.append("\n".join(wrap(h, room * size / 72.0, size)) if ems(h) > room else h)
    need = [max(cells[c], ems(h)) + pad for c, h in enumerate(wrapped)]
    total_in = sum(need) * size / 72.0
    size = max(smallest, min(size, size * width_in / total_in))
    return wrapped, [w / sum(need) for w in need], size
