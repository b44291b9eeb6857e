"""Demand as banks see it and transactions as steps (issue 13 items 4 and 5): customers before
opening wait at the door, elderly customers take longer and may refuse the smart counter, standing
customers give up sooner, a step that needs a supervisor waits for them (or is approved remotely)."""

from __future__ import annotations

import numpy as np
import pytest

from lobbysim.sim import simulate
from lobbysim.sim.scenario import Scenario
from lobbysim.sim.testing import base_doc, tiny_layout

TELLER = {"id": "t1", "role": "cs_counter", "counter": "cash1", "shifts": [["09:00", "17:00"]]}


def _run(layout, doc, reps=3, seed=5):
    sc = Scenario.from_dict(doc)
    return [simulate(layout, sc, "mon", seed, r) for r in range(reps)]


def test_customers_before_opening_wait_at_the_door_and_those_after_closing_do_not_come():
    doc = base_doc(arrivals={"per_day": 200, "hourly": {"start_hour": 8, "shares": [0.2] + [0.1] * 8}})
    doc["hours"]["close"] = "16:00"  # the 16-17 h share is after closing
    recs = _run(tiny_layout(1), doc)
    for r in recs:
        times = np.array([c.arrival for c in r.customers])
        at_open = (times == 9 * 3600).sum()
        assert at_open > 15  # a fifth of the day's customers came before 9:00 and enter together
        assert times.max() < 16 * 3600
    # the day keeps its 200 customers: the shares of the hours the branch admits them (20 % before
    # opening, 70 % in the opening hours) are rescaled, the 10 % after closing are not counted
    assert abs(np.mean([len(r.customers) for r in recs]) - 200) < 30


def _cash(factor, share):
    return base_doc(
        arrivals={"per_day": 60},
        customers={
            "patience": None,
            "balking": None,
            "no_show_share": 0,
            "known_share": 0,
            "elderly_share": share,
            "elderly_service_factor": factor,
        },
        business=[{"code": "cash", "share": 1.0, "fixtures": ["cash_counter"], "service": 4}],
    )


def test_elderly_customers_take_longer_at_a_counter():
    young = _run(tiny_layout(1), _cash(1.5, 0.0))
    old = _run(tiny_layout(1), _cash(1.5, 1.0))
    svc = lambda recs: [c.service_end - c.service_start for r in recs for c in r.customers if c.outcome == "served"]  # noqa: E731
    assert set(np.round(svc(young), 6)) == {240.0}
    assert set(np.round(svc(old), 6)) == {360.0}


CARD = {
    "code": "card",
    "share": 1.0,
    "fixtures": ["smart_counter", "cash_counter"],
    "service": {"dist": "deterministic", "value": 3},
}


def test_elderly_customers_may_refuse_the_smart_counter():
    def smart_share(refusal):
        doc = base_doc(
            business=[CARD],
            arrivals={"per_day": 60},
            customers={
                "patience": None,
                "balking": None,
                "no_show_share": 0,
                "elderly_share": 1.0,
                "elderly_smart_refusal": refusal,
            },  # fmt: skip
            policies={"walking": True, "flex_rota": {"enabled": False}},
        )
        recs = _run(tiny_layout(1, smart=True), doc)
        cs = [c for r in recs for c in r.customers if c.outcome == "served"]
        return sum(c.fixture_kind == "smart_counter" for c in cs) / len(cs)

    assert smart_share(0.0) == 1.0
    assert 0.3 < smart_share(0.5) < 0.7
    assert smart_share(1.0) == 0.0


def test_standing_customers_give_up_sooner():
    def gave_up_standing(factor):
        doc = base_doc(
            arrivals={"per_day": 130},
            customers={
                "patience": {"dist": "weibull", "mean": 15, "shape": 2},
                "balking": None,
                "no_show_share": 0,
                "standing_patience_factor": factor,
            },  # fmt: skip
            policies={"walking": True, "flex_rota": {"enabled": False}},
        )
        recs = _run(tiny_layout(1, seats=4), doc)
        waits = [c.departure - c.arrival for r in recs for c in r.customers if c.stood and c.outcome == "reneged"]
        assert len(waits) > 10
        return np.mean(waits)

    # they give up after 40 % of their patience instead of all of it
    assert gave_up_standing(0.4) < 0.6 * gave_up_standing(1.0)


def _counter_auth(remote: bool):
    steps = [
        {"name": "transaction", "minutes": {"dist": "deterministic", "value": 4}},
        {"name": "authorisation", "minutes": 1, "needs": "supervisor", "share": 0.5},
    ]
    return base_doc(
        arrivals={"per_day": 50},
        business=[
            {
                "code": "cash",
                "share": 1.0,
                "fixtures": ["cash_counter"],
                "service": 4,
                "steps_by_kind": {"cash_counter": steps},
            }
        ],  # fmt: skip
        staff=[TELLER, {"id": "vp", "role": "ops_vp", "desk": "vp_desk", "can": ["supervise"]}],
        policies={"walking": True, "flex_rota": {"enabled": False}, "authorisation": {"remote": remote}},
    )


def test_a_step_needing_a_supervisor_waits_for_them_and_remote_authorisation_saves_the_walk():
    layout = tiny_layout(1, vp_desk=(17.0, 5.0))
    walked = _run(layout, _counter_auth(False))
    remote = _run(layout, _counter_auth(True))
    for recs in (walked, remote):
        served = [c for r in recs for c in r.customers if c.outcome == "served"]
        with_auth = [c for c in served if c.supervisor_wait is not None]
        assert 0.3 < len(with_auth) / len(served) < 0.7  # half the transactions have the step
        for c in with_auth:
            assert c.service_end - c.service_start == pytest.approx(300 + c.supervisor_wait)
        assert all(c.service_end - c.service_start == pytest.approx(240) for c in served if c.supervisor_wait is None)
    wait = lambda recs: np.mean([c.supervisor_wait for r in recs for c in r.customers if c.supervisor_wait is not None])  # noqa: E731
    # the VP walks from the desk to the teller (about 18 m) unless it is approved remotely
    assert wait(walked) > 10 and wait(remote) < 1
    walks = [w for r in walked for w in r.walks if w.actor_id == "vp" and w.purpose == "authorise"]
    assert walks and not [w for r in remote for w in r.walks if w.actor_id == "vp" and w.purpose == "authorise"]
    details = {a.detail for r in remote for a in r.staff if a.staff_id == "vp" and a.activity == "authorise"}
    assert details == {"remote"}
