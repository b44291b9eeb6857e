"""Validation of a layout: structured findings, never exceptions.

The checks here are those of the plan itself, in five steps: each element's own shape, what
lies inside the boundary, obstacles overlapping each other, the points where customers and
staff stand, and what a branch needs (an entrance, a waiting area, posts covering it).
Whether points can be *reached* on the walkable floor is the geometry layer's job
(``lobbysim.geo.reachability_findings``); the command line and the editor show both lists
together.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point
from shapely.validation import explain_validity

from .elements import Area, Boundary, Element, Entrance, Fixture, Pillar, Post, Pt, SeatBlock, Wall, is_obstacle
from .findings import Finding
from .layout import Layout

#: areas smaller than this (m²) count as overlaps/intrusions; below it is drawing noise
_EPS_AREA = 1e-3
#: how close (m) an entrance must lie to the boundary
_ENTRANCE_TOL = 0.05

Geometry = Any  # a shapely geometry (shapely has no type information)
Loc = tuple[float, float] | None


class _Findings(list[Finding]):
    """The findings collected so far."""

    def error(self, code: str, element_id: str | None, message: str, loc: Loc = None) -> None:
        self.append(Finding("error", code, element_id, message, loc))

    def warning(self, code: str, element_id: str | None, message: str, loc: Loc = None) -> None:
        self.append(Finding("warning", code, element_id, message, loc))


def validate_layout(layout: Layout) -> list[Finding]:
    """All findings for ``layout``, errors first, in a stable order."""
    out = _Findings()
    valid = _check_shapes(layout, out)
    floor = _the_floor(layout, valid, out)
    if floor is not None:
        _check_containment(layout, valid, floor, out)
    _check_overlaps(layout, valid, out)
    _check_standing_points(layout, valid, floor, out)
    _check_essentials(layout, valid, out)
    order = {"error": 0, "warning": 1}
    return sorted(out, key=lambda f: order.get(f.severity, 2))


# --- 1. each element's own shape ----------------------------------------------------------------
def _check_shapes(layout: Layout, out: _Findings) -> dict[str, Geometry]:
    """The geometry of every element whose shape is sound, by id; a finding for each other one."""
    valid: dict[str, Geometry] = {}
    for e in layout:
        problem = _shape_problem(e)
        if problem is not None:
            out.append(problem)
            if problem.code != "narrow-entrance":
                continue
        valid[e.id] = e.geometry
    return valid


#: per-element results are memoised by the element's value: elements are frozen (an edit
#: replaces one by a new value), so the editor's refresh after an edit of a 10,000-element plan
#: recomputes the edited element's, not every element's (sized for such a plan and its edits)
_MEMO = 1 << 15


@lru_cache(maxsize=_MEMO)
def _shape_problem(e: Element) -> Finding | None:
    if not _finite(e):
        return Finding("error", "non-finite", e.id, "has coordinates that are not finite numbers")
    g = e.geometry
    if isinstance(e, (Boundary, Pillar, Area, Post)):
        return _polygon_problem(e, g)
    if isinstance(e, Wall) and (len(e.points) < 2 or e.centerline.length <= 1e-6):
        return Finding("error", "degenerate-wall", e.id, "wall has no length")
    if isinstance(e, Entrance) and g.length < 0.5:
        msg = f"entrance is {g.length:.2f} m wide; a door needs at least 0.5 m"
        return Finding("error", "narrow-entrance", e.id, msg, e.midpoint)
    if isinstance(e, (Fixture, SeatBlock)) and (not g.is_valid or g.is_empty):
        return Finding("error", "degenerate-fixture", e.id, "fixture has no footprint", (e.x, e.y))
    return None


def _polygon_problem(e: Boundary | Pillar | Area | Post, g: Geometry) -> Finding | None:
    why = explain_validity(g) if len(e.polygon) >= 3 and not g.is_empty and not g.is_valid else ""
    repaired = shapely.make_valid(g).area if why else g.area
    first = (float(e.polygon[0][0]), float(e.polygon[0][1])) if e.polygon else None
    if len(e.polygon) < 3 or g.is_empty or repaired <= _EPS_AREA:
        return Finding("error", "degenerate-polygon", e.id, f"{e.type} polygon has no area", first)
    if why:
        msg = f"{e.type} polygon is invalid: it crosses or touches itself ({why})"
        return Finding("error", "invalid-polygon", e.id, msg, first)
    return None


def _finite(e: Element) -> bool:
    g = e.geometry
    if g.is_empty:
        return True
    return bool(all(math.isfinite(v) for v in g.bounds))


def _the_floor(layout: Layout, valid: dict[str, Geometry], out: _Findings) -> Geometry | None:
    """The boundary polygon (None when there is none or it is unsound); one boundary only."""
    boundaries = layout.of_type(Boundary)
    if not boundaries:
        out.error("no-boundary", None, "the layout has no boundary (outer walls)")
        return None
    for b in boundaries[1:]:
        out.error("extra-boundary", b.id, f"a layout has one boundary; '{boundaries[0].id}' is already one")
    return valid.get(boundaries[0].id)


# --- 2. inside the boundary -----------------------------------------------------------------------
def _check_containment(layout: Layout, valid: dict[str, Geometry], floor: Geometry, out: _Findings) -> None:
    tol_floor = floor.buffer(0.01)
    out_of = _placed_outside(layout, valid, floor, tol_floor)
    for e in layout:
        g = valid.get(e.id)
        if g is None or isinstance(e, Boundary):
            continue
        if e.id in out_of:
            out.error("outside-boundary", e.id, f"{_what(e)} is (partly) outside the boundary", _outside(g, floor))
        elif isinstance(e, (Area, Post)):
            outside = g.difference(floor).area
            if outside > max(_EPS_AREA, 0.01 * g.area):
                msg = f"{_what(e)} extends {outside:.2f} m² outside the boundary"
                out.warning("area-outside-boundary", e.id, msg, _outside(g, floor))
        elif isinstance(e, Wall):
            if g.difference(tol_floor).area > 0.05:
                out.warning("wall-outside-boundary", e.id, "wall extends outside the boundary", _outside(g, floor))
        elif isinstance(e, Entrance) and not _entrance_in_place(layout, e, floor):
            out.error("entrance-off-boundary", e.id, "entrance is not on the boundary", e.midpoint)


def _placed_outside(layout: Layout, valid: dict[str, Geometry], floor: Geometry, tol_floor: Geometry) -> set[str]:
    """Ids of the fixtures, seat blocks and pillars not inside the boundary (one vectorised test
    of them all: a big plan has thousands)."""
    placed = [e for e in layout if e.id in valid and isinstance(e, (Fixture, SeatBlock, Pillar))]
    if not placed:
        return set()
    shapely.prepare(floor)
    inside = shapely.contains(floor, [valid[e.id] for e in placed])
    return {e.id for e, ok in zip(placed, inside) if not ok and not tol_floor.contains(valid[e.id])}


def _entrance_in_place(layout: Layout, e: Entrance, floor: Geometry) -> bool:
    """An entrance lies on the boundary, or across an interior wall."""
    a, b = Point(e.a), Point(e.b)
    if floor.exterior.distance(a) <= _ENTRANCE_TOL and floor.exterior.distance(b) <= _ENTRANCE_TOL:
        return True
    walls = layout.walls()
    return any(max(w.centerline.distance(a), w.centerline.distance(b)) <= _ENTRANCE_TOL + w.thickness for w in walls)


def _outside(g: Geometry, floor: Geometry) -> Loc:
    return _loc(g.difference(floor))


# --- 3. obstacles overlapping -----------------------------------------------------------------------
def _check_overlaps(layout: Layout, valid: dict[str, Geometry], out: _Findings) -> None:
    """Fixtures and seat blocks overlapping each other, or a wall or a pillar."""
    solid = [e for e in layout if isinstance(e, (Fixture, SeatBlock)) and e.id in valid and is_obstacle(e)]
    if not solid:
        return
    geoms = [valid[e.id] for e in solid]
    tree = shapely.STRtree(geoms)
    for i, j in zip(*tree.query(geoms, predicate="intersects")):
        if i < j:
            inter = geoms[i].intersection(geoms[j])
            if inter.area > _EPS_AREA:
                msg = f"{_what(solid[j])} overlaps {_what(solid[i])} by {inter.area:.2f} m²"
                out.error("fixtures-overlap", solid[j].id, msg, _loc(inter))
    _check_in_structure(layout, valid, solid, tree, out)


def _check_in_structure(
    layout: Layout, valid: dict[str, Geometry], solid: Sequence[Element], tree: Geometry, out: _Findings
) -> None:
    """Fixtures and seat blocks (``solid``, indexed by ``tree``) overlapping a wall or a pillar."""
    structure = [e for e in layout if isinstance(e, (Wall, Pillar)) and e.id in valid]
    if not structure:
        return
    sg = [valid[e.id] for e in structure]
    for s, f in zip(*tree.query(sg, predicate="intersects")):
        inter = sg[s].intersection(valid[solid[f].id])
        if inter.area > _EPS_AREA:
            out.error("fixture-in-wall", solid[f].id, f"{_what(solid[f])} overlaps {_what(structure[s])}", _loc(inter))


# --- 4. where customers and staff stand -----------------------------------------------------------
def _check_standing_points(layout: Layout, valid: dict[str, Geometry], floor: Geometry | None, out: _Findings) -> None:
    """Service and staff points inside the boundary and not inside an obstacle; seats inside.

    All points are tested at once (one ``contains_xy`` on the prepared floor, one bulk tree query):
    a 10,000-element plan has 16,000 of them, and a Point and a query each cost 30 µs."""
    if floor is not None:
        shapely.prepare(floor)
    points = _standing_points(layout, valid)
    if points:
        xy = np.array([p for _, _, p in points], dtype=float)
        inside = shapely.contains_xy(floor, xy[:, 0], xy[:, 1]) if floor is not None else np.ones(len(xy), bool)
        blocker = _first_blockers(layout, valid, points, xy)
        for i, (e, label, p) in enumerate(points):
            if not inside[i]:
                out.append(Finding("error", "point-outside", e.id, f"{label} of {_what(e)} is outside the boundary", p))
            elif i in blocker:
                msg = f"{label} of {_what(e)} is inside {_what(blocker[i])}"
                out.append(Finding("error", "point-blocked", e.id, msg, p))
    if floor is not None:
        _check_seats(layout, valid, floor, out)


def _standing_points(layout: Layout, valid: dict[str, Geometry]) -> list[tuple[Fixture, str, Loc]]:
    """(fixture, "service point" | "staff point", point) of every valid fixture, in layout order."""
    return [(e, label, p) for e in layout if isinstance(e, Fixture) and e.id in valid for label, p in _points_of(e)]


@lru_cache(maxsize=_MEMO)
def _points_of(e: Fixture) -> tuple[tuple[str, Pt], ...]:
    """The fixture's service and staff points that it has, labelled."""
    both = (("service point", e.service_point), ("staff point", e.staff_point))
    return tuple((label, p) for label, p in both if p is not None)


