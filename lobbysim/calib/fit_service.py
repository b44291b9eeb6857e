"""Service times by maximum likelihood: lognormal, gamma and Weibull fitted to the logged
durations of one business at one kind of counter (finished minus started, or minus called when
the log has no start time), the one with the smallest AIC chosen, its goodness of fit given
by the Kolmogorov–Smirnov distance (and its p-value, optimistic since the parameters were
estimated from the same data) and the Anderson–Darling statistic.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

#: fewer observations than this: keep the base scenario's distribution
MIN_N = 30
#: durations outside this range (minutes) are not services (a ticket closed hours later)
MIN_MINUTES, MAX_MINUTES = 0.05, 240.0


@dataclass
class Candidate:
    name: str
    loglik: float
    aic: float
    mean: float
    cv: float
    shape: float
    ks: float
    ks_p: float
    ad: float

    def dist(self) -> dict:
        """The scenario's spelling, in minutes."""
        if self.name == "deterministic":
            return {"dist": "deterministic", "value": round(self.mean, 3)}
        if self.name == "weibull":
            return {"dist": "weibull", "mean": round(self.mean, 3), "shape": round(self.shape, 3)}
        return {"dist": self.name, "mean": round(self.mean, 3), "cv": round(self.cv, 3)}

    def to_json(self) -> dict:
        return {
            "dist": self.name,
            "loglik": round(self.loglik, 2),
            "aic": round(self.aic, 2),
            "mean_min": round(self.mean, 3),
            "cv": round(self.cv, 3),
            "ks": round(self.ks, 4),
            "ks_p": float(f"{self.ks_p:.3g}"),
            "ad": round(self.ad, 3),
        }


@dataclass
class ServiceFit:
    n: int
    rejected: int
    sample_mean: float
    sample_cv: float
    best: Candidate | None
    candidates: list[Candidate]

    def to_json(self) -> dict:
        return {
            "n": self.n,
            "rejected_durations": self.rejected,
            "sample_mean_min": round(self.sample_mean, 3),
            "sample_cv": round(self.sample_cv, 3),
            "chosen": self.best.to_json() if self.best else None,
            "candidates": [c.to_json() for c in self.candidates],
        }


def anderson_darling(x_sorted: np.ndarray, cdf) -> float:
    n = len(x_sorted)
    f = np.clip(cdf(x_sorted), 1e-12, 1 - 1e-12)
    i = np.arange(1, n + 1)
    return float(-n - np.sum((2 * i - 1) * (np.log(f) + np.log(1 - f[::-1]))) / n)


def _candidate(name: str, frozen, x: np.ndarray, mean: float, cv: float, shape: float) -> Candidate:
    ll = float(np.sum(frozen.logpdf(x)))
    ks = stats.kstest(x, frozen.cdf)
    return Candidate(
        name, ll, 4 - 2 * ll, mean, cv, shape, float(ks.statistic), float(ks.pvalue), anderson_darling(x, frozen.cdf)
    )


def _lognormal(x: np.ndarray) -> Candidate:
    lx = np.log(x)
    mu, sigma = float(lx.mean()), float(max(lx.std(), 1e-6))
    fr = stats.lognorm(s=sigma, scale=math.exp(mu))
    return _candidate("lognormal", fr, x, math.exp(mu + sigma**2 / 2), math.sqrt(math.expm1(sigma**2)), 0.0)


def _gamma(x: np.ndarray) -> Candidate:
    # closed-form start (Minka) refined by scipy's maximum likelihood with the location at 0
    s = math.log(x.mean()) - float(np.log(x).mean())
    k0 = (3 - s + math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s) if s > 0 else 100.0
    k, _, scale = stats.gamma.fit(x, k0, floc=0)
    fr = stats.gamma(k, scale=scale)
    return _candidate("gamma", fr, x, k * scale, 1 / math.sqrt(k), k)


def _weibull(x: np.ndarray) -> Candidate:
    k, _, lam = stats.weibull_min.fit(x, 1.5, floc=0)
    fr = stats.weibull_min(k, scale=lam)
    m = lam * math.gamma(1 + 1 / k)
    sd = lam * math.sqrt(max(math.gamma(1 + 2 / k) - math.gamma(1 + 1 / k) ** 2, 0.0))
    return _candidate("weibull", fr, x, m, sd / m, k)


def fit_service(minutes: np.ndarray) -> ServiceFit:
    """Fit the three families to durations in minutes (the tiny and the absurd left out)."""
    ok = (minutes >= MIN_MINUTES) & (minutes <= MAX_MINUTES) & np.isfinite(minutes)
    x = np.sort(minutes[ok].astype(float))
    n = len(x)
    mean = float(x.mean()) if n else 0.0
    cv = float(x.std(ddof=1) / mean) if n > 1 and mean > 0 else 0.0
    if n < MIN_N:
        return ServiceFit(n, int((~ok).sum()), mean, cv, None, [])
    if cv < 0.01:  # every duration the same (a system that logs a fixed time): no spread to fit
        c = Candidate(
            "deterministic", float("nan"), float("nan"), mean, 0.0, 0.0, float("nan"), float("nan"), float("nan")
        )
        return ServiceFit(n, int((~ok).sum()), mean, cv, c, [])
    cands = []
    for f in (_lognormal, _gamma, _weibull):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                cands.append(f(x))
        except (ValueError, RuntimeError, FloatingPointError, ZeroDivisionError):
            continue
    cands = [c for c in cands if math.isfinite(c.aic)]
    best = min(cands, key=lambda c: c.aic) if cands else None
    return ServiceFit(n, int((~ok).sum()), mean, cv, best, cands)
