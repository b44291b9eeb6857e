"""Editor flows with pytest-qt: open, drag-move as one undo step, undo/redo, inspector edits,
delete, save and reopen, bad files, screenshots, live panels."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRectF
from shapely.geometry import Point

from lobbysim.cli import main
from lobbysim.model.fileformat import dumps_layout, load_layout
from lobbysim.ui.editor_window import EditorWindow
from lobbysim.ui.qt_app import cjk_family, ensure_app

ROOT = Path(__file__).resolve().parents[1]
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")


@pytest.fixture
def win(qtbot):
    ensure_app()
    w = EditorWindow(load_layout(AFTER), AFTER, lang="en")
    w.ask_discard = lambda: True
    errors = []
    w.show_error = errors.append
    w.errors = errors
    qtbot.addWidget(w)
    w.show()
    return w


def drag(win, eid, dx, dy):
    """What a mouse drag does: the item moves on screen, then the release turns it into one command."""
    item = win.scene.items_by_id[eid]
    win.scene.clearSelection()
    item.setSelected(True)
    win.scene._press_pos = {eid: QPointF(item.pos())}
    item.setPos(item.pos() + QPointF(dx, -dy))
    win.scene.finish_drag()


def test_drag_is_one_undo_step_and_the_scene_follows_the_model(win, qtbot):
    original = dumps_layout(win.layout)
    x0 = win.layout["cash1"].x
    drag(win, "cash1", 1.5, 0.5)
    assert win.layout["cash1"].x == pytest.approx(x0 + 1.5) and win.layout["cash1"].y == pytest.approx(10.5)
    assert win.undo_stack.count() == 1 and win.undo_stack.undoText() == "Move cash1"
    assert win.isWindowModified()
    item = win.scene.items_by_id["cash1"]
    assert item.pos() == QPointF(0, 0)  # the item was rebuilt from the model, not left displaced
    assert item.path().boundingRect().center().x() == pytest.approx(x0 + 1.5, abs=1e-6)
    drag(win, "seats1", -0.5, 0.0)
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert dumps_layout(win.layout) == original and not win.isWindowModified()
    win.undo_stack.redo()
    win.undo_stack.redo()
    assert win.layout["seats1"].x == pytest.approx(load_layout(AFTER)["seats1"].x - 0.5)


def test_inspector_edit_delete_save_and_reopen(win, tmp_path, qtbot):
    win.select_ids(["vp_desk"])
    assert win.insp_id.text() == "vp_desk"
    win.insp_en.setText("VP desk (new)")
    win.insp_x.setValue(15.0)
    win.apply_inspector()
    assert win.layout["vp_desk"].name_en == "VP desk (new)" and win.layout["vp_desk"].x == 15.0
    assert "Edit" in win.undo_stack.undoText()
    win.select_ids(["water"])
    win.delete_selected()
    assert "water" not in win.layout
    out = tmp_path / "edited.lobby.json"
    assert win.save_to(str(out))
    assert not win.isWindowModified()
    again = load_layout(out)
    assert again.same_as(win.layout)


def test_a_bad_file_opens_an_error_dialog_not_a_crash(win, tmp_path):
    bad = tmp_path / "bad.lobby.json"
    bad.write_bytes(b"\x00\x01 not a layout")
    assert not win.open_file(str(bad))
    assert win.errors and str(bad) in win.errors[0]
    assert win.layout["cash1"]  # the open layout is untouched


def test_live_findings_and_walking_readout_follow_edits(win, qtbot):
    win.refresh_panels()
    before = dict(win.walking_readout())
    assert before["entrance → cash1"] > 5
    drag(win, "cash2", -0.8, 0.0)  # now overlaps cash1
    qtbot.waitUntil(
        lambda: any("cash2" in win.findings_list.item(i).text() for i in range(win.findings_list.count())), timeout=3000
    )
    win.undo_stack.undo()
    drag(win, "low1", 0.0, -2.0)
    after = dict(win.walking_readout())
    assert after["low1 → smart1"] != before["low1 → smart1"]


@pytest.mark.parametrize("path,lang", [(BEFORE, "zh"), (AFTER, "en")])
def test_screenshot_command(tmp_path, path, lang):
    out = tmp_path / "shot.png"
    assert main(["gui", path, "--screenshot", str(out), "--lang", lang]) == 0
    from PySide6.QtGui import QImage

    img = QImage(str(out))
    assert img.width() >= 1000 and img.height() >= 600
    colours = {img.pixel(x, y) for x in range(0, img.width(), 37) for y in range(0, img.height(), 37)}
    assert len(colours) > 8  # a drawn plan, not a blank window
    assert cjk_family()  # a font with Chinese glyphs is registered


def test_gui_refuses_a_bad_file_on_the_command_line(tmp_path, capsys):
    bad = tmp_path / "x.lobby.json"
    bad.write_text("{}")
    assert main(["gui", str(bad), "--screenshot", str(tmp_path / "o.png")]) == 1
    assert "not a lobbysim layout" in capsys.readouterr().err


def test_many_qt_calls_do_not_corrupt_the_interpreter():
    """PySide6 6.12.0 on Python 3.11 loses a reference to None on each void call and aborts
    after a few thousand (a drawing of a large plan makes that many); pyproject pins below it."""
    import subprocess
    import sys

    code = (
        "from PySide6.QtGui import QPainterPath\n"
        "p = QPainterPath()\n"
        "for i in range(50000):\n"
        "    p.lineTo(1.0, 2.0)\n"
        "print('ok')\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr[-500:]


def test_recovery_copy_of_a_killed_editor_is_offered_and_restores_the_edits(win, tmp_path, qtbot):
    import os
    from pathlib import Path

    from lobbysim.ui.editor_window import recovery_dir

    saved = tmp_path / "plan.lobby.json"
    assert win.save_to(str(saved))
    drag(win, "cash1", 1.0, 0.0)
    win.autosave()
    copy = win.recovery_path()
    assert copy.exists() and load_layout(copy)["cash1"].x == win.layout["cash1"].x
    # the editor is killed: its recovery copy stays, named after a process that is gone
    dead = recovery_dir() / copy.name.replace(f".{os.getpid()}.", ".999999999.")
    copy.rename(dead)
    copy.with_suffix(".origin").rename(dead.with_suffix(".origin"))
    edited_x = win.layout["cash1"].x
    win.undo_stack.setClean()
    fresh = EditorWindow()
    qtbot.addWidget(fresh)
    fresh.ask_discard = lambda: True
    asked = []
    fresh.ask_recover = lambda p: asked.append(p) or True
    assert fresh.offer_recovery()
    assert asked and fresh.layout["cash1"].x == edited_x
    assert fresh.path == str(saved) and fresh.isWindowModified()
    fresh.undo_stack.undo()
    assert fresh.layout["cash1"].x == load_layout(saved)["cash1"].x
    assert not dead.exists()
    assert str(saved.resolve()) in [str(Path(p).resolve()) for p in fresh.recent_files()]


def test_place_a_counter_and_a_seat_block_with_the_tools_snapped_to_the_grid(win, qtbot):
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    n = len(win.layout)
    win.set_tool("low_counter")
    assert win.place_at((12.33, 5.07))
    new = win.layout.of_type(type(win.layout["low1"]))[-1]
    assert new.fixture_kind == "low_counter" and (new.x, new.y) == pytest.approx((12.3, 5.1))
    # a real click on the canvas with the seat-block tool
    win.set_tool("seat_block")
    win.view.fit()
    pos = win.view.mapFromScene(20.0, -5.0)
    QTest.mouseClick(win.view.viewport(), Qt.LeftButton, Qt.NoModifier, QPoint(pos.x(), pos.y()))
    blocks = win.layout.seat_blocks()
    assert len(win.layout) == n + 2 and blocks[-1].x == pytest.approx(20.0, abs=0.3)
    assert win.undo_stack.undoText().startswith("Add seat block")
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert len(win.layout) == n


def test_import_a_small_dxf(qtbot, tmp_path):
    import ezdxf

    from lobbysim.model.layout import Layout

    doc = ezdxf.new()
    doc.header["$INSUNITS"] = 4
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (12000, 0), (12000, 8000), (0, 8000)], close=True, dxfattribs={"layer": "OUT"})
    msp.add_line((6000, 0), (6000, 3000), dxfattribs={"layer": "W"})
    p = tmp_path / "small.dxf"
    doc.saveas(p)
    ensure_app()
    w = EditorWindow(Layout(), None)
    qtbot.addWidget(w)
    w.ask_discard = lambda: True
    w.choose_dxf_options = lambda layers: ({"W"}, "OUT", "auto") if layers == ["OUT", "W"] else None
    assert w.import_dxf_file(str(p))
    assert w.layout.boundary is not None and w.layout.boundary.geometry.area == pytest.approx(96.0)
    assert len(w.layout.walls()) == 1 and w.undo_stack.undoText().startswith("Import 2 elements")
    w.undo_stack.undo()
    assert len(w.layout) == 0


def test_language_switch_is_applied_and_remembered(win, qtbot):
    win.set_language("zh")
    menus = [a.text() for a in win.menuBar().actions()]
    assert "文件" in menus and "编辑" in menus and win.docks["Findings"].windowTitle() == "检查结果"
    assert any(
        getattr(ch, "text", lambda: "")() == "厅堂1号"
        for item in win.scene.items_by_id.values()
        for ch in item.childItems()
    )
    again = EditorWindow(load_layout(AFTER), AFTER)
    qtbot.addWidget(again)
    assert again.lang == "zh"
    win.set_language("en")
    assert "File" in [a.text() for a in win.menuBar().actions()]


def test_copy_paste_duplicate_rotate_align_each_one_undo_step(win):
    n = len(win.layout)
    win.select_ids(["cash1"])
    win.copy_selected()
    win.paste()
    assert len(win.layout) == n + 1 and win.undo_stack.undoText() == "Paste 1 element"
    win.select_ids(["atm1"])
    win.duplicate_selected()
    assert len(win.layout) == n + 2
    win.select_ids(["ticket"])
    rot = win.layout["ticket"].rotation
    win.rotate_selected(90.0)
    assert win.layout["ticket"].rotation == pytest.approx((rot + 90) % 360)
    for i in ("atm1", "atm2"):
        win.scene.items_by_id[i].setSelected(True)
    win.scene.items_by_id["ticket"].setSelected(False)
    win.align_selected("left")
    assert win.layout["atm1"].geometry.bounds[0] == pytest.approx(win.layout["atm2"].geometry.bounds[0])
    for _ in range(4):
        win.undo_stack.undo()
    assert len(win.layout) == n and dumps_layout(win.layout) == dumps_layout(load_layout(AFTER))


def test_draw_a_wall_an_area_a_post_and_an_entrance_with_two_clicks(win):
    n = len(win.layout)
    win.set_tool("wall")
    win.place_at((19.0, 5.0))
    win.place_at((22.02, 5.3))  # nearly horizontal: made exactly horizontal
    wall = win.layout.walls()[-1]
    assert wall.points == ((19.0, 5.0), (22.0, 5.0))
    win.set_tool("area")
    win.place_at((8.0, 3.0))
    win.place_at((10.0, 5.0))
    assert win.layout.areas("waiting")[-1].geometry.area == pytest.approx(4.0)
    win.set_tool("post")
    win.place_at((0.5, 10.5))
    win.place_at((3.0, 13.0))
    assert [p.number for p in win.layout.posts()] == [1, 2, 3, 4]
    win.set_tool("entrance")
    win.place_at((24.0, 5.0))
    win.place_at((24.0, 6.6))
    assert win.layout.entrances()[-1].geometry.length == pytest.approx(1.6)
    assert len(win.layout) == n + 4 and win.undo_stack.count() == 4


def test_resize_a_counter_from_the_details_dock(win):
    win.select_ids(["low1"])
    assert win.details.width_.value() == pytest.approx(1.6)
    win.details.width_.setValue(2.4)
    win.details.apply()
    assert win.layout["low1"].size == pytest.approx((2.4, 0.8))
    assert win.scene.items_by_id["low1"].path().boundingRect().height() == pytest.approx(2.4, abs=1e-6)
    win.undo_stack.undo()
    assert win.layout["low1"].size == pytest.approx((1.6, 0.8))


def test_inspector_is_blank_and_disabled_without_a_selection(win):
    win.select_ids(["low1"])
    assert win.insp_x.text().strip() and win.insp_apply.isEnabled()
    win.scene.clearSelection()
    assert not win.insp_x.isEnabled() and not win.insp_x.text().strip()
    assert not win.insp_apply.isEnabled() and win.insp_id.text() == "-"


def test_translation_file_is_compiled_from_its_source(tmp_path):
    """The shipped .qm is what pyside6-lrelease makes of the .ts (no stale translations)."""
    import os
    import subprocess

    import PySide6

    from lobbysim.ui.editor_window import I18N

    out = tmp_path / "zh.qm"
    lrelease = os.path.join(os.path.dirname(PySide6.__file__), "lrelease")  # ships with PySide6-Essentials
    res = subprocess.run([lrelease, str(I18N / "lobbysim_zh_CN.ts"), "-qm", str(out)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert out.read_bytes() == (I18N / "lobbysim_zh_CN.qm").read_bytes()


@pytest.mark.parametrize("path,lang", [(BEFORE, "zh"), (AFTER, "en")])
def test_plan_labels_do_not_overlap_and_avoid_furniture(qtbot, path, lang):
    ensure_app()
    w = EditorWindow(load_layout(path), path, lang=lang)
    qtbot.addWidget(w)
    w.resize(1400, 850)
    w.show()
    w.view.fit()
    w.view.grab()  # labels are placed for the zoom the view paints at
    s = abs(w.view.transform().m11())
    rects = {}
    for eid, item in w.scene.items_by_id.items():
        t = item.label
        if t is not None and t.isVisible():
            br = t.boundingRect()
            p = t.pos() + item.pos()
            tr = t.transform()
            rects[eid] = QRectF(p.x() + tr.dx() / s, p.y() + tr.dy() / s, br.width() / s, br.height() / s)
    ids = list(rects)
    assert len(ids) >= 10
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            inter = rects[a].intersected(rects[b])
            assert inter.width() * inter.height() < 1e-6, (a, b)
    from shapely.geometry import box
    from shapely.ops import unary_union

    benches = unary_union([b.geometry for b in w.layout.seat_blocks()])
    for area in w.layout.areas():
        assert area.id in rects, f"the name of {area.id} is hidden"
        r = rects[area.id]
        label = box(r.left(), -r.bottom(), r.right(), -r.top())
        assert label.intersection(benches).area <= 0.1 * label.area, area.id  # readable beside the seats
    door = w.layout.entrances()[0]
    c = rects[door.id].center()
    assert not w.layout.boundary.geometry.contains(Point(c.x(), -c.y()))  # the door's name is outside


def test_language_switch_keeps_the_menu_order_and_translates_every_menu_entry(make_editor):
    w = make_editor(load_layout(AFTER), AFTER)
    english = [a.text() for a in w.menuBar().actions()]
    assert english[0] == "File" and english[-2:] == ["Background", "Scenario"]
    w.set_language("zh")
    chinese = [a.text() for a in w.menuBar().actions()]
    assert chinese[0] == "文件" and chinese[-2:] == ["底图", "场景"] and len(chinese) == len(english)
    w.refresh_panels()
    rows = [w.element_list.item(i).text() for i in range(w.element_list.count())]
    assert any("[设施]" in r and "1号高柜" in r for r in rows) and not any("[fixture]" in r for r in rows)

    def entries(menu):
        for a in menu.actions():
            if not a.isSeparator():
                yield a.text()
                if a.menu() is not None:
                    yield from entries(a.menu())

    untranslated = [
        t
        for t in entries(w.menuBar())
        if t.isascii()
        and t not in ("English",)
        and not any(ch.isdigit() for ch in t)
        and "DXF" not in t
        and "PNG" not in t
        and "XLSX" not in t
    ]
    assert not untranslated, untranslated
