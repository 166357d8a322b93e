"""The model's clock: scheduled calls run in the same order SimPy timeouts would."""

from __future__ import annotations

import random

import pytest
import simpy

from sim.clock import Clock


def _order_with_timeouts(delays: list[float]) -> list[tuple[float, int]]:
    env = simpy.Environment()
    seen: list[tuple[float, int]] = []
    for i, d in enumerate(delays):
        env.timeout(d).callbacks.append(lambda _e, i=i: seen.append((env.now, i)))
    env.run(until=50.0)
    return seen


def test_calls_run_in_the_order_simpy_timeouts_would() -> None:
    rng = random.Random(3)
    # many ties on whole days: the order among them must follow scheduling order, as in SimPy
    delays = [float(rng.randint(0, 60)) for _ in range(500)] + [rng.uniform(0, 60) for _ in range(500)]
    clock = Clock(0.0)
    seen: list[tuple[float, int]] = []
    for i, d in enumerate(delays):
        clock.call_in(d, lambda i=i: seen.append((clock.now, i)))
    clock.run(until=50.0)
    assert seen == _order_with_timeouts(delays)
    assert clock.now == 50.0


def test_calls_scheduled_from_calls_keep_fifo_order_on_ties() -> None:
    clock = Clock(0.0)
    seen: list[str] = []

    def first() -> None:
        seen.append("first")
        clock.call_in(0.0, seen.append, "third")

    clock.call_in(1.0, first)
    clock.call_in(1.0, seen.append, "second")
    clock.run(until=2.0)
    assert seen == ["first", "second", "third"]


def test_calls_at_or_after_the_end_are_dropped_and_negative_delays_count_as_zero() -> None:
    clock = Clock(0.0, end=10.0)
    seen: list[str] = []
    clock.call_in(10.0, seen.append, "at end")
    clock.call_in(float("inf"), seen.append, "never")
    clock.call_in(-5.0, seen.append, "now")
    assert len(clock._queue) == 1
    clock.run()
    assert seen == ["now"] and clock.now == 0.0


def test_simpy_processes_and_events_still_work_alongside_calls() -> None:
    clock = Clock(0.0)
    log: list[tuple[float, str]] = []

    def proc(env: simpy.Environment):  # SimPy's own environment, which the clock drives
        yield env.timeout(2.0)
        log.append((env.now, "process"))
        res = simpy.Resource(env, capacity=1)
        with res.request() as req:
            yield req
            yield env.timeout(1.0)
        log.append((env.now, "released"))

    clock.process(proc(clock.sim))
    clock.call_in(2.5, lambda: log.append((clock.now, "call")))
    clock.run(until=10.0)
    assert log == [(2.0, "process"), (2.5, "call"), (3.0, "released")]
    # running until a SimPy event steps through the same queue, and keeps both clocks equal
    ev = clock.timeout(1.0)
    clock.call_in(0.5, lambda: log.append((clock.now, "step")))
    clock.run(until=ev)
    assert log[-1] == (10.5, "step") and clock.now == clock.sim.now == 11.0


def test_failed_events_raise_as_in_simpy() -> None:
    clock = Clock(0.0)
    ev = clock.event()
    ev.fail(RuntimeError("boom"))
    with pytest.raises(RuntimeError, match="boom"):
        clock.run(until=1.0)


def test_until_must_lie_ahead() -> None:
    clock = Clock(5.0)
    with pytest.raises(ValueError, match="greater than the current"):
        clock.run(until=5.0)
