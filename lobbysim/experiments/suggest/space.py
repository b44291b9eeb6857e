"""The search space of ``lobbysim suggest``: what may change, and how a point of the space becomes
a set of edits of the input layout (a :class:`Design`, one undoable command in the editor).

Three kinds of things change:

* a movable **fixture or seat block** (a :class:`Piece`): whether it moves, where (x, y) and by
  how many quarter turns; the point asked for is taken to the nearest placement the fixed plan
  allows (``site.placements``, a grid of ``STEP`` metres), so nearly every point of the space is
  a placement a consultant could draw;
* a movable **post zone** that exists (a :class:`Zone`): whether it moves and by how much; the
  moved zone is clipped to the customer floor (the boundary less the cash area, offices and
  closed rooms);
* a **post to draw** (a :class:`NewZone`, with ``--draw-posts``: a post the scenario's staff stand
  at that the layout lacks): whether it is drawn and where its holder stands; the zone is a
  rectangle centred there, grown until it meets a wall, a room or another post's zone
  (``grow_zones``), so the zones share the lobby as the consultants' posts 1, 2, 3 do and each
  holder stands in the middle of theirs, where the simulation puts them.

Every parameter is sampled whether or not it is used (a fixed space, so both TPE and CMA-ES
apply).
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import shapely
from scipy.spatial import cKDTree
from shapely import affinity, ops
from shapely.geometry import Point, Polygon, box

from lobbysim.errors import UsageError
from lobbysim.model.commands import AddElement, MacroCommand, ReplaceElement
from lobbysim.model.elements import Element, Fixture, Post, SeatBlock
from lobbysim.model.kinds import FIXTURE_KINDS
from lobbysim.model.layout import Layout
from lobbysim.sim.plan import OFF_FLOOR_AREAS

from .site import Rules, Site, grid, in_cash, placements

#: kinds that need cabling or a cash line and stay where they are unless told otherwise
DEFAULT_IMMOVABLE = ("cash_counter", "smart_counter")
#: the kinds --movable-kinds knows besides the fixture kinds
OTHER_KINDS = ("seat_block", "post")
#: two posts' holders closer than this stand in the same place (metres)
MIN_POST_GAP_M = 1.0
#: a post zone smaller than this (m²) is no zone
MIN_POST_AREA = 2.0
#: the step by which drawn post zones grow (metres)
ZONE_STEP = 0.2


# --- edits ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Edit:
    """One element changed (``old`` None: drawn anew)."""

    id: str
    old: Element | None
    new: Element

    def describe(self) -> dict:
        if self.old is None:
            assert isinstance(self.new, Post)
            return {"id": self.id, "action": "draw", "number": self.new.number, "polygon": _pts(self.new.polygon)}
        if isinstance(self.new, Post):
            assert isinstance(self.old, Post)
            (x0, y0), (x1, y1) = _centre(self.old), _centre(self.new)
            return {"id": self.id, "action": "move", "dx": round(x1 - x0, 3), "dy": round(y1 - y0, 3)}
        o, n = self.old, self.new
        assert isinstance(o, (Fixture, SeatBlock)) and isinstance(n, (Fixture, SeatBlock))
        return {
            "id": self.id,
            "action": "move",
            "from": {"x": o.x, "y": o.y, "rotation": o.rotation},
            "to": {"x": n.x, "y": n.y, "rotation": n.rotation},
            "distance_m": round(math.hypot(n.x - o.x, n.y - o.y), 3),
        }

    def sentence(self) -> str:
        d = self.describe()
        if d["action"] == "draw":
            return f"draw {self.id}"
        if "dx" in d:
            return f"move {self.id} by ({d['dx']:+.1f}, {d['dy']:+.1f}) m"
        to = d["to"]
        turn = f", turned to {to['rotation']:g}°" if to["rotation"] != d["from"]["rotation"] else ""
        return f"move {self.id} to ({to['x']:.1f}, {to['y']:.1f}){turn}"


def _pts(poly) -> list[list[float]]:
    return [[float(x), float(y)] for x, y in poly]


def _centre(p: Post) -> tuple[float, float]:
    c = p.geometry.centroid
    return (c.x, c.y)


@dataclass(frozen=True)
class Design:
    """A candidate: the edits of the input layout, in the input's element order."""

    edits: tuple[Edit, ...]

    @property
    def moves(self) -> int:
        return len(self.edits)

    def key(self) -> tuple:
        return tuple(e.new for e in self.edits)

    def command(self, text: str | None = None) -> MacroCommand:
        """The edits as one command (one undo step in the editor)."""
        children = [AddElement(e.new) if e.old is None else ReplaceElement(e.old, e.new) for e in self.edits]
        return MacroCommand(children, text or ("Suggestion: " + "; ".join(e.sentence() for e in self.edits)))

    def apply_to(self, base: Layout) -> Layout:
        out = base.copy()
        self.command().apply(out)
        return out

    def describe(self) -> list[dict]:
        return [e.describe() for e in self.edits]


