"""Drawing shapes with the mouse: area rectangle and polygon, wall, post zone, entrance; each is
one undo step; undo and redo everything; save, reopen, and the file equals the model."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from lobbysim.model.elements import Area, Boundary, Entrance, Fixture, Post, Wall
from lobbysim.model.fileformat import dumps_layout, load_layout
from lobbysim.model.layout import Layout


@pytest.fixture
def win(make_editor):
    return make_editor(Layout([Boundary("boundary", polygon=((0, 0), (20, 0), (20, 12), (0, 12)))]))


def vpos(win, x, y):
    p = win.view.mapFromScene(x, -y)
    return QPoint(p.x(), p.y())


def click(qtbot, win, x, y, button=Qt.LeftButton):
    qtbot.mouseClick(win.view.viewport(), button, pos=vpos(win, x, y))


def test_draw_every_shape_undo_redo_save_and_reopen(win, qtbot, tmp_path):
    tools = win.shape_tools
    vp = win.view.viewport()
    # area rectangle: two clicks, corners in any order, snapped to the 0.1 m grid
    tools.set_tool("area_rect")
    tools.area_kind = "cash"
    click(qtbot, win, 6.02, 4.98)
    assert tools.preview is not None  # rubber band shown after the first click
    click(qtbot, win, 2.01, 2.03)
    areas = win.layout.areas()
    assert len(areas) == 1 and areas[0].area_kind == "cash"
    assert areas[0].geometry.bounds == pytest.approx((2.0, 2.0, 6.0, 5.0))
    # area polygon: four clicks and a double click
    tools.set_tool("area_polygon")
    for x, y in ((8, 2), (12, 2), (12, 6)):
        click(qtbot, win, x, y)
    qtbot.mouseDClick(vp, Qt.LeftButton, pos=vpos(win, 8.0, 6.0))
    poly = win.layout.areas()[-1]
    assert poly.geometry.area == pytest.approx(16.0)
    # wall: three clicks and Enter; a nearly horizontal segment is made exactly horizontal
    tools.set_tool("wall")
    click(qtbot, win, 14, 1)
    click(qtbot, win, 17.02, 1.15)
    click(qtbot, win, 17.0, 5.0)
    qtbot.keyClick(vp, Qt.Key_Return)
    wall = win.layout.walls()[0]
    assert wall.points == ((14.0, 1.0), (17.0, 1.0), (17.0, 5.0))
    # post zone and entrance: two clicks each
    tools.set_tool("post")
    click(qtbot, win, 2, 7)
    click(qtbot, win, 7, 10)
    assert win.layout.posts()[0].number == 1
    tools.set_tool("entrance")
    click(qtbot, win, 9, 0.02)
    click(qtbot, win, 11, 0.03)
    ent = win.layout.entrances()[0]
    assert (ent.a, ent.b) == ((9.0, 0.0), (11.0, 0.0))  # snapped onto the boundary edge
    # a counter with the window's own tool, and a drag of the drawn area
    win.set_tool("cash_counter")
    click(qtbot, win, 4.0, 3.5)
    win.set_tool("select")
    assert len(win.layout.fixtures("cash_counter")) == 1
    win.push(__import__("lobbysim.model.commands", fromlist=["x"]).move_elements(win.layout, [areas[0].id], 0.5, 0))
    assert win.undo_stack.count() == 7  # every shape and the move: one step each
    assert [win.undo_stack.text(i) for i in range(5)] == [
        f"Add area {areas[0].id}",
        f"Add area {poly.id}",
        f"Add wall {wall.id}",
        f"Add post {win.layout.posts()[0].id}",
        f"Add entrance {ent.id}",
    ]
    assert not any(i.data(0) == "preview" for i in win.scene.items())
    full = dumps_layout(win.layout)
    assert win.isWindowModified()
    # undo everything: back to the bare boundary, and the scene follows
    while win.undo_stack.canUndo():
        win.undo_stack.undo()
    assert [e.type for e in win.layout] == ["boundary"]
    assert set(win.scene.items_by_id) == {"boundary"}
    while win.undo_stack.canRedo():
        win.undo_stack.redo()
    assert dumps_layout(win.layout) == full
    assert set(win.scene.items_by_id) == set(win.layout.ids())
    out = tmp_path / "drawn.lobby.json"
    assert win.save_to(str(out))
    assert not win.isWindowModified()
    again = load_layout(out)
    assert dumps_layout(again) == full
    assert {type(e) for e in again} == {Boundary, Area, Wall, Post, Entrance, Fixture}


def test_escape_and_too_few_points_add_nothing(win, qtbot):
    tools = win.shape_tools
    vp = win.view.viewport()
    tools.set_tool("area_polygon")
    click(qtbot, win, 3, 3)
    click(qtbot, win, 5, 3)
    qtbot.keyClick(vp, Qt.Key_Return)  # two points are not a polygon
    tools.set_tool("wall")
    click(qtbot, win, 3, 3)
    qtbot.keyClick(vp, Qt.Key_Escape)
    click(qtbot, win, 4, 4)
    qtbot.keyClick(vp, Qt.Key_Backspace)
    qtbot.keyClick(vp, Qt.Key_Return)
    assert win.undo_stack.count() == 0 and len(win.layout) == 1
    qtbot.keyClick(vp, Qt.Key_Escape)  # a second Esc leaves the tool
    assert tools.tool is None
    # with no shape tool active, clicks select as before
    click(qtbot, win, 10, 6)
    assert win.undo_stack.count() == 0
