"""Statistics over replications: means with Student-t confidence intervals, paired
differences between two variants run on the same customers, and verdicts.

Replications are independent days; the t-interval is the textbook one. For two variants
run with common random numbers (the same seeds, hence the same arrivals), the difference
per replication cancels most of the day-to-day noise, so the paired interval is much
narrower than the difference of two independent intervals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# two-sided 95% Student-t quantiles t_{0.975, df}; beyond the table the normal limit is close enough
_T975 = {
    1: 12.706204736,
    2: 4.302652730,
    3: 3.182446305,
    4: 2.776445105,
    5: 2.570581836,
    6: 2.446911851,
    7: 2.364624252,
    8: 2.306004135,
    9: 2.262157163,
    10: 2.228138852,
    11: 2.200985160,
    12: 2.178812830,
    13: 2.160368656,
    14: 2.144786688,
    15: 2.131449546,
    16: 2.119905299,
    17: 2.109815578,
    18: 2.100922040,
    19: 2.093024054,
    20: 2.085963447,
    21: 2.079613845,
    22: 2.073873068,
    23: 2.068657610,
    24: 2.063898562,
    25: 2.059538553,
    26: 2.055529439,
    27: 2.051830516,
    28: 2.048407142,
    29: 2.045229642,
    30: 2.042272456,
    40: 2.021075390,
    50: 2.008559112,
    60: 2.000297822,
    80: 1.990063421,
    100: 1.983971519,
    120: 1.979930405,
    200: 1.971896224,
    500: 1.964719837,
    1000: 1.962339081,
}


def t975(df: int) -> float:
    """The 97.5% quantile of Student's t with ``df`` degrees of freedom (interpolated in 1/df)."""
    if df < 1:
        return math.nan
    if df in _T975:
        return _T975[df]
    keys = sorted(_T975)
    if df > keys[-1]:
        return 1.959963985 + (_T975[1000] - 1.959963985) * 1000 / df
    lo = max(k for k in keys if k < df)
    hi = min(k for k in keys if k > df)
    w = (1 / df - 1 / hi) / (1 / lo - 1 / hi)
    return _T975[hi] + w * (_T975[lo] - _T975[hi])


@dataclass(frozen=True, slots=True)
class Estimate:
    mean: float
    lo: float
    hi: float
    n: int

    @property
    def ci95(self) -> tuple[float, float]:
        return (self.lo, self.hi)

    def to_dict(self) -> dict:
        return {"mean": _clean(self.mean), "ci95": [_clean(self.lo), _clean(self.hi)], "n": self.n}


def _clean(v: float):
    return None if v is None or not math.isfinite(v) else round(float(v), 6)


def estimate(values) -> Estimate:
    """Mean and 95% Student-t interval of independent replications (NaNs are left out)."""
    a = np.asarray([v for v in values if v is not None], dtype=float)
    a = a[np.isfinite(a)]
    n = len(a)
    if n == 0:
        return Estimate(math.nan, math.nan, math.nan, 0)
    m = float(a.mean())
    if n == 1:
        return Estimate(m, math.nan, math.nan, 1)
    half = t975(n - 1) * float(a.std(ddof=1)) / math.sqrt(n)
    return Estimate(m, m - half, m + half, n)


def paired_difference(a, b) -> Estimate:
    """Mean and 95% interval of b - a over replications paired by index (common random numbers)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError("paired difference needs the same replications on both sides")
    ok = np.isfinite(a) & np.isfinite(b)
    return estimate((b - a)[ok])


def verdict(diff: Estimate, better: str | None) -> str:
    """'better', 'worse' or 'same' for B against A: 'same' unless the interval excludes zero
    and the KPI has a known good direction ('lower' or 'higher')."""
    if better not in ("lower", "higher") or diff.n < 2 or not math.isfinite(diff.lo):
        return "same"
    if diff.lo > 0:
        return "better" if better == "higher" else "worse"
    if diff.hi < 0:
        return "better" if better == "lower" else "worse"
    return "same"