# --- what moves -----------------------------------------------------------------------------------------
class Piece:
    """A movable fixture or seat block and the placements the fixed plan leaves it, per quarter turn
    (laid out when first asked for: ``site.placements``)."""

    def __init__(self, element: Fixture | SeatBlock, site: Site, centres: np.ndarray, rejects: Counter) -> None:
        self.element = element
        self._site, self._centres, self._rejects = site, centres, rejects
        self._grids: list[np.ndarray] | None = None
        self._trees: list[Any] = []

    @property
    def id(self) -> str:
        return self.element.id

    @property
    def grids(self) -> list[np.ndarray]:
        """The allowed centres for 0, 1, 2 and 3 quarter turns from the element's rotation."""
        if self._grids is None:
            e, grids = self.element, []
            for k in range(4):
                ok, why = placements(e, self._site, (e.rotation + 90.0 * k) % 360.0, self._centres)
                self._rejects.update(why)
                grids.append(ok)
            self._trees = [cKDTree(g) if len(g) else None for g in grids]
            self._grids = grids
        return self._grids

    @property
    def trees(self) -> list[Any]:
        _ = self.grids
        return self._trees

    def placed(self, x: float, y: float, turn: int) -> Fixture | SeatBlock | None:
        """The element at the allowed placement nearest (x, y) with ``turn`` quarter turns (the
        nearest turn that has one); None when it has nowhere to go."""
        order = sorted(range(4), key=lambda k: (min((k - turn) % 4, (turn - k) % 4), k))
        for k in order:
            tree = self.trees[k]
            if tree is not None:
                _, i = tree.query([x, y])
                px, py = self.grids[k][int(i)]
                rot = (self.element.rotation + 90.0 * k) % 360.0
                return replace(self.element, x=round(float(px), 3), y=round(float(py), 3), rotation=rot)
        return None


@dataclass(frozen=True)
class Zone:
    """A movable post zone of the input."""

    element: Post


@dataclass(frozen=True)
class NewZone:
    """A post to draw: the scenario's staff stand at it, the layout lacks it."""

    id: str
    number: int


