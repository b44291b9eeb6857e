"""The one statistics path of lobbysim: estimates over replications, paired differences, verdicts.

Every surface (``run``, ``compare``, ``assign``, ``sweep``, the report, the editor's tables, the
quick estimate, the XLSX/CSV exports) takes its numbers from here, so the same KPI gets the same
interval and the same verdict everywhere.

**Replications.** A replication is one independent simulated day; a KPI's value per replication
is the observation. Percentiles (median, 90th, 95th percentile wait) are therefore the *mean of
the replications' percentiles* (each replication's percentile over its own customers), never
a percentile of the customers of all replications pooled; every table, legend and sentence uses
that one number.

**Intervals (95 %).** Replication values of a KPI can be very skewed at small n (a rare event
counted per day, a tail wait). The plain Student-t interval then under-covers: for a lognormal
with cv 1 at n = 10 it holds about 87 % instead of 95 %, and the plain bootstrap is no better
(about 88 % at n = 10, under 85 % at n = 5). We use Hall's (1992) skewness-corrected t:
the studentised mean T = (x̄ − μ)/s is mapped through the monotone cubic
g(T) = T + aγT² + a²γ²T³/3 + bγ/n (a = 1/3, b = 1/6), which removes the skewness term of its
Edgeworth expansion, and the interval is x̄ − s·g⁻¹(±q/√n) with g⁻¹ in closed form. Two small-
sample refinements, both measured by simulation (40,000 samples per cell):

* γ is the bias-adjusted sample skewness G1 = g1·√(n(n−1))/(n−2), inflated by 1.5: sample
  skewness grossly underestimates a heavy right tail at n = 10 (a lognormal with true skewness
  4 gives a median G1 near 1.5);
* q is the Student-t quantile with Welch–Satterthwaite degrees of freedom for non-normal
  kurtosis, ν = 2 / (2/(n−1) + max(0, κ̂)/n), κ̂ the sample excess kurtosis (ν = n − 1 for
  light tails).

Coverage at n = 10 (n = 5): normal 94.7 % (93.7), lognormal cv 1 93.7 % (90.6), Poisson λ = 2
96.2 % (96.0), exponential 95.3 % (92.5), Poisson λ = 0.3 94.3 %, uniform 97.8 %; at n = 20 every
one of these is at least 94.9 %. Plain t at n = 10: 95.0, 87.3, 94.5, 90.0 %.
``tests/test_experiments_stats.py`` re-measures normal, lognormal and Poisson at n = 10 on 400
seeds each.

A KPI's mean is bounded (counts, times and distances are never negative, shares lie in [0, 1]):
its interval is intersected with that range, which cannot lower the coverage since the true
mean lies inside it. An all-zero sample gives [0, 0]. Paired differences B − A are not bounded.

**Verdicts.** Each KPI has a minimum effect, the smallest difference worth reporting, in the
KPI's own unit (``MIN_EFFECTS``; a scenario's ``analysis.min_effects`` and ``--min-effect``
override it). With the 95 % interval [lo, hi] of the paired difference B − A and δ the minimum
effect:

* ``better`` / ``worse``: the interval lies beyond δ on one side (lo ≥ δ or hi ≤ −δ), judged by
  the KPI's better direction; ``changed`` for a KPI without one;
* ``same``: the interval lies inside (−δ, δ): no meaningful change (an equivalence test, TOST at
  2.5 % a side);
* ``inconclusive``: the interval straddles a threshold; ``reps_to_decide`` estimates the
  replications that would decide at the same spread;
* ``n/a``: cannot judge (fewer than 2 replications, or no data).

**A difference the same in every replication.** With common random numbers a KPI can differ by
exactly the same amount in each replication (a count moved by one customer on the same simulated
days). Its spread is 0 and a t interval would be the point [d, d] at any n, claiming certainty
from two replications. Such a difference is judged by the sign test instead: before
``SIGN_TEST_REPS`` (6) replications it has no interval and is ``inconclusive`` (6 replications to
decide); from 6 on its interval is [d, d] and its p-value the sign test's 2·0.5ⁿ. A difference of
exactly 0 in every replication (the same customers arrive in both layouts) is [0, 0] at any n.

**Many KPIs.** ``bh_qvalues`` gives Benjamini–Hochberg q-values over every KPI × day of a run for
the test "the difference exceeds the minimum effect" (p = 2·P(T > (|d̄| − δ)/se), at most 1);
the report lists the pre-declared headline KPIs as findings and every other KPI as exploratory
with its q-value.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from lobbysim.errors import LobbysimError, UsageError

#: verdict values (the ``verdict`` key of a comparison)
VERDICTS = ("better", "worse", "same", "changed", "inconclusive", "n/a")

#: replications a verdict needs at least
MIN_REPS = 2

#: replications a difference that is the same in every one of them needs before it counts: its
#: sample spread is 0, so a t interval collapses to a point whatever n is; the sign test (all n
#: differences on one side, p = 2 * 0.5**n) first rejects "no difference" at 5 % with 6
SIGN_TEST_REPS = 6

#: the smallest difference worth reporting, per KPI, in the KPI's unit (shares: 0.01 = 1 point)
MIN_EFFECTS: dict[str, float] = {
    # waits and times customers feel: half a minute; the tail of the distribution a minute;
    # the longest wait of a day (one customer) two minutes
    "wait_mean_min": 0.5,
    "wait_p50_min": 0.5,
    "wait_p90_min": 1.0,
    "wait_p95_min": 1.0,
    "wait_max_min": 2.0,
    "counter_wait_mean_min": 0.5,
    "machine_wait_mean_min": 0.5,
    "time_in_branch_mean_min": 0.5,
    "authorisation_wait_mean_min": 0.5,
    "counter_authorisation_wait_mean_min": 0.5,
    "reneged_wait_mean_min": 0.5,
    "call_recall_delay_min": 0.5,
    # shares: one percentage point
    "share_wait_over_15min": 0.01,
    "share_wait_over_30min": 0.01,
    "share_served": 0.01,
    "share_waiting_contacted": 0.01,
    "ops_vp_floor_share": 0.01,
    "ops_vp_floor_activity_share": 0.01,
    # how often the day's part of the call list ran out (a share of days): one day in ten
    "call_list_used_up": 0.1,
    # people, contacts, calls, transactions: one a day
    "arrived": 1.0,
    "served": 1.0,
    "balked": 1.0,
    "reneged": 1.0,
    "no_shows": 1.0,
    "inside_at_close": 1.0,
    "standing_customers": 1.0,
    "max_queue": 1.0,
    "max_inside": 1.0,
    "greeted": 1.0,
    "diverted": 1.0,
    "arrival_alerts": 1.0,
    "marketing_contacts": 1.0,
    "marketing_contacts_completed": 1.0,
    "marketing_conversions": 1.0,
    "outbound_calls": 1.0,
    "outbound_leads": 1.0,
    "authorisations": 1.0,
    "counter_authorisations": 1.0,
    "smart_counter_tx_per_machine": 1.0,
    "cash_tx_per_teller": 1.0,
    "low_counter_tx": 1.0,
    # half a seat of the waiting area occupied on average
    "seat_occupancy_mean": 0.5,
    # walking: 5 m per customer; staff in all 100 m a day (about 75 s of walking)
    "customer_walk_m": 5.0,
    "staff_walk_m": 100.0,
}

#: the pre-declared headline KPIs of a comparison (the report's findings); the rest is exploratory
HEADLINE_KPIS: tuple[str, ...] = (
    "wait_mean_min",
    "wait_p90_min",
    "share_wait_over_15min",
    "marketing_contacts",
    "outbound_calls",
    "ops_vp_floor_share",
    "staff_walk_m",
)

#: the KPIs ``--precision`` watches unless told otherwise: the mean wait and the headline staff KPIs
PRECISION_KPIS: tuple[str, ...] = (
    "wait_mean_min",
    "marketing_contacts",
    "outbound_calls",
    "ops_vp_floor_share",
    "staff_walk_m",
)

# Hall's transformation constants and the small-sample inflation of the skewness (see above)
_HALL_A, _HALL_B = 1.0 / 3.0, 1.0 / 6.0
_SKEW_INFLATION = 1.5
_LEVEL = 0.975


# --- Student t -------------------------------------------------------------------------------
def t_quantile(df: float, p: float = _LEVEL) -> float:
    """The ``p`` quantile of Student's t with ``df`` (possibly fractional) degrees of freedom."""
    if not df >= 1e-9:
        return math.nan
    from scipy.special import stdtrit

    return float(stdtrit(df, p))


