"""The start-loan scheme (startlån) as the scenario states it (the schema)."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import field_validator

from sim.errors import FieldValueError
from sim.spec.base import F, Money, Rate, Share, Spec

Schedule = float | dict[int, float]


class StartLoans(Spec):
    """The municipality's start-loan scheme (Husbanken funds, council sets the budget)."""

    budget_nok_per_year: Schedule = F(
        0.0,
        "Loans that may be granted each year (NOK): one number, or a schedule with every "
        "year of the horizon.",
        "the municipality's own (the council sets it; none unless the scenario gives it). "
        "`boligflyt init` sets it from start loans per 1000 inhabitants (KOSTRA) times the price "
        "of a small dwelling",
    )
    budget_indexation: Literal["none", "dwelling_prices", "costs"] = F(
        "none",
        "How a budget given as one number (or a schedule) is read: in nominal NOK of each year "
        "(none), or in NOK of the first year grown with dwelling prices "
        "(stock_prices.price_growth_per_year) or with running costs (costs.cost_growth_per_year), "
        "so that 'today's budget' buys as many loans in 2040 as in 2016.",
        "lever; report 6.1-6.2: the council sets the amount each year",
    )
    rollover_unspent: bool = F(
        False, "Unspent budget carries over to the next year.", "FACTS.md 6.1-6.2 (council sets yearly)"
    )
    settlement_grant_budget_nok_per_year: Schedule = F(
        0.0,
        "Budget for settlement grants (etableringstilskudd), used as a last resort when a "
        "loan alone is not affordable.",
        "FACTS.md 6.1-6.2 (settlement grant as last resort); the amount is the municipality's own "
        "(none unless the scenario gives it; `boligflyt init` scales it by population)",
    )
    settlement_grant_max_nok: float = Money(250_000, "Largest settlement grant per household.", "assumption")
    rate_regime: Literal["floating_with_margin", "husbanken_recommended", "fixed"] = F(
        "floating_with_margin",
        "Interest rate used in the debt-service test: the floating rate plus the stress "
        "margin (municipal practice), Husbanken's recommended rate, or a fixed rate.",
        "FACTS.md 6.1-6.2 (floating + 1 pp = 3 %; Husbanken recommends 6.25 %; fixed rarely)",
    )
    floating_rate_per_year: float = F(
        0.02, "Husbanken's floating rate.", "FACTS.md 6.1-6.2 (3 % minus the 1 pp margin)", ge=0, le=0.5
    )
    stress_margin_per_year: float = F(
        0.01, "Margin added to the floating rate in the test.", "FACTS.md 6.1-6.2", ge=0, le=0.5
    )
    husbanken_recommended_rate_per_year: float = F(
        0.0625, "Husbanken's recommended calculation rate.", "FACTS.md 6.1-6.2", ge=0, le=0.5
    )
    fixed_rate_per_year: float = F(
        0.022,
        "Fixed rate; with a fixed rate the test uses it without a stress margin.",
        "report 6.1-6.2: the fixed rate lay below the municipality's 3 % calculation rate; "
        "level assumption: Husbanken's 10-year fixed rate around 2016",
        ge=0,
        le=0.5,
    )
    term_years: float = F(
        30, "Repayment period.", "FACTS.md 6.1-6.2 (30 years usual, 50 allowed since 2014)", ge=1, le=50
    )
    consumption_norm_nok_per_year: float = Money(
        110_000,
        "Consumption norm (SIFO-like) for the first person.",
        "FACTS.md 6.1-6.2 (SIFO norms); amount is an assumption",
    )
    consumption_norm_per_extra_person_nok_per_year: float = Money(
        60_000, "Consumption norm for each further person.", "assumption"
    )
    consumption_norm_level: float = F(
        1.0, "Multiplier on the norms (a stricter or laxer test).", "lever", ge=0.1, le=5
    )
    tax_share: float = Share(0.25, "Share of income paid in tax.", "assumption")
    running_cost_nok_per_year: float = Money(
        30_000, "Owner's running costs (common costs, insurance, municipal fees).", "assumption"
    )
    equity_share_of_price: float = Share(
        0.0,
        "Equity as a share of the price; zero means full financing by the start loan.",
        "FACTS.md 6.1-6.2 (private banks stopped co-financing: loans are mostly full financing)",
    )
    consider_waiting_list: bool = F(
        True, "Households on the waiting list are assessed for a start loan.", "FACTS.md 6.1-6.2"
    )
    consider_tenants_at_renewal: Literal["none", "leaving", "all"] = F(
        "leaving",
        "Which tenants are assessed at lease renewal: none, those who must leave, or all.",
        "FACTS.md 6.1-6.2 (tenants with long tenure are not offered loans if they can rent privately)",
    )
    systematic_survey: bool = F(
        False,
        "Once a year, every tenant is assessed (the report's recommendation).",
        "FACTS.md 6.1-6.2 / 7.6.2 (no systematic survey is done today)",
    )
    reassess_after_days: float = F(
        365, "A household not granted a loan is assessed again after this many days.", "assumption", ge=1
    )
    reserved_share_by_group: dict[str, float] = F(
        {},
        "Share of the budget reserved for a group (for example refugees) until October.",
        "FACTS.md 6.1-6.2 (refugees got much of the budget)",
    )
    meeting_interval_days: float = F(
        30.4, "Days between start-loan decision meetings.", "FACTS.md 6.1-6.2 (monthly)", gt=0, le=366
    )
    approval_valid_days: float = F(
        91, "An approval lapses if no purchase follows within this time.", "FACTS.md 6.1-6.2 (3 months)", gt=0
    )
    purchase_success_probability: float = Share(
        0.75,
        "Probability that an approved household finds and buys a dwelling in time.",
        "FACTS.md 6.1-6.2 (some approvals never lead to a purchase); share is an assumption",
    )
    purchase_success_by_group: dict[str, float] = F(
        {}, "Per-group purchase success (overrides the general value).", "assumption"
    )
    queue_days_direct: float = F(
        180,
        "An applicant from outside the housing system waits at most this long for budget.",
        "assumption",
        ge=0,
    )
    direct_applicants_per_1000_per_year: float = Rate(
        1.0,
        "First-time buyers from outside the social-housing system who apply (they compete "
        "for the same budget and count in KOSTRA).",
        "assumption: calibrated to start loans per 1000 (FACTS.md 6.1-6.2)",
    )
    direct_income_median_nok_per_year: float = Money(
        420_000, "Median income of applicants from outside the system.", "assumption"
    )
    direct_income_sd_log: float = F(0.3, "Spread of their incomes (sd of log).", "assumption", ge=0, le=3)
    default_probability_per_year: float = Share(
        0.003, "Yearly probability that a loan defaults.", "FACTS.md 6.1-6.2 (losses very small)"
    )
    loss_given_default_share: float = Share(
        0.25, "Share of the outstanding balance lost on default.", "assumption"
    )
    state_loss_share: float = Share(
        0.25, "Share of losses covered by the state.", "FACTS.md 6.1-6.2 (Husbanken covers part of losses)"
    )
    lending_margin_per_year: float = F(
        0.0025,
        "Margin the municipality adds to Husbanken's rate (income that covers administration).",
        "assumption",
        ge=0,
        le=0.1,
    )

    @field_validator("budget_nok_per_year", "settlement_grant_budget_nok_per_year")
    @classmethod
    def _budget(cls, v: Schedule) -> Schedule:
        items = v.items() if isinstance(v, dict) else [(None, v)]
        for year, amount in items:
            if not (0 <= amount < 1e13) or math.isnan(amount):
                path = (year,) if year is not None else ()
                raise FieldValueError("must be a non-negative finite amount of NOK", *path, value=amount)
        return v

    @field_validator("reserved_share_by_group", "purchase_success_by_group")
    @classmethod
    def _shares(cls, v: dict[str, float]) -> dict[str, float]:
        for k, share in v.items():
            if not (0 <= share <= 1):
                raise FieldValueError("must be between 0 and 1", k, value=share)
        return v

    def calculation_rate(self) -> float:
        """Rate used in the debt-service test under the chosen regime."""
        if self.rate_regime == "husbanken_recommended":
            return self.husbanken_recommended_rate_per_year
        if self.rate_regime == "fixed":
            return self.fixed_rate_per_year
        return self.floating_rate_per_year + self.stress_margin_per_year

    def loan_rate(self) -> float:
        """Rate the borrower actually pays."""
        return self.fixed_rate_per_year if self.rate_regime == "fixed" else self.floating_rate_per_year
