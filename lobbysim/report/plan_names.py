"""Fixture names on the printed plan that never overlap one another or the names of areas, posts
and doors, as a consultant's printed plan does it.

A row of numbered fixtures (cash windows 1–7, smart counters 1–6) whose full names would
collide is numbered instead: each fixture shows its number and one group name ("Cash window
1–7", "1–7号高柜") stands beside the row. Any other name that would overlap a name already
placed tries its number, then is left off (the plan's table of fixtures still counts it).
Boxes are measured with the renderer, in the figure's final layout: the layout engine is run
before measuring, and fixture names take no part in it, so that what is measured is what is
printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: a name with one number in it: "Cash window 3", "3号高柜", "智能柜台3"
_NUMBERED = re.compile(r"^(\D*?)\s*(\d+)\s*(\D*)$")
#: display pixels kept free between two names
GAP_PX = 1.5


@dataclass(frozen=True, slots=True)
class FixtureName:
    """A fixture's name as ``draw_plan`` would write it (text, size, rotation, centre), its
    fixture's centre and box (plan metres), and its kind (for grouping numbered rows)."""

    text: str
    x: float
    y: float
    size: float
    rot: float
    full: str
    cx: float
    cy: float
    bounds: tuple[float, float, float, float]
    kind: str


def numbered(name: str) -> tuple[str, str, str] | None:
    """(before, number, after) of a name with one number in it, else None."""
    m = _NUMBERED.match(name.strip())
    return (m.group(1), m.group(2), m.group(3)) if m else None


def group_label(before: str, numbers: list[str], after: str) -> str:
    """'Cash window 1–7' (or '1, 3, 5' when the numbers are not a run), Chinese without spaces."""
    ns = sorted(int(n) for n in numbers)
    run = f"{ns[0]}–{ns[-1]}" if ns == list(range(ns[0], ns[-1] + 1)) else ", ".join(str(n) for n in ns)
    b = before.strip()
    sep = "" if not b or ord(b[-1]) > 0x2E80 else " "  # 智能柜台1–6, Cash window 1–7
    return b + sep + run + after