def t_sf(df: float, x: float) -> float:
    """P(T > x) for Student's t with ``df`` degrees of freedom."""
    from scipy.special import stdtr

    return float(1.0 - stdtr(df, x))


# --- estimates --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Estimate:
    """A mean over ``n`` replications with its 95 % interval [lo, hi] and the values' standard
    deviation ``sd`` (NaN when it cannot be given)."""

    mean: float
    lo: float
    hi: float
    n: int
    sd: float = math.nan

    @property
    def ci95(self) -> tuple[float, float]:
        return (self.lo, self.hi)

    @property
    def has_interval(self) -> bool:
        return self.n >= MIN_REPS and math.isfinite(self.lo) and math.isfinite(self.hi)

    @property
    def half_width(self) -> float:
        """Half the interval's length (NaN without an interval)."""
        return (self.hi - self.lo) / 2 if self.has_interval else math.nan

    def to_dict(self) -> dict:
        return {"mean": clean(self.mean), "ci95": [clean(self.lo), clean(self.hi)]}


def clean(v: float | None, digits: int = 6) -> float | None:
    """A number for JSON: rounded, None for NaN/inf/None."""
    return None if v is None or not math.isfinite(v) else round(float(v), digits)


def _finite(values: Iterable) -> np.ndarray:
    a = np.asarray([v for v in values if v is not None], dtype=float)
    return a[np.isfinite(a)]


