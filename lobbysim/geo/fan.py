"""Sight from one point to many: which straight segments from a point p to many targets stay on
the floor, by an angular fan of the floor's edges around p instead of one shapely test per segment.

The edges are those of the floor grown by a hair (the exact test of ``walkable``: a segment is
on the floor when it meets none of them). Seen from p, each edge covers an interval of angles;
the full turn is cut into ``BINS`` equal sectors and each edge is listed in the sectors it
touches. A target is blocked exactly when its segment crosses an edge listed in its sector, and
two shortcuts settle most targets without a crossing test:

* an edge that covers its whole sector is crossed by every ray of the sector no farther than
  the edge's far end, so a target in that sector beyond the nearest such end is blocked;
* an edge nearer to p than a target is at its closest point cannot block it.

The remaining (target, edge) pairs get the orientation test, vectorised. Angles are widened by
``SLACK`` radians when listing an edge and narrowed by it when deciding that an edge covers a
sector, so rounding never drops an edge or claims a cover it lacks; the floor's hair (1e-6 m)
keeps every crossing of a corner or a snapped point far above the rounding of the arithmetic.
"""

from __future__ import annotations

import numpy as np
import shapely

#: sectors of the full turn
BINS = 256
#: radians by which edge intervals are widened (listing) or narrowed (covering)
SLACK = 1e-9
TWO_PI = 2 * np.pi


def floor_edges(test) -> tuple[np.ndarray, np.ndarray]:
    """(start, end) of every edge of the rings of the polygon ``test``."""
    parts = shapely.get_parts(test)
    if len(parts) == 0:
        return np.zeros((0, 2)), np.zeros((0, 2))
    rings = shapely.get_rings(parts)
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[1:] == ring[:-1]
    return xy[:-1][same], xy[1:][same]


def _sectors(e1: np.ndarray, e2: np.ndarray, p) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(edge of each listing, its sector, whether the edge covers that whole sector), sorted by sector."""
    px, py = p
    a1 = np.arctan2(e1[:, 1] - py, e1[:, 0] - px)
    a2 = np.arctan2(e2[:, 1] - py, e2[:, 0] - px)
    span = (a2 - a1 + np.pi) % TWO_PI - np.pi  # signed turn from the start to the end, within (-pi, pi]
    lo = np.where(span >= 0, a1, a2) + np.pi  # from 0
    hi = lo + np.abs(span)
    w = TWO_PI / BINS
    first = np.floor((lo - SLACK) / w).astype(np.int64)
    last = np.floor((hi + SLACK) / w).astype(np.int64)
    count = last - first + 1
    edge = np.repeat(np.arange(len(e1)), count)
    sector = np.repeat(first, count) + np.arange(len(edge)) - np.repeat(np.cumsum(count) - count, count)
    # a sector [s w, (s + 1) w] is covered when the narrowed interval contains it
    cover = (sector * w >= lo[edge] + SLACK) & ((sector + 1) * w <= hi[edge] - SLACK)
    sector %= BINS
    order = np.argsort(sector.astype(np.int16), kind="stable")  # a radix sort on 16 bits
    return edge[order], sector[order], cover[order]


def _segment_distance(e1: np.ndarray, e2: np.ndarray, p) -> np.ndarray:
    """Distance from p to each edge."""
    d = e2 - e1
    q = np.asarray(p, dtype=float) - e1
    t = np.clip((q * d).sum(axis=1) / np.maximum((d * d).sum(axis=1), 1e-300), 0.0, 1.0)
    return np.hypot(*(q - t[:, None] * d).T)


def fan_visible(e1: np.ndarray, e2: np.ndarray, p, targets: np.ndarray) -> np.ndarray:
    """For each target (rows), whether the segment from p to it meets none of the edges
    (e1 -> e2); p and the targets must not lie on an edge (see the module docstring)."""
    m = len(targets)
    if m == 0 or len(e1) == 0:
        return np.ones(m, dtype=bool)
    px, py = float(p[0]), float(p[1])
    edge, sector, cover = _sectors(e1, e2, (px, py))
    ptr = np.searchsorted(sector, np.arange(BINS + 1))
    far = np.maximum(np.hypot(e1[:, 0] - px, e1[:, 1] - py), np.hypot(e2[:, 0] - px, e2[:, 1] - py))
    # the nearest far end of an edge covering each sector (inf where none covers it)
    wall = np.full(BINS + 1, np.inf)
    np.minimum.at(wall, np.where(cover, sector, BINS), far[edge])
    dx, dy = targets[:, 0] - px, targets[:, 1] - py
    r = np.hypot(dx, dy)
    ts = (np.floor((np.arctan2(dy, dx) + np.pi) / (TWO_PI / BINS)).astype(np.int64)) % BINS
    open_ = np.flatnonzero(r <= wall[ts])
    visible = np.zeros(m, dtype=bool)
    if len(open_) == 0:
        return visible
    # the pairs (target, edge listed in its sector) left to test, nearest edges only
    start, count = ptr[ts[open_]], ptr[ts[open_] + 1] - ptr[ts[open_]]
    ti = np.repeat(open_, count)
    pe = edge[np.repeat(start, count) + np.arange(len(ti)) - np.repeat(np.cumsum(count) - count, count)]
    near = _segment_distance(e1, e2, (px, py))[pe] <= r[ti]
    ti, pe = ti[near], pe[near]
    q1x, q1y = e1[pe, 0] - px, e1[pe, 1] - py
    q2x, q2y = e2[pe, 0] - px, e2[pe, 1] - py
    tx, ty = dx[ti], dy[ti]
    # the segment p -> t and the edge q1 -> q2 meet when each one's ends are not strictly on one side of the other
    o1, o2 = tx * q1y - ty * q1x, tx * q2y - ty * q2x
    ex, ey = q2x - q1x, q2y - q1y
    o3, o4 = ey * q1x - ex * q1y, ex * (ty - q1y) - ey * (tx - q1x)
    hit = (o1 * o2 <= 0) & (o3 * o4 <= 0)
    visible[open_] = True
    visible[ti[hit]] = False
    return visible
