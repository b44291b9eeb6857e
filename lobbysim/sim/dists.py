"""Probability distributions of the lobby model, each carrying its analytic mean and variance.

A distribution is a small immutable object with ``sample(rng, n)`` (a numpy array of ``n``
draws from an explicit ``numpy.random.Generator``, never a global seed) and the exact
``mean`` and ``var`` of what it samples, so tests can compare samples with theory.

In scenario files a distribution is written ``{"dist": "lognormal", "mean": 5, "cv": 0.8}``;
times are in minutes there and in seconds here (``from_dict(..., scale=60)``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from lobbysim.errors import FormatError

DIST_NAMES = ("exponential", "lognormal", "gamma", "deterministic", "empirical", "weibull", "normal", "uniform")


@dataclass(frozen=True)
class Dist:
    name: str

    @property
    def mean(self) -> float:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def var(self) -> float:  # pragma: no cover - overridden
        raise NotImplementedError

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def to_dict(self, scale: float = 1.0) -> dict:  # pragma: no cover
        raise NotImplementedError


@dataclass(frozen=True)
class Exponential(Dist):
    m: float

    @property
    def mean(self):
        return self.m

    @property
    def var(self):
        return self.m**2

    def sample(self, rng, n):
        return rng.exponential(self.m, n)

    def to_dict(self, scale=1.0):
        return {"dist": "exponential", "mean": self.m / scale}


@dataclass(frozen=True)
class Lognormal(Dist):
    m: float
    cv: float

    @property
    def _params(self):
        s2 = math.log(1.0 + self.cv**2)
        return math.log(self.m) - s2 / 2, math.sqrt(s2)

    @property
    def mean(self):
        return self.m

    @property
    def var(self):
        return (self.cv * self.m) ** 2

    def sample(self, rng, n):
        mu, sigma = self._params
        return rng.lognormal(mu, sigma, n)

    def to_dict(self, scale=1.0):
        return {"dist": "lognormal", "mean": self.m / scale, "cv": self.cv}


@dataclass(frozen=True)
class Gamma(Dist):
    m: float
    cv: float

    @property
    def mean(self):
        return self.m

    @property
    def var(self):
        return (self.cv * self.m) ** 2

    def sample(self, rng, n):
        k = 1.0 / self.cv**2
        return rng.gamma(k, self.m / k, n)

    def to_dict(self, scale=1.0):
        return {"dist": "gamma", "mean": self.m / scale, "cv": self.cv}


@dataclass(frozen=True)
class Deterministic(Dist):
    value: float

    @property
    def mean(self):
        return self.value

    @property
    def var(self):
        return 0.0

    def sample(self, rng, n):
        return np.full(n, self.value, dtype=float)

    def to_dict(self, scale=1.0):
        return {"dist": "deterministic", "value": self.value / scale}


@dataclass(frozen=True)
class Empirical(Dist):
    values: tuple[float, ...]

    @property
    def mean(self):
        return float(np.mean(self.values))

    @property
    def var(self):
        return float(np.var(self.values))

    def sample(self, rng, n):
        return np.asarray(self.values, dtype=float)[rng.integers(0, len(self.values), n)]

    def to_dict(self, scale=1.0):
        return {"dist": "empirical", "values": [v / scale for v in self.values]}


@dataclass(frozen=True)
class Weibull(Dist):
    """Weibull by its mean and shape k (k=1 is exponential; patience uses k≈2)."""

    m: float
    shape: float

    @property
    def scale_param(self):
        return self.m / math.gamma(1 + 1 / self.shape)

    @property
    def mean(self):
        return self.m

    @property
    def var(self):
        lam, k = self.scale_param, self.shape
        return lam**2 * (math.gamma(1 + 2 / k) - math.gamma(1 + 1 / k) ** 2)

    def sample(self, rng, n):
        return self.scale_param * rng.weibull(self.shape, n)

    def to_dict(self, scale=1.0):
        return {"dist": "weibull", "mean": self.m / scale, "shape": self.shape}


@dataclass(frozen=True)
class Normal(Dist):
    """Normal(mu, sd) truncated to [lo, hi] (by rejection); mean/var are the truncated ones."""

    mu: float
    sd: float
    lo: float
    hi: float

    def _moments(self):
        if self.sd == 0:
            return self.mu, 0.0
        a, b = (self.lo - self.mu) / self.sd, (self.hi - self.mu) / self.sd
        phi = lambda x: math.exp(-x * x / 2) / math.sqrt(2 * math.pi)  # noqa: E731
        Phi = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))  # noqa: E731
        z = Phi(b) - Phi(a)
        m = self.mu + self.sd * (phi(a) - phi(b)) / z
        v = self.sd**2 * (1 + (a * phi(a) - b * phi(b)) / z - ((phi(a) - phi(b)) / z) ** 2)
        return m, v

    @property
    def mean(self):
        return self._moments()[0]

    @property
    def var(self):
        return self._moments()[1]

    def sample(self, rng, n):
        out = rng.normal(self.mu, self.sd, n)
        bad = (out < self.lo) | (out > self.hi)
        while bad.any():
            out[bad] = rng.normal(self.mu, self.sd, int(bad.sum()))
            bad = (out < self.lo) | (out > self.hi)
        return out

    def to_dict(self, scale=1.0):
        return {
            "dist": "normal",
            "mean": self.mu / scale,
            "sd": self.sd / scale,
            "min": self.lo / scale,
            "max": self.hi / scale,
        }


@dataclass(frozen=True)
class Uniform(Dist):
    lo: float
    hi: float

    @property
    def mean(self):
        return (self.lo + self.hi) / 2

    @property
    def var(self):
        return (self.hi - self.lo) ** 2 / 12

    def sample(self, rng, n):
        return rng.uniform(self.lo, self.hi, n)

    def to_dict(self, scale=1.0):
        return {"dist": "uniform", "min": self.lo / scale, "max": self.hi / scale}


def _num(d: dict, key: str, where: str, path, *, positive=False, min_=None, default=None) -> float:
    if key not in d:
        if default is not None:
            return default
        raise FormatError(f"distribution needs field '{key}'", path=path, element=where)
    v = d[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise FormatError(f"distribution field '{key}' must be a finite number, got {v!r}", path=path, element=where)
    if positive and v <= 0:
        raise FormatError(f"distribution field '{key}' must be positive, got {v}", path=path, element=where)
    if min_ is not None and v < min_:
        raise FormatError(f"distribution field '{key}' must be at least {min_}, got {v}", path=path, element=where)
    return float(v)


def from_dict(d, *, where: str, path=None, scale: float = 1.0) -> Dist:
    """Parse ``{"dist": ..., ...}``; values are multiplied by ``scale`` (60: minutes -> seconds)."""
    if isinstance(d, (int, float)) and not isinstance(d, bool):
        d = {"dist": "deterministic", "value": d}
    if not isinstance(d, dict):
        raise FormatError(
            f'a distribution must be an object like {{"dist": "exponential", "mean": 5}}, got {d!r}',
            path=path,
            element=where,
        )
    name = d.get("dist")
    if name not in DIST_NAMES:
        raise FormatError(
            f"unknown distribution {name!r}; expected one of: {', '.join(DIST_NAMES)}", path=path, element=where
        )
    if name == "exponential":
        return Exponential(name, _num(d, "mean", where, path, positive=True) * scale)
    if name == "lognormal":
        return Lognormal(
            name, _num(d, "mean", where, path, positive=True) * scale, _num(d, "cv", where, path, positive=True)
        )
    if name == "gamma":
        return Gamma(
            name, _num(d, "mean", where, path, positive=True) * scale, _num(d, "cv", where, path, positive=True)
        )
    if name == "deterministic":
        return Deterministic(name, _num(d, "value", where, path, min_=0) * scale)
    if name == "weibull":
        return Weibull(
            name,
            _num(d, "mean", where, path, positive=True) * scale,
            _num(d, "shape", where, path, positive=True, default=2.0),
        )
    if name == "normal":
        mu = _num(d, "mean", where, path) * scale
        sd = _num(d, "sd", where, path, min_=0) * scale
        lo = _num(d, "min", where, path, default=-1e300) * (scale if "min" in d else 1)
        hi = _num(d, "max", where, path, default=1e300) * (scale if "max" in d else 1)
        if not lo < hi or not lo <= mu <= hi:
            raise FormatError("normal distribution needs min < mean < max", path=path, element=where)
        return Normal(name, mu, sd, lo, hi)
    if name == "uniform":
        lo = _num(d, "min", where, path, min_=0) * scale
        hi = _num(d, "max", where, path, min_=0) * scale
        if hi < lo:
            raise FormatError("uniform distribution needs min <= max", path=path, element=where)
        return Uniform(name, lo, hi)
    vals = d.get("values")
    if not isinstance(vals, list) or not vals:
        raise FormatError("empirical distribution needs a non-empty list 'values'", path=path, element=where)
    out = []
    for v in vals:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0:
            raise FormatError(f"empirical values must be non-negative numbers, got {v!r}", path=path, element=where)
        out.append(float(v) * scale)
    return Empirical(name, tuple(out))
