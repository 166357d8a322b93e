"""The model's clock: a SimPy environment that also runs plain callbacks cheaply.

Most of the model's events are "call this method with these arguments at time t". As SimPy
``Timeout`` events each costs two object constructions, a callback list and a closure;
:meth:`Clock.call_in` instead puts ``(fn, args)`` straight on SimPy's own event queue under
the key a ``Timeout`` would get, ``(time, NORMAL, event id)``, so the order of events (and
with it every result) is the same as with timeouts, and ordinary SimPy events and processes
still work in the same environment.

A run stops with :class:`EventLimitExceeded` once it has scheduled more than
:attr:`Clock.max_events` events (:data:`sim.limits.RUNTIME_LIMIT`, ten times the budget that
validation estimates against): whatever the estimate missed, no replication runs without end.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from heapq import heappop, heappush
from typing import Any

import simpy
from simpy.core import EmptySchedule
from simpy.events import NORMAL

from sim import limits
from sim.errors import EventLimitExceeded


class Clock(simpy.Environment):
    """A :class:`simpy.Environment` with cheap scheduled calls and a lean run loop.

    ``now`` is a plain attribute here (SimPy's is a property): the model reads it a few
    dozen times per household.
    """

    now: float = 0.0  # shadows SimPy's property; kept equal to ``_now``

    def __init__(self, initial_time: float = 0.0, end: float = math.inf) -> None:
        super().__init__(initial_time)
        # SimPy's queue, typed for what this clock puts on it: timeouts' events and calls
        self._calls: list[tuple[float, int, int, Any]] = self._queue  # type: ignore[assignment]
        self.now = float(initial_time)
        self.end = end  # calls due at or after the end of the run are never scheduled
        # stop after this many scheduled events (see the module doc); read from sim.limits
        # when the clock is made, so that a caller (or a test) can lower it
        self.max_events: int = limits.RUNTIME_LIMIT

    def call_in(self, delay: float, fn: Callable[..., Any], *args: Any) -> None:
        """Call ``fn(*args)`` after ``delay`` time units (a negative delay counts as 0),
        ordered like a SimPy timeout; nothing happens if that is at or after ``end``."""
        now = self._now
        t = now + delay
        if t >= self.end:
            return
        if delay < 0.0:
            t = now
        heappush(self._calls, (t, NORMAL, next(self._eid), (fn, args)))

    def step(self) -> None:
        """Process the next event: a scheduled call, or a SimPy event as SimPy would."""
        try:
            t, _, eid, ev = heappop(self._calls)
        except IndexError:
            raise EmptySchedule() from None
        if eid > self.max_events:
            raise self._too_many()
        self._now = self.now = t
        if type(ev) is tuple:
            ev[0](*ev[1])
        else:
            _process(ev)

    def run(self, until: Any = None) -> Any:
        """Run until time ``until`` (events at exactly ``until`` are left), or until the queue
        is empty; an event as ``until`` falls back to SimPy's own loop."""
        if until is not None and not isinstance(until, int | float):
            return super().run(until)
        at = math.inf if until is None else float(until)
        if at <= self._now:
            raise ValueError(f"until (={at}) must be greater than the current simulation time")
        q = self._calls
        limit = self.max_events
        while q and q[0][0] < at:
            t, _, eid, ev = heappop(q)
            if eid > limit:  # event ids count every event scheduled so far
                raise self._too_many()
            self._now = self.now = t
            if type(ev) is tuple:
                ev[0](*ev[1])
            else:
                _process(ev)
        if until is not None:
            self._now = self.now = at
        return None

    def _too_many(self) -> EventLimitExceeded:
        return EventLimitExceeded(
            f"the replication scheduled more than {self.max_events:,} events by day {self._now:.0f} "
            "and was stopped: far more than validation estimated for this scenario "
            "(see sim.budget); shorten the horizon or lower the rates"
        )


def _process(ev: simpy.Event) -> None:
    """What :meth:`simpy.Environment.step` does with one popped event."""
    callbacks, ev.callbacks = ev.callbacks, None  # type: ignore[assignment]
    for callback in callbacks or ():
        callback(ev)
    if not ev._ok and not hasattr(ev, "_defused"):
        exc = type(ev._value)(*ev._value.args)
        exc.__cause__ = ev._value
        raise exc
