"""``lobbysim suggest LAYOUT --scenario S --objective KPI,... --movable ID,... --budget N``: search
placements of desks, the call station, seats, posts and machines for a layout that wins, and
prove it on the same simulated customers."""

from __future__ import annotations

from pathlib import Path

from lobbysim.cli._experiments import (
    add_analysis_options,
    analysis_from_args,
    command_line,
    executor_from,
    open_store,
    write_json,
)


def _ids(text: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s.strip() for s in (text or "").split(",") if s.strip()))


def register(sub) -> None:
    p = sub.add_parser(
        "suggest",
        help="search placements of desks, seats, posts and machines for a better layout",
        description="Move the movable elements (and draw the posts the scenario's staff stand at, with "
        "--draw-posts) to find layouts that win on the objectives: a cheap geometric first stage "
        "(optuna) chooses up to --budget candidates that meet every constraint; they are simulated "
        "on the same customers as the input, replications going where they decide the ranking "
        "(successive halving); the best are confirmed against the input on fresh customers. Gains "
        "are weighed in each KPI's minimum effect. Writes the best layouts as LAYOUT.suggestN.lobby.json.",
    )
    p.add_argument("layout", metavar="LAYOUT")
    p.add_argument("--scenario", required=True, metavar="S")
    p.add_argument("--days", default="mon", help="comma-separated days, e.g. mon,thu (default mon)")
    p.add_argument(
        "--objective",
        required=True,
        metavar="KPI[,KPI...]",
        help="KPIs to improve, e.g. marketing_contacts,outbound_calls,ops_vp_floor_share",
    )
    p.add_argument("--weights", default=None, metavar="W[,W...]", help="a weight for each objective (default 1 each)")
    p.add_argument("--movable", default=None, metavar="ID[,ID...]", help="elements that may move, e.g. vp_desk,seats1")
    p.add_argument(
        "--movable-kinds",
        default=None,
        metavar="KIND[,KIND...]",
        help="kinds whose elements may move, e.g. staff_desk,call_station,seat_block,post",
    )
    p.add_argument(
        "--draw-posts",
        action="store_true",
        help="draw the lobby posts the scenario's staff stand at that the layout lacks",
    )
    p.add_argument("--budget", type=int, required=True, metavar="N", help="candidates to simulate at most")
    p.add_argument("--aisle-m", type=float, default=1.2, help="the least aisle width on walking routes (default 1.2)")
    p.add_argument("--keep-areas", action="store_true", help="keep fixtures inside areas of their kind")
    p.add_argument("--max-moves", type=int, default=None, metavar="N", help="change at most N elements")
    p.add_argument(
        "--move-cost",
        type=float,
        default=1.0,
        metavar="C",
        help="the cost of each changed element, in minimum effects of gain (default 1)",
    )
    p.add_argument(
        "--no-worse",
        default=None,
        metavar="KPI[=TOL][,...]",
        help="KPIs that may get worse by no more than TOL (default: wait_mean_min within its minimum "
        "effect; 'none' for no guard)",
    )
    p.add_argument(
        "--immovable-kinds",
        default="cash_counter,smart_counter",
        metavar="KIND[,...]",
        help="kinds that never move (default cash_counter,smart_counter: they need cabling; '' for none)",
    )
    p.add_argument("--top", type=int, default=3, help="suggestions to confirm and write (default 3)")
    p.add_argument("--confirm-reps", type=int, default=20, help="replications of the confirmation (default 20)")
    p.add_argument("--trials", type=int, default=None, help="first-stage trials (default 3 x budget, 150-1000)")
    p.add_argument(
        "--sampler",
        choices=("cmaes", "tpe", "nsga2", "random"),
        default="cmaes",
        help="first-stage sampler: optuna's CMA-ES (default) or TPE on the weighted score, or NSGA-II on the "
        "objectives and the number of changes; 'random' is random search",
    )
    p.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same results (default 1)")
    p.add_argument("--out-dir", default=".", metavar="DIR", help="where to write the suggested layouts (default .)")
    p.add_argument("--json", default=None, metavar="OUT", help="write the results as JSON ('-' for stdout)")
    add_analysis_options(p, precision=False)
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    p.add_argument("--cluster", default=None, metavar="tcp://HOST:PORT", help="run the simulations on a Dask cluster")
    p.add_argument("--db", default=None, metavar="FILE.sqlite", help="result store for the confirmation run")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=run)


