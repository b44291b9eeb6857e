"""Quick estimate strip: runs off the GUI thread, matches the simulation, follows edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from lobbysim.model import commands as C
from lobbysim.model.fileformat import load_layout
from lobbysim.samples import DEFAULT_SCENARIO, sample_file
from lobbysim.sim.scenario import load_scenario
from lobbysim.ui.quick_estimate import QuickEstimate, estimate_kpis

SAMPLE_SCENARIO = sample_file(DEFAULT_SCENARIO)
AFTER = str(Path(__file__).resolve().parents[1] / "layouts/railway_station/after.lobby.json")


def estimating(make_editor, reps, delay_ms=20):
    """An editor window with the quick-estimate strip, as `lobbysim gui` opens it."""
    w = make_editor(load_layout(AFTER), AFTER, estimate=True)
    q = w.quick_estimate
    q.reps = reps
    q.timer.setInterval(delay_ms)
    return w, q


def test_estimate_runs_in_background_and_follows_edits(make_editor, qtbot):
    w, q = estimating(make_editor, reps=2)
    qtbot.waitUntil(lambda: q.runs_done >= 1 and not q.running, timeout=20000)  # the first estimate at once
    ticks = []
    t = QTimer()
    t.timeout.connect(lambda: ticks.append(1))
    t.start(5)
    assert q.start()
    assert not q.start() and q.pending  # one run at a time
    qtbot.waitUntil(lambda: q.runs_done >= 2, timeout=20000)
    assert len(ticks) >= 3  # the event loop kept answering while the day was simulated
    direct = estimate_kpis(load_layout(AFTER), load_scenario(SAMPLE_SCENARIO), "mon", 2, 1)
    assert q.kpis == pytest.approx(direct)
    assert q.label.text().startswith("Mean wait (min): ")
    qtbot.waitUntil(lambda: q.runs_done >= 3 and not q.running, timeout=20000)  # the pending rerun
    # move the smart counter: a new estimate, shown with its change against the first one
    w.push(C.move_elements(w.layout, ["smart1"], 0.0, 1.0))
    before = q.runs_done
    qtbot.waitUntil(lambda: q.runs_done > before and not q.running, timeout=20000)
    moved = load_layout(AFTER)
    C.move_elements(moved, ["smart1"], 0.0, 1.0).apply(moved)
    assert q.kpis == pytest.approx(estimate_kpis(moved, load_scenario(SAMPLE_SCENARIO), "mon", 2, 1))
    t.stop()


def test_scenario_that_does_not_fit_is_a_message(make_editor, tmp_path):
    w = make_editor(load_layout(AFTER), AFTER)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    q = QuickEstimate(w, scenario_path=bad, delay_ms=10)
    assert q.scenario is None and q.error.startswith(str(bad))
    assert not q.start()
    assert q.label.text() == q.error


def test_estimate_follows_the_scenario_of_the_simulate_dock(make_editor, qtbot, tmp_path):
    import json

    w, q = estimating(make_editor, reps=1)
    qtbot.waitUntil(lambda: q.runs_done >= 1 and not q.running, timeout=20000)
    first = q.kpis
    busy = json.loads(Path(SAMPLE_SCENARIO).read_text(encoding="utf-8"))
    busy["arrivals"]["per_day"] = round(busy["arrivals"]["per_day"] * 1.5)
    path = tmp_path / "busy.json"
    path.write_text(json.dumps(busy), encoding="utf-8")
    before = q.runs_done
    w.sim.use_scenario(str(path))  # what choosing a file, applying an assignment or saving the scenario does
    qtbot.waitUntil(lambda: q.runs_done > before and not q.running, timeout=20000)
    assert q.kpis["arrived"] > first["arrived"]
    assert q.kpis == pytest.approx(estimate_kpis(load_layout(AFTER), load_scenario(path), "mon", 1, 1))


def test_an_unsaved_scenario_edit_reaches_the_estimate(make_editor, qtbot):
    w, q = estimating(make_editor, reps=1)
    qtbot.waitUntil(lambda: q.runs_done >= 1 and not q.running, timeout=20000)
    first = q.kpis
    ed = w.scenario_editor.open()
    ed.ask_discard = lambda: True  # closing the window at teardown drops the unsaved edit
    before = q.runs_done
    ed.per_day.setValue(ed.per_day.value() + 100)  # more customers a day, not saved
    qtbot.waitUntil(lambda: q.runs_done > before and not q.running, timeout=20000)
    assert ed.modified and q.kpis["arrived"] > first["arrived"]
    assert q.baseline == first  # the strip shows the change the edit makes
    assert "(+" in q.label.text()


def test_another_drawing_gets_its_own_baseline(make_editor, qtbot):
    w, q = estimating(make_editor, reps=1)
    qtbot.waitUntil(lambda: q.runs_done >= 1 and not q.running, timeout=20000)
    first = q.kpis
    before = q.runs_done
    assert w.open_file(str(Path(AFTER).with_name("before.lobby.json")))
    qtbot.waitUntil(lambda: q.runs_done > before and not q.running, timeout=20000)
    assert q.kpis != first and q.baseline == q.kpis and "(+" not in q.label.text()
