"""The uncertain inputs of a scenario: its ``ranges``, resolved into the document, checked, and drawn.

A scenario's optional ``ranges`` section gives the plausible range of any number in it::

    "ranges": {
      "customers.patience.mean": [12, 35],
      "business[code=cash].service.mean": {"range": [4, 7], "dist": "pert"},
      "business[code=cash].share": [0.32, 0.44],
      "arrivals.hourly.shares[hour=10]": [0.12, 0.17],
      "business[code=cash].service.mean": {"range": [4.8, 5.3], "fitted": true}
    }

**Paths** (``scenario_paths``): dotted keys into the scenario document; an item of a list of
objects is addressed by one of its fields, never by its position (``business[code=cash]``,
``staff[id=rm3]``, ``policies.cover[rule=open_window]``); an hourly share by its clock hour
(``arrivals.hourly.shares[hour=10]`` is the share of 10:00-11:00). A path must name a number that
is in the file (a value left to its default has to be written out first).

**Checks (before anything runs).** The path exists and names a number that the model uses (a
business's plain service time is not used where its transaction is given as steps); the range contains the
scenario's own value (the consultant's value is the most likely one); each end of the range is a
value the scenario parser accepts there (its limits are the parser's own: each end is put into
the document and the document parsed); a share lies in [0, 1]. A zero-width range fixes the
value: it is not an input and never appears among the drivers. A value the parser wants whole
(a count) is drawn whole.

**Distributions.** Triangular over the range with its mode at the scenario's value (the default),
PERT (a beta with the same mode, less weight in the tails) or uniform on request. A value fitted
from a queue log (``"fitted": true``, written by ``lobbysim calibrate`` with its fit's 95 %
confidence interval as the range) is drawn from the fit's sampling distribution, a normal around
the fitted value (two half-normals when the interval is not symmetric) with 95 % of its mass in
the range, truncated to the range: within the interval, never re-fitted.

**Shares that sum to one** (the business mix ``business[code=X].share``, the hourly shares, a
day's mix ``arrivals.mix_by_day.DAY.X``, the call outcomes ``policies.flex_rota.outcomes.X``) are
drawn as a whole, so every draw is a valid mix: a Dirichlet around the base over the members with
a range, plus one "rest" component for the members without one (they keep their proportions
among themselves; members with a zero-width range stay fixed). The Dirichlet's concentration is
set so that a member's standard deviation matches that of its range's distribution (the geometric
mean over the members with a range). A draw may leave an estimated member's own range slightly; it
never leaves [0, 1] or breaks the sum. A fitted member is held within its confidence interval (the
other members absorb the difference).

**The design.** Each input takes one coordinate of a point in the unit cube (a group takes one per
member with a range, plus one for its rest); the points come from scipy's quasi-Monte Carlo
module, a scrambled Latin hypercube (default) or a scrambled Sobol' sequence, seeded, so the same
seed gives the same draws. A coordinate maps to its input through the input's inverse CDF; a
group's coordinates give independent gamma variates (the Dirichlet's construction) that are
normalised to the mix.
"""

from __future__ import annotations

import copy
import difflib
import inspect
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lobbysim.errors import LobbysimError, UsageError

from .scenario_paths import (
    NOT_PARAMETERS,
    Step,
    group_members,
    group_of,
    locate,
    numeric_paths,
    parse_path,
    path_text,
    unused_reason,
)

#: space-filling designs: option value -> name in the results
DESIGNS = {"lhs": "latin-hypercube", "sobol": "sobol"}
#: the quantile of a normal that leaves 2.5 % in each tail (a 95 % interval is mean ± Z95 σ)
Z95 = 1.959963984540054


class RangeError(LobbysimError):
    """A range of the scenario's ``ranges`` section cannot be used (one line naming it)."""

    exit_code = 1


