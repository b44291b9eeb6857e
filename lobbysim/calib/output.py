"""Writing a calibrated scenario: parsed and checked against the layout first (a scenario that
would not run is never written), then saved atomically (never a partial file)."""

from __future__ import annotations

from lobbysim.model.jsonio import atomic_write_text, dumps_pretty
from lobbysim.sim.scenario import Scenario


def plain(v):
    """numpy scalars and tuples -> JSON-ready Python values."""
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return v.item()
    return v


def write_scenario(doc: dict, path, layout) -> Scenario:
    doc = plain(doc)
    sc = Scenario.from_dict(doc, path=str(path))
    sc.check_against(layout)
    atomic_write_text(path, dumps_pretty(sc.to_dict()))
    return sc
