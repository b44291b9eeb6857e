"""``suggest``: search the placements of movable desks, machines, seats and post zones for a layout
that wins on the objectives, and prove it on the same simulated customers.

1. **Space and constraints** (``space``, ``site``, ``checks``): what may move and where.
2. **Baseline**: the input is simulated a few replications a day; the surrogate scales its
   geometric predictions by these KPIs.
3. **First stage** (``stage1``): optuna (CMA-ES, TPE or NSGA-II) explores the space on the surrogate
   (``surrogate``); the best distinct candidates that pass every constraint, and a share of
   random ones, are chosen — ``budget`` of them at most.
4. **Second stage** (``stage2``): successive halving on common random numbers, then the finalists
   confirmed against the input on fresh customers; gains, intervals and verdicts from the
   statistics module.

With ``sampler='random'`` the first stage is replaced by candidates drawn uniformly from the
space (that pass the same constraints): random search with the same simulation budget, the
baseline ``bench/suggest.py`` compares the two-stage search with.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from lobbysim.errors import LobbysimError, UsageError
from lobbysim.model.fileformat import layout_from_dict
from lobbysim.sim.plan import Plan, build_floor
from lobbysim.sim.scenario import Scenario

from ..comparison import compare
from ..experiment import run_experiment
from ..runner import Executor, Variant
from ..stats import DEFAULT_ANALYSIS, Analysis
from .objective import Objective
from .result import Suggestion, SuggestResult, guard_statuses, reject_sentence
from .site import EXIT_DEPTH_M, Rules
from .space import DEFAULT_IMMOVABLE, Space, check_immovable
from .stage1 import FirstStage, Trialled, alike
from .stage2 import BASE, Race, Runner, planned_tasks, round_seed
from .surrogate import Surrogate, features

#: the least candidates a search simulates (successive halving needs a field)
MIN_BUDGET = 4
#: the most (a documented limit: ten times the issue's 300)
MAX_BUDGET = 3000
SAMPLERS = ("cmaes", "tpe", "nsga2", "random")


class SuggestError(LobbysimError):
    """No candidate can meet the constraints (the message names the one that rejected most)."""

    exit_code = 1


@dataclass(frozen=True)
class Settings:
    """How to search (see the module docstring and ``lobbysim suggest --help``)."""

    days: tuple[str, ...] = ("mon",)
    movable: tuple[str, ...] = ()
    movable_kinds: tuple[str, ...] = ()
    draw_posts: bool = False
    immovable_kinds: tuple[str, ...] = DEFAULT_IMMOVABLE
    rules: Rules = field(default_factory=Rules)
    budget: int = 60
    seed: int = 1
    top: int = 3
    confirm_reps: int = 20
    #: first-stage trials (None: from the budget, see ``trials_for``)
    trials: int | None = None
    sampler: str = "cmaes"
    baseline_reps: int = 3

    def check(self) -> None:
        if not MIN_BUDGET <= self.budget <= MAX_BUDGET:
            raise UsageError(f"--budget must be between {MIN_BUDGET} and {MAX_BUDGET:,} candidates, got {self.budget}")
        if self.sampler not in SAMPLERS:
            raise UsageError(f"--sampler must be one of {', '.join(SAMPLERS)}, got {self.sampler!r}")
        if self.top < 1:
            raise UsageError(f"--top must be at least 1, got {self.top}")
        if self.confirm_reps < 2:
            raise UsageError(f"--confirm-reps must be at least 2 (an interval needs two), got {self.confirm_reps}")
        if not 0.5 <= self.rules.aisle_m <= 5:
            raise UsageError(f"--aisle-m must lie between 0.5 and 5 metres, got {self.rules.aisle_m:g}")
        if self.rules.max_moves is not None and self.rules.max_moves < 1:
            raise UsageError(f"--max-moves must be at least 1, got {self.rules.max_moves}")
        if self.trials is not None and self.trials < self.budget:
            raise UsageError(f"--trials must be at least the budget ({self.budget}), got {self.trials}")
        check_immovable(self.immovable_kinds)

    def trials_for(self) -> int:
        return self.trials if self.trials is not None else min(1000, max(150, 3 * self.budget))


class _Progress:
    """One progress count over the whole search: first-stage trials, then replications."""

    def __init__(self, outer: Callable[[int, int], None] | None, total: int) -> None:
        self.outer, self.total, self.base = outer, total, 0

    def at(self, done: int) -> None:
        if self.outer is not None:
            self.outer(min(self.base + done, self.total), self.total)

    def phase(self, done: int, total: int) -> None:
        self.base, self.total = done, total


def suggest(
    base: Variant,
    objective: Objective,
    settings: Settings,
    *,
    analysis: Analysis | None = None,
    executor: Executor | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Any = None,
    store: Any = None,
    command: str = "",
) -> SuggestResult:
    """Search (see the module docstring); ``base`` is the input layout and scenario, already checked
    (``experiments.load_variant``). Raises SuggestError when no candidate can meet the constraints."""
    settings.check()
    base = replace(base, key=BASE)  # the input's name in every run of the search
    layout = layout_from_dict(base.layout_doc, path=base.layout_path or None)
    scenario = Scenario.from_dict(base.scenario_doc, path=base.scenario_path or None)
    space = _space(layout, scenario, settings)
    days, trials = list(settings.days), settings.trials_for()
    prog = _Progress(progress, trials + planned_tasks(settings.budget, settings.top, len(days), settings.confirm_reps))
    baseline = _baseline(base, days, settings, executor, cancel)
    surrogate = Surrogate(scenario, baseline, features(Plan(layout, scenario, build_floor(layout)), scenario))
    first = FirstStage(space, objective, surrogate, settings.seed, settings.sampler)
    chosen = _first_stage(first, settings, trials, prog, cancel)
    prog.phase(trials, trials + planned_tasks(len(chosen), settings.top, len(days), settings.confirm_reps))
    race = Race(base, objective, days, settings.seed, executor=executor, progress=prog.at, cancel=cancel)
    finalists = race.race([Runner(f"c{i + 1}", t) for i, t in enumerate(chosen)], settings.top)
    res = race.confirm(finalists, settings.confirm_reps, store=store, command=command, analysis=analysis)
    suggestions = _suggestions(finalists, res, objective, analysis or DEFAULT_ANALYSIS)
    _check_guards(suggestions, objective)
    stage2 = {
        "candidates_simulated": len(race.simulated | {r.key for r in finalists}),
        "rounds": race.rounds,
        "replications": race.tasks_done,
        "confirm_reps": settings.confirm_reps,
        "run_id": res.run_id,
    }
    return SuggestResult(
        base.layout_path,
        base.scenario_path,
        days,
        settings.seed,
        settings.budget,
        objective,
        _settings_report(space, settings),
        suggestions,
        _stage1_report(space, first, settings),
        stage2,
        baseline,
    )


def _space(layout: Any, scenario: Scenario, settings: Settings) -> Space:
    """The search space; SuggestError when nothing has anywhere to go."""
    space = Space(
        layout,
        scenario,
        settings.movable,
        settings.movable_kinds,
        draw_posts=settings.draw_posts,
        immovable_kinds=settings.immovable_kinds,
        rules=settings.rules,
    )
    if len(space.stuck()) == len(space.pieces) and not space.zones and not space.new_zones:
        raise SuggestError(
            f"nothing can move: {', '.join(space.stuck())} has no place to go; "
            + reject_sentence(dict(space.static_rejects), sum(space.static_rejects.values()))
        )
    return space


def _first_stage(first: FirstStage, settings: Settings, trials: int, prog: _Progress, cancel: Any) -> list[Trialled]:
    """The candidates to simulate (random ones for random search); SuggestError when none meets
    the constraints."""
    rng = np.random.default_rng(round_seed(settings.seed, 7))
    if settings.sampler == "random":
        chosen = _random_candidates(first, settings.budget, trials, rng, prog.at, cancel)
    else:
        first.run(trials, prog.at, cancel)
        chosen = first.select(settings.budget, rng)
    if not chosen:
        rejected = sum(first.rejects.values())
        none = f" ({first.unchanged:,} changed nothing)" if first.unchanged else ""
        raise SuggestError(
            f"no candidate layout met the constraints in {first.trials:,} trials{none}; "
            + (reject_sentence(dict(first.rejects), rejected) if rejected else "none was rejected")
        )
    return chosen


def _baseline(base: Variant, days: list[str], settings: Settings, executor: Any, cancel: Any) -> dict:
    """The input's KPI means per day (what the surrogate scales its predictions by)."""
    res = run_experiment(
        [base],
        days,
        settings.baseline_reps,
        round_seed(settings.seed, 9_999),
        executor=executor,
        cancel=cancel,
        keep_records="none",
        kind="suggest",
    )
    out: dict[str, dict[str, float]] = {}
    for day in days:
        out[day] = {}
        for k in res.kpi_names():
            v = np.asarray(res.values(BASE, day, k), dtype=float)
            v = v[np.isfinite(v)]
            out[day][k] = float(v.mean()) if v.size else math.nan
    return out


