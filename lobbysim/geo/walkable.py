"""The walkable floor of a layout: the boundary shrunk by the body clearance, minus every
obstacle grown by the same clearance, with its reflex corners and an exact segment test.

Grown obstacles are cached by element value (elements are frozen), so an update re-grows only
the elements an edit replaced; it reports the boxes of those elements' old and new grown shapes,
outside which nothing about the floor changed (the rest of the engine keeps its answers there).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.ops import nearest_points

from lobbysim.errors import LobbysimError
from lobbysim.model.elements import blocks_sight, is_obstacle

from .clusters import ClusteredFloor
from .fan import fan_visible, floor_edges
from .primitives import BOX_MARGIN, EPS, SNAP, Box, Obstacle, Rects, reflex_vertices

Grown = tuple[Obstacle | None, Any]


class PlanTooLarge(LobbysimError):
    """The plan is larger than walking paths are computed for (one line saying so)."""

    exit_code = 1


#: obstacles (walls, pillars, fixtures, seat blocks) up to which the walkable floor is built: a
#: branch has a few hundred; far beyond, the floor alone takes seconds (checked before any work)
MAX_OBSTACLES = 2500
#: an edit of at most this many elements tests segments against their rectangles first, and
#: against those of the obstacles up to this many metres from it (a segment that crosses the
#: rectangle of any obstacle is blocked)
FEW = 8
NEAR = 1.5
#: from one point to at least this many, sight is tested on a fan of the floor's edges (``fan``):
#: below it the per-segment shapely test is cheaper
FAN_MIN = 400


class WalkableFloor:
    """The free floor, its corners and the segment test on it (see the module docstring)."""

    def __init__(self, clearance: float):
        self.clearance = float(clearance)
        self._grown: dict[Any, Grown] = {}
        self._boundary_element: Any = None
        self.boundary: Any = None
        self._inner: Any = None
        self.free: Any = Polygon()
        self.obstacles: list[Obstacle] = []
        self.nodes = np.zeros((0, 2))
        self.prev = np.zeros((0, 2))
        self.nxt = np.zeros((0, 2))
        #: rectangles of the obstacles at and near the last edit (a cheap certain-block test)
        self.fresh_rects = Rects.of([])
        self._test: Any = Polygon()
        self._edges: Any = None
        self._fan: tuple[np.ndarray, np.ndarray] | None = None
        self._clusters = ClusteredFloor()
        #: each ring of the free floor (by its coordinates) grown or shrunk by the test's hair
        self._hair: dict[bytes, Any] = {}
        self._built = False

    def _grow_all(self, elements: list) -> dict[Any, Grown]:
        """(obstacle, its shape grown by the clearance) for new elements, in one vectorised buffer."""
        geoms = [e.geometry for e in elements]
        ok = [g is not None and not g.is_empty and g.is_valid for g in geoms]
        good = [g for g, k in zip(geoms, ok) if k]
        grown = (
            iter(shapely.buffer(np.array(good, dtype=object), self.clearance, join_style="mitre")) if good else iter(())
        )
        out: dict[Any, Grown] = {}
        for e, g, k in zip(elements, geoms, ok):
            out[e] = (Obstacle(e.id, g, blocks_sight(e)), next(grown)) if k else (None, None)
        return out

    def update(self, layout) -> list[Box] | None:
        """Bring the floor up to date with ``layout``. Returns the boxes inside which the floor
        may have changed: ``[]`` when it did not change, None when it is all new."""
        b = layout.boundary
        current = [e for e in layout if is_obstacle(e)]
        obstacles = len(current)
        if obstacles > MAX_OBSTACLES:
            raise PlanTooLarge(
                f"the plan has {obstacles:,} obstacles; walking paths are computed for plans of up to "
                f"{MAX_OBSTACLES:,} (a branch has a few hundred)"
            )
        incremental = self._built and b == self._boundary_element
        new, gone = self._regrow(current)
        self._built = True
        self.fresh_rects = Rects.of([])
        if incremental:
            boxes = _boxes([g for _, g in [*new.values(), *gone.values()]])
            if not boxes:
                return []
            if len(new) <= FEW:  # worth it for the few elements of an edit (a pass over the segments each)
                self.fresh_rects = Rects.of(self._near(boxes))  # the new obstacles among them
            self._rebuild((list(new), list(gone)))
            return boxes
        self._boundary_element = b
        ok = b is not None and b.geometry.is_valid and not b.geometry.is_empty
        self.boundary = b.geometry if ok else None
        self._inner = self.boundary.buffer(-self.clearance, join_style="mitre") if ok else None
        self._rebuild()
        return None

    def _near(self, boxes: list[Box]) -> list[Any]:
        """The grown obstacles within ``NEAR`` metres of the boxes: what the segments an edit
        makes to be tested again pass by first."""
        grown = [g for o, g in self._grown.values() if o is not None]
        if not grown:
            return []
        b = shapely.bounds(np.array(grown, dtype=object))
        near = np.zeros(len(grown), dtype=bool)
        for x0, y0, x1, y1 in boxes:
            near |= (b[:, 0] <= x1 + NEAR) & (b[:, 2] >= x0 - NEAR) & (b[:, 1] <= y1 + NEAR) & (b[:, 3] >= y0 - NEAR)
        return [g for g, k in zip(grown, near) if k]

    def _regrow(self, current: list) -> tuple[dict[Any, Grown], dict[Any, Grown]]:
        """Grow the obstacles (``current``: the layout's) not grown before; returns (new ones,
        removed ones) by element."""
        cache = self._grown
        new = self._grow_all([e for e in current if e not in cache])
        fresh = {e: cache.get(e) or new[e] for e in current}
        self._grown = fresh
        self.obstacles = [h[0] for h in fresh.values() if h[0] is not None]
        return new, {e: cache[e] for e in cache.keys() - fresh.keys()}

    def _rebuild(self, changes: tuple[list, list] | None = None) -> None:
        """The floor, its test polygon and corners; ``changes`` = (elements added, elements
        removed) since the last build, None to build all anew."""
        if self._inner is None:
            self.free = Polygon()
        else:
            grown = {e: g for e, (o, g) in self._grown.items() if o is not None}
            if changes is None:
                self.free = self._clusters.rebuild(self._inner, grown)
            else:
                self.free = self._clusters.update(self._inner, grown, *changes)
        # the floor grown by a hair: corners and snapped points lie inside it, so a segment between
        # two of them stays on the floor exactly when it meets none of its edges
        self._test, self._hair = hair_grown(self.free, EPS * 10, self._hair)
        shapely.prepare(self._test)
        self._edges = self._test.boundary
        shapely.prepare(self._edges)
        self._fan = None
        self.nodes, self.prev, self.nxt = reflex_vertices(self.free)

    def reorder(self, order: np.ndarray) -> None:
        """Number the corners in ``order`` (see ``corners.stable_order``)."""
        self.nodes, self.prev, self.nxt = self.nodes[order], self.prev[order], self.nxt[order]

    # --- tests on the floor ---------------------------------------------------------------------
    def visible(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """For each pair of rows, whether the straight segment stays on the free floor (``a`` or
        ``b`` may be one row for all). Both ends must be on the (slightly grown) floor, as corners
        and snapped points are."""
        n = max(len(a), len(b))  # one of them may be a single row, shared by every segment
        if len(a) == 0 or len(b) == 0:
            return np.zeros(0, dtype=bool)
        coords = np.empty((n, 2, 2))
        coords[:, 0], coords[:, 1] = a, b
        same = (np.abs(coords[:, 0] - coords[:, 1]) < 1e-12).all(axis=1)
        if same.any():
            coords[same, 1] += 1e-9
        return ~shapely.intersects(self._edges, shapely.linestrings(coords))

    def visible_from(self, p: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``visible`` from the one point p (a row) to every row of ``b``: the same answers, on a
        fan of the floor's edges around p when there are many rows."""
        if len(b) < FAN_MIN:
            return self.visible(p.reshape(1, 2), b)
        if self._fan is None:
            self._fan = floor_edges(self._test)
        return fan_visible(*self._fan, p.reshape(2), b)

    def on_floor(self, xy: np.ndarray) -> np.ndarray:
        """Which points (rows) are on the floor (grown by the test's hair)."""
        if len(xy) == 0 or self.free.is_empty:
            return np.zeros(len(xy), dtype=bool)
        return shapely.intersects_xy(self._test, xy[:, 0], xy[:, 1])

    def snap(self, p) -> tuple[tuple[float, float] | None, str]:
        """(the point moved onto the free floor, '' or why it cannot be)."""
        if self.free.is_empty:
            return None, "cannot be reached: the layout has no walkable floor (no valid boundary)"
        if shapely.intersects_xy(self._test, float(p[0]), float(p[1])):
            return (float(p[0]), float(p[1])), ""
        pt = Point(p)
        _, near = nearest_points(pt, self.free)
        d = pt.distance(near)
        if d <= SNAP:
            return (near.x, near.y), ""
        return None, f"is {d:.2f} m from the walkable floor (inside an obstacle or outside the boundary)"

    def components_of(self, xy: np.ndarray) -> np.ndarray:
        """Index of the piece of free floor each point (rows, on the floor) lies in; -1 off it."""
        parts = shapely.get_parts(self.free)
        out = np.full(len(xy), -1)
        if len(xy) == 0 or len(parts) == 0:
            return out
        pts = shapely.points(xy)
        for i, g in enumerate(parts):
            hit = shapely.dwithin(g, pts, 1e-6) & (out < 0)
            out[hit] = i
        return out


