"""DXF import (ezdxf): walls and outlines from a consultant's CAD drawing, no Qt.

Lines, polylines (light and heavy), arcs and circles on the chosen layers become walls; a
closed polyline on the chosen outline layer becomes the boundary. Arcs and circles are
approximated by segments of at most ``max_arc_step_deg`` degrees. Drawing units are
converted to metres (``units``: 'mm', 'cm', 'm', or 'auto' from the file's $INSUNITS).

Real drawings are messy: binary DXF, R12 files with data after EOF, duplicate or empty
handles, unnamed blocks and layers, broken sections. A file that ezdxf's normal reader
refuses is read again in ezdxf's recover mode (which repairs what it can, and says so in
``DxfImport.notes``); a file that neither can read is one :class:`FileReadError` naming the
file and the problem. An entity that cannot be turned into a wall (missing or non-finite
coordinates, zero length, too many points) is skipped and counted, never an exception.
ezdxf's own log lines go to this module's logger (the project's log), not to the console.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any

from lobbysim.errors import FileReadError

from .elements import Boundary, Pt, Wall
from .fileformat import MAX_ELEMENTS, MAX_POINTS
from .jsonio import Reader

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())  # the project's log: written where the application sends it

UNIT_SCALE = {"mm": 0.001, "cm": 0.01, "m": 1.0, "in": 0.0254, "ft": 0.3048}
_INSUNITS = {1: "in", 2: "ft", 4: "mm", 5: "cm", 6: "m"}


@dataclass
class DxfImport:
    """What ``import_dxf`` made of a drawing: walls, the outline as boundary, and what it could not use."""

    walls: list[Wall] = field(default_factory=list)
    boundary: Boundary | None = None
    layers: list[str] = field(default_factory=list)
    #: entities not turned into walls (other types, other layers, unusable geometry)
    skipped: int = 0
    scale: float = 1.0
    #: entities that could not be read (counted in ``skipped`` too)
    damaged: int = 0
    #: what the user should know: the file was repaired, entities could not be read
    notes: list[str] = field(default_factory=list)


# --- reading the file -----------------------------------------------------------------------------
class _ToProjectLog(logging.Handler):
    """Passes ezdxf's log records on to this module's logger, naming the file."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        log.log(record.levelno, "%s: ezdxf: %s", self.path, record.getMessage())


@contextlib.contextmanager
def _ezdxf_log_to_project(path: str) -> Iterator[None]:
    """ezdxf logs to its own logger, whose records reach the console through Python's
    last-resort handler when nothing is configured; while reading, they go to the project's log."""
    ezlog = logging.getLogger("ezdxf")
    handler = _ToProjectLog(path)
    old = ezlog.propagate
    ezlog.addHandler(handler)
    ezlog.propagate = False
    try:
        yield
    finally:
        ezlog.removeHandler(handler)
        ezlog.propagate = old


