"""How sure are we? The before/after verdicts tested against the scenario's uncertain inputs.

A scenario's ``ranges`` say how far each estimate may plausibly be off (``uncertainty.py``). The
robustness analysis draws ``samples`` parameter sets over those ranges with a space-filling design,
and for each one runs the paired A/B comparison on common random numbers with ``reps``
replications, exactly as ``lobbysim compare`` does: one call of the replication loop
(``experiment.run_experiment``) runs every parameter set, and every verdict comes from
``comparison.judge``, the one place verdicts are decided. Parameter set *i* is simulated with the
same seed as every other set, so the sets differ by their parameters, not by their customers; the
scenario's own values (the "base") run beside them with the same seed, and give the verdict that
``lobbysim compare --seed K --reps R`` gives.

Per day and KPI the result gives:

* the share of parameter sets whose verdict is better, worse, same ("no change"), changed,
  inconclusive (and n/a when some cannot be judged), the base verdict and the share of sets in
  which it holds;
* the 5th, 50th and 95th percentile of the mean paired difference B − A over the sets;
* the drivers of the difference, ranked by a global sensitivity measure: the **partial rank
  correlation coefficient** (PRCC; Marino, Hogue, Ray & Kirschner 2008, *J. Theor. Biol.* 254:
  178-196) of each input with the difference, controlling for every other input — monotone
  effects of any shape, robust to the inputs' units. It needs more parameter sets than inputs;
  with fewer than the inputs + 6 sets the plain Spearman rank correlation is used instead (said in
  the result's ``sensitivity``). Each driver carries a p-value (t test of the coefficient), its
  Benjamini-Hochberg q-value over the inputs of that KPI and day (with forty inputs a few correlate
  by chance: a driver is *clear* when q <= ``CLEAR_Q``; tables and the report name only those), and
  the tornado's two ends: the mean difference over the sets whose value of that input lies in the
  lowest third of its draws, and in the highest third. A range of zero width is no input and never
  a driver.

A drawn parameter set that the scenario parser (or the layout check) refuses is reported — which
draw and why — skipped and counted; the others go on.

The JSON (``lobbysim robustness --json``): ``{"days": {DAY: {"kpis": {NAME: {"share_better",
"share_worse", "share_no_change", "share_changed", "share_inconclusive", "diff_p05", "diff_p50",
"diff_p95", "drivers": [{"param", "index", "p", "q", "low", "high"}, ...], "share_na", "verdict",
"share_holds", "base_diff", "headline", "min_effect", "n", "measure", "diffs"}}}}, "samples", "reps",
"design", "seed", ...}`` with, at the top, the inputs, the fixed values, the invalid draws and the per-set draws.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from lobbysim.errors import LobbysimError

from .comparison import judge
from .experiment import check_reps, run_experiment, simulated_days
from .runner import Executor, Variant
from .stats import DEFAULT_ANALYSIS, Analysis, bh_qvalues, clean, t_sf
from .uncertainty import DESIGNS, UncertaintySpace, check_samples, design_points, scenario_space

#: the shares of the verdicts: verdict -> JSON key
SHARE_KEYS = {
    "better": "share_better",
    "worse": "share_worse",
    "same": "share_no_change",
    "changed": "share_changed",
    "inconclusive": "share_inconclusive",
    "n/a": "share_na",
}
#: PRCC needs this many parameter sets more than inputs (else Spearman's rank correlation)
PRCC_MARGIN = 6
#: a driver whose q-value is at most this is a clear driver (the report and tables show only those)
CLEAR_Q = 0.05
#: the variants of the scenario's own values
BASE_A, BASE_B = "A", "B"


class NothingToVary(LobbysimError):
    exit_code = 1


# --- the draws ----------------------------------------------------------------------------------------
@dataclass
class Draws:
    """The parameter sets drawn for a robustness run."""

    space: UncertaintySpace
    #: the design's points in the unit cube (samples x dimensions)
    points: np.ndarray
    #: path -> drawn value per set
    values: dict[str, np.ndarray]
    #: the scenario document of each set (None when the set is invalid)
    docs: list[dict | None]
    #: (set number from 1, why it was refused)
    invalid: list[tuple[int, str]]

    @property
    def valid(self) -> list[int]:
        return [i for i, d in enumerate(self.docs) if d is not None]


def _refusal(doc: dict, layouts: Sequence, path: str | None) -> str | None:
    """Why the scenario parser or a layout refuses a drawn document (None: it can run)."""
    from lobbysim.sim.scenario import Scenario

    try:
        sc = Scenario.from_dict(doc, path=path)
        for lay in layouts:
            sc.check_against(lay)
    except LobbysimError as exc:
        return f"{exc.element}: {exc.message}" if exc.element else exc.message
    return None


def draw_sets(
    scenario_doc: dict, samples: int, seed: int, design: str = "lhs", layouts: Sequence = (), path: str | None = None
) -> Draws:
    """Check the ranges of ``scenario_doc`` and draw ``samples`` parameter sets; each set is checked
    by the scenario parser (and against ``layouts``), the refused ones are listed and skipped."""
    check_samples(samples, design)
    space = scenario_space(scenario_doc, path)
    if not space.inputs:
        what = "only ranges of zero width" if space.fixed else "no 'ranges' section"
        raise NothingToVary(
            f"the scenario has {what}: nothing to vary; give plausible ranges of its estimates, e.g. "
            '"ranges": {"customers.patience.mean": [12, 35]}',
            path=path,
        )
    points = design_points(space.dims, samples, seed, design)
    values = space.values(points)
    docs: list[dict | None] = []
    invalid: list[tuple[int, str]] = []
    for i in range(samples):
        doc = space.apply(scenario_doc, {p: float(v[i]) for p, v in values.items()})
        why = _refusal(doc, layouts, path)
        if why is not None:
            invalid.append((i + 1, why))
        docs.append(doc if why is None else None)
    if len(invalid) == samples:
        raise NothingToVary(
            f"every one of the {samples} parameter sets is refused; the first: draw {invalid[0][0]}: {invalid[0][1]}",
            path=path,
        )
    return Draws(space, points, values, docs, invalid)


def set_key(side: str, i: int) -> str:
    """The variant key of parameter set ``i`` (from 0) on side 'A' or 'B'."""
    return f"{side}{i + 1:05d}"


def variants_of(a: Variant, b: Variant, draws: Draws) -> list[Variant]:
    """The base pair and, for every valid set, its A and B variants (the same drawn scenario)."""
    out = [
        Variant(BASE_A, a.layout_doc, a.scenario_doc, a.label, a.layout_path, a.scenario_path),
        Variant(BASE_B, b.layout_doc, b.scenario_doc, b.label, b.layout_path, b.scenario_path),
    ]
    for i in draws.valid:
        doc = draws.docs[i]
        assert doc is not None
        out.append(Variant(set_key("A", i), a.layout_doc, doc, a.label, a.layout_path, a.scenario_path))
        out.append(Variant(set_key("B", i), b.layout_doc, doc, b.label, b.layout_path, b.scenario_path))
    return out


# --- sensitivity ----------------------------------------------------------------------------------------
def _ranks(x: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return np.asarray(rankdata(x, axis=0), dtype=float)


def rank_correlations(x: np.ndarray, y: np.ndarray) -> tuple[str, np.ndarray, np.ndarray]:
    """(measure, coefficient per column of ``x``, p-value per column): PRCC of every column with
    ``y`` controlling for the other columns, or Spearman's rank correlation when there are too few
    rows for that. A constant column or a constant ``y`` gets 0 and p = 1."""
    n, k = x.shape
    coef, p = np.zeros(k), np.ones(k)
    if n < 3 or k == 0:
        return "spearman", coef, p
    rx, ry = _ranks(x), _ranks(y)
    live = np.array([np.ptp(rx[:, j]) > 0 for j in range(k)])
    if np.ptp(ry) == 0 or not live.any():
        return ("prcc" if n >= k + PRCC_MARGIN else "spearman"), coef, p
    cols = np.flatnonzero(live)
    if n >= len(cols) + PRCC_MARGIN:
        measure = "prcc"
        c = np.corrcoef(np.column_stack([rx[:, cols], ry]), rowvar=False)
        inv = np.linalg.pinv(c)
        d = np.sqrt(np.clip(np.diag(inv), 1e-300, None))
        r = -inv[:-1, -1] / (d[:-1] * d[-1])
        df = n - 2 - (len(cols) - 1)
    else:
        measure = "spearman"
        r = np.array([np.corrcoef(rx[:, j], ry)[0, 1] for j in cols])
        df = n - 2
    r = np.clip(np.nan_to_num(r), -1.0, 1.0)
    coef[cols] = r
    for j, rj in zip(cols, r):
        t = abs(rj) * math.sqrt(df / max(1e-12, 1 - rj * rj))
        p[j] = min(1.0, 2.0 * t_sf(df, t))
    return measure, coef, p


def tornado_ends(values: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The mean of ``y`` over the rows whose ``values`` lie in their lowest third, and in their
    highest third (by rank)."""
    r = _ranks(values)
    n = len(values)
    low, high = r <= n / 3, r > 2 * n / 3
    lo = float(np.mean(y[low])) if low.any() else math.nan
    hi = float(np.mean(y[high])) if high.any() else math.nan
    return lo, hi


