"""The elements of a lobby floor plan, as immutable values.

Coordinates are metres in a plan frame (x east, y north). Every element has a stable
``id`` (kept across versions of a layout so that before/after can be matched), a
Chinese and an English name, and shapely geometry derived from its fields. Elements
are frozen: an edit replaces an element by a new value (see ``commands``), which makes
undo exact and lets geometry caches key on the value itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any, ClassVar

from shapely import affinity
from shapely.geometry import LineString, MultiPolygon, Polygon, box
from shapely.ops import unary_union

from .kinds import AREA_KINDS, FIXTURE_KINDS, SEAT_BLOCK, AreaKind, FixtureKind

Pt = tuple[float, float]


def _translate_pts(pts: tuple[Pt, ...], dx: float, dy: float) -> tuple[Pt, ...]:
    return tuple((x + dx, y + dy) for x, y in pts)


def _rotate_pts(pts: tuple[Pt, ...], angle_deg: float, origin: Pt) -> tuple[Pt, ...]:
    a = math.radians(angle_deg)
    c, s = math.cos(a), math.sin(a)
    ox, oy = origin
    return tuple((ox + c * (x - ox) - s * (y - oy), oy + s * (x - ox) + c * (y - oy)) for x, y in pts)


@dataclass(frozen=True, slots=True)
class Element:
    """What every element has: a stable id and a Chinese and an English name (see the module)."""

    id: str
    name_zh: str = ""
    name_en: str = ""

    type: ClassVar[str] = "element"

    @property
    def label(self) -> str:
        """The English name, else the Chinese one, else the id."""
        return self.name_en or self.name_zh or self.id

    def label_for(self, lang: str) -> str:
        """The element's name in ``lang`` ('zh', 'en' or 'both'), falling back to the other."""
        if lang == "zh":
            return self.name_zh or self.name_en or self.id
        if lang == "both":
            if self.name_zh and self.name_en:
                return f"{self.name_zh} {self.name_en}"
            return self.name_zh or self.name_en or self.id
        return self.name_en or self.name_zh or self.id

    @property
    def geometry(self) -> Any:  # pragma: no cover - every subclass overrides (a shapely geometry)
        """The element's shape in plan coordinates (a shapely geometry, computed from the fields)."""
        raise NotImplementedError

    def translated(self, dx: float, dy: float) -> Element:  # pragma: no cover
        """A copy moved by (dx, dy) metres (same id)."""
        raise NotImplementedError

    def rotated(self, angle_deg: float, origin: Pt | None = None) -> Element:  # pragma: no cover
        """A copy rotated by ``angle_deg`` counter-clockwise about ``origin`` (default: its anchor)."""
        raise NotImplementedError

    def anchor(self) -> Pt:
        """A representative point (for labels, rotation origin)."""
        c = self.geometry.centroid
        return (c.x, c.y)


@dataclass(frozen=True, slots=True)
class _PolygonElement(Element):
    polygon: tuple[Pt, ...] = ()

    @property
    def geometry(self) -> Polygon:
        return _polygon(self.polygon)

    def translated(self, dx: float, dy: float) -> _PolygonElement:
        return replace(self, polygon=_translate_pts(self.polygon, dx, dy))

    def rotated(self, angle_deg: float, origin: Pt | None = None) -> _PolygonElement:
        return replace(self, polygon=_rotate_pts(self.polygon, angle_deg, origin or self.anchor()))


@lru_cache(maxsize=1 << 14)
def _polygon(pts: tuple[Pt, ...]) -> Polygon:
    return Polygon(pts) if len(pts) >= 3 else Polygon()


@dataclass(frozen=True, slots=True)
class Boundary(_PolygonElement):
    """The outer walls of the branch: the floor is inside this polygon."""

    type: ClassVar[str] = "boundary"


@dataclass(frozen=True, slots=True)
class Pillar(_PolygonElement):
    """A structural column: an obstacle that blocks sight."""

    type: ClassVar[str] = "pillar"


@dataclass(frozen=True, slots=True)
class Area(_PolygonElement):
    """A functional area of the lobby (waiting area, cash area, wealth room ...)."""

    area_kind: str = "user"

    type: ClassVar[str] = "area"

    @property
    def kind_info(self) -> AreaKind:
        """The area kind's labels and colour (an unknown kind reads as 'user')."""
        return AREA_KINDS.get(self.area_kind, AREA_KINDS["user"])


@dataclass(frozen=True, slots=True)
class Post(_PolygonElement):
    """Lobby post/zone N (厅堂N号): the floor one lobby staff member is responsible for."""

    number: int = 1

    type: ClassVar[str] = "post"


