"""Validation findings: what is wrong with a layout or scenario, and where."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a layout or scenario.

    ``severity`` is 'error' (the simulation cannot trust the layout) or 'warning'
    (probably a mistake, but it runs). ``code`` is a stable machine name (e.g.
    'fixture-outside-boundary'), ``element_id`` the element concerned (None for the
    layout as a whole), ``location`` a point in metres to show on the plan.
    """

    severity: str
    code: str
    element_id: str | None
    message: str
    location: tuple[float, float] | None = None

    def to_dict(self) -> dict:
        """The finding as ``lobbysim validate --json`` prints it (location rounded to the millimetre)."""
        d = asdict(self)
        if self.location is not None:
            d["location"] = [round(self.location[0], 3), round(self.location[1], 3)]
        return d

    def __str__(self) -> str:
        where = f" [{self.element_id}]" if self.element_id else ""
        return f"{self.severity}{where}: {self.message}"
