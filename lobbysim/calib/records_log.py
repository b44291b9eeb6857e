"""Simulated days seen the way a queue machine sees them.

:func:`ticket_rows` turns one day's :class:`~lobbysim.sim.records.Records` into the rows a
queue-machine export would hold: every ticket with its business, issue, call, start and end
times, the window and the outcome (served; skipped 过号 when the number was called in vain,
whether the customer never meant to answer or gave up waiting; abandoned 弃号 when the number
was never called). The synthetic log of the tests and the model check use the same function,
so the observed and the simulated days are measured alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from lobbysim.sim.records import Records

ABSENT_TICKET = "absent ticket"


@dataclass(slots=True)
class TicketRow:
    number: int
    business: str
    vip: bool
    issued: float
    called: float | None
    start: float | None
    finished: float | None
    window: str | None
    status: str  # 'served', 'skipped', 'abandoned'


def ticket_rows(rec: Records) -> list[TicketRow]:
    """One row per ticket drawn in the simulated day, in ticket order."""
    absent = {a.customer_id: a for a in rec.staff if a.activity == "serve" and a.detail == ABSENT_TICKET}
    out = []
    for c in rec.customers:
        if c.ticket_time is None or c.ticket_number is None:
            continue
        vip = c.segment == "vip"
        if c.outcome == "served" or (c.service_end is not None and c.call_time is not None):
            out.append(
                TicketRow(
                    c.ticket_number,
                    c.business,
                    vip,
                    c.ticket_time,
                    c.call_time,
                    c.service_start,
                    c.service_end,
                    c.fixture_id,
                    "served",
                )
            )
            continue
        a = absent.get(c.customer_id)
        if a is not None:
            out.append(
                TicketRow(c.ticket_number, c.business, vip, c.ticket_time, a.start, None, None, a.place, "skipped")
            )
        else:
            out.append(TicketRow(c.ticket_number, c.business, vip, c.ticket_time, None, None, None, None, "abandoned"))
    out.sort(key=lambda r: r.number)
    return out


@dataclass(slots=True)
class MachineRow:
    device: str
    business: str
    start: float
    end: float


def machine_rows(rec: Records, kinds=("smart_counter", "self_service")) -> list[MachineRow]:
    """The transactions a smart counter or self-service machine would log."""
    out = [
        MachineRow(c.fixture_id or "", c.business, c.service_start, c.service_end)
        for c in rec.customers
        if c.fixture_kind in kinds and c.service_start is not None and c.service_end is not None
    ]
    out.sort(key=lambda r: r.start)
    return out
