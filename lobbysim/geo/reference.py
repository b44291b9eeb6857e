"""A deliberately plain reference for the walking engine, for tests and benchmarks.

Every vertex of the free floor and every query point is a node; two nodes are joined wherever
the straight segment between them stays on the floor (shapely ``covers`` on the floor grown by
1e-6, all pairs, no tangent filter, no caches); distances are Dijkstra on that graph. It is
quadratic in the vertices with a large constant: fine for checking, too slow for use.
"""

from __future__ import annotations

import numpy as np
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra


def floor_vertices(free) -> np.ndarray:
    """Every vertex of every ring of the floor (without the closing ones)."""
    polys = shapely.get_parts(free)
    rings = shapely.get_rings(polys[shapely.get_type_id(polys) == 3]) if len(polys) else polys
    out = [shapely.get_coordinates(r)[:-1] for r in rings]
    return np.concatenate(out) if out else np.zeros((0, 2))


def reference_distances(free, sources, targets, chunk: int = 200_000) -> np.ndarray:
    """Walking distances (len(sources) x len(targets)) on the free floor ``free``; sources and
    targets must be on the floor. inf where there is no walk."""
    S = np.asarray(sources, dtype=float).reshape(-1, 2)
    T = np.asarray(targets, dtype=float).reshape(-1, 2)
    nodes = np.concatenate([S, T, floor_vertices(free)])
    test = free.buffer(1e-6)
    shapely.prepare(test)
    iu, ju = np.triu_indices(len(nodes), 1)
    ok = np.zeros(len(iu), dtype=bool)
    for k in range(0, len(iu), chunk):
        a, b = nodes[iu[k : k + chunk]], nodes[ju[k : k + chunk]]
        coords = np.stack([a, b], axis=1)
        same = np.all(np.abs(a - b) < 1e-12, axis=1)
        coords[same, 1] += 1e-9
        ok[k : k + chunk] = shapely.covers(test, shapely.linestrings(coords))
    i, j = iu[ok], ju[ok]
    w = np.maximum(np.hypot(*(nodes[i] - nodes[j]).T), 1e-300)
    g = csr_matrix((np.r_[w, w], (np.r_[i, j], np.r_[j, i])), shape=(len(nodes), len(nodes)))
    d = dijkstra(g, directed=True, indices=np.arange(len(S)))
    return d[:, len(S) : len(S) + len(T)]
