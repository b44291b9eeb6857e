"""What stays put while a placement search moves things, and where each movable thing may go.

The *site* is the input layout without the movable elements: the boundary, the walls, pillars and
fixed fixtures, the doors, the areas. For each movable fixture or seat block, :func:`placements`
lays a grid (every ``STEP`` metres, four quarter turns) over the plan and keeps the placements
the fixed plan allows, all tested at once with shapely's vectorised predicates:

* **boundary**: the footprint lies inside the outer walls;
* **overlap**: it overlaps no wall, pillar, fixed fixture or seat block;
* **blocked point**: its service point, staff point and seats lie inside the boundary and in no
  fixed obstacle;
* **exit**: an obstacle keeps out of every door's clear area (the door's width, ``EXIT_DEPTH_M``
  deep, on each side that is floor), so the exits keep their clear width;
* **cash area** (GA 38-2015, cash and non-cash areas kept apart): nothing of the cash area's cash
  business leaves it (a cash counter keeps its staff side inside the cash area and its customer
  side outside), and nothing customers use comes into it (the service point of a fixture that
  serves customers, a seat); staff-only furniture (a desk, the call station) may move in or out,
  as the case's operations VP walked out and its call station moved into the cash area;
* **keep areas** (``--keep-areas``): a fixture stays inside areas of the kinds that hold the
  input's fixtures of its kind (seat blocks: the areas holding the input's seats).

What depends on several moved things at once (two moved desks overlapping, a route that loses its
aisle, the floor still connected) is checked per candidate (``checks``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import Point, Polygon, box

from lobbysim.model.elements import Element, Entrance, Fixture, SeatBlock, is_obstacle
from lobbysim.model.layout import Layout

#: grid step of the placements tried (metres)
STEP = 0.2
#: depth of a door's clear area (metres): the turning space of a wheelchair in front of a door
EXIT_DEPTH_M = 1.5
#: overlaps smaller than this (m²) are drawing noise, as in validation
EPS_AREA = 1e-3
#: elements this close (metres) touch rather than overlap
TOUCH = 0.002
#: kinds that handle cash: they stay inside the cash area (GA 38-2015)
CASH_KINDS = ("cash_counter",)

#: why a placement or a candidate was rejected, in words (the keys are stable: JSON and messages)
REASONS = {
    "boundary": "a moved element would stick out of the boundary",
    "overlap": "a moved element would overlap a wall, a pillar or another element",
    "blocked point": "a service point, staff point or seat would lie outside the floor or inside an obstacle",
    "exit": "a moved element would stand in a door's clear area",
    "cash area": "the cash and non-cash areas would mix (GA 38-2015)",
    "keep areas": "a moved element would leave the areas of its kind (--keep-areas)",
    "max moves": "more elements would change than --max-moves allows",
    "post zone": "a post's zone would fall off the customer floor or onto another post's",
    "aisle": "a walking route would lose its aisle of --aisle-m",
    "unreachable": "a moved element's service or staff point could not be reached on foot",
    "validation": "the layout would not validate",
}


@dataclass(frozen=True)
class Rules:
    """The constraints of a search (see the module docstring and ``checks``)."""

    aisle_m: float = 1.2
    keep_areas: bool = False
    max_moves: int | None = None


class Site:
    """The fixed part of the input layout (see the module docstring)."""

    def __init__(self, layout: Layout, movable: set[str], customer_facing: set[str], rules: Rules) -> None:
        b = layout.boundary
        if b is None or not b.geometry.is_valid:
            raise ValueError("a layout without a sound boundary cannot be searched")
        self.layout, self.rules = layout, rules
        self.boundary = b.geometry
        self.inside = self.boundary.buffer(0.01)
        shapely.prepare(self.inside)
        fixed = [e.geometry for e in layout if is_obstacle(e) and e.id not in movable]
        self.fixed = np.array(fixed, dtype=object)
        self.tree = shapely.STRtree(self.fixed)
        self.aprons = shapely.union_all([a for e in layout.entrances() for a in _aprons(e, self.boundary)])
        shapely.prepare(self.aprons)
        self.cash = shapely.union_all([a.geometry for a in layout.areas("cash")])
        shapely.prepare(self.cash)
        self.customer_facing = customer_facing
        self.area_kinds = _area_kinds(layout)
        self.areas = [(a.area_kind, a.geometry) for a in layout.areas()]

    def allowed_areas(self, e: Element):
        """The union of the areas ``e`` must stay in with --keep-areas (None: anywhere)."""
        kinds = self.area_kinds.get(_kind(e), set())
        if not self.rules.keep_areas or not kinds:
            return None
        g = shapely.union_all([g for k, g in self.areas if k in kinds])
        shapely.prepare(g)
        return g


def _kind(e: Element) -> str:
    return "seat_block" if isinstance(e, SeatBlock) else getattr(e, "fixture_kind", e.type)


def _area_kinds(layout: Layout) -> dict[str, set[str]]:
    """{fixture kind: the kinds of the areas holding the input's fixtures of that kind}."""
    out: dict[str, set[str]] = {}
    areas = layout.areas()
    for e in layout:
        if isinstance(e, (Fixture, SeatBlock)):
            p = Point(e.x, e.y)
            out.setdefault(_kind(e), set()).update(a.area_kind for a in areas if a.geometry.covers(p))
    return out


def _aprons(e: Entrance, boundary) -> list[Polygon]:
    """The clear area in front of a door, on each side of it that is floor."""
    (ax, ay), (bx, by) = e.a, e.b
    length = float(np.hypot(bx - ax, by - ay))
    if length <= 0:
        return []
    nx, ny = -(by - ay) / length, (bx - ax) / length
    mx, my = (ax + bx) / 2, (ay + by) / 2
    out = []
    for s in (1.0, -1.0):
        if boundary.contains(Point(mx + s * 0.1 * nx, my + s * 0.1 * ny)):
            dx, dy = s * EXIT_DEPTH_M * nx, s * EXIT_DEPTH_M * ny
            out.append(Polygon([(ax, ay), (bx, by), (bx + dx, by + dy), (ax + dx, ay + dy)]))
    return out


# --- the placements of one movable element ------------------------------------------------------------
def footprint_template(e: Fixture | SeatBlock, rotation: float) -> Polygon:
    """The element's footprint at the origin, turned to ``rotation`` (a seat block: its whole
    rectangle, rows and the aisles between them)."""
    if isinstance(e, SeatBlock):
        w, d = e.size
        g = box(-w / 2, -d / 2, w / 2, d / 2)
        return affinity.rotate(g, rotation, origin=(0, 0)) if rotation else g
    return replace(e, x=0.0, y=0.0, rotation=rotation).geometry


def point_templates(e: Fixture | SeatBlock, rotation: float) -> tuple[list, list]:
    """(service-side points, staff-side points) of the element at the origin turned to
    ``rotation``: a fixture's service and staff points, a seat block's seats."""
    t = replace(e, x=0.0, y=0.0, rotation=rotation)
    if isinstance(t, SeatBlock):
        return [p for _, p in t.seats], []
    service = [t.service_point] if t.service_point is not None else []
    staff = [t.staff_point] if t.staff_point is not None else []
    return service, staff


def grid(site: Site) -> np.ndarray:
    x0, y0, x1, y1 = site.boundary.bounds
    xs = np.arange(np.ceil(x0 / STEP) * STEP, x1 + 1e-9, STEP)
    ys = np.arange(np.ceil(y0 / STEP) * STEP, y1 + 1e-9, STEP)
    gx, gy = np.meshgrid(xs, ys)
    return np.round(np.column_stack([gx.ravel(), gy.ravel()]), 6)


def placements(e: Fixture | SeatBlock, site: Site, rotation: float, centres: np.ndarray) -> tuple[np.ndarray, Counter]:
    """The centres among ``centres`` where ``e``, turned to ``rotation``, may stand on the site,
    and how many of the others each rule rejected (the first rule that fails counts). Each rule is
    tested only on the placements that passed the rules before it."""
    idx = np.arange(len(centres))
    why: Counter = Counter()
    service, staff = point_templates(e, rotation)
    offsets = np.asarray(service + staff, dtype=float).reshape(-1, 2)

    def keep(ok: np.ndarray, reason: str) -> None:
        nonlocal idx
        if not ok.all():
            why[reason] += int((~ok).sum())
            idx = idx[ok]

    # the footprint shrunk by a hair: touching is no overlap, as in validation (which has the last word)
    inner = np.asarray(footprint_template(e, rotation).buffer(-TOUCH, join_style="mitre").exterior.coords)
    cores = shapely.polygons(inner[None, :, :] + centres[:, None, :])
    keep(shapely.contains(site.inside, cores), "boundary")
    keep(~_overlaps(site, cores[idx]), "overlap")
    if len(offsets) and len(idx):
        pts = _points(centres[idx], offsets)
        bad = ~shapely.contains(site.inside, pts) | _in_fixed(site, pts)
        keep(~bad.reshape(len(idx), -1).any(axis=1), "blocked point")
    if is_obstacle(e) and not site.aprons.is_empty and len(idx):
        keep(~shapely.intersects(site.aprons, cores[idx]), "exit")
    if len(idx):
        keep(~_mixes_cash(e, site, centres[idx], cores[idx], service, staff), "cash area")
    allowed = site.allowed_areas(e)
    if allowed is not None and len(idx):
        keep(shapely.covers(allowed, shapely.points(centres[idx])), "keep areas")
    return centres[idx], why


def _points(centres: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Every offset at every centre, centre by centre (n x m points, flat)."""
    return shapely.points((centres[:, None, :] + offsets[None, :, :]).reshape(-1, 2))


def _overlaps(site: Site, cores: np.ndarray) -> np.ndarray:
    """Which footprints (shrunk by ``TOUCH``) meet a fixed obstacle."""
    bad = np.zeros(len(cores), dtype=bool)
    if len(cores) and len(site.fixed):
        i, _ = site.tree.query(cores, predicate="intersects")
        bad[i] = True
    return bad


def _in_fixed(site: Site, pts: np.ndarray) -> np.ndarray:
    bad = np.zeros(len(pts), dtype=bool)
    if len(site.fixed):
        i, _ = site.tree.query(pts, predicate="intersects")
        bad[i] = True
    return bad


def _mixes_cash(e: Element, site: Site, centres: np.ndarray, polys: np.ndarray, service, staff) -> np.ndarray:
    """Placements that would mix the cash and non-cash areas (see the module docstring)."""
    bad = np.zeros(len(centres), dtype=bool)
    if site.cash.is_empty:
        return bad

    def in_cash(offs) -> np.ndarray:
        if not offs:
            return np.zeros((len(centres), 0), dtype=bool)
        pts = _points(centres, np.asarray(offs, dtype=float))
        return shapely.covers(site.cash, pts).reshape(len(centres), -1)

    kind = _kind(e)
    if kind in CASH_KINDS:
        bad |= ~in_cash(staff).all(axis=1) | in_cash(service).any(axis=1)
    elif isinstance(e, SeatBlock) or e.id in site.customer_facing:
        if isinstance(e, SeatBlock):
            bad |= shapely.intersects(site.cash, polys)
        bad |= in_cash(service).any(axis=1)
    return bad


def in_cash(site: Site, g) -> bool:
    """Whether a geometry lies partly in the cash area (for post zones)."""
    return not site.cash.is_empty and shapely.area(shapely.intersection(g, site.cash)) > EPS_AREA
