"""What a staff member does next: one pure function, :func:`next_action`.

A free staff member asks ``next_action`` what to do from what they can see (their own state,
the ticket queue, pending authorisations, waiting customers, the call station); it answers with
an :class:`Action`, which the executors of :mod:`lobbysim.sim.executors` carry out (walk, serve,
approach, call ...). The function reads and never changes anything, so the rules can be read
like the consultant's own and tested without SimPy.

The rules, in order:

1. a break that is due is taken; a shift that is over ends (unless the branch is still open
   after it: overtime);
2. a task handed over by someone else (greet an arrival, authorise, cover a post, open a window,
   a micro-salon) is done;
3. a window opened to cover a rush closes again once its queue is short;
4. counter staff serve the next ticket their counter may call, walking back to it first;
5. authorisers and supervisors answer a step of a transaction waiting for them;
6. marketers approach a waiting customer they can see and would go to (see
   :meth:`lobbysim.sim.staff.StaffPool.market_target`);
7. everyone else goes back to where they belong (their counter, post or desk);
8. counter staff whose queue has been empty for a while go to make outbound calls when the idle
   spell they can expect is worth the walk (flexible rota), and weigh it again after the same
   while if not;
9. otherwise they wait, to be woken by whatever needs them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    from .customers import Customer
    from .staff import Staff

INF = math.inf

RETURN = "return"  # off duty (shift over, or the VP's spell of free time is over)
BREAK = "break"
TASK = "task"
CLOSE_WINDOW = "close_window"
SERVE = "serve"
TO_COUNTER = "to_counter"
AUTHORISE = "authorise"
APPROACH = "approach"
GO_HOME = "go_home"
CALL = "call"
WAIT = "wait"


class Action(NamedTuple):
    """What to do: ``kind`` (one of the constants above) with its argument (the break's end,
    the customer to approach, where to walk, the state to wait in) and, for WAIT, until when."""

    kind: str
    arg: Any = None
    deadline: float = INF
    #: the cover spell is over: stop covering before doing this
    end_cover: bool = False
    #: the call station was weighed (with the staff member's current decision uniform): draw a new one
    weighed: bool = False


class LobbyView(Protocol):
    """What a staff member can see of the lobby when deciding (read-only)."""

    close_s: float
    flex_idle_s: float

    def has_ticket_for(self, kind: str) -> bool: ...

    def tickets_for(self, kind: str) -> int: ...

    def auth_waiting(self, s: Staff) -> bool: ...

    def market_target(self, s: Staff) -> Customer | None: ...

    def may_call(self, s: Staff) -> bool: ...

    def call_worth(self, s: Staff) -> bool: ...


def next_break(breaks: list[tuple[float, float]], now: float) -> tuple[float, float] | None:
    """The first break that has not ended by ``now`` (breaks are sorted and do not overlap)."""
    for br in breaks:
        if br[1] > now:
            return br
    return None


def overtime(s: Staff, close_s: float) -> bool:
    """A shift that ends at or after closing runs on until the last customer is served."""
    return s.shift_end >= close_s


_RETURN = Action(RETURN)
_SERVE = Action(SERVE)
_TO_COUNTER = Action(TO_COUNTER)
_AUTHORISE = Action(AUTHORISE)
_CLOSE_WINDOW = Action(CLOSE_WINDOW)


def next_action(s: Staff, lobby: LobbyView, now: float, until: float = INF, idle_state: str = "idle") -> Action:
    """What ``s`` does next at time ``now`` (see the module docstring); ``until`` ends a spell of
    duty early (the VP's free time between tasks), ``idle_state`` is what waiting is called then."""
    # rules 1-2: the end of duty, a break that is due, a task handed over
    if now >= until:
        return _RETURN
    br = next_break(s.breaks, now) if s.breaks else None
    if br is not None and br[0] <= now:
        return Action(BREAK, br)
    if now >= s.shift_end and not overtime(s, lobby.close_s):
        return _RETURN
    if s.task is not None:
        return Action(TASK, s.task)
    # rules 3-4: close a cover window once its queue is short; serve the next ticket
    kind = s.kind
    if kind is not None:
        if s.temp_close_at is not None and lobby.tickets_for(kind) <= s.temp_close_at:
            return _CLOSE_WINDOW
        if s.counter is not None and lobby.has_ticket_for(kind):
            return _SERVE if s.at == s.counter_poi else _TO_COUNTER
    return _helping(s, lobby, now) or _between(s, lobby, now, until, idle_state)


def _helping(s: Staff, lobby: LobbyView, now: float) -> Action | None:
    """Rules 5-6: answer a step waiting for an authoriser or supervisor; approach a customer."""
    if lobby.auth_waiting(s):
        return _AUTHORISE
    if "market" in s.can and now < lobby.close_s and not s.covering:
        c = lobby.market_target(s)
        if c is not None:
            return Action(APPROACH, c)
    return None


def _between(s: Staff, lobby: LobbyView, now: float, until: float, idle_state: str) -> Action:
    """Rules 7-9: back to where they belong, to the call station, or wait until something is due."""
    end_cover = s.covering and now >= s.cover_until
    covering = s.covering and not end_cover
    target = s.home if s.counter is None or covering else s.counter_poi
    if not covering and s.at != target:
        return Action(GO_HOME, target, end_cover=end_cover)
    deadline = min(until, _next_due(s, now, lobby.close_s, covering))
    if "call" in s.can and lobby.may_call(s):
        due = s.idle_since + lobby.flex_idle_s
        if due > now:
            deadline = min(deadline, due)
        elif lobby.call_worth(s):
            return Action(CALL, end_cover=end_cover, weighed=True)
        else:
            return Action(
                WAIT, "cover" if covering else idle_state, min(deadline, now + lobby.flex_idle_s), end_cover, True
            )
    return Action(WAIT, "cover" if covering else idle_state, deadline, end_cover)


def _next_due(s: Staff, now: float, close_s: float, covering: bool) -> float:
    """When ``s`` is next due elsewhere: a break, the end of the shift, the end of a cover spell."""
    due = INF
    br = next_break(s.breaks, now) if s.breaks else None
    if br is not None:
        due = br[0]
    if now < s.shift_end and not overtime(s, close_s):
        due = min(due, s.shift_end)
    if covering:
        due = min(due, s.cover_until)
    return due
