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
    from lobbysim.sim.kpis import KPI_INFO

    if objective not in KPI_INFO:
        raise UsageError(f"unknown objective '{objective}'; choose one of: {', '.join(KPI_INFO)}")
    better = better or KPI_INFO[objective][3] or ("lower" if objective.endswith("_walk_m") else None)
    if better not in ("lower", "higher"):
        raise UsageError(f"'{objective}' has no better direction of its own; say which with --better lower|higher")
    staff = floor_staff(base.scenario_doc)
    posts = post_ids(base.layout_doc)
    if not posts:
        raise UsageError(f"{base.layout_path or 'the layout'} has no lobby posts to assign staff to")
    if not staff:
        raise UsageError(f"{base.scenario_path or 'the scenario'} puts no staff member on a post")
    current = tuple(s.get("post") for s in base.scenario_doc["staff"] if s["id"] in staff)
    sign = 1.0 if better == "lower" else -1.0
    evaluated: dict[tuple, Estimate] = {}
    results = []

    def evaluate(assignments, n_reps):
        todo = [a for a in dict.fromkeys(assignments)]
        variants = [
            Variant(
                f"a{i}",
                base.layout_doc,
                apply_assignment(base.scenario_doc, staff, a),
                ", ".join(f"{s}->{p}" for s, p in zip(staff, a)),
                base.layout_path,
                base.scenario_path,
            )
            for i, a in enumerate(todo)
        ]
        res = run_experiment(variants, [day], n_reps, seed, kind="assign", keep_records="none", **kw)
        results.append(res)
        return {a: kpi_estimate(objective, res.values(f"a{i}", day, objective)) for i, a in enumerate(todo)}

    space = all_assignments(staff, posts) if len(posts) ** len(staff) <= 10**6 else None
    searched = space is None or len(space) > MAX_ENUMERATED
    if not searched:
        evaluated.update(evaluate(space, reps))
    else:
        rng = random.Random(seed)
        starts = [current] + [tuple(rng.choice(posts) for _ in staff) for _ in range(2)]
        frontier = [s for s in starts if set(s) >= set(posts) or len(staff) < len(posts)]
        while len(evaluated) < budget and frontier:
            batch = [a for a in frontier if a not in evaluated][: max(1, budget - len(evaluated))]
            evaluated.update(evaluate(batch, reps))
            best = min(evaluated, key=lambda a: sign * evaluated[a].mean)
            neigh = []
            for i, j in itertools.combinations(range(len(staff)), 2):
                a = list(best)
                a[i], a[j] = a[j], a[i]
                neigh.append(tuple(a))
            for i in range(len(staff)):
                for p in posts:
                    a = list(best)
                    a[i] = p
                    if len(staff) < len(posts) or set(a) >= set(posts):
                        neigh.append(tuple(a))
            frontier = [a for a in neigh if a not in evaluated]
    ranked = sorted(evaluated, key=lambda a: (sign * evaluated[a].mean, a))
    candidates = [Candidate(a, evaluated[a]) for a in ranked]
    top = [c.assignment for c in candidates[:confirm_top]]
    if top and confirm_top > 0:
        conf = evaluate(top, confirm_reps or 3 * reps)
        for c in candidates[:confirm_top]:
            c.confirmed = conf[c.assignment]
        candidates[:confirm_top] = sorted(
            candidates[:confirm_top], key=lambda c: (sign * c.confirmed.mean, c.assignment)
        )
    return AssignResult(objective, better, staff, posts, candidates, searched, current, results)
