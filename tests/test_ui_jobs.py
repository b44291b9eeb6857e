"""The editor's background-job runner: results and progress on the GUI thread, cancel, jobs tied
to the document they were started on, one job at a time, and a shutdown that ends in time."""

from __future__ import annotations

import threading
import time

import pytest

from lobbysim.errors import LobbysimError
from lobbysim.ui.jobs import CANCELLED, DETACHED, DONE, FAILED, JobRunner


class Doc:
    """A stand-in for the open document: the runner compares documents by identity."""


@pytest.fixture
def runner(qtbot):
    state = {"doc": Doc()}
    r = JobRunner(document=lambda: state["doc"])
    r.state = state
    yield r
    r.shutdown(5.0)


def _until_cancelled(progress, cancel):
    """Work that reports progress until it is stopped (with a deadline, so a broken cancel fails)."""
    deadline = time.monotonic() + 10
    i = 0
    while time.monotonic() < deadline:
        i += 1
        progress(i, 1_000_000)
        time.sleep(0.005)
    return "not cancelled"


@pytest.mark.qt_log_level_fail("WARNING")
def test_result_and_progress_arrive_on_the_gui_thread(runner, qtbot):
    seen = {"progress": [], "threads": set()}

    def work(progress, cancel):
        for i in range(1, 4):
            progress(i, 3)
        return threading.current_thread().name

    runner.progressed.connect(lambda d, t: seen["progress"].append((d, t, threading.current_thread())))
    ended = []
    job = runner.start(
        "sum",
        work,
        on_done=lambda r: seen.update(result=r, done_thread=threading.current_thread()),
        on_end=lambda j: ended.append((j.state, threading.current_thread())),
    )
    assert job is not None and runner.running
    with qtbot.waitSignal(runner.finished, timeout=5000):
        pass
    main = threading.main_thread()
    assert seen["result"] == "lobbysim-sum"  # the work ran in the worker thread ...
    assert seen["done_thread"] is main  # ... its result came back on the GUI thread
    assert [p[:2] for p in seen["progress"]] == [(1, 3), (2, 3), (3, 3)]
    assert all(p[2] is main for p in seen["progress"])
    assert ended == [(DONE, main)] and job.state == DONE and not runner.running
    assert runner.last is job and job.result == "lobbysim-sum"


def test_one_job_at_a_time(runner, qtbot):
    gate = threading.Event()
    first = runner.start("first", lambda p, c: gate.wait(5) and 1)
    assert first is not None
    assert runner.start("second", lambda p, c: 2) is None  # busy: nothing started
    gate.set()
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert first.state == DONE and first.result == 1
    second = runner.start("second", lambda p, c: 2)
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert second.state == DONE and second.result == 2


def test_cancel_stops_a_job_that_only_reports_progress(runner, qtbot):
    done = []
    job = runner.start("long", _until_cancelled, on_done=done.append)
    qtbot.waitUntil(lambda: job.done > 3, timeout=5000)
    t0 = time.monotonic()
    assert runner.cancel()
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert time.monotonic() - t0 < 2
    assert job.state == CANCELLED and not done and "cancelled" in job.message
    assert not runner.cancel()  # nothing left to cancel


def test_errors_become_one_line_and_never_a_traceback(runner, qtbot):
    def bad_input(progress, cancel):
        raise LobbysimError("field 'x' must be a number", path="s.json")

    def bug(progress, cancel):
        return {}["missing"]

    job = runner.start("bad", bad_input)
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert job.state == FAILED and job.message == "s.json: field 'x' must be a number"
    job = runner.start("bug", bug)
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert job.state == FAILED and job.message == "KeyError: 'missing'"


def test_a_failing_result_handler_is_reported_as_a_failure(runner, qtbot):
    def show(result):
        raise ValueError("cannot show")

    job = runner.start("x", lambda p, c: 1, on_done=show)
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert job.state == FAILED and job.message == "ValueError: cannot show"


def test_a_result_for_a_document_no_longer_open_is_dropped(runner, qtbot):
    gate = threading.Event()
    done = []
    job = runner.start("run", lambda p, c: gate.wait(5) and "old result", on_done=done.append)
    runner.state["doc"] = Doc()  # another drawing was opened meanwhile
    gate.set()
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert job.state == DETACHED and not done


def test_detach_cancels_and_says_why(runner, qtbot):
    done, ended = [], []
    job = runner.start("run", _until_cancelled, on_done=done.append, on_end=ended.append)
    qtbot.waitUntil(lambda: job.done > 0, timeout=5000)
    assert runner.detach("another drawing was opened")
    qtbot.waitUntil(lambda: not runner.running, timeout=5000)
    assert job.state == DETACHED and job.message == "another drawing was opened"
    assert not done and ended == [job]


def test_shutdown_ends_a_running_job_in_time(runner, qtbot):
    ended = []
    job = runner.start("long", _until_cancelled, on_end=ended.append)
    qtbot.waitUntil(lambda: job.done > 0, timeout=5000)
    t0 = time.monotonic()
    assert runner.shutdown(5.0)
    assert time.monotonic() - t0 < 2
    assert not runner.running and job.state == DETACHED and ended == [job]
    qtbot.wait(50)  # the worker's last queued signal arrives after the shutdown and is ignored
    assert ended == [job]


def test_the_pool_is_started_once_and_closed_by_shutdown_unless_lent(qtbot):
    from lobbysim.experiments.runner import LocalPoolExecutor

    r = JobRunner()
    ex = r.executor()
    assert isinstance(ex, LocalPoolExecutor) and r.executor() is ex
    r.shutdown(1.0)
    assert r.executor() is not ex  # a new pool after a shutdown
    r.shutdown(1.0)
    lent = LocalPoolExecutor(1)
    r.use_executor(lent)
    r.shutdown(1.0)
    assert r.executor() is lent  # the lender closes its own pool
