"""Post-assignment search: which floor staff member should hold post 1, 2 and 3?

The floor staff are the roster members the scenario puts on a post. Every assignment of
them to the layout's posts (each post held by someone; nobody on two posts) is a variant
of the scenario. With few staff all assignments are run; with many, a local search
(swapping two people's posts, from several starts) explores them within a budget. All
candidates run on the same seeds, are ranked by the objective's mean with its 95%
interval, and the best few are run again with more replications to confirm the ranking.
"""

from __future__ import annotations

import copy
import itertools
import random
from dataclasses import dataclass, field

from lobbysim.errors import UsageError

from .experiment import ExperimentResult, run_experiment
from .labels import fmt_number
from .runner import Variant
from .stats import Estimate, clean, kpi_estimate

#: more assignments than this are searched, not enumerated
MAX_ENUMERATED = 120


def floor_staff(scenario_doc: dict) -> list[str]:
    return [s["id"] for s in scenario_doc.get("staff", []) if s.get("post")]


def post_ids(layout_doc: dict) -> list[str]:
    posts = [e for e in layout_doc.get("elements", []) if e.get("type") == "post"]
    return [p["id"] for p in sorted(posts, key=lambda p: (p.get("number", 0), p["id"]))]


def all_assignments(staff: list[str], posts: list[str]) -> list[tuple[str, ...]]:
    """Tuples giving each staff member's post, every post held when there are enough staff."""
    if len(staff) <= len(posts):
        return [tuple(p) for p in itertools.permutations(posts, len(staff))]
    out = []
    for combo in itertools.product(posts, repeat=len(staff)):
        if set(combo) == set(posts):
            out.append(combo)
    return out


def apply_assignment(scenario_doc: dict, staff: list[str], assignment: tuple[str, ...]) -> dict:
    doc = copy.deepcopy(scenario_doc)
    where = dict(zip(staff, assignment))
    for s in doc.get("staff", []):
        if s["id"] in where:
            s["post"] = where[s["id"]]
    return doc


@dataclass
class Candidate:
    assignment: tuple[str, ...]
    estimate: Estimate
    confirmed: Estimate | None = None

    def label(self, staff: list[str]) -> str:
        return ", ".join(f"{s}->{p}" for s, p in zip(staff, self.assignment))


@dataclass
class AssignResult:
    objective: str
    better: str
    staff: list[str]
    posts: list[str]
    candidates: list[Candidate]
    searched: bool
    current: tuple[str, ...]
    results: list[ExperimentResult] = field(default_factory=list)

    def rows(self) -> tuple[list[str], list[list]]:
        header = [
            "rank",
            "assignment",
            f"{self.objective} mean",
            "95% CI",
            "confirmed mean",
            "confirmed 95% CI",
            "current",
        ]
        rows = []
        for i, c in enumerate(self.candidates, 1):
            e, k = c.estimate, c.confirmed
            rows.append(
                [
                    i,
                    c.label(self.staff),
                    e.mean,
                    _ci(e),
                    None if k is None else k.mean,
                    "" if k is None else _ci(k),
                    "yes" if c.assignment == self.current else "",
                ]
            )
        return header, rows

    def to_dict(self) -> dict:
        return {
            "objective": self.objective,
            "better": self.better,
            "staff": self.staff,
            "posts": self.posts,
            "searched": self.searched,
            "current": list(self.current),
            "ranking": [
                {
                    "assignment": dict(zip(self.staff, c.assignment)),
                    "mean": clean(c.estimate.mean),
                    "ci95": [clean(c.estimate.lo), clean(c.estimate.hi)],
                    "confirmed": None
                    if c.confirmed is None
                    else {"mean": clean(c.confirmed.mean), "ci95": [clean(c.confirmed.lo), clean(c.confirmed.hi)]},
                }
                for c in self.candidates
            ],
        }


def _ci(e: Estimate) -> str:
    return f"[{fmt_number(e.lo)}, {fmt_number(e.hi)}]" if e.has_interval else "-"


def _direction(objective: str, better: str | None) -> str:
    from lobbysim.sim.kpis import KPI_INFO

    if objective not in KPI_INFO:
        raise UsageError(f"unknown objective '{objective}'; choose one of: {', '.join(KPI_INFO)}")
    better = better or KPI_INFO[objective][3] or ("lower" if objective.endswith("_walk_m") else None)
    if better not in ("lower", "higher"):
        raise UsageError(f"'{objective}' has no better direction of its own; say which with --better lower|higher")
    return better


