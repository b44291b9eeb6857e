"""Flat, typed records of one simulated branch day.

The simulation emits these and nothing else; every KPI, chart, table and replay is
computed from them. Times are seconds since midnight of the simulated day; distances
are metres; points are (x, y) in the layout's frame.

This is a public contract between the simulation, the experiments, the reports and the
editor: fields may be added, never renamed or removed.

The rows written several times per customer (staff spans, queue and occupancy samples) are
named tuples, read by field name like the other rows and never changed once written, and their
tables are :class:`Columns` (one list per field: no object per row while the day runs, so a
day's memory, the cycle collector's work and the simulation's time all shrink); reading such a
table gives its rows, built once.
:func:`row_tuples` gives the values of any table's rows in field order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from functools import partial
from operator import attrgetter
from typing import Any, Generic, NamedTuple, TypeVar, overload

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


class StaffActivity(NamedTuple):
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


class QueueSample(NamedTuple):
    """The length of one queue from ``time`` until the next sample of the same queue."""

    time: float
    queue: str  # 'tickets' (all waiting for a counter), or a fixture id / kind
    length: int


class OccupancySample(NamedTuple):
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


R = TypeVar("R", bound=tuple)


class Columns(Sequence[R], Generic[R]):
    """A table of named-tuple rows of class ``row`` kept as one list per field (``cols``, in the
    row's field order). It reads like a list of rows (``len``, iteration, indexing, ``==``) and
    grows with ``append`` / ``extend`` / ``+=``. The rows are built the first time they are read
    and kept until the table grows; read a column (:meth:`column`) when a field is all you need.
    The simulation's recorder appends to the columns directly, before anyone reads the table.
    """

    __slots__ = ("row", "cols", "_rows")

    def __init__(self, row: type[R], rows: Iterable[R] = ()) -> None:
        self.row = row
        self.cols: tuple[list, ...] = tuple([] for _ in row._fields)  # type: ignore[attr-defined]
        self._rows: list[R] | None = None
        self.extend(rows)

    def rows(self) -> list[R]:
        """The rows, in order (built once; the table's own list: do not change it)."""
        rows = self._rows
        if rows is None or len(rows) != len(self.cols[0]):
            rows = self._rows = list(map(partial(tuple.__new__, self.row), zip(*self.cols)))
        return rows

    def __len__(self) -> int:
        return len(self.cols[0])

    def __iter__(self) -> Iterator[R]:
        return iter(self.rows())

    @overload
    def __getitem__(self, i: int) -> R: ...

    @overload
    def __getitem__(self, i: slice) -> list[R]: ...

    def __getitem__(self, i: int | slice) -> R | list[R]:
        return self.rows()[i]

    def column(self, name: str) -> list:
        """The values of field ``name`` in row order (the table's own list: do not change it)."""
        return self.cols[self.row._fields.index(name)]  # type: ignore[attr-defined]

    def append(self, r: R) -> None:
        if len(r) != len(self.cols):
            raise ValueError(f"a {self.row.__name__} row has {len(self.cols)} fields, not {len(r)}")
        self._rows = None
        for c, v in zip(self.cols, r):
            c.append(v)

    def extend(self, rows: Iterable[R]) -> None:
        for r in rows:
            self.append(r)

    def __iadd__(self, rows: Iterable[R]) -> Columns[R]:
        self.extend(rows)
        return self

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Columns):
            return self.row is other.row and self.cols == other.cols
        if isinstance(other, Sequence):
            return self.rows() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Columns({self.row.__name__}, {self.rows()!r})"

    def __reduce__(self) -> tuple:
        return (_columns_of, (self.row, self.cols))


def _columns_of(row: type[R], cols: tuple[list, ...]) -> Columns[R]:
    t = Columns(row)
    t.cols = cols
    return t


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
    staff: Columns[StaffActivity] = field(default_factory=lambda: Columns(StaffActivity))
    walks: list[Walk] = field(default_factory=list)
    queues: Columns[QueueSample] = field(default_factory=lambda: Columns(QueueSample))
    occupancy: Columns[OccupancySample] = field(default_factory=lambda: Columns(OccupancySample))
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

    def __post_init__(self) -> None:
        # the tables of named-tuple rows given as lists (a test, records read back) become columns
        if not isinstance(self.staff, Columns):
            self.staff = Columns(StaffActivity, self.staff)
        if not isinstance(self.queues, Columns):
            self.queues = Columns(QueueSample, self.queues)
        if not isinstance(self.occupancy, Columns):
            self.occupancy = Columns(OccupancySample, self.occupancy)


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
    """The field names of a record class, in order."""
    names = getattr(cls, "_fields", None)
    return list(names) if names is not None else [f.name for f in fields(cls)]


def row_tuples(rows: Iterable[Any]) -> Iterable[tuple]:
    """The values of every row of a table in field order (straight from the columns of a
    :class:`Columns`)."""
    if isinstance(rows, Columns):
        return zip(*rows.cols)
    return (r if isinstance(r, tuple) else _values_of(r)(r) for r in rows)


_GETTERS: dict[type, Callable[[Any], tuple]] = {}


def _values_of(row: Any) -> Callable[[Any], tuple]:
    """A getter of the field values of a dataclass row like ``row``, as a tuple in field order."""
    get = _GETTERS.get(type(row))
    if get is None:
        names = record_fields(type(row))
        one = attrgetter(*names)
        get = _GETTERS[type(row)] = one if len(names) > 1 else lambda r: (one(r),)
    return get