def _problem(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."


def _read(path: str | os.PathLike, notes: list[str] | None = None) -> Any:
    """The ezdxf document of ``path``: read normally, or in recover mode if that fails."""
    import ezdxf
    from ezdxf import recover

    p = str(path)
    with _ezdxf_log_to_project(p):
        try:
            return ezdxf.readfile(p)
        except OSError as exc:
            if exc.errno is not None:  # missing, a folder, no permission: not the content's fault
                raise FileReadError(f"cannot be read ({exc.strerror or _problem(exc)})", path=p) from None
            first = "no DXF structure found"  # ezdxf's own "is not a DXF file" (with the path in it)
        except Exception as exc:  # noqa: BLE001 - ezdxf raises many kinds on damaged files; recover mode decides
            first = _problem(exc)
        log.info("%s: not readable as it is (%s); trying ezdxf's recover mode", p, first)
        try:
            doc, auditor = recover.readfile(p)
        except Exception as exc:  # noqa: BLE001 - any failure of the parser is a file that cannot be read
            again = "no DXF structure found" if isinstance(exc, OSError) else _problem(exc)
            raise FileReadError(
                f"is not a DXF file that can be read ({first}; recover mode: {again})", path=p
            ) from None
    if notes is not None:
        fixes, errors = len(getattr(auditor, "fixes", [])), len(getattr(auditor, "errors", []))
        notes.append(f"the file is damaged ({first}); it was repaired ({fixes} fix(es), {errors} error(s) left)")
    return doc


def _layer(e: Any) -> str:
    name = e.dxf.get("layer", "0")
    return name if isinstance(name, str) and name else "0"


def _modelspace(doc: Any, path: str | os.PathLike) -> list:
    try:
        return list(doc.modelspace())
    except Exception as exc:  # noqa: BLE001 - a document without a usable model space
        raise FileReadError(f"has no readable model space ({_problem(exc)})", path=str(path)) from None


def dxf_layers(path: str | os.PathLike) -> list[str]:
    """The layers that have entities in the model space, sorted."""
    return sorted({_layer(e) for e in _modelspace(_read(path), path)})


# --- turning entities into walls ----------------------------------------------------------------------
def _units(doc: Any, units: str, path: str | os.PathLike) -> float:
    if units == "auto":
        code = doc.header.get("$INSUNITS", 6)
        units = _INSUNITS.get(code if isinstance(code, int) and not isinstance(code, bool) else 6, "m")
    if units not in UNIT_SCALE:
        raise FileReadError(f"unknown units '{units}' (use mm, cm, m, in, ft or auto)", path=str(path))
    return UNIT_SCALE[units]


def _arc(cx: float, cy: float, r: float, a0: float, a1: float, step: float) -> list[Pt]:
    if a1 <= a0:
        a1 += 360.0
    steps = max(1, math.ceil((a1 - a0) / step))
    return [
        (
            cx + r * math.cos(math.radians(a0 + (a1 - a0) * i / steps)),
            cy + r * math.sin(math.radians(a0 + (a1 - a0) * i / steps)),
        )
        for i in range(steps + 1)
    ]


def _shape(e: Any, step: float) -> tuple[list[Pt], bool] | None:
    """The entity's points in drawing units and whether it is closed; None for other entity types."""
    t = e.dxftype()
    if t == "LINE":
        return [tuple(e.dxf.start)[:2], tuple(e.dxf.end)[:2]], False
    if t == "LWPOLYLINE":
        return [tuple(p) for p in e.get_points("xy")], bool(e.closed)
    if t == "POLYLINE":
        return [tuple(v.dxf.location)[:2] for v in e.vertices], bool(e.is_closed)
    if t == "ARC" or t == "CIRCLE":
        c, r = e.dxf.center, float(e.dxf.radius)
        if not r > 0:
            return [], False
        a0, a1 = (float(e.dxf.start_angle), float(e.dxf.end_angle)) if t == "ARC" else (0.0, 360.0)
        return _arc(float(c[0]), float(c[1]), r, a0, a1, step), t == "CIRCLE"
    return None


def _usable(pts: list[Pt], k: float) -> list[Pt] | None:
    """The points in metres, rounded to 0.1 mm, consecutive repeats dropped; None when they make
    no wall (fewer than two distinct points, a coordinate not finite or beyond the layout's range,
    more points than a layout allows)."""
    out: list[Pt] = []
    for p in pts:
        x, y = float(p[0]) * k, float(p[1]) * k
        if not (math.isfinite(x) and math.isfinite(y)) or max(abs(x), abs(y)) > Reader.MAX_COORD:
            return None
        q = (round(x, 4), round(y, 4))
        if not out or out[-1] != q:
            out.append(q)
    return out if 2 <= len(out) <= MAX_POINTS else None


def _points_of(e: Any, k: float, step: float, out: DxfImport) -> tuple[list[Pt], bool] | None:
    """The entity's points in metres and whether it is closed; None when it makes no wall (another
    entity type, unusable geometry, or damaged: those are counted in ``out.damaged``)."""
    try:
        shape = _shape(e, step)
    except Exception:  # noqa: BLE001 - a damaged entity (missing or wrong attributes) is skipped
        out.damaged += 1
        return None
    pts = _usable(shape[0], k) if shape is not None else None
    return None if shape is None or pts is None else (pts, shape[1])


def _role(
    out: DxfImport,
    layer: str,
    pts: list[Pt],
    closed: bool,
    wall_layers: Collection[str] | None,
    outline_layer: str | None,
) -> str | None:
    """'boundary', 'wall' or None (not on a chosen layer)."""
    if outline_layer is not None and layer == outline_layer and closed and len(pts) >= 3 and out.boundary is None:
        return "boundary"
    return "wall" if wall_layers is None or layer in wall_layers else None


def import_dxf(
    path: str | os.PathLike,
    *,
    wall_layers: Collection[str] | None = None,
    outline_layer: str | None = None,
    units: str = "auto",
    thickness: float = 0.2,
    max_arc_step_deg: float = 10.0,
    id_prefix: str = "dxf",
) -> DxfImport:
    """Walls (and the outline, as the boundary) from the lines, polylines, arcs and circles of a DXF
    drawing's model space. ``wall_layers``: the layers whose entities become walls (None: all);
    ``outline_layer``: the layer of the closed outline; ``units``: 'auto' (the drawing's $INSUNITS),
    'mm', 'cm', 'm', 'in' or 'ft'; arcs become segments of at most ``max_arc_step_deg``. A damaged file
    is read in ezdxf's recover mode (said in ``notes``); one that cannot be read raises a FileReadError
    naming the file and the problem."""
    out = DxfImport()
    doc = _read(path, out.notes)
    out.scale = k = _units(doc, units, path)
    entities = _modelspace(doc, path)
    out.layers = sorted({_layer(e) for e in entities})
    for e in entities:
        got = _points_of(e, k, max_arc_step_deg, out)
        role = None if got is None else _role(out, _layer(e), *got, wall_layers, outline_layer)
        if got is None or role is None:
            out.skipped += 1
        elif role == "boundary":
            out.boundary = Boundary(f"{id_prefix}_boundary", polygon=tuple(got[0]))
        else:
            pts, closed = got
            if closed and pts[0] != pts[-1]:
                pts.append(pts[0])
            out.walls.append(Wall(f"{id_prefix}_wall{len(out.walls) + 1}", points=tuple(pts), thickness=thickness))
    if out.damaged:
        out.notes.append(f"{out.damaged} damaged entit{'y was' if out.damaged == 1 else 'ies were'} skipped")
    if len(out.walls) > MAX_ELEMENTS:
        raise FileReadError(
            f"has {len(out.walls)} walls on the chosen layers; a layout has at most {MAX_ELEMENTS} elements "
            "(choose fewer layers)",
            path=str(path),
        )
    return out