def _random_candidates(
    first: FirstStage, budget: int, trials: int, rng: np.random.Generator, progress: Any, cancel: Any
) -> list[Trialled]:
    """Random search: up to ``budget`` distinct candidates drawn uniformly that meet every
    constraint, within ``max(trials, 20 x budget)`` draws."""
    chosen: list[Trialled] = []
    draws = max(trials, 20 * budget)
    for i in range(draws):
        if len(chosen) >= budget:
            break
        if cancel is not None and (cancel.is_set() if hasattr(cancel, "is_set") else cancel()):
            from ..runner import Cancelled

            raise Cancelled()
        t = first.evaluate(first.space.random_params(rng), random=True)
        fresh = t is not None and t.design.edits and not any(alike(t.design, c.design) for c in chosen)
        if fresh and t is not None and first.valid(t):
            chosen.append(t)
        progress(min(i + 1, trials))
    return chosen


def _suggestions(finalists: list[Runner], res: Any, objective: Objective, analysis: Analysis) -> list[Suggestion]:
    out = []
    for r in finalists:
        cmp = compare(res, BASE, r.key, analysis)
        cmp["a"]["label"], cmp["b"]["label"] = "input", "suggested"
        per_day = [{k: _num(v["diff"]["mean"]) for k, v in day["kpis"].items()} for day in cmp["days"].values()]
        gain = objective.score(per_day, r.trialled.design.moves)
        s = Suggestion(0, r.key, r.trialled.design, r.trialled.layout, cmp, gain, {}, r.trialled.predicted)
        s.guards = guard_statuses(objective, cmp)
        out.append(s)
    out.sort(key=lambda s: (not s.acceptable, "violated" in s.guards.values(), -s.gain))
    for i, s in enumerate(out, 1):
        s.rank = i
    return out


