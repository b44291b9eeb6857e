"""Intervals (coverage, bounds), paired differences, verdicts with minimum effects, q-values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lobbysim.errors import LobbysimError, UsageError
from lobbysim.experiments.stats import (
    HEADLINE_KPIS,
    MIN_EFFECTS,
    Estimate,
    analysis_from,
    bh_qvalues,
    estimate,
    kpi_bounds,
    kpi_estimate,
    p_value,
    paired_difference,
    parse_kpi_list,
    parse_min_effects,
    reps_to_decide,
    t_quantile,
    verdict,
)
from lobbysim.sim.kpis import KPI_INFO

SIGMA = math.sqrt(math.log(2.0))  # a lognormal with cv 1
DISTRIBUTIONS = {
    "normal": (lambda rng, n: rng.normal(10.0, 3.0, n), 10.0),
    "lognormal cv 1": (lambda rng, n: rng.lognormal(-SIGMA * SIGMA / 2, SIGMA, n), 1.0),
    "poisson 2": (lambda rng, n: rng.poisson(2.0, n).astype(float), 2.0),
}


@pytest.mark.parametrize("name", list(DISTRIBUTIONS))
def test_coverage_at_ten_replications_on_400_seeds(name):
    draw, mu = DISTRIBUTIONS[name]
    hits = 0
    for seed in range(400):
        e = estimate(draw(np.random.default_rng(seed), 10), lower=0.0)
        assert e.lo >= 0.0  # the mean of a non-negative quantity never gets a negative bound
        hits += e.lo <= mu <= e.hi
    print(f"{name}: coverage {hits / 400:.4f}")
    assert hits / 400 >= 0.92


def test_plain_t_would_under_cover_the_lognormal():
    """The reason for the skewness correction: the textbook interval misses the lognormal's mean
    far more often than 5 % at n = 10 (the coverage test above would fail with it)."""
    draw, mu = DISTRIBUTIONS["lognormal cv 1"]
    q = t_quantile(9)
    hits = 0
    for seed in range(400):
        x = draw(np.random.default_rng(seed), 10)
        half = q * x.std(ddof=1) / math.sqrt(10)
        hits += x.mean() - half <= mu <= x.mean() + half
    assert hits / 400 < 0.90


def test_intervals_respect_the_bounds_of_the_kpi():
    zeros = estimate([0.0] * 10, lower=0.0)
    assert (zeros.mean, zeros.lo, zeros.hi) == (0.0, 0.0, 0.0)
    rare = estimate([0, 0, 0, 0, 0, 0, 0, 0, 0, 5], lower=0.0)  # a balk on one day in ten
    assert rare.lo == 0.0 and rare.hi > rare.mean == 0.5
    share = kpi_estimate("share_wait_over_15min", [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.1, 0.0])
    assert share.lo == 0.0 and 0.01 <= share.hi <= 1.0
    full = kpi_estimate("share_served", [1.0, 1.0, 0.9, 1.0, 1.0])
    assert full.hi <= 1.0 and full.lo < full.mean
    assert kpi_bounds("ops_vp_floor_share") == (0.0, 1.0) and kpi_bounds("balked") == (0.0, None)
    # a paired difference may go either way
    d = paired_difference([1.0, 2.0, 3.0, 2.0], [0.5, 2.5, 2.0, 2.2])
    assert d.lo < 0 < d.hi


def test_symmetric_samples_get_the_student_t_interval():
    e = estimate([1.0, 2.0, 3.0])
    assert e.hi - e.mean == pytest.approx(4.302653 / math.sqrt(3), rel=1e-5)
    assert e.mean - e.lo == pytest.approx(e.hi - e.mean)
    assert t_quantile(4) == pytest.approx(2.776445, abs=1e-6) and t_quantile(1000) == pytest.approx(1.962339, abs=1e-6)


def test_paired_difference_is_narrower_on_common_random_numbers():
    rng = np.random.default_rng(3)
    day = rng.normal(20, 5, size=30)  # day-to-day noise shared by both variants
    a = day + rng.normal(0, 0.5, size=30)
    b = day - 1.0 + rng.normal(0, 0.5, size=30)
    paired = paired_difference(a, b)
    ea, eb = estimate(a), estimate(b)
    assert paired.hi < 0  # B is clearly lower
    assert (paired.hi - paired.lo) < 0.3 * ((ea.hi - ea.lo) + (eb.hi - eb.lo))
    assert paired.mean == pytest.approx(float(np.mean(b - a)))


def _d(lo, hi, n=10, sd=1.0):
    return Estimate((lo + hi) / 2, lo, hi, n, sd)


def test_verdicts_are_equivalence_tests_against_the_minimum_effect():
    delta = 0.5
    assert verdict(_d(-3.0, -1.0), "lower", delta) == "better"
    assert verdict(_d(-3.0, -1.0), "higher", delta) == "worse"
    assert verdict(_d(1.0, 3.0), "higher", delta) == "better"
    assert verdict(_d(1.0, 3.0), None, delta) == "changed"
    # significantly different from zero, but by less than anyone cares about: no meaningful change
    assert verdict(_d(-0.04, -0.01), "lower", delta) == "same"
    assert verdict(_d(-0.3, 0.4), "lower", delta) == "same"
    # straddles a threshold: cannot tell yet
    assert verdict(_d(-0.7, -0.2), "lower", delta) == "inconclusive"
    assert verdict(_d(-0.7, 0.7), None, delta) == "inconclusive"
    # a difference exactly at the minimum effect is worth reporting
    assert verdict(_d(1.0, 1.0, sd=0.0), "higher", 1.0) == "better"
    # no verdict from one replication, without data, or without a minimum effect
    assert verdict(Estimate(0.3, math.nan, math.nan, 1), "lower", delta) == "n/a"
    assert verdict(_d(-3.0, -1.0), "lower", None) == "n/a"


def test_replications_to_decide_make_the_interval_fit():
    rng = np.random.default_rng(5)
    a = rng.normal(10, 1, 8)
    b = a - 0.8 + rng.normal(0, 0.6, 8)
    d = paired_difference(a, b)
    assert verdict(d, "lower", 0.5) == "inconclusive"
    n = reps_to_decide(d, 0.5)
    assert n is not None and n > d.n
    room = min(abs(d.mean - 0.5), abs(d.mean + 0.5))
    assert t_quantile(n - 1) * d.sd / math.sqrt(n) < room <= t_quantile(n - 2) * d.sd / math.sqrt(n - 1)
    assert reps_to_decide(Estimate(0.5, 0.2, 0.8, 5, 0.3), 0.5) is None  # on the threshold


def test_benjamini_hochberg_q_values():
    p = [0.01, 0.04, 0.03, 0.005, None, 0.9]
    q = bh_qvalues(p)
    # by hand: sorted p 0.005, 0.01, 0.03, 0.04, 0.9 (m = 5) -> 0.025, 0.025, 0.05, 0.05, 0.9
    assert q == pytest.approx([0.025, 0.05, 0.05, 0.025, None, 0.9])
    assert bh_qvalues([None, None]) == [None, None]
    # the p-value is the minimum-effect test's: an effect far beyond the threshold is tiny,
    # one inside it is 1
    assert p_value(Estimate(5.0, 4.0, 6.0, 10, 1.0), 1.0) < 1e-6
    assert p_value(Estimate(0.2, 0.0, 0.4, 10, 0.3), 1.0) == 1.0


def test_every_kpi_has_a_minimum_effect_and_the_headline_kpis_exist():
    missing = [k for k in KPI_INFO if k not in MIN_EFFECTS]
    assert not missing, f"give these KPIs a minimum effect in MIN_EFFECTS: {missing}"
    assert all(v > 0 for v in MIN_EFFECTS.values())
    assert set(HEADLINE_KPIS) <= set(KPI_INFO)


def test_every_kpi_has_a_week_rule_with_a_known_weight():
    from lobbysim.experiments.week import WEEK_RULES, WEIGHTS

    missing = [k for k in KPI_INFO if k not in WEEK_RULES]
    assert not missing, f"say how these KPIs combine over a week in WEEK_RULES: {missing}"
    assert all(r.how in ("sum", "max") or r.weight in WEIGHTS for r in WEEK_RULES.values())


def test_analysis_settings_from_the_scenario_and_the_command_line():
    doc = {"analysis": {"headline_kpis": ["served", "wait_mean_min"], "min_effects": {"wait_mean_min": 0.25}}}
    a = analysis_from(doc, "s.json", {"balked": 2.0})
    assert a.headline == ("served", "wait_mean_min")
    assert a.min_effect("wait_mean_min") == 0.25 and a.min_effect("balked") == 2.0
    assert a.min_effect("served") == MIN_EFFECTS["served"]
    with pytest.raises(
        LobbysimError, match=r"s\.json: analysis.min_effects: unknown KPI 'wait_men_min' .*wait_mean_min"
    ):
        analysis_from({"analysis": {"min_effects": {"wait_men_min": 1}}}, "s.json")
    with pytest.raises(LobbysimError, match="must be a number > 0"):
        analysis_from({"analysis": {"min_effects": {"served": 0}}}, "s.json")
    assert parse_min_effects(["served=3"]) == {"served": 3.0}
    for bad in ("happiness=1", "served=-1", "served=abc"):
        with pytest.raises(UsageError, match="--min-effect"):
            parse_min_effects([bad])
    assert parse_kpi_list("served, balked", "--precision-kpis", ()) == ("served", "balked")
    with pytest.raises(UsageError, match="--precision-kpis: unknown KPI 'happiness'"):
        parse_kpi_list("served,happiness", "--precision-kpis", ())


def test_degenerate_inputs():
    e = estimate([5.0])
    assert e.mean == 5.0 and math.isnan(e.lo) and not e.has_interval
    assert estimate([]).n == 0
    assert estimate([1.0, float("nan"), 3.0]).n == 2
    with pytest.raises(ValueError):
        paired_difference([1, 2], [1, 2, 3])
    assert estimate([2.0, 2.0, 2.0]).ci95 == (2.0, 2.0)


def test_a_daily_indicator_gets_a_proportions_interval_even_when_every_day_agrees():
    from lobbysim.experiments.stats import kpi_estimate

    all_days = kpi_estimate("call_list_used_up", [1.0] * 40)
    assert all_days.mean == 1.0 and all_days.lo == pytest.approx(0.9124, abs=1e-4) and all_days.hi == 1.0
    half = kpi_estimate("call_list_used_up", [0.0, 1.0] * 20)
    assert (half.lo, half.hi) == pytest.approx((0.352, 0.648), abs=1e-3)
    # coverage of the Wilson interval at n = 10, p = 0.8, 400 seeds
    rng = np.random.default_rng(3)
    hits = sum(
        e.lo <= 0.8 <= e.hi for e in (kpi_estimate("call_list_used_up", rng.random(10) < 0.8) for _ in range(400))
    )
    assert hits / 400 >= 0.92
    assert kpi_estimate("outbound_calls", [20.0] * 40).ci95 == (20.0, 20.0)  # not an indicator: a plain mean


def test_the_same_difference_in_every_replication_needs_the_sign_tests_six_replications():
    """Two replications that both differ by +2 lost customers are not a finding: the t interval
    of a constant sample is the point [2, 2] at any n. Before 6 replications such a difference has
    no interval, is inconclusive (6 to decide) and its p-value is the sign test's; from 6 on it
    counts, with p = 2 * 0.5**6; a difference of exactly 0 everywhere is [0, 0] from 2 on."""
    from lobbysim.experiments.stats import SIGN_TEST_REPS

    assert SIGN_TEST_REPS == 6
    two = paired_difference([23, 20], [25, 22])
    assert two.mean == 2 and not two.has_interval
    assert verdict(two, "lower", 1.0) == "inconclusive"
    assert reps_to_decide(two, 1.0) == 6 and p_value(two, 1.0) == 0.5
    five = paired_difference([20] * 5, [22] * 5)
    assert verdict(five, "lower", 1.0) == "inconclusive" and p_value(five, 1.0) == pytest.approx(2 / 32)
    six = paired_difference([20] * 6, [22] * 6)
    assert six.ci95 == (2, 2) and verdict(six, "lower", 1.0) == "worse"
    assert p_value(six, 1.0) == pytest.approx(2 / 64)
    zero = paired_difference([20, 21], [20, 21])
    assert zero.ci95 == (0, 0) and verdict(zero, "lower", 1.0) == "same"
    spread = paired_difference([20, 21], [22, 24])  # differences 2 and 3: a t interval as before
    assert spread.has_interval and spread.lo < 2
