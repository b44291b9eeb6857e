"""The flagship in the editor (issue 19 item 3): it draws, its live walking read-out follows
edits, and the quick estimate stays off the GUI thread with at most one run waiting."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor

from lobbysim.model import commands as C
from lobbysim.model.fileformat import load_layout
from lobbysim.model.kinds import AREA_KINDS, FIXTURE_KINDS

ROOT = Path(__file__).resolve().parents[1]
AFTER = ROOT / "layouts/flagship/after.lobby.json"
SCENARIO = ROOT / "layouts/flagship/scenario.json"


def _shows(w, x: float, y: float, colour: str) -> bool:
    """Whether the window draws ``colour`` at plan point (x, y) (within a few pixels: a name
    may be written across the middle)."""
    img = w.view.viewport().grab().toImage()
    p = w.view.mapFromScene(QPointF(x, -y))
    want = QColor(colour).rgb()
    return any(img.pixel(p.x() + i, p.y() + j) == want for i in range(-3, 4) for j in range(-3, 4))


def test_the_flagship_draws_every_element(make_editor):
    lay = load_layout(AFTER)
    w = make_editor(lay, str(AFTER), size=(1400, 900))
    assert set(w.scene.items_by_id) == {e.id for e in lay}
    # the middle of a smart counter, of the cash area and of a wealth room show their colours
    assert _shows(w, 3.0, 21.5, FIXTURE_KINDS["smart_counter"].color)
    assert _shows(w, 8.0, 33.0, AREA_KINDS["cash"].color)
    assert _shows(w, 49.0, 26.0, AREA_KINDS["wealth_room"].color)
    assert not _shows(w, 49.0, 26.0, AREA_KINDS["cash"].color)
    assert w.errors == []


def test_the_walking_readout_follows_an_edit_on_the_flagship(make_editor, qtbot):
    w = make_editor(load_layout(AFTER), str(AFTER))
    w.refresh_walking()
    rows = {w.walk_list.item(i).toolTip(): w.walk_list.item(i).text() for i in range(w.walk_list.count())}
    assert len(rows) == 59 and "side_entrance → ticket2" in rows and "vp_desk → smart6" in rows
    before = dict(w.walking_readout())
    w.push(C.move_elements(w.layout, ["smart6"], 1.0, 0.0))
    # the dock itself follows (its items are rewritten in place when only distances change)
    qtbot.waitUntil(lambda: _dock(w.walk_list) != rows, timeout=3000)
    after = dict(w.walking_readout())
    assert after["vp_desk → smart6"] < before["vp_desk → smart6"]
    assert after["main_entrance → cash1"] == before["main_entrance → cash1"]  # far from the edit
    shown = _dock(w.walk_list)
    assert shown.keys() == rows.keys() and shown["vp_desk → smart6"].endswith(f"{after['vp_desk → smart6']:.1f} m")
    for k in rows:  # every row shows its new distance (to 0.1 m)
        assert shown[k] == rows[k] if after[k] == before[k] else shown[k].endswith(f"{after[k]:.1f} m")
    # the element list follows a deletion (one row fewer, each row still selects its element)
    n = w.live.elements.count()
    w.push(C.delete_elements(w.layout, ["smart6"]))
    qtbot.waitUntil(lambda: w.live.elements.count() == n - 1, timeout=3000)
    ids = [w.live.elements.item(i).data(Qt.UserRole) for i in range(w.live.elements.count())]
    assert ids == [e.id for e in w.layout] and "smart6" not in ids


def _dock(widget) -> dict[str, str]:
    """{tool tip: text} of a dock's list."""
    return {widget.item(i).toolTip(): widget.item(i).text() for i in range(widget.count())}


def test_quick_estimate_runs_off_the_gui_thread_with_at_most_one_run_waiting(make_editor, qtbot, monkeypatch):
    import lobbysim.ui.quick_estimate as qe

    release = threading.Event()
    calls: list[tuple[str, int]] = []

    def slow_estimate(layout, scenario, day="mon", reps=3, seed=1):
        calls.append((threading.current_thread().name, len(layout)))
        assert release.wait(20), "the test never released the estimate"
        return {"wait_mean_min": float(len(calls))}

    monkeypatch.setattr(qe, "estimate_kpis", slow_estimate)
    w = make_editor(load_layout(AFTER), str(AFTER), estimate=True)
    q = w.quick_estimate
    q.timer.stop()
    q.reps = 1
    q.timer.setInterval(10)
    q.scenario_edited(str(SCENARIO))
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=5000)  # the first run started ...
    for k in range(8):  # ... and eight edits come while it runs
        w.push(C.move_elements(w.layout, ["seats4"], 0.1 if k % 2 == 0 else -0.1, 0.0))
        qtbot.waitUntil(lambda: not q.timer.isActive(), timeout=3000)
        assert q.running and q.pending
    assert len(calls) == 1  # nothing else started meanwhile
    release.set()
    qtbot.waitUntil(lambda: q.runs_done == 2 and not q.running, timeout=10000)
    qtbot.wait(100)  # a third run would start within the debounce delay
    assert q.runs_done == 2 and not q.running and not q.pending and len(calls) == 2
    assert {name for name, _ in calls} == {"lobbysim-quick estimate"}  # never the GUI thread
    assert threading.current_thread() is threading.main_thread()
    assert q.kpis == {"wait_mean_min": 2.0}  # the second run's answer, for the edited drawing


def _labels_outside(w) -> list[str]:
    """The shown names whose box on screen is not wholly inside the canvas."""
    from PySide6.QtCore import QRectF

    v = w.view
    vp = QRectF(v.viewport().rect())
    out = []
    for item in w.scene.items_by_id.values():
        t = item.label
        if t is not None and t.isVisible():
            box = t.deviceTransform(v.viewportTransform()).mapRect(t.boundingRect())
            if not vp.contains(box):
                out.append(item.element_id)
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_fit_to_view_shows_every_name_whole_at_1366_px(make_editor, qtbot, lang):
    """The names of the self-service machines against the west wall stand outside the outline:
    on opening and after "fit to view" the view takes them in, not only the elements."""
    w = make_editor(load_layout(AFTER), str(AFTER), lang=lang, size=(1366, 768), fit=False)
    qtbot.waitUntil(lambda: w.view.viewport().width() > 100, timeout=3000)
    w.view.fit()  # as the window does on opening a drawing
    qtbot.wait(20)  # a paint places the labels again for the zoom it shows: the same places
    shown = [i for i in w.scene.items_by_id.values() if i.label is not None and i.label.isVisible()]
    assert {"atm2", "atm8", "side_entrance", "main_entrance"} <= {i.element_id for i in shown}
    assert _labels_outside(w) == []
    ext = w.scene.label_rect()
    assert ext.left() < w.scene.plan_rect.left()  # the machines' names do lie west of the outline
    w.view.zoom(3.0)
    assert _labels_outside(w) != []  # zoomed in, names are off the canvas (the check can fail)
    w.menu_actions["fit"].trigger()
    qtbot.wait(20)
    assert w.view.fitted and _labels_outside(w) == []


def test_a_canvas_narrower_than_the_names_keeps_the_plan_readable(make_editor, qtbot):
    """Names keep their size on screen, so on a narrow canvas fitting them would shrink the plan
    without end: the names never make the plan smaller than 70 % of its plain fit."""
    w = make_editor(load_layout(AFTER), str(AFTER), size=(700, 500))
    w.view.fit()
    vp, r = w.view.viewport().rect(), w.scene.plan_rect
    plain = min(vp.width() / r.width(), vp.height() / r.height())
    assert w.view.pixels_per_metre() >= 0.69 * plain