@dataclass(frozen=True, slots=True)
class Wall(Element):
    """An interior wall: a polyline with a thickness. Blocks walking and sight."""

    points: tuple[Pt, ...] = ()
    thickness: float = 0.2

    type: ClassVar[str] = "wall"

    @property
    def geometry(self) -> Polygon:
        return _wall_polygon(self.points, self.thickness)

    @property
    def centerline(self) -> LineString:
        """The wall's polyline, without its thickness."""
        return LineString(self.points)

    def translated(self, dx: float, dy: float) -> Wall:
        return replace(self, points=_translate_pts(self.points, dx, dy))

    def rotated(self, angle_deg: float, origin: Pt | None = None) -> Wall:
        return replace(self, points=_rotate_pts(self.points, angle_deg, origin or self.anchor()))


@lru_cache(maxsize=1 << 14)
def _wall_polygon(pts: tuple[Pt, ...], thickness: float) -> Polygon:
    if len(pts) < 2:
        return Polygon()
    return LineString(pts).buffer(thickness / 2, cap_style="flat", join_style="mitre")


@dataclass(frozen=True, slots=True)
class Entrance(Element):
    """A door segment on the boundary (or on a wall) through which customers enter and leave."""

    a: Pt = (0.0, 0.0)
    b: Pt = (1.0, 0.0)
    #: 'both', 'in' or 'out'
    direction: str = "both"

    type: ClassVar[str] = "entrance"

    @property
    def geometry(self) -> LineString:
        return LineString([self.a, self.b])

    @property
    def midpoint(self) -> Pt:
        """The middle of the door segment (where walking paths start and end)."""
        return ((self.a[0] + self.b[0]) / 2, (self.a[1] + self.b[1]) / 2)

    def translated(self, dx: float, dy: float) -> Entrance:
        return replace(self, a=(self.a[0] + dx, self.a[1] + dy), b=(self.b[0] + dx, self.b[1] + dy))

    def rotated(self, angle_deg: float, origin: Pt | None = None) -> Entrance:
        a, b = _rotate_pts((self.a, self.b), angle_deg, origin or self.midpoint)
        return replace(self, a=a, b=b)


@dataclass(frozen=True, slots=True)
class _Placed(Element):
    """Something placed at a position with a rotation (local +y is its front)."""

    x: float = 0.0
    y: float = 0.0
    rotation: float = 0.0  # degrees, counter-clockwise

    def to_world(self, lx: float, ly: float) -> Pt:
        a = math.radians(self.rotation)
        c, s = math.cos(a), math.sin(a)
        return (self.x + c * lx - s * ly, self.y + s * lx + c * ly)

    def translated(self, dx: float, dy: float) -> _Placed:
        return replace(self, x=self.x + dx, y=self.y + dy)

    def rotated(self, angle_deg: float, origin: Pt | None = None) -> _Placed:
        ox, oy = origin or (self.x, self.y)
        ((nx, ny),) = _rotate_pts(((self.x, self.y),), angle_deg, (ox, oy))
        return replace(self, x=nx, y=ny, rotation=(self.rotation + angle_deg) % 360.0)

    def anchor(self) -> Pt:
        return (self.x, self.y)


@dataclass(frozen=True, slots=True)
class Fixture(_Placed):
    """A counter, machine, desk or other piece of furniture.

    ``width``/``depth`` default to the kind's size; ``service_offset`` and
    ``staff_offset`` (local coordinates, None = the kind's default) say where the
    customer and the staff member stand. ``blocks_sight`` None means the kind's default.
    """

    fixture_kind: str = "other"
    width: float = 0.0
    depth: float = 0.0
    service_offset: Pt | None = None
    staff_offset: Pt | None = None
    blocks_sight: bool | None = None

    type: ClassVar[str] = "fixture"

    @property
    def kind_info(self) -> FixtureKind:
        """The fixture kind's defaults (an unknown kind reads as 'other')."""
        return FIXTURE_KINDS.get(self.fixture_kind, FIXTURE_KINDS["other"])

    @property
    def size(self) -> tuple[float, float]:
        """(width, depth) in metres: the fixture's own, or its kind's where it has none."""
        k = self.kind_info
        return (self.width or k.width, self.depth or k.depth)

    @property
    def is_obstacle(self) -> bool:
        """Whether people walk around it (its kind says)."""
        return self.kind_info.obstacle

    @property
    def sight_blocking(self) -> bool:
        """Whether it blocks sightlines: its own ``blocks_sight``, else its kind's default."""
        return self.kind_info.blocks_sight if self.blocks_sight is None else self.blocks_sight

    @property
    def geometry(self) -> Polygon:
        return _rect(self.x, self.y, *self.size, self.rotation)

    footprint = geometry

    def _offset(self, own: Pt | None, default: Pt | None) -> Pt | None:
        off = own if own is not None else default
        if off is None:
            return None
        if own is None:
            # defaults scale with the fixture's depth (a deeper counter puts people further out)
            k = self.kind_info
            w, d = self.size
            ox, oy = off
            if oy > 0:
                oy = oy - k.depth / 2 + d / 2
            elif oy < 0:
                oy = oy + k.depth / 2 - d / 2
            if abs(ox) > 0:
                ox = ox - math.copysign(k.width / 2, ox) + math.copysign(w / 2, ox)
            off = (ox, oy)
        return self.to_world(*off)

    @property
    def service_point(self) -> Pt | None:
        """Where the customer stands to be served, in plan coordinates (None: nobody is served here)."""
        return self._offset(self.service_offset, self.kind_info.service_offset)

    @property
    def staff_point(self) -> Pt | None:
        """Where the staff member works, in plan coordinates (None: unstaffed)."""
        return self._offset(self.staff_offset, self.kind_info.staff_offset)


