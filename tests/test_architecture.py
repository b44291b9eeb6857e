"""The core (everything but lobbysim.ui) must never load Qt."""

import importlib
import pkgutil
import subprocess
import sys

import lobbysim


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


def test_import_linter_contracts_hold():
    res = subprocess.run([sys.executable, "-m", "importlinter.cli", "--no-cache"], capture_output=True, text=True,
                         timeout=300)
    if "No module named" in res.stderr and "importlinter" in res.stderr:  # pragma: no cover
        res = subprocess.run(["lint-imports", "--no-cache"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
