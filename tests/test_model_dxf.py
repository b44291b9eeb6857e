"""DXF import of walls and outlines (pure, no Qt)."""

import math
from pathlib import Path

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


# --- real drawings (issue 17 item 12) --------------------------------------------------------------
DATA = Path(__file__).resolve().parent / "data" / "dxf"

#: file: walls, entities skipped, layers with entities, repaired by recover mode
REAL_DRAWINGS = {
    "AC1003_LINE_Example.dxf": (22, 0, 1, True),  # refused before ("Missing required y coordinate")
    "Leica_Disto_S910.dxf": (10, 22, 3, False),  # a laser distance meter's export
    "Minimal_DXF_AC1009.dxf": (0, 0, 0, False),  # 35 bytes: nothing but EOF
    "POLI-ALL210_12.DXF": (30, 1, 2, False),  # R12 polylines, upper-case name
    "R12_with_trash_beyond_EOF.dxf": (1, 0, 1, False),
    "bin_dxf_r12.dxf": (3, 0, 1, False),  # binary DXF
    "circle_radius_le_0.dxf": (0, 2, 1, False),  # circles of radius <= 0: no walls (two were made before)
    "duplicate_handles.dxf": (107, 38, 1, False),  # its log lines reached the console before
    "dxf_unicode.dxf": (0, 0, 0, False),
    "empty_handles.dxf": (8, 0, 2, True),  # ValueError: Invalid handle (a traceback before)
    "issue1106.dxf": (10, 0, 1, True),  # DXFTypeError: name has to be a string (a traceback before)
    "r12_blocks_with_no_names.dxf": (0, 0, 0, False),
    "small_r13.dxf": (16, 0, 2, False),
}


def test_the_set_of_real_drawings_is_all_there():
    assert sorted(p.name for p in DATA.glob("*.[dD][xX][fF]")) == sorted(REAL_DRAWINGS)


@pytest.mark.parametrize("name", sorted(REAL_DRAWINGS))
def test_real_drawings_import_quietly_into_layouts_that_save_and_read_back(name, capfd):
    from lobbysim.model.fileformat import dumps_layout, layout_from_dict
    from lobbysim.model.layout import Layout

    walls, skipped, n_layers, repaired = REAL_DRAWINGS[name]
    path = DATA / name
    layers = dxf_layers(path)
    res = import_dxf(path, outline_layer=layers[0] if layers else None)
    assert (len(res.walls) + (res.boundary is not None), res.skipped, len(res.layers)) == (walls, skipped, n_layers)
    assert res.layers == layers
    assert bool(res.notes) is repaired
    if repaired:
        assert res.notes[0].startswith("the file is damaged (") and "it was repaired" in res.notes[0]
    els = list(res.walls) + ([res.boundary] if res.boundary is not None else [])
    text = dumps_layout(Layout(els))
    assert dumps_layout(layout_from_dict(__import__("json").loads(text), "x")) == text
    out, err = capfd.readouterr()
    assert out == "" and err == "", err  # ezdxf's log lines go to the project's log, not the console


def test_ezdxf_log_lines_go_to_the_projects_log(caplog):
    with caplog.at_level("DEBUG", logger="lobbysim.model.dxf_import"):
        import_dxf(DATA / "duplicate_handles.dxf")
    msgs = [r.getMessage() for r in caplog.records if r.name == "lobbysim.model.dxf_import"]
    assert any("duplicate_handles.dxf: ezdxf: Found non-unique entity handle" in m for m in msgs), msgs[:3]


@pytest.mark.parametrize(
    "content,words",
    [
        (b"not a dxf", "is not a DXF file that can be read"),
        (bytes(range(256)) * 10, "is not a DXF file that can be read"),
    ],
)
def test_files_that_cannot_be_read_even_repaired_are_one_line(tmp_path, content, words):
    p = tmp_path / "broken.dxf"
    p.write_bytes(content)
    for call in (dxf_layers, import_dxf):
        with pytest.raises(FileReadError) as info:
            call(p)
        msg = str(info.value)
        assert msg.startswith(f"{p}: {words}") and "\n" not in msg, msg


def test_a_truncated_file_is_repaired_and_says_so(tmp_path):
    p = tmp_path / "cut.dxf"
    p.write_bytes(b"0\nSECTION\n2\nENTITIES\n0\nLINE\n8\n0\n10\nnot-a-number\n")
    res = import_dxf(p)
    assert res.walls == [] and res.notes == [
        "the file is damaged (DXFStructureError: missing ENDSEC tag.); it was repaired (0 fix(es), 0 error(s) left)"
    ]


def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(FileReadError, match="cannot be read"):
        import_dxf(tmp_path / "nope.dxf")


def test_entities_that_make_no_wall_are_skipped(tmp_path):
    doc = ezdxf.new()
    msp = doc.modelspace()
    msp.add_line((0, 0), (0, 0), dxfattribs={"layer": "W"})  # zero length
    msp.add_line((0, 0), (1e12, 0), dxfattribs={"layer": "W"})  # beyond any layout
    msp.add_lwpolyline([(0, 0), (4, 0), (4, 4), (0, 0)], close=True, dxfattribs={"layer": "W"})  # closed, end repeated
    msp.add_circle((2, 2), 0.0, dxfattribs={"layer": "W"})
    p = tmp_path / "odd.dxf"
    doc.saveas(p)
    res = import_dxf(p, units="m")
    assert res.skipped == 3 and [w.points for w in res.walls] == [((0, 0), (4, 0), (4, 4), (0, 0))]
