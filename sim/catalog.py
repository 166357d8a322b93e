"""The names of what a run reports: the public interface of results, in one place.

Yearly metrics, how each KPI over the horizon is formed, the description of each, the exit
routes and the municipal budget lines. Plain data with no dependencies, so the scenario
schema (calibration targets name metrics), the results, the dashboard and the
documentation all read the same list.
"""

from __future__ import annotations

#: where a homeless household stands (sim.households.PATHS, repeated here: no dependencies)
PATHS: tuple[str, ...] = ("awaiting_decision", "on_list", "not_approved", "after_eviction")

EXIT_ROUTES = (
    "start_loan",
    "private_rental",
    "rent_to_own",
    "lease_end",
    "moved",
    "death_or_institution",
    "rejected",
    "refused_offer",
    "withdrawn",
    "own_solution",
)

#: municipal budget lines (nominal NOK a year; income lines are negative costs)
BUDGET_LINES: tuple[str, ...] = (
    "hospits",
    "temp_units",
    "regional_offer",
    "staffed_housing",
    "capital_existing",
    "capital_new",
    "leasing",
    "operation",
    "renovation",
    "rent_income",
    "tilvisning",
    "follow_up",
    "start_loan_net",
)
#: the lines that are spending (never negative) and income (never positive)
SPENDING_LINES: tuple[str, ...] = (
    "hospits",
    "temp_units",
    "regional_offer",
    "staffed_housing",
    "capital_existing",
    "capital_new",
    "leasing",
    "operation",
    "renovation",
    "tilvisning",
    "follow_up",
)
INCOME_LINES: tuple[str, ...] = ("rent_income",)

#: where a finance officer finds each line in the municipal accounts (KOSTRA function);
#: to be confirmed against the KOSTRA guide of the accounting year (docs/COSTS.md)
KOSTRA: dict[str, str] = {
    "hospits": "283 Bistand til etablering og opprettholdelse av eget boforhold (temporary "
    "accommodation under the Social Services Act § 27; some book it on 281)",
    "temp_units": "265 Kommunalt disponerte boliger",
    "regional_offer": "283 Bistand til etablering og opprettholdelse av eget boforhold (the "
    "municipality's share of a regional temporary offer)",
    "staffed_housing": "254 Helse- og omsorgstjenester til hjemmeboende (staffed housing with "
    "follow-up; the dwellings themselves 265)",
    "capital_existing": "870 Renter/utbytte og lån (interest and instalments on the housing loans)",
    "capital_new": "870 Renter/utbytte og lån (interest and instalments on the housing loans)",
    "leasing": "265 Kommunalt disponerte boliger (rent paid to private owners)",
    "operation": "265 Kommunalt disponerte boliger (operation and maintenance)",
    "renovation": "265 Kommunalt disponerte boliger (maintenance after hard use)",
    "rent_income": "265 Kommunalt disponerte boliger (rent income, net of losses)",
    "tilvisning": "265 Kommunalt disponerte boliger (payments under tilvisning agreements)",
    "follow_up": "283 Bistand til etablering og opprettholdelse av eget boforhold (follow-up)",
    "start_loan_net": "283 (losses on start loans) and 870 (the interest margin on re-lending)",
    "sale_surplus": "investment account, 265 (sale proceeds less the loan repaid)",
}

#: what each budget line holds, for the docs and the dashboard
LINE_DOCS: dict[str, str] = {
    "hospits": "Purchased hospits nights (price per person-night, indexed).",
    "temp_units": "Municipal temporary units (yearly cost per unit).",
    "regional_offer": "The municipality's share of a regional low-threshold offer (per place a year).",
    "staffed_housing": "Staffed shared housing with close follow-up (per place a year, used or not).",
    "capital_existing": "Interest and instalments on the loans of today's owned dwellings, while owned.",
    "capital_new": "Interest and instalments on the loans for dwellings bought or built during the "
    "horizon (purchases, care builds, rent-to-own), while owned.",
    "leasing": "Rent paid to private owners for leased dwellings.",
    "operation": "Operation, maintenance and common costs of owned and rent-to-own dwellings.",
    "renovation": "Renovations after hard use of owned, leased and rent-to-own dwellings (every "
    "eviction, some other move-outs).",
    "rent_income": "Rent from tenants of owned, leased and rent-to-own dwellings, less losses (negative).",
    "tilvisning": "The municipality's payments under tilvisning agreements (per nominated unit).",
    "follow_up": "Housing support staff (follow-up of tenants).",
    "start_loan_net": "Start-loan losses carried by the municipality less its interest margin.",
}

