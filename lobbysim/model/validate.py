"""Validation of a layout: structured findings, never exceptions.

The checks here are those of the plan itself (polygons, containment, overlaps, the
elements a branch needs). Whether points can be *reached* on the walkable floor is the
geometry layer's job (``lobbysim.geo.reachability_findings``); the command line and the
editor show both lists together.
"""

from __future__ import annotations

import math

import shapely
from shapely.geometry import Point
from shapely.prepared import prep
from shapely.validation import explain_validity

from .elements import Area, Boundary, Element, Entrance, Fixture, Pillar, Post, SeatBlock, Wall, is_obstacle
from .findings import Finding
from .layout import Layout

#: areas smaller than this (m²) count as overlaps/intrusions; below it is drawing noise
_EPS_AREA = 1e-3
#: how close (m) an entrance must lie to the boundary
_ENTRANCE_TOL = 0.05


def _loc(g) -> tuple[float, float] | None:
    try:
        if g is None or g.is_empty:
            return None
        p = g.representative_point() if g.geom_type != "Point" else g
        return (p.x, p.y)
    except Exception:  # pragma: no cover - defensive: invalid geometry
        return None


def _finite(e: Element) -> bool:
    g = e.geometry
    if g.is_empty:
        return True
    return bool(all(math.isfinite(v) for v in g.bounds))


