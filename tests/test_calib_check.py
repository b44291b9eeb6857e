"""check-model on a synthetic log and its calibrated scenario; the fit and check reports; date effects."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from lobbysim.cli import main

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import synthetic_log  # noqa: E402

LAYOUT = str(ROOT / "layouts" / "railway_station" / "before.lobby.json")


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    d = tmp_path_factory.mktemp("check")
    log = d / "log.csv"
    truth = synthetic_log.make_log(log, n_days=20, seed=9)
    out = d / "cal.scenario.json"
    args = ["calibrate", str(log), "--layout", LAYOUT, "--out", str(out), "--report", str(d / "fit.pdf")]
    assert main([*args, "--lang", "zh"]) == 0
    truth_path = d / "truth.scenario.json"
    truth_path.write_text(json.dumps(truth.scenario, ensure_ascii=False), encoding="utf-8")
    return {"dir": d, "log": log, "scenario": out, "truth": truth, "truth_path": truth_path}


def _check(c, scenario, name, *extra):
    js = c["dir"] / f"{name}.json"
    args = ["check-model", str(c["log"]), "--layout", LAYOUT, "--scenario", str(scenario), "--reps", "10"]
    assert main([*args, "--json", str(js), *extra]) == 0
    return json.loads(js.read_text())


def test_check_model_on_held_out_days(calibrated, capsys):
    """The calibrated scenario judges the held-out days as well as the scenario that generated the
    log does (the best any calibration can do: four days are four draws of the model's randomness)."""
    c = calibrated
    res = _check(c, c["scenario"], "check", "--report", str(c["dir"] / "check.pdf"))
    assert res["days"] == c["truth"].dates[-4:]  # the days calibrate held out
    notes = json.loads(c["scenario"].read_text())["notes"]["calibration"]
    assert all(d not in notes.split("held out")[0] for d in res["days"])
    out = capsys.readouterr().out
    truth = _check(c, c["truth_path"], "truth")
    within, judged = res["hours_within"]
    # 10 replications give rough 5-95 % ranges: two hours either way are within their noise
    assert judged == 8 and within >= truth["hours_within"][0] - 2, (res["by_hour"], truth["by_hour"])
    err, err_truth = (abs(r["kpis"]["mean_wait_min"]["rel_error"]) for r in (res, truth))
    assert err < 0.3 and err <= err_truth + 0.1, (err, err_truth)
    assert set(res["served_per_window"]["observed"]) <= {"cash1", "cash2", "cash3", "low1", "wm_desk"}
    assert "Mean wait (min)" in out and "on the 4 logged days the model's mean wait is within" in out
    for pdf in ("fit.pdf", "check.pdf"):
        assert (c["dir"] / pdf).read_bytes()[:5] == b"%PDF-"


def test_check_model_tells_a_wrong_scenario(calibrated):
    """Service times twice the fitted ones: the check must see it."""
    from lobbysim.calib.calibrate import service_slot

    c = calibrated
    doc = json.loads(c["scenario"].read_text())
    for b in doc["business"]:
        b["service"]["mean"] *= 2
        for kind in b["fixtures"]:
            box, slot = service_slot(b, kind)
            if slot != "service" and isinstance(box.get(slot), dict) and "mean" in box[slot]:
                box[slot]["mean"] *= 2
    wrong = c["dir"] / "wrong.scenario.json"
    wrong.write_text(json.dumps(doc, ensure_ascii=False))
    res = _check(c, wrong, "wrong")
    within, judged = res["hours_within"]
    assert within <= judged // 2
    assert res["kpis"]["mean_wait_min"]["rel_error"] > 0.5


def test_in_sample_days_are_warned(calibrated, capsys):
    c = calibrated
    first = c["truth"].dates[0]
    args = ["check-model", str(c["log"]), "--layout", LAYOUT, "--scenario", str(c["scenario"]), "--days", first]
    assert main([*args, "--reps", "2"]) == 0
    assert f"warning: {first} were used to fit this scenario" in capsys.readouterr().out
    assert main([*args[:-1], "2023-01-01", "--reps", "2"]) == 2


def test_a_payday_spike_is_flagged_not_averaged(tmp_path):
    from lobbysim.calib.fitting import fit_log
    from lobbysim.calib.reading import fixture_kinds, read_logs
    from lobbysim.model.fileformat import load_layout
    from lobbysim.sim.scenario import load_scenario

    log_path = tmp_path / "log.csv"
    truth = synthetic_log.make_log(log_path, n_days=15, seed=3, spikes={6: 1.8})
    layout, base = load_layout(LAYOUT), load_scenario(synthetic_log.SAMPLE)
    log = read_logs([log_path], layout, base)
    fits = fit_log(log, fixture_kinds(layout), base)
    flagged = [d for d in fits.arrivals.dates if d.flagged]
    assert [d.weekday for d in flagged] == ["tue"] and len(flagged) == 1
    assert "date effect: " + truth.dates[6] in " ".join(fits.notes)
    tue = [d.count for d in fits.arrivals.dates if d.weekday == "tue" and not d.flagged]
    assert fits.arrivals.weekday_mean["tue"] == pytest.approx(sum(tue) / len(tue))