def clear_drivers(entry: dict, n: int = 3) -> list[dict]:
    """The strongest ``n`` clear drivers of a KPI entry (q <= CLEAR_Q, index not zero)."""
    out = [d for d in entry.get("drivers", []) if d["q"] is not None and d["q"] <= CLEAR_Q and d["index"]]
    return out[:n]


def drivers(space: UncertaintySpace, coords: np.ndarray, values: dict[str, np.ndarray], y: np.ndarray):
    """(measure, [{"param", "index", "p", "q", "low", "high"}] strongest first) of the differences ``y``
    over the rows of ``coords`` (one column per input of ``space``)."""
    measure, coef, p = rank_correlations(coords, y)
    q = bh_qvalues([float(x) for x in p])
    out = []
    for j, inp in enumerate(space.inputs):
        lo, hi = tornado_ends(values[inp.param], y)
        out.append(
            {
                "param": inp.param,
                "index": clean(coef[j], 4),
                "p": clean(p[j], 4),
                "q": clean(q[j], 4),
                "low": clean(lo),
                "high": clean(hi),
            }
        )
    out.sort(key=lambda d: (-abs(float(d["index"] or 0.0)), str(d["param"])))
    return measure, out


# --- the summary -----------------------------------------------------------------------------------------
def _kpi_entry(result, draws: Draws, day: str, name: str, analysis: Analysis) -> dict:
    base = judge(name, result.values(BASE_A, day, name), result.values(BASE_B, day, name), analysis)
    verdicts, diffs = [], []
    for i in draws.valid:
        j = judge(name, result.values(set_key("A", i), day, name), result.values(set_key("B", i), day, name), analysis)
        verdicts.append(j.verdict)
        diffs.append(j.diff.mean)
    n = len(verdicts)
    entry: dict = {key: clean(verdicts.count(v) / n, 4) for v, key in SHARE_KEYS.items()}
    d = np.asarray(diffs, dtype=float)
    ok = np.isfinite(d)
    pct = np.percentile(d[ok], [5, 50, 95]) if ok.any() else [math.nan] * 3
    entry.update(diff_p05=clean(pct[0]), diff_p50=clean(pct[1]), diff_p95=clean(pct[2]))
    rows = [i for i, good in zip(draws.valid, ok) if good]
    coords = draws.space.driver_coordinates(draws.points[rows])
    values = {p: v[rows] for p, v in draws.values.items()}
    entry["measure"], entry["drivers"] = drivers(draws.space, coords, values, d[ok])
    entry.update(
        verdict=base.verdict,
        base_diff=clean(base.diff.mean),
        share_holds=clean(verdicts.count(base.verdict) / n, 4),
        headline=name in analysis.headline,
        min_effect=base.min_effect,
        n=n,
        diffs=[clean(x) for x in diffs],
    )
    return entry


