"""The frame of a dialog that runs one background job on its own :class:`~lobbysim.ui.jobs.JobRunner`
(the deck export, the queue-log import, the robustness analysis): a progress bar, Run and Cancel
buttons, the end of the job shown the same way, and the job stopped when the dialog closes.

The frame makes ``self.runner`` (a JobRunner tied to the window's drawing, its progress sent to the
subclass's ``_progress``); a subclass builds ``self.progress`` (QProgressBar), ``self.run_button``
and ``self.cancel_button`` (QPushButton) and calls :meth:`show_job_end` from its job's end.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog


class JobDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        from .jobs import JobRunner

        self.window_ = window
        self.lang = "zh" if getattr(window, "lang", "en") == "zh" else "en"
        self.runner = JobRunner(self, document=lambda: getattr(self.window_, "layout", None))
        self.runner.progressed.connect(self._progress)

    def _progress(self, done: int, total: int) -> None:  # pragma: no cover - every subclass has its own
        raise NotImplementedError

    def show_job_end(self, job, cancelled: str, say: Callable[[str], None]) -> None:
        """Reset the progress bar and buttons; say ``cancelled`` or the failure's one line."""
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if job.state == "done" else 0)
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if job.state == "cancelled":
            say(cancelled)
        elif job.state == "failed":
            say(job.message)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.runner.shutdown()
        super().closeEvent(event)
