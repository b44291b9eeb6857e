"""A progress bar on stderr for long runs (quiet when stderr is not a terminal)."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    def __init__(self, label: str = "replications", stream=None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.label = label
        self.t0 = time.monotonic()
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        fill = int(width * done / max(total, 1))
        self.stream.write(f"\r[{'#' * fill}{'.' * (width - fill)}] {done}/{total} {self.label} {now - self.t0:5.1f} s")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
