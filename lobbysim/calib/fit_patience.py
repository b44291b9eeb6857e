"""Patience and ticket no-shows from censored waits, fitted jointly.

For each customer the log shows the wait ``w`` from the ticket to its first call and what
happened then:

* served — the customer was still there, so their patience exceeded ``w`` (right-censored),
  and they were not a no-show: likelihood ``(1 − p)(1 − F(w))``;
* skipped at the call (过号) — a no-show who never meant to answer (share ``p``, independent
  of the wait) or a customer whose patience ran out before the call:
  ``P(skipped | w) = p + (1 − p) F(w)``; a ticket never called (弃号 without a time) is the same
  with ``w`` the wait until the day's last call;
* abandoned at a logged time (弃号 with a time) — patience ended then: ``(1 − p) f(w)``.

``F`` is a Weibull distribution; ``p`` is identified by the skips after short waits. The three
parameters are found by maximum likelihood. Beside it: the Kaplan–Meier curve of the waits
(skips as events, services as censored; it takes a skip at the call as leaving at that moment,
so it lies above the truth) and the isotonic (non-parametric maximum-likelihood) estimate of
``P(skipped | w)`` for the current-status data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

MIN_EVENTS = 10


@dataclass
class PatienceFit:
    n: int
    n_served: int
    n_skipped: int
    n_abandoned: int
    no_show_share: float
    mean_min: float
    shape: float
    loglik: float
    fitted: bool
    reason: str = ""

    def to_json(self) -> dict:
        return {
            "n": self.n,
            "served": self.n_served,
            "skipped": self.n_skipped,
            "abandoned_at_time": self.n_abandoned,
            "no_show_share": round(self.no_show_share, 4),
            "patience_mean_min": round(self.mean_min, 3),
            "patience_shape": round(self.shape, 3),
            "loglik": round(self.loglik, 2),
            "fitted": self.fitted,
            "note": self.reason,
        }

    def scale(self) -> float:
        return self.mean_min / math.gamma(1 + 1 / self.shape)

    def skip_prob(self, w: np.ndarray) -> np.ndarray:
        return self.no_show_share + (1 - self.no_show_share) * weibull_cdf(w, self.scale(), self.shape)


def weibull_cdf(w: np.ndarray, lam: float, k: float) -> np.ndarray:
    return -np.expm1(-((np.maximum(w, 0) / lam) ** k))


def _nll(theta: np.ndarray, srv, skp, ab) -> float:
    """Negative log-likelihood; each group is (distinct waits, counts)."""
    p = special.expit(theta[0])
    lam, k = math.exp(theta[1]), math.exp(theta[2])
    (ws, cs), (wk, ck), (wa, ca) = srv, skp, ab
    ll = float(cs.sum()) * math.log1p(-p) - float(np.sum(cs * (ws / lam) ** k))
    if len(wk):
        ll += float(np.sum(ck * np.log(np.clip(p + (1 - p) * weibull_cdf(wk, lam, k), 1e-300, None))))
    if len(wa):
        z = np.maximum(wa, 1e-9) / lam
        ll += float(np.sum(ca * (math.log1p(-p) + math.log(k / lam) + (k - 1) * np.log(z) - z**k)))
    return -ll


def _distinct(w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    u, c = np.unique(np.round(w, 4), return_counts=True)
    return u, c.astype(float)


def fit_patience(
    w_served: np.ndarray,
    w_skipped: np.ndarray,
    w_abandoned: np.ndarray,
    base_mean: float,
    base_shape: float,
    base_p: float,
) -> PatienceFit:
    """Waits in minutes. Falls back to the base values (and says so) when the log has too few
    skips to tell patience from no-shows."""
    n = len(w_served) + len(w_skipped) + len(w_abandoned)
    events = len(w_skipped) + len(w_abandoned)
    if n == 0 or events < MIN_EVENTS or len(w_served) < MIN_EVENTS:
        return PatienceFit(
            n,
            len(w_served),
            len(w_skipped),
            len(w_abandoned),
            base_p,
            base_mean,
            base_shape,
            0.0,
            False,
            f"too few skips or services ({events} / {len(w_served)}): base values kept",
        )
    p0 = min(max(base_p, 0.02), 0.5)
    lam0 = base_mean / math.gamma(1 + 1 / base_shape)
    best = None
    groups = (_distinct(w_served), _distinct(w_skipped), _distinct(w_abandoned))  # waits logged to the second
    for k0 in (base_shape, 1.0, 3.0):
        x0 = np.array([special.logit(p0), math.log(lam0), math.log(k0)])
        res = optimize.minimize(
            _nll,
            x0,
            args=groups,
            method="Nelder-Mead",
            options={"xatol": 1e-5, "fatol": 1e-6, "maxiter": 4000},
        )
        if best is None or res.fun < best.fun:
            best = res
    assert best is not None
    p = float(special.expit(best.x[0]))
    lam, k = math.exp(best.x[1]), math.exp(best.x[2])
    mean = lam * math.gamma(1 + 1 / k)
    reason = ""
    longest = float(max(np.max(w_served, initial=0), np.max(w_skipped, initial=0)))
    if mean > 3 * longest:
        reason = f"patience far beyond the longest logged wait ({longest:.0f} min): weakly identified"
    return PatienceFit(n, len(w_served), len(w_skipped), len(w_abandoned), p, mean, k, -float(best.fun), True, reason)


def kaplan_meier(w: np.ndarray, event: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kaplan–Meier survival at the distinct event times (times, survival)."""
    order = np.argsort(w, kind="stable")
    w, event = w[order], event[order].astype(bool)
    times = np.unique(w[event])
    if len(times) == 0:
        return np.zeros(1), np.ones(1)
    at_risk = len(w) - np.searchsorted(w, times, side="left")
    deaths = np.searchsorted(w[event], times, side="right") - np.searchsorted(w[event], times, side="left")
    surv = np.cumprod(1 - deaths / at_risk)
    return np.concatenate([[0.0], times]), np.concatenate([[1.0], surv])


def isotonic_skip(w: np.ndarray, skipped: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Non-decreasing least-squares fit of the skip indicator on the wait (current-status NPMLE)."""
    order = np.argsort(w, kind="stable")
    res = optimize.isotonic_regression(skipped[order].astype(float), increasing=True)
    return w[order], np.asarray(res.x)