def validate_layout(layout: Layout) -> list[Finding]:
    """All findings for ``layout``, errors first, in a stable order."""
    out: list[Finding] = []
    err = lambda code, eid, msg, loc=None: out.append(Finding("error", code, eid, msg, loc))  # noqa: E731
    warn = lambda code, eid, msg, loc=None: out.append(Finding("warning", code, eid, msg, loc))  # noqa: E731

    # --- polygons ----------------------------------------------------------------------
    valid: dict[str, object] = {}
    for e in layout:
        if not _finite(e):
            err("non-finite", e.id, "has coordinates that are not finite numbers")
            continue
        g = e.geometry
        if isinstance(e, (Boundary, Pillar, Area, Post)):
            why = explain_validity(g) if len(e.polygon) >= 3 and not g.is_empty and not g.is_valid else ""
            repaired = shapely.make_valid(g).area if why else g.area
            if len(e.polygon) < 3 or g.is_empty or repaired <= _EPS_AREA:
                err(
                    "degenerate-polygon",
                    e.id,
                    f"{e.type} polygon has no area",
                    _loc(Point(e.polygon[0])) if e.polygon else None,
                )
                continue
            if why:
                err(
                    "invalid-polygon",
                    e.id,
                    f"{e.type} polygon is invalid: it crosses or touches itself ({why})",
                    _loc(Point(e.polygon[0])),
                )
                continue
        elif isinstance(e, Wall):
            if len(e.points) < 2 or e.centerline.length <= 1e-6:
                err("degenerate-wall", e.id, "wall has no length")
                continue
        elif isinstance(e, Entrance):
            if e.geometry.length < 0.5:
                err(
                    "narrow-entrance",
                    e.id,
                    f"entrance is {e.geometry.length:.2f} m wide; a door needs at least 0.5 m",
                    e.midpoint,
                )
        elif isinstance(e, (Fixture, SeatBlock)) and (not g.is_valid or g.is_empty):
            err("degenerate-fixture", e.id, "fixture has no footprint", (e.x, e.y))
            continue
        valid[e.id] = g

    boundaries = layout.of_type(Boundary)
    if not boundaries:
        err("no-boundary", None, "the layout has no boundary (outer walls)")
        floor = None
    else:
        if len(boundaries) > 1:
            for b in boundaries[1:]:
                err("extra-boundary", b.id, f"a layout has one boundary; '{boundaries[0].id}' is already one")
        floor = valid.get(boundaries[0].id)

    # --- containment ---------------------------------------------------------------------
    if floor is not None:
        pf = prep(floor)
        tol_floor = floor.buffer(0.01)
        for e in layout:
            g = valid.get(e.id)
            if g is None or isinstance(e, Boundary):
                continue
            if isinstance(e, (Fixture, SeatBlock, Pillar)):
                if not pf.contains(g) and not tol_floor.contains(g):
                    err(
                        "outside-boundary",
                        e.id,
                        f"{_what(e)} is (partly) outside the boundary",
                        _loc(g.difference(floor)),
                    )
            elif isinstance(e, (Area, Post)):
                outside = g.difference(floor).area
                if outside > max(_EPS_AREA, 0.01 * g.area):
                    warn(
                        "area-outside-boundary",
                        e.id,
                        f"{_what(e)} extends {outside:.2f} m² outside the boundary",
                        _loc(g.difference(floor)),
                    )
            elif isinstance(e, Wall):
                if g.difference(tol_floor).area > 0.05:
                    warn("wall-outside-boundary", e.id, "wall extends outside the boundary", _loc(g.difference(floor)))
            elif isinstance(e, Entrance):
                ring = floor.exterior
                if ring.distance(Point(e.a)) > _ENTRANCE_TOL or ring.distance(Point(e.b)) > _ENTRANCE_TOL:
                    on_wall = any(
                        w.centerline.distance(Point(e.a)) <= _ENTRANCE_TOL + w.thickness
                        and w.centerline.distance(Point(e.b)) <= _ENTRANCE_TOL + w.thickness
                        for w in layout.walls()
                    )
                    if not on_wall:
                        err("entrance-off-boundary", e.id, "entrance is not on the boundary", e.midpoint)

    # --- overlaps between obstacles ---------------------------------------------------------
    solid = [e for e in layout if isinstance(e, (Fixture, SeatBlock)) and e.id in valid and is_obstacle(e)]
    structure = [e for e in layout if isinstance(e, (Wall, Pillar)) and e.id in valid]
    if solid:
        geoms = [valid[e.id] for e in solid]
        tree = shapely.STRtree(geoms)
        left, right = tree.query(geoms, predicate="intersects")
        for i, j in zip(left, right):
            if i < j:
                inter = geoms[i].intersection(geoms[j])
                if inter.area > _EPS_AREA:
                    err(
                        "fixtures-overlap",
                        solid[j].id,
                        f"{_what(solid[j])} overlaps {_what(solid[i])} by {inter.area:.2f} m²",
                        _loc(inter),
                    )
        if structure:
            sg = [valid[e.id] for e in structure]
            li, ri = tree.query(sg, predicate="intersects")
            for s, f in zip(li, ri):
                inter = sg[s].intersection(geoms[f])
                if inter.area > _EPS_AREA:
                    err(
                        "fixture-in-wall", solid[f].id, f"{_what(solid[f])} overlaps {_what(structure[s])}", _loc(inter)
                    )

    # --- service and staff points on the floor ---------------------------------------------
    obstacles = [(e, valid[e.id]) for e in layout if e.id in valid and is_obstacle(e)]
    if obstacles:
        otree = shapely.STRtree([g for _, g in obstacles])
    for e in layout:
        if not isinstance(e, Fixture) or e.id not in valid:
            continue
        for label, p in (("service point", e.service_point), ("staff point", e.staff_point)):
            if p is None:
                continue
            pt = Point(p)
            if floor is not None and not floor.contains(pt):
                err("point-outside", e.id, f"{label} of {_what(e)} is outside the boundary", p)
                continue
            if obstacles:
                hits = otree.query(pt, predicate="intersects")
                blockers = [obstacles[h][0] for h in hits if obstacles[h][0].id != e.id]
                if blockers:
                    err("point-blocked", e.id, f"{label} of {_what(e)} is inside {_what(blockers[0])}", p)
    for b in layout.seat_blocks():
        if b.id not in valid or floor is None:
            continue
        outside = [sid for sid, p in b.seats if not floor.contains(Point(p))]
        if outside:
            err(
                "seat-outside",
                b.id,
                f"{len(outside)} seat(s) of {_what(b)} cannot be reached inside the boundary",
                b.anchor(),
            )

    # --- what a branch needs -------------------------------------------------------------------
    if not layout.entrances():
        err("no-entrance", None, "the layout has no entrance")
    waiting = [a for a in layout.areas("waiting") if a.id in valid]
    if not layout.areas("waiting"):
        err("no-waiting-area", None, "the layout has no waiting area")
    if not layout.fixtures("ticket_dispenser"):
        warn("no-ticket-dispenser", None, "the layout has no ticket dispenser; customers will queue without tickets")
    if not any(layout.fixtures(k) for k in ("cash_counter", "low_counter", "smart_counter", "self_service")):
        warn("no-service-point", None, "the layout has no counter or machine that can serve customers")

    posts = [p for p in layout.posts() if p.id in valid]
    numbers: dict[int, str] = {}
    for p in layout.posts():
        if p.number in numbers:
            err("duplicate-post", p.id, f"post number {p.number} is used by '{numbers[p.number]}' too")
        numbers.setdefault(p.number, p.id)
    if posts and waiting:
        covered = shapely.union_all([valid[p.id] for p in posts])
        for a in waiting:
            gap = valid[a.id].difference(covered)
            if gap.area > max(0.5, 0.02 * valid[a.id].area):
                warn(
                    "waiting-uncovered", a.id, f"{gap.area:.1f} m² of {_what(a)} is in no lobby post's zone", _loc(gap)
                )

    order = {"error": 0, "warning": 1}
    return sorted(out, key=lambda f: order.get(f.severity, 2))


def _what(e: Element) -> str:
    name = e.name_en or e.name_zh
    kind = getattr(e, "fixture_kind", None) or getattr(e, "area_kind", None) or e.type
    kind = kind.replace("_", " ")
    return f"{kind} '{e.id}'" + (f" ({name})" if name else "")


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)
