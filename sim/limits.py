"""How much work one replication may do (issue 19): the event budget and the clock's guard.

Plain constants, so that both the scenario's validation (:mod:`sim.budget`) and the running
clock (:mod:`sim.clock`) read them without the one importing the other.
"""

from __future__ import annotations

#: most events one replication may be estimated to schedule (about 7 minutes of CPU at
#: 20 µs an event; the 60x benchmark scenario to 2040 needs under 2 % of it)
MAX_EVENTS = 20_000_000
#: events a replication may schedule before :class:`sim.clock.Clock` stops it
RUNTIME_LIMIT = 10 * MAX_EVENTS
