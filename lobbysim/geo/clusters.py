"""The free floor kept by clusters of obstacles, so that an edit redoes only the part it touched.

The grown obstacles are grouped into clusters: obstacles whose boxes overlap, directly or through
others, are one cluster. No obstacle's box meets one of another cluster, so the unions of two
clusters never meet and the union of all obstacles is just every cluster's union side by side;
an edit re-forms only the clusters of the obstacles it removed or whose box its new obstacles
meet.

Each part of a cluster's union that lies strictly inside the walkable outline and encloses no
floor of its own is a hole of the free floor as it is, with its own coordinates; only the other
parts (those that touch or cross the outline, or ring in a piece of floor) are cut out of the
outline by a polygon difference. The free floor is that difference with the holes added: a valid
polygon by construction (the holes are strictly apart from each other, from the outline and from
the parts cut out), the same set of points as the outline minus the union of every obstacle.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


@dataclass(frozen=True, slots=True)
class Cluster:
    """Obstacles (by key) whose boxes overlap, their union's parts, and which parts are holes."""

    keys: tuple[Any, ...]
    box: tuple[float, float, float, float]
    parts: np.ndarray
    hole: np.ndarray


class ClusteredFloor:
    """The free floor of an outline minus grown obstacles, kept by clusters (see the module docstring)."""

    def __init__(self) -> None:
        self._clusters: dict[int, Cluster] = {}
        self._of: dict[Any, int] = {}
        self._next = 0

    def rebuild(self, inner, grown: dict[Any, Any]) -> Any:
        """The free floor of ``inner`` minus every shape of ``grown`` (key -> grown obstacle), all new."""
        self._clusters, self._of = {}, {}
        self._form(inner, grown, list(grown))
        return self.free(inner)

    def update(self, inner, grown: dict[Any, Any], new: list, gone: list) -> Any:
        """The free floor after an edit: ``new`` keys were added to ``grown``, ``gone`` removed."""
        new = [k for k in new if k in grown]  # elements without a sound shape are no obstacle
        hit = {self._of[k] for k in gone if k in self._of}
        if new and self._clusters:
            ids = np.array(list(self._clusters))
            boxes = np.array([self._clusters[i].box for i in ids])
            for x0, y0, x1, y1 in (grown[k].bounds for k in new):
                meet = (boxes[:, 0] <= x1) & (boxes[:, 2] >= x0) & (boxes[:, 1] <= y1) & (boxes[:, 3] >= y0)
                hit.update(ids[meet].tolist())
        keys = [k for i in hit for k in self._clusters[i].keys if k in grown] + new
        for i in hit:
            for k in self._clusters.pop(i).keys:
                self._of.pop(k, None)
        self._form(inner, grown, list(dict.fromkeys(keys)))
        return self.free(inner)

    def _form(self, inner, grown: dict[Any, Any], keys: list) -> None:
        """Group ``keys`` into clusters by overlapping boxes and keep their unions."""
        if not keys:
            return
        geoms = np.array([grown[k] for k in keys], dtype=object)
        b = shapely.bounds(geoms)
        boxes = shapely.box(*b.T)
        i, j = shapely.STRtree(boxes).query(boxes, predicate="intersects")
        n, label = connected_components(coo_matrix((np.ones(len(i)), (i, j)), shape=(len(keys),) * 2), directed=False)
        order = np.argsort(label, kind="stable")
        starts = np.flatnonzero(np.r_[True, np.diff(label[order]) != 0])
        groups = np.split(order, starts[1:])
        unions = np.array([geoms[g[0]] if len(g) == 1 else shapely.union_all(geoms[g]) for g in groups], dtype=object)
        parts, owner = shapely.get_parts(unions, return_index=True)
        ok = (shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)
        parts, owner = parts[ok], owner[ok]
        shapely.prepare(inner)
        hole = shapely.contains_properly(inner, parts) & (shapely.get_num_interior_rings(parts) == 0)
        ptr = np.searchsorted(owner, np.arange(len(groups) + 1))
        sb = b[order]
        lo = np.minimum.reduceat(sb[:, :2], starts, axis=0)
        hi = np.maximum.reduceat(sb[:, 2:], starts, axis=0)
        for k, g in enumerate(groups):
            c = Cluster(
                tuple(keys[x] for x in g), (*lo[k], *hi[k]), parts[ptr[k] : ptr[k + 1]], hole[ptr[k] : ptr[k + 1]]
            )
            self._clusters[self._next] = c
            for key in c.keys:
                self._of[key] = self._next
            self._next += 1

    def free(self, inner) -> Any:
        """The outline minus every cluster's union (see the module docstring)."""
        clusters = list(self._clusters.values())
        if not clusters:
            return inner
        parts = np.concatenate([c.parts for c in clusters])
        hole = np.concatenate([c.hole for c in clusters])
        cut = parts[~hole]
        base = inner.difference(shapely.multipolygons(cut)) if len(cut) else inner
        if not base.is_valid:
            base = shapely.make_valid(base)
        holes = shapely.get_exterior_ring(parts[hole])
        if len(holes) == 0:
            return base
        pieces = shapely.get_parts(base)
        others = pieces[shapely.get_type_id(pieces) != 3]  # what make_valid may leave besides polygons
        pieces = pieces[shapely.get_type_id(pieces) == 3]
        if len(pieces) == 1 and len(others) == 0:
            return shapely.polygons(pieces[0].exterior, holes=[*pieces[0].interiors, *holes])
        # several pieces of floor: each hole goes into the piece that holds its first corner
        first = shapely.get_coordinates(shapely.get_point(holes, 0))
        out = []
        for piece in pieces:
            mine = shapely.contains_xy(piece, first[:, 0], first[:, 1])
            out.append(shapely.polygons(piece.exterior, holes=[*piece.interiors, *holes[mine]] or None))
        return shapely.multipolygons(out) if len(others) == 0 else shapely.union_all([*out, *others])
