"""Shared options and output of the experiment commands (compare, assign, sweep, runs)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from lobbysim.errors import UsageError
from lobbysim.model.jsonio import atomic_write_text


def default_store_path() -> Path:
    import platformdirs

    d = Path(platformdirs.user_data_dir("lobbysim", appauthor=False))
    d.mkdir(parents=True, exist_ok=True)
    return d / "results.sqlite"


def add_run_options(p, days_default: str = "mon") -> None:
    p.add_argument("--days", default=days_default, help=f"comma-separated days, e.g. mon,thu (default {days_default})")
    p.add_argument("--reps", type=int, default=10, help="replications per variant and day (default 10)")
    p.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same results (default 1)")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    p.add_argument(
        "--cluster",
        default=None,
        metavar="tcp://HOST:PORT",
        help="run on a Dask distributed cluster instead (needs lobbysim[dask])",
    )
    p.add_argument(
        "--db",
        default=None,
        metavar="FILE.sqlite",
        help="result store to record the run in (default: lobbysim's store in your user data folder)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")


def add_output_options(p) -> None:
    """--json/--xlsx/--csv: where the command's tables go besides the terminal."""
    p.add_argument("--json", default=None, metavar="OUT", help="write the results as JSON ('-' for stdout)")
    p.add_argument("--xlsx", default=None, metavar="OUT", help="write the tables to an Excel workbook")
    p.add_argument("--csv", default=None, metavar="OUT", help="write the tables to a CSV file")


def add_analysis_options(p, precision: bool = True) -> None:
    """--min-effect, and (for commands that run replications) --precision, --max-reps, --precision-kpis."""
    p.add_argument(
        "--min-effect",
        action="append",
        default=None,
        metavar="KPI=VALUE",
        help="the smallest difference worth reporting for a KPI, in its unit (repeatable; "
        "see 'lobbysim kpis' for the defaults)",
    )
    if not precision:
        return
    p.add_argument(
        "--precision",
        type=float,
        default=None,
        metavar="REL",
        help="add replications until every watched KPI's 95%% half-width is at most REL x |mean| "
        "or its minimum effect (e.g. 0.05)",
    )
    p.add_argument(
        "--max-reps",
        type=int,
        default=None,
        metavar="N",
        help="with --precision: stop at N replications at the most (default 200)",
    )
    p.add_argument(
        "--precision-kpis",
        default=None,
        metavar="KPI,...",
        help="with --precision: the KPIs to watch (default: mean wait and the headline staff KPIs)",
    )


def analysis_from_args(args, variant):
    """The analysis settings: the scenario's ``analysis`` section, then --min-effect."""
    from lobbysim.experiments.stats import analysis_from, parse_min_effects

    overrides = parse_min_effects(getattr(args, "min_effect", None))
    return analysis_from(variant.scenario_doc, variant.scenario_path or None, overrides)


def precision_from_args(args, reps: int, pair=None):
    """A Precision for --precision (None without it); bad values are usage errors (exit 2)."""
    from lobbysim.experiments.experiment import DEFAULT_MAX_REPS, Precision
    from lobbysim.experiments.stats import PRECISION_KPIS, parse_kpi_list

    rel = getattr(args, "precision", None)
    if rel is None:
        for opt, value in (("--max-reps", args.max_reps), ("--precision-kpis", args.precision_kpis)):
            if value is not None:
                raise UsageError(f"{opt} goes with --precision REL")
        return None
    kpis = parse_kpi_list(args.precision_kpis, "--precision-kpis", PRECISION_KPIS)
    max_reps = DEFAULT_MAX_REPS if args.max_reps is None else args.max_reps
    p = Precision(rel, kpis, max_reps, pair)
    p.check(reps)
    return p


def open_store(args):
    from lobbysim.experiments.store import ResultStore

    return ResultStore(args.db or default_store_path())


#: the worker pools and cluster connections this command opened; ``lobbysim.cli.main`` closes
#: them when the command ends, so no pool is left to Python's exit hooks (which print a traceback
#: when a worker's pipe is already gone)
OPENED: list = []


def executor_from(args):
    from lobbysim.experiments.runner import make_executor

    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}")
    executor = make_executor(args.workers, getattr(args, "cluster", None))
    OPENED.append(executor)
    return executor


def close_opened() -> None:
    """Close what :func:`executor_from` opened (quietly: the command's result is already out)."""
    while OPENED:
        try:
            OPENED.pop().close()
        except Exception:  # noqa: BLE001 - a pool that cannot be closed cleanly is dropped
            pass


def progress_from(args):
    from lobbysim.cli._progress import ProgressBar

    return None if args.no_progress else ProgressBar()


def write_json(path: str, data) -> None:
    if path == "-":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def command_line() -> str:
    return " ".join(["lobbysim"] + sys.argv[1:])
