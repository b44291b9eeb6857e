"""``lobbysim runs [--db FILE] [--show ID]``: list stored runs, reopen one without re-running."""

from __future__ import annotations

from lobbysim.cli._experiments import default_store_path, write_json
from lobbysim.errors import UsageError


def register(sub) -> None:
    p = sub.add_parser("runs", help="list stored runs, or reopen one without re-running")
    p.add_argument("--db", default=None, metavar="FILE.sqlite", help="result store (default: lobbysim's own)")
    p.add_argument("--show", type=int, default=None, metavar="ID", help="print the tables of run ID")
    p.add_argument("--json", default=None, metavar="OUT", help="write the list or the run's tables as JSON")
    p.add_argument("--xlsx", default=None, metavar="OUT", help="write the run's tables to an Excel workbook")
    p.add_argument("--lang", choices=("en", "zh"), default="en")
    p.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from lobbysim.errors import FileReadError
    from lobbysim.experiments.experiment import (
        ExperimentResult,
        compare,
        comparison_rows,
        format_table,
        summary_rows,
    )
    from lobbysim.experiments.export import write_xlsx
    from lobbysim.experiments.labels import WEEK
    from lobbysim.experiments.result import add_week
    from lobbysim.experiments.stats import Analysis
    from lobbysim.experiments.store import ResultStore

    path = args.db or default_store_path()
    if args.db and not Path(args.db).exists():
        raise FileReadError("no such file", path=args.db)
    with ResultStore(path) as store:
        if args.show is None:
            runs = store.runs()
            if args.json:
                write_json(args.json, {"runs": runs})
                return 0
            if not runs:
                print(f"{path}: no runs stored yet")
                return 0
            print(
                f"{'id':>4}  {'kind':<8} {'status':<10} {'created':<25} {'days':<12} {'reps':>4} {'seed':>6}  command"
            )
            for r in runs:
                print(
                    f"{r['id']:>4}  {r['kind']:<8} {r['status']:<10} {r['created']:<25} {','.join(r['days']):<12} "
                    f"{r['reps']:>4} {r['seed']:>6}  {r['command']}"
                )
            return 0
        info = store.run_info(args.show)
        kpis = store.kpi_table(args.show)
        if not kpis:
            raise UsageError(f"run {args.show} has no results stored (status: {info['status']})")
        labels = {i["variant"]: i["label"] or i["variant"] for i in store.inputs(args.show)}
        variants = sorted(kpis)
        days = [d for d in info["days"] if all(d in kpis[v] or d == WEEK for v in variants)]
        reps = min(len(vals) for v in variants for d in kpis[v] for vals in kpis[v][d].values())
        res = ExperimentResult(
            variants,
            labels,
            days,
            reps,
            info["seed"],
            kpis={v: {d: {k: vals[:reps] for k, vals in kpis[v][d].items()} for d in kpis[v]} for v in variants},
            weights=store.kpi_table(args.show, "weight"),
            run_id=args.show,
        )
        add_week(res)
        stopping = store.meta(args.show, "stopping")
        settings = store.meta(args.show, "analysis")
        if settings is not None:
            res.analysis = Analysis(settings["min_effects"], tuple(settings["headline"]))
        print(f"run {info['id']} ({info['kind']}, {info['status']}, {info['created']}): {info['command']}")
        if info["status"] != "complete":
            print(f"note: this run is {info['status']}; the tables use the {reps} replication(s) stored")
        sheets = {}
        out = {"run": info}
        if stopping is not None:
            out["stopping"] = stopping
            print(f"replications used: {stopping['reps_used']} (stopped: {stopping['reason']})")
        if len(variants) == 2 and variants == ["A", "B"]:
            cmp = compare(res, "A", "B")
            out["comparison"] = cmp
            for d in days:
                sheets[d] = comparison_rows(cmp, d, args.lang)
        else:
            for d in days:
                sheets[d] = summary_rows(res, d, args.lang)
        for d, (h, rows) in sheets.items():
            print(f"\n== {d}")
            print(format_table(h, rows))
        if args.json:
            out["tables"] = {d: {"header": h, "rows": r} for d, (h, r) in sheets.items()}
            write_json(args.json, out)
        if args.xlsx:
            write_xlsx(args.xlsx, sheets)
    return 0
