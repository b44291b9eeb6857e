"""The editor reads at 1366×768 (issue 17.15 and 17.17): the KPI table shows at least 12 rows
after a run, the dock does not widen and the plan is fitted again when the docks change; on
both samples and in both languages no label of the plan crosses another label, a wall, a
pillar or the outline; seats are drawn as seats."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor
from shapely.geometry import box
from shapely.ops import unary_union

from lobbysim.model.fileformat import load_layout
from lobbysim.model.kinds import FIXTURE_KINDS

ROOT = Path(__file__).resolve().parents[1]
AFTER = str(ROOT / "layouts/railway_station/after.lobby.json")
BEFORE = str(ROOT / "layouts/railway_station/before.lobby.json")
LAPTOP = (1366, 768)


def _plan_in_view(w):
    """(the plan's outline on screen lies inside the canvas, the share of the canvas it spans
    together with the legend, whose corner a fitted plan leaves clear)."""
    x0, y0, x1, y1 = w.layout.boundary.geometry.bounds
    r = QRect(w.view.mapFromScene(x0, -y1), w.view.mapFromScene(x1, -y0))
    vp = w.view.viewport().rect()
    both = r.united(w.legend.geometry()) if w.legend.isVisible() else r
    return vp.contains(r), max(both.width() / vp.width(), both.height() / vp.height())


def _wait_for_layout(qtbot, dock) -> None:
    """Until the window has laid the dock out for its contents' size hints (a dock too narrow
    for them is widened by the next layout pass)."""
    qtbot.waitUntil(lambda: dock.width() >= dock.minimumSizeHint().width() and dock.widget().isVisible(), timeout=3000)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_after_a_run_the_table_shows_12_rows_the_dock_keeps_its_width_and_the_plan_refits(make_editor, qtbot, lang):
    w = make_editor(load_layout(AFTER), AFTER, lang=lang, size=LAPTOP, pool=True)
    qtbot.waitUntil(lambda: _plan_in_view(w)[0], timeout=3000)
    dock_width = w.docks["Simulate"].width()
    inside, span = _plan_in_view(w)
    assert inside and span > 0.8  # fitted: the plan and a 2-m margin fill the canvas
    w.sim.reps.setValue(2)
    w.sim.run()
    qtbot.waitUntil(lambda: not w.sim.running, timeout=60_000)
    _wait_for_layout(qtbot, w.docks["Simulate"])
    assert not w.errors, w.errors
    table = w.sim.table
    assert table.rowCount() >= 30
    visible = [
        r
        for r in range(table.rowCount())
        if table.viewport().rect().contains(table.visualRect(table.model().index(r, 0)))
    ]
    assert len(visible) >= 12, len(visible)
    assert abs(w.docks["Simulate"].width() - dock_width) <= 2  # the KPI names did not widen the dock
    # the first KPI, its mean and its interval can be read without scrolling sideways
    right = table.visualRect(table.model().index(0, 2)).right()
    assert right <= table.viewport().width() or table.horizontalScrollBar().maximum() == 0
    # the Results dock (tabbed with the Simulate dock) shows its chart without widening the docks
    w.results.raise_()
    qtbot.waitUntil(lambda: w.results.canvas is not None and w.results.toolbar.isVisible(), timeout=10_000)
    _wait_for_layout(qtbot, w.results)
    assert abs(w.results.width() - dock_width) <= 2, (w.results.width(), dock_width)
    assert _plan_in_view(w)[0] and _plan_in_view(w)[1] > 0.8
    # the right-hand docks go and come back: once the canvas has its new size, the plan fills it
    width = w.view.viewport().width()
    w.docks["Simulate"].hide()
    w.results.hide()
    qtbot.waitUntil(lambda: w.view.viewport().width() > width + 200, timeout=3000)
    assert _plan_in_view(w)[0] and _plan_in_view(w)[1] > 0.8
    w.docks["Simulate"].show()
    w.results.show()
    qtbot.waitUntil(lambda: w.view.viewport().width() == width, timeout=3000)
    assert _plan_in_view(w)[0] and _plan_in_view(w)[1] > 0.8


def _label_boxes(w) -> dict:
    """Element id -> its label's box in plan metres, for every label shown."""
    w.view.grab()  # labels are placed for the zoom the view paints at
    s = w.view.pixels_per_metre()
    out = {}
    for eid, item in w.scene.items_by_id.items():
        t = item.label
        if t is not None and t.isVisible():
            br = t.boundingRect()
            p = t.pos() + item.pos()
            tr = t.transform()
            x, y = p.x() + tr.dx() / s, p.y() + tr.dy() / s  # scene top-left (y down)
            out[eid] = box(x, -(y + br.height() / s), x + br.width() / s, -y)
    return out


