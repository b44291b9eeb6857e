"""Key performance indicators, all computed from the records of one replication.

``compute_kpis(records)`` gives a flat {name: value}; ``per_fixture_kpis``, ``per_staff_kpis``
and ``per_business_kpis`` give {id: {name: value}}. ``KPI_INFO`` names every KPI with its English
and Chinese label, its unit, which direction is better ('lower', 'higher' or None) and its
definition; other code looks KPIs up there and never hard-codes labels. Waits are in minutes;
a KPI with no data is NaN. The definitions, one each, used everywhere:

* **waits** (``wait_*``) are pooled over the day: the mean, percentiles and shares over every
  customer served that day (from entering to the start of service), not a mean of hourly or
  daily means; ``reneged_wait_mean_min`` beside them is how long those who gave up waited;
* **utilisation** of a fixture is the share of the opening hours it was serving (service after
  closing is not counted);
* **the operations VP's floor share** (``ops_vp_floor_share``) is the share of the VP's time on
  duty within the opening hours, breaks excluded, spent physically in the customer areas of the
  layout (not behind the counter line, not in an office or a closed room), walks counted by the
  share of their path on the floor; ``ops_vp_floor_activity_share`` is the share spent on floor
  activities (managing the floor from a lobby desk, the 6S round and other floor tasks,
  authorising at machines on the floor, greeting, marketing);
* **outbound calls** are the calls made; ``call_list_used_up`` is 1 on a day the day's part of
  the shared call list ran out (its mean over replications: how often the list bound);
  ``call_recall_delay_min`` is how long a customer who ended a call session waited for the
  teller to finish the call and walk back.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np

from .records import ACTIVITIES, OUTCOMES, CustomerRecord, Records, StaffActivity

NAN = math.nan


class KpiInfo(NamedTuple):
    """How a KPI is shown: (en, zh, unit, better), so ``info[3]`` is ``better``."""

    en: str
    zh: str
    unit: str
    better: str | None


def _k(en: str, zh: str, unit: str, better: str | None, definition: str = "") -> tuple[KpiInfo, str]:
    return KpiInfo(en, zh, unit, better), definition or en


_POOLED = "pooled over every customer served that day, from entering to the start of service"

_KPIS: dict[str, tuple[KpiInfo, str]] = {
    "wait_mean_min": _k("Mean wait", "平均等候时间", "min", "lower", f"mean wait, {_POOLED}"),
    "wait_p50_min": _k("Median wait", "等候时间中位数", "min", "lower", _POOLED),
    "wait_p90_min": _k("90th percentile wait", "等候时间90分位", "min", "lower", _POOLED),
    "wait_p95_min": _k("95th percentile wait", "等候时间95分位", "min", "lower", _POOLED),
    "wait_max_min": _k("Longest wait", "最长等候时间", "min", "lower", _POOLED),
    "share_wait_over_15min": _k("Share waiting over 15 min", "等候超15分钟占比", "share", "lower", _POOLED),
    "share_wait_over_30min": _k("Share waiting over 30 min", "等候超30分钟占比", "share", "lower", _POOLED),
    "reneged_wait_mean_min": _k(
        "Mean wait of those who gave up", "流失客户平均等候时间", "min", None, "from entering to leaving unserved"
    ),
    "counter_wait_mean_min": _k("Mean wait for a counter (ticket)", "柜台平均等候时间", "min", "lower", _POOLED),
    "machine_wait_mean_min": _k("Mean wait at machines", "自助/智能设备平均等候", "min", "lower", _POOLED),
    "time_in_branch_mean_min": _k("Mean time in the branch", "平均在厅时间", "min", "lower"),
    "arrived": _k("Customers arrived", "到店客户数", "customers", None),
    "served": _k("Customers served", "办结客户数", "customers", "higher"),
    "balked": _k("Customers who left at once (balked)", "见队即走客户数", "customers", "lower"),
    "reneged": _k("Customers who gave up waiting", "等候流失客户数", "customers", "lower"),
    "no_shows": _k("Ticket no-shows", "过号客户数", "customers", "lower"),
    "inside_at_close": _k("Still inside at the end", "结束时仍在厅客户数", "customers", "lower"),
    "share_served": _k("Share of customers served", "办结率", "share", "higher"),
    "customer_walk_m": _k("Metres walked per customer", "客户人均步行距离", "m", "lower"),
    "staff_walk_m": _k("Metres walked by staff (total)", "员工步行总距离", "m", None),
    "standing_customers": _k("Customers who waited standing", "站立等候客户数", "customers", "lower"),
    "max_queue": _k("Longest ticket queue", "最长排队人数", "customers", "lower"),
    "max_inside": _k("Most customers inside at once", "最高在厅人数", "customers", None),
    "seat_occupancy_mean": _k("Mean seats occupied", "平均座位占用", "seats", None, "time-average over opening hours"),
    "greeted": _k("Customers greeted", "迎宾客户数", "customers", "higher"),
    "diverted": _k("Customers triaged to the smart counter", "分流至智能柜台客户数", "customers", "higher"),
    "arrival_alerts": _k("Arrival alerts (known customers)", "智迎客提醒数", "alerts", "higher"),
    "marketing_contacts": _k("Marketing contacts", "厅堂营销接触数", "contacts", "higher"),
    "marketing_contacts_completed": _k("Completed marketing contacts", "完整营销接触数", "contacts", "higher"),
    "marketing_conversions": _k("Marketing conversions", "营销成功数", "conversions", "higher"),
    "share_waiting_contacted": _k("Share of waiting customers contacted", "等候客户被接触占比", "share", "higher"),
    "outbound_calls": _k("Outbound calls", "外呼次数", "calls", "higher"),
    "outbound_leads": _k("Outbound-call leads", "外呼商机数", "leads", "higher"),
    "call_list_used_up": _k(
        "Call list used up", "外呼名单当日用完", "share", None, "1 on a day the day's part of the call list ran out"
    ),
    "call_recall_delay_min": _k(
        "Wait for a teller called back from the phone",
        "外呼返岗等待时间",
        "min",
        "lower",
        "from the ticket that ended a call session to the teller back at the counter",
    ),
    "authorisations": _k("Smart-counter authorisations", "智能柜台授权次数", "authorisations", None),
    "authorisation_wait_mean_min": _k("Mean wait for authorisation", "授权平均等待时间", "min", "lower"),
    "counter_authorisations": _k("Counter authorisations", "柜面授权次数", "authorisations", None),
    "counter_authorisation_wait_mean_min": _k(
        "Mean wait for a counter authorisation", "柜面授权平均等待", "min", "lower"
    ),
    "ops_vp_floor_share": _k(
        "Operations VP's time on the floor",
        "内勤行长厅堂时间占比",
        "share",
        "higher",
        "share of the VP's time on duty in opening hours, breaks excluded, spent in the customer areas",
    ),
    "ops_vp_floor_activity_share": _k(
        "Operations VP's time on floor activities",
        "内勤行长厅堂管理时间占比",
        "share",
        "higher",
        "share of the VP's time on duty in opening hours, breaks excluded, spent on floor activities",
    ),
    "smart_counter_tx_per_machine": _k("Smart-counter transactions per machine", "超柜台均笔数", "transactions", None),
    "cash_tx_per_teller": _k("Cash-counter transactions per teller", "高柜人均笔数", "transactions", None),
    "low_counter_tx": _k("Low-counter transactions", "低柜笔数", "transactions", None),
}

#: name -> KpiInfo(label_en, label_zh, unit, better)
KPI_INFO: dict[str, KpiInfo] = {name: k[0] for name, k in _KPIS.items()}
#: name -> what the KPI measures (see the module docstring)
KPI_DEFINITIONS: dict[str, str] = {name: k[1] for name, k in _KPIS.items()}
#: the KPIs that are 0 or 1 in each replication (their mean over replications is a proportion, whose
#: interval should be a binomial one: a t-interval collapses to a point when every day agrees)
KPI_INDICATORS: frozenset[str] = frozenset({"call_list_used_up"})

FIXTURE_KPI_INFO: dict[str, KpiInfo] = {
    "transactions_per_day": KpiInfo("Transactions", "业务笔数", "transactions", None),
    "utilisation": KpiInfo("Utilisation", "使用率", "share", None),
    "wait_mean_min": KPI_INFO["wait_mean_min"],
}

STAFF_KPI_INFO: dict[str, KpiInfo] = {
    "walk_m": KpiInfo("Metres walked", "步行距离", "m", None),
    **{f"{a}_min": KpiInfo(f"Time: {a.replace('_', ' ')}", a, "min", None) for a in ACTIVITIES},
    "floor_share": KpiInfo("Share of time on duty on the lobby floor", "厅堂时间占比", "share", None),
}


def _q(x: np.ndarray, p: float) -> float:
    return float(np.percentile(x, p)) if x.size else NAN


def _mean(xs: Iterable[float], scale: float = 1.0) -> float:
    a = np.fromiter(xs, dtype=float)
    return float(a.mean()) / scale if a.size else NAN


def _count(xs: Iterable[object]) -> float:
    """How many of ``xs`` are true."""
    return float(sum(1 for x in xs if x))


def _over(x: np.ndarray, limit: float) -> float:
    return float((x > limit).mean()) if x.size else NAN


def _waits(out: dict[str, float], cs: list[CustomerRecord]) -> None:
    waits = np.array([w for c in cs if (w := c.wait) is not None], dtype=float) / 60
    out["wait_mean_min"] = _mean(waits)
    out["wait_p50_min"] = _q(waits, 50)
    out["wait_p90_min"] = _q(waits, 90)
    out["wait_p95_min"] = _q(waits, 95)
    out["wait_max_min"] = _q(waits, 100)
    out["share_wait_over_15min"] = _over(waits, 15)
    out["share_wait_over_30min"] = _over(waits, 30)
    out["reneged_wait_mean_min"] = _mean(_known(c.time_in_branch for c in cs if c.outcome == "reneged"), 60)
    out["counter_wait_mean_min"] = _mean(_known(c.wait for c in cs if c.ticket_time is not None), 60)
    out["machine_wait_mean_min"] = _mean(_known(c.wait for c in cs if c.ticket_time is None), 60)
    out["time_in_branch_mean_min"] = _mean(_known(c.time_in_branch for c in cs), 60)


def _known(xs: Iterable[float | None]) -> list[float]:
    """The values that are not None."""
    return [x for x in xs if x is not None]


def _counts(out: dict[str, float], records: Records) -> None:
    cs = records.customers
    n = len(cs)
    counts = dict.fromkeys(OUTCOMES, 0)
    for c in cs:
        counts[c.outcome] += 1
    out["arrived"] = float(n)
    out["served"] = float(counts["served"])
    out["balked"] = float(counts["balked"])
    out["reneged"] = float(counts["reneged"])
    out["no_shows"] = float(counts["no_show"])
    out["inside_at_close"] = float(counts["inside_at_close"])
    out["share_served"] = counts["served"] / n if n else NAN
    out["customer_walk_m"] = float(np.mean([c.walk_m for c in cs])) if n else NAN
    out["staff_walk_m"] = float(sum(w.metres for w in records.walks if w.actor == "staff"))
    out["standing_customers"] = _count(c.stood for c in cs)
    tq = [q.length for q in records.queues if q.queue == "tickets"]
    out["max_queue"] = float(max(tq)) if tq else 0.0
    occ = records.occupancy
    out["max_inside"] = float(max((o.inside for o in occ), default=0))
    out["seat_occupancy_mean"] = _time_mean([(o.time, o.seated) for o in occ], records.open_time, records.close_time)


def _floor_work(out: dict[str, float], records: Records) -> None:
    """Greeting, triage, alerts and marketing."""
    cs = records.customers
    out["greeted"] = _count(c.greeted for c in cs)
    out["diverted"] = _count(c.diverted for c in cs)
    out["arrival_alerts"] = _count(c.alert for c in cs)
    out["marketing_contacts"] = float(len(records.contacts))
    out["marketing_contacts_completed"] = _count(m.completed for m in records.contacts)
    out["marketing_conversions"] = _count(m.converted for m in records.contacts)
    waited = [
        c.contacted for c in cs if c.ticket_time is not None and c.outcome in ("served", "reneged", "inside_at_close")
    ]
    out["share_waiting_contacted"] = _count(waited) / len(waited) if waited else NAN


def _calls(out: dict[str, float], records: Records) -> None:
    """Outbound calls (flexible rota)."""
    out["outbound_calls"] = float(len(records.calls))
    out["outbound_leads"] = _count(c.outcome == "lead" for c in records.calls)
    out["call_list_used_up"] = float(len(records.calls) >= records.call_list) if records.call_list >= 0 else NAN
    delays = [s.end - s.recalled_at for s in records.call_sessions if s.recalled_at is not None]
    out["call_recall_delay_min"] = _mean(delays, 60)


def _authorisations(out: dict[str, float], records: Records) -> None:
    """Steps waiting for an authoriser (smart counter) or a supervisor (counter), and the VP."""
    cs = records.customers
    aw = [w for c in cs if (w := c.authorisation_wait) is not None]
    out["authorisations"] = float(len(aw))
    out["authorisation_wait_mean_min"] = _mean(aw, 60)
    sw = [w for c in cs if (w := c.supervisor_wait) is not None]
    out["counter_authorisations"] = float(len(sw))
    out["counter_authorisation_wait_mean_min"] = _mean(sw, 60)
    shares = [_duty_shares(records, sid) for sid, role in records.roster.items() if role == "ops_vp"]
    out["ops_vp_floor_share"] = _mean(s[0] for s in shares)
    out["ops_vp_floor_activity_share"] = _mean(s[1] for s in shares)


def _tellers(records: Records) -> list[str]:
    """Who served at a cash window for at least an hour that day (a director opening a third
    window for a short rush is cover, not a teller)."""
    at_cash: dict[str, float] = {}
    for a in records.staff:
        if a.activity == "serve" and records.fixtures.get(a.place) == "cash_counter":
            at_cash[a.staff_id] = at_cash.get(a.staff_id, 0.0) + a.end - a.start
    return [s for s, t in at_cash.items() if t >= 3600]


def _transactions(out: dict[str, float], records: Records) -> None:
    by_kind: dict[str, int] = {}
    for c in records.customers:
        if c.outcome == "served" and c.fixture_id:
            kind = records.fixtures.get(c.fixture_id, "")
            by_kind[kind] = by_kind.get(kind, 0) + 1
    smart = sum(1 for k in records.fixtures.values() if k == "smart_counter")
    out["smart_counter_tx_per_machine"] = by_kind.get("smart_counter", 0) / smart if smart else NAN
    tellers = _tellers(records)
    out["cash_tx_per_teller"] = by_kind.get("cash_counter", 0) / len(tellers) if tellers else NAN
    out["low_counter_tx"] = float(by_kind.get("low_counter", 0))


def compute_kpis(records: Records) -> dict[str, float]:
    """Flat KPIs of one replication (see KPI_INFO and the module docstring)."""
    out: dict[str, float] = {}
    _waits(out, records.customers)
    _counts(out, records)
    _floor_work(out, records)
    _calls(out, records)
    _authorisations(out, records)
    _transactions(out, records)
    return {k: out[k] for k in KPI_INFO}


def _time_mean(samples: list[tuple[float, int]], t0: float, t1: float) -> float:
    """Time-average over [t0, t1] of a step function given as (time, value) samples."""
    if not samples or t1 <= t0:
        return NAN
    total = 0.0
    for (t, v), nxt in zip(samples, samples[1:] + [(t1, 0)]):
        a, b = max(t, t0), min(nxt[0], t1)
        if b > a:
            total += v * (b - a)
    return total / (t1 - t0)


def _floor_fraction(a: StaffActivity) -> float:
    return a.floor_fraction if a.floor_fraction >= 0 else float(a.on_floor)


def _duty_shares(records: Records, staff_id: str) -> tuple[float, float]:
    """(share on the lobby floor, share on floor activities) of ``staff_id``'s time on duty within
    the opening hours, breaks excluded (see the module docstring)."""
    t0, t1 = records.open_time, records.close_time
    duty = floor = activity = 0.0
    for a in records.staff:
        if a.staff_id != staff_id or a.activity == "break":
            continue
        span = min(a.end, t1) - max(a.start, t0)
        if span <= 0:
            continue
        duty += span
        floor += span * _floor_fraction(a)
        activity += span * a.floor_activity
    return (floor / duty, activity / duty) if duty > 0 else (NAN, NAN)


def per_fixture_kpis(records: Records) -> dict[str, dict[str, float]]:
    """{fixture id: {transactions_per_day, utilisation, wait_mean_min}} for every serving fixture;
    utilisation is the share of the opening hours spent serving."""
    out = {}
    t0, t1 = records.open_time, records.close_time
    span = t1 - t0
    by: dict[str, list[CustomerRecord]] = {f: [] for f in records.fixtures}
    for c in records.customers:
        if c.fixture_id in by and c.service_start is not None:
            by[c.fixture_id].append(c)
    for fid in sorted(by):
        cs = by[fid]
        served = [c for c in cs if c.outcome == "served"]
        busy = sum(
            max(0.0, min(e, t1) - max(b, t0))
            for c in cs
            if (b := c.service_start) is not None and (e := c.service_end) is not None
        )
        out[fid] = {
            "transactions_per_day": float(len(served)),
            "utilisation": busy / span if span > 0 else NAN,
            "wait_mean_min": _mean((w for c in cs if (w := c.wait) is not None), 60),
        }
    return out


BUSINESS_KPI_INFO: dict[str, KpiInfo] = {
    k: KPI_INFO[k] for k in ("arrived", "served", "wait_mean_min", "wait_p90_min", "share_wait_over_15min")
} | {"time_in_branch_mean_min": KPI_INFO["time_in_branch_mean_min"]}


def per_business_kpis(records: Records) -> dict[str, dict[str, float]]:
    """{business code: {arrived, served, wait_mean_min, wait_p90_min, share_wait_over_15min,
    time_in_branch_mean_min}} (waits of the customers of that business who were served)."""
    groups: dict[str, list[CustomerRecord]] = {}
    for c in records.customers:
        groups.setdefault(c.business, []).append(c)
    out = {}
    for code in sorted(groups):
        cs = groups[code]
        w = np.array([x for c in cs if (x := c.wait) is not None], dtype=float) / 60
        out[code] = {
            "arrived": float(len(cs)),
            "served": float(sum(1 for c in cs if c.outcome == "served")),
            "wait_mean_min": float(w.mean()) if w.size else NAN,
            "wait_p90_min": _q(w, 90),
            "share_wait_over_15min": float((w > 15).mean()) if w.size else NAN,
            "time_in_branch_mean_min": _mean((t for c in cs if (t := c.time_in_branch) is not None), 60),
        }
    return out


def per_staff_kpis(records: Records) -> dict[str, dict[str, float]]:
    """{staff id: {walk_m, <activity>_min for each activity, floor_share}}."""
    out: dict[str, dict[str, float]] = {}
    for sid in records.roster:
        out[sid] = {"walk_m": 0.0, **{f"{a}_min": 0.0 for a in ACTIVITIES}}
    for a in records.staff:
        d = out.get(a.staff_id)
        if d is None:
            continue
        d[f"{a.activity}_min"] = d.get(f"{a.activity}_min", 0.0) + (a.end - a.start) / 60
        d["walk_m"] += a.metres
    for sid, d in out.items():
        d["floor_share"] = _duty_shares(records, sid)[0]
    return out
