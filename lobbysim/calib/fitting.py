"""Every fit of a cleaned log, gathered in one :class:`LogFits` (no simulation here).

Customers are the linked tickets (:meth:`TicketLog.link`): one arrival per customer, the wait
to the first call, the final outcome; services are the served rows (a transferred ticket
gives one service per window).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import timeparse
from .fit_arrivals import ArrivalFit, fit_arrivals
from .fit_patience import PatienceFit, fit_patience
from .fit_service import ServiceFit, fit_service
from .ticketlog import TicketLog
from .values import ABANDONED, SERVED, SKIPPED, TRANSFERRED


@dataclass
class Customers:
    """One entry per linked customer."""

    day: np.ndarray
    issued: np.ndarray
    business: np.ndarray
    wait: np.ndarray  # minutes to the first call (to the day's last call when never called)
    outcome: np.ndarray  # SERVED, SKIPPED or ABANDONED (with a time: exact patience)
    vip: np.ndarray


@dataclass
class LogFits:
    days: list[int]
    customers: Customers
    arrivals: ArrivalFit
    service: dict[tuple[str, str], ServiceFit]
    per_window: dict[str, dict]
    patience: PatienceFit
    vip: dict[str, dict]
    windows_open: dict[str, list[float]]
    routing: dict[str, dict[str, int]]
    notes: list[str] = field(default_factory=list)
    machine: object = None  # the machine log's ReadSummary, when one was given
    #: (business, kind) -> mean logged duration (min) as the log measures it (what the model must reproduce)
    raw_means: dict[tuple[str, str], float] = field(default_factory=dict)
    #: (business, kind) -> the factor the fitted mean was scaled by to reproduce raw_means in the model
    service_factor: dict[tuple[str, str], float] = field(default_factory=dict)
    #: the businesses a machine log has transactions of
    machine_codes: set[str] = field(default_factory=set)


def customers_of(log: TicketLog) -> Customers:
    """Collapse the rows of each customer (linked by :meth:`TicketLog.link`)."""
    n = int(log.customer.max()) + 1 if log.n else 0
    first = np.flatnonzero(log.first)
    order = np.argsort(log.customer[first])
    first = first[order]
    served = np.zeros(n, dtype=bool)
    np.logical_or.at(served, log.customer, (log.status == SERVED) | (log.status == TRANSFERRED))
    call = np.full(n, np.inf)
    np.minimum.at(call, log.customer, np.where(np.isnan(log.called), np.inf, log.called))
    cancel = np.full(n, np.nan)
    ab = (log.status == ABANDONED) & ~np.isnan(log.finished)
    cancel[log.customer[ab]] = log.finished[ab]
    issued = log.issued[first]
    day = log.day[first]
    last_call = _last_call_by_day(log)
    outcome = np.where(served, SERVED, SKIPPED)
    never = ~np.isfinite(call) & ~served
    exact = never & ~np.isnan(cancel)
    outcome[exact] = ABANDONED
    lookup = {d: last_call.get(d, np.nan) for d in np.unique(day).tolist()}
    end = np.array([lookup[d] for d in day.tolist()], dtype=float) if n else np.zeros(0)
    wait = np.where(np.isfinite(call), call - issued, np.where(exact, cancel - issued, end - issued)) / 60.0
    vip = log.vip[first]
    return Customers(day, issued, log.business[first], np.maximum(wait, 0.0), outcome, vip)


def _last_call_by_day(log: TicketLog) -> dict[int, float]:
    ok = ~np.isnan(log.called)
    if not ok.any():
        return {}
    days, idx = np.unique(log.day[ok], return_inverse=True)
    last = np.full(len(days), -1.0)
    np.maximum.at(last, idx, log.called[ok])
    return dict(zip(days.tolist(), last.tolist()))


def service_minutes(log: TicketLog) -> tuple[np.ndarray, np.ndarray]:
    """(row indices, minutes) of every service in the log."""
    rows = np.flatnonzero(((log.status == SERVED) | (log.status == TRANSFERRED)) & ~np.isnan(log.finished))
    begin = np.where(np.isnan(log.start[rows]), log.called[rows], log.start[rows])
    return rows, (log.finished[rows] - begin) / 60.0


def fit_services(log: TicketLog, kinds: dict[str, str]) -> tuple[dict, dict]:
    """Service fits per (business, fixture kind), and the per-window means inside each group."""
    rows, mins = service_minutes(log)
    wkind = np.array([kinds.get(w, "") for w in log.windows] + [""])
    kind_of = wkind[log.window[rows]]
    out: dict[tuple[str, str], ServiceFit] = {}
    per_window: dict[str, dict] = {}
    for bi, code in enumerate(log.codes):
        for k in sorted(set(kind_of[log.business[rows] == bi].tolist())):
            m = (log.business[rows] == bi) & (kind_of == k)
            out[(code, k)] = fit_service(mins[m])
            wins = {}
            for wi in sorted(set(log.window[rows][m].tolist())):
                x = mins[m & (log.window[rows] == wi)]
                x = x[(x > 0.05) & (x < 240)]
                if len(x) >= 30:
                    wins[log.windows[wi]] = {"n": len(x), "mean_min": round(float(x.mean()), 3)}
            per_window[f"{code}@{k}"] = wins
    return out, per_window


#: windows of one kind whose mean service times differ by more than this are named in the notes
WINDOW_RATIO = 1.2


def window_differences(per_window: dict[str, dict]) -> list[str]:
    """Notes for a business whose windows of one kind differ materially in service time (the
    scenario holds one time per kind: the consultant decides whether that matters)."""
    out = []
    for group, wins in per_window.items():
        if len(wins) < 2:
            continue
        slow = max(wins, key=lambda w: wins[w]["mean_min"])
        fast = min(wins, key=lambda w: wins[w]["mean_min"])
        ratio = wins[slow]["mean_min"] / wins[fast]["mean_min"]
        if ratio > WINDOW_RATIO:
            out.append(
                f"service {group}: window {slow} takes {ratio:.2f}x as long as {fast} "
                f"({wins[slow]['mean_min']:.1f} vs {wins[fast]['mean_min']:.1f} min); the scenario keeps one "
                "time per counter kind"
            )
    return out


def windows_open(log: TicketLog, h0: int, h1: int) -> dict[str, list[float]]:
    """Share of the log's days on which each window called at least one ticket in each hour."""
    days = log.days()
    out = {}
    ok = ~np.isnan(log.called) & (log.window >= 0)
    hour = (np.nan_to_num(log.called) // 3600).astype(int)
    for wi, wid in enumerate(log.windows):
        m = ok & (log.window == wi)
        if not m.any():
            continue
        seen = {(int(d), int(h)) for d, h in zip(log.day[m], hour[m])}
        out[wid] = [round(sum((d, h) in seen for d in days) / len(days), 3) for h in range(h0, h1)]
    return out


def routing(log: TicketLog) -> dict[str, dict[str, int]]:
    """Business -> window -> tickets served there."""
    out: dict[str, dict[str, int]] = {}
    m = (log.status == SERVED) & (log.window >= 0)
    for b, w in zip(log.business[m].tolist(), log.window[m].tolist()):
        row = out.setdefault(log.codes[b], {})
        row[log.windows[w]] = row.get(log.windows[w], 0) + 1
    return out


def vip_shares(c: Customers, codes: list[str], has_vip: bool) -> dict[str, dict]:
    if not has_vip:
        return {}
    out = {}
    for bi, code in enumerate(codes):
        m = (c.business == bi) & (c.vip >= 0)
        if m.sum():
            out[code] = {"n": int(m.sum()), "share": round(float((c.vip[m] == 1).mean()), 4)}
    return out


def fit_log(log: TicketLog, kinds: dict[str, str], base) -> LogFits:
    """All fits of ``log`` (``kinds``: fixture id -> kind; ``base``: the base Scenario)."""
    c = customers_of(log)
    arr = fit_arrivals(c.day, c.issued, c.business, log.codes, base.open_s, base.close_s)
    service, per_window = fit_services(log, kinds)
    bp = base.customers.patience
    b_mean = bp.mean / 60 if bp is not None else 20.0
    b_shape = getattr(bp, "shape", 2.0)
    pat = fit_patience(
        c.wait[c.outcome == SERVED],
        c.wait[c.outcome == SKIPPED],
        c.wait[c.outcome == ABANDONED],
        b_mean,
        b_shape,
        base.customers.no_show_share,
    )
    h0, h1 = arr.hour0, arr.hour0 + len(arr.hourly)
    fits = LogFits(
        log.days(),
        c,
        arr,
        service,
        per_window,
        pat,
        vip_shares(c, log.codes, log.has_vip),
        windows_open(log, h0, h1),
        routing(log),
    )
    for d in arr.dates:
        if d.flagged:
            fits.notes.append(
                f"date effect: {timeparse.day_name(d.day)} ({d.weekday}) had {d.count} customers, "
                f"{d.count / max(d.expected, 1e-9):.2f}x its weekday's {d.expected:.0f}: left out of "
                "the fit (a holiday or payday? set arrivals.date_factor for such a day)"
            )
    fits.notes += window_differences(per_window)
    fits.raw_means = {k: f.sample_mean for k, f in service.items() if f.n}
    for name in arr.missing_dates:
        fits.notes.append(f"no tickets on {name}, a weekday inside the log's span (closed, or missing from the export)")
    return fits
