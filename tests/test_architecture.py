"""The core (everything but lobbysim.ui) must never load Qt."""

import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lobbysim

ROOT = Path(__file__).resolve().parents[1]


def _core_modules():
    out = []
    for m in pkgutil.walk_packages(lobbysim.__path__, "lobbysim."):
        if m.name.startswith(("lobbysim.ui", "lobbysim.cli.gui")) or m.name.endswith("__main__"):
            continue
        out.append(m.name)
    return out


def test_core_does_not_import_qt_in_a_fresh_interpreter():
    mods = _core_modules()
    assert "lobbysim.model.layout" in mods
    code = (
        "import importlib, sys\n"
        f"for m in {mods!r}:\n"
        "    importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
        "print(','.join(bad))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "", f"core modules loaded Qt: {res.stdout.strip()}"


def _lint_imports(cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess:
    """Run import-linter's own command on the contracts in ``cwd``'s pyproject.toml."""
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    code = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=cwd, env=env)


def test_import_linter_contracts_hold():
    res = _lint_imports(ROOT, ROOT)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Contracts: 2 kept, 0 broken." in res.stdout


@pytest.mark.parametrize(
    "module, text, broken",
    [
        ("model/_upward.py", "from lobbysim import sim  # noqa: F401\n", "Layers"),
        ("sim/_qt.py", "import PySide6.QtCore  # noqa: F401\n", "Qt"),
    ],
)
def test_a_forbidden_import_breaks_the_check(tmp_path, module, text, broken):
    """The same contracts on a copy of the package with one forbidden import added must fail."""
    shutil.copytree(ROOT / "lobbysim", tmp_path / "lobbysim", ignore=shutil.ignore_patterns("__pycache__", "*.qm"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "lobbysim" / module).write_text(text)
    res = _lint_imports(tmp_path, tmp_path)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "1 broken" in res.stdout and broken in res.stdout.split("BROKEN")[0].splitlines()[-1]
