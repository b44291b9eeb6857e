"""The walkable floor of a layout: exact shortest walking paths and sightlines.

Free floor = the boundary shrunk by the body clearance, minus every obstacle (walls,
pillars, counters, machines, desks, seat benches) grown by the same clearance. People are
points walking on that polygon with holes, so a shortest path is a polyline whose inner
corners are reflex vertices of the free floor (the classic visibility-graph property).

The engine keeps:

* the *corner graph*: reflex vertices of the free floor and which pairs see each other,
  with all-pairs shortest distances and next hops (Floyd–Warshall in numpy: a lobby has
  at most a few hundred corners);
* for any query point, which corners it sees (one vectorised shapely call), so a distance
  from anywhere to anywhere is ``min(direct, min_u,v d(p,u) + D(u,v) + d(v,q))``.

Everything is cached by value: corner-to-corner visibility is keyed by the two corners'
coordinates and re-checked after an edit only for segments that cross the region the edit
changed, so moving a seat block recomputes a small part of the graph.

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
from shapely.geometry import LineString, MultiPolygon, Point, Polygon
from shapely.ops import nearest_points

from lobbysim.model.elements import Entrance, Fixture, SeatBlock, blocks_sight, is_obstacle

#: points of interest this close to free floor are moved onto it
SNAP = 0.3
#: numeric tolerance of visibility tests (metres)
EPS = 1e-7
INF = math.inf


def _rings(geom):
    polys = [geom] if isinstance(geom, Polygon) else list(getattr(geom, "geoms", []))
    for p in polys:
        if p.is_empty:
            continue
        yield p.exterior, True
        for h in p.interiors:
            yield h, False


def reflex_vertices(free) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertices of the free floor where the floor's interior angle exceeds 180°: the only
    places a shortest path can bend. Returns (points, previous ring vertex, next ring vertex)."""
    out, prv, nxs = [], [], []
    for ring, is_exterior in _rings(free):
        pts = np.asarray(ring.coords)[:-1]
        if len(pts) < 3:
            continue
        ccw = ring.is_ccw
        prev = np.roll(pts, 1, axis=0)
        nxt = np.roll(pts, -1, axis=0)
        cross = (pts[:, 0] - prev[:, 0]) * (nxt[:, 1] - pts[:, 1]) - (pts[:, 1] - prev[:, 1]) * (nxt[:, 0] - pts[:, 0])
        # walking the ring with the floor on the left, a right turn is a reflex corner
        floor_left = ccw if is_exterior else not ccw
        reflex = cross < -1e-12 if floor_left else cross > 1e-12
        out.append(pts[reflex])
        prv.append(prev[reflex])
        nxs.append(nxt[reflex])
    if not out:
        z = np.zeros((0, 2))
        return z, z, z
    return np.vstack(out), np.vstack(prv), np.vstack(nxs)


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


def layout_obstacles(layout) -> list[Obstacle]:
    out = []
    for e in layout:
        if is_obstacle(e):
            g = e.geometry
            if g is not None and not g.is_empty and g.is_valid:
                out.append(Obstacle(e.id, g, blocks_sight(e)))
    return out


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


