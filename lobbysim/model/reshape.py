"""Resize and reshape elements by dragging a handle: the geometry behind the editor's canvas
handles (no Qt here).

Placed elements (fixtures, seat blocks) have eight handles on their rotated rectangle: the
four corners and the four edge midpoints, named by their local side signs ``"sx,sy"`` with
sx, sy in {-1, 0, 1}. Dragging one keeps the opposite side where it is; a seat block's size
steps in whole seats and rows. Polygon elements (boundary, areas, pillars, post zones) have a
handle per vertex (``"v0"``, ``"v1"``...); an axis-aligned rectangle stays a rectangle. Walls
and entrances have a handle per end point or vertex.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from .commands import Command, ReplaceElement
from .elements import Element, Entrance, Fixture, Pt, SeatBlock, Wall, _Placed, _PolygonElement
from .layout import Layout
from .snapping import snap_to_grid

#: the smallest width or depth a handle can give an element (metres)
MIN_SIZE = 0.1

_SIDES = [(-1, -1), (0, -1), (1, -1), (1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0)]


def handles(element: Element) -> list[tuple[str, Pt]]:
    """(handle name, world position) of every handle of the element; [] if it has none."""
    if isinstance(element, (Fixture, SeatBlock)):
        w, d = element.size
        return [(f"{sx},{sy}", element.to_world(sx * w / 2, sy * d / 2)) for sx, sy in _SIDES]
    if isinstance(element, _PolygonElement):
        return [(f"v{i}", _pt(p)) for i, p in enumerate(element.polygon)]
    if isinstance(element, Wall):
        return [(f"v{i}", _pt(p)) for i, p in enumerate(element.points)]
    if isinstance(element, Entrance):
        return [("v0", _pt(element.a)), ("v1", _pt(element.b))]
    return []


def _pt(p: Sequence[float]) -> Pt:
    return (p[0], p[1])


def _local(element: _Placed, p: Pt) -> Pt:
    a = math.radians(element.rotation)
    c, s = math.cos(a), math.sin(a)
    dx, dy = p[0] - element.x, p[1] - element.y
    return (c * dx + s * dy, -s * dx + c * dy)


def _side(sign: int, size: float, coord: float, step: float | None) -> tuple[float, float]:
    """New (size, centre offset) along one local axis when the ``sign`` side moves to ``coord``
    and the opposite side stays; ``step`` rounds the size (grid or seat) when given."""
    if sign == 0:
        return size, 0.0
    fixed = -sign * size / 2
    new = max(MIN_SIZE, sign * (coord - fixed))
    if step:
        new = max(step, round(new / step) * step)
    return new, fixed + sign * new / 2


def _is_axis_rectangle(pts: Sequence[Pt]) -> bool:
    if len(pts) != 4:
        return False
    xs = sorted({round(p[0], 9) for p in pts})
    ys = sorted({round(p[1], 9) for p in pts})
    return (
        len(xs) == 2
        and len(ys) == 2
        and all((round(p[0], 9), round(p[1], 9)) in {(x, y) for x in xs for y in ys} for p in pts)
    )


def reshaped(element: Element, handle: str, p: Pt, grid: float = 0.05) -> Element:
    """The element with ``handle`` dragged to world point ``p`` (snapped to ``grid``)."""
    if isinstance(element, SeatBlock):
        return _resized_seat_block(element, handle, p)
    if isinstance(element, Fixture):
        return _resized_fixture(element, handle, p, grid)
    q = snap_to_grid(p, grid)
    i = int(handle[1:])
    if isinstance(element, _PolygonElement):
        pts = [_pt(v) for v in element.polygon]
        if _is_axis_rectangle(pts):
            old = pts[i]
            pts = [
                (q[0] if math.isclose(v[0], old[0]) else v[0], q[1] if math.isclose(v[1], old[1]) else v[1])
                for v in pts
            ]
        else:
            pts[i] = q
        return replace(element, polygon=tuple(pts))
    if isinstance(element, Wall):
        wpts = [_pt(v) for v in element.points]
        wpts[i] = q
        return replace(element, points=tuple(wpts))
    if isinstance(element, Entrance):
        return replace(element, a=q) if i == 0 else replace(element, b=q)
    raise ValueError(f"{element.id} has no handles")


def _signs(handle: str) -> tuple[int, int]:
    sx, sy = (int(v) for v in handle.split(","))
    return sx, sy


def _resized_fixture(element: Fixture, handle: str, p: Pt, grid: float) -> Fixture:
    sx, sy = _signs(handle)
    lx, ly = _local(element, p)
    w, d = element.size
    nw, cx = _side(sx, w, lx, grid)
    nd, cy = _side(sy, d, ly, grid)
    cxw, cyw = element.to_world(cx, cy)
    return replace(element, x=round(cxw, 6), y=round(cyw, 6), width=round(nw, 6), depth=round(nd, 6))


def _resized_seat_block(element: SeatBlock, handle: str, p: Pt) -> SeatBlock:
    """A seat block's size steps in whole seats and rows."""
    sx, sy = _signs(handle)
    lx, ly = _local(element, p)
    w, d = element.size
    nw, cx = _side(sx, w, lx, element.seat_width)
    nd, cy = _side(sy, d, ly, None)
    rows = element.rows
    if sy:
        rows = max(1, round((nd - element.bench_depth) / element.row_pitch) + 1)
        nd = (rows - 1) * element.row_pitch + element.bench_depth
        cy = -sy * d / 2 + sy * nd / 2
    cxw, cyw = element.to_world(cx, cy)
    seats = max(1, round(nw / element.seat_width))
    return replace(element, x=round(cxw, 6), y=round(cyw, 6), rows=rows, seats_per_row=seats)


def reshape_command(layout: Layout, element_id: str, handle: str, p: Pt, grid: float = 0.05) -> Command | None:
    """One undoable command for a handle drag; None when it changes nothing."""
    old = layout[element_id]
    new = reshaped(old, handle, p, grid)
    if new == old:
        return None
    verb = "Resize" if isinstance(old, _Placed) else "Reshape"
    return ReplaceElement(old, new, f"{verb} {element_id}")