def _hall_interval(a: np.ndarray) -> tuple[float, float]:
    """Hall's skewness-corrected t interval of the mean of ``a`` (n >= 2, sd > 0)."""
    n = len(a)
    m = float(a.mean())
    s = float(a.std(ddof=1))
    d = a - m
    m2 = float((d**2).mean())
    g1 = float((d**3).mean()) / m2**1.5 if n > 2 else 0.0
    kurt = float((d**4).mean()) / m2**2 - 3.0
    gamma = _SKEW_INFLATION * g1 * math.sqrt(n * (n - 1)) / (n - 2) if n > 2 else 0.0
    df = 2.0 / (2.0 / (n - 1) + max(0.0, kurt) / n)
    q = t_quantile(min(df, n - 1.0)) / math.sqrt(n)
    if abs(gamma) < 1e-9:
        return m - s * q, m + s * q
    a_g = _HALL_A * gamma

    def g_inv(y: float) -> float:
        return (np.cbrt(1.0 + 3.0 * a_g * (y - _HALL_B * gamma / n)) - 1.0) / a_g

    return m - s * g_inv(q), m - s * g_inv(-q)


def estimate(values: Iterable, lower: float | None = None, upper: float | None = None) -> Estimate:
    """Mean and 95 % interval of independent replications (None and NaN are left out), the
    interval kept inside [lower, upper] when the KPI is bounded."""
    a = _finite(values)
    n = len(a)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    m = float(a.mean())
    if n < MIN_REPS:
        return Estimate(m, math.nan, math.nan, n)
    s = float(a.std(ddof=1))
    lo, hi = (m, m) if s <= 1e-12 * max(1.0, abs(m)) else _hall_interval(a)
    if lower is not None:
        lo, hi = max(lo, lower), max(hi, lower)
    if upper is not None:
        lo, hi = min(lo, upper), min(hi, upper)
    return Estimate(m, float(lo), float(hi), n, s)


def paired_difference(a: Sequence[float], b: Sequence[float]) -> Estimate:
    """Mean and 95 % interval of b − a over replications paired by index (common random numbers);
    a replication missing on either side is left out of both."""
    xa = np.asarray(a, dtype=float)
    xb = np.asarray(b, dtype=float)
    if xa.shape != xb.shape:
        raise ValueError("paired difference needs the same replications on both sides")
    ok = np.isfinite(xa) & np.isfinite(xb)
    d = (xb - xa)[ok]
    if MIN_REPS <= len(d) < SIGN_TEST_REPS and _constant_nonzero(d):
        return Estimate(float(d[0]), math.nan, math.nan, len(d), 0.0)  # see the module docstring
    return estimate(d)


def _constant_nonzero(d: np.ndarray) -> bool:
    return bool(d[0] != 0 and np.all(d == d[0]))


def undecided_constant(diff: Estimate) -> bool:
    """A difference the same (and not 0) in each of too few replications to judge it (see the
    module docstring)."""
    return MIN_REPS <= diff.n < SIGN_TEST_REPS and diff.sd == 0 and math.isnan(diff.lo)


# --- KPI facts ---------------------------------------------------------------------------------
def kpi_better(name: str) -> str | None:
    """'lower', 'higher' or None: the KPI's better direction, from ``KPI_INFO``."""
    from lobbysim.sim.kpis import KPI_INFO

    info = KPI_INFO.get(name)
    return info[3] if info else None


