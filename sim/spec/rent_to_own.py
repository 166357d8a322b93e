"""Rent-to-own (leie-før-eie) as the scenario states it (the schema)."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from sim.errors import FieldValueError
from sim.spec.base import F, Share, Spec


class RentToOwn(Spec):
    """Units bought each year for households chosen from the waiting list or tenants."""

    units_by_year: dict[int, int] = F(
        {},
        "Dwellings bought for rent-to-own households each year.",
        "FACTS.md 7.6.2 (recommended; none today)",
    )
    selection_rule: Literal["children", "income"] = F(
        "children",
        "Who is chosen: households with children first, or the highest income first.",
        "FACTS.md 7.6.2; rule is a lever",
    )
    from_tenants: bool = F(True, "Tenants of municipal dwellings may be chosen too.", "assumption")
    option_year: Literal[3, 5] = F(5, "Year of the option to buy.", "FACTS.md 7.6.2 (year 5, or 3)")
    base_loan_share: float = Share(0.8, "Share financed by Husbanken's base loan.", "FACTS.md 7.6.2")
    grant_share: float = Share(0.2, "Share financed by the rental-housing grant (state).", "FACTS.md 7.6.2")
    mortgage_rate_per_year: float = F(
        0.045,
        "Rate used to test whether the household can take over the dwelling.",
        "assumption",
        ge=0,
        le=0.5,
    )
    mortgage_term_years: float = F(
        30, "Term of the household's mortgage at exercise.", "assumption", ge=1, le=50
    )
    min_income_nok_per_year: float = F(
        300_000, "Only households with at least this income are chosen.", "assumption", ge=0
    )
    selection_test: Literal["ownership_potential", "min_income"] = F(
        "ownership_potential",
        "Who may be chosen: households that can become owners by the option year (their income "
        "now, grown at their group's income growth, carries the mortgage on the dwelling's "
        "price) and have at least min_income; or only the minimum income.",
        "FACTS.md 7.6.2 (the dwelling is bought for a household with ownership potential; the "
        "report's 'dynamic ownership potential')",
    )

    @field_validator("units_by_year")
    @classmethod
    def _units(cls, v: dict[int, int]) -> dict[int, int]:
        for year, n in v.items():
            if not (1900 <= year <= 2200):
                raise FieldValueError("the year must be between 1900 and 2200", year, value=year)
            if n < 0 or n > 100_000:
                raise FieldValueError("must be between 0 and 100000 units", year, value=n)
        return v
