"""Resize handles on the canvas: drag a fixture's edge, a seat block's side and an area's corner
with the mouse; each drag is one undo step and the plan follows the model."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from shapely.geometry import Point

from lobbysim.model.elements import Area, Boundary, Fixture, SeatBlock
from lobbysim.model.layout import Layout


@pytest.fixture
def win(make_editor):
    return make_editor(
        Layout(
            [
                Boundary("boundary", polygon=((0, 0), (20, 0), (20, 12), (0, 12))),
                Area("wait", polygon=((10, 6), (16, 6), (16, 10), (10, 10)), area_kind="waiting"),
                Fixture("cash1", fixture_kind="cash_counter", x=4.0, y=8.0, width=2.0, depth=1.0),
                SeatBlock("seats1", x=6.0, y=3.0, rows=2, seats_per_row=4),
            ]
        ),
        size=(1700, 1000),  # about 45 pixels a metre: a pixel is well under the 5-cm grid
    )


def vpos(win, x, y):
    p = win.view.mapFromScene(x, -y)
    return QPoint(p.x(), p.y())


def select(win, eid):
    win.scene.clearSelection()
    win.scene.items_by_id[eid].setSelected(True)


def drag_handle(qtbot, win, name, to):
    p = win.resize_handles.handle_pos(name)
    vp = win.view.viewport()
    start = win.view.mapFromScene(p)
    qtbot.mousePress(vp, Qt.LeftButton, pos=start)
    mid = vpos(win, (p.x() + to[0]) / 2, (-p.y() + to[1]) / 2)
    qtbot.mouseMove(vp, pos=mid)
    qtbot.mouseMove(vp, pos=vpos(win, *to))
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=vpos(win, *to))


def test_handles_follow_the_selection(win):
    select(win, "cash1")
    assert sorted(i.name for i in win.resize_handles.items) == sorted(
        ["-1,-1", "0,-1", "1,-1", "1,0", "1,1", "0,1", "-1,1", "-1,0"]
    )
    select(win, "wait")
    assert [i.name for i in win.resize_handles.items] == ["v0", "v1", "v2", "v3"]
    win.scene.clearSelection()
    assert win.resize_handles.items == []


def test_drag_a_fixture_edge_is_one_undo_step(win, qtbot):
    select(win, "cash1")
    drag_handle(qtbot, win, "1,0", (6.0, 8.0))  # right edge from x=5 to x=6
    c = win.layout["cash1"]
    assert c.width == pytest.approx(3.0) and c.depth == pytest.approx(1.0)
    assert c.x == pytest.approx(4.5)  # the left edge stayed at x=3
    assert win.undo_stack.count() == 1 and win.undo_stack.undoText() == "Resize cash1"
    assert win.scene.items_by_id["cash1"].path().boundingRect().width() == pytest.approx(3.0, abs=1e-6)
    # the handles moved with the element and it is still selected
    assert win.scene.selected_ids() == ["cash1"]
    assert win.resize_handles.handle_pos("1,0").x() == pytest.approx(6.0, abs=1e-6)
    win.undo_stack.undo()
    assert win.layout["cash1"].width == 2.0 and win.layout["cash1"].x == 4.0


def test_drag_a_seat_block_side_adds_seats_and_an_area_corner_grows_it(win, qtbot):
    select(win, "seats1")
    s = win.layout["seats1"]
    right = win.resize_handles.handle_pos("1,0")
    drag_handle(qtbot, win, "1,0", (right.x() + 2 * s.seat_width, 3.0))
    assert win.layout["seats1"].seats_per_row == 6
    select(win, "wait")
    drag_handle(qtbot, win, "v2", (17.0, 11.0))
    assert win.layout["wait"].polygon == ((10, 6), (17.0, 6), (17.0, 11.0), (10, 11.0))
    assert win.undo_stack.count() == 2
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert win.layout["seats1"].seats_per_row == 4


def test_a_mouse_drag_moves_in_grid_steps_and_is_one_undo_step(win, qtbot):
    vp = win.view.viewport()
    start = vpos(win, 4.0, 8.0)  # the middle of cash1
    s = abs(win.view.transform().m11())
    # a drag of 1.237 m right, 0.311 m down in plan terms, in whole pixels
    end = start + QPoint(round(1.237 * s), round(0.311 * s))
    qtbot.mousePress(vp, Qt.LeftButton, pos=start)
    for p in (start + QPoint(5, 0), end):  # moves with the button held, as a hand does
        QApplication.sendEvent(
            vp,
            QMouseEvent(
                QEvent.MouseMove, QPointF(p), vp.mapToGlobal(QPointF(p)), Qt.NoButton, Qt.LeftButton, Qt.NoModifier
            ),
        )
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=end)
    c = win.layout["cash1"]
    dx, dy = c.x - 4.0, c.y - 8.0
    for d, want in ((dx, 1.237), (dy, -0.311)):
        assert abs(d - want) <= 0.05 + 1.0 / s  # where the hand went, to a step and a pixel
        assert abs(d / 0.05 - round(d / 0.05)) < 1e-6  # in 5 cm steps
    assert win.undo_stack.count() == 1 and win.undo_stack.undoText() == "Move cash1"


def test_clicks_reach_the_counter_inside_a_post_zone_and_empty_floor_selects_nothing(make_editor, qtbot):
    from pathlib import Path

    from lobbysim.model.fileformat import load_layout

    after = str(Path(__file__).resolve().parents[1] / "layouts/railway_station/after.lobby.json")
    w = make_editor(load_layout(after), after)
    low = w.layout["low1"]
    post = next(p for p in w.layout.posts() if p.geometry.contains(low.geometry.centroid))
    qtbot.mouseClick(w.view.viewport(), Qt.LeftButton, pos=vpos(w, low.x, low.y))  # the middle, under its name
    assert w.scene.selected_ids() == ["low1"]
    x0, y0, x1, y1 = post.geometry.bounds
    qtbot.mouseClick(w.view.viewport(), Qt.LeftButton, pos=vpos(w, x0, (y0 + y1) / 2 + 0.3))  # on its outline
    assert w.scene.selected_ids() == [post.id]
    # a spot inside the boundary and inside a post zone with nothing else drawn there
    inside = [
        (x + 0.5, y + 0.5)
        for x in range(0, 30)
        for y in range(0, 20)
        if post.geometry.buffer(-0.5).contains(Point(x + 0.5, y + 0.5))
    ]
    spot = next(p for p in inside if not w.view.items(vpos(w, *p)))
    qtbot.mouseClick(w.view.viewport(), Qt.LeftButton, pos=vpos(w, *spot))
    assert w.scene.selected_ids() == []  # neither the boundary nor the post zone: empty floor
