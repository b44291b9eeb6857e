"""The operations VP (内勤行长): works through the daily task list, and between tasks is on duty
like any other staff member, at their desk.

Where a task is done follows from the layout: 'counter' tasks inside the counter area (at the
desk when it is there, else at the counter place), 'floor' tasks on the lobby floor (at the desk
when it is there, else at the standing spot nearest it), 'anywhere' tasks at the desk, wherever
that is. A counter authorisation (a step of a transaction that needs a supervisor) interrupts the
task: the VP walks to the counter from wherever they are, authorises, walks back and goes on.
So the share of the day on the floor comes from the desk's place, the tasks that need the floor,
how long the tasks take that day (``ops_vp.task_cv``), and the interruptions and walks the day
brings; none of it is a setting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import poi as P
from .executors import Proc

if TYPE_CHECKING:
    from .executors import StaffWork
    from .policies import VpTask
    from .staff import Staff


def vp_life(work: StaffWork, s: Staff) -> Proc:
    """The VP's day: each task at its place, then free time on duty until the next task is due.
    The day is planned by the listed minutes (the free time shared equally after each task); a
    task that takes longer today, the walks and the interruptions eat into the free time that
    follows, a quicker one leaves more of it."""
    env, plan, vp = work.env, work.plan, work.pol.ops_vp
    on, off = s.spec.shifts[0][0], s.spec.shifts[-1][1]
    if env.now < on:
        yield env.timeout(on - env.now)
    s.on_duty, s.shift_end, s.idle_since = True, off, env.now
    desk = s.home
    desk_floor = plan.on_floor(desk)
    idle_state = "floor" if desk_floor else "idle"
    free = max(0.0, (off - on) - sum(t.seconds for t in vp.tasks))
    gap = free / max(1, len(vp.tasks))
    due = env.now  # when the next task is due by the plan
    for task, seconds in zip(vp.tasks, work.day.vp_task_seconds):
        if env.now >= off:
            break
        where = task_place(work, s, task)
        yield from work.walk(s, where, "task")
        yield from desk_task(work, s, task, where, seconds)
        due += task.seconds + gap
        spell_end = min(due, off)
        if s.at != desk:
            yield from work.walk(s, desk, "home")
        yield from work.duty(s, until=spell_end, idle_state=idle_state)
    if s.at != desk:
        yield from work.walk(s, desk, "home")
    yield from work.duty(s, idle_state=idle_state)
    s.on_duty = False
    work.rec.close(s)


def task_place(work: StaffWork, s: Staff, task: VpTask) -> str:
    """Where the VP does ``task`` on this layout (see the module docstring)."""
    plan, vp = work.plan, work.pol.ops_vp
    desk = s.home
    desk_floor = plan.on_floor(desk)
    if task.where == "counter" and desk_floor and vp.counter_place:
        return work.pool.staff_poi(vp.counter_place)
    if task.where == "floor" and not desk_floor:
        return plan.nearest(desk, plan.standing)
    return desk


def desk_task(work: StaffWork, s: Staff, task: VpTask, where: str, seconds: float) -> Proc:
    """Work ``seconds`` on ``task`` at ``where``; a counter authorisation interrupts it (see the
    module docstring)."""
    env, rec, pool = work.env, work.rec, work.pool
    remaining = seconds
    while remaining > 1e-9:
        rec.switch(s, "desk_task", P.element_of(where), where, detail=task.name, floor_activity=task.floor_activity)
        t0 = env.now
        s.interruptible = True
        ev = s.wake = env.event()
        yield env.timeout(remaining) | ev
        s.interruptible = False
        s.wake = None
        remaining -= env.now - t0
        if s.task is None:
            continue
        handed, s.task = s.task, None
        yield from work.do_task(s, handed)
        while (req := pool.next_request(s)) is not None:
            yield from work.authorise(s, req)
        if remaining > 1e-9 and s.at != where:
            yield from work.walk(s, where, "task")
    rec.close(s)
