"""What a frozen lobbysim (the PyInstaller bundle) needs before anything else runs.

* ``multiprocessing.freeze_support()``: a worker process of a frozen program starts by running
  the program itself; without this call it would run the command line again (and a launcher that
  ignores its arguments multiplies itself).
* matplotlib's cache in the per-user cache folder (``platformdirs``), not a new temporary folder
  per launch (PyInstaller's default), so the font list is built once, not at every start.
* the bundled Chinese font: the bundle ships one CJK font file in ``lobbysim/fonts/``
  (see ``packaging/lobbysim.spec``); :mod:`lobbysim.fonts` looks there after the system fonts.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def bundle_dir() -> Path | None:
    """The folder the bundle unpacked its data into (None when not frozen)."""
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) if base else None


def prepare() -> None:
    """Call first thing in every entry point (harmless when not frozen)."""
    multiprocessing.freeze_support()
    if not is_frozen():
        return
    import platformdirs

    cache = Path(platformdirs.user_cache_dir("lobbysim", appauthor=False)) / "matplotlib"
    cache.mkdir(parents=True, exist_ok=True)
    os.environ["MPLCONFIGDIR"] = str(cache)
