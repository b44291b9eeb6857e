"""Tables of results for the terminal, the exports (XLSX/CSV) and the editor's tables.

All of them are views of an ``ExperimentResult`` or of the comparison computed from it: the
numbers, intervals and verdicts are the statistics module's, formatted by ``labels``.
"""

from __future__ import annotations

import unicodedata

from .comparison import judge
from .labels import fmt_number, kpi_label
from .result import ExperimentResult
from .stats import Estimate, clean, kpi_estimate

#: the columns of a two-variant comparison table after the KPI and the two means
COMPARISON_COLUMNS = ("B-A", "95% CI of B-A", "min effect", "reps to decide", "q", "verdict")


def _ci(lo, hi, sign: bool = False) -> str:
    return "" if lo is None or hi is None else f"[{fmt_number(lo, sign)}, {fmt_number(hi, sign)}]"


def comparison_rows(cmp: dict, day: str, lang: str = "en") -> tuple[list[str], list[list]]:
    """The table KPI | A | B | B-A | 95% CI of B-A | min effect | reps to decide | q | verdict
    for one day of a comparison (means as numbers, the verdict last)."""
    header = ["KPI", cmp["a"]["label"], cmp["b"]["label"], *COMPARISON_COLUMNS]
    rows = []
    for name, k in cmp["days"][day]["kpis"].items():
        lo, hi = k["diff"]["ci95"]
        rows.append(
            [
                kpi_label(name, lang),
                k["a"]["mean"],
                k["b"]["mean"],
                k["diff"]["mean"],
                _ci(lo, hi),
                k.get("min_effect"),
                k.get("reps_to_decide") or "",
                k.get("q"),
                k["verdict"],
            ]
        )
    return header, rows


def with_ci(e: Estimate, sign: bool = False) -> str:
    """'mean [lo, hi]' (the mean alone without an interval)."""
    m = fmt_number(e.mean, sign)
    return m + (f" {_ci(e.lo, e.hi, sign)}" if e.has_interval else "")


def summary_rows(result: ExperimentResult, day: str, lang: str = "en") -> tuple[list[str], list[list]]:
    """The table KPI | mean [95% CI] per variant for one day."""
    header = ["KPI"] + [result.labels.get(v, v) for v in result.variants]
    rows = []
    for name in result.kpi_names():
        rows.append([kpi_label(name, lang)] + [with_ci(result.estimate(v, day, name)) for v in result.variants])
    return header, rows


def value_rows(result: ExperimentResult, day: str, lang: str = "en") -> tuple[list[str], list[list]]:
    """KPI | code | unit | mean, low, high per variant: the summary as numbers (for spreadsheets)."""
    from .labels import kpi_unit

    header = ["KPI", "code", "unit"]
    for v in result.variants:
        lab = result.labels.get(v, v)
        header += [f"{lab} mean", f"{lab} 95% low", f"{lab} 95% high"]
    rows = []
    for name in result.kpi_names():
        row: list = [kpi_label(name, lang), name, kpi_unit(name)]
        for v in result.variants:
            e = result.estimate(v, day, name)
            row += [clean(e.mean), clean(e.lo), clean(e.hi)]
        rows.append(row)
    return header, rows


def multi_comparison_rows(
    result: ExperimentResult, day: str, base: str | None = None, lang: str = "en"
) -> tuple[list[str], list[list], list[list[str]]]:
    """Side by side for two or more variants on one day: KPI | base mean [CI] | each other
    variant's mean [CI] and its paired difference to the base with 95% CI. Also returns, per row,
    each column's verdict against the base (the comparison's verdicts; '' for label and base)."""
    base = base or result.variants[0]
    others = [v for v in result.variants if v != base]
    header = ["KPI", result.labels.get(base, base)]
    for v in others:
        header += [result.labels.get(v, v), f"{result.labels.get(v, v)} - {result.labels.get(base, base)}"]
    rows, verdicts = [], []
    for name in result.kpi_names():
        vb = result.values(base, day, name)
        row, ver = [kpi_label(name, lang), with_ci(kpi_estimate(name, vb))], ["", ""]
        for v in others:
            j = judge(name, vb, result.values(v, day, name), result.analysis)
            row += [with_ci(j.b), with_ci(j.diff, sign=True)]
            ver += [j.verdict, j.verdict]
        rows.append(row)
        verdicts.append(ver)
    return header, rows, verdicts


def format_table(header: list, rows: list[list]) -> str:
    """A plain-text table (CJK characters count two columns)."""
    cells = [[_cell(c) for c in r] for r in [header] + rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for j, r in enumerate(cells):
        lines.append("  ".join(c + " " * (widths[i] - _width(c)) for i, c in enumerate(r)).rstrip())
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(c) -> str:
    if c is None:
        return "-"
    if isinstance(c, float):
        return fmt_number(c)
    return str(c)


def _width(s: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def run_document(result: ExperimentResult, variant: str, day: str) -> dict:
    """The JSON of ``lobbysim run``: every KPI's mean and 95 % interval, and per fixture, staff
    member and business (real days only)."""
    out: dict = {"kpis": {k: e.to_dict() for k, e in result.summary(variant, day).items()}}
    for key, table in (
        ("per_fixture", result.per_fixture),
        ("per_staff", result.per_staff),
        ("per_business", result.per_business),
    ):
        block: dict = {}
        for (item, name), values in sorted(table.get(variant, {}).get(day, {}).items()):
            block.setdefault(item, {})[name] = kpi_estimate(name, values).to_dict()
        out[key] = block
    return out
