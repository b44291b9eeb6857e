"""The plausible ranges of a calibrated scenario: each fitted value gets its fit's 95 % confidence
interval as its range, marked ``"fitted": true``, so that ``lobbysim robustness`` draws it within
that interval (never re-fitting it); the base scenario's ranges of values the log now tells are
dropped (an estimate's range says nothing about a fitted value).

Intervals (normal approximations, centred on the value written):

* a service time's mean: ± 1.96 · cv / √n relative (the logged durations' cv, n durations);
* a business's share of the mix: ± 1.96 · √(p (1 − p) / n) over the n customers of the log (drawn
  as one mix by the robustness analysis, a Dirichlet whose concentration is then about n);
* the busiest weekday's level (``arrivals.per_day``): ± 1.96 · √((1/μ + cv²) / d) relative, μ its
  mean count, d its number of dates, cv the fitted day-to-day variation (gamma–Poisson);
* patience's mean and the no-show share: the delta method on the inverse Hessian of the joint
  likelihood of ``fit_patience`` at its maximum;
* a VIP share: ± 1.96 · √(p (1 − p) / n) over the business's n tickets.

Values fitted without an interval here (a distribution's spread, the hourly profile, day factors,
day_cv, a day's own mix) stay at their fitted value: they are not inputs of a robustness run.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

Z = 1.959963984540054


def _interval(value: float, half: float, lo: float = 0.0, hi: float = math.inf) -> dict | None:
    if not (math.isfinite(value) and math.isfinite(half)) or half <= 0:
        return None
    a, b = max(lo, value - half), min(hi, value + half)
    return {"range": [round(a, 6), round(b, 6)], "fitted": True} if a < b else None


def _service_ranges(doc: dict, fits, out: dict) -> None:
    from .calibrate import service_slot

    by_code = {b["code"]: b for b in doc["business"]}
    for (code, kind), f in fits.service.items():
        b = by_code.get(code)
        if b is None or f.best is None or f.best.name == "deterministic" or f.n < 2:
            continue
        box, slot = service_slot(b, kind)
        dist = box.get(slot)
        if not isinstance(dist, dict) or "mean" not in dist:
            continue
        path = _service_path(b, kind, slot, box)
        r = _interval(float(dist["mean"]), Z * float(dist["mean"]) * f.sample_cv / math.sqrt(f.n))
        if r is not None:
            out[path] = r


def _service_path(b: dict, kind: str, slot: str, box: dict) -> str:
    base = f"business[code={b['code']}]"
    if slot == "minutes":
        return f"{base}.steps_by_kind.{kind}[name={box['name']}].minutes.mean"
    if slot == "service":
        return f"{base}.service.mean"
    return f"{base}.service_by_kind.{kind}.mean"


def _mix_ranges(doc: dict, fits, info: dict, out: dict) -> None:
    n = int(sum(d.count for d in fits.arrivals.dates if not d.flagged))
    if n <= 0:
        return
    for b in doc["business"]:
        if b["code"] in info.get("seen", ()):
            p = float(b["share"])
            r = _interval(p, Z * math.sqrt(p * (1 - p) / n), 0.0, 1.0)
            if r is not None and p > 0:
                out[f"business[code={b['code']}].share"] = r


def _level_ranges(doc: dict, fits, info: dict, out: dict) -> None:
    a = fits.arrivals
    totals = info.get("totals") or {}
    if not totals:
        return
    busiest = max(totals, key=lambda d: totals[d])
    mu, d = a.weekday_mean.get(busiest, 0.0), a.weekday_dates.get(busiest, 0)
    if mu <= 0 or d <= 0:
        return
    rel = math.sqrt((1.0 / mu + a.day_cv**2) / d)
    per_day = float(doc["arrivals"]["per_day"])
    r = _interval(per_day, Z * rel * per_day)
    if r is not None:
        out["arrivals.per_day"] = r


def _vip_ranges(doc: dict, fits, out: dict) -> None:
    by_code = {b["code"]: b for b in doc["business"]}
    for code, v in fits.vip.items():
        if code in by_code and v["n"] >= 30 and 0 < v["share"] < 1:
            p = float(by_code[code]["vip_share"])
            r = _interval(p, Z * math.sqrt(p * (1 - p) / v["n"]), 0.0, 1.0)
            if r is not None:
                out[f"business[code={code}].vip_share"] = r


def _hessian(f, x: np.ndarray, h: float = 1e-4) -> np.ndarray:
    """The Hessian of ``f`` at ``x`` by central differences."""
    k = len(x)
    out = np.zeros((k, k))
    for i in range(k):
        for j in range(i, k):
            e_i, e_j = np.eye(k)[i] * h, np.eye(k)[j] * h
            v = (f(x + e_i + e_j) - f(x + e_i - e_j) - f(x - e_i + e_j) + f(x - e_i - e_j)) / (4 * h * h)
            out[i, j] = out[j, i] = v
    return out


def _patience_ranges(fits, out: dict) -> None:
    """Patience's mean and the no-show share from the joint likelihood's curvature at its maximum."""
    from scipy import special

    from . import fit_patience as fp
    from .values import ABANDONED, SERVED, SKIPPED

    p = fits.patience
    if not p.fitted:
        return
    c = fits.customers
    groups = tuple(fp._distinct(c.wait[c.outcome == o]) for o in (SERVED, SKIPPED, ABANDONED))
    k = p.shape
    lam = p.mean_min / math.gamma(1 + 1 / k)
    theta = np.array([special.logit(min(max(p.no_show_share, 1e-9), 1 - 1e-9)), math.log(lam), math.log(k)])
    try:
        cov = np.linalg.inv(_hessian(lambda t: fp._nll(t, *groups), theta))
    except np.linalg.LinAlgError:
        return
    if not np.all(np.isfinite(cov)) or np.any(np.diag(cov) <= 0):
        return

    def mean(t: np.ndarray) -> float:
        return math.exp(t[1]) * math.gamma(1 + 1 / math.exp(t[2]))

    g = np.array([(mean(theta + e) - mean(theta - e)) / 2e-6 for e in np.eye(3) * 1e-6])
    r = _interval(p.mean_min, Z * math.sqrt(max(float(g @ cov @ g), 0.0)))
    if r is not None:
        out["customers.patience.mean"] = r
    dp = p.no_show_share * (1 - p.no_show_share)  # d expit / d logit
    r = _interval(p.no_show_share, Z * dp * math.sqrt(float(cov[0, 0])), 0.0, 1.0)
    if r is not None:
        out["customers.no_show_share"] = r


_SHARE = re.compile(r"^business\[code=[^\]]+\]\.share$")


def _told_by_the_log(path: str, fitted: dict, patience: bool) -> bool:
    """A base range on a value the calibration wrote: the arrivals, the business mix, patience and
    no-shows (when fitted), and every field of a fitted service time."""
    if path in fitted or path.startswith("arrivals.") or _SHARE.match(path):
        return True
    if patience and path.startswith(("customers.patience.", "customers.no_show_share")):
        return True
    return any(path.rsplit(".", 1)[0] == f.rsplit(".", 1)[0] for f in fitted if f.endswith(".mean"))


def _outside(doc: dict, path: str, r) -> bool:
    """True when a range no longer contains its value (or its path names nothing any more)."""
    from lobbysim.experiments.scenario_paths import locate, parse_path

    try:
        v = locate(doc, parse_path(path)).value
        lo, hi = (r["range"] if isinstance(r, dict) else r)[:2]
        return not (isinstance(v, (int, float)) and lo <= v <= hi)
    except (KeyError, ValueError, TypeError, IndexError):
        return True


def fitted_ranges(doc: dict, fits, info: dict) -> list[str]:
    """Put the fitted values' confidence intervals into ``doc["ranges"]`` (see the module docstring);
    returns the base ranges dropped."""
    fitted: dict[str, Any] = {}
    _service_ranges(doc, fits, fitted)
    _mix_ranges(doc, fits, info, fitted)
    _level_ranges(doc, fits, info, fitted)
    _vip_ranges(doc, fits, fitted)
    _patience_ranges(fits, fitted)
    base = dict(doc.get("ranges") or {})
    dropped = [p for p, r in base.items() if _told_by_the_log(p, fitted, fits.patience.fitted) or _outside(doc, p, r)]
    ranges = {p: r for p, r in base.items() if p not in dropped}
    ranges.update(fitted)
    if ranges:
        doc["ranges"] = ranges
    notes = doc.setdefault("notes", {})
    for p in dropped:
        notes.pop("ranges." + p, None)
    notes["ranges.fitted"] = (
        f"{len(fitted)} fitted values carry their fit's 95 % confidence interval as their range (fitted: true), "
        "drawn within it by 'lobbysim robustness'"
        + (f"; the base scenario's ranges of {len(dropped)} values the log now tells were dropped" if dropped else "")
    )
    return dropped


__all__ = ["fitted_ranges"]
