"""``lobbysim calibrate LOG... --layout L.lobby.json [--base S.scenario.json] --out NEW.scenario.json
[--json SUMMARY] [--report fit.pdf] [--lang zh|en]``.

Fits a scenario to a branch's queue-machine exports (see :mod:`lobbysim.calib`): writes the base
scenario with the fitted values and a note for each, atomically, after checking that it
validates and can run on the layout; prints what was read, rejected and fitted.
"""

from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser(
        "calibrate",
        help="fit a scenario to queue-machine logs (叫号机导出)",
        description="Fit arrivals, business mix, service times, patience and no-shows to queue-machine "
        "exports (CSV in UTF-8/GBK, XLSX/XLS) and write a calibrated scenario.",
    )
    p.add_argument("logs", nargs="+", metavar="LOG", help="queue-machine exports (CSV, XLSX, XLS)")
    p.add_argument("--layout", required=True, metavar="L.lobby.json", help="the branch's layout")
    p.add_argument(
        "--base",
        default=None,
        metavar="S.scenario.json",
        help="the scenario to start from (default: the bundled sample)",
    )
    p.add_argument("--out", required=True, metavar="NEW.scenario.json", help="the calibrated scenario to write")
    p.add_argument("--json", default=None, metavar="SUMMARY", help="write the fit summary as JSON ('-': stdout)")
    p.add_argument("--report", default=None, metavar="fit.pdf", help="write the fit report (PDF)")
    p.add_argument("--lang", choices=("zh", "en"), default="en", help="language of the report")
    p.add_argument(
        "--columns",
        default=None,
        metavar="FIELD=HEADER,...",
        help="say which column holds what, e.g. issued=取号时间,called=叫号时间",
    )
    p.add_argument(
        "--business-map",
        default=None,
        metavar="VALUE=CODE,...",
        help="map the log's business names to the scenario's codes, e.g. 个人存取款=cash",
    )
    p.add_argument(
        "--window-map",
        default=None,
        metavar="VALUE=FIXTURE,...",
        help="map the log's windows to the layout's counters, e.g. 1=cash1,2=cash2",
    )
    p.add_argument(
        "--machine-log",
        action="append",
        default=None,
        metavar="M.csv",
        help="smart-counter / self-service transactions (device, start, end, business); repeatable",
    )
    p.add_argument(
        "--holdout-days",
        type=int,
        default=None,
        metavar="N",
        help="keep the last N days out of the fit for check-model (default: a fifth, 0 = fit all)",
    )
    p.add_argument(
        "--seed",
        type=int,
        default=1,
        metavar="S",
        help="seed of the simulations that turn tickets into arrivals (default 1)",
    )
    p.set_defaults(func=run)


def run(args) -> int:
    from lobbysim.calib.calibrate import calibrate
    from lobbysim.calib.output import write_scenario
    from lobbysim.calib.summary import text_lines
    from lobbysim.model.fileformat import load_layout
    from lobbysim.sim.scenario import load_scenario

    layout = load_layout(args.layout)
    if args.base is None:
        from lobbysim.samples import DEFAULT_SCENARIO, sample_file

        args.base = str(sample_file(DEFAULT_SCENARIO))
    base = load_scenario(args.base)
    base.check_against(layout)
    cal = calibrate(
        args.logs,
        layout,
        base,
        columns=args.columns,
        business_map=args.business_map,
        window_map=args.window_map,
        holdout=args.holdout_days,
        seed=args.seed,
        machine_logs=args.machine_log,
    )
    if args.report:
        from lobbysim.calib.figures import write_fit_report
        from lobbysim.calib.reading import fixture_kinds

        write_fit_report(cal, args.report, args.lang, fixture_kinds(layout))
    write_scenario(cal.doc, args.out, layout)
    if args.json:
        text = json.dumps(cal.summary, ensure_ascii=False, indent=1)
        if args.json == "-":
            print(text)
        else:
            from lobbysim.model.jsonio import atomic_write_text

            atomic_write_text(args.json, text + "\n")
    out = sys.stderr if args.json == "-" else sys.stdout
    for line in text_lines(cal.summary):
        print(line, file=out)
    print(f"wrote {args.out}", file=out)
    return 0