class _Search:
    """Runs candidate assignments of the floor staff to posts on the same seeds and keeps their
    estimates of the objective."""

    def __init__(self, base: Variant, objective: str, day: str, seed: int, sign: float, kw: dict) -> None:
        self.base, self.objective, self.day, self.seed, self.sign, self.kw = base, objective, day, seed, sign, kw
        self.staff = floor_staff(base.scenario_doc)
        self.posts = post_ids(base.layout_doc)
        if not self.posts:
            raise UsageError(f"{base.layout_path or 'the layout'} has no lobby posts to assign staff to")
        if not self.staff:
            raise UsageError(f"{base.scenario_path or 'the scenario'} puts no staff member on a post")
        self.current = tuple(s.get("post") for s in base.scenario_doc["staff"] if s["id"] in self.staff)
        self.evaluated: dict[tuple, Estimate] = {}
        self.results: list[ExperimentResult] = []

    def evaluate(self, assignments, n_reps: int) -> dict[tuple, Estimate]:
        todo = list(dict.fromkeys(assignments))
        b = self.base
        variants = [
            Variant(
                f"a{i}",
                b.layout_doc,
                apply_assignment(b.scenario_doc, self.staff, a),
                ", ".join(f"{s}->{p}" for s, p in zip(self.staff, a)),
                b.layout_path,
                b.scenario_path,
            )
            for i, a in enumerate(todo)
        ]
        res = run_experiment(variants, [self.day], n_reps, self.seed, kind="assign", keep_records="none", **self.kw)
        self.results.append(res)
        return {
            a: kpi_estimate(self.objective, res.values(f"a{i}", self.day, self.objective)) for i, a in enumerate(todo)
        }

    def valid(self, a) -> bool:
        """Every post held (when there are at least as many staff as posts)."""
        return len(self.staff) < len(self.posts) or set(a) >= set(self.posts)

    def neighbours(self, best: tuple) -> list[tuple]:
        """Assignments one swap or one move away from ``best``."""
        out = []
        for i, j in itertools.combinations(range(len(self.staff)), 2):
            a = list(best)
            a[i], a[j] = a[j], a[i]
            out.append(tuple(a))
        for i in range(len(self.staff)):
            for p in self.posts:
                a = list(best)
                a[i] = p
                if self.valid(a):
                    out.append(tuple(a))
        return out

    def local_search(self, reps: int, budget: int) -> None:
        rng = random.Random(self.seed)
        starts = [self.current] + [tuple(rng.choice(self.posts) for _ in self.staff) for _ in range(2)]
        frontier = [s for s in starts if self.valid(s)]
        while len(self.evaluated) < budget and frontier:
            batch = [a for a in frontier if a not in self.evaluated][: max(1, budget - len(self.evaluated))]
            self.evaluated.update(self.evaluate(batch, reps))
            best = min(self.evaluated, key=lambda a: self.sign * self.evaluated[a].mean)
            frontier = [a for a in self.neighbours(best) if a not in self.evaluated]

    def ranked(self, confirm_top: int, confirm_reps: int) -> list[Candidate]:
        """Candidates best first; the top ones run again with ``confirm_reps`` and re-ranked."""
        order = sorted(self.evaluated, key=lambda a: (self.sign * self.evaluated[a].mean, a))
        candidates = [Candidate(a, self.evaluated[a]) for a in order]
        top = [c.assignment for c in candidates[:confirm_top]]
        if top and confirm_top > 0:
            conf = self.evaluate(top, confirm_reps)
            for c in candidates[:confirm_top]:
                c.confirmed = conf[c.assignment]
            candidates[:confirm_top] = sorted(
                candidates[:confirm_top], key=lambda c: (self.sign * conf[c.assignment].mean, c.assignment)
            )
        return candidates


def search_assignments(
    base: Variant,
    objective: str,
    day: str,
    reps: int,
    seed: int,
    *,
    confirm_top: int = 3,
    confirm_reps: int | None = None,
    budget: int = 60,
    better: str | None = None,
    **kw,
) -> AssignResult:
    """Rank the assignments of the floor staff to the layout's posts by ``objective`` (all of them,
    or a local search within ``budget`` when there are more than ``MAX_ENUMERATED``), and confirm
    the best ``confirm_top`` with more replications."""
    better = _direction(objective, better)
    search = _Search(base, objective, day, seed, 1.0 if better == "lower" else -1.0, kw)
    staff, posts = search.staff, search.posts
    space = all_assignments(staff, posts) if len(posts) ** len(staff) <= 10**6 else None
    searched = space is None or len(space) > MAX_ENUMERATED
    if space is not None and not searched:
        search.evaluated.update(search.evaluate(space, reps))
    else:
        search.local_search(reps, budget)
    candidates = search.ranked(confirm_top, confirm_reps or 3 * reps)
    return AssignResult(objective, better, staff, posts, candidates, searched, search.current, search.results)
