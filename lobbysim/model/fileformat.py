"""The ``*.lobby.json`` file format.

::

    {
      "format": "lobbysim.layout",
      "version": 1,
      "meta": {"name_zh": ..., "name_en": ..., "branch": ..., "variant": ..., "notes": ...},
      "elements": [{"id": ..., "type": "boundary" | "wall" | ..., ...}, ...]
    }

Keys are written in a fixed order and coordinates rounded to the millimetre, so that a
file written by lobbysim reads back and writes out to the same bytes, and a moved fixture
shows as one changed line in a diff. The JSON Schema is ``lobbysim/schema/lobby.schema.json``.
A file of an older version is upgraded by the functions in ``MIGRATIONS``; a newer
version is refused with a clear message.

Reading is strict: an unknown key (at the top, in ``meta`` or in an element) is an error that
suggests the nearest known key, and every field's JSON type is checked, so a misspelt
``"fixture_knd"`` is reported instead of silently falling back to a default. Documented limits
refuse, while reading, what no lobby needs and what would make the geometry explode: at most
``MAX_ELEMENTS`` elements, ``MAX_POINTS`` points per polygon or wall, ``MAX_SEATS`` seats,
coordinates within ±``Reader.MAX_COORD`` m, plus each field's own range (a seat block has at
most 100 rows of 200 seats, a fixture is at most 100 m wide ...).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from .elements import (
    Area,
    Boundary,
    Element,
    Entrance,
    Fixture,
    Pillar,
    Post,
    Pt,
    SeatBlock,
    Wall,
)
from .jsonio import Reader, atomic_write_text, dumps_pretty, json_type, read_json, short
from .kinds import AREA_KINDS, FIXTURE_KINDS
from .layout import Layout, LayoutMeta

FORMAT = "lobbysim.layout"
VERSION = 1

#: the keys of a layout document, of its ``meta`` object, and of every element
TOP_KEYS = ("format", "version", "meta", "elements")
META_KEYS = ("name_zh", "name_en", "branch", "variant", "notes")
COMMON_KEYS = ("id", "type", "name_zh", "name_en")
#: the keys of each element type besides the common ones, in the order they are written
ELEMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "boundary": ("polygon",),
    "wall": ("points", "thickness"),
    "pillar": ("polygon",),
    "entrance": ("a", "b", "direction"),
    "area": ("area_kind", "polygon"),
    "post": ("number", "polygon"),
    "fixture": (
        "fixture_kind",
        "x",
        "y",
        "rotation",
        "width",
        "depth",
        "service_offset",
        "staff_offset",
        "blocks_sight",
    ),
    "seat_block": ("x", "y", "rotation", "rows", "seats_per_row", "seat_width", "row_pitch", "bench_depth"),
}

# Limits: a document beyond them is refused when it is read, before anything is computed from
# it (a lobby has hundreds of elements; the editor is measured with 10,000).
#: elements in one layout
MAX_ELEMENTS = 20_000
#: points of one polygon or wall
MAX_POINTS = 10_000
#: seats in all the seat blocks of a layout
MAX_SEATS = 20_000
#: characters of an element id
MAX_ID = 200

#: version -> function that turns a document of that version into one of version + 1
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


def _mm(v: float) -> float:
    return round(float(v), 3) + 0.0  # + 0.0 turns -0.0 into 0.0


def _pt(p: Sequence[float]) -> list[float]:
    return [_mm(p[0]), _mm(p[1])]


def element_to_dict(e: Element) -> dict:
    """The JSON object of one element as the file stores it (coordinates rounded to the millimetre,
    keys in a fixed order, optional fields only when set)."""
    d: dict = {"id": e.id, "type": e.type}
    if e.name_zh:
        d["name_zh"] = e.name_zh
    if e.name_en:
        d["name_en"] = e.name_en
    if isinstance(e, Area):
        d["area_kind"] = e.area_kind
    if isinstance(e, Post):
        d["number"] = e.number
    if isinstance(e, (Boundary, Pillar, Area, Post)):
        d["polygon"] = [_pt(p) for p in e.polygon]
    elif isinstance(e, Wall):
        d["points"] = [_pt(p) for p in e.points]
        d["thickness"] = _mm(e.thickness)
    elif isinstance(e, Entrance):
        d.update(a=_pt(e.a), b=_pt(e.b), direction=e.direction)
    elif isinstance(e, Fixture):
        _fixture_fields(e, d)
    elif isinstance(e, SeatBlock):
        _seat_block_fields(e, d)
    return d


def _fixture_fields(e: Fixture, d: dict) -> None:
    d.update(fixture_kind=e.fixture_kind, x=_mm(e.x), y=_mm(e.y), rotation=_mm(e.rotation))
    if e.width:
        d["width"] = _mm(e.width)
    if e.depth:
        d["depth"] = _mm(e.depth)
    if e.service_offset is not None:
        d["service_offset"] = _pt(e.service_offset)
    if e.staff_offset is not None:
        d["staff_offset"] = _pt(e.staff_offset)
    if e.blocks_sight is not None:
        d["blocks_sight"] = e.blocks_sight


def _seat_block_fields(e: SeatBlock, d: dict) -> None:
    d.update(x=_mm(e.x), y=_mm(e.y), rotation=_mm(e.rotation), rows=e.rows, seats_per_row=e.seats_per_row)
    d.update(seat_width=_mm(e.seat_width), row_pitch=_mm(e.row_pitch), bench_depth=_mm(e.bench_depth))


def layout_to_dict(layout: Layout) -> dict:
    """The whole ``*.lobby.json`` document of ``layout`` (format, version, meta, elements)."""
    m = layout.meta
    meta = {"name_zh": m.name_zh, "name_en": m.name_en, "branch": m.branch, "variant": m.variant, "notes": m.notes}
    return {"format": FORMAT, "version": VERSION, "meta": meta, "elements": [element_to_dict(e) for e in layout]}


def dumps_layout(layout: Layout) -> str:
    """The text ``save_layout`` writes: the document, pretty-printed so that one moved element is one
    changed line."""
    return dumps_pretty(layout_to_dict(layout))


def save_layout(layout: Layout, path: str | os.PathLike) -> None:
    """Write the layout atomically (the previous file survives any failure)."""
    atomic_write_text(path, dumps_layout(layout))


def load_layout(path: str | os.PathLike) -> Layout:
    """Read a ``*.lobby.json`` file; any problem is a one-line LobbysimError naming the file."""
    doc = read_json(path, what="lobbysim layout")
    return layout_from_dict(doc, path=str(path))


def layout_from_dict(doc: object, path: str | None = None) -> Layout:
    """The layout of a parsed document. Strict: an unknown key anywhere is an error with a
    "did you mean" suggestion, every field's JSON type is checked, and the limits above hold."""
    r = Reader(path)
    doc = _upgraded(doc, r)
    r.keys(doc, TOP_KEYS, None)
    meta_d = r.obj(doc, "meta", None, allowed=META_KEYS)
    meta = LayoutMeta(*(r.string(meta_d, k, "meta", "") for k in META_KEYS))
    els = r.lst(doc, "elements", None, required=True)
    if len(els) > MAX_ELEMENTS:
        r.fail(f"has {len(els)} elements; a layout has at most {MAX_ELEMENTS}")
    elements: list[Element] = []
    seen: dict[str, int] = {}
    seats = 0
    for i, ed in enumerate(els):
        e = element_from_dict(ed, r, i)
        if e.id in seen:
            r.fail(f"duplicate id: elements {seen[e.id] + 1} and {i + 1} are both called '{e.id}'", e.id)
        seen[e.id] = i
        if isinstance(e, SeatBlock):
            seats += e.seat_count
            if seats > MAX_SEATS:
                r.fail(f"the layout has more than {MAX_SEATS} seats", e.id)
        elements.append(e)
    return Layout(elements, meta)


