"""The walkable floor of a layout: exact shortest walking paths and sightlines.

Free floor = the boundary shrunk by the body clearance, minus every obstacle (walls,
pillars, counters, machines, desks, seat benches) grown by the same clearance. People are
points walking on that polygon with holes, so a shortest path is a polyline whose inner
corners are reflex vertices of the free floor (the classic visibility-graph property).

The engine keeps:

* the *corner graph*: reflex vertices of the free floor and which pairs see each other,
  with all-pairs shortest distances (Floyd–Warshall in numpy: a lobby has at most a few
  hundred corners; next hops are read off the distances when a path is asked for);
* for any query point, which corners it sees (one vectorised shapely call), so a distance
  from anywhere to anywhere is ``min(direct, min_u,v d(p,u) + D(u,v) + d(v,q))``; for the
  points of interest their distance to every corner, so a query from an arbitrary point is
  one visibility call and one small min-plus.

Everything is cached by value: grown obstacles by element value, corner-to-corner and
point-to-corner visibility by coordinates. An edit can only change the floor inside the
boxes of the edited elements' old and new grown shapes, so only segments that meet those
boxes are tested again, and moving a seat block recomputes a small part of the graph.

Points of interest (entrances, service and staff points, seats) that fall inside an inflated
obstacle but within ``SNAP`` metres of free floor are moved to the nearest free point (a
customer stands 0.5 m in front of a counter, inside its 0.25 m clearance band of
neighbours); farther ones are unreachable and reported by ``reachability_findings``.
Sightlines use the obstacles themselves (not inflated) that block sight: walls, pillars and
fixtures marked ``blocks_sight``; seats and low counters do not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Point, Polygon
from shapely.ops import nearest_points

from lobbysim.model.elements import Entrance, Fixture, SeatBlock, blocks_sight, is_obstacle

#: points of interest this close to free floor are moved onto it
SNAP = 0.3
#: numeric tolerance of visibility tests (metres)
EPS = 1e-7
INF = math.inf


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


def tangent(p: np.ndarray, u: np.ndarray, prev: np.ndarray, nxt: np.ndarray) -> np.ndarray:
    """Whether the line from p through corner u leaves both of u's edges on one side: only
    then can a shortest path bend at u coming from p (rows broadcast)."""
    dx, dy = u[..., 0] - p[..., 0], u[..., 1] - p[..., 1]
    c1 = dx * (prev[..., 1] - u[..., 1]) - dy * (prev[..., 0] - u[..., 0])
    c2 = dx * (nxt[..., 1] - u[..., 1]) - dy * (nxt[..., 0] - u[..., 0])
    return c1 * c2 >= -1e-12


@dataclass(frozen=True)
class Obstacle:
    element_id: str
    geometry: object
    sight: bool


def points_of_interest(layout, clearance: float) -> dict[str, tuple[float, float]]:
    """Named points people walk between: entrances (just inside the door), the service and
    staff points of fixtures, and seats."""
    poi: dict[str, tuple[float, float]] = {}
    b = layout.boundary
    bgeom = b.geometry if b is not None else None
    for e in layout:
        if isinstance(e, Entrance):
            (ax, ay), (bx, by) = e.a, e.b
            mx, my = (ax + bx) / 2, (ay + by) / 2
            dx, dy = bx - ax, by - ay
            n = math.hypot(dx, dy) or 1.0
            nx, ny = -dy / n, dx / n
            step = clearance + 0.05
            p1, p2 = (mx + nx * step, my + ny * step), (mx - nx * step, my - ny * step)
            inside = p1 if bgeom is None or bgeom.contains(Point(p1)) else p2
            poi[e.id] = inside
        elif isinstance(e, Fixture):
            if e.service_point is not None:
                poi[f"{e.id}.service"] = e.service_point
            if e.staff_point is not None:
                poi[f"{e.id}.staff"] = e.staff_point
        elif isinstance(e, SeatBlock):
            for sid, p in e.seats:
                poi[sid] = p
    return poi


def segments_meet_boxes(a: np.ndarray, b: np.ndarray, boxes) -> np.ndarray:
    """For each segment a->b (rows), whether it meets any of the axis-aligned ``boxes``
    (x0, y0, x1, y1): the exact slab test, vectorised. Used to find the answers an edit may
    have changed: every change of the floor lies inside the boxes of the edited obstacles."""
    out = np.zeros(len(a), dtype=bool)
    if len(a) == 0 or not boxes:
        return out
    lo_s, hi_s = np.minimum(a, b), np.maximum(a, b)
    for x0, y0, x1, y1 in boxes:
        # only segments whose own box overlaps need the slab test
        k = np.nonzero((hi_s[:, 0] >= x0) & (lo_s[:, 0] <= x1) & (hi_s[:, 1] >= y0) & (lo_s[:, 1] <= y1) & ~out)[0]
        if len(k) == 0:
            continue
        p, d = a[k], b[k] - a[k]
        lo, hi = np.array([x0, y0]), np.array([x1, y1])
        flat = d == 0
        # a vanishing step along an axis overflows to +-inf: the same answer as a flat one
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            t1 = (lo - p) / d
            t2 = (hi - p) / d
        # along an axis the segment does not move in, the overlap of the boxes already holds
        tmin = np.where(flat, -INF, np.minimum(t1, t2))
        tmax = np.where(flat, INF, np.maximum(t1, t2))
        out[k] = np.maximum(tmin.max(axis=1), 0.0) <= np.minimum(tmax.min(axis=1), 1.0)
    return out


def shortest_distances(W: np.ndarray) -> np.ndarray:
    """All-pairs shortest distances of the corner graph (Floyd–Warshall in numpy; ``W`` has
    the edge lengths, inf where there is no edge, 0 on the diagonal)."""
    D = W.copy()
    for k in range(len(D)):
        np.minimum(D, D[:, k, None] + D[None, k, :], out=D)
    return D


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


@dataclass(frozen=True)
class _Sight:
    """The sight-blocking obstacles, built on the first sightline question after an edit."""

    union: object
    shrunk: object


class Floor:
    """Shortest walking paths and sightlines on one layout (see the module docstring)."""

    def __init__(self, layout, clearance: float = 0.25):
        self.clearance = float(clearance)
        self._grown: dict = {}
        self._boundary_element = None
        self._inner = None
        self.nodes = np.zeros((0, 2))
        self._graph_vis = np.zeros((0, 0), dtype=bool)
        self._point_cache: dict[tuple, tuple] = {}
        self._dist_cache: dict[tuple, float] = {}
        self._obstacles: list[Obstacle] = []
        self._direct_hint = None
        self._old_corner_map = None
        self._sight_cache: _Sight | None = None
        self._poi_matrix = None
        self.layout_revision = None
        self._built = False
        self.update(layout)

    # --- building ---------------------------------------------------------------------------------
    def _grow(self, e):
        """(obstacle, its shape grown by the clearance) for one element, or (None, None)."""
        g = e.geometry
        if g is None or g.is_empty or not g.is_valid:
            return None, None
        return Obstacle(e.id, g, blocks_sight(e)), g.buffer(self.clearance, join_style="mitre")

    def update(self, layout) -> Floor:
        """Bring the engine up to date with ``layout``, recomputing only what changed.

        Grown obstacles are cached by element value (elements are frozen), so an edit re-grows
        only the elements it replaced; the floor can only have changed inside the boxes of
        those elements' old and new grown shapes, and every cached answer about a segment that
        misses those boxes (corner to corner, point to corner, point to point) is kept."""
        c = self.clearance
        b = layout.boundary
        cache, fresh = self._grown, {}
        for e in layout:
            if is_obstacle(e):
                hit = cache.get(e) or fresh.get(e) or self._grow(e)
                fresh[e] = hit
        self._grown = fresh
        self._obstacles = [h[0] for h in fresh.values() if h[0] is not None]
        incremental = self._built and b == self._boundary_element
        if incremental:
            changed = [fresh[e] for e in fresh.keys() - cache.keys()] + [cache[e] for e in cache.keys() - fresh.keys()]
            m = 1e-3
            boxes = [
                (x0 - m, y0 - m, x1 + m, y1 + m) for _, g in changed if g is not None for x0, y0, x1, y1 in [g.bounds]
            ]
        else:
            boxes = None
        self._built = True
        self._dist_cache.clear()
        if incremental and not boxes:
            # the walkable floor is unchanged: only the points of interest may have moved
            self._old_corner_map = np.arange(len(self.nodes))
            self._refresh_points(layout, [])
            return self
        if not incremental:
            self._boundary_element = b
            boundary = b.geometry if b is not None and b.geometry.is_valid and not b.geometry.is_empty else None
            self.boundary = boundary
            self._inner = boundary.buffer(-c, join_style="mitre") if boundary is not None else None
            self._direct_hint = None
        elif self._direct_hint is not None:
            # answers kept since the last matrix stay valid away from every edit made since
            self._direct_hint = self._direct_hint[:2] + (self._direct_hint[2] + boxes,)
        if self._inner is None:
            self.free = Polygon()
        else:
            grown = [g for o, g in fresh.values() if o is not None]
            free = self._inner.difference(shapely.union_all(grown)) if grown else self._inner
            self.free = free if free.is_valid else shapely.make_valid(free)
        self._free_test = self.free.buffer(EPS * 10)
        shapely.prepare(self._free_test)
        # its outline: a segment between two points of the floor stays on it exactly when it
        # meets no edge of the outline (an intersects test is a third the cost of covers)
        self._free_edges = self._free_test.boundary
        shapely.prepare(self._free_edges)
        self._sight_cache = None
        self._build_graph(boxes)
        self._refresh_points(layout, boxes)
        return self

    def _refresh_points(self, layout, boxes) -> None:
        """Snap the points of interest onto the floor and bring their corner rows up to date:
        a row is kept where the point did not move and the segment to the corner misses the
        edited boxes (``boxes`` None: the whole floor changed)."""
        c = self.clearance
        old_rows = (
            {} if boxes is None else {k: v for k, v in self._point_cache.items() if v[0] is not None and k == v[0]}
        )
        old_map = self._old_corner_map
        self._point_cache = {}
        self.poi_raw = points_of_interest(layout, c)
        self.poi: dict[str, tuple[float, float]] = {}
        self.unreachable: dict[str, str] = {}
        names = list(self.poi_raw)
        xy = np.array([self.poi_raw[k] for k in names], dtype=float).reshape(-1, 2)
        on = (
            shapely.intersects_xy(self._free_test, xy[:, 0], xy[:, 1])
            if len(names) and not self.free.is_empty
            else np.zeros(len(names), dtype=bool)
        )
        for i, name in enumerate(names):
            p = self.poi_raw[name]
            q, why = ((float(p[0]), float(p[1])), "") if on[i] else self.snap(p)
            self.poi[name] = q if q is not None else p
            if why:
                self.unreachable[name] = why
        self._poi_matrix = None
        self.layout_revision = getattr(layout, "revision", None)
        pts = list(dict.fromkeys(q for k, q in self.poi.items() if k not in self.unreachable))
        if not pts:
            return
        n = len(self.nodes)
        S = np.array(pts, dtype=float).reshape(-1, 2)
        if boxes is None or old_map is None:
            rows = self._corner_distances(S)
        else:
            rows = np.full((len(pts), n), INF)
            known_pt = np.array([p in old_rows for p in pts], dtype=bool)
            cand = tangent(S[:, None, :], self.nodes[None, :, :], self._prev[None, :, :], self._nextv[None, :, :])
            known = known_pt[:, None] & (old_map >= 0)[None, :]
            pi, ni = np.nonzero(cand & known)
            keep = ~segments_meet_boxes(S[pi], self.nodes[ni], boxes)
            pi, ni = pi[keep], ni[keep]
            if len(pi):
                kp = np.nonzero(known_pt)[0]
                pos = np.full(len(pts), -1)
                pos[kp] = np.arange(len(kp))
                old = np.array([old_rows[pts[i]][1] for i in kp])
                rows[pi, ni] = old[pos[pi], old_map[ni]]
            test = cand.copy()
            test[pi, ni] = False
            ti, tn = np.nonzero(test)
            if len(ti):
                vis = self._visible(S[ti], self.nodes[tn])
                ti, tn = ti[vis], tn[vis]
                rows[ti, tn] = np.hypot(S[ti, 0] - self.nodes[tn, 0], S[ti, 1] - self.nodes[tn, 1])
        for k, p in enumerate(pts):
            self._point_cache[p] = (p, rows[k])

    def _build_graph(self, boxes) -> None:
        """The corner graph and its shortest distances. After an edit (``boxes`` given) a pair
        of corners that both existed keeps its visibility unless the segment between them meets
        an edited box."""
        old_nodes, old_vis = self.nodes, self._graph_vis
        nodes, self._prev, self._nextv = reflex_vertices(self.free)
        n = len(nodes)
        if boxes is not None:
            index = {(float(x), float(y)): i for i, (x, y) in enumerate(old_nodes)}
            mapping = np.array([index.get((float(x), float(y)), -1) for x, y in nodes], dtype=int)
        else:
            mapping = np.full(n, -1, dtype=int)
        self._old_corner_map = mapping if boxes is not None else None
        self.nodes = nodes
        W = np.full((n, n), INF)
        V = np.zeros((n, n), dtype=bool)
        if n:
            iu, ju = np.triu_indices(n, 1)
            # only bitangent pairs can be on a shortest path: the rest need no visibility test
            keep = tangent(nodes[iu], nodes[ju], self._prev[ju], self._nextv[ju]) & tangent(
                nodes[ju], nodes[iu], self._prev[iu], self._nextv[iu]
            )
            iu, ju = iu[keep], ju[keep]
            vis = np.zeros(len(iu), dtype=bool)
            todo = np.ones(len(iu), dtype=bool)
            if boxes is not None:
                both = np.nonzero((mapping[iu] >= 0) & (mapping[ju] >= 0))[0]
                kept = both[~segments_meet_boxes(nodes[iu[both]], nodes[ju[both]], boxes)]
                vis[kept] = old_vis[mapping[iu[kept]], mapping[ju[kept]]]
                todo[kept] = False
            t = np.nonzero(todo)[0]
            if len(t):
                vis[t] = self._visible(nodes[iu[t]], nodes[ju[t]])
            V[iu[vis], ju[vis]] = True
            V[ju[vis], iu[vis]] = True
            d = np.hypot(*(nodes[iu[vis]] - nodes[ju[vis]]).T)
            W[iu[vis], ju[vis]] = d
            W[ju[vis], iu[vis]] = d
        if (
            boxes is not None
            and len(old_nodes) == n
            and np.array_equal(old_nodes, nodes)
            and np.array_equal(old_vis, V)
        ):
            self._graph_vis = V
            return  # same graph: the distances stand
        self._graph_vis = V
        self._W = W
        W0 = W.copy()
        np.fill_diagonal(W0, 0.0)
        self.D = shortest_distances(W0)

    # --- primitives -------------------------------------------------------------------------------
    def _visible(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """For each pair of rows, whether the straight segment stays on the free floor. Both
        ends must be on the (slightly grown) floor, as corners and snapped points are: then the
        segment stays on it exactly when it crosses none of its edges."""
        if len(a) == 0:
            return np.zeros(0, dtype=bool)
        coords = np.stack([a, b], axis=1)
        same = np.all(np.abs(coords[:, 0] - coords[:, 1]) < 1e-12, axis=1)
        coords[same, 1] += 1e-9
        lines = shapely.linestrings(coords)
        return ~shapely.intersects(self._free_edges, lines)

    def snap(self, p) -> tuple[tuple[float, float] | None, str]:
        """(the point moved onto the free floor, '' or why it cannot be)."""
        if self.free.is_empty:
            return None, "the layout has no walkable floor"
        if shapely.intersects_xy(self._free_test, float(p[0]), float(p[1])):
            return (float(p[0]), float(p[1])), ""
        pt = Point(p)
        _, near = nearest_points(pt, self.free)
        d = pt.distance(near)
        if d <= SNAP:
            return (near.x, near.y), ""
        return None, f"is {d:.2f} m from the walkable floor (inside an obstacle or outside the boundary)"

    def _point_info(self, p):
        """(snapped point, distances to every corner (inf where not visible)) for a query point."""
        key = (float(p[0]), float(p[1]))
        hit = self._point_cache.get(key)
        if hit is None:
            q, why = self.snap(key)
            hit = (None, None) if q is None else (q, self._corner_distances(np.array([q]))[0])
            self._remember(key, hit)
        return hit

    def _remember(self, key, hit) -> None:
        # ad-hoc points (staff walking about) must not grow the cache without end
        if len(self._point_cache) > 20000:
            keep = set(self.poi.values())
            self._point_cache = {k: v for k, v in self._point_cache.items() if k in keep}
        self._point_cache[key] = hit

    def _corner_distances(self, S: np.ndarray) -> np.ndarray:
        """Straight-line distance from each point of S to each corner it sees and that a
        shortest path could turn at (inf otherwise), in one vectorised visibility test."""
        n = len(self.nodes)
        out = np.full((len(S), n), INF)
        if n == 0 or len(S) == 0:
            return out
        P = S[:, None, :]
        cand = tangent(P, self.nodes[None, :, :], self._prev[None, :, :], self._nextv[None, :, :])
        pi, ni = np.nonzero(cand)
        if len(pi):
            vis = self._visible(S[pi], self.nodes[ni])
            pi, ni = pi[vis], ni[vis]
            out[pi, ni] = np.hypot(S[pi, 0] - self.nodes[ni, 0], S[pi, 1] - self.nodes[ni, 1])
        return out

    # --- distances and paths ------------------------------------------------------------------------
    def distance(self, p, q) -> float:
        """Length of the shortest walk from p to q (inf when there is none)."""
        key = (float(p[0]), float(p[1]), float(q[0]), float(q[1]))
        d = self._dist_cache.get(key)
        if d is None:
            d = self._distance(p, q)[0]
            self._dist_cache[key] = d
            self._dist_cache[(key[2], key[3], key[0], key[1])] = d
        return d

    def _distance(self, p, q):
        sp, dp = self._point_info(p)
        sq, dq = self._point_info(q)
        if sp is None or sq is None:
            return INF, None, None
        best = INF
        bu = bv = None
        direct = math.hypot(sp[0] - sq[0], sp[1] - sq[1])
        if direct < 1e-12 or self._visible(np.array([sp]), np.array([sq]))[0]:
            return direct, None, None
        if len(self.nodes):
            via = dp[:, None] + self.D + dq[None, :]
            k = int(np.argmin(via))
            u, v = divmod(k, via.shape[1])
            if via[u, v] < best:
                best, bu, bv = float(via[u, v]), u, v
        return best, bu, bv

    def _next_hop(self, i: int, v: int) -> int:
        """The corner after i on a shortest walk from corner i to corner v (i != v)."""
        return int(np.argmin(self._W[i] + self.D[:, v]))

    def path(self, p, q) -> tuple[tuple[float, float], ...]:
        """The shortest walk from p to q as a polyline (from the snapped p to the snapped q);
        empty when there is none."""
        d, u, v = self._distance(p, q)
        if not math.isfinite(d):
            return ()
        sp, _ = self._point_info(p)
        sq, _ = self._point_info(q)
        pts = [sp]
        if u is not None:
            i = u
            pts.append(tuple(self.nodes[i]))
            guard = 0
            while i != v and guard <= len(self.nodes):
                i = self._next_hop(i, v)
                pts.append(tuple(self.nodes[i]))
                guard += 1
        pts.append(sq)
        return tuple((float(x), float(y)) for x, y in pts)

    def matrix(self, points) -> np.ndarray:
        """All-pairs walking distances among ``points`` (inf where no walk exists)."""
        return self._matrix(points)[0]

    distance_matrix = matrix

    def _matrix(self, points, hint=None):
        """(distances among ``points``, each point's distance to every corner, snapped points,
        which points are on the floor). ``hint`` = (snapped points, their direct visibility,
        boxes edited since) lets an edit keep the direct answers it cannot have changed."""
        pts = [(float(x), float(y)) for x, y in points]
        m = len(pts)
        n = len(self.nodes)
        out = np.zeros((m, m))
        missing = [p for p in dict.fromkeys(pts) if p not in self._point_cache]
        if missing:
            snapped = [self.snap(p)[0] for p in missing]
            good = [i for i, q in enumerate(snapped) if q is not None]
            A0 = self._corner_distances(np.array([snapped[i] for i in good], dtype=float).reshape(-1, 2))
            for k, i in enumerate(good):
                self._remember(missing[i], (snapped[i], A0[k]))
            for i, q in enumerate(snapped):
                if q is None:
                    self._remember(missing[i], (None, None))
        infos = [self._point_info(p) for p in pts]
        ok = np.array([i[0] is not None for i in infos], dtype=bool)
        S = np.array([i[0] if i[0] is not None else (0.0, 0.0) for i in infos], dtype=float).reshape(-1, 2)
        A = np.array([i[1] if i[0] is not None else np.full(n, INF) for i in infos], dtype=float).reshape(m, n)
        # through corners: min_u,v A[p,u] + D[u,v] + A[q,v]
        if n:
            M = min_plus_sparse(A, self.D)  # p -> every corner v
            via = min_plus_sparse(A, M.T).T  # p -> q (A is sparser than M)
        else:
            M = np.zeros((m, 0))
            via = np.full((m, m), INF)
        iu, ju = np.triu_indices(m, 1)
        vis = np.zeros(len(iu), dtype=bool)
        if len(iu):
            if hint is not None and hint[0].shape == S.shape:
                # keep the answers of segments between unmoved points that miss every edited box
                old_s, old_vis, boxes = hint
                same = np.all(old_s == S, axis=1)
                k = np.nonzero(same[iu] & same[ju])[0]
                k = k[~segments_meet_boxes(S[iu[k]], S[ju[k]], boxes)]
                vis[k] = old_vis[k]
                todo = np.ones(len(iu), dtype=bool)
                todo[k] = False
                t = np.nonzero(todo)[0]
                if len(t):
                    vis[t] = self._visible(S[iu[t]], S[ju[t]])
            else:
                vis = self._visible(S[iu], S[ju])
            dd = np.hypot(*(S[iu] - S[ju]).T)
            out[iu, ju] = np.minimum(np.where(vis, dd, INF), via[iu, ju])
            out[ju, iu] = out[iu, ju]
        out[~ok, :] = INF
        out[:, ~ok] = INF
        np.fill_diagonal(out, 0.0)
        return out, M, S, ok, vis

    def distances_from(self, p) -> tuple[list[str], np.ndarray]:
        """Walking distance from an arbitrary point (a staff member between points) to every
        point of interest: one vectorised visibility test for p (to the corners it could turn
        at and to every point), then one small min-plus with the points' corner distances."""
        ids, _ = self.poi_matrix()
        key = (float(p[0]), float(p[1]))
        sp, why = self.snap(key)
        if sp is None:
            return ids, np.full(len(ids), INF)
        S = self._poi_pts
        nodes = self.nodes
        x, y = sp
        cand = (
            np.nonzero(tangent(np.array(sp), nodes, self._prev, self._nextv))[0]
            if len(nodes)
            else np.zeros(0, dtype=int)
        )
        ends = np.concatenate([nodes[cand], S])
        vis = self._visible(np.broadcast_to(np.array(sp), ends.shape), ends)
        dist = np.hypot(ends[:, 0] - x, ends[:, 1] - y)
        k = len(cand)
        seen = vis[:k]
        ci = cand[seen]
        if len(ci):
            via = np.min(dist[:k][seen][None, :] + self._poi_corner_dist[:, ci], axis=1)
            out = np.where(vis[k:], np.minimum(dist[k:], via), via)
        else:
            out = np.where(vis[k:], dist[k:], INF)
        out[self._poi_bad] = INF
        if len(nodes):
            dp = np.full(len(nodes), INF)
            dp[ci] = dist[:k][seen]
            self._remember(key, (sp, dp))
        return ids, out

    def poi_matrix(self) -> tuple[list[str], np.ndarray]:
        """(ids of the points of interest, all-pairs walking distances among them)."""
        if self._poi_matrix is None:
            ids = list(self.poi)
            m, M, S, ok, vis = self._matrix([self.poi[i] for i in ids], self._direct_hint)
            self._direct_hint = (S, vis, [])
            bad = np.array([i in self.unreachable for i in ids], dtype=bool) | ~ok
            m[bad, :] = INF
            m[:, bad] = INF
            np.fill_diagonal(m, 0.0)
            self._poi_matrix = (ids, m)
            self._poi_pts = np.array([self.poi[i] for i in ids], dtype=float).reshape(-1, 2)
            self._poi_corner_dist = M
            self._poi_bad = bad
        return self._poi_matrix

    def component_of(self, p) -> int | None:
        """Index of the piece of free floor containing p (the floor may be split in two)."""
        q, _ = self.snap(p)
        if q is None:
            return None
        geoms = [self.free] if isinstance(self.free, Polygon) else list(self.free.geoms)
        pt = Point(q).buffer(1e-6)
        for i, g in enumerate(geoms):
            if g.intersects(pt):
                return i
        return None

    # --- sightlines ---------------------------------------------------------------------------------
    def _sight(self) -> _Sight:
        if self._sight_cache is None:
            sight = [o.geometry for o in self._obstacles if o.sight]
            union = shapely.union_all(sight) if sight else Polygon()
            shapely.prepare(union)
            shrunk = union.buffer(-1e-6) if not union.is_empty else union
            shapely.prepare(shrunk)
            self._sight_cache = _Sight(union, shrunk)
        return self._sight_cache

    def can_see(self, p, q) -> bool:
        """Whether a person at p can see q: no wall, pillar or sight-blocking fixture between them."""
        return bool(self.visible_mask(p, np.array([q], dtype=float))[0])

    def visible_mask(self, p, points) -> np.ndarray:
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        if len(pts) == 0:
            return np.zeros(0, dtype=bool)
        coords = np.stack([np.repeat(np.asarray(p, dtype=float)[None, :], len(pts), axis=0), pts], axis=1)
        same = np.all(np.abs(coords[:, 0] - coords[:, 1]) < 1e-12, axis=1)
        coords[same, 1] += 1e-9
        lines = shapely.linestrings(coords)
        shrunk = self._sight().shrunk
        blocked = shapely.intersects(shrunk, lines) if not shrunk.is_empty else np.zeros(len(pts), dtype=bool)
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
        sight = self._sight().union
        walls = (
            shapely.union_all([self.boundary.exterior, sight.boundary])
            if not sight.is_empty
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


def build_floor(layout, clearance: float = 0.25) -> Floor:
    return Floor(layout, clearance)


def reachability_findings(layout, clearance: float = 0.25):
    """Findings for points of interest that are not on the walkable floor or that cannot be
    reached from an entrance. Never raises on bad geometry."""
    from lobbysim.model.findings import Finding

    try:
        floor = Floor(layout, clearance)
    except Exception as exc:  # noqa: BLE001 - bad geometry must be a finding, not a crash
        return [Finding("error", "geometry-failed", None, f"the walkable floor cannot be computed ({exc})")]
    out = []
    owner = {}
    for e in layout:
        if isinstance(e, Fixture):
            owner[f"{e.id}.service"] = (e.id, "service point")
            owner[f"{e.id}.staff"] = (e.id, "staff point")
        elif isinstance(e, SeatBlock):
            for sid, _ in e.seats:
                owner[sid] = (e.id, f"seat {sid}")
        elif isinstance(e, Entrance):
            owner[e.id] = (e.id, "entrance")
    for name, why in floor.unreachable.items():
        eid, what = owner.get(name, (name, "point"))
        out.append(Finding("error", "point-unreachable", eid, f"{what} {why}", floor.poi_raw.get(name)))
    if floor.free.is_empty:
        return out
    entrances = [e.id for e in layout.entrances() if e.id not in floor.unreachable]
    comps = {floor.component_of(floor.poi[e]) for e in entrances}
    comps.discard(None)
    if comps:
        reported: set[str] = set()
        for name, p in floor.poi.items():
            if name in floor.unreachable:
                continue
            c = floor.component_of(p)
            if c is not None and c not in comps:
                eid, what = owner.get(name, (name, "point"))
                if eid in reported:
                    continue
                reported.add(eid)
                out.append(
                    Finding(
                        "error", "cut-off", eid, f"{what} cannot be reached from the entrance (the floor is split)", p
                    )
                )
    return out


__all__ = ["Floor", "build_floor", "reachability_findings", "reflex_vertices", "points_of_interest"]
