"""``lobbysim compare A.lobby.json B.lobby.json --scenario S``: paired before/after comparison."""

from __future__ import annotations

import sys

from lobbysim.cli._experiments import (
    add_output_options,
    add_run_options,
    command_line,
    executor_from,
    open_store,
    progress_from,
    write_json,
)


def register(sub) -> None:
    p = sub.add_parser(
        "compare",
        help="compare two layouts (or scenarios) on the same customers",
        description="Run A and B on the same simulated customers (common random numbers) and "
        "print KPI | A | B | B-A | 95% CI of B-A | verdict per day.",
    )
    p.add_argument("layout_a", metavar="A.lobby.json")
    p.add_argument("layout_b", metavar="B.lobby.json")
    p.add_argument("--scenario", required=True, metavar="S", help="scenario file for A (and B)")
    p.add_argument("--scenario-b", default=None, metavar="S2", help="a different scenario for B")
    add_run_options(p, "mon")
    add_output_options(p)
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="KPI labels in tables")
    p.set_defaults(func=run)


def run(args) -> int:
    from lobbysim.experiments.experiment import (
        check_reps,
        compare,
        comparison_rows,
        format_table,
        load_variant,
        parse_days,
        run_experiment,
    )
    from lobbysim.experiments.export import write_csv, write_xlsx

    days = parse_days(args.days)
    reps = check_reps(args.reps)
    a = load_variant("A", args.layout_a, args.scenario)
    b = load_variant("B", args.layout_b, args.scenario_b or args.scenario)
    executor = executor_from(args)
    with open_store(args) as store:
        result = run_experiment(
            [a, b],
            days,
            reps,
            args.seed,
            executor=executor,
            progress=progress_from(args),
            store=store,
            kind="compare",
            command=command_line(),
            keep_records="none",
        )
    cmp = compare(result, "A", "B")
    cmp["run_id"] = result.run_id
    sheets = {}
    for day in days:
        header, rows = comparison_rows(cmp, day, args.lang)
        sheets[day] = (header, rows)
        if args.json != "-":
            print(f"\n== {day}: {a.label} (A) vs {b.label} (B), {reps} replications, seed {args.seed}")
            print(format_table(header, rows))
    if args.json:
        write_json(args.json, cmp)
    if args.xlsx:
        write_xlsx(args.xlsx, sheets)
    if args.csv:
        header = ["day"] + sheets[days[0]][0]
        write_csv(args.csv, header, [[d] + r for d in days for r in sheets[d][1]])
    if result.run_id is not None and args.json != "-":
        print(
            f"\n(run {result.run_id} stored; reopen with: lobbysim runs --show {result.run_id}"
            + (f" --db {args.db}" if args.db else "")
            + ")",
            file=sys.stderr,
        )
    return 0
