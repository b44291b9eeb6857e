"""Which corners of the free floor see each other, kept as a dense table of pair states, and
which corners each point of interest sees, kept the same way.

A shortest walk bends only at reflex corners, and only between corners where the straight
line is tangent at both ends (bitangent); those pairs are the *candidates*. Each candidate is
``UNKNOWN`` until its segment is tested, then ``SEEN`` or ``BLOCKED``. An edit of the plan
(boxes where the floor changed) makes the candidates whose segment meets a box ``UNKNOWN``
again; corners inside a box are new corners with new candidates; everything else is kept.
Tests are batched (one vectorised shapely call) and a segment that crosses a rectangle of an
element the edit just placed is known to be blocked without one.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .primitives import Box, Rects, distance_matrix, nonzero2, pairs_meet_boxes, points_in_boxes, tangent_matrix
from .walkable import PlanTooLarge

NONE, UNKNOWN, BLOCKED, SEEN = np.int8(-2), np.int8(-1), np.int8(0), np.int8(1)
#: points whose corner visibility is kept (sources and targets of walking questions)
MAX_ROWS = 8192
#: corners of the free floor up to which exact walking paths are computed: a branch has a few
#: hundred (the 2,000 m² flagship about 700); the pair table takes corners² bytes
MAX_CORNERS = 5000


Visible = Callable[[np.ndarray, np.ndarray], np.ndarray]


def corner_mapping(old: np.ndarray, new: np.ndarray, boxes: list[Box] | None) -> tuple[np.ndarray, np.ndarray]:
    """(for each new corner the index of the same old corner or -1, which new corners are kept).
    A corner is kept when it lies outside every box and existed before at the same place (once:
    corners that share a place are new)."""
    if boxes is None or len(old) == 0 or len(new) == 0:
        return np.full(len(new), -1), np.zeros(len(new), dtype=bool)
    away = np.flatnonzero(~points_in_boxes(old, boxes))
    keys = old[away, 0] + 1j * old[away, 1]  # complex numbers sort by x, then y
    order = np.argsort(keys)
    keys = keys[order]
    want = new[:, 0] + 1j * new[:, 1]
    at = np.minimum(np.searchsorted(keys, want), max(len(keys) - 1, 0))
    found = (keys[at] == want) if len(keys) else np.zeros(len(new), dtype=bool)
    mapping = np.where(found, away[order[at]] if len(keys) else -1, -1)
    mapping[points_in_boxes(new, boxes)] = -1
    count = np.bincount(mapping[mapping >= 0], minlength=len(old))
    mapping[(mapping >= 0) & (count[np.maximum(mapping, 0)] > 1)] = -1
    return mapping, mapping >= 0


def stable_order(old: np.ndarray, new: np.ndarray, boxes: list[Box] | None) -> tuple[np.ndarray, np.ndarray]:
    """(an order of the new corners, the corner mapping in that order). When an edit keeps the
    number of corners, every kept corner keeps its old number and the new ones take the numbers
    of the corners gone, so that the tables indexed by corner are kept in place."""
    mapping, kept = corner_mapping(old, new, boxes)
    if len(new) != len(old) or not kept.any():
        return np.arange(len(new)), mapping
    order = np.empty(len(new), dtype=int)
    order[mapping[kept]] = np.flatnonzero(kept)
    free = np.setdiff1d(np.arange(len(new)), mapping[kept], assume_unique=True)
    order[free] = np.flatnonzero(~kept)
    out = np.arange(len(new))
    out[free] = -1
    return order, out


def remap(old: np.ndarray, rows: np.ndarray, cols: np.ndarray, fill) -> np.ndarray:
    """``old[rows][:, cols]`` where -1 picks a row or column of ``fill``. When both keep every
    number in place (``stable_order``), ``old`` itself is updated and returned."""
    if _in_place(rows, old.shape[0]) and _in_place(cols, old.shape[1]):
        old[rows < 0, :] = fill
        old[:, cols < 0] = fill
        return old
    padded = np.pad(old, ((0, 1), (0, 1)), constant_values=fill)
    r = np.where(rows >= 0, rows, old.shape[0])
    c = np.where(cols >= 0, cols, old.shape[1])
    return padded.take(r, axis=0).take(c, axis=1)


def _in_place(index: np.ndarray, n: int) -> bool:
    """Whether ``index`` keeps every number it keeps in place (-1 for the others), over n."""
    return len(index) == n and bool(np.all((index < 0) | (index == np.arange(n))))


def verify(state: np.ndarray, a: np.ndarray, b: np.ndarray, visible: Visible, rects: Rects) -> np.ndarray:
    """Test the segments a -> b (rows) whose ``state`` is UNKNOWN; returns the new states."""
    out = state.copy()
    k = np.nonzero(out == UNKNOWN)[0]
    if len(k) == 0:
        return out
    if len(rects) and len(k) >= 64:  # for a few segments the exact test is cheaper than the sieve
        blocked = rects.block(a[k], b[k])
        out[k[blocked]] = BLOCKED
        k = k[~blocked]
    if len(k):
        out[k] = np.where(visible(a[k], b[k]), SEEN, BLOCKED)
    return out


class CornerGraph:
    """The visibility among corners (see the module docstring). ``state[i, j]`` for i != j.
    The candidates are found on the first question (``ready``), not when the floor is built."""

    def __init__(self) -> None:
        self.nodes = np.zeros((0, 2))
        self._prev = np.zeros((0, 2))
        self._nxt = np.zeros((0, 2))
        self.state: np.ndarray | None = None
        self._todo: list[tuple[np.ndarray, np.ndarray]] = []
        self._csr: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def rebuild(self, nodes, prev, nxt, boxes: list[Box] | None, mapping: np.ndarray) -> None:
        """Follow the floor's new corners (``mapping``: the old number of each, -1 for a new one)."""
        kept = mapping >= 0
        old = self.state
        self.nodes, self._prev, self._nxt = nodes, prev, nxt
        self._csr = None
        if old is None or len(nodes) > MAX_CORNERS:
            self.state, self._todo = None, []
            return
        state = remap(old, mapping, mapping, NONE)
        # the table is symmetric: each pair once (i < j), both of its entries set
        i, j = pairs_meet_boxes(nodes, nodes, boxes, only=state >= BLOCKED)
        i, j = i[i < j], j[i < j]
        state[i, j] = UNKNOWN
        state[j, i] = UNKNOWN
        self.state = state
        # pairs still waiting for a test follow their corners
        inv = np.full(len(old), -1)
        inv[mapping[kept]] = np.nonzero(kept)[0]
        waiting = [(inv[a], inv[b]) for a, b in self._todo]
        self._todo = [(a[(a >= 0) & (b >= 0)], b[(a >= 0) & (b >= 0)]) for a, b in waiting] + [(i, j)]
        self._add(np.nonzero(~kept)[0])

    def _add(self, fi: np.ndarray) -> None:
        """Candidates of the new corners ``fi`` with every corner: where the line is tangent at both ends."""
        assert self.state is not None
        if len(fi) == 0:
            return
        nodes, prev, nxt = self.nodes, self._prev, self._nxt
        t_out = tangent_matrix(nodes[fi], nodes, prev, nxt)  # tangent at the other corner
        t_in = tangent_matrix(nodes, nodes[fi], prev[fi], nxt[fi]).T  # tangent at the new corner
        cand = t_out & t_in
        cand[np.arange(len(fi)), fi] = False
        code = np.where(cand, UNKNOWN, NONE).astype(np.int8)
        self.state[fi, :] = code
        self.state[:, fi] = code.T
        a, b = nonzero2(cand)
        self._todo.append((fi[a], b))

    def ready(self, visible: Visible, rects: Rects) -> None:
        """Find the candidates if not done yet, and test every one still UNKNOWN."""
        if len(self.nodes) > MAX_CORNERS:
            raise PlanTooLarge(
                f"the walkable floor has {len(self.nodes):,} corners; walking paths are computed for plans "
                f"of up to {MAX_CORNERS:,} (a branch has a few hundred)"
            )
        if self.state is None:
            t = tangent_matrix(self.nodes, self.nodes, self._prev, self._nxt)
            t &= t.T
            np.fill_diagonal(t, False)
            self.state = np.where(t, UNKNOWN, NONE).astype(np.int8)
            a, b = nonzero2(np.triu(t, 1))
            self._todo = [(a, b)]
        if not self._todo:
            return
        i = np.concatenate([a for a, _ in self._todo])
        j = np.concatenate([b for _, b in self._todo])
        self._todo = []
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        key = np.unique(lo * len(self.nodes) + hi)
        i, j = key // len(self.nodes), key % len(self.nodes)
        s = verify(self.state[i, j], self.nodes[i], self.nodes[j], visible, rects)
        self.state[i, j] = s
        self.state[j, i] = s
        self._csr = None

    def csr(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The graph of mutually visible corners as CSR arrays (indptr, indices, lengths)."""
        assert self.state is not None
        if self._csr is None:
            i, j = nonzero2(self.state == SEEN)
            d = np.hypot(*(self.nodes[i] - self.nodes[j]).T)
            indptr = np.searchsorted(i, np.arange(len(self.nodes) + 1))
            self._csr = (indptr, j, d)
        return self._csr


class PointRows:
    """Which corners each registered point sees (rows: points, columns: corners). Rows are
    stored with spare capacity, so registering targets one query at a time stays cheap."""

    def __init__(self) -> None:
        self.index: dict[tuple[float, float], int] = {}
        self.size = 0
        #: rows given up by an edit, taken first by new points
        self._holes: list[int] = []
        self._pts = np.zeros((0, 2))
        self._state = np.zeros((0, 0), dtype=np.int8)
        self._dist = np.zeros((0, 0))
        self.nodes = np.zeros((0, 2))
        self._prev = np.zeros((0, 2))
        self._nxt = np.zeros((0, 2))

    @property
    def pts(self) -> np.ndarray:
        return self._pts[: self.size]

    @property
    def state(self) -> np.ndarray:
        return self._state[: self.size]

    @property
    def dist(self) -> np.ndarray:
        return self._dist[: self.size]

    def fresh(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(states, distances) of new rows for the points ``xy``: every tangent corner UNKNOWN."""
        cand = tangent_matrix(xy, self.nodes, self._prev, self._nxt)
        return np.where(cand, UNKNOWN, NONE).astype(np.int8), distance_matrix(xy, self.nodes)

    def rows(self, pts: list[tuple[float, float]]) -> np.ndarray:
        """Row numbers of the points (on the floor), adding rows for new ones (all UNKNOWN) in
        the rows given up by an edit first."""
        new = [p for p in dict.fromkeys(pts) if p not in self.index]
        if new:
            xy = np.array(new, dtype=float).reshape(-1, 2)
            st, d = self.fresh(xy)
            holes, self._holes = self._holes[: len(new)], self._holes[len(new) :]
            end = self.size + len(new) - len(holes)
            if end > len(self._pts):
                cap = max(end, 2 * len(self._pts), 16)
                self._pts = _grown(self._pts, cap, 0.0)
                self._state = _grown(self._state, cap, NONE)
                self._dist = _grown(self._dist, cap, 0.0)
            at = np.concatenate([np.array(holes, dtype=int), np.arange(self.size, end)])
            self._pts[at] = xy
            self._state[at] = st
            self._dist[at] = d
            self.index.update(zip(new, at.tolist()))
            self.size = end
        return np.array([self.index[p] for p in pts], dtype=int)

    def seen(
        self, pts: list[tuple[float, float]], visible: Visible, rects: Rects
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each point, (corners it sees, their distances), every candidate tested (in one
        call for all); the points get rows, so that an edit re-tests only what it may have changed."""
        if self.size + len(pts) > MAX_ROWS and any(p not in self.index for p in pts):
            self.index, self.size, self._holes = {}, 0, []  # forget the points of long ago
        r = self.rows(pts)
        self.verify_rows(r, visible, rects)
        out = []
        for k in r:
            c = np.flatnonzero(self.state[k] == SEEN)
            out.append((c, self.dist[k, c]))
        return out

    def rebuild(self, nodes, prev, nxt, mapping: np.ndarray, boxes: list[Box] | None) -> None:
        """Follow the floor's new corners: rows of points in a box are given up (the point may no
        longer be on the floor), entries whose segment meets a box become UNKNOWN. When the
        corners keep their numbers (``stable_order``) the table is updated in place."""
        if boxes is not None and _in_place(mapping, self._state.shape[1]):
            self._give_up(np.flatnonzero(points_in_boxes(self.pts, boxes)))
            state, dist, pts = self.state, self.dist, self.pts
        else:
            keep = ~points_in_boxes(self.pts, boxes) if boxes is not None else np.zeros(self.size, dtype=bool)
            ri = np.flatnonzero(keep & ~np.isnan(self.pts[:, 0]))
            pts = self.pts[ri]
            self.index = {p: k for k, p in enumerate(map(tuple, pts.tolist()))}
            state = remap(self.state, ri, mapping, NONE)
            dist = remap(self.dist, ri, mapping, 0.0)
            self._pts, self._state, self._dist, self.size, self._holes = pts, state, dist, len(ri), []
        self.nodes, self._prev, self._nxt = nodes, prev, nxt
        state[pairs_meet_boxes(pts, nodes, boxes, only=state >= BLOCKED)] = UNKNOWN  # (rows, columns)
        fc = np.flatnonzero(mapping < 0)
        if len(pts) and len(fc):
            state[:, fc] = np.where(tangent_matrix(pts, nodes[fc], prev[fc], nxt[fc]), UNKNOWN, NONE)
            dist[:, fc] = distance_matrix(pts, nodes[fc])

    def _give_up(self, rows: np.ndarray) -> None:
        """Free the rows (of live points) for new points."""
        rows = rows[~np.isnan(self._pts[rows, 0])]
        for p in map(tuple, self._pts[rows].tolist()):
            del self.index[p]
        self._pts[rows] = np.nan
        self._state[rows] = NONE
        self._holes.extend(rows.tolist())

    def verify_rows(self, rows: np.ndarray, visible: Visible, rects: Rects) -> None:
        """Test every UNKNOWN entry of the given rows."""
        sub = self.state[rows]
        r, c = nonzero2(sub == UNKNOWN)
        if len(r):
            sub[r, c] = verify(sub[r, c], self.pts[rows[r]], self.nodes[c], visible, rects)
            self.state[rows] = sub

    def verify_entries(self, rows: np.ndarray, cols: np.ndarray, visible: Visible, rects: Rects, extra=None):
        """Test the given UNKNOWN entries; returns their states. ``extra`` = (a, b): segments
        tested in the same call, whose visibility is returned too."""
        st, a, b = self.state[rows, cols], self.pts[rows], self.nodes[cols]
        if extra is None:
            s = verify(st, a, b, visible, rects)
            self.state[rows, cols] = s
            return s
        n = len(rows)
        s = verify(
            np.concatenate([st, np.full(len(extra[0]), UNKNOWN, dtype=np.int8)]),
            np.concatenate([a, extra[0]]),
            np.concatenate([b, extra[1]]),
            visible,
            rects,
        )
        self.state[rows, cols] = s[:n]
        return s[:n], s[n:] == SEEN


def _grown(a: np.ndarray, rows: int, fill) -> np.ndarray:
    """``a`` with room for ``rows`` rows (the new ones set to ``fill``)."""
    out = np.full((rows, *a.shape[1:]), fill, dtype=a.dtype)
    out[: len(a)] = a
    return out
