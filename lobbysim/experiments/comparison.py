"""Paired comparisons of two variants run on the same customers, with their verdicts.

``judge`` is the one place where a KPI's verdict is decided; ``compare`` builds the public JSON of
``lobbysim compare`` from it, and every table, chart, sentence and export reads that JSON or calls
``judge``, so the same KPI gets the same verdict on every surface.

The JSON: ``{"a", "b", "reps", "seed", "days": {DAY: {"kpis": {NAME: {"a": {"mean", "ci95"},
"b": {...}, "diff": {...}, "verdict"}}}}}``, and, added to it: per KPI ``min_effect``,
``reps_to_decide`` (for an inconclusive verdict), ``q`` (Benjamini–Hochberg over every KPI × day
of the comparison), ``headline`` (a pre-declared headline KPI) and ``why`` (why no verdict); at the
top ``headline_kpis``, ``min_reps`` and, for runs to a precision, ``stopping``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .result import ExperimentResult
from .stats import (
    MIN_REPS,
    Analysis,
    Estimate,
    bh_qvalues,
    clean,
    kpi_better,
    kpi_estimate,
    p_value,
    paired_difference,
    reps_to_decide,
    verdict,
    why_not_judged,
)


@dataclass(frozen=True)
class Judgement:
    """One KPI of B against A on one day."""

    a: Estimate
    b: Estimate
    diff: Estimate
    verdict: str
    min_effect: float | None
    reps_to_decide: int | None
    p: float | None
    why: str


def judge(name: str, values_a, values_b, analysis: Analysis) -> Judgement:
    """The estimates, the paired difference and the verdict of KPI ``name`` of B against A."""
    diff = paired_difference(values_a, values_b)
    delta = analysis.min_effect(name)
    word = verdict(diff, kpi_better(name), delta)
    more = reps_to_decide(diff, delta) if word == "inconclusive" and delta else None
    p = p_value(diff, delta) if delta else None
    return Judgement(
        kpi_estimate(name, values_a),
        kpi_estimate(name, values_b),
        diff,
        word,
        delta,
        more,
        p,
        why_not_judged(diff, delta) if word == "n/a" else "",
    )


def _entry(j: Judgement, headline: bool) -> dict:
    return {
        "a": j.a.to_dict(),
        "b": j.b.to_dict(),
        "diff": j.diff.to_dict(),
        "verdict": j.verdict,
        "min_effect": j.min_effect,
        "reps_to_decide": j.reps_to_decide,
        "q": None,
        "headline": headline,
        "why": j.why,
    }


def compare(result: ExperimentResult, a: str, b: str, analysis: Analysis | None = None) -> dict:
    """The comparison of variant ``b`` against ``a`` (the public JSON shape of `lobbysim compare`)."""
    analysis = analysis or result.analysis
    days: dict[str, dict] = {}
    ps: list[tuple[dict, float | None]] = []
    for day in result.days:
        kp = {}
        for name in result.kpi_names():
            j = judge(name, result.values(a, day, name), result.values(b, day, name), analysis)
            kp[name] = _entry(j, name in analysis.headline)
            ps.append((kp[name], j.p))
        days[day] = {"kpis": kp}
    for (entry, _), q in zip(ps, bh_qvalues([p for _, p in ps])):
        entry["q"] = clean(q, 4)
    out = {
        "a": {"key": a, "label": result.labels.get(a, a)},
        "b": {"key": b, "label": result.labels.get(b, b)},
        "reps": result.reps,
        "seed": result.seed,
        "days": days,
        "headline_kpis": list(analysis.headline),
        "min_reps": MIN_REPS,
    }
    if result.stopping is not None:
        out["stopping"] = result.stopping.to_dict()
    return out


def cannot_judge(cmp: dict) -> bool:
    """True when the comparison has too few replications for any verdict."""
    return int(cmp.get("reps", 0)) < MIN_REPS
