"""Honest verdicts end to end on the sample: no verdict from one replication, no trivial 'better',
bounded intervals, runs to a precision, the week, and bad options."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lobbysim.cli import main
from lobbysim.experiments.experiment import compare, load_variant, run_experiment
from lobbysim.experiments.labels import DAYS
from lobbysim.experiments.runner import LocalPoolExecutor, SerialExecutor
from lobbysim.experiments.store import ResultStore
from lobbysim.sim.kpis import KPI_INFO, compute_kpis

ROOT = Path(__file__).resolve().parents[1]
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
SCEN = str(ROOT / "layouts/railway_station/scenario.json")


def _json(capsys, argv) -> dict:
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_one_replication_gives_no_verdict(tmp_path, capsys):
    d = _json(
        capsys,
        ["compare", BEFORE, AFTER, "--scenario", SCEN, "--days", "mon,thu", "--reps", "1", "--json", "-"]
        + ["--workers", "1", "--no-progress", "--db", str(tmp_path / "r.sqlite")],
    )
    entries = [k for day in d["days"].values() for k in day["kpis"].values()]
    assert entries and {k["verdict"] for k in entries} == {"n/a"}
    assert all(k["why"] == "cannot judge: 1 replication" and k["diff"]["ci95"] == [None, None] for k in entries)
    # and in the table on the terminal
    assert main(["compare", BEFORE, AFTER, "--scenario", SCEN, "--reps", "1", "--workers", "1", "--no-progress"]
                + ["--db", str(tmp_path / "r.sqlite")]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "cannot judge: 1 replication" in out and " better" not in out and " same" not in out


@pytest.fixture(scope="module")
def thursday():
    a, b = load_variant("A", BEFORE, SCEN), load_variant("B", AFTER, SCEN)
    res = run_experiment([a, b], ["thu"], 30, 1, executor=LocalPoolExecutor(2), keep_records="none")
    return compare(res, "A", "B")["days"]["thu"]["kpis"]


def test_trivial_differences_are_no_meaningful_change(thursday):
    # on the sample these move by seconds: real (the interval excludes zero) but worth nothing
    for name in ("wait_p50_min", "time_in_branch_mean_min", "machine_wait_mean_min"):
        k = thursday[name]
        assert abs(k["diff"]["mean"]) < 0.1 and k["verdict"] == "same", (name, k)
    # what the redesign is about is found
    for name in ("ops_vp_floor_share", "marketing_contacts"):
        assert thursday[name]["verdict"] == "better", (name, thursday[name])
    # headline flags and q-values are there; the q of a large effect is small, of none is 1
    assert thursday["wait_mean_min"]["headline"] and not thursday["wait_p50_min"]["headline"]
    assert thursday["ops_vp_floor_share"]["q"] < 0.01 and thursday["arrived"]["q"] == 1.0


def test_run_never_prints_an_interval_outside_the_kpis_range(capsys):
    d = _json(capsys, ["run", BEFORE, "--scenario", SCEN, "--day", "sat", "--reps", "4", "--json", "-"])
    assert d["kpis"].keys() == KPI_INFO.keys()
    for name, e in d["kpis"].items():
        lo, hi = e["ci95"]
        if lo is None:
            continue
        assert lo >= 0.0, (name, e)
        if KPI_INFO[name][2] == "share":
            assert hi <= 1.0, (name, e)
    for table in ("per_fixture", "per_staff", "per_business"):
        for item, kp in d[table].items():
            assert all(e["ci95"][0] is None or e["ci95"][0] >= 0.0 for e in kp.values()), (table, item)


def test_run_to_a_precision_reports_the_replications_used(tmp_path, capsys):
    d = _json(capsys, ["run", AFTER, "--scenario", SCEN, "--precision", "0.05", "--workers", "2", "--json", "-"])
    stop = d["run"]["stopping"]
    assert stop["reason"] == "precise" and stop["reps_used"] == d["run"]["reps"] > 10
    w = d["kpis"]["wait_mean_min"]
    assert (w["ci95"][1] - w["ci95"][0]) / 2 <= 0.05 * w["mean"]
    for kpi, hw in stop["half_widths"]["mon"].items():
        assert hw["half_width"] <= hw["target"], kpi
    # a comparison to a precision is stored with its replications and why it stopped
    db = tmp_path / "r.sqlite"
    args = ["compare", BEFORE, AFTER, "--scenario", SCEN, "--days", "thu", "--reps", "2", "--precision", "0.05"]
    args += ["--precision-kpis", "staff_walk_m", "--min-effect", "staff_walk_m=1", "--max-reps", "5"]
    d = _json(capsys, args + ["--json", "-", "--db", str(db), "--no-progress"])
    assert d["reps"] == 5 and d["stopping"] == {**d["stopping"], "reps_used": 5, "reason": "max_reps"}
    assert d["days"]["thu"]["kpis"]["staff_walk_m"]["min_effect"] == 1.0
    with ResultStore(db) as s:
        assert s.runs()[0]["reps"] == 5 and s.meta(d["run_id"], "stopping")["reason"] == "max_reps"
        assert len(s.kpi_table(d["run_id"])["A"]["thu"]["served"]) == 5


@pytest.mark.parametrize(
    "extra,words",
    [
        (["--precision", "1.5"], "--precision must lie between 0 and 1"),
        (["--precision", "0"], "--precision must lie between 0 and 1"),
        (["--precision", "0.05", "--max-reps", "3"], "--max-reps must be at least the starting replications (5)"),
        (["--max-reps", "30"], "--max-reps goes with --precision"),
        (["--min-effect", "happiness=2"], "--min-effect: unknown KPI 'happiness'"),
        (["--min-effect", "served=-2"], "VALUE must be a number > 0"),
        (["--precision", "0.1", "--precision-kpis", "served,joy"], "--precision-kpis: unknown KPI 'joy'"),
    ],
)
def test_bad_statistics_options_are_one_line_and_exit_2(tmp_path, capsys, extra, words):
    for cmd in (["compare", BEFORE, AFTER], ["run", AFTER], ["report", BEFORE, AFTER]):
        out = ["--out", str(tmp_path / "r.pdf")] if cmd[0] == "report" else []
        db = ["--db", str(tmp_path / "r.sqlite")] if cmd[0] == "compare" else []
        assert main(cmd + ["--scenario", SCEN, "--reps", "5", *out, *db, *extra]) == 2
        err = capsys.readouterr().err
        assert words in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "r.pdf").exists()


def test_a_scenario_with_a_bad_analysis_section_is_refused(tmp_path, capsys):
    doc = json.loads(Path(SCEN).read_text("utf-8"))
    doc["analysis"] = {"min_effects": {"wait_mean_mn": 1.0}}
    bad = tmp_path / "bad.scenario.json"
    bad.write_text(json.dumps(doc), "utf-8")
    assert main(["compare", BEFORE, AFTER, "--scenario", str(bad), "--db", str(tmp_path / "r.sqlite")]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "unknown KPI 'wait_mean_mn'" in err and "wait_mean_min" in err


def test_the_week_adds_up_the_seven_days_and_pools_the_means():
    a = load_variant("A", AFTER, SCEN)
    res = run_experiment([a], ["week", "mon"], 2, 3, executor=SerialExecutor(), keep_records="all")
    assert res.days == ["week", "mon"]
    for r in range(2):
        recs = [res.records[("A", d, r)] for d in DAYS]
        week = {k: v[r] for k, v in res.kpis["A"]["week"].items()}
        day = [compute_kpis(x) for x in recs]
        assert week["arrived"] == sum(len(x.customers) for x in recs)
        assert week["outbound_calls"] == sum(k["outbound_calls"] for k in day)
        assert week["wait_max_min"] == max(k["wait_max_min"] for k in day)
        waits = [c.wait / 60 for x in recs for c in x.customers if c.wait is not None]
        assert week["wait_mean_min"] == pytest.approx(np.mean(waits))
        assert week["share_wait_over_15min"] == pytest.approx(np.mean(np.array(waits) > 15))
        walks = [c.walk_m for x in recs for c in x.customers]
        assert week["customer_walk_m"] == pytest.approx(np.mean(walks))
        ticket = [c for x in recs for c in x.customers if c.ticket_time is not None and c.service_start is not None]
        assert week["counter_wait_mean_min"] == pytest.approx(np.mean([c.wait / 60 for c in ticket]))
        n_wait = [sum(1 for c in x.customers if c.wait is not None) for x in recs]
        p90 = np.average([k["wait_p90_min"] for k in day], weights=n_wait)
        assert week["wait_p90_min"] == pytest.approx(p90)
    assert res.kpis["A"]["mon"]["arrived"] == [len(res.records[("A", "mon", r)].customers) for r in range(2)]