def kpi_bounds(name: str) -> tuple[float | None, float | None]:
    """The range of a KPI's mean: every KPI of the branch, a fixture, a staff member or a business
    counts, times or measures something, so it is never negative; a branch share (unit 'share'
    in ``KPI_INFO``) lies in [0, 1]."""
    from lobbysim.sim.kpis import KPI_INFO

    info = KPI_INFO.get(name)
    return (0.0, 1.0) if info is not None and info[2] == "share" else (0.0, None)


def kpi_estimate(name: str, values: Iterable) -> Estimate:
    """``estimate`` within the KPI's bounds; a KPI that is 0 or 1 each day (``KPI_INDICATORS``:
    e.g. whether the call list ran out) gets the Wilson score interval of a proportion, which stays
    honest when every day agrees (a t interval collapses to [1, 1] after 40 days of 1)."""
    from lobbysim.sim.kpis import KPI_INDICATORS

    if name in KPI_INDICATORS:
        a = _finite(values)
        if len(a) >= MIN_REPS and np.all((a == 0) | (a == 1)):
            return wilson(int(a.sum()), len(a))
    lo, hi = kpi_bounds(name)
    return estimate(values, lo, hi)


def wilson(k: int, n: int) -> Estimate:
    """The proportion k/n with its 95 % Wilson score interval."""
    z = 1.959963984540054  # the normal 97.5 % quantile
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    sd = math.sqrt(p * (1 - p) * n / (n - 1)) if n > 1 else math.nan
    return Estimate(p, max(0.0, centre - half), min(1.0, centre + half), n, sd)


# --- verdicts ----------------------------------------------------------------------------------
def verdict(diff: Estimate, better: str | None, min_effect: float | None) -> str:
    """The verdict on B against A from the interval of the paired difference B − A (see the module
    docstring): 'better', 'worse', 'changed', 'same', 'inconclusive' or 'n/a'."""
    if min_effect is not None and min_effect > 0 and undecided_constant(diff):
        return "inconclusive"
    if not diff.has_interval or min_effect is None or not min_effect > 0:
        return "n/a"
    if diff.lo >= min_effect or diff.hi <= -min_effect:
        if better not in ("lower", "higher"):
            return "changed"
        up = diff.lo >= min_effect
        return "better" if up == (better == "higher") else "worse"
    if -min_effect < diff.lo and diff.hi < min_effect:
        return "same"
    return "inconclusive"


def why_not_judged(diff: Estimate, min_effect: float | None) -> str:
    """Why a verdict is 'n/a', in words ('' when it is not)."""
    if diff.n < MIN_REPS:
        return f"cannot judge: {diff.n} replication" + ("" if diff.n == 1 else "s")
    if not diff.has_interval:
        return "cannot judge: no data"
    if min_effect is None or not min_effect > 0:
        return "cannot judge: no minimum effect for this KPI"
    return ""


def reps_to_decide(diff: Estimate, min_effect: float, limit: int = 100_000) -> int | None:
    """Replications estimated to make an inconclusive interval decide at the same spread: the
    smallest n whose t half-width fits between the mean and the threshold it straddles. None when
    the mean lies on a threshold (no number of replications is enough) or without data."""
    if undecided_constant(diff) and min_effect > 0:
        return SIGN_TEST_REPS
    if not diff.has_interval or not math.isfinite(diff.sd) or diff.sd <= 0 or not min_effect > 0:
        return None
    room = min(abs(diff.mean - min_effect), abs(diff.mean + min_effect))
    if room <= 1e-12:
        return None
    n = max(diff.n + 1, math.ceil((1.96 * diff.sd / room) ** 2))
    while n <= limit:
        if t_quantile(n - 1) * diff.sd / math.sqrt(n) < room:
            return n
        n = max(n + 1, int(n * 1.05))
    return None


def p_value(diff: Estimate, min_effect: float) -> float | None:
    """Two-sided p of "the difference exceeds the minimum effect" (Student t, at most 1)."""
    if undecided_constant(diff) and min_effect > 0:
        return min(1.0, 2.0 * 0.5**diff.n) if abs(diff.mean) >= min_effect else 1.0
    if not diff.has_interval or not math.isfinite(diff.sd) or not min_effect > 0:
        return None
    excess = abs(diff.mean) - min_effect
    if diff.sd <= 0:  # the same difference in each of at least SIGN_TEST_REPS replications: the sign test
        return min(1.0, 2.0 * 0.5**diff.n) if excess >= 0 else 1.0
    return min(1.0, 2.0 * t_sf(diff.n - 1, excess / (diff.sd / math.sqrt(diff.n))))


