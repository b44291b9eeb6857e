"""Canvas navigation: keys zoom, fit and pan; a middle-button drag pans without editing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from lobbysim.model.fileformat import dumps_layout, load_layout
from lobbysim.ui.navigation import ZOOM_STEP

AFTER = str(Path(__file__).resolve().parents[1] / "layouts/railway_station/after.lobby.json")


def test_keys_and_middle_drag(make_editor, qtbot):
    w = make_editor(load_layout(AFTER), AFTER)
    start = dumps_layout(w.layout)
    s0 = w.view.transform().m11()
    qtbot.keyClick(w.view, Qt.Key_Plus)
    qtbot.keyClick(w.view, Qt.Key_Plus)
    assert w.view.transform().m11() == pytest.approx(s0 * ZOOM_STEP**2)
    h = w.view.horizontalScrollBar()
    v0 = h.value()
    qtbot.keyClick(w.view, Qt.Key_Right)
    assert h.value() > v0
    vp = w.view.viewport()
    assert h.maximum() - h.minimum() > 100
    h.setValue(h.minimum())  # room to follow a 100-pixel drag whatever the window's docks take
    before = h.value()
    qtbot.mousePress(vp, Qt.MiddleButton, pos=QPoint(400, 300))
    qtbot.mouseMove(vp, QPoint(300, 300))
    qtbot.mouseRelease(vp, Qt.MiddleButton, pos=QPoint(300, 300))
    assert h.value() == before + 100  # the plan follows the hand
    qtbot.keyClick(w.view, Qt.Key_Minus)
    assert w.view.transform().m11() == pytest.approx(s0 * ZOOM_STEP)
    assert not w.view.fitted  # zoomed and panned by hand: a resize keeps the view as it is
    qtbot.keyClick(w.view, Qt.Key_F)
    assert w.view.transform().m11() == pytest.approx(s0) and w.view.fitted
    assert dumps_layout(w.layout) == start and w.undo_stack.count() == 0