@lru_cache(maxsize=1 << 16)
def _rect(x: float, y: float, w: float, d: float, rot: float) -> Polygon:
    r = box(-w / 2, -d / 2, w / 2, d / 2)
    if rot:
        r = affinity.rotate(r, rot, origin=(0, 0))
    return affinity.translate(r, x, y)


@dataclass(frozen=True, slots=True)
class SeatBlock(_Placed):
    """Rows of waiting seats (座椅). Each row is a bench (an obstacle that does not
    block sight); each seat is reached from the aisle in front of its row (local +y)."""

    rows: int = 1
    seats_per_row: int = 4
    seat_width: float = 0.55
    row_pitch: float = 1.4
    bench_depth: float = 0.5

    type: ClassVar[str] = "seat_block"

    kind_info: ClassVar[FixtureKind] = SEAT_BLOCK
    fixture_kind: ClassVar[str] = "seat_block"
    is_obstacle: ClassVar[bool] = True
    sight_blocking: ClassVar[bool] = False

    @property
    def size(self) -> tuple[float, float]:
        """(width, depth) in metres of the block's benches, front bench to back bench."""
        return (self.seats_per_row * self.seat_width, (self.rows - 1) * self.row_pitch + self.bench_depth)

    def _row_y(self, r: int) -> float:
        """Local y of row r's bench centre; row 0 is the front row."""
        _, d = self.size
        return d / 2 - self.bench_depth / 2 - r * self.row_pitch

    @property
    def geometry(self) -> Polygon | MultiPolygon:
        return _seat_geometry(
            self.x,
            self.y,
            self.rotation,
            self.rows,
            self.seats_per_row,
            self.seat_width,
            self.row_pitch,
            self.bench_depth,
        )

    footprint = geometry

    @property
    def seats(self) -> list[tuple[str, Pt]]:
        """(seat id, the point in the aisle in front of the seat) for every seat, front row first."""
        w, _ = self.size
        gap = max(self.row_pitch - self.bench_depth, 0.5)
        out = []
        for r in range(self.rows):
            ly = self._row_y(r) + self.bench_depth / 2 + gap / 2
            for s in range(self.seats_per_row):
                lx = -w / 2 + (s + 0.5) * self.seat_width
                out.append((f"{self.id}.r{r + 1}s{s + 1}", self.to_world(lx, ly)))
        return out

    @property
    def seat_count(self) -> int:
        """How many seats the block has."""
        return self.rows * self.seats_per_row


@lru_cache(maxsize=4096)
def _seat_geometry(
    x: float, y: float, rot: float, rows: int, per_row: int, seat_w: float, pitch: float, bench_d: float
) -> Polygon | MultiPolygon:
    w = per_row * seat_w
    d = (rows - 1) * pitch + bench_d
    benches = []
    for r in range(rows):
        cy = d / 2 - bench_d / 2 - r * pitch
        benches.append(box(-w / 2, cy - bench_d / 2, w / 2, cy + bench_d / 2))
    g = benches[0] if len(benches) == 1 else MultiPolygon(benches)
    if rot:
        g = affinity.rotate(g, rot, origin=(0, 0))
    return affinity.translate(g, x, y)


ELEMENT_CLASSES: dict[str, type[Element]] = {
    c.type: c for c in (Boundary, Wall, Pillar, Entrance, Area, Post, Fixture, SeatBlock)
}


def obstacles_union(elements: Iterable[Element]) -> Polygon | MultiPolygon:
    """Union of the walking obstacles among ``elements`` (walls, pillars, obstacle fixtures)."""
    geoms = [e.geometry for e in elements if is_obstacle(e)]
    return unary_union(geoms) if geoms else Polygon()


def is_obstacle(e: Element) -> bool:
    """Whether people walk around ``e``: walls, pillars, and fixtures and seat blocks whose kind says so."""
    if isinstance(e, (Wall, Pillar)):
        return True
    if isinstance(e, (Fixture, SeatBlock)):
        return bool(e.is_obstacle)
    return False


def blocks_sight(e: Element) -> bool:
    """Whether ``e`` blocks sightlines: walls, pillars, and fixtures whose setting or kind says so."""
    if isinstance(e, (Wall, Pillar)):
        return True
    if isinstance(e, (Fixture, SeatBlock)):
        return bool(e.sight_blocking)
    return False


__all__ = [
    "Element",
    "Boundary",
    "Wall",
    "Pillar",
    "Entrance",
    "Area",
    "Post",
    "Fixture",
    "SeatBlock",
    "ELEMENT_CLASSES",
    "Pt",
    "is_obstacle",
    "blocks_sight",
    "obstacles_union",
    "field",
]
