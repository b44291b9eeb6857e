"""One way to build a runnable variant (issue 17 items 2 and 3): `run`, the experiment commands and
the builder refuse what `lobbysim validate` calls broken, a floor split by a wall, and inputs
beyond the documented limits, before anything is simulated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lobbysim.cli import main
from lobbysim.errors import LobbysimError, ScenarioError
from lobbysim.model.fileformat import load_layout
from lobbysim.sim import variant as V
from lobbysim.sim.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts/railway_station"
BEFORE, AFTER, SCEN = (str(SAMPLE / n) for n in ("before.lobby.json", "after.lobby.json", "scenario.json"))
#: a wall from the front wall round the entrance and back: the entrance, the ticket dispenser and
#: the lobby desk are sealed off from the counters, seats and machines
SEAL = {"id": "seal", "type": "wall", "points": [[8, 0], [8, 2.9], [19, 2.9], [19, 0]], "thickness": 0.2}


def _after_with(tmp_path, *extra: dict, name="variant.lobby.json") -> str:
    doc = json.loads(Path(AFTER).read_text("utf-8"))
    doc["elements"] += list(extra)
    p = tmp_path / name
    p.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    return str(p)


def test_the_samples_are_runnable_variants():
    for lay in (BEFORE, AFTER):
        v = V.load_variant_files(lay, SCEN)
        assert v.layout.same_as(load_layout(lay)) and v.scenario_doc == json.loads(Path(SCEN).read_text("utf-8"))
        assert v.layout_path == lay and v.scenario_path == SCEN
    v = V.load_variant_files(AFTER)  # the built-in sample scenario
    assert v.scenario_path is None and v.scenario.policies.walking
    same = V.build_variant(load_layout(AFTER), load_scenario(SCEN))
    assert same.layout_doc == json.loads(Path(AFTER).read_text("utf-8"))


SPLIT_MESSAGE = (
    "the layout does not validate: cash1: service point cannot be reached from the entrance (the floor is "
    "split) (and 15 more; see 'lobbysim validate')"
)


def test_run_refuses_a_floor_split_by_a_wall(tmp_path, capsys):
    """Before: 257 customers 'served' and 33.2 m walked per customer through the wall."""
    split = _after_with(tmp_path, SEAL)
    assert main(["run", split, "--scenario", SCEN, "--reps", "1"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip() == f"lobbysim: {split}: {SPLIT_MESSAGE}"


def test_compare_refuses_a_floor_split_by_a_wall_before_running(tmp_path, capsys):
    split = _after_with(tmp_path, SEAL)
    db = tmp_path / "runs.sqlite"
    assert main(["compare", BEFORE, split, "--scenario", SCEN, "--reps", "1", "--db", str(db), "--no-progress"]) == 1
    assert capsys.readouterr().err.strip() == f"lobbysim: {split}: {SPLIT_MESSAGE}"
    assert not db.exists()  # nothing was run, nothing stored


def test_a_split_that_leaves_every_served_point_reachable_is_fine(tmp_path, capsys):
    """A wall with a door-wide gap splits nothing."""
    gap = dict(SEAL, points=[[8, 0], [8, 2.9], [17.8, 2.9]])
    assert main(["run", _after_with(tmp_path, gap), "--scenario", SCEN, "--reps", "1"]) == 0


@pytest.mark.parametrize(
    "extra,message",
    [
        # a fixture outside the boundary
        (
            {"id": "out", "type": "fixture", "fixture_kind": "self_service", "x": 30.0, "y": 5.0},
            "the layout does not validate: out: self service 'out' is (partly) outside the boundary (and 1 more; "
            "see 'lobbysim validate')",
        ),
        # a zero-length wall
        (
            {"id": "dot", "type": "wall", "points": [[5.0, 5.0], [5.0, 5.0]]},
            "the layout does not validate: dot: wall has no length",
        ),
    ],
)
def test_the_builder_refuses_what_validate_calls_broken(tmp_path, extra, message):
    path = _after_with(tmp_path, extra)
    with pytest.raises(V.VariantError) as info:
        V.load_variant_files(path, SCEN)
    assert str(info.value) == f"{path}: {message}" and info.value.exit_code == 1


def test_the_builder_refuses_a_scenario_that_cannot_run_on_the_layout():
    doc = json.loads(Path(AFTER).read_text("utf-8"))
    doc["elements"] = [e for e in doc["elements"] if e["id"] != "cash3"]
    with pytest.raises(ScenarioError, match="counter 'cash3' does not exist in the layout"):
        V.build_variant(doc, load_scenario(SCEN), layout_path="x.lobby.json")


def test_run_limits_refuse_a_huge_plan_before_its_geometry_is_computed(tmp_path, monkeypatch):
    def no_geometry(*a, **k):
        raise AssertionError("the geometry was computed")

    monkeypatch.setattr(V, "check_layout", no_geometry)
    pillars = [
        {"id": f"p{i}", "type": "pillar", "polygon": [[x, y], [x + 0.1, y], [x + 0.1, y + 0.1], [x, y + 0.1]]}
        for i, (x, y) in enumerate((1 + 0.2 * (i % 100), 0.5 + 0.2 * (i // 100)) for i in range(V.MAX_RUN_ELEMENTS))
    ]
    path = _after_with(tmp_path, *pillars)
    with pytest.raises(
        V.VariantError, match=f"has {V.MAX_RUN_ELEMENTS + 42} elements; a layout to simulate has at most"
    ):
        V.load_variant_files(path, SCEN)
    block = {"id": "stand", "type": "seat_block", "x": 12.0, "y": 5.0, "rows": 40, "seats_per_row": 30}
    with pytest.raises(V.VariantError, match=f"has {36 + 1200} seats; a layout to simulate has at most 1000"):
        V.load_variant_files(_after_with(tmp_path, block), SCEN)


def test_replications_beyond_the_limit_are_a_wrong_call(capsys):
    assert main(["run", AFTER, "--reps", "100000"]) == 2
    assert capsys.readouterr().err.strip() == "lobbysim: --reps must be at most 10,000, got 100,000"
    assert main(["compare", BEFORE, AFTER, "--scenario", SCEN, "--reps", "100000"]) == 2


def test_every_refusal_is_a_lobbysim_error_with_one_line(tmp_path):
    for extra in (SEAL, {"id": "dot", "type": "wall", "points": [[5.0, 5.0], [5.0, 5.0]]}):
        with pytest.raises(LobbysimError) as info:
            V.load_variant_files(_after_with(tmp_path, extra), SCEN)
        assert "\n" not in str(info.value)
