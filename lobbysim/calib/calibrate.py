"""A calibrated scenario: a copy of the base scenario with every value the log can tell replaced
by its fit, and a note for each ("fitted from LOG, n = …, method, fit statistic").

A queue log counts *tickets*, the scenario *arrivals*: some arrivals take no ticket (the greeter
sends them to the smart counter, they balk at a long queue, their business is served by a
machine). The arrival rates are therefore found through the model itself: the candidate
scenario is simulated on the layout, the share of each business's arrivals that take a ticket
is measured per weekday (and per hour), and the rates are set so that the model issues the
tickets the log shows; twice, since the shares depend on the load. Businesses the log cannot
see (no ticket, no machine transaction) keep their share of the base scenario, and the summary says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lobbysim.errors import FormatError

from . import timeparse
from .fit_arrivals import DAYS
from .fitting import LogFits, fit_log
from .ranges import fitted_ranges
from .reading import fixture_kinds, read_logs
from .ticketlog import TicketLog

CORRECTION_ROUNDS = 2
CORRECTION_REPS = 4
#: a business whose simulated customers take a ticket less often than this (card opening, mostly at
#: the smart counter) is not counted from its tickets: dividing a few tickets a day by a small share
#: multiplies their noise (1/0.05 = 20 times), so its demand stays the base scenario's
MIN_TICKET_SHARE = 0.25
#: a simulated business-and-kind needs this many services before its mean corrects the fit
MIN_SIM_SERVICES = 30


def default_holdout(n_days: int) -> int:
    """Days kept out of the fit for the model check: a fifth of them, none when fewer than 5."""
    return 0 if n_days < 5 else max(1, round(n_days / 5))


def split_days(log: TicketLog, holdout: int | None) -> tuple[list[int], list[int]]:
    days = log.days()
    k = default_holdout(len(days)) if holdout is None else holdout
    if k < 0 or k >= len(days):
        raise FormatError(f"cannot hold out {k} of the log's {len(days)} days (at least one must be fitted)")
    return (days[: len(days) - k], days[len(days) - k :]) if k else (days, [])


@dataclass
class Calibration:
    doc: dict
    summary: dict
    fits: LogFits
    log: TicketLog
    fit_days: list[int]
    holdout_days: list[int]
    ratios: dict = field(default_factory=dict)


def _fmt(x: float, nd: int = 3) -> float:
    return float(f"{x:.{nd}g}") if x else 0.0


def ticket_ratios(
    layout, doc: dict, weekdays: list[str], reps: int, seed: int, cancel=None, covered=(), progress=None
) -> dict:
    """Per weekday and business, the share of simulated arrivals that took a ticket (or were served at
    a machine of a kind in ``covered``, the kinds a machine log records); per hour the ratio of
    tickets (by ticket hour) to arrivals (by arrival hour) of the businesses that take them."""
    from lobbysim.sim import simulate
    from lobbysim.sim.scenario import Scenario

    sc = Scenario.from_dict(doc)
    codes = [b.code for b in sc.business]
    arr = {d: np.zeros(len(codes)) for d in weekdays}
    tick = {d: np.zeros(len(codes)) for d in weekdays}
    h_arr, h_tick = np.zeros(48), np.zeros(48)
    takers: set[str] = set()
    durations: dict[tuple[str, str], list[float]] = {}
    for k, d in enumerate(weekdays):
        for r in range(reps):
            if cancel is not None and cancel():
                raise InterruptedError
            if progress is not None:
                progress(k * reps + r, len(weekdays) * reps)
            rec = simulate(layout, sc, d, seed, r)
            for c in rec.customers:
                j = codes.index(c.business)
                arr[d][j] += 1
                if c.ticket_time is not None:
                    tick[d][j] += 1
                    h_tick[int(c.ticket_time // 3600)] += 1
                    takers.add(c.business)
                elif c.fixture_kind in covered and c.outcome == "served":
                    tick[d][j] += 1
            for c in rec.customers:
                if c.business in takers:
                    h_arr[int(c.arrival // 3600)] += 1
                if c.outcome == "served" and c.service_start is not None and c.service_end is not None:
                    durations.setdefault((c.business, c.fixture_kind or ""), []).append(
                        (c.service_end - c.service_start) / 60.0
                    )
    return {
        "q": _pooled_ratios(arr, tick, codes),
        "hour_arrivals": h_arr,
        "hour_tickets": h_tick,
        "durations": {k: (float(np.mean(v)), len(v)) for k, v in durations.items()},
    }


def correct_service(doc: dict, fits: LogFits, ratios: dict) -> None:
    """Scale each fitted service time so that the model, which adds its own effects to a business's
    time (elderly customers slower at a counter, authorisation steps ...), reproduces the mean
    duration the log shows for that business at that kind of fixture."""
    by_code = {b["code"]: b for b in doc["business"]}
    for key, (sim_mean, n) in ratios.get("durations", {}).items():
        logged = fits.raw_means.get(key)
        fit = fits.service.get(key)
        if logged is None or fit is None or fit.best is None or n < MIN_SIM_SERVICES or sim_mean <= 0:
            continue
        code, kind = key
        box, slot = service_slot(by_code[code], kind)
        dist = box.get(slot)
        if not isinstance(dist, dict):
            continue
        factor = logged / sim_mean
        field_ = "value" if dist.get("dist") == "deterministic" else "mean"
        dist[field_] = round(dist[field_] * factor, 4)
        fits.service_factor[key] = fits.service_factor.get(key, 1.0) * factor


def _pooled_ratios(arr: dict, tick: dict, codes: list[str]) -> dict:
    """q[day][code]: a business's ticket share pooled over the weekdays (binomial noise of a few
    replications would otherwise move a rate by several per cent), times the weekday's own
    ticket share of all ticket-taking arrivals over the pooled one (the load effect)."""
    a_all = sum(arr.values())
    t_all = sum(tick.values())
    takes = t_all > 0
    pooled = np.where(a_all > 0, t_all / np.maximum(a_all, 1), 0.0)
    overall = t_all[takes].sum() / max(a_all[takes].sum(), 1)
    out = {}
    for d in arr:
        day_share = tick[d][takes].sum() / max(arr[d][takes].sum(), 1)
        f = day_share / overall if overall > 0 else 1.0
        out[d] = {c: float(min(1.0, pooled[j] * f)) for j, c in enumerate(codes)}
    return out


def _hourly(shares: list[float], ratios: dict, h0: int) -> list[float]:
    """Ticket-hour shares turned into arrival-hour shares by the simulated ratio."""
    ha, ht = ratios["hour_arrivals"], ratios["hour_tickets"]
    out = []
    for j, s in enumerate(shares):
        h = h0 + j
        r = ha[h] / ht[h] if ht[h] > 0 and ha[h] > 0 else 1.0
        out.append(s * r)
    tot = sum(out)
    return [round(x / tot, 5) for x in out] if tot else shares


def _unit(shares: list[float], nd: int = 5) -> list[float]:
    out = [round(s, nd) for s in shares]
    out[int(np.argmax(out))] += round(1.0 - sum(out), nd)
    return [round(x, nd) for x in out]


def arrivals_by_business(fits: LogFits, base, q: dict) -> tuple[dict, list[str], list[str]]:
    """Per weekday: arrivals per business per day. Returns (table, seen codes, unseen codes)."""
    codes = [b.code for b in base.business]
    seen = [c for c in codes if any(q[d].get(c, 0) >= MIN_TICKET_SHARE for d in q)]
    unseen = [c for c in codes if c not in seen]
    unseen_share = sum(b.share for b in base.business if b.code in unseen)
    table = {}
    for d, counts in fits.arrivals.counts.items():
        a = {c: (counts.get(c, 0.0) / q[d][c] if q[d].get(c, 0) > 0 else 0.0) for c in seen}
        total = sum(a.values()) / max(1e-9, 1.0 - unseen_share)
        for b in base.business:
            if b.code in unseen:
                a[b.code] = total * b.share
        table[d] = a
    return table, seen, unseen


def _arrival_doc(doc: dict, fits: LogFits, base, ratios: dict) -> dict:
    """Fill ``arrivals`` and the business shares of ``doc`` from the fits and the ratios."""
    table, seen, unseen = arrivals_by_business(fits, base, ratios["q"])
    totals = {d: sum(v.values()) for d, v in table.items()}
    per_day = max(totals.values())
    arr = doc.setdefault("arrivals", {})
    arr.pop("trace", None)
    base_f, base_n = base.arrivals.day_factors, base.arrivals.per_day
    known = [d for d in totals if base_f.get(d, 0) > 0]
    scale = np.mean([totals[d] / (base_n * base_f[d]) for d in known]) if known else 1.0
    arr["per_day"] = round(per_day, 1)
    arr["day_factors"] = {
        d: round(totals[d] / per_day, 4) if d in totals else round(base_n * base_f[d] * scale / per_day, 4)
        for d in DAYS
    }
    arr["day_cv"] = round(fits.arrivals.day_cv, 4)
    a = fits.arrivals
    arr["hourly"] = {"start_hour": a.hour0, "shares": _unit(_hourly(a.hourly, ratios, a.hour0))}
    arr.pop("hourly_by_day", None)
    if a.hourly_test.get("differs"):
        arr["hourly_by_day"] = {
            d: {"start_hour": a.hour0, "shares": _unit(_hourly(s, ratios, a.hour0))} for d, s in a.hourly_by_day.items()
        }
    weights = {d: fits.arrivals.weekday_dates[d] for d in table}
    pooled = {c: sum(table[d][c] * weights[d] for d in table) for c in table[next(iter(table))]}
    tot = sum(pooled.values())
    shares = _unit([pooled[b.code] / tot for b in base.business], 4)
    for b, s in zip(doc["business"], shares):
        b["share"] = s
    arr.pop("mix_by_day", None)
    if a.mix_test.get("differs"):
        arr["mix_by_day"] = {
            d: dict(
                zip([b.code for b in base.business], _unit([table[d][b.code] / totals[d] for b in base.business], 4))
            )
            for d in table
        }
    rare = {c: max(ratios["q"][d].get(c, 0.0) for d in ratios["q"]) for c in unseen}
    rare = {c: v for c, v in rare.items() if v > 0}  # seen in the log, but through too few of its customers
    return {"seen": seen, "unseen": unseen, "rare": rare, "totals": totals, "table": table}


def _service_doc(doc: dict, fits: LogFits, notes: dict, src: str) -> None:
    by_code = {b["code"]: b for b in doc["business"]}
    for (code, kind), f in sorted(fits.service.items()):
        b = by_code.get(code)
        if b is None or kind not in b.get("fixtures", []):
            continue
        key = f"business.{code}.service" + (f".{kind}" if kind != _main_kind(b) else "")
        if f.best is None:
            notes[key] = f"kept from the base: only n = {f.n} services of {code} at a {kind} in {src} (< 30)"
            continue
        c = f.best
        box, slot = service_slot(b, kind)
        box[slot] = c.dist()
        if slot == "minutes":
            key = f"business.{code}.steps_by_kind.{kind}"
        if c.name == "deterministic":
            notes[key] = f"fitted from {src}, n = {f.n}: every logged duration is {c.mean:.2f} min (no spread)"
            continue
        notes[key] = (
            f"fitted from {src}, n = {f.n}, maximum likelihood, {c.name} chosen by AIC over lognormal/gamma/"
            f"Weibull; KS D = {c.ks:.3f}, AD A² = {c.ad:.2f}"
        )


def service_slot(b: dict, kind: str) -> tuple[dict, str]:
    """Where the time of business ``b`` at ``kind`` lives in the document: the customer's own step of
    ``steps_by_kind`` when the transaction is written as steps (the other steps, such as a counter
    authorisation, keep their times), else ``service`` (the main kind) or ``service_by_kind``."""
    steps = (b.get("steps_by_kind") or {}).get(kind)
    if steps:
        own = [st for st in steps if not st.get("needs") and isinstance(st.get("minutes"), (dict, int, float))]
        if own:
            return own[0], "minutes"
    if kind == _main_kind(b) or steps:
        return b, "service"
    return b.setdefault("service_by_kind", {}), kind


def _main_kind(b: dict) -> str:
    from lobbysim.sim.scenario import STAFFED_KINDS

    staffed = [k for k in b.get("fixtures", []) if k in STAFFED_KINDS]
    return staffed[0] if staffed and b["fixtures"][0] in STAFFED_KINDS else "__none__"


def _customer_doc(doc: dict, fits: LogFits, notes: dict, src: str) -> None:
    p = fits.patience
    cust = doc.setdefault("customers", {})
    if p.fitted:
        cust["patience"] = {"dist": "weibull", "mean": round(p.mean_min, 3), "shape": round(p.shape, 3)}
        cust["no_show_share"] = round(p.no_show_share, 4)
        text = (
            f"fitted from {src}, n = {p.n} customers ({p.n_served} served: waits censored, "
            f"{p.n_skipped} skipped 过号), joint max. likelihood of P(skip | wait) = p + (1 - p) F(wait), Weibull F; "
            f"log-likelihood {p.loglik:.1f}"
        )
        notes["customers.patience"] = text + (f"; {p.reason}" if p.reason else "")
        notes["customers.no_show"] = text
    else:
        notes["customers.patience"] = f"kept from the base: {p.reason}"
    by_code = {b["code"]: b for b in doc["business"]}
    for code, v in fits.vip.items():
        if code in by_code and v["n"] >= 30:
            by_code[code]["vip_share"] = v["share"]
            notes[f"business.{code}.vip_share"] = f"fitted from {src}, n = {v['n']} tickets, share with a VIP class"


def _arrival_notes(notes: dict, fits: LogFits, info: dict, src: str, days: str) -> None:
    a = fits.arrivals
    n = int(sum(d.count for d in a.dates if not d.flagged))
    notes["arrivals.per_day"] = (
        f"fitted from {src}, n = {n} customers on {days}: tickets per weekday, turned into "
        "arrivals by simulating the layout (the share of arrivals that take a ticket)"
    )
    notes["arrivals.day_factors"] = notes["arrivals.per_day"] + "; days not in the log scaled from the base"
    notes["arrivals.day_cv"] = (
        f"fitted from {src}, n = {len(a.dates)} dates, gamma-Poisson maximum likelihood "
        f"with one cv for all weekdays; log-likelihood {a.day_cv_loglik:.1f}"
    )
    t = a.hourly_test
    notes["arrivals.hourly"] = (
        f"fitted from {src}, n = {n} tickets by hour; weekdays "
        f"{'differ' if t.get('differs') else 'share one profile'} "
        f"(chi-square p = {t.get('p_value', 1.0):.3g})"
    )
    m = a.mix_test
    notes["business"] = (
        f"shares fitted from {src}, n = {n} tickets, ticket businesses {', '.join(info['seen'])}; "
        f"weekdays {'differ' if m.get('differs') else 'share one mix'} (chi-square p = "
        f"{m.get('p_value', 1.0):.3g}); kept from the base (not in the log, or too few of its customers "
        "take a ticket): "
        f"{', '.join(info['unseen']) or 'none'}"
    )


def build_doc(
    base, layout, fits: LogFits, src: str, days_text: str, reps: int, seed: int, cancel=None, covered=(), progress=None
):
    """The calibrated document and the final ticket ratios."""
    doc = base.to_dict()
    notes = dict(doc.get("notes", {}))
    _service_doc(doc, fits, notes, src)
    _customer_doc(doc, fits, notes, src)
    weekdays = sorted(fits.arrivals.counts, key=DAYS.index)
    ratios: dict = {
        "q": {d: {b.code: 1.0 for b in base.business} for d in weekdays},
        "hour_arrivals": np.ones(48),
        "hour_tickets": np.ones(48),
    }
    # start from 'every arrival of a business that shows up in the log takes a ticket'
    for d in weekdays:
        for c, v in fits.arrivals.counts[d].items():
            if v == 0 and not any(fits.arrivals.counts[x].get(c, 0) for x in weekdays):
                ratios["q"][d][c] = 0.0
    info = _arrival_doc(doc, fits, base, ratios)
    for _ in range(CORRECTION_ROUNDS):
        ratios = ticket_ratios(layout, doc, weekdays, reps, seed, cancel, covered, progress)
        info = _arrival_doc(doc, fits, base, ratios)
        correct_service(doc, fits, ratios)
    _arrival_notes(notes, fits, info, src, days_text)
    for (code, kind), f in fits.service_factor.items():
        b = next(x for x in doc["business"] if x["code"] == code)
        key = f"business.{code}.service" + (f".{kind}" if kind != _main_kind(b) else "")
        if service_slot(b, kind)[1] == "minutes":
            key = f"business.{code}.steps_by_kind.{kind}"
        if key in notes:
            notes[key] += (
                f"; mean scaled x{f:.3f} so that the model (which adds its own effects, e.g. slower "
                "elderly customers at counters) reproduces the logged mean"
            )
    doc["notes"] = notes
    return doc, ratios, info


def days_text(days: list[int]) -> str:
    if not days:
        return "no days"
    return f"{len(days)} days {timeparse.day_name(days[0])} .. {timeparse.day_name(days[-1])}"


def calibrate(
    paths,
    layout,
    base,
    *,
    columns=None,
    business_map=None,
    window_map=None,
    holdout=None,
    machine_logs=None,
    reps: int = CORRECTION_REPS,
    seed: int = 1,
    progress=None,
    cancel=None,
) -> Calibration:
    """Read the logs, fit on all days but the held-out ones, write the scenario document."""
    log = read_logs(
        paths,
        layout,
        base,
        columns,
        business_map,
        window_map,
        None if progress is None else (lambda rows: progress(rows, 0)),
    )
    fit_days, hold = split_days(log, holdout)
    fit_log_ = log.subset(np.isin(log.day, fit_days)) if hold else log
    fits = fit_log(fit_log_, fixture_kinds(layout), base)
    src = ", ".join(_name(p) for p in paths)
    covered: set[str] = set()
    if machine_logs:
        covered = add_machine_log(fits, machine_logs, layout, base, fit_days, business_map, window_map)
        src += " + " + ", ".join(_name(p) for p in machine_logs)
    text = days_text(fit_days)
    doc, ratios, info = build_doc(base, layout, fits, src, text, reps, seed, cancel, covered, progress)
    fitted_ranges(doc, fits, info)  # fitted values drawn within their confidence intervals (robustness)
    doc["notes"]["calibration"] = (
        f"calibrated from {src}: fitted on {text} ("
        + ", ".join(timeparse.day_name(d) for d in fit_days)
        + "); held out for "
        "check-model: " + (", ".join(timeparse.day_name(d) for d in hold) or "none")
    )
    doc["name"] = f"{base.name} — calibrated from {src}"
    cal = Calibration(doc, {}, fits, log, fit_days, hold, ratios)
    from .summary import summary

    cal.summary = summary(cal, info)
    return cal


def add_machine_log(fits: LogFits, paths, layout, base, fit_days, business_map, window_map) -> set[str]:
    """Machine transactions join the ticket counts (per weekday and business) and give the service
    times at the machines; returns the fixture kinds the machine log covers."""
    from .fit_service import fit_service
    from .machinelog import counts_by_weekday, read_machine_logs
    from .values import parse_pairs

    m = read_machine_logs(
        paths, layout, base, parse_pairs(business_map, "--business-map"), parse_pairs(window_map, "--window-map")
    )
    mask = np.isin(m.day, fit_days)
    fits.machine = m.summary
    fits.machine_codes = {m.codes[b] for b in set(m.business[mask].tolist())}
    for d, row in counts_by_weekday(m, fit_days).items():
        counts = fits.arrivals.counts.get(d)
        if counts is not None:
            for c, v in row.items():
                counts[c] = counts.get(c, 0.0) + v
    auth = {b.code: b.authorisation for b in base.business}
    kinds = np.array(m.kinds)[m.device]
    for bi, code in enumerate(m.codes):
        for k in sorted(set(kinds[mask & (m.business == bi)].tolist())):
            sel = mask & (m.business == bi) & (kinds == k)
            minutes = (m.finished[sel] - m.start[sel]) / 60.0
            raw = fit_service(minutes)
            if raw.n:
                fits.raw_means[(code, k)] = raw.sample_mean
            if auth.get(code) and k == "smart_counter":  # the log's time includes the staff authorisation
                minutes = minutes - _auth_s(base) / 60.0
            fits.service[(code, k)] = fit_service(minutes)
    return m.covered_kinds()


def _auth_s(base) -> float:
    """Seconds of staff authorisation (scenario format 1: policies.auth_s; 2: policies.authorisation.auth_s)."""
    auth = getattr(base.policies, "authorisation", None)
    return float(getattr(auth, "auth_s", None) or getattr(base.policies, "auth_s", None) or 30.0)


def _name(p) -> str:
    from pathlib import Path

    return Path(p).name