def _first_blockers(
    layout: Layout, valid: dict[str, Geometry], points: list[tuple[Fixture, str, Loc]], xy: np.ndarray
) -> dict[int, Element]:
    """For each point (by index) inside an obstacle other than its own fixture: the first such obstacle."""
    obstacles = [e for e in layout if e.id in valid and is_obstacle(e)]
    if not obstacles:
        return {}
    hits = shapely.STRtree([valid[e.id] for e in obstacles]).query(shapely.points(xy), predicate="intersects")
    first: dict[int, Element] = {}
    for i, h in sorted(zip(hits[0].tolist(), hits[1].tolist())):
        if i not in first and obstacles[h].id != points[i][0].id:
            first[i] = obstacles[h]
    return first


def _check_seats(layout: Layout, valid: dict[str, Geometry], floor: Geometry, out: _Findings) -> None:
    """Every seat's aisle point inside the boundary: all seats of all blocks in one test."""
    blocks = [(b, _seat_xy(b)) for b in layout.seat_blocks() if b.id in valid]
    blocks = [(b, xy) for b, xy in blocks if len(xy)]
    if not blocks:
        return
    xy = np.concatenate([a for _, a in blocks])
    outside = ~shapely.contains_xy(floor, xy[:, 0], xy[:, 1])
    starts = np.cumsum([0] + [len(a) for _, a in blocks[:-1]])
    for (block, _), n in zip(blocks, np.add.reduceat(outside.astype(np.int64), starts).tolist()):
        if n:
            msg = f"{n} seat(s) of {_what(block)} cannot be reached inside the boundary"
            out.error("seat-outside", block.id, msg, block.anchor())


