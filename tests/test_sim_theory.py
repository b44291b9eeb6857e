"""The lobby model against queueing theory: Erlang C, Little's law, conservation of customers."""

import math
from pathlib import Path

import numpy as np
import pytest

from lobbysim.experiments.stats import estimate
from lobbysim.model.fileformat import load_layout
from lobbysim.sim import simulate
from lobbysim.sim.scenario import load_scenario
from lobbysim.sim.testing import mmc_scenario, tiny_layout


def erlang_c_wait(c: int, lam: float, mu: float) -> float:
    """Mean wait in queue of M/M/c (Erlang C)."""
    a = lam / mu
    rho = a / c
    s = sum(a**k / math.factorial(k) for k in range(c))
    top = a**c / math.factorial(c) / (1 - rho)
    pw = top / (s + top)
    return pw / (c * mu - lam)


SAMPLE = Path(__file__).resolve().parents[1] / "layouts" / "railway_station"


@pytest.fixture(scope="module")
def sample_layouts():
    return {v: load_layout(SAMPLE / f"{v}.lobby.json") for v in ("before", "after")}


@pytest.fixture(scope="module")
def sample_scenario():
    return load_scenario(SAMPLE / "scenario.json")


def _rep_waits(c, rho, reps, hours, warmup_h, seed=11):
    layout = tiny_layout(c, ticket=False, desk=False)
    sc = mmc_scenario(c, rho, 1.0, hours)
    means = []
    for r in range(reps):
        rec = simulate(layout, sc, "mon", seed, r)
        w = [cr.service_start - cr.arrival for cr in rec.customers if cr.arrival >= warmup_h * 3600]
        means.append(np.mean(w) / 60)
    return means


#: (hours of arrivals, warm-up hours) by (c, rho): the queue starts empty and relaxes to its steady
#: state in about 1/(c mu (1 - sqrt(rho))^2): 6 h for M/M/1 at 0.9, under an hour at 0.5
RUNS = {
    (1, 0.5): (12, 1),
    (1, 0.8): (24, 3),
    (1, 0.9): (48, 12),
    (3, 0.5): (12, 1),
    (3, 0.8): (24, 2),
    (3, 0.9): (24, 4),
}


@pytest.mark.parametrize("c", [1, 3])
@pytest.mark.parametrize("rho", [0.5, 0.8, 0.9])
def test_mean_wait_matches_erlang_c(c, rho):
    hours, warmup = RUNS[c, rho]
    means = _rep_waits(c, rho, 20, hours, warmup)
    m, (lo, hi) = estimate(means).mean, estimate(means).ci95
    theory = erlang_c_wait(c, rho * c, 1.0)
    assert lo <= theory <= hi, f"c={c} rho={rho}: simulated {m:.3f} [{lo:.3f}, {hi:.3f}] vs Erlang C {theory:.3f}"


def test_erlang_c_formula_reference_values():
    # M/M/1: Wq = rho / (mu - lam); M/M/2 with a=1: P(wait)=1/3, Wq = (1/3)/(2-1)
    assert erlang_c_wait(1, 0.8, 1.0) == pytest.approx(4.0)
    assert erlang_c_wait(2, 1.0, 1.0) == pytest.approx(1 / 3)


def test_littles_law_holds_on_the_records():
    layout = tiny_layout(3, ticket=False, desk=False)
    sc = mmc_scenario(3, 0.8, 1.0, 12)
    for r in range(3):
        rec = simulate(layout, sc, "mon", 5, r)
        t0, t1 = rec.open_time, rec.end_time
        occ = rec.occupancy
        area = sum(o.inside * (min(n.time, t1) - o.time) for o, n in zip(occ, occ[1:]))
        L = area / (t1 - t0)
        lam = len(rec.customers) / (t1 - t0)
        W = np.mean([c.departure - c.arrival for c in rec.customers])
        assert abs(L - lam * W) / L < 0.02


def test_littles_law_for_the_queue_against_theory():
    # mean number waiting (time average) = lambda * Wq, with lambda the arrival rate parameter
    c, rho = 3, 0.8
    layout = tiny_layout(c, ticket=False, desk=False)
    sc = mmc_scenario(c, rho, 1.0, 12)
    ls, lw = [], []
    for r in range(6):
        rec = simulate(layout, sc, "mon", 7, r)
        q = [s for s in rec.queues if s.queue == "tickets"]
        end = rec.close_time
        area = sum(
            s.length * (min(n.time, end) - s.time) for s, n in zip(q, q[1:] + [type(q[0])(end, "", 0)]) if s.time < end
        )
        ls.append(area / (end - rec.open_time))
        lw.append(np.mean([cr.service_start - cr.arrival for cr in rec.customers]) / 60 * rho * c)
    assert abs(np.mean(ls) - np.mean(lw)) / np.mean(lw) < 0.02


@pytest.mark.parametrize("variant", ["before", "after"])
def test_conservation_in_every_replication(variant, sample_layouts, sample_scenario):
    layout = sample_layouts[variant]
    for day in ("mon", "thu", "sat"):
        for r in range(3):
            rec = simulate(layout, sample_scenario, day, 3, r)
            outcomes = [c.outcome for c in rec.customers]
            arrived = len(outcomes)
            parts = sum(outcomes.count(o) for o in ("served", "balked", "reneged", "no_show", "inside_at_close"))
            assert arrived == parts
            assert all((c.departure is None) == (c.outcome == "inside_at_close") for c in rec.customers)
            assert all(c.service_end is not None for c in rec.customers if c.outcome == "served")
