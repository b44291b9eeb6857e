"""The ticket queue (叫号): numbers drawn at the dispenser, called by the counters that can
serve them, VIPs first, then in the order of their numbers."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    import simpy

    from .customers import Customer
    from .recorder import Recorder
    from .records import CustomerRecord

#: the name of the ticket queue in the records' queue samples
TICKETS = "tickets"


class Ticket:
    """A number drawn at the dispenser for one customer, valid at counters of ``kinds``.

    ``called`` fires when a counter calls the number (only customers who walk to the counter
    or may give up wait for it); ``done`` when the service ends (a *passive* customer, who has
    no process of their own, is completed by the teller and has neither)."""

    __slots__ = ("cust", "rec", "i", "number", "kinds", "absent", "called", "done")

    def __init__(
        self,
        cust: Customer | None,
        rec: CustomerRecord,
        i: int,
        number: int,
        kinds: tuple[str, ...],
        env: simpy.Environment,
        called: bool,
        passive: bool = False,
    ) -> None:
        self.cust, self.rec, self.i, self.number, self.kinds = cust, rec, i, number, kinds
        self.absent = False
        self.called: simpy.Event | None = env.event() if called else None
        self.done: simpy.Event | None = None if passive else env.event()


class _Entry(NamedTuple):
    priority: int  # 0 = VIP, 1 = regular
    number: int
    ticket: Any  # a Ticket (never compared: numbers are unique)


#: builds an _Entry from its fields without the named tuple's Python-level ``__new__`` (one per ticket)
_new_entry = tuple.__new__


class TicketQueue:
    """Waiting tickets in calling order."""

    def __init__(self, recorder: Recorder) -> None:
        #: the waiting tickets in calling order (read-only for everyone but the queue)
        self.entries: list[_Entry] = []
        self._recorder = recorder
        self.next_number = 1
        #: when each ticket was drawn and the kinds it is valid at, in order (how busy the day
        #: has been; two columns rather than the tickets, which can then go once served)
        self.issued_at: list[float] = []
        self.issued_kinds: list[tuple[str, ...]] = []
        #: bumped at every change of ``entries``: estimates computed from the queue are kept until it moves
        self.version = 0

    def __len__(self) -> int:
        return len(self.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    def draw_number(self) -> int:
        n = self.next_number
        self.next_number += 1
        return n

    def add(self, t: Ticket) -> None:
        bisect.insort(self.entries, _new_entry(_Entry, (0 if t.rec.segment == "vip" else 1, t.number, t)))
        self.version += 1
        self._recorder.queue(TICKETS, len(self.entries))
        self.issued_at.append(t.rec.ticket_time or 0.0)
        self.issued_kinds.append(t.kinds)

    def count_for(self, kind: str) -> int:
        """Tickets waiting that a counter of ``kind`` may call."""
        n = 0
        for e in self.entries:
            if kind in e.ticket.kinds:
                n += 1
        return n

    def has_for(self, kind: str) -> bool:
        for e in self.entries:  # noqa: SIM110 - a plain loop: any() with a generator is slower here
            if kind in e.ticket.kinds:
                return True
        return False

    def drawn_since(self, kind: str, since: float) -> int:
        """How many tickets valid at ``kind`` were drawn at or after ``since``."""
        n = 0
        kinds = self.issued_kinds
        for j in range(len(kinds) - 1, -1, -1):
            if self.issued_at[j] < since:
                break
            n += kind in kinds[j]
        return n

    def pop_for(self, kind: str) -> Ticket | None:
        """Call the first ticket a counter of ``kind`` may serve (None when there is none)."""
        q = self.entries
        for j, e in enumerate(q):
            if kind in e.ticket.kinds:
                del q[j]
                self.version += 1
                self._recorder.queue(TICKETS, len(q))
                return e.ticket
        return None