class Space:
    """What may change and how (see the module docstring)."""

    def __init__(
        self,
        layout: Layout,
        scenario: Any,
        movable: Iterable[str] = (),
        movable_kinds: Iterable[str] = (),
        *,
        draw_posts: bool = False,
        immovable_kinds: Iterable[str] = DEFAULT_IMMOVABLE,
        rules: Rules | None = None,
    ) -> None:
        self.layout, self.scenario = layout, scenario
        self.rules = rules or Rules()
        self.immovable = tuple(immovable_kinds)
        ids, new = _resolve(layout, scenario, list(movable), list(movable_kinds), draw_posts, self.immovable)
        self.site = Site(layout, set(ids), customer_facing(layout, scenario), self.rules)
        self.static_rejects: Counter = Counter()
        self.pieces: list[Piece] = []
        self.zones: list[Zone] = []
        centres = grid(self.site)
        for i in ids:
            e = layout[i]
            if isinstance(e, Post):
                self.zones.append(Zone(e))
            else:
                assert isinstance(e, (Fixture, SeatBlock))
                self.pieces.append(Piece(e, self.site, centres, self.static_rejects))
        self.new_zones = [NewZone(pid, _post_number(pid, layout, new)) for pid in new]
        self.floor = customer_floor(layout)
        self.bounds = self.site.boundary.bounds

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.pieces] + [z.element.id for z in self.zones] + [z.id for z in self.new_zones]

    def stuck(self) -> list[str]:
        """Movable fixtures and seat blocks that have no allowed placement at all."""
        return [p.id for p in self.pieces if all(t is None for t in p.trees)]

    # --- the parameters -----------------------------------------------------------------------------------
    def sample(self, trial: Any, fixed: bool = False) -> dict[str, float]:
        """Ask an optuna trial for the parameters: where an element goes is asked only when it moves
        (a conditional space, which TPE models per branch), or always with ``fixed`` (for CMA-ES,
        which needs the same parameters in every trial)."""
        x0, y0, x1, y1 = self.bounds
        w, h = x1 - x0, y1 - y0
        out: dict[str, float] = {}

        def ask(name: str, lo: float, hi: float, whole: bool = False) -> None:
            out[name] = trial.suggest_int(name, int(lo), int(hi)) if whole else trial.suggest_float(name, lo, hi)

        for p in self.pieces:
            ask(f"{p.id}:move", 0, 1, True)
            if fixed or out[f"{p.id}:move"]:
                ask(f"{p.id}:x", x0, x1)
                ask(f"{p.id}:y", y0, y1)
                ask(f"{p.id}:turn", 0, 3, True)
        for z in self.zones:
            i = z.element.id
            ask(f"{i}:move", 0, 1, True)
            if fixed or out[f"{i}:move"]:
                ask(f"{i}:dx", -w / 2, w / 2)
                ask(f"{i}:dy", -h / 2, h / 2)
        for nz in self.new_zones:
            ask(f"{nz.id}:draw", 0, 1, True)
            if fixed or out[f"{nz.id}:draw"]:
                ask(f"{nz.id}:x", x0, x1)
                ask(f"{nz.id}:y", y0, y1)
        return out

    def random_params(self, rng: np.random.Generator) -> dict[str, float]:
        """A point of the space drawn uniformly (random search: the benchmark's baseline)."""

        class _Uniform:
            def suggest_int(self, _name, lo, hi):
                return int(rng.integers(lo, hi + 1))

            def suggest_float(self, _name, lo, hi):
                return float(rng.uniform(lo, hi))

        return self.sample(_Uniform(), fixed=True)

    def design(self, params: Mapping[str, float]) -> Design | str:
        """The edits a point of the space stands for, or the reason it stands for none."""
        edits: dict[str, Edit] = {}
        for p in self.pieces:
            if params[f"{p.id}:move"] >= 1:
                new = p.placed(params[f"{p.id}:x"], params[f"{p.id}:y"], int(params[f"{p.id}:turn"]))
                if new is not None and new != p.element:
                    edits[p.id] = Edit(p.id, p.element, new)
        taken = []
        for z in self.zones:
            moved = self._moved_zone(z, params) if params[f"{z.element.id}:move"] >= 1 else z.element
            if moved is None:
                return "post zone"
            if moved != z.element:
                edits[z.element.id] = Edit(z.element.id, z.element, moved)
            taken.append(moved.geometry)
        drawn = self._drawn(params, taken)
        if isinstance(drawn, str):
            return drawn
        edits.update({e.id: e for e in drawn})
        order = {i: n for n, i in enumerate(self.layout.ids())}
        ordered = sorted(edits.values(), key=lambda e: (order.get(e.id, len(order)), e.id))
        if self.rules.max_moves is not None and len(ordered) > self.rules.max_moves:
            return "max moves"
        return Design(tuple(ordered))

    def _moved_zone(self, z: Zone, params: Mapping[str, float]) -> Post | None:
        i = z.element.id
        g = affinity.translate(z.element.geometry, params[f"{i}:dx"], params[f"{i}:dy"])
        part = _largest(g.intersection(self.floor))
        if part is None or part.area < MIN_POST_AREA or in_cash(self.site, part):
            return None
        return replace(z.element, polygon=_ring(part))

    def _drawn(self, params: Mapping[str, float], taken: list) -> list[Edit] | str:
        """The posts drawn: rectangles grown from where their holders stand (see ``grow_zones``)."""
        todo = [nz for nz in self.new_zones if params[f"{nz.id}:draw"] >= 1]
        if not todo:
            return []
        region = self.floor.difference(shapely.union_all(taken)) if taken else self.floor
        if region.is_empty:
            return "post zone"
        spots = [_into(region, params[f"{nz.id}:x"], params[f"{nz.id}:y"]) for nz in todo]
        if any(math.dist(a, b) < MIN_POST_GAP_M for i, a in enumerate(spots) for b in spots[:i]):
            return "post zone"
        boxes = grow_zones(region, spots)
        out = []
        for nz, zone in zip(todo, boxes):
            if zone.area < MIN_POST_AREA:
                return "post zone"
            name_zh, name_en = f"厅堂{nz.number}号", f"Lobby post {nz.number}"
            out.append(Edit(nz.id, None, Post(nz.id, name_zh, name_en, polygon=_ring(zone), number=nz.number)))
        return out


