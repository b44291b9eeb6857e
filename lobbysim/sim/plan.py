"""What the simulation needs to know about a layout, computed once and reused across replications.

A :class:`Plan` names the points of interest (entrance, ticket dispenser, the service and
staff points of fixtures, seats, posts, a standing spot), and memoises walking distances,
paths and sightlines between them, so the event loop only does dictionary look-ups; the
geometry engine (shapely) is called at most once per pair and layout.
"""

from __future__ import annotations

import math
import weakref

from shapely.geometry import Point

from lobbysim.model.elements import Fixture

from .scenario import MACHINE_KINDS, STAFFED_KINDS, Scenario

#: areas behind the counter line or closed rooms: being there is not being "on the lobby floor"
OFF_FLOOR_AREAS = ("cash", "back_office", "office", "wealth_room", "vip_room")


class StraightFloor:
    """Stand-in geometry (straight lines, everything visible) when no geometry engine is given."""

    poi: dict = {}

    def distance(self, p, q):
        return math.hypot(p[0] - q[0], p[1] - q[1])

    def path(self, p, q):
        return [tuple(p), tuple(q)]

    def can_see(self, p, q):
        return True


def build_floor(layout):
    """The geometry engine of ``layout`` (lobbysim.geo), or straight lines if it is not available."""
    from lobbysim import geo

    make = getattr(geo, "build_floor", None)
    if make is None:  # pragma: no cover - only while the geometry layer is missing
        return StraightFloor()
    return make(layout, clearance=0.25)


class GeoMemo:
    """Distances, paths and sightlines between named points of one layout on one floor,
    shared by every scenario run on that layout (a sweep over scenarios computes them once)."""

    def __init__(self, floor):
        self.floor = floor
        self.dist: dict = {}
        self.path: dict = {}
        self.see: dict = {}
        self.on_floor: dict = {}
        self.unreachable: set = set()


