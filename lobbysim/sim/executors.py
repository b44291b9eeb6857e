"""What staff do, once :func:`lobbysim.sim.decisions.next_action` has chosen: small generator
functions that walk, serve, authorise, approach a customer, hold a micro-salon, make outbound
calls, take a break or cover for someone, and record each span of time as they go."""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

import numpy as np

from . import decisions as D
from . import poi as P
from .records import CallSession, CustomerRecord, MarketingContact, OutboundCall
from .scenario import MACHINE_KINDS
from .waiting import first_of, tick

if TYPE_CHECKING:
    from .customers import Customer
    from .model import Day
    from .staff import Request, Staff
    from .tickets import Ticket

INF = math.inf
Proc = Generator[Any, Any, None]


class StaffWork:
    """The staff's processes on one simulated day."""

    def __init__(self, day: Day) -> None:
        self.day = day
        self.env = day.env
        self.plan = day.plan
        self.pol = day.pol
        self.rec = day.recorder
        self.pool = day.staff
        self.srng = day.srng
        self._stepped = day.stepped
        self._do: dict[str, Callable[[Staff, D.Action], Proc]] = {
            D.BREAK: self._break,
            D.TASK: self._task,
            D.CLOSE_WINDOW: self._close_window,
            D.TO_COUNTER: self._to_counter,
            D.AUTHORISE: self._answer_auth,
            D.APPROACH: self._approach,
            D.GO_HOME: self._go_home,
            D.CALL: self._call,
        }

    # --- a day of work ------------------------------------------------------------------------------
    def staff_life(self, s: Staff) -> Proc:
        env, day = self.env, self.day
        for on, off in s.spec.shifts:
            if env._now < on:
                yield env.timeout(on - env._now)
            if on >= day.end_cut:
                break
            s.on_duty, s.shift_end, s.idle_since = True, off, env._now
            yield from self.duty(s)
            s.on_duty = False
            self.rec.close(s)

    def duty(self, s: Staff, until: float = INF, idle_state: str = "idle") -> Proc:
        """A staff member's working loop until the shift ends (or ``until``)."""
        pool, do, env, rec_ = self.pool, self._do, self.env, self.rec
        next_action, SERVE, WAIT, RETURN = D.next_action, D.SERVE, D.WAIT, D.RETURN
        tickets, steps, depart = self.day.tickets, self.day.draws.steps, self.day.customers.depart
        while True:
            a = next_action(s, pool, env._now, until, idle_state)
            if a.end_cover or a.weighed:
                self._settle(s, a)
            kind = a.kind
            # the two most frequent answers are carried out here, without a sub-generator
            if kind is WAIT:
                state = a.arg
                cur = s.cur
                if cur is None or cur.activity != state:
                    rec_.switch(s, state, P.element_of(s.at), s.at, floor_activity=state == "floor")
                s.available = True
                ev = s.wake = env.event()
                yield first_of(env, ev, a.deadline - env._now) if a.deadline < INF else ev
                s.available = False
                s.wake = None
            elif kind is SERVE:
                kind = s.kind or ""
                t = tickets.pop_for(kind)
                assert t is not None
                if not self._passive(s, t):
                    yield from self.serve(s, t)
                    continue
                # a passive customer (CustomerFlow.passive_customer) with a plain transaction: one timeout
                rec = t.rec
                now = env._now
                rec.fixture_id, rec.fixture_kind = s.counter, s.kind
                rec.call_time = rec.service_start = now
                end = rec.service_end = now + steps[kind].plain_seconds(t.i)
                rec_.switch(s, "serve", s.counter or "", s.at, rec.customer_id)
                yield tick(env, end - now)
                rec_.close(s)
                rec.outcome = "served"
                depart(rec)
                s.idle_since = env._now
            elif kind is RETURN:
                return
            else:
                yield from do[kind](s, a)

    def _passive(self, s: Staff, t: Ticket) -> bool:
        """Whether ``t`` is served in one timeout: a customer without a process of their own (no
        walk, no giving up), a number that is there, a regular window, a plain transaction."""
        return (
            t.done is None
            and not t.absent
            and s.temp_close_at is None
            and (t.rec.business, s.kind) not in self._stepped
        )

    def _settle(self, s: Staff, a: D.Action) -> None:
        """What a decision changes before it is carried out: a cover spell ends; a choice made
        with the staff member's decision uniform uses it up."""
        if a.end_cover:
            s.covering = False
        if a.weighed:
            s.u = self.day.decide(s.id)

    def walk(self, s: Staff, to: str, purpose: str) -> Proc:
        d = self.plan.walk_dist(s.at, to)
        if d <= 0:
            s.at = to
            return
        env = self.env
        t = d / self.pol.staff_walk_speed
        self.rec.switch(
            s, "walk", "", None, metres=d, detail=purpose, floor_fraction=self.plan.floor_fraction(s.at, to)
        )
        self.rec.walk("staff", s.id, s.role, env._now, env._now + t, d, s.at, to, purpose)
        self.rec.position("staff", s.id, s.at, "walking")
        s.at = to
        yield tick(env, t)
        self.rec.close(s)
        self.rec.position("staff", s.id, to, purpose)

    # --- the executors of next_action's answers ---------------------------------------------------------
    def _break(self, s: Staff, a: D.Action) -> Proc:
        br = a.arg
        while s.breaks and s.breaks[0] != br:
            s.breaks.pop(0)
        s.breaks.pop(0)
        yield from self.take_break(s, br[1])

    def _task(self, s: Staff, a: D.Action) -> Proc:
        s.task = None
        yield from self.do_task(s, a.arg)

    def _close_window(self, s: Staff, a: D.Action) -> Proc:
        # a window opened by the cover rule closes again once the queue is short
        s.counter = s.kind = s.counter_poi = None
        s.temp_close_at = None
        yield from self.walk(s, s.home, "home")

    def _to_counter(self, s: Staff, a: D.Action) -> Proc:
        s.covering = False
        assert s.counter_poi is not None
        yield from self.walk(s, s.counter_poi, "to_counter")

    def _answer_auth(self, s: Staff, a: D.Action) -> Proc:
        req = self.pool.next_request(s)
        assert req is not None
        yield from self.authorise(s, req)

    def _approach(self, s: Staff, a: D.Action) -> Proc:
        yield from self.contact(s, a.arg)

    def _go_home(self, s: Staff, a: D.Action) -> Proc:
        yield from self.walk(s, a.arg, "home")

    def _call(self, s: Staff, a: D.Action) -> Proc:
        yield from self.call_session(s)

    # --- tasks ------------------------------------------------------------------------------------------
    def take_break(self, s: Staff, end: float) -> Proc:
        env, pool = self.env, self.pool
        for r in pool.post_rules:
            if r.post == s.spec.post:
                cs = pool.by_id[r.staff]
                if cs.on_duty and cs.task is None:  # comes as soon as they are free
                    pool.assign(cs, ("cover", s, end))
        self.rec.switch(s, "break", s.spec.desk or s.counter or "", None)
        s.on_break = True
        yield env.timeout(max(0.0, end - env._now))
        s.on_break = False
        self.rec.close(s)
        s.idle_since = env._now

    def do_task(self, s: Staff, task: Any) -> Proc:
        kind = task[0]
        if kind == "greet":
            c = task[1]
            self.rec.switch(
                s, "greet", s.post or s.spec.desk or "", s.at, customer_id=c.rec.customer_id, floor_activity=True
            )
            yield self.env.timeout(self.pol.triage.greet_s)
            self.rec.close(s)
        elif kind == "auth":
            yield from self.authorise(s, task[1])
        elif kind == "cover":
            yield from self._cover(s, task[1], task[2])
        elif kind == "salon":
            yield from self._salon(s, task[1])
        elif kind == "open":
            yield from self._open_window(s, task[1])

    def _cover(self, s: Staff, covered: Staff, end: float) -> Proc:
        if self.env._now >= end or (s.counter is not None and s.kind is not None and self.day.tickets.has_for(s.kind)):
            return
        yield from self.walk(s, covered.home, "cover")
        s.covering = True
        s.cover_until = end
        s.cover_greet = covered.greeter

    def _open_window(self, s: Staff, r: Any) -> Proc:
        at = self.pool.staff_poi(r.fixture)
        yield from self.walk(s, at, "open_window")
        s.counter, s.kind, s.counter_poi = r.fixture, self.plan.fixtures[r.fixture].fixture_kind, at
        s.temp_close_at = r.close_at
        if s not in self.pool.counter_staff:
            self.pool.counter_staff.append(s)

    def authorise(self, s: Staff, req: Request) -> Proc:
        """``s`` comes to the fixture (a supervisor approves remotely when the policy says so),
        and stays for the step."""
        remote = req.ability == "supervise" and self.pol.authorisation.remote
        if not remote:
            yield from self.walk(s, self.pool.staff_poi(req.fid), "authorise")
        f = self.plan.fixtures.get(req.fid)
        floor = f is not None and f.fixture_kind in MACHINE_KINDS and self.plan.on_floor(s.at)
        detail = "remote" if remote else ("counter" if req.ability == "supervise" else "")
        self.rec.switch(s, "authorise", req.fid, s.at, detail=detail, floor_activity=floor)
        req.event.succeed()
        yield tick(self.env, req.seconds)
        self.rec.close(s)

    def transaction(self, i: int, rec: CustomerRecord, kind: str, fid: str) -> Proc:
        """Customer ``i``'s transaction at ``fid``, step by step; a step that needs a staff member
        waits for them (the waits are recorded)."""
        env = self.env
        auth = sup = None
        for st in self.day.draws.steps[kind].times(i):
            if st.needs is not None:
                t0 = env._now
                yield self.pool.request(st.needs, fid, st.seconds)
                if st.needs == "authorisation":
                    auth = (auth or 0.0) + env._now - t0
                else:
                    sup = (sup or 0.0) + env._now - t0
            if st.seconds > 0:
                yield tick(env, st.seconds)
        rec.authorisation_wait = auth
        rec.supervisor_wait = sup

    def serve(self, s: Staff, t: Ticket) -> Proc:
        env = self.env
        assert s.counter is not None and s.kind is not None
        if t.absent:  # the number is called in vain (过号)
            self.rec.switch(s, "serve", s.counter, s.at, t.rec.customer_id, "absent ticket")
            yield tick(env, self.day.sc.customers.no_show_call_s)
            self.rec.close(s)
            return
        rec = t.rec
        rec.fixture_id, rec.fixture_kind = s.counter, s.kind
        walk = 0.0
        c = t.cust
        if self.plan.walking and c is not None:
            start_walk = max(env._now, c.walk_end)
            walk = start_walk - env._now + self.plan.walk_dist(c.at, P.service(s.counter)) / c.speed
        if t.called is not None:
            t.called.succeed(env._now)
        rec.call_time = env._now
        rec.service_start = env._now + walk
        self.rec.switch(s, "serve", s.counter, s.at, rec.customer_id, "cover" if s.temp_close_at is not None else "")
        if self.day.plain(rec.business, s.kind):
            svc = self.day.draws.steps[s.kind].plain_seconds(t.i)
            rec.service_end = rec.service_start + svc
            yield tick(env, walk + svc)
        else:
            if walk > 0:
                yield tick(env, walk)
            yield from self.transaction(t.i, rec, s.kind, s.counter)
            rec.service_end = env._now
        self.rec.close(s)
        if t.done is None:
            rec.outcome = "served"
            self.day.customers.depart(rec)
        else:
            t.done.succeed()
        s.idle_since = env._now

    # --- marketing ------------------------------------------------------------------------------------------
    def contact(self, s: Staff, c: Customer) -> Proc:
        """``s`` walks to ``c`` and talks until the contact ends or ``c``'s number is called, then
        goes back to where they stand."""
        env = self.env
        c.tried = True
        c.contact_by = s
        assert c.spot is not None
        yield from self.walk(s, c.spot, "to_customer")
        t = c.ticket
        assert t is not None
        called = t.called
        if c.spot is not None and called is not None and not called.triggered and c.i in self.day.customers.waiting:
            dur = float(self.pol.marketing.contact.sample(self.srng, 1)[0])
            start = env._now
            self.rec.switch(s, "market", P.element_of(c.spot), s.at, customer_id=c.rec.customer_id, floor_activity=True)
            yield env.timeout(dur) | called
            completed = not called.triggered
            converted = completed and self.day.draws.u["conversion"][c.i] < c.b.conversion
            c.rec.contacted = True
            c.rec.converted = converted
            self.day.rec.contacts.append(
                MarketingContact(s.id, c.rec.customer_id, start, env._now, completed, converted)
            )
            self.rec.close(s)
        c.contact_by = None
        # back to where they stand and watch from (their post, desk or counter) before the next
        if s.home and s.at != s.home:
            yield from self.walk(s, s.home, "back_to_post")

    def micro_salon(self, s: Staff, start: float, dur: float) -> Proc:
        """A scheduled micro-salon (微沙龙): ``s`` talks to everyone waiting in the waiting area."""
        env = self.env
        if env._now < start:
            yield env.timeout(start - env._now)
        if not s.on_duty or env._now >= self.day.close_s:
            return
        s.task = ("salon", dur)
        if s.available:
            self.pool.wake(s)

    def _salon(self, s: Staff, dur: float) -> Proc:
        env = self.env
        flow = self.day.customers
        yield from self.walk(s, self.plan.nearest(s.at, self.plan.standing), "micro_salon")
        start = env._now
        people = [c for c in flow.waiting.values() if c.contact_by is None]
        for c in people:
            c.tried = True
            c.contact_by = s
        self.rec.switch(s, "market", "micro_salon", s.at, detail="micro-salon", floor_activity=True)
        yield tick(env, dur)
        self.rec.close(s)
        for c in people:
            t = c.ticket
            assert t is not None
            called = t.called is not None and t.called.triggered
            end = c.rec.call_time if called and c.rec.call_time is not None else env._now
            converted = not called and flow.draws.u["conversion"][c.i] < c.b.conversion
            c.rec.contacted = True
            c.rec.converted = c.rec.converted or converted
            self.day.rec.contacts.append(
                MarketingContact(s.id, c.rec.customer_id, start, max(start, end), not called, converted)
            )
            c.contact_by = None

    # --- flexible rota: outbound calls ----------------------------------------------------------------------
    def call_session(self, s: Staff) -> Proc:
        """Outbound calls until a customer waits for ``s``'s counter (they finish the call and walk
        back), the day's call list is used up, a break is due, a task comes or the branch closes."""
        env, pool = self.env, self.pool
        flex = self.pol.flex
        station = pool.station_for(s)
        assert station is not None and s.kind is not None and s.counter_poi is not None
        pool.station_busy[station] = s
        start = env._now
        yield from self.walk(s, station, "to_call_station")
        names = [k for k, _ in flex.outcomes]
        cum = np.cumsum([v for _, v in flex.outcomes])
        calls = 0
        while True:
            why = self._stop_calling(s)
            if why:
                break
            d = float(flex.call.sample(self.srng, 1)[0])
            outcome = names[min(int(np.searchsorted(cum, self.srng.random(), side="right")), len(names) - 1)]
            t0 = env._now
            self.rec.switch(s, "call", P.element_of(station), s.at, detail=outcome)
            if pool.calls_left > 0:
                pool.calls_left -= 1
            yield tick(env, d)
            self.rec.close(s)
            self.day.rec.calls.append(OutboundCall(s.id, t0, env._now, outcome))
            calls += 1
        del pool.station_busy[station]
        recalled = self._recalled_at(s.kind) if why == "ticket" else None
        yield from self.walk(s, s.counter_poi, "to_counter")
        self.day.rec.call_sessions.append(CallSession(s.id, start, env._now, calls, why, recalled))
        s.idle_since = env._now

    def _stop_calling(self, s: Staff) -> str:
        """Why ``s`` stops calling now ('' to go on)."""
        env, pool = self.env, self.pool
        assert s.kind is not None
        if env._now >= self.day.close_s:
            return "close"
        if s.task is not None:
            return "task"
        if self.day.tickets.count_for(s.kind) >= self.pol.flex.return_queue:
            return "ticket"
        if pool.calls_left == 0:
            return "list"
        br = D.next_break(s.breaks, env._now)
        if br is not None and br[0] <= env._now:
            return "break"
        return ""

    def _recalled_at(self, kind: str) -> float | None:
        """When the first customer now waiting for a counter of ``kind`` took their ticket."""
        times = [e.ticket.rec.ticket_time for e in self.day.tickets.entries if kind in e.ticket.kinds]
        return min((t for t in times if t is not None), default=None)
