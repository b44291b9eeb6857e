"""The same verdict for the same KPI on every surface: the command line, the report and the
editor's compare table; and the editor's Simulate dock offers the week and --precision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lobbysim.cli import main
from lobbysim.experiments.runner import LocalPoolExecutor
from lobbysim.model.fileformat import load_layout
from lobbysim.report.kpi_table import kpi_rows
from lobbysim.sim.kpis import KPI_INFO

ROOT = Path(__file__).resolve().parents[1]
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
SCEN = str(ROOT / "layouts/railway_station/scenario.json")


@pytest.fixture(scope="module")
def pool():
    ex = LocalPoolExecutor(2, start_method="forkserver")
    yield ex
    ex.close()


@pytest.fixture
def win(qtbot, pool, make_editor):
    w = make_editor(load_layout(BEFORE), BEFORE)
    w.sim.executor = pool
    w.sim.use_scenario(SCEN)
    return w


def test_cli_report_and_editor_give_each_kpi_the_same_verdict(win, qtbot, tmp_path, capsys):
    argv = ["compare", BEFORE, AFTER, "--scenario", SCEN, "--days", "thu", "--reps", "6", "--seed", "3"]
    assert main(argv + ["--json", "-", "--no-progress", "--db", str(tmp_path / "r.sqlite")]) == 0
    cli = json.loads(capsys.readouterr().out)["days"]["thu"]["kpis"]
    assert len({k["verdict"] for k in cli.values()}) >= 3  # a test of agreement needs several kinds
    win.sim.day.set_codes(["thu"])
    win.sim.reps.setValue(6)
    win.sim.seed.setValue(3)
    win.sim.compare_with(AFTER)
    qtbot.waitUntil(lambda: not win.sim.running, timeout=90_000)
    assert not win.errors, win.errors
    header, rows, _ = win.sim.table_rows
    gui = {row[0]: row[header.index("verdict")] for row in rows}
    assert gui == {KPI_INFO[n][0]: k["verdict"] for n, k in cli.items()}
    # the report's KPI table reads the same comparison
    cmp = win.sim.comparison
    report_rows, verdicts = kpi_rows(cmp, "thu", "en", KPI_INFO)
    shown = {r[0]: v for r, v in zip(report_rows, verdicts)}
    assert shown and all(gui[label] == v for label, v in shown.items())


def test_the_simulate_dock_runs_the_week_to_a_precision(win, qtbot):
    win.sim.day.set_codes(["week"])
    assert win.sim.day.text() == "Week"
    win.sim.reps.setValue(2)
    win.sim.precision.setValue(0.25)
    win.sim.run()
    qtbot.waitUntil(lambda: not win.sim.running, timeout=120_000)
    assert not win.errors, win.errors
    res = win.sim.result
    assert res.days == ["week"] and res.stopping.reason in ("precise", "max_reps") and res.reps >= 2
    labels = [win.sim.table.item(r, 0).text() for r in range(win.sim.table.rowCount())]
    week = float(win.sim.table.item(labels.index("Customers arrived"), 1).text())
    monday = sum(res.kpis["A"]["mon"]["arrived"]) / res.reps
    assert week > 4 * monday  # seven days of customers
    assert f"{res.reps} replication(s) of Week done" in win.sim.status.text()
