"""Small statistics over replications: means with Student-t 95% confidence intervals."""

from __future__ import annotations

import math

import numpy as np

# two-sided 97.5% quantiles of Student's t for 1..30 degrees of freedom
_T975 = [
    12.706,
    4.303,
    3.182,
    2.776,
    2.571,
    2.447,
    2.365,
    2.306,
    2.262,
    2.228,
    2.201,
    2.179,
    2.160,
    2.145,
    2.131,
    2.120,
    2.110,
    2.101,
    2.093,
    2.086,
    2.080,
    2.074,
    2.069,
    2.064,
    2.060,
    2.056,
    2.052,
    2.048,
    2.045,
    2.042,
]


def t975(df: int) -> float:
    """The 97.5% quantile of Student's t with ``df`` degrees of freedom."""
    if df < 1:
        return math.nan
    if df <= 30:
        return _T975[df - 1]
    # Cornish-Fisher expansion around the normal quantile (error < 1e-4 for df > 30)
    z = 1.959964
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def mean_ci95(values) -> tuple[float, tuple[float, float]]:
    """Mean and Student-t 95% confidence interval; NaNs are ignored; one value gives (x, (x, x))
    is not claimed: its interval is (nan, nan)."""
    v = np.asarray([x for x in values if x is not None and not (isinstance(x, float) and math.isnan(x))], dtype=float)
    if v.size == 0:
        return math.nan, (math.nan, math.nan)
    m = float(v.mean())
    if v.size == 1:
        return m, (math.nan, math.nan)
    half = t975(v.size - 1) * float(v.std(ddof=1)) / math.sqrt(v.size)
    return m, (m - half, m + half)