def _num(v: Any) -> float:
    return math.nan if v is None else float(v)


def _check_guards(suggestions: list[Suggestion], objective: Objective) -> None:
    """SuggestError when every finalist breaks a guard on the fresh customers."""
    if not objective.guards or not suggestions:
        return
    if all("violated" in s.guards.values() for s in suggestions):
        broken = Counter(k for s in suggestions for k, v in s.guards.items() if v == "violated")
        kpi, n = broken.most_common(1)[0]
        tol = next(g.tolerance for g in objective.guards if g.kpi == kpi)
        raise SuggestError(
            f"no candidate met the constraints: the {len(suggestions)} best got worse on '{kpi}' by more than "
            f"{tol:g} ({n} of {len(suggestions)}; see --no-worse)"
        )


def _stage1_report(space: Space, first: FirstStage, settings: Settings) -> dict:
    return {
        "sampler": settings.sampler,
        "trials": first.trials,
        "candidates_found": len(first.found),
        "unchanged": first.unchanged,
        "rejected": dict(first.rejects.most_common()),
        "placements_rejected": dict(space.static_rejects.most_common()),
        "stuck": space.stuck(),
    }


def _settings_report(space: Space, settings: Settings) -> dict:
    r = settings.rules
    return {
        "movable": [p.id for p in space.pieces] + [z.element.id for z in space.zones],
        "drawn_posts": [z.id for z in space.new_zones],
        "immovable_kinds": list(settings.immovable_kinds),
        "aisle_m": r.aisle_m,
        "exit_depth_m": EXIT_DEPTH_M,
        "keep_areas": r.keep_areas,
        "max_moves": r.max_moves,
        "top": settings.top,
        "confirm_reps": settings.confirm_reps,
        "sampler": settings.sampler,
    }
