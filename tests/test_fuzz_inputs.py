"""Fuzzing the input files (issue 17): property-based mutations of both sample layouts and the sample
scenario (wrong JSON types at every path, missing and extra keys, extreme numbers, truncated
files) go through the functions that `lobbysim validate`, `info`, `paths`, `run` and the editor's
File → Open call, in-process. Nothing may raise but the project's own errors (each one line naming
the file), and no case may take long; on a sample of the same inputs the `lobbysim` commands end
with exit code 0, 1 or 2 and at most one line on stderr.

The cases are the same on every run (``derandomize``), so CI is repeatable; to explore, run with
``LOBBYSIM_FUZZ=random`` (new cases each run) and ``LOBBYSIM_FUZZ_EXAMPLES=5000``.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import math
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lobbysim.cli import main
from lobbysim.errors import LobbysimError
from lobbysim.geo import build_floor
from lobbysim.model.fileformat import load_layout
from lobbysim.model.summary import describe_layout
from lobbysim.sim import simulate
from lobbysim.sim.scenario import load_scenario
from lobbysim.sim.variant import VariantError, build_variant

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts" / "railway_station"
LAYOUT_DOCS = {v: json.loads((SAMPLE / f"{v}.lobby.json").read_text("utf-8")) for v in ("before", "after")}
SCENARIO_DOC = json.loads((SAMPLE / "scenario.json").read_text("utf-8"))
AFTER = load_layout(SAMPLE / "after.lobby.json")
SCENARIO = load_scenario(SAMPLE / "scenario.json")
#: the light day the runs simulate (about 70 customers): the code paths of a run at a fuzzing pace
DAY = "sun"

EXPLORE = os.environ.get("LOBBYSIM_FUZZ") == "random"
SCALE = int(os.environ.get("LOBBYSIM_FUZZ_EXAMPLES", "0")) or None
#: a case slower than this is a hang (a run's size is bounded by documented limits before it starts)
SLOW_S = 20.0


def fuzz_settings(n: int):
    return settings(
        max_examples=SCALE or n,
        deadline=None,
        derandomize=not EXPLORE,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    )


# --- mutations ---------------------------------------------------------------------------------------------
EXTREME_NUMBERS = [0, -0.0, -1, 1, 0.5, 1e-300, -1e-9, 1e9, -1e9, 1e15, 2**53 + 1, 2**63, 1e308, -1e308]
NAN_VALUES = [math.nan, math.inf, -math.inf]  # written as NaN/Infinity: JSON that read_json refuses
#: a value of each JSON type in turn (null and booleans, text, numbers, lists, objects)
ANY_TYPE = st.one_of(
    st.sampled_from([None, True, False]),
    st.sampled_from(["", "x", "many", "09:00", "mon", "cash_counter", "x" * 5000]) | st.text(max_size=8),
    st.sampled_from(EXTREME_NUMBERS) | st.integers(),
    st.sampled_from([[], [1], [[1, 2]], [None], ["mon"], [[[[[]]]]]]),
    st.sampled_from([{}, {"a": 1}, {"dist": "normal"}, {"mean": 1e9}]),
)


def all_paths(doc) -> list[tuple]:
    """The path (keys and indices) of every value below the top of ``doc``."""
    out: list[tuple] = []
    stack: list[tuple] = [((), doc)]
    while stack:
        path, v = stack.pop()
        items = v.items() if isinstance(v, dict) else enumerate(v) if isinstance(v, list) else ()
        for k, child in items:
            out.append(path + (k,))
            stack.append((path + (k,), child))
    return out


def _parent(doc, path: tuple):
    for k in path[:-1]:
        doc = doc[k]
    return doc


def near_miss(key: str) -> st.SearchStrategy[str]:
    """A misspelling of ``key`` (a letter dropped, doubled or swapped) or another name."""
    variants = [key[:-1], key + key[-1:], key.upper(), key.replace("_", ""), key[1:2] + key[:1] + key[2:]]
    return st.sampled_from([v for v in variants if v and v != key] or ["x"]) | st.text(min_size=1, max_size=12)


@st.composite
def mutated(draw, base: dict) -> dict:
    """``base`` with one to three mutations, each at a path drawn from the document."""
    doc = json.loads(json.dumps(base))  # a deep copy, faster than copy.deepcopy
    for _ in range(draw(st.integers(1, 3))):
        paths = all_paths(doc)
        if not paths:
            break
        fields = [p for p in paths if isinstance(p[-1], str)]  # named fields, rather than coordinates
        path = draw(st.sampled_from(fields if fields and draw(st.integers(0, 3)) else paths))
        parent, key = _parent(doc, path), path[-1]
        op = draw(st.sampled_from(["type", "type", "number", "delete", "extra", "duplicate"]))
        value = parent[key]
        if op == "type":
            parent[key] = draw(ANY_TYPE)
        elif op == "number":
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                parent[key] = draw(st.sampled_from([value * 10**k for k in (-9, -3, 3, 6, 9)] + [-value, value + 0.5]))
            else:
                parent[key] = draw(st.sampled_from(EXTREME_NUMBERS + NAN_VALUES))
        elif op == "delete":
            del parent[key]
        elif op == "extra" and isinstance(value, dict):
            name = draw(near_miss(draw(st.sampled_from(list(value) or ["x"]))))
            value[name] = draw(ANY_TYPE)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(value))
    return doc


def file_text(draw, doc) -> str:
    """The document as a file: whole, or cut short (an interrupted copy, a full disk)."""
    text = json.dumps(doc, ensure_ascii=False)
    if draw(st.integers(0, 9)) == 0:
        return text[: draw(st.integers(0, len(text)))]
    return text


@st.composite
def layout_files(draw) -> str:
    return file_text(draw, draw(mutated(LAYOUT_DOCS[draw(st.sampled_from(["before", "after"]))])))


@st.composite
def scenario_files(draw) -> str:
    return file_text(draw, draw(mutated(SCENARIO_DOC)))


# --- what the commands and the editor do with a file ------------------------------------------------------
def refused(exc: LobbysimError, *paths: Path) -> str:
    """A refusal is one line naming the file (the layout's or the scenario's)."""
    msg = str(exc)
    assert "\n" not in msg and any(str(p) in msg for p in paths), msg
    return "refused"


def open_layout(path: Path, simulate_it: bool) -> str:
    """File → Open and `lobbysim info` (read, describe), then `lobbysim validate` and `run` through
    the variant builder (which calls validate's findings and builds the walkable floor), `lobbysim
    paths` on a layout that does not validate and, for some cases, one simulated day."""
    try:
        layout = load_layout(path)
    except LobbysimError as exc:
        return refused(exc, path)
    describe_layout(layout)
    try:
        v = build_variant(layout, SCENARIO, layout_path=path)
    except VariantError as exc:
        if "does not validate" not in str(exc):
            return refused(exc, path)
        build_floor(layout)  # `lobbysim paths` and the editor's walking read-out do not validate first
        return "invalid"
    except LobbysimError as exc:
        return refused(exc, path, SAMPLE / "scenario.json")
    if simulate_it:
        simulate(v.layout, v.scenario, DAY, 1, 0)
    return "runs"


def open_scenario(path: Path, simulate_it: bool) -> str:
    """`lobbysim run --scenario` on the sample's after-layout: read the scenario (strictly), check it
    against the layout, and, for some cases, simulate one day."""
    try:
        scenario = load_scenario(path)
        scenario.check_against(AFTER)
    except LobbysimError as exc:
        return refused(exc, path)
    if simulate_it:
        simulate(AFTER, scenario, DAY, 1, 0)
    return "runs"


OUTCOMES: dict[str, dict[str, int]] = {"layout": {}, "scenario": {}}


def _case(kind: str, fn, tmp_path: Path, text: str, simulate_it: bool) -> None:
    path = tmp_path / ("case.lobby.json" if kind == "layout" else "case.scenario.json")
    path.write_text(text, "utf-8")
    t0 = time.perf_counter()
    outcome = fn(path, simulate_it)
    assert time.perf_counter() - t0 < SLOW_S, f"a {kind} case took {time.perf_counter() - t0:.1f} s"
    OUTCOMES[kind][outcome] = OUTCOMES[kind].get(outcome, 0) + 1


@fuzz_settings(500)
@given(text=layout_files(), sim=st.integers(0, 39))
def test_mutated_layouts_give_findings_or_one_line(tmp_path, text, sim):
    _case("layout", open_layout, tmp_path, text, sim == 0)


@fuzz_settings(500)
@given(text=scenario_files(), sim=st.integers(0, 9))
def test_mutated_scenarios_run_or_give_one_line(tmp_path, text, sim):
    _case("scenario", open_scenario, tmp_path, text, sim == 0)


def test_the_fuzzing_reached_every_outcome():
    """The mutations are neither all refused nor all harmless (runs after the two tests above)."""
    if not OUTCOMES["layout"] or not OUTCOMES["scenario"]:
        pytest.skip("run together with the fuzz tests above")
    assert {"refused", "invalid", "runs"} <= set(OUTCOMES["layout"]), OUTCOMES
    assert {"refused", "runs"} <= set(OUTCOMES["scenario"]), OUTCOMES


# --- the commands themselves, on a sample of the same inputs -------------------------------------------------
def run_command(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def assert_one_line_or_none(code: int, err: str) -> None:
    assert code in (0, 1, 2), code
    lines = err.strip().splitlines()
    assert len(lines) <= 1 and all(line.startswith("lobbysim: ") for line in lines), err
    assert "Traceback" not in err


@fuzz_settings(40)
@given(layout=layout_files(), scenario=scenario_files())
def test_the_commands_exit_0_1_or_2_with_at_most_one_line(tmp_path, layout, scenario):
    lay, scen = tmp_path / "cli.lobby.json", tmp_path / "cli.scenario.json"
    lay.write_text(layout, "utf-8")
    scen.write_text(scenario, "utf-8")
    for args in (["validate", str(lay)], ["info", str(lay)], ["paths", str(lay), "--json"]):
        assert_one_line_or_none(*run_command(args)[::2])
    code, _, err = run_command(["run", str(lay), "--reps", "1", "--day", DAY])
    assert_one_line_or_none(code, err)
    code, _, err = run_command(
        ["run", str(SAMPLE / "after.lobby.json"), "--scenario", str(scen), "--reps", "1", "--day", DAY]
    )
    assert_one_line_or_none(code, err)
    if code:
        assert str(scen) in err
