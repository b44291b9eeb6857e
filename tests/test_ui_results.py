"""The Results dock, the result overlays on the plan and the exports, drawn from a run's records."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QRectF, QTimer

from lobbysim.experiments.experiment import compare, run_experiment
from lobbysim.experiments.runner import Variant
from lobbysim.experiments.stats import estimate
from lobbysim.model.fileformat import layout_to_dict, load_layout
from lobbysim.model.jsonio import read_json
from lobbysim.report.figures import ROLE_LABELS, customer_flows
from lobbysim.ui.plan_scene import Z as ELEMENT_Z

ROOT = Path(__file__).resolve().parents[1]
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
SCENARIO = str(ROOT / "layouts/railway_station/scenario.json")
PLAN_CHARTS = ["customer_flow", "staff_spaghetti", "occupancy", "waits", "staff_time"]


@pytest.fixture(scope="module")
def single(pool):
    """What a Run in the Simulate dock produces: the editor's layout as variant 'A'."""
    doc = read_json(SCENARIO)
    a = Variant("A", layout_to_dict(load_layout(BEFORE)), doc, "A", BEFORE, SCENARIO)
    return run_experiment([a], ["mon", "sat"], 2, 5, executor=pool, keep_records="first")


@pytest.fixture(scope="module")
def compared(pool):
    """Before (A, the editor's layout) against after (B) on the same customers, every record kept."""
    doc = read_json(SCENARIO)
    a = Variant("A", layout_to_dict(load_layout(BEFORE)), doc, "before", BEFORE, SCENARIO)
    b = Variant("B", read_json(AFTER), doc, "after", AFTER, SCENARIO)
    return run_experiment([a, b], ["mon"], 2, 7, executor=pool, keep_records="all")


@pytest.fixture(scope="module")
def three(pool):
    """A comparison of three variants (the Simulate dock compares several against the first)."""
    doc = read_json(SCENARIO)
    vs = [
        Variant("A", layout_to_dict(load_layout(BEFORE)), doc, "before", BEFORE, SCENARIO),
        Variant("B", read_json(AFTER), doc, "after", AFTER, SCENARIO),
        Variant("C", read_json(AFTER), doc, "after 2", AFTER, SCENARIO),
    ]
    return run_experiment(vs, ["mon"], 2, 9, executor=pool, keep_records="first")


@pytest.fixture
def win(make_editor):
    return make_editor(load_layout(BEFORE), BEFORE, pool=True)


def _deliver(w, result, layouts=None):
    """A run or comparison ends in the Simulate dock with this result (the editor's drawing is
    variant A unless told otherwise)."""
    w.sim.show_result(result, layouts if layouts is not None else {"A": w.layout})


def _charts(dock):
    return [dock.chart.itemData(i) for i in range(dock.chart.count())]


def _drawn(fig):
    """Axes of a figure that hold something drawn (lines, collections, patches, images or tables)."""
    return [ax for ax in fig.axes if ax.lines or ax.collections or ax.images or ax.tables or len(ax.patches) > 0]


def test_a_run_in_the_simulate_dock_fills_the_results_dock(win, qtbot):
    dock = win.results
    assert dock.canvas is None and dock.note.isVisibleTo(dock)  # nothing yet, and it says so
    win.sim.reps.setValue(2)
    with qtbot.waitSignal(win.sim.result_changed, timeout=60_000):
        win.sim.run()
    assert not win.errors, win.errors
    res = win.sim.result
    assert dock.result is res
    assert _charts(dock) == PLAN_CHARTS  # no KPI table without a comparison
    fig = dock.canvas.figure
    dock.canvas.draw()
    assert fig._suptitle.get_text() == "Customer flow chart"
    assert "before (editor) · Monday" in [ax.get_title() for ax in fig.axes]
    # the flow lines are the records' customer flows
    lines = [c for ax in fig.axes for c in ax.collections if c.get_segments()]
    recs = [res.records[("A", "mon", r)] for r in range(res.reps) if ("A", "mon", r) in res.records]
    assert sum(len(c.get_segments()) for c in lines) == len(customer_flows(recs))
    dock.chart.setCurrentIndex(_charts(dock).index("waits"))
    fig2 = dock.canvas.figure
    assert fig2 is not fig and fig2._suptitle.get_text() == "Customer waits"
    dock.canvas.draw()
    assert len(_drawn(fig2)) == 4
    mean = np.mean([c.wait / 60 for r in recs for c in r.customers if c.wait is not None])
    legend = [t.get_text() for ax in fig2.axes if ax.get_legend() for t in ax.get_legend().get_texts()]
    assert any(f"mean {mean:.1f}" in t for t in legend), legend


