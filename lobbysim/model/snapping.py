"""Snapping rules of the editor's drawing tools, as plain functions (no Qt).

A pointer position snaps, in this order, to a nearby vertex of the plan, to a nearby edge,
or to the grid; when drawing a wall or a polygon from a previous point, a segment that is
nearly horizontal or vertical is made exactly so (right angles).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .layout import Layout

Pt = tuple[float, float]


def snap_to_grid(p: Pt, grid: float) -> Pt:
    """``p`` rounded to the nearest grid point (unchanged when ``grid`` is not positive)."""
    if grid <= 0:
        return p
    return (round(p[0] / grid) * grid + 0.0, round(p[1] / grid) * grid + 0.0)


def nearest_on_segment(p: Pt, a: Pt, b: Pt) -> Pt:
    """The point of segment a-b nearest to ``p``."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    L = dx * dx + dy * dy
    if L == 0:
        return a
    t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / L))
    return (ax + t * dx, ay + t * dy)


def orthogonal(p: Pt, origin: Pt, tolerance_deg: float = 7.0) -> Pt:
    """p moved onto the horizontal or vertical through origin when the segment is within
    ``tolerance_deg`` of it."""
    dx, dy = p[0] - origin[0], p[1] - origin[1]
    if dx == 0 and dy == 0:
        return p
    ang = abs(math.degrees(math.atan2(dy, dx))) % 180
    if min(ang, 180 - ang) <= tolerance_deg:
        return (p[0], origin[1])
    if abs(ang - 90) <= tolerance_deg:
        return (origin[0], p[1])
    return p


def snap(
    p: Pt,
    *,
    grid: float = 0.1,
    vertices: Iterable[Pt] = (),
    edges: Iterable[tuple[Pt, Pt]] = (),
    tolerance: float = 0.2,
    previous: Pt | None = None,
) -> tuple[Pt, str]:
    """(snapped point, what it snapped to: 'vertex', 'edge', 'grid' or 'none')."""
    if previous is not None:
        p = orthogonal(p, previous)
    best, kind, bd = None, "none", tolerance
    for v in vertices:
        d = math.dist(p, v)
        if d <= bd:
            best, kind, bd = (float(v[0]), float(v[1])), "vertex", d
    if best is not None:
        return best, kind
    for a, b in edges:
        q = nearest_on_segment(p, a, b)
        d = math.dist(p, q)
        if d <= bd:
            best, kind, bd = q, "edge", d
    if best is not None:
        return best, kind
    if grid > 0:
        g = snap_to_grid(p, grid)
        if previous is not None:
            # keep the right angle made above
            if p[1] == previous[1]:
                g = (g[0], previous[1])
            elif p[0] == previous[0]:
                g = (previous[0], g[1])
        return g, "grid"
    return p, "none"


def layout_snap_targets(layout: Layout) -> tuple[list[Pt], list[tuple[Pt, Pt]]]:
    """Vertices and edges of walls, the boundary, areas, posts and pillars to snap to."""
    from .elements import Area, Boundary, Pillar, Post, Wall

    verts: list[Pt] = []
    edges: list[tuple[Pt, Pt]] = []
    for e in layout:
        if isinstance(e, (Boundary, Area, Post, Pillar)):
            pts = list(e.polygon)
            verts += pts
            edges += list(zip(pts, pts[1:] + pts[:1]))
        elif isinstance(e, Wall):
            verts += list(e.points)
            edges += list(zip(e.points, e.points[1:]))
    return verts, edges
