"""Sightlines: who can see what across the lobby.

Sight uses the obstacles themselves (not grown by the body clearance) that block sight: walls,
pillars and fixtures marked ``blocks_sight``; seats and low counters do not. A sightline must
stay inside the boundary.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.ops import nearest_points

from .primitives import Obstacle


class Sightlines:
    """Sightlines on one state of the floor (built on the first question after an edit)."""

    def __init__(self, obstacles: list[Obstacle], boundary: Any):
        sight = [o.geometry for o in obstacles if o.sight]
        self.boundary = boundary
        self.union = shapely.disjoint_subset_union_all(np.array(sight, dtype=object)) if sight else Polygon()
        shapely.prepare(self.union)
        self.shrunk = self.union.buffer(-1e-6) if not self.union.is_empty else self.union
        shapely.prepare(self.shrunk)
        if boundary is not None:
            shapely.prepare(boundary)

    def visible_mask(self, p, points) -> np.ndarray:
        """Whether a person at p sees each of ``points``."""
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        if len(pts) == 0:
            return np.zeros(0, dtype=bool)
        coords = np.stack([np.repeat(np.asarray(p, dtype=float)[None, :], len(pts), axis=0), pts], axis=1)
        same = np.all(np.abs(coords[:, 0] - coords[:, 1]) < 1e-12, axis=1)
        coords[same, 1] += 1e-9
        lines = shapely.linestrings(coords)
        blocked = shapely.intersects(self.shrunk, lines) if not self.shrunk.is_empty else np.zeros(len(pts), dtype=bool)
        inside = shapely.covers(self.boundary, lines) if self.boundary is not None else np.ones(len(pts), dtype=bool)
        return inside & ~blocked

    def visible_polygon(self, p, clip=None, rays: int = 720, radius: float | None = None):
        """The isovist: the part of the floor visible from p (ray-cast with ``rays`` rays),
        optionally clipped to a post's zone."""
        if self.boundary is None:
            return Polygon()
        minx, miny, maxx, maxy = self.boundary.bounds
        r = radius or math.hypot(maxx - minx, maxy - miny) * 1.1
        ang = np.linspace(0, 2 * math.pi, rays, endpoint=False)
        ends = np.stack([p[0] + r * np.cos(ang), p[1] + r * np.sin(ang)], axis=1)
        rays_g = shapely.linestrings(np.stack([np.repeat(np.asarray(p, float)[None, :], rays, 0), ends], axis=1))
        walls = (
            shapely.union_all([self.boundary.exterior, self.union.boundary])
            if not self.union.is_empty
            else self.boundary.exterior
        )
        hits = shapely.intersection(rays_g, walls)
        origin = Point(p)
        pts = []
        for ray_hit, end in zip(hits, ends):
            if ray_hit is None or ray_hit.is_empty:
                pts.append(tuple(end))
                continue
            near = nearest_points(origin, ray_hit)[1]
            pts.append((near.x, near.y))
        poly = Polygon(pts)
        if not poly.is_valid:
            poly = shapely.make_valid(poly)
        poly = poly.intersection(self.boundary)
        if clip is not None:
            poly = poly.intersection(clip)
        return poly
