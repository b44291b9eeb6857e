"""Size limits of issue 18: no function over 60 lines or cyclomatic complexity over 15 in the core
(model, geo, sim, experiments); no file in lobbysim/ over 600 lines.

Functions and files still over a limit while their owners split them are listed below with the
figures they had when listed. The lists only shrink: the test fails when a function or a file
that is not listed goes over a limit, when a listed one grows, and when a listed one complies
(then take it off the list).
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import pytest
from radon.visitors import ComplexityVisitor

ROOT = Path(__file__).resolve().parents[1]
CORE = ("model", "geo", "sim", "experiments")
MAX_FUNCTION_LINES = 60
MAX_COMPLEXITY = 15
MAX_FILE_LINES = 600

#: "file::qualified name": (cyclomatic complexity, lines) when listed
KNOWN_FUNCTIONS = {}

#: file: lines when listed
KNOWN_FILES: dict[str, int] = {}


def function_sizes(path: Path) -> dict[str, tuple[int, int]]:
    """{qualified name: (cyclomatic complexity, lines)} of every function and method in a file;
    a nested function counts on its own (``outer.inner``), not in its parent's complexity."""
    out: dict[str, tuple[int, int]] = {}

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                complexity = ComplexityVisitor.from_ast(child).functions[0].complexity
                out[name] = (complexity, (child.end_lineno or child.lineno) - child.lineno + 1)
                walk(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                walk(child, prefix + child.name + ".")
            else:
                walk(child, prefix)

    walk(ast.parse(path.read_text("utf-8")), "")
    return out


@lru_cache(maxsize=1)
def offenders(root: Path = ROOT) -> tuple[dict[str, tuple[int, int]], dict[str, int]]:
    functions = {}
    for pkg in CORE:
        for path in sorted((root / "lobbysim" / pkg).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            for name, (cc, n) in function_sizes(path).items():
                if cc > MAX_COMPLEXITY or n > MAX_FUNCTION_LINES:
                    functions[f"{rel}::{name}"] = (cc, n)
    files = {}
    for path in sorted((root / "lobbysim").rglob("*.py")):
        n = len(path.read_text("utf-8").splitlines())
        if n > MAX_FILE_LINES:
            files[path.relative_to(root).as_posix()] = n
    return functions, files


def check(found: dict, known: dict, what: str) -> list[str]:
    """What is wrong with ``found`` against the ``known`` list (empty: nothing)."""
    problems = [f"new {what} over the limits: {k} {v}" for k, v in found.items() if k not in known]
    problems += [f"{what} {k} now complies: take it off the list" for k in known if k not in found]
    problems += [
        f"listed {what} {k} grew from {known[k]} to {v}"
        for k, v in found.items()
        if k in known and (v > known[k] if isinstance(v, int) else any(a > b for a, b in zip(v, known[k])))
    ]
    return problems


def test_functions_of_the_core_are_short_and_simple_or_listed_to_shrink():
    functions, _ = offenders()
    assert check(functions, KNOWN_FUNCTIONS, "function") == []


def test_files_are_short_or_listed_to_shrink():
    _, files = offenders()
    assert check(files, KNOWN_FILES, "file") == []


def test_the_measure_sees_complexity_length_and_nesting(tmp_path):
    branches = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(16))
    body = "\n".join(f"    y = {i}" for i in range(61))
    src = (
        f"def branchy(x):\n{branches}\n    return -1\n\n"
        f"def long():\n{body}\n\n"
        "class K:\n    def m(self):\n        def inner(a):\n            return a or 1\n        return inner\n"
    )
    p = tmp_path / "m.py"
    p.write_text(src)
    sizes = function_sizes(p)
    assert sizes["branchy"] == (17, 34) and sizes["long"] == (1, 62)
    assert sizes["K.m"] == (1, 4) and sizes["K.m.inner"] == (2, 2)


@pytest.mark.parametrize(
    "found,expected",
    [
        ({"a": (20, 10), "b": (30, 60)}, ["new function over the limits: a (20, 10)"]),
        ({}, ["function b now complies: take it off the list"]),
        ({"b": (30, 70)}, ["listed function b grew from (30, 60) to (30, 70)"]),
        ({"b": (25, 60)}, []),
    ],
)
def test_the_list_only_shrinks(found, expected):
    assert check(found, {"b": (30, 60)}, "function") == expected
