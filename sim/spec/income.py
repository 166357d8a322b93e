"""Income of a target group's households (the schema); the arithmetic is in :mod:`sim.income`."""

from __future__ import annotations

from sim.spec.base import F, Money, Rate, Share, Spec, YearlyRate


class Income(Spec):
    """Income of a group's households (NOK per year, before tax)."""

    median_nok_per_year: float = Money(
        250_000,
        "Median income of a one-person household of the group at arrival.",
        "assumption: low-income applicants; NAV benefits level (the report gives no incomes)",
    )
    per_extra_person_nok_per_year: float = Money(
        50_000,
        "Extra income per additional household member (second adult, child benefits).",
        "assumption",
        le=1e7,
    )
    sd_log: float = F(
        0.35,
        "Spread of income between households (standard deviation of log income).",
        "assumption",
        ge=0,
        le=3,
        allow_inf_nan=False,
    )
    growth_per_year: float = YearlyRate(
        0.025, "Yearly nominal income growth.", "assumption: wage growth 2016-2040", signed=True
    )
    employment_rate_per_year: float = Rate(
        0.05, "Chance per year of moving into work (hazard).", "assumption"
    )
    employment_income_factor: float = F(
        1.6,
        "Income multiplier on moving into work.",
        "assumption",
        ge=0,
        le=20,
        allow_inf_nan=False,
    )
    programme_years: float = F(
        0.0,
        "Years of the introduction programme (refugees: 5); the employment hazard is "
        "`employment_rate_per_year` during it and `employment_rate_after_programme_per_year` after.",
        "FACTS.md ch.4-5 (5-year introduction programme)",
        ge=0,
        le=10,
        allow_inf_nan=False,
    )
    employment_rate_after_programme_per_year: float = Rate(
        0.0,
        "Employment hazard after the introduction programme.",
        "FACTS.md ch.4-5 (employment can push a household out of eligibility); rate is an assumption",
    )
    employed_share_at_arrival: float = Share(0.0, "Share already in work at arrival.", "assumption")