def _upgraded(doc: object, r: Reader) -> dict:
    """The document as the current version, after checking its format name and version."""
    if not isinstance(doc, dict):
        r.fail(f"is not a lobbysim layout (the top level is {json_type(doc)}, expected an object)")
    fmt = doc.get("format")
    if fmt != FORMAT:
        r.fail(f'is not a lobbysim layout (format is {short(fmt)}, expected "{FORMAT}")')
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        r.fail(f"field 'version' must be a whole number, got {short(version)}")
    if version > VERSION:
        r.fail(
            f"was written by a newer lobbysim (layout format version {version}; "
            f"this lobbysim reads up to version {VERSION}); please upgrade lobbysim"
        )
    while version < VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            r.fail(f"has unknown layout format version {version} (this lobbysim reads versions 1 to {VERSION})")
        doc = migrate(doc)
        version += 1
    return doc


def element_from_dict(d: object, r: Reader, index: int = 0) -> Element:
    """One element of the ``elements`` list (``index`` counts from 0, for messages)."""
    if not isinstance(d, dict):
        r.fail(f"element {index + 1} must be an object, got {json_type(d)}")
    el_id = d.get("id")
    if not isinstance(el_id, str) or not el_id.strip():
        r.fail(f"element {index + 1} has no id (a non-empty text)")
    if len(el_id) > MAX_ID:
        r.fail(f"element {index + 1} has an id longer than {MAX_ID} characters")
    t = d.get("type")
    if not isinstance(t, str) or t not in ELEMENT_FIELDS:
        r.fail(f"unknown element type {short(t)} (expected one of: {', '.join(ELEMENT_FIELDS)})", el_id)
    r.keys(d, COMMON_KEYS + ELEMENT_FIELDS[t], el_id)
    common = {"id": el_id, "name_zh": r.string(d, "name_zh", el_id, ""), "name_en": r.string(d, "name_en", el_id, "")}
    return _READERS[t](d, r, el_id, common)


