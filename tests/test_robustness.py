"""Ranges of a scenario (issue 15): paths, checks, draws, mixes, and the sensitivity measure. No simulation."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest

from lobbysim.errors import LobbysimError, UsageError
from lobbysim.experiments.robustness import draw_sets, rank_correlations, tornado_ends
from lobbysim.experiments.uncertainty import (
    RangeError,
    check_samples,
    design_points,
    group_of,
    locate,
    numeric_paths,
    parse_path,
    path_text,
    scenario_space,
)

ROOT = Path(__file__).resolve().parents[1]
SCEN = ROOT / "layouts/railway_station/scenario.json"


@pytest.fixture
def doc():
    d = json.loads(SCEN.read_text("utf-8"))
    d.pop("ranges", None)
    return d


def with_ranges(doc, ranges):
    d = copy.deepcopy(doc)
    d["ranges"] = ranges
    return d


# --- paths --------------------------------------------------------------------------------------------
def test_paths_address_list_items_by_key_and_hours_by_clock(doc):
    assert locate(doc, parse_path("business[code=card].service.mean")).value == 6
    assert locate(doc, parse_path("staff[id=low_cs]")).value["counter"] == "low1"
    assert locate(doc, parse_path("policies.cover[rule=open_window].open_at")).value == 6
    # the sample's hourly profile starts at 8:00, so 10:00-11:00 is the third share
    assert locate(doc, parse_path("arrivals.hourly.shares[hour=10]")).value == doc["arrivals"]["hourly"]["shares"][2]
    assert path_text(parse_path(" business[code=cash].share ")) == "business[code=cash].share"
    paths = dict(numeric_paths(doc))
    assert paths["business[code=cash].service.mean"] == 5
    assert paths["arrivals.hourly.shares[hour=17]"] == doc["arrivals"]["hourly"]["shares"][-1]
    assert not any(p.startswith(("format", "version", "notes")) for p in paths)
    for bad in ("", "a..b", "[code=x].share", "business[code=cash]share", "a."):
        with pytest.raises(ValueError):
            parse_path(bad)


def test_groups_are_the_mixes_that_sum_to_one():
    assert group_of("business[code=cash].share") == "business[*].share"
    assert group_of("arrivals.hourly.shares[hour=9]") == "arrivals.hourly.shares"
    assert group_of("arrivals.hourly_by_day.sat.shares[hour=9]") == "arrivals.hourly_by_day.sat.shares"
    assert group_of("arrivals.mix_by_day.sun.cash") == "arrivals.mix_by_day.sun"
    assert group_of("policies.flex_rota.outcomes.lead") == "policies.flex_rota.outcomes"
    assert group_of("business[code=cash].service.mean") is None
    assert group_of("business[code=cash].vip_share") is None


# --- bad ranges: one line each ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "ranges,expect",
    [
        ({"customers.patience.meen": [10, 30]}, "did you mean 'customers.patience.mean'"),
        ({"business[code=cassh].service.mean": [3, 8]}, "no item with code = 'cassh'"),
        ({"staff[id=rm3].shifts": [1, 2]}, "names a list, not a number"),
        ({"arrivals.hourly.shares[hour=3]": [0.0, 0.1]}, "shares for hours 8 to 17, not 3"),
        ({"customers.no_show_share": [0.05, 1.5]}, "the high end 1.5 is not a valid value there"),
        ({"business[code=card].service.mean": [-1, 8]}, "the low end -1 is not a valid value"),
        ({"business[code=cash].service.mean": [4, 7]}, "is not used: business cash is timed in steps"),
        ({"business[code=account].service.mean": [4, 7]}, "is not used: business account is timed by"),
        ({"customers.patience.mean": [25, 40]}, "does not contain the scenario's value 20"),
        ({"business[code=cash].share": [0.3, 1.2]}, "a share must stay within [0, 1]"),
        ({"notes.hours": [1, 2]}, "'notes' holds no scenario parameter"),
        ({"policies.flex_rota.outcomes.no_answer": [0.3, 0.5], "policies.flex_rota.outcomes.talked": [0.5, 0.5],
          "policies.flex_rota.outcomes.lead": [0.1, 0.1]}, "every other share of its mix"),
    ],
)  # fmt: skip
def test_a_bad_range_is_one_line_naming_it(doc, ranges, expect):
    with pytest.raises(RangeError) as e:
        scenario_space(with_ranges(doc, ranges), "s.json")
    msg = str(e.value)
    assert expect in msg and msg.startswith("s.json: ranges.") and "\n" not in msg


def test_a_reversed_range_is_refused_by_the_parser(doc):
    with pytest.raises(LobbysimError, match="ends .* below where it starts"):
        scenario_space(with_ranges(doc, {"customers.patience.mean": [40, 10]}))


def test_sample_counts_and_designs_are_checked():
    with pytest.raises(UsageError, match="at least 8"):
        check_samples(7, "lhs")
    with pytest.raises(UsageError, match="power of two"):
        check_samples(48, "sobol")
    with pytest.raises(UsageError, match="--design"):
        check_samples(64, "grid")
    assert check_samples(64, "sobol") == 64


# --- draws ---------------------------------------------------------------------------------------------
def test_draws_follow_their_ranges_and_distributions(doc):
    ranges = {
        "customers.patience.mean": [12, 35],  # triangular, mode 20
        "business[code=card].service.mean": {"range": [4, 7], "dist": "uniform"},
        "customers.known_share": {"range": [0.05, 0.3], "dist": "pert"},
        "policies.flex_rota.call_list.size": [160, 240],  # the parser wants a whole number
        "customers.no_show_share": [0.1, 0.1],  # zero width: fixed, no input
    }
    space = scenario_space(with_ranges(doc, ranges))
    assert [i.param for i in space.inputs] == [
        "customers.patience.mean",
        "business[code=card].service.mean",
        "customers.known_share",
        "policies.flex_rota.call_list.size",
    ]
    assert space.fixed == ["customers.no_show_share"] and space.dims == 4
    u = design_points(space.dims, 4000, 3)
    v = space.values(u)
    pat = v["customers.patience.mean"]
    assert pat.min() >= 12 and pat.max() <= 35
    assert np.mean(pat) == pytest.approx((12 + 20 + 35) / 3, rel=0.01)  # the triangular's mean
    hist, edges = np.histogram(pat, bins=23, range=(12, 35))
    assert 19 <= edges[np.argmax(hist)] <= 21  # its mode is the scenario's value
    assert np.mean(v["business[code=card].service.mean"]) == pytest.approx(5.5, rel=0.01)
    known = v["customers.known_share"]
    assert np.mean(known) == pytest.approx((0.05 + 4 * 0.15 + 0.3) / 6, rel=0.02)  # PERT's mean
    size = v["policies.flex_rota.call_list.size"]
    assert set(np.unique(size)) <= set(range(160, 241)) and len(np.unique(size)) >= 60
    # a Latin hypercube: every input's draws fill each of n equal strata once
    u8 = design_points(3, 8, 5)
    assert all(sorted((u8[:, j] * 8).astype(int)) == list(range(8)) for j in range(3))
    assert np.array_equal(design_points(3, 8, 5), u8) and not np.array_equal(design_points(3, 8, 6), u8)


def test_mixes_are_drawn_as_a_whole_and_always_sum_to_one(doc):
    ranges = {
        "business[code=cash].share": [0.30, 0.46],
        "business[code=self].share": {"range": [0.05, 0.10], "dist": "pert"},
        "business[code=wealth].share": [0.012, 0.012],
        "policies.flex_rota.outcomes.lead": [0.05, 0.2],
    }
    space = scenario_space(with_ranges(doc, ranges))
    biz = next(g for g in space.groups if g.name == "business[*].share")
    assert biz.fixed == ("business[code=wealth].share",) and biz.dims == 3  # cash, self, the rest
    v = space.values(design_points(space.dims, 2000, 1))
    codes = [b["code"] for b in doc["business"]]
    total = sum(v[f"business[code={c}].share"] for c in codes if f"business[code={c}].share" in v) + 0.012
    assert np.allclose(total, 1.0)
    assert "business[code=wealth].share" not in v  # fixed at its value
    cash = v["business[code=cash].share"]
    assert cash.min() >= 0 and np.mean(cash) == pytest.approx(0.38, abs=0.01)
    # the spread matches the range's (a triangular over [0.30, 0.46] around 0.38)
    assert np.std(cash) == pytest.approx(
        np.sqrt((0.3**2 + 0.46**2 + 0.38**2 - 0.3 * 0.46 - 0.3 * 0.38 - 0.46 * 0.38) / 18), rel=0.35
    )
    # the members without a range keep their proportions among themselves
    card, account = v["business[code=card].share"], v["business[code=account].share"]
    assert np.allclose(card / account, 0.13 / 0.19)
    outcomes = ["no_answer", "talked", "lead"]
    assert np.allclose(sum(v[f"policies.flex_rota.outcomes.{o}"] for o in outcomes), 1.0)
    # every drawn document reads
    d = with_ranges(doc, ranges)
    draws = draw_sets(d, 8, 2)
    assert not draws.invalid and len(draws.valid) == 8
    for one in draws.docs:
        assert abs(sum(b["share"] for b in one["business"]) - 1) < 1e-9 and "ranges" not in one


def test_fitted_values_stay_within_their_confidence_interval(doc):
    r = {"business[code=card].service.mean": {"range": [5.6, 6.6], "fitted": True}}
    space = scenario_space(with_ranges(doc, r))
    x = space.values(design_points(1, 4000, 9))["business[code=card].service.mean"]
    assert x.min() >= 5.6 and x.max() <= 6.6
    # two half-normals with 95 % inside: sd 0.4/1.96 below 6, 0.6/1.96 above
    below, above = x[x < 6], x[x >= 6]
    assert len(below) / len(x) == pytest.approx(0.4 / 1.0, abs=0.03)
    assert np.sqrt(np.mean((above - 6) ** 2)) == pytest.approx(0.6 / 1.96 * 0.93, rel=0.1)
    assert space.inputs[0].to_dict()["fitted"] is True


def test_a_draw_the_parser_refuses_is_reported_skipped_and_counted(doc):
    # each end is valid alone, but a walking speed's mean above its own maximum is not
    ranges = {
        "customers.elderly_walk_speed.mean": {"range": [0.8, 1.3], "dist": "uniform"},
        "customers.elderly_walk_speed.max": {"range": [0.9, 1.4], "dist": "uniform"},
    }
    draws = draw_sets(with_ranges(doc, ranges), 32, 4)
    assert 0 < len(draws.invalid) < 32
    mean = draws.values["customers.elderly_walk_speed.mean"]
    top = draws.values["customers.elderly_walk_speed.max"]
    assert [i for i, _ in draws.invalid] == [i + 1 for i in range(32) if not mean[i] < top[i]]
    assert all("min < mean < max" in why for _, why in draws.invalid)
    assert len(draws.valid) == 32 - len(draws.invalid)


def test_nothing_to_vary_is_one_line(doc):
    with pytest.raises(LobbysimError, match="nothing to vary"):
        draw_sets(with_ranges(doc, {"customers.patience.mean": [20, 20]}), 8, 1)
    with pytest.raises(LobbysimError, match="no 'ranges' section"):
        draw_sets(doc, 8, 1)


# --- the sensitivity measure ------------------------------------------------------------------------------
def test_partial_rank_correlation_finds_the_input_that_moves_the_output():
    rng = np.random.default_rng(0)
    x = rng.random((64, 5))
    y = np.exp(3 * x[:, 2]) - 2 * x[:, 0] + 0.1 * rng.standard_normal(64)  # monotone, not linear
    measure, coef, p = rank_correlations(x, y)
    assert measure == "prcc"
    assert np.argmax(np.abs(coef)) == 2 and coef[2] > 0.9 and p[2] < 1e-6
    assert coef[0] < -0.5 and p[0] < 0.01
    assert all(abs(coef[j]) < 0.4 and p[j] > 0.01 for j in (1, 3, 4))
    # too few rows for partial correlations: Spearman's, said so
    measure, coef, _ = rank_correlations(x[:8], y[:8])
    assert measure == "spearman" and np.argmax(np.abs(coef)) == 2
    # a constant output: nothing drives it
    _, coef, p = rank_correlations(x, np.ones(64))
    assert np.all(coef == 0) and np.all(p == 1)
    lo, hi = tornado_ends(x[:, 2], y)
    assert lo < np.mean(y) < hi


def test_the_sample_scenario_ranges_its_estimates_each_with_a_reason():
    doc = json.loads(SCEN.read_text("utf-8"))
    space = scenario_space(doc, str(SCEN))
    assert len(space.inputs) >= 30 and not space.fixed
    for path in doc["ranges"]:
        assert len(doc["notes"].get("ranges." + path, "")) > 20, path
    for must in ("customers.patience.mean", "policies.marketing.contact_rate", "policies.flex_rota.half_distance_m"):
        assert must in doc["ranges"]
    draws = draw_sets(doc, 16, 1)
    assert not draws.invalid


def test_the_summary_table_has_a_column_for_every_verdicts_share():
    from lobbysim.experiments.robustness_tables import summary_rows

    shares = {"better": 0.1, "worse": 0.2, "no_change": 0.3, "changed": 0.15, "inconclusive": 0.25, "na": 0.0}
    entry = {f"share_{k}": v for k, v in shares.items()}
    entry.update(verdict="same", share_holds=0.3, headline=True, diff_p05=-1.0, diff_p50=0.5, diff_p95=2.0)
    entry["drivers"] = [{"param": "customers.patience.mean", "index": 0.61, "p": 0.001, "q": 0.004}]
    res = {"sensitivity": "prcc", "headline_kpis": ["wait_mean_min"]}
    res["days"] = {"mon": {"kpis": {"wait_mean_min": entry}}}
    header, (row,) = summary_rows(res, "mon")
    for col, key in (("better", "better"), ("worse", "worse"), ("no change", "no_change")):
        assert row[header.index(col)] == f"{100 * shares[key]:.0f}%"
    assert row[header.index("changed")] == "15%" and row[header.index("inconclusive")] == "25%"
    assert header[-1] == "clear drivers (PRCC)" and row[-1] == "customers.patience.mean (+0.61)"
