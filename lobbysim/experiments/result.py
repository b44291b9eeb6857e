"""What an experiment produced: every KPI of every variant, day and replication, in one object.

Tables, comparisons, charts and exports all read this object (and the comparison computed
from it), never the simulation again, so a number is computed once and printed the same way
everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from .labels import DAYS, WEEK
from .runner import TaskResult
from .stats import DEFAULT_ANALYSIS, Analysis, Estimate, kpi_estimate
from .week import week_values


@dataclass(frozen=True)
class Stopping:
    """How many replications a run took and why it stopped there."""

    reps: int
    reason: str  # 'fixed' (as asked), 'precise' (every watched KPI precise enough), 'max_reps'
    precision: float | None = None
    kpis: tuple[str, ...] = ()
    max_reps: int | None = None
    #: day -> KPI -> (half-width, target) at the end
    widths: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        from .stats import clean

        return {
            "reps_used": self.reps,
            "reason": self.reason,
            "precision": self.precision,
            "precision_kpis": list(self.kpis),
            "max_reps": self.max_reps,
            "half_widths": {
                d: {k: {"half_width": clean(h), "target": clean(t)} for k, (h, t) in kp.items()}
                for d, kp in self.widths.items()
            },
        }

    def sentence(self) -> str:
        if self.reason == "precise":
            rel = (self.precision or 0) * 100
            return (
                f"{self.reps} replications: every watched KPI's 95% half-width is at most {rel:g}% "
                "of its mean or its minimum effect"
            )
        if self.reason == "max_reps":
            return f"stopped at --max-reps {self.reps} before every watched KPI was precise enough"
        return f"{self.reps} replications, as asked"


@dataclass
class ExperimentResult:
    variants: list[str]
    labels: dict[str, str]
    #: the days asked for (a day code or 'week'); kpis may hold more days (a week's seven)
    days: list[str]
    reps: int
    seed: int
    #: variant -> day -> kpi -> values by replication
    kpis: dict = field(default_factory=dict)
    per_fixture: dict = field(default_factory=dict)
    per_staff: dict = field(default_factory=dict)
    per_business: dict = field(default_factory=dict)
    #: variant -> day -> weight name -> values by replication (see week.py)
    weights: dict = field(default_factory=dict)
    #: (variant, day, rep) -> Records, for the replications kept
    records: dict = field(default_factory=dict)
    run_id: int | None = None
    stopping: Stopping | None = None
    analysis: Analysis = DEFAULT_ANALYSIS

    def values(self, variant: str, day: str, kpi: str) -> list[float]:
        return self.kpis[variant][day].get(kpi, [math.nan] * self.reps)

    def estimate(self, variant: str, day: str, kpi: str) -> Estimate:
        """The KPI's mean and 95 % interval (within its bounds) for one variant and day."""
        return kpi_estimate(kpi, self.values(variant, day, kpi))

    def summary(self, variant: str, day: str) -> dict[str, Estimate]:
        return {k: kpi_estimate(k, v) for k, v in self.kpis[variant][day].items()}

    def kpi_names(self) -> list[str]:
        from lobbysim.sim.kpis import KPI_INFO

        seen = {k for v in self.kpis.values() for d in v.values() for k in d}
        ordered = [k for k in KPI_INFO if k in seen]
        return ordered + sorted(seen - set(ordered))


def _put(table: dict, variant: str, day: str, key, rep: int, reps: int, value) -> None:
    table.setdefault(variant, {}).setdefault(day, {}).setdefault(key, [math.nan] * reps)[rep] = value


def _put_items(table: dict, r: TaskResult, items: dict | None, reps: int) -> None:
    t = r.task
    for item, kp in (items or {}).items():
        for k, v in kp.items():
            if isinstance(v, (int, float)):
                _put(table, t.variant, t.day, (item, k), t.rep, reps, v)


def collect(
    results: Iterable[TaskResult], variants: Iterable[str], labels: dict, days: Iterable[str], reps: int, seed: int
) -> ExperimentResult:
    """Gather task results into an ExperimentResult (and combine the week when asked for)."""
    out = ExperimentResult(list(variants), dict(labels), list(days), reps, seed)
    for r in sorted(results, key=lambda r: r.task):
        t = r.task
        for k, v in r.kpis.items():
            _put(out.kpis, t.variant, t.day, k, t.rep, reps, v)
        for k, v in (r.weights or {}).items():
            _put(out.weights, t.variant, t.day, k, t.rep, reps, v)
        _put_items(out.per_fixture, r, r.per_fixture, reps)
        _put_items(out.per_staff, r, r.per_staff, reps)
        _put_items(out.per_business, r, r.per_business, reps)
        if r.records is not None:
            out.records[(t.variant, t.day, t.rep)] = r.records
    add_week(out)
    return out


def add_week(result: ExperimentResult) -> None:
    """When 'week' is one of the result's days, its KPIs from the seven days (see week.py)."""
    if WEEK not in result.days:
        return
    for v in result.variants:
        by_day = result.kpis.get(v, {})
        if all(d in by_day for d in DAYS):
            by_day[WEEK] = week_values(by_day, result.weights.get(v, {}), result.reps)
