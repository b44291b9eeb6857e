"""The simulation uses every entrance, ticket dispenser, call station and post a layout has
(issue 19, the model side): customers come in through every entrance (in proportion to its
width) and take their ticket at the dispenser nearest the door they came in by; tellers call
from the call station nearest their counter; a post with any number works like post 1."""

from collections import Counter

import pytest

from lobbysim.model import commands as C
from lobbysim.model.elements import Entrance, Fixture, Post
from lobbysim.sim import simulate
from lobbysim.sim.scenario import Scenario
from lobbysim.sim.testing import base_doc, tiny_layout

TELLERS = [
    {"id": f"t{i}", "role": "cs_counter", "counter": f"cash{i}", "shifts": [["09:00", "17:00"]], "can": ["call"]}
    for i in (1, 6)
]


def _layout():
    """The tiny branch with six counters (cash1 at x 2, cash6 at x 11), a second, narrower door
    in the west wall with its own dispenser, two call stations (by cash1 and by cash6) and a
    fourth post around the main door."""
    layout = tiny_layout(6, call_station=(3.0, 11.0), seats=12, posts=("post2", "post3"))
    extra = (
        Entrance("west_door", a=(0.0, 1.0), b=(0.0, 2.0)),
        Fixture("ticket_west", fixture_kind="ticket_dispenser", x=2.0, y=1.5),
        Fixture("call_east", fixture_kind="call_station", x=14.0, y=11.0, rotation=180.0),
        Post("post4", number=4, polygon=((7, 0), (20, 0), (20, 3), (7, 3))),
    )
    C.add_elements(layout, extra).apply(layout)
    return layout


@pytest.fixture(scope="module")
def days():
    greeter = {"id": "lobby", "role": "lobby_manager", "desk": "lobby_desk", "post": "post4", "can": ["greet"]}
    marketer = {"id": "rm", "role": "relationship_manager", "post": "post4", "can": ["market"]}
    doc = base_doc(
        staff=TELLERS + [greeter, marketer],
        arrivals={"per_day": 150},
        policies={"walking": True, "flex_rota": {"enabled": True, "idle_min": 3, "half_distance_m": 20.0}},
    )
    sc = Scenario.from_dict(doc)
    layout = _layout()
    return layout, [simulate(layout, sc, "mon", 3, r) for r in range(3)]


def test_customers_use_every_entrance_by_its_width_and_the_dispenser_nearest_it(days):
    layout, recs = days
    came = Counter(c.entrance_id for r in recs for c in r.customers)
    assert set(came) == {"entrance", "west_door"}
    assert 0.2 < came["west_door"] / sum(came.values()) < 0.47  # 1 m of 3 m of doors
    dispensers = {f: layout[f].service_point for f in ("ticket", "ticket_west")}
    took: dict[str, set] = {"entrance": set(), "west_door": set()}
    for r in recs:
        door = {str(c.customer_id): c.entrance_id for c in r.customers}
        for w in r.walks:
            if w.actor == "customer" and w.purpose == "to_ticket":
                end = w.path[-1]
                took[door[w.actor_id]].add(
                    min(dispensers, key=lambda f: (end[0] - dispensers[f][0]) ** 2 + (end[1] - dispensers[f][1]) ** 2)
                )
    assert took == {"entrance": {"ticket"}, "west_door": {"ticket_west"}}


def test_tellers_call_from_the_call_station_nearest_their_counter(days):
    _, recs = days
    where = {(a.staff_id, a.place) for r in recs for a in r.staff if a.activity == "call"}
    assert where == {("t1", "call_station"), ("t6", "call_east")}


def test_a_fourth_post_greets_and_markets_like_any_other(days):
    _, recs = days
    assert all(sum(c.greeted for c in r.customers) > 0.3 * len(r.customers) for r in recs)
    assert all(any(m.staff_id == "rm" for m in r.contacts) for r in recs)


def test_the_plan_asks_the_geometry_only_what_the_day_needs_and_keeps_it_exact():
    # issue 19 item 2: no path for every pair of points up front; distances computed per source
    # when first needed, kept, and the same as the geometry engine's own answer
    from pathlib import Path

    from lobbysim.model.fileformat import load_layout
    from lobbysim.sim.plan import build_floor, plan_for
    from lobbysim.sim.scenario import load_scenario

    sample = Path(__file__).resolve().parents[1] / "layouts" / "railway_station"
    layout, sc = load_layout(sample / "after.lobby.json"), load_scenario(sample / "scenario.json")
    floor = build_floor(layout)
    plan = plan_for(layout, sc, floor)
    assert not plan.memo.rows and not plan.memo.path and not plan.memo.see
    assert len(plan.memo.dist) <= len(plan.seats) * len(plan.tickets)  # the seats' order from each dispenser
    simulate(layout, sc, "mon", 1, 0, floor=floor)
    assert 0 < len(plan.memo.rows) < len(plan.pts) / 2
    assert len(plan.memo.dist) < len(plan.pts) * (len(plan.pts) - 1) / 4
    for (a, b), d in sorted(plan.memo.dist.items())[::25]:
        assert d == pytest.approx(floor.distance(plan.pts[a], plan.pts[b]), abs=1e-9)
