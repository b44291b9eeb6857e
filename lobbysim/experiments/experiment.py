"""Experiments: run variants over days and replications, then summarise and compare them.

All variants run replication r with the same seed, so they see the same customers (common
random numbers); a comparison therefore pairs replications and reports the difference
B - A per KPI with its 95% interval and a verdict.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from lobbysim.errors import LobbysimError, UsageError

from .runner import DAYS, Cancelled, Executor, Job, LocalPoolExecutor, Task, TaskResult, Variant, make_tasks
from .stats import Estimate, estimate, paired_difference, verdict


def parse_days(text: str) -> list[str]:
    days = [d.strip().lower()[:3] for d in str(text).split(",") if d.strip()]
    bad = [d for d in str(text).split(",") if d.strip() and d.strip().lower()[:3] not in DAYS]
    if bad or not days:
        raise UsageError(f"unknown day {bad[0].strip()!r}; days are {', '.join(DAYS)}" if bad else "no day given")
    return list(dict.fromkeys(days))


#: replications per variant and day that a run may ask for (a documented limit: 10,000 replications
#: narrow a 95% interval a hundredfold from one replication; more would only keep the machine busy)
MAX_REPS = 10_000


def check_reps(reps: int) -> int:
    if reps is None or int(reps) < 1:
        raise UsageError(f"--reps must be at least 1, got {reps}")
    if int(reps) > MAX_REPS:
        raise UsageError(f"--reps must be at most {MAX_REPS:,}, got {reps:,}")
    return int(reps)


def load_variant(key: str, layout_path: str, scenario_path: str, label: str = "") -> Variant:
    """Read and check a layout and a scenario (``lobbysim.sim.variant``): a layout with errors or
    a scenario that cannot run on it is refused here, before anything is simulated."""
    from lobbysim.sim.variant import load_variant_files

    v = load_variant_files(layout_path, scenario_path)
    return Variant(
        key,
        v.layout_doc,
        v.scenario_doc,
        label or Path(layout_path).name.replace(".lobby.json", ""),
        str(layout_path),
        str(scenario_path),
    )


@dataclass
class ExperimentResult:
    variants: list[str]
    labels: dict[str, str]
    days: list[str]
    reps: int
    seed: int
    #: variant -> day -> kpi -> values by replication
    kpis: dict = field(default_factory=dict)
    per_fixture: dict = field(default_factory=dict)
    per_staff: dict = field(default_factory=dict)
    #: (variant, day, rep) -> Records, for the replications kept
    records: dict = field(default_factory=dict)
    run_id: int | None = None

    def values(self, variant: str, day: str, kpi: str) -> list[float]:
        return self.kpis[variant][day].get(kpi, [math.nan] * self.reps)

    def summary(self, variant: str, day: str) -> dict[str, Estimate]:
        return {k: estimate(v) for k, v in self.kpis[variant][day].items()}

    def kpi_names(self) -> list[str]:
        from lobbysim.sim.kpis import KPI_INFO

        seen = {k for v in self.kpis.values() for d in v.values() for k in d}
        ordered = [k for k in KPI_INFO if k in seen]
        return ordered + sorted(seen - set(ordered))


def collect(results: list[TaskResult], variants, labels, days, reps, seed) -> ExperimentResult:
    out = ExperimentResult(list(variants), dict(labels), list(days), reps, seed)
    for r in sorted(results, key=lambda r: r.task):
        t = r.task
        for k, v in r.kpis.items():
            out.kpis.setdefault(t.variant, {}).setdefault(t.day, {}).setdefault(k, [math.nan] * reps)[t.rep] = v
        for item, kp in (r.per_fixture or {}).items():
            for k, v in kp.items():
                out.per_fixture.setdefault(t.variant, {}).setdefault(t.day, {}).setdefault(
                    (item, k), [math.nan] * reps
                )[t.rep] = v
        for item, kp in (r.per_staff or {}).items():
            for k, v in kp.items():
                if isinstance(v, (int, float)):
                    out.per_staff.setdefault(t.variant, {}).setdefault(t.day, {}).setdefault(
                        (item, k), [math.nan] * reps
                    )[t.rep] = v
        if r.records is not None:
            out.records[(t.variant, t.day, t.rep)] = r.records
    return out


def run_experiment(
    variants: list[Variant],
    days,
    reps: int,
    seed: int,
    *,
    executor: Executor | None = None,
    progress=None,
    cancel=None,
    store=None,
    kind: str = "run",
    command: str = "",
    keep_records="first",
    positions: bool = False,
) -> ExperimentResult:
    """Simulate every variant on every day for ``reps`` replications.

    ``keep_records``: 'first' keeps the records of replication 0 of each variant and day (for
    charts and replay), 'all' keeps every one, 'none' none. With a ``store`` (ResultStore) the
    run and every result are written as they arrive; an interrupted run is marked incomplete.
    """
    reps = check_reps(reps)
    days = list(days)
    keys = [v.key for v in variants]
    if len(set(keys)) != len(keys):
        raise UsageError("two variants have the same name")
    if keep_records == "first":
        keep = frozenset((k, d, 0) for k in keys for d in days)
    elif keep_records == "all":
        keep = "all"
    else:
        keep = frozenset()
    job = Job({v.key: v for v in variants}, keep, positions)
    tasks = make_tasks(keys, days, reps, seed)
    executor = executor or LocalPoolExecutor()
    run_id = store.begin_run(kind, variants, seed, reps, days, command) if store is not None else None
    on_result = (lambda r: store.add_result(run_id, r)) if store is not None else None
    complete = False
    note = ""
    try:
        results = executor.run(job, tasks, progress=progress, cancel=cancel, on_result=on_result)
        complete = True
    except Cancelled:
        note = "cancelled"
        raise
    except KeyboardInterrupt:
        note = "interrupted"
        raise
    except LobbysimError as exc:
        note = str(exc)
        raise
    finally:
        if store is not None:
            store.finish_run(run_id, complete, note)
    out = collect(results, keys, {v.key: v.label for v in variants}, days, reps, seed)
    out.run_id = run_id
    return out


def compare(result: ExperimentResult, a: str, b: str) -> dict:
    """The comparison of variant ``b`` against ``a`` (the public JSON shape of `lobbysim compare`)."""
    from lobbysim.sim.kpis import KPI_INFO

    days = {}
    for day in result.days:
        kp = {}
        for name in result.kpi_names():
            va, vb = result.values(a, day, name), result.values(b, day, name)
            diff = paired_difference(va, vb)
            better = KPI_INFO[name][3] if name in KPI_INFO else None
            ea, eb = estimate(va), estimate(vb)
            kp[name] = {"a": _est(ea), "b": _est(eb), "diff": _est(diff), "verdict": verdict(diff, better)}
        days[day] = {"kpis": kp}
    return {
        "a": {"key": a, "label": result.labels.get(a, a)},
        "b": {"key": b, "label": result.labels.get(b, b)},
        "reps": result.reps,
        "seed": result.seed,
        "days": days,
    }


def _est(e: Estimate) -> dict:
    d = e.to_dict()
    return {"mean": d["mean"], "ci95": d["ci95"]}


def comparison_rows(cmp: dict, day: str, lang: str = "en") -> tuple[list[str], list[list]]:
    """The table KPI | A | B | B-A | 95% CI of B-A | verdict for one day."""
    from lobbysim.sim.kpis import KPI_INFO

    header = ["KPI", cmp["a"]["label"], cmp["b"]["label"], "B-A", "95% CI of B-A", "verdict"]
    rows = []
    for name, k in cmp["days"][day]["kpis"].items():
        info = KPI_INFO.get(name)
        label = name if info is None else (info[1] if lang == "zh" else info[0])
        lo, hi = k["diff"]["ci95"]
        ci = "" if lo is None else f"[{_fmt(lo)}, {_fmt(hi)}]"
        rows.append([label, k["a"]["mean"], k["b"]["mean"], k["diff"]["mean"], ci, k["verdict"]])
    return header, rows


def summary_rows(result: ExperimentResult, day: str, lang: str = "en") -> tuple[list[str], list[list]]:
    """The table KPI | mean (95% CI) per variant for one day."""
    from lobbysim.sim.kpis import KPI_INFO

    header = ["KPI"] + [result.labels.get(v, v) for v in result.variants]
    rows = []
    for name in result.kpi_names():
        info = KPI_INFO.get(name)
        label = name if info is None else (info[1] if lang == "zh" else info[0])
        row = [label]
        for v in result.variants:
            e = estimate(result.values(v, day, name))
            row.append(f"{_fmt(e.mean)}" + (f" [{_fmt(e.lo)}, {_fmt(e.hi)}]" if math.isfinite(e.lo) else ""))
        rows.append(row)
    return header, rows


def multi_comparison_rows(
    result: ExperimentResult, day: str, base: str | None = None, lang: str = "en"
) -> tuple[list[str], list[list], list[list[str]]]:
    """Side by side for two or more variants on one day: KPI | base mean [CI] | each other
    variant's mean [CI] and its paired difference to the base with 95% CI. Also returns, per row,
    each column's verdict against the base ('better', 'worse', 'same'; '' for label and base)."""
    from lobbysim.sim.kpis import KPI_INFO

    base = base or result.variants[0]
    others = [v for v in result.variants if v != base]
    header = ["KPI", result.labels.get(base, base)]
    for v in others:
        header += [result.labels.get(v, v), f"{result.labels.get(v, v)} - {result.labels.get(base, base)}"]
    rows, verdicts = [], []
    for name in result.kpi_names():
        info = KPI_INFO.get(name)
        label = name if info is None else (info[1] if lang == "zh" else info[0])
        vb = result.values(base, day, name)
        row, ver = [label, _with_ci(estimate(vb))], ["", ""]
        for v in others:
            vv = result.values(v, day, name)
            d = paired_difference(vb, vv)
            word = verdict(d, info[3] if info else None)
            row += [_with_ci(estimate(vv)), _with_ci(d, sign=True)]
            ver += [word, word]
        rows.append(row)
        verdicts.append(ver)
    return header, rows, verdicts


def _with_ci(e: Estimate, sign: bool = False) -> str:
    m = _fmt(e.mean)
    if sign and math.isfinite(e.mean) and e.mean > 0:
        m = "+" + m
    return m + (f" [{_fmt(e.lo)}, {_fmt(e.hi)}]" if math.isfinite(e.lo) else "")


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "-"
    av = abs(v)
    if av >= 100:
        return f"{v:.0f}"
    if av >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}" if av >= 0.01 or v == 0 else f"{v:.3g}"


def format_table(header, rows) -> str:
    cells = [[str(_fmt(c) if isinstance(c, float) else ("-" if c is None else c)) for c in r] for r in [header] + rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for j, r in enumerate(cells):
        lines.append("  ".join(c + " " * (widths[i] - _width(c)) for i, c in enumerate(r)).rstrip())
        if j == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(s: str) -> int:
    """Display width: CJK characters take two columns in a terminal."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


__all__ = [
    "ExperimentResult",
    "run_experiment",
    "compare",
    "comparison_rows",
    "summary_rows",
    "format_table",
    "load_variant",
    "parse_days",
    "check_reps",
    "Task",
    "Cancelled",
]
