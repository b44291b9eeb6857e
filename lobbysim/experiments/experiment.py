"""Experiments: run variants over days and replications, then summarise and compare them.

``run_experiment`` is the one replication loop of lobbysim: ``run``, ``compare``, ``assign``,
``sweep``, the report, the editor's Simulate dock and its quick estimate all run through it.
All variants run replication r with the same seed, so they see the same customers (common
random numbers); a comparison therefore pairs replications and reports the difference B − A
per KPI with its 95 % interval and a verdict (``comparison.py``).

With a ``Precision`` the loop adds replications in batches until every watched KPI's 95 %
half-width is at most ``rel`` × |mean| or the KPI's minimum effect, whichever is larger (for a
pair of variants: of their paired difference), or ``max_reps`` is reached; the result records
how many replications it took and why it stopped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lobbysim.errors import UsageError

from .comparison import compare
from .labels import DAYS, WEEK
from .result import ExperimentResult, Stopping, collect
from .runner import Cancelled, Executor, Job, LocalPoolExecutor, Task, TaskResult, Variant, make_tasks
from .stats import DEFAULT_ANALYSIS, MIN_REPS, PRECISION_KPIS, Analysis, Estimate, kpi_estimate, paired_difference
from .tables import comparison_rows, format_table, multi_comparison_rows, summary_rows

#: the replications ``--precision`` stops at unless told otherwise
DEFAULT_MAX_REPS = 200


def parse_days(text: str) -> list[str]:
    """'mon,thu' -> ['mon', 'thu']; 'week' is the whole week combined (see week.py)."""
    words = [d.strip().lower() for d in str(text).split(",") if d.strip()]
    days = [WEEK if w == WEEK else w[:3] for w in words]
    bad = [w for w, d in zip(words, days) if d not in DAYS and d != WEEK]
    if bad:
        raise UsageError(f"unknown day {bad[0]!r}; days are {', '.join(DAYS)} or {WEEK}")
    if not days:
        raise UsageError("no day given")
    return list(dict.fromkeys(days))


#: replications per variant and day that a run may ask for (a documented limit: 10,000 replications
#: narrow a 95% interval a hundredfold from one replication; more would only keep the machine busy)
MAX_REPS = 10_000


def simulated_days(days: Iterable[str]) -> list[str]:
    """The days to simulate for the days asked: a week needs all seven."""
    days = list(days)
    if WEEK in days:
        return list(DAYS)
    return days


def check_reps(reps: int) -> int:
    if reps is None or int(reps) < 1:
        raise UsageError(f"--reps must be at least 1, got {reps}")
    if int(reps) > MAX_REPS:
        raise UsageError(f"--reps must be at most {MAX_REPS:,}, got {reps:,}")
    return int(reps)


def load_variant(key: str, layout_path: str, scenario_path: str | None, label: str = "") -> Variant:
    """Read and check a layout and a scenario (None: the built-in calibrated sample) through
    ``lobbysim.sim.variant``: a layout with errors, a floor split so that a served point cannot be
    reached, or a scenario that cannot run on it is refused here, before anything is simulated."""
    from lobbysim.sim.variant import load_variant_files

    v = load_variant_files(layout_path, scenario_path or None)
    return Variant(
        key,
        v.layout_doc,
        v.scenario_doc,
        label or Path(layout_path).name.replace(".lobby.json", ""),
        str(layout_path),
        str(scenario_path or ""),
    )


# --- precision ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Precision:
    """Run until precise enough: every KPI of ``kpis`` (on every day, for every variant, or for
    the paired difference of ``pair``) has a 95 % half-width at most max(rel·|mean|, min effect)."""

    rel: float
    kpis: tuple[str, ...] = PRECISION_KPIS
    max_reps: int = DEFAULT_MAX_REPS
    pair: tuple[str, str] | None = None

    def check(self, start_reps: int) -> None:
        if not (0 < self.rel < 1):
            raise UsageError(f"--precision must lie between 0 and 1 (e.g. 0.05 for 5 %), got {self.rel:g}")
        if self.max_reps < max(start_reps, MIN_REPS):
            raise UsageError(
                f"--max-reps must be at least the starting replications ({max(start_reps, MIN_REPS)}), "
                f"got {self.max_reps}"
            )


def _watched(result: ExperimentResult, p: Precision) -> Iterable[tuple[str, str, Estimate]]:
    """(day, kpi, estimate) of everything the precision rule watches."""
    for day in result.days:
        for name in p.kpis:
            if p.pair is not None:
                a, b = p.pair
                yield day, name, paired_difference(result.values(a, day, name), result.values(b, day, name))
            else:
                for v in result.variants:
                    yield day, name, kpi_estimate(name, result.values(v, day, name))


def precision_status(result: ExperimentResult, p: Precision) -> tuple[bool, int, dict]:
    """(all precise, replications estimated to make them so, day -> KPI -> (half-width, target))."""
    widths: dict[str, dict] = {}
    ok, needed = True, result.reps
    for day, name, e in _watched(result, p):
        if not math.isfinite(e.mean):
            continue  # nothing to be precise about (no data for this KPI)
        delta = result.analysis.min_effect(name) or 0.0
        target = max(p.rel * abs(e.mean), delta)
        hw = e.half_width if e.n >= MIN_REPS else math.inf
        old = widths.setdefault(day, {}).get(name)
        if old is None or hw - target > old[0] - old[1]:
            widths[day][name] = (hw, target)
        if not hw <= target:
            ok = False
            grow = (hw / target) ** 2 if target > 0 and math.isfinite(hw) else 4.0
            needed = max(needed, math.ceil(result.reps * grow * 1.1))
    return ok, needed, widths


def _next_reps(current: int, needed: int, cap: int) -> int:
    """The replications after the next batch: towards ``needed``, at most double, within ``cap``."""
    return min(cap, max(current + MIN_REPS, min(needed, 2 * current)))


# --- the loop ----------------------------------------------------------------------------------
def _records_to_keep(keep_records: str, keys: Sequence[str], days: Sequence[str]):
    if keep_records == "first":
        return frozenset((k, d, 0) for k in keys for d in days)
    if keep_records == "all":
        return "all"
    return frozenset()


class _Batches:
    """Runs tasks batch by batch on one executor, with progress counted over all batches."""

    def __init__(self, executor: Executor, job: Job, progress, cancel, on_result) -> None:
        self.executor, self.job = executor, job
        self.progress, self.cancel, self.on_result = progress, cancel, on_result
        self.results: list[TaskResult] = []

    def run(self, tasks: list[Task], total: int) -> None:
        done0 = len(self.results)
        report: Callable[[int, int], None] | None = None
        if self.progress is not None:
            outer = self.progress

            def report(done: int, _n: int) -> None:
                outer(done0 + done, total)

        self.results += self.executor.run(
            self.job, tasks, progress=report, cancel=self.cancel, on_result=self.on_result
        )


def run_experiment(
    variants: list[Variant],
    days,
    reps: int,
    seed: int,
    *,
    executor: Executor | None = None,
    progress=None,
    cancel=None,
    store=None,
    kind: str = "run",
    command: str = "",
    keep_records="first",
    positions: bool = False,
    precision: Precision | None = None,
    analysis: Analysis | None = None,
) -> ExperimentResult:
    """Simulate every variant on every day for ``reps`` replications (more with a ``precision``).

    ``days`` may include 'week' (the seven days combined). ``keep_records``: 'first' keeps the
    records of replication 0 of each variant and day (for charts and replay), 'all' keeps every
    one, 'none' none. With a ``store`` (ResultStore) the run and every result are written as they
    arrive; an interrupted run is marked incomplete.
    """
    reps = check_reps(reps)
    if precision is not None:
        precision.check(reps)
        reps = max(reps, MIN_REPS)
    days = list(days)
    keys = [v.key for v in variants]
    if len(set(keys)) != len(keys):
        raise UsageError("two variants have the same name")
    sim_days = simulated_days(days)
    job = Job({v.key: v for v in variants}, _records_to_keep(keep_records, keys, sim_days), positions)
    analysis = analysis or DEFAULT_ANALYSIS
    run_id = None
    if store is not None:
        run_id = store.begin_run(kind, variants, seed, reps, days, command)
        store.set_meta(run_id, "analysis", {"min_effects": dict(analysis.min_effects), "headline": analysis.headline})
    batches = _Batches(
        executor or LocalPoolExecutor(),
        job,
        progress,
        cancel,
        (lambda r: store.add_result(run_id, r)) if store is not None else None,
    )
    with _finishing(store, run_id) as finish:
        result = _loop(batches, variants, days, sim_days, reps, seed, precision, analysis)
        finish(result.reps, result.stopping)
    result.run_id = run_id
    return result


def _loop(batches: _Batches, variants, days, sim_days, reps, seed, precision, analysis) -> ExperimentResult:
    keys = [v.key for v in variants]
    labels = {v.key: v.label for v in variants}
    n = len(keys) * len(sim_days)
    done = 0
    while True:
        batches.run(make_tasks(keys, sim_days, reps, seed, start=done), n * reps)
        result = collect(batches.results, keys, labels, days, reps, seed)
        result.analysis = analysis
        if precision is None:
            result.stopping = Stopping(reps, "fixed")
            return result
        ok, needed, widths = precision_status(result, precision)
        if ok or reps >= precision.max_reps:
            reason = "precise" if ok else "max_reps"
            result.stopping = Stopping(reps, reason, precision.rel, precision.kpis, precision.max_reps, widths)
            return result
        done, reps = reps, _next_reps(reps, needed, precision.max_reps)


class _finishing:
    """Marks a stored run complete (with its final replications and stopping reason) or
    incomplete (cancelled, interrupted, failed) whatever happens."""

    def __init__(self, store, run_id) -> None:
        self.store, self.run_id = store, run_id
        self.done = False

    def __enter__(self):
        def finish(reps: int, stopping: Stopping | None) -> None:
            self.done = True
            if self.store is not None:
                self.store.finish_run(self.run_id, True, "", reps=reps, stopping=stopping)

        return finish

    def __exit__(self, exc_type, exc, tb) -> None:
        if self.store is not None and not self.done:
            note = {Cancelled: "cancelled", KeyboardInterrupt: "interrupted"}.get(exc_type, str(exc or ""))
            if isinstance(exc, Cancelled):
                note = "cancelled"
            self.store.finish_run(self.run_id, False, note)


__all__ = [
    "ExperimentResult",
    "Precision",
    "run_experiment",
    "compare",
    "comparison_rows",
    "multi_comparison_rows",
    "summary_rows",
    "format_table",
    "load_variant",
    "parse_days",
    "simulated_days",
    "check_reps",
    "Task",
    "Cancelled",
]
