"""Report figures: built from the records (hand-made records change them), shared scales
before/after, Chinese glyphs present, empty records and layouts without posts handled."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from lobbysim.fonts import cjk_family, cjk_font_path, font_properties, font_rc, has_cff_outlines
from lobbysim.model.fileformat import load_layout
from lobbysim.report import figures as F
from lobbysim.report.findings import relative_change
from lobbysim.sim.records import CustomerRecord, QueueSample, Records, StaffActivity, Walk

ROOT = Path(__file__).resolve().parents[1]
BEFORE = ROOT / "layouts/railway_station/before.lobby.json"
AFTER = ROOT / "layouts/railway_station/after.lobby.json"


@pytest.fixture(scope="module")
def layouts():
    return load_layout(str(BEFORE)), load_layout(str(AFTER))


def _day(n_cash: int = 3, seat=(10.0, 5.0), wait_s: float = 300.0, rep: int = 0) -> Records:
    """A hand-made day: n_cash customers walk door -> seat -> cash window and leave; one ATM user;
    a teller serving, an idle lobby manager walking once."""
    r = Records(
        day="mon",
        seed=1,
        replication=rep,
        open_time=9 * 3600.0,
        close_time=17 * 3600.0,
        end_time=17 * 3600.0,
        roster={"t1": "cs_counter", "l1": "lobby_manager"},
    )
    door, counter = (11.5, 0.3), (3.0, 9.0)
    t = 9.5 * 3600
    for i in range(n_cash):
        a = t + i * 600
        c = CustomerRecord(
            i + 1,
            "cash",
            "regular",
            a,
            ticket_time=a + 5,
            seat_id="s",
            call_time=a + wait_s,
            service_start=a + wait_s + 20,
            service_end=a + wait_s + 320,
            departure=a + wait_s + 340,
            fixture_id="cash1",
            fixture_kind="cash_counter",
            outcome="served",
            walk_m=30.0,
        )
        r.customers.append(c)
        r.walks += [
            Walk("customer", str(i + 1), "cash", a, a + 5, 6.0, (door, seat), "to_seat"),
            Walk("customer", str(i + 1), "cash", a + wait_s, a + wait_s + 20, 8.0, (seat, counter), "to_counter"),
            Walk("customer", str(i + 1), "cash", a + wait_s + 320, a + wait_s + 340, 12.0, (counter, door), "to_exit"),
        ]
        r.staff.append(StaffActivity("t1", "cs_counter", "serve", a + wait_s + 20, a + wait_s + 320, "cash1"))
    a = 10 * 3600.0
    r.customers.append(
        CustomerRecord(
            100,
            "self",
            "regular",
            a,
            service_start=a + 30,
            service_end=a + 120,
            departure=a + 150,
            fixture_id="atm1",
            fixture_kind="self_service",
            outcome="served",
            walk_m=10.0,
        )
    )
    r.walks += [
        Walk("customer", "100", "self", a, a + 30, 9.0, (door, (16.0, 12.0)), "to_machine"),
        Walk("customer", "100", "self", a + 120, a + 150, 9.0, ((16.0, 12.0), door), "to_exit"),
    ]
    r.staff += [
        StaffActivity("l1", "lobby_manager", "greet", 9 * 3600, 12 * 3600, "post1"),
        StaffActivity("l1", "lobby_manager", "walk", 12 * 3600, 12 * 3600 + 20, "", metres=15.0),
        StaffActivity("l1", "lobby_manager", "idle", 12 * 3600 + 20, 17 * 3600, "post1"),
    ]
    r.walks.append(
        Walk(
            "staff",
            "l1",
            "lobby_manager",
            12 * 3600,
            12 * 3600 + 20,
            15.0,
            ((12.0, 2.0), (12.0, 8.0), (5.0, 8.0)),
            "to_customer",
        )
    )
    r.queues += [
        QueueSample(9 * 3600, "tickets", 0),
        QueueSample(9.5 * 3600, "tickets", 2),
        QueueSample(10.5 * 3600, "tickets", 0),
    ]
    return r


def _pixels(fig: Figure) -> np.ndarray:
    canvas = FigureCanvasAgg(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # "Glyph ... missing from font(s)" fails the test
        canvas.draw()
    return np.asarray(canvas.buffer_rgba()).copy()


def _all_figures(layouts, recs, lang):
    la, lb = layouts
    tt = ["A", "B"]
    return [
        F.figure_plans([la, lb], tt, lang),
        F.figure_customer_flow([la, lb], recs, tt, lang, {"cash": "现金"}),
        F.figure_staff_spaghetti([la, lb], recs, tt, lang),
        F.figure_heatmaps([la, lb], recs, tt, lang),
        F.figure_waits(recs, tt, lang),
        F.figure_staff_time(recs, tt, lang),
    ]


# --- fonts ---------------------------------------------------------------------------------------------------
def test_the_cjk_font_exists_and_a_missing_glyph_would_fail():
    assert Path(cjk_font_path()).is_file()
    assert font_properties().get_name() == cjk_family()
    # a CFF-outline font (the bundled Noto Sans CJK .otf) goes into PDFs as Type 3, a TrueType one as Type 42
    assert font_rc()["pdf.fonttype"] == (3 if has_cff_outlines(cjk_font_path()) else 42)
    # without the CJK font Chinese text must raise here: the glyph check is live, not silenced
    fig = Figure()
    fig.text(0.5, 0.5, "厅堂", family="DejaVu Sans")
    with pytest.raises(UserWarning, match="missing"):
        _pixels(fig)


@pytest.mark.parametrize("lang", ["zh", "en", "both"])
def test_every_figure_draws_without_missing_glyphs(layouts, lang):
    recs = [[_day(3), _day(4, rep=1)], [_day(2), _day(2, rep=1)]]
    with F.style():
        for fig in _all_figures(layouts, recs, lang):
            _pixels(fig)


# --- built from records ---------------------------------------------------------------------------------------
def test_flows_bundle_walks_and_count_customers_per_day():
    flows = F.customer_flows([_day(3), _day(5, rep=1)])
    to_seat = [f for f in flows if f.purpose == "to_seat"]
    assert len(to_seat) == 1 and to_seat[0].per_day == pytest.approx(4.0) and to_seat[0].business == "cash"
    # a walk ending 0.2 m away joins the flow; one ending 5 m away does not
    d = _day(1)
    d.walks.append(Walk("customer", "9", "cash", 0, 1, 6.0, ((11.5, 0.3), (10.1, 5.1)), "to_seat"))
    d.walks.append(Walk("customer", "9", "cash", 0, 1, 6.0, ((11.5, 0.3), (15.0, 5.0)), "to_seat"))
    counts = sorted(f.per_day for f in F.customer_flows([d]) if f.purpose == "to_seat")
    assert counts == [1, 2]


def test_a_figure_changes_when_its_records_change(layouts):
    la, lb = layouts
    base = [[_day(3)], [_day(3)]]
    more = [[_day(6)], [_day(3)]]
    moved = [[_day(3, seat=(15.0, 6.0))], [_day(3)]]
    slower = [[_day(3, wait_s=1200)], [_day(3)]]
    with F.style():
        for make in (
            lambda r: F.figure_customer_flow([la, lb], r, ["A", "B"], "en"),
            lambda r: F.figure_heatmaps([la, lb], r, ["A", "B"], "en"),
        ):
            p0 = _pixels(make(base))
            assert (p0 != _pixels(make(more))).any() and (p0 != _pixels(make(moved))).any()
            assert (p0 == _pixels(make(copy.deepcopy(base)))).all()  # same records, same picture
        w0 = _pixels(F.figure_waits(base, ["A", "B"], "en"))
        assert (w0 != _pixels(F.figure_waits(slower, ["A", "B"], "en"))).any()
        s0 = _pixels(F.figure_staff_time(base, ["A", "B"], "en"))
        assert (s0 != _pixels(F.figure_staff_time(more, ["A", "B"], "en"))).any()


def test_occupancy_keeps_customer_minutes_and_follows_the_seat(layouts):
    la, lb = layouts
    ext = F.plan_extent(la, lb)
    rec = _day(3, seat=(10.0, 5.0), wait_s=600)
    x, y, m = F.customer_dwell(rec)
    total = sum((c.departure - c.arrival) / 60 for c in rec.customers)
    assert m.sum() == pytest.approx(total)
    g = F.occupancy_grid(la, [rec], ext)
    assert g.sum() * 0.25**2 == pytest.approx(total, rel=0.02)  # smoothing keeps the minutes
    iy, ix = np.unravel_index(np.argmax(g), g.shape)
    # the busiest spot is the seat (3 x ~10 min) or the counter (3 x 5 min), not the aisle
    px, py = ext[0] + (ix + 0.5) * 0.25, ext[2] + (iy + 0.5) * 0.25
    assert np.hypot(px - 10.0, py - 5.0) < 0.5
    g2 = F.occupancy_grid(la, [_day(3, seat=(15.0, 6.0), wait_s=600)], ext)
    iy, ix = np.unravel_index(np.argmax(g2), g2.shape)
    assert np.hypot(ext[0] + (ix + 0.5) * 0.25 - 15.0, ext[2] + (iy + 0.5) * 0.25 - 6.0) < 0.5


def test_staff_time_is_per_person_and_from_the_activities():
    use = F.staff_time_use([_day(3)])
    assert use["cs_counter"]["serve"] == pytest.approx(3 * 300 / 3600)
    assert use["lobby_manager"]["greet"] == pytest.approx(3.0)
    assert F.staff_headcount([_day(1)]) == {"cs_counter": 1, "lobby_manager": 1}
    assert F.staff_metres([_day(1), _day(1, rep=1)]) == {"lobby_manager": pytest.approx(15.0)}


# --- before and after on one scale -----------------------------------------------------------------------------
def test_side_by_side_figures_share_scale_and_colour_range(layouts):
    la, lb = layouts
    recs = [[_day(6)], [_day(2, seat=(15.0, 6.0))]]
    with F.style():
        heat = F.figure_heatmaps([la, lb], recs, ["A", "B"], "en")
        a, b = heat.axes[0], heat.axes[1]
        assert a.get_xlim() == b.get_xlim() and a.get_ylim() == b.get_ylim()
        na, nb = a.images[0].norm, b.images[0].norm
        assert (na.vmin, na.vmax) == (nb.vmin, nb.vmax)
        # the shared top is the busier side's peak, so B's own peak sits below it
        assert a.images[0].get_array().max() == pytest.approx(na.vmax)
        assert b.images[0].get_array().max() < 0.9 * nb.vmax
        flow = F.figure_customer_flow([la, lb], recs, ["A", "B"], "en")
        fa, fb = flow.axes[0], flow.axes[1]
        assert fa.get_xlim() == fb.get_xlim() and fa.get_ylim() == fb.get_ylim()

        def widest(ax):
            return max(max(c.get_linewidths()) for c in ax.collections if isinstance(c, LineCollection))

        # line width is customers per day on one scale: 6 a day in A, 2 in B
        assert widest(fa) > 2 * widest(fb)
        waits = F.figure_waits(recs, ["A", "B"], "en")
        assert waits.axes[0].get_xlim() == waits.axes[1].get_xlim()


# --- awkward input ----------------------------------------------------------------------------------------------
def test_empty_records_and_a_layout_without_posts_draw_with_a_note(layouts):
    la, lb = layouts
    assert not la.posts() and lb.posts()
    empty = Records(day="mon", seed=1, replication=0, open_time=9 * 3600.0, close_time=17 * 3600.0)
    with F.style():
        for fig in _all_figures(layouts, [[empty], [empty]], "en"):
            _pixels(fig)
        plans = F.figure_plans([la, lb], ["Before", "After"], "zh")
        titles = [ax.get_title() for ax in plans.axes[:2]]
        assert "未划分厅堂岗位" in titles[0] and "未划分" not in titles[1]


def test_numbers_and_verdicts_for_people():
    assert F.fmt_value(0.0312, "share") == "3.1%" and F.fmt_value(0.0, "share", sign=True) == "0.0%"
    assert F.fmt_value(20.0, "calls") == "20" and F.fmt_value(1.6, "contacts") == "1.6"
    assert F.fmt_value(0.004, "seats", sign=True) == "+0.004" and F.fmt_value(-0.0, "min") == "0.00"
    assert relative_change(0.0, 20.0) == 1.0 and relative_change(0.0, 0.0) == 0.0


def test_heat_maps_of_three_variants_share_one_scale_and_a_table_by_area(layouts, tmp_path):
    la, lb = layouts
    recs = [[_day(6)], [_day(2, seat=(15.0, 6.0))], [_day(4)]]
    with F.style():
        heat = F.figure_heatmaps([la, lb, lb], recs, ["A", "B", "C"], "en")
        maps = [ax for ax in heat.axes if ax.images]
        assert len(maps) == 3
        norms = {(ax.images[0].norm.vmin, ax.images[0].norm.vmax) for ax in maps}
        assert len(norms) == 1  # one colour scale
        tables = [ax for ax in heat.axes if ax.tables]
        assert len(tables) == 1
        cells = tables[0].tables[0].get_celld()
        header = [cells[(0, c)].get_text().get_text() for c in range(4)]
        assert header[1:] == ["A", "B", "C"]
        FigureCanvasAgg(heat).print_png(str(tmp_path / "heat3.png"))
