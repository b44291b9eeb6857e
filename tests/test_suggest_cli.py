"""``lobbysim suggest`` end to end on a small budget: the suggested layouts validate, differ from the
input only by the suggestion's edits, win on the objective with intervals; bad input is one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lobbysim.cli import main
from lobbysim.experiments.suggest.space import Design, Edit
from lobbysim.model.fileformat import layout_to_dict, load_layout
from lobbysim.sim.variant import build_variant

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts/railway_station"
BEFORE = str(SAMPLE / "before.lobby.json")
SCEN = str(SAMPLE / "scenario.json")


def _args(tmp_path: Path, *extra: str) -> list[str]:
    return [
        "suggest",
        BEFORE,
        "--scenario",
        SCEN,
        "--days",
        "thu",
        "--workers",
        "1",
        "--no-progress",
        "--db",
        str(tmp_path / "runs.sqlite"),
        "--out-dir",
        str(tmp_path),
        *extra,
    ]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One small search on the before-layout: the VP's desk and the call station may move."""
    d = tmp_path_factory.mktemp("suggest")
    args = _args(d, "--objective", "ops_vp_floor_share,outbound_calls", "--movable", "vp_desk,call_station")
    args += ["--budget", "5", "--trials", "40", "--confirm-reps", "3", "--top", "2", "--json", str(d / "out.json")]
    code = main(args)
    return code, d, json.loads((d / "out.json").read_text("utf-8"))


def test_the_suggestions_validate_and_are_the_inputs_edits(run):
    code, d, doc = run
    assert code == 0
    assert 1 <= doc["candidates_simulated"] <= 5
    files = [s["file"] for s in doc["suggestions"] if s["file"]]
    assert files and all(Path(f).name.startswith("before.suggest") for f in files)
    before = load_layout(BEFORE)
    scenario = json.loads(Path(SCEN).read_text("utf-8"))
    for s in doc["suggestions"]:
        if not s["file"]:
            continue
        lay = load_layout(s["file"])
        build_variant(lay, scenario)  # validates, floor connected, scenario runs: raises otherwise
        changed = {e.id for e in lay if before.get(e.id) != e} | {i for i in before.ids() if i not in lay}
        assert changed == {m["id"] for m in s["moves"]} <= {"vp_desk", "call_station"}
        # the same edits, as one command on the input, give the same layout
        edits = []
        for m in s["moves"]:
            new = lay[m["id"]]
            edits.append(Edit(m["id"], before[m["id"]], new))
            assert (new.x, new.y, new.rotation) == (m["to"]["x"], m["to"]["y"], m["to"]["rotation"])
        again = Design(tuple(edits)).apply_to(before)
        assert layout_to_dict(again)["elements"] == layout_to_dict(lay)["elements"]


def test_the_best_suggestion_wins_with_an_interval(run):
    _, _, doc = run
    best = doc["suggestions"][0]
    assert doc["best_gain"] == best["gain"] and best["gain"] > 10
    vp = best["comparison"]["days"]["thu"]["kpis"]["ops_vp_floor_share"]
    assert vp["verdict"] == "better" and vp["diff"]["ci95"][0] > 0.3
    assert best["guards"] == {"wait_mean_min": best["guards"]["wait_mean_min"]}
    assert best["guards"]["wait_mean_min"] in ("met", "likely")
    assert doc["stage1"]["trials"] == 40 and doc["stage2"]["confirm_reps"] == 3
    assert set(doc["stage1"]["rejected"]) <= {"aisle", "unreachable", "overlap", "blocked point", "validation"}


def test_bad_input_is_one_line(tmp_path, capsys):
    base = ["--objective", "ops_vp_floor_share", "--movable", "vp_desk", "--budget", "5"]
    cases = [
        (_args(tmp_path, "--objective", "vp_share", "--movable", "vp_desk", "--budget", "5"), 2, "is not a KPI"),
        (
            _args(tmp_path, "--objective", "ops_vp_floor_share", "--movable", "vp", "--budget", "5"),
            2,
            "no element 'vp'",
        ),
        (_args(tmp_path, "--objective", "ops_vp_floor_share", "--budget", "5"), 2, "nothing to move"),
        (_args(tmp_path, *base[:4], "--budget", "2"), 2, "--budget must be between 4"),
        (_args(tmp_path, *base[:2], "--movable", "cash1", "--budget", "5"), 2, "'cash1' is a cash counter"),
        (_args(tmp_path, *base, "--days", "week"), 2, "single days"),
    ]
    for args, code, message in cases:
        assert main(args) == code, args
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and message in err[0] and "Traceback" not in err[0], err


def test_constraints_no_candidate_can_meet_say_which_rejected_most(tmp_path, capsys):
    """No seat block can move anywhere a 5 m aisle leads to from the door."""
    args = _args(tmp_path, "--objective", "marketing_contacts", "--movable", "seats1,seats2", "--aisle-m", "5")
    assert main([*args, "--budget", "4", "--trials", "30"]) == 1
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "no candidate layout met the constraints in 30 trials (" in line
    assert "most were rejected by 'aisle' (" in line and "a walking route would lose its aisle of --aisle-m" in line
    assert not list(tmp_path.glob("*.suggest*"))


def test_the_json_reopens_as_the_same_suggestions(run, tmp_path):
    """What the editor's Open results… reads: the suggestions with the command's gains, each the
    edits of the input that give the written layout; a file that is not a result is one line."""
    from lobbysim.errors import LobbysimError
    from lobbysim.experiments.suggest.reopen import load_result

    _, d, doc = run
    res = load_result(str(d / "out.json"))
    written = [s for s in doc["suggestions"] if s["file"]]
    assert [(s.rank, s.gain, s.guards) for s in res.suggestions] == [
        (s["rank"], s["gain"], s["guards"]) for s in written
    ]
    assert res.candidates_simulated == doc["candidates_simulated"] and res.objective.kpis == tuple(
        doc["objective"]["kpis"]
    )
    before = load_layout(BEFORE)
    for s, w in zip(res.suggestions, written):
        assert s.design.describe() == w["moves"]
        assert (
            layout_to_dict(s.design.apply_to(before))["elements"] == layout_to_dict(load_layout(w["file"]))["elements"]
        )
        assert (
            s.diff("thu", "ops_vp_floor_share").mean
            == w["comparison"]["days"]["thu"]["kpis"]["ops_vp_floor_share"]["diff"]["mean"]
        )
    # the result moved with its layouts to another folder still opens (they are looked for beside it)
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    for w in written:
        (moved / Path(w["file"]).name).write_bytes(Path(w["file"]).read_bytes())
    copy = dict(doc, suggestions=[dict(w, file="gone/" + Path(w["file"]).name) for w in written])
    (moved / "out.json").write_text(json.dumps(copy), "utf-8")
    assert [s.gain for s in load_result(str(moved / "out.json")).suggestions] == [w["gain"] for w in written]
    for bad in ({"suggestions": []}, [1, 2]):
        (tmp_path / "bad.json").write_text(json.dumps(bad), "utf-8")
        with pytest.raises(LobbysimError) as exc:
            load_result(str(tmp_path / "bad.json"))
        assert "bad.json" in str(exc.value) and "is not a result of lobbysim suggest" in str(exc.value)
        assert "\n" not in str(exc.value)
