"""Small vectorised pieces of plane geometry the walking engine is built from (numpy, shapely).

Nothing here keeps state: corners of a polygon with holes, the tangent test that says whether
a shortest path can bend at a corner, segment-against-box tests (which answers an edit may have
changed), the rectangles an obstacle is made of, and the named points people walk between.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point

from lobbysim.model.elements import Entrance, Fixture, SeatBlock

#: points of interest this close to free floor are moved onto it
SNAP = 0.3
#: numeric tolerance of visibility tests (metres): the floor is grown by 10 x this for them
EPS = 1e-7
INF = math.inf
#: the boxes of an edit are grown by this much, so that what touches them is tested again
BOX_MARGIN = 1e-3
#: a segment that enters a rectangle shrunk by this much is certainly blocked (it is far more
#: than the 1e-6 by which the floor is grown for the exact test)
RECT_MARGIN = 1e-5

#: elements of the temporary arrays of one block of a broadcast (memory, not speed)
BLOCK = 1 << 20

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Obstacle:
    """An element that people walk around: its id, its own shape, whether it blocks sight."""

    element_id: str
    geometry: Any
    sight: bool


def reflex_vertices(free) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertices of the free floor where the floor's interior angle exceeds 180°: the only
    places a shortest path can bend. Returns (points, previous ring vertex, next ring vertex)."""
    z = np.zeros((0, 2))
    polys = shapely.get_parts(free)
    polys = polys[(shapely.get_type_id(polys) == 3) & ~shapely.is_empty(polys)] if len(polys) else polys
    if len(polys) == 0:
        return z, z, z
    rings, owner = shapely.get_rings(polys, return_index=True)
    exterior = np.r_[True, owner[1:] != owner[:-1]]  # each polygon's first ring is its exterior
    xy, ring_of = shapely.get_coordinates(rings, return_index=True)
    count = np.bincount(ring_of, minlength=len(rings))
    start = np.r_[0, np.cumsum(count)[:-1]]
    pos = np.arange(len(xy)) - start[ring_of]
    m = count[ring_of] - 1  # the ring's vertices without the closing one
    take = (pos < m) & (m >= 3)
    i = np.nonzero(take)[0]
    if len(i) == 0:
        return z, z, z
    r, j, mm = ring_of[i], pos[i], m[i]
    pts = xy[i]
    prev = xy[start[r] + (j - 1) % mm]
    nxt = xy[start[r] + (j + 1) % mm]
    cross = (pts[:, 0] - prev[:, 0]) * (nxt[:, 1] - pts[:, 1]) - (pts[:, 1] - prev[:, 1]) * (nxt[:, 0] - pts[:, 0])
    # walking the ring with the floor on the left, a right turn is a reflex corner
    floor_left = (shapely.is_ccw(rings) == exterior)[r]
    reflex = np.where(floor_left, cross < -1e-12, cross > 1e-12)
    return pts[reflex], prev[reflex], nxt[reflex]


