"""``lobbysim assign LAYOUT --scenario S --objective KPI``: rank staff-to-post assignments."""

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


def register(sub) -> None:
    p = sub.add_parser(
        "assign",
        help="rank assignments of the floor staff to lobby posts 1/2/3",
        description="Run every assignment of the floor staff to the layout's posts (or a search "
        "when there are too many), rank them by the objective with 95% intervals, "
        "and re-run the best ones with more replications to confirm.",
    )
    p.add_argument("layout", metavar="LAYOUT")
    p.add_argument("--scenario", required=True, metavar="S")
    p.add_argument(
        "--objective", required=True, metavar="KPI", help="e.g. wait_p90_min, marketing_contacts, staff_walk_m"
    )
    add_run_options(p, "mon")
    p.add_argument(
        "--better",
        choices=("lower", "higher"),
        default=None,
        help="direction of the objective when the KPI has none of its own (walking: lower)",
    )
    p.add_argument("--top", type=int, default=3, help="re-run the best N with more replications (default 3)")
    p.add_argument("--confirm-reps", type=int, default=None, help="replications for the confirmation (default 3x)")
    p.add_argument("--budget", type=int, default=60, help="assignments to try when searching (default 60)")
    add_output_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from lobbysim.errors import UsageError
    from lobbysim.experiments.assign import search_assignments
    from lobbysim.experiments.experiment import check_reps, format_table, load_variant, parse_days
    from lobbysim.experiments.export import write_csv, write_xlsx

    days = parse_days(args.days)
    if len(days) != 1:
        raise UsageError("assign ranks on one day at a time; give one day with --days")
    reps = check_reps(args.reps)
    base = load_variant("base", args.layout, args.scenario)
    with open_store(args) as store:
        res = search_assignments(
            base,
            args.objective,
            days[0],
            reps,
            args.seed,
            confirm_top=args.top,
            confirm_reps=args.confirm_reps,
            budget=args.budget,
            better=args.better,
            executor=executor_from(args),
            progress=progress_from(args),
            store=store,
            command=command_line(),
        )
    header, rows = res.rows()
    if args.json != "-":
        how = "searched" if res.searched else "all"
        print(
            f"{how} assignments of {', '.join(res.staff)} to {', '.join(res.posts)}; objective {res.objective} "
            f"({res.better} is better), {days[0]}, {reps} replications"
        )
        print(format_table(header, rows))
    if args.json:
        write_json(args.json, res.to_dict())
    if args.xlsx:
        write_xlsx(args.xlsx, {"assignments": (header, rows)})
    if args.csv:
        write_csv(args.csv, header, rows)
    return 0
