"""Household income: a level at arrival and a path over time, from the household's fate draws.

Income is never stored as a time series: ``income_at(hh, t)`` computes it from the draws
made at arrival (level, time of moving into work), so it costs no events.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim.calendar import DAYS_PER_YEAR
from sim.distributions import exponential_time, std_normal_quantile

if TYPE_CHECKING:
    from sim.spec.income import Income


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
    return spec.median_nok_per_year * math.exp(spec.sd_log * std_normal_quantile(u)) + (
        spec.per_extra_person_nok_per_year * max(persons - 1, 0)
    )


def income_at(base: float, arrived: float, employed_from: float, spec: Income, t: float) -> float:
    """Income at time ``t`` of a household that arrived at ``arrived`` (days)."""
    years = max(t - arrived, 0.0) / DAYS_PER_YEAR
    growth: float = (1.0 + spec.growth_per_year) ** years  # float ** float is typed Any
    level = base * growth
    if t >= employed_from:
        level *= spec.employment_income_factor
    return level
