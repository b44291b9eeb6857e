"""``lobbysim deck A.lobby.json B.lobby.json --scenario S --out deck.pptx``: the leadership deck."""

from __future__ import annotations

import sys

from lobbysim.cli._experiments import add_analysis_options, analysis_from_args, precision_from_args
from lobbysim.cli.robustness import add_robustness_option, check_robustness_option


def register(sub) -> None:
    p = sub.add_parser(
        "deck",
        help="before-and-after deck for leadership (editable PowerPoint, 16:9)",
        description="Simulate A and B on the same customers and write an editable PowerPoint deck: "
        "title, the case in three bullets, the plans side by side, per day the customer flow chart, "
        "staff spaghetti diagram, heat maps, waits, staff time use and the KPI table (a native table "
        "with verdict colours), the findings as bullets, and an appendix (KPI glossary, the scenario "
        "and where its values come from). The numbers are those of the report and of compare --json.",
    )
    p.add_argument("layout_a", metavar="A.lobby.json")
    p.add_argument("layout_b", metavar="B.lobby.json")
    p.add_argument("--scenario", required=True, metavar="S")
    p.add_argument("--scenario-b", default=None, metavar="S2", help="a different scenario for B")
    p.add_argument("--days", default="mon,thu", help="comma-separated days, or week (default mon,thu)")
    p.add_argument(
        "--reps", type=int, default=10, help="replications per variant and day (default 10; with --precision: to start)"
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the slides (default zh)")
    p.add_argument(
        "--template",
        default=None,
        metavar="client.pptx",
        help="a deck or template (.pptx, .potx) whose master and layouts to use (title, title and content, "
        "two content; found by their placeholders); without it, or when it lacks them, the built-in style",
    )
    p.add_argument(
        "--ea-font",
        default="Microsoft YaHei",
        metavar="NAME",
        help="typeface of Chinese text, named on every run as its East-Asian font (default Microsoft YaHei, 微软雅黑)",
    )
    p.add_argument("--latin-font", default="Arial", metavar="NAME", help="typeface of Latin text (default Arial)")
    p.add_argument("--out", required=True, metavar="deck.pptx")
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--no-progress", action="store_true")
    add_robustness_option(p, "slides")
    add_analysis_options(p)
    p.set_defaults(func=run)


def run(args) -> int:
    from lobbysim.cli._experiments import executor_from, progress_from
    from lobbysim.cli.robustness import robustness_of
    from lobbysim.errors import UsageError
    from lobbysim.experiments.experiment import check_reps, load_variant, parse_days
    from lobbysim.report.deck import DeckFonts, check_deck_output, make_deck
    from lobbysim.report.deck.template import open_deck
    from lobbysim.report.document import compute_report

    days = parse_days(args.days)
    reps = check_reps(args.reps)
    precision = precision_from_args(args, reps, pair=("A", "B"))
    check_robustness_option(args)
    for opt, name in (("--ea-font", args.ea_font), ("--latin-font", args.latin_font)):
        if not name.strip():
            raise UsageError(f"{opt} needs a typeface name")
    check_deck_output(args.out)
    open_deck(args.template)  # a missing template is refused before anything is simulated
    a = load_variant("A", args.layout_a, args.scenario)
    b = load_variant("B", args.layout_b, args.scenario_b or args.scenario)
    args.cluster = None
    analysis, executor = analysis_from_args(args, a), executor_from(args)
    robust = None if args.robustness is None else robustness_of(args, a, b, days, reps, analysis, executor)
    data = compute_report(
        a,
        b,
        days,
        reps,
        args.seed,
        executor=executor,
        progress=progress_from(args),
        analysis=analysis,
        precision=precision,
    )
    data.robustness = robust
    res = make_deck(
        data,
        args.out,
        lang=args.lang,
        template=args.template,
        fonts=DeckFonts(args.ea_font.strip(), args.latin_font.strip()),
    )
    for notice in res["notices"]:
        print(notice, file=sys.stderr)
    print(f"{args.out}: {res['slides']} slides, {res['pictures']} figures")
    return 0
