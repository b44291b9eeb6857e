"""Running replications: the same tasks on a local process pool or a Dask cluster.

A *job* names the variants to run (a layout and a scenario each, as plain documents so that
they travel to worker processes cheaply and exactly); a *task* is one replication of one
variant on one day with one seed. A task's result depends only on the task and the job,
never on which worker ran it or in which order, so the tables are identical with 1 worker,
2 workers or a cluster. Workers build each variant's layout, scenario and walking graph
once and reuse them for all their tasks.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Protocol

from lobbysim.errors import LobbysimError, UsageError

from .labels import DAYS

__all__ = [
    "DAYS",
    "Cancelled",
    "Job",
    "Task",
    "TaskResult",
    "Variant",
    "make_tasks",
    "make_executor",
    "choose_start_method",
]

#: environment variable that forces the worker processes' start method (``fork``, ``forkserver`` or
#: ``spawn``), e.g. to run the test suite the way Windows and macOS start workers
START_METHOD_ENV = "LOBBYSIM_START_METHOD"


def choose_start_method(threads: bool = False) -> str:
    """How worker processes start: the one place that decides, for the CLI, the editor and the search.

    ``fork`` is the cheapest (workers inherit the built layouts and walking graphs), but forking a
    process that runs other threads (the editor: Qt's threads and the job's worker thread) can
    copy a lock in a held state, and macOS' system libraries are not fork-safe. So: ``fork`` for
    the single-threaded command line on Linux; ``forkserver`` (a clean single-threaded server
    forks the workers) for the editor where it exists; ``spawn`` (a fresh interpreter per
    worker, the only method on Windows) otherwise, on macOS and in a frozen bundle's editor.
    ``$LOBBYSIM_START_METHOD`` overrides the choice when that method exists on this platform.
    """
    import multiprocessing as mp
    import sys

    available = mp.get_all_start_methods()
    forced = os.environ.get(START_METHOD_ENV, "").strip()
    if forced:
        if forced not in available:
            raise UsageError(f"${START_METHOD_ENV}={forced}: this platform starts processes by {', '.join(available)}")
        return forced
    frozen = bool(getattr(sys, "frozen", False))
    if sys.platform.startswith("linux"):
        if not threads:
            return "fork"
        if "forkserver" in available and not frozen:
            return "forkserver"
    return "spawn"


class Cancelled(LobbysimError):
    """The user cancelled the run."""

    exit_code = 130

    def __init__(self, message: str = "the run was cancelled"):
        super().__init__(message)


class WorkerDied(LobbysimError):
    exit_code = 1


@dataclass(frozen=True)
class Variant:
    """One thing to simulate: a layout and a scenario (documents as read from their files)."""

    key: str
    layout_doc: dict
    scenario_doc: dict
    label: str = ""
    layout_path: str = ""
    scenario_path: str = ""

    def digest(self) -> str:
        h = hashlib.sha256()
        h.update(json.dumps(self.layout_doc, sort_keys=True, ensure_ascii=False).encode())
        h.update(json.dumps(self.scenario_doc, sort_keys=True, ensure_ascii=False).encode())
        return h.hexdigest()[:16]

    def layout_digest(self) -> str:
        return hashlib.sha256(json.dumps(self.layout_doc, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Job:
    variants: dict[str, Variant]
    #: keep the full records of these (variant, day, rep) tasks; "all" keeps every one
    keep_records: frozenset | str = frozenset()
    positions: bool = False


@dataclass(frozen=True, order=True)
class Task:
    variant: str
    day: str
    rep: int
    seed: int


@dataclass
class TaskResult:
    task: Task
    kpis: dict[str, float]
    per_fixture: dict = field(default_factory=dict)
    per_staff: dict = field(default_factory=dict)
    records: object | None = None
    per_business: dict = field(default_factory=dict)
    #: what the day's means are means over (for combining days into a week; see week.py)
    weights: dict[str, float] = field(default_factory=dict)


def make_tasks(variants: Iterable[str], days: Iterable[str], reps: int, seed: int, start: int = 0) -> list[Task]:
    """Tasks in a fixed order for replications ``start`` .. ``reps - 1``. Replication r of every
    variant uses the same seed stream, so variants are compared on the same customers (common
    random numbers), and a run extended by more replications continues the same streams."""
    variants, days = list(variants), list(days)
    return [Task(v, d, r, seed) for d in days for v in variants for r in range(start, reps)]


# --- what a worker does ----------------------------------------------------------------------
_JOB: Job | None = None
_CACHE: dict[str, tuple] = {}
#: layout digest -> (layout, floor): variants on one layout (many scenarios: a sweep, a robustness
#: run) share its walking graph and the distances memoised on it
_LAYOUTS: dict[str, tuple] = {}


def _init_worker(job: Job) -> None:
    global _JOB
    _JOB = job
    keep = {v.digest() for v in job.variants.values()}
    for k in [k for k in _CACHE if k not in keep]:
        del _CACHE[k]
    layouts = {v.layout_digest() for v in job.variants.values()}
    for k in [k for k in _LAYOUTS if k not in layouts]:
        del _LAYOUTS[k]


def _variant_objects(v: Variant):
    d = v.digest()
    hit = _CACHE.get(d)
    if hit is None:
        from lobbysim.model.fileformat import layout_from_dict
        from lobbysim.sim.plan import build_floor
        from lobbysim.sim.scenario import Scenario

        lkey = v.layout_digest()
        geo = _LAYOUTS.get(lkey)
        if geo is None:
            layout = layout_from_dict(v.layout_doc, path=v.layout_path or None)
            geo = _LAYOUTS[lkey] = (layout, build_floor(layout))
        scenario = Scenario.from_dict(v.scenario_doc, path=v.scenario_path or None)
        hit = (geo[0], scenario, geo[1])
        _CACHE[d] = hit
    return hit


def run_task(task: Task, job: Job | None = None) -> TaskResult:
    """Simulate one replication and reduce it to KPIs (keeping the records if asked)."""
    from lobbysim.sim import simulate
    from lobbysim.sim.kpis import compute_kpis, per_business_kpis, per_fixture_kpis, per_staff_kpis

    from .week import kpi_weights

    job = job or _JOB
    assert job is not None, "worker has no job"
    layout, scenario, floor = _variant_objects(job.variants[task.variant])
    rec = simulate(layout, scenario, task.day, task.seed, task.rep, positions=job.positions, floor=floor)
    keep = job.keep_records == "all" or (task.variant, task.day, task.rep) in job.keep_records
    return TaskResult(
        task,
        compute_kpis(rec),
        per_fixture_kpis(rec),
        per_staff_kpis(rec),
        rec if keep else None,
        per_business_kpis(rec),
        kpi_weights(rec),
    )


def _run_in_worker(task: Task) -> TaskResult:
    return run_task(task)


def _run_with_job(job: Job, task: Task) -> TaskResult:
    return run_task(task, job)


# --- executors ---------------------------------------------------------------------------------
Progress = Callable[[int, int], None]


class Executor(Protocol):
    """Runs tasks of a job and returns the results in task order."""

    def run(
        self,
        job: Job,
        tasks: list[Task],
        progress: Progress | None = None,
        cancel: Callable[[], bool] | threading.Event | None = None,
        on_result: Callable[[TaskResult], None] | None = None,
    ) -> list[TaskResult]: ...


def _is_cancelled(cancel) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


class SerialExecutor:
    """Runs every task in this process (what one worker does; also for tiny jobs)."""

    workers = 1

    def run(self, job, tasks, progress=None, cancel=None, on_result=None):
        out = []
        for i, t in enumerate(tasks):
            if _is_cancelled(cancel):
                raise Cancelled()
            out.append(run_task(t, job))
            if on_result:
                on_result(out[-1])
            if progress:
                progress(i + 1, len(tasks))
        return out


class LocalPoolExecutor:
    """A pool of worker processes on this machine (the default: one per core).

    The pool stays up between runs (an editor or a search runs many experiments), so only
    the first run pays for starting the workers; ``close()`` stops it. Tasks travel in small
    chunks together with their job; a worker builds each variant once and keeps it.
    """

    def __init__(self, workers: int | None = None, start_method: str | None = None):
        self.workers = max(1, workers or os.cpu_count() or 1)
        #: how the workers start (default: :func:`choose_start_method` for a single-threaded caller)
        self.start_method = start_method or choose_start_method()
        self._pool: ProcessPoolExecutor | None = None

    def _get_pool(self, job: Job) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing as mp

            ctx = mp.get_context(self.start_method)
            if ctx.get_start_method() == "fork":
                # build layouts, scenarios and walking graphs once here; forked workers inherit them
                _init_worker(job)
                for v in job.variants.values():
                    _variant_objects(v)
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def run(self, job, tasks, progress=None, cancel=None, on_result=None):
        if self.workers == 1 or len(tasks) <= 1:
            return SerialExecutor().run(job, tasks, progress, cancel, on_result)
        results: list[TaskResult | None] = [None] * len(tasks)
        pool = self._get_pool(job)
        size = max(1, len(tasks) // (self.workers * 4))
        chunks = [list(range(i, min(i + size, len(tasks)))) for i in range(0, len(tasks), size)]
        clean = False
        try:
            pending = {pool.submit(_run_chunk, job, [tasks[i] for i in c]): c for c in chunks}
            done_n = 0
            while pending:
                done, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
                if _is_cancelled(cancel):
                    raise Cancelled()
                for f in done:
                    idx = pending.pop(f)
                    for i, r in zip(idx, f.result()):
                        results[i] = r
                        if on_result:
                            on_result(r)
                    done_n += len(idx)
                    if progress:
                        progress(done_n, len(tasks))
            clean = True
        except BrokenProcessPool:
            raise WorkerDied("a worker process died during the run (killed, or out of memory)") from None
        finally:
            if not clean:
                _kill_pool(pool)
                self._pool = None
        return results


def _run_chunk(job: Job, tasks: list[Task]) -> list[TaskResult]:
    _init_worker(job)
    return [_run_in_worker(t) for t in tasks]


def _kill_pool(pool: ProcessPoolExecutor) -> None:
    procs = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        try:
            p.terminate()
        except Exception:  # pragma: no cover - already gone
            pass
    for p in procs:
        try:
            p.join(timeout=2)
        except Exception:  # pragma: no cover
            pass


class DaskExecutor:
    """Tasks on a Dask distributed cluster (``--cluster tcp://HOST:PORT``), for head offices
    that sweep many branches and variants. Needs the optional extra ``lobbysim[dask]``."""

    def __init__(self, address_or_client):
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - depends on the installation
            raise LobbysimError("running on a cluster needs Dask: pip install 'lobbysim[dask]'") from None
        if isinstance(address_or_client, str):
            try:
                self.client = Client(address_or_client, timeout="10s")
            except (ValueError, TypeError) as exc:
                raise UsageError(
                    f"--cluster {address_or_client!r} is not a Dask scheduler address, e.g. tcp://HOST:8786 ({exc})"
                ) from None
            except OSError as exc:
                raise UsageError(f"cannot reach the Dask cluster at {address_or_client} ({exc})") from None
            self._own = True
        else:
            self.client = address_or_client
            self._own = False
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))

    def run(self, job, tasks, progress=None, cancel=None, on_result=None):
        from distributed import as_completed

        job_f = self.client.scatter(job, broadcast=True)
        futures = self.client.map(_run_with_job, [job_f] * len(tasks), tasks, pure=False)
        index = {f.key: i for i, f in enumerate(futures)}
        results: list[TaskResult | None] = [None] * len(tasks)
        n = 0
        try:
            for f in as_completed(futures):
                if _is_cancelled(cancel):
                    raise Cancelled()
                results[index[f.key]] = f.result()
                if on_result:
                    on_result(results[index[f.key]])
                n += 1
                if progress:
                    progress(n, len(tasks))
        except BaseException:
            self.client.cancel(futures)
            raise
        return results

    def close(self):
        if self._own:
            self.client.close()


def make_executor(workers: int | None = None, cluster: str | None = None) -> Executor:
    if cluster:
        return DaskExecutor(cluster)
    return LocalPoolExecutor(workers)
