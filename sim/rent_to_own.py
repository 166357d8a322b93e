"""Rent-to-own (leie-før-eie) inside a running model: a component.

Each year the municipality buys dwellings fitted to chosen households (from the waiting
list, and tenants if the scenario says so) and lets them with an option to buy in the
option year at the year-0 price. A household that can then carry the mortgage buys and
leaves with the dwelling; otherwise the option lapses and the dwelling joins the ordinary
stock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.calendar import DAYS_PER_YEAR
from sim.dwellings import OWNED, RENT_TO_OWN, Acquisition, Dwelling
from sim.households import EXITED, TENANT, WAITING, Household
from sim.loans import annuity_per_year, debt_service_capacity

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.core import Core
    from sim.metrics import Flows


class RentToOwnScheme:
    """Purchases for chosen households and the option to buy."""

    def __init__(self, core: Core) -> None:
        self.core = core
        # the clock and collectors, typed: the compiled component reads them as C fields
        self.env: Clock = core.env
        self.flows: Flows = core.flows
        self.spec = core.sc.rent_to_own
        self.events = 0

    def start(self) -> None:
        """Register each year's purchases, spread evenly over the year."""
        c = self.core
        for year, n in self.spec.units_by_year.items():
            if n <= 0 or year not in c.years:
                continue
            i = c.years.index(year)
            lo, hi = c.year_bounds[i], c.year_bounds[i + 1]
            for k in range(n):
                self.env.call_in(lo + (k + 0.5) / n * (hi - lo) - self.env.now, self._buy)

    def candidates(self, now: float) -> list[Household]:
        """Households the scheme may choose now: no services needed, income at least the
        minimum, and (by default) able to become owners by the option year."""
        c = self.core
        spec = self.spec
        cands = [h for h in c.wl.households() if not h.services and h.state != EXITED]
        if spec.from_tenants:
            cands += [
                h
                for h in c.alive.values()
                if h.state == TENANT
                and h.dwelling is not None
                and h.dwelling.kind == OWNED
                and not h.services
                and h.rto_dwelling is None
            ]
        cands = [h for h in cands if c.income_of(h, now) >= spec.min_income_nok_per_year]
        if spec.selection_test == "ownership_potential":
            cands = [h for h in cands if self.can_own_by_option_year(h, now)]
        return cands

    def can_own_by_option_year(self, hh: Household, now: float) -> bool:
        """Whether ``hh`` could carry the mortgage on a dwelling of its size bought now, at the
        option year, with its income now grown at its group's income growth (the municipality
        cannot know who will find work)."""
        c = self.core
        spec = self.spec
        growth = (1.0 + c.groups[hh.group_index].income.growth_per_year) ** spec.option_year
        capacity = debt_service_capacity(c.income_of(hh, now) * growth, hh.persons, c.sc.start_loans)
        price = c.price(hh.size_class, now)
        return capacity >= annuity_per_year(price, spec.mortgage_rate_per_year, spec.mortgage_term_years)

    def _buy(self) -> None:
        """Buy a dwelling fitted to one chosen household and let it with an option to buy."""
        self.events += 1
        c = self.core
        spec = self.spec
        now = self.env.now
        cands = self.candidates(now)
        if not cands:
            self.flows.add("rent_to_own_unfilled", c.year_now)
            return
        if spec.selection_rule == "children":
            hh = min(cands, key=lambda h: (not h.children, h.priority if h.on_list else (2,), h.hid))
        else:
            hh = max(cands, key=lambda h: (c.income_of(h, now), -h.hid))
        y = c.year_now
        price = c.price(hh.size_class, now)
        self.flows.add("rent_to_own_purchases", y)
        self.flows.add("rent_to_own_nok", y, price)
        d = Dwelling(0, "rent_to_own", -100, hh.size_class, False, RENT_TO_OWN)
        cost = price * (1.0 + c.sc.stock_prices.purchase_fees_share)
        c.acquisitions.append(Acquisition(d, now, price, cost, cost * spec.grant_share))
        c.register_dwelling(d)
        if hh.state == TENANT:
            c.vacate(hh)
            c.set_state(hh, WAITING)  # momentarily between dwellings
        hh.rto_dwelling = d
        hh.rto_price = price
        c.move_in(hh, d, lease_days=spec.option_year * DAYS_PER_YEAR)
        c.career("rent_to_own")

    def option(self, hh: Household) -> None:
        """At the option year the household buys if it can carry the mortgage."""
        c = self.core
        spec = self.spec
        now = self.env.now
        d = hh.dwelling
        assert d is not None
        price0 = hh.rto_price
        cap = debt_service_capacity(c.income_of(hh, now), hh.persons, c.sc.start_loans)
        y = c.year_now
        hh.rto_dwelling = None
        if cap >= annuity_per_year(price0, spec.mortgage_rate_per_year, spec.mortgage_term_years):
            self.flows.add("rent_to_own_exercised", y)
            self.flows.add("rent_to_own_sale_nok", y, price0)
            d.proceeds = price0
            d.to_remove = True
            c.vacate(hh)
            c.exit(hh, "rent_to_own")
            return
        # the option lapses: the dwelling joins the ordinary stock and the tenancy goes on
        self.flows.add("rent_to_own_lapsed", y)
        c.change_kind(d, OWNED)
        hh.n_leases += 1
        hh.epoch += 1
        c.next_lease(hh)
