"""Sweeps: vary one or two scenario parameters and tabulate the KPIs.

"At what demand does the after-layout break down?" is a sweep of the arrival factor from
0.8 to 1.3. A parameter is addressed by a dotted path into the scenario document (for
example ``demand.scale`` or ``customers.patience.mean_min``); a few everyday parameters
have short names (see ``SHORT_NAMES``). Every point of the sweep runs the same seeds, so
neighbouring points differ by the parameter, not by luck.
"""

from __future__ import annotations

import copy
import itertools
import math
from dataclasses import dataclass

from lobbysim.errors import UsageError

from .experiment import ExperimentResult, run_experiment
from .labels import fmt_number
from .runner import Variant
from .stats import clean, kpi_estimate


def _scale_arrivals(doc: dict, layout_doc: dict, value: float) -> dict:
    if value <= 0:
        raise UsageError(f"the arrival factor must be positive, got {value:g}")
    arr = doc.setdefault("arrivals", {})
    if "per_day" not in arr:
        raise UsageError("the scenario has no arrivals.per_day to scale")
    arr["per_day"] = arr["per_day"] * value
    return doc


def _patience(doc: dict, layout_doc: dict, value: float) -> dict:
    if value <= 0:
        raise UsageError(f"mean patience must be positive, got {value:g} min")
    cust = doc.setdefault("customers", {})
    p = cust.get("patience")
    if isinstance(p, dict) and p.get("dist") in ("weibull", "exponential", "lognormal", "gamma", "normal"):
        p["mean"] = value
    else:
        cust["patience"] = {"dist": "weibull", "mean": value, "shape": 1.5}
    return doc


def _drop_cover(doc: dict, key: str, values: set) -> None:
    """Remove the cover rules whose ``key`` ('staff' or 'fixture') is one of ``values``."""
    pol = doc.get("policies", {})
    if isinstance(pol.get("cover"), list):
        pol["cover"] = [c for c in pol["cover"] if c.get(key) not in values]


def _cash_counters(layout_doc: dict) -> list[str]:
    return [
        e["id"]
        for e in layout_doc.get("elements", [])
        if e.get("type") == "fixture" and e.get("fixture_kind") == "cash_counter"
    ]


def _add_tellers(doc: dict, tellers: list[dict], cash_ids: list[str], n: int) -> None:
    """Copies of the first teller on the unstaffed cash counters until ``n`` are staffed."""
    staff = doc.get("staff", [])
    used = {s.get("counter") for s in staff}
    free = [c for c in cash_ids if c not in used]
    for k in range(n - len(tellers)):
        if not free:
            raise UsageError(f"no unstaffed cash counter left for teller {len(tellers) + k + 1}")
        new = copy.deepcopy(tellers[0])
        new["id"] = f"{tellers[0]['id']}_extra{k + 1}"
        new["counter"] = free.pop(0)
        staff.append(new)
        # a counter with its own teller needs no cover rule that opens it
        _drop_cover(doc, "fixture", {new["counter"]})


def _counter_staff(doc: dict, layout_doc: dict, value: float) -> dict:
    """Staff N cash windows: keep the first N cash tellers, or add tellers (copies of the
    first) on the unstaffed cash counters of the layout."""
    n = int(round(value))
    if n < 1 or n != value:
        raise UsageError(f"the number of counter staff must be a whole number >= 1, got {value:g}")
    staff = doc.get("staff", [])
    cash_ids = _cash_counters(layout_doc)
    tellers = [s for s in staff if s.get("counter") in cash_ids]
    if not tellers:
        raise UsageError("the scenario has no cash-counter staff to vary")
    if n > len(cash_ids):
        raise UsageError(f"the layout has only {len(cash_ids)} cash counters; cannot staff {n}")
    if n <= len(tellers):
        drop = {s["id"] for s in tellers[n:]}
        doc["staff"] = [s for s in staff if s["id"] not in drop]
        _drop_cover(doc, "staff", drop)
        return doc
    _add_tellers(doc, tellers, cash_ids, n)
    return doc


#: short names for the parameters consultants sweep most
SHORT_NAMES = {
    "arrivals": (_scale_arrivals, "factor on the day's arrivals (1.0 = the scenario's demand)"),
    "patience": (_patience, "mean patience before reneging, minutes"),
    "counter_staff": (_counter_staff, "number of staffed cash windows"),
}


