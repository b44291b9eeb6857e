"""Benchmark of the leadership deck (issue 20: `lobbysim deck` on the sample, 10 replications, in
at most 30 s).

Runs what `lobbysim deck` runs, step by step, on the sample (Monday and Thursday, 10 replications,
default workers): ``simulate_s`` (the replications, pool start included), ``deck_s`` (the slides:
figures, tables, text, the file), ``total_s`` (both) in wall seconds, and the CPU seconds of each
(this process and its workers), which a machine shared with other work does not inflate;
``report_s`` is the PDF report from the same computed result, measured in the same run, and
``deck_vs_report`` the ratio of the two. The target: ``total_s`` <= 30 on an idle 2-core machine
(on a busy one read ``total_cpu_s``).
Usage: python bench/deck.py [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from lobbysim.experiments.experiment import load_variant
from lobbysim.experiments.runner import make_executor
from lobbysim.report.deck import make_deck
from lobbysim.report.document import compute_report, make_report

ROOT = Path(__file__).resolve().parents[1]
BEFORE = ROOT / "layouts/railway_station/before.lobby.json"
AFTER = ROOT / "layouts/railway_station/after.lobby.json"
SCEN = ROOT / "layouts/railway_station/scenario.json"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--reps", type=int, default=10)
    args = ap.parse_args()
    a, b = load_variant("A", str(BEFORE), str(SCEN)), load_variant("B", str(AFTER), str(SCEN))
    with tempfile.TemporaryDirectory() as tmp:
        w0, c0 = time.perf_counter(), _cpu()
        executor = make_executor(None, None)
        data = compute_report(a, b, ["mon", "thu"], args.reps, 1, executor=executor)
        close = getattr(executor, "close", None)
        if close is not None:
            close()  # the workers' CPU time is counted once they have ended
        w1, c1 = time.perf_counter(), _cpu()
        res = make_deck(data, os.path.join(tmp, "deck.pptx"), lang="zh")
        w2, c2 = time.perf_counter(), _cpu()
        make_report(a, b, ["mon", "thu"], args.reps, 1, os.path.join(tmp, "report.pdf"), lang="zh", data=data)
        w3 = time.perf_counter()
    out = {
        "reps": args.reps,
        "slides": res["slides"],
        "simulate_s": round(w1 - w0, 2),
        "deck_s": round(w2 - w1, 2),
        "total_s": round(w2 - w0, 2),
        "simulate_cpu_s": round(c1 - c0, 2),
        "deck_cpu_s": round(c2 - c1, 2),
        "total_cpu_s": round(c2 - c0, 2),
        "report_s": round(w3 - w2, 2),
        "deck_vs_report": round((w2 - w1) / max(1e-9, w3 - w2), 2),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for k, v in out.items():
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()
