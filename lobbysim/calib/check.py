"""The model check: replay logged days through the model and compare with what the log saw.

For each judged day the logged customers (one per linked ticket, at their ticket time and with
their business) become the scenario's arrival trace, and the day is simulated ``reps`` times on
the layout. The replay starts at the ticket: the logged customers did take one, so balking and
the greeter's triage to the smart counter (which happened before the ticket) are not replayed;
patience, no-shows and service times are drawn as the scenario says. Customers of the businesses no
ticket shows (smart counter, ATM) are not in a queue log: each replication draws them from the
scenario's rates, so the floor staff and the greeter are as busy as on a real day.

Observed and simulated days are measured by the same functions (:func:`day_measures` on the
rows of :func:`~.records_log.ticket_rows`): mean and 90th-percentile wait to the call of served
customers, mean wait by hour of the ticket, served per window, the share skipped or abandoned
and the longest queue (tickets issued and not yet called). Each simulated figure comes with the
5–95 % range over the replications, the range a single observed day should fall in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import timeparse
from .calibrate import default_holdout
from .fit_arrivals import DAYS
from .fitting import customers_of
from .records_log import ticket_rows
from .ticketlog import TicketLog
from .values import SERVED, SKIPPED

KPIS = ("mean_wait_min", "p90_wait_min", "skipped_share", "longest_queue", "served")
KPI_LABELS = {
    "mean_wait_min": ("Mean wait (min)", "平均等候（分钟）"),
    "p90_wait_min": ("90th-percentile wait (min)", "等候90分位（分钟）"),
    "skipped_share": ("Share skipped or abandoned", "过号及弃号占比"),
    "longest_queue": ("Longest queue (tickets)", "最长排队（张）"),
    "served": ("Customers served", "办结人数"),
}


@dataclass
class DayTickets:
    """One day's tickets, observed or simulated, as the measures need them."""

    issued: np.ndarray  # s
    wait: np.ndarray  # min, to the first call (nan when never called)
    outcome: np.ndarray  # SERVED, SKIPPED, ABANDONED
    windows: list[str]  # the window of each service


