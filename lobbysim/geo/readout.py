"""The live walking read-out of the editor: the walks a consultant watches while moving things.

Two kinds of rows, both from the model's own vocabulary (no list of kinds of its own):

* customers: for every fixture where customers are served or take a ticket (the kinds of
  ``SERVICE_FIXTURE_KINDS`` and the ticket dispenser), the walk from the nearest entrance to its
  service point;
* staff: for every fixture where a staff member stands (a staff point) other than the smart
  counters themselves, the walk from there to the nearest smart counter's staff point (where
  card openings are authorised).

One shortest-path tree per entrance and per smart counter answers all rows, so the cost grows
with those few sources, not with the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from lobbysim.model.kinds import SERVICE_FIXTURE_KINDS

#: fixture kinds whose service point customers walk to from the door
CUSTOMER_KINDS = (*SERVICE_FIXTURE_KINDS, "ticket_dispenser")
#: the fixture kind whose staff point the staff rows lead to
SMART = "smart_counter"


@dataclass(frozen=True, slots=True)
class ReadoutRow:
    """One walk: from element ``source`` to element ``target``, in metres (inf: no walk)."""

    source: str
    target: str
    metres: float

    @property
    def key(self) -> str:
        return f"{self.source} → {self.target}"


def _nearest(floor, sources: list[tuple[str, tuple[float, float]]], targets: list[tuple[float, float]]):
    """(for each target, the nearest source's name and the walk from it)."""
    d, who = floor.nearest([p for _, p in sources], targets)
    return [sources[max(i, 0)][0] for i in who], d


def customer_rows(layout, floor) -> list[ReadoutRow]:
    """From the nearest entrance to each place where customers are served or take a ticket."""
    poi = floor.poi
    entrances = [(e.id, poi[e.id]) for e in layout.entrances() if e.id in poi and e.id not in floor.unreachable]
    served = [f.id for f in layout.fixtures() if f.fixture_kind in CUSTOMER_KINDS and f"{f.id}.service" in poi]
    if not entrances or not served:
        return []
    who, d = _nearest(floor, entrances, [poi[f"{f}.service"] for f in served])
    return [ReadoutRow(w, f, float(m)) for w, f, m in zip(who, served, d)]


def staff_rows(layout, floor) -> list[ReadoutRow]:
    """From each place a staff member stands (not a smart counter) to the nearest smart counter."""
    poi = floor.poi
    smart = [(f.id, poi[f"{f.id}.staff"]) for f in layout.fixtures(SMART) if f"{f.id}.staff" in poi]
    staff = [f.id for f in layout.fixtures() if f.fixture_kind != SMART and f"{f.id}.staff" in poi]
    if not smart or not staff:
        return []
    who, d = _nearest(floor, smart, [poi[f"{f}.staff"] for f in staff])
    return [ReadoutRow(f, w, float(m)) for f, w, m in zip(staff, who, d)]


def walking_readout(layout, floor) -> list[ReadoutRow]:
    """The read-out rows of ``layout`` on its walking engine ``floor`` (up to date with it)."""
    return customer_rows(layout, floor) + staff_rows(layout, floor)
