"""The statistics and report code stays small enough to change safely (issue 18): no file of
lobbysim/experiments or lobbysim/report over 600 lines, no function of lobbysim/experiments over
60 lines or a cyclomatic complexity over 15 (radon's measure)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "lobbysim"


def _files(*packages: str) -> list[Path]:
    return sorted(p for pkg in packages for p in (ROOT / pkg).glob("*.py"))


def test_no_file_over_600_lines():
    long = {
        str(p.relative_to(ROOT)): n
        for p in _files("experiments", "report")
        if (n := len(p.read_text().splitlines())) > 600
    }
    assert not long


def test_no_experiments_function_over_60_lines():
    long = []
    for p in _files("experiments"):
        for node in ast.walk(ast.parse(p.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > 60:
                long.append(f"{p.name}:{node.name}")
    assert not long


def test_no_experiments_function_over_complexity_15():
    radon = pytest.importorskip("radon.complexity")
    complex_ = [
        f"{p.name}:{b.name} ({b.complexity})"
        for p in _files("experiments")
        for b in radon.cc_visit(p.read_text())
        if b.complexity > 15 and not hasattr(b, "methods")  # classes are measured by their methods
    ]
    assert not complex_
