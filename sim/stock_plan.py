"""The stock plan inside a running model: purchases, sales, leases and care-dwelling builds.

A component of the model. Each line of the plan is spread evenly over its year: the
decision is taken (and paid for) on its day, and the dwelling can be let after the
purchase delay, the build time or a month for a lease. A sale takes a vacant owned
dwelling of the type at once, or the next one that falls vacant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from sim.calendar import DAYS_PER_YEAR
from sim.dwellings import LEASED, OWNED, SIZE_INDEX, Acquisition, Dwelling

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.core import Core
    from sim.metrics import Flows
    from sim.scenario import DwellingType
    from sim.spec.stock import StockAction

#: days from signing a lease with a private owner until the dwelling can be let
LEASE_DELAY_DAYS: Final = 30.0


class StockPlan:
    """Acquisitions, sales and lease ends of the scenario's stock plan."""

    def __init__(self, core: Core) -> None:
        self.core = core
        # the clock and collectors, typed: the compiled component reads them as C fields
        self.env: Clock = core.env
        self.flows: Flows = core.flows
        self.events = 0
        # sales decided while no owned dwelling of the type was vacant, by type index
        self.pending_sales: dict[int, int] = {}

    def start(self) -> None:
        """Register every decision of the plan on the clock."""
        c = self.core
        sc = c.sc
        prices = sc.stock_prices
        names = list(sc.dwelling_types)
        for action, year in ((a, y) for a in sc.stock_plan for y in a.years()):
            if action.count <= 0 or year not in c.years:
                continue
            i = c.years.index(year)
            lo, hi = c.year_bounds[i], c.year_bounds[i + 1]
            t_index = names.index(action.dwelling_type)
            spec = sc.dwelling_types[action.dwelling_type]
            for k in range(action.count):
                decided = lo + (k + 0.5) / action.count * (hi - lo)
                if action.instrument == "sale":
                    self.env.call_in(decided - self.env.now, self._sell, t_index)
                    continue
                delay = {
                    "purchase": prices.purchase_delay_days,
                    "care_build": prices.care_build_days,
                    "lease": LEASE_DELAY_DAYS,
                }[action.instrument]
                self.env.call_in(decided - self.env.now, self._acquire, action, t_index, spec, delay)

    def _acquire(self, action: StockAction, t_index: int, spec: DwellingType, delay: float) -> None:
        """The decision to add a dwelling: pay now, let it after the delay."""
        self.events += 1
        c = self.core
        now = self.env.now
        y = c.year_now
        size = SIZE_INDEX[spec.size_class]
        kind = LEASED if action.instrument == "lease" else OWNED
        prices = c.sc.stock_prices
        d = Dwelling(0, action.dwelling_type, t_index, size, spec.services, kind)
        if action.instrument == "purchase":
            price = c.price(size, now)
            cost = price * (1.0 + prices.purchase_fees_share)
            self.flows.add("purchases", y)
            self.flows.add("purchase_nok", y, price)
            c.acquisitions.append(Acquisition(d, now, price, cost, cost * prices.purchase_state_grant_share))
        elif action.instrument == "care_build":
            cost = prices.care_build_cost_nok * self._index(now)
            self.flows.add("care_builds", y)
            self.flows.add("care_build_nok", y, cost)
            c.acquisitions.append(Acquisition(d, now, cost, cost, cost * prices.care_build_state_grant_share))
        else:
            self.flows.add("leases_started", y)
        self.env.call_in(delay, self._ready, d, action.contract_years)

    def _ready(self, d: Dwelling, contract_years: float) -> None:
        c = self.core
        c.add_dwelling(d)
        if d.kind == LEASED:
            self.env.call_in(contract_years * DAYS_PER_YEAR, self._end_lease_contract, d)

    def _index(self, t: float) -> float:
        return float((1.0 + self.core.sc.costs.cost_growth_per_year) ** (t / DAYS_PER_YEAR))

    def remove_if_due(self, d: Dwelling) -> bool:
        """Remove a dwelling that has become free if it is sold, or its lease or agreement
        ended (the model asks whenever a dwelling falls vacant)."""
        if d.to_remove:
            self.core.drop_dwelling(d)
            return True
        if d.kind == OWNED and self.pending_sales.get(d.type_index, 0) > 0:
            self.pending_sales[d.type_index] -= 1
            self._sold(d)
            return True
        return False

    def _sell(self, t_index: int) -> None:
        self.events += 1
        for need_pool in self.core.stock.vacant.values():
            for d in need_pool:
                if d.vacant and not d.removed and d.type_index == t_index and d.kind == OWNED:
                    self._sold(d)
                    return
        self.pending_sales[t_index] = self.pending_sales.get(t_index, 0) + 1

    def _sold(self, d: Dwelling) -> None:
        c = self.core
        now = self.env.now
        y = c.year_now
        price = c.price(d.size_class, now)
        self.flows.add("sales", y)
        self.flows.add("sale_nok", y, price)
        d.proceeds = price
        c.drop_dwelling(d)

    def _end_lease_contract(self, d: Dwelling) -> None:
        self.events += 1
        self.flows.add("leases_ended", self.core.year_now)
        if d.occupant is None and d.vacant:
            self.core.drop_dwelling(d)
        else:
            d.to_remove = True
