"""Key performance indicators, all computed from the records of one replication.

``compute_kpis(records)`` gives a flat {name: value}; ``per_fixture_kpis`` and
``per_staff_kpis`` give {id: {name: value}}. ``KPI_INFO`` names every KPI with its English
and Chinese label, its unit and which direction is better ('lower', 'higher' or None),
for verdicts and reports. Waits are in minutes; a KPI with no data is NaN.
"""

from __future__ import annotations

import math

import numpy as np

from .records import ACTIVITIES, OUTCOMES, Records

NAN = math.nan

#: name -> (label_en, label_zh, unit, better)
KPI_INFO: dict[str, tuple[str, str, str, str | None]] = {
    "wait_mean_min": ("Mean wait", "平均等候时间", "min", "lower"),
    "wait_p50_min": ("Median wait", "等候时间中位数", "min", "lower"),
    "wait_p90_min": ("90th percentile wait", "等候时间90分位", "min", "lower"),
    "wait_p95_min": ("95th percentile wait", "等候时间95分位", "min", "lower"),
    "wait_max_min": ("Longest wait", "最长等候时间", "min", "lower"),
    "share_wait_over_15min": ("Share waiting over 15 min", "等候超15分钟占比", "share", "lower"),
    "share_wait_over_30min": ("Share waiting over 30 min", "等候超30分钟占比", "share", "lower"),
    "counter_wait_mean_min": ("Mean wait for a counter (ticket)", "柜台平均等候时间", "min", "lower"),
    "machine_wait_mean_min": ("Mean wait at machines", "自助/智能设备平均等候", "min", "lower"),
    "time_in_branch_mean_min": ("Mean time in the branch", "平均在厅时间", "min", "lower"),
    "arrived": ("Customers arrived", "到店客户数", "customers", None),
    "served": ("Customers served", "办结客户数", "customers", "higher"),
    "balked": ("Customers who left at once (balked)", "见队即走客户数", "customers", "lower"),
    "reneged": ("Customers who gave up waiting", "等候流失客户数", "customers", "lower"),
    "no_shows": ("Ticket no-shows", "过号客户数", "customers", "lower"),
    "inside_at_close": ("Still inside at the end", "结束时仍在厅客户数", "customers", "lower"),
    "share_served": ("Share of customers served", "办结率", "share", "higher"),
    "customer_walk_m": ("Metres walked per customer", "客户人均步行距离", "m", "lower"),
    "staff_walk_m": ("Metres walked by staff (total)", "员工步行总距离", "m", None),
    "standing_customers": ("Customers who waited standing", "站立等候客户数", "customers", "lower"),
    "max_queue": ("Longest ticket queue", "最长排队人数", "customers", "lower"),
    "max_inside": ("Most customers inside at once", "最高在厅人数", "customers", None),
    "seat_occupancy_mean": ("Mean seats occupied", "平均座位占用", "seats", None),
    "greeted": ("Customers greeted at post 1", "1号岗迎宾客户数", "customers", "higher"),
    "diverted": ("Customers triaged to the smart counter", "分流至智能柜台客户数", "customers", "higher"),
    "arrival_alerts": ("Arrival alerts (known customers)", "智迎客提醒数", "alerts", "higher"),
    "marketing_contacts": ("Marketing contacts", "厅堂营销接触数", "contacts", "higher"),
    "marketing_contacts_completed": ("Completed marketing contacts", "完整营销接触数", "contacts", "higher"),
    "marketing_conversions": ("Marketing conversions", "营销成功数", "conversions", "higher"),
    "share_waiting_contacted": ("Share of waiting customers contacted", "等候客户被接触占比", "share", "higher"),
    "outbound_calls": ("Outbound calls", "外呼次数", "calls", "higher"),
    "outbound_leads": ("Outbound-call leads", "外呼商机数", "leads", "higher"),
    "authorisations": ("Smart-counter authorisations", "智能柜台授权次数", "authorisations", None),
    "authorisation_wait_mean_min": ("Mean wait for authorisation", "授权平均等待时间", "min", "lower"),
    "ops_vp_floor_share": ("Operations VP's time on the floor", "内勤行长厅堂时间占比", "share", "higher"),
    "smart_counter_tx_per_machine": ("Smart-counter transactions per machine", "超柜台均笔数", "transactions", None),
    "cash_tx_per_teller": ("Cash-counter transactions per teller", "高柜人均笔数", "transactions", None),
    "low_counter_tx": ("Low-counter transactions", "低柜笔数", "transactions", None),
}

FIXTURE_KPI_INFO: dict[str, tuple[str, str, str, str | None]] = {
    "transactions_per_day": ("Transactions", "业务笔数", "transactions", None),
    "utilisation": ("Utilisation", "使用率", "share", None),
    "wait_mean_min": ("Mean wait", "平均等候时间", "min", "lower"),
}

