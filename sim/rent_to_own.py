"""Rent-to-own (leie-før-eie): a dwelling bought for one household, with an option to buy."""

from __future__ import annotations

from sim.calendar import DAYS_PER_YEAR
from sim.dwellings import OWNED, RENT_TO_OWN, Dwelling
from sim.households import EXITED, TENANT, WAITING, Household, Slot, fate
from sim.start_loans import annuity_per_year, debt_service_capacity


class RentToOwnRuntime:
    """Rent-to-own inside a running model: buying for a household, the option to buy.

    A mixin of :class:`sim.model.Model`; it uses the model's state and helpers.
    """

    def _rent_to_own(self) -> None:
        spec = self.sc.rent_to_own
        for year, n in spec.units_by_year.items():
            if n <= 0 or year not in self.years:
                continue
            i = self.years.index(year)
            lo, hi = self.year_bounds[i], self.year_bounds[i + 1]
            for k in range(n):
                self._at(lo + (k + 0.5) / n * (hi - lo) - self.env.now, self._rto_buy)

    def _rto_buy(self) -> None:
        """Buy a dwelling fitted to one chosen household and let it with an option to buy."""
        self.events += 1
        spec = self.sc.rent_to_own
        now = self.env.now
        cands = [h for h in self.wl.households() if not h.services and h.state != EXITED]
        if spec.from_tenants:
            cands += [
                h
                for h in self.alive.values()
                if h.state == TENANT
                and h.dwelling is not None
                and h.dwelling.kind == OWNED
                and not h.services
                and h.rto_dwelling is None
            ]
        cands = [h for h in cands if self.income_of(h, now) >= spec.min_income_nok_per_year]
        if not cands:
            self.flows.add("rent_to_own_unfilled", self.year_now)
            return
        if spec.selection_rule == "children":
            hh = min(cands, key=lambda h: (not h.children, h.priority if h.on_list else (2,), h.hid))
        else:
            hh = max(cands, key=lambda h: (self.income_of(h, now), -h.hid))
        y = self.year_now
        price = self.price(hh.size_class, now)
        self.flows.add("rent_to_own_purchases", y)
        self.flows.add("rent_to_own_nok", y, price)
        d = Dwelling(0, "rent_to_own", -100, hh.size_class, False, RENT_TO_OWN)
        self.acquired.append((d, 1 - spec.grant_share))
        self.stock.add(d)
        self.levels.add(self.L_STOCK, 1, now)
        self.levels.add(self.L_KIND[RENT_TO_OWN], 1, now)
        if hh.state == TENANT:
            self._vacate(hh)
            self._set_state(hh, WAITING)  # momentarily between dwellings
        hh.rto_dwelling = d
        hh.rto_price = price
        self._move_in(hh, d, lease_days=spec.option_year * DAYS_PER_YEAR)
        self._career("rent_to_own")

    def _rto_option(self, hh: Household) -> None:
        """At the option year the household buys if it can carry the mortgage."""
        spec = self.sc.rent_to_own
        now = self.env.now
        d = hh.dwelling
        price0 = hh.rto_price
        cap = debt_service_capacity(self.income_of(hh, now), hh.persons, self.sc.start_loans)
        y = self.year_now
        hh.rto_dwelling = None
        if cap >= annuity_per_year(price0, spec.mortgage_rate_per_year, spec.mortgage_term_years):
            self.flows.add("rent_to_own_exercised", y)
            self.flows.add("rent_to_own_sale_nok", y, price0)
            d.to_remove = True
            self._vacate(hh)
            self._exit(hh, "rent_to_own")
            return
        # the option lapses: the dwelling joins the ordinary stock and the tenancy goes on
        self.flows.add("rent_to_own_lapsed", y)
        self.levels.add(self.L_KIND[RENT_TO_OWN], -1, now)
        self.levels.add(self.L_KIND[OWNED], 1, now)
        self.stock.change_kind(d, OWNED)
        hh.n_leases += 1
        hh.epoch += 1
        base, cycle = self._lease_slots(hh)
        self._start_lease(hh, self.lease_draw(fate(hh.row, base + Slot.L_LENGTH, cycle)))
