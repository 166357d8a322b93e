"""The model's clock: SimPy's environment, driven by a lean loop that also runs plain calls.

Most of the model's events are "call this method with these arguments at time t". As SimPy
``Timeout`` events each costs two object constructions, a callback list and a closure;
:meth:`Clock.call_in` instead puts ``(fn, args)`` straight on SimPy's own event queue under
the key a ``Timeout`` would get, ``(time, NORMAL, event id)``, so the order of events (and
with it every result) is the same as with timeouts, and ordinary SimPy events and processes
(:meth:`Clock.process`, :meth:`Clock.timeout`, :meth:`Clock.event`, or anything made on
:attr:`Clock.sim`, the :class:`simpy.Environment` itself) run in the same queue.

The clock holds the environment rather than being one: a class of its own is compiled
(issue 21) into a native class whose ``now`` the model reads as a plain number (a subclass
of SimPy's Python class could not be). The environment's own clock (``sim.now``) is set
before every SimPy event is processed and whenever the clock makes one, not at every plain
call, which needs none.

A run stops with :class:`EventLimitExceeded` once it has scheduled more than
:attr:`Clock.max_events` events (:data:`sim.limits.RUNTIME_LIMIT`, ten times the budget that
validation estimates against): whatever the estimate missed, no replication runs without end.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Generator, Iterator
from typing import Any, Final

import simpy
from simpy.core import EmptySchedule

from sim import limits
from sim.errors import EventLimitExceeded

#: SimPy's priority of an ordinary event (``simpy.events.NORMAL``), as a plain int
NORMAL: Final = 1
# Final: the compiled clock keeps them in C variables (a plain import is a dict lookup per call)
heappush: Final = heapq.heappush
heappop: Final = heapq.heappop
assert int(simpy.events.NORMAL) == NORMAL


class Clock:
    """Scheduled calls and SimPy events on one queue, run by a lean loop.

    ``now`` is a plain attribute (SimPy's is a property): the model reads it a few dozen
    times per household.
    """

    def __init__(self, initial_time: float = 0.0, end: float = math.inf) -> None:
        #: SimPy's environment: its queue and its event ids are this clock's
        self.sim: Any = simpy.Environment(initial_time)
        # SimPy's queue, typed for what this clock puts on it: SimPy's events and calls
        self._queue: list[tuple[float, int, int, Any]] = self.sim._queue  # type: ignore[assignment]
        self._eid: Iterator[int] = self.sim._eid
        self.now = float(initial_time)
        self.end = end  # calls due at or after the end of the run are never scheduled
        # stop after this many scheduled events (see the module doc); read from sim.limits
        # when the clock is made, so that a caller (or a test) can lower it
        self.max_events: int = limits.RUNTIME_LIMIT

    # ------------------------------------------------------------------ SimPy's own API
    def process(self, generator: Generator[Any, Any, Any]) -> Any:
        """A SimPy process in this clock's environment (:meth:`simpy.Environment.process`)."""
        self.sim._now = self.now
        return self.sim.process(generator)

    def timeout(self, delay: float, value: Any = None) -> Any:
        """A SimPy timeout in this clock's environment."""
        self.sim._now = self.now
        return self.sim.timeout(delay, value)

    def event(self) -> Any:
        """A SimPy event in this clock's environment."""
        return self.sim.event()

    # ------------------------------------------------------------------ scheduled calls
    def call_in(self, delay: float, fn: Callable[..., Any], *args: Any) -> None:
        """Call ``fn(*args)`` after ``delay`` time units (a negative delay counts as 0),
        ordered like a SimPy timeout; nothing happens if that is at or after ``end``."""
        now = self.now
        t = now + delay
        if t >= self.end:
            return
        if delay < 0.0:
            t = now
        heappush(self._queue, (t, NORMAL, next(self._eid), (fn, args)))

    def step(self) -> None:
        """Process the next event: a scheduled call, or a SimPy event as SimPy would."""
        try:
            t, _, eid, ev = heappop(self._queue)
        except IndexError:
            raise EmptySchedule() from None
        if eid > self.max_events:
            raise self._too_many()
        self.now = t
        if type(ev) is tuple:
            ev[0](*ev[1])
        else:
            self.sim._now = t
            _process(ev)

    def run(self, until: Any = None) -> Any:
        """Run until time ``until`` (events at exactly ``until`` are left), until the SimPy
        event ``until`` has been processed (returning its value), or until the queue is empty."""
        if until is not None and not isinstance(until, int | float):
            return self._run_until_event(until)
        at = math.inf if until is None else float(until)
        if at <= self.now:
            raise ValueError(f"until (={at}) must be greater than the current simulation time")
        q = self._queue
        limit = self.max_events
        while q and q[0][0] < at:
            t, _, eid, ev = heappop(q)
            if eid > limit:  # event ids count every event scheduled so far
                raise self._too_many()
            self.now = t
            if type(ev) is tuple:
                ev[0](*ev[1])
            else:
                self.sim._now = t
                _process(ev)
        if until is not None:
            self.now = at
            self.sim._now = at
        return None

    def _run_until_event(self, until: Any) -> Any:
        """SimPy's ``run(until=event)``: step until the event is processed, then its value."""
        while until.callbacks is not None:  # SimPy sets them to None once processed
            if not self._queue:
                raise RuntimeError(f'No scheduled events left but "until" event was not triggered: {until}')
            self.step()
        if not until._ok:
            raise until._value
        return until._value

    def _too_many(self) -> EventLimitExceeded:
        return EventLimitExceeded(
            f"the replication scheduled more than {self.max_events:,} events by day {self.now:.0f} "
            "and was stopped: far more than validation estimated for this scenario "
            "(see sim.budget); shorten the horizon or lower the rates"
        )


def _process(ev: Any) -> None:
    """What :meth:`simpy.Environment.step` does with one popped event."""
    callbacks, ev.callbacks = ev.callbacks, None
    for callback in callbacks or ():
        callback(ev)
    if not ev._ok and not hasattr(ev, "_defused"):
        exc = type(ev._value)(*ev._value.args)
        exc.__cause__ = ev._value
        raise exc