STAFF_KPI_INFO: dict[str, tuple[str, str, str, str | None]] = {
    "walk_m": ("Metres walked", "步行距离", "m", None),
    **{f"{a}_min": (f"Time: {a.replace('_', ' ')}", a, "min", None) for a in ACTIVITIES},
    "floor_share": ("Share of opening hours on the lobby floor", "厅堂时间占比", "share", None),
}


def _q(x: np.ndarray, p: float) -> float:
    return float(np.percentile(x, p)) if x.size else NAN


def compute_kpis(records: Records) -> dict[str, float]:
    """Flat KPIs of one replication (see KPI_INFO)."""
    cs = records.customers
    out: dict[str, float] = {}
    n = len(cs)
    counts = {o: 0 for o in OUTCOMES}
    for c in cs:
        counts[c.outcome] += 1
    waits = np.array([c.service_start - c.arrival for c in cs if c.service_start is not None], dtype=float) / 60
    cwaits = (
        np.array(
            [c.service_start - c.arrival for c in cs if c.service_start is not None and c.ticket_time is not None],
            dtype=float,
        )
        / 60
    )
    mwaits = (
        np.array(
            [c.service_start - c.arrival for c in cs if c.service_start is not None and c.ticket_time is None],
            dtype=float,
        )
        / 60
    )
    tib = np.array([c.departure - c.arrival for c in cs if c.departure is not None], dtype=float) / 60
    out["wait_mean_min"] = float(waits.mean()) if waits.size else NAN
    out["wait_p50_min"] = _q(waits, 50)
    out["wait_p90_min"] = _q(waits, 90)
    out["wait_p95_min"] = _q(waits, 95)
    out["wait_max_min"] = float(waits.max()) if waits.size else NAN
    out["share_wait_over_15min"] = float((waits > 15).mean()) if waits.size else NAN
    out["share_wait_over_30min"] = float((waits > 30).mean()) if waits.size else NAN
    out["counter_wait_mean_min"] = float(cwaits.mean()) if cwaits.size else NAN
    out["machine_wait_mean_min"] = float(mwaits.mean()) if mwaits.size else NAN
    out["time_in_branch_mean_min"] = float(tib.mean()) if tib.size else NAN
    out["arrived"] = float(n)
    out["served"] = float(counts["served"])
    out["balked"] = float(counts["balked"])
    out["reneged"] = float(counts["reneged"])
    out["no_shows"] = float(counts["no_show"])
    out["inside_at_close"] = float(counts["inside_at_close"])
    out["share_served"] = counts["served"] / n if n else NAN
    out["customer_walk_m"] = float(np.mean([c.walk_m for c in cs])) if n else NAN
    out["staff_walk_m"] = float(sum(w.metres for w in records.walks if w.actor == "staff"))
    out["standing_customers"] = float(sum(1 for c in cs if c.stood))
    tq = [q.length for q in records.queues if q.queue == "tickets"]
    out["max_queue"] = float(max(tq)) if tq else 0.0
    occ = records.occupancy
    out["max_inside"] = float(max((o.inside for o in occ), default=0))
    out["seat_occupancy_mean"] = _time_mean([(o.time, o.seated) for o in occ], records.open_time, records.close_time)
    out["greeted"] = float(sum(1 for c in cs if c.greeted))
    out["diverted"] = float(sum(1 for c in cs if c.diverted))
    out["arrival_alerts"] = float(sum(1 for c in cs if c.alert))
    out["marketing_contacts"] = float(len(records.contacts))
    out["marketing_contacts_completed"] = float(sum(1 for m in records.contacts if m.completed))
    out["marketing_conversions"] = float(sum(1 for m in records.contacts if m.converted))
    waited = [c for c in cs if c.ticket_time is not None and c.outcome in ("served", "reneged", "inside_at_close")]
    out["share_waiting_contacted"] = (sum(1 for c in waited if c.contacted) / len(waited)) if waited else NAN
    out["outbound_calls"] = float(len(records.calls))
    out["outbound_leads"] = float(sum(1 for c in records.calls if c.outcome == "lead"))
    aw = [c.authorisation_wait for c in cs if c.authorisation_wait is not None]
    out["authorisations"] = float(len(aw))
    out["authorisation_wait_mean_min"] = float(np.mean(aw)) / 60 if aw else NAN
    vps = [sid for sid, role in records.roster.items() if role == "ops_vp"]
    if vps:
        out["ops_vp_floor_share"] = float(np.mean([_floor_share(records, sid) for sid in vps]))
    else:
        out["ops_vp_floor_share"] = NAN
    tx: dict[str, int] = {}
    for c in cs:
        if c.outcome == "served" and c.fixture_id:
            tx[c.fixture_id] = tx.get(c.fixture_id, 0) + 1
    smart = [f for f, k in records.fixtures.items() if k == "smart_counter"]
    out["smart_counter_tx_per_machine"] = (sum(tx.get(f, 0) for f in smart) / len(smart)) if smart else NAN
    cash_total = sum(v for f, v in tx.items() if records.fixtures.get(f) == "cash_counter")
    # a teller is someone who served at a cash window for at least an hour that day (a director
    # opening a third window for a short rush is cover, not a teller)
    at_cash: dict[str, float] = {}
    for a in records.staff:
        if a.activity == "serve" and records.fixtures.get(a.place) == "cash_counter":
            at_cash[a.staff_id] = at_cash.get(a.staff_id, 0.0) + a.end - a.start
    tellers = [s for s, t in at_cash.items() if t >= 3600]
    out["cash_tx_per_teller"] = cash_total / len(tellers) if tellers else NAN
    out["low_counter_tx"] = float(sum(v for f, v in tx.items() if records.fixtures.get(f) == "low_counter"))
    return out


