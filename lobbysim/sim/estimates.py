"""What people in the lobby can judge about waits, from what they see: the tickets ahead, the
counters open, the machines busy, how fast tickets have come in lately. The greeter's triage,
the marketers' choice of whom to approach and the tellers' judgement of an idle spell use these;
they are estimates, not the future."""

from __future__ import annotations

import bisect
import math
from typing import TYPE_CHECKING

from .service import mean_seconds

if TYPE_CHECKING:
    from .customers import Customer
    from .model import Day

INF = math.inf
#: how far back a teller looks to judge how often tickets for their counter come in, seconds
RATE_WINDOW_S = 1800.0


class Estimates:
    def __init__(self, day: Day) -> None:
        self.day = day
        sc = day.sc
        self.mean_service: dict[str, float] = {}
        for k in {k for b in sc.business for k in b.kinds}:
            pairs = [(b.share, mean_seconds(sc, b, k)) for b in sc.business if k in b.kinds]
            total = sum(w for w, _ in pairs)
            self.mean_service[k] = (
                sum(w * m for w, m in pairs) / total if total > 0 else sum(m for _, m in pairs) / len(pairs)
            )
        #: the queue's version the prefix counts below were computed at
        self._version = -1
        #: kinds -> [tickets among the first j waiting that a counter of those kinds may call, for each j]
        self._prefix: dict[tuple[str, ...], list[int]] = {}

    def _ahead(self, kinds: tuple[str, ...]) -> list[int]:
        """For each position j of the ticket queue, how many of the tickets before it a counter of
        ``kinds`` may call: one pass over the queue per set of kinds, kept until the queue changes
        (the marketers rank every waiting customer by it at each decision)."""
        q = self.day.tickets
        if q.version != self._version:
            self._version = q.version
            self._prefix.clear()
        got = self._prefix.get(kinds)
        if got is None:
            n = 0
            got = [0]
            for e in q.entries:
                for k in e.ticket.kinds:
                    if k in kinds:
                        n += 1
                        break
                got.append(n)
            self._prefix[kinds] = got
        return got

    def _servers(self, kinds: tuple[str, ...]) -> tuple[int, int]:
        """(counter staff of ``kinds`` on duty, those of them free at their counter)."""
        n = idle = 0
        for s in self.day.staff.counter_staff:
            if s.kind in kinds and s.on_duty and not s.on_break:
                n += 1
                idle += s.available and s.at == s.counter_poi
        return n, idle

    def _wait(self, ahead: int, kinds: tuple[str, ...]) -> float:
        n, idle = self._servers(kinds)
        if n == 0:
            return INF
        if ahead < idle:
            return 0.0
        return (ahead - idle + 0.5) * self._mean(kinds) / n

    def _mean(self, kinds: tuple[str, ...]) -> float:
        ms = [self.mean_service[k] for k in kinds if k in self.mean_service]
        return sum(ms) / len(ms) if ms else 0.0

    def counter_wait(self, kinds: tuple[str, ...]) -> float:
        """Seconds a new ticket valid at ``kinds`` can expect to wait."""
        if not kinds:
            return INF
        return self._wait(self._ahead(kinds)[-1], kinds)

    def machine_wait(self, kind: str) -> float:
        """Seconds a customer sent to a machine of ``kind`` can expect to wait."""
        day = self.day
        ids = day.plan.machines.get(kind, [])
        if not ids:
            return INF
        load = sum(len(day.machines[f].queue) + day.machines[f].count for f in ids)
        if load < len(ids):
            return 0.0
        return (load - len(ids) + 1) * self.mean_service.get(kind, 0.0) / len(ids)

    def remaining_wait(self, c: Customer) -> float:
        """Seconds until ``c``'s number is likely called: the tickets ahead of theirs that the same
        counters may call, shared among the counters open."""
        t = c.ticket
        if t is None:
            return 0.0
        entries = self.day.tickets.entries
        j = bisect.bisect_left(entries, (0 if t.rec.segment == "vip" else 1, t.number))
        return self._wait(self._ahead(t.kinds)[j], t.kinds)

    def ticket_rate(self, kind: str, now: float) -> float:
        """Tickets valid at ``kind`` per second over the last half hour (or since opening)."""
        since = max(now - RATE_WINDOW_S, self.day.open_s)
        span = now - since
        return self.day.tickets.drawn_since(kind, since) / span if span > 60 else 0.0
