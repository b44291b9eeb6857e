"""The SimPy model of one branch day.

Actors are small generator functions: :meth:`Day.arrivals` lets customers in,
:meth:`Day.customer` is one customer's visit (greeting, ticket, seat, call, service, exit),
:meth:`Day.staff_life` one staff member's shifts (serving at a counter, authorising at the
smart counter, greeting and marketing on the floor, outbound calls, cover), and
:meth:`Day.vp_life` the operations VP working the daily task list.

Randomness: one ``numpy.random.SeedSequence`` per (seed, day, replication), spawned into a
customer stream and a staff stream. Every customer attribute (arrival time, business,
priority, patience, balking threshold, service times, walking speed, no-show, the uniforms
of triage, alerts and marketing) is drawn up front from the customer stream, which depends
only on the scenario: two layouts or two rosters see the same customers.
"""

from __future__ import annotations

import bisect
import gc
import math
from operator import attrgetter

import numpy as np
import simpy

from .plan import Plan
from .records import (
    CustomerRecord,
    MarketingContact,
    OccupancySample,
    OutboundCall,
    PositionSample,
    QueueSample,
    Records,
    StaffActivity,
    Walk,
)
from .scenario import DAYS, MACHINE_KINDS, SERVICE_KINDS, Scenario

INF = math.inf


class Cust:
    __slots__ = (
        "i",
        "rec",
        "b",
        "speed",
        "deadline",
        "balk",
        "no_show",
        "u",
        "poi",
        "walk_end",
        "ticket",
        "seat",
        "spot",
        "contact_by",
        "tried",
    )

    def __init__(self, i, rec, b, deadline, balk, speed, no_show, u):
        self.i, self.rec, self.b = i, rec, b
        self.deadline, self.balk, self.speed, self.no_show, self.u = deadline, balk, speed, no_show, u
        self.poi = ""
        self.walk_end = 0.0
        self.ticket = self.seat = self.spot = self.contact_by = None
        self.tried = False


class Ticket:
    """A number drawn at the dispenser. The queue holds (priority, number, ticket) tuples:
    VIPs (priority 0) first, then by number."""

    __slots__ = ("cust", "rec", "i", "number", "kinds", "absent", "called", "done")

    def __init__(self, cust, rec, i, number, kinds, env, called: bool, passive: bool = False):
        self.cust, self.rec, self.i, self.number, self.kinds = cust, rec, i, number, kinds
        self.absent = False
        self.called = env.event() if called else None  # only customers who walk or may renege wait for a call
        self.done = None if passive else env.event()  # passive customers are completed by the teller


class Staff:
    __slots__ = (
        "spec",
        "id",
        "role",
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
        "cur",
        "on_duty",
        "shift_end",
        "breaks",
        "idle_since",
        "covering",
        "cover_until",
        "cover_greet",
        "greeter",
        "spans",
        "calls",
    )

    def __init__(self, spec):
        self.spec, self.id, self.role, self.can = spec, spec.id, spec.role, spec.can
        self.counter = self.kind = self.counter_poi = None
        self.post = None
        self.post_num = 0
        self.temp_close_at = None
        self.available = False
        self.wake = self.task = self.cur = None
        self.on_duty = False
        self.shift_end = 0.0
        self.breaks = list(spec.breaks)
        self.idle_since = 0.0
        self.covering = False
        self.cover_until = 0.0
        self.cover_greet = False
        self.greeter = False
        self.spans: list = []
        self.calls = 0


