"""The cost accounting (sim.costs): docs/COSTS.md's worked example to the krone, and the
rules of both views on their own."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from sim import costs
from sim.loans import annuity_per_year
from sim.spec.costs import Costs

SPEC = Costs()
YEARS = 10
CAL = costs.Calendar([i * 365.25 for i in range(YEARS + 1)])
NONE = costs.LoanAccounts(np.zeros(YEARS), np.zeros(YEARS), np.zeros(YEARS), np.zeros(YEARS), 0.0, 0.0)


def _dwelling(**kw: float) -> costs.Loan:
    price, cost = 3_000_000.0, 3_090_000.0
    fields = dict(t0=0.0, value0=price, cost=cost, grant=618_000.0, principal=2_472_000.0)
    fields.update(removed_at=math.inf, proceeds=0.0, added=True)
    fields.update(kw)
    return costs.Loan(**fields)  # type: ignore[arg-type]


def test_the_worked_example_of_docs_costs_md_to_the_krone() -> None:
    """Section 3 of docs/COSTS.md: one dwelling bought, financed, let and valued over 10 years."""
    loan = _dwelling()
    assert loan.cost == 3_000_000 * 1.03 and loan.grant == pytest.approx(0.2 * loan.cost)
    assert round(annuity_per_year(loan.principal, 0.03, 30)) == 125_065
    acc = costs.loan_accounts([loan], CAL, SPEC)
    index = 1.025 ** np.arange(YEARS)
    operation = 45_000 * index
    rent = -120_000 * index * 0.97
    budget = acc.capital + operation + rent
    table = [
        (125_065, 45_000, -116_400, 53_665),
        (125_065, 46_125, -119_310, 51_880),
        (125_065, 47_278, -122_293, 50_050),
        (125_065, 48_460, -125_350, 48_175),
        (125_065, 49_672, -128_484, 46_252),
        (125_065, 50_913, -131_696, 44_282),
        (125_065, 52_186, -134_988, 42_263),
        (125_065, 53_491, -138_363, 40_192),
        (125_065, 54_828, -141_822, 38_071),
        (125_065, 56_199, -145_368, 35_896),
    ]
    got = [tuple(round(x) for x in row) for row in zip(acc.capital, operation, rent, budget, strict=True)]
    assert got == table
    assert round(budget.sum()) == 450_725
    assert round(acc.outstanding_at_horizon) == 1_879_210
    state = np.zeros(YEARS)
    state[0] = loan.grant
    e = costs.economics(budget, acc.capital, state, NONE, acc, NONE, SPEC)
    assert round(float(np.sum((operation + rent) * costs.discount_factors(SPEC, YEARS)))) == -602_283
    assert round(e.residual_value_npv) == 1_742_956
    assert round(e.municipal_npv) == 126_762
    assert round(e.state_npv) == 618_000 and round(e.total_npv) == 744_762


def test_a_sale_repays_the_loan_and_stops_the_capital_cost() -> None:
    sold_at = 4.5 * 365.25
    acc = costs.loan_accounts([_dwelling(removed_at=sold_at, proceeds=3_500_000.0)], CAL, SPEC)
    pay = annuity_per_year(2_472_000, 0.03, 30)
    assert acc.capital[:4] == pytest.approx([pay] * 4)
    assert acc.capital[4] == pytest.approx(pay / 2) and not acc.capital[5:].any()
    assert 3_500_000 - 2_472_000 < acc.sale_surplus[4] < 3_500_000  # proceeds less what was owed
    assert acc.proceeds[4] == 3_500_000 and acc.value_at_horizon_real == 0


def test_the_residual_value_is_land_and_the_depreciated_building_in_real_money() -> None:
    assert costs.depreciated_value(1_000, 0, SPEC) == 1_000
    assert costs.depreciated_value(1_000, 25, SPEC) == pytest.approx(300 + 700 * 0.5)
    assert costs.depreciated_value(1_000, 80, SPEC) == pytest.approx(300)  # the land is left
    # bought in year 4 at a nominal price: valued in year-0 money, depreciated for 6 years
    t0 = 4 * 365.25
    acc = costs.loan_accounts([_dwelling(t0=t0, value0=3_300_000.0)], CAL, SPEC)
    real0 = 3_300_000 / 1.025**4
    assert acc.value_at_horizon_real == pytest.approx(real0 * (0.3 + 0.7 * (1 - 6 / 50)))


def test_financing_is_not_a_cost_in_the_economic_view() -> None:
    """A dearer loan raises the budget cost, not the economic cost."""
    cheap, dear = Costs(borrowing_rate_per_year=0.01), Costs(borrowing_rate_per_year=0.06)
    out = []
    for spec in (cheap, dear):
        acc = costs.loan_accounts([_dwelling()], CAL, spec)
        e = costs.economics(acc.capital, acc.capital, np.zeros(YEARS), NONE, acc, NONE, spec)
        out.append((acc.capital.sum(), e.municipal_npv))
    assert out[1][0] > out[0][0] * 1.5 and out[1][1] == pytest.approx(out[0][1])


def test_a_sale_of_todays_stock_gives_up_its_value_at_the_horizon() -> None:
    """Selling a dwelling brings in cash now but gives up what it would be worth later."""
    today = _dwelling(added=False, cost=0.0, grant=0.0, principal=1_000_000.0)
    sold = dataclasses.replace(today, removed_at=365.25, proceeds=3_000_000.0)
    sold_acc = costs.loan_accounts([sold], CAL, SPEC)
    if_held = costs.loan_accounts([today], CAL, SPEC)
    budget = sold_acc.capital
    e = costs.economics(budget, np.zeros(YEARS), np.zeros(YEARS), sold_acc, NONE, if_held, SPEC)
    assert e.residual_value_npv < 0  # a loss of value, not a gain
    gain_now = sold_acc.sale_surplus[1] / (1.025 * 1.04)
    assert -e.municipal_npv < gain_now  # the sale is worth less than its cash
