"""Benchmark of the walking-path engine on the sample after-layout.

Prints (medians of repeated runs, all measured in this run):
  build_matrix_ms  free floor + all-pairs distance matrix among the points of interest
  edit_update_ms   move one seat block, bring the engine up to date, recompute the matrix
  query_ms         one new arbitrary point to every point of interest
  reference_ms     the same matrix by a straightforward visibility graph with networkx
  speedup          reference_ms / build_matrix_ms
  cpu_ms           the same figures in CPU time (a busy shared machine disturbs them less), and
                   targets_met_cpu: the targets on those; load_avg_1min at the start and the end
and checks the answers: the edited engine's matrix against a fresh build and against the
networkx reference, its queries against a fresh build.
Usage: python bench/geometry.py [--json] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import time
from pathlib import Path

import networkx as nx
import numpy as np
import shapely
from shapely.geometry import LineString

from lobbysim.geo import build_floor
from lobbysim.model import commands as C
from lobbysim.model.fileformat import load_layout

ROOT = Path(__file__).resolve().parents[1]
AFTER = ROOT / "layouts/railway_station/after.lobby.json"


def reference_matrix(floor, points):
    """Every vertex of the free floor and every point as graph nodes, an edge wherever a
    straight segment stays on the floor (shapely, one pair at a time), Dijkstra per source."""
    verts = []
    polys = [floor.free] if floor.free.geom_type == "Polygon" else list(floor.free.geoms)
    for p in polys:
        verts += list(p.exterior.coords)[:-1]
        for h in p.interiors:
            verts += list(h.coords)[:-1]
    nodes = list(points) + verts
    test = floor.free.buffer(1e-7)
    shapely.prepare(test)
    g = nx.Graph()
    g.add_nodes_from(range(len(nodes)))
    for i in range(len(nodes)):
        for j in range(i + 1, len(nodes)):
            if test.covers(LineString([nodes[i], nodes[j]])):
                g.add_edge(i, j, weight=math.dist(nodes[i], nodes[j]))
    m = np.full((len(points), len(points)), math.inf)
    for i in range(len(points)):
        d = nx.single_source_dijkstra_path_length(g, i)
        for j in range(len(points)):
            m[i, j] = d.get(j, math.inf)
    return m


def close(a, b):
    """Same distances to 1e-6, and the same pairs without a walk."""
    return bool(np.allclose(np.where(np.isfinite(a), a, -1), np.where(np.isfinite(b), b, -1), atol=1e-6))


#: median CPU time of each figure, by name (a busy shared machine disturbs it less than wall time)
CPU: dict[str, float] = {}


def ms(fn, repeat, name=""):
    """Median wall time of ``repeat`` runs in milliseconds (the median CPU time under ``name``)."""
    out, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        out.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    if name:
        CPU[name] = round(statistics.median(cpu), 3)
    return statistics.median(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--repeat", type=int, default=25)
    args = ap.parse_args()
    layout = load_layout(AFTER)
    load0 = os.getloadavg()[0]
    build = ms(lambda: build_floor(layout).poi_matrix(), args.repeat, "build_matrix_ms")

    floor = build_floor(layout)
    ids, m = floor.poi_matrix()
    state = {"dx": 0.3}

    def edit():
        C.move_elements(layout, ["seats1"], state["dx"], 0.0).apply(layout)
        state["dx"] = -state["dx"]
        floor.update(layout)
        floor.poi_matrix()

    edit_ms = ms(edit, args.repeat, "edit_update_ms")
    rng = np.random.default_rng(0)
    qs = [(float(rng.uniform(8, 16)), float(rng.uniform(1, 8))) for _ in range(args.repeat * 20)]
    it = iter(qs)
    query = ms(lambda: floor.distances_from(next(it)), args.repeat * 20, "query_ms")
    pts = [floor.poi[i] for i in ids]
    ref_m = None

    def ref():
        nonlocal ref_m
        ref_m = reference_matrix(floor, pts)

    reference = ms(ref, max(3, args.repeat // 5), "reference_ms")
    ids2, m2 = floor.poi_matrix()
    fresh = build_floor(layout)
    ids3, m3 = fresh.poi_matrix()
    same = (
        ids2 == ids3
        and close(m2, m3)
        and all(close(floor.distances_from(q)[1], fresh.distances_from(q)[1]) for q in qs[:50])
    )
    agree = close(m2, ref_m)
    res = {
        "build_matrix_ms": round(build, 2),
        "edit_update_ms": round(edit_ms, 2),
        "query_ms": round(query, 3),
        "reference_ms": round(reference, 1),
        "speedup": round(reference / build, 1),
        "points": len(ids),
        "corners": int(len(floor.nodes)),
        "obstacles": len(floor._obstacles),
        "matches_reference": agree,
        "matches_fresh_build": same,
        "targets_met": build <= 40 and edit_ms <= 15 and query <= 0.3 and reference / build >= 4 and agree and same,
        "cpu_ms": CPU,
        "targets_met_cpu": CPU["build_matrix_ms"] <= 40
        and CPU["edit_update_ms"] <= 15
        and CPU["query_ms"] <= 0.3
        and CPU["reference_ms"] / CPU["build_matrix_ms"] >= 4
        and agree
        and same,
        "load_avg_1min": [round(load0, 2), round(os.getloadavg()[0], 2)],  # at the start and the end
    }
    print(json.dumps(res) if args.json else "\n".join(f"{k:>19}: {v}" for k, v in res.items()))


if __name__ == "__main__":
    main()