def settings_from(args):
    from lobbysim.experiments.experiment import parse_days
    from lobbysim.experiments.suggest import Rules, Settings

    return Settings(
        days=tuple(parse_days(args.days)),
        movable=_ids(args.movable),
        movable_kinds=_ids(args.movable_kinds),
        draw_posts=args.draw_posts,
        immovable_kinds=_ids(args.immovable_kinds),
        rules=Rules(aisle_m=args.aisle_m, keep_areas=args.keep_areas, max_moves=args.max_moves),
        budget=args.budget,
        seed=args.seed,
        top=args.top,
        confirm_reps=args.confirm_reps,
        trials=args.trials,
        sampler=args.sampler,
    )


def run(args) -> int:
    from lobbysim.cli._progress import ProgressBar
    from lobbysim.errors import UsageError
    from lobbysim.experiments.experiment import format_table, load_variant
    from lobbysim.experiments.labels import WEEK
    from lobbysim.experiments.suggest import make_objective, suggest

    settings = settings_from(args)
    if WEEK in settings.days:
        raise UsageError("suggest simulates single days; give days such as mon,thu")
    settings.check()
    base = load_variant("input", args.layout, args.scenario)
    analysis = analysis_from_args(args, base)
    objective = make_objective(args.objective, analysis, args.weights, args.no_worse, args.move_cost)
    executor = executor_from(args)
    try:
        with open_store(args) as store:
            res = suggest(
                base,
                objective,
                settings,
                analysis=analysis,
                executor=executor,
                progress=None if args.no_progress else ProgressBar("trials and replications"),
                store=store,
                command=command_line(),
            )
    finally:
        close = getattr(executor, "close", None)
        if close is not None:
            close()
    stem = Path(args.layout).name.removesuffix(".json").removesuffix(".lobby")
    res.write_layouts(args.out_dir, stem)
    if args.json != "-":
        _print(res, format_table)
    if args.json:
        write_json(args.json, res.to_dict())
    return 0


def _print(res, format_table) -> None:
    from lobbysim.experiments.suggest.result import reject_sentence

    s1, s2 = res.stage1, res.stage2
    rejected = sum(s1["rejected"].values())
    print(
        f"first stage ({s1['sampler']}): {s1['trials']:,} trials, {s1['candidates_found']:,} candidates met the "
        f"constraints" + (f"; {reject_sentence(s1['rejected'], rejected)}" if rejected else "")
    )
    print(
        f"second stage: {s2['candidates_simulated']} candidates simulated on the same customers as the input, "
        f"{s2['replications']:,} replications; the best {len(res.suggestions)} confirmed on "
        f"{s2['confirm_reps']} fresh replications a day"
    )
    shown = 0
    for s in res.suggestions:
        if not s.acceptable:
            continue
        shown += 1
        print()
        n = len(s.design.edits)
        print(f"suggestion {s.rank}: gain {s.gain:.1f} minimum effects ({n} change{'s' * (n != 1)}) -> {s.file}")
        for line in s.sentences():
            print(f"  {line}")
        header, rows = res.rows(s)
        print(format_table(header, rows))
    if not shown:
        best = res.suggestions[0] if res.suggestions else None
        tail = f" (the best found: gain {best.gain:.1f} minimum effects)" if best is not None else ""
        print(f"\nno layout found that beats the input on the objectives within the constraints{tail}")
