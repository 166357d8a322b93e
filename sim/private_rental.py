"""Private rental: NAV rent guarantees, deposit loans and the rental broker (boveileder).

A component of the model. A household seeking a private dwelling succeeds with its group's
probability, raised by a guarantee or deposit loan (while the year's capacity lasts) and by
the broker's help. The broker's monthly round offers brokered rentals to the most pressing
households on the waiting list; NAV clients from outside the list use the same guarantees.
"""

from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING, Final

from sim.calendar import year_index
from sim.demography import arrival_times
from sim.households import Household, Slot, fate
from sim.rng import stream

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.core import Core
    from sim.metrics import Flows
    from sim.spec.private_rental import PrivateRental

#: days between the broker's rounds and before a household is offered a rental again
BROKER_ROUND_DAYS: Final = 30.4
BROKER_RETRY_DAYS: Final = 180.0


class PrivateMarket:
    """Yearly guarantee, deposit-loan and broker capacities, used first come, first served."""

    def __init__(self, core: Core, spec: PrivateRental) -> None:
        self.core = core
        # the clock and collectors, typed: the compiled component reads them as C fields
        self.env: Clock = core.env
        self.flows: Flows = core.flows
        self.spec = spec
        self.year = -1
        self.guarantees_left = 0.0
        self.deposits_left = 0.0
        self.broker_left = 0.0
        self.events = 0
        # the broker finds ordinary dwellings only: needs without services, by size
        self._needs = [(s, False) for s in range(3)]
        self._guarantee_times: list[float] = []
        self._guarantee_pos = 0

    # ---------------------------------------------------------------- events
    def start(self) -> None:
        """Register the broker's monthly round (if there is a broker)."""
        if self.spec.broker_placements_per_year > 0:
            self.env.call_in(7.0, self._broker_round)

    def draw_direct_guarantees(self) -> None:
        """Draw when NAV clients from outside the list ask for a guarantee (own stream)."""
        c = self.core
        gen = stream(c.seed, c.rep, "private_rental:direct_guarantees")
        self._guarantee_times = arrival_times(
            self.spec.direct_guarantee_clients_per_1000_per_year, c.population, gen
        ).tolist()
        self._guarantee_pos = 0

    def direct_guarantees_until(self, now: float) -> None:
        """Serve the outside clients who asked by ``now`` (the model's monthly work)."""
        times, pos = self._guarantee_times, self._guarantee_pos
        bounds = self.core.year_bounds
        while pos < len(times) and times[pos] <= now:
            self.direct_guarantee(year_index(bounds, times[pos]))
            pos += 1
        self._guarantee_pos = pos

    def _broker_round(self) -> None:
        self.events += 1
        c = self.core
        now = self.env.now
        # a share of the year's capacity each month, most pressing households first
        self.roll()
        budget = math.ceil(self.spec.broker_placements_per_year / 12.0)
        # the first `budget` by list order, without sorting the whole list each month
        cands = [
            e
            for need in self._needs
            for e in c.wl.entries(need)
            if now - e[2].brokered_at > BROKER_RETRY_DAYS
        ]
        for _key, _seq, hh in heapq.nsmallest(budget, cands):
            if self.broker_left < 1:
                break
            self.broker_offer(hh)
        self.env.call_in(BROKER_ROUND_DAYS, self._broker_round)

    # ---------------------------------------------------------------- capacities
    def roll(self, y: int | None = None) -> int:
        """Open a new year's capacities when the year changes; return the year index."""
        if y is None:
            y = self.core.year_now
        if y != self.year:
            self.year = y
            self.guarantees_left = self.spec.guarantees_per_year
            self.deposits_left = self.spec.deposit_loans_per_year
            self.broker_left = self.spec.broker_placements_per_year
        return y

    def direct_guarantee(self, y: int) -> None:
        """An outside NAV client asks for a guarantee in year ``y``."""
        y = self.roll(y)
        if self.guarantees_left >= 1:
            self.guarantees_left -= 1
            self.flows.add("guarantees", y)
            self.flows.add("guarantees_direct", y)

    def broker_available(self) -> bool:
        """Whether the broker has capacity left this year."""
        self.roll()
        return self.broker_left >= 1

    # ---------------------------------------------------------------- searches
    def broker_offer(self, hh: Household) -> bool:
        """The broker finds a private dwelling for ``hh``; refusing it voids the approval.
        True if the household moved out of the system into the rental."""
        c = self.core
        hh.brokered_at = self.env.now
        k = hh.n_broker
        hh.n_broker = k + 1
        u = fate(hh.row, Slot.BROKER + k % Slot.N_BROKER, k // Slot.N_BROKER)
        refuse = self.spec.broker_offer_refusal_probability
        if u < refuse:
            self.flows.add("broker_offers_refused", c.year_now)
            c.refuse_offer(hh, u / refuse)
            return False
        u_success = (u - refuse) / (1.0 - refuse) if refuse < 1 else 0.0
        if self.search(hh, u_success, brokered=True):
            c.exit(hh, "private_rental")
            return True
        return False

    def search(self, hh: Household, u_success: float, brokered: bool) -> bool:
        """One search by ``hh`` for a private rental (its own uniform ``u_success``)."""
        k = hh.n_aid
        hh.n_aid = k + 1
        u_aid = fate(hh.row, Slot.AID + k % 4, k // 4)
        p = self.core.groups[hh.group_index].private_rental_success_probability
        return self.attempt(p, u_success, u_aid, brokered)

    def attempt(self, base_probability: float, u_success: float, u_aid: float, brokered: bool) -> bool:
        """One search for a private dwelling; capacity is used only if the search succeeds."""
        y = self.roll()
        s = self.spec
        p = base_probability
        aid = None
        if self.deposits_left >= 1:
            aid = "deposit"
            p *= s.deposit_success_multiplier
        elif self.guarantees_left >= 1 and u_aid < s.guarantee_take_up_share:
            aid = "guarantee"
            p *= s.guarantee_success_multiplier
        if brokered:
            p *= s.broker_success_multiplier
        if u_success >= min(p, 0.98):
            return False
        flows = self.flows
        if aid == "deposit":
            self.deposits_left -= 1
            flows.add("deposit_loans", y)
        elif aid == "guarantee":
            self.guarantees_left -= 1
            flows.add("guarantees", y)
        if brokered:
            self.broker_left -= 1
            flows.add("broker_placements", y)
        return True
