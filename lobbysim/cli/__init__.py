"""The ``lobbysim`` command line.

Each sub-command lives in its own module of this package and exposes
``register(subparsers)``; the module list below fixes the order shown in ``--help``.
Errors caused by input are :class:`lobbysim.errors.LobbysimError`: printed as one line
on stderr with the error's exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
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
    "suggest",
    "sweep",
    "robustness",
    "runs",
    "migrate",
    "report",
    "deck",
    "kpis",
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
    """Run one command and return its exit code: 0 = done, 1 = invalid input, 2 = unreadable
    input or a wrong call, 130 = interrupted.

    A reader that goes away (``lobbysim compare … | head``) ends the command quietly with the
    code it had reached (0 while it was still printing): no traceback, and no "Exception
    ignored … Broken pipe" from Python's last flush at exit.
    """
    from lobbysim.frozen import prepare

    prepare()  # freeze_support(): in a frozen bundle, a worker process starts here and must not run a command
    code = 0
    try:
        code = _run(argv)
        sys.stdout.flush()  # here, not at exit: a closed pipe is noticed while it can be handled
        return code
    except BrokenPipeError:
        _discard_output()
        return code


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version or a wrong call: argparse has printed it
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    try:
        return int(args.func(args) or 0)
    except LobbysimError as exc:
        print(f"lobbysim: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("lobbysim: interrupted", file=sys.stderr)
        return 130
    finally:
        from lobbysim.cli._experiments import close_opened

        close_opened()


def _discard_output() -> None:
    """Send what is still buffered for stdout and stderr to the null device (the pipe is gone)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
    except OSError:  # pragma: no cover - no null device
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(null, stream.fileno())
        except (OSError, ValueError, AttributeError):  # not a real file (captured in tests)
            pass
    os.close(null)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
