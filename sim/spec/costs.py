"""How costs are accounted (the schema); the accounting itself is in :mod:`sim.costs`.

Two views (docs/COSTS.md explains both for a municipal finance officer):

- the **municipal budget view**, in nominal NOK per year: what the municipality's operating
  budget carries. Investments are financed as Norwegian municipalities finance them, with a
  state grant and an annuity loan, so a dwelling bought shows up as yearly capital costs
  (interest and instalments), not as its price in the year it is bought;
- the **economic view**, a net present value in real NOK of the start year (fixed prices),
  discounted at a real rate (Finansdepartementet's circular R-109: 4 %), for the
  municipality, the state and in total, with the residual value at the horizon of the
  dwellings added during it as a separate line.

Every input amount is in NOK of the scenario's first year; growth rates are nominal.
"""

from __future__ import annotations

from sim.spec.base import F, Share, Spec


class Costs(Spec):
    """Price conventions, financing of investments and discounting."""

    inflation_per_year: float = F(
        0.025,
        "General price inflation (consumer prices); nominal amounts are divided by it to give "
        "real NOK of the first year in the economic view.",
        "assumption: Norges Bank's inflation target (2.5 % until 2018, 2 % after)",
        ge=-0.1,
        le=0.3,
        allow_inf_nan=False,
    )
    cost_growth_per_year: float = F(
        0.025,
        "Nominal yearly growth of running costs, rents, hospits prices and service costs "
        "(dwelling prices grow by stock_prices.price_growth_per_year).",
        "assumption: wages and prices grow with inflation (constant in real terms)",
        ge=-0.5,
        le=0.5,
        allow_inf_nan=False,
    )
    real_discount_rate_per_year: float = F(
        0.04,
        "Real discount rate of the economic view.",
        "Finansdepartementet, rundskriv R-109/2021: 4 % real for public measures (first 40 years)",
        ge=0,
        le=0.3,
        allow_inf_nan=False,
    )
    borrowing_rate_per_year: float = F(
        0.03,
        "Nominal interest rate on the municipality's loans for dwellings it buys or builds "
        "(Husbanken's base loan or KBN).",
        "assumption: Husbanken's floating rate was 2 % in 2016 (FACTS.md 6.1-6.2); 3 % on "
        "average over the horizon",
        ge=0,
        le=0.3,
        allow_inf_nan=False,
    )
    borrowing_term_years: float = F(
        30,
        "Repayment period of those loans (monthly annuity).",
        "assumption: Husbanken's base loan allows up to 50 years; 30 is usual for dwellings",
        ge=1,
        le=60,
        allow_inf_nan=False,
    )
    capital_cost_existing_nok_per_dwelling_per_year: float = F(
        60_000,
        "Yearly capital cost (interest and instalments) of each dwelling the municipality owned "
        "at the start, while it owns it (nominal, a level payment like an annuity).",
        "assumption: about NOK 1.2 million of debt per dwelling on a 30-year annuity at 3 %",
        ge=0,
        le=1e8,
        allow_inf_nan=False,
    )
    land_share_of_value: float = Share(
        0.3,
        "Share of a dwelling's value that is land (does not wear out) in the residual value.",
        "assumption: second-hand flats and houses in Akershus",
    )
    building_life_years: float = F(
        50,
        "Economic life of the building part; it loses value linearly over this time.",
        "Forskrift om økonomiplan, årsbudsjett, årsregnskap ... (avskrivningstid 50 år for "
        "boliger); DFØ's guide on residual value (linear depreciation)",
        gt=0,
        le=200,
        allow_inf_nan=False,
    )
