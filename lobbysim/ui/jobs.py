"""Background jobs of the editor: the one way work that would block the window (simulate,
compare, assign staff to posts, export a report or figures) runs off the GUI thread.

A *job* is a plain function ``work(progress, cancel) -> result``: ``progress(done, total)``
reports how far it is, ``cancel`` is a ``threading.Event`` it may poll. A
:class:`JobRunner` runs one job at a time in a worker thread and guarantees:

- **results on the GUI thread**: progress, the result and any error travel back as queued Qt
  signals, so every callback (``on_done``, ``on_end``) runs on the GUI thread and may touch
  widgets; nothing the job does reaches a widget from the worker thread;
- **cancel**: :meth:`JobRunner.cancel` sets the job's event, and ``progress`` raises
  :class:`~lobbysim.experiments.runner.Cancelled` once it is set, so any job that reports
  progress stops at its next step even if it never looks at the event;
- **tied to its document**: a job remembers the document it was started on (the runner asks
  ``document()``, the editor's open drawing). When another document is opened, the window calls
  :meth:`JobRunner.detach`: the job is cancelled and its result is never delivered; a result
  that arrives for a document that is no longer open is dropped the same way;
- **a clean end**: :meth:`JobRunner.shutdown` cancels the job, waits for the thread (a few
  seconds at most) and closes the process pool the runner started, so closing the window
  during a run exits cleanly.

The runner also lends its worker processes (:meth:`JobRunner.executor`, a pool started on
first use and kept between jobs) to jobs that run replications.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from lobbysim.errors import LobbysimError
from lobbysim.experiments.runner import Cancelled

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
Work = Callable[[Progress, threading.Event], Any]

RUNNING, DONE, FAILED, CANCELLED, DETACHED = "running", "done", "failed", "cancelled", "detached"


@dataclass(eq=False)
class Job:
    """One piece of background work and how it ended."""

    name: str
    #: the document the job was started on (its result is delivered only while it is open)
    document: object
    cancel_event: threading.Event = field(default_factory=threading.Event)
    #: running, done, failed, cancelled or detached (cancelled because its document was closed)
    state: str = RUNNING
    result: Any = None
    #: the one-line message of a failed job, or why a detached job was stopped
    message: str = ""
    done: int = 0
    total: int = 0
    on_done: Callable[[Any], None] | None = None
    on_end: Callable[[Job], None] | None = None
    detached: bool = False

    @property
    def ended(self) -> bool:
        return self.state != RUNNING


class _Relay(QObject):
    """Lives on the GUI thread; the worker thread emits these, Qt queues them to the runner."""

    progress = Signal(object, int, int)
    ended = Signal(object, str, object)


class JobRunner(QObject):
    """Runs one :class:`Job` at a time off the GUI thread (see the module's description)."""

    #: a job started
    started = Signal(object)
    #: (done, total) of the running job, on the GUI thread
    progressed = Signal(int, int)
    #: a job ended (done, failed, cancelled or detached), after its own callbacks ran
    finished = Signal(object)

    def __init__(self, parent: QObject | None = None, document: Callable[[], object] | None = None):
        super().__init__(parent)
        self._document = document or (lambda: None)
        self._job: Job | None = None
        self._thread: threading.Thread | None = None
        self._executor: Any = None
        self._own_executor = False
        self._relay = _Relay(self)
        # queued on purpose: even a signal sent from the GUI thread arrives through the event loop
        self._relay.progress.connect(self._on_progress, Qt.QueuedConnection)
        self._relay.ended.connect(self._on_ended, Qt.QueuedConnection)
        #: the last job that ended (for status lines and tests)
        self.last: Job | None = None

    # --- state ------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """True from :meth:`start` until the worker thread has ended and the job's end was delivered."""
        return self._job is not None

    @property
    def current(self) -> Job | None:
        return self._job

    # --- worker processes ---------------------------------------------------------------------------
    def executor(self):
        """The process pool replications run on (started on first use, kept between jobs)."""
        if self._executor is None:
            from lobbysim.experiments.runner import LocalPoolExecutor, choose_start_method

            # the editor runs threads: its workers never start by fork (see choose_start_method)
            self._executor = LocalPoolExecutor(start_method=choose_start_method(threads=True))
            self._own_executor = True
        return self._executor

    def use_executor(self, executor) -> None:
        """Run replications on this executor (its owner closes it; tests share one pool)."""
        self._executor, self._own_executor = executor, False

    # --- starting and stopping ------------------------------------------------------------------------
    def start(
        self,
        name: str,
        work: Work,
        on_done: Callable[[Any], None] | None = None,
        on_end: Callable[[Job], None] | None = None,
    ) -> Job | None:
        """Start ``work`` in a worker thread; ``on_done(result)`` runs on the GUI thread when it
        succeeds and its document is still open, ``on_end(job)`` after any end. None (nothing
        started) while another job runs."""
        if self._job is not None:
            return None
        job = Job(name, self._document(), on_done=on_done, on_end=on_end)
        self._job = job
        relay = self._relay

        def progress(done: int, total: int) -> None:
            relay.progress.emit(job, int(done), int(total))
            if job.cancel_event.is_set():
                raise Cancelled()

        def run() -> None:
            try:
                result = work(progress, job.cancel_event)
            except Cancelled as exc:
                relay.ended.emit(job, CANCELLED, str(exc))
            except LobbysimError as exc:
                relay.ended.emit(job, CANCELLED if job.cancel_event.is_set() else FAILED, str(exc))
            except Exception as exc:  # noqa: BLE001 - reported to the user, never a silent crash
                log.exception("background job %s failed", name)
                relay.ended.emit(job, FAILED, f"{type(exc).__name__}: {exc}")
            else:
                relay.ended.emit(job, DONE, result)

        self._thread = threading.Thread(target=run, name=f"lobbysim-{name}", daemon=True)
        self.started.emit(job)
        self._thread.start()
        return job

    def cancel(self) -> bool:
        """Ask the running job to stop (it ends as 'cancelled'); False when nothing runs."""
        if self._job is None:
            return False
        self._job.cancel_event.set()
        return True

    def detach(self, message: str = "") -> bool:
        """The job's document was closed: cancel the job and never deliver its result; it ends as
        'detached' with ``message``. False when nothing runs."""
        job = self._job
        if job is None:
            return False
        job.detached = True
        job.message = message
        job.cancel_event.set()
        return True

    def wait(self, timeout_s: float) -> bool:
        """Wait (blocking) up to ``timeout_s`` for the worker thread to end; True when it has."""
        t = self._thread
        if t is not None:
            t.join(timeout_s)
            return not t.is_alive()
        return True

    def shutdown(self, timeout_s: float = 4.0) -> bool:
        """Cancel the job, wait for its thread and close the pool this runner started (the
        window is closing). True when everything stopped in time."""
        job = self._job
        if job is not None:
            job.detached = True
            job.cancel_event.set()
        stopped = self.wait(timeout_s)
        if stopped and job is not None and self._job is job:
            self._finish(job, DETACHED, None)
        if self._own_executor and self._executor is not None:
            try:
                self._executor.close()
            except Exception:  # noqa: BLE001 - a pool that cannot close cleanly is killed with the process
                log.exception("closing the worker pool failed")
            self._executor = None
            self._own_executor = False
        return stopped

    # --- delivery on the GUI thread -------------------------------------------------------------------
    @Slot(object, int, int)
    def _on_progress(self, job: Job, done: int, total: int) -> None:
        if job is self._job and not job.detached:
            job.done, job.total = done, total
            self.progressed.emit(done, total)

    @Slot(object, str, object)
    def _on_ended(self, job: Job, state: str, payload: object) -> None:
        if job is not self._job:  # already ended (shut down)
            return
        if self._thread is not None:
            self._thread.join(1.0)  # it has emitted its last signal: it ends now
        self._finish(job, state, payload)

    def _finish(self, job: Job, state: str, payload: object) -> None:
        self._job, self._thread = None, None
        if job.detached or job.document is not self._document():
            job.state = DETACHED
        else:
            job.state = state
            if state == DONE:
                job.result = payload
            else:
                job.message = str(payload or "")
        self.last = job
        if job.state == DONE and job.on_done is not None:
            try:
                job.on_done(job.result)
            except Exception as exc:  # noqa: BLE001 - a result that cannot be shown is reported, never a crash
                log.exception("showing the result of %s failed", job.name)
                job.state, job.message = FAILED, f"{type(exc).__name__}: {exc}"
        if job.on_end is not None:
            job.on_end(job)
        self.finished.emit(job)


__all__ = ["Job", "JobRunner", "RUNNING", "DONE", "FAILED", "CANCELLED", "DETACHED"]
