"""The SimPy model of one branch day.

:class:`Day` sets up one replication of one day on one layout and runs it. The actors live in
their own modules: customers (:mod:`.customers`), the ticket queue (:mod:`.tickets`), the staff
and who is told what (:mod:`.staff`), what a free staff member does next (:mod:`.decisions`)
and how it is done (:mod:`.executors`), the operations VP (:mod:`.vp`); everything that
happens is written by the recorder (:mod:`.recorder`) as the flat records of :mod:`.records`.

Randomness: one ``numpy.random.SeedSequence`` per (seed, day, replication), spawned into a
customer stream and a staff stream. Every customer attribute is drawn up front from the
customer stream, which depends only on the scenario: two layouts or two rosters see the same
customers (common random numbers).
"""

from __future__ import annotations

import gc
import math
from operator import attrgetter

import numpy as np
import simpy

from .customers import CustomerFlow, draw_customers, ticket_kinds
from .estimates import Estimates
from .executors import StaffWork
from .plan import Plan
from .recorder import Recorder, staff_table
from .records import Records
from .scenario import DAYS, MACHINE_KINDS, Scenario
from .staff import StaffPool
from .tickets import Ticket, TicketQueue
from .vp import vp_life

INF = math.inf


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
        # the fourth and fifth children (the day's part of the call list, the VP's task times) were
        # added later: the first three are the same as when there were three. Neither depends on
        # the layout, so two layouts compared on one replication share them.
        cust_ss, staff_ss, decide_ss, list_ss, vp_ss = ss.spawn(5)
        call_list = scenario.policies.flex.call_list
        #: the numbers of the shared call list due today (-1: no list)
        self.call_list_part = call_list.day_part(np.random.default_rng(list_ss)) if call_list is not None else -1
        #: how long each of the VP's tasks takes today
        self.vp_task_seconds = scenario.policies.ops_vp.task_seconds(np.random.default_rng(vp_ss))
        self.srng = np.random.default_rng(staff_ss)
        #: each staff member's own stream of uniforms for their choices (so one person's choices
        #: do not shift another's between two layouts)
        self._decide = {
            s.id: np.random.default_rng(k) for s, k in zip(scenario.staff, decide_ss.spawn(len(scenario.staff)))
        }
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
        self.recorder = Recorder(env, plan, self.rec, positions)
        self.stop = env.event()
        self.tickets = TicketQueue(self.recorder)
        self.machines = {fid: simpy.Resource(env, 1) for k in MACHINE_KINDS for fid in plan.machines[k]}
        #: the fixture kinds each business can be served at on this layout, in the scenario's order
        self.routes = {b.code: tuple(k for k in b.kinds if k in plan.available_kinds) for b in scenario.business}
        self.tkinds = {code: ticket_kinds(r) for code, r in self.routes.items()}
        self.draws = draw_customers(scenario, di, cust_ss)
        codes = [b.code for b in scenario.business]
        #: (business code, fixture kind) whose transactions have steps that need a staff member
        self.stepped = {
            (code, k) for k, sd in self.draws.steps.items() for j, code in enumerate(codes) if not sd.plain[j]
        }
        self.staff = StaffPool(self)
        self.estimates = Estimates(self)
        self.customers = CustomerFlow(self, self.draws)
        self.work = StaffWork(self)
        self.rec.call_list = self.staff.calls_left
        self.rec.substitutions = list(plan.substitutions)

    def decide(self, staff_id: str) -> float:
        """The next uniform of ``staff_id``'s own decisions."""
        return float(self._decide[staff_id].random())

    def plain(self, code: str, kind: str) -> bool:
        """Whether business ``code`` at fixture kind ``kind`` is one plain step (see service.py)."""
        return (code, kind) not in self.stepped

    def push(self, t: Ticket) -> None:
        """A ticket joins the queue; the counters that can call it are told."""
        self.tickets.add(t)
        self.staff.on_ticket(t)

    # --- running -------------------------------------------------------------------------------------
    def run(self) -> Records:
        env = self.env
        self.customers.start_arrivals()
        for s in self.staff.staff:
            if s.id == self.pol.ops_vp.staff:
                env.process(vp_life(self.work, s))
            else:
                env.process(self.work.staff_life(s))
        env.process(self._cutoff())
        for salon in self.pol.salons:
            env.process(self.work.micro_salon(self.staff.by_id[salon.staff], salon.start_s, salon.seconds))
        # a day allocates many small acyclic records; the cycle collector only slows it down
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            env.run(until=self.stop)
        finally:
            if was_enabled:
                gc.enable()
        return self._finish()

    def _finish(self) -> Records:
        end = self.env.now
        for s in self.staff.staff:
            self.recorder.close(s, end)
        rec = self.rec
        rec.end_time = end
        cs = rec.customers
        ids = [c.customer_id for c in cs]
        if ids != sorted(ids):
            cs.sort(key=attrgetter("customer_id"))
        # each person's spans are closed in time order; the roster order groups them
        rec.staff = staff_table(self.staff.staff)
        served = {s.spec.counter for s in self.staff.staff if s.spec.counter}
        served |= {r.fixture for r in self.staff.window_rules if r.fixture}
        rec.fixtures = {
            fid: f.fixture_kind
            for fid, f in self.plan.fixtures.items()
            if (f.fixture_kind in MACHINE_KINDS and f.fixture_kind in self.plan.available_kinds) or fid in served
        }
        rec.roster = {s.id: s.role for s in self.staff.staff}
        return rec

    def _cutoff(self):
        yield self.env.timeout(max(0.0, self.end_cut - self.env.now))
        if not self.stop.triggered:
            self.stop.succeed()

    def check_done(self) -> None:
        """End the day once the doors are shut and the last customer has left."""
        if self.customers.arrivals_done and self.customers.inside == 0 and not self.stop.triggered:
            self.stop.succeed()