def summarise(result, draws: Draws, analysis: Analysis) -> tuple[dict, str]:
    """The per-day, per-KPI entries of the robustness JSON, and the sensitivity measure of the run:
    PRCC when the valid sets outnumber the inputs by PRCC_MARGIN, else Spearman's (a KPI whose
    difference is missing in some sets says its own ``measure``)."""
    days = {
        day: {"kpis": {name: _kpi_entry(result, draws, day, name, analysis) for name in result.kpi_names()}}
        for day in result.days
    }
    measure = "prcc" if len(draws.valid) >= len(draws.space.inputs) + PRCC_MARGIN else "spearman"
    return days, measure


SENSITIVITY_NOTES = {
    "prcc": "partial rank correlation coefficient (PRCC) of each input with the mean paired difference B - A "
    "over the parameter sets, controlling for the other inputs (Marino et al. 2008); p: t test of the "
    "coefficient, q: its Benjamini-Hochberg q-value over the inputs (clear driver: q <= 0.05); low/high: the mean "
    "difference when the input lies in the lowest/highest third of its draws",
    "spearman": "Spearman rank correlation of each input with the mean paired difference B - A over the "
    "parameter sets (too few sets for partial correlations: use more --samples than inputs + 6); "
    "p, q: t test and Benjamini-Hochberg q-value (clear driver: q <= 0.05); low/high: the mean difference "
    "when the input lies in the lowest/highest third of its draws",
}


