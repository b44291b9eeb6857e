"""Shortest walks from one source point: Dijkstra over the corner graph, then the last leg to
each target.

The source is joined to the corners it sees, scipy's Dijkstra gives the walking distance to
every corner (and the corner before it), and a target is reached either in a straight line or
from the corner it sees that minimises ``distance to the corner + the last straight leg``. The
targets' corner visibility is tested lazily: in rounds, each target's best corners not yet
tested are tested, until no untested corner could beat the best one known to be in sight (so
the answer is exact while most of a target's corners are never tested).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from .corners import SEEN, UNKNOWN, CornerGraph, PointRows, Visible
from .primitives import INF, Rects

Pt = tuple[float, float]


def corner_trees(graph: CornerGraph, seen: list[tuple[np.ndarray, np.ndarray]], predecessors: bool = True):
    """Dijkstra from several points at once: (distance to every corner, the corner before it on
    the way, -1 for the point itself), one row per point. ``seen`` gives, for each point, the
    corners it sees and their distances."""
    indptr, indices, data = graph.csr()
    n = len(graph.nodes)
    cols = [c for c, _ in seen]
    w = np.maximum(np.concatenate([d for _, d in seen]) if seen else np.zeros(0), 1e-300)  # zero is still an edge
    ptr = np.concatenate([indptr, indptr[-1] + np.cumsum([len(c) for c in cols], dtype=int)])
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=int)
    g = csr_matrix((np.concatenate([data, w]), np.concatenate([indices, c]), ptr), shape=(n + len(seen),) * 2)
    src = np.arange(n, n + len(seen))
    if not predecessors:
        return dijkstra(g, directed=True, indices=src)[:, :n], None
    dist, pred = dijkstra(g, directed=True, indices=src, return_predecessors=True)
    pred = pred[:, :n].astype(np.int64)
    pred[pred >= n] = -1  # came straight from the point
    return dist[:, :n], pred


class PathTree:
    """Shortest walks from one point to anywhere on the floor (valid until the floor changes)."""

    def __init__(self, source: Pt, dist: np.ndarray, pred: np.ndarray, nodes: np.ndarray):
        self.source = source
        self.dist = dist  # to every corner
        self.pred = pred  # the corner before each corner on the way, -1 for the source
        self.nodes = nodes
        self._known: dict[Pt, tuple[float, int]] = {}

    def resolve(self, targets: list[Pt], rows: PointRows, visible: Visible, rects: Rects) -> list[tuple[float, int]]:
        """(walking distance, last corner or -1 for a straight walk) to each target (snapped,
        on the floor)."""
        todo = [t for t in dict.fromkeys(targets) if t not in self._known]
        if todo:
            for t, hit in zip(todo, self._solve(todo, rows, visible, rects)):
                self._known[t] = hit
        return [self._known[t] for t in targets]

    def _solve(self, todo: list[Pt], rows: PointRows, visible: Visible, rects: Rects) -> list[tuple[float, int]]:
        T = np.array(todo, dtype=float).reshape(-1, 2)
        S = np.array(self.source, dtype=float)
        straight = np.hypot(T[:, 0] - S[0], T[:, 1] - S[1])
        direct = visible(np.broadcast_to(S, T.shape), T)
        out: list[tuple[float, int]] = [(float(d), -1) if v else (INF, -2) for d, v in zip(straight, direct)]
        far = np.nonzero(~direct)[0]
        if len(far) and len(self.dist):
            best, last = self._via(rows, rows.rows([todo[i] for i in far]), visible, rects)
            for k, i in enumerate(far):
                if math.isfinite(best[k]):
                    out[i] = (float(best[k]), int(last[k]))
        return out

    def _via(self, rows: PointRows, R: np.ndarray, visible: Visible, rects: Rects) -> tuple[np.ndarray, np.ndarray]:
        """Best corner for each row, tested lazily: in each round every row still open has its
        ``k`` best untested corners tested (k doubling), until no untested corner could beat the
        best one in sight."""
        keys = self.dist[None, :] + rows.dist[R]
        st = rows.state[R]
        seen = np.where(st == SEEN, keys, INF)
        best = seen.min(axis=1)
        last = np.argmin(seen, axis=1)
        open_keys = np.where(st == UNKNOWN, keys, INF)
        live = np.nonzero(open_keys.min(axis=1) < best)[0]
        k = 1
        while len(live):
            ok = open_keys[live]
            kk = min(k, ok.shape[1])
            j = np.argpartition(ok, kk - 1, axis=1)[:, :kk] if kk < ok.shape[1] else np.argsort(ok, axis=1)
            r = np.repeat(live, j.shape[1])
            j = j.ravel()
            val = open_keys[r, j]
            use = val < best[r]
            r, j, val = r[use], j[use], val[use]
            got = rows.verify_entries(R[r], j, visible, rects)
            open_keys[r, j] = INF
            hit = got == SEEN
            for a, b, v in zip(r[hit], j[hit], val[hit]):  # few: one or two per row
                if v < best[a]:
                    best[a], last[a] = v, b
            live = live[open_keys[live].min(axis=1) < best[live]]
            k *= 2
        return best, last

    def path_to(self, target: Pt, last: int) -> tuple[Pt, ...]:
        """The polyline from the source to ``target`` whose last corner is ``last``."""
        corners: list[int] = []
        i = last
        guard = 0
        while i >= 0 and guard <= len(self.pred):
            corners.append(i)
            i = int(self.pred[i])
            guard += 1
        return (self.source, *[_pt(self.nodes[c]) for c in reversed(corners)], target)


def _pt(xy) -> Pt:
    return (float(xy[0]), float(xy[1]))
