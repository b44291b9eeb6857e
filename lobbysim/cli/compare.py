"""``lobbysim compare A.lobby.json B.lobby.json --scenario S``: paired before/after comparison."""

from __future__ import annotations

import sys

from lobbysim.cli._experiments import (
    add_analysis_options,
    add_output_options,
    add_run_options,
    analysis_from_args,
    command_line,
    executor_from,
    open_store,
    precision_from_args,
    progress_from,
    write_json,
)


def register(sub) -> None:
    p = sub.add_parser(
        "compare",
        help="compare two layouts (or scenarios) on the same customers",
        description="Run A and B on the same simulated customers (common random numbers) and "
        "print KPI | A | B | B-A | 95% CI of B-A | minimum effect | replications to decide | q | verdict "
        "per day. Verdicts: better/worse (the interval lies beyond the KPI's minimum effect), same "
        "(inside plus or minus the minimum effect), changed (beyond it, for a KPI without a better "
        "direction), inconclusive, n/a (fewer than 2 replications).",
    )
    p.add_argument("layout_a", metavar="A.lobby.json")
    p.add_argument("layout_b", metavar="B.lobby.json")
    p.add_argument("--scenario", required=True, metavar="S", help="scenario file for A (and B)")
    p.add_argument("--scenario-b", default=None, metavar="S2", help="a different scenario for B")
    add_run_options(p, "mon")
    add_analysis_options(p)
    add_output_options(p)
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="KPI labels in tables")
    p.set_defaults(func=run)


def notes(cmp: dict) -> list[str]:
    """Lines printed under the tables: why there is no verdict, how long the run went on, what q is."""
    from lobbysim.experiments.comparison import cannot_judge

    out = []
    if cannot_judge(cmp):
        out.append(f"cannot judge: {cmp['reps']} replication; verdicts need at least {cmp['min_reps']} (use --reps)")
    if cmp.get("stopping", {}).get("reason", "fixed") != "fixed":
        s = cmp["stopping"]
        out.append(f"replications used: {s['reps_used']} (stopped: {s['reason']})")
    out.append(
        "q: Benjamini-Hochberg q-value of 'the difference exceeds the minimum effect' over every KPI and day "
        "of this comparison; headline KPIs: " + ", ".join(cmp["headline_kpis"])
    )
    return out


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
    precision = precision_from_args(args, reps, pair=("A", "B"))
    a = load_variant("A", args.layout_a, args.scenario)
    b = load_variant("B", args.layout_b, args.scenario_b or args.scenario)
    analysis = analysis_from_args(args, a)
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
            precision=precision,
            analysis=analysis,
        )
    cmp = compare(result, "A", "B")
    cmp["run_id"] = result.run_id
    from lobbysim.sim.checks import substitutions_of

    cmp["substitutions"] = {v.key: substitutions_of(v.layout_doc, v.scenario_doc) for v in (a, b)}
    sheets = {}
    for day in days:
        header, rows = comparison_rows(cmp, day, args.lang)
        sheets[day] = (header, rows)
        if args.json != "-":
            print(f"\n== {day}: {a.label} (A) vs {b.label} (B), {result.reps} replications, seed {args.seed}")
            for key, lines in cmp["substitutions"].items():
                for line in lines:
                    print(f"  ({key}: on this layout) {line}")
            print(format_table(header, rows))
    if args.json != "-":
        print("\n" + "\n".join(notes(cmp)))
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
