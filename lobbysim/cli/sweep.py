"""``lobbysim sweep LAYOUT --scenario S --param arrivals=0.8:1.3:0.1``: KPIs over a parameter grid."""

from __future__ import annotations

from lobbysim.cli._experiments import (
    add_output_options,
    add_run_options,
    command_line,
    executor_from,
    open_store,
    progress_from,
    write_json,
)

DEFAULT_KPIS = "wait_mean_min,wait_p90_min,share_wait_over_15min,balked,reneged,served"


def register(sub) -> None:
    from lobbysim.experiments.sweep import SHORT_NAMES

    names = "; ".join(f"{k}: {v[1]}" for k, v in SHORT_NAMES.items())
    p = sub.add_parser(
        "sweep",
        help="vary one or two scenario parameters and tabulate the KPIs",
        description=f"Short parameter names: {names}. Any other parameter is a dotted path "
        "into the scenario file, e.g. policies.flex_idle_min.",
    )
    p.add_argument("layout", metavar="LAYOUT")
    p.add_argument("--scenario", required=True, metavar="S")
    p.add_argument(
        "--param",
        action="append",
        required=True,
        metavar="NAME=VALUES",
        help="e.g. arrivals=0.8:1.3:0.1 or counter_staff=1,2,3 (give --param twice for a grid)",
    )
    p.add_argument("--kpis", default=DEFAULT_KPIS, help=f"KPIs to tabulate (default {DEFAULT_KPIS})")
    add_run_options(p, "mon")
    add_output_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from lobbysim.errors import UsageError
    from lobbysim.experiments.experiment import check_reps, format_table, load_variant, parse_days
    from lobbysim.experiments.export import write_csv, write_xlsx
    from lobbysim.experiments.sweep import parse_param, sweep
    from lobbysim.sim.kpis import KPI_INFO

    days = parse_days(args.days)
    reps = check_reps(args.reps)
    params = [parse_param(p) for p in args.param]
    kpis = [k.strip() for k in args.kpis.split(",") if k.strip()]
    unknown = [k for k in kpis if k not in KPI_INFO]
    if unknown:
        raise UsageError(f"unknown KPI '{unknown[0]}'; KPIs are: {', '.join(KPI_INFO)}")
    base = load_variant("base", args.layout, args.scenario)
    with open_store(args) as store:
        res = sweep(
            base,
            params,
            days,
            reps,
            args.seed,
            executor=executor_from(args),
            progress=progress_from(args),
            store=store,
            command=command_line(),
        )
    sheets = {d: res.rows(d, kpis) for d in days}
    numeric = {d: res.rows(d, kpis, combined=False) for d in days}
    if args.json != "-":
        for d, (h, rows) in sheets.items():
            print(f"\n== {d}: {reps} replications per point, seed {args.seed}")
            print(format_table(h, rows))
    if args.json:
        write_json(
            args.json,
            {
                "params": [{"name": n, "values": v} for n, v in params],
                "kpis": kpis,
                "days": {d: {"header": h, "rows": r} for d, (h, r) in numeric.items()},
            },
        )
    if args.xlsx:
        write_xlsx(args.xlsx, numeric)
    if args.csv:
        h0 = numeric[days[0]][0]
        write_csv(args.csv, ["day"] + h0, [[d] + r for d, (_, rows) in numeric.items() for r in rows])
    return 0
