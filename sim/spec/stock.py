"""The stock plan and the prices of dwellings (the schema)."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from sim.errors import FieldValueError
from sim.spec.base import F, Money, Share, Spec
from sim.spec.distributions import Distribution, Fixed

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
        "assumption: second-hand prices in the Oslo region in 2016 (the report gives none); "
        "set the municipality's own",
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
        45_000,
        "Operation, maintenance, insurance and common costs of an owned dwelling per year.",
        "assumption: about NOK 600 per square metre a year for a 70 m2 flat, common costs included",
    )
    purchase_fees_share: float = Share(
        0.03,
        "Transaction costs of a purchase on the second-hand market as a share of the price "
        "(document duty 2.5 % and fees); part of the investment that is financed.",
        "assumption: dokumentavgift 2.5 % of the price (Stortinget's tax decision) plus fees",
    )
    rent_loss_share: float = Share(
        0.03,
        "Share of the rent of municipal dwellings never collected (arrears written off).",
        "assumption: rent arrears are a recurring problem (report ch. 7, 'husleierestanser')",
    )
    renovation_cost_nok: float = Money(
        100_000,
        "Cost of one renovation after hard use (always after an eviction).",
        "assumption (report ch. 7: 'manglende ivaretagelse av boligen')",
    )
    lease_rent_nok_per_year_by_size: dict[SizeClass, float] = F(
        {"small": 110_000, "medium": 150_000, "large": 190_000},
        "Rent the municipality pays a private owner for a leased dwelling.",
        "assumption",
    )
    tenant_rent_nok_per_year_by_size: dict[SizeClass, float] = F(
        {"small": 90_000, "medium": 120_000, "large": 150_000},
        "Rent a tenant pays the municipality (owned, leased and rent-to-own dwellings).",
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