def test_a_comparison_shows_both_variants_and_the_kpi_table(win, compared):
    after = load_layout(AFTER)
    _deliver(win, compared, {"A": win.layout, "B": after})
    dock = win.results
    assert _charts(dock) == PLAN_CHARTS + ["kpis"]
    titles = [ax.get_title() for ax in dock.canvas.figure.axes]
    assert "before · Monday" in titles and "after · Monday" in titles
    dock.chart.setCurrentIndex(_charts(dock).index("kpis"))
    fig = dock.canvas.figure
    dock.canvas.draw()
    cells = [c.get_text().get_text() for ax in fig.axes for t in ax.tables for c in t.get_celld().values()]
    assert "Mean wait" in cells and "before" in cells and "after" in cells
    # the language follows the window
    win.set_language("zh")
    assert dock.windowTitle() == "结果"
    assert dock.chart.currentData() == "kpis" and dock.chart.currentText() == "关键指标对比"
    cells = [
        c.get_text().get_text() for ax in dock.canvas.figure.axes for t in ax.tables for c in t.get_celld().values()
    ]
    assert "平均等候时间" in cells


def test_three_variants_one_kpi_table_each_against_the_first(win, three, tmp_path):
    import openpyxl

    after = load_layout(AFTER)
    _deliver(win, three, {"A": win.layout, "B": after, "C": after})
    dock = win.results
    assert _charts(dock) == PLAN_CHARTS + ["kpis_B", "kpis_C"]
    assert [ax.get_title() for ax in dock.canvas.figure.axes][:3] == [
        "before · Monday",
        "after · Monday",
        "after 2 · Monday",
    ]
    i = _charts(dock).index("kpis_C")
    assert dock.chart.itemText(i) == "KPI table: after 2 − before"
    dock.chart.setCurrentIndex(i)
    cells = [
        c.get_text().get_text() for ax in dock.canvas.figure.axes for t in ax.tables for c in t.get_celld().values()
    ]
    assert "after 2" in cells and "after" not in cells
    out = win.result_exports.export_tables(tmp_path / "three.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Monday KPIs", "Monday values", "Monday comparison"]
    header = next(wb["Monday comparison"].iter_rows(max_row=1, values_only=True))
    assert header[:4] == ("KPI", "before", "after", "after - before") and "after 2 - before" in header


def _element_z_max():
    return max(ELEMENT_Z.values())


def _plan_rect(layout, margin):
    x0, y0, x1, y1 = layout.boundary.geometry.bounds
    return QRectF(x0 - margin, -y1 - margin, (x1 - x0) + 2 * margin, (y1 - y0) + 2 * margin)


def _overlay_items(w, key):
    return [i for i in w.scene.items() if i.data(0) == f"result_{key}"]


