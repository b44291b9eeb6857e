"""What ``lobbysim suggest`` found: the suggestions, best first, each a set of edits of the input
(one undoable command in the editor) with its gains against the input and their 95 % intervals,
and how the search went (what it tried, what the constraints rejected, what it simulated)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lobbysim.model.fileformat import save_layout
from lobbysim.model.layout import Layout

from ..labels import fmt_number, kpi_label
from ..stats import Estimate, clean
from .objective import Objective, guard_status
from .site import REASONS
from .space import Design


@dataclass
class Suggestion:
    """One suggested layout (see the module docstring)."""

    rank: int
    key: str
    design: Design
    layout: Layout
    #: the comparison JSON of ``lobbysim compare`` (input as A, the suggestion as B), confirmation run
    comparison: dict
    #: the weighted gain in minimum effects, less the cost of the moves (confirmation run)
    gain: float
    #: guarded KPI -> 'met', 'likely', 'violated' or 'n/a' (the worst over the days)
    guards: dict[str, str]
    #: the surrogate's predicted {KPI: difference} per day
    predicted: list[dict[str, float]]
    file: str = ""

    @property
    def acceptable(self) -> bool:
        return self.gain > 0 and "violated" not in self.guards.values()

    def command(self, text: str | None = None):
        """The suggestion as one command on the input layout (one undo step in the editor)."""
        return self.design.command(text or f"Apply suggestion {self.rank}")

    def sentences(self) -> list[str]:
        return [e.sentence() for e in self.design.edits]

    def diff(self, day: str, kpi: str) -> Estimate:
        d = self.comparison["days"][day]["kpis"][kpi]["diff"]
        lo, hi = d["ci95"]
        return Estimate(_num(d["mean"]), _num(lo), _num(hi), int(self.comparison["reps"]))

    def to_dict(self) -> dict:
        return {
            "rank": self.rank,
            "file": self.file,
            "moves": self.design.describe(),
            "summary": "; ".join(self.sentences()),
            "gain": clean(self.gain),
            "guards": self.guards,
            "predicted": [{k: clean(v) for k, v in d.items()} for d in self.predicted],
            "comparison": self.comparison,
        }


def _num(v: Any) -> float:
    return math.nan if v is None else float(v)


def worst_status(statuses: list[str]) -> str:
    order = ["violated", "likely", "n/a", "met"]
    return min(statuses, key=order.index) if statuses else "n/a"


def guard_statuses(objective: Objective, comparison: dict) -> dict[str, str]:
    out = {}
    for g in objective.guards:
        per_day = []
        for day in comparison["days"].values():
            d = day["kpis"].get(g.kpi)
            if d is None:
                continue
            lo, hi = d["diff"]["ci95"]
            e = Estimate(_num(d["diff"]["mean"]), _num(lo), _num(hi), int(comparison["reps"]))
            per_day.append(guard_status(g, e))
        out[g.kpi] = worst_status(per_day)
    return out


@dataclass
class SuggestResult:
    """Everything ``lobbysim suggest`` reports (see the module docstring)."""

    input_path: str
    scenario_path: str
    days: list[str]
    seed: int
    budget: int
    objective: Objective
    settings: dict
    suggestions: list[Suggestion]
    stage1: dict
    stage2: dict
    baseline: dict = field(default_factory=dict)

    @property
    def candidates_simulated(self) -> int:
        return int(self.stage2.get("candidates_simulated", 0))

    @property
    def best(self) -> Suggestion | None:
        good = [s for s in self.suggestions if s.acceptable]
        return good[0] if good else None

    def rows(self, s: Suggestion, lang: str = "en") -> tuple[list[str], list[list]]:
        """KPI | day | input | suggested | gain | 95% CI | verdict | role, for the objectives and guards."""
        header = ["KPI", "day", "input", "suggested", "gain", "95% CI of gain", "verdict", "role"]
        rows = []
        roles = {k: "objective" for k in self.objective.kpis}
        for g in self.objective.guards:
            roles.setdefault(g.kpi, f"no worse than {fmt_number(g.tolerance)}: {s.guards.get(g.kpi, 'n/a')}")
        for kpi, role in roles.items():
            for day in self.days:
                k = s.comparison["days"][day]["kpis"].get(kpi)
                if k is None:
                    continue
                lo, hi = k["diff"]["ci95"]
                ci = "" if lo is None or hi is None else f"[{fmt_number(lo, True)}, {fmt_number(hi, True)}]"
                rows.append(
                    [
                        kpi_label(kpi, lang),
                        day,
                        k["a"]["mean"],
                        k["b"]["mean"],
                        fmt_number(k["diff"]["mean"], True),
                        ci,
                        k["verdict"],
                        role,
                    ]
                )
        return header, rows

    def write_layouts(self, out_dir: str | Path, stem: str) -> list[str]:
        """Write each acceptable suggestion as ``STEM.suggestN.lobby.json`` in ``out_dir``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        files = []
        for s in self.suggestions:
            if not s.acceptable:
                continue
            lay = s.layout.copy()
            m = lay.meta
            lay.meta = replace(
                m,
                variant=f"suggestion {s.rank}",
                name_en=f"{m.name_en or stem} (suggestion {s.rank})",
                name_zh=f"{m.name_zh or stem}（建议{s.rank}）",
                notes=f"Suggested by lobbysim suggest (gain {s.gain:.1f} minimum effects): " + "; ".join(s.sentences()),
            )
            path = out / f"{stem}.suggest{s.rank}.lobby.json"
            save_layout(lay, path)
            s.file = str(path)
            files.append(str(path))
        return files

    def to_dict(self) -> dict:
        best = self.best
        o = self.objective
        return {
            "input": self.input_path,
            "scenario": self.scenario_path,
            "days": self.days,
            "seed": self.seed,
            "budget": self.budget,
            "objective": {
                "kpis": list(o.kpis),
                "weights": list(o.weights),
                "min_effects": dict(zip(o.kpis, o.units)),
                "move_cost": o.move_cost,
            },
            "no_worse": [{"kpi": g.kpi, "tolerance": g.tolerance} for g in o.guards],
            "settings": self.settings,
            "baseline": self.baseline,
            "stage1": self.stage1,
            "stage2": self.stage2,
            "candidates_simulated": self.candidates_simulated,
            "best_gain": None if best is None else clean(best.gain),
            "suggestions": [s.to_dict() for s in self.suggestions],
        }


def reject_sentence(counts: dict[str, int], total: int) -> str:
    """'most were rejected by X (n of N: why)' for the commonest reason."""
    if not counts:
        return ""
    reason, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return f"most were rejected by '{reason}' ({n:,} of the {total:,} rejected: {REASONS.get(reason, reason)})"
