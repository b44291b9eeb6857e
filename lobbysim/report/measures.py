"""What the figures show, reduced from the records (no matplotlib): customer flows, staff metres,
where customers spend their time, waits by hour, staff time use. Every figure draws these and
nothing else, so the numbers behind a chart can be tested without drawing it."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy as np

from lobbysim.model.elements import Area

from .labels import BUSINESS_COLOURS


# --- customer flow ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Flow:
    business: str
    purpose: str
    path: tuple
    per_day: float


def _snap(p, grid):
    return (round(p[0] / grid), round(p[1] / grid))


def customer_flows(records_list, snap: float = 1.0) -> list[Flow]:
    """Customer walks bundled into flows: walks of the same business and purpose whose ends lie
    within ``snap`` metres of each other are one flow, drawn along its most walked path, with
    its customers per day (averaged over the replications)."""
    n = max(1, len(records_list))
    groups: dict[tuple, Counter] = defaultdict(Counter)
    for rec in records_list:
        for w in rec.walks:
            if w.actor == "customer" and len(w.path) >= 2:
                key = (w.group, w.purpose, _snap(w.path[0], snap), _snap(w.path[-1], snap))
                groups[key][tuple(w.path)] += 1
    flows = [Flow(k[0], k[1], c.most_common(1)[0][0], sum(c.values()) / n) for k, c in groups.items()]
    flows.sort(key=lambda f: (-f.per_day, f.business, f.purpose, f.path))
    return flows


def nice_steps(top: float) -> list[float]:
    if top <= 0:
        return []
    mag = 10 ** math.floor(math.log10(top))
    cands = [v * mag for v in (0.1, 0.2, 0.5, 1, 2, 5)]
    steps = [v for v in cands if v <= top]
    return steps[-3:]


def business_colours(codes) -> dict[str, str]:
    return {b: BUSINESS_COLOURS[i % len(BUSINESS_COLOURS)] for i, b in enumerate(codes)}


def business_order(records, business_names):
    seen = list(business_names or {})
    for recs in records:
        for r in recs:
            for c in r.customers:
                if c.business not in seen:
                    seen.append(c.business)
    return seen


# --- staff spaghetti ----------------------------------------------------------------------------------------
def staff_metres(recs) -> dict[str, float]:
    """role -> metres walked per day (averaged over replications)."""
    n = max(1, len(recs))
    out: dict[str, float] = defaultdict(float)
    for rec in recs:
        for w in rec.walks:
            if w.actor == "staff":
                out[w.group] += w.metres / n
    return dict(out)


# --- occupancy heat maps -------------------------------------------------------------------------------------
def customer_dwell(records, step: float = 2.0):
    """(x, y, minutes) of where customers spend their time: standing or sitting between walks
    (in a queue, on a seat, at a counter) for the exact span, and along their walks in steps."""
    xs, ys, ms = [], [], []
    walks: dict[str, list] = defaultdict(list)
    for w in records.walks:
        if w.actor == "customer" and w.path:
            walks[w.actor_id].append(w)
    for c in records.customers:
        ws = sorted(walks.get(str(c.customer_id), ()), key=lambda w: w.start)
        if not ws:
            continue
        leave = c.departure if c.departure is not None else max(records.end_time or 0.0, records.close_time)
        # before the first walk: just inside the door
        if ws[0].start > c.arrival:
            xs.append(ws[0].path[0][0])
            ys.append(ws[0].path[0][1])
            ms.append((ws[0].start - c.arrival) / 60)
        for i, w in enumerate(ws):
            dur = max(0.0, w.end - w.start)
            pts = np.asarray(w.path, dtype=float)
            if dur > 0 and len(pts) >= 2:
                seg = np.hypot(*np.diff(pts, axis=0).T)
                total = seg.sum()
                k = max(1, int(math.ceil(dur / step)))
                if total > 0:
                    s = (np.arange(k) + 0.5) / k * total
                    cum = np.concatenate([[0.0], np.cumsum(seg)])
                    xs.extend(np.interp(s, cum, pts[:, 0]))
                    ys.extend(np.interp(s, cum, pts[:, 1]))
                    ms.extend([dur / k / 60] * k)
            nxt = ws[i + 1].start if i + 1 < len(ws) else leave
            if nxt > w.end:
                x, y = w.path[-1]
                xs.append(x)
                ys.append(y)
                ms.append((nxt - w.end) / 60)
    return np.asarray(xs), np.asarray(ys), np.asarray(ms)


def _smooth(grid, sigma_cells: float):
    if sigma_cells <= 0:
        return grid
    r = int(math.ceil(3 * sigma_cells))
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma_cells) ** 2)
    k /= k.sum()
    g = np.apply_along_axis(lambda v: np.convolve(v, k, mode="same"), 0, grid)
    return np.apply_along_axis(lambda v: np.convolve(v, k, mode="same"), 1, g)


def occupancy_grid(layout, records_list, extent, cell: float = 0.25, smooth_m: float = 0.35):
    """Customer-minutes per m² per day (averaged over replications) on a grid of ``cell`` metres,
    lightly smoothed (Gaussian, ``smooth_m``) so a seat or a counter shows as a spot, not a pixel.
    Rows are y (origin lower), columns x."""
    x0, x1, y0, y1 = extent
    nx_, ny_ = max(1, int(math.ceil((x1 - x0) / cell))), max(1, int(math.ceil((y1 - y0) / cell)))
    grid = np.zeros((ny_, nx_))
    for rec in records_list:
        x, y, m = customer_dwell(rec)
        if len(m):
            h, _, _ = np.histogram2d(
                y, x, bins=[ny_, nx_], range=[[y0, y0 + ny_ * cell], [x0, x0 + nx_ * cell]], weights=m
            )
            grid += h
    grid = _smooth(grid, smooth_m / cell)
    return grid / max(1, len(records_list)) / (cell * cell)


def minutes_by_area(layout, grid, extent, cell: float = 0.25) -> dict[str, float]:
    """Customer-minutes per day in each area of the layout (from an occupancy grid)."""
    import shapely

    x0, x1, y0, y1 = extent
    ny_, nx_ = grid.shape
    cx = x0 + (np.arange(nx_) + 0.5) * cell
    cy = y0 + (np.arange(ny_) + 0.5) * cell
    X, Y = np.meshgrid(cx, cy)
    out = {}
    for a in layout.of_type(Area):
        inside = shapely.contains_xy(a.geometry, X, Y)
        out[a.id] = float((grid * inside).sum() * cell * cell)
    return out


def waits_of(recs) -> np.ndarray:
    return np.array([c.wait / 60 for r in recs for c in r.customers if c.wait is not None])


def by_hour(recs, start_h: int, end_h: int):
    hours = np.arange(start_h, end_h)
    wait = np.full(len(hours), np.nan)
    queue = np.zeros(len(hours))
    ws: dict[int, list] = defaultdict(list)
    for r in recs:
        for c in r.customers:
            if c.wait is not None:
                ws[int(c.arrival // 3600)].append(c.wait / 60)
    for i, h in enumerate(hours):
        if ws.get(h):
            wait[i] = float(np.mean(ws[h]))
    # time-weighted mean length of the ticket queue per hour
    for r in recs:
        qs = sorted((q for q in r.queues if q.queue == "tickets"), key=lambda q: q.time)
        for a, b in zip(qs, qs[1:] + [None]):
            t0 = a.time
            t1 = b.time if b is not None else max(r.end_time or 0, r.close_time)
            h0 = t0
            while h0 < t1:
                h = int(h0 // 3600)
                seg_end = min(t1, (h + 1) * 3600)
                if start_h <= h < end_h:
                    queue[h - start_h] += a.length * (seg_end - h0) / 3600
                h0 = seg_end
    queue /= max(1, len(recs))
    return hours, wait, queue


# --- staff time use ---------------------------------------------------------------------------------------------
def staff_time_use(recs) -> dict[str, dict[str, float]]:
    """role -> activity -> hours per day (all staff of the role, averaged over replications)."""
    out: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    n = max(1, len(recs))
    for r in recs:
        for a in r.staff:
            out[a.role][a.activity] += (a.end - a.start) / 3600 / n
    return {k: dict(v) for k, v in out.items()}


def staff_headcount(recs) -> dict[str, int]:
    """role -> number of staff of that role (from the roster, else from the activities)."""
    people: dict[str, set] = defaultdict(set)
    for r in recs:
        for sid, role in (r.roster or {}).items():
            people[role].add(sid)
        for a in r.staff:
            people[a.role].add(a.staff_id)
    return {k: len(v) for k, v in people.items()}


def kpi_means(recs) -> dict[str, float]:
    """KPI -> its mean over the records' replications, by the KPIs' own definition (each
    replication's value, then the mean): what a figure prints when it is not given the numbers of
    a computed result."""
    from lobbysim.sim.kpis import compute_kpis

    per = [compute_kpis(r) for r in recs]
    out: dict[str, float] = {}
    for name in per[0] if per else ():
        vals = [p[name] for p in per if p.get(name) is not None and math.isfinite(p[name])]
        out[name] = float(np.mean(vals)) if vals else math.nan
    return out
