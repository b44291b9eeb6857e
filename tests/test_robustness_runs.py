"""Robustness runs on the sample branch (issue 15): the same seed gives the same JSON on every executor,
a widened range makes its parameter a driver, and the command's contract (JSON shape, exports, bad input)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest

from lobbysim.cli import main
from lobbysim.experiments.experiment import load_variant
from lobbysim.experiments.robustness import draw_sets, run_robustness
from lobbysim.experiments.runner import LocalPoolExecutor, Variant

ROOT = Path(__file__).resolve().parents[1]
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
SCEN = ROOT / "layouts/railway_station/scenario.json"

#: a few plausible ranges of the sample's estimates (the sample's own ranges are tested elsewhere)
RANGES = {
    "customers.patience.mean": [12, 35],
    "business[code=cash].steps_by_kind.cash_counter[name=transaction 办理].minutes.mean": [4, 7],
    "business[code=cash].share": [0.32, 0.44],
}
#: a parameter of the outbound-call rule: the walk to the call station at which a teller's
#: willingness to leave the window for a call has fallen to one half
CALL_PARAM = "policies.flex_rota.half_distance_m"


def pair(ranges: dict) -> tuple[Variant, Variant]:
    doc = json.loads(SCEN.read_text("utf-8"))
    doc["ranges"] = copy.deepcopy(ranges)
    a, b = load_variant("A", BEFORE, str(SCEN)), load_variant("B", AFTER, str(SCEN))
    return (
        Variant("A", a.layout_doc, doc, a.label, a.layout_path, str(SCEN)),
        Variant("B", b.layout_doc, doc, b.label, b.layout_path, str(SCEN)),
    )


def scenario_file(tmp_path, ranges: dict) -> str:
    doc = json.loads(SCEN.read_text("utf-8"))
    doc["ranges"] = copy.deepcopy(ranges)
    path = tmp_path / "s.scenario.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return str(path)


def test_same_seed_same_json_with_one_and_two_workers_and_a_dask_cluster(tmp_path, capsys):
    """The command's JSON, run on 1 worker, on 2 worker processes and with --cluster on a Dask
    LocalCluster (its scheduler's address, as a user gives it), is the same text."""
    distributed = pytest.importorskip("distributed")
    scen = scenario_file(tmp_path, RANGES)
    argv = ["robustness", BEFORE, AFTER, "--scenario", scen, "--days", "sun", "--samples", "8", "--reps", "2"]

    def run(*where: str) -> str:
        out = tmp_path / "r.json"
        assert main([*argv, "--seed", "3", *where, "--json", str(out), "--no-progress"]) == 0
        return out.read_text("utf-8")

    one, two = run("--workers", "1"), run("--workers", "2")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:  # fmt: skip
        dask = run("--cluster", cluster.scheduler_address)
        assert "run_with_job" in cluster.scheduler.task_prefixes  # the sets ran on the cluster's workers
    assert one == two == dask
    res = json.loads(one)
    assert res["valid_samples"] == 8 and res["design"] == "latin-hypercube" and res["seed"] == 3
    # another seed draws other settings
    doc = json.loads(Path(scen).read_text("utf-8"))
    seed3, seed4 = draw_sets(doc, 8, 3).values, draw_sets(doc, 8, 4).values
    assert res["draws"]["params"] == list(seed3)
    assert res["draws"]["values"] == [[round(float(v[i]), 6) for v in seed3.values()] for i in range(8)]
    assert all(not np.allclose(seed3[p], seed4[p]) for p in seed3)


def test_a_widened_outbound_call_parameter_becomes_the_top_driver_of_the_calls():
    """Tellers leave the window for the call station more willingly the shorter the walk; the walk at
    which half are willing is a parameter of the rule. Fixed, it is no input and no driver; widened,
    it decides whether the before-layout's far station (19-21 m from the cash windows) is used, and so
    drives the difference in outbound calls (Thursday: idle spells are long enough either way)."""
    fixed = run_robustness(*pair({**RANGES, CALL_PARAM: [10, 10]}), ["thu"], 24, 1, 5, executor=LocalPoolExecutor(2))
    kp = fixed["days"]["thu"]["kpis"]
    assert fixed["fixed"] == [CALL_PARAM]
    assert all(CALL_PARAM not in (d["param"] for d in k["drivers"]) for k in kp.values())
    wide = run_robustness(
        *pair({**RANGES, CALL_PARAM: {"range": [3, 25], "dist": "uniform"}}),
        ["thu"],
        24,
        1,
        5,
        executor=LocalPoolExecutor(2),
    )
    calls = wide["days"]["thu"]["kpis"]["outbound_calls"]
    top = calls["drivers"][0]
    assert top["param"] == CALL_PARAM and top["index"] < -0.5 and top["p"] < 0.01 and top["q"] < 0.05
    # willing to walk farther, the before-layout's tellers call as the after-layout's do: the gain shrinks
    assert top["high"] < top["low"]
    assert calls["diff_p05"] < calls["diff_p95"]


def test_robustness_command_json_shape_and_workbook(tmp_path, capsys):
    scen = tmp_path / "s.scenario.json"
    doc = json.loads(SCEN.read_text("utf-8"))
    doc["ranges"] = {**RANGES, "customers.no_show_share": [0.1, 0.1]}
    scen.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    out, xlsx = tmp_path / "r.json", tmp_path / "r.xlsx"
    argv = ["robustness", BEFORE, AFTER, "--scenario", str(scen), "--days", "sun", "--samples", "8", "--reps", "2"]
    code = main(argv + ["--seed", "7", "--json", str(out), "--xlsx", str(xlsx), "--workers", "2", "--no-progress"])
    assert code == 0
    printed = capsys.readouterr().out
    assert "Outbound calls" in printed and "fixed (zero-width range, not an input): customers.no_show_share" in printed
    res = json.loads(out.read_text("utf-8"))
    assert {"days", "samples", "reps", "design", "seed"} <= set(res)
    assert (res["samples"], res["reps"], res["seed"], res["design"]) == (8, 2, 7, "latin-hypercube")
    k = res["days"]["sun"]["kpis"]["wait_mean_min"]
    for key in (
        "share_better",
        "share_worse",
        "share_no_change",
        "share_changed",
        "share_inconclusive",
        "diff_p05",
        "diff_p50",
        "diff_p95",
        "drivers",
    ):
        assert key in k
    shares = [k[s] for s in ("share_better", "share_worse", "share_no_change", "share_changed", "share_inconclusive")]
    assert sum(shares) + k["share_na"] == pytest.approx(1.0)
    assert k["diff_p05"] <= k["diff_p50"] <= k["diff_p95"]
    assert {d["param"] for d in k["drivers"]} == set(RANGES)
    assert set(k["drivers"][0]) >= {"param", "index", "p", "q", "low", "high"}
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    assert {"summary sun", "drivers", "inputs", "parameter sets"} <= set(wb.sheetnames)
    assert wb["parameter sets"].max_row == 9
    # the drivers column names the run's measure (8 sets, 3 inputs: too few for partial correlations)
    header = [c.value for c in next(wb["summary sun"].iter_rows(max_row=1))]
    assert res["sensitivity"] == "spearman" and header[-1] == "clear drivers (Spearman)"


@pytest.mark.parametrize(
    "extra,ranges,code,expect",
    [
        (["--samples", "4"], RANGES, 2, "--samples must be at least 8"),
        (["--design", "sobol", "--samples", "12"], RANGES, 2, "power of two"),
        ([], {"customers.patience.meen": [10, 30]}, 1, "did you mean 'customers.patience.mean'"),
        ([], {"customers.no_show_share": [0.05, 1.5]}, 1, "the high end 1.5 is not a valid value"),
        ([], {"customers.patience.mean": [40, 10]}, 1, "below where it starts"),
        ([], {}, 1, "nothing to vary"),
        (["--json", "/nonexistent/dir/r.json"], RANGES, 2, "the folder does not exist"),
        (["--workers", "2", "--cluster", "tcp://x:1"], RANGES, 2, "not allowed with argument"),
        (["--cluster", "tcp://x:port"], RANGES, 2, "is not a Dask scheduler address"),
    ],
)
def test_bad_input_is_one_line_and_an_exit_code(tmp_path, capsys, extra, ranges, code, expect):
    scen = tmp_path / "s.scenario.json"
    doc = json.loads(SCEN.read_text("utf-8"))
    doc["ranges"] = ranges
    scen.write_text(json.dumps(doc), "utf-8")
    argv = ["robustness", BEFORE, AFTER, "--scenario", str(scen), "--samples", "8", "--reps", "1", "--days", "sun"]
    assert main(argv + extra + ["--no-progress"]) == code
    err = capsys.readouterr().err.strip()
    assert expect in err and len(err.splitlines()) == 1 and "Traceback" not in err
