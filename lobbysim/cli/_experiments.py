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


def open_store(args):
    from lobbysim.experiments.store import ResultStore

    return ResultStore(args.db or default_store_path())


def executor_from(args):
    from lobbysim.experiments.runner import make_executor

    if args.workers is not None and args.workers < 1:
        raise UsageError(f"--workers must be at least 1, got {args.workers}")
    return make_executor(args.workers, args.cluster)


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