def day_measures(t: DayTickets, h0: int, h1: int) -> dict:
    served = t.outcome == SERVED
    w = t.wait[served]
    hours = (t.issued[served] // 3600).astype(int)
    by_hour = [float(w[hours == h].mean()) if (hours == h).any() else float("nan") for h in range(h0, h1)]
    called = np.where(np.isnan(t.wait), np.inf, t.issued + t.wait * 60)
    end = float(np.nanmax(np.where(np.isfinite(called), called, np.nan))) if np.isfinite(called).any() else 0.0
    leave = np.where(np.isfinite(called), called, max(end, float(t.issued.max(initial=0))))
    ev = np.concatenate([np.stack([t.issued, np.ones(len(t.issued))], 1), np.stack([leave, -np.ones(len(leave))], 1)])
    ev = ev[np.lexsort((ev[:, 1], ev[:, 0]))]
    queue = int(np.cumsum(ev[:, 1]).max(initial=0))
    per_window: dict[str, int] = {}
    for win in t.windows:
        per_window[win] = per_window.get(win, 0) + 1
    n = len(t.outcome)
    return {
        "mean_wait_min": float(w.mean()) if len(w) else float("nan"),
        "p90_wait_min": float(np.percentile(w, 90)) if len(w) else float("nan"),
        "skipped_share": float((~served).sum() / n) if n else float("nan"),
        "longest_queue": queue,
        "served": int(served.sum()),
        "by_hour": by_hour,
        "per_window": per_window,
    }


def observed_tickets(log: TicketLog, day: int) -> DayTickets:
    sub = log.subset(log.day == day)
    c = customers_of(sub)
    wait = c.wait.copy()
    wait[c.outcome == 2] = np.nan  # abandoned: never called
    srv = (sub.status == SERVED) & (sub.window >= 0)
    return DayTickets(c.issued, wait, c.outcome, [sub.windows[w] for w in sub.window[srv].tolist()])


def simulated_tickets(rec) -> DayTickets:
    rows = ticket_rows(rec)
    issued = np.array([r.issued for r in rows], dtype=float)
    wait = np.array([(r.called - r.issued) / 60 if r.called is not None else np.nan for r in rows], dtype=float)
    code = {"served": SERVED, "skipped": SKIPPED, "abandoned": 2}
    outcome = np.array([code[r.status] for r in rows], dtype=int)
    return DayTickets(issued, wait, outcome, [r.window or "" for r in rows if r.status == "served"])


def replay_doc(scenario, log: TicketLog, day: int, rng: np.random.Generator | None = None) -> dict:
    """The scenario with the day's logged customers as its arrival trace (see the module docstring);
    with ``rng``, the customers of the businesses no ticket shows (smart counter, ATM ...) are
    drawn from the scenario's rates and added, so the staff and the floor are as busy as that day."""
    sub = log.subset(log.day == day)
    doc = scenario.to_dict()
    first = np.flatnonzero(sub.first)
    items = [(float(sub.issued[i]), sub.codes[int(sub.business[i])]) for i in first]
    if rng is not None:
        seen = {log.codes[b] for b in set(log.business.tolist())}
        items += unseen_arrivals(scenario, DAYS[timeparse.weekday(day)], seen, rng)
    items.sort(key=lambda x: x[0])
    doc.setdefault("arrivals", {})["trace"] = [{"time": _clock(t), "business": code} for t, code in items]
    doc["customers"]["balking"] = None
    doc.setdefault("policies", {}).setdefault("triage", {})["divert_share"] = 0.0
    return doc


def unseen_arrivals(scenario, weekday: str, seen: set[str], rng: np.random.Generator) -> list[tuple[float, str]]:
    """Poisson arrivals (time, code), by the scenario's hourly profile, of the businesses not in ``seen``."""
    arr = scenario.to_dict().get("arrivals", {})
    level = arr.get("per_day", 0) * arr.get("day_factors", {}).get(weekday, 1.0) * arr.get("date_factor", 1.0)
    prof = arr.get("hourly_by_day", {}).get(weekday) or arr.get("hourly") or {}
    shares = prof.get("shares") or [1.0]
    h0 = prof.get("start_hour", int(scenario.open_s // 3600))
    mix = arr.get("mix_by_day", {}).get(weekday)
    out = []
    for b in scenario.business:
        share = mix.get(b.code, 0.0) if mix is not None else b.share
        if b.code in seen or share <= 0:
            continue
        for j, w in enumerate(shares):
            a = max(scenario.open_s, (h0 + j) * 3600.0)
            e = min(scenario.close_s, (h0 + j + 1) * 3600.0)
            if e > a and w > 0:
                n = rng.poisson(level * share * w * (e - a) / 3600.0)
                out += [(float(t), b.code) for t in a + rng.random(n) * (e - a)]
    return out


def _clock(s: float) -> str:
    s = int(round(s))
    return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"


def judged_days(log: TicketLog, holdout: int | None, dates: list[str] | None) -> list[int]:
    days = log.days()
    if dates:
        out = []
        for text in dates:
            d = timeparse.parse_day_name(text)
            if d is None or d not in days:
                from lobbysim.errors import UsageError

                raise UsageError(
                    f"--days: '{text}' is not a date of the log ({timeparse.day_name(days[0])} .. "
                    f"{timeparse.day_name(days[-1])})"
                )
            out.append(d)
        return out
    k = default_holdout(len(days)) if holdout is None else holdout
    return days[-k:] if k > 0 else days


def _interval(values: list[float]) -> list[float]:
    v = np.array([x for x in values if x == x], dtype=float)
    if not len(v):
        return [float("nan"), float("nan")]
    return [float(np.percentile(v, 5)), float(np.percentile(v, 95))]


def compare(obs: dict, sims: list[dict]) -> dict:
    out = {}
    for k in KPIS:
        vals = [s[k] for s in sims]
        m = float(np.nanmean(vals)) if vals else float("nan")
        lo, hi = _interval(vals)
        o = obs[k]
        out[k] = {
            "observed": o,
            "simulated": {"mean": m, "interval90": [lo, hi]},
            "rel_error": (m - o) / o if o else None,
            "within": bool(lo <= o <= hi),
        }
    return out


def pool(measures: list[dict]) -> dict:
    """Several days as one: means of the per-day figures, sums of the counts."""
    out: dict = {}
    for k in ("mean_wait_min", "p90_wait_min", "skipped_share", "longest_queue"):
        out[k] = float(np.nanmean([m[k] for m in measures]))
    out["served"] = int(sum(m["served"] for m in measures))
    out["by_hour"] = np.nanmean(np.array([m["by_hour"] for m in measures], dtype=float), axis=0).tolist()
    pw: dict[str, int] = {}
    for m in measures:
        for w, n in m["per_window"].items():
            pw[w] = pw.get(w, 0) + n
    out["per_window"] = pw
    return out


def _hours_block(obs: dict, sims: list[dict], h0: int) -> dict:
    sim = np.array([s["by_hour"] for s in sims], dtype=float)
    mean = np.nanmean(sim, axis=0) if len(sims) else np.full(len(obs["by_hour"]), np.nan)
    iv = [_interval(sim[:, j].tolist()) for j in range(sim.shape[1])] if len(sims) else []
    ob = obs["by_hour"]
    within = [bool(lo <= o <= hi) if o == o and lo == lo else None for o, (lo, hi) in zip(ob, iv)]
    return {"start_hour": h0, "observed": ob, "simulated_mean": mean.tolist(), "interval90": iv, "within": within}


def check_model(
    log: TicketLog, layout, scenario, days: list[int], reps: int = 20, seed: int = 1, progress=None, cancel=None
) -> dict:
    """Replay ``days`` of the log ``reps`` times each and compare (see the module docstring)."""
    from lobbysim.sim import simulate
    from lobbysim.sim.scenario import Scenario

    h0, h1 = int(scenario.open_s // 3600), int(np.ceil(scenario.close_s / 3600))
    obs_days: list[dict] = []
    sim_reps: list[list[dict]] = [[] for _ in range(reps)]
    by_day = {}
    for i, day in enumerate(days):
        obs = day_measures(observed_tickets(log, day), h0, h1)
        sims = []
        for r in range(reps):
            if cancel is not None and cancel():
                raise InterruptedError
            rng = np.random.default_rng([seed, day, r])
            sc = Scenario.from_dict(replay_doc(scenario, log, day, rng), scenario.path)
            sims.append(
                day_measures(simulated_tickets(simulate(layout, sc, DAYS[timeparse.weekday(day)], seed, r)), h0, h1)
            )
            sim_reps[r].append(sims[-1])
        if progress is not None:
            progress(i + 1, len(days))
        by_day[timeparse.day_name(day)] = compare(obs, sims)
        obs_days.append(obs)
    obs_all = pool(obs_days)
    sims_all = [pool(x) for x in sim_reps]
    kpis = compare(obs_all, sims_all)
    hours = _hours_block(obs_all, sims_all, h0)
    judged = [w for w in hours["within"] if w is not None]
    mw = kpis["mean_wait_min"]
    sentence = (
        f"on the {len(days)} logged days the model's mean wait is within "
        f"{100 * abs(mw['rel_error'] or 0):.0f} % of the observed ({mw['simulated']['mean']:.1f} vs "
        f"{mw['observed']:.1f} min); mean wait by hour inside the simulation's 90 % range in "
        f"{sum(judged)} of {len(judged)} hours"
    )
    return {
        "days": [timeparse.day_name(d) for d in days],
        "reps": reps,
        "seed": seed,
        "kpis": kpis,
        "by_day": by_day,
        "by_hour": hours,
        "served_per_window": {
            "observed": obs_all["per_window"],
            "simulated_mean": _mean_windows([s["per_window"] for s in sims_all]),
        },
        "hours_within": [int(sum(judged)), len(judged)],
        "summary": sentence,
    }


def _mean_windows(items: list[dict]) -> dict:
    keys = sorted({k for d in items for k in d})
    return {k: round(float(np.mean([d.get(k, 0) for d in items])), 2) for k in keys}


def text_table(res: dict, lang: str = "en") -> list[str]:
    li = 0 if lang == "en" else 1
    out = [f"{'':34s} {'observed':>10s} {'simulated':>10s} {'90% range':>20s} {'rel.err':>8s}"]
    for k, v in res["kpis"].items():
        s = v["simulated"]
        lo, hi = s["interval90"]
        re_ = "" if v["rel_error"] is None else f"{100 * v['rel_error']:+.0f}%"
        out.append(
            f"{KPI_LABELS[k][li]:34s} {v['observed']:10.2f} {s['mean']:10.2f} [{lo:8.2f}, {hi:8.2f}] {re_:>8s}"
            + ("" if v["within"] else "  outside")
        )
    hb = res["by_hour"]
    out.append("mean wait by hour (min): observed / simulated [90% range]")
    for j, (o, m, iv) in enumerate(zip(hb["observed"], hb["simulated_mean"], hb["interval90"])):
        out.append(f"  {hb['start_hour'] + j:02d}h  {o:6.2f} / {m:6.2f} [{iv[0]:6.2f}, {iv[1]:6.2f}]")
    out.append(res["summary"])
    return out
