"""Customers: who comes (drawn up front, the common random numbers) and what one visit is
(greeting, ticket or machine, seat, call, service, exit).

Every customer attribute (arrival time, business, priority, patience, balking threshold,
service times, walking speed, no-show, the uniforms of triage, alerts and marketing) is drawn
before the day starts from the customer stream, which depends only on the scenario and the
day: two layouts or two rosters see the same customers.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import poi as P
from .records import CustomerRecord
from .scenario import DAYS, MACHINE_KINDS, SERVICE_KINDS, Business, Scenario
from .tickets import Ticket

if TYPE_CHECKING:
    from .model import Day

INF = math.inf
Proc = Generator[Any, Any, None]

#: the customer attributes, each drawn from its own child stream of the customer SeedSequence,
#: so that changing one distribution (say, patience) leaves every other attribute unchanged
STREAMS = ("arrivals", "business", "vip", "patience", "balking", "speed", "elderly", "no_show", "uniforms")
#: streams added later, spawned after the service streams so that the earlier ones stay as they were
MORE_STREAMS = ("day_level",)


@dataclass(slots=True)
class CustomerDraws:
    """Everything random about the day's customers, one list entry per customer in arrival order."""

    times: list[float]
    business: list[int]  # index into the scenario's business list
    vip: list[bool]
    deadline: list[float]  # gives up waiting at this time (inf: never)
    balk: list[float]  # leaves at once when this many tickets are ahead
    speed: list[float]  # walking speed, m/s
    no_show: list[bool]  # leaves after taking a ticket (the number is called in vain)
    u_triage: list[float]  # accepts the smart counter when the greeter suggests it if below the share
    u_alert: list[float]  # raises an arrival alert if below the known share
    u_receptive: list[float]  # open to a marketing contact if below the contact rate
    u_conversion: list[float]  # a completed contact converts if below the business's conversion
    service: dict[str, list[float]]  # fixture kind -> service seconds of each customer there

    def __len__(self) -> int:
        return len(self.times)


def _arrival_times(sc: Scenario, day: str, ar: np.random.Generator, level: float) -> np.ndarray:
    """Poisson arrivals within each opening hour at that hour's share of the day's expected count
    (the scenario's count times the day's ``level``)."""
    arr = sc.arrivals
    total = arr.per_day * arr.day_factors[day] * arr.date_factor * level
    segs = []
    prof = arr.profile(day)
    if prof is not None:
        for j, share in enumerate(prof.shares):
            a = max(sc.open_s, (prof.start_hour + j) * 3600.0)
            b = min(sc.close_s, (prof.start_hour + j + 1) * 3600.0)
            if b > a and share > 0:
                segs.append((a, b, share * (b - a) / 3600.0))
    if not segs:
        segs = [(sc.open_s, sc.close_s, 1.0)]
    wsum = sum(w for _, _, w in segs)
    parts = []
    for a, b, w in segs:  # Poisson within each hour at that hour's rate
        n = ar.poisson(total * w / wsum)
        parts.append(a + ar.random(n) * (b - a))
    return np.sort(np.concatenate(parts)) if parts else np.zeros(0)


def day_level(cv: float, rng: np.random.Generator) -> float:
    """The day's demand level: 1 when ``cv`` is 0, else a gamma draw with mean 1 and that
    coefficient of variation, so the day's count is gamma–Poisson (over-dispersed: variance
    mean + (cv x mean)^2 instead of the Poisson mean)."""
    if cv <= 0:
        return 1.0
    k = 1.0 / cv**2
    return float(rng.gamma(k, 1.0 / k))


