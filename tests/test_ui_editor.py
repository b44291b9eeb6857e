"""Editor flows with pytest-qt: open, drag-move as one undo step, undo/redo, inspector edits,
delete, save and reopen, bad files, screenshots, live panels, files and recovery."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage

from lobbysim.cli import main
from lobbysim.model import commands as C
from lobbysim.model.fileformat import dumps_layout, load_layout
from lobbysim.model.kinds import AREA_KINDS
from lobbysim.model.layout import Layout
from lobbysim.ui.qt_app import cjk_family

ROOT = Path(__file__).resolve().parents[1]
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")


@pytest.fixture
def win(make_editor):
    return make_editor(load_layout(AFTER), AFTER)


def vpos(win, x, y) -> QPoint:
    p = win.view.mapFromScene(x, -y)
    return QPoint(p.x(), p.y())


def drag(qtbot, win, eid, dx, dy):
    """A mouse drag of an element by (dx, dy) metres: press on it, move, release."""
    c = win.layout[eid].geometry.representative_point()
    vp = win.view.viewport()
    ppm = win.view.pixels_per_metre()
    start = vpos(win, c.x, c.y)
    end = start + QPoint(round(dx * ppm), -round(dy * ppm))  # the drag snaps to 5 cm: a pixel is less
    qtbot.mousePress(vp, Qt.LeftButton, pos=start)
    qtbot.mouseMove(vp, (start + end) / 2)
    qtbot.mouseMove(vp, end)
    qtbot.mouseRelease(vp, Qt.LeftButton, pos=end)


def test_drag_is_one_undo_step_and_the_scene_follows_the_model(win, qtbot):
    original = dumps_layout(win.layout)
    x0, y0 = win.layout["cash1"].x, win.layout["cash1"].y
    drag(qtbot, win, "cash1", 1.5, 0.5)
    assert (win.layout["cash1"].x, win.layout["cash1"].y) == pytest.approx((x0 + 1.5, y0 + 0.5))
    assert win.undo_stack.count() == 1 and win.undo_stack.undoText() == "Move cash1"
    assert win.isWindowModified()
    item = win.scene.items_by_id["cash1"]
    assert item.pos().x() == 0 and item.pos().y() == 0  # rebuilt from the model, not left displaced
    assert item.path().boundingRect().center().x() == pytest.approx(x0 + 1.5, abs=1e-6)
    win.scene.clearSelection()
    drag(qtbot, win, "seats1", -0.5, 0.0)
    assert win.undo_stack.count() == 2
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert dumps_layout(win.layout) == original and not win.isWindowModified()
    win.undo_stack.redo()
    win.undo_stack.redo()
    assert win.layout["seats1"].x == pytest.approx(load_layout(AFTER)["seats1"].x - 0.5)


def test_inspector_edit_delete_save_and_reopen(win, tmp_path):
    win.select_ids(["vp_desk"])
    ins = win.inspector
    assert ins.id_label.text() == "vp_desk"
    ins.name_en.setText("VP desk (new)")
    ins.spin("x").setValue(15.0)
    assert ins.apply()
    assert win.layout["vp_desk"].name_en == "VP desk (new)" and win.layout["vp_desk"].x == 15.0
    assert win.undo_stack.undoText() == "Edit name_en, x of vp_desk"
    assert not ins.apply()  # nothing left to change
    win.select_ids(["water"])
    win.delete_selected()
    assert "water" not in win.layout
    out = tmp_path / "edited.lobby.json"
    assert win.save_to(str(out))
    assert not win.isWindowModified()
    assert load_layout(out).same_as(win.layout)


def test_inspector_is_blank_and_disabled_without_a_selection(win):
    ins = win.inspector
    assert not ins.spin("x").isEnabled() and not ins.spin("x").text().strip()  # blank from the start
    win.select_ids(["low1"])
    assert ins.spin("x").text().strip() == "4.000" and ins.apply_button.isEnabled()
    win.scene.clearSelection()
    assert not ins.spin("x").isEnabled() and not ins.spin("x").text().strip()
    assert not ins.apply_button.isEnabled() and not ins.name_en.isEnabled() and ins.id_label.text() == "-"


def test_a_bad_file_opens_an_error_dialog_not_a_crash(win, tmp_path):
    bad = tmp_path / "bad.lobby.json"
    bad.write_bytes(b"\x00\x01 not a layout")
    assert not win.open_file(str(bad))
    assert win.errors and str(bad) in win.errors[0]
    assert win.layout["cash1"]  # the open layout is untouched


def _shown(widget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def test_live_findings_and_walking_readout_follow_edits(win, qtbot):
    """Drag counters with the mouse: the Findings and Walking docks show what the model says
    about the moved drawing, computed here independently of the window."""
    from lobbysim.geo import build_floor, layout_findings

    def expected_findings(layout):
        return [f"{f.severity}: {f.element_id or '-'}: {f.message}" for f in layout_findings(layout)]

    def metres(layout, a, b):
        f = build_floor(layout)
        return f.distance(f.poi[a], f.poi[b])

    assert _shown(win.findings_list) == ["no problems found"]
    drag(qtbot, win, "cash2", -0.8, 0.0)  # now overlaps cash1
    moved = load_layout(AFTER)
    C.move_elements(moved, ["cash2"], -0.8, 0.0).apply(moved)
    want = expected_findings(moved)
    assert any("cash2" in f and "cash1" in f for f in want)
    qtbot.waitUntil(lambda: _shown(win.findings_list) == want, timeout=3000)
    win.undo_stack.undo()
    qtbot.waitUntil(lambda: _shown(win.findings_list) == ["no problems found"], timeout=3000)
    before = metres(load_layout(AFTER), "low1.staff", "smart1.staff")
    win.scene.clearSelection()
    drag(qtbot, win, "low1", 0.0, -2.0)
    moved = load_layout(AFTER)
    C.move_elements(moved, ["low1"], 0.0, -2.0).apply(moved)
    after = metres(moved, "low1.staff", "smart1.staff")
    assert abs(after - before) > 0.5  # the desk came 2 m closer to the smart counter's row
    line = f"Low counter → Smart counter: {after:.1f} m"
    qtbot.waitUntil(lambda: line in _shown(win.walk_list), timeout=3000)
    assert f"Low counter → Smart counter: {before:.1f} m" not in _shown(win.walk_list)


def _count(img: QImage, colour: str, step: int = 2) -> int:
    c = QColor(colour).rgb()
    return sum(1 for x in range(0, img.width(), step) for y in range(0, img.height(), step) if img.pixel(x, y) == c)


@pytest.mark.parametrize("path,lang", [(BEFORE, "zh"), (AFTER, "en")])
def test_screenshot_command(tmp_path, path, lang):
    out = tmp_path / "shot.png"
    assert main(["gui", path, "--screenshot", str(out), "--lang", lang]) == 0
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1366, 768)
    # the plan is drawn: every kind of area of the layout shows its colour over a real surface
    kinds = {a.area_kind for a in load_layout(path).areas()}
    for kind in kinds:
        assert _count(img, AREA_KINDS[kind].color) > 100, kind
    assert _count(img, "#333333") > 300  # the outline and the walls
    assert cjk_family()  # a font with Chinese glyphs is registered


def test_screenshot_of_an_empty_plan_has_none_of_it(tmp_path):
    """The check above fails on a window without a plan (what a blank screenshot would be)."""
    from lobbysim.ui.editor_window import screenshot

    out = tmp_path / "empty.png"
    screenshot(None, str(out), "en")
    img = QImage(str(out))
    assert all(_count(img, AREA_KINDS[k].color) == 0 for k in ("waiting", "cash", "integrated_service"))


def test_gui_refuses_a_bad_file_on_the_command_line(tmp_path, capsys):
    bad = tmp_path / "x.lobby.json"
    bad.write_text("{}")
    assert main(["gui", str(bad), "--screenshot", str(tmp_path / "o.png")]) == 1
    assert "not a lobbysim layout" in capsys.readouterr().err


def test_gui_uses_the_remembered_language_unless_told(tmp_path, monkeypatch):
    """`lobbysim gui` without --lang opens in the language chosen last (issue 17.14)."""
    import lobbysim.ui.editor_window as ew
    from lobbysim.ui.settings import settings

    seen = []
    monkeypatch.setattr(ew.EditorWindow, "retranslate", lambda self: seen.append(self.lang))
    st = settings()
    st.setValue("lang", "zh")
    st.sync()
    try:
        assert main(["gui", AFTER, "--screenshot", str(tmp_path / "a.png")]) == 0
        assert main(["gui", AFTER, "--screenshot", str(tmp_path / "b.png"), "--lang", "en"]) == 0
    finally:
        st.setValue("lang", "en")
        st.sync()
    assert seen == ["zh", "en"]


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


def test_recovery_copy_of_a_killed_editor_is_offered_and_restores_the_edits(win, make_editor, tmp_path, qtbot):
    import os

    from lobbysim.ui.settings import recent_files, recovery_dir

    saved = tmp_path / "plan.lobby.json"
    assert win.save_to(str(saved))
    win.push(C.move_elements(win.layout, ["cash1"], 1.0, 0.0))
    win.recovery.autosave()
    copy = win.recovery.path()
    assert copy.exists() and load_layout(copy)["cash1"].x == win.layout["cash1"].x
    # the editor is killed: its recovery copy stays, named after a process that is gone
    dead = recovery_dir() / copy.name.replace(f".{os.getpid()}.", ".999999999.")
    copy.rename(dead)
    copy.with_suffix(".origin").rename(dead.with_suffix(".origin"))
    edited_x = win.layout["cash1"].x
    win.undo_stack.setClean()
    fresh = make_editor()
    asked = []
    fresh.ask_recover = lambda p: asked.append(p) or True
    assert fresh.recovery.offer()
    assert asked and fresh.layout["cash1"].x == edited_x
    assert fresh.path == str(saved) and fresh.isWindowModified()
    assert fresh.undo_stack.undoText() == "Recover unsaved changes"
    fresh.undo_stack.undo()
    assert fresh.layout["cash1"].x == load_layout(saved)["cash1"].x
    assert not dead.exists()
    assert str(saved.resolve()) in [str(Path(p).resolve()) for p in recent_files()]


def test_open_sample_asks_before_dropping_unsaved_edits(win):
    """File > Open sample asks like New, Open and Recent (issue 17.7)."""
    asked = []
    win.ask_discard = lambda: asked.append(1) or False
    win.push(C.move_elements(win.layout, ["cash1"], 1.0, 0.0))
    layout = win.layout
    win.menu_actions["open_sample"].trigger()
    assert asked == [1] and win.layout is layout and win.isWindowModified()  # refused: nothing changed
    win.ask_discard = lambda: asked.append(2) or True
    win.menu_actions["open_sample"].trigger()
    assert asked == [1, 2] and win.layout is not layout and not win.isWindowModified()


def test_place_a_counter_and_a_seat_block_with_the_tools_snapped_to_the_grid(win, qtbot):
    from PySide6.QtTest import QTest

    n = len(win.layout)
    win.tool_actions["low_counter"].trigger()
    assert win.place_at((12.33, 5.07))
    new = win.layout.fixtures("low_counter")[-1]
    assert new.fixture_kind == "low_counter" and (new.x, new.y) == pytest.approx((12.3, 5.1))
    # a real click on the canvas with the seat-block tool
    win.tool_actions["seat_block"].trigger()
    pos = win.view.mapFromScene(20.0, -5.0)
    QTest.mouseClick(win.view.viewport(), Qt.LeftButton, Qt.NoModifier, QPoint(pos.x(), pos.y()))
    blocks = win.layout.seat_blocks()
    assert len(win.layout) == n + 2 and blocks[-1].x == pytest.approx(20.0, abs=0.1)
    assert win.undo_stack.undoText().startswith("Add seat block")
    win.undo_stack.undo()
    win.undo_stack.undo()
    assert len(win.layout) == n


def test_import_a_small_dxf(make_editor, tmp_path):
    import ezdxf

    doc = ezdxf.new()
    doc.header["$INSUNITS"] = 4
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (12000, 0), (12000, 8000), (0, 8000)], close=True, dxfattribs={"layer": "OUT"})
    msp.add_line((6000, 0), (6000, 3000), dxfattribs={"layer": "W"})
    p = tmp_path / "small.dxf"
    doc.saveas(p)
    w = make_editor(Layout())
    w.ask_dxf_options = lambda layers: ({"W"}, "OUT", "auto") if layers == ["OUT", "W"] else None
    assert w.import_dxf_file(str(p))
    assert w.layout.boundary is not None and w.layout.boundary.geometry.area == pytest.approx(96.0)
    assert len(w.layout.walls()) == 1 and w.undo_stack.undoText().startswith("Import 2 elements")
    w.undo_stack.undo()
    assert len(w.layout) == 0
    # layers with nothing on them: one message, nothing added
    w.ask_dxf_options = lambda layers: (set(), None, "auto")
    assert not w.import_dxf_file(str(p))
    assert w.errors == [f"{p}: nothing to import on the chosen layers"] and len(w.layout) == 0


def test_copy_paste_duplicate_rotate_align_each_one_undo_step(win):
    n = len(win.layout)
    win.select_ids(["cash1"])
    win.menu_actions["copy"].trigger()
    win.menu_actions["paste"].trigger()
    assert len(win.layout) == n + 1 and win.undo_stack.undoText() == "Paste 1 element"
    assert win.scene.selected_ids() == ["cash4"] and win.layout["cash4"].x == win.layout["cash1"].x + 0.5
    win.select_ids(["atm1"])
    win.menu_actions["duplicate"].trigger()
    assert len(win.layout) == n + 2
    win.select_ids(["ticket"])
    rot = win.layout["ticket"].rotation
    win.menu_actions["rotate"].trigger()
    assert win.layout["ticket"].rotation == pytest.approx((rot + 90) % 360)
    win.select_ids(["atm1", "atm2"])
    win.menu_actions["align_left"].trigger()
    assert win.layout["atm1"].geometry.bounds[0] == pytest.approx(win.layout["atm2"].geometry.bounds[0])
    for _ in range(4):
        win.undo_stack.undo()
    assert len(win.layout) == n and dumps_layout(win.layout) == dumps_layout(load_layout(AFTER))


def test_draw_a_wall_an_area_a_post_and_an_entrance_with_the_shape_tools(win):
    n = len(win.layout)
    tools = win.shape_tools
    tools.actions["wall"].trigger()
    tools.click((19.0, 5.0))
    tools.click((22.02, 5.3))  # nearly horizontal: made exactly horizontal
    tools.finish()
    wall = win.layout.walls()[-1]
    assert wall.points == ((19.0, 5.0), (22.0, 5.0))
    tools.actions["area_rect"].trigger()
    tools.click((8.0, 3.0))
    tools.click((10.0, 5.0))
    assert win.layout.areas("waiting")[-1].geometry.area == pytest.approx(4.0)
    tools.actions["post"].trigger()
    tools.click((0.5, 10.5))
    tools.click((3.0, 13.0))
    post = win.layout.posts()[-1]
    assert [p.number for p in win.layout.posts()] == [1, 2, 3, 4]
    assert (post.name_zh, post.name_en) == ("厅堂4号", "Lobby post 4")  # named by the model
    tools.actions["entrance"].trigger()
    tools.click((24.0, 5.0))
    tools.click((24.0, 6.6))
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


def test_translation_file_is_compiled_from_its_source(tmp_path):
    """The shipped .qm is what pyside6-lrelease makes of the .ts (no stale translations)."""
    import os
    import subprocess

    import PySide6

    from lobbysim.ui.i18n_text import I18N

    out = tmp_path / "zh.qm"
    lrelease = os.path.join(os.path.dirname(PySide6.__file__), "lrelease")  # ships with PySide6-Essentials
    res = subprocess.run([lrelease, str(I18N / "lobbysim_zh_CN.ts"), "-qm", str(out)], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert out.read_bytes() == (I18N / "lobbysim_zh_CN.qm").read_bytes()


def test_language_switch_is_applied_and_remembered(win, make_editor):
    win.menu_actions["lang_zh"].trigger()
    menus = [a.text() for a in win.menuBar().actions()]
    assert menus[:2] == ["文件", "编辑"] and win.docks["Findings"].windowTitle() == "检查结果"
    assert "厅堂1号" in [item.label.text() for item in win.scene.items_by_id.values() if item.label is not None]
    again = make_editor(load_layout(AFTER), AFTER, lang=None)
    assert again.lang == "zh" and again.menu_actions["lang_zh"].isChecked()
    win.menu_actions["lang_en"].trigger()
    assert win.menuBar().actions()[0].text() == "File" and win.menu_actions["lang_en"].isChecked()


def test_language_switch_keeps_the_menus_and_tool_bars_and_translates_every_entry(make_editor):
    w = make_editor(load_layout(AFTER), AFTER, size=(1366, 768))
    english = [a.text() for a in w.menuBar().actions()]
    assert english == ["File", "Edit", "View", "Simulate", "Scenario", "Background", "Language"]
    bars = {tb.objectName(): tb.geometry() for tb in w.findChildren(type(w.tool_bar))}
    actions = {a: a.text() for m in w.menus.values() for a in m.actions()}
    w.set_language("zh")
    chinese = [a.text() for a in w.menuBar().actions()]
    assert chinese == ["文件", "编辑", "视图", "模拟", "场景", "底图", "语言"]
    assert {a for m in w.menus.values() for a in m.actions()} == set(actions)  # relabelled, not rebuilt
    # the tool bars stay where they were (a switch once sent the fixture tools behind the "»")
    assert {tb.objectName(): tb.geometry() for tb in w.findChildren(type(w.tool_bar))}.keys() == bars.keys()
    assert w.tool_bar.geometry().topLeft() == bars["tools"].topLeft()
    assert all(w.tool_bar.widgetForAction(a).isVisible() for a in w.tool_actions.values())
    w.refresh_panels()
    rows = _shown(w.element_list)
    assert any("[设施]" in r and "1号高柜" in r for r in rows) and not any("[fixture]" in r for r in rows)

    def entries(menu):
        for a in menu.actions():
            if not a.isSeparator():
                yield a.text()
                if a.menu() is not None:
                    yield from entries(a.menu())

    allowed = ("English", "DXF", "PNG", "XLSX")
    untranslated = [t for t in entries(w.menuBar()) if t.isascii() and not any(x in t for x in allowed)]
    assert not untranslated, untranslated


def test_the_editor_finds_the_bundled_samples_where_lobbysim_is_installed(make_editor, tmp_path, monkeypatch):
    """Open sample, New (the empty template) and the Simulate dock's scenario come from
    ``lobbysim.samples``, so an installed wheel (samples inside the package) works as a checkout."""
    import shutil

    import lobbysim.samples

    packaged = tmp_path / "samples_data"
    shutil.copytree(ROOT / "layouts", packaged)
    monkeypatch.setattr(lobbysim.samples, "samples_root", lambda: packaged)
    w = make_editor(Layout())
    assert w.sim.scenario_path() == str(packaged / "railway_station/scenario.json")
    assert w.open_sample() and w.path == str(packaged / "railway_station/after.lobby.json")
    w.new_file()
    assert w.path is None and w.layout.boundary is not None
    assert [e.id for e in w.layout] == [e.id for e in load_layout(packaged / "templates/empty.lobby.json")]
    assert not w.errors
    # an installation without its samples says so in one line; the drawing stays
    monkeypatch.setattr(lobbysim.samples, "samples_root", lambda: tmp_path / "missing")
    layout = w.layout
    assert not w.open_sample() and w.layout is layout
    assert w.errors == ["railway_station/after.lobby.json: is not one of lobbysim's bundled samples"]
