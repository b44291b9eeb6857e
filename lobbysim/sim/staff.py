"""The branch's staff during a day: each person's state, and who is told when something needs
a staff member (a ticket for a counter, an arrival to greet, an authorisation, a customer to
approach). What a free staff member then does is decided by :mod:`lobbysim.sim.decisions`
and carried out by :mod:`lobbysim.sim.executors`."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from shapely.geometry import Point

from . import poi as P
from .policies import CoverRule
from .recorder import SpanOwner
from .sections import StaffSpec

if TYPE_CHECKING:
    import simpy

    from .customers import Customer
    from .model import Day
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
        "post_num",
        "temp_close_at",
        "available",
        "wake",
        "task",
        "on_duty",
        "shift_end",
        "breaks",
        "idle_since",
        "covering",
        "cover_until",
        "cover_greet",
        "greeter",
        "calls",
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
        self.post_num = 0
        self.temp_close_at: int | None = None  # a window opened by the cover rule closes at this queue
        self.available = False  # waiting, may be woken
        self.wake: simpy.Event | None = None
        self.task: Any = None  # a task handed over: (kind, ...)
        self.on_duty = False
        self.shift_end = 0.0
        self.breaks: list[tuple[float, float]] = list(spec.breaks)
        self.idle_since = 0.0
        self.covering = False
        self.cover_until = 0.0
        self.cover_greet = False
        self.greeter = False
        self.calls = 0


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
            self._place(s)
            self.staff.append(s)
            self.by_id[s.id] = s
        self.counter_staff = [s for s in self.staff if s.counter is not None]
        cover_post = {r.staff for r in pol.cover if r.rule == "cover_post"}
        self.greeters = [s for s in self.staff if s.greeter or s.id in cover_post]
        self.window_rules: list[CoverRule] = [r for r in pol.cover if r.rule == "open_window"]
        self.post_rules: list[CoverRule] = [r for r in pol.cover if r.rule == "cover_post"]
        self.auth_q: list[tuple[str, simpy.Event]] = []
        self.station_busy: Staff | None = None
        self.close_s = day.close_s
        self.flex_idle_s = pol.flex.idle_s
        tickets = day.tickets
        self.queue_waiting = tickets.__bool__
        self.has_ticket_for = tickets.has_for
        self.tickets_for = tickets.count_for

    def _place(self, s: Staff) -> None:
        """Where ``s`` works on this layout: their counter, else their post (unless their desk is
        inside it), else their desk; and whether they greet arrivals."""
        plan, spec = self.plan, s.spec
        if spec.counter is not None and spec.counter in plan.fixtures:
            s.counter = spec.counter
            s.kind = plan.fixtures[spec.counter].fixture_kind
            s.counter_poi = self.staff_poi(spec.counter)
        if spec.post is not None and spec.post in plan.posts:
            s.post = spec.post
            s.post_num = plan.posts[spec.post].number
        desk_poi = self.staff_poi(spec.desk) if spec.desk else None
        if s.counter_poi:
            s.home = s.counter_poi
        elif s.post is not None and not (desk_poi and plan.posts[s.post].geometry.covers(Point(plan.pts[desk_poi]))):
            s.home = s.post
        else:
            s.home = desk_poi or ""
        s.at = s.home
        # who greets arrivals: post-1 staff; in a lobby without posts, greeters at a reception desk
        if "greet" in s.can:
            if plan.posts:
                s.greeter = s.post_num == 1
            else:
                s.greeter = spec.desk is not None and plan.fixtures[spec.desk].fixture_kind == "reception_desk"

    def staff_poi(self, fid: str) -> str:
        return P.staff_point_of(fid, self.plan.pts)

    # --- telling people ---------------------------------------------------------------------------
    def wake(self, s: Staff) -> None:
        s.available = False
        w = s.wake
        s.wake = None
        if w is not None and not w.triggered:
            w.succeed()

    def assign(self, s: Staff, task: Any) -> None:
        s.task = task
        if s.available:
            self.wake(s)

    def on_ticket(self, t: Ticket) -> None:
        """A ticket was added: wake the counter that should call it, and open a window if the
        cover rule says so."""
        kinds = t.kinds
        cands = [s for s in self.counter_staff if s.available and s.kind in kinds]
        if cands:
            if len(cands) > 1:
                wd = self.plan.walk_dist
                cands.sort(key=lambda s: (kinds.index(s.kind or ""), s.covering, wd(s.at, s.counter_poi or s.at)))
            self.wake(cands[0])
        for r in self.window_rules:
            s = self.by_id[r.staff]
            if s.available and s.counter is None and s.task is None and s.on_duty:
                assert r.fixture is not None
                kind = self.plan.fixtures[r.fixture].fixture_kind
                if kind in t.kinds and self.day.tickets.count_for(kind) >= r.open_at:
                    self.assign(s, ("open", r))

    def find_greeter(self) -> Staff | None:
        for s in self.greeters:
            if s.available and s.on_duty and ((s.greeter and not s.covering) or (s.covering and s.cover_greet)):
                return s
        return None

    def request_auth(self, fid: str) -> simpy.Event:
        """The smart counter ``fid`` needs an authorisation: the nearest free authoriser (post 2
        first) comes; the event fires when they are there."""
        ev = self.env.event()
        target = self.staff_poi(fid)
        best, best_key = None, None
        for s in self.staff:
            if s.available and s.on_duty and "authorise" in s.can:
                k = (0 if s.post_num == 2 else 1, self.plan.walk_dist(s.at, target), s.id)
                if best_key is None or k < best_key:
                    best, best_key = s, k
        if best is not None:
            self.assign(best, ("auth", fid, ev))
        else:
            self.auth_q.append((fid, ev))
        return ev

    def notify_marketers(self, c: Customer) -> None:
        """A customer sat down to wait: wake a free marketer whose zone they are in."""
        flow = self.day.customers
        if not flow.receptive(c) or self.env.now >= self.day.close_s:
            return
        for s in self.staff:
            if (
                s.available
                and "market" in s.can
                and not s.covering
                and c.spot in self.plan.zone_spots(s.home, s.post, self.pol.marketing.desk_reach_m)
            ):
                self.wake(s)
                return

    # --- what staff see (decisions.LobbyView) -------------------------------------------------------
    def auth_waiting(self) -> bool:
        return bool(self.auth_q)

    def market_target(self, s: Staff) -> Customer | None:
        flow = self.day.customers
        if not flow.waiting:
            return None
        spots = self.plan.zone_spots(s.home, s.post, self.pol.marketing.desk_reach_m)
        for c in flow.waiting.values():
            if not c.tried and c.contact_by is None and c.spot in spots and flow.receptive(c):
                return c
        return None

    def may_call(self, s: Staff) -> bool:
        """Flexible rota: ``s`` may go to the call station now."""
        flex, plan = self.pol.flex, self.plan
        if not (
            flex.enabled
            and "call" in s.can
            and s.counter is not None
            and plan.call_station
            and s.temp_close_at is None
            and self.env.now < self.day.close_s
        ):
            return False
        if self.station_busy is not None and self.station_busy is not s:
            return False
        if flex.quota and s.calls >= flex.quota:
            return False
        assert s.counter_poi is not None and plan.call_station is not None
        return plan.walk_dist(s.counter_poi, plan.call_station) <= flex.max_walk_m
