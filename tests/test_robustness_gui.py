"""Simulate → Robustness… in the editor (issue 15): in the background with progress and cancel, the
report's table and tornado charts, exports, a bad range said in one line, the menu in Chinese."""

from __future__ import annotations

import json
from pathlib import Path

from lobbysim.model.fileformat import load_layout

ROOT = Path(__file__).resolve().parents[1]
BEFORE = ROOT / "layouts" / "railway_station" / "before.lobby.json"
AFTER = ROOT / "layouts" / "railway_station" / "after.lobby.json"
SCEN = ROOT / "layouts" / "railway_station" / "scenario.json"


def _simulate_actions(w):
    menu = next(
        a.menu() for a in w.menuBar().actions() if a.menu() is not None and w.t("Export report…") in
        [x.text() for x in a.menu().actions()]
    )  # fmt: skip
    return {a.text(): a for a in menu.actions()}


def _dialog(make_editor, lang="en", scenario=None):
    w = make_editor(load_layout(BEFORE), path=str(BEFORE), lang=lang)
    w.sim.reps.setValue(2)
    w.sim.day.set_codes(["sun"])
    if scenario is not None:
        w.sim.scenario.setText(str(scenario))
    _simulate_actions(w)["Robustness…" if lang == "en" else "稳健性分析…"].trigger()
    dlg = w.robustness_dialog
    dlg.other_edit.setText(str(AFTER))
    dlg.samples.setValue(8)
    return w, dlg


def test_robustness_in_the_background_with_table_charts_and_exports(make_editor, qtbot, tmp_path):
    w, dlg = _dialog(make_editor)
    seen = []
    dlg.runner.progressed.connect(lambda d, t: seen.append((d, t)))
    assert dlg.run()
    assert dlg.cancel_button.isEnabled() and not dlg.run_button.isEnabled()
    qtbot.waitUntil(lambda: not dlg.runner.running, timeout=240_000)
    assert dlg.runner.last.state == "done", dlg.runner.last.message
    res = dlg.result
    assert seen and seen[-1][0] == seen[-1][1] > 0
    assert res["samples"] == 8 and res["reps"] == 2 and list(res["days"]) == ["sun"]
    assert "8 of 8 parameter sets compared" in dlg.status.text()
    # the table: the report's rows (one day: no day column), the share in which each verdict holds
    heads = res["headline_kpis"]
    assert dlg.table.rowCount() == len(heads)
    assert dlg.table.horizontalHeaderItem(2).text() == "holds in"
    for r, name in enumerate(heads):
        assert dlg.table.item(r, 2).text() == f"{100 * res['days']['sun']['kpis'][name]['share_holds']:.0f}%"
    # the tornado charts of the day, one per headline KPI
    assert dlg.canvas is not None and len([a for a in dlg.canvas.figure.axes if a.get_title(loc="left")]) == len(heads)
    # the whole table shows; the charts' page is never squeezed below a readable size (it scrolls instead)
    from lobbysim.ui.results_view import ChartView

    qtbot.waitUntil(lambda: dlg.table.viewport().height() > 0, timeout=5_000)
    t = dlg.table
    assert t.viewport().height() >= sum(t.rowHeight(r) for r in range(t.rowCount()))
    assert dlg.chart.canvas is dlg.canvas and dlg.canvas.width() >= dlg.canvas.page[0] * ChartView.READABLE_DPI - 1
    # exports: the command's JSON, the workbook, the report's pages
    assert json.loads(dlg.export(tmp_path / "r.json")[0].read_text("utf-8")) == json.loads(json.dumps(res))
    from openpyxl import load_workbook

    assert "summary sun" in load_workbook(dlg.export(tmp_path / "r.xlsx")[0]).sheetnames
    pngs = dlg.export(tmp_path / "r.png")
    assert [p.name for p in pngs][:3] == ["r_robustness.png", "r_sun_robustness_drivers.png", "r_robustness_ranges.png"]
    assert all(p.stat().st_size > 10_000 for p in pngs)
    assert dlg.export(tmp_path / "r.txt") == [] and "export to .xlsx, .json or .png" in dlg.status.text()
    dlg.close()


def test_cancel_and_a_bad_range_say_so_in_one_line(make_editor, qtbot, tmp_path):
    w, dlg = _dialog(make_editor)
    dlg.samples.setValue(64)
    assert dlg.run()
    dlg.runner.cancel()
    qtbot.waitUntil(lambda: not dlg.runner.running, timeout=120_000)
    assert dlg.runner.last.state == "cancelled" and dlg.status.text() == "Cancelled."
    assert dlg.result is None and not dlg.export_button.isEnabled()
    dlg.close()
    bad = json.loads(SCEN.read_text("utf-8"))
    bad["ranges"]["customers.patience.mean"] = [25, 40]  # does not contain the scenario's 20
    path = tmp_path / "bad.scenario.json"
    path.write_text(json.dumps(bad), "utf-8")
    w, dlg = _dialog(make_editor, scenario=path)
    assert dlg.run()
    qtbot.waitUntil(lambda: not dlg.runner.running, timeout=60_000)
    assert dlg.runner.last.state == "failed"
    text = dlg.status.text()
    assert "ranges.customers.patience.mean" in text and "does not contain" in text and "\n" not in text
    dlg.close()


def test_menu_and_dialog_follow_the_language(make_editor):
    w = make_editor(load_layout(BEFORE), lang="en")
    assert "Robustness…" in _simulate_actions(w)
    w.set_language("zh")
    assert "稳健性分析…" in _simulate_actions(w)
    _simulate_actions(w)["稳健性分析…"].trigger()
    dlg = w.robustness_dialog
    assert dlg.windowTitle() == "稳健性分析" and dlg.run_button.text() == "运行"
    dlg.close()
