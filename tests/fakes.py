"""A small fake of :class:`sim.core.Core` for testing one component without the model.

It has the real pieces a component shares with the model (a clock, the calendar, a stock,
a waiting list, counters and levels) and records the household life-cycle calls a
component makes instead of carrying them out in full: a test runs the clock and reads
``calls`` and the counters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sim.calendar import Calendar
from sim.clock import Clock
from sim.dwellings import LEASED, OWNED, RENT_TO_OWN, SIZE_NAMES, TILVISNING, Acquisition, Dwelling, Stock
from sim.households import EXITED, TENANT, WAITING, AttributeSampler, Household, State
from sim.metrics import Flows, Levels
from sim.scenario import Scenario
from sim.waiting_list import WaitingList, key_priority


class FakeCore:
    """What a component sees of the model, with the life cycle recorded in :attr:`calls`."""

    def __init__(self, scenario: Scenario, seed: int = 1, replication: int = 0, population: float = 20_000):
        self.sc = scenario
        self.seed, self.rep = seed, replication
        self.cal = Calendar(scenario.start_date, scenario.end_date)
        self.horizon = self.cal.horizon
        self.env = Clock(0.0, end=self.horizon)
        self.years = self.cal.years()
        self.year_bounds = self.cal.year_bounds()
        self.year_now = 0
        for i in range(1, len(self.year_bounds) - 1):  # the year index, kept as the model keeps it
            self.env.call_in(self.year_bounds[i], self._new_year, i)
        self.population = np.full(self.cal.n_days, float(population))
        self.flows = Flows(len(self.years))
        names = [
            "follow_up",
            "stock",
            "staffed_persons",
            *(f"stock_{k}" for k in (OWNED, LEASED, TILVISNING, RENT_TO_OWN)),
        ]
        self.levels = Levels(names, len(self.cal.month_bounds()) - 1)
        self.stock = Stock(scenario.dwelling_types)
        self.wl = WaitingList([(s, sv) for s in range(3) for sv in (False, True)])
        self.alive: dict[int, Household] = {}
        self.group_names = list(scenario.groups)
        self.groups = [scenario.groups[g] for g in self.group_names]
        self.samplers = [AttributeSampler(g, scenario.allocation) for g in self.groups]
        self.lease_draw = scenario.tenancy.lease.sampler()
        self.lease_residual_draw = scenario.tenancy.lease.residual_sampler()
        self.acquisitions: list[Acquisition] = []
        self.calls: list[tuple[str, Any]] = []
        self.careers: list[str] = []
        self.n_created = 0
        self.prices = [2_000_000.0, 3_000_000.0, 4_000_000.0]

    def _new_year(self, i: int) -> None:
        self.year_now = i

    def called(self, name: str) -> list[Any]:
        """The arguments of every recorded call of ``name``, in order."""
        return [args for n, args in self.calls if n == name]

    # ---------------------------------------------------------------- shared state
    def price(self, size_class: int, t: float) -> float:
        return self.prices[size_class]

    def prices_at(self, t: float) -> list[float]:
        return list(self.prices)

    def income_of(self, hh: Household, t: float) -> float:
        return hh.income_base

    def career(self, key: str) -> None:
        self.careers.append(key)

    # ---------------------------------------------------------------- the stock
    def register_dwelling(self, d: Dwelling) -> None:
        self.stock.add(d)
        self.calls.append(("register_dwelling", d))

    def add_dwelling(self, d: Dwelling) -> None:
        self.stock.add(d)
        self.stock.release(d)
        self.calls.append(("add_dwelling", d))

    def drop_dwelling(self, d: Dwelling) -> None:
        d.removed_at = self.env.now
        self.stock.remove(d)
        self.calls.append(("drop_dwelling", d))

    def change_kind(self, d: Dwelling, kind: str) -> None:
        self.stock.change_kind(d, kind)
        self.calls.append(("change_kind", (d, kind)))

    # ---------------------------------------------------------------- households
    def household(
        self,
        group: int = 0,
        income: float = 300_000.0,
        persons: int = 1,
        children: bool = False,
        row: Sequence[float] | None = None,
    ) -> Household:
        """A registered household with the given attributes (fate row 0.5 unless given)."""
        hh = self.new_household(group, self.n_created, row if row is not None else [0.5] * 96)
        hh.income_base, hh.persons, hh.children = income, persons, children
        hh.size_class = 0 if persons <= 2 else 1 if persons <= 4 else 2
        hh.need_key = (hh.size_class, False)
        return hh

    def new_household(self, g: int, gidx: int, row: Sequence[float]) -> Household:
        hh = Household(self.n_created, self.group_names[g], g, gidx, row)
        self.n_created += 1
        self.alive[hh.hid] = hh
        self.calls.append(("new_household", hh))
        return hh

    def apply(self, hh: Household) -> None:
        hh.pending = True
        self.calls.append(("apply", hh))

    def set_state(self, hh: Household, new: State) -> None:
        hh.state = new
        self.calls.append(("set_state", (hh, new)))

    def join_list(self, hh: Household, approved_at: float) -> None:
        hh.approved_at = approved_at
        hh.priority = key_priority(hh.urgent, hh.children, approved_at)
        self.wl.push(hh, hh.priority)
        self.calls.append(("join_list", (hh, approved_at)))

    def waiting_events(self, hh: Household) -> None:
        self.calls.append(("waiting_events", hh))

    def become_homeless(self, hh: Household, in_temp: bool) -> None:
        hh.state = State.HOMELESS_TEMP if in_temp else State.HOMELESS_OTHER
        self.calls.append(("become_homeless", (hh, in_temp)))

    def backdate_temp_stay(self, hh: Household, since: float) -> None:
        hh.temp_since = since
        self.calls.append(("backdate_temp_stay", (hh, since)))

    def place_tenant(self, hh: Household, d: Dwelling, lease_days: float) -> None:
        self._occupy(hh, d)
        self.calls.append(("place_tenant", (hh, d, lease_days)))

    def move_in(self, hh: Household, d: Dwelling, lease_days: float | None = None) -> None:
        if hh.on_list:
            self.wl.remove(hh)
        self._occupy(hh, d)
        self.calls.append(("move_in", (hh, d, lease_days)))

    def _occupy(self, hh: Household, d: Dwelling) -> None:
        hh.state = TENANT
        hh.dwelling, d.occupant = d, hh
        self.stock.occupied += 1

    def next_lease(self, hh: Household) -> None:
        self.calls.append(("next_lease", hh))

    def vacate(self, hh: Household, evicted: bool = False) -> None:
        d = hh.dwelling
        assert d is not None
        d.occupant, hh.dwelling = None, None
        self.stock.occupied -= 1
        hh.state = WAITING
        self.calls.append(("vacate", hh))

    def leave_at_lease_end(self, hh: Household) -> None:
        self.calls.append(("leave_at_lease_end", hh))

    def refuse_offer(self, hh: Household, u: float) -> None:
        if hh.on_list:
            self.wl.remove(hh)
        self.calls.append(("refuse_offer", (hh, u)))

    def exit(self, hh: Household, route: str) -> None:
        if hh.on_list:
            self.wl.remove(hh)
        hh.state = EXITED
        hh.exit_route = route
        del self.alive[hh.hid]
        self.calls.append(("exit", (hh, route)))


def size_name(size_class: int) -> str:
    """``"small"``, ``"medium"`` or ``"large"``."""
    return SIZE_NAMES[size_class]
