"""Layout file format: byte-exact round trips, schema, bad input, atomic saves."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lobbysim.errors import FileReadError, FormatError, LobbysimError
from lobbysim.model import fileformat
from lobbysim.model.elements import Area, Boundary, Entrance, Fixture, Pillar, Post, SeatBlock, Wall
from lobbysim.model.fileformat import dumps_layout, layout_from_dict, load_layout, save_layout
from lobbysim.model.jsonio import json_type
from lobbysim.model.kinds import AREA_KINDS, FIXTURE_KINDS
from lobbysim.model.layout import Layout, LayoutMeta

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(ROOT.glob("layouts/*/*.lobby.json"))
SCHEMA = json.loads((ROOT / "lobbysim/schema/lobby.schema.json").read_text())


def test_there_are_three_samples():
    names = {p.relative_to(ROOT).as_posix() for p in SAMPLES}
    assert {
        "layouts/railway_station/before.lobby.json",
        "layouts/railway_station/after.lobby.json",
        "layouts/templates/empty.lobby.json",
    } <= names


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_round_trips_byte_exact(path, tmp_path):
    layout = load_layout(path)
    out = tmp_path / "copy.lobby.json"
    save_layout(layout, out)
    assert out.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_matches_json_schema(path):
    jsonschema.validate(json.loads(path.read_text("utf-8")), SCHEMA)


def test_shared_elements_keep_their_ids_between_before_and_after():
    before = load_layout(ROOT / "layouts/railway_station/before.lobby.json")
    after = load_layout(ROOT / "layouts/railway_station/after.lobby.json")
    for eid in (
        "boundary",
        "entrance",
        "cash1",
        "cash2",
        "cash3",
        "smart1",
        "low1",
        "vp_desk",
        "call_station",
        "ticket",
        "lobby_desk",
        "director_desk",
        "seats1",
        "seats2",
    ):
        assert eid in before and eid in after
    # the moves the seed's consultants made
    assert before["vp_desk"].anchor() != after["vp_desk"].anchor()
    assert before["low1"].anchor() != after["low1"].anchor()
    assert before["call_station"].anchor() != after["call_station"].anchor()
    assert not before.posts() and [p.number for p in after.posts()] == [1, 2, 3]


# --- random layouts round-trip ------------------------------------------------------------
coord = st.floats(min_value=-500, max_value=500, allow_nan=False).map(lambda v: round(v, 3))
pt = st.tuples(coord, coord)
poly = st.lists(pt, min_size=3, max_size=6).map(tuple)
name = st.text(alphabet="abc高柜等候区 ", max_size=6)


@st.composite
def elements(draw, idx):
    kind = draw(st.sampled_from(["boundary", "wall", "pillar", "entrance", "area", "post", "fixture", "seat_block"]))
    eid = f"e{idx}"
    common = dict(id=eid, name_zh=draw(name), name_en=draw(name))
    if kind == "boundary":
        return Boundary(**common, polygon=draw(poly))
    if kind == "pillar":
        return Pillar(**common, polygon=draw(poly))
    if kind == "area":
        return Area(**common, polygon=draw(poly), area_kind=draw(st.sampled_from(list(AREA_KINDS))))
    if kind == "post":
        return Post(**common, polygon=draw(poly), number=draw(st.integers(1, 9)))
    if kind == "wall":
        return Wall(
            **common,
            points=tuple(draw(st.lists(pt, min_size=2, max_size=4))),
            thickness=draw(st.sampled_from([0.1, 0.2, 0.35])),
        )
    if kind == "entrance":
        return Entrance(**common, a=draw(pt), b=draw(pt), direction=draw(st.sampled_from(["both", "in", "out"])))
    x, y = draw(pt)
    rot = draw(st.sampled_from([0.0, 90.0, 180.0, 270.0, 12.5]))
    if kind == "fixture":
        return Fixture(
            **common,
            x=x,
            y=y,
            rotation=rot,
            fixture_kind=draw(st.sampled_from(list(FIXTURE_KINDS))),
            width=draw(st.sampled_from([0.0, 1.2])),
            depth=draw(st.sampled_from([0.0, 0.6])),
            service_offset=draw(st.none() | pt),
            staff_offset=draw(st.none() | pt),
            blocks_sight=draw(st.none() | st.booleans()),
        )
    return SeatBlock(
        **common, x=x, y=y, rotation=rot, rows=draw(st.integers(1, 4)), seats_per_row=draw(st.integers(1, 8))
    )


@st.composite
def layouts(draw):
    n = draw(st.integers(0, 8))
    els = [draw(elements(i)) for i in range(n)]
    return Layout(els, LayoutMeta(draw(name), draw(name), draw(name), draw(name), draw(name)))


@settings(max_examples=60, deadline=None)
@given(layouts())
def test_random_layouts_round_trip(layout):
    text = dumps_layout(layout)
    back = layout_from_dict(json.loads(text))
    assert back.same_as(layout)
    assert dumps_layout(back) == text
    jsonschema.validate(json.loads(text), SCHEMA)


# --- bad input ----------------------------------------------------------------------------
def _write(tmp_path, content: bytes | str, name="bad.lobby.json") -> Path:
    p = tmp_path / name
    p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return p


def _good_doc():
    return json.loads((ROOT / "layouts/railway_station/after.lobby.json").read_text("utf-8"))


BAD_DOCS = {
    "empty": (b"", FileReadError, "empty"),
    "not-json": ("{this is not json", FileReadError, "not valid JSON"),
    "array": ("[1, 2, 3]", FormatError, "top level"),
    "other-format": ('{"format": "something.else", "version": 1}', FormatError, "not a lobbysim layout"),
    "binary": (bytes(range(256)) * 40, FileReadError, "binary"),
    "gbk": (
        '{"format": "lobbysim.layout", "version": 1, "meta": {"name_zh": "火车站支行"}, "elements": []}'.encode("gbk"),
        FileReadError,
        "UTF-8",
    ),
}


@pytest.mark.parametrize("key", list(BAD_DOCS))
def test_bad_files_give_one_clear_error(tmp_path, key):
    content, exc_type, words = BAD_DOCS[key]
    p = _write(tmp_path, content)
    with pytest.raises(exc_type) as info:
        load_layout(p)
    msg = str(info.value)
    assert str(p) in msg and words in msg and "\n" not in msg


@pytest.mark.parametrize(
    "mutate,words",
    [
        (lambda d: d.update(version=99), "newer lobbysim"),
        (lambda d: d.update(version="1"), "version"),
        (lambda d: d.update(elements={}), "'elements' must be a list"),
        (lambda d: d["elements"][0].update(polygon=[[0, 0], [1, 0]]), "at least 3 points"),
        (lambda d: d["elements"][0]["polygon"][0].__setitem__(0, 1e300), "outside"),
        (lambda d: d["elements"][5].update(type="sofa"), "unknown element type"),
        (lambda d: d["elements"][5].pop("id"), "no id"),
        (lambda d: d["elements"].append(dict(d["elements"][1])), "duplicate id"),
        (
            lambda d: next(e for e in d["elements"] if e["type"] == "fixture").update(fixture_kind="robot"),
            "fixture_kind",
        ),
        (lambda d: next(e for e in d["elements"] if e["type"] == "fixture").update(x="left"), "'x' must hold numbers"),
        (
            lambda d: next(e for e in d["elements"] if e["type"] == "seat_block").update(rows=0),
            "'rows' must be at least 1",
        ),
    ],
)
def test_documents_of_the_wrong_shape_name_the_problem(tmp_path, mutate, words):
    _assert_refused(tmp_path, mutate, words)


def _assert_refused(tmp_path, mutate, words):
    """The sample's document changed by ``mutate`` is refused in one line that starts with the file
    and says ``words``."""
    doc = _good_doc()
    mutate(doc)
    p = _write(tmp_path, json.dumps(doc, ensure_ascii=False))
    with pytest.raises(FormatError) as info:
        load_layout(p)
    assert words in str(info.value) and str(info.value).startswith(str(p))
    assert "\n" not in str(info.value)


def test_nan_and_infinity_are_refused(tmp_path):
    text = (ROOT / "layouts/railway_station/after.lobby.json").read_text("utf-8").replace("24.0", "NaN", 1)
    with pytest.raises(FileReadError, match="NaN"):
        load_layout(_write(tmp_path, text))
    text = (ROOT / "layouts/railway_station/after.lobby.json").read_text("utf-8").replace("24.0", "Infinity", 1)
    with pytest.raises(FileReadError, match="Infinity"):
        load_layout(_write(tmp_path, text))


def test_huge_file_is_refused_without_parsing(tmp_path):
    p = tmp_path / "huge.lobby.json"
    p.write_bytes(b" " * (20 * 1024 * 1024) + b"{}")
    with pytest.raises(FileReadError, match="MB"):
        load_layout(p)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(FileReadError, match="no such file"):
        load_layout(tmp_path / "nope.lobby.json")
    with pytest.raises(FileReadError, match="directory"):
        load_layout(tmp_path)


def test_utf8_with_bom_is_read(tmp_path):
    text = (ROOT / "layouts/railway_station/after.lobby.json").read_text("utf-8")
    p = _write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert len(load_layout(p)) > 10


def test_migration_hook_upgrades_old_versions(tmp_path, monkeypatch):
    doc = _good_doc()
    doc["version"] = 0
    for e in doc["elements"]:
        if e["type"] == "seat_block":
            e["seats"] = e.pop("seats_per_row")  # pretend version 0 called it 'seats'

    def v0_to_v1(d):
        for e in d["elements"]:
            if e["type"] == "seat_block":
                e["seats_per_row"] = e.pop("seats")
        return d

    with pytest.raises(FormatError, match="version 0"):
        layout_from_dict(json.loads(json.dumps(doc)))
    monkeypatch.setitem(fileformat.MIGRATIONS, 0, v0_to_v1)
    layout = layout_from_dict(doc)
    assert layout["seats1"].seats_per_row == 6


def test_failed_save_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    p = tmp_path / "plan.lobby.json"
    layout = load_layout(ROOT / "layouts/railway_station/before.lobby.json")
    save_layout(layout, p)
    before = p.read_bytes()

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(FileReadError, match="No space left"):
        save_layout(load_layout(ROOT / "layouts/railway_station/after.lobby.json"), p)
    assert p.read_bytes() == before
    assert [f.name for f in tmp_path.iterdir()] == ["plan.lobby.json"]  # no temporary file left behind


def test_save_into_missing_folder_is_a_clear_error(tmp_path):
    layout = load_layout(ROOT / "layouts/templates/empty.lobby.json")
    with pytest.raises(FileReadError, match="folder does not exist"):
        save_layout(layout, tmp_path / "no" / "such" / "x.lobby.json")


def test_reader_refuses_unknown_keys_and_wrong_types_with_the_path():
    from lobbysim.errors import FormatError
    from lobbysim.model.jsonio import Reader

    r = Reader("s.json")
    with pytest.raises(
        FormatError, match=r"^s.json: element 'arrivals': unknown field 'per_dya'; did you mean 'per_day'"
    ):
        r.keys({"per_dya": 3}, ("per_day", "hourly"), "arrivals")
    with pytest.raises(FormatError, match=r"element 'policies.walking': unknown field 'zzz' \(expected: a, b\)"):
        r.obj({"walking": {"zzz": 1}}, "walking", "policies", allowed=("a", "b"))
    with pytest.raises(FormatError, match="field 'a' must be an object, got a list"):
        r.obj({"a": []}, "a", "x")
    with pytest.raises(FormatError, match="field 'a' must be a list, got text"):
        r.lst({"a": "x"}, "a", "x")
    with pytest.raises(FormatError, match="field 'a' is missing"):
        r.obj({}, "a", "x", required=True)
    assert r.obj({"a": None}, "a", "x") == {} and r.lst({}, "a", "x") == []


# --- strict reading (issue 17) -------------------------------------------------------------
WRONG_VALUES = [None, True, 7, -1e300, "text", [], [1, 2], {}, {"x": 1}]


def _full_doc():
    """The after-layout with the optional fields of a fixture set too."""
    doc = _good_doc()
    fx = next(e for e in doc["elements"] if e["type"] == "fixture")
    fx.update(service_offset=[0.0, -0.8], staff_offset=[0.0, 0.8], blocks_sight=True)
    return doc


def _sample_fields():
    """(element index, field) for one element of every type in the after-layout."""
    doc = _full_doc()
    seen, out = set(), []
    for i, e in enumerate(doc["elements"]):
        if e["type"] in seen:
            continue
        seen.add(e["type"])
        out += [(i, k) for k in e]
    return out


def test_every_element_type_is_in_the_sample():
    assert {_good_doc()["elements"][i]["type"] for i, _ in _sample_fields()} == set(fileformat.ELEMENT_FIELDS)


@pytest.mark.parametrize("index,key", _sample_fields(), ids=lambda v: str(v))
def test_a_wrong_json_type_in_any_field_is_one_line_naming_file_and_element(tmp_path, index, key):
    """A list or object where text or a number belongs gave 'TypeError: unhashable type: list'."""
    for value in WRONG_VALUES:
        doc = _full_doc()
        original = doc["elements"][index][key]
        if json_type(value) == json_type(original):
            continue  # the same JSON type: not a wrong one
        doc["elements"][index][key] = value
        p = _write(tmp_path, json.dumps(doc, ensure_ascii=False))
        try:
            layout = load_layout(p)
        except LobbysimError as exc:
            msg = str(exc)
            assert msg.startswith(f"{p}: ") and "\n" not in msg, msg
            if key != "id":
                assert f"'{doc['elements'][index]['id']}'" in msg or f"element {index + 1}" in msg, msg
            continue
        # accepted only where null is a legal value (the kind's default)
        assert value is None and key in {"blocks_sight", "service_offset", "staff_offset"}, (key, value)
        assert layout is not None


def test_the_type_given_as_a_list_is_refused_by_validate_with_exit_1(tmp_path, capsys):
    from lobbysim.cli import main

    doc = _good_doc()
    doc["elements"][3]["type"] = ["wall"]
    p = _write(tmp_path, json.dumps(doc))
    assert main(["validate", str(p)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"lobbysim: {p}: element '{doc['elements'][3]['id']}': unknown element type [\"wall\"] " + (
        "(expected one of: boundary, wall, pillar, entrance, area, post, fixture, seat_block)"
    )


@pytest.mark.parametrize(
    "mutate,words",
    [
        (lambda d: d.update(elemnts=[]), "unknown field 'elemnts'; did you mean 'elements'?"),
        (lambda d: d["meta"].update(nmae_en="x"), "element 'meta': unknown field 'nmae_en'; did you mean 'name_en'?"),
        (
            lambda d: next(e for e in d["elements"] if e["type"] == "fixture").update(fixture_knd="atm"),
            "unknown field 'fixture_knd'; did you mean 'fixture_kind'?",
        ),
        (
            lambda d: next(e for e in d["elements"] if e["type"] == "seat_block").update(seats_per_rwo=3),
            "unknown field 'seats_per_rwo'; did you mean 'seats_per_row'?",
        ),
        (
            lambda d: next(e for e in d["elements"] if e["type"] == "wall").update(thickness_m=0.3),
            "unknown field 'thickness_m'; did you mean 'thickness'?",
        ),
        (lambda d: d["elements"][0].update(colour="red"), "unknown field 'colour' (expected: id, name_en"),
        # a field of another element type is unknown here
        (lambda d: d["elements"][0].update(rows=2), "unknown field 'rows'"),
        (lambda d: d["elements"][1].pop("a"), "field 'a' is missing"),
        (lambda d: next(e for e in d["elements"] if e["type"] == "fixture").pop("y"), "field 'y' is missing"),
        (lambda d: d.update(meta=[]), "field 'meta' must be an object, got a list"),
        (lambda d: d.pop("elements"), "field 'elements' is missing"),
    ],
)
def test_unknown_and_missing_keys_are_named_with_a_suggestion(tmp_path, mutate, words):
    _assert_refused(tmp_path, mutate, words)


def test_limits_refuse_layouts_too_big_to_compute_with():
    doc = _good_doc()
    wall = next(e for e in doc["elements"] if e["type"] == "wall")
    wall["points"] = [[0.0, i * 1e-3] for i in range(fileformat.MAX_POINTS + 1)]
    with pytest.raises(FormatError, match=f"at most {fileformat.MAX_POINTS} are allowed"):
        layout_from_dict(doc, "x")
    doc = _good_doc()
    block = next(e for e in doc["elements"] if e["type"] == "seat_block")
    doc["elements"] += [dict(block, id=f"s{i}", rows=100, seats_per_row=200) for i in range(2)]
    with pytest.raises(FormatError, match=f"more than {fileformat.MAX_SEATS} seats"):
        layout_from_dict(doc, "x")
    doc = _good_doc()
    doc["elements"] += [dict(block, id=f"s{i}") for i in range(fileformat.MAX_ELEMENTS)]
    with pytest.raises(FormatError, match=f"at most {fileformat.MAX_ELEMENTS}"):
        layout_from_dict(doc, "x")


def test_the_json_schema_and_the_reader_know_the_same_keys_and_limits():
    assert set(SCHEMA["properties"]) == set(fileformat.TOP_KEYS)
    assert set(SCHEMA["properties"]["meta"]["properties"]) == set(fileformat.META_KEYS)
    elements = SCHEMA["properties"]["elements"]
    assert elements["maxItems"] == fileformat.MAX_ELEMENTS
    by_type = {item["properties"]["type"]["const"]: item for item in elements["items"]["oneOf"]}
    assert set(by_type) == set(fileformat.ELEMENT_FIELDS)
    for t, item in by_type.items():
        assert item["additionalProperties"] is False
        assert set(item["properties"]) == set(fileformat.COMMON_KEYS + fileformat.ELEMENT_FIELDS[t]), t
        for key in ("polygon", "points"):
            if key in item["properties"]:
                assert item["properties"][key]["maxItems"] == fileformat.MAX_POINTS


@pytest.mark.parametrize("depth", [40, 990, 200_000])
def test_deeply_nested_documents_are_refused_when_read(tmp_path, depth):
    """Nesting below the JSON parser's own limit crashed later code (deepcopy, json.dumps) with
    RecursionError; above it, the parser itself."""
    p = _write(tmp_path, '{"format": "lobbysim.layout", "version": 1, "elements": ' + "[" * depth + "]" * depth + "}")
    with pytest.raises(FileReadError, match="nested more than 32 levels deep") as info:
        load_layout(p)
    assert str(info.value).startswith(str(p))


def test_messages_quote_values_shortly_whatever_their_depth():
    from lobbysim.model.jsonio import nesting_depth, short

    deep: list = []
    for _ in range(5000):
        deep = [deep]
    assert short(deep) == "a list" and nesting_depth("[" * 5001 + "]" * 5001) == 5001
    assert short("x" * 100) == '"' + "x" * 36 + "..."
    assert nesting_depth('{"a": [1, {"b": []}]}') == 4 and nesting_depth("3") == 0
    assert nesting_depth('{"a [[[": "{{\\"[[", "b": [[]]}') == 3  # brackets inside text do not count


def test_names_from_the_file_cannot_break_a_message_over_lines(tmp_path):
    """Found by the fuzz test: a key "\\n" in 'meta' gave a two-line message."""
    doc = _good_doc()
    doc["meta"]["\n"] = None
    doc["elements"][3]["id"] = "wall\r\n2"
    p = _write(tmp_path, json.dumps(doc))
    with pytest.raises(FormatError) as info:
        load_layout(p)
    assert (
        str(info.value)
        == f"{p}: element 'meta': unknown field '\\n' (expected: branch, name_en, name_zh, notes, variant)"
    )
