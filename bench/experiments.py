"""Benchmark of the experiments layer.

Prints ``speedup_2_workers`` (40 Monday replications of the sample after-layout, 2 worker
processes against 1, measured in the same run; the pool is started once, as in the editor
and the searches, which run many experiments; ``speedup_2_workers_cold_pool`` includes
starting the workers) and ``compare_30_reps_s`` (wall seconds of a
30-replication Monday before/after comparison of the sample, default workers, pool start-up
included), ``compare_statistics_2_days_30_reps_s`` (the intervals, verdicts and q-values of a
two-day, 30-replication comparison alone) and ``precision_005_reps_used`` (replications a
``--precision 0.05`` run of the after-layout's Monday takes). ``machine_2_process_ceiling`` is the speedup two processes
get on this machine for a pure busy loop, measured in the same run: the hardware's bound.
Usage: python bench/experiments.py [--json] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from lobbysim.experiments.experiment import Precision, compare, load_variant, run_experiment
from lobbysim.experiments.runner import LocalPoolExecutor

ROOT = Path(__file__).resolve().parents[1]
BEFORE = ROOT / "layouts/railway_station/before.lobby.json"
AFTER = ROOT / "layouts/railway_station/after.lobby.json"
SCEN = ROOT / "layouts/railway_station/scenario.json"


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _busy(n: int = 3_000_000) -> int:
    x = 0
    for i in range(n):
        x += i
    return x


def machine_ceiling() -> float:
    """What 2 processes buy on this machine for pure CPU work with no communication at all:
    the upper bound of any 2-worker speedup here (2.0 on two free, full cores)."""
    from concurrent.futures import ProcessPoolExecutor

    t1 = timed(lambda: [_busy() for _ in range(8)])
    with ProcessPoolExecutor(2) as ex:
        list(ex.map(_busy, [10] * 2))  # start the workers
        t2 = timed(lambda: list(ex.map(_busy, [3_000_000] * 8)))
    return t1 / t2


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    after = load_variant("B", str(AFTER), str(SCEN))
    before = load_variant("A", str(BEFORE), str(SCEN))
    one, two, cmp, cold, ceiling = [], [], [], [], []
    pool = LocalPoolExecutor(2)
    run_experiment([after], ["mon"], 2, 1, executor=pool, keep_records="none")  # start the workers once

    def forty(seed, executor):
        return lambda: run_experiment([after], ["mon"], 40, seed, executor=executor, keep_records="none")

    for i in range(args.repeat):
        one.append(timed(forty(100 + i, LocalPoolExecutor(1))))
        two.append(timed(forty(100 + i, pool)))
        fresh = LocalPoolExecutor(2)
        cold.append(timed(forty(100 + i, fresh)))
        fresh.close()
        ceiling.append(machine_ceiling())
        cmp.append(
            timed(
                lambda: run_experiment(
                    [before, after], ["mon"], 30, 7, executor=LocalPoolExecutor(), keep_records="none"
                )
            )
        )
    # the statistics of a comparison (intervals, verdicts, q-values of 38 KPIs on two days), alone
    thirty = run_experiment([before, after], ["mon", "thu"], 30, 7, executor=pool, keep_records="none")
    stats_s = statistics.median(timed(lambda: compare(thirty, "A", "B")) for _ in range(args.repeat))
    # replications a --precision 0.05 run of the after-layout's Monday takes (the default watched KPIs)
    precise = run_experiment([after], ["mon"], 10, 1, executor=pool, keep_records="none", precision=Precision(0.05))
    pool.close()
    res = {
        "compare_statistics_2_days_30_reps_s": round(stats_s, 4),
        "precision_005_reps_used": precise.reps,
        "speedup_2_workers": round(statistics.median(one) / statistics.median(two), 2),
        "one_worker_40_reps_s": round(statistics.median(one), 3),
        "two_workers_40_reps_s": round(statistics.median(two), 3),
        "speedup_2_workers_cold_pool": round(statistics.median(one) / statistics.median(cold), 2),
        "machine_2_process_ceiling": round(statistics.median(ceiling), 2),
        "compare_30_reps_s": round(statistics.median(cmp), 3),
        "repeats": args.repeat,
    }
    if args.json:
        print(json.dumps(res))
    else:
        for k, v in res.items():
            print(f"{k:>24}: {v}")


if __name__ == "__main__":
    main()
