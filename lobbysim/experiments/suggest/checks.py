"""The constraints a candidate layout must meet beyond where each moved thing may stand on its own
(``site``): moved things clear of each other, every walking route keeping its aisle, every point
people walk to still reachable, and, last, the whole layout validating and the scenario able to
run on it (``lobbysim.sim.variant.build_variant``).

**Aisles.** A route keeps an aisle of ``aisle_m`` when a body that wide can walk it: on the floor
built with a clearance of ``aisle_m / 2`` (instead of the simulation's body clearance) the route's
two ends lie in the same connected piece. The routes are those between the fixed points people
walk to (doors, the service and staff points of fixtures that do not move, the seats of seat
blocks that do not move) that the input's own aisles connect: a candidate may not cut any of them.
A moved fixture that serves customers must be reachable from a door through aisles that wide, and
a moved seat block through its front row. Narrow passages the input already has (a staff door
narrower than the aisle) are routes of the plain floor only, and stay reachable there (checked on
the simulation's own floor with the rest of the points of interest).
"""

from __future__ import annotations

from typing import Any

from shapely.geometry import Point

from lobbysim.geo import build_floor
from lobbysim.model.elements import Element, Fixture, SeatBlock, is_obstacle
from lobbysim.model.layout import Layout

from .site import EPS_AREA
from .space import Design, Space

#: the body clearance of the simulation's walking floor (lobbysim.sim.plan.build_floor)
BODY_CLEARANCE = 0.25


def _points(e: Element) -> list[tuple[str, tuple[float, float]]]:
    """The named points people walk to at an element (as lobbysim.geo names them)."""
    if isinstance(e, Fixture):
        pts = [(f"{e.id}.service", e.service_point), (f"{e.id}.staff", e.staff_point)]
        return [(n, p) for n, p in pts if p is not None]
    if isinstance(e, SeatBlock):
        return list(e.seats)
    return []


def _front(e: Element) -> list[tuple[str, tuple[float, float]]]:
    """Where customers reach a moved element from: a fixture's service point, a seat block's front row."""
    if isinstance(e, SeatBlock):
        return list(e.seats)[: e.seats_per_row]
    if isinstance(e, Fixture) and e.service_point is not None:
        return [(f"{e.id}.service", e.service_point)]
    return []


class Checker:
    """Checks candidates of one search (see the module docstring)."""

    def __init__(self, space: Space) -> None:
        self.space = space
        self.movable = set(space.ids)
        self.half_aisle = space.rules.aisle_m / 2
        base = space.layout
        wide = build_floor(base, clearance=self.half_aisle)
        self.targets: dict[str, tuple[float, float]] = {}
        for e in base:
            if e.id not in self.movable:
                self.targets.update(_points(e))
        for ent in base.entrances():
            self.targets[ent.id] = wide.poi.get(ent.id, ent.midpoint)
        self.doors = [ent.id for ent in base.entrances()]
        names = list(self.targets)
        groups: dict[int, list[str]] = {}
        for name, c in zip(names, wide.components([self.targets[n] for n in names])):
            if c >= 0:
                groups.setdefault(int(c), []).append(name)
        #: fixed points connected by the input's aisles, piece by piece of the input's wide floor
        self.routes = [g for g in groups.values() if len(g) > 1]
        self.customer_facing = space.site.customer_facing

    def moved_clear(self, layout: Layout, design: Design) -> str | None:
        """'overlap' or 'blocked point' when a moved element meets another movable one (the fixed
        ones were kept clear of when its placements were laid out)."""
        others = [layout[i] for i in self.movable if i in layout and isinstance(layout[i], (Fixture, SeatBlock))]
        for edit in design.edits:
            e = edit.new
            if not isinstance(e, (Fixture, SeatBlock)):
                continue
            for o in others:
                if o.id == e.id:
                    continue
                if is_obstacle(e) and is_obstacle(o) and e.geometry.intersection(o.geometry).area > EPS_AREA:
                    return "overlap"
                if _covers_any(o, _points(e)) or _covers_any(e, _points(o)):
                    return "blocked point"
        return None

    def aisles_kept(self, layout: Layout, design: Design) -> bool:
        """Every route of the input keeps its aisle, and every moved thing customers use is reached
        through one (see the module docstring)."""
        wide = build_floor(layout, clearance=self.half_aisle)
        for route in self.routes:
            comps = wide.components([self.targets[n] for n in route])
            if comps[0] < 0 or (comps != comps[0]).any():
                return False
        doors = set(wide.components([wide.poi.get(d, self.targets[d]) for d in self.doors]).tolist()) - {-1}
        for edit in design.edits:
            e = edit.new
            if e.id in self.customer_facing or isinstance(e, SeatBlock):
                front = [p for _, p in _front(e)]
                if front and not doors.intersection(wide.components(front).tolist()):
                    return False
        return True

    def reachable(self, floor: Any) -> bool:
        """Every point people walk to lies on the simulation's floor, in a piece with a door."""
        if floor.unreachable:
            return False
        doors = set(floor.components([floor.poi[d] for d in self.doors if d in floor.poi]).tolist()) - {-1}
        return bool(doors) and set(floor.components(list(floor.poi.values())).tolist()) <= doors

    def check(self, design: Design, layout: Layout, floor: Any) -> str | None:
        """The first constraint the candidate breaks (None when it meets them all)."""
        why = self.moved_clear(layout, design)
        if why:
            return why
        if not self.reachable(floor):
            return "unreachable"
        if not self.aisles_kept(layout, design):
            return "aisle"
        return None


def _covers_any(e: Element, pts: list[tuple[str, tuple[float, float]]]) -> bool:
    """Whether obstacle ``e`` covers one of the points."""
    return is_obstacle(e) and any(e.geometry.covers(Point(p)) for _, p in pts)


def validate(layout: Layout, scenario: Any) -> str | None:
    """None when the candidate passes ``build_variant`` (the gate every simulated layout passes),
    else the one-line reason."""
    from lobbysim.errors import LobbysimError
    from lobbysim.sim.variant import build_variant

    try:
        build_variant(layout, scenario, clearance=BODY_CLEARANCE)
    except LobbysimError as exc:
        return str(exc)
    return None