def nonzero2(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rows, columns) of the True entries of a 2-D mask (``np.nonzero`` is ten times slower on 2-D)."""
    return np.divmod(np.flatnonzero(mask), mask.shape[1])


def tangent(p: np.ndarray, u: np.ndarray, prev: np.ndarray, nxt: np.ndarray) -> np.ndarray:
    """Whether the line from p through corner u leaves both of u's edges on one side: only
    then can a shortest path bend at u coming from p (rows broadcast)."""
    dx, dy = u[..., 0] - p[..., 0], u[..., 1] - p[..., 1]
    c1 = dx * (prev[..., 1] - u[..., 1]) - dy * (prev[..., 0] - u[..., 0])
    c2 = dx * (nxt[..., 1] - u[..., 1]) - dy * (nxt[..., 0] - u[..., 0])
    return c1 * c2 >= -1e-12


def tangent_matrix(pts: np.ndarray, nodes: np.ndarray, prev: np.ndarray, nxt: np.ndarray) -> np.ndarray:
    """``tangent`` for every point of ``pts`` (rows) and every corner (columns), by broadcasting
    (in blocks of rows, so that the temporaries stay small)."""
    out = np.zeros((len(pts), len(nodes)), dtype=bool)
    step = max(1, BLOCK // max(len(nodes), 1))
    for i in range(0, len(pts), step):
        out[i : i + step] = tangent(pts[i : i + step, None, :], nodes[None, :, :], prev[None, :, :], nxt[None, :, :])
    return out


def distance_matrix(pts: np.ndarray, nodes: np.ndarray) -> np.ndarray:
    """Straight-line distances between every point (rows) and every corner (columns)."""
    return np.hypot(pts[:, None, 0] - nodes[None, :, 0], pts[:, None, 1] - nodes[None, :, 1])


def segments_meet_boxes(a: np.ndarray, b: np.ndarray, boxes) -> np.ndarray:
    """For each segment a->b (rows), whether it meets any of the axis-aligned ``boxes``
    (x0, y0, x1, y1), vectorised. Used to find the answers an edit may have changed: every change
    of the floor lies inside the boxes of the edited obstacles. A segment meets a box exactly when
    their envelopes overlap and the box's corners are not all strictly on one side of the
    segment's line (separating axes); "strictly" allows a nanometre, so a segment that touches a
    box is always flagged."""
    out = np.zeros(len(a), dtype=bool)
    if len(a) == 0 or not boxes:
        return out
    ax, ay, bx, by = a[:, 0], a[:, 1], b[:, 0], b[:, 1]
    lx, hx, ly, hy = np.minimum(ax, bx), np.maximum(ax, bx), np.minimum(ay, by), np.maximum(ay, by)
    dx, dy = bx - ax, by - ay
    # corner c lies left of the segment's line when dx * cy - dy * cx - c0 > 0: the x and y terms
    # vary independently over the box's corners, so their extremes bound all four at once
    c0 = dx * ay - dy * ax
    tol = 1e-9 * (np.abs(dx) + np.abs(dy))  # a cross product over the length is a distance
    for x0, y0, x1, y1 in boxes:
        # only segments whose own box overlaps need the side test
        k = np.flatnonzero((hx >= x0) & (lx <= x1) & (hy >= y0) & (ly <= y1) & ~out)
        if len(k):
            dxk, dyk, ck, tk = dx[k], dy[k], c0[k], tol[k]
            ys, xs = (dxk * y0, dxk * y1), (dyk * x0, dyk * x1)
            hi = np.maximum(*ys) - np.minimum(*xs) - ck
            lo = np.minimum(*ys) - np.maximum(*xs) - ck
            out[k] = (hi >= -tk) & (lo <= tk)
    return out


def _outcodes(xy: np.ndarray, x0: float, y0: float, x1: float, y1: float) -> np.ndarray:
    """Which sides of the box [x0, x1] x [y0, y1] each point lies beyond (4 bits, Cohen-Sutherland)."""
    x, y = xy[:, 0], xy[:, 1]
    return ((x < x0) | ((x > x1) << 1) | ((y < y0) << 2) | ((y > y1) << 3)).astype(np.uint8)


def pairs_meet_boxes(pts: np.ndarray, nodes: np.ndarray, boxes, only: np.ndarray | None = None):
    """(rows, columns) of the segments from a point (rows) to a corner (columns) that meet one
    of the boxes, optionally only where ``only`` is True. A segment whose two ends lie beyond
    the same side of the boxes' hull misses it (one broadcast of 4-bit codes); the exact test
    runs on the others only."""
    if len(pts) == 0 or len(nodes) == 0 or not boxes:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    b = np.array(boxes, dtype=float).reshape(-1, 4)
    hull = (b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max())
    near = (_outcodes(pts, *hull)[:, None] & _outcodes(nodes, *hull)[None, :]) == 0
    if only is not None:
        near &= only
    i, j = nonzero2(near)
    hit = segments_meet_boxes(pts[i], nodes[j], boxes)
    return i[hit], j[hit]


def points_in_boxes(pts: np.ndarray, boxes, grow: float = 0.0) -> np.ndarray:
    """Which points lie in any of the boxes grown by ``grow``."""
    out = np.zeros(len(pts), dtype=bool)
    for x0, y0, x1, y1 in boxes or ():
        out |= (pts[:, 0] >= x0 - grow) & (pts[:, 0] <= x1 + grow) & (pts[:, 1] >= y0 - grow) & (pts[:, 1] <= y1 + grow)
    return out


@dataclass(frozen=True)
class Rects:
    """Oriented rectangles, shrunk by ``RECT_MARGIN``: centre, unit axis u (v is u turned by
    90°) and half sizes. A segment that meets one is certainly blocked."""

    c: np.ndarray
    u: np.ndarray
    half: np.ndarray

    @staticmethod
    def of(geoms) -> Rects:
        """The parts of ``geoms`` that are rectangles (a grown counter, a bench, a straight wall)."""
        parts = shapely.get_parts(np.asarray([g for g in geoms if g is not None], dtype=object))
        parts = parts[shapely.get_type_id(parts) == 3] if len(parts) else parts
        if len(parts) == 0:
            return Rects(np.zeros((0, 2)), np.zeros((0, 2)), np.zeros((0, 2)))
        env = shapely.oriented_envelope(parts)
        area = shapely.area(parts)
        rect = (shapely.get_type_id(env) == 3) & (np.abs(shapely.area(env) - area) <= 1e-9 * np.maximum(area, 1.0))
        corners = shapely.get_coordinates(env[rect]).reshape(-1, 5, 2)[:, :4]
        e1, e2 = corners[:, 1] - corners[:, 0], corners[:, 2] - corners[:, 1]
        l1, l2 = np.hypot(*e1.T), np.hypot(*e2.T)
        ok = (l1 > 4 * RECT_MARGIN) & (l2 > 4 * RECT_MARGIN)
        half = np.stack([l1 / 2 - RECT_MARGIN, l2 / 2 - RECT_MARGIN], axis=1)
        return Rects(corners.mean(axis=1)[ok], (e1 / np.maximum(l1, 1e-300)[:, None])[ok], half[ok])

    def __len__(self) -> int:
        return len(self.c)

    def block(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """For each segment a -> b (rows), whether it meets one of the rectangles (every
        segment against every rectangle at once, by separating axes: the rectangle's two axes
        and the segment's normal)."""
        if len(self) == 0 or len(a) == 0:
            return np.zeros(len(a), dtype=bool)
        ux, uy = self.u[:, 0][None, :], self.u[:, 1][None, :]
        hu, hv = self.half[:, 0][None, :], self.half[:, 1][None, :]
        cu = (self.c * self.u).sum(axis=1)[None, :]
        cv = (self.c[:, 1] * self.u[:, 0] - self.c[:, 0] * self.u[:, 1])[None, :]
        ax, ay, bx, by = a[:, :1], a[:, 1:], b[:, :1], b[:, 1:]
        # the ends in each rectangle's frame (segments x rectangles): along u and along v = u turned by 90°
        pu, qu = ax * ux + ay * uy - cu, bx * ux + by * uy - cu
        pv, qv = ay * ux - ax * uy - cv, by * ux - bx * uy - cv
        hit = (np.maximum(pu, qu) >= -hu) & (np.minimum(pu, qu) <= hu)
        hit &= (np.maximum(pv, qv) >= -hv) & (np.minimum(pv, qv) <= hv)
        du, dv = qu - pu, qv - pv
        hit &= np.abs(dv * pu - du * pv) <= hu * np.abs(dv) + hv * np.abs(du)
        return hit.any(axis=1)


def element_points(e, clearance: float, boundary) -> list[tuple[str, tuple[float, float]]]:
    """The named points of one element: an entrance (just inside the door), the service and
    staff points of a fixture, the seats of a seat block."""
    if isinstance(e, Entrance):
        (ax, ay), (bx, by) = e.a, e.b
        mx, my = (ax + bx) / 2, (ay + by) / 2
        dx, dy = bx - ax, by - ay
        n = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / n, dx / n
        step = clearance + 0.05
        p1, p2 = (mx + nx * step, my + ny * step), (mx - nx * step, my - ny * step)
        return [(e.id, p1 if boundary is None or boundary.contains(Point(p1)) else p2)]
    if isinstance(e, Fixture):
        out = []
        if e.service_point is not None:
            out.append((f"{e.id}.service", e.service_point))
        if e.staff_point is not None:
            out.append((f"{e.id}.staff", e.staff_point))
        return out
    if isinstance(e, SeatBlock):
        return list(e.seats)
    return []


def points_of_interest(layout, clearance: float, cache: dict | None = None) -> dict[str, tuple[float, float]]:
    """Named points people walk between: entrances (just inside the door), the service and
    staff points of fixtures, and seats. ``cache`` (element -> its points) is filled and used
    for elements other than entrances, whose points depend on the boundary."""
    b = layout.boundary
    bgeom = b.geometry if b is not None else None
    poi: dict[str, tuple[float, float]] = {}
    for e in layout:
        pts = cache.get(e) if cache is not None else None
        if pts is None:
            pts = element_points(e, clearance, bgeom)
            if cache is not None and not isinstance(e, Entrance):
                cache[e] = pts
        poi.update(pts)
    return poi


def min_plus_sparse(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """``min_k A[i, k] + B[k, j]`` for a sparse ``A`` (mostly inf): only the finite entries of
    each row are added, which is several times less work than the dense broadcast."""
    m = len(A)
    out = np.full((m, B.shape[1]), INF)
    ri, ki = np.nonzero(np.isfinite(A))
    if len(ri) == 0:
        return out
    vals = A[ri, ki][:, None] + B[ki]
    starts = np.flatnonzero(np.r_[True, ri[1:] != ri[:-1]])
    out[ri[starts]] = np.minimum.reduceat(vals, starts, axis=0)
    return out
