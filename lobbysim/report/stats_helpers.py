"""Significance of a before/after difference, for the report's tables and findings.

The paired differences and their Student-t 95% intervals come from the experiments layer
(``lobbysim.experiments.experiment.compare`` over replications run with the same seeds on
both layouts); this module only turns one KPI's comparison into a verdict the report can
colour and put into words. Kept apart so the rule can be swapped without touching figures.
"""

from __future__ import annotations

import math


def significance(k: dict, better: str | None) -> str:
    """'better', 'worse', 'changed' (the 95% interval of B − A excludes zero but the KPI has
    no good direction) or 'same', for one KPI's entry of a comparison
    (``{"a": {...}, "b": {...}, "diff": {"mean", "ci95"}, "verdict"}``)."""
    v = k.get("verdict", "same")
    if v in ("better", "worse"):
        return v
    lo, hi = k["diff"]["ci95"]
    if lo is None or hi is None or not (math.isfinite(lo) and math.isfinite(hi)):
        return "same"
    if lo > 0 or hi < 0:
        if better in ("lower", "higher"):
            return "better" if (hi < 0) == (better == "lower") else "worse"
        return "changed"
    return "same"


def relative_change(a, b) -> float:
    """|B − A| relative to the larger of |A| and |B| (0 .. 2; 1 when one side is zero)."""
    if a is None or b is None:
        return 0.0
    den = max(abs(a), abs(b))
    return abs(b - a) / den if den > 1e-12 else 0.0
