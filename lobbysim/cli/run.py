"""``lobbysim run LAYOUT --scenario FILE --day mon --reps N --seed S [--json OUT] [--db OUT.sqlite]``.

Simulates N replications of one day, one after another, and prints a KPI table (mean and
95% confidence interval over the replications); ``--json`` writes
``{"kpis": {NAME: {"mean", "ci95"}}, "per_fixture": {ID: {NAME: {...}}}, "per_staff": ...}``
and ``--db`` all the records to an SQLite file. Bad input stops everything before a run.
"""

from __future__ import annotations

import json
import math
import sys


def register(sub) -> None:
    p = sub.add_parser(
        "run",
        help="simulate a layout with a scenario and print the KPIs",
        description="Simulate REPS replications of one day of a scenario on a layout and print "
        "each KPI's mean and 95% confidence interval.",
    )
    p.add_argument("layout", metavar="LAYOUT", help="a *.lobby.json file")
    p.add_argument(
        "--scenario",
        default=None,
        metavar="FILE",
        help="a *.scenario.json file (default: the built-in calibrated sample)",
    )
    p.add_argument("--day", default="mon", help="mon, tue, wed, thu, fri, sat or sun (default mon)")
    p.add_argument("--reps", type=int, default=10, metavar="N", help="replications (default 10)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    p.add_argument("--json", default=None, metavar="OUT", help="write the results as JSON ('-' for stdout)")
    p.add_argument("--db", default=None, metavar="OUT.sqlite", help="write every record to an SQLite file")
    p.add_argument("--positions", action="store_true", help="also record positions for replay (with --db)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="KPI labels in the table")
    p.set_defaults(func=run)


def _est(values) -> dict:
    from lobbysim.sim.stats import mean_ci95

    m, (lo, hi) = mean_ci95(values)
    return {"mean": _num(m), "ci95": [_num(lo), _num(hi)]}


def _num(x):
    return None if x is None or (isinstance(x, float) and not math.isfinite(x)) else round(float(x), 6)


def summarise(kpis: list[dict], fixtures: list[dict], staff: list[dict], business: list[dict] | None = None) -> dict:
    """The JSON document of ``lobbysim run`` from per-replication KPI dicts."""
    names = list(kpis[0]) if kpis else []
    out = {"kpis": {k: _est([r.get(k, math.nan) for r in kpis]) for k in names}}
    for key, rows in (("per_fixture", fixtures), ("per_staff", staff), ("per_business", business or [])):
        ids = sorted({i for r in rows for i in r})
        block = {}
        for i in ids:
            fields = sorted({f for r in rows for f in r.get(i, {})})
            block[i] = {f: _est([r.get(i, {}).get(f, math.nan) for r in rows]) for f in fields}
        out[key] = block
    return out


def run(args) -> int:
    from lobbysim.experiments.experiment import check_reps
    from lobbysim.sim import simulate
    from lobbysim.sim.kpis import KPI_INFO, compute_kpis, per_business_kpis, per_fixture_kpis, per_staff_kpis
    from lobbysim.sim.plan import build_floor
    from lobbysim.sim.variant import load_variant_files

    check_reps(args.reps)
    variant = load_variant_files(args.layout, args.scenario)
    layout, scenario = variant.layout, variant.scenario
    day = str(args.day).lower()
    scenario.day_index(day)
    floor = build_floor(layout) if scenario.policies.walking else None
    kpis, fixtures, staff, business, records = [], [], [], [], []
    for rep in range(args.reps):
        rec = simulate(layout, scenario, day, args.seed, rep, positions=args.positions, floor=floor)
        kpis.append(compute_kpis(rec))
        fixtures.append(per_fixture_kpis(rec))
        staff.append(per_staff_kpis(rec))
        business.append(per_business_kpis(rec))
        if args.db:
            records.append(rec)
    doc = summarise(kpis, fixtures, staff, business)
    doc["run"] = {
        "layout": str(args.layout),
        "scenario": str(args.scenario or "(built-in sample)"),
        "day": day,
        "reps": args.reps,
        "seed": args.seed,
    }
    if args.json != "-":
        _print_table(doc, KPI_INFO, args.lang, day, args.reps, args.seed)
    if args.json:
        text = json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)
        if args.json == "-":
            sys.stdout.write(text + "\n")
        else:
            from lobbysim.model.jsonio import atomic_write_text

            atomic_write_text(args.json, text + "\n")
    if args.db:
        from lobbysim.sim.sqlite import write_records

        write_records(records, args.db)
    return 0


def _fmt(x) -> str:
    if x is None:
        return "-"
    if abs(x) >= 100:
        return f"{x:.0f}"
    if abs(x) >= 10:
        return f"{x:.1f}"
    return f"{x:.3g}" if x else "0"


def _print_table(doc, info, lang, day, reps, seed) -> None:
    rows = []
    for k, e in doc["kpis"].items():
        en, zh, unit, _ = info.get(k, (k, k, "", None))
        lo, hi = e["ci95"]
        ci = f"[{_fmt(lo)}, {_fmt(hi)}]" if lo is not None else "-"
        rows.append((zh if lang == "zh" else en, unit, _fmt(e["mean"]), ci))
    w = [max(len(r[i]) for r in rows) for i in range(4)]
    print(f"day {day}, {reps} replication(s), seed {seed}: mean and 95% confidence interval")
    for r in rows:
        print(f"  {r[0]:<{w[0]}}  {r[2]:>{w[2]}}  {r[3]:<{w[3]}}  {r[1]}")
    print("\nper fixture: transactions a day, utilisation (means)")
    for fid, d in doc["per_fixture"].items():
        tx = d.get("transactions_per_day", {}).get("mean")
        ut = d.get("utilisation", {}).get("mean")
        print(f"  {fid:<14} {_fmt(tx):>6}  {_fmt(ut)}")
    print("\nper business: customers, mean wait in min (means)")
    for code, d in doc["per_business"].items():
        print(f"  {code:<14} {_fmt(d['arrived']['mean']):>6}  {_fmt(d['wait_mean_min']['mean'])}")
    print("\nper staff member: minutes by activity, metres walked (means)")
    for sid, d in doc["per_staff"].items():
        acts = ", ".join(f"{k[:-4]} {d[k]['mean']:.0f}" for k in d if k.endswith("_min") and d[k]["mean"])
        print(f"  {sid:<10} {acts}; walked {_fmt(d['walk_m']['mean'])} m")