# --- inputs -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Input:
    """One uncertain number of the scenario (a range of non-zero width)."""

    param: str
    base: float
    lo: float
    hi: float
    dist: str
    fitted: bool = False
    whole: bool = False
    group: str | None = None

    def variance(self) -> float:
        """The variance of the input's distribution over its range."""
        a, m, b = self.lo, self.base, self.hi
        if self.fitted:
            return ((m - a) ** 2 + (b - m) ** 2) / (2 * Z95**2)
        if self.dist == "uniform":
            return (b - a) ** 2 / 12
        if self.dist == "pert":
            mu = (a + 4 * m + b) / 6
            return (mu - a) * (b - mu) / 7
        return (a * a + b * b + m * m - a * b - a * m - b * m) / 18

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """The input's values at probabilities ``u`` (its inverse CDF)."""
        u = np.clip(np.asarray(u, dtype=float), 1e-12, 1 - 1e-12)
        a, m, b = self.lo, self.base, self.hi
        if self.fitted:
            x = _split_normal_ppf(u, a, m, b)
        elif self.dist == "uniform":
            x = a + u * (b - a)
        elif self.dist == "pert":
            from scipy.special import betaincinv

            x = a + (b - a) * betaincinv(1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a), u)
        else:
            c = (m - a) / (b - a)
            x = np.where(u < c, a + np.sqrt(u * (b - a) * (m - a)), b - np.sqrt((1 - u) * (b - a) * (b - m)))
        x = np.clip(x, a, b)
        return np.clip(np.round(x), math.ceil(a), math.floor(b)) if self.whole else x

    def to_dict(self) -> dict:
        return {
            "param": self.param,
            "base": self.base,
            "lo": self.lo,
            "hi": self.hi,
            "dist": "fitted (normal within the 95% CI)" if self.fitted else self.dist,
            "fitted": self.fitted,
            "whole": self.whole,
            "group": self.group,
        }


def _split_normal_ppf(u: np.ndarray, a: float, m: float, b: float) -> np.ndarray:
    """A normal around ``m`` with 2.5 % beyond each end of [a, b] (σ below and above m from the
    two half-widths), truncated to [a, b]."""
    from scipy.special import ndtri

    s1, s2 = max(m - a, 1e-12) / Z95, max(b - m, 1e-12) / Z95
    w1 = s1 / (s1 + s2)  # the mass below the mode
    # CDF at a and b of the two-piece normal, and u spread between them
    lo_p, hi_p = w1 * 0.025 * 2, w1 + (1 - w1) * (1 - 0.025 * 2)
    p = lo_p + u * (hi_p - lo_p)
    below = p < w1
    z_lo = ndtri(np.clip(p / (2 * w1), 1e-300, 1.0)) if w1 > 0 else np.zeros_like(p)
    z_hi = ndtri(np.clip(0.5 + (p - w1) / (2 * (1 - w1)), 0.0, 1 - 1e-16))
    return np.where(below, m + s1 * z_lo, m + s2 * z_hi)


