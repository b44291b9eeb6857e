"""Arrivals seen in a queue log: customers per date and weekday, the day-to-day dispersion, the
hourly profile and the business mix.

*Day levels.* A date's count of customers is gamma–Poisson (negative binomial): Poisson given
the day's level, the level gamma-distributed around its weekday's mean with coefficient of
variation ``day_cv`` (the model's ``arrivals.day_cv``). With ``day_cv`` shared by all weekdays
the maximum-likelihood weekday means are the sample means, so the likelihood is maximised
over ``day_cv`` alone. A date far outside its weekday's distribution (two-sided tail
probability below 0.05 / number of dates, its weekday's mean taken without it, the day cv at least
``FLAG_CV``) is a *date
effect* (a holiday, a payday): flagged, left out of the fit, reported with its ratio.

*Hourly profile and mix.* Shares of customers by hour of their ticket and by business; a
chi-square test of homogeneity across weekdays decides whether one profile (one mix) serves
all weekdays or each weekday gets its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special, stats

from . import timeparse

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: p-value below which weekdays are taken to differ (profile, mix)
HETEROGENEITY_P = 0.01
#: a date is a date effect only if improbable even with this much day-to-day variation (a few weeks of
#: dates estimate day_cv poorly, and a holiday or payday moves a day by a third or more)
FLAG_CV = 0.10


@dataclass
class DateCount:
    day: int
    weekday: str
    count: int
    expected: float = 0.0
    p_value: float = 1.0
    flagged: bool = False

    def to_json(self) -> dict:
        return {
            "date": timeparse.day_name(self.day),
            "weekday": self.weekday,
            "customers": self.count,
            "expected": round(self.expected, 1),
            "ratio": round(self.count / self.expected, 3) if self.expected else None,
            "p_value": float(f"{self.p_value:.3g}"),
            "date_effect": self.flagged,
        }


@dataclass
class ArrivalFit:
    dates: list[DateCount]
    weekday_mean: dict[str, float]  # customers per day (unflagged dates)
    weekday_dates: dict[str, int]
    day_cv: float
    day_cv_loglik: float
    hour0: int
    hourly: list[float]
    hourly_by_day: dict[str, list[float]]
    hourly_test: dict
    mix: dict[str, float]  # business code -> share of customers
    mix_by_day: dict[str, dict[str, float]]
    mix_test: dict
    counts: dict[str, dict[str, float]] = field(default_factory=dict)  # weekday -> code -> per-day mean
    missing_dates: list[str] = field(default_factory=list)


def nb_logpmf(y: np.ndarray, mu: np.ndarray, cv: float) -> np.ndarray:
    """log P(y) of a gamma–Poisson count with mean ``mu`` and level cv ``cv`` (cv 0: Poisson)."""
    if cv <= 1e-6:
        return stats.poisson.logpmf(y, mu)
    r = 1.0 / cv**2
    return (
        special.gammaln(y + r)
        - special.gammaln(r)
        - special.gammaln(y + 1)
        + r * np.log(r / (r + mu))
        + y * np.log(mu / (r + mu))
    )


def fit_day_cv(counts: np.ndarray, groups: np.ndarray) -> tuple[float, float]:
    """Maximum-likelihood ``day_cv`` for counts whose means are their group's sample mean."""
    means = np.array([counts[groups == g].mean() for g in groups], dtype=float)
    means = np.maximum(means, 1e-9)
    if len(counts) < 3:
        return 0.0, float(nb_logpmf(counts, means, 0.0).sum())

    def nll(cv: float) -> float:
        return -float(nb_logpmf(counts, means, cv).sum())

    res = optimize.minimize_scalar(nll, bounds=(1e-4, 2.0), method="bounded")
    cv = float(res.x)
    if nll(0.0) <= res.fun + 1e-9:
        return 0.0, -nll(0.0)
    return cv, -float(res.fun)


def _tail_p(y: np.ndarray, mu: np.ndarray, cv: float) -> np.ndarray:
    """Two-sided tail probabilities of counts ``y`` under gamma–Poisson means ``mu``."""
    if cv <= 1e-6:
        lo, hi = stats.poisson.cdf(y, mu), stats.poisson.sf(y - 1, mu)
    else:
        r = 1.0 / cv**2
        prob = r / (r + mu)
        lo, hi = stats.nbinom.cdf(y, r, prob), stats.nbinom.sf(y - 1, r, prob)
    return np.minimum(1.0, 2 * np.minimum(lo, hi))


