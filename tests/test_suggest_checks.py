"""lobbysim suggest: the constraints of a candidate as a whole (aisles on walking routes, moved things
clear of each other, reachability), the scoring and the second stage's schedule (pure, no simulation)."""

from __future__ import annotations

import copy
import json
import math
from dataclasses import replace
from pathlib import Path

import pytest

from lobbysim.errors import UsageError
from lobbysim.experiments.stats import DEFAULT_ANALYSIS, Estimate
from lobbysim.experiments.suggest import Rules, Space, make_objective
from lobbysim.experiments.suggest.checks import Checker, validate
from lobbysim.experiments.suggest.objective import guard_status
from lobbysim.experiments.suggest.space import Design, Edit
from lobbysim.experiments.suggest.stage1 import fronts
from lobbysim.experiments.suggest.stage2 import planned_tasks, schedule
from lobbysim.geo import build_floor
from lobbysim.model.elements import Area, Boundary, Entrance, Fixture, Wall
from lobbysim.model.layout import Layout
from lobbysim.sim.scenario import Scenario

SAMPLE = Path(__file__).resolve().parents[1] / "layouts" / "railway_station"


def small_scenario() -> dict:
    """The sample scenario cut down to an ATM and one lobby manager at 'desk1'."""
    doc = copy.deepcopy(json.loads((SAMPLE / "scenario.json").read_text("utf-8")))
    doc["business"] = [dict(b, share=1.0) for b in doc["business"] if b["code"] == "self"]
    doc["staff"] = [{"id": "clerk", "role": "lobby_manager", "desk": "desk1", "can": ["greet"]}]
    doc["policies"]["cover"] = []
    doc["policies"].pop("ops_vp")
    doc.pop("notes", None)
    return doc


def room(width: float, gap: float | None = None) -> Layout:
    """A room ``width`` x 10 m: a door at the bottom, an ATM at the top, a desk by the door; with
    ``gap``, a wall across the middle with a passage ``gap`` wide."""
    w = width
    els = [
        Boundary("boundary", polygon=((0, 0), (w, 0), (w, 10), (0, 10))),
        Entrance("door", a=(w / 2 - 0.6, 0.0), b=(w / 2 + 0.6, 0.0)),
        Area("wait", polygon=((0, 0), (w, 0), (w, 4.5), (0, 4.5)), area_kind="waiting"),
        Fixture("atm", fixture_kind="self_service", x=w / 2, y=9.6, rotation=180.0),
        Fixture("desk1", fixture_kind="staff_desk", x=w - 0.8, y=3.0, rotation=90.0),
    ]
    if gap is not None:
        a, b = (w - gap) / 2, (w + gap) / 2
        els += [Wall("w1", points=((0, 5), (a, 5))), Wall("w2", points=((b, 5), (w, 5)))]
    return Layout(els)


def _moved(layout: Layout, eid: str, **fields) -> Design:
    old = layout[eid]
    return Design((Edit(eid, old, replace(old, **fields)),))


# --- aisles on walking routes ------------------------------------------------------------------------
def test_a_desk_that_narrows_the_only_passage_below_the_aisle_is_rejected():
    base = room(6.0, gap=2.6)
    sc = Scenario.from_dict(small_scenario())
    # the desk (1.4 m wide) in the middle of the 2.6 m passage leaves 0.6 m on each side: a body
    # passes (the layout validates and simulates) but no 1.2 m aisle does
    design = _moved(base, "desk1", x=3.0, y=5.0, rotation=0.0)
    cand = design.apply_to(base)
    assert validate(cand, sc) is None
    floor = build_floor(cand)
    strict = Checker(Space(base, sc, ["desk1"], rules=Rules(aisle_m=1.2)))
    loose = Checker(Space(base, sc, ["desk1"], rules=Rules(aisle_m=0.55)))
    assert strict.check(design, cand, floor) == "aisle"
    assert loose.check(design, cand, floor) is None
    # the same desk by the wall keeps the aisle
    aside = _moved(base, "desk1", x=5.0, y=7.0, rotation=90.0)
    assert strict.check(aside, aside.apply_to(base), build_floor(aside.apply_to(base))) is None


