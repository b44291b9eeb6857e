"""The evidence for issue 13's closing note: the staff KPIs of the sample's before- and
after-layout, and what moves them.

    python3 tools/staff_evidence.py [--reps 40] [--seed 1] [--days mon,thu] [--no-probes]
                                    [--calibration-reps 12] [--json OUT]

Part 0 prints the seed's figures (issue 13 "Calibration") beside the sample's on both layouts,
each pooled over the days it names.

Part 1 runs the sample scenario on layouts/railway_station/before.lobby.json and after.lobby.json
on each day with ``--reps`` paired replications (replication r of both layouts sees the same
customers: ``simulate(layout, scenario, day, seed, r)``, exactly what ``lobbysim compare --seed S
--reps N`` runs) and prints, for every staff KPI and the waits, the mean of each layout with its 95 %
Student-t interval and the paired difference after - before with its interval. An interval whose
half-width is below 0.5 % of the mean (or zero) is flagged ``NARROW``: a KPI that the rules decide
by accounting instead of by random events shows up there.

Part 2 (the probes) changes one thing at a time, with the model's own editing commands, and
compares it with the unchanged layout on the same customers (Monday): each says which rule of the
mechanism a before/after difference comes from (sightlines, the approach-distance curve, idle spells
against the walk to the call station, where the VP's tasks are done, authorisations).

Everything printed is measured in this run; nothing is a stored figure.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lobbysim.model import commands as C  # noqa: E402
from lobbysim.model.elements import Fixture, Post  # noqa: E402
from lobbysim.model.fileformat import load_layout  # noqa: E402
from lobbysim.model.validate import validate_layout  # noqa: E402
from lobbysim.sim import simulate  # noqa: E402
from lobbysim.sim.kpis import KPI_INFO, compute_kpis  # noqa: E402
from lobbysim.sim.plan import build_floor  # noqa: E402
from lobbysim.sim.scenario import Scenario, load_scenario  # noqa: E402

SAMPLE = ROOT / "layouts" / "railway_station"

#: the staff KPIs and the waits the closing note quotes
STAFF_KPIS = (
    "marketing_contacts",
    "marketing_contacts_completed",
    "share_waiting_contacted",
    "greeted",
    "diverted",
    "outbound_calls",
    "call_list_used_up",
    "call_recall_delay_min",
    "ops_vp_floor_share",
    "ops_vp_floor_activity_share",
    "authorisations",
    "authorisation_wait_mean_min",
    "counter_authorisations",
    "counter_authorisation_wait_mean_min",
    "staff_walk_m",
    "wait_mean_min",
    "counter_wait_mean_min",
    "machine_wait_mean_min",
    "reneged_wait_mean_min",
    "reneged",
)
#: KPIs that are 0 or 1 each day (their interval is a proportion's)
INDICATORS = ("call_list_used_up",)


@dataclass
class Interval:
    """Mean and 95 % interval of a sample (NaNs left out): Student-t, or for a 0/1 indicator (such
    as ``call_list_used_up``, whether the day's part of the call list ran out) the Wilson score
    interval of the proportion, which does not collapse to a point when every day agrees."""

    mean: float
    lo: float
    hi: float
    n: int

    @classmethod
    def of(cls, x: np.ndarray, indicator: bool = False) -> Interval:
        x = x[~np.isnan(x)]
        n = len(x)
        if n == 0:
            return cls(math.nan, math.nan, math.nan, 0)
        m = float(x.mean())
        if n < 2:
            return cls(m, math.nan, math.nan, n)
        if indicator and np.isin(x, (0.0, 1.0)).all():
            z = float(stats.norm.ppf(0.975))
            centre = (m + z * z / (2 * n)) / (1 + z * z / n)
            half = z / (1 + z * z / n) * math.sqrt(m * (1 - m) / n + z * z / (4 * n * n))
            return cls(m, centre - half, centre + half, n)
        half = float(stats.t.ppf(0.975, n - 1) * x.std(ddof=1) / math.sqrt(n))
        return cls(m, m - half, m + half, n)

    @property
    def narrow(self) -> bool:
        """Zero width, or a half-width below 0.5 % of the mean."""
        half = (self.hi - self.lo) / 2
        return not half > 0.005 * abs(self.mean) if abs(self.mean) > 1e-12 else not half > 0

    def text(self, nd: int = 3) -> str:
        if self.n == 0:
            return "n/a"
        return f"{self.mean:.{nd}f} [{self.lo:.{nd}f}, {self.hi:.{nd}f}]"

    def as_dict(self) -> dict:
        return {"mean": self.mean, "ci95": [self.lo, self.hi], "n": self.n}


def runs(layout, sc: Scenario, day: str, seed: int, reps: int) -> dict[str, np.ndarray]:
    """Every KPI of ``reps`` replications of ``day`` on ``layout``."""
    floor = build_floor(layout)
    ks = [compute_kpis(simulate(layout, sc, day, seed, r, floor=floor)) for r in range(reps)]
    return {n: np.array([k[n] for k in ks], dtype=float) for n in ks[0]}


def paired(a: np.ndarray, b: np.ndarray) -> Interval:
    """b - a over the replications both have a value for."""
    ok = ~(np.isnan(a) | np.isnan(b))
    return Interval.of(b[ok] - a[ok])


def _nd(name: str) -> int:
    unit = KPI_INFO[name].unit
    return 3 if unit == "share" else 2


# --- part 0: calibration --------------------------------------------------------------------------
#: the seed's figures (issue 13 "Calibration"): KPI -> {days: target}, the target a number or (lo, hi)
SEED_FIGURES = {
    "smart_counter_tx_per_machine": {("mon", "tue", "wed"): 71, ("thu", "fri"): 40, ("sat",): 20},
    "cash_tx_per_teller": {("mon", "tue", "wed"): (50, 60)},
    "low_counter_tx": {("mon", "tue", "wed"): (5, 8)},
    "ops_vp_floor_share": {("mon", "tue", "wed"): 0.708},
    "outbound_calls": {("mon", "tue", "wed", "thu", "fri"): 18},
}


def calibration(sc: Scenario, seed: int, reps: int) -> dict:
    """The seed's figures against the sample's, both layouts, pooled over the days each names."""
    days = ("mon", "tue", "wed", "thu", "fri", "sat")
    out: dict = {}
    print(f"\n== calibration: the seed's figures, {reps} replications a day, seed {seed} ==")
    print(f"{'KPI':30} {'days':16} {'seed':>10} {'before':24} {'after':24}")
    runs_of = {v: {d: runs(load_layout(SAMPLE / f"{v}.lobby.json"), sc, d, seed, reps) for d in days}
               for v in ("before", "after")}  # fmt: skip
    for name, targets in SEED_FIGURES.items():
        for ds, target in targets.items():
            row = {v: Interval.of(np.concatenate([runs_of[v][d][name] for d in ds])) for v in runs_of}
            out[f"{name} {'/'.join(ds)}"] = {"seed": target, **row}
            t = f"{target[0]}-{target[1]}" if isinstance(target, tuple) else f"{target}"
            nd = _nd(name)
            print(f"{name:30} {'/'.join(ds):16} {t:>10} {row['before'].text(nd):24} {row['after'].text(nd):24}")
    return out


# --- part 1: before and after ---------------------------------------------------------------------
def before_after(sc: Scenario, days: list[str], seed: int, reps: int) -> dict:
    out: dict = {}
    for day in days:
        t0 = time.perf_counter()
        ra = runs(load_layout(SAMPLE / "before.lobby.json"), sc, day, seed, reps)
        rb = runs(load_layout(SAMPLE / "after.lobby.json"), sc, day, seed, reps)
        rows = {}
        for n in STAFF_KPIS:
            ind = n in INDICATORS
            rows[n] = {
                "before": Interval.of(ra[n], ind),
                "after": Interval.of(rb[n], ind),
                "diff": paired(ra[n], rb[n]),
            }
        out[day] = rows
        print(f"\n== {day}: before vs after, {reps} paired replications, seed {seed} "
              f"({time.perf_counter() - t0:.0f} s) ==")  # fmt: skip
        print(f"{'KPI':38} {'before':30} {'after':30} {'after - before':32}")
        for n, r in rows.items():
            nd = _nd(n)
            flags = [f"NARROW {side}" for side in ("before", "after") if r[side].n > 1 and r[side].narrow]
            print(
                f"{n:38} {r['before'].text(nd):30} {r['after'].text(nd):30} {r['diff'].text(nd):32} " + " ".join(flags)
            )
    return out


# --- part 2: the probes -------------------------------------------------------------------------
def _after():
    return load_layout(SAMPLE / "after.lobby.json")


def _before():
    return load_layout(SAMPLE / "before.lobby.json")


def _moved(layout, fid: str, x: float, y: float):
    f = layout[fid]
    C.move_elements(layout, [fid], x - f.x, y - f.y).apply(layout)
    return layout


def _deleted(layout, *ids: str):
    C.delete_elements(layout, list(ids)).apply(layout)
    return layout


def _added(layout, *els):
    C.add_elements(layout, els).apply(layout)
    return layout


def _panel(blocks: bool) -> Fixture:
    """A 2 m panel between post 3's standing spot and the first seat row (as in the mechanism tests)."""
    return Fixture("panel", fixture_kind="other", x=12.25, y=4.9, width=2.0, depth=0.06, blocks_sight=blocks)


def _smart_away():
    layout = _after()
    C.set_properties(layout, "smart1", x=23.4, y=6.0, rotation=90.0).apply(layout)
    return layout


def _with_after_posts():
    return _added(_before(), *[p for p in _after().posts() if isinstance(p, Post)])


def _at_after_place(fid: str):
    def build():
        a = _after()[fid]
        return _moved(_before(), fid, a.x, a.y)

    return build


def _scenario(sc_doc: dict, path: list[str], value) -> Scenario:
    doc = copy.deepcopy(sc_doc)
    d = doc
    for k in path[:-1]:
        d = d[k]
    d[path[-1]] = value
    return Scenario.from_dict(doc)


@dataclass
class Probe:
    name: str
    base: str  # "after" or "before"
    rule: str  # the rule of the mechanism it exercises
    kpis: tuple[str, ...]
    layout: Callable | None = None
    scenario: tuple[list[str], object] | None = None


CONTACTS = ("marketing_contacts", "share_waiting_contacted")
CALLS = ("outbound_calls", "call_list_used_up", "call_recall_delay_min", "counter_wait_mean_min")
VP = ("ops_vp_floor_share", "ops_vp_floor_activity_share", "counter_authorisation_wait_mean_min")
AUTH = ("authorisation_wait_mean_min", "staff_walk_m", "machine_wait_mean_min")

PROBES = (
    Probe("after: post 3 removed", "after", "posts place staff, sightlines decide", CONTACTS,
          lambda: _deleted(_after(), "post3")),
    Probe("after: every post removed (staff at their desks)", "after", "posts place staff", CONTACTS + AUTH,
          lambda: _deleted(_after(), "post1", "post2", "post3")),
    Probe("after: full-height screen by post 3", "after", "sightline", CONTACTS,
          lambda: _added(_after(), _panel(True))),
    Probe("after: low panel by post 3", "after", "sightline (a low panel blocks no sight)", CONTACTS,
          lambda: _added(_after(), _panel(False))),
    Probe("after: marketing half-distance 6 -> 3 m", "after", "approach-distance curve", CONTACTS,
          scenario=(["policies", "marketing", "half_distance_m"], 3.0)),
    Probe("after: marketing half-distance 6 -> 12 m", "after", "approach-distance curve", CONTACTS,
          scenario=(["policies", "marketing", "half_distance_m"], 12.0)),
    Probe("after: call station 7 m from the tellers", "after", "idle spell vs walk to the call station", CALLS,
          lambda: _moved(_after(), "call_station", 9.2, 12.6)),
    Probe("after: call station 11 m from the tellers", "after", "idle spell vs walk to the call station", CALLS,
          lambda: _moved(_after(), "call_station", 13.0, 9.0)),
    Probe("after: call station where the before-layout has it", "after", "idle spell vs walk to the call station",
          CALLS, lambda: _moved(_after(), "call_station", 22.8, 9.6)),
    Probe("after: call walk half-distance 10 -> 5 m", "after", "idle spell vs walk (willingness curve)", CALLS,
          scenario=(["policies", "flex_rota", "half_distance_m"], 5.0)),
    Probe("after: VP desk behind the counter line", "after", "where the VP's tasks are done", VP,
          lambda: _moved(_after(), "vp_desk", 7.8, 12.6)),
    Probe("after: remote authorisation", "after", "counter authorisations", VP + ("staff_walk_m",),
          scenario=(["policies", "authorisation", "remote"], True)),
    Probe("after: smart counter away from post 2", "after", "authorisations (who is nearest)", AUTH,
          _smart_away),
    Probe("before: the after-layout's posts drawn in", "before", "posts place staff, sightlines decide",
          CONTACTS + VP + ("outbound_calls",), _with_after_posts),
    Probe("before: call station where the after-layout has it", "before", "idle spell vs walk to the call station",
          CALLS, _at_after_place("call_station")),
    Probe("before: call walk half-distance 10 -> 20 m", "before", "idle spell vs walk (willingness curve)", CALLS,
          scenario=(["policies", "flex_rota", "half_distance_m"], 20.0)),
    Probe("before: VP desk where the after-layout has it", "before", "where the VP's tasks are done", VP,
          _at_after_place("vp_desk")),
)  # fmt: skip


def probes(sc: Scenario, sc_doc: dict, seed: int, reps: int, day: str = "mon") -> dict:
    base = {
        "after": runs(_after(), sc, day, seed, reps),
        "before": runs(_before(), sc, day, seed, reps),
    }
    out = {}
    print(f"\n== probes: one change against the unchanged layout, {day}, {reps} paired replications ==")
    for p in PROBES:
        layout = p.layout() if p.layout else (_after() if p.base == "after" else _before())
        errors = [f.message for f in validate_layout(layout) if f.severity == "error"]
        psc = _scenario(sc_doc, *p.scenario) if p.scenario else sc
        r = runs(layout, psc, day, seed, reps)
        b = base[p.base]
        rows = {n: {"base": Interval.of(b[n], n in INDICATORS), "changed": Interval.of(r[n], n in INDICATORS),
                    "diff": paired(b[n], r[n])} for n in p.kpis}  # fmt: skip
        out[p.name] = {"rule": p.rule, "layout_errors": errors, "kpis": rows}
        print(f"\n-- {p.name}  [rule: {p.rule}]" + (f"  LAYOUT ERRORS: {errors}" if errors else ""))
        for n, row in rows.items():
            nd = _nd(n)
            print(f"   {n:36} {row['base'].text(nd):28} -> {row['changed'].text(nd):28} diff {row['diff'].text(nd)}")
    return out


def _plain(x):
    if isinstance(x, Interval):
        return x.as_dict()
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    return x


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--days", default="mon,thu")
    ap.add_argument("--probe-reps", type=int, default=None, help="replications of each probe (default --reps)")
    ap.add_argument("--no-probes", action="store_true")
    ap.add_argument("--calibration-reps", type=int, default=12, help="replications a day, seed's figures (0: none)")
    ap.add_argument("--json", default=None, metavar="OUT")
    args = ap.parse_args(argv)
    sc_doc = json.loads((SAMPLE / "scenario.json").read_text(encoding="utf-8"))
    sc = load_scenario(SAMPLE / "scenario.json")
    doc: dict = {"reps": args.reps, "seed": args.seed}
    if args.calibration_reps:
        doc["calibration"] = calibration(sc, args.seed, args.calibration_reps)
    doc["before_after"] = before_after(sc, args.days.split(","), args.seed, args.reps)
    if not args.no_probes:
        doc["probes"] = probes(sc, sc_doc, args.seed, args.probe_reps or args.reps)
    if args.json:
        Path(args.json).write_text(json.dumps(_plain(doc), indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
