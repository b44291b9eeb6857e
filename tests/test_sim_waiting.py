"""sim.waiting.first_of behaves as SimPy's ``ev | env.timeout(d)``: the same resume time and the
same order among events of the same instant (the simulation's records depend on that order)."""

from __future__ import annotations

import pytest
import simpy

from lobbysim.sim.waiting import end_like_a_process, first_of, start_like_a_process, tick


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


def _chain_trace(as_callbacks: bool, times: list[float]) -> tuple[list[tuple[float, str]], int]:
    """Arrivals at ``times`` (ties included) by a process or by a chain of callbacks; each arrival
    starts a short process, and bystanders act at the same instants."""
    env = simpy.Environment()
    log: list[tuple[float, str]] = []

    def visit(i: int):
        log.append((env.now, f"visit {i} starts"))
        yield env.timeout(0)
        log.append((env.now, f"visit {i} again"))

    def arrive(i: int) -> None:
        log.append((env.now, f"arrival {i}"))
        env.process(visit(i))

    def as_process():
        for i, t in enumerate(times):
            if t > env.now:
                yield env.timeout(t - env.now)
            arrive(i)
        log.append((env.now, "done"))

    state = {"i": 0}

    def step(_=None) -> None:
        while state["i"] < len(times):
            i = state["i"]
            if times[i] > env.now:
                env.timeout(times[i] - env.now).callbacks.append(step)
                return
            arrive(i)
            state["i"] = i + 1
        log.append((env.now, "done"))
        end_like_a_process(env)

    def bystander(at: float):
        yield env.timeout(at)
        log.append((env.now, f"bystander {at:g}"))
        env.process(visit(-1))

    env.process(bystander(0.0))
    if as_callbacks:
        start_like_a_process(env, step)
    else:
        env.process(as_process())
    for t in (0.0, 1.0, 2.0, 4.0):
        env.process(bystander(t))
    env.run()
    return log, next(env._eid)


def test_a_chain_of_callbacks_keeps_the_order_of_the_process_it_replaces():
    for times in ([0.0, 1.0, 1.0, 2.0, 4.0], [0.5, 1.0, 3.0], [], [0.0, 0.0], [2.0, 4.0, 4.0, 4.0]):
        chain, proc = _chain_trace(True, times), _chain_trace(False, times)
        assert chain == proc, times
    log, _ = _chain_trace(True, [1.0, 1.0])
    assert [e for _, e in log].index("arrival 0") < [e for _, e in log].index("bystander 1")


def _tick_trace(use_tick: bool) -> tuple[list[tuple[float, str]], int]:
    env = simpy.Environment()
    log: list[tuple[float, str]] = []
    wait = (lambda d: tick(env, d)) if use_tick else env.timeout

    def walker(name: str, delays: list[float]):
        for d in delays:
            got = yield wait(d)
            log.append((env.now, f"{name} after {d:g} got {got}"))

    def bystander(at: float):
        yield env.timeout(at)
        log.append((env.now, f"bystander {at:g}"))

    def ring(_) -> None:
        log.append((env.now, "callback"))

    env.process(walker("a", [1.0, 0.0, 1.0, 0.5]))
    for t in (0.0, 1.0, 2.0, 2.5):
        env.process(bystander(t))
    env.process(walker("b", [2.0, 0.0, 0.5]))
    wait(2.0).callbacks.append(ring)
    env.run()
    return log, next(env._eid)


def test_a_tick_is_scheduled_and_processed_as_the_timeout_it_replaces():
    assert _tick_trace(True) == _tick_trace(False)
    log, _ = _tick_trace(True)
    assert (2.5, "a after 0.5 got None") in log and (2.0, "callback") in log
    with pytest.raises(ValueError, match="Negative delay"):
        tick(simpy.Environment(), -1.0)
