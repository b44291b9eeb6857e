"""Values fitted from a queue log are drawn within their fit's confidence interval (issue 15 x 16):
`lobbysim calibrate` writes each fitted value's 95 % interval as its range, marked fitted, in place of
the base scenario's estimate ranges; the robustness analysis draws them inside it."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from lobbysim.calib.calibrate import calibrate
from lobbysim.experiments.uncertainty import design_points, locate, parse_path, scenario_space
from lobbysim.model.fileformat import load_layout
from lobbysim.sim.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import synthetic_log  # noqa: E402

LAYOUT = ROOT / "layouts" / "railway_station" / "after.lobby.json"
SCEN = ROOT / "layouts" / "railway_station" / "scenario.json"
CASH = "business[code=cash].steps_by_kind.cash_counter[name=transaction 办理].minutes"


@pytest.fixture(scope="module")
def cal(tmp_path_factory):
    d = tmp_path_factory.mktemp("log")
    synthetic_log.make_log(d / "queue_log.csv", n_days=6, seed=3)
    base = load_scenario(SCEN)
    return base, calibrate([d / "queue_log.csv"], load_layout(LAYOUT), base, holdout=0, reps=2)


def test_fitted_values_carry_their_confidence_interval_as_their_range(cal):
    base, c = cal
    doc = c.doc
    ranges = doc["ranges"]
    fitted = {p for p, r in ranges.items() if isinstance(r, dict) and r.get("fitted")}
    for must in (CASH + ".mean", "business[code=cash].share", "arrivals.per_day", "customers.patience.mean"):
        assert must in fitted, must
    for p in fitted:
        lo, hi = ranges[p]["range"]
        assert lo < locate(doc, parse_path(p)).value < hi, p
    # a service mean's interval: 1.96 cv / sqrt(n) either side, from the logged durations
    f = c.fits.service[("cash", "cash_counter")]
    mean = locate(doc, parse_path(CASH + ".mean")).value
    lo, hi = ranges[CASH + ".mean"]["range"]
    assert (hi - lo) / 2 == pytest.approx(1.959964 * mean * f.sample_cv / math.sqrt(f.n), rel=1e-3)
    # a share's: the binomial's over the log's customers
    n = sum(d.count for d in c.fits.arrivals.dates if not d.flagged)
    p = doc["business"][0]["share"]
    lo, hi = ranges["business[code=cash].share"]["range"]
    assert (hi - lo) / 2 == pytest.approx(1.959964 * math.sqrt(p * (1 - p) / n), rel=1e-3)
    # the base's estimate ranges of values the log told are gone, the others kept
    base_ranges = base.to_dict()["ranges"]
    assert base_ranges["arrivals.per_day"] != ranges["arrivals.per_day"]
    assert CASH + ".cv" in base_ranges and CASH + ".cv" not in ranges
    assert "arrivals.day_cv" not in ranges
    assert ranges["policies.marketing.contact_rate"] == base_ranges["policies.marketing.contact_rate"]
    assert "ranges.fitted" in doc["notes"] and "ranges." + CASH + ".cv" not in doc["notes"]


def test_fitted_values_are_drawn_within_their_interval(cal):
    _, c = cal
    sc = Scenario.from_dict(c.doc)
    assert sc.ranges[CASH + ".mean"].fitted
    space = scenario_space(c.doc)
    fitted = [i for i in space.inputs if i.fitted]
    assert len(fitted) >= 8
    values = space.values(design_points(space.dims, 256, 2))
    for i in fitted:
        v = values[i.param]
        assert np.all((v >= i.lo - 1e-12) & (v <= i.hi + 1e-12)), i.param
        if i.group is None:  # centred on the fitted value, most draws within the middle of the interval
            mid = np.abs(v - i.base) <= 0.5 * (i.hi - i.lo) / 2
            assert mid.mean() > 0.55, i.param