def renderer_of(fig):
    """A renderer for measuring text on ``fig`` (Agg: the sizes are in points, as in print)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    root = fig.get_figure(root=True) if hasattr(fig, "get_figure") else fig
    canvas = root.canvas if isinstance(root.canvas, FigureCanvasAgg) else FigureCanvasAgg(root)
    return canvas.get_renderer()


class NamePlacer:
    """Places fixture names on one plan axes around the names already drawn there."""

    def __init__(self, ax, style: dict):
        self.ax, self.style = ax, style
        fig = ax.get_figure(root=True)
        engine = fig.get_layout_engine()
        if engine is not None:
            engine.execute(fig)  # the final axes box, before anything is measured
        ax.apply_aspect()
        self.r = renderer_of(fig)
        self.placed = [t.get_window_extent(self.r).padded(GAP_PX) for t in ax.texts if t.get_visible() and t.get_text()]

    def _free(self, bb) -> bool:
        """Inside the plan's axes and clear of every name placed."""
        a = self.ax.bbox
        inside = a.x0 <= bb.x0 and bb.x1 <= a.x1 and a.y0 <= bb.y0 and bb.y1 <= a.y1
        return inside and not any(bb.overlaps(p) for p in self.placed)

    def put(self, text: str, x: float, y: float, size: float, rot: float = 0.0, ha: str = "center", va: str = "center"):
        """Write ``text`` if its box is free; the Text, or None (nothing written)."""
        t = self.ax.text(x, y, text, ha=ha, va=va, fontsize=size, rotation=rot, **self.style)
        t.set_in_layout(False)
        bb = t.get_window_extent(self.r).padded(GAP_PX)
        if not self._free(bb):
            t.remove()
            return None
        self.placed.append(bb)
        return t

    def _fits_alone(self, n: FixtureName):
        """(whether the full name is free of the names placed, its box)."""
        t = self.ax.text(n.x, n.y, n.text, ha="center", va="center", fontsize=n.size, rotation=n.rot, **self.style)
        bb = t.get_window_extent(self.r).padded(GAP_PX)
        t.remove()
        return self._free(bb), bb

    def place(self, names: list[FixtureName]) -> None:
        groups: dict[tuple, list[tuple[FixtureName, tuple[str, str, str]]]] = {}
        for n in names:
            parts = numbered(n.full)
            if parts is not None:
                groups.setdefault((n.kind, parts[0], parts[2]), []).append((n, parts))
        crowded = set()
        for key, members in groups.items():
            if len(members) > 1 and self._row_collides([m[0] for m in members]):
                crowded.add(key)
        in_rows = {id(m[0]) for k in crowded for m in groups[k]}
        shown = {key: self._number_row(groups[key]) for key in crowded}
        # names on their own fixture first, then the rows' names, then the rest beside their fixture
        left = [n for n in names if id(n) not in in_rows and self.put(n.text, n.x, n.y, n.size, n.rot) is None]
        for key in crowded:
            self._name_row(key, shown[key])
        for n in left:
            self._place_beside(n)

    def _place_beside(self, n: FixtureName) -> None:
        """Just beside the fixture, else its number on it, else left off."""
        for size in sorted({n.size, min(n.size, 4.0)}, reverse=True):
            for px, py, ha, va in self._beside(n.bounds):
                if self.put_px(n.text, px, py, size, ha, va, n.rot) is not None:
                    return
        parts = numbered(n.full)
        if parts is not None:
            self.put(parts[1], n.cx, n.cy, n.size)

    def _beside(self, bounds, gap: float = 2.0):
        """Display-pixel spots just above, below, right and left of a plan box (x0, y0, x1, y1)."""
        (a, b), (c, d) = self.ax.transData.transform([(bounds[0], bounds[1]), (bounds[2], bounds[3])])
        xm, ym = (a + c) / 2, (b + d) / 2
        return [
            (xm, max(b, d) + gap, "center", "bottom"),
            (xm, min(b, d) - gap, "center", "top"),
            (max(a, c) + gap, ym, "left", "center"),
            (min(a, c) - gap, ym, "right", "center"),
        ]

    def put_px(self, text: str, px: float, py: float, size: float, ha: str, va: str, rot: float = 0.0):
        """``put`` at a display-pixel point."""
        x, y = self.ax.transData.inverted().transform((px, py))
        return self.put(text, x, y, size, rot, ha, va)

    def _row_collides(self, row: list[FixtureName]) -> bool:
        """Whether the full names of a row would overlap each other or a name already placed."""
        boxes = []
        for n in row:
            free, bb = self._fits_alone(n)
            if not free or any(bb.overlaps(b) for b in boxes):
                return True
            boxes.append(bb)
        return False

    def _number_row(self, members: list) -> tuple[list[str], list]:
        """Each fixture of a crowded row shows its number: (the numbers shown, their boxes)."""
        shown, boxes = [], []
        for n, parts in members:
            if self.put(parts[1], n.cx, n.cy, max(n.size, 5.0)) is not None:
                shown.append(parts[1])
                boxes.append(self.placed[-1])
        return shown, boxes

    def _name_row(self, key: tuple, numbers: tuple[list[str], list]) -> None:
        """One group name beside a numbered row ("Cash window 1–7")."""
        from matplotlib.transforms import Bbox

        shown, boxes = numbers
        if not shown:
            return

        u = Bbox.union(boxes)
        bounds = self.ax.transData.inverted().transform([(u.x0, u.y0), (u.x1, u.y1)]).ravel()
        spots = self._beside(bounds)
        spots = spots if u.width >= u.height else spots[2:] + spots[:2]  # a column: beside it first
        text = group_label(key[1], shown, key[2])
        for size in (6.0, 5.0, 4.5):
            for px, py, ha, va in spots:
                if self.put_px(text, px, py, size, ha, va) is not None:
                    return
