"""Tilvisning (allocation) agreements as the scenario states them (the schema)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import field_validator, model_validator

from sim.errors import FieldValueError
from sim.spec.base import F, Money, Share, Spec, one_line


class TilvisningAgreement(Spec):
    """Nomination rights to a share of the units in a privately built project."""

    name: str = F("agreement", "Name shown in results.", min_length=1, max_length=60)
    units: int = F(..., description="Units in the project.", ge=1, le=10_000)
    municipal_share: float = Share(
        0.5,
        "Share of the units the municipality may nominate tenants to.",
        "FACTS.md 7.6.2 (Oslo-Selvaag: 50 % for 30 years; Husbanken's guidance: 40 % for at least 20 years)",
    )
    first_occupancy: dt.date = F(..., description="First day the units can be let (after the build).")
    duration_years: float | None = F(
        30, "Length of the nomination right in years.", "FACTS.md 7.6.2", gt=0, le=100, allow_inf_nan=False
    )
    end_date: dt.date | None = F(None, "Last day of the agreement (instead of duration_years).")
    size_class: Literal["small", "medium", "large"] = F("medium", "Size class of the units.", "assumption")
    tenant_rent_nok_per_month: float = Money(
        11_000, "Rent paid by the tenant (to the private landlord).", "assumption", le=1e6
    )
    max_rent_share_of_income: float = Share(
        0.45,
        "A nominee must pay at most this share of income in rent (after housing allowance).",
        "assumption",
    )
    municipal_cost_nok_per_unit_per_year: float = Money(
        15_000,
        "The municipality's cost per nominated unit (administration, rent-loss guarantee).",
        "assumption: much lower cost profile than ownership (FACTS.md 7.6.2)",
        le=1e7,
    )
    state_cost_nok_per_unit_per_year: float = Money(
        0,
        "The state's cost per unit (the base loan is a loan; no grant in the Selvaag model).",
        "FACTS.md 7.6.2 (100 % base-loan financing, no grant)",
        le=1e7,
    )
    landlord_refusal_probability: float = Share(
        0.1, "Probability that the landlord refuses a nominee.", "assumption"
    )

    _name = field_validator("name")(one_line)

    @model_validator(mode="after")
    def _dates(self) -> TilvisningAgreement:
        if self.end_date is not None and self.end_date <= self.first_occupancy:
            raise FieldValueError(
                f"the agreement ends before it starts (first_occupancy {self.first_occupancy})",
                "end_date",
            )
        return self

    def last_day(self) -> dt.date:
        """Last day of the nomination right."""
        if self.end_date is not None:
            return self.end_date
        days = round((self.duration_years or 30) * 365.25)
        return self.first_occupancy + dt.timedelta(days=days)

    def nominated_units(self) -> int:
        """Units the municipality may nominate to."""
        return round(self.units * self.municipal_share)
