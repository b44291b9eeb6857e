"""The README says what the code does: CI runs the README's test command, with the coverage floor,
and the input limits it quotes are the ones the code checks."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from lobbysim.experiments.experiment import MAX_REPS
from lobbysim.model import fileformat
from lobbysim.model.jsonio import Reader
from lobbysim.sim import limits, variant

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_test_command() -> str:
    quick_start = README.split("## Quick start", 1)[1].split("```", 2)[1]
    (line,) = [ln for ln in quick_start.splitlines() if "pytest" in ln]
    return line.strip()


def test_ci_runs_the_readmes_test_command_with_the_coverage_floor():
    command = _readme_test_command()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci.splitlines()
    assert re.search(r"pytest -q -n auto --cov(\s|$)", command)  # one worker per core (pytest-xdist)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    coverage = config["tool"]["coverage"]
    assert sorted(coverage["run"]["source_pkgs"]) == [f"lobbysim.{p}" for p in ("experiments", "geo", "model", "sim")]
    assert coverage["report"]["fail_under"] >= 90
    test_extra = config["project"]["optional-dependencies"]["test"]
    assert any(d.startswith("pytest-cov") for d in test_extra) and any(d.startswith("pytest-xdist") for d in test_extra)


def test_the_limits_the_readme_quotes_are_the_ones_checked():
    text = " ".join(README.split())
    for figure, words in [
        (fileformat.MAX_ELEMENTS, "elements"),
        (fileformat.MAX_POINTS, "points per polygon or wall"),
        (fileformat.MAX_SEATS, "seats and coordinates"),
        (variant.MAX_RUN_ELEMENTS, "elements and"),
        (variant.MAX_RUN_SEATS, "seats"),
        (limits.MAX_PER_DAY, "customers a day"),
        (limits.MAX_STAFF, "staff"),
        (MAX_REPS, "replications per variant and day"),
    ]:
        assert re.search(rf"(?<![\d,.]){figure:,} {re.escape(words)}", text), (figure, words)
    assert f"±{Reader.MAX_COORD / 1000:g} km" in text
