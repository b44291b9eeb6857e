"""Cheap geometric predictions of what a candidate layout changes, for the first stage of the search.

The simulation decides what staff do from geometry (``lobbysim.sim.staff``, ``lobbysim.sim.vp``);
the surrogate reads the same geometry on the candidate's own walking floor, with the same rules,
but without simulating a day:

* **marketing**: for each waiting seat, the chance that a marketer would approach a customer
  sitting there — they must see the seat from where they stand (``staff.placement``: their post's
  spot, else their desk) and are the more likely the shorter the walk (``Marketing.propensity``);
  a customer's openness to an approach is one draw, so the chance is that of the best-placed
  marketer, not the union of everyone's (two marketers at one desk reach no more customers than
  one, but two posts apart do); seats are weighted by how often they are taken (customers take the
  free seat nearest the ticket dispenser, so the k-th nearest is taken when more than k wait:
  Poisson with the input's simulated mean seat occupancy);
* **outbound calls**: the callers' willingness to walk from their counter to the nearest call
  station (``FlexRota``: ``willingness`` of the walk);
* **the operations VP's floor share**: the share of the VP's duty their desk's place leaves on
  the floor: the counter tasks and the part of their walks behind the counter line are off it
  when the desk is on the floor, and all but the floor tasks when it is not;
* **waits and walks**: the walk from the seats taken to the counters (it is part of the wait)
  and the VP's walk to the counter line for authorisations; the walk from the door past the
  ticket dispenser to the seats;
* **greeting**: whether a greeter sees a door from where they stand.

Each prediction is turned into KPI units with the input's simulated KPIs (the *baseline*, one
run of the input per day): a level proportional to the geometry, scaled so that the input's own
level is its simulated value. The predictions only have to rank candidates roughly; the second
stage simulates the promising ones.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import poisson

from lobbysim.sim import poi as P
from lobbysim.sim.plan import Plan
from lobbysim.sim.policies import willingness
from lobbysim.sim.staff import placement

#: KPIs the surrogate predicts (the others get no first-stage guidance)
MODELLED = (
    "marketing_contacts",
    "marketing_contacts_completed",
    "marketing_conversions",
    "share_waiting_contacted",
    "outbound_calls",
    "outbound_leads",
    "ops_vp_floor_share",
    "wait_mean_min",
    "counter_wait_mean_min",
    "customer_walk_m",
    "greeted",
)
_MARKETING = MODELLED[:4]
#: the share of a customer's waits that the walk from a seat to the counter is part of (seated customers)
_SEATED = 0.5
#: how much a minute of counter service more adds to the queue's waits (a rough queueing factor)
_QUEUE = 3.0


@dataclass(frozen=True)
class Features:
    """The geometry of one layout that the predictions read (see the module docstring)."""

    seat_reach: np.ndarray  # per seat, nearest the ticket dispenser first: chance a marketer approaches
    seat_counter_m: np.ndarray  # per seat, same order: mean walk to the staffed cash counters
    ticket_seat_m: np.ndarray  # per seat, same order: walk from the ticket dispenser
    door_ticket_m: float
    call_reach: float
    vp_share: float
    vp_counter_m: float
    greets: bool


def _walks(floor: Any, src, dst: list) -> np.ndarray:
    if not dst:
        return np.zeros(0)
    d = np.asarray(floor.distances(src, dst), dtype=float)
    return np.where(np.isfinite(d), d, 1.5 * np.hypot(*(np.asarray(dst) - np.asarray(src)).T))


def features(plan: Plan, scenario: Any) -> Features:
    """Read a candidate's geometry (its plan on its own walking floor)."""
    floor, pts = plan.floor, plan.pts
    homes = {s.id: placement(s, plan) for s in scenario.staff}
    origin = plan.tickets[0] if plan.tickets else plan.entrance
    # the seats nearest the ticket dispenser first, as customers take them (Plan.seat_order, in one
    # vectorised call instead of one walk at a time)
    from_origin = _walks(floor, pts[origin], [pts[s] for s in plan.seats])
    order = sorted(range(len(plan.seats)), key=lambda i: (from_origin[i], plan.seats[i]))
    seat_xy = [pts[plan.seats[i]] for i in order]
    vp = _vp_share(plan, scenario, homes)
    return Features(
        seat_reach=_seat_reach(plan, scenario, homes, seat_xy),
        seat_counter_m=_to_counters(plan, homes, seat_xy),
        ticket_seat_m=from_origin[order] if order else np.zeros(0),
        door_ticket_m=plan.walk_dist(plan.entrance, origin) if plan.entrance and origin != plan.entrance else 0.0,
        call_reach=_call_reach(plan, scenario, homes),
        vp_share=vp[0],
        vp_counter_m=vp[1],
        greets=any("greet" in s.can and _sees_door(plan, homes[s.id].home) for s in scenario.staff),
    )


def _seat_reach(plan: Plan, scenario: Any, homes: Mapping[str, Any], seat_xy: list) -> np.ndarray:
    """For each seat, the chance the best-placed marketer would approach a customer there."""
    mk = scenario.policies.marketing
    xy = np.asarray(seat_xy, dtype=float).reshape(-1, 2)
    reach = np.zeros(len(seat_xy))
    for s in scenario.staff:
        h = homes[s.id].home
        if "market" in s.can and h:
            p = plan.pts[h]
            seen = np.asarray(plan.floor.visible_mask(p, xy), dtype=bool)
            near = np.array([mk.propensity(x) for x in _walks(plan.floor, p, seat_xy)])
            reach = np.maximum(reach, seen * near)
    return reach