def _polygon(d: dict, r: Reader, el: str) -> tuple[Pt, ...]:
    return r.points(d, "polygon", el, 3, max_len=MAX_POINTS)


def _read_boundary(d: dict, r: Reader, el: str, common: dict) -> Element:
    return Boundary(**common, polygon=_polygon(d, r, el))


def _read_pillar(d: dict, r: Reader, el: str, common: dict) -> Element:
    return Pillar(**common, polygon=_polygon(d, r, el))


def _read_area(d: dict, r: Reader, el: str, common: dict) -> Element:
    kind = r.choice(d, "area_kind", el, tuple(AREA_KINDS), "user")
    return Area(**common, polygon=_polygon(d, r, el), area_kind=kind)


def _read_post(d: dict, r: Reader, el: str, common: dict) -> Element:
    number = int(r.number(d, "number", el, integer=True, min=1, max=99))
    return Post(**common, polygon=_polygon(d, r, el), number=number)


def _read_wall(d: dict, r: Reader, el: str, common: dict) -> Element:
    pts = r.points(d, "points", el, 2, max_len=MAX_POINTS)
    return Wall(**common, points=pts, thickness=r.number(d, "thickness", el, default=0.2, positive=True, max=5))


def _read_entrance(d: dict, r: Reader, el: str, common: dict) -> Element:
    a, b = (r.point(d[k] if k in d else r.fail(f"field '{k}' is missing", el), k, el) for k in ("a", "b"))
    return Entrance(**common, a=a, b=b, direction=r.choice(d, "direction", el, ("both", "in", "out"), "both"))


def _placement(d: dict, r: Reader, el: str) -> dict[str, Any]:
    """The fields x, y and rotation of a fixture or seat block."""
    x, y = (r.coord(d[k] if k in d else r.fail(f"field '{k}' is missing", el), k, el) for k in ("x", "y"))
    return {"x": x, "y": y, "rotation": r.number(d, "rotation", el, default=0.0, min=-3600, max=3600)}


def _offset(d: dict, r: Reader, el: str, key: str) -> Pt | None:
    return None if d.get(key) is None else r.point(d[key], key, el)


def _read_fixture(d: dict, r: Reader, el: str, common: dict) -> Element:
    return Fixture(
        **common,
        **_placement(d, r, el),
        fixture_kind=r.choice(d, "fixture_kind", el, tuple(FIXTURE_KINDS)),
        width=r.number(d, "width", el, default=0.0, min=0, max=100),
        depth=r.number(d, "depth", el, default=0.0, min=0, max=100),
        service_offset=_offset(d, r, el, "service_offset"),
        staff_offset=_offset(d, r, el, "staff_offset"),
        blocks_sight=r.boolean(d, "blocks_sight", el),
    )


def _read_seat_block(d: dict, r: Reader, el: str, common: dict) -> Element:
    return SeatBlock(
        **common,
        **_placement(d, r, el),
        rows=int(r.number(d, "rows", el, integer=True, min=1, max=100)),
        seats_per_row=int(r.number(d, "seats_per_row", el, integer=True, min=1, max=200)),
        seat_width=r.number(d, "seat_width", el, default=0.55, positive=True, max=5),
        row_pitch=r.number(d, "row_pitch", el, default=1.4, positive=True, max=10),
        bench_depth=r.number(d, "bench_depth", el, default=0.5, positive=True, max=5),
    )


_READERS: dict[str, Callable[[dict, Reader, str, dict], Element]] = {
    "boundary": _read_boundary,
    "wall": _read_wall,
    "pillar": _read_pillar,
    "entrance": _read_entrance,
    "area": _read_area,
    "post": _read_post,
    "fixture": _read_fixture,
    "seat_block": _read_seat_block,
}
