"""Benchmark of queue-log calibration (issue 16).

Writes a 1,000,000-row GBK CSV and a 200,000-row XLSX in a temporary folder (rows of a
simulated 20-weekday synthetic log, repeated over consecutive weekdays, personal columns
included), then runs ``lobbysim calibrate`` on each in a fresh process and prints, per file,
``rows``, ``seconds`` (wall, the whole command: reading, fits, the simulations that turn tickets
into arrivals, writing), ``cpu_s`` (its CPU time: on a shared machine the wall time also counts
the time other processes had the cores), ``rows_per_s`` and ``peak_mb`` (the process's peak
resident memory).
Targets: the CSV in <= 60 s under 1 GB, the XLSX in <= 60 s.
Usage: python bench/calibrate.py [--json] [--csv-rows N] [--xlsx-rows N]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import synthetic_log  # noqa: E402

LAYOUT = ROOT / "layouts/railway_station/before.lobby.json"
RUNNER = """
import resource, sys, time
from lobbysim.cli import main
t = time.perf_counter()
code = main(sys.argv[1:])
r = resource.getrusage(resource.RUSAGE_SELF)
print("BENCH", code, time.perf_counter() - t, r.ru_maxrss / 1024, r.ru_utime + r.ru_stime)
"""


def base_days() -> list[tuple[dt.date, list[list[str]]]]:
    """20 simulated weekdays of log rows, grouped by date."""
    days = synthetic_log.simulate_days(20, 5, synthetic_log.truth_scenario())
    return [(date, synthetic_log.log_rows([(date, lv, rec)], 5 + i)) for i, (date, lv, rec) in enumerate(days)]


def _slash(d: dt.date) -> str:
    return f"{d.year}/{d.month}/{d.day} "


def big_rows(days, n: int):
    """``n`` rows: the simulated days repeated over consecutive weekdays from 2000-01-03."""
    date, i, k = dt.date(2000, 1, 3), 0, 0
    while i < n:
        src_date, rows = days[k % len(days)]
        if date.weekday() != src_date.weekday():
            date += dt.timedelta(days=1)
            continue
        old, new = src_date.isoformat(), date.isoformat()
        old2, new2 = _slash(src_date), _slash(date)
        for r in rows:
            if i >= n:
                return
            yield [c.replace(old, new) if c.startswith(old) else c.replace(old2, new2) for c in r]
            i += 1
        date += dt.timedelta(days=1)
        k += 1


def write_csv(path: Path, days, n: int) -> None:
    with open(path, "w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(synthetic_log.HEADER)
        w.writerows(big_rows(days, n))


def write_xlsx(path: Path, days, n: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("排队明细")
    ws.append(synthetic_log.HEADER)
    for r in big_rows(days, n):
        ws.append(r)
    wb.save(path)


def run_calibrate(log: Path, out: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = ["calibrate", str(log), "--layout", str(LAYOUT), "--out", str(out), "--holdout-days", "0"]
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", RUNNER, *args], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    line = next((ln for ln in res.stdout.splitlines() if ln.startswith("BENCH")), None)
    if line is None or line.split()[1] != "0":
        raise SystemExit(f"calibrate failed on {log}: {res.stderr.strip()[-2000:]}")
    _, _, secs, peak, cpu = line.split()
    return {
        "seconds": round(float(secs), 2),
        "cpu_s": round(float(cpu), 2),
        "wall_s": round(wall, 2),
        "peak_mb": round(float(peak), 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--csv-rows", type=int, default=1_000_000)
    ap.add_argument("--xlsx-rows", type=int, default=200_000)
    args = ap.parse_args()
    days = base_days()
    res = {}
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for kind, n, writer in (("csv", args.csv_rows, write_csv), ("xlsx", args.xlsx_rows, write_xlsx)):
            log = d / f"log.{kind}"
            writer(log, days, n)
            r = run_calibrate(log, d / f"{kind}.scenario.json")
            r.update(rows=n, mb=round(log.stat().st_size / 1e6, 1), rows_per_s=round(n / r["seconds"]))
            res[kind] = r
            log.unlink()
    if args.json:
        print(json.dumps(res))
    else:
        for kind, r in res.items():
            print(
                f"{kind}: {r['rows']:,} rows ({r['mb']} MB) in {r['seconds']} s = {r['rows_per_s']:,} rows/s, "
                f"peak {r['peak_mb']} MB"
            )


if __name__ == "__main__":
    main()
