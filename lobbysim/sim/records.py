"""Flat, typed records of one simulated branch day.

The simulation emits these and nothing else; every KPI, chart, table and replay is
computed from them. Times are seconds since midnight of the simulated day; distances
are metres; points are (x, y) in the layout's frame.

This is a public contract between the simulation, the experiments, the reports and the
editor: fields may be added, never renamed or removed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

Pt = tuple[float, float]

#: how a customer's visit ended
OUTCOMES = ("served", "balked", "reneged", "no_show", "inside_at_close")

#: what a staff member is doing during a StaffActivity
ACTIVITIES = ("serve", "authorise", "walk", "market", "call", "cover", "desk_task", "break", "idle", "greet", "floor")


@dataclass(slots=True)
class CustomerRecord:
    """One customer's journey through the branch."""

    customer_id: int
    business: str  # business type code from the scenario's mix
    segment: str  # 'regular' or 'vip' (priority)
    arrival: float  # entered through the entrance
    entrance_id: str = ""
    ticket_time: float | None = None  # took a ticket at the dispenser (None: no ticket)
    ticket_number: int | None = None
    seat_id: str | None = None  # seat taken while waiting (None: stood or did not wait)
    stood: bool = False  # waited standing because no seat was free
    call_time: float | None = None  # first called to a counter
    service_start: float | None = None
    service_end: float | None = None
    departure: float | None = None  # left through the entrance (None: still inside at close)
    fixture_id: str | None = None  # where served (counter, smart counter, machine)
    fixture_kind: str | None = None
    outcome: str = "inside_at_close"  # one of OUTCOMES
    walk_m: float = 0.0  # metres walked inside the branch
    greeted: bool = False  # greeted (and triaged) at the door by whoever greets
    diverted: bool = False  # triaged from a counter to a smart counter
    alert: bool = False  # raised an arrival alert (known customer)
    contacted: bool = False  # approached by floor staff for marketing while waiting
    converted: bool = False  # a marketing contact converted
    authorisation_wait: float | None = None  # seconds waiting at a smart counter for authorisation
    supervisor_wait: float | None = None  # seconds the transaction waited for a counter authorisation

    @property
    def wait(self) -> float | None:
        """Seconds from arrival to the start of service (None when never served)."""
        if self.service_start is None:
            return None
        return self.service_start - self.arrival

    @property
    def time_in_branch(self) -> float | None:
        if self.departure is None:
            return None
        return self.departure - self.arrival


@dataclass(slots=True)
class StaffActivity:
    """A span of time one staff member spent on one activity (spans of a person do not overlap)."""

    staff_id: str
    role: str
    activity: str  # one of ACTIVITIES
    start: float
    end: float
    place: str = ""  # fixture id, post id, area id or '' for 'on the move'
    metres: float = 0.0  # metres walked during this span (walk spans)
    customer_id: int | None = None
    detail: str = ""  # e.g. outcome of a call, the task name of a desk task
    on_floor: bool = False  # the place is on the lobby floor (not behind the counter line or in a room)
    #: the share of the span spent on the lobby floor (a walk's share of its path there); -1: not recorded
    floor_fraction: float = -1.0
    #: floor management: greeting, marketing, floor authorisations, managing the floor, 6S rounds ...
    floor_activity: bool = False


@dataclass(slots=True)
class Walk:
    """One walk of a customer or staff member along a geometric path."""

    actor: str  # 'customer' or 'staff'
    actor_id: str  # customer id as text, or staff id
    group: str  # business type (customers) or role (staff)
    start: float
    end: float
    metres: float
    path: tuple[Pt, ...]  # polyline actually walked
    purpose: str = ""  # e.g. 'to_ticket', 'to_seat', 'to_counter', 'to_exit', 'authorise'


@dataclass(slots=True)
class QueueSample:
    """The length of one queue from ``time`` until the next sample of the same queue."""

    time: float
    queue: str  # 'tickets' (all waiting for a counter), or a fixture id / kind
    length: int


@dataclass(slots=True)
class OccupancySample:
    """Customers present from ``time`` until the next sample: inside, seated, standing."""

    time: float
    inside: int
    seated: int
    standing: int


@dataclass(slots=True)
class MarketingContact:
    staff_id: str
    customer_id: int
    start: float
    end: float
    completed: bool
    converted: bool


@dataclass(slots=True)
class OutboundCall:
    staff_id: str
    start: float
    end: float
    outcome: str  # e.g. 'no_answer', 'talked', 'lead'


@dataclass(slots=True)
class CallSession:
    """One spell of a teller at the call station (flexible rota), from leaving the counter to being
    back: ``ended_by`` 'ticket' (a customer for their counter), 'list' (the day's call list was
    used up), 'break', 'task', 'close'; ``recalled_at`` when the customer who ended it took their
    ticket (None unless ended by a ticket)."""

    staff_id: str
    start: float
    end: float
    calls: int
    ended_by: str
    recalled_at: float | None = None


@dataclass(slots=True)
class PositionSample:
    """Where an actor is at ``time`` and in which state (for replay; off by default)."""

    time: float
    actor: str
    actor_id: str
    x: float
    y: float
    state: str  # 'walking', 'waiting', 'served', 'talking', 'working', ...


@dataclass(slots=True)
class Records:
    """Everything one replication of one day produced."""

    day: str
    seed: int
    replication: int
    open_time: float
    close_time: float
    layout_name: str = ""
    customers: list[CustomerRecord] = field(default_factory=list)
    staff: list[StaffActivity] = field(default_factory=list)
    walks: list[Walk] = field(default_factory=list)
    queues: list[QueueSample] = field(default_factory=list)
    occupancy: list[OccupancySample] = field(default_factory=list)
    contacts: list[MarketingContact] = field(default_factory=list)
    calls: list[OutboundCall] = field(default_factory=list)
    positions: list[PositionSample] = field(default_factory=list)
    call_sessions: list[CallSession] = field(default_factory=list)
    #: fixture id -> fixture kind of every service point that could serve (for per-fixture KPIs)
    fixtures: dict[str, str] = field(default_factory=dict)
    #: staff id -> role
    roster: dict[str, str] = field(default_factory=dict)
    #: the simulation ended at this time (after closing, once the last customer left or a cut-off)
    end_time: float = 0.0
    #: the day's part of the shared call list (-1: no list)
    call_list: int = -1
    #: what the layout made of the scenario's roster, one line each (a post it lacks ...)
    substitutions: list[str] = field(default_factory=list)


RECORD_TABLES = {
    "customers": CustomerRecord,
    "staff": StaffActivity,
    "walks": Walk,
    "queues": QueueSample,
    "occupancy": OccupancySample,
    "contacts": MarketingContact,
    "calls": OutboundCall,
    "positions": PositionSample,
    "call_sessions": CallSession,
}


def record_fields(cls) -> list[str]:
    return [f.name for f in fields(cls)]
