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

from lobbysim.model.jsonio import Reader, short

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

    @property
    def lowest(self) -> float:
        """The smallest value a draw can take (0 for distributions reaching down to 0)."""
        return 0.0


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

    @property
    def lowest(self) -> float:
        return self.value


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

    @property
    def lowest(self) -> float:
        return min(self.values)


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

    @property
    def lowest(self) -> float:
        return self.lo


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

    @property
    def lowest(self) -> float:
        return self.lo


#: the fields of each distribution in a scenario file (besides "dist")
FIELDS = {
    "exponential": ("mean",),
    "lognormal": ("mean", "cv"),
    "gamma": ("mean", "cv"),
    "deterministic": ("value",),
    "empirical": ("values",),
    "weibull": ("mean", "shape"),
    "normal": ("mean", "sd", "min", "max"),
    "uniform": ("min", "max"),
}
#: at most this many values in an empirical distribution
MAX_EMPIRICAL = 10_000
#: a coefficient of variation or a Weibull shape outside these bounds is not a usable distribution
CV_MAX = 20.0
SHAPE_RANGE = (0.1, 50.0)


def from_dict(d, *, where: str, path=None, scale: float = 1.0, max_mean: float | None = None) -> Dist:
    """Parse ``{"dist": ..., ...}`` (a bare number is a deterministic value); values are multiplied
    by ``scale`` (60: minutes -> seconds). ``max_mean`` (in the file's unit) refuses distributions
    whose mean would make a run explode (a service time of a year)."""
    r = Reader(path)
    if isinstance(d, (int, float)) and not isinstance(d, bool):
        d = {"dist": "deterministic", "value": d}
    if not isinstance(d, dict):
        r.fail(f'a distribution must be an object like {{"dist": "exponential", "mean": 5}}, got {short(d)}', where)
    name = d.get("dist")
    if name not in DIST_NAMES:
        r.fail(f"unknown distribution {short(name)}; expected one of: {', '.join(DIST_NAMES)}", where)
    r.keys(d, {"dist", *FIELDS[name]}, where)
    dist = _build(r, name, d, where, scale)
    if max_mean is not None and dist.mean > max_mean * scale:
        r.fail(f"the mean of this distribution ({dist.mean / scale:g}) is above the limit of {max_mean:g}", where)
    return dist


def _exponential(r: Reader, d: dict, where: str, scale: float) -> Dist:
    return Exponential("exponential", r.number(d, "mean", where, positive=True) * scale)


def _lognormal(r: Reader, d: dict, where: str, scale: float) -> Dist:
    m, cv = r.number(d, "mean", where, positive=True) * scale, r.number(d, "cv", where, positive=True, max=CV_MAX)
    return Lognormal("lognormal", m, cv)


def _gamma(r: Reader, d: dict, where: str, scale: float) -> Dist:
    m, cv = r.number(d, "mean", where, positive=True) * scale, r.number(d, "cv", where, positive=True, max=CV_MAX)
    return Gamma("gamma", m, cv)


def _deterministic(r: Reader, d: dict, where: str, scale: float) -> Dist:
    return Deterministic("deterministic", r.number(d, "value", where, min=0) * scale)


def _weibull(r: Reader, d: dict, where: str, scale: float) -> Dist:
    lo, hi = SHAPE_RANGE
    shape = r.number(d, "shape", where, default=2.0, min=lo, max=hi)
    return Weibull("weibull", r.number(d, "mean", where, positive=True) * scale, shape)


def _normal(r: Reader, d: dict, where: str, scale: float) -> Dist:
    mu = r.number(d, "mean", where) * scale
    sd = r.number(d, "sd", where, min=0) * scale
    lo = r.number(d, "min", where) * scale if "min" in d else -1e300
    hi = r.number(d, "max", where) * scale if "max" in d else 1e300
    if not lo < hi or not lo <= mu <= hi:
        r.fail("normal distribution needs min < mean < max", where)
    return Normal("normal", mu, sd, lo, hi)


def _uniform(r: Reader, d: dict, where: str, scale: float) -> Dist:
    lo, hi = r.number(d, "min", where, min=0) * scale, r.number(d, "max", where, min=0) * scale
    if hi < lo:
        r.fail("uniform distribution needs min <= max", where)
    return Uniform("uniform", lo, hi)


def _empirical(r: Reader, d: dict, where: str, scale: float) -> Dist:
    vals = d.get("values")
    if not isinstance(vals, list) or not vals:
        r.fail("empirical distribution needs a non-empty list 'values'", where)
    if len(vals) > MAX_EMPIRICAL:
        r.fail(f"empirical distribution has {len(vals)} values; at most {MAX_EMPIRICAL} are allowed", where)
    out = []
    for v in vals:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0:
            r.fail(f"empirical values must be non-negative numbers, got {short(v)}", where)
        out.append(float(v) * scale)
    return Empirical("empirical", tuple(out))


_BUILD = {
    "exponential": _exponential,
    "lognormal": _lognormal,
    "gamma": _gamma,
    "deterministic": _deterministic,
    "empirical": _empirical,
    "weibull": _weibull,
    "normal": _normal,
    "uniform": _uniform,
}


def _build(r: Reader, name: str, d: dict, where: str, scale: float) -> Dist:
    return _BUILD[name](r, d, where, scale)
