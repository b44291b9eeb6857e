"""Confidence intervals, paired differences and verdicts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lobbysim.experiments.stats import Estimate, estimate, paired_difference, t975, verdict


@pytest.mark.parametrize(
    "df,expected",
    [(1, 12.7062), (4, 2.7764), (9, 2.2622), (29, 2.0452), (35, 2.0301), (45, 2.0141), (150, 1.9759), (10_000, 1.9602)],
)
def test_t_quantiles(df, expected):
    assert t975(df) == pytest.approx(expected, abs=2e-3)


def test_interval_covers_the_true_mean_95_percent_of_the_time():
    rng = np.random.default_rng(7)
    hits = 0
    trials = 3000
    for _ in range(trials):
        e = estimate(rng.normal(10.0, 3.0, size=5))
        hits += e.lo <= 10.0 <= e.hi
    assert 0.935 <= hits / trials <= 0.965


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


def test_verdicts_follow_the_direction_of_better():
    lower = Estimate(-2.0, -3.0, -1.0, 10)
    higher = Estimate(2.0, 1.0, 3.0, 10)
    straddle = Estimate(0.5, -1.0, 2.0, 10)
    assert verdict(lower, "lower") == "better" and verdict(lower, "higher") == "worse"
    assert verdict(higher, "higher") == "better" and verdict(higher, "lower") == "worse"
    assert verdict(straddle, "lower") == "same" and verdict(higher, None) == "same"


def test_degenerate_inputs():
    e = estimate([5.0])
    assert e.mean == 5.0 and math.isnan(e.lo)
    assert estimate([]).n == 0
    assert estimate([1.0, float("nan"), 3.0]).n == 2
    with pytest.raises(ValueError):
        paired_difference([1, 2], [1, 2, 3])
    assert estimate([2.0, 2.0, 2.0]).ci95 == (2.0, 2.0)
