"""DXF import of walls and outlines (pure, no Qt)."""

import math

import ezdxf
import pytest

from lobbysim.errors import FileReadError
from lobbysim.model.dxf_import import dxf_layers, import_dxf


def _dxf(tmp_path):
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = 4  # millimetres
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (20000, 0), (20000, 12000), (0, 12000)], close=True, dxfattribs={"layer": "OUTLINE"})
    msp.add_line((5000, 0), (5000, 4000), dxfattribs={"layer": "WALLS"})
    msp.add_arc((10000, 6000), 1000, 0, 90, dxfattribs={"layer": "WALLS"})
    msp.add_line((0, 0), (1, 1), dxfattribs={"layer": "FURNITURE"})
    p = tmp_path / "plan.dxf"
    doc.saveas(p)
    return p


def test_import_walls_and_boundary_in_metres(tmp_path):
    p = _dxf(tmp_path)
    assert dxf_layers(p) == ["FURNITURE", "OUTLINE", "WALLS"]
    res = import_dxf(p, wall_layers={"WALLS"}, outline_layer="OUTLINE")
    assert res.boundary is not None and res.boundary.geometry.area == pytest.approx(240.0)
    assert len(res.walls) == 2 and res.skipped == 1
    line, arc = res.walls
    assert line.points == ((5.0, 0.0), (5.0, 4.0))
    assert all(math.dist(q, (10.0, 6.0)) == pytest.approx(1.0, abs=1e-3) for q in arc.points)
    assert len(arc.points) >= 10  # approximated in steps of at most 10 degrees


def test_units_and_bad_files(tmp_path):
    p = _dxf(tmp_path)
    assert import_dxf(p, wall_layers={"WALLS"}, units="m").walls[0].points[1] == (5000.0, 4000.0)
    bad = tmp_path / "bad.dxf"
    bad.write_text("not a dxf")
    with pytest.raises(FileReadError):
        import_dxf(bad)
    with pytest.raises(FileReadError, match="unknown units"):
        import_dxf(p, units="furlong")
