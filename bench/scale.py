"""Benchmark of big branches (issue 19): geometry, simulation preparation, simulation and redraw,
all measured in one run.

Layouts: the sample after-layout tiled 1 x 1, 2 x 2 and 3 x 3 (``lobbysim.geo.synthetic.tiled``:
every element copied with an offset into one boundary, one entrance; 42/153/338 elements) and
the flagship after-layout. For each it prints:

  elements, points    elements of the layout, points of interest
  corners             reflex corners of the free floor
  build_ms            build the walking engine (free floor, corners, points of interest)
  matrix_ms           then all-pairs walking distances among the points of interest (this first
                      walking question also builds the corner graph)
  edit_update_ms      move one seat block by 0.3 m, bring the engine up to date and recompute the
                      editor's walking read-out (lobbysim.geo.readout): what follows an edit
  edit_source_ms      the same edit, then walking distances from the entrance to every point of interest
  query_ms            one new arbitrary point to every point of interest (after the matrix)
  plan_ms             everything the simulation prepares from geometry (sim.plan.plan_for with the
                      sample scenario, on a freshly built engine)
  matches_reference   distances from four sources to every point equal a plain full visibility
                      graph over every vertex of the floor (lobbysim.geo.reference)

and for the simulation and the editor:

  flagship_monday_rep_ms     one Monday of the flagship (1,200 customers, 30 staff, all behaviour),
                             geometry and plan prepared (median)
  flagship_first_run_ms      the first run from a freshly loaded layout: engine, plan and one Monday
                             (the layout loaded before the clock starts)
  sim_ms_per_customer        per customer of a Monday on the sample after-layout at 1x, 2x, 4x and 8x
                             its demand, balking and reneging off (every customer really queues)
  redraw_10000_ms            paint a 10,000-element plan once, offscreen, 1600 x 1000 pixels
  build_ratio_3x3_1x1, sim_per_customer_ratio_8x_1x

Every time is the best of N runs (the machine is shared: the fastest run is the least disturbed);
``cpu_ms`` gives the best CPU time of the same runs (what a quiet machine would take),
``targets_met_cpu`` the targets checked on those, and ``machine`` how loaded it was (load
average, and this run's CPU time over its wall time).

Usage: python bench/scale.py [--json] [--repeat N] [--no-reference]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import shapely  # noqa: E402

from lobbysim.geo import build_floor  # noqa: E402
from lobbysim.geo.readout import walking_readout  # noqa: E402
from lobbysim.geo.reference import reference_distances  # noqa: E402
from lobbysim.geo.synthetic import grid_plan, tiled  # noqa: E402
from lobbysim.model import commands as C  # noqa: E402
from lobbysim.model.fileformat import load_layout  # noqa: E402
from lobbysim.sim import simulate  # noqa: E402
from lobbysim.sim.plan import plan_for  # noqa: E402
from lobbysim.sim.scenario import Scenario, load_scenario  # noqa: E402

AFTER = ROOT / "layouts/railway_station/after.lobby.json"
SAMPLE_SCENARIO = ROOT / "layouts/railway_station/scenario.json"
FLAGSHIP = ROOT / "layouts/flagship/after.lobby.json"
FLAGSHIP_SCENARIO = ROOT / "layouts/flagship/scenario.json"


def ms(fn, repeat: int, name: str = "") -> float:
    """Best of ``repeat`` runs, in milliseconds of wall time: on a shared machine the fastest run
    is the one least disturbed by other processes. The best CPU time of the same runs is kept
    under ``name`` in ``CPU`` (printed as ``cpu_ms``: what a quiet machine would take)."""
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    if name:
        CPU[name] = round(min(cpu), 2)
    return min(wall)


#: the best CPU time of each figure, by name
CPU: dict[str, float] = {}


def close(a, b) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    fa, fb = np.isfinite(a), np.isfinite(b)
    return bool(np.array_equal(fa, fb) and np.allclose(a[fa], b[fb], atol=1e-6))


def geometry(layout, scenario, repeat: int, reference: bool, seats: str, tag: str) -> dict:
    """The geometry figures of one layout (see the module docstring)."""
    build = ms(lambda: build_floor(layout), repeat, f"{tag}.build_ms")
    floor = build_floor(layout)
    t = time.perf_counter()
    ids, _ = floor.poi_matrix()
    matrix = (time.perf_counter() - t) * 1000
    step = {"dx": 0.3}

    def edit(then):
        C.move_elements(layout, [seats], step["dx"], 0.0).apply(layout)
        step["dx"] = -step["dx"]
        floor.update(layout)
        then()

    entrance = floor.poi[layout.entrances()[0].id]
    edit_update = ms(lambda: edit(lambda: walking_readout(layout, floor)), repeat, f"{tag}.edit_update_ms")
    edit_source = ms(
        lambda: edit(lambda: floor.distances(entrance, list(floor.poi.values()))), repeat, f"{tag}.edit_source_ms"
    )
    floor.poi_matrix()
    rng = np.random.default_rng(0)
    x0, y0, x1, y1 = layout.boundary.geometry.bounds
    xy = np.column_stack([rng.uniform(x0, x1, 4000 * repeat), rng.uniform(y0, y1, 4000 * repeat)])
    xy = xy[floor.free.contains(shapely.points(xy))][: 40 * repeat]  # points on the walkable floor
    qs = iter([(float(x), float(y)) for x, y in xy])
    query = ms(lambda: floor.distances_from(next(qs)), 40 * repeat, f"{tag}.query_ms")
    plan = ms(lambda: plan_for(layout, scenario, build_floor(layout)), max(1, repeat // 3), f"{tag}.plan_ms")
    out = {
        "elements": len(layout),
        "points": len(ids),
        "corners": int(len(floor.nodes)),
        "build_ms": round(build, 2),
        "matrix_ms": round(matrix, 1),
        "edit_update_ms": round(edit_update, 2),
        "edit_source_ms": round(edit_source, 2),
        "query_ms": round(query, 3),
        "plan_ms": round(plan, 1),
    }
    if reference:
        fresh = build_floor(layout)
        names = [k for k in fresh.poi if k not in fresh.unreachable]
        targets = [fresh.poi[k] for k in names]
        sources = [targets[i] for i in np.linspace(0, len(targets) - 1, 4).astype(int)]
        ref = reference_distances(fresh.free, sources, targets)
        out["matches_reference"] = close([floor.distances(s, targets) for s in sources], ref)
    return out


def simulation(repeat: int) -> dict:
    """The flagship's Monday and the per-customer cost of the sample at growing demand."""
    sc = load_scenario(FLAGSHIP_SCENARIO)
    # a freshly loaded layout each time: no engine, no plan cached for it
    fresh = iter([load_layout(FLAGSHIP) for _ in range(3)])
    first = ms(lambda: simulate(next(fresh), sc, "mon", 1, 0), 3, "flagship_first_run_ms")
    lay = load_layout(FLAGSHIP)
    floor = build_floor(lay)
    simulate(lay, sc, "mon", 1, 0, floor=floor)
    rep = ms(lambda: simulate(lay, sc, "mon", 1, 1, floor=floor), max(3, repeat // 2), "flagship_monday_rep_ms")
    doc = json.loads(SAMPLE_SCENARIO.read_text(encoding="utf-8"))
    doc["customers"]["balking"] = None
    doc["customers"]["patience"] = None
    sample = load_layout(AFTER)
    sfloor = build_floor(sample)
    per: dict[str, float] = {}
    for k in (1, 2, 4, 8):
        d = json.loads(json.dumps(doc))
        d["arrivals"]["per_day"] = doc["arrivals"]["per_day"] * k
        s = Scenario.from_dict(d)
        simulate(sample, s, "mon", 1, 0, floor=sfloor)  # plan prepared
        runs, cpu = [], []
        for r in range(max(3, repeat // 2)):
            t, c = time.perf_counter(), time.process_time()
            rec = simulate(sample, s, "mon", 1, r, floor=sfloor)
            n = max(1, len(rec.customers))
            runs.append((time.perf_counter() - t) * 1000 / n)
            cpu.append((time.process_time() - c) * 1000 / n)
        per[f"{k}x"] = round(min(runs), 4)
        CPU[f"sim_ms_per_customer.{k}x"] = round(min(cpu), 4)
    return {
        "flagship_monday_rep_ms": round(rep, 1),
        "flagship_first_run_ms": round(first, 1),
        "sim_ms_per_customer": per,
    }


def redraw(n: int, repeat: int) -> float:
    from PySide6.QtGui import QImage, QPainter

    from lobbysim.ui.plan_scene import PlanScene
    from lobbysim.ui.qt_app import ensure_app

    ensure_app()
    scene = PlanScene(grid_plan(n))
    img = QImage(1600, 1000, QImage.Format_ARGB32_Premultiplied)

    def paint():
        p = QPainter(img)
        scene.render(p)
        p.end()

    paint()
    return ms(paint, repeat, f"redraw_{n}_ms")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--no-reference", action="store_true", help="skip the check against the plain visibility graph")
    args = ap.parse_args()
    load0, cpu0, wall0 = os.getloadavg()[0], time.process_time(), time.perf_counter()
    sample_sc = load_scenario(SAMPLE_SCENARIO)
    base = load_layout(AFTER)
    res: dict = {}
    for n in (1, 2, 3):
        res[f"tiles_{n}x{n}"] = geometry(
            tiled(base, n), sample_sc, args.repeat, not args.no_reference, "seats1", f"tiles_{n}x{n}"
        )
    flag_sc = load_scenario(FLAGSHIP_SCENARIO)
    res["flagship"] = geometry(load_layout(FLAGSHIP), flag_sc, args.repeat, not args.no_reference, "seats4", "flagship")
    res.update(simulation(args.repeat))
    res["redraw_10000_ms"] = round(redraw(10000, args.repeat), 1)
    t1, t3, fl = res["tiles_1x1"], res["tiles_3x3"], res["flagship"]
    res["build_ratio_3x3_1x1"] = round(t3["build_ms"] / t1["build_ms"], 2)
    per = res["sim_ms_per_customer"]
    res["sim_per_customer_ratio_8x_1x"] = round(per["8x"] / per["1x"], 2)
    res["targets_met"] = {
        "3x3 build_ms<=150": t3["build_ms"] <= 150,
        "3x3 edit_update_ms<=30": t3["edit_update_ms"] <= 30,
        "3x3 query_ms<=1": t3["query_ms"] <= 1,
        "build ratio 3x3/1x1<=12": res["build_ratio_3x3_1x1"] <= 12,
        "3x3 plan_ms<=1000": t3["plan_ms"] <= 1000,
        "flagship build_ms<=150": fl["build_ms"] <= 150,
        "flagship edit_update_ms<=30": fl["edit_update_ms"] <= 30,
        "flagship plan_ms<=500": fl["plan_ms"] <= 500,
        "flagship_monday_rep_ms<=250": res["flagship_monday_rep_ms"] <= 250,
        "flagship_first_run_ms<=1500": res["flagship_first_run_ms"] <= 1500,
        "sim per customer 8x<=1.3x 1x": res["sim_per_customer_ratio_8x_1x"] <= 1.3,
        "redraw_10000_ms<=60": res["redraw_10000_ms"] <= 60,
    }
    # the same targets on CPU times (what a quiet machine would take; wall times on a shared,
    # loaded machine count the other processes too)
    c = CPU
    cpu_ratio_build = c["tiles_3x3.build_ms"] / c["tiles_1x1.build_ms"]
    cpu_ratio_sim = c["sim_ms_per_customer.8x"] / c["sim_ms_per_customer.1x"]
    res["targets_met_cpu"] = {
        "3x3 build_ms<=150": c["tiles_3x3.build_ms"] <= 150,
        "3x3 edit_update_ms<=30": c["tiles_3x3.edit_update_ms"] <= 30,
        "3x3 query_ms<=1": c["tiles_3x3.query_ms"] <= 1,
        f"build ratio 3x3/1x1<=12 ({cpu_ratio_build:.2f})": cpu_ratio_build <= 12,
        "3x3 plan_ms<=1000": c["tiles_3x3.plan_ms"] <= 1000,
        "flagship build_ms<=150": c["flagship.build_ms"] <= 150,
        "flagship edit_update_ms<=30": c["flagship.edit_update_ms"] <= 30,
        "flagship plan_ms<=500": c["flagship.plan_ms"] <= 500,
        "flagship_monday_rep_ms<=250": c["flagship_monday_rep_ms"] <= 250,
        "flagship_first_run_ms<=1500": c["flagship_first_run_ms"] <= 1500,
        f"sim per customer 8x<=1.3x 1x ({cpu_ratio_sim:.2f})": cpu_ratio_sim <= 1.3,
        "redraw_10000_ms<=60": c["redraw_10000_ms"] <= 60,
    }
    # how busy the machine was: other processes' load, and this run's CPU time over its wall time
    res["machine"] = {
        "load_avg_1min_start": round(load0, 2),
        "load_avg_1min_end": round(os.getloadavg()[0], 2),
        "cpu_over_wall": round((time.process_time() - cpu0) / (time.perf_counter() - wall0), 2),
    }
    res["cpu_ms"] = CPU
    print(json.dumps(res) if args.json else json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