@dataclass(frozen=True)
class ShareGroup:
    """Shares that sum to one, drawn as a whole (a Dirichlet around the base)."""

    name: str
    #: (path, base) of every member, in the document's order
    members: tuple[tuple[str, float], ...]
    #: the members with a range of non-zero width (their Inputs)
    ranged: tuple[Input, ...]
    #: the members with a zero-width range (kept at their base)
    fixed: tuple[str, ...]
    #: the Dirichlet's concentration
    alpha0: float

    @property
    def rest(self) -> tuple[tuple[str, float], ...]:
        named = {i.param for i in self.ranged} | set(self.fixed)
        return tuple((p, v) for p, v in self.members if p not in named)

    @property
    def dims(self) -> int:
        return len(self.ranged) + (1 if self.rest_mass > 0 else 0)

    @property
    def free_mass(self) -> float:
        fixed = set(self.fixed)
        return 1.0 - sum(v for p, v in self.members if p in fixed)

    @property
    def rest_mass(self) -> float:
        return sum(v for _, v in self.rest)

    def draw(self, u: np.ndarray) -> dict[str, np.ndarray]:
        """Every member's share for the rows of ``u`` (one column per ranged member, then the rest)."""
        from scipy.special import gammaincinv

        free = self.free_mass
        means = [i.base / free for i in self.ranged]
        if self.rest_mass > 0:
            means.append(self.rest_mass / free)
        g = np.column_stack(
            [gammaincinv(self.alpha0 * p, np.clip(u[:, j], 1e-12, 1 - 1e-12)) for j, p in enumerate(means)]
        )
        g = np.maximum(g, 1e-300)
        shares = self._keep_fitted(free * g / g.sum(axis=1, keepdims=True), free)
        out = {i.param: shares[:, j] for j, i in enumerate(self.ranged)}
        if self.rest_mass > 0:
            for p, v in self.rest:
                out[p] = shares[:, -1] * (v / self.rest_mass)
        return out

    def _keep_fitted(self, shares: np.ndarray, free: float) -> np.ndarray:
        """Fitted members held within their confidence interval: clipped to it, the other components
        (estimates and the rest) absorbing the difference in proportion; with nothing to absorb it,
        clip and renormalise a few times (the intervals of a fitted mix overlap its sum of 1)."""
        fit = np.array([i.fitted for i in self.ranged] + [False] * (shares.shape[1] - len(self.ranged)))
        if not fit.any():
            return shares
        lo = np.array([i.lo if i.fitted else 0.0 for i in self.ranged] + [0.0] * (len(fit) - len(self.ranged)))
        hi = np.array([i.hi if i.fitted else free for i in self.ranged] + [free] * (len(fit) - len(self.ranged)))
        out = shares.copy()
        for _ in range(20):
            out = np.clip(out, lo, hi)
            absorb = ~fit if (~fit).any() else np.ones_like(fit)
            room = free - out[:, ~absorb].sum(axis=1, keepdims=True)
            have = out[:, absorb].sum(axis=1, keepdims=True)
            out[:, absorb] *= np.where(have > 0, room / np.maximum(have, 1e-300), 1.0)
            if np.all((out >= lo - 1e-12) & (out <= hi + 1e-12)):
                break
        return out


def _concentration(ranged: Sequence[Input], free: float) -> float:
    """The Dirichlet concentration that gives each member (on average, geometrically) the spread of
    its own range: a Beta(α0·p, α0·(1 − p)) has variance p(1 − p)/(α0 + 1)."""
    logs = []
    for i in ranged:
        p = i.base / free
        var = i.variance() / free**2
        logs.append(math.log(max(p * (1 - p) / var - 1.0, 0.5)))
    return float(math.exp(sum(logs) / len(logs)))


# --- the space of inputs ------------------------------------------------------------------------------
@dataclass
class UncertaintySpace:
    """The checked ranges of a scenario: what varies, how, and what stays fixed."""

    #: the inputs analysed as drivers, in design order (scalars, then each group's ranged members)
    inputs: list[Input]
    groups: list[ShareGroup]
    #: paths whose range has zero width (fixed at the scenario's value)
    fixed: list[str]
    path: str | None = None
    #: the scalar inputs (the others are in groups)
    scalars: list[Input] = field(default_factory=list)

    @property
    def dims(self) -> int:
        return len(self.scalars) + sum(g.dims for g in self.groups)

    def values(self, u: np.ndarray) -> dict[str, np.ndarray]:
        """Every varied value for the rows of the unit-cube points ``u``: path -> values."""
        out: dict[str, np.ndarray] = {}
        for j, i in enumerate(self.scalars):
            out[i.param] = i.ppf(u[:, j])
        col = len(self.scalars)
        for g in self.groups:
            out.update(g.draw(u[:, col : col + g.dims]))
            col += g.dims
        return out

    def driver_coordinates(self, u: np.ndarray) -> np.ndarray:
        """The design's coordinates of the inputs (one column per input, in ``inputs`` order): the
        independent quantities a sensitivity measure may rank (a group member's own gamma variate,
        not its share, which the other members' draws also move)."""
        cols = [u[:, j] for j in range(len(self.scalars))]
        col = len(self.scalars)
        for g in self.groups:
            cols += [u[:, col + j] for j in range(len(g.ranged))]
            col += g.dims
        return np.column_stack(cols) if cols else np.zeros((len(u), 0))

    def apply(self, doc: dict, values: dict[str, float]) -> dict:
        """A copy of ``doc`` with the values put in (and no ranges: a draw is one plausible setting)."""
        out = copy.deepcopy(doc)
        out.pop("ranges", None)
        for param, v in values.items():
            place = locate(out, parse_path(param))
            place.container[place.slot] = int(v) if _is_whole(place.value, v) else float(v)
        return out