def bh_qvalues(pvalues: Sequence[float | None]) -> list[float | None]:
    """Benjamini–Hochberg q-values (step-up, monotone) of the p-values given; None stays None and
    is not counted in the family."""
    idx = [i for i, p in enumerate(pvalues) if p is not None]
    m = len(idx)
    out: list[float | None] = [None] * len(pvalues)
    if not m:
        return out
    order = sorted(idx, key=lambda i: pvalues[i])  # type: ignore[arg-type, return-value]
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        p = pvalues[i]
        assert p is not None
        running = min(running, p * m / rank)
        out[i] = running
    return out


# --- settings: minimum effects and headline KPIs ------------------------------------------------
@dataclass(frozen=True)
class Analysis:
    """What a comparison judges by: minimum effects per KPI and the headline KPIs."""

    min_effects: Mapping[str, float]
    headline: tuple[str, ...] = HEADLINE_KPIS

    def min_effect(self, name: str) -> float | None:
        return self.min_effects.get(name)


DEFAULT_ANALYSIS = Analysis(dict(MIN_EFFECTS))


def _check_kpi(name: object, where: str, path: str | None) -> str:
    from lobbysim.sim.kpis import KPI_INFO

    if not isinstance(name, str) or name not in KPI_INFO:
        import difflib

        close = difflib.get_close_matches(str(name), list(KPI_INFO), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise LobbysimError(f"{where}: unknown KPI '{name}'{hint}; see 'lobbysim kpis'", path=path)
    return name


def analysis_from(
    scenario_doc: Mapping | None, path: str | None = None, overrides: Mapping[str, float] | None = None
) -> Analysis:
    """The analysis settings of a scenario document (its optional ``analysis`` section:
    ``{"headline_kpis": [...], "min_effects": {KPI: number > 0}}``) with command-line overrides
    on top. An unknown KPI or a bad number is an error naming the file."""
    section = (scenario_doc or {}).get("analysis") or {}
    if not isinstance(section, Mapping):
        raise LobbysimError("analysis: must be an object", path=path)
    effects = dict(MIN_EFFECTS)
    raw = section.get("min_effects") or {}
    if not isinstance(raw, Mapping):
        raise LobbysimError("analysis.min_effects: must be an object {KPI: number}", path=path)
    for name, value in raw.items():
        _check_kpi(name, "analysis.min_effects", path)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
            raise LobbysimError(f"analysis.min_effects.{name}: must be a number > 0, got {value!r}", path=path)
        effects[name] = float(value)
    headline = HEADLINE_KPIS
    if "headline_kpis" in section:
        names = section["headline_kpis"]
        if not isinstance(names, list) or not names:
            raise LobbysimError("analysis.headline_kpis: must be a non-empty list of KPI names", path=path)
        headline = tuple(dict.fromkeys(_check_kpi(n, "analysis.headline_kpis", path) for n in names))
    effects.update(overrides or {})
    return Analysis(effects, headline)


def parse_min_effects(specs: Iterable[str] | None) -> dict[str, float]:
    """``--min-effect KPI=VALUE`` options -> {KPI: value}; a bad one is a usage error (exit 2)."""
    from lobbysim.sim.kpis import KPI_INFO

    out: dict[str, float] = {}
    for spec in specs or ():
        name, _, value = str(spec).partition("=")
        name = name.strip()
        if name not in KPI_INFO:
            raise UsageError(f"--min-effect: unknown KPI '{name}'; KPIs are: {', '.join(KPI_INFO)}")
        try:
            v = float(value)
        except ValueError:
            v = math.nan
        if not v > 0 or not math.isfinite(v):
            raise UsageError(f"--min-effect {name}=VALUE: VALUE must be a number > 0, got {value!r}")
        out[name] = v
    return out


def parse_kpi_list(text: str | None, option: str, default: Sequence[str]) -> tuple[str, ...]:
    """A comma-separated list of KPI names for ``option``; unknown names are a usage error."""
    from lobbysim.sim.kpis import KPI_INFO

    if not text:
        return tuple(default)
    names = tuple(dict.fromkeys(k.strip() for k in text.split(",") if k.strip()))
    bad = [k for k in names if k not in KPI_INFO]
    if bad or not names:
        raise UsageError(f"{option}: unknown KPI '{bad[0] if bad else text}'; KPIs are: {', '.join(KPI_INFO)}")
    return names
