"""A week as leadership sees it: the seven days' KPIs combined, each day weighted as it occurs.

The case's figures are per week and per two weeks (181 outbound calls in two weeks), so
``--days week`` gives, for every replication r, one week made of replication r of Monday …
Sunday, combined per KPI by its kind (``WEEK_RULES``):

* ``sum`` — counts and totals (customers, contacts, calls, transactions, staff metres): the
  week's total;
* ``max`` — extremes (the longest wait, the longest queue, the most customers inside): the
  week's largest;
* ``mean`` by a weight — means and shares: the days' values weighted by what the day's value is
  a mean over, so the week's figure is the mean over the week's customers (or hours). Waits are
  weighted by the customers whose service started (the customers a wait is measured on),
  counter and machine waits by those customers at counters and at machines, time in the branch
  by the customers who left, metres walked per customer and the share served by the customers
  who came, the share of waiting customers contacted by the customers who waited with a ticket,
  the authorisation wait by the authorisations, the seats occupied and the VP's floor share by
  the opening hours. Percentiles follow the one definition used everywhere (the mean of the
  replications' percentiles): the week's 90th-percentile wait is the customer-weighted mean of
  the days' 90th percentiles, not a percentile of the pooled week.

The weights are counted from each day's records by ``kpi_weights`` in the worker, next to the
KPIs, and stored with them, so a stored run recombines its week without re-running.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .labels import DAYS

#: weight name -> what it counts in one day's records
WEIGHTS = (
    "waited",
    "counter_waited",
    "machine_waited",
    "departed",
    "arrived",
    "ticket_waited",
    "authorised",
    "open_s",
    "reneged",
    "recalled",
    "supervised",
)


@dataclass(frozen=True, slots=True)
class WeekRule:
    how: str  # 'sum', 'max' or 'mean'
    weight: str = ""  # for 'mean': one of WEIGHTS


_SUM, _MAX = WeekRule("sum"), WeekRule("max")

#: KPI name -> how the seven days combine into the week
WEEK_RULES: dict[str, WeekRule] = {
    "wait_mean_min": WeekRule("mean", "waited"),
    "wait_p50_min": WeekRule("mean", "waited"),
    "wait_p90_min": WeekRule("mean", "waited"),
    "wait_p95_min": WeekRule("mean", "waited"),
    "wait_max_min": _MAX,
    "share_wait_over_15min": WeekRule("mean", "waited"),
    "share_wait_over_30min": WeekRule("mean", "waited"),
    "counter_wait_mean_min": WeekRule("mean", "counter_waited"),
    "machine_wait_mean_min": WeekRule("mean", "machine_waited"),
    "time_in_branch_mean_min": WeekRule("mean", "departed"),
    "arrived": _SUM,
    "served": _SUM,
    "balked": _SUM,
    "reneged": _SUM,
    "no_shows": _SUM,
    "inside_at_close": _SUM,
    "share_served": WeekRule("mean", "arrived"),
    "customer_walk_m": WeekRule("mean", "arrived"),
    "staff_walk_m": _SUM,
    "standing_customers": _SUM,
    "max_queue": _MAX,
    "max_inside": _MAX,
    "seat_occupancy_mean": WeekRule("mean", "open_s"),
    "greeted": _SUM,
    "diverted": _SUM,
    "arrival_alerts": _SUM,
    "marketing_contacts": _SUM,
    "marketing_contacts_completed": _SUM,
    "marketing_conversions": _SUM,
    "share_waiting_contacted": WeekRule("mean", "ticket_waited"),
    "outbound_calls": _SUM,
    "outbound_leads": _SUM,
    "authorisations": _SUM,
    "authorisation_wait_mean_min": WeekRule("mean", "authorised"),
    "ops_vp_floor_share": WeekRule("mean", "open_s"),
    "ops_vp_floor_activity_share": WeekRule("mean", "open_s"),
    "reneged_wait_mean_min": WeekRule("mean", "reneged"),
    "call_recall_delay_min": WeekRule("mean", "recalled"),
    "counter_authorisations": _SUM,
    "counter_authorisation_wait_mean_min": WeekRule("mean", "supervised"),
    # the share of the week's days on which the list ran out
    "call_list_used_up": WeekRule("mean", "open_s"),
    "smart_counter_tx_per_machine": _SUM,
    "cash_tx_per_teller": _SUM,
    "low_counter_tx": _SUM,
}


def kpi_weights(records) -> dict[str, float]:
    """What each of the day's means is a mean over (see ``WEIGHTS``), counted from its records."""
    out = _customer_weights(records.customers)
    out["open_s"] = float(records.close_time - records.open_time)
    out["recalled"] = float(sum(1 for s in records.call_sessions if s.recalled_at is not None))
    return out


def _customer_weights(cs) -> dict[str, float]:
    counts = dict.fromkeys(
        ("waited", "counter_waited", "machine_waited", "departed", "arrived", "ticket_waited", "authorised",
         "reneged", "supervised"),
        0.0,
    )  # fmt: skip
    for c in cs:
        for name in _counted_in(c):
            counts[name] += 1.0
    return counts


def _counted_in(c) -> list[str]:
    """The weights one customer counts in."""
    names = ["arrived"]
    if c.service_start is not None:
        names += ["waited", "counter_waited" if c.ticket_time is not None else "machine_waited"]
    if c.departure is not None:
        names.append("departed")
    if c.ticket_time is not None and c.outcome in ("served", "reneged", "inside_at_close"):
        names.append("ticket_waited")
    if c.authorisation_wait is not None:
        names.append("authorised")
    if c.outcome == "reneged":
        names.append("reneged")
    if c.supervisor_wait is not None:
        names.append("supervised")
    return names


def combine(rule: WeekRule, values: Sequence[float], weights: Sequence[float]) -> float:
    """One week's value from the seven days' values (NaN days count as nothing happening: left
    out of means and maxima, zero in sums)."""
    pairs = [(v, w) for v, w in zip(values, weights) if v is not None and math.isfinite(v)]
    if rule.how == "sum":
        return float(sum(v for v, _ in pairs))
    if not pairs:
        return math.nan
    if rule.how == "max":
        return float(max(v for v, _ in pairs))
    total = sum(w for _, w in pairs)
    return float(sum(v * w for v, w in pairs) / total) if total > 0 else math.nan


def week_values(
    by_day: Mapping[str, Mapping[str, Sequence[float]]],
    weights_by_day: Mapping[str, Mapping[str, Sequence[float]]],
    reps: int,
) -> dict[str, list[float]]:
    """KPI -> the week's value per replication, from one variant's day -> KPI -> values and
    day -> weight -> values. KPIs without a rule are left out (they cannot be combined)."""
    out: dict[str, list[float]] = {}
    names = [n for n in WEEK_RULES if all(n in by_day.get(d, {}) for d in DAYS)]
    for name in names:
        rule = WEEK_RULES[name]
        vals = []
        for r in range(reps):
            day_vals = [by_day[d][name][r] for d in DAYS]
            ws = [weights_by_day.get(d, {}).get(rule.weight, [1.0] * reps)[r] if rule.weight else 1.0 for d in DAYS]
            vals.append(combine(rule, day_vals, ws))
        out[name] = vals
    return out
