"""``lobbysim robustness A.lobby.json B.lobby.json --scenario S --samples N --reps R``: how robust the
before/after verdicts are to the scenario's uncertain inputs (its ``ranges``)."""

from __future__ import annotations

from lobbysim.cli._experiments import add_analysis_options, analysis_from_args, progress_from, write_json


def register(sub) -> None:
    p = sub.add_parser(
        "robustness",
        help="test the before/after verdicts against the scenario's uncertain inputs (its ranges)",
        description="Draw N plausible parameter sets over the scenario's 'ranges' (a space-filling "
        "design), run the paired A/B comparison on each with R replications (common random numbers), "
        "and report per KPI and day the share of sets in which each verdict comes out, the 5th-95th "
        "percentile of the difference B-A, and the inputs that drive it (partial rank correlation).",
    )
    p.add_argument("layout_a", metavar="A.lobby.json")
    p.add_argument("layout_b", metavar="B.lobby.json")
    p.add_argument("--scenario", required=True, metavar="S", help="scenario file with a 'ranges' section")
    p.add_argument("--days", default="mon", help="comma-separated days, e.g. mon,thu, or week (default mon)")
    p.add_argument("--samples", type=int, default=64, metavar="N", help="parameter sets, at least 8 (default 64)")
    p.add_argument("--reps", type=int, default=10, metavar="R", help="replications a variant, day and set (default 10)")
    p.add_argument("--seed", type=int, default=1, metavar="K", help="seed of the draws and the simulations (default 1)")
    p.add_argument(
        "--design",
        choices=("lhs", "sobol"),
        default="lhs",
        help="space-filling design: Latin hypercube (default) or Sobol' (needs a power of two --samples)",
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=None, metavar="W", help="worker processes (default: one a core)")
    where.add_argument(
        "--cluster", default=None, metavar="ADDR", help="run on a Dask cluster, e.g. tcp://HOST:8786 (lobbysim[dask])"
    )
    p.add_argument("--json", default=None, metavar="OUT", help="write the result as JSON ('-' for stdout)")
    p.add_argument("--xlsx", default=None, metavar="OUT", help="write the tables to an Excel workbook")
    p.add_argument("--lang", choices=("en", "zh"), default="en", help="KPI labels in tables")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_analysis_options(p, precision=False)
    p.set_defaults(func=run)


def run(args) -> int:
    from lobbysim.cli._experiments import executor_from
    from lobbysim.experiments.experiment import check_reps, format_table, load_variant, parse_days
    from lobbysim.experiments.export import write_xlsx
    from lobbysim.experiments.robustness import run_robustness
    from lobbysim.experiments.robustness_tables import notes, sheets, summary_rows
    from lobbysim.experiments.uncertainty import check_samples

    days = parse_days(args.days)
    reps = check_reps(args.reps)
    samples = check_samples(args.samples, args.design)
    check_outputs(args.json, args.xlsx)
    a = load_variant("A", args.layout_a, args.scenario)
    b = load_variant("B", args.layout_b, args.scenario)
    analysis = analysis_from_args(args, a)
    executor = executor_from(args)
    try:
        res = run_robustness(
            a,
            b,
            days,
            samples,
            reps,
            args.seed,
            design=args.design,
            executor=executor,
            progress=progress_from(args),
            analysis=analysis,
        )
    finally:  # the pool's workers, or the connection to the Dask cluster
        getattr(executor, "close", lambda: None)()
    if args.json != "-":
        for day in days:
            header, rows = summary_rows(res, day, args.lang)
            print(f"\n== {day}: {a.label} (A) vs {b.label} (B) over plausible settings")
            print(format_table(header, rows))
        print("\n" + "\n".join(notes(res)))
    if args.json:
        write_json(args.json, res)
    if args.xlsx:
        write_xlsx(args.xlsx, sheets(res, args.lang))
    return 0


def check_outputs(*paths) -> None:
    """Refuse an output file that cannot be written before anything is simulated."""
    from pathlib import Path

    from lobbysim.errors import FileReadError

    for out in paths:
        if not out or out == "-":
            continue
        p = Path(out)
        if p.is_dir():
            raise FileReadError("is a folder; give a file name", path=out)
        if not (p.parent if str(p.parent) else Path(".")).is_dir():
            raise FileReadError("cannot be written: the folder does not exist", path=out)


# --- the --robustness N option of report and deck ---------------------------------------------------------
def add_robustness_option(p, what: str) -> None:
    p.add_argument(
        "--robustness",
        type=int,
        default=None,
        metavar="N",
        help=f"add the {what} 'How robust are these findings?': N plausible parameter sets drawn over the "
        "scenario's ranges, each compared with --reps replications (see 'lobbysim robustness')",
    )


def check_robustness_option(args) -> None:
    """Refuse a bad --robustness N (or one with two scenarios) before anything is simulated."""
    from lobbysim.errors import UsageError
    from lobbysim.experiments.uncertainty import check_samples

    if args.robustness is None:
        return
    check_samples(args.robustness, "lhs", "--robustness")
    if args.scenario_b and args.scenario_b != args.scenario:
        raise UsageError("--robustness draws one scenario's ranges for both layouts; leave out --scenario-b")


def robustness_of(args, a, b, days, reps: int, analysis, executor) -> dict:
    """The robustness result for ``--robustness N``: the same variants, days, replications and seed
    as the report or deck it goes into."""
    import sys

    from lobbysim.cli._experiments import progress_from
    from lobbysim.experiments.robustness import run_robustness

    if not args.no_progress:
        print(f"robustness: {args.robustness} parameter sets x 2 layouts x {reps} replications", file=sys.stderr)
    progress = progress_from(args)
    return run_robustness(
        a, b, days, args.robustness, reps, args.seed, executor=executor, progress=progress, analysis=analysis
    )
