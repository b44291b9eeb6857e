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
"""

from __future__ import annotations

import os
from collections.abc import Callable

from lobbysim.errors import FormatError

from .elements import (
    ELEMENT_CLASSES,
    Area,
    Boundary,
    Element,
    Entrance,
    Fixture,
    Pillar,
    Post,
    SeatBlock,
    Wall,
)
from .jsonio import Reader, atomic_write_text, dumps_pretty, json_type, read_json, short
from .kinds import AREA_KINDS, FIXTURE_KINDS
from .layout import Layout, LayoutMeta

FORMAT = "lobbysim.layout"
VERSION = 1

#: version -> function that turns a document of that version into one of version + 1
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}


def _mm(v: float) -> float:
    return round(float(v), 3) + 0.0  # + 0.0 turns -0.0 into 0.0


def _pt(p) -> list[float]:
    return [_mm(p[0]), _mm(p[1])]


def element_to_dict(e: Element) -> dict:
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
        d["a"] = _pt(e.a)
        d["b"] = _pt(e.b)
        d["direction"] = e.direction
    elif isinstance(e, Fixture):
        d["fixture_kind"] = e.fixture_kind
        d["x"], d["y"] = _mm(e.x), _mm(e.y)
        d["rotation"] = _mm(e.rotation)
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
    elif isinstance(e, SeatBlock):
        d["x"], d["y"] = _mm(e.x), _mm(e.y)
        d["rotation"] = _mm(e.rotation)
        d["rows"] = e.rows
        d["seats_per_row"] = e.seats_per_row
        d["seat_width"] = _mm(e.seat_width)
        d["row_pitch"] = _mm(e.row_pitch)
        d["bench_depth"] = _mm(e.bench_depth)
    return d


def layout_to_dict(layout: Layout) -> dict:
    m = layout.meta
    meta = {"name_zh": m.name_zh, "name_en": m.name_en, "branch": m.branch, "variant": m.variant, "notes": m.notes}
    return {"format": FORMAT, "version": VERSION, "meta": meta, "elements": [element_to_dict(e) for e in layout]}


def dumps_layout(layout: Layout) -> str:
    return dumps_pretty(layout_to_dict(layout))


def save_layout(layout: Layout, path: str | os.PathLike) -> None:
    """Write the layout atomically (the previous file survives any failure)."""
    atomic_write_text(path, dumps_layout(layout))


def load_layout(path: str | os.PathLike) -> Layout:
    """Read a ``*.lobby.json`` file; any problem is a one-line LobbysimError naming the file."""
    doc = read_json(path, what="lobbysim layout")
    return layout_from_dict(doc, path=str(path))


def layout_from_dict(doc, path: str | None = None) -> Layout:
    r = Reader(path)
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
    meta_d = doc.get("meta", {})
    if not isinstance(meta_d, dict):
        r.fail(f"field 'meta' must be an object, got {json_type(meta_d)}")
    meta = LayoutMeta(*(r.string(meta_d, k, None, "") for k in ("name_zh", "name_en", "branch", "variant", "notes")))
    els = doc.get("elements")
    if not isinstance(els, list):
        r.fail(f"field 'elements' must be a list, got {json_type(els)}")
    elements: list[Element] = []
    seen: dict[str, int] = {}
    for i, ed in enumerate(els):
        e = element_from_dict(ed, r, i)
        if e.id in seen:
            r.fail(f"duplicate id: elements {seen[e.id] + 1} and {i + 1} are both called '{e.id}'", e.id)
        seen[e.id] = i
        elements.append(e)
    return Layout(elements, meta)


def element_from_dict(d, r: Reader, index: int = 0) -> Element:
    if not isinstance(d, dict):
        r.fail(f"element {index + 1} must be an object, got {json_type(d)}")
    el_id = d.get("id")
    if not isinstance(el_id, str) or not el_id.strip():
        r.fail(f"element {index + 1} has no id (a non-empty text)")
    if len(el_id) > 200:
        r.fail(f"element {index + 1} has an id longer than 200 characters")
    t = d.get("type")
    if t not in ELEMENT_CLASSES:
        r.fail(f"unknown element type {short(t)} (expected one of: {', '.join(ELEMENT_CLASSES)})", el_id)
    common = dict(id=el_id, name_zh=r.string(d, "name_zh", el_id, ""), name_en=r.string(d, "name_en", el_id, ""))
    if t in ("boundary", "pillar", "area", "post"):
        poly = r.points(d, "polygon", el_id, 3)
        if t == "boundary":
            return Boundary(**common, polygon=poly)
        if t == "pillar":
            return Pillar(**common, polygon=poly)
        if t == "area":
            kind = r.choice(d, "area_kind", el_id, tuple(AREA_KINDS), "user")
            return Area(**common, polygon=poly, area_kind=kind)
        number = r.number(d, "number", el_id, integer=True, min=1, max=99)
        return Post(**common, polygon=poly, number=number)
    if t == "wall":
        pts = r.points(d, "points", el_id, 2)
        return Wall(**common, points=pts, thickness=r.number(d, "thickness", el_id, default=0.2, positive=True, max=5))
    if t == "entrance":
        return Entrance(
            **common,
            a=r.point(d.get("a"), "a", el_id),
            b=r.point(d.get("b"), "b", el_id),
            direction=r.choice(d, "direction", el_id, ("both", "in", "out"), "both"),
        )
    x = r.coord(d.get("x", 0.0) if "x" in d else r.fail("field 'x' is missing", el_id), "x", el_id)
    y = r.coord(d.get("y", 0.0) if "y" in d else r.fail("field 'y' is missing", el_id), "y", el_id)
    rot = r.number(d, "rotation", el_id, default=0.0, min=-3600, max=3600)
    if t == "fixture":
        kind = r.choice(d, "fixture_kind", el_id, tuple(FIXTURE_KINDS))
        opt = {}
        for key in ("service_offset", "staff_offset"):
            if d.get(key) is not None:
                opt[key] = r.point(d[key], key, el_id)
        return Fixture(
            **common,
            x=x,
            y=y,
            rotation=rot,
            fixture_kind=kind,
            width=r.number(d, "width", el_id, default=0.0, min=0, max=100),
            depth=r.number(d, "depth", el_id, default=0.0, min=0, max=100),
            blocks_sight=r.boolean(d, "blocks_sight", el_id),
            **opt,
        )
    return SeatBlock(
        **common,
        x=x,
        y=y,
        rotation=rot,
        rows=r.number(d, "rows", el_id, integer=True, min=1, max=100),
        seats_per_row=r.number(d, "seats_per_row", el_id, integer=True, min=1, max=200),
        seat_width=r.number(d, "seat_width", el_id, default=0.55, positive=True, max=5),
        row_pitch=r.number(d, "row_pitch", el_id, default=1.4, positive=True, max=10),
        bench_depth=r.number(d, "bench_depth", el_id, default=0.5, positive=True, max=5),
    )


def check_format_error(exc: FormatError) -> str:  # pragma: no cover - convenience for callers
    return str(exc)
