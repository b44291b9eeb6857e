"""Qt-free parts of the editor's drawing tools: snapping, calibration, DXF import."""

import math

import ezdxf
import pytest

from lobbysim.errors import LobbysimError
from lobbysim.model.elements import Area
from lobbysim.ui.calibration import calibrate
from lobbysim.ui.dxf_import import dxf_layers, import_dxf
from lobbysim.ui.snapping import geometry_vertices_and_edges, rect_from_corners, snap_point, snap_to_grid


def test_grid_snap_rounds_to_nearest_step():
    assert snap_to_grid((1.26, -0.74), 0.5) == (1.5, -0.5)
    assert snap_to_grid((1.26, 2.0), 0) == (1.26, 2.0)


def test_vertex_beats_edge_beats_grid():
    area = Area(id="a", polygon=((0, 0), (4, 0), (4, 3), (0, 3)))
    verts, edges = geometry_vertices_and_edges([area.geometry])
    assert snap_point((3.9, 0.1), grid=0.5, vertices=verts, segments=edges, tol=0.25) == ((4.0, 0.0), "vertex")
    p, how = snap_point((2.13, 0.1), grid=0.5, vertices=verts, segments=edges, tol=0.25)
    assert how == "edge" and p == pytest.approx((2.13, 0.0))
    assert snap_point((2.13, 1.4), grid=0.5, vertices=verts, segments=edges, tol=0.25) == ((2.0, 1.5), "grid")


def test_right_angle_keeps_previous_coordinate():
    assert snap_point((3.07, 0.4), grid=0.1, prev=(1.0, 0.2), orthogonal=True) == ((3.1, 0.2), "grid")
    assert snap_point((1.3, 4.04), grid=0.1, prev=(1.0, 0.2), orthogonal=True) == ((1.0, 4.0), "grid")


def test_rectangle_is_counter_clockwise_whatever_the_drag_direction():
    r = rect_from_corners((3, 2), (1, 5))
    assert r == ((1, 2), (3, 2), (3, 5), (1, 5))


def test_two_point_calibration():
    c = calibrate((100, 200), (400, 600), 10.0, p1_plan=(2.0, 3.0))
    assert c.metres_per_pixel == pytest.approx(10.0 / 500.0)
    assert c.to_plan((100, 200)) == pytest.approx((2.0, 3.0))
    x, y = c.to_plan((400, 600))
    assert math.hypot(x - 2.0, y - 3.0) == pytest.approx(10.0)
    assert y < 3.0  # image y down is plan y up
    with pytest.raises(LobbysimError):
        calibrate((1, 1), (1, 1), 5.0)
    with pytest.raises(LobbysimError):
        calibrate((1, 1), (2, 1), 0.0)


def _dxf(tmp_path):
    doc = ezdxf.new(units=4)  # millimetres
    msp = doc.modelspace()
    doc.layers.add("WALLS")
    doc.layers.add("OUTLINE")
    doc.layers.add("FURN")
    msp.add_lwpolyline([(0, 0), (12000, 0), (12000, 8000), (0, 8000)], close=True, dxfattribs={"layer": "OUTLINE"})
    msp.add_line((3000, 0), (3000, 4000), dxfattribs={"layer": "WALLS"})
    msp.add_arc((6000, 4000), 1000, 0, 90, dxfattribs={"layer": "WALLS"})
    msp.add_circle((9000, 6000), 300, dxfattribs={"layer": "FURN"})
    p = tmp_path / "plan.dxf"
    doc.saveas(p)
    return p


def test_dxf_import_layers_units_and_arcs(tmp_path):
    p = _dxf(tmp_path)
    assert dxf_layers(p) == ["FURN", "OUTLINE", "WALLS"]
    r = import_dxf(p, layers=["WALLS"], outline_layer="OUTLINE", arc_step_deg=15)
    assert r.unit == "mm"
    assert r.boundary is not None and r.boundary.geometry.area == pytest.approx(96.0)
    assert len(r.walls) == 2
    line, arc = r.walls
    assert line.points == ((3.0, 0.0), (3.0, 4.0))
    assert len(arc.points) == 7  # 90 degrees in 15-degree chords
    for x, y in arc.points:
        assert math.hypot(x - 6.0, y - 4.0) == pytest.approx(1.0, abs=1e-3)
    every = import_dxf(p, unit="mm")
    assert len(every.walls) == 4  # outline, line, arc and circle all as walls when no outline layer is chosen


def test_dxf_bad_file_is_a_user_error(tmp_path):
    bad = tmp_path / "bad.dxf"
    bad.write_text("this is not a dxf")
    with pytest.raises(LobbysimError):
        import_dxf(bad)
    with pytest.raises(LobbysimError):
        import_dxf(tmp_path / "missing.dxf")
