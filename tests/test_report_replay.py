"""Replay positions come from the records: interpolated walks, states, queue counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from shapely.geometry import Point

from lobbysim.model.fileformat import load_layout
from lobbysim.report.replay import Replay
from lobbysim.sim import simulate
from lobbysim.sim.records import CustomerRecord, MarketingContact, Records, Walk
from lobbysim.sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]


def _tiny():
    r = Records(day="mon", seed=0, replication=0, open_time=0.0, close_time=100.0, end_time=100.0)
    r.customers.append(
        CustomerRecord(
            1, "cash", "regular", 0.0, service_start=40.0, service_end=60.0, departure=80.0, outcome="served"
        )
    )
    r.walks += [
        Walk("customer", "1", "cash", 0.0, 10.0, 10.0, ((0.0, 0.0), (10.0, 0.0)), "to_seat"),
        Walk("customer", "1", "cash", 30.0, 40.0, 10.0, ((10.0, 0.0), (10.0, 5.0), (10.0, 10.0)), "to_counter"),
        Walk("customer", "1", "cash", 60.0, 80.0, 20.0, ((10.0, 10.0), (0.0, 0.0)), "to_exit"),
    ]
    r.contacts.append(MarketingContact("s1", 1, 15.0, 25.0, True, False))
    return r


def test_positions_and_states_on_a_hand_made_day():
    rp = Replay(_tiny())
    (m,) = rp.markers(5.0)
    assert (m.x, m.y, m.state) == (5.0, 0.0, "walking")
    (m,) = rp.markers(20.0)
    assert (m.x, m.y, m.state) == (10.0, 0.0, "talking")
    (m,) = rp.markers(27.0)
    assert m.state == "waiting"
    (m,) = rp.markers(37.5)
    assert (m.x, m.y) == pytest.approx((10.0, 7.5))
    (m,) = rp.markers(50.0)
    assert m.state == "served"
    assert rp.markers(85.0) == []


@pytest.fixture(scope="module")
def sample_replay():
    layout = load_layout(ROOT / "layouts/railway_station/after.lobby.json")
    rec = simulate(layout, load_scenario(ROOT / "layouts/railway_station/scenario.json"), "mon", 3, 0)
    return layout, rec, Replay(rec, layout)


def test_sample_replay_moves_and_stays_on_the_floor(sample_replay):
    layout, rec, rp = sample_replay
    floor = layout.boundary.geometry.buffer(0.01)
    t1, t2 = 10 * 3600 + 600, 10 * 3600 + 660
    a, b = rp.markers(t1), rp.markers(t2)
    assert a and b
    assert {(m.actor_id, round(m.x, 2), round(m.y, 2)) for m in a} != {
        (m.actor_id, round(m.x, 2), round(m.y, 2)) for m in b
    }
    for t in range(int(rec.open_time), int(rec.close_time), 900):
        for m in rp.markers(t):
            assert floor.contains(Point(m.x, m.y)), m
    staff = {m.actor_id for m in a if m.actor == "staff"}
    assert staff == set(rec.roster)  # every staff member is on the plan during opening hours


def test_counts_match_the_records(sample_replay):
    _, rec, rp = sample_replay
    t = 11 * 3600
    inside = sum(1 for c in rec.customers if c.arrival <= t and (c.departure is None or c.departure > t))
    assert rp.counts(t)["inside"] == inside
