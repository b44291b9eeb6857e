"""Simulate, compare, replay and export from the editor; runs never block the GUI thread."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from lobbysim.experiments.runner import LocalPoolExecutor
from lobbysim.model.fileformat import load_layout
from lobbysim.ui.editor_window import EditorWindow
from lobbysim.ui.qt_app import ensure_app

ROOT = Path(__file__).resolve().parents[1]
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")


@pytest.fixture(scope="module")
def pool():
    ex = LocalPoolExecutor(2, start_method="forkserver")
    yield ex
    ex.close()


def open_window(qtbot, pool, path):
    ensure_app()
    w = EditorWindow(load_layout(path), path, lang="en")
    w.ask_discard = lambda: True
    w.errors = []
    w.show_error = w.errors.append
    w.sim.executor = pool
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def win(qtbot, pool):
    return open_window(qtbot, pool, BEFORE)


def test_run_five_replications_and_read_the_kpis_while_the_gui_answers(win, qtbot):
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    win.sim.reps.setValue(5)
    win.sim.run()
    assert win.sim.running
    qtbot.waitUntil(lambda: not win.sim.running, timeout=60_000)
    timer.stop()
    assert not win.errors
    assert len(ticks) >= 3  # the event loop kept answering during the run
    labels = [win.sim.table.item(r, 0).text() for r in range(win.sim.table.rowCount())]
    row = labels.index("Mean wait")
    assert float(win.sim.table.item(row, 1).text()) > 0
    assert win.sim.table.item(row, 2).text().startswith("[")


def test_replay_markers_move_between_two_times(win, qtbot):
    win.sim.reps.setValue(1)
    win.sim.run()
    qtbot.waitUntil(lambda: not win.sim.running, timeout=60_000)
    win.sim.slider.setValue(10 * 3600)
    a = win.sim.marker_positions()
    win.sim.slider.setValue(10 * 3600 + 120)
    b = win.sim.marker_positions()
    assert a and b and a != b
    assert re.match(r"10:02:00", win.sim.clock.text())


@pytest.mark.filterwarnings("error:Glyph")  # Chinese in the report must come out as glyphs, not boxes
def test_compare_and_export_the_report(win, qtbot, tmp_path):
    win.sim.reps.setValue(2)
    win.sim.compare_with(AFTER)
    qtbot.waitUntil(lambda: not win.sim.running, timeout=60_000)
    headers = [win.sim.table.horizontalHeaderItem(c).text() for c in range(win.sim.table.columnCount())]
    assert "95% CI of B-A" in headers and "verdict" in headers
    out = tmp_path / "report.pdf"
    win.sim.export_report(AFTER, str(out), "en")
    qtbot.waitUntil(lambda: not win.sim.running, timeout=120_000)
    assert not win.errors, win.errors
    assert out.exists() and len(re.findall(rb"/Type\s*/Page[^s]", out.read_bytes())) == win.sim.last_report["pages"]


def test_cancel_a_long_run_and_the_window_responds(win, qtbot):
    win.sim.reps.setValue(1000)
    win.sim.run()
    qtbot.wait(300)
    win.sim.cancel()
    qtbot.waitUntil(lambda: not win.sim.running, timeout=30_000)
    assert "cancel" in win.sim.status.text().lower()
    win.select_ids(["cash1"])  # the window still works
    assert win.insp_id.text() == "cash1"


@pytest.fixture
def win_after(qtbot, pool):
    return open_window(qtbot, pool, AFTER)


def test_compare_three_variants_side_by_side(win, qtbot, tmp_path):
    import json

    busy = json.loads(Path(win.sim.scenario.text()).read_text(encoding="utf-8"))
    busy["arrivals"]["per_day"] = round(busy["arrivals"]["per_day"] * 1.4)
    busy_path = tmp_path / "busy.json"
    busy_path.write_text(json.dumps(busy), encoding="utf-8")
    dlg = win.open_compare()
    dlg._pick_layout = lambda: AFTER
    dlg._pick_scenario = lambda: str(busy_path)
    dlg.add_layout_button.click()
    dlg.add_scenario_button.click()
    assert [s.layout for s in dlg.specs()] == [None, AFTER, None]
    assert dlg.specs()[2].scenario == str(busy_path)
    dlg.table.item(2, 0).setText("busier day")
    win.sim.reps.setValue(2)
    win.sim.day.setCurrentText("thu")
    dlg.compare_button.click()
    qtbot.waitUntil(lambda: not win.sim.running, timeout=60_000)
    assert not win.errors, win.errors
    res = win.sim.result
    assert res.variants == ["A", "B", "C"] and res.labels["C"] == "busier day"
    assert set(win.sim.variant_layouts) == {"A", "B", "C"}
    assert len(win.sim.variant_layouts["B"].posts()) == 3 and not win.sim.variant_layouts["A"].posts()
    headers = [win.sim.table.horizontalHeaderItem(c).text() for c in range(win.sim.table.columnCount())]
    assert headers[0] == "KPI" and "busier day" in headers and len(headers) == 6
    labels = [win.sim.table.item(r, 0).text() for r in range(win.sim.table.rowCount())]
    row = labels.index("Customers arrived")
    assert float(win.sim.table.item(row, 5).text().split()[0]) > 0  # C - A: more customers
    assert win.sim.table.item(row, 3).text().split()[0] in ("0", "0.00")  # B - A: the same customers
    assert ("A", "thu", 0) in res.records and ("C", "thu", 0) in res.records
    # the dialog shows the same table, larger
    assert dlg.results.isVisible() and dlg.results.columnCount() == 6
    assert dlg.results.item(row, 5).text() == win.sim.table.item(row, 5).text()


def test_compare_dialog_refuses_a_missing_file(win):
    from lobbysim.ui.sim_panel import VariantSpec

    dlg = win.open_compare()
    dlg.add(VariantSpec("/nowhere/x.lobby.json", None))
    dlg.compare()
    assert win.errors and "/nowhere/x.lobby.json" in win.errors[0]
    assert not win.sim.running


def test_post_assignment_search_and_apply(win_after, qtbot, tmp_path):
    from lobbysim.model.jsonio import read_json
    from lobbysim.sim.scenario import Scenario

    win = win_after
    dlg = win.open_assign()
    dlg.objective.setCurrentIndex(dlg.objective.findData("wait_mean_min"))
    dlg.reps.setValue(1)
    dlg.confirm.setValue(2)
    win.sim.day.setCurrentText("thu")
    dlg.search_button.click()
    qtbot.waitUntil(lambda: dlg.result is not None and not win.sim.running, timeout=90_000)
    assert not win.errors, win.errors
    assert dlg.table.rowCount() == 6  # three floor staff on three posts
    means = [float(dlg.table.item(r, 4).text()) for r in range(2)]
    assert means == sorted(means)  # the confirmed best first (lower wait is better)
    dlg.table.selectRow(1)
    out = tmp_path / "assigned.json"
    dlg._pick_save = lambda suggested: str(out)
    assert dlg.apply_selected() == str(out)
    doc = read_json(out)
    Scenario.from_dict(doc, str(out))
    chosen = dlg.result.candidates[1].assignment
    posts = {s["id"]: s.get("post") for s in doc["staff"]}
    assert tuple(posts[s] for s in dlg.result.staff) == chosen
    assert win.sim.scenario.text() == str(out)


def test_simulate_dock_and_walking_readout_in_chinese(win):
    win.set_language("zh")
    assert win.sim.run_button.text() == "运行"
    assert win.sim.day.day_actions["mon"].text() == "周一" and win.sim.day.text() == "周一"
    assert win.sim.day.currentText() == "mon"
    texts = [win.walk_list.item(i).text() for i in range(win.walk_list.count())]
    assert texts and not any(t.startswith("entrance →") for t in texts)
    assert any("→" in t and "m" in t for t in texts)


def test_several_days_run_together_and_the_table_shows_each(win, qtbot):
    win.sim.day.day_actions["sat"].setChecked(True)
    assert win.sim.day.codes() == ["mon", "sat"] and win.sim.day.text() == "Monday, Saturday"
    win.sim.day.day_actions["mon"].setChecked(False)
    win.sim.day.day_actions["sat"].setChecked(False)  # the last day cannot be unchosen
    assert win.sim.day.codes() == ["sat"]
    win.sim.day.set_codes(["mon", "sat"])
    win.sim.reps.setValue(2)
    win.sim.run()
    qtbot.waitUntil(lambda: not win.sim.running, timeout=60_000)
    assert not win.errors, win.errors
    assert win.sim.result.days == ["mon", "sat"]
    assert win.sim.table_day.isVisibleTo(win.sim) and win.sim.table_day.count() == 2

    def arrived():
        labels = [win.sim.table.item(r, 0).text() for r in range(win.sim.table.rowCount())]
        return float(win.sim.table.item(labels.index("Customers arrived"), 1).text())

    monday = arrived()
    win.sim.table_day.setCurrentIndex(1)
    assert arrived() < monday  # Saturday is a light day
    assert win.sim.replay is not None and win.sim.replay.records is win.sim.result.records[("A", "sat", 0)]


def test_the_replay_legend_names_every_marker_colour_in_the_interface_language(win):
    from lobbysim.report.replay import STATE_COLOURS, STATE_LABELS

    text = win.sim.legend.text()
    assert all(STATE_COLOURS[k] in text and STATE_LABELS[k][1].replace(" ", "&nbsp;") in text for k in STATE_LABELS)
    win.set_language("zh")
    assert all(STATE_LABELS[k][0] in win.sim.legend.text() for k in STATE_LABELS)
