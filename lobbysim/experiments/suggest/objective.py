"""What a placement search is after: objectives, their weights, the KPIs that must not get worse,
and the cost of each change, turned into one score.

Gains are measured against the input layout on the same simulated customers, in each KPI's
*minimum effect* (the smallest difference worth reporting, from ``lobbysim.experiments.stats``
and the scenario's ``analysis`` section): a gain of 1 is the smallest change worth reporting, so
KPIs of different units add up. The score of a candidate is the weighted sum of its objectives'
gains, averaged over the days simulated, minus ``move_cost`` for every element it changes. A
candidate meets the constraints when, on every day, each guarded KPI gets worse by no more than
its tolerance (by default its minimum effect).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lobbysim.errors import UsageError

from ..stats import Analysis, Estimate, kpi_better

#: the KPI guarded by default: a suggestion must not make customers wait longer
DEFAULT_NO_WORSE = ("wait_mean_min",)


@dataclass(frozen=True)
class Guard:
    """A KPI that must not get worse by more than ``tolerance`` (in its unit)."""

    kpi: str
    tolerance: float
    better: str  # 'lower' or 'higher'

    def worsening(self, diff: float) -> float:
        """How much worse a difference (candidate − input) is, in the KPI's unit (negative: better)."""
        return diff if self.better == "lower" else -diff


@dataclass(frozen=True)
class Objective:
    """The objectives (KPI names), their weights and directions, the guards and the move cost."""

    kpis: tuple[str, ...]
    weights: tuple[float, ...]
    signs: tuple[float, ...]  # +1 when higher is better, -1 when lower is
    units: tuple[float, ...]  # the minimum effect of each objective
    guards: tuple[Guard, ...]
    move_cost: float = 1.0

    def gain_units(self, diffs: Mapping[str, float]) -> float:
        """The weighted gain of mean differences {KPI: candidate − input}, in minimum effects."""
        total = 0.0
        for k, w, s, u in zip(self.kpis, self.weights, self.signs, self.units):
            d = diffs.get(k, math.nan)
            if math.isfinite(d):
                total += w * s * d / u
        return total

    def gain_units_of(self, per_day: Sequence[Mapping[str, float]], k: int) -> float:
        """Objective ``k``'s gain in minimum effects (signed: positive is better), mean over the days."""
        vals = [d.get(self.kpis[k], math.nan) for d in per_day]
        vals = [v for v in vals if math.isfinite(v)]
        return self.signs[k] * sum(vals) / len(vals) / self.units[k] if vals else 0.0

    def score(self, per_day: Sequence[Mapping[str, float]], moves: int) -> float:
        """Gains averaged over the days, less the cost of the moves."""
        if not per_day:
            return -math.inf
        return sum(self.gain_units(d) for d in per_day) / len(per_day) - self.move_cost * moves

    def violation(self, per_day: Sequence[Mapping[str, float]]) -> float:
        """The largest excess of a guarded KPI's worsening over its tolerance, in tolerances
        (0 when every guard holds on every day)."""
        worst = 0.0
        for d in per_day:
            for g in self.guards:
                v = d.get(g.kpi, math.nan)
                if math.isfinite(v):
                    worst = max(worst, (g.worsening(v) - g.tolerance) / g.tolerance)
        return worst

    def all_kpis(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.kpis + tuple(g.kpi for g in self.guards)))


def guard_status(guard: Guard, diff: Estimate) -> str:
    """'met' when the 95 % interval of the worsening lies below the tolerance, 'likely' when only
    its mean does, 'violated' when the mean is beyond it, 'n/a' without data."""
    if not math.isfinite(diff.mean):
        return "n/a"
    worse_mean = guard.worsening(diff.mean)
    if worse_mean > guard.tolerance:
        return "violated"
    if diff.has_interval:
        upper = guard.worsening(diff.hi if guard.better == "lower" else diff.lo)
        if upper < guard.tolerance:
            return "met"
    return "likely"


def _direction(name: str, option: str) -> str:
    from lobbysim.sim.kpis import KPI_INFO

    if name not in KPI_INFO:
        import difflib

        close = difflib.get_close_matches(name, list(KPI_INFO), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise UsageError(f"{option}: '{name}' is not a KPI{hint}; see 'lobbysim kpis'")
    better = kpi_better(name)
    if better not in ("lower", "higher"):
        raise UsageError(f"{option}: '{name}' has no better direction, so it cannot be optimised or guarded")
    return better


def _names(text: str | Sequence[str], option: str) -> list[str]:
    items = text.split(",") if isinstance(text, str) else list(text)
    names = list(dict.fromkeys(s.strip() for s in items if s and s.strip()))
    if not names:
        raise UsageError(f"{option}: give at least one KPI")
    return names


def parse_weights(text: str | Sequence[float] | None, n: int) -> tuple[float, ...]:
    if text is None or text == "":
        return (1.0,) * n
    raw = text.split(",") if isinstance(text, str) else list(text)
    try:
        ws = tuple(float(w) for w in raw)
    except ValueError:
        raise UsageError(f"--weights: numbers separated by commas, got {text!r}") from None
    if len(ws) != n:
        raise UsageError(f"--weights: give one weight for each of the {n} objectives, got {len(ws)}")
    if any(not (w > 0 and math.isfinite(w)) for w in ws):
        raise UsageError(f"--weights: every weight must be a number > 0, got {text!r}")
    return ws


def parse_guards(text: str | Sequence[str] | None, analysis: Analysis) -> tuple[Guard, ...]:
    """``KPI[=TOL],...`` (default: the mean wait, within its minimum effect); 'none' for no guard."""
    if text is None:
        text = ",".join(DEFAULT_NO_WORSE)
    items = text.split(",") if isinstance(text, str) else list(text)
    items = [s.strip() for s in items if s and s.strip()]
    if items == ["none"]:
        return ()
    out = []
    for item in items:
        name, _, tol = item.partition("=")
        name = name.strip()
        better = _direction(name, "--no-worse")
        if tol:
            try:
                t = float(tol)
            except ValueError:
                t = math.nan
            if not (t > 0 and math.isfinite(t)):
                raise UsageError(f"--no-worse {name}=TOL: TOL must be a number > 0, got {tol!r}")
        else:
            t = analysis.min_effect(name) or math.nan
            if not t > 0:
                raise UsageError(f"--no-worse: '{name}' has no minimum effect; give a tolerance, {name}=TOL")
        out.append(Guard(name, t, better))
    return tuple(out)


def make_objective(
    kpis: str | Sequence[str],
    analysis: Analysis,
    weights: str | Sequence[float] | None = None,
    no_worse: str | Sequence[str] | None = None,
    move_cost: float = 1.0,
) -> Objective:
    """The objective of ``lobbysim suggest`` from its options; a bad option is a usage error."""
    names = _names(kpis, "--objective")
    signs = tuple(1.0 if _direction(k, "--objective") == "higher" else -1.0 for k in names)
    units = []
    for k in names:
        u = analysis.min_effect(k)
        if not (u is not None and u > 0):
            raise UsageError(f"--objective: '{k}' has no minimum effect to measure gains in; add one with --min-effect")
        units.append(float(u))
    if not (move_cost >= 0 and math.isfinite(move_cost)):
        raise UsageError(f"--move-cost must be a number >= 0, got {move_cost}")
    return Objective(
        tuple(names),
        parse_weights(weights, len(names)),
        signs,
        tuple(units),
        parse_guards(no_worse, analysis),
        float(move_cost),
    )
