"""Benchmark of the robustness analysis (issue 15).

Runs what ``lobbysim robustness before after --days mon --samples 64 --reps 10`` runs on the sample
branch (its scenario's ranges), twice in this one run: on 2 worker processes and on 1, and prints

- ``samples_per_s``: parameter sets per second on 2 workers (drawing and checking the sets, the
  simulations of A and B, the base pair, the summary; the pool's start-up included);
- ``samples_per_s_1_worker``: the same on 1 worker, measured in the same run;
- ``speedup_2_workers``: their ratio; ``wall_s`` / ``wall_s_1_worker``: the seconds of each run;
- ``target_90s_met``: the 2-worker run took at most 90 s (the issue's target on 2 cores);
- ``cpu_s``: the CPU seconds of the 2-worker run (this process and its workers), ``cpu_s_1_worker``:
  those of the 1-worker run (it runs in this process), and ``load_avg`` / ``load_avg_end``: the
  machine's load when the bench started and ended: on a shared machine the wall times grow with
  the load, the CPU seconds hardly (two free cores need about half of ``cpu_s``).

Usage: python bench/robustness.py [--json] [--samples 64] [--reps 10] [--days mon]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lobbysim.experiments.experiment import load_variant, parse_days  # noqa: E402
from lobbysim.experiments.robustness import run_robustness  # noqa: E402
from lobbysim.experiments.runner import LocalPoolExecutor  # noqa: E402

SAMPLE = ROOT / "layouts" / "railway_station"


def _cpu_s() -> float:
    """CPU seconds of this process and of its ended worker processes."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed_run(a, b, days, samples: int, reps: int, workers: int) -> tuple[float, float, dict]:
    """(wall seconds, CPU seconds of this process and its workers, result)."""
    pool = LocalPoolExecutor(workers)
    t, c = time.perf_counter(), _cpu_s()
    try:
        res = run_robustness(a, b, days, samples, reps, 1, executor=pool)
    finally:
        pool.close()  # waits for the workers, so their CPU time is counted
    return time.perf_counter() - t, _cpu_s() - c, res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--samples", type=int, default=64)
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--days", default="mon")
    args = ap.parse_args()
    days = parse_days(args.days)
    scen = str(SAMPLE / "scenario.json")
    a = load_variant("A", str(SAMPLE / "before.lobby.json"), scen)
    b = load_variant("B", str(SAMPLE / "after.lobby.json"), scen)
    load = os.getloadavg()[0]
    two_s, two_cpu, two = timed_run(a, b, days, args.samples, args.reps, 2)
    one_s, one_cpu, one = timed_run(a, b, days, args.samples, args.reps, 1)
    assert json.dumps(one, sort_keys=True) == json.dumps(two, sort_keys=True), "1 and 2 workers disagree"
    res = {
        "samples": args.samples,
        "reps": args.reps,
        "days": days,
        "inputs": len(two["inputs"]),
        "samples_per_s": round(args.samples / two_s, 3),
        "samples_per_s_1_worker": round(args.samples / one_s, 3),
        "speedup_2_workers": round(one_s / two_s, 2),
        "wall_s": round(two_s, 1),
        "wall_s_1_worker": round(one_s, 1),
        "target_90s_met": two_s <= 90.0,
        "cpu_s": round(two_cpu, 1),
        "cpu_s_1_worker": round(one_cpu, 1),
        "load_avg": round(load, 1),
        "load_avg_end": round(os.getloadavg()[0], 1),
    }
    if args.json:
        print(json.dumps(res))
    else:
        for k, v in res.items():
            print(f"{k:>24}: {v}")


if __name__ == "__main__":
    main()
