"""Sightline overlay of the selected staff position: shown on selection, follows edits,
hidden when switched off; never in the model."""

from __future__ import annotations

from pathlib import Path

from shapely.geometry import Point

from lobbysim.model import commands as C
from lobbysim.model.fileformat import dumps_layout, load_layout

AFTER = str(Path(__file__).resolve().parents[1] / "layouts/railway_station/after.lobby.json")


def test_isovist_of_selected_desk_follows_moves(make_editor, qtbot):
    w = make_editor(load_layout(AFTER), AFTER)
    ov = w.sight_overlay
    start = dumps_layout(w.layout)
    w.select_ids(["lobby_desk"])
    qtbot.waitUntil(lambda: ov.element_id == "lobby_desk", timeout=5000)
    sp = w.layout["lobby_desk"].staff_point
    assert ov.polygon.buffer(1e-6).contains(Point(sp))
    floor_area = w.layout.boundary.geometry.area
    assert 0 < ov.polygon.area < floor_area  # walls and offices hide part of the floor
    assert ov.item.scene() is w.scene
    assert w.legend.isVisible() and w.legend.section_texts("sight") == ["what the selected staff member sees"]
    # the desk moves 3 m: a new view from its new staff point
    first = ov.polygon
    w.push(C.move_elements(w.layout, ["lobby_desk"], -3.0, 0.0))
    w.select_ids(["lobby_desk"])
    qtbot.waitUntil(lambda: ov.polygon is not None and ov.polygon is not first, timeout=5000)
    assert ov.polygon.buffer(1e-6).contains(Point(w.layout["lobby_desk"].staff_point))
    assert ov.polygon.symmetric_difference(first).area > 0.5
    w.menu_actions["sightlines"].trigger()  # View > Sightlines off
    assert not ov.enabled and ov.item is None and not [i for i in w.scene.items() if i.data(0) == "sight"]
    assert not w.legend.isVisible()
    w.undo_stack.undo()
    assert dumps_layout(w.layout) == start
    w.scene.clearSelection()
