"""Exact shortest walking paths and sightlines on a layout, at a cost that grows with the branch.

Free floor = the boundary shrunk by the body clearance, minus every obstacle (walls, pillars,
counters, machines, desks, seat benches) grown by the same clearance (``walkable``). People are
points walking on that polygon with holes, so a shortest path is a polyline whose inner corners
are reflex corners of the free floor (the classic visibility-graph property).

Nothing is computed before it is asked for:

* building a :class:`Floor` makes the free floor, its corners and the points of interest
  (linear in the number of elements);
* the first walking question tests which corners see each other (``corners``: only pairs
  tangent at both ends, one vectorised shapely call) — quadratic in the corners, once;
* a question from a source point runs Dijkstra from it over that corner graph (scipy) and keeps
  the tree; the last leg to each target is tested lazily (``paths``);
* an edit rebuilds the free floor only in the clusters of obstacles it touched (``clusters``),
  grows by the test's hair only the rings it changed, keeps the corners' numbers when it keeps
  their count (the tables indexed by corner are updated in place), and re-tests only the pairs
  whose segment meets the boxes of the edited elements' old and new shapes; a pair that crosses
  a rectangle of an obstacle at or near the edit is known to be blocked without a test;
* sight from one point to many (``distances_from``) is tested on an angular fan of the floor's
  edges around the point (``fan``), not one segment at a time.

The API for lazy per-source questions (what the simulation uses)::

    floor = build_floor(layout)                   # cheap
    floor.poi["cash1.service"]                    # named points, snapped onto the floor
    floor.distances(p, [q1, q2, ...])             # walking metres from p to many points
    floor.distance_table([p1, p2], [q1, q2, ...]) # from several points at once (trees grown together)
    floor.nearest([p1, p2, ...], [q1, q2, ...])   # from the nearest of several points (one tree):
                                                  # (metres, index of that point) per target
    floor.paths(p, [q1, q2, ...])                 # the polylines walked
    floor.nearest_paths([p1, p2, ...], [q1, ...]) # the polylines from the nearest of several points
    floor.tree(p)                                 # the shortest-path tree from p (cached)
    floor.distance(p, q), floor.path(p, q)        # one pair (uses a cached tree of p or of q)
    floor.can_see(p, q), floor.visible_mask(p, points)   # sightlines
    floor.matrix(points), floor.poi_matrix()      # all pairs at once, when really needed

Points are (x, y) in metres; a point off the floor within ``SNAP`` metres of it is moved onto it
first. Trees and answers are kept until the next ``update(layout)``, which keeps everything an
edit cannot have changed. Plans beyond ``MAX_OBSTACLES`` obstacles or ``MAX_CORNERS`` corners
raise :class:`PlanTooLarge` (a LobbysimError: one line saying so).

Distances are ``inf`` where no walk exists; paths then are empty. Points of interest (entrances,
service and staff points, seats) that fall inside a grown obstacle but within ``SNAP`` metres of
free floor are moved to the nearest free point; farther ones are unreachable and reported by
``reachability_findings``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .corners import SEEN, UNKNOWN, CornerGraph, PointRows, stable_order
from .paths import Answer, PathTree, corner_trees, nearest_tree, resolve
from .primitives import (
    INF,
    SNAP,
    Box,
    points_in_boxes,
    points_of_interest,
    reflex_vertices,
    segments_meet_boxes,
)
from .sight import Sightlines
from .walkable import WalkableFloor

Pt = tuple[float, float]
#: trees kept per floor (a tree is a few arrays as long as the number of corners)
MAX_TREES = 2048
#: ad-hoc points whose snapping is remembered
MAX_SNAPS = 20000


def _key(p) -> Pt:
    return (float(p[0]), float(p[1]))


class Floor:
    """Shortest walking paths and sightlines on one layout (see the module docstring)."""

    def __init__(self, layout, clearance: float = 0.25):
        self.clearance = float(clearance)
        self._walk = WalkableFloor(self.clearance)
        self._graph = CornerGraph()
        self._rows = PointRows()
        self._snaps: dict[Pt, tuple[Pt | None, str]] = {}
        self._element_points: dict[Any, list] = {}
        self._trees: dict[Pt, PathTree] = {}
        self._multi: dict[tuple, PathTree] = {}
        self._sight: Sightlines | None = None
        self._poi_matrix: tuple[list[str], np.ndarray] | None = None
        self._poi_corner_dist = np.zeros((0, 0))
        self._direct_hint: tuple[np.ndarray, np.ndarray, list[Box]] | None = None
        self.poi: dict[str, Pt] = {}
        self.poi_raw: dict[str, Pt] = {}
        self.unreachable: dict[str, str] = {}
        self.layout_revision = None
        self.update(layout)

    # --- the floor ------------------------------------------------------------------------------
    @property
    def free(self):
        return self._walk.free

    @property
    def boundary(self):
        return self._walk.boundary

    @property
    def nodes(self) -> np.ndarray:
        """The reflex corners of the free floor: the only places a shortest walk bends."""
        return self._walk.nodes

    @property
    def _obstacles(self):
        return self._walk.obstacles

    def update(self, layout) -> Floor:
        """Bring the engine up to date with ``layout``, keeping every answer an edit cannot
        have changed (see the module docstring)."""
        w = self._walk
        old = w.nodes
        boxes = w.update(layout)
        if boxes != []:
            order, mapping = stable_order(old, w.nodes, boxes)
            w.reorder(order)
            self._graph.rebuild(w.nodes, w.prev, w.nxt, boxes, mapping)
            self._rows.rebuild(w.nodes, w.prev, w.nxt, mapping, boxes)
            self._trees.clear()
            self._multi.clear()
            self._sight = None
            self._forget_snaps(boxes)
            if boxes is None:
                self._direct_hint = None
            elif self._direct_hint is not None:
                # answers kept since the last matrix stay valid away from every edit made since
                self._direct_hint = (self._direct_hint[0], self._direct_hint[1], self._direct_hint[2] + boxes)
        self._refresh_points(layout)
        return self

    def _forget_snaps(self, boxes: list[Box] | None) -> None:
        """Points near an edit may snap elsewhere now."""
        if boxes is None or not self._snaps:
            self._snaps = {}
            return
        keys = list(self._snaps)
        near = points_in_boxes(np.array(keys, dtype=float), boxes, SNAP + 0.05)
        for k, n in zip(keys, near):
            if n:
                del self._snaps[k]

    def _refresh_points(self, layout) -> None:
        """Name and snap the points of interest."""
        cache = self._element_points
        self.poi_raw = points_of_interest(layout, self.clearance, cache)
        if len(cache) > 2 * len(layout):  # forget elements edited away
            self._element_points = {e: cache[e] for e in layout if e in cache}
        names = list(self.poi_raw)
        xy = np.array([self.poi_raw[k] for k in names], dtype=float).reshape(-1, 2)
        on = self._walk.on_floor(xy)
        self.poi, self.unreachable = {}, {}
        for i, name in enumerate(names):
            p = self.poi_raw[name]
            q, why = (_key(p), "") if on[i] else self.snap(p)
            self.poi[name] = q if q is not None else p
            if why:
                self.unreachable[name] = why
        self._poi_matrix = None
        self.layout_revision = getattr(layout, "revision", None)

    def snap(self, p) -> tuple[Pt | None, str]:
        """(the point moved onto the free floor, '' or why it cannot be)."""
        key = _key(p)
        hit = self._snaps.get(key)
        if hit is None:
            hit = self._walk.snap(key)
            if len(self._snaps) >= MAX_SNAPS:
                keep = set(self.poi_raw.values())
                self._snaps = {k: v for k, v in self._snaps.items() if k in keep}
            self._snaps[key] = hit
        return hit

    def component_of(self, p) -> int | None:
        """Index of the piece of free floor containing p (the floor may be split in two)."""
        q, _ = self.snap(p)
        if q is None:
            return None
        c = int(self._walk.components_of(np.array([q]))[0])
        return c if c >= 0 else None

    def components(self, points) -> np.ndarray:
        """``component_of`` for many points at once: the index of the piece of free floor each
        (snapped) point lies in, -1 for a point that cannot be put on the floor."""
        snapped = [self.snap(p)[0] for p in points]
        ok = np.array([q is not None for q in snapped], dtype=bool)
        xy = np.array([q if q is not None else (0.0, 0.0) for q in snapped], dtype=float).reshape(-1, 2)
        out = self._walk.components_of(xy)
        out[~ok] = -1
        return out

    # --- lazy per-source questions ----------------------------------------------------------------
    def _ready_graph(self) -> None:
        self._graph.ready(self._walk.visible, self._walk.fresh_rects)

    def _ready_rows(self, pts: list[Pt]) -> np.ndarray:
        r = self._rows.rows(pts)
        self._rows.verify_rows(r, self._walk.visible, self._walk.fresh_rects)
        return r

    def tree(self, p) -> PathTree | None:
        """The shortest-path tree from p (None when p is not on the floor); valid until the
        next ``update``."""
        return self.trees([p])[0]

    def trees(self, points) -> list[PathTree | None]:
        """The shortest-path trees from several points, grown together (None for a point off
        the floor); valid until the next ``update``."""
        snapped = [self.snap(p)[0] for p in points]
        new = [q for q in dict.fromkeys(snapped) if q is not None and q not in self._trees]
        if new:
            self._ready_graph()
            seen = self._rows.seen(new, self._walk.visible, self._walk.fresh_rects)
            dist, pred = corner_trees(self._graph, seen)
            for k, q in enumerate(new):
                self._keep_tree(PathTree([q], dist[k], pred[k], self.nodes))
        return [None if q is None else self._trees[q] for q in snapped]

    def _keep_tree(self, t: PathTree) -> PathTree:
        if len(self._trees) >= MAX_TREES:
            self._trees.clear()
        self._trees[t.source] = t
        return t

    def _answers(self, trees: list[PathTree | None], targets) -> list[list[tuple[Pt | None, Answer]]]:
        """For each tree, (snapped target, answer) for each target (see ``paths.resolve``)."""
        snapped = [self.snap(t)[0] for t in targets]
        good = [q for q in snapped if q is not None]
        grown = [t for t in trees if t is not None]
        got = iter(resolve(grown, good, self._rows, self._walk.visible, self._walk.fresh_rects))
        none: Answer = (INF, -2, 0)
        out = []
        for t in trees:
            row = iter(next(got)) if t is not None else None
            out.append([(q, none if q is None or row is None else next(row)) for q in snapped])
        return out

    def distance_table(self, sources, targets) -> np.ndarray:
        """Walking distances from each source (rows) to each target (columns), the trees of all
        sources grown and their last legs tested together."""
        rows = self._answers(self.trees(sources), targets)
        return np.array([[a[0] for _, a in r] for r in rows], dtype=float).reshape(len(sources), len(targets))

    def distances(self, p, targets) -> np.ndarray:
        """Walking distance from p to each of ``targets`` (inf where there is no walk)."""
        return self.distance_table([p], targets)[0]

    def paths(self, p, targets) -> list[tuple[Pt, ...]]:
        """The shortest walk from p to each target as a polyline from the snapped p to the
        snapped target; empty where there is none."""
        t = self.tree(p)
        if t is None:
            return [() for _ in targets]
        answers = self._answers([t], targets)[0]
        return [() if q is None or not math.isfinite(a[0]) else t.path_to(q, a) for q, a in answers]

    def nearest(self, sources, targets) -> tuple[np.ndarray, np.ndarray]:
        """For each target, the walk from the nearest of ``sources`` (one tree for all of them,
        however many): (walking distances, index of that source; -1 where there is no walk)."""
        tree = self._nearest_tree(sources)
        if tree is None:
            return np.full(len(targets), INF), np.full(len(targets), -1)
        answers = self._answers([tree], targets)[0]
        d = np.array([a[0] for _, a in answers], dtype=float)
        who = np.array([int(tree.origin[a[1]]) if a[1] >= 0 else a[2] for _, a in answers], dtype=int)
        return d, np.where(np.isfinite(d), who, -1)

    def nearest_paths(self, sources, targets) -> list[tuple[Pt, ...]]:
        """The walk from the nearest of ``sources`` to each target (empty where there is none)."""
        tree = self._nearest_tree(sources)
        if tree is None:
            return [() for _ in targets]
        answers = self._answers([tree], targets)[0]
        return [() if q is None or not math.isfinite(a[0]) else tree.path_to(q, a) for q, a in answers]

    def _nearest_tree(self, sources) -> PathTree | None:
        """One tree from several sources (cached by the snapped sources until the next update);
        its sources are numbered as given (one off the floor is never the nearest)."""
        snapped = [self.snap(p)[0] for p in sources]
        index = [i for i, q in enumerate(snapped) if q is not None]
        if not index:
            return None
        key = tuple(snapped)
        t = self._multi.get(key)
        if t is None:
            self._ready_graph()
            seen = self._rows.seen([snapped[i] for i in index], self._walk.visible, self._walk.fresh_rects)  # type: ignore[misc]
            dist, pred, origin = nearest_tree(self._graph, seen)
            pts = [q if q is not None else (INF, INF) for q in snapped]
            t = PathTree(pts, dist, pred, self.nodes, np.array(index)[np.maximum(origin, 0)])
            if len(self._multi) >= MAX_TREES:
                self._multi.clear()
            self._multi[key] = t
        return t

    def distance(self, p, q) -> float:
        """Length of the shortest walk from p to q (inf when there is none)."""
        a, b = self.snap(p)[0], self.snap(q)[0]
        if a is None or b is None:
            return INF
        if b in self._trees and a not in self._trees:
            a, b = b, a  # walks are symmetric: use the tree already grown
        return float(self.distances(a, [b])[0])

    def path(self, p, q) -> tuple[Pt, ...]:
        """The shortest walk from p to q as a polyline (from the snapped p to the snapped q);
        empty when there is none. Walks are symmetric: a tree already grown from q serves too."""
        a, b = self.snap(p)[0], self.snap(q)[0]
        if b is not None and b in self._trees and a not in self._trees:
            return tuple(reversed(self.paths(b, [a])[0]))
        return self.paths(p, [q])[0]

    # --- all pairs -----------------------------------------------------------------------------------
    def matrix(self, points) -> np.ndarray:
        """All-pairs walking distances among ``points`` (inf where no walk exists)."""
        return self._matrix(points)[0]

    distance_matrix = matrix

    def _matrix(self, points, hint=None):
        """(distances among ``points``, each point's distance to every corner, snapped points,
        which points are on the floor, direct visibility of the pairs). ``hint`` = (snapped
        points, their direct visibility, boxes edited since) keeps the direct answers an edit
        cannot have changed. The points' trees are kept, with their answers to each other."""
        snapped = [self.snap(p)[0] for p in points]
        m, n = len(snapped), len(self.nodes)
        ok = np.array([q is not None for q in snapped], dtype=bool)
        S = np.array([q if q is not None else (0.0, 0.0) for q in snapped], dtype=float).reshape(-1, 2)
        M = np.full((m, n), INF)
        A = np.full((m, n), INF)
        good = np.nonzero(ok)[0]
        trees: list[PathTree] = []
        if len(good) and n:
            self._ready_graph()
            r = self._ready_rows([_key(S[i]) for i in good])
            st = self._rows.state[r] == SEEN
            seen = [(np.nonzero(row)[0], self._rows.dist[k][row]) for k, row in zip(r, st)]
            dist, pred = corner_trees(self._graph, seen)
            trees = [self._keep_tree(PathTree([_key(S[i])], dist[k], pred[k], self.nodes)) for k, i in enumerate(good)]
            M[good] = dist
            A[good] = np.where(st, self._rows.dist[r], INF)
        via, last = _via_all(A, M)
        out, vis = self._direct(S, via, hint)
        out[~ok, :] = INF
        out[:, ~ok] = INF
        np.fill_diagonal(out, 0.0)
        # remember each walk's last corner, so that its path needs no further search
        index = {_key(S[j]): k for k, j in enumerate(good)}
        lasts = np.where(out < via, -1, last)
        for tree, i in zip(trees, good):
            tree.remember(index, out[i, good], lasts[i, good])
        return out, M, S, ok, vis

    def _direct(self, S: np.ndarray, via: np.ndarray, hint) -> tuple[np.ndarray, np.ndarray]:
        """Combine the walks through corners with the straight walks between points in sight."""
        m = len(S)
        out = np.zeros((m, m))
        iu, ju = np.triu_indices(m, 1)
        vis = np.zeros(len(iu), dtype=bool)
        if len(iu) == 0:
            return out, vis
        todo = np.ones(len(iu), dtype=bool)
        if hint is not None and hint[0].shape == S.shape:
            # keep the answers of segments between unmoved points that miss every edited box
            old_s, old_vis, boxes = hint
            same = np.all(old_s == S, axis=1)
            k = np.nonzero(same[iu] & same[ju])[0]
            k = k[~segments_meet_boxes(S[iu[k]], S[ju[k]], boxes)]
            vis[k] = old_vis[k]
            todo[k] = False
        t = np.nonzero(todo)[0]
        if len(t):
            vis[t] = self._walk.visible(S[iu[t]], S[ju[t]])
        dd = np.hypot(*(S[iu] - S[ju]).T)
        out[iu, ju] = np.minimum(np.where(vis, dd, INF), via[iu, ju])
        out[ju, iu] = out[iu, ju]
        return out, vis

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
            self._poi_pts = S
            self._poi_corner_dist = M
            self._poi_bad = bad
        return self._poi_matrix

    def distances_from(self, p) -> tuple[list[str], np.ndarray]:
        """Walking distance from an arbitrary point (a staff member between points) to every
        point of interest: one visibility test from p to the corners it could turn at and to
        every point (on a fan of the floor's edges when they are many), then one small min-plus
        with the points' corner distances (from the all-pairs matrix)."""
        ids, _ = self.poi_matrix()
        sp, _ = self.snap(p)
        if sp is None:
            return ids, np.full(len(ids), INF)
        S = self._poi_pts
        xy = np.array([sp], dtype=float)
        st, d = self._rows.fresh(xy)
        cand = np.nonzero(st[0] == UNKNOWN)[0]
        ends = np.concatenate([self.nodes[cand], S])
        vis = self._walk.visible_from(xy, ends)
        k = len(cand)
        seen = cand[vis[:k]]
        if len(seen):
            via = np.min(d[0, seen][None, :] + self._poi_corner_dist[:, seen], axis=1)
        else:
            via = np.full(len(ids), INF)
        straight = np.hypot(S[:, 0] - sp[0], S[:, 1] - sp[1])
        out = np.where(vis[k:], np.minimum(straight, via), via)
        out[self._poi_bad] = INF
        return ids, out

    # --- sightlines ---------------------------------------------------------------------------------
    def sightlines(self) -> Sightlines:
        if self._sight is None:
            self._sight = Sightlines(self._walk.obstacles, self.boundary)
        return self._sight

    def can_see(self, p, q) -> bool:
        """Whether a person at p can see q: no wall, pillar or sight-blocking fixture between them."""
        return bool(self.visible_mask(p, np.array([q], dtype=float))[0])

    def visible_mask(self, p, points) -> np.ndarray:
        return self.sightlines().visible_mask(p, points)

    def visible_polygon(self, p, clip=None, rays: int = 720, radius: float | None = None) -> Any:
        """The isovist: the part of the floor visible from p, optionally clipped to a post's zone."""
        return self.sightlines().visible_polygon(p, clip, rays, radius)


def _via_all(A: np.ndarray, M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(shortest walk from each point s to each point t through a corner t sees, that corner):
    ``min_v M[s, v] + A[t, v]`` over the corners v with a finite ``A[t, v]``."""
    m = len(A)
    via = np.full((m, m), INF)
    last = np.full((m, m), -1)
    for t in range(m):
        cols = np.nonzero(np.isfinite(A[t]))[0]
        if len(cols):
            vals = M[:, cols] + A[t, cols][None, :]
            j = np.argmin(vals, axis=1)
            via[:, t] = vals[np.arange(m), j]
            last[:, t] = cols[j]
    return via, last


def build_floor(layout, clearance: float = 0.25) -> Floor:
    return Floor(layout, clearance)


__all__ = ["Floor", "build_floor", "points_of_interest", "reflex_vertices", "segments_meet_boxes"]
