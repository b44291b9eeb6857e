"""``lobbysim report A.lobby.json B.lobby.json --scenario S --out report.pdf``: the leadership report."""

from __future__ import annotations

import sys

from lobbysim.cli._experiments import add_analysis_options, analysis_from_args, precision_from_args
from lobbysim.cli.robustness import add_robustness_option, check_robustness_option


def register(sub) -> None:
    p = sub.add_parser(
        "report",
        help="before-and-after report for leadership (PDF, PNG, SVG)",
        description="Simulate A and B on the same customers and write a multi-page PDF: title "
        "page, floor plans, customer flow charts, staff spaghetti diagrams, occupancy "
        "heat maps, waits, staff time use, the KPI table and the findings.",
    )
    p.add_argument("layout_a", metavar="A.lobby.json")
    p.add_argument("layout_b", metavar="B.lobby.json")
    p.add_argument("--scenario", required=True, metavar="S")
    p.add_argument("--scenario-b", default=None, metavar="S2", help="a different scenario for B")
    p.add_argument("--days", default="mon,thu", help="comma-separated days, or week (default mon,thu)")
    p.add_argument("--reps", type=int, default=5, help="replications per variant and day (default 5)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--lang", choices=("zh", "en", "both"), default="zh", help="labels (default zh)")
    p.add_argument("--out", required=True, metavar="report.pdf")
    p.add_argument("--png-dir", default=None, metavar="DIR", help="also write each figure as PNG here")
    p.add_argument("--svg-dir", default=None, metavar="DIR", help="also write each figure as SVG here")
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--no-progress", action="store_true")
    add_robustness_option(p, "page")
    add_analysis_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from lobbysim.cli._experiments import executor_from, progress_from
    from lobbysim.cli.robustness import robustness_of
    from lobbysim.experiments.experiment import check_reps, load_variant, parse_days
    from lobbysim.report.document import check_output, make_report

    days = parse_days(args.days)
    reps = check_reps(args.reps)
    check_robustness_option(args)
    precision = precision_from_args(args, reps, pair=("A", "B"))
    out = Path(args.out)
    check_output(out, args.png_dir, args.svg_dir)
    a = load_variant("A", args.layout_a, args.scenario)
    b = load_variant("B", args.layout_b, args.scenario_b or args.scenario)
    args.cluster = None
    analysis = analysis_from_args(args, a)
    executor = executor_from(args)
    robust = None if args.robustness is None else robustness_of(args, a, b, days, reps, analysis, executor)
    res = make_report(
        a,
        b,
        days,
        reps,
        args.seed,
        out,
        lang=args.lang,
        png_dir=args.png_dir,
        svg_dir=args.svg_dir,
        executor=executor,
        progress=progress_from(args),
        analysis=analysis,
        precision=precision,
        robustness=robust,
    )
    print(f"{out}: {res['pages']} pages")
    for s in res["findings"]:
        print(f"  - {s}")
    if args.png_dir:
        print(f"PNG figures in {args.png_dir}", file=sys.stderr)
    return 0
