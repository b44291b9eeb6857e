"""``lobbysim run LAYOUT --scenario FILE --day mon --reps N --seed S [--json OUT] [--db OUT.sqlite]``.

Simulates N replications of one day (or of a whole week, ``--day week``) and prints a KPI table
(mean and 95% confidence interval over the replications, never outside the KPI's range);
``--json`` writes ``{"kpis": {NAME: {"mean", "ci95"}}, "per_fixture": {ID: {NAME: {...}}},
"per_staff": ..., "per_business": ..., "run": {...}}`` and ``--db`` all the records to an SQLite
file. ``--precision REL`` adds replications until the watched KPIs are precise enough and says
how many it took. Bad input stops everything before a run.
"""

from __future__ import annotations

import json
import sys

from lobbysim.cli._experiments import add_analysis_options, analysis_from_args, precision_from_args
from lobbysim.errors import UsageError


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
    p.add_argument("--day", default="mon", help="mon, tue, wed, thu, fri, sat, sun or week (default mon)")
    p.add_argument("--reps", type=int, default=10, metavar="N", help="replications (default 10)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    p.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--json", default=None, metavar="OUT", help="write the results as JSON ('-' for stdout)")
    p.add_argument("--db", default=None, metavar="OUT.sqlite", help="write every record to an SQLite file")
    p.add_argument("--positions", action="store_true", help="also record positions for replay (with --db)")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="KPI labels in the table")
    add_analysis_options(p)
    p.set_defaults(func=run)


def _variant(args):
    from lobbysim.experiments.experiment import load_variant

    return load_variant("run", args.layout, args.scenario)


def run(args) -> int:
    from lobbysim.cli._experiments import executor_from
    from lobbysim.experiments.experiment import check_reps, parse_days, run_experiment
    from lobbysim.experiments.tables import run_document

    days = parse_days(args.day)
    if len(days) != 1:
        raise UsageError("run simulates one day (or the week); give one with --day")
    day = days[0]
    reps = check_reps(args.reps)
    precision = precision_from_args(args, reps)
    executor = executor_from(args)  # refuses --workers 0 before anything is read
    variant = _variant(args)
    result = run_experiment(
        [variant],
        days,
        reps,
        args.seed,
        executor=executor,
        keep_records="all" if args.db else "none",
        positions=args.positions,
        precision=precision,
        analysis=analysis_from_args(args, variant),
    )
    doc = run_document(result, variant.key, day)
    doc["run"] = {
        "layout": str(args.layout),
        "scenario": str(args.scenario or "(built-in sample)"),
        "day": day,
        "reps": result.reps,
        "seed": args.seed,
    }
    if result.stopping is not None and precision is not None:
        doc["run"]["stopping"] = result.stopping.to_dict()
    from lobbysim.sim.checks import substitutions_of

    doc["run"]["substitutions"] = substitutions_of(variant.layout_doc, variant.scenario_doc)
    if args.json != "-":
        _print_table(doc, args.lang, result)
    if args.json:
        text = json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False)
        if args.json == "-":
            sys.stdout.write(text + "\n")
        else:
            from lobbysim.model.jsonio import atomic_write_text

            atomic_write_text(args.json, text + "\n")
    if args.db:
        from lobbysim.sim.sqlite import write_records

        write_records([result.records[k] for k in sorted(result.records)], args.db)
    return 0


def _print_table(doc: dict, lang: str, result) -> None:
    from lobbysim.experiments.labels import day_name, fmt_number, kpi_label, kpi_unit
    from lobbysim.experiments.tables import format_table

    run = doc["run"]
    print(f"{day_name(run['day'], 'en')}, {run['reps']} replication(s), seed {run['seed']}: mean and 95% interval")
    for line in run.get("substitutions", []):
        print(f"  (on this layout) {line}")
    if result.stopping is not None and result.stopping.reason != "fixed":
        print(result.stopping.sentence())
    rows = []
    for k, e in doc["kpis"].items():
        lo, hi = e["ci95"]
        ci = f"[{fmt_number(lo)}, {fmt_number(hi)}]" if lo is not None else "-"
        rows.append([kpi_label(k, lang), fmt_number(e["mean"]), ci, kpi_unit(k)])
    print(format_table(["KPI", "mean", "95% CI", "unit"], rows))
    if doc["per_fixture"]:
        print("\nper fixture: transactions a day, utilisation (means)")
        for fid, d in doc["per_fixture"].items():
            tx = d.get("transactions_per_day", {}).get("mean")
            ut = d.get("utilisation", {}).get("mean")
            print(f"  {fid:<14} {fmt_number(tx):>6}  {fmt_number(ut)}")
    if doc["per_business"]:
        print("\nper business: customers, mean wait in min (means)")
        for code, d in doc["per_business"].items():
            print(f"  {code:<14} {fmt_number(d['arrived']['mean']):>6}  {fmt_number(d['wait_mean_min']['mean'])}")
    if doc["per_staff"]:
        print("\nper staff member: minutes by activity, metres walked (means)")
        for sid, d in doc["per_staff"].items():
            acts = ", ".join(f"{k[:-4]} {d[k]['mean']:.0f}" for k in d if k.endswith("_min") and d[k]["mean"])
            print(f"  {sid:<10} {acts}; walked {fmt_number(d['walk_m']['mean'])} m")
