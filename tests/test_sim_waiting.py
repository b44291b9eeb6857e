"""sim.waiting.first_of behaves as SimPy's ``ev | env.timeout(d)``: the same resume time and the
same order among events of the same instant (the simulation's records depend on that order)."""

from __future__ import annotations

import simpy

from lobbysim.sim.waiting import first_of


def _trace(use_first_of: bool, wake_at: float | None, deadline: float) -> list[tuple[float, str]]:
    env = simpy.Environment()
    log: list[tuple[float, str]] = []
    ev = env.event()

    def waiter():
        yield first_of(env, ev, deadline) if use_first_of else (ev | env.timeout(deadline))
        log.append((env.now, f"resumed woken={ev.triggered}"))

    def waker():
        if wake_at is not None:
            yield env.timeout(wake_at)
            ev.succeed()
            log.append((env.now, "woke"))

    def bystander(name: str, at: float):
        yield env.timeout(at)
        log.append((env.now, name))
        yield env.timeout(0)
        log.append((env.now, name + " again"))

    env.process(waiter())
    env.process(waker())
    for t in (1.0, 2.0, 3.0):
        env.process(bystander(f"b{t:g}", t))
    env.run()
    return log


def test_first_of_orders_like_the_condition_it_replaces():
    for wake_at, deadline in [(2.0, 3.0), (3.0, 2.0), (2.0, 2.0), (None, 2.0), (1.0, 1.0), (0.0, 5.0)]:
        assert _trace(True, wake_at, deadline) == _trace(False, wake_at, deadline), (wake_at, deadline)


def test_first_of_resumes_at_the_earlier_of_the_two():
    log = _trace(True, 3.0, 2.0)
    assert (2.0, "resumed woken=False") in log
    log = _trace(True, 1.0, 2.0)
    assert (1.0, "resumed woken=True") in log
