"""The stock plan: purchases, sales, leases from private owners and care-dwelling builds."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from sim.calendar import DAYS_PER_YEAR
from sim.distributions import Distribution, Fixed
from sim.dwellings import LEASED, OWNED, Dwelling
from sim.errors import FieldValueError
from sim.spec import F, Money, Share, Spec

SizeClass = Literal["small", "medium", "large"]


class StockAction(Spec):
    """One line of the plan: ``count`` dwellings of a type by an instrument in a year."""

    year: int = F(..., description="Calendar year of the action.", ge=1900, le=2200)
    dwelling_type: str = F(..., description="A dwelling type named in `dwelling_types`.")
    instrument: Literal["purchase", "sale", "lease", "care_build"] = F(
        ...,
        description="purchase (second-hand market), sale, lease from a private owner, or "
        "care_build (new care dwellings, built by the municipality)",
        source="FACTS.md 6.3.3, 6.4 (ordinary dwellings bought or leased; only care dwellings built)",
    )
    count: int = F(..., description="Number of dwellings.", ge=0, le=1_000_000)
    contract_years: float = F(5, "Length of a lease contract (instrument lease).", "assumption", gt=0, le=100)
    until_year: int | None = F(
        None,
        "Repeat the same action every year from `year` to this year (inclusive).",
        ge=1900,
        le=2200,
    )

    @model_validator(mode="after")
    def _until(self) -> StockAction:
        """``until_year`` is not before ``year``."""
        if self.until_year is not None and self.until_year < self.year:
            raise FieldValueError(f"is before year ({self.year})", "until_year", value=self.until_year)
        return self

    def years(self) -> range:
        """The years this line acts in."""
        return range(self.year, (self.until_year or self.year) + 1)


class StockPrices(Spec):
    """Prices and running costs of municipal dwellings."""

    price_nok_by_size: dict[SizeClass, float] = F(
        {"small": 2_100_000, "medium": 3_000_000, "large": 3_900_000},
        "Second-hand price of a dwelling of each size class in the first year.",
        "assumption: Rælingen 2016 prices (the report gives none)",
    )
    price_growth_per_year: float = F(
        0.04, "Yearly nominal price growth.", "assumption", ge=-0.5, le=0.5, allow_inf_nan=False
    )
    purchase_delay_days: float = F(
        120, "From the decision to buy until the dwelling can be let.", "assumption", ge=0, le=3650
    )
    care_build_days: float = F(
        730, "From the decision to build until care dwellings are ready.", "assumption", ge=0, le=7300
    )
    care_build_cost_nok: float = Money(4_000_000, "Cost of one new care dwelling.", "assumption")
    purchase_state_grant_share: float = Share(
        0.2,
        "Share of an ordinary purchase paid by Husbanken's grant for rental dwellings.",
        "assumption (Husbanken tilskudd til utleieboliger)",
    )
    care_build_state_grant_share: float = Share(
        0.45,
        "Share of a care-dwelling build paid by the state investment grant.",
        "assumption (Husbanken investeringstilskudd)",
    )
    operation_nok_per_dwelling_per_year: float = Money(
        45_000, "Operation and maintenance of an owned dwelling.", "assumption"
    )
    lease_rent_nok_per_year_by_size: dict[SizeClass, float] = F(
        {"small": 110_000, "medium": 150_000, "large": 190_000},
        "Rent the municipality pays a private owner for a leased dwelling.",
        "assumption",
    )
    tenant_rent_nok_per_year_by_size: dict[SizeClass, float] = F(
        {"small": 90_000, "medium": 120_000, "large": 150_000},
        "Rent a tenant pays the municipality (owned and leased dwellings).",
        "assumption (cost-based rents)",
    )
    renovation: Distribution = F(
        Fixed(value_days=60),
        "Extra downtime when a dwelling needs renovation after hard use.",
        "assumption",
    )

    @model_validator(mode="after")
    def _sizes(self) -> StockPrices:
        for name in (
            "price_nok_by_size",
            "lease_rent_nok_per_year_by_size",
            "tenant_rent_nok_per_year_by_size",
        ):
            table = getattr(self, name)
            for size in ("small", "medium", "large"):
                if size not in table:
                    raise FieldValueError("needs a value for small, medium and large", name, value=table)
                if not (0 <= table[size] < 1e11):
                    raise FieldValueError("must be a non-negative amount of NOK", name, size)
        return self


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
