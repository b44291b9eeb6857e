"""Benchmark of reading and checking the inputs, the work done before any simulation.

Prints (medians of repeated runs, all measured in this run, on the sample after-layout):
  load_layout_ms       read and parse the layout file strictly (every key and type checked)
  validate_ms          the plan's own checks (lobbysim.model.validate)
  build_variant_ms     layout + scenario checked together (validate, reachability on the walkable
                       floor, scenario against layout): what run, compare, the Simulate dock and
                       the quick estimate do before simulating
  simulate_day_ms      one simulated Monday of the sample (walking on), for scale
  variant_share        build_variant_ms / (build_variant_ms + simulate_day_ms): the share of a
                       one-replication quick estimate spent on the checks
  refuse_huge_ms       refusing a 20,001-element layout file (the element limit, while reading)
  refuse_run_limit_ms  refusing a 2,001-element layout for a run (counted before any geometry)
Usage: python bench/inputs.py [--json] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from lobbysim.errors import LobbysimError
from lobbysim.model.fileformat import MAX_ELEMENTS, layout_from_dict, load_layout
from lobbysim.model.validate import validate_layout
from lobbysim.sim import simulate
from lobbysim.sim.scenario import load_scenario
from lobbysim.sim.variant import MAX_RUN_ELEMENTS, build_variant

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "layouts" / "railway_station"


def timed(fn, repeat: int) -> float:
    """Median wall time of ``fn()`` in milliseconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def refused(fn) -> None:
    try:
        fn()
    except LobbysimError:
        return
    raise AssertionError("not refused")


def with_pillars(doc: dict, n: int) -> dict:
    """The document with ``n`` small pillars added (a plan of more elements)."""
    d = json.loads(json.dumps(doc))
    for i in range(n):
        x, y = 1 + 0.02 * (i % 1000), 0.5 + 0.02 * (i // 1000)
        poly = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01]]
        d["elements"].append({"id": f"p{i}", "type": "pillar", "polygon": poly})
    return d


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    path = SAMPLE / "after.lobby.json"
    layout, scenario = load_layout(path), load_scenario(SAMPLE / "scenario.json")
    doc = json.loads(path.read_text("utf-8"))
    out = {
        "load_layout_ms": timed(lambda: load_layout(path), args.repeat),
        "validate_ms": timed(lambda: validate_layout(layout), args.repeat),
        "build_variant_ms": timed(lambda: build_variant(layout, scenario), args.repeat),
        "simulate_day_ms": timed(lambda: simulate(layout, scenario, "mon", 1, 0), args.repeat),
    }
    out["variant_share"] = out["build_variant_ms"] / (out["build_variant_ms"] + out["simulate_day_ms"])
    with tempfile.TemporaryDirectory() as tmp:
        huge = Path(tmp) / "huge.lobby.json"
        huge.write_text(json.dumps(with_pillars(doc, MAX_ELEMENTS - len(doc["elements"]) + 1)), "utf-8")
        out["refuse_huge_ms"] = timed(lambda: refused(lambda: load_layout(huge)), 3)
    big = layout_from_dict(with_pillars(doc, MAX_RUN_ELEMENTS - len(doc["elements"]) + 1))
    out["refuse_run_limit_ms"] = timed(lambda: refused(lambda: build_variant(big, scenario)), 3)
    out = {k: round(v, 3) for k, v in out.items()}
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for k, v in out.items():
            print(f"{k:22} {v}")


if __name__ == "__main__":
    main()
