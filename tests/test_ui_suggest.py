"""Simulate > Suggest placements… in the editor: choose what may move on the plan, search in the
background, see the best suggestion as ghosts with arrows and gains, apply it as one undo step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lobbysim.geo import layout_findings
from lobbysim.model.fileformat import load_layout

BEFORE = str(Path(__file__).resolve().parents[1] / "layouts/railway_station/before.lobby.json")


def test_suggest_show_apply_and_undo_in_one_step(make_editor, qtbot, tmp_path):
    """~15 s on an idle machine: a real search (the input's baseline, 30 first-stage trials, 4
    candidates raced and the best confirmed, on one day) is what the dialog shows and applies."""
    win = make_editor(load_layout(BEFORE), BEFORE, pool=True)
    before = win.layout.copy()
    win.select_ids(["vp_desk"])  # what may move is chosen on the plan
    win.menu_actions["suggest"].trigger()
    dlg = win.suggest_dialog
    assert dlg.isVisible() and dlg.movable_ids() == ["vp_desk"]
    dlg.set_objectives(["ops_vp_floor_share"])
    dlg.budget.setValue(4)
    dlg.trials = 30
    win.sim.day.set_codes(["thu"])
    win.sim.reps.setValue(2)
    dlg.search_button.click()
    assert win.sim.running and win.sim.cancel_button.isEnabled()  # the Simulate dock's progress and Cancel
    qtbot.waitUntil(lambda: dlg.result is not None and not win.sim.running, timeout=180_000)
    assert not win.errors, win.errors
    best = dlg.selected()
    assert dlg.table.rowCount() >= 1 and best is dlg.suggestions()[0]
    assert dlg.table.item(0, 1).text().startswith("move vp_desk to (")
    # the objective's gain and the guarded mean wait, each with its 95 % interval
    headers = [dlg.table.horizontalHeaderItem(c).text() for c in range(dlg.table.columnCount())]
    assert headers[3:] == ["Operations VP's time on the floor", "Mean wait"]
    assert dlg.table.item(0, 3).text().startswith("+") and "[" in dlg.table.item(0, 4).text()
    # the ghost where the desk would stand, an arrow from where it stands, the gains
    tags = {item.data(0): item for item in dlg.ghosts}
    assert set(tags) == {"ghost:vp_desk", "arrow:vp_desk", "gains"}
    new = best.design.edits[0].new
    r = tags["ghost:vp_desk"].path().boundingRect()
    x0, y0, x1, y1 = new.geometry.bounds
    assert (round(r.left(), 3), round(r.right(), 3), round(-r.bottom(), 3), round(-r.top(), 3)) == (x0, x1, y0, y1)
    assert "Operations VP's time on the floor +" in tags["gains"].text() and "Mean wait " in tags["gains"].text()
    assert all(item.scene() is win.scene for item in dlg.ghosts)
    # the language switch reaches the dialog, its table and the gains on the plan
    win.set_language("zh")
    assert dlg.windowTitle() == "布局优化建议" and dlg.table.horizontalHeaderItem(0).text() == "排名"
    assert dlg.table.item(0, 1).text().startswith("将 vp_desk 移至 (") and dlg.selected() is best
    assert "内勤行长" in next(i for i in dlg.ghosts if i.data(0) == "gains").text()
    win.set_language("en")
    # apply: one step on the undo stack, and the drawing is the suggestion
    steps = win.undo_stack.count()
    assert dlg.apply_selected() is best
    assert win.undo_stack.count() == steps + 1 and win.layout["vp_desk"] == new
    assert not dlg.ghosts and not [i for i in win.scene.items() if str(i.data(0)).startswith(("ghost", "arrow"))]
    assert not [f for f in layout_findings(win.layout) if f.severity == "error"]
    win.undo_stack.undo()
    assert win.layout.same_as(before)
    win.undo_stack.redo()
    assert win.layout["vp_desk"] == new
    # a suggestion for a drawing that has changed since is refused
    dlg.table.selectRow(0)
    assert dlg.apply_selected() is None and win.errors[-1] == dlg.t("stale")
    # what `lobbysim suggest --json OUT` wrote, opened in the editor: the same suggestions, one step
    win.undo_stack.undo()
    res = dlg.result
    res.write_layouts(tmp_path, "before")
    (tmp_path / "out.json").write_text(json.dumps(res.to_dict()), encoding="utf-8")
    assert dlg.open_result(str(tmp_path / "out.json")) and dlg.result is not res
    want = [s for s in res.suggestions if s.acceptable]
    assert [s.rank for s in dlg.suggestions()] == [s.rank for s in want]
    assert [s.gain for s in dlg.suggestions()] == pytest.approx([s.gain for s in want], abs=1e-3)  # JSON rounds
    assert dlg.table.item(0, 1).text().startswith("move vp_desk to (") and {i.data(0) for i in dlg.ghosts} == set(tags)
    step = win.undo_stack.index()
    assert dlg.apply_selected() is not None and win.undo_stack.index() == step + 1 and win.layout["vp_desk"] == new
    win.undo_stack.undo()
    assert win.layout.same_as(before)
    assert not dlg.open_result(BEFORE) and "is not a result of lobbysim suggest" in win.errors[-1]


def test_suggest_cancel_and_bad_input_as_dialogs(make_editor, qtbot):
    """The search stops on the Simulate dock's Cancel with nothing shown; bad input (nothing ticked,
    constraints no candidate meets) is one line in an error dialog, never a traceback. About 5 s on an
    idle machine: each search simulates the input's baseline (on the quietest day) before it stops."""
    win = make_editor(load_layout(BEFORE), BEFORE, pool=True)
    win.menu_actions["suggest"].trigger()
    dlg = win.suggest_dialog
    assert dlg.movable_ids() == []
    dlg.search_button.click()
    assert win.errors == [dlg.t("nothing")] and not win.sim.running
    # cancel: the run stops, nothing is listed, the dialog may search again
    dlg.set_movable(["vp_desk", "call_station"])
    dlg.budget.setValue(40)
    win.sim.day.set_codes(["sat"])  # the quietest day: the quickest baseline
    dlg.search_button.click()
    assert win.sim.running and not dlg.search_button.isEnabled()
    qtbot.waitUntil(lambda: win.jobs.current is not None and win.jobs.current.done > 0, timeout=60_000)
    win.sim.cancel_button.click()
    qtbot.waitUntil(lambda: not win.sim.running, timeout=30_000)
    assert win.jobs.last.name == "suggest" and win.jobs.last.state == "cancelled"
    assert dlg.result is None and dlg.table.rowCount() == 0 and not dlg.ghosts
    assert dlg.search_button.isEnabled() and len(win.errors) == 1
    # seats that cannot move with 5 m aisles: the constraint that rejected most, in one line
    dlg.set_movable(["seats1", "seats2"])
    dlg.set_objectives(["marketing_contacts"])
    dlg.aisle.setValue(5.0)
    dlg.budget.setValue(4)
    dlg.trials = 30
    dlg.search_button.click()
    qtbot.waitUntil(lambda: not win.sim.running, timeout=60_000)
    assert win.jobs.last.state == "failed" and len(win.errors) == 2
    message = win.errors[-1]
    assert "\n" not in message and "Traceback" not in message and "aisle" in message, message
    assert dlg.status.text() == message and dlg.result is None