def _is_whole(old: Any, v: float) -> bool:
    return isinstance(old, int) and not isinstance(old, bool) and float(v).is_integer()


def _fail(param: str, message: str, path: str | None) -> RangeError:
    return RangeError(f"ranges.{param}: {message}", path=path)


def _parse_error(doc: dict, path: str | None) -> str | None:
    """The parser's one-line complaint about ``doc`` (None: it reads)."""
    from lobbysim.sim.scenario import Scenario

    try:
        Scenario.from_dict(doc)
    except LobbysimError as exc:
        return f"{exc.element}: {exc.message}" if exc.element else exc.message
    return None


def _resolve(doc: dict, raw: str, path: str | None) -> tuple[str, float]:
    """The canonical path and the number a range's path names; a RangeError when it names none."""
    try:
        steps = parse_path(raw)
    except ValueError as exc:
        raise _fail(raw, f"is not a path ({exc}); write e.g. business[code=cash].service.mean", path) from None
    if steps[0].key in NOT_PARAMETERS:
        raise _fail(raw, f"'{steps[0].key}' holds no scenario parameter", path)
    try:
        place = locate(doc, steps)
    except KeyError as exc:
        near = difflib.get_close_matches(path_text(steps), [p for p, _ in numeric_paths(doc)], n=1, cutoff=0.5)
        hint = f"; did you mean '{near[0]}'?" if near else ""
        raise _fail(raw, f"does not exist in the scenario ({exc.args[0]}){hint}", path) from None
    v = place.value
    unused = unused_reason(doc, steps)
    if unused is not None:
        raise _fail(raw, unused, path)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        kind = "an object" if isinstance(v, dict) else "a list" if isinstance(v, list) else "text or true/false"
        raise _fail(raw, f"names {kind}, not a number; ranges apply to numbers", path)
    return path_text(steps), float(v)


def _check_end(doc: dict, param: str, end: str, value: float, path: str | None) -> None:
    trial = copy.deepcopy(doc)
    trial.pop("ranges", None)
    place = locate(trial, parse_path(param))
    place.container[place.slot] = value
    why = _parse_error(trial, path)
    if why is not None:
        raise _fail(param, f"the {end} end {value:g} is not a valid value there ({why})", path)


def _is_whole_only(doc: dict, param: str, base: Any, lo: float, hi: float) -> bool:
    """True when the parser wants a whole number there (it refuses a fraction inside the range)."""
    if not isinstance(base, int) or lo + 0.5 > hi:
        return False
    trial = copy.deepcopy(doc)
    trial.pop("ranges", None)
    place = locate(trial, parse_path(param))
    place.container[place.slot] = lo + 0.5
    return _parse_error(trial, None) is not None


def _make_input(doc: dict, raw: str, r: Any, path: str | None) -> tuple[Input | None, str]:
    """The Input of one range (None for a zero-width one) and its canonical path."""
    param, base = _resolve(doc, raw, path)
    lo, hi = float(r.lo), float(r.hi)
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi < lo:
        raise _fail(param, f"[{lo:g}, {hi:g}] is not a range (low end first)", path)
    if not lo <= base <= hi:
        raise _fail(param, f"the range [{lo:g}, {hi:g}] does not contain the scenario's value {base:g}", path)
    group = group_of(param)
    if group is not None and (lo < 0 or hi > 1):
        raise _fail(param, f"a share must stay within [0, 1]; the range is [{lo:g}, {hi:g}]", path)
    if hi == lo:
        return None, param
    if group is None:
        _check_end(doc, param, "low", lo, path)
        _check_end(doc, param, "high", hi, path)
    elif base <= 0:
        raise _fail(param, "a share of 0 cannot be drawn around; give it a small share in the scenario", path)
    whole = group is None and _is_whole_only(doc, param, locate(doc, parse_path(param)).value, lo, hi)
    return Input(param, base, lo, hi, r.dist, bool(r.fitted), whole, group), param


