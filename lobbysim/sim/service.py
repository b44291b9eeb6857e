"""Transactions as steps.

A business is served at a fixture kind in one or more steps (card opening at the smart counter:
form, identity check, staff authorisation, PIN, card printing). A plain service time is the
one-step case; ``business.authorisation: true`` is short for the service split at
``policies.authorisation.at_fraction`` around an authorisation step. A step that needs a staff
member (an authoriser, or a supervisor for counter authorisations) waits until they have come;
the machine or the teller stays busy meanwhile.

Every step time is drawn before the day starts from its own stream (common random numbers):
``StepDraws`` holds, for one fixture kind, each customer's times.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import dists
from .scenario import STAFFED_KINDS, Business, Scenario
from .sections import Step

#: the plain one-step service
PLAIN = (Step("service"),)


def steps_of(sc: Scenario, b: Business, kind: str) -> tuple[Step, ...]:
    """The steps of business ``b`` at fixture kind ``kind``."""
    own = b.steps_by_kind.get(kind)
    if own:
        return own
    if b.authorisation and kind == "smart_counter":
        au = sc.policies.authorisation
        return (
            Step("before authorisation", None, au.at_fraction),
            Step("authorisation", dists.Deterministic("deterministic", au.auth_s), 1.0, "authorisation"),
            Step("after authorisation", None, 1.0 - au.at_fraction),
        )
    return PLAIN


@dataclass(frozen=True, slots=True)
class StepTime:
    """One step of one customer's transaction: how long it takes and who it needs (or None)."""

    name: str
    seconds: float
    needs: str | None


class StepDraws:
    """Each customer's step times at one fixture kind (see the module docstring)."""

    def __init__(
        self,
        sc: Scenario,
        kind: str,
        bidx: np.ndarray,
        base: list[float],
        elderly: list[bool],
        rng: np.random.Generator,
    ) -> None:
        self.kind = kind
        self.base = base
        self.elderly = elderly
        self.factor = sc.customers.elderly_service_factor if kind in STAFFED_KINDS else 1.0
        self.steps = [steps_of(sc, b, kind) for b in sc.business]
        self.bidx = bidx
        #: a business's transactions here are one plain step (its service time), nothing to wait for
        self.plain = [s is PLAIN for s in self.steps]
        n = len(bidx)
        self._own: dict[tuple[int, int], list[float]] = {}
        self._occurs: dict[tuple[int, int], list[bool]] = {}
        for j, steps in enumerate(self.steps):
            if steps is PLAIN or not np.any(bidx == j):
                continue
            idx = np.nonzero(bidx == j)[0]
            for k, st in enumerate(steps):
                if st.dist is not None:
                    own = np.zeros(n)
                    own[idx] = st.dist.sample(rng, len(idx))
                    self._own[j, k] = own.tolist()
                if st.share < 1.0:
                    self._occurs[j, k] = (rng.random(n) < st.share).tolist()

    def seconds(self, i: int) -> float:
        """The whole transaction of customer ``i`` (staff waits not counted)."""
        return sum(s.seconds for s in self.times(i))

    def plain_seconds(self, i: int) -> float:
        """Customer ``i``'s service time when their business is one plain step here."""
        t = self.base[i]
        return t * self.factor if self.elderly[i] else t

    def times(self, i: int) -> list[StepTime]:
        """Customer ``i``'s steps here, in order (the steps they do not have left out)."""
        j = self.bidx[i]
        f = self.factor if self.elderly[i] else 1.0
        out = []
        for k, st in enumerate(self.steps[j]):
            occ = self._occurs.get((j, k))
            if occ is not None and not occ[i]:
                continue
            own = self._own.get((j, k))
            secs = own[i] if own is not None else self.base[i] * st.fraction
            out.append(StepTime(st.name, secs if st.needs else secs * f, st.needs))
        return out


def mean_seconds(sc: Scenario, b: Business, kind: str) -> float:
    """The mean time of business ``b``'s transaction at ``kind`` (staff waits not counted)."""
    base = b.service_for(kind).mean
    return sum(st.share * (st.dist.mean if st.dist is not None else base * st.fraction) for st in steps_of(sc, b, kind))
