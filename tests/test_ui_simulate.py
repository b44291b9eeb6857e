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


@pytest.fixture
def win(qtbot, pool):
    ensure_app()
    w = EditorWindow(load_layout(BEFORE), BEFORE, lang="en")
    w.ask_discard = lambda: True
    w.errors = []
    w.show_error = w.errors.append
    w.sim.executor = pool
    qtbot.addWidget(w)
    w.show()
    return w


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