def grow_zones(region, spots: list[tuple[float, float]], step: float = ZONE_STEP) -> list[Polygon]:
    """Post zones drawn around where their holders stand: rectangles centred on each spot, grown
    together a step at a time along each axis while they stay on the ``region`` and clear of each
    other, until each meets a wall, a room or another zone. Centred, so each holder stands at the
    middle of their zone (where the simulation puts a post's holder: its representative point)."""
    shapely.prepare(region)
    half = [[step, step] for _ in spots]

    def rect(i: int, a: float, b: float) -> Polygon:
        x, y = spots[i]
        return box(x - a, y - b, x + a, y + b)

    growing = True
    while growing:
        growing = False
        for i in range(len(spots)):
            for axis in (0, 1):
                h = list(half[i])
                h[axis] += step
                r = rect(i, *h)
                others = (rect(j, *half[j]) for j in range(len(spots)) if j != i)
                if region.covers(r) and not any(r.intersection(o).area > 1e-6 for o in others):
                    half[i] = h
                    growing = True
    return [rect(i, *half[i]) for i in range(len(spots))]


# --- helpers ---------------------------------------------------------------------------------------------
def customer_floor(layout: Layout):
    """The boundary less the areas that are not customer floor (cash area, offices, rooms)."""
    b = layout.boundary
    assert b is not None
    off = [a.geometry for a in layout.areas() if a.area_kind in OFF_FLOOR_AREAS]
    return b.geometry.difference(shapely.union_all(off)) if off else b.geometry


def customer_facing(layout: Layout, scenario: Any) -> set[str]:
    """Fixtures customers use: counters and machines, the ticket dispenser, lobby desks, and any
    fixture a staff member serves customers at."""
    from lobbysim.model.kinds import SERVICE_FIXTURE_KINDS

    kinds = set(SERVICE_FIXTURE_KINDS) | {"ticket_dispenser"}
    served = {s.counter for s in scenario.staff if s.counter}
    return {f.id for f in layout.fixtures() if f.fixture_kind in kinds or f.id in served}


def _largest(g, near: Point | None = None) -> Polygon | None:
    """The polygon of ``g`` containing ``near``, else its largest polygon (None when it has none)."""
    parts = [p for p in getattr(g, "geoms", [g]) if isinstance(p, Polygon) and not p.is_empty]
    if not parts:
        return None
    if near is not None:
        for p in parts:
            if p.covers(near):
                return p
    return max(parts, key=lambda p: p.area)


def _ring(p: Polygon) -> tuple[tuple[float, float], ...]:
    """The outer ring of a zone, rounded to the millimetre, without repeated points."""
    out: list[tuple[float, float]] = []
    for x, y in list(p.exterior.coords)[:-1]:
        q = (round(float(x), 3), round(float(y), 3))
        if not out or q != out[-1]:
            out.append(q)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    return tuple(out)


