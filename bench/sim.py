"""Benchmark of the simulation layer.

    python bench/sim.py [--json] [--customers N] [--reps R]

Prints (all measured in this one run, best of a few repeats):

- ``lobbysim_mmc_cust_per_s``: customers per second through lobbysim's own model on an M/M/3
  queue at utilisation 0.8 with walking off (drawing the customers included);
- ``simpy_minimal_cust_per_s``: a minimal idiomatic SimPy M/M/3 (``Resource``, one process per
  customer) on exactly the same arrival and service times;
- ``ciw_cust_per_s``: Ciw on the same queue and the same times (``Sequential`` distributions);
- ``ratio_vs_simpy`` / ``ratio_vs_ciw``: how many times faster lobbysim is (wall time, best of
  ``--repeats`` interleaved runs); ``*_cpu`` the same in CPU time;
- ``monday_rep_ms``: median milliseconds per replication of a Monday on the sample after-layout
  with the sample scenario (walking, all staff behaviour on), geometry built once beforehand;
  ``monday_rep_cpu_ms`` the same in CPU time of this process, and ``load_1min`` the machine's load
  when the run ended: on a shared machine whose load exceeds its cores, the wall time is inflated
  by waiting for a core, the CPU time much less (compare the ratios, measured in one run).

Targets: lobbysim >= 0.8x the minimal SimPy model and >= 1.3x Ciw; monday_rep_ms <= 40 (issue 13:
with every staff behaviour on: sightlines, marketing, outbound calls, authorisations, the VP).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import simpy  # noqa: E402

from lobbysim.model.fileformat import load_layout  # noqa: E402
from lobbysim.sim import simulate  # noqa: E402
from lobbysim.sim.model import Day  # noqa: E402
from lobbysim.sim.plan import build_floor, plan_for  # noqa: E402
from lobbysim.sim.scenario import load_scenario  # noqa: E402
from lobbysim.sim.testing import mmc_scenario, tiny_layout  # noqa: E402

C, RHO = 3, 0.8


def _best(fn):
    """(wall seconds, CPU seconds) of one call of ``fn``."""
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def simpy_minimal(arrivals, services, c):
    env = simpy.Environment()
    counter = simpy.Resource(env, capacity=c)
    waits = []

    def customer(env, svc):
        t0 = env.now
        with counter.request() as req:
            yield req
            waits.append(env.now - t0)
            yield env.timeout(svc)

    def source(env):
        for t, s in zip(arrivals, services):
            yield env.timeout(t - env.now)
            env.process(customer(env, s))

    env.process(source(env))
    env.run()
    return waits


def ciw_run(arrivals, services, c):
    import ciw

    inter = [arrivals[0]] + [b - a for a, b in zip(arrivals, arrivals[1:])]
    inter = [max(x, 1e-12) for x in inter] + [1e12]
    net = ciw.create_network(
        arrival_distributions=[ciw.dists.Sequential(inter)],
        service_distributions=[ciw.dists.Sequential(list(services))],
        number_of_servers=[c],
    )
    ciw.seed(0)
    q = ciw.Simulation(net)
    q.simulate_until_max_customers(len(arrivals), method="Finish")
    return q.get_all_records()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--hours", type=int, default=20, help="hours of M/M/3 arrivals (2.4 customers a minute)")
    ap.add_argument("--reps", type=int, default=20, help="Monday replications for monday_rep_ms")
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args(argv)

    layout = tiny_layout(C, ticket=False, desk=False)
    sc = mmc_scenario(C, RHO, 1.0, args.hours)
    plan = plan_for(layout, sc, None)
    probe = Day(plan, sc, "mon", 1, 0)
    arrivals = probe.draws.times
    base = sc.open_s
    services = probe.draws.service["cash_counter"]
    n = len(arrivals)

    rel = [a - base for a in arrivals]
    # interleaved, best of N: a busy shared machine slows all three alike; wall and CPU time
    wall = {"lobby": math.inf, "simpy": math.inf, "ciw": math.inf}
    cpu_t = dict(wall)
    runs = {
        "lobby": lambda: Day(plan, sc, "mon", 1, 0).run(),
        "simpy": lambda: simpy_minimal(rel, services, C),
        "ciw": lambda: ciw_run(rel, services, C),
    }
    for _ in range(args.repeats):
        for name, fn in runs.items():
            w, c = _best(fn)
            wall[name], cpu_t[name] = min(wall[name], w), min(cpu_t[name], c)
    t_lobby, t_simpy, t_ciw = wall["lobby"], wall["simpy"], wall["ciw"]

    after = load_layout(ROOT / "layouts" / "railway_station" / "after.lobby.json")
    msc = load_scenario(ROOT / "layouts" / "railway_station" / "scenario.json")
    floor = build_floor(after)
    simulate(after, msc, "mon", 1, 0, floor=floor)  # warm the plan's distance cache
    times, cpu = [], []
    for r in range(args.reps):
        t, c = time.perf_counter(), time.process_time()
        simulate(after, msc, "mon", 1, r, floor=floor)
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)

    out = {
        "customers": n,
        "lobbysim_mmc_cust_per_s": round(n / t_lobby),
        "simpy_minimal_cust_per_s": round(n / t_simpy),
        "ciw_cust_per_s": round(n / t_ciw),
        "ratio_vs_simpy": round(t_simpy / t_lobby, 3),
        "ratio_vs_ciw": round(t_ciw / t_lobby, 3),
        "ratio_vs_simpy_cpu": round(cpu_t["simpy"] / cpu_t["lobby"], 3),
        "ratio_vs_ciw_cpu": round(cpu_t["ciw"] / cpu_t["lobby"], 3),
        "monday_rep_ms": round(statistics.median(times), 2),
        "monday_rep_cpu_ms": round(statistics.median(cpu), 2),
        "load_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "geometry": type(floor).__module__ + "." + type(floor).__name__,
    }
    out["targets_met"] = {
        "vs_simpy>=0.8": out["ratio_vs_simpy"] >= 0.8,
        "vs_ciw>=1.3": out["ratio_vs_ciw"] >= 1.3,
        "monday_rep_ms<=40": out["monday_rep_ms"] <= 40,
    }
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        for k, v in out.items():
            print(f"{k:28} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
