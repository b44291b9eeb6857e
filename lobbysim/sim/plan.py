"""What the simulation needs to know about a layout, computed when first needed and reused
across replications.

A :class:`Plan` names the points of interest (entrances, ticket dispensers, the service and staff
points of fixtures, seats, the standing spot of each post and of each waiting area) and memoises
walking distances, paths, sightlines and how much of a walk is on the lobby floor between them.
Nothing is computed for every pair up front: a distance, path or sightline is asked of the
geometry engine the first time the simulation needs it and kept (shared by every scenario run
on the same layout and floor), so the event loop mostly does dictionary look-ups and the cost
follows what the day uses, not the square of the number of points.

The plan talks to the geometry engine through the narrow :class:`Geometry` protocol.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import shapely
from shapely.geometry import LineString, Point

from lobbysim.model.elements import Fixture, Post

from . import poi as P
from .scenario import MACHINE_KINDS, STAFFED_KINDS, Scenario

Pt = tuple[float, float]
INF = math.inf

#: areas behind the counter line or closed rooms: being there is not being "on the lobby floor"
OFF_FLOOR_AREAS = ("cash", "back_office", "office", "wealth_room", "vip_room")


class Geometry(Protocol):
    """What the plan asks of a geometry engine (lobbysim.geo's Floor, or straight lines)."""

    poi: dict

    def distance(self, p: Pt, q: Pt) -> float: ...

    def path(self, p: Pt, q: Pt) -> Sequence[Pt]: ...

    def can_see(self, p: Pt, q: Pt) -> bool: ...


class StraightFloor:
    """Stand-in geometry (straight lines, everything visible) when no geometry engine is given."""

    poi: dict = {}

    def distance(self, p: Pt, q: Pt) -> float:
        return math.hypot(p[0] - q[0], p[1] - q[1])

    def path(self, p: Pt, q: Pt) -> Sequence[Pt]:
        return [tuple(p), tuple(q)]  # type: ignore[list-item]

    def can_see(self, p: Pt, q: Pt) -> bool:
        return True


def build_floor(layout: Any) -> Any:
    """The geometry engine of ``layout`` (lobbysim.geo)."""
    from lobbysim import geo

    return geo.build_floor(layout, clearance=0.25)


class GeoMemo:
    """Distances, paths and sightlines between named points of one layout on one floor,
    shared by every scenario run on that layout (a sweep over scenarios computes them once)."""

    def __init__(self, floor: Any) -> None:
        self.floor = floor
        self.dist: dict[tuple[str, str], float] = {}
        self.path: dict[tuple[str, str], tuple[Pt, ...]] = {}
        self.see: dict[tuple[str, str], bool] = {}
        self.on_floor: dict[str, bool] = {}
        self.floor_frac: dict[tuple[str, str], float] = {}
        #: points whose distances to every other point have been computed
        self.rows: set[str] = set()
        #: pairs of points with no walking path (walked as 1.5 x the straight line; see walk_dist)
        self.unreachable: set[tuple[str, str]] = set()


class Plan:
    """The points of interest of one layout for one scenario, and the geometry between them."""

    def __init__(self, layout: Any, scenario: Scenario, floor: Any, memo: GeoMemo | None = None) -> None:
        self.layout_name = layout.meta.name_en or layout.meta.name_zh
        self.walking = bool(scenario.policies.walking and floor is not None)
        self.floor = floor
        self._fpoi = getattr(floor, "poi", None) or {}
        memo = memo or GeoMemo(floor)
        self.memo = memo
        #: (origin, candidates) -> the nearest of them: the exits, standing spots and call stations are
        #: asked about many times a day from the same few points
        self._nearest: dict[tuple[str, tuple[str, ...]], str] = {}
        self._floor_memo = memo.on_floor
        self.unreachable = memo.unreachable
        self.pts: dict[str, Pt] = {}
        self._post_of: dict[str, str | None] = {}
        self._seat_orders: dict[str, list[str]] = {}
        self.fixtures: dict[str, Fixture] = {f.id: f for f in layout.of_type(Fixture)}
        self._entrances(layout)
        self._fixture_points()
        self.areas = list(layout.areas())
        self._off = shapely.union_all([a.geometry for a in self.areas if a.area_kind in OFF_FLOOR_AREAS])
        shapely.prepare(self._off)
        self._posts(layout)
        self._seats(layout, scenario)
        self._standing_spots()
        #: what this layout makes of the scenario's roster (see Scenario.substitutions)
        self.substitutions = scenario.substitutions(layout)
        self.available_kinds = self._available_kinds(scenario)

    def _available_kinds(self, scenario: Scenario) -> set[str]:
        """The fixture kinds that can actually serve on this layout with this roster."""
        staffed = {s.counter for s in scenario.staff}
        staffed |= {r.fixture for r in scenario.policies.cover if r.rule == "open_window"}
        kinds = {k for k in MACHINE_KINDS if self.machines[k]}
        for fid in staffed:
            f = self.fixtures.get(fid or "")
            if f is not None and f.fixture_kind in STAFFED_KINDS:
                kinds.add(f.fixture_kind)
        return kinds

    # --- building the points -----------------------------------------------------------------
    def _put(self, name: str, p: Pt) -> None:
        q = self._fpoi.get(name)
        self.pts[name] = (float(q[0]), float(q[1])) if q is not None else (float(p[0]), float(p[1]))

    def _snapped(self, p: Pt) -> Pt:
        """``p`` moved onto the walkable floor when the geometry engine can say where that is."""
        snap = getattr(self.floor, "snap", None)
        if snap is not None:
            q, _ = snap(p)
            if q is not None:
                return (float(q[0]), float(q[1]))
        return p

    def _entrances(self, layout: Any) -> None:
        ents = layout.entrances()
        ins = [e for e in ents if e.direction in ("both", "in")] or ents
        outs = [e for e in ents if e.direction in ("both", "out")] or ents
        for e in ents:
            self._put(e.id, e.midpoint)
        #: where customers come in, with the share of them each one takes (by its width)
        self.entrances = [e.id for e in ins]
        widths = [max(math.hypot(e.b[0] - e.a[0], e.b[1] - e.a[1]), 1e-6) for e in ins]
        self.entrance_shares = [w / sum(widths) for w in widths] if widths else []
        self.exits = [e.id for e in outs]
        self.entrance = self.entrances[0] if self.entrances else ""
        self.exit = self.exits[0] if self.exits else ""

    def _fixture_points(self) -> None:
        for f in self.fixtures.values():
            if f.service_point is not None:
                self._put(P.service(f.id), f.service_point)
            if f.staff_point is not None:
                self._put(P.staff(f.id), f.staff_point)
            self._put(f.id, (f.x, f.y))
        by_kind = lambda k: [f for f in self.fixtures.values() if f.fixture_kind == k]  # noqa: E731
        self.tickets = [P.service(f.id) for f in by_kind("ticket_dispenser")]
        self.ticket = self.tickets[0] if self.tickets else None
        self.machines = {k: [f.id for f in by_kind(k)] for k in MACHINE_KINDS}
        self.call_stations = [P.staff(f.id) for f in by_kind("call_station") if f.staff_point is not None]
        self.call_station = self.call_stations[0] if self.call_stations else None

    def _posts(self, layout: Any) -> None:
        self.posts: dict[str, Post] = {p.id: p for p in layout.posts()}
        for p in self.posts.values():
            rp = p.geometry.representative_point()
            self._put(p.id, self._snapped((rp.x, rp.y)))
            shapely.prepare(p.geometry)

    def _seats(self, layout: Any, scenario: Scenario) -> None:
        seat_areas = [a.geometry for a in self.areas if a.area_kind in scenario.customers.seat_areas]
        seats = layout.seats()
        if seat_areas:
            seats = [(sid, pt) for sid, pt in seats if any(g.covers(Point(pt)) for g in seat_areas)]
        for sid, pt in seats:
            self._put(sid, pt)
        self.seats = [sid for sid, _ in seats]

    def _standing_spots(self) -> None:
        waiting = [a for a in self.areas if a.area_kind == "waiting"]
        self.standing: list[str] = []
        for a in waiting:
            rp = a.geometry.representative_point()
            name = P.standing(a.id)
            self._put(name, self._snapped((rp.x, rp.y)))
            self.standing.append(name)
        if not self.standing:
            self._put(P.STANDING, self.pts[self.ticket] if self.ticket else self.pts[self.entrance])
            self.standing.append(P.STANDING)

    def precompute(self, scenario: Scenario) -> None:
        """Order the seats from each ticket dispenser (the first thing every day needs); every
        other distance, path and sightline is computed when the day first asks for it."""
        if self.walking:
            for origin in self.tickets or [self.entrance]:
                self.seat_order(origin)

    # --- queries --------------------------------------------------------------------------------
    def seat_order(self, origin: str) -> list[str]:
        """The seats, nearest to ``origin`` first (customers take the nearest free one)."""
        order = self._seat_orders.get(origin)
        if order is None:
            self.dists(origin, self.seats)
            order = self._seat_orders[origin] = sorted(self.seats, key=lambda s: (self.dist(origin, s), s))
        return order

    def dists(self, origin: str, names: Sequence[str]) -> None:
        """Compute the walks from ``origin`` to every one of ``names`` not known yet in one
        question to the geometry engine (one shortest-path tree; see lobbysim.geo.floor)."""
        todo = [n for n in names if n != origin and ((origin, n) if origin < n else (n, origin)) not in self.memo.dist]
        many = getattr(self.floor, "distances", None) if self.walking else None
        if not todo or many is None:
            return
        try:
            got = many(self.pts[origin], [self.pts[n] for n in todo])
        except Exception:  # noqa: BLE001 - see dist(): the pairs are then asked one by one
            return
        for n, d in zip(todo, got):
            key = (origin, n) if origin < n else (n, origin)
            if not math.isfinite(d):
                self.unreachable.add(key)
            self.memo.dist[key] = float(d) if math.isfinite(d) else INF

    def nearest(self, origin: str, candidates: Iterable[str]) -> str:
        """The candidate with the shortest walk from ``origin`` (ties: the first listed); kept per
        origin and candidates (distances on a plan never change)."""
        cands = tuple(candidates)
        key = (origin, cands)
        got = self._nearest.get(key)
        if got is None:
            got = self._nearest[key] = self._nearest_of(origin, list(cands))
        return got

    def _nearest_of(self, origin: str, candidates: list[str]) -> str:
        best, best_d = "", INF
        if self.walking:
            self.dists(origin, candidates)
        for c in candidates:
            d = self.walk_dist(origin, c) if self.walking else self._straight(origin, c)
            if d < best_d or not best:
                best, best_d = c, d
        return best

    def _straight(self, a: str, b: str) -> float:
        p, q = self.pts[a], self.pts[b]
        return math.hypot(p[0] - q[0], p[1] - q[1])

    def dist(self, a: str, b: str) -> float:
        """The shortest walk from a to b in metres (inf when there is none). The first question
        from a point answers every question from it: its distances to all points of interest
        are computed together (one shortest-path tree) and kept."""
        if a == b:
            return 0.0
        key = (a, b) if a < b else (b, a)
        d = self.memo.dist.get(key)
        if d is None:
            self._row(a)
            d = self.memo.dist.get(key)
            if d is None:  # a point added after the row (cannot happen: every point exists up front)
                self._row(a, force=True)
                d = self.memo.dist[key]
        return d

    def _row(self, a: str, force: bool = False) -> None:
        """Distances from ``a`` to every point of interest, from the geometry engine's
        single-source query when it has one, else pair by pair."""
        if a in self.memo.rows and not force:
            return
        self.memo.rows.add(a)
        names = [n for n in self.pts if n != a]
        for n, d in zip(names, self._distances(a, names)):
            key = (a, n) if a < n else (n, a)
            if d is None or not math.isfinite(d):
                d = INF
                self.unreachable.add(key)
            self.memo.dist[key] = float(d)

    def _distances(self, a: str, names: list[str]) -> list[float | None]:
        p = self.pts[a]
        if self.floor is None:
            return [self._straight(a, n) for n in names]
        many = getattr(self.floor, "distances", None)
        try:
            if many is not None:
                return [float(x) for x in many(p, [self.pts[n] for n in names])]
            return [self.floor.distance(p, self.pts[n]) for n in names]
        except Exception:  # noqa: BLE001 - a point off the walkable floor: reported by validation
            return [None] * len(names)

    def walk_dist(self, a: str, b: str) -> float:
        """Metres walked from a to b (0 with walking off; straight line x1.5 if no path exists)."""
        if not self.walking or a == b:
            return 0.0
        d = self.memo.dist.get((a, b) if a < b else (b, a))
        if d is None:
            d = self.dist(a, b)
        if d == INF:
            d = 1.5 * self._straight(a, b)
        return d

    def path(self, a: str, b: str) -> tuple[Pt, ...]:
        """The polyline walked from a to b (computed once per unordered pair)."""
        paths = self.memo.path
        pth = paths.get((a, b))
        if pth is None:
            lo, hi = (a, b) if a < b else (b, a)
            p, q = self.pts[lo], self.pts[hi]
            raw: Sequence[Pt] | None = None
            if self.floor is not None and self.dist(lo, hi) < INF:
                try:
                    raw = self.floor.path(p, q)
                except Exception:  # noqa: BLE001 - see dist()
                    raw = None
            if raw is None or len(raw) < 2:
                raw = [p, q]
            fwd = tuple((round(float(x), 3), round(float(y), 3)) for x, y in raw)
            paths[(lo, hi)] = fwd
            paths[(hi, lo)] = fwd[::-1]
            pth = paths[(a, b)]
        return pth

    def can_see(self, a: str, b: str) -> bool:
        """Whether someone at a can see b (walls, pillars and tall fixtures block sight)."""
        key = (a, b) if a < b else (b, a)
        see = self.memo.see
        v = see.get(key)
        if v is None:
            try:
                v = True if self.floor is None else bool(self.floor.can_see(self.pts[a], self.pts[b]))
            except Exception:  # noqa: BLE001 - see dist()
                v = False
            see[key] = v
        return v

    def on_floor(self, at: str) -> bool:
        """Whether the point is on the lobby floor (not behind the counter line or in a room)."""
        v = self._floor_memo.get(at)
        if v is None:
            v = self._floor_memo[at] = not self._off.covers(Point(self.pts[at]))
        return v

    def floor_fraction(self, a: str, b: str) -> float:
        """The share of the walk from a to b that is on the lobby floor."""
        key = (a, b) if a < b else (b, a)
        v = self.memo.floor_frac.get(key)
        if v is None:
            line = LineString(self.path(a, b))
            length = line.length
            if length <= 0 or self._off.is_empty:
                v = 1.0 if self.on_floor(a) else 0.0
            else:
                v = max(0.0, 1.0 - line.intersection(self._off).length / length)
            self.memo.floor_frac[key] = v
        return v

    def post_of(self, at: str) -> str | None:
        """The post whose zone covers the point (the first listed when zones overlap), or None."""
        if at in self._post_of:
            return self._post_of[at]
        pt = Point(self.pts[at])
        hit = next((pid for pid, p in self.posts.items() if p.geometry.covers(pt)), None)
        self._post_of[at] = hit
        return hit


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def plan_for(layout: Any, scenario: Scenario, floor: Any) -> Plan:
    """The plan of (layout, scenario, floor), cached while the layout object lives and is unchanged."""
    per_layout = _CACHE.setdefault(layout, {})
    key = (layout.revision, id(scenario), id(floor))
    hit = per_layout.get(key)
    if hit is None or hit[0] is not scenario or hit[1] is not floor:
        if len(per_layout) > 16:  # forget old scenarios' plans, keep the layout's geometry memo
            for k in [k for k in per_layout if k[0] != "geo"]:
                del per_layout[k]
        gkey = ("geo", layout.revision, id(floor))
        memo = per_layout.get(gkey)
        if memo is None or memo.floor is not floor:
            memo = per_layout[gkey] = GeoMemo(floor)
        plan = Plan(layout, scenario, floor, memo)
        plan.precompute(scenario)
        hit = per_layout[key] = (scenario, floor, plan)
    return hit[2]