@lru_cache(maxsize=_MEMO)
def _seat_xy(block: SeatBlock) -> np.ndarray:
    """The block's seats' aisle points, an (n, 2) array (read-only: it is shared)."""
    xy = np.array([p for _, p in block.seats], dtype=float).reshape(-1, 2)
    xy.setflags(write=False)
    return xy


# --- 5. what a branch needs ---------------------------------------------------------------------------
def _check_essentials(layout: Layout, valid: dict[str, Geometry], out: _Findings) -> None:
    """An entrance, a waiting area, something that serves; lobby posts numbered once and covering
    the waiting area."""
    if not layout.entrances():
        out.error("no-entrance", None, "the layout has no entrance")
    if not layout.areas("waiting"):
        out.error("no-waiting-area", None, "the layout has no waiting area")
    if not layout.fixtures("ticket_dispenser"):
        msg = "the layout has no ticket dispenser; customers will queue without tickets"
        out.warning("no-ticket-dispenser", None, msg)
    if not any(layout.fixtures(k) for k in ("cash_counter", "low_counter", "smart_counter", "self_service")):
        out.warning("no-service-point", None, "the layout has no counter or machine that can serve customers")
    _check_posts(layout, valid, out)


def _check_posts(layout: Layout, valid: dict[str, Geometry], out: _Findings) -> None:
    numbers: dict[int, str] = {}
    for post in layout.posts():
        if post.number in numbers:
            out.error("duplicate-post", post.id, f"post number {post.number} is used by '{numbers[post.number]}' too")
        numbers.setdefault(post.number, post.id)
    posts = [p for p in layout.posts() if p.id in valid]
    waiting = [a for a in layout.areas("waiting") if a.id in valid]
    if not posts or not waiting:
        return
    covered = shapely.union_all([valid[p.id] for p in posts])
    for a in waiting:
        gap = valid[a.id].difference(covered)
        if gap.area > max(0.5, 0.02 * valid[a.id].area):
            msg = f"{gap.area:.1f} m² of {_what(a)} is in no lobby post's zone"
            out.warning("waiting-uncovered", a.id, msg, _loc(gap))


def _loc(g: Geometry) -> Loc:
    try:
        if g is None or g.is_empty:
            return None
        p = g.representative_point() if g.geom_type != "Point" else g
        return (p.x, p.y)
    except Exception:  # pragma: no cover - defensive: invalid geometry
        return None


def _what(e: Element) -> str:
    name = e.name_en or e.name_zh
    kind = getattr(e, "fixture_kind", None) or getattr(e, "area_kind", None) or e.type
    kind = kind.replace("_", " ")
    return f"{kind} '{e.id}'" + (f" ({name})" if name else "")