#: yearly metrics every run reports (the interface later tools rely on)
YEARLY_METRICS = (
    "population",
    "municipal_dwellings",
    "dwellings_per_1000",
    "arrivals",
    "approvals",
    "rejections",
    "allocations",
    "waiting_list_mean",
    "waiting_list_end",
    "mean_wait_days",
    "p_wait_over_6_months",
    "homeless_mean",
    "homeless_households_mean",
    "temp_persons_mean",
    "temp_persons_distinct",
    "temp_nights",
    "temp_nights_families_youth",
    "temp_stays_over_3_months",
    # the pathway account: hospits nights and homeless persons by where they stand
    *(f"temp_nights_{p}" for p in PATHS),
    *(f"homeless_mean_{p}" for p in PATHS),
    "temp_stay_days_mean",
    "temp_nights_per_person",
    "regional_offer_nights",
    "staffed_households_mean",
    "staffed_admissions",
    "releases",
    "releases_assessed_ahead",
    "releases_housed_on_arrival",
    "temp_cost_nok",
    "evictions",
    "reapplications",
    "move_outs",
    "renewals",
    "exits_total",
    *(f"exits_{r}" for r in EXIT_ROUTES),
    "occupancy_rate",
    # instruments
    "start_loans",
    "start_loans_per_1000",
    "start_loan_nok",
    "start_loan_portfolio_nok",
    "start_loan_losses_nok",
    "start_loan_approvals",
    "start_loans_direct",
    "settlement_grants",
    "guarantees",
    "guarantees_per_1000",
    "deposit_loans",
    "broker_placements",
    "dwellings_owned",
    "dwellings_leased",
    "dwellings_tilvisning",
    "dwellings_rent_to_own",
    "purchases",
    "sales",
    "care_builds",
    "leases_started",
    "allocations_tilvisning",
    "rent_to_own_purchases",
    "rent_to_own_options_exercised",
    "rent_to_own_dwellings_added",
    "follow_up_households_mean",
    "hospits_nights",
    # costs: the municipal budget view (nominal NOK a year) and the state's costs
    *(f"cost_{line}_nok" for line in BUDGET_LINES),
    "cost_municipal_budget_nok",
    "sale_surplus_nok",
    "investment_nok",
    "cost_state_nok",
    "cost_per_household_housed_nok",
)

#: KPIs of the economic view (real NOK of the first year, net present values)
NPV_KPIS: tuple[str, ...] = (
    "cost_municipal_npv_nok",
    "cost_state_npv_nok",
    "cost_total_npv_nok",
    "residual_value_npv_nok",
)

#: how each KPI over the whole horizon is formed from the yearly values
KPI_RULES: dict[str, str] = {
    "population": "end",
    "municipal_dwellings": "end",
    "dwellings_per_1000": "end",
    "arrivals": "sum",
    "approvals": "sum",
    "rejections": "sum",
    "allocations": "sum",
    "waiting_list_mean": "time_mean",
    "waiting_list_end": "end",
    "mean_wait_days": "special",
    "p_wait_over_6_months": "special",
    "homeless_mean": "time_mean",
    "homeless_households_mean": "time_mean",
    "temp_persons_mean": "time_mean",
    "temp_persons_distinct": "special",
    "temp_nights": "sum",
    "temp_nights_families_youth": "sum",
    "temp_stays_over_3_months": "sum",
    **{f"temp_nights_{p}": "sum" for p in PATHS},
    **{f"homeless_mean_{p}": "time_mean" for p in PATHS},
    "temp_stay_days_mean": "special",
    "regional_offer_nights": "sum",
    "staffed_households_mean": "time_mean",
    "staffed_admissions": "sum",
    "releases": "sum",
    "releases_assessed_ahead": "sum",
    "releases_housed_on_arrival": "sum",
    "temp_nights_per_person": "special",
    "temp_cost_nok": "sum",
    "evictions": "sum",
    "reapplications": "sum",
    "move_outs": "sum",
    "renewals": "sum",
    "exits_total": "sum",
    **{f"exits_{r}": "sum" for r in EXIT_ROUTES},
    "occupancy_rate": "time_mean",
    "start_loans": "sum",
    "start_loans_per_1000": "mean",
    "start_loan_nok": "sum",
    "start_loan_portfolio_nok": "end",
    "start_loan_losses_nok": "sum",
    "start_loan_approvals": "sum",
    "start_loans_direct": "sum",
    "settlement_grants": "sum",
    "guarantees": "sum",
    "guarantees_per_1000": "mean",
    "deposit_loans": "sum",
    "broker_placements": "sum",
    "dwellings_owned": "end",
    "dwellings_leased": "end",
    "dwellings_tilvisning": "end",
    "dwellings_rent_to_own": "end",
    "purchases": "sum",
    "sales": "sum",
    "care_builds": "sum",
    "leases_started": "sum",
    "allocations_tilvisning": "sum",
    "rent_to_own_purchases": "sum",
    "rent_to_own_options_exercised": "sum",
    "rent_to_own_dwellings_added": "sum",
    "follow_up_households_mean": "time_mean",
    "hospits_nights": "sum",
    **{f"cost_{line}_nok": "sum" for line in BUDGET_LINES},
    "cost_municipal_budget_nok": "sum",
    "sale_surplus_nok": "sum",
    "investment_nok": "sum",
    "cost_state_nok": "sum",
    "cost_per_household_housed_nok": "special",
}