class Plan:
    def __init__(self, layout, scenario: Scenario, floor, memo: GeoMemo | None = None):
        self.layout_name = layout.meta.name_en or layout.meta.name_zh
        pol = scenario.policies
        self.walking = bool(pol.walking and floor is not None)
        self.floor = floor
        fpoi = getattr(floor, "poi", None) or {}
        memo = memo or GeoMemo(floor)
        self._floor_memo: dict[str, bool] = memo.on_floor
        self._zone_memo: dict = {}
        self._dist: dict = memo.dist
        self._path: dict = memo.path
        self._see: dict = memo.see
        #: pairs of points with no walking path (walked as 1.5 x the straight line; see walk_dist)
        self.unreachable: set = memo.unreachable
        pts: dict[str, tuple[float, float]] = {}

        def put(name, p):
            q = fpoi.get(name)
            pts[name] = tuple(q) if q is not None else (float(p[0]), float(p[1]))

        ents = layout.entrances()
        ins = [e for e in ents if e.direction in ("both", "in")] or ents
        outs = [e for e in ents if e.direction in ("both", "out")] or ents
        for e in ents:
            put(e.id, e.midpoint)
        self.entrance = ins[0].id
        self.exit = outs[0].id
        self.fixtures: dict[str, Fixture] = {f.id: f for f in layout.of_type(Fixture)}
        for f in self.fixtures.values():
            if f.service_point is not None:
                put(f"{f.id}.service", f.service_point)
            if f.staff_point is not None:
                put(f"{f.id}.staff", f.staff_point)
            put(f.id, (f.x, f.y))
        tickets = [f for f in self.fixtures.values() if f.fixture_kind == "ticket_dispenser"]
        self.ticket = f"{tickets[0].id}.service" if tickets else None
        self.machines = {k: [f.id for f in self.fixtures.values() if f.fixture_kind == k] for k in MACHINE_KINDS}
        calls = [f for f in self.fixtures.values() if f.fixture_kind == "call_station"]
        self.call_station = f"{calls[0].id}.staff" if calls and calls[0].staff_point is not None else None
        self.posts = {p.id: p for p in layout.posts()}
        for p in self.posts.values():
            rp = p.geometry.representative_point()
            put(p.id, (rp.x, rp.y))
        self.areas = list(layout.areas())
        seat_areas = [a.geometry for a in self.areas if a.area_kind in scenario.customers.seat_areas]
        seats = layout.seats()
        if seat_areas:
            seats = [(sid, pt) for sid, pt in seats if any(g.covers(Point(pt)) for g in seat_areas)]
        for sid, pt in seats:
            put(sid, pt)
        waiting = [a for a in self.areas if a.area_kind == "waiting"]
        if waiting:
            rp = waiting[0].geometry.representative_point()
            put("standing", (rp.x, rp.y))
        else:
            put("standing", pts[self.ticket] if self.ticket else pts[self.entrance])
        self.pts = pts
        origin = self.ticket or self.entrance
        self.seat_order = sorted((sid for sid, _ in seats), key=lambda s: (self.dist(origin, s), s))
        # fixture kinds that can actually serve on this layout with this roster
        staffed = {s.counter for s in scenario.staff if s.counter in self.fixtures}
        staffed |= {r.fixture for r in pol.cover if r.rule == "open_window" and r.fixture in self.fixtures}
        self.available_kinds = {k for k in MACHINE_KINDS if self.machines[k]}
        self.available_kinds |= {
            self.fixtures[f].fixture_kind for f in staffed if self.fixtures[f].fixture_kind in STAFFED_KINDS
        }

    def precompute(self, scenario: Scenario) -> None:
        """Compute, once per layout and floor, the distances, paths and sightlines the day can use,
        so that the event loop only looks them up (no geometry call while simulating)."""
        if not self.walking:
            return
        names = sorted(self.pts)
        bulk = getattr(self.floor, "distance_matrix", None)
        todo = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :] if (a, b) not in self._dist]
        if todo and bulk is not None:
            idx = {n: i for i, n in enumerate(names)}
            m = bulk([self.pts[n] for n in names])
            for a, b in todo:
                d = float(m[idx[a]][idx[b]])
                self._dist[(a, b)] = d if math.isfinite(d) else math.inf
        for a, b in todo:
            self.dist(a, b)
        for a, b in todo:
            self.path(a, b)
        for a in names:
            self.on_floor(a)

    # --- memoised geometry ---------------------------------------------------------------
    def dist(self, a: str, b: str) -> float:
        if a == b:
            return 0.0
        key = (a, b) if a < b else (b, a)
        d = self._dist.get(key)
        if d is None:
            p, q = self.pts[a], self.pts[b]
            try:
                d = self.floor.distance(p, q) if self.floor is not None else math.hypot(p[0] - q[0], p[1] - q[1])
            except Exception:  # noqa: BLE001 - a point off the walkable floor: reported by validation
                d = None
            if d is None or not math.isfinite(d):
                d = math.inf
                self.unreachable.add(key)
            self._dist[key] = d = float(d)
        return d

    def walk_dist(self, a: str, b: str) -> float:
        """Metres walked from a to b (0 with walking off; straight line x1.5 if no path exists)."""
        if not self.walking or a == b:
            return 0.0
        d = self.dist(a, b)
        if d == math.inf:
            p, q = self.pts[a], self.pts[b]
            d = 1.5 * math.hypot(p[0] - q[0], p[1] - q[1])
        return d

    def path(self, a: str, b: str) -> tuple:
        """The polyline walked from a to b (computed once per unordered pair)."""
        pth = self._path.get((a, b))
        if pth is None:
            lo, hi = (a, b) if a < b else (b, a)
            p, q = self.pts[lo], self.pts[hi]
            raw = None
            if self.floor is not None and self.dist(lo, hi) < math.inf:
                try:
                    raw = self.floor.path(p, q)
                except Exception:  # noqa: BLE001 - see dist()
                    raw = None
            if raw is None or len(raw) < 2:
                raw = [p, q]
            fwd = tuple((round(float(x), 3), round(float(y), 3)) for x, y in raw)
            self._path[(lo, hi)] = fwd
            self._path[(hi, lo)] = fwd[::-1]
            pth = self._path[(a, b)]
        return pth

    def can_see(self, a: str, b: str) -> bool:
        key = (a, b) if a < b else (b, a)
        v = self._see.get(key)
        if v is None:
            try:
                v = True if self.floor is None else bool(self.floor.can_see(self.pts[a], self.pts[b]))
            except Exception:  # noqa: BLE001 - see dist()
                v = False
            self._see[key] = v
        return v

    def on_floor(self, poi: str) -> bool:
        v = self._floor_memo.get(poi)
        if v is None:
            pt = Point(self.pts[poi])
            v = not any(a.area_kind in OFF_FLOOR_AREAS and a.geometry.covers(pt) for a in self.areas)
            self._floor_memo[poi] = v
        return v

    def zone_spots(self, home: str, post: str | None, reach: float) -> frozenset:
        """Waiting spots (seats, the standing spot) a staff member at ``home`` may approach:
        inside their post when they have one, else within ``reach`` metres; always in sight."""
        key = (home, post, reach)
        z = self._zone_memo.get(key)
        if z is None:
            spots = list(self.seat_order) + ["standing"]
            if post is not None and post in self.posts:
                g = self.posts[post].geometry
                cand = [s for s in spots if g.covers(Point(self.pts[s]))]
            else:
                cand = [
                    s
                    for s in spots
                    if math.hypot(self.pts[s][0] - self.pts[home][0], self.pts[s][1] - self.pts[home][1]) <= reach
                ]
            z = self._zone_memo[key] = frozenset(s for s in cand if self.can_see(home, s))
        return z


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def plan_for(layout, scenario: Scenario, floor) -> Plan:
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
