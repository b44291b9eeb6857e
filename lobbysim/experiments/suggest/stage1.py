"""The first stage of the search: optuna explores the space on the surrogate's predictions, cheaply,
and the promising candidates that pass every constraint go on to be simulated.

Each trial asks the sampler for a point of the space, turns it into a candidate layout, checks the
constraints (counting which one rejects it) and predicts its gains. The sampler is optuna's CMA-ES
(the default) or TPE on the weighted score (the objectives' predicted gains in minimum effects,
less the moves' cost and any predicted break of a guard), or NSGA-II on the objectives' gains and
the number of changes as separate objectives. CMA-ES suits the space: every parameter is a number
(where an element goes; whether it moves, as a number above or below a half), and the score is
close to a sum of parts that depend on different elements (the VP's desk, the call station, the
posts), which its adapted covariance follows; in ``bench/suggest.py`` it finds the combinations
that TPE and NSGA-II, trapped by the VP's large gain, miss.

The candidates handed to the simulation come front by front of the non-dominated sorting of
everything found on (each objective's predicted gain, fewer changes) — those that keep the guards
first — best weighted score first within a front, no two alike (the same elements changed, each
within ``ALIKE_M`` of its place in the other and turned alike), plus a share of the sampler's
random first trials, so that what the surrogate cannot see still has a chance (the share grows
with the weight of objectives the surrogate does not predict). Each passes ``build_variant`` (the
layout validates, the floor is connected, the scenario can run).
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from lobbysim.model.elements import Post, is_obstacle
from lobbysim.model.layout import Layout
from lobbysim.sim.plan import Plan, build_floor

from .checks import Checker, validate
from .objective import Objective
from .space import Design, Space
from .surrogate import MODELLED, Surrogate, features

#: what a trial that breaks a constraint scores (below any candidate's score)
PENALTY = -1.0e4
#: how strongly a predicted break of a guard lowers the weighted score (per tolerance exceeded)
GUARD_WEIGHT = 10.0
#: two candidates whose changed elements stand within this of each other are alike (metres)
ALIKE_M = 0.6
#: the least share of the simulated candidates taken from the random start-up trials
MIN_EXPLORE = 0.1
#: walking floors kept for candidates that differ only in post zones
FLOORS_KEPT = 128


@dataclass
class Trialled:
    """A candidate the first stage found: its edits, its layout and its predictions."""

    design: Design
    layout: Layout
    #: the weighted predicted gain less the moves' cost and any predicted break of a guard
    score: float
    #: the predicted gain of each objective KPI in minimum effects (mean over the days)
    gains: tuple[float, ...]
    #: how far a guard is predicted to be broken (0: kept)
    violation: float
    predicted: list[dict[str, float]]
    random: bool

    def vector(self) -> tuple[float, ...]:
        """What the multi-objective study maximises: each objective's gain, and minus the changes."""
        return (*self.gains, -float(self.design.moves))


