"""The recorder: turns what happens during a simulated day into the flat records of
:mod:`lobbysim.sim.records`.

Actors tell the recorder what they start doing (``switch``), and it closes the previous span
of that person; queue lengths and occupancy are sampled only when they change; positions
(for the replay) only when asked for. Nothing else in the model writes records.

Speed: the recorder, the customer flow and the staff's working loop run a dozen times per
customer, so they read SimPy's clock as ``env._now`` (the attribute behind the ``now`` property,
which costs a Python call per read) and build their named tuples with ``tuple.__new__``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from .records import Columns, PositionSample, Records, StaffActivity, Walk

if TYPE_CHECKING:
    import simpy

    from .plan import Plan


class OpenSpan(NamedTuple):
    """What a staff member is doing right now (closed into a StaffActivity when it changes)."""

    activity: str
    start: float
    place: str
    metres: float
    customer_id: int | None
    detail: str
    on_floor: bool
    floor_fraction: float
    floor_activity: bool


#: builds an OpenSpan from its fields without the named tuple's Python-level ``__new__`` (a few per customer)
_new_span = tuple.__new__


class SpanOwner:
    """Something whose time is recorded as spans: a staff member. Their closed spans are kept flat,
    each as the open span's fields and the time it ended (no object per span while the day
    runs); :func:`staff_table` makes the records' rows of them."""

    __slots__ = ("id", "role", "cur", "closed")

    def __init__(self, sid: str, role: str) -> None:
        self.id = sid
        self.role = role
        self.cur: OpenSpan | None = None
        self.closed: list = []


#: the values kept per closed span: the OpenSpan's fields, then the end
_FLAT = len(OpenSpan._fields) + 1


def staff_table(owners: Sequence[SpanOwner]) -> Columns[StaffActivity]:
    """The StaffActivity rows of everyone's closed spans: by person in the order given, each
    person's in time order."""
    table = Columns(StaffActivity)
    sid, role, activity, start, end, *rest = table.cols
    for s in owners:
        flat = s.closed
        n = len(flat) // _FLAT
        sid += [s.id] * n
        role += [s.role] * n
        activity += flat[0::_FLAT]
        start += flat[1::_FLAT]
        end += flat[_FLAT - 1 :: _FLAT]
        for k, col in enumerate(rest, start=2):  # place ... floor_activity
            col += flat[k::_FLAT]
    return table


class Recorder:
    """Writes the records of one replication (see the module docstring)."""

    def __init__(self, env: simpy.Environment, plan: Plan, rec: Records, positions: bool) -> None:
        self.env = env
        self.plan = plan
        self.rec = rec
        self.positions = positions
        self._onf = plan._floor_memo
        self._qlast: dict[str, int] = {}
        self._qcols = rec.queues.cols
        self._ocols = rec.occupancy.cols

    # --- staff time ---------------------------------------------------------------------------
    def switch(
        self,
        s: SpanOwner,
        activity: str,
        place: str = "",
        poi: str | None = None,
        customer_id: int | None = None,
        detail: str = "",
        metres: float = 0.0,
        floor_fraction: float | None = None,
        floor_activity: bool = False,
    ) -> None:
        """``s`` starts ``activity`` now at ``place`` (an element id) / point ``poi``; a walk gives
        the share of its path on the lobby floor."""
        now = self.env._now
        if s.cur is not None:
            self.close(s, now)
        on_floor = False
        if poi:
            on_floor = self._onf.get(poi)  # type: ignore[assignment]
            if on_floor is None:
                on_floor = self.plan.on_floor(poi)
        if floor_fraction is None:
            floor_fraction = 1.0 if on_floor else 0.0
        else:
            on_floor = floor_fraction >= 0.5
        s.cur = _new_span(
            OpenSpan, (activity, now, place, metres, customer_id, detail, on_floor, floor_fraction, floor_activity)
        )

    def close(self, s: SpanOwner, now: float | None = None) -> None:
        """End ``s``'s current span (a span of no time is dropped unless it walked)."""
        cur = s.cur
        if cur is None:
            return
        now = self.env._now if now is None else now
        if now > cur.start or cur.metres > 0:
            closed = s.closed
            closed += cur
            closed.append(now)
        s.cur = None

    # --- samples ------------------------------------------------------------------------------
    def queue(self, name: str, length: int) -> None:
        """The queue ``name`` has ``length`` people from now on (recorded when it changes)."""
        last = self._qlast
        if last.get(name) == length:
            return
        last[name] = length
        times, names, lengths = self._qcols
        now = self.env._now
        if times and times[-1] == now and names[-1] == name:
            lengths[-1] = length
            return
        times.append(now)
        names.append(name)
        lengths.append(length)

    def occupancy(self, inside: int, seated: int, standing: int) -> None:
        times, ins, sea, sta = self._ocols
        now = self.env._now
        if times and times[-1] == now:
            ins[-1], sea[-1], sta[-1] = inside, seated, standing
            return
        times.append(now)
        ins.append(inside)
        sea.append(seated)
        sta.append(standing)

    def position(self, actor: str, actor_id: str, at: str, state: str) -> None:
        if not self.positions:
            return
        x, y = self.plan.pts[at]
        self.rec.positions.append(PositionSample(self.env._now, actor, actor_id, x, y, state))

    def walk(
        self,
        actor: str,
        actor_id: str,
        group: str,
        start: float,
        end: float,
        metres: float,
        a: str,
        b: str,
        purpose: str,
    ) -> None:
        self.rec.walks.append(Walk(actor, actor_id, group, start, end, metres, self.plan.path(a, b), purpose))