class Floor:
    """Shortest walking paths and sightlines on one layout (see the module docstring)."""

    def __init__(self, layout, clearance: float = 0.25):
        self.clearance = float(clearance)
        self._graph_vis = np.zeros((0, 0), dtype=bool)
        self._point_cache: dict[tuple, tuple] = {}
        self._dist_cache: dict[tuple, float] = {}
        self._obstacles: list[Obstacle] = []
        self._direct_hint = None
        self._last_direct = None
        self.layout_revision = None
        self.update(layout)

    # --- building ---------------------------------------------------------------------------------
    def update(self, layout) -> "Floor":
        """Bring the engine up to date with ``layout``, recomputing only what changed."""
        obstacles = layout_obstacles(layout)
        b = layout.boundary
        boundary = b.geometry if b is not None and b.geometry.is_valid and not b.geometry.is_empty else None
        old = {(o.element_id, o.geometry.wkb) for o in self._obstacles}
        new = {(o.element_id, o.geometry.wkb) for o in obstacles}
        changed_ids = {i for i, _ in old ^ new}
        same_boundary = getattr(self, "_boundary_wkb", None) == (boundary.wkb if boundary is not None else None)
        c = self.clearance
        if same_boundary and self._obstacles:
            # the region whose visibility may have changed: old and new inflated shapes of edited elements
            shapes = [o.geometry for o in self._obstacles + obstacles if o.element_id in changed_ids]
            region = shapely.union_all(shapes).buffer(c + 1e-3, join_style="mitre") if shapes else None
        else:
            region = "all"
        self._obstacles = obstacles
        self._boundary_wkb = boundary.wkb if boundary is not None else None
        self.boundary = boundary
        if boundary is None:
            self.free = Polygon()
        else:
            inner = boundary.buffer(-c, join_style="mitre")
            grown = [o.geometry.buffer(c, join_style="mitre") for o in obstacles]
            self.free = inner.difference(shapely.union_all(grown)) if grown else inner
            self.free = shapely.make_valid(self.free) if not self.free.is_valid else self.free
        self._free_test = self.free.buffer(EPS * 10)
        shapely.prepare(self._free_test)
        # its outline: a segment between two points of the floor stays on it exactly when it
        # meets no edge of the outline (an intersects test is a third the cost of covers)
        self._free_edges = self._free_test.boundary
        shapely.prepare(self._free_edges)
        sight = [o.geometry for o in obstacles if o.sight]
        self._sight = shapely.union_all(sight) if sight else Polygon()
        shapely.prepare(self._sight)
        self._sight_shrunk = self._sight.buffer(-1e-6) if not self._sight.is_empty else self._sight
        shapely.prepare(self._sight_shrunk)
        # invalidate caches that depend on the floor
        prev = self._reusable_rows(region)
        last = getattr(self, "_last_direct", None)
        self._direct_hint = None
        if last is not None and region not in ("all", None) and not region.is_empty:
            shapely.prepare(region)
            self._direct_hint = (last[0], last[1], region.bounds, region)
        self._point_cache.clear()
        self._dist_cache.clear()
        old_nodes = getattr(self, "nodes", None)
        self._old_graph = None
        if old_nodes is not None and region not in ("all", None) and not region.is_empty:
            shapely.prepare(region)
            self._old_graph = (old_nodes, self._graph_vis, region)
        self._build_graph()
        self._old_graph = None
        if prev is not None and old_nodes is not None:
            self._seed_point_cache(prev, old_nodes, region)
        self.poi_raw = points_of_interest(layout, c)
        self.poi: dict[str, tuple[float, float]] = {}
        self.unreachable: dict[str, str] = {}
        names = list(self.poi_raw)
        xy = np.array([self.poi_raw[k] for k in names], dtype=float).reshape(-1, 2)
        on = shapely.intersects_xy(self._free_test, xy[:, 0], xy[:, 1]) if len(names) and not self.free.is_empty \
            else np.zeros(len(names), dtype=bool)
        for i, name in enumerate(names):
            p = self.poi_raw[name]
            q, why = ((float(p[0]), float(p[1])), "") if on[i] else self.snap(p)
            self.poi[name] = q if q is not None else p
            if why:
                self.unreachable[name] = why
        self._poi_matrix = None
        self.layout_revision = getattr(layout, "revision", None)
        return self

    @staticmethod
    def _crossing(region, a: np.ndarray, b: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Refine a bounding-box pre-selection ``mask`` of segments a->b to those that really
        meet the (prepared) region."""
        k = np.nonzero(mask)[0]
        if len(k) == 0:
            return mask
        coords = np.stack([a[k], b[k]], axis=1)
        same = np.all(coords[:, 0] == coords[:, 1], axis=1)
        coords[same, 1] += 1e-9
        out = np.zeros_like(mask)
        out[k] = shapely.intersects(region, shapely.linestrings(coords))
        return out

    def _reusable_rows(self, region):
        """The corner-distance rows of known points that an edit confined to ``region`` may keep."""
        if region == "all" or region is None or not self._point_cache:
            return None
        return {k: v for k, v in self._point_cache.items() if v[0] is not None}

    def _seed_point_cache(self, prev: dict, old_nodes: np.ndarray, region) -> None:
        """Rebuild the corner rows of previously known points after an edit: a (point, corner)
        pair keeps its answer when both existed before and the segment stays clear of the
        edited region; only the other pairs are tested again (one vectorised call)."""
        n = len(self.nodes)
        if not prev or n == 0:
            return
        old_index = {(float(x), float(y)): i for i, (x, y) in enumerate(old_nodes)}
        mapping = np.array([old_index.get((float(x), float(y)), -1) for x, y in self.nodes])
        keys = list(prev)
        S = np.array([prev[k][0] for k in keys], dtype=float)
        old_rows = np.array([prev[k][1] for k in keys], dtype=float)
        cand = tangent(S[:, None, :], self.nodes[None, :, :], self._prev[None, :, :], self._nextv[None, :, :])
        # a point that moved onto a different snap position, or that now lies in the region, starts afresh
        raw = np.array(keys, dtype=float)
        on = shapely.intersects_xy(self._free_test, raw[:, 0], raw[:, 1])
        moved = np.array([(tuple(k) != prev[k][0]) if on[i] else (self.snap(k)[0] != prev[k][0])
                          for i, k in enumerate(keys)])
        rows = np.full((len(keys), n), INF)
        known = (mapping >= 0)[None, :] & ~moved[:, None]
        reuse = np.where(known, old_rows[:, np.maximum(mapping, 0)], INF)
        # segments whose bounding box meets the region's must be re-tested
        x0, y0, x1, y1 = region.bounds
        nx_, ny_ = self.nodes[None, :, 0], self.nodes[None, :, 1]
        sx, sy = S[:, 0:1], S[:, 1:2]
        near = (np.maximum(sx, nx_) >= x0) & (np.minimum(sx, nx_) <= x1) & \
            (np.maximum(sy, ny_) >= y0) & (np.minimum(sy, ny_) <= y1)
        pi0, ni0 = np.nonzero(cand & known & near)
        if len(pi0):
            really = self._crossing(region, S[pi0], self.nodes[ni0], np.ones(len(pi0), dtype=bool))
            near = np.zeros_like(near)
            near[pi0[really], ni0[really]] = True
        test = cand & (~known | near)
        keep = cand & known & ~near
        rows[keep] = reuse[keep]
        pi, ni = np.nonzero(test)
        if len(pi):
            vis = self._visible(S[pi], self.nodes[ni])
            pi, ni = pi[vis], ni[vis]
            rows[pi, ni] = np.hypot(S[pi, 0] - self.nodes[ni, 0], S[pi, 1] - self.nodes[ni, 1])
        for k, key in enumerate(keys):
            if not moved[k]:
                self._point_cache[key] = (prev[key][0], rows[k])

    def _build_graph(self) -> None:
        self._graph_vis = np.zeros((0, 0), dtype=bool)
        nodes, self._prev, self._nextv = reflex_vertices(self.free)
        self.nodes = nodes
        n = len(nodes)
        self._node_index = {(float(x), float(y)): i for i, (x, y) in enumerate(nodes)}
        W = np.full((n, n), INF)
        np.fill_diagonal(W, 0.0)
        if n:
            iu, ju = np.triu_indices(n, 1)
            # only bitangent pairs can be on a shortest path: the rest need no visibility test
            keep = tangent(nodes[iu], nodes[ju], self._prev[ju], self._nextv[ju]) & \
                tangent(nodes[ju], nodes[iu], self._prev[iu], self._nextv[iu])
            iu, ju = iu[keep], ju[keep]
            vis = np.zeros(len(iu), dtype=bool)
            todo = np.ones(len(iu), dtype=bool)
            old = self._old_graph
            if old is not None:
                # after an edit: a pair of corners that both existed keeps its answer unless the
                # segment between them meets the edited region
                old_nodes, old_vis, region = old
                index = {(float(x), float(y)): i for i, (x, y) in enumerate(old_nodes)}
                mapping = np.array([index.get((float(x), float(y)), -1) for x, y in nodes])
                both = (mapping[iu] >= 0) & (mapping[ju] >= 0)
                a, b = nodes[iu], nodes[ju]
                x0, y0, x1, y1 = region.bounds
                near = (np.maximum(a[:, 0], b[:, 0]) >= x0) & (np.minimum(a[:, 0], b[:, 0]) <= x1) & \
                    (np.maximum(a[:, 1], b[:, 1]) >= y0) & (np.minimum(a[:, 1], b[:, 1]) <= y1) & both
                near = self._crossing(region, a, b, near)
                keep_old = both & ~near
                vis[keep_old] = old_vis[mapping[iu[keep_old]], mapping[ju[keep_old]]]
                todo = ~keep_old
            t = np.nonzero(todo)[0]
            if len(t):
                vis[t] = self._visible(nodes[iu[t]], nodes[ju[t]])
            V = np.zeros((n, n), dtype=bool)
            V[iu[vis], ju[vis]] = True
            V[ju[vis], iu[vis]] = True
            self._graph_vis = V
            d = np.hypot(*(nodes[iu] - nodes[ju]).T)
            W[iu[vis], ju[vis]] = d[vis]
            W[ju[vis], iu[vis]] = d[vis]
        # Floyd–Warshall with next hops
        D = W.copy()
        nxt = np.where(np.isfinite(W), np.arange(n)[None, :], -1) if n else np.zeros((0, 0), int)
        for k in range(n):
            via = D[:, k, None] + D[None, k, :]
            better = via < D - 1e-12
            if better.any():
                D = np.where(better, via, D)
                nxt = np.where(better, nxt[:, k, None], nxt)
        self.D = D
        self._next = nxt

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
            if q is None:
                hit = (None, None)
            else:
                hit = (q, self._corner_distances(np.array([q]))[0])
            self._point_cache[key] = hit
        return hit

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
                i = int(self._next[i, v])
                pts.append(tuple(self.nodes[i]))
                guard += 1
        pts.append(sq)
        return tuple((float(x), float(y)) for x, y in pts)

    def matrix(self, points) -> np.ndarray:
        """All-pairs walking distances among ``points`` (inf where no walk exists)."""
        pts = [(float(x), float(y)) for x, y in points]
        m = len(pts)
        out = np.zeros((m, m))
        missing = [p for p in dict.fromkeys(pts) if p not in self._point_cache]
        if missing:
            snapped = [self.snap(p)[0] for p in missing]
            good = [i for i, q in enumerate(snapped) if q is not None]
            A0 = self._corner_distances(np.array([snapped[i] for i in good], dtype=float).reshape(-1, 2))
            for k, i in enumerate(good):
                self._point_cache[missing[i]] = (snapped[i], A0[k])
            for i, q in enumerate(snapped):
                if q is None:
                    self._point_cache[missing[i]] = (None, None)
        infos = [self._point_info(p) for p in pts]
        ok = np.array([i[0] is not None for i in infos], dtype=bool)
        n = len(self.nodes)
        S = np.array([i[0] if i[0] is not None else (0.0, 0.0) for i in infos], dtype=float).reshape(-1, 2)
        A = np.array([i[1] if i[0] is not None else np.full(n, INF) for i in infos], dtype=float).reshape(m, n)
        # through corners: min_u,v A[p,u] + D[u,v] + A[q,v]
        if n:
            M = np.min(A[:, :, None] + self.D[None, :, :], axis=1)          # p -> every corner v
            via = np.min(M[:, None, :] + A[None, :, :], axis=2)             # p -> q
        else:
            via = np.full((m, m), INF)
        iu, ju = np.triu_indices(m, 1)
        direct = np.full(len(iu), INF)
        if len(iu):
            hint = self._direct_hint
            if hint is not None and hint[0].shape == S.shape:
                # after an edit: keep the answers of segments between unmoved points that stay
                # clear of the edited region
                old_s, old_vis, (x0, y0, x1, y1) = hint[:3]
                same = np.all(old_s == S, axis=1)
                near = (np.maximum(S[iu, 0], S[ju, 0]) >= x0) & (np.minimum(S[iu, 0], S[ju, 0]) <= x1) & \
                    (np.maximum(S[iu, 1], S[ju, 1]) >= y0) & (np.minimum(S[iu, 1], S[ju, 1]) <= y1)
                near = self._crossing(hint[3], S[iu], S[ju], near)
                near |= ~(same[iu] & same[ju])
                vis = old_vis.copy()
                k = np.nonzero(near)[0]
                if len(k):
                    vis[k] = self._visible(S[iu[k]], S[ju[k]])
            else:
                vis = self._visible(S[iu], S[ju])
            self._last_direct = (S.copy(), vis)
            dd = np.hypot(*(S[iu] - S[ju]).T)
            direct = np.where(vis, dd, INF)
        out[iu, ju] = np.minimum(direct, via[iu, ju])
        out[ju, iu] = out[iu, ju]
        out[~ok, :] = INF
        out[:, ~ok] = INF
        np.fill_diagonal(out, 0.0)
        return out

    distance_matrix = matrix

    def distances_from(self, p) -> tuple[list[str], np.ndarray]:
        """Walking distance from an arbitrary point (a staff member between points) to every
        point of interest: one vectorised visibility test for p, the rest is array arithmetic."""
        ids, _ = self.poi_matrix()
        key = (float(p[0]), float(p[1]))
        sp, why = self.snap(key)
        if sp is None:
            return ids, np.full(len(ids), INF)
        S = self._poi_pts
        n = len(self.nodes)
        # one vectorised visibility test: p to the corners it could turn at, and p to every point
        cand = tangent(np.asarray(sp)[None, :], self.nodes, self._prev, self._nextv) if n else np.zeros(0, bool)
        ci = np.nonzero(cand)[0]
        ends = np.vstack([self.nodes[ci], S]) if len(ci) else S
        vis = self._visible(np.repeat(np.array([sp]), len(ends), axis=0), ends)
        dp = np.full(n, INF)
        if len(ci):
            v = vis[:len(ci)]
            dp[ci[v]] = np.hypot(self.nodes[ci[v], 0] - sp[0], self.nodes[ci[v], 1] - sp[1])
        dvis = vis[len(ci):]
        self._point_cache[key] = (sp, dp)
        if n:
            Mp = np.min(dp[:, None] + self.D, axis=0)
            via = np.min(Mp[None, :] + self._poi_corners, axis=1)
        else:
            via = np.full(len(ids), INF)
        direct = np.where(dvis, np.hypot(S[:, 0] - sp[0], S[:, 1] - sp[1]), INF)
        out = np.minimum(direct, via)
        out[self._poi_bad] = INF
        return ids, out

    def poi_matrix(self) -> tuple[list[str], np.ndarray]:
        if self._poi_matrix is None:
            ids = list(self.poi)
            m = self.matrix([self.poi[i] for i in ids])
            for k, i in enumerate(ids):
                if i in self.unreachable:
                    m[k, :] = INF
                    m[:, k] = INF
                    m[k, k] = 0.0
            self._poi_matrix = (ids, m)
            n = len(self.nodes)
            infos = [self._point_info(self.poi[i]) for i in ids]
            self._poi_pts = np.array([self.poi[i] for i in ids], dtype=float).reshape(-1, 2)
            self._poi_corners = np.array([x[1] if x[0] is not None else np.full(n, INF) for x in infos],
                                         dtype=float).reshape(len(ids), n)
            self._poi_bad = np.array([i in self.unreachable or x[0] is None for i, x in zip(ids, infos)], dtype=bool)
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
        blocked = shapely.intersects(self._sight_shrunk, lines) if not self._sight_shrunk.is_empty \
            else np.zeros(len(pts), dtype=bool)
        if self.boundary is not None:
            inside = shapely.covers(self.boundary, lines)
        else:
            inside = np.ones(len(pts), dtype=bool)
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
        walls = shapely.union_all([self.boundary.exterior, self._sight.boundary]) if not self._sight.is_empty \
            else self.boundary.exterior
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
                out.append(Finding("error", "cut-off", eid,
                                   f"{what} cannot be reached from the entrance (the floor is split)", p))
    return out


__all__ = ["Floor", "build_floor", "reachability_findings", "reflex_vertices", "points_of_interest"]