#: descriptions for the documentation and the dashboard
METRIC_DOCS: dict[str, str] = {
    "population": "Inhabitants (yearly mean of the daily population path; KPI: last year).",
    "municipal_dwellings": "Municipal dwellings in the stock (yearly mean; KPI: last year).",
    "dwellings_per_1000": "Municipal dwellings per 1000 inhabitants (comparable with KOSTRA).",
    "arrivals": "Households applying for a municipal dwelling.",
    "approvals": "Applications approved (tilsagn) by the decision team.",
    "rejections": "Applications rejected.",
    "allocations": "Households moving into a municipal dwelling.",
    "waiting_list_mean": "Households on the waiting list, time-averaged.",
    "waiting_list_end": "Households on the waiting list at the end of the year (KPI: at the horizon).",
    "mean_wait_days": "Mean days from approval to move-in of households housed that year.",
    "p_wait_over_6_months": "Of households whose 6-month promise fell due that year (and who were "
    "housed or still waiting), the share still waiting at the deadline.",
    "homeless_mean": "Homeless persons (hospits or no fixed place), time-averaged.",
    "homeless_households_mean": "Homeless households, time-averaged.",
    "temp_persons_mean": "Persons in temporary accommodation (hospits), time-averaged.",
    "temp_persons_distinct": "Distinct persons who spent at least one night in hospits.",
    "temp_nights": "Person-nights in hospits.",
    "temp_nights_families_youth": "Person-nights in hospits of households with children or youth "
    "(the red-light goal is zero).",
    "temp_stays_over_3_months": "Hospits stays passing 3 months (counted in the year they pass it).",
    "temp_cost_nok": "Spending on hospits nights (NOK, nominal).",
    "temp_nights_awaiting_decision": "Person-nights in temporary accommodation of households whose "
    "application awaits the decision team.",
    "temp_nights_on_list": "Person-nights in temporary accommodation of approved households waiting "
    "on the list for a dwelling.",
    "temp_nights_not_approved": "Person-nights in temporary accommodation of households not approved "
    "(rejected, or their approval voided by a refusal) and not applying again.",
    "temp_nights_after_eviction": "Person-nights in temporary accommodation of evicted households that "
    "have not applied again.",
    "homeless_mean_awaiting_decision": "Homeless persons awaiting a decision, time-averaged.",
    "homeless_mean_on_list": "Homeless persons approved and waiting on the list, time-averaged.",
    "homeless_mean_not_approved": "Homeless persons not approved, time-averaged.",
    "homeless_mean_after_eviction": "Homeless persons evicted and not applied again, time-averaged.",
    "regional_offer_nights": "Person-nights in places of the regional low-threshold offer.",
    "staffed_households_mean": "Households in staffed housing, time-averaged.",
    "staffed_admissions": "Households placed in staffed housing.",
    "releases": "Acute arrivals released from prison or treatment.",
    "releases_assessed_ahead": "Releases the decision team assessed before they came (advance notice).",
    "releases_housed_on_arrival": "Releases housed the day they came (a dwelling held for them).",
    "temp_stay_days_mean": "Mean length in days of the hospits stays that ended (that year; KPI: "
    "over the horizon).",
    "temp_nights_per_person": "Person-nights in temporary accommodation per distinct person "
    "(FACTS 5.7: about 83 in 2012, 1,000 nights over 12 users).",
    "evictions": "Evictions from municipal dwellings.",
    "reapplications": "Evicted households applying again (the 'round-dance').",
    "move_outs": "Tenancies ended (all routes, evictions included).",
    "renewals": "Leases renewed at expiry.",
    "exits_total": "Households leaving the system (all exit routes).",
    "occupancy_rate": "Occupied dwellings over dwellings in the stock, time-averaged.",
    **{f"exits_{r}": f"Households leaving the system by route '{r}'." for r in EXIT_ROUTES},
    "start_loans": "Start loans paid out (purchases completed), in and outside the housing system (KOSTRA).",
    "start_loans_per_1000": "Start loans per 1000 inhabitants (KOSTRA; KPI: yearly mean).",
    "start_loan_nok": "Start-loan amount paid out (NOK).",
    "start_loan_portfolio_nok": "Outstanding start-loan balance at the end of the year (NOK).",
    "start_loan_losses_nok": "Start-loan losses on default (NOK; the state covers part).",
    "start_loan_approvals": "Start loans approved by the decision team.",
    "start_loans_direct": "Start loans to first-time buyers from outside the housing system.",
    "settlement_grants": "Settlement grants (etableringstilskudd) paid with a start loan.",
    "guarantees": "NAV rent guarantees issued (incl. to clients outside the housing list).",
    "guarantees_per_1000": "NAV rent guarantees per 1000 inhabitants (KOSTRA; KPI: yearly mean).",
    "deposit_loans": "Deposit loans used for a private rental.",
    "broker_placements": "Private rentals arranged by the rental broker.",
    "dwellings_owned": "Dwellings owned by the municipality (yearly mean; KPI: last year).",
    "dwellings_leased": "Dwellings leased from private owners (yearly mean; KPI: last year).",
    "dwellings_tilvisning": "Units the municipality may nominate to under tilvisning agreements.",
    "dwellings_rent_to_own": "Dwellings let as rent-to-own.",
    "purchases": "Dwellings bought on the second-hand market.",
    "sales": "Dwellings sold.",
    "care_builds": "Care dwellings decided built.",
    "leases_started": "Leases of private dwellings started.",
    "allocations_tilvisning": "Households housed through a tilvisning agreement.",
    "rent_to_own_purchases": "Dwellings bought for rent-to-own households.",
    "rent_to_own_options_exercised": "Rent-to-own households that bought their dwelling at the "
    "option year (the ownership route; the dwelling leaves the stock).",
    "rent_to_own_dwellings_added": "Rent-to-own dwellings the stock gains: bought less those their "
    "tenants bought (an option that lapses leaves an ordinary municipal dwelling).",
    "follow_up_households_mean": "Tenants followed by housing support staff, time-averaged.",
    "hospits_nights": "Person-nights in purchased hospits (temporary accommodation minus municipal units).",
    **{
        f"cost_{line}_nok": f"Municipal budget line (NOK nominal a year; income negative): {doc}"
        for line, doc in LINE_DOCS.items()
    },
    "cost_municipal_budget_nok": "The municipality's budget cost: the sum of its budget lines "
    "(NOK nominal a year; KPI: the sum over the horizon, nominal).",
    "sale_surplus_nok": "Capital income from sales (proceeds less the loans repaid; NOK nominal; "
    "investment account, not in the budget cost).",
    "investment_nok": "Investment in dwellings bought or built, fees included (NOK nominal, "
    "financed by grants and loans).",
    "cost_state_nok": "The state's costs: Husbanken grants, its share of start-loan losses and "
    "tilvisning costs (NOK nominal a year).",
    "cost_per_household_housed_nok": "Municipal budget cost per household moving into a dwelling "
    "(NOK nominal; KPI: over the horizon).",
    "cost_municipal_npv_nok": "Economic view: the municipality's net present value of costs, real NOK "
    "of the first year (its share of investments when paid, running costs and incomes, sale "
    "proceeds; loans are financing, not costs), less the residual value.",
    "cost_state_npv_nok": "Economic view: the state's net present value of costs (grants, covered "
    "start-loan losses, tilvisning), real NOK of the first year.",
    "cost_total_npv_nok": "Economic view: municipality and state together, real NOK of the first year.",
    "residual_value_npv_nok": "Economic view: present value of the residual value at the horizon "
    "(dwellings added and still held, the building part depreciated; less today's dwellings "
    "sold), real NOK of the first year. Already deducted in the municipal NPV.",
}
