"""Snapping rules of the drawing tools (pure, no Qt)."""

import pytest

from lobbysim.model.snapping import layout_snap_targets, orthogonal, snap, snap_to_grid


def test_grid_vertex_edge_priority():
    assert snap_to_grid((1.234, -0.26), 0.1) == pytest.approx((1.2, -0.3))
    verts = [(2.0, 2.0)]
    edges = [((0.0, 0.0), (10.0, 0.0))]
    assert snap((2.1, 1.9), vertices=verts, edges=edges) == ((2.0, 2.0), "vertex")
    p, kind = snap((5.03, 0.12), vertices=verts, edges=edges)
    assert kind == "edge" and p == pytest.approx((5.03, 0.0))
    assert snap((5.03, 0.5), vertices=verts, edges=edges) == (pytest.approx((5.0, 0.5)), "grid")


def test_right_angles_from_the_previous_point():
    assert orthogonal((5.0, 0.3), (0.0, 0.0)) == (5.0, 0.0)
    assert orthogonal((0.2, 4.0), (0.0, 0.0)) == (0.0, 4.0)
    assert orthogonal((3.0, 3.0), (0.0, 0.0)) == (3.0, 3.0)
    p, kind = snap((4.96, 0.31), grid=0.5, previous=(0.0, 0.0))
    assert p == (5.0, 0.0) and kind == "grid"


def test_targets_from_a_layout():
    from pathlib import Path

    from lobbysim.model.fileformat import load_layout

    lay = load_layout(Path(__file__).resolve().parents[1] / "layouts/railway_station/after.lobby.json")
    verts, edges = layout_snap_targets(lay)
    assert (24.0, 14.0) in verts and len(edges) > 20
