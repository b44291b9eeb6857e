"""Simulate → Export deck… in the editor: in the background with progress and cancel, the deck
written, a bad output said in one line, the menu in Chinese after a language switch."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

from lobbysim.model.fileformat import load_layout

ROOT = Path(__file__).resolve().parents[1]
BEFORE = ROOT / "layouts" / "railway_station" / "before.lobby.json"
AFTER = ROOT / "layouts" / "railway_station" / "after.lobby.json"


def _simulate_actions(w):
    menu = next(
        a.menu() for a in w.menuBar().actions() if a.menu() is not None and w.t("Export report…") in
        [x.text() for x in a.menu().actions()]
    )  # fmt: skip
    return {a.text(): a for a in menu.actions()}


def _dialog(make_editor, tmp_path, lang="en"):
    w = make_editor(load_layout(BEFORE), path=str(BEFORE), lang=lang)
    w.sim.reps.setValue(2)
    _simulate_actions(w)["Export deck…" if lang == "en" else "导出汇报材料（PPT）…"].trigger()
    dlg = w.deck_export
    dlg.other_edit.setText(str(AFTER))
    return w, dlg


def test_export_deck_in_the_background(make_editor, qtbot, tmp_path):
    w, dlg = _dialog(make_editor, tmp_path)
    out = tmp_path / "deck.pptx"
    dlg.out_edit.setText(str(out))
    dlg.lang_combo.setCurrentIndex(1)  # English slides
    seen = []
    dlg.runner.progressed.connect(lambda d, t: seen.append((d, t)))
    assert dlg.run()
    assert dlg.cancel_button.isEnabled() and not dlg.run_button.isEnabled()
    qtbot.waitUntil(lambda: not dlg.runner.running, timeout=180_000)
    assert dlg.runner.last.state == "done", dlg.runner.last.message
    assert seen and "Deck written" in dlg.status.text()
    prs = Presentation(str(out))
    assert len(prs.slides) == dlg.result["slides"] > 10
    assert prs.slides[1].shapes.title.text_frame.text == "The case"
    dlg.close()


def test_cancel_and_bad_output_write_nothing(make_editor, qtbot, tmp_path):
    w, dlg = _dialog(make_editor, tmp_path)
    out = tmp_path / "deck.pptx"
    dlg.out_edit.setText(str(out))
    assert dlg.run()
    dlg.runner.cancel()
    qtbot.waitUntil(lambda: not dlg.runner.running, timeout=120_000)
    assert dlg.runner.last.state == "cancelled"
    assert "no deck was written" in dlg.status.text() and not out.exists()
    dlg.out_edit.setText(str(tmp_path / "missing" / "deck.pptx"))
    assert dlg.run()
    qtbot.waitUntil(lambda: not dlg.runner.running, timeout=60_000)
    assert dlg.runner.last.state == "failed"
    assert "the folder does not exist" in dlg.status.text() and "\n" not in dlg.status.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    dlg.close()


def test_menu_follows_the_language(make_editor):
    w = make_editor(load_layout(BEFORE), lang="en")
    assert "Export deck…" in _simulate_actions(w)
    w.set_language("zh")
    assert "导出汇报材料（PPT）…" in _simulate_actions(w)