def draw_customers(sc: Scenario, di: int, ss: np.random.SeedSequence) -> CustomerDraws:
    """The customers of day ``di`` (0 = Monday) from the customer SeedSequence ``ss``."""
    kids = ss.spawn(len(STREAMS) + len(SERVICE_KINDS) + len(MORE_STREAMS))
    rng = {name: np.random.default_rng(k) for name, k in zip(STREAMS, kids)}
    svc_rng = {kind: np.random.default_rng(k) for kind, k in zip(SERVICE_KINDS, kids[len(STREAMS) :])}
    more = {name: np.random.default_rng(k) for name, k in zip(MORE_STREAMS, kids[len(STREAMS) + len(SERVICE_KINDS) :])}
    day = DAYS[di]
    cb = sc.customers
    trace = sc.arrivals.trace
    if trace:
        times = np.array([t for t, _ in trace], dtype=float)
        codes = [b.code for b in sc.business]
        bidx = np.array([codes.index(c) for _, c in trace], dtype=int)
    else:
        times = _arrival_times(sc, day, rng["arrivals"], day_level(sc.arrivals.day_cv, more["day_level"]))
        mix = sc.arrivals.mix_by_day.get(day)
        cum = np.cumsum([mix.get(b.code, 0.0) if mix is not None else b.share for b in sc.business])
        cum[-1] = 1.0
        bidx = np.minimum(np.searchsorted(cum, rng["business"].random(len(times)), side="right"), len(cum) - 1)
    n = len(times)
    vip_u = rng["vip"].random(n)
    patience = cb.patience.sample(rng["patience"], n) if cb.patience is not None else np.full(n, INF)
    balk = cb.balk.sample(rng["balking"], n) if cb.balk is not None else np.full(n, INF)
    speed = cb.walk_speed.sample(rng["speed"], n)
    er = rng["elderly"]
    old = er.random(n) < cb.elderly_share
    speed = np.where(old, cb.elderly_speed.sample(er, n), speed)
    no_show = rng["no_show"].random(n) < cb.no_show_share
    u = rng["uniforms"].random((4, n))
    svc: dict[str, list[float]] = {}
    for k in SERVICE_KINDS:
        if not any(k in b.kinds for b in sc.business):
            continue
        arr = np.zeros(n)
        for j, b in enumerate(sc.business):
            if k in b.kinds:
                idx = np.nonzero(bidx == j)[0]
                arr[idx] = b.service_for(k).sample(svc_rng[k], len(idx))
        svc[k] = arr.tolist()
    vip_share = np.array([b.vip_share for b in sc.business])
    return CustomerDraws(
        times=times.tolist(),
        business=bidx.tolist(),
        vip=(vip_u < vip_share[bidx]).tolist(),
        deadline=(times + patience).tolist(),
        balk=balk.tolist(),
        speed=speed.tolist(),
        no_show=no_show.tolist(),
        u_triage=u[0].tolist(),
        u_alert=u[1].tolist(),
        u_receptive=u[2].tolist(),
        u_conversion=u[3].tolist(),
        service=svc,
    )


class Customer:
    """One customer during their visit (the record being written, where they are, their ticket)."""

    __slots__ = (
        "i",
        "rec",
        "b",
        "speed",
        "deadline",
        "balk",
        "no_show",
        "at",
        "walk_end",
        "ticket",
        "seat",
        "spot",
        "contact_by",
        "tried",
    )

    def __init__(
        self, i: int, rec: CustomerRecord, b: Business, deadline: float, balk: float, speed: float, no_show: bool
    ) -> None:
        self.i, self.rec, self.b = i, rec, b
        self.deadline, self.balk, self.speed, self.no_show = deadline, balk, speed, no_show
        self.at = ""  # the point of interest they are at (or walking to)
        self.walk_end = 0.0
        self.ticket: Ticket | None = None
        self.seat: str | None = None
        self.spot: str | None = None  # where they wait: a seat or the standing spot
        self.contact_by: Any = None  # the staff member approaching or talking to them
        self.tried = False  # a marketer has approached them already


def ticket_kinds(route: tuple[str, ...]) -> tuple[str, ...]:
    """The counter kinds a ticket for ``route`` is valid at (machines take no tickets)."""
    return tuple(k for k in route if k not in MACHINE_KINDS)