class Day:
    """One replication of one day on one layout."""

    def __init__(self, plan: Plan, scenario: Scenario, day: str, seed: int, replication: int, positions: bool = False):
        self.plan, self.sc, self.pol = plan, scenario, scenario.policies
        self.day = day
        di = scenario.day_index(day)
        self.env = env = simpy.Environment(
            initial_time=min([scenario.open_s] + [s.shifts[0][0] for s in scenario.staff if s.shifts])
        )
        ss = np.random.SeedSequence(int(seed), spawn_key=(di, int(replication)))
        cust_ss, staff_ss = ss.spawn(2)
        self.cust_ss = cust_ss
        self.srng = np.random.default_rng(staff_ss)
        self.open_s, self.close_s = scenario.open_s, scenario.close_s
        self.end_cut = scenario.close_s + scenario.after_close_s
        self.rec = Records(
            day=DAYS[di],
            seed=int(seed),
            replication=int(replication),
            open_time=self.open_s,
            close_time=self.close_s,
            layout_name=plan.layout_name,
        )
        self.positions = positions
        self._onf = plan._floor_memo
        self.walking = plan.walking
        # runtime state
        self.tq: list[tuple] = []  # waiting tickets: (priority, number, Ticket), sorted
        self.next_number = 1
        self.waiting: dict[int, Cust] = {}  # customers waiting for a call, in arrival order
        self.free_seats = set(plan.seat_order)
        self.inside = self.seated = self.standing = 0
        self.arrivals_done = False
        self.stop = env.event()
        self.auth_q: list = []
        self.station_busy = None
        self.machines = {fid: simpy.Resource(env, 1) for k in MACHINE_KINDS for fid in plan.machines[k]}
        self._qlast: dict[str, int] = {}
        self._occ_last = -1
        self._draw_customers(di)
        self._make_staff()

    # --- customers drawn up front (the common random numbers) -------------------------------------
    #: the customer attributes, each drawn from its own child stream of the customer SeedSequence,
    #: so that changing one distribution (say, patience) leaves every other attribute unchanged
    STREAMS = ("arrivals", "business", "vip", "patience", "balking", "speed", "elderly", "no_show", "uniforms")

    def _draw_customers(self, di: int) -> None:
        sc = self.sc
        kids = self.cust_ss.spawn(len(self.STREAMS) + len(SERVICE_KINDS))
        rng = {name: np.random.default_rng(k) for name, k in zip(self.STREAMS, kids)}
        svc_rng = {kind: np.random.default_rng(k) for kind, k in zip(SERVICE_KINDS, kids[len(self.STREAMS) :])}
        if sc.trace:
            times = np.array([t for t, _ in sc.trace], dtype=float)
            codes = [b.code for b in sc.business]
            bidx = np.array([codes.index(c) for _, c in sc.trace], dtype=int)
        else:
            total = sc.per_day * sc.day_factors[DAYS[di]] * sc.date_factor
            segs = []
            if sc.hourly:
                for j, share in enumerate(sc.hourly):
                    a = max(sc.open_s, (sc.hour0 + j) * 3600.0)
                    b = min(sc.close_s, (sc.hour0 + j + 1) * 3600.0)
                    if b > a and share > 0:
                        segs.append((a, b, share * (b - a) / 3600.0))
            if not segs:
                segs = [(sc.open_s, sc.close_s, 1.0)]
            wsum = sum(w for _, _, w in segs)
            parts = []
            ar = rng["arrivals"]
            for a, b, w in segs:  # Poisson within each hour at that hour's rate
                n = ar.poisson(total * w / wsum)
                parts.append(a + ar.random(n) * (b - a))
            times = np.sort(np.concatenate(parts)) if parts else np.zeros(0)
            cum = np.cumsum([b.share for b in sc.business])
            cum[-1] = 1.0
            bidx = np.minimum(np.searchsorted(cum, rng["business"].random(len(times)), side="right"), len(cum) - 1)
        n = len(times)
        vip_u = rng["vip"].random(n)
        patience = sc.patience.sample(rng["patience"], n) if sc.patience is not None else np.full(n, INF)
        balk = sc.balk.sample(rng["balking"], n) if sc.balk is not None else np.full(n, INF)
        speed = sc.walk_speed.sample(rng["speed"], n)
        er = rng["elderly"]
        old = er.random(n) < sc.elderly_share
        speed = np.where(old, sc.elderly_speed.sample(er, n), speed)
        no_show = rng["no_show"].random(n) < sc.no_show_share
        u = rng["uniforms"].random((5, n))
        svc = {}
        for k in SERVICE_KINDS:
            if not any(k in b.kinds for b in sc.business):
                continue
            arr = np.zeros(n)
            for j, b in enumerate(sc.business):
                if k in b.kinds:
                    idx = np.nonzero(bidx == j)[0]
                    arr[idx] = b.service_for(k).sample(svc_rng[k], len(idx))
            svc[k] = arr
        biz = sc.business
        self.cust_data = (
            times.tolist(),
            bidx.tolist(),
            (vip_u < np.array([b.vip_share for b in biz])[bidx]).tolist(),
            (times + patience).tolist(),
            balk.tolist(),
            speed.tolist(),
            no_show.tolist(),
            [u[r].tolist() for r in range(5)],
            {k: v.tolist() for k, v in svc.items()},
        )
        self.svc = self.cust_data[8]

    def _receptive(self, c: Cust) -> bool:
        return c.u[2][c.i] < self.pol.contact_rate

    def _new_cust(self, i: int) -> Cust:
        times, bidx, vip, deadline, balk, speed, no_show, u, svc = self.cust_data
        b = self.sc.business[bidx[i]]
        rec = CustomerRecord(i + 1, b.code, "vip" if vip[i] else "regular", times[i], self.plan.entrance)
        # u: the customer's uniforms: u[0] triage, u[1] alert, u[2] receptive, u[3] conversion
        return Cust(i, rec, b, deadline[i], balk[i], speed[i], no_show[i], u)

    # --- staff -------------------------------------------------------------------------------------
    def _make_staff(self) -> None:
        plan = self.plan
        self.staff: list[Staff] = []
        self.by_id: dict[str, Staff] = {}
        for spec in self.sc.staff:
            s = Staff(spec)
            if spec.counter is not None and spec.counter in plan.fixtures:
                s.counter = spec.counter
                s.kind = plan.fixtures[spec.counter].fixture_kind
                s.counter_poi = self._staff_poi(spec.counter)
            if spec.post is not None and spec.post in plan.posts:
                s.post = spec.post
                s.post_num = plan.posts[spec.post].number
            desk_poi = self._staff_poi(spec.desk) if spec.desk else None
            if s.counter_poi:
                s.home = s.counter_poi
            elif s.post is not None and not (
                desk_poi and plan.posts[s.post].geometry.covers(_point(plan.pts[desk_poi]))
            ):
                s.home = s.post
            else:
                s.home = desk_poi
            s.at = s.home
            # who greets arrivals: post-1 staff; in a lobby without posts, greeters at a reception desk
            if "greet" in s.can:
                if plan.posts:
                    s.greeter = s.post_num == 1
                else:
                    s.greeter = bool(spec.desk) and plan.fixtures[spec.desk].fixture_kind == "reception_desk"
            self.staff.append(s)
            self.by_id[s.id] = s
        self.counter_staff = [s for s in self.staff if s.counter is not None]
        self.greeters = [
            s for s in self.staff if s.greeter or (s.id in {r.staff for r in self.pol.cover if r.rule == "cover_post"})
        ]
        self.routes = {b.code: tuple(k for k in b.kinds if k in plan.available_kinds) for b in self.sc.business}
        self.tkinds = {code: self.ticket_kinds(r) for code, r in self.routes.items()}
        self.window_rules = [r for r in self.pol.cover if r.rule == "open_window"]
        self.post_rules = [r for r in self.pol.cover if r.rule == "cover_post"]

    def _staff_poi(self, fid: str) -> str:
        pts = self.plan.pts
        return f"{fid}.staff" if f"{fid}.staff" in pts else (f"{fid}.service" if f"{fid}.service" in pts else fid)

    # --- records helpers -----------------------------------------------------------------------------
    def _switch(
        self,
        s: Staff,
        activity: str,
        place: str = "",
        poi: str | None = None,
        customer_id=None,
        detail: str = "",
        metres: float = 0.0,
    ) -> None:
        now = self.env.now
        if s.cur is not None:
            self._close(s, now)
        on_floor = (self._onf.get(poi) or self.plan.on_floor(poi)) if poi else False
        s.cur = [activity, now, place, metres, customer_id, detail, on_floor]

    def _close(self, s: Staff, now: float | None = None) -> None:
        cur = s.cur
        if cur is None:
            return
        now = self.env.now if now is None else now
        if now > cur[1] or cur[3] > 0:
            s.spans.append(StaffActivity(s.id, s.role, cur[0], cur[1], now, cur[2], cur[3], cur[4], cur[5], cur[6]))
        s.cur = None

    def _q(self, name: str, length: int) -> None:
        if self._qlast.get(name) == length:
            return
        self._qlast[name] = length
        q = self.rec.queues
        now = self.env.now
        if q and q[-1].time == now and q[-1].queue == name:
            q[-1].length = length
        else:
            q.append(QueueSample(now, name, length))

    def _occ(self) -> None:
        occ = self.rec.occupancy
        now = self.env.now
        if occ and occ[-1].time == now:
            o = occ[-1]
            o.inside, o.seated, o.standing = self.inside, self.seated, self.standing
        else:
            occ.append(OccupancySample(now, self.inside, self.seated, self.standing))

    def _pos(self, actor: str, actor_id: str, poi: str, state: str) -> None:
        x, y = self.plan.pts[poi]
        self.rec.positions.append(PositionSample(self.env.now, actor, actor_id, x, y, state))

    # --- walking -------------------------------------------------------------------------------------
    def _cust_walk(self, c: Cust, to: str, purpose: str):
        """Generator: the customer walks from where they are to ``to``."""
        d = self.plan.walk_dist(c.poi, to)
        if d <= 0:
            c.poi = to
            return
        env = self.env
        t = d / c.speed
        self.rec.walks.append(
            Walk(
                "customer",
                str(c.rec.customer_id),
                c.b.code,
                env.now,
                env.now + t,
                d,
                self.plan.path(c.poi, to),
                purpose,
            )
        )
        c.rec.walk_m += d
        if self.positions:
            self._pos("customer", str(c.rec.customer_id), c.poi, "walking")
        c.poi = to
        c.walk_end = env.now + t
        yield env.timeout(t)
        if self.positions:
            self._pos("customer", str(c.rec.customer_id), to, purpose)

    def _staff_walk(self, s: Staff, to: str, purpose: str):
        d = self.plan.walk_dist(s.at, to)
        if d <= 0:
            s.at = to
            return
        env = self.env
        t = d / self.pol.staff_walk_speed
        self._switch(s, "walk", "", None, metres=d, detail=purpose)
        self.rec.walks.append(Walk("staff", s.id, s.role, env.now, env.now + t, d, self.plan.path(s.at, to), purpose))
        if self.positions:
            self._pos("staff", s.id, s.at, "walking")
        s.at = to
        yield env.timeout(t)
        self._close(s)
        if self.positions:
            self._pos("staff", s.id, to, purpose)

    # --- running -------------------------------------------------------------------------------------
    def run(self) -> Records:
        env = self.env
        env.process(self.arrivals())
        for s in self.staff:
            if s.id == self.pol.vp_staff:
                env.process(self.vp_life(s))
            else:
                env.process(self.staff_life(s))
        env.process(self._cutoff())
        for start, dur, sid in self.pol.salons:
            env.process(self.micro_salon(self.by_id[sid], start, dur))
        # a day allocates many small acyclic records; the cycle collector only slows it down
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            env.run(until=self.stop)
        finally:
            if was_enabled:
                gc.enable()
        end = env.now
        for s in self.staff:
            self._close(s, end)
        rec = self.rec
        rec.end_time = end
        cs = rec.customers
        ids = [c.customer_id for c in cs]
        if ids != sorted(ids):
            cs.sort(key=attrgetter("customer_id"))
        # each person's spans are closed in time order; the roster order groups them
        rec.staff = [a for s in self.staff for a in s.spans]
        served = self._served_fixtures()
        rec.fixtures = {
            fid: f.fixture_kind
            for fid, f in self.plan.fixtures.items()
            if (f.fixture_kind in MACHINE_KINDS and f.fixture_kind in self.plan.available_kinds) or fid in served
        }
        rec.roster = {s.id: s.role for s in self.staff}
        return rec

    def _served_fixtures(self) -> set:
        out = {s.spec.counter for s in self.staff if s.spec.counter}
        out |= {r.fixture for r in self.window_rules}
        return out

    def _cutoff(self):
        yield self.env.timeout(max(0.0, self.end_cut - self.env.now))
        if not self.stop.triggered:
            self.stop.succeed()

    def _check_done(self) -> None:
        if self.arrivals_done and self.inside == 0 and not self.stop.triggered:
            self.stop.succeed()

    def arrivals(self):
        env = self.env
        times = self.cust_data[0]
        process = env.process
        customer = self.customer
        new = self._new_cust
        passive_ok = not self.walking
        deadline, bidx = self.cust_data[3], self.cust_data[1]
        to_machine = [self.routes[b.code][0] in MACHINE_KINDS for b in self.sc.business]
        passive = self.passive_customer
        for i, t in enumerate(times):
            if t > env.now:
                yield env.timeout(t - env.now)
            if (
                passive_ok
                and deadline[i] == INF
                and not to_machine[bidx[i]]
                and (not self.greeters or self._find_greeter() is None)
            ):
                passive(i)
            else:
                process(customer(new(i)))
        if env.now < self.close_s:
            yield env.timeout(self.close_s - env.now)
        self.arrivals_done = True
        self._check_done()

    # --- customers -----------------------------------------------------------------------------------
    def passive_customer(self, i: int) -> None:
        """A customer with nothing to decide while waiting (walking off, no reneging, not greeted):
        takes a ticket (or balks) on arrival; the teller's process completes the visit. The same
        outcome as :meth:`customer`, two events fewer."""
        env = self.env
        times, bidx, vip, _, balk, _, no_show, _, _ = self.cust_data
        code = self.sc.business[bidx[i]].code
        rec = CustomerRecord(i + 1, code, "vip" if vip[i] else "regular", times[i], self.plan.entrance)
        self.rec.customers.append(rec)
        self.inside += 1
        if len(self.tq) >= balk[i]:
            rec.outcome = "balked"
            self._depart(rec)
            return
        number = self.next_number
        self.next_number += 1
        rec.ticket_time, rec.ticket_number = env.now, number
        t = Ticket(None, rec, i, number, self.tkinds[code], env, False, True)
        if no_show[i]:
            t.absent = True
            rec.outcome = "no_show"
            self._push(t)
            self._depart(rec)
            return
        self._occ()
        self._push(t)

    def _depart(self, rec: CustomerRecord) -> None:
        rec.departure = self.env.now
        self.inside -= 1
        self._occ()
        if self.arrivals_done:
            self._check_done()

    def customer(self, c: Cust):
        env, plan = self.env, self.plan
        rec = c.rec
        self.rec.customers.append(rec)
        self.inside += 1
        self._occ()
        c.poi = plan.entrance
        route = self.routes[c.b.code]
        if self.greeters and env.now < self.close_s and (g := self._find_greeter()) is not None:
            rec.greeted = True
            self._assign(g, ("greet", c))
            yield env.timeout(self.pol.greet_s)
            if (
                c.b.triage
                and "smart_counter" in route
                and route[0] != "smart_counter"
                and c.u[0][c.i] < self.pol.divert_share
            ):
                route = ("smart_counter",)
                rec.diverted = True
            rec.alert = c.u[1][c.i] < self.sc.known_share
        if route[0] in MACHINE_KINDS:
            yield from self.machine_visit(c, route[0])
        else:
            yield from self.ticket_visit(c, self.ticket_kinds(route))
        if self.walking:
            yield from self._cust_walk(c, plan.exit, "to_exit")
        rec.departure = env.now
        self.inside -= 1
        self._occ()
        if self.arrivals_done:
            self._check_done()

    @staticmethod
    def ticket_kinds(route: tuple) -> tuple:
        return tuple(k for k in route if k not in MACHINE_KINDS)

    def machine_visit(self, c: Cust, kind: str):
        env, plan, rec = self.env, self.plan, c.rec
        res_of = self.machines
        fid = min(
            plan.machines[kind],
            key=lambda f: (len(res_of[f].queue) + res_of[f].count, plan.walk_dist(c.poi, f"{f}.service")),
        )
        yield from self._cust_walk(c, f"{fid}.service", "to_machine")
        res = res_of[fid]
        if len(res.queue) + res.count >= c.balk:
            rec.outcome = "balked"
            return
        req = res.request()
        if not req.triggered:
            self._q(fid, len(res.queue))
            left = c.deadline - env.now
            if left < INF:
                yield req | env.timeout(max(left, 0.0))
                if not req.triggered:
                    req.cancel()
                    self._q(fid, len(res.queue))
                    rec.outcome = "reneged"
                    return
            else:
                yield req
            self._q(fid, len(res.queue))
        rec.service_start = env.now
        rec.fixture_id, rec.fixture_kind = fid, kind
        svc = self.svc[kind][c.i]
        if kind == "smart_counter" and c.b.authorisation:
            first = svc * self.pol.auth_at
            if first > 0:
                yield env.timeout(first)
            t0 = env.now
            ev = self._request_auth(fid)
            yield ev
            rec.authorisation_wait = env.now - t0
            yield env.timeout(self.pol.auth_s + svc - first)
        else:
            yield env.timeout(svc)
        rec.service_end = env.now
        rec.outcome = "served"
        res.release(req)

    def ticket_visit(self, c: Cust, kinds: tuple):
        env, plan, rec = self.env, self.plan, c.rec
        if plan.ticket is not None:
            yield from self._cust_walk(c, plan.ticket, "to_ticket")
        if len(self.tq) >= c.balk:
            rec.outcome = "balked"
            return
        number = self.next_number
        self.next_number += 1
        rec.ticket_time, rec.ticket_number = env.now, number
        t = Ticket(c, rec, c.i, number, kinds, env, self.walking or c.deadline < INF)
        c.ticket = t
        if c.no_show:
            t.absent = True
            rec.outcome = "no_show"
            self._push(t)
            return
        walking = self.walking
        if walking:
            seat = None
            for sid in plan.seat_order:
                if sid in self.free_seats:
                    seat = sid
                    break
            if seat is not None:
                self.free_seats.discard(seat)
                c.seat = c.spot = seat
                rec.seat_id = seat
                self.seated += 1
            else:
                c.spot = "standing"
                rec.stood = True
                self.standing += 1
            self._occ()
        self._push(t)
        if walking:
            self.waiting[c.i] = c
            self._notify_marketers(c)
            yield from self._cust_walk(c, c.spot, "to_seat" if c.seat else "to_stand")
        left = c.deadline - env.now
        if left < INF:
            if not t.called.triggered:
                yield t.called | env.timeout(max(left, 0.0))
            if not t.called.triggered:
                t.absent = True
                self._leave_spot(c)
                rec.outcome = "reneged"
                return
        elif walking:
            yield t.called
        else:
            yield t.done
            rec.outcome = "served"
            return
        self._leave_spot(c)
        fid = rec.fixture_id
        yield from self._cust_walk(c, f"{fid}.service", "to_counter")
        yield t.done
        rec.outcome = "served"

    def _leave_spot(self, c: Cust) -> None:
        if not self.walking:
            return
        self.waiting.pop(c.i, None)
        if c.seat is not None:
            self.free_seats.add(c.seat)
            self.seated -= 1
            c.seat = None
        elif c.spot == "standing":
            self.standing -= 1
        c.spot = None
        self._occ()

    # --- the ticket queue ----------------------------------------------------------------------------
    def _push(self, t: Ticket) -> None:
        bisect.insort(self.tq, (0 if t.rec.segment == "vip" else 1, t.number, t))
        self._q("tickets", len(self.tq))
        kinds = t.kinds
        cands = [s for s in self.counter_staff if s.available and s.kind in kinds]
        if cands:
            if len(cands) > 1:
                wd = self.plan.walk_dist
                cands.sort(key=lambda s: (kinds.index(s.kind), s.covering, wd(s.at, s.counter_poi)))
            self._wake(cands[0])
        for r in self.window_rules:
            s = self.by_id[r.staff]
            if s.available and s.counter is None and s.task is None and s.on_duty:
                kind = self.plan.fixtures[r.fixture].fixture_kind
                if kind in t.kinds and self._count_for(kind) >= r.open_at:
                    self._assign(s, ("open", r))

    def _count_for(self, kind: str) -> int:
        n = 0
        for _, _, t in self.tq:
            if kind in t.kinds:
                n += 1
        return n

    def _pop_for(self, kind: str) -> Ticket | None:
        tq = self.tq
        for j, item in enumerate(tq):
            if kind in item[2].kinds:
                del tq[j]
                self._q("tickets", len(tq))
                return item[2]
        return None

    def _has_for(self, kind: str) -> bool:
        return any(kind in t.kinds for _, _, t in self.tq)

    # --- staff assignment ----------------------------------------------------------------------------
    def _wake(self, s: Staff) -> None:
        s.available = False
        w = s.wake
        s.wake = None
        if w is not None and not w.triggered:
            w.succeed()

    def _assign(self, s: Staff, task) -> None:
        s.task = task
        if s.available:
            self._wake(s)

    def _find_greeter(self) -> Staff | None:
        for s in self.greeters:
            if s.available and s.on_duty and ((s.greeter and not s.covering) or (s.covering and s.cover_greet)):
                return s
        return None

    def _request_auth(self, fid: str):
        ev = self.env.event()
        target = self._staff_poi(fid)
        best, best_key = None, None
        for s in self.staff:
            if s.available and s.on_duty and "authorise" in s.can:
                k = (0 if s.post_num == 2 else 1, self.plan.walk_dist(s.at, target), s.id)
                if best is None or k < best_key:
                    best, best_key = s, k
        if best is not None:
            self._assign(best, ("auth", fid, ev))
        else:
            self.auth_q.append((fid, ev))
        return ev

    def _notify_marketers(self, c: Cust) -> None:
        if not self._receptive(c) or self.env.now >= self.close_s:
            return
        for s in self.staff:
            if (
                s.available
                and "market" in s.can
                and not s.covering
                and c.spot in self.plan.zone_spots(s.home, s.post, self.pol.desk_reach_m)
            ):
                self._wake(s)
                return

    # --- staff -------------------------------------------------------------------------------------
    def staff_life(self, s: Staff):
        env = self.env
        for on, off in s.spec.shifts:
            if env.now < on:
                yield env.timeout(on - env.now)
            if on >= self.end_cut:
                break
            s.on_duty, s.shift_end, s.idle_since = True, off, env.now
            yield from self.duty(s)
            s.on_duty = False
            self._close(s)

    def _overtime(self, s: Staff) -> bool:
        return s.shift_end >= self.close_s

    def _next_break(self, s: Staff):
        now = self.env.now
        while s.breaks and s.breaks[0][1] <= now:
            s.breaks.pop(0)
        return s.breaks[0] if s.breaks else None

    def duty(self, s: Staff, until: float = INF, idle_state: str = "idle"):
        """Generator: a staff member's working loop until the shift ends (or ``until``)."""
        env, pol = self.env, self.pol
        while True:
            now = env.now
            if now >= until:
                return
            br = self._next_break(s) if s.breaks else None
            if br is not None and br[0] <= now:
                s.breaks.pop(0)
                yield from self.take_break(s, br[1])
                continue
            if now >= s.shift_end and not self._overtime(s):
                return
            if s.task is not None:
                task, s.task = s.task, None
                yield from self.do_task(s, task)
                continue
            if s.temp_close_at is not None and self._count_for(s.kind) <= s.temp_close_at:
                # a window opened by the cover rule closes again once the queue is short
                s.counter = s.kind = s.counter_poi = None
                s.temp_close_at = None
                yield from self._staff_walk(s, s.home, "home")
                continue
            if s.counter is not None and self.tq:
                if s.at == s.counter_poi:
                    t = self._pop_for(s.kind)
                    if t is not None:
                        if t.done is not None or t.absent or s.temp_close_at is not None:
                            yield from self.serve(s, t)
                            continue
                        # a passive customer (see passive_customer): served here, without a sub-generator
                        rec = t.rec
                        rec.fixture_id, rec.fixture_kind = s.counter, s.kind
                        rec.call_time = rec.service_start = now
                        end = rec.service_end = now + self.svc[s.kind][t.i]
                        self._switch(s, "serve", s.counter, s.at, rec.customer_id)
                        yield env.timeout(end - now)
                        self._close(s)
                        rec.outcome = "served"
                        self._depart(rec)
                        s.idle_since = env.now
                        continue
                elif self._has_for(s.kind):
                    s.covering = False
                    yield from self._staff_walk(s, s.counter_poi, "to_counter")
                    continue
            if self.auth_q and "authorise" in s.can:
                fid, ev = self.auth_q.pop(0)
                yield from self.authorise(s, fid, ev)
                continue
            if "market" in s.can and now < self.close_s and not s.covering:
                c = self._market_target(s)
                if c is not None:
                    yield from self.contact(s, c)
                    continue
            if s.covering and now >= s.cover_until:
                s.covering = False
            target = s.home if s.counter is None or s.covering else s.counter_poi
            if not s.covering and s.at != target:
                yield from self._staff_walk(s, target, "home")
                continue
            deadline = until
            if br is not None:
                deadline = min(deadline, br[0])
            if now < s.shift_end and not self._overtime(s):
                deadline = min(deadline, s.shift_end)
            if s.covering:
                deadline = min(deadline, s.cover_until)
            if "call" in s.can and self._flex_ok(s):
                due = s.idle_since + pol.flex_idle_s
                if due <= now:
                    yield from self.call_session(s)
                    continue
                deadline = min(deadline, due)
            state = "cover" if s.covering else idle_state
            cur = s.cur
            if cur is None or cur[0] != state:
                self._switch(s, state, _place_of(s.at), s.at)
            s.available = True
            ev = s.wake = env.event()
            if deadline < INF:
                yield ev | env.timeout(deadline - now)
            else:
                yield ev
            s.available = False
            s.wake = None

    def take_break(self, s: Staff, end: float):
        env = self.env
        for r in self.post_rules:
            if r.post == s.spec.post:
                cs = self.by_id[r.staff]
                if cs.on_duty and cs.task is None:  # comes as soon as they are free
                    self._assign(cs, ("cover", s, end))
        self._switch(s, "break", s.spec.desk or s.counter or "", None)
        yield env.timeout(max(0.0, end - env.now))
        self._close(s)
        s.idle_since = env.now

    def do_task(self, s: Staff, task):
        kind = task[0]
        if kind == "greet":
            c = task[1]
            self._switch(s, "greet", s.post or s.spec.desk or "", s.at, customer_id=c.rec.customer_id)
            yield self.env.timeout(self.pol.greet_s)
            self._close(s)
        elif kind == "auth":
            yield from self.authorise(s, task[1], task[2])
        elif kind == "cover":
            covered, end = task[1], task[2]
            if self.env.now >= end or (s.counter is not None and self._has_for(s.kind)):
                return
            yield from self._staff_walk(s, covered.home, "cover")
            s.covering = True
            s.cover_until = end
            s.cover_greet = covered.greeter
        elif kind == "salon":
            yield from self._salon(s, task[1])
        elif kind == "open":
            r = task[1]
            poi = self._staff_poi(r.fixture)
            yield from self._staff_walk(s, poi, "open_window")
            s.counter, s.kind, s.counter_poi = r.fixture, self.plan.fixtures[r.fixture].fixture_kind, poi
            s.temp_close_at = r.close_at
            if s not in self.counter_staff:
                self.counter_staff.append(s)

    def authorise(self, s: Staff, fid: str, ev):
        yield from self._staff_walk(s, self._staff_poi(fid), "authorise")
        self._switch(s, "authorise", fid, s.at)
        ev.succeed()
        yield self.env.timeout(self.pol.auth_s)
        self._close(s)

    def serve(self, s: Staff, t: Ticket):
        env = self.env
        if t.absent:  # the number is called in vain (过号)
            self._switch(s, "serve", s.counter, s.at, t.rec.customer_id, "absent ticket")
            yield env.timeout(self.sc.no_show_call_s)
            self._close(s)
            return
        c = t.cust
        rec = c.rec
        rec.fixture_id, rec.fixture_kind = s.counter, s.kind
        walk = 0.0
        if self.walking:
            start_walk = max(env.now, c.walk_end)
            walk = start_walk - env.now + self.plan.walk_dist(c.poi, f"{s.counter}.service") / c.speed
        if t.called is not None:
            t.called.succeed(env.now)
        rec.call_time = env.now
        svc = self.svc[s.kind][c.i]
        rec.service_start = env.now + walk
        rec.service_end = rec.service_start + svc
        self._switch(s, "serve", s.counter, s.at, rec.customer_id, "cover" if s.temp_close_at is not None else "")
        yield env.timeout(walk + svc)
        self._close(s)
        if t.done is None:
            rec.outcome = "served"
            self._depart(rec)
        else:
            t.done.succeed()
        s.idle_since = env.now

    # --- marketing -------------------------------------------------------------------------------------
    def _market_target(self, s: Staff) -> Cust | None:
        if not self.waiting:
            return None
        spots = self.plan.zone_spots(s.home, s.post, self.pol.desk_reach_m)
        for c in self.waiting.values():
            if not c.tried and c.contact_by is None and c.spot in spots and self._receptive(c):
                return c
        return None

    def contact(self, s: Staff, c: Cust):
        env = self.env
        c.tried = True
        c.contact_by = s
        yield from self._staff_walk(s, c.spot, "to_customer")
        t = c.ticket
        if c.spot is not None and t.called is not None and not t.called.triggered and c.i in self.waiting:
            dur = float(self.pol.contact.sample(self.srng, 1)[0])
            start = env.now
            self._switch(s, "market", _place_of(c.spot), s.at, customer_id=c.rec.customer_id)
            yield env.timeout(dur) | t.called
            completed = not t.called.triggered
            converted = completed and c.u[3][c.i] < c.b.conversion
            c.rec.contacted = True
            c.rec.converted = converted
            self.rec.contacts.append(MarketingContact(s.id, c.rec.customer_id, start, env.now, completed, converted))
            self._close(s)
        c.contact_by = None

    def micro_salon(self, s: Staff, start: float, dur: float):
        """A scheduled micro-salon (微沙龙): ``s`` talks to everyone waiting in the waiting area."""
        env = self.env
        if env.now < start:
            yield env.timeout(start - env.now)
        if not s.on_duty or env.now >= self.close_s:
            return
        s.task = ("salon", dur)
        if s.available:
            self._wake(s)

    def _salon(self, s: Staff, dur: float):
        env = self.env
        yield from self._staff_walk(s, "standing", "micro_salon")
        start = env.now
        people = [c for c in self.waiting.values() if c.contact_by is None]
        for c in people:
            c.tried = True
            c.contact_by = s
        self._switch(s, "market", "micro_salon", s.at, detail="micro-salon")
        yield env.timeout(dur)
        self._close(s)
        for c in people:
            t = c.ticket
            called = t.called is not None and t.called.triggered
            end = c.rec.call_time if called and c.rec.call_time is not None else env.now
            converted = not called and c.u[3][c.i] < c.b.conversion
            c.rec.contacted = True
            c.rec.converted = c.rec.converted or converted
            self.rec.contacts.append(
                MarketingContact(s.id, c.rec.customer_id, start, max(start, end), not called, converted)
            )
            c.contact_by = None

    # --- flexible rota: outbound calls --------------------------------------------------------------------
    def _flex_ok(self, s: Staff) -> bool:
        pol, plan = self.pol, self.plan
        if not (
            pol.flex_enabled
            and "call" in s.can
            and s.counter is not None
            and plan.call_station
            and s.temp_close_at is None
            and self.env.now < self.close_s
        ):
            return False
        if self.station_busy is not None and self.station_busy is not s:
            return False
        if pol.flex_quota and s.calls >= pol.flex_quota:
            return False
        return plan.walk_dist(s.counter_poi, plan.call_station) <= pol.flex_max_walk_m

    def call_session(self, s: Staff):
        env, pol, plan = self.env, self.pol, self.plan
        self.station_busy = s
        yield from self._staff_walk(s, plan.call_station, "to_call_station")
        names = [k for k, _ in pol.call_outcomes]
        cum = np.cumsum([v for _, v in pol.call_outcomes])
        while env.now < self.close_s and s.task is None:
            if self._count_for(s.kind) >= pol.flex_return_queue:
                break
            if pol.flex_quota and s.calls >= pol.flex_quota:
                break
            br = self._next_break(s)
            if br is not None and br[0] <= env.now:
                break
            d = float(pol.call.sample(self.srng, 1)[0])
            outcome = names[min(int(np.searchsorted(cum, self.srng.random(), side="right")), len(names) - 1)]
            start = env.now
            self._switch(s, "call", _place_of(plan.call_station), s.at, detail=outcome)
            yield env.timeout(d)
            self._close(s)
            self.rec.calls.append(OutboundCall(s.id, start, env.now, outcome))
            s.calls += 1
        self.station_busy = None
        yield from self._staff_walk(s, s.counter_poi, "to_counter")
        s.idle_since = env.now

    # --- the operations VP ------------------------------------------------------------------------------
    def vp_life(self, s: Staff):
        env, plan, pol = self.env, self.plan, self.pol
        on, off = s.spec.shifts[0][0], s.spec.shifts[-1][1]
        if env.now < on:
            yield env.timeout(on - env.now)
        s.on_duty, s.shift_end, s.idle_since = True, off, env.now
        tasks = list(pol.vp_tasks)
        desk = s.home
        desk_floor = plan.on_floor(desk)
        counter_place = self._staff_poi(pol.vp_counter_place) if pol.vp_counter_place else None
        floor_spot = "standing"
        free = max(0.0, (off - on) - sum(t.seconds for t in tasks))
        gap = free / max(1, len(tasks))
        for task in tasks:
            if env.now >= off:
                break
            where = desk
            if task.where == "counter" and desk_floor and counter_place:
                where = counter_place
            elif task.where == "floor" and not desk_floor:
                where = floor_spot
            yield from self._staff_walk(s, where, "task")
            self._switch(s, "desk_task", _place_of(where), where, detail=task.name)
            yield env.timeout(task.seconds)
            self._close(s)
            spell_end = min(env.now + gap, off)
            if desk_floor:
                if s.at != desk:
                    yield from self._staff_walk(s, desk, "home")
                yield from self.duty(s, until=spell_end, idle_state="floor")
            elif self.srng.random() < pol.vp_floor_rounds_from_back:
                yield from self._staff_walk(s, floor_spot, "floor_round")
                s.home = floor_spot
                yield from self.duty(s, until=spell_end, idle_state="floor")
                s.home = desk
                yield from self._staff_walk(s, desk, "home")
            else:
                if s.at != desk:
                    yield from self._staff_walk(s, desk, "home")
                yield from self.duty(s, until=spell_end, idle_state="idle")
        if s.at != desk:
            yield from self._staff_walk(s, desk, "home")
        yield from self.duty(s, idle_state="floor" if desk_floor else "idle")
        s.on_duty = False
        self._close(s)


def _place_of(poi: str) -> str:
    """The element id a point of interest belongs to ('cash1.staff' -> 'cash1')."""
    if not poi:
        return ""
    return poi.rsplit(".", 1)[0] if poi.endswith((".staff", ".service")) else poi


def _point(p):
    from shapely.geometry import Point

    return Point(p)
