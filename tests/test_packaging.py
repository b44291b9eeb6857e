"""The built wheel works outside the checkout: samples, templates and the default scenario come
from inside the package, not from a ``layouts/`` folder beside it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_env(tmp_path_factory):
    """A fresh virtual environment holding only the wheel built from this checkout; the
    dependencies are borrowed from the running environment through a .pth file (plain paths, so
    the editable install of the checkout is NOT visible there)."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"  # a clean copy: a build/ folder left in the checkout must not leak into the wheel
    shutil.copytree(
        ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "build", "out", "*.egg-info", "__pycache__")
    )
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(tmp), str(src)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert build.returncode == 0, build.stderr
    (whl,) = tmp.glob("lobbysim-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    py = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    inst = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(whl)],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert inst.returncode == 0, inst.stderr
    deps = [p for p in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]} if Path(p).is_dir()]
    (site / "_borrowed_deps.pth").write_text("\n".join(deps) + "\n")
    work = tmp / "elsewhere"
    work.mkdir()
    return whl, py, work


def _env() -> dict:
    """The environment without PYTHONPATH (a worktree's PYTHONPATH would hide the installed wheel)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _run(py, work, *args, timeout=180):
    return subprocess.run(
        [str(py), "-m", "lobbysim", *args], capture_output=True, text=True, cwd=work, env=_env(), timeout=timeout
    )


def test_the_wheel_carries_the_samples_and_the_translations(wheel_env):
    whl, _, _ = wheel_env
    names = set(zipfile.ZipFile(whl).namelist())
    for rel in ("railway_station/after.lobby.json", "railway_station/before.lobby.json",
                "railway_station/scenario.json", "templates/empty.lobby.json"):  # fmt: skip
        assert f"lobbysim/samples_data/{rel}" in names
    assert "lobbysim/ui/i18n/lobbysim_zh_CN.qm" in names


def test_installed_lobbysim_runs_the_packaged_sample_from_another_folder(wheel_env):
    _, py, work = wheel_env
    where = subprocess.run(
        [str(py), "-c", "import lobbysim, lobbysim.samples as s; print(lobbysim.__file__); print(s.samples_root())"],
        capture_output=True,
        text=True,
        cwd=work,
        env=_env(),
    )
    pkg, root = where.stdout.split()
    assert str(ROOT) not in pkg and root.endswith("lobbysim/samples_data"), where.stdout + where.stderr
    listing = _run(py, work, "samples")
    assert listing.returncode == 0 and "railway_station: after.lobby.json, before.lobby.json" in listing.stdout
    copied = _run(py, work, "samples", "--copy", "mine", "railway_station")
    assert copied.returncode == 0, copied.stderr
    sample = work / "mine" / "railway_station"
    assert json.loads((sample / "after.lobby.json").read_text())["format"] == "lobbysim.layout"
    val = _run(py, work, "validate", str(sample / "before.lobby.json"), str(sample / "after.lobby.json"))
    assert val.returncode == 0, val.stdout + val.stderr
    out = work / "run.json"
    run = _run(py, work, "run", str(sample / "after.lobby.json"), "--scenario", str(sample / "scenario.json"),
               "--day", "mon", "--reps", "2", "--json", str(out), "--db", str(work / "runs.sqlite"))  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert out.exists()


def test_installed_lobbysim_draws_the_editor_and_writes_the_report_from_another_folder(wheel_env):
    """The issue's user story: after ``pip install .``, ``lobbysim gui --screenshot`` (with no file:
    the packaged empty template) and ``lobbysim report`` on the packaged sample work from elsewhere.
    The report here is the English one with its PNG pages (``test_report_document`` renders the
    Chinese one from the checkout)."""
    _, py, work = wheel_env
    shot = work / "empty.png"
    gui = _run(py, work, "gui", "--screenshot", str(shot))
    assert gui.returncode == 0 and shot.stat().st_size > 5000, gui.stderr
    sample = work / "report-sample"
    assert _run(py, work, "samples", "--copy", str(sample), "railway_station").returncode == 0
    s = sample / "railway_station"
    pdf, png = work / "report.pdf", work / "png"
    rep = _run(py, work, "report", str(s / "before.lobby.json"), str(s / "after.lobby.json"),
               "--scenario", str(s / "scenario.json"), "--days", "mon", "--reps", "2", "--lang", "en",
               "--out", str(pdf), "--png-dir", str(png), "--no-progress", timeout=400)  # fmt: skip
    assert rep.returncode == 0, rep.stdout + rep.stderr
    assert "Glyph" not in rep.stderr and "Traceback" not in rep.stderr, rep.stderr
    assert pdf.stat().st_size > 50_000 and len(list(png.glob("*.png"))) >= 10
