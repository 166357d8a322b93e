"""How costs are indexed and discounted (the schema); the cost lines are in :mod:`sim.costs`."""

from __future__ import annotations

from sim.spec.base import F, Money, Spec, YearlyRate


class Costs(Spec):
    """How costs are indexed and discounted."""

    cost_growth_per_year: float = YearlyRate(
        0.025,
        "Yearly growth of running costs and rents (prices of dwellings grow by their own path).",
        "assumption: Norges Bank's inflation target",
        signed=True,
    )
    discount_rate_per_year: float = YearlyRate(
        0.04,
        "Discount rate for the net present value of costs.",
        "assumption: Finansdepartementet's rate for public projects",
    )
    capital_cost_existing_nok_per_dwelling_per_year: float = Money(
        60_000,
        "Yearly capital cost (interest and repayment) of each dwelling owned at the start; "
        "dwellings bought later are paid in cash when bought and valued at the horizon.",
        "assumption",
        le=1e7,
    )
    residual_value: bool = F(
        True,
        "Count the value at the horizon of dwellings bought or built during it as income in "
        "the last year (so buying and leasing compare fairly).",
        "standard cost-benefit practice (residual value)",
    )