def test_moved_things_clear_of_each_other_and_reachable():
    base = room(6.0)
    base._insert(Fixture("desk2", fixture_kind="staff_desk", x=1.0, y=3.0, rotation=270.0))
    doc = small_scenario()
    doc["staff"].append({"id": "clerk2", "role": "lobby_manager", "desk": "desk2"})
    sc = Scenario.from_dict(doc)
    space = Space(base, sc, ["desk1", "desk2"])
    checker = Checker(space)
    onto = _moved(base, "desk1", x=1.2, y=3.0, rotation=270.0)  # onto desk2
    cand = onto.apply_to(base)
    assert checker.check(onto, cand, build_floor(cand)) == "overlap"
    # a desk whose staff point ends up inside the other desk
    behind = _moved(base, "desk1", x=2.1, y=3.0, rotation=270.0)
    cand = behind.apply_to(base)
    assert checker.check(behind, cand, build_floor(cand)) == "blocked point"
    # a desk that walls the ATM off from the door: the ATM cannot be reached
    boxed = room(1.8)
    sc1 = Scenario.from_dict(small_scenario())
    wall_off = _moved(boxed, "desk1", x=0.9, y=8.0, rotation=0.0)
    cand = wall_off.apply_to(boxed)
    assert Checker(Space(boxed, sc1, ["desk1"])).check(wall_off, cand, build_floor(cand)) == "unreachable"


# --- scoring -----------------------------------------------------------------------------------------------
def test_gains_are_counted_in_minimum_effects_less_the_moves():
    o = make_objective("marketing_contacts,wait_mean_min", DEFAULT_ANALYSIS, weights="1,2", move_cost=0.5)
    assert o.units == (1.0, 0.5) and o.signs == (1.0, -1.0)
    days = [{"marketing_contacts": 6.0, "wait_mean_min": -0.5}, {"marketing_contacts": 2.0, "wait_mean_min": 0.0}]
    # day 1: 6/1 + 2 * 0.5/0.5 = 8; day 2: 2; mean 5, less 3 moves at 0.5
    assert o.score(days, 3) == pytest.approx(5.0 - 1.5)
    assert o.gain_units_of(days, 1) == pytest.approx(0.5)
    (g,) = o.guards
    assert (g.kpi, g.tolerance) == ("wait_mean_min", 0.5)
    assert o.violation([{"wait_mean_min": 0.4}]) == 0.0
    assert o.violation([{"wait_mean_min": 1.0}]) == pytest.approx(1.0)
    assert guard_status(g, Estimate(0.1, -0.2, 0.4, 10)) == "met"
    assert guard_status(g, Estimate(0.3, -0.2, 0.8, 10)) == "likely"
    assert guard_status(g, Estimate(0.7, 0.2, 1.2, 10)) == "violated"
    guarded = make_objective("outbound_calls", DEFAULT_ANALYSIS, no_worse="marketing_contacts=2,wait_p90_min")
    assert [(x.kpi, x.tolerance, x.better) for x in guarded.guards] == [
        ("marketing_contacts", 2.0, "higher"),
        ("wait_p90_min", 1.0, "lower"),
    ]
    assert make_objective("outbound_calls", DEFAULT_ANALYSIS, no_worse="none").guards == ()


@pytest.mark.parametrize(
    "kpis, weights, no_worse, message",
    [
        ("marketing_contact", None, None, "'marketing_contact' is not a KPI (did you mean 'marketing_contacts'?)"),
        ("arrived", None, None, "'arrived' has no better direction"),
        ("outbound_calls", "1,2", None, "one weight for each of the 1 objectives"),
        ("outbound_calls", "-1", None, "every weight must be a number > 0"),
        ("outbound_calls", None, "wait_mean_min=0", "TOL must be a number > 0"),
        ("outbound_calls", None, "waits", "'waits' is not a KPI"),
    ],
)
def test_bad_objectives_are_usage_errors(kpis, weights, no_worse, message):
    with pytest.raises(UsageError) as exc:
        make_objective(kpis, DEFAULT_ANALYSIS, weights, no_worse)
    assert message in str(exc.value)


# --- the first stage's fronts and the second stage's schedule ------------------------------------------------
def test_fronts_sort_by_dominance():
    import numpy as np

    v = np.array([[1, 1], [2, 0], [0, 2], [0.5, 0.5], [0, 0], [2, 2]], dtype=float)
    assert fronts(v) == [[5], [0, 1, 2], [3], [4]]


def test_successive_halving_spends_replications_on_the_leaders():
    assert schedule(300, 3) == [(300, 1), (100, 2), (34, 4), (12, 8), (4, 16)]
    assert schedule(3, 3) == []
    # each round costs about the same; the input runs with each batch of 40
    rounds = schedule(300, 3)
    assert planned_tasks(300, 3, 2, 20) == sum((n + math.ceil(n / 40)) * r * 2 for n, r in rounds) + 4 * 20 * 2
