"""Handle drags: the opposite side stays, seat blocks step in seats and rows, rectangles stay rectangles."""

from __future__ import annotations

import math

import pytest

from lobbysim.model.elements import Area, Entrance, Fixture, SeatBlock, Wall
from lobbysim.model.layout import Layout
from lobbysim.model.reshape import MIN_SIZE, handles, reshape_command, reshaped


def approx_pt(a, b, tol=1e-6):
    return math.dist(a, b) < tol


def test_fixture_corner_drag_keeps_the_opposite_corner():
    f = Fixture("c", fixture_kind="cash_counter", x=2.0, y=3.0, width=2.0, depth=1.0)
    h = dict(handles(f))
    assert approx_pt(h["1,1"], (3.0, 3.5)) and approx_pt(h["-1,-1"], (1.0, 2.5))
    g = reshaped(f, "1,1", (4.0, 4.0))
    assert (g.width, g.depth) == (3.0, 1.5)
    assert approx_pt(dict(handles(g))["-1,-1"], (1.0, 2.5))  # the opposite corner did not move


def test_rotated_fixture_edge_drag_changes_only_that_dimension():
    f = Fixture("c", fixture_kind="cash_counter", x=0.0, y=0.0, rotation=90.0, width=2.0, depth=1.0)
    # local +x points to world +y after a 90° turn: the "1,0" handle sits at (0, 1)
    h = dict(handles(f))
    assert approx_pt(h["1,0"], (0.0, 1.0))
    g = reshaped(f, "1,0", (0.3, 2.0))
    assert g.width == pytest.approx(3.0) and g.depth == pytest.approx(1.0)
    assert approx_pt(dict(handles(g))["-1,0"], h["-1,0"])


def test_a_fixture_never_gets_smaller_than_the_minimum_nor_inside_out():
    f = Fixture("c", fixture_kind="atm", x=0.0, y=0.0, width=1.0, depth=1.0)
    g = reshaped(f, "1,0", (-5.0, 0.0))
    assert g.width == pytest.approx(MIN_SIZE)
    assert approx_pt(dict(handles(g))["-1,0"], (-0.5, 0.0))


def test_seat_block_steps_in_whole_seats_and_rows():
    s = SeatBlock("s", x=0.0, y=0.0, rows=2, seats_per_row=4, seat_width=0.5, row_pitch=1.2, bench_depth=0.5)
    w, d = s.size
    g = reshaped(s, "1,0", (w / 2 + 1.1, 0.0))  # about two seats wider
    assert g.seats_per_row == 6 and g.rows == 2
    assert approx_pt(dict(handles(g))["-1,0"], dict(handles(s))["-1,0"])
    g = reshaped(s, "0,1", (0.0, d / 2 + 1.25))  # one row pitch deeper
    assert g.rows == 3 and g.seats_per_row == 4
    assert approx_pt(dict(handles(g))["0,-1"], dict(handles(s))["0,-1"])


def test_rectangle_area_stays_a_rectangle_and_polygon_moves_one_vertex():
    r = Area("a", polygon=((0, 0), (4, 0), (4, 3), (0, 3)), area_kind="waiting")
    g = reshaped(r, "v2", (5.02, 4.01))
    assert all(approx_pt(a, b) for a, b in zip(g.polygon, ((0, 0), (5.0, 0), (5.0, 4.0), (0, 4.0))))
    p = Area("p", polygon=((0, 0), (4, 0), (5, 3), (0, 3)), area_kind="waiting")
    g = reshaped(p, "v2", (6.0, 3.5))
    assert all(approx_pt(a, b) for a, b in zip(g.polygon, ((0, 0), (4, 0), (6.0, 3.5), (0, 3))))


def test_wall_and_entrance_end_points():
    w = Wall("w", points=((0, 0), (3, 0)))
    assert reshaped(w, "v1", (4.0, 0.0)).points == ((0, 0), (4.0, 0.0))
    e = Entrance("e", a=(0.0, 0.0), b=(1.5, 0.0))
    assert reshaped(e, "v0", (-0.5, 0.0)).a == (-0.5, 0.0)


def test_reshape_command_is_one_undoable_step():
    f = Fixture("c", fixture_kind="cash_counter", x=2.0, y=3.0, width=2.0, depth=1.0)
    lay = Layout([f])
    cmd = reshape_command(lay, "c", "1,0", (4.0, 3.0))
    assert cmd.text == "Resize c"
    cmd.apply(lay)
    assert lay["c"].width == 3.0
    cmd.revert(lay)
    assert lay["c"] == f
    assert reshape_command(lay, "c", "1,0", (3.0, 3.0)) is None  # dropped where it was
