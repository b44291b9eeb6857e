"""The operations VP (内勤行长): works through the daily task list, and between tasks is on
duty like any other staff member (authorising, managing the floor)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import poi as P
from .executors import Proc

if TYPE_CHECKING:
    from .executors import StaffWork
    from .staff import Staff


def vp_life(work: StaffWork, s: Staff) -> Proc:
    """The VP's day: each task at its place, then an equal share of the free time on duty."""
    day, pol = work.day, work.pol
    env, plan, rec = work.env, work.plan, work.rec
    on, off = s.spec.shifts[0][0], s.spec.shifts[-1][1]
    if env.now < on:
        yield env.timeout(on - env.now)
    s.on_duty, s.shift_end, s.idle_since = True, off, env.now
    vp = pol.ops_vp
    tasks = list(vp.tasks)
    desk = s.home
    desk_floor = plan.on_floor(desk)
    counter_place = work.pool.staff_poi(vp.counter_place) if vp.counter_place else None
    floor_spot = P.STANDING
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
        yield from work.walk(s, where, "task")
        rec.switch(s, "desk_task", P.element_of(where), where, detail=task.name)
        yield env.timeout(task.seconds)
        rec.close(s)
        spell_end = min(env.now + gap, off)
        if desk_floor:
            if s.at != desk:
                yield from work.walk(s, desk, "home")
            yield from work.duty(s, until=spell_end, idle_state="floor")
        elif day.srng.random() < vp.floor_rounds_from_back:
            yield from work.walk(s, floor_spot, "floor_round")
            s.home = floor_spot
            yield from work.duty(s, until=spell_end, idle_state="floor")
            s.home = desk
            yield from work.walk(s, desk, "home")
        else:
            if s.at != desk:
                yield from work.walk(s, desk, "home")
            yield from work.duty(s, until=spell_end, idle_state="idle")
    if s.at != desk:
        yield from work.walk(s, desk, "home")
    yield from work.duty(s, idle_state="floor" if desk_floor else "idle")
    s.on_duty = False
    rec.close(s)