def _to_counters(plan: Plan, homes: Mapping[str, Any], seat_xy: list) -> np.ndarray:
    """For each seat, the mean walk to the staffed cash counters."""
    counters = [
        plan.pts[P.service(p.counter)]
        for p in homes.values()
        if p.counter and p.kind == "cash_counter" and P.service(p.counter) in plan.pts
    ]
    out = np.zeros(len(seat_xy))
    for c in counters:
        out += _walks(plan.floor, c, seat_xy) / len(counters)
    return out


def _sees_door(plan: Plan, home: str) -> bool:
    return bool(home) and any(plan.can_see(home, d) for d in plan.entrances)


def _call_reach(plan: Plan, scenario: Any, homes: Mapping[str, Any]) -> float:
    flex = scenario.policies.flex
    callers = [homes[s.id].counter_poi for s in scenario.staff if "call" in s.can and homes[s.id].counter_poi]
    if not callers or not plan.call_stations or not flex.enabled:
        return 0.0
    reach = []
    for c in callers:
        d = min(plan.walk_dist(c, st) for st in plan.call_stations)
        reach.append(willingness(d, flex.half_distance_m, flex.steepness))
    return float(np.mean(reach))


def _vp_share(plan: Plan, scenario: Any, homes: Mapping[str, Any]) -> tuple[float, float]:
    """(the VP's floor share the desk's place allows, the walk from the desk to the counter place)."""
    vp = scenario.policies.ops_vp
    spec = next((s for s in scenario.staff if s.id == vp.staff), None)
    if spec is None or not homes[spec.id].home:
        return math.nan, 0.0
    desk = homes[spec.id].home
    on, off = max(spec.shifts[0][0], scenario.open_s), min(spec.shifts[-1][1], scenario.close_s)
    duty = max(off - on, 1.0)
    place = P.staff_point_of(vp.counter_place, plan.pts) if vp.counter_place in plan.fixtures else None
    d = plan.walk_dist(desk, place) if place else 0.0
    behind = 1.0 - plan.floor_fraction(desk, place) if place and d > 0 else 0.0
    counter = [t for t in vp.tasks if t.where == "counter"]
    if plan.on_floor(desk):
        walking = 2 * len(counter) * d * behind / scenario.policies.staff_walk_speed
        share = 1.0 - (sum(t.seconds for t in counter) + walking) / duty
    else:
        share = sum(t.seconds for t in vp.tasks if t.where == "floor") / duty
    return float(min(1.0, max(0.0, share))), float(d)


class Surrogate:
    """Predicted KPI differences of candidates against the input (see the module docstring)."""

    def __init__(self, scenario: Any, baseline: Mapping[str, Mapping[str, float]], base: Features) -> None:
        self.scenario = scenario
        #: day -> KPI -> the input's simulated mean
        self.baseline = baseline
        self.base = base
        flex = scenario.policies.flex
        self.cap = flex.call_list.per_day if flex.call_list is not None else math.inf
        self.walk_speed = float(scenario.customers.walk_speed.mean)

    def _seat_weights(self, day: Mapping[str, float], n: int) -> np.ndarray:
        m = day.get("seat_occupancy_mean", math.nan)
        m = m if math.isfinite(m) and m > 0 else 1.0
        return poisson.sf(np.arange(n), m)

    def predict(self, f: Features) -> list[dict[str, float]]:
        """{KPI: predicted candidate − input} for each day of the baseline."""
        out = []
        b = self.base
        for day in self.baseline.values():
            p = self._seat_weights(day, len(f.seat_reach))
            pb = self._seat_weights(day, len(b.seat_reach))
            d: dict[str, float] = {}
            reach, reach0 = float(p @ f.seat_reach), float(pb @ b.seat_reach)
            for k in _MARKETING:
                d[k] = _scaled(day.get(k, math.nan), reach, reach0)
            calls0 = day.get("outbound_calls", math.nan)
            d["outbound_calls"] = calls = _capped(calls0, f.call_reach, b.call_reach, self.cap)
            d["outbound_leads"] = _scaled(day.get("outbound_leads", math.nan), calls0 + calls, calls0)
            d["ops_vp_floor_share"] = f.vp_share - b.vp_share
            walk = (float(p @ f.seat_counter_m) - float(pb @ b.seat_counter_m)) / max(p.sum(), 1e-9)
            auth = day.get("counter_authorisations", 0.0) / max(day.get("served", 1.0), 1.0)
            vp_walk = 2 * (f.vp_counter_m - b.vp_counter_m) / self.scenario.policies.staff_walk_speed
            d["wait_mean_min"] = (_SEATED * walk / self.walk_speed + _QUEUE * auth * vp_walk) / 60
            d["counter_wait_mean_min"] = d["wait_mean_min"]
            seats = (float(p @ f.ticket_seat_m) - float(pb @ b.ticket_seat_m)) / max(p.sum(), 1e-9)
            d["customer_walk_m"] = f.door_ticket_m - b.door_ticket_m + _SEATED * (seats + walk)
            greeted = day.get("greeted", 0.0)
            d["greeted"] = 0.0 if f.greets == b.greets else (-greeted if b.greets else 0.0)
            out.append(d)
        return out


def _scaled(base: float, level: float, level0: float) -> float:
    """The difference of a KPI proportional to ``level``, whose value at ``level0`` is ``base``."""
    if not math.isfinite(base):
        return 0.0
    if level0 > 1e-9:
        return base * (level / level0 - 1.0)
    return 0.0 if level <= 1e-9 else max(base, 1.0) * level


def _capped(base: float, reach: float, reach0: float, cap: float) -> float:
    """The difference of the day's calls: proportional to the callers' reach, within the call list."""
    if not math.isfinite(base):
        return 0.0
    level = base * reach / reach0 if reach0 > 1e-9 else (cap if math.isfinite(cap) else 20.0) * reach
    return min(level, cap) - base
