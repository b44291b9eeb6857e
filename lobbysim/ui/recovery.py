"""Recovery copies: unsaved work written aside every 30 s, and offered again after a crash.

A copy is ``<file>.<pid>.lobby.json`` in the recovery folder, beside a ``.origin`` file naming
the saved file it started from. A clean document has no copy; saving or closing drops it. When
the editor starts, copies left by editors that are no longer running are offered: the saved
file is opened and the recovered edits laid over it as one undoable step.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

from lobbysim.errors import LobbysimError
from lobbysim.model import commands as C
from lobbysim.model.fileformat import load_layout, save_layout
from lobbysim.model.layout import Layout

from .settings import recovery_dir

INTERVAL_MS = 30_000


class RecoveryCopies(QObject):
    """The recovery copy of one editor window's document."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()

    def path(self) -> Path:
        """Where the copy of the window's document goes."""
        p = self.window.path
        stem = Path(p).name.replace(".lobby.json", "") if p else "untitled"
        return recovery_dir() / f"{stem}.{os.getpid()}.lobby.json"

    def autosave(self) -> None:
        """Write a copy of unsaved work; a clean document has none."""
        w = self.window
        if w.undo_stack.isClean():
            self.drop()
            return
        try:
            save_layout(w.layout, self.path())
            self.path().with_suffix(".origin").write_text(w.path or "", "utf-8")
        except (LobbysimError, OSError):
            pass  # a copy that cannot be written must not disturb the work itself

    def drop(self) -> None:
        for p in (self.path(), self.path().with_suffix(".origin")):
            try:
                p.unlink()
            except OSError:
                pass

    def stop(self) -> None:
        self.timer.stop()
        self.drop()

    def offer(self) -> bool:
        """After a crash: offer the copies left behind by editors that are gone; True when one
        was recovered (the window then shows its saved file with the edits on top, unsaved)."""
        w = self.window
        for p in sorted(recovery_dir().glob("*.lobby.json")):
            if not _left_by_a_dead_editor(p) or not w.ask_recover(p):
                continue
            try:
                layout = load_layout(p)
            except LobbysimError as exc:
                w.show_error(str(exc))
                continue
            origin = p.with_suffix(".origin")
            src = origin.read_text("utf-8") if origin.exists() else ""
            base = None
            if src and Path(src).exists():
                try:
                    base = load_layout(src)
                except LobbysimError:
                    src = ""  # the saved file is broken now: recover on an empty drawing
            w.set_layout(base or Layout(), src or None)
            w.push(C.ReplaceContent(w.layout, layout))  # the recovered edits as one undoable step
            for q in (p, origin):
                try:
                    q.unlink()
                except OSError:
                    pass
            return True
        return False


def _left_by_a_dead_editor(path: Path) -> bool:
    try:
        pid = int(path.name.split(".")[-3])
    except (ValueError, IndexError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False  # that editor is still running


__all__ = ["RecoveryCopies", "INTERVAL_MS"]