@pytest.mark.parametrize("path", [BEFORE, AFTER])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_label_crosses_another_label_a_wall_or_the_outline(make_editor, path, lang):
    w = make_editor(load_layout(path), path, lang=lang, size=LAPTOP)
    layout = w.layout
    boxes = _label_boxes(w)
    ids = list(boxes)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            assert boxes[a].intersection(boxes[b]).area < 1e-9, (a, b)
    walls = unary_union([e.geometry for e in layout.walls() + layout.pillars()] + [layout.boundary.geometry.exterior])
    crossing = [eid for eid, r in boxes.items() if r.intersects(walls)]
    assert not crossing, crossing
    # every area, post and door is named on the plan, and most fixtures
    for e in layout.areas() + layout.posts() + layout.entrances():
        assert e.id in boxes, f"the name of {e.id} is hidden"
    fixtures = [f.id for f in layout.fixtures()]
    shown = [f for f in fixtures if f in boxes]
    assert len(shown) >= 0.75 * len(fixtures), sorted(set(fixtures) - set(shown))
    # a name that found no room is still the element's tool tip
    for fid in set(fixtures) - set(shown):
        assert w.scene.items_by_id[fid].toolTip() == layout[fid].label_for(lang)
    # area names sit beside the seats, not on them
    benches = unary_union([b.geometry for b in layout.seat_blocks()])
    for area in layout.areas():
        r = boxes[area.id]
        assert r.intersection(benches).area <= 0.1 * r.area, area.id
    door = layout.entrances()[0]
    assert not layout.boundary.geometry.contains(boxes[door.id].centroid)  # the door's name is outside
    # nothing solid is drawn over a name (cash3, drawn after cash2, hid the end of "Cash window 2")
    stacking = {item: n for n, item in enumerate(w.scene.items())}  # topmost first
    for eid, r in boxes.items():
        label = w.scene.items_by_id[eid].label
        over = [
            e.id
            for e in layout.walls() + layout.pillars() + layout.fixtures() + layout.seat_blocks()
            if e.id != eid
            and r.intersection(e.geometry).area > 1e-9
            and stacking[w.scene.items_by_id[e.id]] < stacking[label]
        ]
        assert not over, (eid, over)


def test_seats_are_drawn_one_by_one_in_a_colour_of_their_own(make_editor):
    w = make_editor(load_layout(AFTER), AFTER)
    sb = w.layout["seats1"]
    item = w.scene.items_by_id["seats1"]
    polys = item.path().toSubpathPolygons()
    squares = [p for p in polys if p.size() == 5]  # a closed square: four corners and back to the first
    assert len(squares) == sb.seat_count
    seat = QColor(item.brush().color())
    desk = QColor(FIXTURE_KINDS["staff_desk"].color)
    diff = abs(seat.hue() - desk.hue()) + abs(seat.lightness() - desk.lightness())
    assert diff > 40  # not nearly the colour of a staff desk any more


def _text_boxes(fig, ax) -> list:
    """(text, box in data metres) of every label drawn on a plan axes, as rendered."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    inv = ax.transData.inverted()
    out = []
    for t in ax.texts:
        if t.get_text().strip() and t.get_visible():
            bb = t.get_window_extent(renderer)
            (x0, y0), (x1, y1) = inv.transform([(bb.x0, bb.y0), (bb.x1, bb.y1)])
            out.append((t, box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))))
    return out


@pytest.mark.parametrize("path", [BEFORE, AFTER])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_reports_plan_labels_cross_no_wall_and_no_other_label(path, lang):
    """The report's plan page, measured as matplotlib draws it (the smart counter's English name
    once crossed the outer wall)."""
    from lobbysim.report.page import style
    from lobbysim.report.plan import figure_plans

    layout = load_layout(path)
    with style():
        fig = figure_plans([layout], ["plan"], lang)
    boxes = _text_boxes(fig, fig.axes[0])
    assert len(boxes) >= len(layout.areas()) + len(layout.posts())
    walls = unary_union([e.geometry for e in layout.walls() + layout.pillars()] + [layout.boundary.geometry.exterior])
    crossing = [t.get_text() for t, b in boxes if b.intersects(walls) and not t.get_text().endswith("▲")]
    assert not crossing, crossing
    for i, (ta, a) in enumerate(boxes):
        for tb, b in boxes[i + 1 :]:
            assert a.intersection(b).area < 1e-6, (ta.get_text(), tb.get_text())


def test_the_heat_map_leaves_the_post_and_door_names_readable():
    """The occupancy heat map once hid 厅堂2号 and 正门: they are drawn above it."""
    from lobbysim.report.occupancy import figure_heatmaps
    from lobbysim.report.page import style
    from lobbysim.sim import simulate
    from lobbysim.sim.scenario import default_scenario

    before, after = load_layout(BEFORE), load_layout(AFTER)
    scen = default_scenario()
    recs = [[simulate(lay, scen, "mon", 1, 0)] for lay in (before, after)]
    with style():
        fig = figure_heatmaps([before, after], recs, ["before", "after"], "zh")
    names = {p.name_zh for p in after.posts()} | {e.name_zh + " ▲" for e in after.entrances()}
    ax = next(a for a in fig.axes if a.images and {t.get_text() for t in a.texts} >= names)
    heat = max(im.get_zorder() for im in ax.images)
    drawn = {t.get_text(): t.get_zorder() for t in ax.texts}
    assert all(drawn[n] > heat for n in names), drawn


def test_a_long_finding_wraps_in_the_findings_dock_instead_of_being_cut_off(make_editor, qtbot):
    from lobbysim.model import commands as C

    w = make_editor(load_layout(AFTER), AFTER, size=LAPTOP)
    w.push(C.move_elements(w.layout, ["cash2"], -0.8, 0.0))  # now overlaps cash1: a finding naming both
    lst = w.findings_list
    qtbot.waitUntil(lambda: any("cash1" in lst.item(i).text() for i in range(lst.count())), timeout=3000)
    lst.doItemsLayout()
    one_line = lst.fontMetrics().height()
    items = [lst.item(i) for i in range(lst.count())]
    longest = max(items, key=lambda it: lst.fontMetrics().horizontalAdvance(it.text()))
    assert lst.fontMetrics().horizontalAdvance(longest.text()) > lst.viewport().width()  # would be cut off
    for it in items:
        r = lst.visualItemRect(it)
        assert r.left() >= 0 and r.right() <= lst.viewport().width(), it.text()  # read without scrolling sideways
        assert it.toolTip() == it.text()
    assert lst.visualItemRect(longest).height() >= 2 * one_line  # on two lines or more
