"""The Details dock: kind, size, service/staff points, blocks sight, seat rows, post number,
wall thickness, each Apply one undo step; the dock follows selection, undo and redo."""

from __future__ import annotations

from pathlib import Path

import pytest

from lobbysim.model.fileformat import load_layout

AFTER = str(Path(__file__).resolve().parents[1] / "layouts/railway_station/after.lobby.json")


@pytest.fixture
def win(make_editor):
    return make_editor(load_layout(AFTER), AFTER)


def test_fixture_kind_size_points_and_sight_as_one_step(win, qtbot):
    panel = win.details
    win.select_ids(["cash1"])
    assert panel.title.text() == "cash1 [fixture]"
    assert panel.element_id == "cash1" and panel.kind.currentData() == "cash_counter"
    old = win.layout["cash1"]
    panel.kind.setCurrentIndex(panel.kind.findData("low_counter"))
    panel.width_.setValue(2.0)
    panel.service.own.setChecked(True)
    panel.service.x.setValue(0.0)
    panel.service.y.setValue(-0.9)
    panel.sight.setCurrentIndex(panel.sight.findData(False))
    n = win.undo_stack.count()
    assert panel.apply()
    assert win.undo_stack.count() == n + 1
    e = win.layout["cash1"]
    assert (e.fixture_kind, e.size[0], e.service_offset, e.blocks_sight) == ("low_counter", 2.0, (0.0, -0.9), False)
    assert e.service_point == pytest.approx(e.to_world(0.0, -0.9))
    assert not e.sight_blocking
    r = win.scene.items_by_id["cash1"].path().boundingRect()  # the scene redrew it from the model
    x0, y0, x1, y1 = e.geometry.bounds
    assert (r.width(), r.height()) == pytest.approx((x1 - x0, y1 - y0))
    assert max(r.width(), r.height()) == pytest.approx(2.0)
    assert not panel.apply()  # nothing left to change
    win.undo_stack.undo()
    assert win.layout["cash1"] == old
    assert panel.kind.currentData() == "cash_counter" and panel.width_.value() == pytest.approx(old.size[0])
    win.undo_stack.redo()
    assert panel.kind.currentData() == "low_counter"


def test_seat_rows_post_number_and_wall_thickness(win, qtbot):
    panel = win.details
    sb = win.layout.seat_blocks()[0]
    win.select_ids([sb.id])
    panel.rows.setValue(sb.rows + 1)
    assert panel.apply()
    assert win.layout[sb.id].seat_count == (sb.rows + 1) * sb.seats_per_row
    post = win.layout.posts()[0]
    win.select_ids([post.id])
    assert panel.form.isRowVisible(panel.number) and not panel.form.isRowVisible(panel.rows)
    panel.number.setValue(7)
    panel.apply()
    assert win.layout[post.id].number == 7
    wall = win.layout.walls()[0]
    win.select_ids([wall.id])
    panel.thickness.setValue(0.35)
    panel.apply()
    assert win.layout[wall.id].thickness == pytest.approx(0.35)
    assert win.layout[wall.id].geometry.area > wall.geometry.area
    win.scene.clearSelection()
    assert panel.element_id is None
