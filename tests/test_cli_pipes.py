"""Every command ends quietly when its reader goes away (`lobbysim compare … | head`), issue 17 item 11."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from lobbysim.cli import COMMAND_MODULES, main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts/railway_station"
BEFORE, AFTER = str(SAMPLE / "before.lobby.json"), str(SAMPLE / "after.lobby.json")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A light day of the sample scenario (fast runs), a result store with one run in it, a folder."""
    d = tmp_path_factory.mktemp("pipes")
    doc = json.loads((SAMPLE / "scenario.json").read_text("utf-8"))
    doc["arrivals"]["per_day"] = 30
    doc.get("ranges", {}).pop("arrivals.per_day", None)  # its range is around the sample's 260
    scen = d / "small.scenario.json"
    scen.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    db = d / "runs.sqlite"
    assert main(["compare", BEFORE, AFTER, "--scenario", str(scen), "--reps", "1", "--workers", "1"] + _quiet(db)) == 0
    sys.path.insert(0, str(ROOT / "tools"))
    import synthetic_log

    synthetic_log.make_log(d / "queue_log.csv", n_days=3, seed=3)
    return {"scenario": str(scen), "db": str(db), "dir": d, "log": str(d / "queue_log.csv")}


def _quiet(db) -> list[str]:
    return ["--db", str(db), "--no-progress"]


def command_args(name: str, small: dict) -> list[str]:
    """A call of each command that prints to stdout."""
    s, db, d = small["scenario"], small["db"], small["dir"]
    return {
        "validate": ["validate", BEFORE, AFTER],
        "info": ["info", BEFORE, AFTER],
        "paths": ["paths", AFTER],
        "run": ["run", AFTER, "--scenario", s, "--reps", "1"],
        "compare": ["compare", BEFORE, AFTER, "--scenario", s, "--reps", "1", "--workers", "1"] + _quiet(db),
        "assign": ["assign", AFTER, "--scenario", s, "--objective", "wait_mean_min", "--reps", "1", "--workers", "1"]
        + ["--confirm-reps", "1", "--top", "1"]
        + _quiet(db),
        "sweep": ["sweep", AFTER, "--scenario", s, "--param", "arrivals=1.0:1.1:0.1", "--reps", "1", "--workers", "1"]
        + _quiet(db),
        "suggest": ["suggest", BEFORE, "--scenario", s, "--objective", "ops_vp_floor_share", "--movable", "vp_desk"]
        + ["--budget", "4", "--trials", "20", "--confirm-reps", "2", "--top", "1"]
        + ["--workers", "1", "--out-dir", str(d)]
        + _quiet(db),
        "robustness": ["robustness", BEFORE, AFTER, "--scenario", s, "--samples", "8", "--reps", "1", "--workers", "1"]
        + ["--no-progress"],
        "runs": ["runs", "--db", db],
        "report": ["report", BEFORE, AFTER, "--scenario", s, "--days", "mon", "--reps", "1", "--workers", "1"]
        + ["--no-progress", "--out", str(d / "r.pdf")],
        "deck": ["deck", BEFORE, AFTER, "--scenario", s, "--days", "mon", "--reps", "1", "--workers", "1"]
        + ["--no-progress", "--out", str(d / "d.pptx")],
        "calibrate": ["calibrate", small["log"], "--layout", BEFORE, "--out", str(d / "fit.json")]
        + ["--holdout-days", "0"],
        "check_model": ["check-model", small["log"], "--layout", BEFORE, "--scenario", str(SAMPLE / "scenario.json")]
        + ["--reps", "1"],
        "gui": ["gui", AFTER, "--screenshot", str(d / "shot.png")],
        "samples": ["samples"],
        "migrate": ["migrate", str(SAMPLE / "scenario.json")],
        "kpis": ["kpis"],
    }[name]


class _ClosedPipe:
    """stdout whose reader has gone: every write and flush fails as a closed pipe does."""

    def write(self, s):
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self):
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self):
        raise OSError("no file")


#: the rendering of the report and the deck (half a minute each, tested in test_report_document.py and
#: test_report_deck.py) replaced by its result, so that the command's own code up to its printing runs
RENDERING = {
    "report": [("lobbysim.report.document", "make_report", {"pages": 1, "findings": ["a finding"]})],
    "deck": [
        ("lobbysim.report.document", "compute_report", types.SimpleNamespace(robustness=None)),
        ("lobbysim.report.deck", "make_deck", {"notices": [], "slides": 1, "pictures": 0}),
    ],
}


@pytest.mark.parametrize("name", [n for n in COMMAND_MODULES if n != "gui"])
def test_every_command_returns_quietly_when_stdout_is_closed(name, small, capsys, monkeypatch):
    args = command_args(name, small)
    for module, attr, result in RENDERING.get(name, []):
        monkeypatch.setattr(importlib.import_module(module), attr, lambda *a, _r=result, **k: _r)
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Broken pipe" not in err and "lobbysim:" not in err, err


def _closed_pipe_run(args: list[str]) -> subprocess.CompletedProcess:
    """The command with its stdout a pipe that the reader closed at once, as `| head -0` does;
    buffered output (no PYTHONUNBUFFERED), so the failing write is Python's last flush."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["PYTHONPATH"] = str(ROOT)
    env["QT_QPA_PLATFORM"] = "offscreen"
    r, w = os.pipe()
    os.close(r)
    try:
        return subprocess.run(
            [sys.executable, "-m", "lobbysim", *args], stdout=w, stderr=subprocess.PIPE, text=True, env=env, timeout=120
        )
    finally:
        os.close(w)


@pytest.mark.parametrize("name", ["--help", "info", "compare", "gui"])
def test_a_closed_pipe_gives_no_traceback_and_no_python_noise(name, small):
    """Before: exit 120 and 'Exception ignored in: <_io.TextIOWrapper name='<stdout>' …> BrokenPipeError'."""
    args = ["--help"] if name == "--help" else command_args(name, small)
    res = _closed_pipe_run(args)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr and "Exception ignored" not in res.stderr and "Broken" not in res.stderr


def test_a_closed_pipe_keeps_the_exit_code_the_command_reached(tmp_path, small):
    bad = tmp_path / "bad.lobby.json"
    bad.write_text("{}", "utf-8")
    res = _closed_pipe_run(["validate", AFTER, str(bad)])
    assert res.returncode == 1 and "Exception ignored" not in res.stderr
    assert res.stderr.strip().splitlines() == [
        f'lobbysim: {bad}: is not a lobbysim layout (format is null, expected "lobbysim.layout")'
    ]


def test_wrong_calls_return_2_in_process(capsys):
    assert main(["run"]) == 2
    assert main(["frobnicate"]) == 2
    assert main(["--version"]) == 0
    captured = capsys.readouterr()
    assert captured.err.count("lobbysim: error:") == 2 and "lobbysim" in captured.out