def _boxes(shapes) -> list[Box]:
    """The boxes of the shapes, grown by ``BOX_MARGIN``; two boxes whose union is a box (an
    element moved along an axis: its old and new box) are that one box."""
    m = BOX_MARGIN
    out: list[Box] = []
    for x0, y0, x1, y1 in (g.bounds for g in shapes if g is not None):
        b = (x0 - m, y0 - m, x1 + m, y1 + m)
        for k, c in enumerate(out):
            same_x = c[0] == b[0] and c[2] == b[2] and c[1] <= b[3] and b[1] <= c[3]
            same_y = c[1] == b[1] and c[3] == b[3] and c[0] <= b[2] and b[0] <= c[2]
            if same_x or same_y:
                out[k] = (min(c[0], b[0]), min(c[1], b[1]), max(c[2], b[2]), max(c[3], b[3]))
                break
        else:
            out.append(b)
    return out


def hair_grown(free, hair: float, cache: dict[bytes, Any]) -> tuple[Any, dict[bytes, Any]]:
    """(``free`` grown by ``hair``, the cache for the next call). A polygon grown by a hair is its
    outline grown by the hair with each hole shrunk by it (holes of a valid polygon meet at points
    at most, so no two of them close a gap together); each ring's grown shape is kept by its
    coordinates, so that after an edit only the rings it changed are buffered again."""
    polys = shapely.get_parts(free)
    polys = polys[(shapely.get_type_id(polys) == 3) & ~shapely.is_empty(polys)] if len(polys) else polys
    out, kept = [], {}
    for poly in polys:
        rings = shapely.get_rings(poly)
        xy, ring = shapely.get_coordinates(rings, return_index=True)
        keys = [a.tobytes() for a in np.split(xy, np.flatnonzero(np.diff(ring)) + 1)]
        if not _grow_rings(rings, keys, hair, cache):
            return free.buffer(hair, join_style="mitre"), {}  # not expected of an outline grown
        shell, holes = cache[keys[0]]
        holes = list(holes)
        kept[keys[0]] = cache[keys[0]]
        for k in keys[1:]:
            kept[k] = cache[k]
            holes += cache[k]
        out.append(shapely.polygons(shell, holes=holes or None))
    if not out:
        return Polygon(), kept
    return (out[0] if len(out) == 1 else shapely.union_all(out)), kept


def _grow_rings(rings, keys: list[bytes], hair: float, cache: dict[bytes, Any]) -> bool:
    """Put the rings not in ``cache`` there: the outline (the first ring) grown, as (its outer
    ring, its holes); a hole shrunk, as the outer rings of its parts. False if the outline grown
    is not one polygon."""
    miss = np.array([i for i, k in enumerate(keys) if k not in cache], dtype=int)
    if len(miss) == 0:
        return True
    grown = shapely.buffer(shapely.polygons(rings[miss]), np.where(miss == 0, hair, -hair), join_style="mitre")
    parts, owner = shapely.get_parts(grown, return_index=True)
    ok = ~shapely.is_empty(parts)
    parts, owner = parts[ok], owner[ok]
    outer = shapely.get_exterior_ring(parts)
    ptr = np.searchsorted(owner, np.arange(len(miss) + 1))
    for k, i in enumerate(miss.tolist()):
        if i == 0:
            if ptr[k + 1] - ptr[k] != 1:
                return False
            shell = parts[ptr[k]]
            cache[keys[0]] = (shell.exterior, list(shell.interiors))
        else:
            cache[keys[i]] = list(outer[ptr[k] : ptr[k + 1]])
    return True
