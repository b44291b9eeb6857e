"""Waiting for whichever comes first: an event or a deadline; callbacks that stand in for a process.

``first_of(env, ev, delay)`` behaves as SimPy's ``ev | env.timeout(delay)`` does for a process that
only asks, afterwards, which of the two happened (``ev.triggered``): the returned event is
triggered when the first of them is processed and is processed one step later, in the same order
relative to every other event as the condition would be. It skips the condition's bookkeeping
(its value, the removal of its callbacks), which cost more than the rest of a staff member's idle
wait; staff wait this way several hundred times a day.

``start_like_a_process(env, callback)`` / ``end_like_a_process(env)`` run a chain of callbacks
(each scheduling the next timeout) in place of a process that only yields timeouts: the start
and the end schedule the events ``env.process`` would (an urgent start now, an end event), so
every other event keeps its place in SimPy's order, with one generator hop fewer per timeout.

``tick(env, delay)`` is ``env.timeout(delay)`` for the timeouts every customer needs (the next
arrival, a walk, a service) when nothing but their end is asked of them: the same entry in
SimPy's schedule (time, priority, sequence number), so the same order, but a small slotted
object scheduled directly instead of an Event with its own dictionary built by two Python calls.
Yield it or append a callback to it; it has no value and cannot fail.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappush
from typing import Any

import simpy
from simpy.events import NORMAL, URGENT


def first_of(env: simpy.Environment, ev: simpy.Event, delay: float) -> simpy.Event:
    """An event triggered when ``ev`` or a timeout of ``delay`` seconds (created now) is processed,
    whichever is first; ``ev`` must not have been triggered yet."""
    done = simpy.Event(env)

    def fire(_: Any) -> None:
        if not done.triggered:
            done.succeed()

    assert ev.callbacks is not None
    ev.callbacks.append(fire)
    timeout = env.timeout(delay)
    assert timeout.callbacks is not None
    timeout.callbacks.append(fire)
    return done


def _processed_event(env: simpy.Environment) -> simpy.Event:
    ev = simpy.Event(env)
    ev._ok, ev._value = True, None
    return ev


def start_like_a_process(env: simpy.Environment, callback: Callable[[simpy.Event], None]) -> None:
    """Call ``callback`` as ``env.process`` would start a process created now (an urgent event)."""
    ev = _processed_event(env)
    assert ev.callbacks is not None
    ev.callbacks.append(callback)
    env.schedule(ev, URGENT)


def end_like_a_process(env: simpy.Environment) -> None:
    """Schedule the event a process schedules when it ends (nobody waits for it)."""
    env.schedule(_processed_event(env))


class Tick:
    """A timeout as SimPy's ``step`` and a process's ``_resume`` read it (see the module docstring)."""

    __slots__ = ("callbacks",)
    callbacks: list[Callable[[Any], None]] | None
    _ok = True
    _value = None


def tick(env: simpy.Environment, delay: float) -> Tick:
    """A timeout of ``delay`` seconds (>= 0) from now, scheduled as ``env.timeout(delay)`` would be."""
    if delay < 0:
        raise ValueError(f"Negative delay {delay}")
    t = Tick()
    t.callbacks = []
    heappush(env._queue, (env._now + delay, NORMAL, next(env._eid), t))  # type: ignore[misc]
    return t