def parse_values(text: str) -> list[float]:
    """'0.8,0.9,1.0' or a range '0.8:1.3:0.1' (start:stop:step, stop included)."""
    text = text.strip()
    try:
        if ":" in text:
            parts = [float(x) for x in text.split(":")]
            if len(parts) != 3 or parts[2] <= 0 or parts[1] < parts[0]:
                raise ValueError
            n = int(math.floor((parts[1] - parts[0]) / parts[2] + 1e-9)) + 1
            return [round(parts[0] + i * parts[2], 10) for i in range(n)]
        vals = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise UsageError(
            f"cannot read the values {text!r}: give a list like 0.8,1.0,1.2 or a range like 0.8:1.3:0.1"
        ) from None
    if not vals:
        raise UsageError("no values given")
    return vals


def parse_param(spec: str) -> tuple[str, list[float]]:
    """'NAME=VALUES' -> (name, values)."""
    if "=" not in spec:
        raise UsageError(f"a sweep parameter is NAME=VALUES, e.g. arrivals=0.8:1.3:0.1; got {spec!r}")
    name, values = spec.split("=", 1)
    return name.strip(), parse_values(values)


def set_path(doc: dict, path: str, value) -> dict:
    """A copy of ``doc`` with the dotted ``path`` set to ``value`` (list items by index)."""
    out = copy.deepcopy(doc)
    keys = path.split(".")
    node = out
    for i, k in enumerate(keys):
        last = i == len(keys) - 1
        if isinstance(node, list):
            try:
                idx = int(k)
                node[idx]
            except (ValueError, IndexError):
                raise UsageError(f"scenario parameter '{path}': '{k}' is not an index of that list") from None
            if last:
                node[idx] = value
            else:
                node = node[idx]
        elif isinstance(node, dict):
            if k not in node:
                raise UsageError(f"the scenario has no parameter '{path}' ('{k}' not found)")
            if last:
                node[k] = value
            else:
                node = node[k]
        else:
            raise UsageError(f"scenario parameter '{path}': '{k}' is inside a value, not an object")
    return out


def apply_param(doc: dict, name: str, value: float, layout_doc: dict | None = None) -> dict:
    """A copy of the scenario document with parameter ``name`` set to ``value``."""
    if name in SHORT_NAMES:
        return SHORT_NAMES[name][0](copy.deepcopy(doc), layout_doc or {}, value)
    return set_path(doc, name, value)


@dataclass
class SweepResult:
    params: list[tuple[str, list[float]]]
    points: list[tuple[float, ...]]
    result: ExperimentResult

    def rows(self, day: str, kpis: list[str], combined: bool = True) -> tuple[list[str], list[list]]:
        """One row per point. ``combined``: 'mean [lo, hi]' text per KPI (for reading); else
        numeric columns KPI, KPI_lo, KPI_hi (for spreadsheets and JSON)."""
        header = [p for p, _ in self.params]
        for k in kpis:
            header += [k] if combined else [k, f"{k}_ci95_lo", f"{k}_ci95_hi"]
        rows = []
        for i, pt in enumerate(self.points):
            row: list = list(pt)
            for k in kpis:
                e = kpi_estimate(k, self.result.values(f"p{i}", day, k))
                if combined:
                    ci = f" [{fmt_number(e.lo)}, {fmt_number(e.hi)}]" if e.has_interval else ""
                    row.append(fmt_number(e.mean) + ci)
                else:
                    row += [clean(e.mean), clean(e.lo), clean(e.hi)]
            rows.append(row)
        return header, rows


def sweep(base: Variant, params: list[tuple[str, list[float]]], days, reps, seed, **kw) -> SweepResult:
    if not 1 <= len(params) <= 2:
        raise UsageError("a sweep varies one or two parameters")
    points = list(itertools.product(*[vals for _, vals in params]))
    variants = []
    for i, pt in enumerate(points):
        doc = base.scenario_doc
        for (name, _), value in zip(params, pt):
            doc = apply_param(doc, name, value, base.layout_doc)
        label = ", ".join(f"{n}={v:g}" for (n, _), v in zip(params, pt))
        variants.append(Variant(f"p{i}", base.layout_doc, doc, label, base.layout_path, base.scenario_path))
    # check every point's scenario before running anything
    from lobbysim.model.fileformat import layout_from_dict
    from lobbysim.sim.scenario import Scenario

    layout = layout_from_dict(base.layout_doc, path=base.layout_path or None)
    for v in variants:
        Scenario.from_dict(v.scenario_doc, path=f"{base.scenario_path} ({v.label})").check_against(layout)
    res = run_experiment(variants, days, reps, seed, kind="sweep", keep_records="none", **kw)
    return SweepResult(params, points, res)
