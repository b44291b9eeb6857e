"""``lobbysim-gui``: the editor as a windowed program (no console window on Windows).

A windowed program may have no standard output or error at all (``sys.stdout is None`` under
pythonw or a frozen windowed executable): anything that would be printed — warnings, progress,
a crash report — goes to ``lobbysim-gui.log`` in the platform's log folder instead, and nothing
ever writes to a missing stream.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path


def log_dir() -> Path:
    """Where the windowed program writes its log (LOBBYSIM_LOG_DIR overrides)."""
    import platformdirs

    d = Path(os.environ.get("LOBBYSIM_LOG_DIR") or platformdirs.user_log_dir("lobbysim", appauthor=False))
    d.mkdir(parents=True, exist_ok=True)
    return d


def _redirect_missing_streams(log_file: Path) -> None:
    """Point a missing stdout/stderr at the log file (line-buffered, so a crash report is kept)."""
    if sys.stdout is not None and sys.stderr is not None:
        return
    stream = open(log_file, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream


def main(argv: list[str] | None = None) -> int:
    from lobbysim.frozen import prepare

    prepare()  # a frozen program's worker processes start here too
    log_file = log_dir() / "lobbysim-gui.log"
    _redirect_missing_streams(log_file)
    logging.basicConfig(
        filename=str(log_file),
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("lobbysim").info("lobbysim-gui started: %s", " ".join(sys.argv))
    from lobbysim.cli import main as cli_main

    args = list(sys.argv[1:] if argv is None else argv)
    return cli_main(["gui", *args])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
