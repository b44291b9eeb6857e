"""Geometry of the floor: walkable area, shortest paths, distance matrices, sightlines (shapely,
numpy, scipy). The API for lazy per-source questions is described in ``lobbysim.geo.floor``."""

from .corners import MAX_CORNERS
from .findings import reachability_findings
from .floor import Floor, build_floor
from .paths import PathTree
from .primitives import points_of_interest, reflex_vertices
from .walkable import MAX_OBSTACLES, PlanTooLarge

__all__ = [
    "MAX_CORNERS",
    "MAX_OBSTACLES",
    "Floor",
    "PlanTooLarge",
    "PathTree",
    "build_floor",
    "layout_findings",
    "points_of_interest",
    "reachability_findings",
    "reflex_vertices",
]


def layout_findings(layout, clearance: float = 0.25, floor: Floor | None = None):
    """Everything wrong with a layout: the model's own findings plus, when the plan itself is
    sound, the points that cannot be reached on the walkable floor. Errors first. ``floor``: the
    layout's walking engine, up to date with it (the editor keeps one), instead of a new one."""
    from lobbysim.model.validate import validate_layout

    findings = validate_layout(layout)
    if not any(f.severity == "error" for f in findings):
        findings += reachability_findings(layout, clearance=clearance, floor=floor)
    order = {"error": 0, "warning": 1}
    return sorted(findings, key=lambda f: order.get(f.severity, 2))
