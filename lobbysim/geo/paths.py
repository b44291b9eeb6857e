"""Shortest walks from a source point, or from the nearest of several: Dijkstra over the corner
graph, then the last leg to each target.

The sources are joined to the corners they see, scipy's Dijkstra gives the walking distance to
every corner (from the nearest source, the corner before it and which source that was), and a
target is reached from the corner it sees that minimises ``distance to the corner + the last
straight leg``, or in a straight line from a source in sight. The targets' corner visibility is
tested lazily: in rounds, each target's best corners not yet tested are tested, until no
untested corner could beat the best one known to be in sight (so the answer is exact while most
of a target's corners are never tested); a straight walk is tested only from the sources nearer
in a straight line than that best walk.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from .corners import SEEN, UNKNOWN, CornerGraph, PointRows, Visible
from .primitives import INF, Rects

Pt = tuple[float, float]
#: an answer: (walking distance, last corner or -1 for a straight walk or -2 for none, source)
Answer = tuple[float, int, int]


def _graph_with(graph: CornerGraph, seen: list[tuple[np.ndarray, np.ndarray]]) -> csr_matrix:
    """The corner graph with one more node per point, joined to the corners it sees."""
    indptr, indices, data = graph.csr()
    n = len(graph.nodes)
    w = np.maximum(np.concatenate([d for _, d in seen]) if seen else np.zeros(0), 1e-300)  # zero is still an edge
    ptr = np.concatenate([indptr, indptr[-1] + np.cumsum([len(c) for c, _ in seen], dtype=int)])
    c = np.concatenate([c for c, _ in seen]) if seen else np.zeros(0, dtype=int)
    return csr_matrix((np.concatenate([data, w]), np.concatenate([indices, c]), ptr), shape=(n + len(seen),) * 2)


def corner_trees(graph: CornerGraph, seen: list[tuple[np.ndarray, np.ndarray]]):
    """Dijkstra from several points at once, one tree each: (distance to every corner, the
    corner before it on the way, -1 for the point itself), one row per point. ``seen`` gives,
    for each point, the corners it sees and their distances."""
    n = len(graph.nodes)
    src = np.arange(n, n + len(seen))
    dist, pred = dijkstra(_graph_with(graph, seen), directed=True, indices=src, return_predecessors=True)
    pred = pred[:, :n].astype(np.int64)
    pred[pred >= n] = -1  # came straight from the point
    return dist[:, :n], pred


def nearest_tree(graph: CornerGraph, seen: list[tuple[np.ndarray, np.ndarray]]):
    """Dijkstra from the nearest of several points: (distance to every corner, the corner before
    it, -1 for a point, which point the walk starts from)."""
    n = len(graph.nodes)
    src = np.arange(n, n + len(seen))
    dist, pred, origin = dijkstra(
        _graph_with(graph, seen), directed=True, indices=src, return_predecessors=True, min_only=True
    )
    pred = pred[:n].astype(np.int64)
    pred[pred >= n] = -1
    return dist[:n], pred, origin[:n].astype(np.int64) - n


class PathTree:
    """Shortest walks from one point, or from the nearest of several, to anywhere on the floor
    (valid until the floor changes)."""

    def __init__(self, sources: list[Pt], dist: np.ndarray, pred: np.ndarray, nodes: np.ndarray, origin=None):
        self.sources = sources
        self.dist = dist  # to every corner
        self.pred = pred  # the corner before each corner on the way, -1 for a source
        self.origin = np.zeros(len(dist), dtype=np.int64) if origin is None else origin
        self.nodes = nodes
        self._known: dict[Pt, Answer] = {}
        self._bulk: tuple[dict[Pt, int], np.ndarray, np.ndarray] | None = None

    @property
    def source(self) -> Pt:
        return self.sources[0]

    def remember(self, index: dict[Pt, int], dist: np.ndarray, last: np.ndarray) -> None:
        """Keep answers found elsewhere (the all-pairs matrix): for the target ``t``, the walk
        ``dist[index[t]]`` with last corner ``last[index[t]]`` (the index may be shared)."""
        self._bulk = (index, dist, last)

    def answer(self, t: Pt) -> Answer | None:
        """The answer for target ``t`` if it is known."""
        a = self._known.get(t)
        if a is None and self._bulk is not None:
            index, dist, last = self._bulk
            i = index.get(t)
            if i is not None:
                d = float(dist[i])
                a = self._known[t] = (d, int(last[i]), 0) if d < INF else (INF, -2, 0)
        return a

    def path_to(self, target: Pt, answer: Answer) -> tuple[Pt, ...]:
        """The polyline from the source to ``target`` (an answer of ``resolve``)."""
        _, last, src = answer
        corners: list[int] = []
        i = last
        while i >= 0 and len(corners) <= len(self.pred):
            corners.append(i)
            i = int(self.pred[i])
        start = self.sources[int(self.origin[last])] if last >= 0 else self.sources[src]
        return (start, *[_pt(self.nodes[c]) for c in reversed(corners)], target)


def _pt(xy) -> Pt:
    return (float(xy[0]), float(xy[1]))


def resolve(
    trees: list[PathTree], targets: list[Pt], rows: PointRows, visible: Visible, rects: Rects
) -> list[list[Answer]]:
    """For each tree, the answer for each target (snapped, on the floor). The pairs not answered
    before are answered together: from a single source the straight walk is tested with the
    first corners (it is the shortest candidate), then the best corner, lazily; from several
    sources the straight walks are tested only where they could beat the best walk through a
    corner."""
    uniq = list(dict.fromkeys(targets))
    pairs = [(k, t) for k, tree in enumerate(trees) for t in uniq if tree.answer(t) is None]
    if pairs:
        _answer(trees, pairs, rows, visible, rects)
    return [[tree._known[t] for t in targets] for tree in trees]  # answer() filled them


def _answer(trees: list[PathTree], pairs: list[tuple[int, Pt]], rows: PointRows, visible: Visible, rects: Rects):
    """Answer the pairs (tree number, target) and keep the answers in their trees."""
    src = np.zeros(len(pairs), dtype=np.int64)
    single = np.array([len(trees[k].sources) == 1 for k, _ in pairs])
    S = np.array([trees[k].sources[0] for k, _ in pairs], dtype=float)
    T = np.array([t for _, t in pairs], dtype=float)
    D = np.stack([trees[k].dist for k, _ in pairs])
    best, last = _lazy_best(D, rows.rows([t for _, t in pairs]), rows, visible, rects, (single, S, T))
    _straight(trees, pairs, np.flatnonzero(~single), best, last, src, visible)
    for (k, t), d, j, s_ in zip(pairs, best.tolist(), last.tolist(), src.tolist()):
        trees[k]._known[t] = (d, j, s_) if d < INF else (INF, -2, 0)


def _straight(trees, pairs, which: np.ndarray, best, last, src, visible: Visible) -> None:
    """For the pairs ``which``, test the straight walks from the sources nearer in a straight
    line than the best walk so far (one call for all); keep the shortest one in sight."""
    cand = [(i, s, p) for i in which.tolist() for s, p in enumerate(trees[pairs[i][0]].sources)]
    if not cand:
        return
    P = np.array([p for _, _, p in cand], dtype=float)
    T = np.array([pairs[i][1] for i, _, _ in cand], dtype=float)
    idx = np.array([i for i, _, _ in cand])
    d = np.hypot(T[:, 0] - P[:, 0], T[:, 1] - P[:, 1])
    test = np.flatnonzero(d <= best[idx])
    ok = test[visible(P[test], T[test])]
    for c in ok[np.argsort(d[ok])[::-1]]:  # shortest last, so that it wins
        i = idx[c]
        if d[c] <= best[i]:
            best[i], last[i], src[i] = d[c], -1, cand[c][1]


#: corners tested per pair in the first round (then twice as many each round)
FIRST_ROUND = 4


def _lazy_best(D: np.ndarray, R: np.ndarray, rows: PointRows, visible: Visible, rects: Rects, direct):
    """For each pair (a tree's corner distances ``D[i]``, a target's row ``R[i]``), the best
    walk: ``min_v D[i, v] + |v target|`` over the corners v the target sees, or the straight
    walk where ``direct`` = (which pairs, source, target) says so and it is in sight. Tested
    lazily: in each round every pair still open has its ``k`` best untested corners tested (k
    doubling; the straight walk, never longer, in the first round), until no untested corner
    could beat the best walk known."""
    m = len(R)
    best, last = np.full(m, INF), np.full(m, -2)
    if D.shape[1]:
        keys = D + rows.dist[R]
        st = rows.state[R]
        seen = np.where(st == SEEN, keys, INF)
        last = np.argmin(seen, axis=1)
        best = seen[np.arange(m), last]
        open_keys = np.where(st == UNKNOWN, keys, INF)
    else:
        open_keys = np.full((m, 1), INF)
    which, S, T = direct
    want = np.flatnonzero(which)
    live = np.flatnonzero((open_keys.min(axis=1) < best) | which)
    k = FIRST_ROUND
    while len(live):
        ok = open_keys[live]
        kk = min(k, ok.shape[1])
        j = np.argpartition(ok, kk - 1, axis=1)[:, :kk] if kk < ok.shape[1] else np.argsort(ok, axis=1)
        r = np.repeat(live, j.shape[1])
        j = j.ravel()
        val = open_keys[r, j]
        use = val < best[r]
        r, j, val = r[use], j[use], val[use]
        # an entry another pair with the same target has tested is not tested again
        if len(want):
            got, straight = rows.verify_entries(R[r], j, visible, rects, (S[want], T[want]))
            d0 = np.hypot(*(T[want] - S[want]).T)
            best[want[straight]], last[want[straight]] = d0[straight], -1
            open_keys[want[straight]] = INF  # nothing beats a straight walk
            want = want[:0]
        else:
            got = rows.verify_entries(R[r], j, visible, rects)
        open_keys[r, j] = INF
        hit = got == SEEN
        for a, b, v in zip(r[hit], j[hit], val[hit]):  # few: one or two per pair
            if v < best[a]:
                best[a], last[a] = v, b
        live = live[open_keys[live].min(axis=1) < best[live]]
        k *= 2
    last[~np.isfinite(best)] = -2
    return best, last
