"""DXF import of walls and outlines (pure: ezdxf and the model, no Qt).

LINE, LWPOLYLINE, POLYLINE, ARC and CIRCLE entities of the chosen layers become walls
(polylines keep their vertices; arcs and circles are approximated by chords of at most
``arc_step_deg``). A closed polyline on the outline layer becomes the boundary. Drawing units
are converted to metres from $INSUNITS or the unit chosen by the consultant.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from lobbysim.errors import LobbysimError
from lobbysim.model.elements import Boundary, Wall

#: metres per drawing unit, by name and by DXF $INSUNITS code
UNITS = {"mm": 0.001, "cm": 0.01, "m": 1.0, "in": 0.0254, "ft": 0.3048}
INSUNITS = {1: "in", 2: "ft", 4: "mm", 5: "cm", 6: "m"}


@dataclass
class DxfImport:
    walls: list[Wall] = field(default_factory=list)
    boundary: Boundary | None = None
    skipped: dict[str, int] = field(default_factory=dict)  # entity type -> count not imported
    unit: str = "m"


def _read(path):
    import ezdxf

    try:
        return ezdxf.readfile(str(path))
    except IOError as exc:
        raise LobbysimError(f"cannot be read: {exc}", path=str(path)) from None
    except ezdxf.DXFStructureError as exc:
        raise LobbysimError(f"is not a valid DXF file: {exc}", path=str(path)) from None


def dxf_layers(path) -> list[str]:
    """Names of the layers that hold at least one line-like entity, sorted."""
    doc = _read(path)
    return sorted({e.dxf.layer for e in doc.modelspace()
                   if e.dxftype() in ("LINE", "LWPOLYLINE", "POLYLINE", "ARC", "CIRCLE")})


def drawing_unit(doc) -> str:
    code = int(doc.header.get("$INSUNITS", 0) or 0)
    return INSUNITS.get(code, "mm")  # unitless drawings of buildings are nearly always in millimetres


def _arc_points(cx, cy, r, a0, a1, step_deg) -> list[tuple[float, float]]:
    if a1 <= a0:
        a1 += 360.0
    n = max(1, math.ceil((a1 - a0) / step_deg))
    return [(cx + r * math.cos(math.radians(a0 + (a1 - a0) * i / n)),
             cy + r * math.sin(math.radians(a0 + (a1 - a0) * i / n))) for i in range(n + 1)]


def import_dxf(path, layers: list[str] | None = None, unit: str | None = None, outline_layer: str | None = None,
               wall_thickness: float = 0.2, arc_step_deg: float = 10.0, id_prefix: str = "dxf_wall") -> DxfImport:
    """Walls (and the boundary from a closed polyline on ``outline_layer``) from a DXF file."""
    doc = _read(path)
    unit = unit or drawing_unit(doc)
    if unit not in UNITS:
        raise LobbysimError(f"unknown unit '{unit}' (use one of {', '.join(UNITS)})", path=str(path))
    s = UNITS[unit]
    out = DxfImport(unit=unit)
    wanted = set(layers) if layers else None
    n = 0

    def pts_of(e) -> tuple[list[tuple[float, float]], bool]:
        t = e.dxftype()
        if t == "LINE":
            return [(e.dxf.start.x, e.dxf.start.y), (e.dxf.end.x, e.dxf.end.y)], False
        if t in ("LWPOLYLINE", "POLYLINE"):
            from ezdxf import path as ezpath

            p = ezpath.make_path(e)
            pts = [(v.x, v.y) for v in p.flattening(distance=0.01 / s)]
            return pts, bool(e.closed if t == "LWPOLYLINE" else e.is_closed)
        if t == "ARC":
            return _arc_points(e.dxf.center.x, e.dxf.center.y, e.dxf.radius, e.dxf.start_angle, e.dxf.end_angle,
                               arc_step_deg), False
        if t == "CIRCLE":
            return _arc_points(e.dxf.center.x, e.dxf.center.y, e.dxf.radius, 0.0, 360.0, arc_step_deg), True
        return [], False

    for e in doc.modelspace():
        t = e.dxftype()
        layer = e.dxf.layer
        if outline_layer is not None and layer == outline_layer and t in ("LWPOLYLINE", "POLYLINE"):
            pts, closed = pts_of(e)
            if closed and len(pts) >= 3 and out.boundary is None:
                ring = [(round(x * s, 4), round(y * s, 4)) for x, y in pts]
                if ring[0] == ring[-1]:
                    ring = ring[:-1]
                out.boundary = Boundary(id="boundary", polygon=tuple(ring))
                continue
        if wanted is not None and layer not in wanted:
            continue
        pts, closed = pts_of(e)
        if len(pts) < 2:
            out.skipped[t] = out.skipped.get(t, 0) + 1
            continue
        pts = [(round(x * s, 4), round(y * s, 4)) for x, y in pts]
        if closed and pts[0] != pts[-1]:
            pts.append(pts[0])
        dedup = [pts[0]] + [p for a, p in zip(pts, pts[1:]) if p != a]
        if len(dedup) < 2:
            continue
        n += 1
        out.walls.append(Wall(id=f"{id_prefix}{n}", points=tuple(dedup), thickness=wall_thickness))
    return out


def import_dxf_file_name(path) -> str:
    return Path(path).name
