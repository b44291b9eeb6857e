"""Simulate, compare, replay and export from the editor; runs never block the GUI thread, are
tied to the drawing they were started on, refuse a broken drawing, and survive a language
switch and the window closing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from lobbysim.model import commands as C
from lobbysim.model.elements import Fixture
from lobbysim.model.fileformat import load_layout

ROOT = Path(__file__).resolve().parents[1]
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")


@pytest.fixture
def win(make_editor):
    return make_editor(load_layout(BEFORE), BEFORE, pool=True)


@pytest.fixture
def win_after(make_editor):
    return make_editor(load_layout(AFTER), AFTER, pool=True)


#: the staff the sample scenario puts on a post, and the post (the before-layout has none)
LOBBY_POSTS = (("lobby1", "post1"), ("floor2", "post2"), ("rm3", "post3"))


def _cells(table, col):
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_run_five_replications_and_read_the_kpis_while_the_gui_answers(win, qtbot):
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    win.sim.reps.setValue(5)
    win.sim.run()
    assert win.sim.running and not win.sim.run_button.isEnabled() and win.sim.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not win.sim.running, timeout=60_000)
    timer.stop()
    assert not win.errors
    assert len(ticks) >= 3  # the event loop kept answering during the run
    row = _cells(win.sim.table, 0).index("Mean wait (min)")
    assert float(win.sim.table.item(row, 1).text()) > 0
    assert win.sim.table.item(row, 2).text().startswith("[")
    # the before-layout has no posts: the status lists what it made of the roster
    first, *subs = win.sim.status.text().split("\n")
    assert first == "5 replication(s) of Monday done"
    label = win.sim.result.labels["A"]
    assert subs == [f"{label}: {s} works at lobby_desk ({p} is not on this layout)" for s, p in LOBBY_POSTS]


def test_replay_markers_move_between_two_times(win_after, qtbot):
    """The markers stand where the records put each person at that time (the report layer's
    Replay of the same records, computed here for the two times)."""
    from lobbysim.report.replay import Replay

    win = win_after
    win.sim.reps.setValue(1)
    win.sim.run()
    qtbot.waitUntil(lambda: not win.sim.running, timeout=60_000)
    records = win.sim.result.records[("A", "mon", 0)]
    replay = Replay(records, win.layout)
    t0, t1 = 10 * 3600, 10 * 3600 + 120
    positions = {}
    for t in (t0, t1):
        win.replay.slider.setValue(t)
        shown = win.replay.marker_positions()
        want = {(m.actor, m.actor_id): (m.x, -m.y) for m in replay.markers(float(t))}
        assert shown.keys() == want.keys() and len(shown) > 5
        for k, (x, y) in want.items():
            assert shown[k] == pytest.approx((x, y), abs=1e-9), k
        positions[t] = shown
    moved = [k for k in positions[t0] if k in positions[t1] and positions[t0][k] != positions[t1][k]]
    assert moved  # somebody walked in those two minutes
    assert re.match(r"10:02:00", win.replay.clock.text())
    c = replay.counts(float(t1))
    assert win.replay.clock.text() == f"10:02:00  inside {c['inside']}  queue {c['queue']}"


@pytest.mark.filterwarnings("error:Glyph")  # Chinese in the report must come out as glyphs, not boxes
def test_compare_and_export_the_report(win, qtbot, tmp_path):
    win.sim.reps.setValue(2)
    win.sim.compare_with(AFTER)
    qtbot.waitUntil(lambda: not win.sim.running, timeout=60_000)
    headers = [win.sim.table.horizontalHeaderItem(c).text() for c in range(win.sim.table.columnCount())]
    assert headers == ["KPI", "before (editor)", "after", "B-A", "95% CI of B-A", "verdict"]
    out = tmp_path / "report.pdf"
    assert win.sim.export_report(AFTER, str(out), "en")
    qtbot.waitUntil(lambda: not win.sim.running, timeout=120_000)
    assert not win.errors, win.errors
    assert out.exists() and len(re.findall(rb"/Type\s*/Page[^s]", out.read_bytes())) == win.sim.last_report["pages"]


def test_cancel_a_long_run_and_the_window_responds(win, qtbot):
    win.sim.reps.setValue(1000)
    win.sim.run()
    assert win.sim.running
    win.sim.cancel_button.click()
    qtbot.waitUntil(lambda: not win.sim.running, timeout=30_000)
    assert win.sim.status.text() == "cancelled" and win.sim.result is None and not win.errors
    win.select_ids(["cash1"])  # the window still works
    assert win.inspector.id_label.text() == "cash1"


def test_compare_three_variants_side_by_side(win, qtbot, tmp_path):
    busy = json.loads(Path(win.sim.scenario_path()).read_text(encoding="utf-8"))
    busy["arrivals"]["per_day"] = round(busy["arrivals"]["per_day"] * 1.4)
    busy_path = tmp_path / "busy.json"
    busy_path.write_text(json.dumps(busy), encoding="utf-8")
    dlg = win.open_compare()
    dlg.ask_layout = lambda: AFTER
    dlg.ask_scenario = lambda: str(busy_path)
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
    row = _cells(win.sim.table, 0).index("Customers arrived")
    assert float(win.sim.table.item(row, 5).text().split()[0]) > 0  # C - A: more customers
    assert win.sim.table.item(row, 3).text().split()[0] == "0"  # B - A: the same customers
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
    assert win.sim.running and win.sim.cancel_button.isEnabled()  # the Simulate dock's progress and Cancel
    qtbot.waitUntil(lambda: dlg.result is not None and not win.sim.running, timeout=90_000)
    assert not win.errors, win.errors
    assert dlg.table.rowCount() == 6  # three floor staff on three posts
    means = [float(dlg.table.item(r, 4).text()) for r in range(2)]
    assert means == sorted(means)  # the confirmed best first (lower wait is better)
    dlg.table.selectRow(1)
    out = tmp_path / "assigned.json"
    dlg.ask_save_path = lambda suggested: str(out)
    assert dlg.apply_selected() == str(out)
    doc = read_json(out)
    Scenario.from_dict(doc, str(out))
    chosen = dlg.result.candidates[1].assignment
    posts = {s["id"]: s.get("post") for s in doc["staff"]}
    assert tuple(posts[s] for s in dlg.result.staff) == chosen
    assert win.sim.scenario_path() == str(out)


def test_simulate_dock_and_walking_readout_in_chinese(win):
    win.set_language("zh")
    assert win.sim.run_button.text() == "运行"
    assert win.sim.day.day_actions["mon"].text() == "周一" and win.sim.day.text() == "周一"
    assert win.sim.day.currentText() == "mon"
    texts = _cells_list(win.walk_list)
    assert texts and not any(t.startswith("entrance →") or t.startswith("Main entrance") for t in texts)
    assert any(t.startswith("正门 → ") and t.endswith(" m") for t in texts)


def _cells_list(widget):
    return [widget.item(i).text() for i in range(widget.count())]


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
        return float(win.sim.table.item(_cells(win.sim.table, 0).index("Customers arrived"), 1).text())

    monday = arrived()
    win.sim.table_day.setCurrentIndex(1)
    assert arrived() < monday  # Saturday is a light day
    assert win.replay.current is not None and win.replay.current.records is win.sim.result.records[("A", "sat", 0)]


def test_the_replay_legend_names_every_marker_colour_in_the_interface_language(win, qtbot):
    from lobbysim.report.replay import STATE_COLOURS, STATE_LABELS

    assert not win.legend.isVisible()  # nothing drawn over the plan yet
    win.sim.reps.setValue(1)
    win.sim.run()
    qtbot.waitUntil(lambda: not win.sim.running, timeout=60_000)
    assert win.legend.isVisible()
    assert win.legend.section_texts("replay") == [STATE_LABELS[k][1] for k in STATE_COLOURS]
    assert all(STATE_COLOURS[k] in win.legend.text() for k in STATE_COLOURS)
    win.set_language("zh")
    assert win.legend.section_texts("replay") == [STATE_LABELS[k][0] for k in STATE_COLOURS]
    # a narrower canvas: the legend takes fewer columns and stays inside it
    wide = win.legend.width()
    win.docks["Findings"].setMinimumWidth(win.docks["Findings"].width() + win.view.width() - 200)
    qtbot.waitUntil(lambda: win.view.viewport().width() <= 200, timeout=3000)
    qtbot.waitUntil(
        lambda: win.legend.width() < wide and win.legend.geometry().right() < win.view.viewport().width(), timeout=3000
    )


def test_language_switch_after_a_run_keeps_the_replay_and_translates_everything(win, qtbot):
    """Issue 17.6: switching language after a run raised 'Internal C++ object already deleted'
    from the replay and left half-translated menus and a broken slider."""
    win.sim.reps.setValue(1)
    win.sim.run()
    qtbot.waitUntil(lambda: not win.sim.running, timeout=60_000)
    win.replay.slider.setValue(10 * 3600)
    n = len(win.replay.marker_positions())
    assert n > 5
    win.set_language("zh")
    assert all(m.scene() is win.scene for m in win.replay.markers)
    win.replay.slider.setValue(10 * 3600 + 600)  # moving the slider draws again, no exception
    assert len(win.replay.marker_positions()) > 5 and "厅内" in win.replay.clock.text()
    first, *subs = win.sim.status.text().split("\n")
    assert first == "周一的1次重复模拟已完成" and len(subs) == 3
    assert subs[0].endswith("lobby1 的岗位 post1 不在该布局中，改在 lobby_desk 工作")
    assert win.sim.table.horizontalHeaderItem(1).text() == "均值"
    assert win.sim.table.item(0, 0).text() == "平均等候时间（分钟）"
    win.set_language("en")
    win.replay.slider.setValue(11 * 3600)
    assert win.sim.status.text().split("\n")[0] == "1 replication(s) of Monday done"
    assert "inside" in win.replay.clock.text()


def test_a_broken_drawing_is_refused_before_anything_runs(make_editor, qtbot):
    """Issue 17.2: the editor simulated layouts that validation calls broken."""
    layout = load_layout(AFTER)
    outside = Fixture("far", fixture_kind="cash_counter", x=80.0, y=80.0)
    w = make_editor(layout, AFTER, pool=True)
    w.push(C.AddElement(outside))
    w.sim.run()
    assert not w.sim.running and len(w.errors) == 1
    assert w.errors[0].startswith(f"{AFTER}: the layout does not validate: far:")
    w.sim.compare_with(BEFORE)
    w.open_assign().search()
    assert not w.sim.running and len(w.errors) == 3 and all("far" in e for e in w.errors)
    w.undo_stack.undo()
    w.sim.reps.setValue(1)
    w.sim.run()
    assert w.sim.running  # the same drawing without the stray counter runs
    qtbot.waitUntil(lambda: not w.sim.running, timeout=60_000)
    assert len(w.errors) == 3


def test_opening_another_drawing_during_a_run_stops_it_and_drops_its_results(win, qtbot):
    """Issue 17.4: opening another layout during a run drew the old layout's KPIs, replay
    markers and flow lines on the new plan."""
    win.sim.reps.setValue(1)
    win.sim.run()
    qtbot.waitUntil(lambda: not win.sim.running, timeout=60_000)
    win.set_language("en")
    win.result_overlays.set_enabled("flows", True)
    assert win.replay.markers and win.sim.table.rowCount() > 10
    win.sim.reps.setValue(1000)
    win.sim.run()
    assert win.sim.running
    assert win.open_file(AFTER)
    qtbot.waitUntil(lambda: not win.sim.running, timeout=10_000)
    assert win.jobs.last.state == "detached" and win.sim.result is None
    assert win.sim.status.text() == "stopped: the drawing it was started on was closed"
    assert win.sim.table.rowCount() == 0 and not win.replay.markers and not win.replay.slider.isEnabled()
    assert not [i for i in win.scene.items() if str(i.data(0)).startswith(("result_", "('customer'", "('staff'"))]
    assert win.results.result is None and not win.legend.isVisible() and not win.errors


def test_closing_the_window_during_a_run_asks_stops_the_workers_and_exits_cleanly(tmp_path):
    """Issue 17.5: closing during a run hung for ~40 s and aborted ('QThread: Destroyed while
    thread is still running', exit 134). Now it asks, cancels and the process ends at once."""
    import os
    import subprocess
    import sys
    import time

    script = tmp_path / "close_during_run.py"
    script.write_text(
        f"""
import os, sys, time
def main():
    from PySide6.QtCore import QTimer
    from lobbysim.model.fileformat import load_layout
    from lobbysim.ui.editor_window import EditorWindow
    from lobbysim.ui.qt_app import ensure_app
    app = ensure_app()
    w = EditorWindow(load_layout({BEFORE!r}), {BEFORE!r}, lang="en")
    asked = []
    w.ask_stop_run = lambda: asked.append(1) or len(asked) > 1  # no the first time, yes the second
    w.show()
    w.sim.reps.setValue(1000)
    w.sim.run()
    def close():
        if not w.sim.running:
            return
        timer.stop()
        w.close()
        assert w.isVisible() and w.sim.running, "a 'no' keeps the window and the run"
        t = time.monotonic()
        w.close()
        print("closed", asked, round(time.monotonic() - t, 2), w.isVisible(), w.sim.running, flush=True)
        app.quit()
    timer = QTimer()
    timer.timeout.connect(close)
    timer.start(50)
    app.exec()
if __name__ == "__main__":
    main()
""",
        encoding="utf-8",
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    t0 = time.monotonic()
    res = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env)
    assert res.returncode == 0, res.stderr[-2000:]
    line = next(x for x in res.stdout.splitlines() if x.startswith("closed"))
    parts = line.split()
    assert parts[1:3] == ["[1,", "1]"] and parts[4:] == ["False", "False"]
    assert float(parts[3]) < 5.0  # the close itself: cancel, wait for the worker, stop the pool
    assert "QThread" not in res.stderr and "Traceback" not in res.stderr
    assert time.monotonic() - t0 < 90


def test_opening_a_branch_takes_the_scenario_in_its_folder(make_editor):
    """The flagship opened after the sample simulates the flagship's own demand, not the sample's."""
    w = make_editor(load_layout(AFTER), AFTER)
    assert Path(w.sim.scenario_path()) == ROOT / "layouts/railway_station/scenario.json"
    flagship = ROOT / "layouts/flagship/after.lobby.json"
    assert w.open_file(str(flagship))
    assert Path(w.sim.scenario_path()) == ROOT / "layouts/flagship/scenario.json"
    w.sim.use_scenario(str(ROOT / "layouts/railway_station/scenario.json"))  # a choice made after opening stays
    assert Path(w.sim.scenario_path()) == ROOT / "layouts/railway_station/scenario.json"
