"""Geometry of the floor: walkable area, shortest paths, distance matrices, sightlines (shapely, numpy)."""

from .floor import Floor, build_floor, points_of_interest, reachability_findings, reflex_vertices  # noqa: F401


def layout_findings(layout, clearance: float = 0.25):
    """Everything wrong with a layout: the model's own findings plus, when the plan itself is
    sound, the points that cannot be reached on the walkable floor. Errors first."""
    from lobbysim.model.validate import validate_layout

    findings = validate_layout(layout)
    if not any(f.severity == "error" for f in findings):
        findings += reachability_findings(layout, clearance=clearance)
    order = {"error": 0, "warning": 1}
    return sorted(findings, key=lambda f: order.get(f.severity, 2))
