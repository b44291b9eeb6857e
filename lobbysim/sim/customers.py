"""Customers: who comes (drawn up front, the common random numbers) and what one visit is
(entrance, greeting and triage, ticket or machine, seat, call, the steps of the transaction, exit).

Every customer attribute (arrival time, business, priority, patience, balking threshold, step
times, walking speed, age, no-show, the uniforms of entrance choice, triage, alerts and marketing)
is drawn before the day starts from the customer stream, which depends only on the scenario and
the day: two layouts or two rosters see the same customers.

Demand as banks see it: the day's level is gamma-distributed around the scenario's count when
``arrivals.day_cv`` > 0 (the day's count is gamma–Poisson); within an opening hour arrivals are
Poisson at that hour's share; customers who come before opening wait at the door and enter at
opening; those of hours after closing do not come. A business several fixture kinds can serve goes
where the customer habitually goes (the first kind of its list the layout has), unless the greeter
sends them to the smart counter because its expected wait is shorter and they accept; an elderly
customer may refuse a smart counter altogether. Elderly customers take longer at staffed counters.
A customer who has to stand gives up sooner.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from . import poi as P
from .records import CustomerRecord
from .scenario import DAYS, MACHINE_KINDS, SERVICE_KINDS, Business, Scenario
from .service import StepDraws
from .tickets import Ticket
from .waiting import end_like_a_process, first_of, start_like_a_process, tick

if TYPE_CHECKING:
    from .model import Day

INF = math.inf
Proc = Generator[Any, Any, None]

#: the customer attributes, each drawn from its own child stream of the customer SeedSequence,
#: so that changing one distribution (say, patience) leaves every other attribute unchanged
STREAMS = ("arrivals", "business", "vip", "patience", "balking", "speed", "elderly", "no_show", "uniforms")
#: streams added later, spawned after the service streams so that the earlier ones stay as they were
MORE_STREAMS = ("day_level", *(f"steps.{k}" for k in SERVICE_KINDS))
#: the rows of the "uniforms" stream, one uniform per customer each
UNIFORMS = ("triage", "alert", "receptive", "conversion", "approach", "entrance", "refuse")


@dataclass(slots=True)
class CustomerDraws:
    """Everything random about the day's customers, one list entry per customer in arrival order."""

    times: list[float]
    business: list[int]  # index into the scenario's business list
    vip: list[bool]
    patience: list[float]  # seconds before giving up (inf: never)
    balk: list[float]  # leaves at once when this many tickets are ahead
    speed: Sequence[float]  # walking speed, m/s (a list made when first read: passive customers never walk)
    elderly: list[bool]
    no_show: list[bool]  # leaves after taking a ticket (the number is called in vain)
    #: the customer's uniforms (see UNIFORMS): triage (accepts the smart counter when below the
    #: share), alert (raises an arrival alert), receptive (open to a marketing contact), conversion,
    #: approach (a marketer at distance d comes when below the propensity at d), entrance (which
    #: door), refuse (an elderly customer refuses the smart counter)
    u: dict[str, list[float]]
    service: dict[str, list[float]]  # fixture kind -> service seconds of each customer there
    steps: dict[str, StepDraws]  # fixture kind -> each customer's step times there

    def __len__(self) -> int:
        return len(self.times)


def _arrival_times(sc: Scenario, day: str, ar: np.random.Generator, level: float) -> np.ndarray:
    """Poisson arrivals within each hour at that hour's share of the day's expected count (the
    scenario's count times the day's ``level``); those of hours before opening all come in at
    opening, those of hours after closing do not come."""
    arr = sc.arrivals
    total = arr.per_day * arr.day_factors[day] * arr.date_factor * level
    segs = []
    prof = arr.profile(day)
    if prof is not None:
        for j, share in enumerate(prof.shares):
            h0, h1 = (prof.start_hour + j) * 3600.0, (prof.start_hour + j + 1) * 3600.0
            early = max(0.0, min(h1, sc.open_s) - h0)
            if early > 0 and share > 0:  # they wait at the door
                segs.append((sc.open_s, sc.open_s, share * early / 3600.0))
            a, b = max(sc.open_s, h0), min(sc.close_s, h1)
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


