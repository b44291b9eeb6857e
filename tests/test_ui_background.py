"""Background image under the plan: load, two-click calibration with real mouse clicks on the
canvas, opacity, and surviving a scene rebuild (opening another layout)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from lobbysim.errors import LobbysimError
from lobbysim.model.fileformat import dumps_layout, load_layout
from lobbysim.ui.background import Z_BACKGROUND

ROOT = Path(__file__).resolve().parents[1]
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")


@pytest.fixture
def win(make_editor):
    return make_editor(load_layout(AFTER), AFTER)


@pytest.fixture
def scan(tmp_path):
    img = QImage(800, 500, QImage.Format_RGB32)
    img.fill(QColor("white"))
    p = tmp_path / "scan.png"
    assert img.save(str(p))
    return str(p)


def click_plan(qtbot, win, x, y):
    vp = win.view.mapFromScene(x, -y)
    qtbot.mouseClick(win.view.viewport(), Qt.LeftButton, pos=QPoint(vp.x(), vp.y()))
    sp = win.view.mapToScene(vp)
    return sp.x(), -sp.y()


def test_load_calibrate_by_two_clicks_and_opacity(win, qtbot, scan):
    before = dumps_layout(win.layout)
    layer = win.background
    assert win.menus["background"].title() == "Background"
    layer.load(scan)
    assert layer.item is not None and layer.item.zValue() == Z_BACKGROUND
    assert not layer.item.flags() & layer.item.GraphicsItemFlag.ItemIsSelectable
    x0, y0, x1, y1 = layer.plan_rect()
    assert x1 - x0 == pytest.approx(8.0)  # 800 px at the initial 1 cm per pixel
    win.view.fit()
    qtbot.wait(10)
    layer.ask_distance = lambda: 12.0
    win.menu_actions["background_calibrate"].trigger()  # Background > Calibrate
    assert layer.calibrating
    a = click_plan(qtbot, win, x0 + 1.0, y1 - 1.0)
    assert layer.calibrating  # one click is not enough
    b = click_plan(qtbot, win, x0 + 4.0, y1 - 1.0)
    assert not layer.calibrating
    # the image pixels under the two clicks (at the old 1 cm scale) are now 12 m apart,
    # and the first one stayed where it was clicked
    pa = ((a[0] - x0) / 0.01, (y1 - a[1]) / 0.01)
    pb = ((b[0] - x0) / 0.01, (y1 - b[1]) / 0.01)
    assert layer.calibration.metres_per_pixel * math.dist(pa, pb) == pytest.approx(12.0, rel=1e-6)
    assert layer.calibration.to_plan(pa) == pytest.approx(a)
    nx0, _, nx1, _ = layer.plan_rect()
    # the image grew by 12 m over the clicked distance (about 3 m: 4x; exact up to the pixels clicked)
    assert nx1 - nx0 == pytest.approx(8.0 * 12.0 / math.dist(a, b), rel=1e-6)
    assert 3.0 < (nx1 - nx0) / 8.0 < 5.0
    r = layer.item.sceneBoundingRect()
    assert r.width() == pytest.approx(nx1 - nx0, rel=1e-6)
    layer.set_opacity(0.3)
    assert layer.item.opacity() == pytest.approx(0.3)
    # the clicks calibrated the image; they did not edit the plan
    assert dumps_layout(win.layout) == before and win.undo_stack.count() == 0


def test_background_survives_opening_another_layout_and_can_be_removed(win, qtbot, scan):
    layer = win.background
    layer.load(scan)
    layer.set_opacity(0.25)
    assert win.open_file(BEFORE)
    qtbot.wait(20)
    assert layer.item is not None and layer.item.scene() is win.scene
    assert layer.item.opacity() == pytest.approx(0.25)
    layer.remove()
    assert not [i for i in win.scene.items() if i.data(0) == "background"]


def test_unreadable_image_and_bad_distance_are_messages_not_crashes(win, qtbot, tmp_path, scan):
    layer = win.background
    bad = tmp_path / "not_an_image.png"
    bad.write_text("nope")
    with pytest.raises(LobbysimError):
        layer.load(str(bad))
    msgs = []
    layer.show_message = msgs.append
    assert not layer.start_calibration() and msgs  # nothing loaded yet
    layer.load(scan)
    old = layer.calibration
    layer.ask_distance = lambda: 0.0
    layer.start_calibration()
    layer.click((1.0, 1.0))
    layer.click((3.0, 1.0))
    assert layer.calibration == old and len(msgs) == 2
