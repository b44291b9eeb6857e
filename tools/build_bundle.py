"""Build the desktop bundle (a one-folder PyInstaller build with `lobbysim` and `lobbysim-gui`) and,
with --smoke, run the smoke test from it.

    python3 tools/build_bundle.py [--dist DIR] [--smoke]

Needs `pip install pyinstaller` (not a dependency of lobbysim itself). Prints the bundle's size and,
with --smoke, the start-up times of `lobbysim --version` from the bundle and from this Python.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts" / "railway_station"


def build(dist: Path, work: Path) -> Path:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(ROOT / "packaging" / "lobbysim.spec")]  # fmt: skip
    subprocess.run(cmd, check=True, cwd=ROOT)
    return dist / "lobbysim"


def size_mb(folder: Path) -> float:
    """Disk size of the bundle (symbolic links counted once, as the files they point to)."""
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6


def _timed(cmd, env) -> float:
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        best = min(best, time.perf_counter() - t)
    return best


def smoke(bundle: Path) -> dict:
    """Run the main commands from the bundle, in an empty folder, with offscreen Qt."""
    exe = bundle / ("lobbysim.exe" if os.name == "nt" else "lobbysim")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    out = Path(tempfile.mkdtemp(prefix="lobbysim-smoke-"))
    b, a, s = (str(SAMPLE / n) for n in ("before.lobby.json", "after.lobby.json", "scenario.json"))
    run = ["--scenario", s, "--reps", "2"]
    steps = {
        "help": [str(exe), "--help"],
        "samples": [str(exe), "samples"],
        "validate": [str(exe), "validate", b, a],
        "run": [str(exe), "run", a, *run, "--day", "mon", "--db", str(out / "records.sqlite")],
        "compare": [str(exe), "compare", b, a, *run, "--workers", "2", "--no-progress", "--db", str(out / "s.db")],
        # workers started the way Windows and a frozen editor start them: the frozen program must
        # not run its command line again in each worker (freeze_support)
        "compare_spawn": [str(exe), "compare", b, a, *run, "--workers", "2", "--no-progress", "--db", str(out / "p")],
        "report_zh": [
            str(exe),
            "report",
            b,
            a,
            *run,
            "--days",
            "mon",
            "--lang",
            "zh",
            "--out",
            str(out / "report.pdf"),
        ],
        "gui_screenshot_zh": [str(exe), "gui", a, "--screenshot", str(out / "gui.png"), "--lang", "zh"],
    }
    results = {}
    for name, cmd in steps.items():
        step_env = {**env, "LOBBYSIM_START_METHOD": "spawn"} if name.endswith("_spawn") else env
        res = subprocess.run(cmd, capture_output=True, text=True, env=step_env, cwd=out, timeout=600)
        results[name] = res.returncode
        if res.returncode != 0:
            print(f"smoke step {name} failed ({res.returncode}):\n{res.stdout}\n{res.stderr}", file=sys.stderr)
    for f in ("report.pdf", "gui.png"):
        results[f"{f}_written"] = (out / f).is_file() and (out / f).stat().st_size > 1000
    results["startup_bundle_s"] = round(_timed([str(exe), "--version"], env), 3)
    results["startup_venv_s"] = round(_timed([sys.executable, "-m", "lobbysim", "--version"], env), 3)
    keep = os.environ.get("LOBBYSIM_SMOKE_KEEP")  # a folder to keep the report and screenshot in, to look at
    if keep:
        shutil.copytree(out, keep, dirs_exist_ok=True)
    shutil.rmtree(out, ignore_errors=True)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dist", default=str(ROOT / "dist"), help="where the bundle goes (default: dist/)")
    ap.add_argument("--smoke", action="store_true", help="run the smoke test from the built bundle")
    ap.add_argument("--no-build", action="store_true", help="smoke-test the bundle already in --dist")
    args = ap.parse_args()
    if args.no_build:
        bundle = Path(args.dist) / "lobbysim"
    else:
        with tempfile.TemporaryDirectory(prefix="lobbysim-build-") as work:
            bundle = build(Path(args.dist), Path(work))
    report: dict = {"bundle": str(bundle), "size_mb": round(size_mb(bundle), 1)}
    if args.smoke:
        report.update(smoke(bundle))
    print(json.dumps(report, indent=1))
    ok = all(v == 0 or v is True for k, v in report.items() if k not in ("bundle", "size_mb") and "startup" not in k)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