def _who_comes(
    sc: Scenario, day: str, rng: dict[str, np.random.Generator], more: dict[str, np.random.Generator]
) -> tuple[np.ndarray, np.ndarray]:
    """(arrival times, business index) of the day's customers: the trace, or drawn."""
    trace = sc.arrivals.trace
    if trace:
        codes = [b.code for b in sc.business]
        return np.array([t for t, _ in trace], dtype=float), np.array([codes.index(c) for _, c in trace], dtype=int)
    times = _arrival_times(sc, day, rng["arrivals"], day_level(sc.arrivals.day_cv, more["day_level"]))
    mix = sc.arrivals.mix_by_day.get(day)
    cum = np.cumsum([mix.get(b.code, 0.0) if mix is not None else b.share for b in sc.business])
    cum[-1] = 1.0
    bidx = np.minimum(np.searchsorted(cum, rng["business"].random(len(times)), side="right"), len(cum) - 1)
    return times, bidx


def _services(
    sc: Scenario, bidx: np.ndarray, elderly: list[bool], svc_rng: dict, more: dict
) -> tuple[dict[str, list[float]], dict[str, StepDraws]]:
    """Each customer's service time and step times at every fixture kind their business can use."""
    n = len(bidx)
    svc: dict[str, list[float]] = {}
    steps: dict[str, StepDraws] = {}
    for k in SERVICE_KINDS:
        if not any(k in b.kinds for b in sc.business):
            continue
        arr = np.zeros(n)
        for j, b in enumerate(sc.business):
            if k in b.kinds:
                idx = np.nonzero(bidx == j)[0]
                arr[idx] = b.service_for(k).sample(svc_rng[k], len(idx))
        svc[k] = arr.tolist()
        steps[k] = StepDraws(sc, k, bidx, svc[k], elderly, more[f"steps.{k}"])
    return svc, steps


