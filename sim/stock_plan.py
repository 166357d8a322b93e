"""The stock plan: purchases, sales, leases from private owners and care-dwelling builds."""

from __future__ import annotations

from sim.calendar import DAYS_PER_YEAR
from sim.dwellings import LEASED, OWNED, Dwelling


class StockPlanRuntime:
    """The stock plan inside a running model: acquisitions, sales, lease ends.

    A mixin of :class:`sim.model.Model`; it uses the model's state and helpers.
    """

    def _stock_plan(self) -> None:
        prices = self.sc.stock_prices
        types = list(self.sc.dwelling_types.items())
        names = [n for n, _ in types]
        for action, year in ((a, y) for a in self.sc.stock_plan for y in a.years()):
            if action.count <= 0 or year not in self.years:
                continue
            i = self.years.index(year)
            lo, hi = self.year_bounds[i], self.year_bounds[i + 1]
            t_index = names.index(action.dwelling_type)
            spec = self.sc.dwelling_types[action.dwelling_type]
            for k in range(action.count):
                decided = lo + (k + 0.5) / action.count * (hi - lo)
                if action.instrument == "sale":
                    self._at(decided - self.env.now, self._sell, t_index)
                    continue
                delay = {
                    "purchase": prices.purchase_delay_days,
                    "care_build": prices.care_build_days,
                    "lease": 30.0,
                }[action.instrument]
                self._at(
                    decided - self.env.now,
                    self._acquire,
                    action,
                    t_index,
                    spec,
                    delay,
                )

    def _acquire(self, action, t_index: int, spec, delay: float) -> None:
        """The decision to add a dwelling: pay now, let it after the delay."""
        self.events += 1
        now = self.env.now
        y = self.year_now
        size = {"small": 0, "medium": 1, "large": 2}[spec.size_class]
        kind = LEASED if action.instrument == "lease" else OWNED
        if action.instrument == "purchase":
            self.flows.add("purchases", y)
            self.flows.add("purchase_nok", y, self.price(size, now))
        elif action.instrument == "care_build":
            self.flows.add("care_builds", y)
            self.flows.add("care_build_nok", y, self.sc.stock_prices.care_build_cost_nok * self._index(now))
        else:
            self.flows.add("leases_started", y)
        d = Dwelling(0, action.dwelling_type, t_index, size, spec.services, kind)
        if action.instrument == "purchase":
            self.acquired.append((d, 1 - self.sc.stock_prices.purchase_state_grant_share))
        elif action.instrument == "care_build":
            self.acquired.append((d, 1 - self.sc.stock_prices.care_build_state_grant_share))

        def ready() -> None:
            self._add_dwelling(d)
            if kind == LEASED:
                self._at(action.contract_years * DAYS_PER_YEAR, self._end_lease_contract, d)

        self._at(delay, ready)

    def _index(self, t: float) -> float:
        return (1.0 + self.sc.costs.cost_growth_per_year) ** (t / DAYS_PER_YEAR)

    def _add_dwelling(self, d: Dwelling) -> None:
        now = self.env.now
        self.stock.add(d)
        self.levels.add(self.L_STOCK, 1, now)
        self.levels.add(self.L_KIND[d.kind], 1, now)
        if d.kind == LEASED:
            self.levels.add(self.L_LEASE_RENT, self.lease_rent_per_day[d.size_class], now)
        if self.continuous:
            hh = self._pick_for(d)
            if hh is not None:
                self._move_in(hh, d)
                return
        self.stock.release(d)

    def _drop_dwelling(self, d: Dwelling) -> None:
        now = self.env.now
        self.levels.add(self.L_STOCK, -1, now)
        self.levels.add(self.L_KIND[d.kind], -1, now)
        if d.kind == LEASED:
            self.levels.add(self.L_LEASE_RENT, -self.lease_rent_per_day[d.size_class], now)
        self.stock.remove(d)

    def _remove_if_due(self, d: Dwelling) -> bool:
        """Remove a dwelling that has become free if it is sold, its lease or agreement ended."""
        if d.to_remove:
            self._drop_dwelling(d)
            return True
        if d.kind == OWNED and self.pending_sales.get(d.type_index, 0) > 0:
            self.pending_sales[d.type_index] -= 1
            self._sold(d)
            return True
        return False

    def _sell(self, t_index: int) -> None:
        self.events += 1
        for need_pool in self.stock.vacant.values():
            for d in need_pool:
                if d.vacant and not d.removed and d.type_index == t_index and d.kind == OWNED:
                    self._sold(d)
                    return
        self.pending_sales[t_index] = self.pending_sales.get(t_index, 0) + 1

    def _sold(self, d: Dwelling) -> None:
        now = self.env.now
        y = self.year_now
        self.flows.add("sales", y)
        self.flows.add("sale_nok", y, self.price(d.size_class, now))
        self._drop_dwelling(d)

    def _end_lease_contract(self, d: Dwelling) -> None:
        self.events += 1
        self.flows.add("leases_ended", self.year_now)
        if d.occupant is None and d.vacant:
            self._drop_dwelling(d)
        else:
            d.to_remove = True

    def residual_value(self) -> float:
        """Municipal share of the horizon value of dwellings bought or built and still held."""
        value = 0.0
        for d, share in self.acquired:
            if not d.removed:
                value += self.price(d.size_class, self.horizon) * share
        return value