def space_from(doc: dict, ranges: dict, path: str | None = None) -> UncertaintySpace:
    """Check a scenario document's ranges (as parsed: path -> ParamRange) and build the space.
    Raises a RangeError (one line naming the range) for the first range that cannot be used."""
    scalars: list[Input] = []
    members: dict[str, list[Input]] = {}
    fixed: list[str] = []
    seen: set[str] = set()
    for raw, r in ranges.items():
        inp, param = _make_input(doc, raw, r, path)
        if param in seen:
            raise _fail(raw, f"names the same value as another range ({param})", path)
        seen.add(param)
        if inp is None:
            fixed.append(param)
        elif inp.group is None:
            scalars.append(inp)
        else:
            members.setdefault(inp.group, []).append(inp)
    groups = [_group(doc, name, ranged, fixed, path) for name, ranged in members.items()]
    inputs = scalars + [i for g in groups for i in g.ranged]
    return UncertaintySpace(inputs, groups, fixed, path, scalars)


def _group(doc: dict, name: str, ranged: list[Input], fixed: list[str], path: str | None) -> ShareGroup:
    all_members = group_members(doc, name)
    order = [p for p, _ in all_members]
    ranged = sorted(ranged, key=lambda i: order.index(i.param))
    fixed_here = tuple(p for p in order if p in fixed)
    g = ShareGroup(name, tuple(all_members), tuple(ranged), fixed_here, 1.0)
    if g.dims < 2:
        raise _fail(
            ranged[0].param,
            f"cannot vary: every other share of its mix ({name}) is fixed, and the shares must sum to 1",
            path,
        )
    return ShareGroup(name, g.members, g.ranged, g.fixed, _concentration(ranged, g.free_mass))


def scenario_space(doc: dict, path: str | None = None) -> UncertaintySpace:
    """The space of a scenario document's ``ranges`` (parsed by the scenario parser first)."""
    from lobbysim.sim.scenario import Scenario

    sc = Scenario.from_dict(doc, path=path)
    return space_from(sc.to_dict(), sc.ranges, path)


# --- the design ---------------------------------------------------------------------------------------
MIN_SAMPLES = 8
MAX_SAMPLES = 10_000


def check_samples(n: int, design: str, option: str = "--samples") -> int:
    if design not in DESIGNS:
        raise UsageError(f"--design must be one of {', '.join(DESIGNS)}, got '{design}'")
    if n is None or int(n) < MIN_SAMPLES:
        raise UsageError(f"{option} must be at least {MIN_SAMPLES} parameter sets, got {n}")
    if int(n) > MAX_SAMPLES:
        raise UsageError(f"{option} must be at most {MAX_SAMPLES:,} parameter sets, got {n:,}")
    if design == "sobol" and int(n) & (int(n) - 1):
        raise UsageError(f"--design sobol needs {option} to be a power of two (e.g. 64), got {n}")
    return int(n)


def _engine(cls, d: int, seed: int):
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 15]))
    if "rng" in inspect.signature(cls.__init__).parameters:
        return cls(d, rng=rng)
    return cls(d, seed=rng)  # scipy < 1.15


def design_points(dims: int, n: int, seed: int, design: str = "lhs") -> np.ndarray:
    """``n`` points of the unit cube in ``dims`` dimensions: a scrambled Latin hypercube or Sobol'
    sequence from ``seed`` (the same seed gives the same points)."""
    from scipy.stats import qmc

    check_samples(n, design)
    if dims < 1:
        return np.zeros((n, 0))
    if design == "sobol":
        return np.asarray(_engine(qmc.Sobol, dims, seed).random_base2(int(math.log2(n))))
    return np.asarray(_engine(qmc.LatinHypercube, dims, seed).random(n))


__all__ = [
    "DESIGNS",
    "Input",
    "MIN_SAMPLES",
    "RangeError",
    "ShareGroup",
    "Step",
    "UncertaintySpace",
    "check_samples",
    "design_points",
    "group_of",
    "locate",
    "numeric_paths",
    "parse_path",
    "path_text",
    "scenario_space",
    "space_from",
]