def test_overlays_draw_inside_the_plan_between_the_plan_and_the_markers_and_go_when_off(win, single):
    _deliver(win, single)
    ov = win.result_overlays
    rect = _plan_rect(win.layout, 0.5)
    rec = single.records[("A", "mon", 0)]
    for key in ("heat", "flows", "staff"):
        assert not _overlay_items(win, key)
        win.menu_actions[f"overlay_{key}"].trigger()  # the View menu's toggle
        assert ov.enabled(key)
        items = _overlay_items(win, key)
        assert items, key
        for it in items:
            shape = it.mapRectToScene(it.path().boundingRect()) if hasattr(it, "path") else it.sceneBoundingRect()
            assert rect.contains(shape), (key, shape, rect)
            assert _element_z_max() < it.zValue() < 20  # above the plan, below the replay markers
            pen = it.pen() if hasattr(it, "pen") else None
            assert pen is None or pen.isCosmetic()
        if key == "staff":  # one polyline per staff member who walked, and a legend line per role (issue 17.17)
            walkers = {w.actor_id: w.group for w in rec.walks if w.actor == "staff" and len(w.path) >= 2}
            assert len(items) == len(walkers)
            assert sorted(win.legend.section_texts("staff")) == sorted({ROLE_LABELS[g][1] for g in walkers.values()})
            assert win.legend.isVisible()
        if key == "flows":  # the busiest flow is the widest line
            widths = sorted(it.pen().widthF() for it in items)
            assert widths[-1] > 3 * widths[0]
        if key == "heat":
            img = items[0].pixmap().toImage()
            alphas = [img.pixelColor(x, y).alpha() for x in range(0, img.width(), 3) for y in range(0, img.height(), 3)]
            assert max(alphas) > 100 and min(alphas) == 0  # busy spots strong, empty floor clear
        win.menu_actions[f"overlay_{key}"].trigger()
        assert not _overlay_items(win, key) and not ov.enabled(key) and not win.legend.section_texts(key)


def test_overlays_follow_a_new_result_the_day_and_the_drawing(win, single, compared):
    _deliver(win, single)
    ov = win.result_overlays
    for key in ("heat", "flows", "staff"):
        ov.set_enabled(key, True)
    first = {k: _overlay_items(win, k) for k in ("heat", "flows", "staff")}
    win.results.day.setCurrentIndex(win.results.day.findData("sat"))  # a quieter day: fewer customers
    sat = _overlay_items(win, "flows")
    assert sat and not set(sat) & set(first["flows"])
    # a comparison arrives: the editor's side (A) is drawn from the new records
    _deliver(win, compared, {"A": win.layout, "B": load_layout(AFTER)})
    staff = _overlay_items(win, "staff")
    rec = compared.records[("A", "mon", 0)]
    assert len(staff) == len({w.actor_id for w in rec.walks if w.actor == "staff" and len(w.path) >= 2})
    assert all(_overlay_items(win, k) for k in ("heat", "flows"))
    # a result of other drawings: nothing to lay over this one
    _deliver(win, single, {"A": load_layout(AFTER)})
    assert not any(_overlay_items(win, k) for k in ("heat", "flows", "staff"))


def test_a_result_stays_with_the_drawing_it_was_run_on(win, single):
    _deliver(win, single)  # the overlays are off when it arrives
    win.set_layout(load_layout(AFTER), AFTER)  # another drawing is opened
    win.result_overlays.set_enabled("staff", True)
    assert win.menu_actions["overlay_staff"].isChecked() and not _overlay_items(win, "staff")
    assert "run a simulation" in win.statusBar().currentMessage()


@pytest.mark.qt_log_level_fail("WARNING")  # issue 17.8: widgets touched from the worker thread warned
@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen platform's note on every dock
def test_exports_every_chart_as_png_and_svg(win, single, tmp_path, qtbot):
    ex = win.result_exports
    assert not win.menu_actions["export_figures"].isEnabled()
    _deliver(win, single)
    assert win.menu_actions["export_figures"].isEnabled() and win.menu_actions["export_tables"].isEnabled()
    expected = {f"{d}_{k}" for d in ("mon", "sat") for k in PLAN_CHARTS}
    for fmt in ("png", "svg"):
        out = tmp_path / fmt
        out.mkdir()
        ex.ask_figure_target = lambda o=out, f=fmt: (str(o), f)
        ticks = []
        timer = QTimer()
        timer.timeout.connect(lambda t=ticks: t.append(1))
        timer.start(10)
        assert ex.export_figures_dialog()  # drawn in the background, with the Simulate dock's progress bar
        qtbot.waitUntil(lambda: not win.sim.running, timeout=60_000)
        timer.stop()
        assert len(ticks) >= 3  # the window kept answering while the charts were drawn
        files = ex.last_files
        assert not win.errors, win.errors
        assert win.sim.status.text() == f"{len(expected)} figures written to {out}"
        assert sorted(p.name for p in out.iterdir()) == sorted(f"{s}.{fmt}" for s in expected)  # no temp files left
        assert sorted(files) == sorted(out.iterdir())
        for p in out.iterdir():
            if fmt == "png":
                assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            else:
                assert ET.parse(p).getroot().tag.endswith("svg")