class FirstStage:
    """Runs the optuna study on the surrogate (see the module docstring)."""

    def __init__(
        self, space: Space, objective: Objective, surrogate: Surrogate, seed: int, sampler: str = "cmaes"
    ) -> None:
        self.space, self.objective, self.surrogate = space, objective, surrogate
        self.checker = Checker(space)
        self.seed, self.sampler_name = seed, sampler
        self.rejects: Counter = Counter()
        self.found: dict[tuple, Trialled] = {}
        self.trials = 0
        #: trials that changed nothing (every element left where it is)
        self.unchanged = 0
        self.startup = 0
        self._floors: dict[tuple, tuple[Any, str | None]] = {}
        self._invalid: set[tuple] = set()

    @property
    def multi(self) -> bool:
        return self.sampler_name == "nsga2"

    def _sampler(self, n_trials: int) -> Any:
        import optuna

        if self.sampler_name == "cmaes":
            self.startup = max(10, n_trials // 5)
            return optuna.samplers.CmaEsSampler(
                seed=self.seed, n_startup_trials=self.startup, warn_independent_sampling=False
            )
        if self.sampler_name == "tpe":
            self.startup = max(10, n_trials // 10)
            return optuna.samplers.TPESampler(seed=self.seed, n_startup_trials=self.startup)
        self.startup = min(50, max(10, n_trials // 10))
        return optuna.samplers.NSGAIISampler(seed=self.seed, population_size=self.startup)

    def run(self, n_trials: int, progress: Callable[[int], None] | None = None, cancel: Any = None) -> None:
        import optuna

        optuna.logging.set_verbosity(optuna.logging.WARNING)
        n_obj = len(self.objective.kpis) + 1
        bad = [PENALTY] * (n_obj - 1) + [-PENALTY]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", optuna.exceptions.ExperimentalWarning)
            sampler = self._sampler(n_trials)
            if self.multi:
                directions: list[Any] = ["maximize"] * (n_obj - 1) + ["minimize"]
                study = optuna.create_study(directions=directions, sampler=sampler)
            else:
                study = optuna.create_study(direction="maximize", sampler=sampler)
            for i in range(n_trials):
                if cancel is not None and _cancelled(cancel):
                    from ..runner import Cancelled

                    raise Cancelled()
                trial = study.ask()
                t = self.evaluate(self.space.sample(trial, fixed=self.sampler_name == "cmaes"), random=i < self.startup)
                if self.multi:
                    study.tell(trial, bad if t is None else [*t.gains, float(t.design.moves)])
                else:
                    study.tell(trial, PENALTY if t is None else t.score)
                if progress is not None:
                    progress(i + 1)

    def evaluate(self, params: dict[str, float], random: bool = False) -> Trialled | None:
        """The candidate a point of the space stands for, with its predictions (None when it breaks
        a constraint; the input itself, with nothing changed, is no candidate either)."""
        self.trials += 1
        design = self.space.design(params)
        if isinstance(design, str):
            self.rejects[design] += 1
            return None
        if not design.edits:
            self.unchanged += 1
            return self._nothing()
        hit = self.found.get(design.key())
        if hit is not None:
            return hit
        layout = design.apply_to(self.space.layout)
        floor, why = self._floor(design, layout)
        if why:
            self.rejects[why] += 1
            return None
        pred = self.surrogate.predict(features(Plan(layout, self.space.scenario, floor), self.space.scenario))
        o = self.objective
        gains = tuple(o.gain_units_of(pred, k) for k in range(len(o.kpis)))
        violation = o.violation(pred)
        score = o.score(pred, design.moves) - GUARD_WEIGHT * violation
        t = Trialled(design, layout, score, gains, violation, pred, random)
        self.found[design.key()] = t
        return t

    def _nothing(self) -> Trialled:
        n = len(self.objective.kpis)
        return Trialled(Design(()), self.space.layout, 0.0, (0.0,) * n, 0.0, [], False)

    def _floor(self, design: Design, layout: Layout) -> tuple[Any, str | None]:
        """The candidate's walking floor and the constraint it breaks, shared by the candidates that
        differ only in their post zones (zones are no obstacles: the floor is the same)."""
        key = tuple(e.new for e in design.edits if is_obstacle(e.new))
        hit = self._floors.get(key)
        if hit is None:
            floor = build_floor(layout)
            hit = (floor, self.checker.check(design, layout, floor))
            if len(self._floors) >= FLOORS_KEPT:
                self._floors.clear()
            self._floors[key] = hit
        return hit

    # --- the candidates to simulate ----------------------------------------------------------------------
    def explore_share(self) -> float:
        """The share of candidates taken at random: at least MIN_EXPLORE, more when objectives the
        surrogate does not predict carry weight."""
        o = self.objective
        blind = sum(w for k, w in zip(o.kpis, o.weights) if k not in MODELLED) / sum(o.weights)
        return max(MIN_EXPLORE, min(1.0, blind))

    def ranked(self) -> list[Trialled]:
        """Everything found, front by front (see the module docstring)."""
        pool = list(self.found.values())
        order = []
        for ok in (True, False):
            part = [t for t in pool if (t.violation <= 0) == ok]
            if not part:
                continue
            vectors = np.array([t.vector() for t in part], dtype=float).reshape(len(part), -1)
            for front in fronts(vectors):
                order += sorted((part[i] for i in front), key=lambda t: -t.score)
        return order

    def select(self, n: int, rng: np.random.Generator) -> list[Trialled]:
        """Up to ``n`` candidates for the simulation (see the module docstring)."""
        pool = self.ranked()
        n_random = min(n, max(1, round(self.explore_share() * n))) if n > 1 else 0
        chosen: list[Trialled] = []
        self._take(pool, n - n_random, chosen)
        rest = [t for t in pool if t.random and t not in chosen] or [t for t in pool if t not in chosen]
        self._take([rest[int(i)] for i in rng.permutation(len(rest))], n, chosen)
        self._take(pool, n, chosen)
        return chosen

    def _take(self, pool: list[Trialled], upto: int, chosen: list[Trialled]) -> None:
        for t in pool:
            if len(chosen) >= upto:
                return
            if t not in chosen and not any(alike(t.design, c.design) for c in chosen) and self.valid(t):
                chosen.append(t)

    def valid(self, t: Trialled) -> bool:
        key = t.design.key()
        if key in self._invalid:
            return False
        if validate(t.layout, self.space.scenario) is not None:
            self.rejects["validation"] += 1
            self._invalid.add(key)
            return False
        return True


def fronts(values: np.ndarray) -> list[list[int]]:
    """Non-dominated sorting (every column maximised): the indices of the first front, the second
    (dominated only by the first) and so on."""
    n = len(values)
    if n == 0:
        return []
    ge = np.all(values[:, None, :] >= values[None, :, :], axis=2)
    gt = np.any(values[:, None, :] > values[None, :, :], axis=2)
    dominates = ge & gt  # [i, j]: i dominates j
    count = dominates.sum(axis=0)
    out, left = [], np.ones(n, dtype=bool)
    while left.any():
        front = np.nonzero(left & (count == 0))[0]
        out.append(front.tolist())
        left[front] = False
        count = count - dominates[front].sum(axis=0)
        count[~left] = -1
    return out


def alike(a: Design, b: Design) -> bool:
    """The same elements changed, each standing within ALIKE_M of its place in the other, turned alike."""
    if [e.id for e in a.edits] != [e.id for e in b.edits]:
        return False
    for ea, eb in zip(a.edits, b.edits):
        na, nb = ea.new, eb.new
        if isinstance(na, Post) and isinstance(nb, Post):
            ca, cb = na.geometry.representative_point(), nb.geometry.representative_point()
            if ca.distance(cb) > ALIKE_M:
                return False
        elif getattr(na, "rotation", 0) != getattr(nb, "rotation", 0) or math.dist(na.anchor(), nb.anchor()) > ALIKE_M:
            return False
    return True


def _cancelled(cancel: Any) -> bool:
    is_set = getattr(cancel, "is_set", None)
    return bool(is_set() if is_set is not None else cancel())
