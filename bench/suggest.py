"""Benchmark of the placement search (issue 21).

1. **The issue's run**: ``lobbysim suggest`` on the sample's before-layout with the VP's desk and
   the call station movable and the posts the scenario's staff stand at allowed to be drawn,
   objectives marketing contacts, outbound calls and the VP's floor share (mean wait guarded
   within its minimum effect), days mon and thu, ``--budget`` simulated candidates (300 by
   default), on 2 worker processes. Prints ``seconds`` (wall, the whole search),
   ``cpu_s`` (the CPU seconds of this process and its worker processes during the search: on a
   shared machine the wall time also counts the time others had the cores; half of it is what two
   free cores need), ``target_600s_met``, ``candidates_simulated`` and ``best_gain`` (the best
   suggestion's gain in minimum effects, confirmed on fresh customers).
   Then the before-layout, the consultants' after-layout and the best suggestion are simulated
   together on the same customers (``--check-reps`` replications a day, a seed the search never
   used), and for each objective and day the after-layout's gain over the before-layout is printed
   next to the suggestion's (``check``), with ``half_of_after_met`` (each of the suggestion's gains
   at least half the after-layout's) and ``wait_guard_met`` (mean wait not worse than its minimum
   effect on any day).
2. **Two-stage search against random search** (``--seeds`` seeds, 5 by default; ``--skip-compare``
   leaves it out): the same search with ``--sampler cmaes`` and with ``--sampler random``, the same
   simulation budget (each of ``--compare-budgets``, 20 and 60 candidates by default) and the same
   confirmation customers for both within a seed; ``compare`` has, per budget, each seed's
   confirmed best gain of both, ``two_stage_wins`` and the means (``--compare-only``: this part
   alone).

``load_avg`` is the machine's load when the bench started (wall times grow with it). ``--png OUT``
draws the before-layout, the best suggestion and the after-layout side by side (``--lang zh``).
Usage: python bench/suggest.py [--json] [--budget 300] [--seeds 5] [--compare-budgets 20,60]
       [--skip-compare | --compare-only] [--png OUT] [--lang en|zh]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lobbysim.experiments.comparison import compare  # noqa: E402
from lobbysim.experiments.experiment import load_variant, run_experiment  # noqa: E402
from lobbysim.experiments.runner import LocalPoolExecutor  # noqa: E402
from lobbysim.experiments.stats import analysis_from  # noqa: E402
from lobbysim.experiments.suggest import Settings, make_objective, suggest  # noqa: E402

SAMPLE = ROOT / "layouts" / "railway_station"
SCENARIO = str(SAMPLE / "scenario.json")
OBJECTIVES = ("marketing_contacts", "outbound_calls", "ops_vp_floor_share")
GUARD = "wait_mean_min"
DAYS = ("mon", "thu")
#: the seed of the check run (never one the searches use)
CHECK_SEED = 4242


def tree_cpu_s() -> float:
    """CPU seconds of this process and every process below it (the worker pool and the processes
    that ended under it), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    parent, cpu = {}, {}
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        rest = stat[stat.rfind(")") + 2 :].split()
        parent[int(d.name)] = int(rest[1])
        # its own time and that of its children it has reaped (workers a pool replaced)
        cpu[int(d.name)] = sum(int(v) for v in rest[11:15]) / tick
    me, total = os.getpid(), time.process_time()
    for pid in cpu:
        p = parent.get(pid)
        while p is not None and p != me and p > 1:
            p = parent.get(p)
        if p == me and pid != me:
            total += cpu[pid]
    return total


def search(base, analysis, executor, budget: int, seed: int, sampler: str, confirm_reps: int):
    objective = make_objective(list(OBJECTIVES), analysis)
    settings = Settings(
        days=DAYS,
        movable=("vp_desk", "call_station"),
        draw_posts=True,
        budget=budget,
        seed=seed,
        confirm_reps=confirm_reps,
        sampler=sampler,
    )
    t, c = time.perf_counter(), tree_cpu_s()
    res = suggest(base, objective, settings, analysis=analysis, executor=executor)
    return time.perf_counter() - t, tree_cpu_s() - c, res


def check(best_file: str, analysis, executor, reps: int) -> dict:
    """Before, after and the suggestion on the same customers: each one's gains over before."""
    before = load_variant("before", str(SAMPLE / "before.lobby.json"), SCENARIO)
    after = load_variant("after", str(SAMPLE / "after.lobby.json"), SCENARIO)
    suggested = load_variant("suggested", best_file, SCENARIO)
    res = run_experiment([before, after, suggested], list(DAYS), reps, CHECK_SEED, executor=executor, kind="bench")
    out: dict = {"reps": reps, "seed": CHECK_SEED, "days": {}}
    half, guard = True, True
    for day in DAYS:
        rows = {}
        for key in ("after", "suggested"):
            kpis = compare(res, "before", key, analysis)["days"][day]["kpis"]
            rows[key] = {k: {"diff": kpis[k]["diff"], "verdict": kpis[k]["verdict"]} for k in (*OBJECTIVES, GUARD)}
        for k in OBJECTIVES:
            a, s = rows["after"][k]["diff"]["mean"], rows["suggested"][k]["diff"]["mean"]
            rows.setdefault("ratio", {})[k] = None if not a else round(s / a, 3)
            half = half and (a is None or a <= 0 or (s is not None and s >= 0.5 * a))
        wait = rows["suggested"][GUARD]["diff"]["mean"]
        guard = guard and wait is not None and wait <= analysis.min_effect(GUARD)
        out["days"][day] = rows
    out["half_of_after_met"], out["wait_guard_met"] = half, guard
    return out