def test_exports_the_kpi_tables_as_xlsx(win, compared, tmp_path):
    import openpyxl

    _deliver(win, compared, {"A": win.layout, "B": load_layout(AFTER)})
    path = tmp_path / "tables"
    win.result_exports.ask_xlsx_path = lambda: str(path)
    out = win.result_exports.export_tables_dialog()
    assert not win.errors, win.errors
    assert out == tmp_path / "tables.xlsx" and sorted(p.name for p in tmp_path.iterdir()) == ["tables.xlsx"]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Monday KPIs", "Monday values", "Monday B-A"]
    assert "Mean wait" in [r[0] for r in wb["Monday KPIs"].iter_rows(values_only=True)]
    rows = {r[1]: r for r in wb["Monday values"].iter_rows(min_row=2, values_only=True)}
    for name in ("wait_mean_min", "served", "customer_walk_m"):
        for i, v in enumerate(("A", "B")):
            e = estimate(compared.values(v, "mon", name))
            assert rows[name][3 + 3 * i] == pytest.approx(e.mean)
            assert rows[name][4 + 3 * i] == pytest.approx(e.lo)
    cmp = compare(compared, "A", "B")
    b_a = {r[0]: r for r in wb["Monday B-A"].iter_rows(min_row=2, values_only=True)}
    k = cmp["days"]["mon"]["kpis"]["wait_mean_min"]
    assert b_a["Mean wait"][1:4] == pytest.approx((k["a"]["mean"], k["b"]["mean"], k["diff"]["mean"]))


