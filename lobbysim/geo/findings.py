"""Findings of the walking engine: points of interest people cannot reach."""

from __future__ import annotations

import numpy as np

from lobbysim.model.elements import Entrance, Fixture, SeatBlock
from lobbysim.model.findings import Finding

from .floor import Floor
from .walkable import PlanTooLarge


def _owners(layout) -> dict[str, tuple[str, str]]:
    """Point of interest -> (the element it belongs to, what it is)."""
    owner: dict[str, tuple[str, str]] = {}
    for e in layout:
        if isinstance(e, Fixture):
            owner[f"{e.id}.service"] = (e.id, "service point")
            owner[f"{e.id}.staff"] = (e.id, "staff point")
        elif isinstance(e, SeatBlock):
            for sid, _ in e.seats:
                owner[sid] = (e.id, f"seat {sid}")
        elif isinstance(e, Entrance):
            owner[e.id] = (e.id, "entrance")
    return owner


def _engine(layout, clearance: float, floor: Floor | None) -> Floor:
    """``floor`` when it is the layout's, up to date and with this clearance; else a new one."""
    fits = floor is not None and floor.clearance == clearance
    if fits and floor is not None and floor.layout_revision == getattr(layout, "revision", None):
        return floor
    return Floor(layout, clearance)


def reachability_findings(layout, clearance: float = 0.25, floor: Floor | None = None) -> list[Finding]:
    """Findings for points of interest that are not on the walkable floor or that cannot be
    reached from an entrance. Never raises on bad geometry. ``floor``: the layout's walking
    engine with this clearance, up to date with the layout (used instead of building one)."""
    try:
        floor = _engine(layout, clearance, floor)
    except PlanTooLarge as exc:  # a sound plan, too large for the walking checks
        return [Finding("warning", "plan-too-large", None, f"walking checks skipped: {exc}")]
    except Exception as exc:  # noqa: BLE001 - bad geometry must be a finding, not a crash
        return [Finding("error", "geometry-failed", None, f"the walkable floor cannot be computed ({exc})")]
    owner = _owners(layout)
    out = []
    for name, why in floor.unreachable.items():
        eid, what = owner.get(name, (name, "point"))
        out.append(Finding("error", "point-unreachable", eid, f"{what} {why}", floor.poi_raw.get(name)))
    if floor.free.is_empty:
        return out
    names = [k for k in floor.poi if k not in floor.unreachable]
    comp = dict(zip(names, floor._walk.components_of(np.array([floor.poi[k] for k in names]).reshape(-1, 2))))
    reach = {int(comp[e.id]) for e in layout.entrances() if e.id in comp} - {-1}
    if not reach:
        return out
    reported: set[str] = set()
    for name in names:
        c = int(comp[name])
        eid, what = owner.get(name, (name, "point"))
        if c < 0 or c in reach or eid in reported:
            continue
        reported.add(eid)
        msg = f"{what} cannot be reached from the entrance (the floor is split)"
        out.append(Finding("error", "cut-off", eid, msg, floor.poi[name]))
    return out
