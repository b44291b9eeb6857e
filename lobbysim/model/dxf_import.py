"""DXF import (ezdxf): walls and outlines from a consultant's CAD drawing, no Qt.

Lines, polylines (light and heavy), arcs and circles on the chosen layers become walls; a
closed polyline on the chosen outline layer becomes the boundary. Arcs and circles are
approximated by segments of at most ``max_arc_step_deg`` degrees. Drawing units are
converted to metres (``units``: 'mm', 'cm', 'm', or 'auto' from the file's $INSUNITS).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lobbysim.errors import FileReadError

from .elements import Boundary, Wall

UNIT_SCALE = {"mm": 0.001, "cm": 0.01, "m": 1.0, "in": 0.0254, "ft": 0.3048}
_INSUNITS = {1: "in", 2: "ft", 4: "mm", 5: "cm", 6: "m"}


@dataclass
class DxfImport:
    walls: list = field(default_factory=list)
    boundary: Boundary | None = None
    layers: list[str] = field(default_factory=list)
    skipped: int = 0
    scale: float = 1.0


def dxf_layers(path) -> list[str]:
    doc = _read(path)
    return sorted({e.dxf.layer for e in doc.modelspace()})


def _read(path):
    import ezdxf

    try:
        return ezdxf.readfile(str(path))
    except OSError:
        raise FileReadError("cannot be read", path=str(path)) from None
    except ezdxf.DXFStructureError as exc:
        raise FileReadError(f"is not a valid DXF file ({exc})", path=str(path)) from None


def import_dxf(
    path,
    *,
    wall_layers=None,
    outline_layer=None,
    units: str = "auto",
    thickness: float = 0.2,
    max_arc_step_deg: float = 10.0,
    id_prefix: str = "dxf",
) -> DxfImport:
    doc = _read(path)
    if units == "auto":
        units = _INSUNITS.get(int(doc.header.get("$INSUNITS", 6) or 6), "m")
    if units not in UNIT_SCALE:
        raise FileReadError(f"unknown units '{units}' (use mm, cm, m, in, ft or auto)", path=str(path))
    k = UNIT_SCALE[units]
    msp = doc.modelspace()
    layers = sorted({e.dxf.layer for e in msp})
    out = DxfImport(layers=layers, scale=k)
    n = 0

    def pt(v):
        return (round(float(v[0]) * k, 4), round(float(v[1]) * k, 4))

    def arc_points(cx, cy, r, a0, a1):
        if a1 <= a0:
            a1 += 360.0
        steps = max(1, int(math.ceil((a1 - a0) / max_arc_step_deg)))
        return [
            (
                (cx + r * math.cos(math.radians(a0 + (a1 - a0) * i / steps))) * k,
                (cy + r * math.sin(math.radians(a0 + (a1 - a0) * i / steps))) * k,
            )
            for i in range(steps + 1)
        ]

    for e in msp:
        layer = e.dxf.layer
        t = e.dxftype()
        pts, closed = None, False
        if t == "LINE":
            pts = [pt(e.dxf.start), pt(e.dxf.end)]
        elif t == "LWPOLYLINE":
            pts = [pt(p) for p in e.get_points("xy")]
            closed = bool(e.closed)
        elif t == "POLYLINE":
            pts = [pt(v.dxf.location) for v in e.vertices]
            closed = bool(e.is_closed)
        elif t == "ARC":
            c = e.dxf.center
            pts = arc_points(c[0], c[1], e.dxf.radius, e.dxf.start_angle, e.dxf.end_angle)
        elif t == "CIRCLE":
            c = e.dxf.center
            pts = arc_points(c[0], c[1], e.dxf.radius, 0.0, 360.0)
            closed = True
        else:
            out.skipped += 1
            continue
        if not pts or len(pts) < 2:
            out.skipped += 1
            continue
        if outline_layer is not None and layer == outline_layer and closed and len(pts) >= 3 and out.boundary is None:
            out.boundary = Boundary(f"{id_prefix}_boundary", polygon=tuple(pts))
            continue
        if wall_layers is None or layer in wall_layers:
            if closed:
                pts = pts + [pts[0]]
            n += 1
            out.walls.append(Wall(f"{id_prefix}_wall{n}", points=tuple(pts), thickness=thickness))
        else:
            out.skipped += 1
    return out
