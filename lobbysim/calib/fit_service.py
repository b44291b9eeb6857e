"""Service times by maximum likelihood: lognormal, gamma and Weibull fitted to the logged
durations of one business at one kind of counter (finished minus started, or minus called when
the log has no start time), the one with the smallest AIC chosen, its goodness of fit given
by the Kolmogorov–Smirnov distance (and its p-value, optimistic since the parameters were
estimated from the same data) and the Anderson–Darling statistic.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special, stats

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
    #: the sample as distinct durations (minutes) and their counts (for the report's histograms)
    values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    counts: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def to_json(self) -> dict:
        return {
            "n": self.n,
            "rejected_durations": self.rejected,
            "sample_mean_min": round(self.sample_mean, 3),
            "sample_cv": round(self.sample_cv, 3),
            "chosen": self.best.to_json() if self.best else None,
            "candidates": [c.to_json() for c in self.candidates],
        }


def anderson_darling(x: np.ndarray, w: np.ndarray, cdf) -> float:
    """A² of the sample given as sorted distinct values ``x`` with counts ``w`` (ties kept)."""
    n = float(w.sum())
    f = np.clip(cdf(x), 1e-12, 1 - 1e-12)
    b = np.cumsum(w)
    a = b - w
    low = np.sum(np.log(f) * (b * b - a * a))  # sum of (2i - 1) ln F(x_(i)) over each block of ties
    high = np.sum(np.log(1 - f) * (w * (2 * n + 1) - (b * (b + 1) - a * (a + 1))))
    return float(-n - (low + high) / n)


def ks(x: np.ndarray, w: np.ndarray, cdf) -> tuple[float, float]:
    """Kolmogorov–Smirnov distance of the weighted sample from ``cdf`` and its (optimistic) p-value."""
    n = float(w.sum())
    f = cdf(x)
    after = np.cumsum(w) / n
    before = after - w / n
    d = float(max(np.max(after - f), np.max(f - before)))
    return d, float(stats.kstwo.sf(d, int(n)))


def _candidate(name: str, frozen, x, w, mean: float, cv: float, shape: float) -> Candidate:
    ll = float(np.sum(w * frozen.logpdf(x)))
    d, p = ks(x, w, frozen.cdf)
    return Candidate(name, ll, 4 - 2 * ll, mean, cv, shape, d, p, anderson_darling(x, w, frozen.cdf))


def _wmean(v: np.ndarray, w: np.ndarray) -> float:
    return float(np.sum(v * w) / np.sum(w))


def _lognormal(x: np.ndarray, w: np.ndarray) -> Candidate:
    lx = np.log(x)
    mu = _wmean(lx, w)
    sigma = max(math.sqrt(_wmean((lx - mu) ** 2, w)), 1e-6)
    fr = stats.lognorm(s=sigma, scale=math.exp(mu))
    return _candidate("lognormal", fr, x, w, math.exp(mu + sigma**2 / 2), math.sqrt(math.expm1(sigma**2)), 0.0)


def _gamma(x: np.ndarray, w: np.ndarray) -> Candidate:
    """Maximum likelihood: Minka's closed-form start, then Newton on ln k - digamma(k) = s."""
    m = _wmean(x, w)
    s = math.log(m) - _wmean(np.log(x), w)
    k = (3 - s + math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s) if s > 0 else 1e4
    for _ in range(50):
        step = (math.log(k) - float(special.digamma(k)) - s) / (1 / k - float(special.polygamma(1, k)))
        k = max(k - step, k / 10)
        if abs(step) < 1e-10 * k:
            break
    fr = stats.gamma(k, scale=m / k)
    return _candidate("gamma", fr, x, w, m, 1 / math.sqrt(k), k)


def _weibull(x: np.ndarray, w: np.ndarray) -> Candidate:
    """Maximum likelihood: the shape solves the profile equation, the scale follows."""
    lx = np.log(x)
    mlx = _wmean(lx, w)
    z = x / x.max()  # scaled so that x**k cannot overflow

    def g(k: float) -> float:
        zk = w * z**k
        return float(np.sum(zk * lx) / np.sum(zk)) - 1 / k - mlx

    k = optimize.brentq(g, 0.05, 50.0)
    lam = float(x.max() * (np.sum(w * z**k) / np.sum(w)) ** (1 / k))
    fr = stats.weibull_min(k, scale=lam)
    m = lam * math.gamma(1 + 1 / k)
    sd = lam * math.sqrt(max(math.gamma(1 + 2 / k) - math.gamma(1 + 1 / k) ** 2, 0.0))
    return _candidate("weibull", fr, x, w, m, sd / m, k)


def fit_service(minutes: np.ndarray) -> ServiceFit:
    """Fit the three families to durations in minutes (the tiny and the absurd left out)."""
    ok = (minutes >= MIN_MINUTES) & (minutes <= MAX_MINUTES) & np.isfinite(minutes)
    x = np.sort(minutes[ok].astype(float))
    n = len(x)
    mean = float(x.mean()) if n else 0.0
    cv = float(x.std(ddof=1) / mean) if n > 1 and mean > 0 else 0.0
    ux, counts = np.unique(x, return_counts=True)  # logged to the second: far fewer values than rows
    wts = counts.astype(float)
    if n < MIN_N:
        return ServiceFit(n, int((~ok).sum()), mean, cv, None, [], ux, wts)
    if cv < 0.01:  # every duration the same (a system that logs a fixed time): no spread to fit
        c = Candidate(
            "deterministic", float("nan"), float("nan"), mean, 0.0, 0.0, float("nan"), float("nan"), float("nan")
        )
        return ServiceFit(n, int((~ok).sum()), mean, cv, c, [], ux, wts)
    cands = []
    for f in (_lognormal, _gamma, _weibull):
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                cands.append(f(ux, wts))
        except (ValueError, RuntimeError, FloatingPointError, ZeroDivisionError):
            continue
    cands = [c for c in cands if math.isfinite(c.aic)]
    best = min(cands, key=lambda c: c.aic) if cands else None
    return ServiceFit(n, int((~ok).sum()), mean, cv, best, cands, ux, wts)