class CustomerFlow:
    """The customers' side of the day: arrivals, visits and the lobby's occupancy."""

    def __init__(self, day: Day, draws: CustomerDraws) -> None:
        self.day = day
        self.env = day.env
        self.plan = day.plan
        self.sc = day.sc
        self.rec = day.recorder
        self.draws = draws
        self.svc = draws.service
        self.walking = day.plan.walking
        self.waiting: dict[int, Customer] = {}  # customers waiting for a call, in arrival order
        self.free_seats = set(day.plan.seat_order)
        self.inside = self.seated = self.standing = 0
        self.arrivals_done = False

    def receptive(self, c: Customer) -> bool:
        return self.draws.u_receptive[c.i] < self.day.pol.marketing.contact_rate

    def new_customer(self, i: int) -> Customer:
        d = self.draws
        b = self.sc.business[d.business[i]]
        rec = CustomerRecord(i + 1, b.code, "vip" if d.vip[i] else "regular", d.times[i], self.plan.entrance)
        return Customer(i, rec, b, d.deadline[i], d.balk[i], d.speed[i], d.no_show[i])

    # --- walking ---------------------------------------------------------------------------------
    def walk(self, c: Customer, to: str, purpose: str) -> Proc:
        """The customer walks from where they are to ``to``."""
        d = self.plan.walk_dist(c.at, to)
        if d <= 0:
            c.at = to
            return
        env = self.env
        t = d / c.speed
        cid = str(c.rec.customer_id)
        self.rec.walk("customer", cid, c.b.code, env.now, env.now + t, d, c.at, to, purpose)
        c.rec.walk_m += d
        self.rec.position("customer", cid, c.at, "walking")
        c.at = to
        c.walk_end = env.now + t
        yield env.timeout(t)
        self.rec.position("customer", cid, to, purpose)

    # --- the day's arrivals ----------------------------------------------------------------------
    def arrivals(self) -> Proc:
        env, day = self.env, self.day
        d = self.draws
        process = env.process
        customer = self.customer
        new = self.new_customer
        passive_ok = not self.walking
        deadline, bidx = d.deadline, d.business
        to_machine = [day.routes[b.code][0] in MACHINE_KINDS for b in self.sc.business]
        passive = self.passive_customer
        staff = day.staff
        for i, t in enumerate(d.times):
            if t > env.now:
                yield env.timeout(t - env.now)
            if (
                passive_ok
                and deadline[i] == INF
                and not to_machine[bidx[i]]
                and (not staff.greeters or staff.find_greeter() is None)
            ):
                passive(i)
            else:
                process(customer(new(i)))
        if env.now < day.close_s:
            yield env.timeout(day.close_s - env.now)
        self.arrivals_done = True
        day.check_done()

    def passive_customer(self, i: int) -> None:
        """A customer with nothing to decide while waiting (walking off, no reneging, not greeted):
        takes a ticket (or balks) on arrival; the teller's process completes the visit. The same
        outcome as :meth:`customer`, two events fewer."""
        env, day, d = self.env, self.day, self.draws
        code = self.sc.business[d.business[i]].code
        rec = CustomerRecord(i + 1, code, "vip" if d.vip[i] else "regular", d.times[i], self.plan.entrance)
        day.rec.customers.append(rec)
        self.inside += 1
        if len(day.tickets) >= d.balk[i]:
            rec.outcome = "balked"
            self.depart(rec)
            return
        number = day.tickets.draw_number()
        rec.ticket_time, rec.ticket_number = env.now, number
        t = Ticket(None, rec, i, number, day.tkinds[code], env, False, True)
        if d.no_show[i]:
            t.absent = True
            rec.outcome = "no_show"
            day.push(t)
            self.depart(rec)
            return
        self.rec.occupancy(self.inside, self.seated, self.standing)
        day.push(t)

    def depart(self, rec: CustomerRecord) -> None:
        rec.departure = self.env.now
        self.inside -= 1
        self.rec.occupancy(self.inside, self.seated, self.standing)
        if self.arrivals_done:
            self.day.check_done()

    def customer(self, c: Customer) -> Proc:
        env, plan, day = self.env, self.plan, self.day
        rec = c.rec
        day.rec.customers.append(rec)
        self.inside += 1
        self.rec.occupancy(self.inside, self.seated, self.standing)
        c.at = plan.entrance
        route = day.routes[c.b.code]
        staff = day.staff
        if staff.greeters and env.now < day.close_s and (g := staff.find_greeter()) is not None:
            rec.greeted = True
            staff.assign(g, ("greet", c))
            yield env.timeout(day.pol.triage.greet_s)
            if (
                c.b.triage
                and "smart_counter" in route
                and route[0] != "smart_counter"
                and self.draws.u_triage[c.i] < day.pol.triage.divert_share
            ):
                route = ("smart_counter",)
                rec.diverted = True
            rec.alert = self.draws.u_alert[c.i] < self.sc.customers.known_share
        if route[0] in MACHINE_KINDS:
            yield from self.machine_visit(c, route[0])
        else:
            yield from self.ticket_visit(c, ticket_kinds(route))
        if self.walking:
            yield from self.walk(c, plan.exit, "to_exit")
        rec.departure = env.now
        self.inside -= 1
        self.rec.occupancy(self.inside, self.seated, self.standing)
        if self.arrivals_done:
            day.check_done()

    def machine_visit(self, c: Customer, kind: str) -> Proc:
        env, plan, rec, day = self.env, self.plan, c.rec, self.day
        res_of = day.machines
        fid = min(
            plan.machines[kind],
            key=lambda f: (len(res_of[f].queue) + res_of[f].count, plan.walk_dist(c.at, P.service(f))),
        )
        yield from self.walk(c, P.service(fid), "to_machine")
        res = res_of[fid]
        if len(res.queue) + res.count >= c.balk:
            rec.outcome = "balked"
            return
        req = res.request()
        if not req.triggered:
            self.rec.queue(fid, len(res.queue))
            left = c.deadline - env.now
            if left < INF:
                yield req | env.timeout(max(left, 0.0))
                if not req.triggered:
                    req.cancel()
                    self.rec.queue(fid, len(res.queue))
                    rec.outcome = "reneged"
                    return
            else:
                yield req
            self.rec.queue(fid, len(res.queue))
        rec.service_start = env.now
        rec.fixture_id, rec.fixture_kind = fid, kind
        svc = self.svc[kind][c.i]
        if kind == "smart_counter" and c.b.authorisation:
            first = svc * day.pol.authorisation.at_fraction
            if first > 0:
                yield env.timeout(first)
            t0 = env.now
            ev = day.staff.request_auth(fid)
            yield ev
            rec.authorisation_wait = env.now - t0
            yield env.timeout(day.pol.authorisation.auth_s + svc - first)
        else:
            yield env.timeout(svc)
        rec.service_end = env.now
        rec.outcome = "served"
        res.release(req)

    def _take_seat(self, c: Customer) -> None:
        seat = None
        for sid in self.plan.seat_order:
            if sid in self.free_seats:
                seat = sid
                break
        if seat is not None:
            self.free_seats.discard(seat)
            c.seat = c.spot = seat
            c.rec.seat_id = seat
            self.seated += 1
        else:
            c.spot = P.STANDING
            c.rec.stood = True
            self.standing += 1
        self.rec.occupancy(self.inside, self.seated, self.standing)

    def ticket_visit(self, c: Customer, kinds: tuple[str, ...]) -> Proc:
        env, plan, rec, day = self.env, self.plan, c.rec, self.day
        if plan.ticket is not None:
            yield from self.walk(c, plan.ticket, "to_ticket")
        if len(day.tickets) >= c.balk:
            rec.outcome = "balked"
            return
        number = day.tickets.draw_number()
        rec.ticket_time, rec.ticket_number = env.now, number
        t = Ticket(c, rec, c.i, number, kinds, env, self.walking or c.deadline < INF)
        c.ticket = t
        if c.no_show:
            t.absent = True
            rec.outcome = "no_show"
            day.push(t)
            return
        walking = self.walking
        if walking:
            self._take_seat(c)
        day.push(t)
        if walking:
            self.waiting[c.i] = c
            day.staff.notify_marketers(c)
            assert c.spot is not None
            yield from self.walk(c, c.spot, "to_seat" if c.seat else "to_stand")
        called, done = t.called, t.done
        assert done is not None
        left = c.deadline - env.now
        if left < INF:
            assert called is not None
            if not called.triggered:
                yield called | env.timeout(max(left, 0.0))
            if not called.triggered:
                t.absent = True
                self.leave_spot(c)
                rec.outcome = "reneged"
                return
        elif walking:
            assert called is not None
            yield called
        else:
            yield done
            rec.outcome = "served"
            return
        self.leave_spot(c)
        assert rec.fixture_id is not None
        yield from self.walk(c, P.service(rec.fixture_id), "to_counter")
        yield done
        rec.outcome = "served"

    def leave_spot(self, c: Customer) -> None:
        if not self.walking:
            return
        self.waiting.pop(c.i, None)
        if c.seat is not None:
            self.free_seats.add(c.seat)
            self.seated -= 1
            c.seat = None
        elif c.spot == P.STANDING:
            self.standing -= 1
        c.spot = None
        self.rec.occupancy(self.inside, self.seated, self.standing)
