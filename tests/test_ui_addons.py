"""All add-ons on one window: installed once, relabelled when the language changes, and a
drawing flow across them (draw, edit details, undo everything)."""

from __future__ import annotations

from pathlib import Path

from lobbysim.model.fileformat import dumps_layout, load_layout
from lobbysim.ui.addons import install_addons, retranslate_addons
from lobbysim.ui.editor_window import EditorWindow
from lobbysim.ui.qt_app import ensure_app

BEFORE = str(Path(__file__).resolve().parents[1] / "layouts/railway_station/before.lobby.json")


def test_install_retranslate_and_draw(qtbot):
    ensure_app()
    w = EditorWindow(load_layout(BEFORE), BEFORE, lang="en")
    w.ask_discard = lambda: True
    w.show_error = lambda m: None
    qtbot.addWidget(w)
    w.show()
    install_addons(w)
    install_addons(w)  # a second call adds nothing
    from PySide6.QtWidgets import QToolBar

    assert [t.windowTitle() for t in w.findChildren(QToolBar)].count("Shapes") == 1
    start = dumps_layout(w.layout)
    retranslate_addons(w, "zh")
    assert w.shape_tools.actions["wall"].text() == "墙"
    assert w.shape_tools.kind_box.itemText(w.shape_tools.kind_box.findData("waiting")) == "等候区"
    assert w.details.apply_btn.text() == "应用"
    assert w.details.parentWidget().windowTitle() == "详细属性"
    assert w.background.menu.title() == "底图"
    # the window's own switch rebuilds its menus; the add-ons follow when retranslated
    w.set_language("zh")
    retranslate_addons(w, "zh")
    view = next(m.menu() for m in w.menuBar().actions() if m.menu() is not None and m.text() == "视图")
    assert "所选员工视线范围" in [a.text() for a in view.actions()]
    w.set_language("en")
    retranslate_addons(w, "en")
    assert w.shape_tools.actions["wall"].text() == "Wall" and w.background.menu.title() == "Background"
    # draw a post zone, renumber it in the Details dock, then undo both
    w.shape_tools.set_tool("post")
    w.shape_tools.click((3.0, 3.0))
    w.shape_tools.click((6.0, 5.0))
    pid = w.layout.posts()[-1].id
    assert w.details.element_id == pid
    w.details.number.setValue(3)
    assert w.details.apply()
    assert w.layout[pid].number == 3
    w.undo_stack.undo()
    w.undo_stack.undo()
    assert dumps_layout(w.layout) == start
