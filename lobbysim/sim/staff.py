"""The branch's staff during a day: each person's state, and who is told when something needs
a staff member (a ticket for a counter, an arrival to greet, a step of a transaction that needs an
authoriser or a supervisor, a customer to approach). What a free staff member then does is decided
by :mod:`lobbysim.sim.decisions` and carried out by :mod:`lobbysim.sim.executors`.

The same rules hold on every layout; the layout decides through geometry:

* everyone works where the layout puts them: their counter, else the standing spot of their post
  (unless their desk is inside it), else their desk; a scenario post the layout lacks is refused
  unless the staff entry says ``"without_post": "desk"`` (the substitution is listed);
* a greeter greets arrivals at a door they can see from where they are, the nearest free first;
* a step that needs an authoriser brings the free authoriser whose post covers the fixture, else
  the nearest; one that needs a supervisor (counter authorisation) brings a free supervisor, or
  interrupts one in the middle of a desk task;
* a free marketer approaches a waiting customer they can see, with a propensity falling off with
  the walk (see :class:`~lobbysim.sim.policies.Marketing`), their own post's customers first, if
  the walk and a short contact fit in both their free time and the customer's expected wait;
* a teller whose queue has been empty for a while goes to the nearest call station when the idle
  spell they can expect is longer than the walk there and back plus a short call.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

from shapely.geometry import Point

from . import poi as P
from .decisions import next_break, overtime
from .policies import CoverRule, willingness
from .recorder import SpanOwner
from .sections import NEEDS, StaffSpec

if TYPE_CHECKING:
    import simpy

    from .customers import Customer
    from .model import Day
    from .plan import Plan
    from .tickets import Ticket

INF = math.inf


class Staff(SpanOwner):
    """One staff member: who they are (``spec``), where they belong and what they are doing."""

    __slots__ = (
        "spec",
        "can",
        "home",
        "at",
        "counter",
        "kind",
        "counter_poi",
        "post",
        "temp_close_at",
        "available",
        "interruptible",
        "wake",
        "task",
        "on_duty",
        "on_break",
        "shift_end",
        "breaks",
        "idle_since",
        "covering",
        "cover_until",
        "cover_greet",
        "greeter",
        "u",
    )

    def __init__(self, spec: StaffSpec) -> None:
        super().__init__(spec.id, spec.role)
        self.spec = spec
        self.can = spec.can
        self.home = ""  # where they wait when there is nothing to do: counter, post or desk
        self.at = ""  # the point of interest they are at (or walking to)
        self.counter: str | None = None
        self.kind: str | None = None
        self.counter_poi: str | None = None
        self.post: str | None = None
        self.temp_close_at: int | None = None  # a window opened by the cover rule closes at this queue
        self.available = False  # waiting, may be woken
        self.interruptible = False  # in a desk task that a counter authorisation may interrupt
        self.wake: simpy.Event | None = None
        self.task: Any = None  # a task handed over: (kind, ...)
        self.on_duty = False
        self.on_break = False
        self.shift_end = 0.0
        self.breaks: list[tuple[float, float]] = list(spec.breaks)
        self.idle_since = 0.0
        self.covering = False
        self.cover_until = 0.0
        self.cover_greet = False
        self.greeter = "greet" in spec.can
        #: the uniform their next choice is made with (drawn anew after each choice it decided)
        self.u = 0.5


class Placement(NamedTuple):
    """Where a staff member works on a layout: their counter (its kind and the point they work
    at), their post, and ``home``, where they wait when there is nothing to do."""

    counter: str | None
    kind: str | None
    counter_poi: str | None
    post: str | None
    home: str


def placement(spec: StaffSpec, plan: Plan) -> Placement:
    """Where ``spec`` works on ``plan``'s layout: their counter, else their post's standing spot
    (unless their desk is inside the post), else their desk."""
    counter = kind = counter_poi = post = None
    if spec.counter is not None and spec.counter in plan.fixtures:
        counter = spec.counter
        kind = plan.fixtures[counter].fixture_kind
        counter_poi = P.staff_point_of(counter, plan.pts)
    if spec.post is not None and spec.post in plan.posts:
        post = spec.post
    desk_poi = P.staff_point_of(spec.desk, plan.pts) if spec.desk else None
    if counter_poi:
        home = counter_poi
    elif post is not None and not (desk_poi and plan.posts[post].geometry.covers(Point(plan.pts[desk_poi]))):
        home = post
    else:
        home = desk_poi or ""
    return Placement(counter, kind, counter_poi, post, home)


class Request(NamedTuple):
    """A step of a transaction at fixture ``fid`` waits for someone with ``ability`` for ``seconds``."""

    fid: str
    ability: str  # 'authorise' or 'supervise'
    seconds: float
    event: Any  # simpy.Event, fired when they are there


class StaffPool:
    """Everyone on the roster, and the rules for who is called when something needs staff."""

    def __init__(self, day: Day) -> None:
        self.day = day
        self.env = day.env
        self.plan = day.plan
        self.pol = pol = day.pol
        self.staff: list[Staff] = []
        self.by_id: dict[str, Staff] = {}
        for spec in day.sc.staff:
            s = Staff(spec)
            s.u = day.decide(s.id)
            self._place(s)
            self.staff.append(s)
            self.by_id[s.id] = s
        self.counter_staff = [s for s in self.staff if s.counter is not None]
        self.window_rules: list[CoverRule] = [r for r in pol.cover if r.rule == "open_window"]
        self.post_rules: list[CoverRule] = [r for r in pol.cover if r.rule == "cover_post"]
        cover_post = {r.staff for r in self.post_rules}
        self.greeters = [s for s in self.staff if s.greeter or s.id in cover_post]
        self.marketers = [s for s in self.staff if "market" in s.can]
        self.requests: list[Request] = []
        self.station_busy: dict[str, Staff] = {}
        self.calls_left = day.call_list_part
        self.close_s = day.close_s
        self.flex_idle_s = pol.flex.idle_s
        tickets = day.tickets
        self.has_ticket_for = tickets.has_for
        self.tickets_for = tickets.count_for

    def _place(self, s: Staff) -> None:
        """Where ``s`` works on this layout (see :func:`placement`)."""
        s.counter, s.kind, s.counter_poi, s.post, s.home = placement(s.spec, self.plan)
        s.at = s.home

    def staff_poi(self, fid: str) -> str:
        return P.staff_point_of(fid, self.plan.pts)

    # --- telling people ---------------------------------------------------------------------------
    def wake(self, s: Staff) -> None:
        s.available = False
        s.interruptible = False
        w = s.wake
        s.wake = None
        if w is not None and not w.triggered:
            w.succeed()

    def assign(self, s: Staff, task: Any) -> None:
        s.task = task
        if s.available or s.interruptible:
            self.wake(s)

    def on_ticket(self, t: Ticket) -> None:
        """A ticket was added: wake the counter that should call it, and open a window if the
        cover rule says so."""
        kinds = t.kinds
        first: Staff | None = None
        cands: list[Staff] | None = None  # only when more than one is free (rarely)
        for s in self.counter_staff:
            if s.available and s.kind in kinds:
                if first is None:
                    first = s
                elif cands is None:
                    cands = [first, s]
                else:
                    cands.append(s)
        if cands is not None:
            wd = self.plan.walk_dist
            key = lambda s: (kinds.index(s.kind or ""), s.covering, wd(s.at, s.counter_poi or s.at))  # noqa: E731
            self.wake(min(cands, key=key))
        elif first is not None:
            self.wake(first)
        if self.window_rules:
            self._open_windows(kinds)

    def _open_windows(self, kinds: tuple[str, ...]) -> None:
        """The cover rule: a free staff member opens a window when enough tickets wait for it."""
        for r in self.window_rules:
            s = self.by_id[r.staff]
            if not (s.available and s.counter is None and s.task is None and s.on_duty):
                continue
            kind = self.plan.fixtures[r.fixture or ""].fixture_kind
            if kind in kinds and self.day.tickets.count_for(kind) >= r.open_at:
                self.assign(s, ("open", r))

    def _greets_now(self, s: Staff) -> bool:
        return s.available and s.on_duty and ((s.greeter and not s.covering) or (s.covering and s.cover_greet))

    def any_greeter(self) -> bool:
        return any(self._greets_now(s) for s in self.greeters)

    def find_greeter(self, door: str) -> Staff | None:
        """The free greeter nearest the door among those who can see it from where they are."""
        plan = self.plan
        best, best_d = None, INF
        for s in self.greeters:
            if self._greets_now(s) and plan.can_see(s.at, door):
                d = plan.walk_dist(s.at, door)
                if best is None or d < best_d:
                    best, best_d = s, d
        return best

    def request(self, needs: str, fid: str, seconds: float) -> simpy.Event:
        """A step at ``fid`` needs someone (see the module docstring); the event fires when they
        are there."""
        ev = self.env.event()
        req = Request(fid, NEEDS[needs], seconds, ev)
        best = self._who_comes(req, lambda s: s.available)
        if best is None and req.ability == "supervise":
            best = self._who_comes(req, lambda s: s.interruptible and s.task is None)
        if best is not None:
            self.assign(best, ("auth", req))
        else:
            self.requests.append(req)
        return ev

    def _who_comes(self, req: Request, free: Any) -> Staff | None:
        plan = self.plan
        target = self.staff_poi(req.fid)
        zone = plan.post_of(P.service(req.fid)) if P.service(req.fid) in plan.pts else None
        best, best_key = None, None
        for s in self.staff:
            if req.ability in s.can and s.on_duty and free(s):
                k = (0 if zone is not None and s.post == zone else 1, plan.walk_dist(s.at, target), s.id)
                if best_key is None or k < best_key:
                    best, best_key = s, k
        return best

    def next_request(self, s: Staff) -> Request | None:
        """Take the oldest waiting request ``s`` may answer."""
        for j, req in enumerate(self.requests):
            if req.ability in s.can:
                del self.requests[j]
                return req
        return None

    # --- marketing ---------------------------------------------------------------------------------
    def _free_for(self, s: Staff, now: float) -> float:
        """Seconds until ``s`` is due elsewhere (a break, the end of the shift or of a cover spell)."""
        until = INF
        br = next_break(s.breaks, now)
        if br is not None:
            until = br[0]
        if not overtime(s, self.close_s):
            until = min(until, s.shift_end)
        if s.covering:
            until = min(until, s.cover_until)
        return until - now

    def _approach_rank(self, s: Staff, c: Customer, free_s: float) -> tuple[int, float] | None:
        """(0 for a customer in ``s``'s own post, else 1; the walk) when ``s`` would approach ``c``
        now, else None."""
        spot = c.spot
        if spot is None or c.tried or c.contact_by is not None:
            return None
        plan, mk = self.plan, self.pol.marketing
        if not plan.can_see(s.at, spot):
            return None
        d = plan.walk_dist(s.at, spot)
        if self.day.draws.u["approach"][c.i] >= mk.propensity(d):
            return None
        walk_s = d / self.pol.staff_walk_speed
        if 2 * walk_s + mk.min_contact_s > free_s:
            return None
        if walk_s + mk.min_contact_s > self.day.estimates.remaining_wait(c):
            return None
        mine = s.post is not None and plan.post_of(spot) == s.post
        return (0 if mine else 1, d)

    def market_target(self, s: Staff) -> Customer | None:
        """The waiting customer ``s`` approaches now, if any (see the module docstring)."""
        flow = self.day.customers
        if not flow.waiting:
            return None
        free_s = self._free_for(s, self.env.now)
        best, best_rank = None, None
        for c in flow.waiting.values():
            if not flow.receptive(c):
                continue
            rank = self._approach_rank(s, c, free_s)
            if rank is not None and (best_rank is None or rank < best_rank):
                best, best_rank = c, rank
        return best

    def notify_marketers(self, c: Customer) -> None:
        """A customer sat down to wait: wake the free marketer who would approach them first."""
        if not self.day.customers.receptive(c) or self.env.now >= self.close_s:
            return
        now = self.env.now
        best, best_rank = None, None
        for s in self.marketers:
            if s.available and s.on_duty and not s.covering:
                rank = self._approach_rank(s, c, self._free_for(s, now))
                if rank is not None and (best_rank is None or rank < best_rank):
                    best, best_rank = s, rank
        if best is not None:
            self.wake(best)

    # --- what staff see (decisions.LobbyView) -------------------------------------------------------
    def auth_waiting(self, s: Staff) -> bool:
        return bool(self.requests) and any(req.ability in s.can for req in self.requests)

    def station_for(self, s: Staff) -> str | None:
        """The call station nearest ``s``'s counter."""
        plan = self.plan
        if not plan.call_stations or s.counter_poi is None:
            return None
        return plan.nearest(s.counter_poi, plan.call_stations)

    def may_call(self, s: Staff) -> bool:
        """Flexible rota: ``s`` may go to the call station now (it is free, there are numbers left
        on the day's list, their queue is empty)."""
        flex = self.pol.flex
        if not (
            flex.enabled
            and "call" in s.can
            and s.counter is not None
            and s.kind is not None
            and s.temp_close_at is None
            and self.calls_left != 0
            and self.env.now < self.close_s
        ):
            return False
        station = self.station_for(s)
        if station is None or self.station_busy.get(station, s) is not s:
            return False
        return not self.day.tickets.has_for(s.kind)

    def call_worth(self, s: Staff) -> bool:
        """Whether ``s`` goes to the call station now: with the probability that the idle spell
        lasts longer than the walk there and back plus a short call, the spell taken as exponential
        with the length ``s`` can expect (idle colleagues of the same kind, self included, over the
        recent rate of tickets for that kind), times their willingness to walk that far (see
        :class:`~lobbysim.sim.policies.FlexRota`). The walk is a cost weighed, not a cut-off."""
        assert s.kind is not None and s.counter_poi is not None
        station = self.station_for(s)
        assert station is not None
        rate = self.day.estimates.ticket_rate(s.kind, self.env.now)
        idle = 1 + sum(1 for o in self.counter_staff if o is not s and o.kind == s.kind and o.available)
        flex = self.pol.flex
        d = self.plan.walk_dist(s.counter_poi, station)
        trip = 2 * d / self.pol.staff_walk_speed
        p = math.exp(-(trip + flex.min_call_s) * rate / idle) * willingness(d, flex.half_distance_m, flex.steepness)
        return s.u < p
