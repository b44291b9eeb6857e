"""Snapping for the drawing tools, in plan metres (pure: no Qt, testable on its own).

Order of preference when several apply: an existing vertex within the tolerance, then a point on
an existing edge, then the grid; a right-angle constraint relative to the previous point of the
shape being drawn is applied first when asked for (Shift held, or always for walls).
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

Pt = tuple[float, float]


def snap_to_grid(p: Pt, step: float) -> Pt:
    """The nearest grid point (step in metres; step <= 0 leaves the point as is)."""
    if step <= 0:
        return (float(p[0]), float(p[1]))
    return (round(round(p[0] / step) * step, 9), round(round(p[1] / step) * step, 9))


def nearest_vertex(p: Pt, vertices: Iterable[Pt], tol: float) -> Pt | None:
    """The vertex closest to p if it lies within tol, else None."""
    best, best_d = None, tol
    for v in vertices:
        d = math.hypot(v[0] - p[0], v[1] - p[1])
        if d <= best_d:
            best, best_d = (float(v[0]), float(v[1])), d
    return best


def project_on_segment(p: Pt, a: Pt, b: Pt) -> Pt:
    """The point of segment a-b closest to p."""
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    L2 = dx * dx + dy * dy
    if L2 == 0:
        return (float(ax), float(ay))
    t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / L2))
    return (ax + t * dx, ay + t * dy)


def nearest_on_edges(p: Pt, segments: Iterable[tuple[Pt, Pt]], tol: float) -> Pt | None:
    """The closest point on any segment if within tol, else None."""
    best, best_d = None, tol
    for a, b in segments:
        q = project_on_segment(p, a, b)
        d = math.hypot(q[0] - p[0], q[1] - p[1])
        if d <= best_d:
            best, best_d = q, d
    return best


def right_angle(p: Pt, prev: Pt) -> Pt:
    """p constrained to the horizontal or vertical through prev (whichever is closer)."""
    if abs(p[0] - prev[0]) >= abs(p[1] - prev[1]):
        return (float(p[0]), float(prev[1]))
    return (float(prev[0]), float(p[1]))


def snap_point(p: Pt, *, grid: float = 0.1, vertices: Sequence[Pt] = (), segments: Sequence[tuple[Pt, Pt]] = (),
               tol: float = 0.25, prev: Pt | None = None, orthogonal: bool = False) -> tuple[Pt, str]:
    """Snap p and say how: ('vertex' | 'edge' | 'grid' | 'none').

    With ``orthogonal`` and a previous point, the result keeps a right angle to it (the free
    coordinate is still snapped to the grid)."""
    if orthogonal and prev is not None:
        q = right_angle(p, prev)
        g = snap_to_grid(q, grid)
        if q[1] == prev[1]:
            return (g[0], float(prev[1])), "grid" if grid > 0 else "none"
        return (float(prev[0]), g[1]), "grid" if grid > 0 else "none"
    v = nearest_vertex(p, vertices, tol)
    if v is not None:
        return v, "vertex"
    e = nearest_on_edges(p, segments, tol)
    if e is not None:
        return e, "edge"
    if grid > 0:
        return snap_to_grid(p, grid), "grid"
    return (float(p[0]), float(p[1])), "none"


def geometry_vertices_and_edges(geoms) -> tuple[list[Pt], list[tuple[Pt, Pt]]]:
    """Vertices and edges of shapely geometries (polygons' rings and lines), for snap_point."""
    verts: list[Pt] = []
    edges: list[tuple[Pt, Pt]] = []
    for g in geoms:
        parts = getattr(g, "geoms", [g])
        for part in parts:
            if part.is_empty:
                continue
            rings = [part] if part.geom_type == "LineString" else [part.exterior, *part.interiors]
            for ring in rings:
                pts = [(float(x), float(y)) for x, y in ring.coords]
                verts.extend(pts)
                edges.extend(zip(pts, pts[1:]))
    return verts, edges


def rect_from_corners(a: Pt, b: Pt) -> tuple[Pt, Pt, Pt, Pt]:
    """The counter-clockwise rectangle with opposite corners a and b."""
    x0, x1 = sorted((a[0], b[0]))
    y0, y1 = sorted((a[1], b[1]))
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
