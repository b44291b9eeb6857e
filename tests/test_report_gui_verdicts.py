"""The same verdict for the same KPI on every surface: the command line, the report and the
editor's compare table; and the editor's Simulate dock offers the week and --precision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lobbysim.cli import main
from lobbysim.experiments.labels import verdict_word
from lobbysim.model.fileformat import load_layout
from lobbysim.report.kpi_table import kpi_rows
from lobbysim.sim.kpis import KPI_INFO
from lobbysim.ui.kpi_table import kpi_label

ROOT = Path(__file__).resolve().parents[1]
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
SCEN = str(ROOT / "layouts/railway_station/scenario.json")


@pytest.fixture
def win(qtbot, make_editor):
    w = make_editor(load_layout(BEFORE), BEFORE, pool=True)
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
    header, rows, verdicts = win.sim.table_rows
    col = header.index("verdict")
    gui = {row[0]: ver[col] for row, ver in zip(rows, verdicts)}
    assert gui == {kpi_label(n, "en"): k["verdict"] for n, k in cli.items()}
    assert all(row[col] == verdict_word(ver[col], "en") for row, ver in zip(rows, verdicts))  # said in words
    # the report's KPI table reads the same comparison
    cmp = win.sim.comparisons["B"]
    report_rows, report_verdicts = kpi_rows(cmp, "thu", "en", KPI_INFO)
    by_name = {KPI_INFO[n][0]: kpi_label(n, "en") for n in cli}
    shown = {by_name[r[0]]: v for r, v in zip(report_rows, report_verdicts)}
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