def run_robustness(
    a: Variant,
    b: Variant,
    days,
    samples: int,
    reps: int,
    seed: int,
    *,
    design: str = "lhs",
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel=None,
    analysis: Analysis | None = None,
) -> dict:
    """Draw the parameter sets of A's scenario ranges, run A and B on each, and summarise (see the
    module docstring). B gets the same drawn values as A (one plausible setting, two layouts)."""
    from lobbysim.model.fileformat import layout_from_dict

    reps = check_reps(reps)
    check_samples(samples, design)
    analysis = analysis or DEFAULT_ANALYSIS
    if b.scenario_doc != a.scenario_doc:
        raise LobbysimError("a robustness run draws one scenario for both layouts; give one --scenario")
    layouts = [layout_from_dict(v.layout_doc, path=v.layout_path or None) for v in (a, b)]
    draws = draw_sets(a.scenario_doc, samples, seed, design, layouts, a.scenario_path or None)
    result = run_experiment(
        variants_of(a, b, draws),
        days,
        reps,
        seed,
        executor=executor,
        progress=progress,
        cancel=cancel,
        keep_records="none",
        kind="robustness",
        analysis=analysis,
    )
    return _document(a, b, days, samples, reps, seed, design, analysis, draws, result)


def _document(a, b, days, samples, reps, seed, design, analysis: Analysis, draws: Draws, result) -> dict:
    """The robustness JSON (see the module docstring)."""
    per_day, measure = summarise(result, draws, analysis)
    valid = draws.valid
    return {
        "a": {"key": BASE_A, "label": a.label},
        "b": {"key": BASE_B, "label": b.label},
        "samples": samples,
        "valid_samples": len(valid),
        "reps": reps,
        "design": DESIGNS[design],
        "seed": seed,
        "sensitivity": measure,
        "sensitivity_note": SENSITIVITY_NOTES[measure],
        "headline_kpis": list(analysis.headline),
        "simulated_days": simulated_days(days),
        "inputs": [i.to_dict() for i in draws.space.inputs],
        "fixed": list(draws.space.fixed),
        "invalid": [{"sample": i, "reason": why} for i, why in draws.invalid],
        "draws": {
            "params": list(draws.values),
            "samples": [i + 1 for i in valid],
            "values": [[clean(float(draws.values[p][i])) for p in draws.values] for i in valid],
        },
        "days": per_day,
    }


__all__ = [
    "Draws",
    "NothingToVary",
    "CLEAR_Q",
    "SHARE_KEYS",
    "draw_sets",
    "clear_drivers",
    "drivers",
    "rank_correlations",
    "run_robustness",
    "set_key",
    "summarise",
    "tornado_ends",
    "variants_of",
]
