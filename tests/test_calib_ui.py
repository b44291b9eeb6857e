"""File → Import queue log… in the editor: preview with masked personal columns, a correctable
mapping remembered per source, calibration in the background with progress and cancel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_calib_input import HEADER, SECRET_NAME, SECRET_PHONE, rows, write

from lobbysim.model.fileformat import load_layout

ROOT = Path(__file__).resolve().parents[1]
BEFORE = ROOT / "layouts" / "railway_station" / "before.lobby.json"


@pytest.fixture
def dialog(make_editor, qtbot):
    w = make_editor(load_layout(BEFORE))
    action = next(a for a in w.menuBar().actions()[0].menu().actions() if a.text() == "Import queue log…")
    action.trigger()
    dlg = w.queue_log_dialog
    yield dlg
    dlg.runner.cancel()
    qtbot.waitUntil(lambda: not dlg.runner.running, timeout=30_000)
    dlg.close()


def _cells(dlg):
    t = dlg.preview
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_preview_masks_columns_not_read_and_mapping_is_detected(dialog, tmp_path):
    log = write(tmp_path / "q.csv", rows())
    assert dialog.load(str(log))
    assert dialog.chosen() == {
        "ticket": "票号",
        "business": "业务类型",
        "issued": "取号时间",
        "called": "叫号时间",
        "finished": "办结时间",
        "window": "窗口",
        "status": "状态",
    }
    cells = _cells(dialog)
    assert len(cells) == 12 and cells[0][HEADER.index("票号")] == "A001"
    shown = " ".join(" ".join(r) for r in cells)
    assert SECRET_NAME not in shown and SECRET_PHONE not in shown
    assert cells[0][HEADER.index("客户姓名")] == "•••"
    assert "GBK" in dialog.encoding.text()


def test_calibrates_in_the_background_and_remembers_the_mapping(dialog, qtbot, tmp_path):
    header = [h if h != "叫号时间" else "呼出时刻" for h in HEADER]  # a vendor's own name: not recognised
    log = write(tmp_path / "q.csv", rows(), header=header)
    out = tmp_path / "new.scenario.json"
    dialog.load(str(log))
    dialog.out_edit.setText(str(out))
    dialog.holdout.setValue(0)
    assert "called" not in dialog.chosen()
    assert dialog.run()
    qtbot.waitUntil(lambda: not dialog.runner.running, timeout=60_000)
    assert dialog.runner.last.state == "failed" and "missing required columns: called" in dialog.summary.toPlainText()
    assert not out.exists()
    cb = dialog.combos["called"]
    cb.setCurrentIndex(cb.findData("呼出时刻"))  # the user corrects the table
    assert dialog.run()
    qtbot.waitUntil(lambda: not dialog.runner.running, timeout=60_000)
    assert dialog.runner.last.state == "done", dialog.summary.toPlainText()
    assert "rows: 80 read, 80 used" in dialog.summary.toPlainText()
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "calibrated from q.csv" in doc["notes"]["calibration"]
    # the next export of the same machine opens with the corrected mapping
    dialog.combos["called"].setCurrentIndex(0)
    log2 = write(tmp_path / "q2.csv", rows(5), header=header)
    assert dialog.load(str(log2))
    assert dialog.chosen()["called"] == "呼出时刻"


def test_cancel_writes_nothing(dialog, qtbot, tmp_path):
    log = write(tmp_path / "q.csv", rows())
    out = tmp_path / "new.scenario.json"
    dialog.load(str(log))
    dialog.out_edit.setText(str(out))
    assert dialog.run()
    assert dialog.cancel_button.isEnabled()
    dialog.runner.cancel()
    qtbot.waitUntil(lambda: not dialog.runner.running, timeout=60_000)
    assert dialog.runner.last.state == "cancelled"
    assert "no scenario was written" in dialog.summary.toPlainText()
    assert not out.exists()


def test_a_file_that_is_not_a_log_is_said_in_the_dialog(dialog, tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert not dialog.load(str(p))
    assert "is not a table" in dialog.summary.toPlainText()


def test_menu_in_chinese(make_editor):
    w = make_editor(load_layout(BEFORE), lang="zh")
    texts = [a.text() for a in w.menuBar().actions()[0].menu().actions()]
    assert "导入叫号机日志…" in texts
