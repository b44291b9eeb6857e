"""A short description of a layout: floor areas by kind, fixtures by kind, seats, posts."""

from __future__ import annotations

from collections import Counter

from .elements import Boundary, Fixture, Pillar, Wall
from .kinds import AREA_KINDS, FIXTURE_KINDS
from .layout import Layout


def describe_layout(layout: Layout) -> dict:
    """Plain data (JSON-ready) describing the layout, stably ordered."""
    b = layout.boundary
    floor = b.geometry.area if b is not None and b.geometry.is_valid else 0.0
    areas: dict[str, float] = {}
    for a in layout.areas():
        g = a.geometry
        areas[a.area_kind] = areas.get(a.area_kind, 0.0) + (g.area if g.is_valid else 0.0)
    fixtures = Counter(f.fixture_kind for f in layout.of_type(Fixture))
    blocks = layout.seat_blocks()
    return {
        "name": layout.meta.name_en or layout.meta.name_zh,
        "name_zh": layout.meta.name_zh,
        "variant": layout.meta.variant,
        "floor_m2": round(floor, 2),
        "areas_m2": {k: round(areas[k], 2) for k in AREA_KINDS if k in areas},
        "fixtures": {k: fixtures[k] for k in FIXTURE_KINDS if k in fixtures},
        "seat_blocks": len(blocks),
        "seats": sum(s.seat_count for s in blocks),
        "posts": [{"id": p.id, "number": p.number, "m2": round(p.geometry.area, 2)} for p in layout.posts()],
        "entrances": [e.id for e in layout.entrances()],
        "walls": len(layout.of_type(Wall)),
        "pillars": len(layout.of_type(Pillar)),
        "elements": len(layout),
        "boundary": b.id if isinstance(b, Boundary) else None,
    }


def format_description(d: dict, path: str = "") -> str:
    """``describe_layout``'s result as the text ``lobbysim info`` prints."""
    lines = [f"{path or d['name']}: {d['name']}" + (f" [{d['variant']}]" if d["variant"] else "")]
    if d["name_zh"]:
        lines.append(f"  {d['name_zh']}")
    lines.append(
        f"  floor: {d['floor_m2']:.1f} m2, {d['elements']} elements, {d['walls']} walls, {d['pillars']} pillars,"
        f" entrances: {', '.join(d['entrances']) or 'none'}"
    )
    if d["areas_m2"]:
        lines.append("  areas (m2):")
        for k, v in d["areas_m2"].items():
            info = AREA_KINDS[k]
            lines.append(f"    {info.en:<28} {info.zh:<8} {v:8.1f}")
    if d["fixtures"]:
        lines.append("  fixtures:")
        for k, n in d["fixtures"].items():
            fk = FIXTURE_KINDS[k]
            lines.append(f"    {fk.en:<28} {fk.zh:<8} {n:8d}")
    lines.append(f"  seats: {d['seats']} in {d['seat_blocks']} block(s)")
    if d["posts"]:
        lines.append("  posts: " + ", ".join(f"{p['number']} ({p['id']}, {p['m2']:.1f} m2)" for p in d["posts"]))
    else:
        lines.append("  posts: none")
    return "\n".join(lines)
