"""``lobbysim check-model LOG --layout L --scenario S [--holdout-days N | --days DATES] [--reps R]
[--report OUT.pdf] [--json OUT]``.

Replays logged days through the model on the layout and compares with the log (see
:mod:`lobbysim.calib.check`). By default it judges the days ``calibrate`` held out (the last
fifth of the log's days), so the check is not flattered by the days that were fitted.
"""

from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser(
        "check-model",
        help="replay logged days through the model and compare with the queue log",
        description="Replay the logged arrivals of some days through the model on the layout and compare "
        "waits, services per window, skips and the longest queue with what the log observed.",
    )
    p.add_argument("logs", nargs="+", metavar="LOG", help="the queue-machine export(s)")
    p.add_argument("--layout", required=True, metavar="L", help="the branch's layout")
    p.add_argument("--scenario", required=True, metavar="S", help="the (calibrated) scenario")
    g = p.add_mutually_exclusive_group()
    g.add_argument(
        "--holdout-days",
        type=int,
        default=None,
        metavar="N",
        help="judge the last N days of the log (default: the days calibrate held out, a fifth)",
    )
    g.add_argument("--days", default=None, metavar="DATES", help="judge these dates, e.g. 2024-09-23,2024-09-24")
    p.add_argument("--reps", type=int, default=20, metavar="R", help="replications per day (default 20)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    p.add_argument("--report", default=None, metavar="OUT.pdf", help="write the check report (PDF)")
    p.add_argument("--json", default=None, metavar="OUT", help="write the comparison as JSON ('-': stdout)")
    p.add_argument("--lang", choices=("zh", "en"), default="en", help="language of the table and report")
    p.add_argument("--columns", default=None, metavar="FIELD=HEADER,...", help="as for calibrate")
    p.add_argument("--business-map", default=None, metavar="VALUE=CODE,...", help="as for calibrate")
    p.add_argument("--window-map", default=None, metavar="VALUE=FIXTURE,...", help="as for calibrate")
    p.set_defaults(func=run)


def run(args) -> int:
    from lobbysim.calib.check import check_model, judged_days, text_table
    from lobbysim.calib.output import plain
    from lobbysim.calib.reading import read_logs
    from lobbysim.errors import UsageError
    from lobbysim.model.fileformat import load_layout
    from lobbysim.sim.scenario import load_scenario

    if args.reps < 1:
        raise UsageError("--reps must be at least 1")
    layout = load_layout(args.layout)
    scenario = load_scenario(args.scenario)
    scenario.check_against(layout)
    log = read_logs(args.logs, layout, scenario, args.columns, args.business_map, args.window_map)
    dates = [d.strip() for d in args.days.split(",") if d.strip()] if args.days else None
    days = judged_days(log, args.holdout_days, dates)
    res = check_model(log, layout, scenario, days, args.reps, args.seed)
    overlap = [d for d in res["days"] if d in str(scenario.notes.get("calibration", "")).split("held out")[0]]
    if overlap:
        res["in_sample_days"] = overlap
    if args.report:
        from lobbysim.calib.figures import write_check_report

        write_check_report(res, args.report, args.lang)
    if args.json:
        text = json.dumps(plain(res), ensure_ascii=False, indent=1, allow_nan=True).replace("NaN", "null")
        if args.json == "-":
            print(text)
        else:
            from lobbysim.model.jsonio import atomic_write_text

            atomic_write_text(args.json, text + "\n")
    out = sys.stderr if args.json == "-" else sys.stdout
    if overlap:
        print(f"warning: {', '.join(overlap)} were used to fit this scenario: an in-sample check flatters", file=out)
    for line in text_table(res, args.lang):
        print(line, file=out)
    return 0