class _OnFirstUse(dict):
    """A dict whose entries are built by ``make(key)`` when first asked for: the random streams a
    day does not use are never seeded, the rows of uniforms it does not use never become lists
    (a few milliseconds a day, more than the rest of a short day's preparation)."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[str], Any]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> Any:
        v = self[key] = self._make(key)
        return v


class _ListOnFirstUse(Sequence[float]):
    """The values of a numpy array as Python floats, made into a list when first read (a day of
    passive customers never reads them)."""

    __slots__ = ("_arr", "_list")

    def __init__(self, arr: np.ndarray) -> None:
        self._arr = arr
        self._list: list[float] | None = None

    def _values(self) -> list[float]:
        if self._list is None:
            self._list = self._arr.tolist()
        return self._list

    def __getitem__(self, i):
        return self._values()[i]

    def __len__(self) -> int:
        return len(self._arr)


def _uniforms_row(drawn: list[np.ndarray], rng: _OnFirstUse, n: int, name: str) -> list[float]:
    """Row ``name`` of the day's uniforms (see UNIFORMS), all drawn from their own stream when the
    first row is asked for (a day of passive customers asks for none)."""
    if not drawn:
        drawn.append(rng["uniforms"].random((len(UNIFORMS), n)))
    return drawn[0][UNIFORMS.index(name)].tolist()


def _streams(names: tuple[str, ...], kids: list[np.random.SeedSequence]) -> _OnFirstUse:
    seeds = dict(zip(names, kids))
    return _OnFirstUse(lambda name: np.random.default_rng(seeds[name]))


def draw_customers(sc: Scenario, di: int, ss: np.random.SeedSequence) -> CustomerDraws:
    """The customers of day ``di`` (0 = Monday) from the customer SeedSequence ``ss``."""
    kids = ss.spawn(len(STREAMS) + len(SERVICE_KINDS) + len(MORE_STREAMS))
    rng = _streams(STREAMS, kids)
    svc_rng = _streams(SERVICE_KINDS, kids[len(STREAMS) :])
    more = _streams(MORE_STREAMS, kids[len(STREAMS) + len(SERVICE_KINDS) :])
    cb = sc.customers
    times, bidx = _who_comes(sc, DAYS[di], rng, more)
    n = len(times)
    vip_u = rng["vip"].random(n)
    # without patience or balking, one shared inf (not a float object per customer to build and read)
    patience = cb.patience.sample(rng["patience"], n).tolist() if cb.patience is not None else [INF] * n
    balk = cb.balk.sample(rng["balking"], n).tolist() if cb.balk is not None else [INF] * n
    speed = cb.walk_speed.sample(rng["speed"], n)
    er = rng["elderly"]
    old = er.random(n) < cb.elderly_share
    speed = np.where(old, cb.elderly_speed.sample(er, n), speed)
    no_show = rng["no_show"].random(n) < cb.no_show_share
    elderly = old.tolist()
    svc, steps = _services(sc, bidx, elderly, svc_rng, more)
    vip_share = np.array([b.vip_share for b in sc.business])
    return CustomerDraws(
        times=times.tolist(),
        business=bidx.tolist(),
        vip=(vip_u < vip_share[bidx]).tolist(),
        patience=patience,
        balk=balk,
        speed=_ListOnFirstUse(speed),
        elderly=elderly,
        no_show=no_show.tolist(),
        u=_OnFirstUse(partial(_uniforms_row, [], rng, n)),
        service=svc,
        steps=steps,
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
        self.spot: str | None = None  # where they wait: a seat or a standing spot
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
        self.walking = day.plan.walking
        self.waiting: dict[int, Customer] = {}  # customers waiting for a call, in arrival order
        self.free_seats = set(day.plan.seats)
        self.inside = self.seated = self.standing = 0
        self.arrivals_done = False
        plan = self.plan
        shares = np.cumsum(plan.entrance_shares) if plan.entrances else np.zeros(0)
        self._entrance_cum = shares.tolist()
        self._dispenser = {e: plan.nearest(e, plan.tickets) if plan.tickets else None for e in plan.entrances}
        # looked up once: a passive customer (the bulk of a day without walking) uses these
        self._codes = [b.code for b in self.sc.business]
        self._entrance = plan.entrance
        self._records = day.rec.customers
        self._on_ticket = day.staff.on_ticket

    def receptive(self, c: Customer) -> bool:
        return self.draws.u["receptive"][c.i] < self.day.pol.marketing.contact_rate

    def entrance_of(self, i: int) -> str:
        """The door customer ``i`` comes in by (each door takes a share of them by its width)."""
        cum = self._entrance_cum
        if len(cum) <= 1:
            return self.plan.entrance
        u = self.draws.u["entrance"][i]
        for e, c in zip(self.plan.entrances, cum):
            if u < c:
                return e
        return self.plan.entrances[-1]

    def new_customer(self, i: int) -> Customer:
        d = self.draws
        b = self.sc.business[d.business[i]]
        rec = CustomerRecord(i + 1, b.code, "vip" if d.vip[i] else "regular", d.times[i], self.entrance_of(i))
        return Customer(i, rec, b, d.times[i] + d.patience[i], d.balk[i], d.speed[i], d.no_show[i])

    # --- walking ---------------------------------------------------------------------------------
    def walk(self, c: Customer, to: str, purpose: str) -> Proc:
        """The customer walks from where they are to ``to``."""
        d = self.plan.walk_dist(c.at, to)
        if d <= 0:
            c.at = to
            return
        env = self.env
        t = d / c.speed
        rec = self.rec
        cid = str(c.rec.customer_id)
        rec.walk("customer", cid, c.b.code, env._now, env._now + t, d, c.at, to, purpose)
        c.rec.walk_m += d
        if rec.positions:
            rec.position("customer", cid, c.at, "walking")
        c.at = to
        c.walk_end = env._now + t
        yield tick(env, t)
        if rec.positions:
            rec.position("customer", cid, to, purpose)

    # --- the day's arrivals ---------------------------------------------------------------------
    def start_arrivals(self) -> None:
        """Let the day's customers in, in time order. Each arrival is a callback of the timeout that
        brings it (no process of its own: a generator hop fewer per customer); it is started and
        ended like a process (:mod:`.waiting`), so every event keeps its place in SimPy's order."""
        day = self.day
        self._next = 0
        self._passive_ok = not self.walking
        self._quiet = [
            not (day.routes[b.code][0] in MACHINE_KINDS or any(not day.plain(b.code, k) for k in day.tkinds[b.code]))
            for b in self.sc.business
        ]
        self._arrive_cb = self._arrive
        start_like_a_process(self.env, self._arrive_cb)

    def _arrive(self, _: object = None) -> None:
        """Let in everyone due by now; then wait for the next arrival, or for closing time."""
        env, day, d = self.env, self.day, self.draws
        times, patience, bidx, quiet = d.times, d.patience, d.business, self._quiet
        passive_ok, staff = self._passive_ok, day.staff
        i, n = self._next, len(times)
        while i < n:
            t = times[i]
            if t > env._now:
                self._next = i
                tick(env, t - env._now).callbacks.append(self._arrive_cb)  # type: ignore[union-attr]
                return
            if passive_ok and patience[i] == INF and quiet[bidx[i]] and (not staff.greeters or not staff.any_greeter()):
                self.passive_customer(i)
            else:
                env.process(self.customer(self.new_customer(i)))
            i += 1
        self._next = n
        if env._now < day.close_s:
            env.timeout(day.close_s - env._now).callbacks.append(self._closed)
        else:
            self._closed()

    def _closed(self, _: object = None) -> None:
        self.arrivals_done = True
        self.day.check_done()
        end_like_a_process(self.env)

    def passive_customer(self, i: int) -> None:
        """A customer with nothing to decide while waiting (walking off, no reneging, not greeted,
        a plain transaction): takes a ticket (or balks) on arrival; the teller's process completes
        the visit. The same outcome as :meth:`customer`, two events fewer."""
        env, day, d = self.env, self.day, self.draws
        tickets = day.tickets
        code = self._codes[d.business[i]]
        now = env._now
        rec = CustomerRecord(i + 1, code, "vip" if d.vip[i] else "regular", d.times[i], self._entrance)
        self._records.append(rec)
        self.inside += 1
        if len(tickets.entries) >= d.balk[i]:
            rec.outcome = "balked"
            self.depart(rec)
            return
        number = tickets.next_number
        tickets.next_number = number + 1
        rec.ticket_time, rec.ticket_number = now, number
        t = Ticket(None, rec, i, number, day.tkinds[code], env, False, True)
        if d.no_show[i]:
            t.absent = True
            rec.outcome = "no_show"
            day.push(t)
            self.depart(rec)
            return
        self.rec.occupancy(self.inside, self.seated, self.standing)
        tickets.add(t)
        self._on_ticket(t)

    def depart(self, rec: CustomerRecord) -> None:
        rec.departure = self.env._now
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
        c.at = rec.entrance_id
        route = self.refuse_smart(c, day.routes[c.b.code])
        staff = day.staff
        if staff.greeters and env._now < day.close_s and (g := staff.find_greeter(c.at)) is not None:
            rec.greeted = True
            staff.assign(g, ("greet", c))
            yield env.timeout(day.pol.triage.greet_s)
            route = self.triage(c, route)
            rec.alert = self.draws.u["alert"][c.i] < self.sc.customers.known_share
        if route[0] in MACHINE_KINDS:
            yield from self.machine_visit(c, route[0])
        else:
            yield from self.ticket_visit(c, ticket_kinds(route))
        if self.walking:
            yield from self.walk(c, plan.nearest(c.at, plan.exits), "to_exit")
        rec.departure = env._now
        self.inside -= 1
        self.rec.occupancy(self.inside, self.seated, self.standing)
        if self.arrivals_done:
            day.check_done()

    def refuse_smart(self, c: Customer, route: tuple[str, ...]) -> tuple[str, ...]:
        """An elderly customer who will not use a smart counter takes a ticket for a counter
        that can serve them instead (when there is one)."""
        if route[0] != "smart_counter" or not self.draws.elderly[c.i]:
            return route
        rest = ticket_kinds(route)
        if rest and self.draws.u["refuse"][c.i] < self.sc.customers.elderly_smart_refusal:
            return rest
        return route

    def triage(self, c: Customer, route: tuple[str, ...]) -> tuple[str, ...]:
        """The greeter suggests the smart counter to a customer who could be served there when its
        expected wait is shorter than the counters'; they accept with the triage share (elderly
        customers less often)."""
        if not (c.b.triage and "smart_counter" in route and route[0] != "smart_counter"):
            return route
        est = self.day.estimates
        if est.machine_wait("smart_counter") >= est.counter_wait(ticket_kinds(route)):
            return route
        accept = self.day.pol.triage.divert_share
        if self.draws.elderly[c.i]:
            accept *= 1.0 - self.sc.customers.elderly_smart_refusal
        if self.draws.u["triage"][c.i] < accept:
            c.rec.diverted = True
            return ("smart_counter",)
        return route

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
            left = c.deadline - env._now
            if left < INF:
                yield first_of(env, req, max(left, 0.0))
                if not req.triggered:
                    req.cancel()
                    self.rec.queue(fid, len(res.queue))
                    rec.outcome = "reneged"
                    return
            else:
                yield req
            self.rec.queue(fid, len(res.queue))
        rec.service_start = env._now
        rec.fixture_id, rec.fixture_kind = fid, kind
        yield from day.work.transaction(c.i, rec, kind, fid)
        rec.service_end = env._now
        rec.outcome = "served"
        res.release(req)

    def _take_seat(self, c: Customer, near: str) -> None:
        seat = None
        for sid in self.plan.seat_order(near):
            if sid in self.free_seats:
                seat = sid
                break
        if seat is not None:
            self.free_seats.discard(seat)
            c.seat = c.spot = seat
            c.rec.seat_id = seat
            self.seated += 1
        else:
            c.spot = self.plan.nearest(near, self.plan.standing)
            c.rec.stood = True
            self.standing += 1
            # standing customers have less patience
            f = self.sc.customers.standing_patience_factor
            if f < 1.0 and c.deadline < INF:
                c.deadline = c.rec.arrival + (c.deadline - c.rec.arrival) * f
        self.rec.occupancy(self.inside, self.seated, self.standing)

    def ticket_visit(self, c: Customer, kinds: tuple[str, ...]) -> Proc:
        env, rec, day = self.env, c.rec, self.day
        dispenser = self._dispenser.get(rec.entrance_id)
        if dispenser is not None:
            yield from self.walk(c, dispenser, "to_ticket")
        if len(day.tickets) >= c.balk:
            rec.outcome = "balked"
            return
        number = day.tickets.draw_number()
        rec.ticket_time, rec.ticket_number = env._now, number
        t = Ticket(c, rec, c.i, number, kinds, env, self.walking or c.deadline < INF)
        c.ticket = t
        if c.no_show:
            t.absent = True
            rec.outcome = "no_show"
            day.push(t)
            return
        walking = self.walking
        if walking:
            self._take_seat(c, c.at)
        day.push(t)
        if walking:
            self.waiting[c.i] = c
            day.staff.notify_marketers(c)
            assert c.spot is not None
            yield from self.walk(c, c.spot, "to_seat" if c.seat else "to_stand")
        yield from self._wait_for_call(c, t)

    def _wait_for_call(self, c: Customer, t: Ticket) -> Proc:
        env, rec = self.env, c.rec
        called, done = t.called, t.done
        assert done is not None
        left = c.deadline - env._now
        if left < INF:
            assert called is not None
            if not called.triggered:
                yield first_of(env, called, max(left, 0.0))
            if not called.triggered:
                t.absent = True
                self.leave_spot(c)
                rec.outcome = "reneged"
                return
        elif self.walking:
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
        elif P.is_standing(c.spot):
            self.standing -= 1
        c.spot = None
        self.rec.occupancy(self.inside, self.seated, self.standing)