def draw(best_file: str, out: str, lang: str) -> None:
    """The before-layout, the suggestion and the after-layout side by side, on one scale."""
    from lobbysim.fonts import use_fonts
    from lobbysim.model.fileformat import load_layout
    from lobbysim.report.plan import figure_plans

    use_fonts()

    titles = {
        "en": ("before", "suggested", "after (consultants)"),
        "zh": ("改造前", "优化建议", "改造后"),
    }
    files = [str(SAMPLE / "before.lobby.json"), best_file, str(SAMPLE / "after.lobby.json")]
    layouts = [load_layout(f) for f in files]
    figure_plans(layouts, list(titles[lang]), lang).savefig(out, dpi=110)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--budget", type=int, default=300)
    ap.add_argument("--confirm-reps", type=int, default=20)
    ap.add_argument("--check-reps", type=int, default=20)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--compare-budgets", default="20,60", metavar="N[,N...]")
    ap.add_argument("--compare-confirm-reps", type=int, default=10)
    ap.add_argument("--skip-compare", action="store_true")
    ap.add_argument("--compare-only", action="store_true", help="only two-stage against random search")
    ap.add_argument("--png", default=None, metavar="OUT")
    ap.add_argument("--lang", default="en", choices=("en", "zh"))
    args = ap.parse_args()
    load = os.getloadavg()[0]
    budgets = [b for b in args.compare_budgets.split(",") if b.strip()]
    base = load_variant("before", str(SAMPLE / "before.lobby.json"), SCENARIO)
    analysis = analysis_from(base.scenario_doc, base.scenario_path)
    pool = LocalPoolExecutor(2)
    out: dict = {"load_avg": round(load, 2), "budget": args.budget, "days": list(DAYS)}
    try:
        if args.compare_only:
            out["compare"] = [compare_samplers(base, analysis, pool, args, int(b)) for b in budgets]
            return _print(out, args.json)
        seconds, cpu, res = search(base, analysis, pool, args.budget, 1, "cmaes", args.confirm_reps)
        best = res.best
        out |= {
            "seconds": round(seconds, 1),
            "cpu_s": round(cpu, 1),
            "target_600s_met": seconds <= 600,
            "candidates_simulated": res.candidates_simulated,
            "best_gain": None if best is None else round(best.gain, 2),
            "best_moves": None if best is None else "; ".join(best.sentences()),
        }
        if best is not None:
            with tempfile.TemporaryDirectory() as tmp:
                files = res.write_layouts(tmp, "before")
                out["best_layout"] = json.loads(Path(files[0]).read_text(encoding="utf-8"))
                out["check"] = check(files[0], analysis, pool, args.check_reps)
                if args.png:
                    draw(files[0], args.png, args.lang)
        if not args.skip_compare:
            out["compare"] = [compare_samplers(base, analysis, pool, args, int(b)) for b in budgets]
    finally:
        pool.close()
    _print(out, args.json)


def _print(out: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for k, v in out.items():
            if k != "best_layout":
                print(f"{k}: {v}")


def compare_samplers(base, analysis, pool, args, budget: int) -> dict:
    """Two-stage (CMA-ES) and random search, the same simulation budget, over ``args.seeds`` seeds."""
    rows = []
    for seed in range(1, args.seeds + 1):
        row: dict = {"seed": seed}
        for sampler in ("cmaes", "random"):
            s, _, res = search(base, analysis, pool, budget, seed, sampler, args.compare_confirm_reps)
            row[sampler] = None if res.best is None else round(res.best.gain, 2)
            row[f"{sampler}_simulated"] = res.candidates_simulated
            row[f"{sampler}_seconds"] = round(s, 1)
        rows.append(row)
    two = [r["cmaes"] if r["cmaes"] is not None else float("-inf") for r in rows]
    rnd = [r["random"] if r["random"] is not None else float("-inf") for r in rows]
    return {
        "budget": budget,
        "confirm_reps": args.compare_confirm_reps,
        "seeds": rows,
        "two_stage_wins": sum(a > b for a, b in zip(two, rnd)),
        "two_stage_mean_gain": round(sum(two) / len(two), 2),
        "random_mean_gain": round(sum(rnd) / len(rnd), 2),
    }


if __name__ == "__main__":
    main()
