"""The calibration summary (``--json SUMMARY``) and its plain-text lines for the terminal.

It names the files, their encodings and the columns read and ignored (by header only), the
rows used and rejected with reasons, every fit with its method and statistics, and where
each business's demand comes from (the log or the base scenario).
"""

from __future__ import annotations

from . import timeparse


def _arrivals(cal) -> dict:
    a = cal.fits.arrivals
    return {
        "dates": [d.to_json() for d in a.dates],
        "date_effects": [timeparse.day_name(d.day) for d in a.dates if d.flagged],
        "missing_weekdays": a.missing_dates,
        "customers_per_weekday": {k: round(v, 2) for k, v in a.weekday_mean.items()},
        "tickets_per_weekday_by_business": {d: {c: round(v, 2) for c, v in row.items()} for d, row in a.counts.items()},
        "day_cv": round(a.day_cv, 4),
        "day_cv_method": "gamma-Poisson (negative binomial) maximum likelihood, one cv for all weekdays",
        "hourly_ticket_shares": {"start_hour": a.hour0, "shares": [round(s, 5) for s in a.hourly]},
        "hourly_test": a.hourly_test,
        "ticket_mix": {c: round(s, 4) for c, s in a.mix.items()},
        "mix_test": a.mix_test,
    }


def summary(cal, info: dict) -> dict:
    s = cal.log.summary
    f = cal.fits
    machine = f.machine
    mixes = f.arrivals.mix
    in_machines: set[str] = f.machine_codes
    sources = {
        c: " + ".join(x for x, ok in (("queue log", mixes.get(c, 0) > 0), ("machine log", c in in_machines)) if ok)
        or "queue log"
        for c in info["seen"]
    }
    unseen = "base scenario (the logs cannot see it: no ticket or machine transaction of it)"
    sources.update({c: unseen for c in info["unseen"]})
    for c, share in info.get("rare", {}).items():
        sources[c] = (
            f"base scenario (only {share:.0%} of its customers take a ticket in the model: "
            "too few tickets to tell its demand)"
        )
    q = cal.ratios.get("q", {})
    return {
        "files": s.files,
        "rows": {"read": s.rows, "used": s.used, "rejected": s.rows - s.used},
        "rejected": [{"reason": p.reason, "rows": p.count, "examples": p.examples} for p in s.problems.values()],
        "warnings": s.warnings,
        "notes": f.notes,
        "fit_days": [timeparse.day_name(d) for d in cal.fit_days],
        "holdout_days": [timeparse.day_name(d) for d in cal.holdout_days],
        "arrivals": _arrivals(cal),
        "demand_source": sources,
        "ticket_share_of_arrivals": {d: {c: round(v, 4) for c, v in row.items()} for d, row in q.items()},
        "arrivals_per_weekday": {d: {c: round(v, 2) for c, v in row.items()} for d, row in info["table"].items()},
        "service": {f"{code}@{kind}": fit.to_json() for (code, kind), fit in sorted(f.service.items())},
        "service_by_window": f.per_window,
        "patience": f.patience.to_json(),
        "vip": f.vip,
        "windows_open_by_hour": {"start_hour": f.arrivals.hour0, "share_of_days": f.windows_open},
        "routing": f.routing,
        "machine_log": None
        if machine is None
        else {
            "files": machine.files,
            "rows": {"read": machine.rows, "used": machine.used},
            "rejected": [
                {"reason": p.reason, "rows": p.count, "examples": p.examples} for p in machine.problems.values()
            ],
            "warnings": machine.warnings,
        },
    }


def text_lines(summ: dict) -> list[str]:
    """A short account for the terminal."""
    out = []
    for fl in summ["files"]:
        out.append(
            f"{fl['path']}: {fl['encoding']}"
            + (f", sheet '{fl['sheet']}'" if fl["sheet"] else "")
            + f"; columns read: {', '.join(f'{k}={v}' for k, v in fl['columns'].items())}"
        )
        if fl["ignored_columns"]:
            out.append(f"  ignored columns (not read): {', '.join(fl['ignored_columns'])}")
    r = summ["rows"]
    out.append(f"rows: {r['read']} read, {r['used']} used, {r['rejected']} rejected")
    for p in summ["rejected"]:
        out.append(f"  {p['rows']} rejected: {p['reason']} (e.g. {'; '.join(p['examples'])})")
    out += [f"warning: {w}" for w in summ["warnings"]] + [f"note: {n}" for n in summ["notes"]]
    a = summ["arrivals"]
    out.append(
        f"fitted on {len(summ['fit_days'])} days, held out {len(summ['holdout_days'])}: "
        + ", ".join(summ["holdout_days"])
    )
    out.append(
        "customers per weekday: "
        + ", ".join(f"{d} {v:.1f}" for d, v in a["customers_per_weekday"].items())
        + f"; day cv {a['day_cv']:.3f}"
    )
    for key, sv in summ["service"].items():
        c = sv["chosen"]
        out.append(
            f"service {key}: n = {sv['n']}"
            + (
                f", {c['dist']} mean {c['mean_min']:.2f} min cv {c['cv']:.2f}, KS {c['ks']:.3f}"
                if c
                else ", too few: base kept"
            )
        )
    p = summ["patience"]
    out.append(
        f"patience: Weibull mean {p['patience_mean_min']:.1f} min shape {p['patience_shape']:.2f}; "
        f"no-shows {100 * p['no_show_share']:.1f} % (n = {p['n']}{', base kept' if not p['fitted'] else ''})"
    )
    for c, src in summ["demand_source"].items():
        if not src.startswith("queue"):
            out.append(f"demand of '{c}': {src}")
    return out