def test_without_a_result_or_with_a_bad_folder_the_user_gets_a_message(win, single, tmp_path):
    ex = win.result_exports
    picked = []
    ex.ask_figure_target = lambda: picked.append(1)
    ex.export_figures_dialog()
    ex.export_tables_dialog()
    assert not picked and len(win.errors) == 2 and all("run a simulation" in e for e in win.errors)
    _deliver(win, single)
    win.errors.clear()
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    assert ex.export_figures(not_a_folder, "png") is False
    assert win.errors and "is not a folder" in win.errors[-1]
    assert ex.export_tables(tmp_path / "missing" / "t.xlsx") is None
    assert len(win.errors) == 2 and "not a folder" in win.errors[0] and "does not exist" in win.errors[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


def _menu(w, names):
    return next(a.menu() for a in w.menuBar().actions() if a.menu() is not None and a.text() in names)


def test_menus_in_chinese_and_after_a_language_switch(make_editor, single, qtbot):
    w = make_editor(load_layout(BEFORE), BEFORE, lang="zh")
    _deliver(w, single)
    view = [a.text() for a in _menu(w, ("视图",)).actions()]
    assert {"结果：客户停留热力图", "结果：客户动线", "结果：员工走动轨迹", "结果"} <= set(view)
    file_actions = _menu(w, ("文件",)).actions()
    texts = [a.text() for a in file_actions]
    assert [t for t in texts if t][-2:] == ["导出", "退出"]  # Export just before Quit
    assert [a.text() for a in w.menus["export"].actions()] == ["图表（PNG/SVG）…", "表格（XLSX）…"]
    w.result_overlays.set_enabled("flows", True)
    n = len(_overlay_items(w, "flows"))
    assert n
    w.set_language("en")  # relabels the menus and rebuilds the plan's items
    view = [a.text() for a in _menu(w, ("View",)).actions()]
    assert {"Result: occupancy heat map", "Result: customer flow lines", "Result: staff paths", "Results"} <= set(view)
    assert "Export" in [a.text() for a in _menu(w, ("File",)).actions()]
    qtbot.waitUntil(lambda: len(_overlay_items(w, "flows")) == n, timeout=3000)
    assert w.results.windowTitle() == "Results" and w.results.day.currentText() == "Monday"
    assert math.isfinite(w.results.canvas.figure.dpi)


def test_an_edit_after_the_run_fades_the_overlays_until_the_next_run(win, single):
    from lobbysim.model import commands as C

    _deliver(win, single)
    ov = win.result_overlays
    ov.set_enabled("flows", True)
    assert all(it.opacity() == 1.0 for it in _overlay_items(win, "flows"))
    win.push(C.move_elements(win.layout, ["cash1"], 0.5, 0.0))
    assert ov.stale and all(it.opacity() < 0.5 for it in _overlay_items(win, "flows"))
    assert "run again" in win.statusBar().currentMessage()
    ov.set_enabled("staff", True)  # switched on later: faded too
    assert all(it.opacity() < 0.5 for it in _overlay_items(win, "staff"))
    _deliver(win, single)  # the next run
    assert not ov.stale and all(it.opacity() == 1.0 for k in ("flows", "staff") for it in _overlay_items(win, k))


def test_a_docked_chart_is_drawn_at_a_readable_size(make_editor, single):
    """Issue 17.17: docked result charts were shrunk to fit the dock, unreadable until floated;
    now the page is never drawn below 1 pt = 1 pixel and scrolls in a small dock."""
    w = make_editor(load_layout(BEFORE), BEFORE, size=(1366, 768))
    _deliver(w, single)
    w.results.raise_()
    dock = w.results
    canvas = dock.canvas
    assert canvas is not None and dock.view.dpi() >= 72
    assert canvas.width() == round(canvas.page[0] * dock.view.dpi())
    assert canvas.width() > dock.view.viewport().width()  # wider than the docked view: it scrolls
    assert dock.view.horizontalScrollBar().maximum() > 0
    dock.setFloating(True)
    dock.resize(1300, 950)
    assert dock.view.dpi() > 72  # floated and enlarged: the page grows to the room


def test_with_every_overlay_on_at_1366_px_the_legend_covers_no_part_of_the_plan(make_editor, single, qtbot):
    """The legend (replay, staff paths, flows, heat map: four sections) sits in a corner that the
    fitted plan leaves clear; when it goes, the plan takes the room back."""
    w = make_editor(load_layout(BEFORE), BEFORE, size=(1366, 768))
    w.view.fit()
    alone = w.view.mapFromScene(w.scene.plan_rect).boundingRect()
    _deliver(w, single)
    for key in ("heat", "flows", "staff"):
        w.menu_actions[f"overlay_{key}"].trigger()
    qtbot.waitUntil(lambda: w.legend.isVisible() and len(w.legend.sections) == 4, timeout=3000)
    qtbot.wait(20)  # the legend's settling pass

    def covered() -> list[str]:
        legend = w.legend.geometry()
        plan = w.view.mapFromScene(w.scene.plan_rect).boundingRect()
        out = ["plan"] if not legend.intersected(plan).isEmpty() else []
        for item in w.scene.items_by_id.values():
            t = item.label
            if t is not None and t.isVisible():
                box = t.deviceTransform(w.view.viewportTransform()).mapRect(t.boundingRect()).toRect()
                out += [item.element_id] if not legend.intersected(box).isEmpty() else []
        return out

    assert w.view.fitted and covered() == []
    w.view.zoom(1.5)  # the user's own zoom is left alone: the legend may cover the plan then
    assert covered() != [] and not w.view.fitted
    w.menu_actions["fit"].trigger()
    assert covered() == []
    for key in ("heat", "flows", "staff"):
        w.menu_actions[f"overlay_{key}"].trigger()
    w.sim.clear_result()
    qtbot.waitUntil(lambda: not w.legend.isVisible(), timeout=3000)
    back = w.view.mapFromScene(w.scene.plan_rect).boundingRect()
    assert abs(back.width() - alone.width()) <= 2 and abs(back.height() - alone.height()) <= 2