def day_levels(dates: list[DateCount]) -> tuple[float, float]:
    """Fit ``day_cv`` and flag date effects (repeated until no new date is flagged)."""
    cv, ll = 0.0, 0.0
    for _ in range(4):
        use = [d for d in dates if not d.flagged]
        y = np.array([d.count for d in use], dtype=float)
        g = np.array([DAYS.index(d.weekday) for d in use])
        cv, ll = fit_day_cv(y, g)
        alpha = 0.05 / max(1, len(dates))
        # each date against the mean of the other unflagged dates of its weekday
        sums: dict[str, float] = {}
        ns: dict[str, int] = {}
        for e in use:
            sums[e.weekday] = sums.get(e.weekday, 0.0) + e.count
            ns[e.weekday] = ns.get(e.weekday, 0) + 1
        own = np.array([0 if d.flagged else 1 for d in dates])
        counts = np.array([d.count for d in dates], dtype=float)
        others = np.array([ns.get(d.weekday, 0) for d in dates]) - own
        tot = np.array([sums.get(d.weekday, 0.0) for d in dates]) - own * counts
        expected = np.where(others > 0, tot / np.maximum(others, 1), counts)
        pv = np.where(others > 0, _tail_p(counts, np.maximum(expected, 1e-9), max(cv, FLAG_CV)), 1.0)
        new = False
        for d, e, pval, k in zip(dates, expected.tolist(), pv.tolist(), others.tolist()):
            d.expected, d.p_value = float(e), float(pval)
            if not d.flagged and k >= 2 and pval < alpha:
                d.flagged = new = True
        if not new:
            break
    return cv, ll


def profile(hours: np.ndarray, h0: int, nh: int) -> list[float]:
    counts = np.bincount(np.clip(hours - h0, 0, nh - 1), minlength=nh).astype(float)
    return (counts / counts.sum()).tolist() if counts.sum() else [1.0 / nh] * nh


def homogeneity(table: np.ndarray) -> dict:
    """Chi-square test that the rows of a contingency table share one distribution."""
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if table.shape[0] < 2 or table.shape[1] < 2:
        return {"test": "chi-square homogeneity", "p_value": 1.0, "differs": False}
    chi2, p, dof, _ = stats.chi2_contingency(table)
    return {
        "test": "chi-square homogeneity",
        "chi2": round(float(chi2), 2),
        "dof": int(dof),
        "p_value": float(f"{p:.3g}"),
        "differs": bool(p < HETEROGENEITY_P),
    }


def fit_arrivals(
    day: np.ndarray, issued: np.ndarray, business: np.ndarray, codes: list[str], open_s: float, close_s: float
) -> ArrivalFit:
    """Fit from one row per customer: its date, ticket time (s) and business index."""
    all_days = sorted(set(day.tolist()))
    uniq, counts = np.unique(day, return_counts=True)
    dates = [DateCount(int(d), DAYS[timeparse.weekday(int(d))], int(n)) for d, n in zip(uniq, counts)]
    missing = (
        [
            timeparse.day_name(d)
            for d in range(all_days[0], all_days[-1] + 1)
            if d not in set(all_days) and timeparse.weekday(d) < 5
        ]
        if all_days
        else []
    )
    cv, ll = day_levels(dates)
    keep_days = np.array([d.day for d in dates if not d.flagged])
    keep = np.isin(day, keep_days)
    wd = (day + 3) % 7  # 1970-01-01 was a Thursday
    h0, h1 = int(open_s // 3600), int(math.ceil(close_s / 3600))
    nh = max(1, h1 - h0)
    hours = (issued // 3600).astype(int)
    present = sorted({DAYS[w] for w in wd[keep].tolist()})
    fit = ArrivalFit(dates, {}, {}, cv, ll, h0, profile(hours[keep], h0, nh), {}, {}, {}, {}, {})
    fit.missing_dates = missing
    htab, mtab = [], []
    for name in present:
        m = keep & (wd == DAYS.index(name))
        n_dates = len({d.day for d in dates if d.weekday == name and not d.flagged})
        fit.weekday_dates[name] = n_dates
        fit.weekday_mean[name] = float(m.sum()) / n_dates
        htab.append(np.bincount(np.clip(hours[m] - h0, 0, nh - 1), minlength=nh))
        mtab.append(np.bincount(business[m], minlength=len(codes)))
        fit.hourly_by_day[name] = profile(hours[m], h0, nh)
        fit.counts[name] = {c: float(mtab[-1][i]) / n_dates for i, c in enumerate(codes)}
    fit.hourly_test = homogeneity(np.array(htab)) if htab else {}
    fit.mix_test = homogeneity(np.array(mtab)) if mtab else {}
    tot = np.bincount(business[keep], minlength=len(codes)).astype(float)
    fit.mix = {c: float(tot[i] / tot.sum()) for i, c in enumerate(codes)} if tot.sum() else {}
    for name, row in zip(present, mtab):
        fit.mix_by_day[name] = {c: float(row[i] / row.sum()) for i, c in enumerate(codes)} if row.sum() else {}
    return fit
