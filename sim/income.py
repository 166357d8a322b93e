"""Household income: a level at arrival and a path over time, from the household's fate draws.

Income is never stored as a time series: ``income_at(hh, t)`` computes it from the draws
made at arrival (level, time of moving into work), so it costs no events.
"""

from __future__ import annotations

import math
from statistics import NormalDist

from sim.calendar import DAYS_PER_YEAR
from sim.distributions import exponential_time
from sim.spec import F, Money, Rate, Share, Spec

_STD_NORMAL = NormalDist()


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
    )
    sd_log: float = F(
        0.35,
        "Spread of income between households (standard deviation of log income).",
        "assumption",
        ge=0,
        le=3,
        allow_inf_nan=False,
    )
    growth_per_year: float = F(
        0.025,
        "Yearly nominal income growth.",
        "assumption: wage growth 2016-2040",
        ge=-0.5,
        le=0.5,
        allow_inf_nan=False,
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
        le=50,
        allow_inf_nan=False,
    )
    employment_rate_after_programme_per_year: float = Rate(
        0.0,
        "Employment hazard after the introduction programme.",
        "FACTS.md ch.4-5 (employment can push a household out of eligibility); rate is an assumption",
    )
    employed_share_at_arrival: float = Share(0.0, "Share already in work at arrival.", "assumption")


def employment_delay_days(spec: Income, u_first: float, u_second: float) -> float:
    """Days from arrival until the household moves into work (``inf`` if never)."""
    t1 = exponential_time(spec.employment_rate_per_year / DAYS_PER_YEAR, u_first)
    programme = spec.programme_years * DAYS_PER_YEAR
    if programme <= 0 or t1 < programme:
        return t1
    return programme + exponential_time(
        spec.employment_rate_after_programme_per_year / DAYS_PER_YEAR, u_second
    )


def base_income(spec: Income, persons: int, u_level: float) -> float:
    """Income at arrival from the household's uniform for the income level."""
    u = min(max(u_level, 1e-12), 1 - 1e-12)
    return spec.median_nok_per_year * math.exp(spec.sd_log * _STD_NORMAL.inv_cdf(u)) + (
        spec.per_extra_person_nok_per_year * max(persons - 1, 0)
    )


def income_at(base: float, arrived: float, employed_from: float, spec: Income, t: float) -> float:
    """Income at time ``t`` of a household that arrived at ``arrived`` (days)."""
    years = max(t - arrived, 0.0) / DAYS_PER_YEAR
    level = base * (1.0 + spec.growth_per_year) ** years
    if t >= employed_from:
        level *= spec.employment_income_factor
    return level
