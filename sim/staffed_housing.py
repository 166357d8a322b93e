"""Staffed shared housing for the homeless with heavy needs: a component of the model.

The decision team places homeless households of the chosen groups here when a place is
free: those it does not approve for an ordinary dwelling, and (if the scenario says so)
those it approves, who then wait here instead of in hospits and keep their place on the
list. A resident leaves when it gets an ordinary dwelling, moves on to a solution of its
own, or drops out back into homelessness; one not on the list applies again after a while.
Places cost the same whether used or not.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from sim.calendar import DAYS_PER_YEAR
from sim.distributions import exponential_time
from sim.households import HOMELESS_OTHER, HOMELESS_TEMP, SUPPORTED, Household, Slot, fate

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.core import Core
    from sim.metrics import Flows, Levels
    from sim.spec.homelessness import StaffedHousing


class StaffedHousingUnit:
    """The places, the residents and the households referred and waiting for a place."""

    def __init__(self, core: Core, spec: StaffedHousing) -> None:
        self.core = core
        # the clock and collectors, typed: the compiled component reads them as C fields
        self.env: Clock = core.env
        self.flows: Flows = core.flows
        self.levels: Levels = core.levels
        self.spec = spec
        self.groups: frozenset[str] = frozenset(spec.groups)
        self.places = 0  # open places (0 until the first year)
        self.residents: set[int] = set()
        self.queue: deque[Household] = deque()
        self.events = 0
        self._level: int = core.levels.index["staffed_persons"]

    def start(self) -> None:
        """Open the places on 1 January of their first year."""
        c = self.core
        if self.spec.places <= 0 or self.spec.from_year > c.years[-1]:
            return
        i = max(0, self.spec.from_year - c.years[0])
        self.env.call_in(c.year_bounds[i] - self.env.now, self._open)

    def _open(self) -> None:
        self.events += 1
        self.places = self.spec.places
        self._admit()

    def eligible(self, hh: Household) -> bool:
        """Whether ``hh`` may be placed here (its group, homeless now)."""
        return hh.group in self.groups and hh.state in (HOMELESS_TEMP, HOMELESS_OTHER)

    def refer(self, hh: Household) -> bool:
        """The team refers ``hh``: it takes a place now if one is free, else waits for one.
        True if it was admitted now."""
        if not self.eligible(hh) or hh.staffed_referred:
            return False
        hh.staffed_referred = True
        self.queue.append(hh)
        before = len(self.residents)
        self._admit()
        return len(self.residents) > before and hh.hid in self.residents

    def _admit(self) -> None:
        c = self.core
        while self.queue and len(self.residents) < self.places:
            hh = self.queue.popleft()
            hh.staffed_referred = False
            if not self.eligible(hh):
                continue  # housed, gone, or off the street another way meanwhile
            self.residents.add(hh.hid)
            c.set_state(hh, SUPPORTED)
            self.levels.add(self._level, hh.persons, self.env.now)
            self.flows.add("staffed_admissions", c.year_now)
            c.career("staffed_housing")
            self._schedule(hh)

    def _schedule(self, hh: Household) -> None:
        """Draw the resident's time to moving on and to dropping out (its own uniforms) and
        schedule the first, or its new application."""
        spec = self.spec
        k = hh.n_staffed
        hh.n_staffed = k + 1
        t_on = exponential_time(spec.move_on_rate_per_year / DAYS_PER_YEAR, fate(hh.row, Slot.STAFFED, k))
        t_out = exponential_time(
            spec.dropout_rate_per_year / DAYS_PER_YEAR, fate(hh.row, Slot.STAFFED + 1, k)
        )
        ep = hh.epoch
        if t_on <= t_out:
            self.env.call_in(t_on, self._on_leave, hh, ep, True)
        else:
            self.env.call_in(t_out, self._on_leave, hh, ep, False)
        if not hh.on_list and not hh.pending:
            self.env.call_in(spec.reapply_after_days, self._on_reapply, hh, ep)

    def _on_leave(self, hh: Household, epoch: int, moves_on: bool) -> None:
        if hh.epoch != epoch:
            return
        self.events += 1
        c = self.core
        if moves_on:
            c.exit(hh, "own_solution")
        else:
            self.flows.add("staffed_dropouts", c.year_now)
            c.become_homeless(hh, False)

    def _on_reapply(self, hh: Household, epoch: int) -> None:
        if hh.epoch != epoch or hh.on_list or hh.pending:
            return
        self.events += 1
        self.core.apply(hh)

    def release(self, hh: Household) -> None:
        """A resident leaves (the model calls this when it leaves the state): free its place."""
        self.residents.discard(hh.hid)
        self.levels.add(self._level, -hh.persons, self.env.now)
        self._admit()
