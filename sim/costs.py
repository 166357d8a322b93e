"""Costs per year in NOK (nominal and discounted), split into municipality and state."""

from __future__ import annotations

#: municipal cost lines (income lines are negative costs)
COST_LINES = (
    "hospits",
    "temp_units",
    "purchases",
    "care_builds",
    "sales",
    "leasing",
    "operation",
    "capital_existing",
    "rent_income",
    "tilvisning",
    "follow_up",
    "start_loan_net",
    "rent_to_own",
    "residual_value",
)
