"""The ``lobbysim`` command line.

Each sub-command lives in its own module of this package and exposes
``register(subparsers)``; the module list below fixes the order shown in ``--help``.
Errors caused by input are :class:`lobbysim.errors.LobbysimError`: printed as one line
on stderr with the error's exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from lobbysim import __version__
from lobbysim.errors import LobbysimError

#: sub-command modules, in the order of ``lobbysim --help``
COMMAND_MODULES = (
    "validate",
    "info",
    "paths",
    "run",
    "compare",
    "assign",
    "sweep",
    "runs",
    "report",
    "calibrate",
    "check_model",
    "gui",
    "samples",
)


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit code 2 and one line, like our own errors."""

    def error(self, message: str) -> None:  # pragma: no cover - argparse path exercised via CLI tests
        self.exit(2, f"lobbysim: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lobbysim", description="Bank-branch lobby editor and flow simulator.")
    parser.add_argument("--version", action="version", version=f"lobbysim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(f"lobbysim.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code = args.func(args)
    except LobbysimError as exc:
        print(f"lobbysim: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("lobbysim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `lobbysim paths ... | head`
        return 0
    return int(code or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
