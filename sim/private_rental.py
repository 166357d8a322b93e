"""Private rental: NAV rent guarantees, deposit loans and the rental broker (boveileder).

A household seeking a private dwelling succeeds with its group's probability, raised by
a guarantee or deposit loan (while the year's capacity lasts) and by the broker's help.
"""

from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING

from sim.households import Household, Slot, fate

if TYPE_CHECKING:
    from sim.model import Model
    from sim.spec.private_rental import PrivateRental


class PrivateMarket:
    """Yearly guarantee, deposit-loan and broker capacities, used first come, first served."""

    def __init__(self, model: Model, spec: PrivateRental):
        self.m = model
        self.spec = spec
        self.year = -1
        self.guarantees_left = 0.0
        self.deposits_left = 0.0
        self.broker_left = 0.0

    def roll(self, y: int | None = None) -> int:
        """Open a new year's capacities when the year changes; return the year index."""
        if y is None:
            y = self.m._year(self.m.env.now)
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
            self.m.flows.add("guarantees", y)
            self.m.flows.add("guarantees_direct", y)

    def broker_available(self) -> bool:
        """Whether the broker has capacity left this year."""
        self.roll()
        return self.broker_left >= 1

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
        flows = self.m.flows
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


class PrivateRentalRuntime:
    """Private rental inside a running model: searches and the broker's monthly round.

    A mixin of :class:`sim.model.Model`; it uses the model's state and helpers.
    """

    def _broker_cycle(self) -> None:
        if self.sc.private_rental.broker_placements_per_year > 0:
            self._at(7.0, self._broker_round)

    def _broker_round(self) -> None:
        self.events += 1
        now = self.env.now
        # a share of the year's capacity each month, most pressing households first
        self.market.roll()
        budget = math.ceil(self.sc.private_rental.broker_placements_per_year / 12.0)
        # the first `budget` by list order, without sorting the whole list each month
        cands = [
            e
            for need in self.needs_without_services
            for e in self.wl.entries(need)
            if now - e[2].brokered_at > 180.0
        ]
        for _key, _seq, hh in heapq.nsmallest(budget, cands):
            if self.market.broker_left < 1:
                break
            self._broker_offer(hh)
        self._at(30.4, self._broker_round)

    def _broker_offer(self, hh: Household) -> bool:
        """The broker finds a private dwelling; refusing it voids the approval."""
        hh.brokered_at = self.env.now
        k = hh.n_broker
        hh.n_broker = k + 1
        u = fate(hh.row, Slot.BROKER + k % Slot.N_BROKER, k // Slot.N_BROKER)
        refuse = self.sc.private_rental.broker_offer_refusal_probability
        if u < refuse:
            self.flows.add("broker_offers_refused", self.year_now)
            self._exit(hh, "refused_offer")
            return False
        u_success = (u - refuse) / (1.0 - refuse) if refuse < 1 else 0.0
        if self._private_attempt(hh, u_success, brokered=True):
            self._exit(hh, "private_rental")
            return True
        return False

    def _private_attempt(self, hh: Household, u_success: float, brokered: bool) -> bool:
        k = hh.n_aid
        hh.n_aid = k + 1
        u_aid = fate(hh.row, Slot.AID + k % 4, k // 4)
        p = self.groups[hh.group_index].private_rental_success_probability
        return self.market.attempt(p, u_success, u_aid, brokered)
