"""lobbysim.sim: the SimPy lobby model, scenarios, distributions, records and KPIs.

``simulate(layout, scenario, day, seed, replication)`` runs one branch day and returns its
:class:`~lobbysim.sim.records.Records`; every KPI is computed from those records
(:mod:`lobbysim.sim.kpis`).
"""

from __future__ import annotations

from .records import Records


def simulate(
    layout, scenario, day: str, seed: int, replication: int = 0, *, positions: bool = False, floor=None
) -> Records:
    """Simulate one day (``'mon'`` .. ``'sun'``) of ``scenario`` on ``layout``.

    ``floor`` is a geometry engine built once by ``lobbysim.geo.build_floor(layout)`` and
    reused across replications; it is built here when walking is on and none is given.
    The same inputs give identical records in any process. Raises a LobbysimError
    (nothing is run) when the scenario cannot run on the layout or the day is not a day.
    """
    from .model import Day
    from .plan import plan_for

    scenario.day_index(day)
    scenario.check_against(layout)
    if floor is None and scenario.policies.walking:
        floor = _floor_cache(layout)
    plan = plan_for(layout, scenario, floor if scenario.policies.walking else None)
    return Day(plan, scenario, day, seed, replication, positions).run()


_FLOORS: dict = {}


def _floor_cache(layout):
    from .plan import build_floor

    key = id(layout)
    hit = _FLOORS.get(key)
    if hit is None or hit[0] is not layout or hit[1] != layout.revision:
        if len(_FLOORS) > 8:
            _FLOORS.clear()
        hit = _FLOORS[key] = (layout, layout.revision, build_floor(layout))
    return hit[2]


__all__ = ["simulate", "Records"]
