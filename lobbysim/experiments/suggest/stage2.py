"""The second stage of the search: the promising candidates are simulated on the same customers as
the input, with replications spent where they decide the ranking (successive halving), and the
best ones confirmed on fresh customers.

Every round runs the input and the candidates still in the race through ``run_experiment`` with one
seed for all of them (common random numbers): each candidate's replication is paired with the
input's on the same customers, and the paired differences of every KPI are kept. The first round
gives every candidate one replication a day; each later round keeps the best third (candidates
that meet the guards first, then by score) and gives them twice as many new replications as the
round before, on a fresh seed, so a survivor's estimate rests on more and more customers. When no
more than ``top`` are left, they are run once more against the input on a seed the race never
used, with ``confirm_reps`` replications: the table of gains and 95 % intervals comes from that
run alone (choosing the winners on the same replications that report their gains would flatter
them), through the statistics module's paired differences and verdicts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from lobbysim.model.fileformat import layout_to_dict

from ..experiment import run_experiment
from ..result import ExperimentResult
from ..runner import Executor, Variant
from .objective import Objective
from .stage1 import Trialled

#: candidates simulated in one run (the input runs with each batch: a few percent more work, and a
#: worker keeps only one batch's layouts and walking floors in memory)
BATCH = 40
#: the share of the field kept after each round
KEEP = 1 / 3
BASE = "input"


@dataclass
class Runner:
    """A candidate in the race: its paired differences to the input so far."""

    key: str
    trialled: Trialled
    #: day -> KPI -> paired differences (candidate − input), one per replication
    diffs: dict[str, dict[str, list[float]]] = field(default_factory=dict)

    @property
    def reps(self) -> int:
        day = next(iter(self.diffs.values()), {})
        return len(next(iter(day.values()), []))

    def means(self) -> list[dict[str, float]]:
        return [{k: _mean(v) for k, v in kp.items()} for kp in self.diffs.values()]


def _mean(v: Sequence[float]) -> float:
    a = np.asarray(v, dtype=float)
    a = a[np.isfinite(a)]
    return float(a.mean()) if a.size else math.nan


def round_seed(seed: int, k: int) -> int:
    """The seed of round ``k`` of a race started from ``seed`` (independent streams per round)."""
    return int(np.random.SeedSequence([int(seed), 0x5EED, k]).generate_state(1)[0])


def schedule(n: int, top: int) -> list[tuple[int, int]]:
    """(candidates, new replications per day) of each round of a race of ``n`` down to ``top``."""
    out, reps = [], 1
    while n > top:
        out.append((n, reps))
        n, reps = max(top, math.ceil(n * KEEP)), reps * 2
    return out


class Race:
    """Runs the second stage (see the module docstring)."""

    def __init__(
        self,
        base: Variant,
        objective: Objective,
        days: list[str],
        seed: int,
        *,
        executor: Executor | None = None,
        progress: Callable[[int], None] | None = None,
        cancel: Any = None,
    ) -> None:
        self.base, self.objective, self.days, self.seed = base, objective, days, seed
        self.executor, self.progress, self.cancel = executor, progress, cancel
        self.tasks_done = 0
        self.simulated: set[str] = set()
        self.rounds: list[dict] = []

    def variant(self, r: Runner) -> Variant:
        doc = layout_to_dict(r.trialled.layout)
        return Variant(r.key, doc, self.base.scenario_doc, r.key, "", self.base.scenario_path)

    def _run(self, variants: list[Variant], reps: int, seed: int, **kw: Any) -> ExperimentResult:
        done0 = self.tasks_done
        outer = self.progress

        def report(done: int, _total: int) -> None:
            self.tasks_done = done0 + done
            if outer is not None:
                outer(self.tasks_done)

        res = run_experiment(
            [self.base, *variants],
            self.days,
            reps,
            seed,
            executor=self.executor,
            progress=report,
            cancel=self.cancel,
            kind="suggest",
            **kw,
        )
        self.tasks_done = done0 + (len(variants) + 1) * reps * len(self.days)
        return res

    def simulate(self, runners: list[Runner], reps: int, seed: int) -> None:
        """``reps`` more replications of every runner, paired with the input's on ``seed``."""
        kpis = self.objective.all_kpis()
        for i in range(0, len(runners), BATCH):
            batch = runners[i : i + BATCH]
            res = self._run([self.variant(r) for r in batch], reps, seed, keep_records="none")
            for r in batch:
                self.simulated.add(r.key)
                for day in self.days:
                    per = r.diffs.setdefault(day, {})
                    for k in kpis:
                        a = np.asarray(res.values(BASE, day, k), dtype=float)
                        b = np.asarray(res.values(r.key, day, k), dtype=float)
                        per.setdefault(k, []).extend((b - a).tolist())

    def rank(self, runners: list[Runner]) -> list[Runner]:
        """Best first: those that meet the guards (on their mean differences) by score, then the others
        by how little they break them."""

        def key(r: Runner) -> tuple:
            m = r.means()
            v = self.objective.violation(m)
            return (v > 0, v if v > 0 else 0.0, -self.objective.score(m, r.trialled.design.moves), r.key)

        return sorted(runners, key=key)

    def race(self, runners: list[Runner], top: int) -> list[Runner]:
        """Successive halving down to ``top`` runners (see the module docstring)."""
        alive = list(runners)
        for k, (n, reps) in enumerate(schedule(len(alive), top)):
            alive = alive[:n]
            self.simulate(alive, reps, round_seed(self.seed, k))
            alive = self.rank(alive)
            self.rounds.append({"candidates": len(alive), "new_reps_per_day": reps, "reps_per_day": alive[0].reps})
        return alive[:top]

    def confirm(self, finalists: list[Runner], reps: int, **kw: Any) -> ExperimentResult:
        """The finalists and the input on fresh customers (see the module docstring)."""
        seed = round_seed(self.seed, 10_000)
        return self._run([self.variant(r) for r in finalists], reps, seed, keep_records="none", **kw)


def planned_tasks(n: int, top: int, days: int, confirm_reps: int) -> int:
    """How many replications a race of ``n`` candidates runs (for the progress bar)."""
    total = 0
    for cands, reps in schedule(n, top):
        batches = math.ceil(cands / BATCH)
        total += (cands + batches) * reps * days
    return total + (min(n, top) + 1) * confirm_reps * days
