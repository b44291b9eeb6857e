"""Waiting for whichever comes first: an event or a deadline.

``first_of(env, ev, delay)`` behaves as SimPy's ``ev | env.timeout(delay)`` does for a process that
only asks, afterwards, which of the two happened (``ev.triggered``): the returned event is
triggered when the first of them is processed and is processed one step later, in the same order
relative to every other event as the condition would be. It skips the condition's bookkeeping
(its value, the removal of its callbacks), which cost more than the rest of a staff member's idle
wait; staff wait this way several hundred times a day.
"""

from __future__ import annotations

from typing import Any

import simpy


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