def _time_mean(samples, t0: float, t1: float) -> float:
    """Time-average over [t0, t1] of a step function given as (time, value) samples."""
    if not samples or t1 <= t0:
        return NAN
    total = 0.0
    for (t, v), nxt in zip(samples, samples[1:] + [(t1, 0)]):
        a, b = max(t, t0), min(nxt[0], t1)
        if b > a:
            total += v * (b - a)
    return total / (t1 - t0)


def _floor_share(records: Records, staff_id: str) -> float:
    """Share of the opening hours that ``staff_id`` spent on the lobby floor."""
    t0, t1 = records.open_time, records.close_time
    on = 0.0
    for a in records.staff:
        if a.staff_id == staff_id and a.on_floor:
            lo, hi = max(a.start, t0), min(a.end, t1)
            if hi > lo:
                on += hi - lo
    return on / (t1 - t0)


def per_fixture_kpis(records: Records) -> dict[str, dict[str, float]]:
    """{fixture id: {transactions_per_day, utilisation, wait_mean_min}} for every serving fixture."""
    out = {}
    span = records.close_time - records.open_time
    by: dict[str, list] = {f: [] for f in records.fixtures}
    for c in records.customers:
        if c.fixture_id in by and c.service_start is not None:
            by[c.fixture_id].append(c)
    for fid in sorted(by):
        cs = by[fid]
        served = [c for c in cs if c.outcome == "served"]
        busy = sum(min(c.service_end, records.end_time) - c.service_start for c in cs if c.service_end is not None)
        w = [(c.service_start - c.arrival) / 60 for c in cs]
        out[fid] = {
            "transactions_per_day": float(len(served)),
            "utilisation": busy / span if span > 0 else NAN,
            "wait_mean_min": float(np.mean(w)) if w else NAN,
        }
    return out


BUSINESS_KPI_INFO: dict[str, tuple[str, str, str, str | None]] = {
    "arrived": KPI_INFO["arrived"],
    "served": KPI_INFO["served"],
    "wait_mean_min": KPI_INFO["wait_mean_min"],
    "wait_p90_min": KPI_INFO["wait_p90_min"],
    "share_wait_over_15min": KPI_INFO["share_wait_over_15min"],
    "time_in_branch_mean_min": KPI_INFO["time_in_branch_mean_min"],
}


def per_business_kpis(records: Records) -> dict[str, dict[str, float]]:
    """{business code: {arrived, served, wait_mean_min, wait_p90_min, share_wait_over_15min,
    time_in_branch_mean_min}} (waits of the customers of that business who were served)."""
    groups: dict[str, list] = {}
    for c in records.customers:
        groups.setdefault(c.business, []).append(c)
    out = {}
    for code in sorted(groups):
        cs = groups[code]
        w = np.array([c.service_start - c.arrival for c in cs if c.service_start is not None], dtype=float) / 60
        t = [c.departure - c.arrival for c in cs if c.departure is not None]
        out[code] = {
            "arrived": float(len(cs)),
            "served": float(sum(1 for c in cs if c.outcome == "served")),
            "wait_mean_min": float(w.mean()) if w.size else NAN,
            "wait_p90_min": _q(w, 90),
            "share_wait_over_15min": float((w > 15).mean()) if w.size else NAN,
            "time_in_branch_mean_min": float(np.mean(t)) / 60 if t else NAN,
        }
    return out


def per_staff_kpis(records: Records) -> dict[str, dict[str, float]]:
    """{staff id: {walk_m, <activity>_min for each activity, floor_share}}."""
    out = {}
    for sid in records.roster:
        d = {"walk_m": 0.0, **{f"{a}_min": 0.0 for a in ACTIVITIES}}
        out[sid] = d
    for a in records.staff:
        d = out.get(a.staff_id)
        if d is None:
            continue
        d[f"{a.activity}_min"] = d.get(f"{a.activity}_min", 0.0) + (a.end - a.start) / 60
        d["walk_m"] += a.metres
    for sid, d in out.items():
        d["floor_share"] = _floor_share(records, sid)
    return out