def _into(region, x: float, y: float) -> tuple[float, float]:
    """(x, y), or the nearest point of ``region`` when it lies outside."""
    p = Point(x, y)
    if region.covers(p):
        return (x, y)
    q = ops.nearest_points(region, p)[0]
    return (float(q.x), float(q.y))


def _post_number(pid: str, layout: Layout, new: list[str]) -> int:
    """The number of a post to draw: the digits of its id, else the first number free."""
    m = re.search(r"(\d+)$", pid)
    if m:
        return int(m.group(1))
    used = {p.number for p in layout.posts()} | {int(m2.group(1)) for i in new if (m2 := re.search(r"(\d+)$", i))}
    n = 1
    while n in used:
        n += 1
    return n


def _resolve(
    layout: Layout, scenario: Any, ids: list[str], kinds: list[str], draw_posts: bool, immovable: tuple[str, ...]
) -> tuple[list[str], list[str]]:
    """(ids of the input's elements that may move, ids of the posts to draw); wrong names are
    usage errors naming the option."""
    _check_kinds(kinds, immovable)
    missing_posts = list(dict.fromkeys(s.post for s in scenario.staff if s.post and s.post not in layout))
    chosen: list[str] = []
    for i in ids:
        if i in layout:
            _check_movable(layout[i], immovable)
            chosen.append(i)
        elif not (draw_posts and i in missing_posts):
            raise UsageError(f"--movable: the layout has no element '{i}'{_hint(i, layout, missing_posts)}")
    chosen += [e.id for e in layout if _kind_of(e) in kinds and e.id not in chosen]
    new = missing_posts if draw_posts else []
    if not chosen and not new:
        raise UsageError(
            "nothing to move: name movable elements with --movable ID,... or --movable-kinds KIND,..."
            + (" (the scenario names no post the layout lacks)" if draw_posts else "")
        )
    return chosen, new


def _check_kinds(kinds: list[str], immovable: tuple[str, ...]) -> None:
    known = set(FIXTURE_KINDS) | set(OTHER_KINDS)
    for k in kinds:
        if k not in known:
            raise UsageError(f"--movable-kinds: unknown kind '{k}'; kinds are: {', '.join(sorted(known))}")
        if k in immovable:
            raise UsageError(f"--movable-kinds: {k} is immovable (--immovable-kinds {','.join(immovable)})")


def check_immovable(kinds: Iterable[str]) -> None:
    """``--immovable-kinds`` names kinds (a misspelt one would silently let that kind move)."""
    known = set(FIXTURE_KINDS) | set(OTHER_KINDS)
    for k in kinds:
        if k not in known:
            close = difflib.get_close_matches(k, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise UsageError(f"--immovable-kinds: unknown kind '{k}'{hint}; kinds are: {', '.join(sorted(known))}")


def _hint(i: str, layout: Layout, missing_posts: list[str]) -> str:
    if i in missing_posts:
        return " (add --draw-posts to draw the posts the scenario's staff stand at)"
    close = difflib.get_close_matches(i, layout.ids(), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _kind_of(e: Element) -> str | None:
    """The kind --movable-kinds names ``e`` by (None for what cannot move)."""
    if isinstance(e, Fixture):
        return e.fixture_kind
    if isinstance(e, SeatBlock):
        return "seat_block"
    return "post" if isinstance(e, Post) else None


def _check_movable(e: Element, immovable: tuple[str, ...]) -> None:
    if not isinstance(e, (Fixture, SeatBlock, Post)):
        raise UsageError(f"--movable: '{e.id}' is a {e.type}; suggest moves fixtures, seat blocks and post zones")
    if isinstance(e, Fixture) and e.fixture_kind in immovable:
        raise UsageError(
            f"--movable: '{e.id}' is a {e.fixture_kind.replace('_', ' ')}, which stays where it is "
            f"(--immovable-kinds {','.join(immovable)})"
        )
