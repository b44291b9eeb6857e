"""The Chinese interface comes from the Qt translation file (lobbysim/ui/i18n/lobbysim_zh_CN.ts,
English source texts): every message is translated, the editor's add-ons show Chinese after a
switch to zh and English again after the switch back, and the modules keep no Chinese tables."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lobbysim.model.fileformat import load_layout
from lobbysim.ui.i18n_text import I18N, tr

AFTER = str(Path(__file__).resolve().parents[1] / "layouts/railway_station/after.lobby.json")
TS = I18N / "lobbysim_zh_CN.ts"


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef" for ch in text)


def _messages():
    root = ET.parse(TS).getroot()
    for ctx in root.iter("context"):
        for m in ctx.iter("message"):
            yield ctx.findtext("name"), m


def test_every_message_has_a_chinese_translation():
    seen = set()
    n = 0
    for ctx, m in _messages():
        src, tr_el = m.findtext("source"), m.find("translation")
        assert src and not _has_cjk(src), (ctx, src)  # English is the source text
        assert tr_el is not None and (tr_el.text or "").strip(), (ctx, src)
        assert tr_el.get("type") not in ("unfinished", "obsolete", "vanished"), (ctx, src)
        assert _has_cjk(tr_el.text), (ctx, src, tr_el.text)
        assert (ctx, src) not in seen, (ctx, src)  # one translation per text and context
        seen.add((ctx, src))
        n += 1
    assert n > 50


def test_placeholders_survive_translation():
    """A template keeps its {placeholders}: it is formatted after the lookup."""
    import string

    for ctx, m in _messages():
        names = {f for _, f, _, _ in string.Formatter().parse(m.findtext("source")) if f}
        assert names == {f for _, f, _, _ in string.Formatter().parse(m.findtext("translation")) if f}, \
            (ctx, m.findtext("source"))


def test_lookup_by_context():
    assert tr("DetailsDock", "Details", "zh") == "详细属性"
    assert tr("DetailsDock", "Details", "en") == "Details"
    assert tr("DetailsDock", "no such text", "zh") == "no such text"


@pytest.fixture
def win(make_editor):
    return make_editor(load_layout(AFTER), AFTER, lang="en")


def _dock_title(w, name):
    from PySide6.QtWidgets import QDockWidget

    return next(d for d in w.findChildren(QDockWidget) if d.objectName() == name).windowTitle()


def _details(w):
    p = w.details
    w.select_ids(["cash1"])
    return (_dock_title(w, "details"), p.apply_btn.text(), p.form.labelForField(p.width_).text(),
            p.sight.itemText(0), p.service.own.toolTip())


def _shapes(w):
    st = w.shape_tools
    return (st.toolbar.windowTitle(), st.actions["wall"].text(), st.actions["post"].text())


def _background(w):
    bg = w.background
    return (bg.menu.title(), bg.menu.actions()[0].text(), bg.menu.actions()[-1].text())


def _view_menu(w):
    """The sightline toggle sits in the (rebuilt) View menu; the replay button's tooltip."""
    view = next(a.menu() for a in w.menuBar().actions() if a.text() == w.t("View"))
    return (w.sight_overlay.action.text(), w.sight_overlay.action in view.actions(),
            w.replay_player.button.toolTip())


EXPECTED = {
    "shapes": (("Shapes", "Wall", "Post zone"), ("形状", "墙", "厅堂岗位区")),
    "background": (("Background", "Load image…", "Remove"), ("底图", "载入底图…", "移除底图")),
    "view": (("Sightlines of the selected staff", True, "Play / pause the replay"), ("所选员工视线范围", True, "播放/暂停回放")),
    "details": (("Details", "Apply", "width (m)", "default", "own"), ("详细属性", "应用", "宽 (m)", "默认", "自定义")),
}


def test_addons_switch_between_english_and_chinese(win):
    readers = {"details": _details, "shapes": _shapes, "background": _background, "view": _view_menu}
    got_en = {k: f(win) for k, f in readers.items()}
    win.set_language("zh")
    got_zh = {k: f(win) for k, f in readers.items()}
    win.set_language("en")
    got_back = {k: f(win) for k, f in readers.items()}
    for k in readers:
        en, zh = EXPECTED[k]
        assert got_en[k] == en, k
        assert got_zh[k] == zh, k
        assert got_back[k] == en, k


def test_a_window_opened_in_chinese_starts_in_chinese(make_editor):
    w = make_editor(load_layout(AFTER), AFTER, lang="zh")
    for k, f in {"details": _details, "shapes": _shapes, "background": _background, "view": _view_menu}.items():
        assert f(w) == EXPECTED[k][1], k
