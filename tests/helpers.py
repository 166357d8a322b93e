"""Helpers for tests: scenario variants from plain data and textbook scenarios."""

from __future__ import annotations

import copy
from typing import Any

import sim


def variant(data: dict[str, Any], **changes: Any) -> sim.Scenario:
    """A validated copy of ``data`` with dotted-path ``changes`` (``a__b`` means ``a.b``)."""
    d = copy.deepcopy(data)
    for key, value in changes.items():
        parts = key.split("__")
        node = d
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value
    return sim.scenario_from_dict(d)


def mmc_data(
    c: int = 10,
    arrivals_per_year: float = 29.22,
    mean_service_days: float = 100.0,
    years: int = 100,
    priority_rule: str = "fifo",
) -> dict[str, Any]:
    """An M/M/c queue as a scenario: one group, Poisson arrivals, exponential tenancies,
    no renewals or other exits, FIFO, continuous allocation, cold start."""
    return {
        "name": f"mmc_c{c}",
        "start_date": "2000-01-01",
        "end_date": f"{2000 + years - 1}-12-31",
        "population": {"by_year": {2000: 1000}},
        "groups": {
            "only": {
                "arrival_rate_per_1000_per_year": arrivals_per_year,
                "household_persons": {"values": [1], "probabilities": [1.0]},
                "approval_probability": 1.0,
                "offer_refusal_probability": 0.0,
                "withdrawal_rate_per_year": 0.0,
                "renewal_probability": 0.0,
                "eviction_rate_per_year": 0.0,
                "move_out_rate_per_year": 0.0,
                "death_or_institution_rate_per_year": 0.0,
                "urgent_share": 0.0,
                "private_rental_search_rate_per_year": 0.0,
                "renovation_probability": 0.0,
            }
        },
        # the textbook queue has no other way out and no instruments
        "start_loans": {
            "consider_waiting_list": False,
            "consider_tenants_at_renewal": "none",
            "direct_applicants_per_1000_per_year": 0.0,
        },
        "private_rental": {"broker_placements_per_year": 0, "direct_guarantee_clients_per_1000_per_year": 0},
        "dwelling_types": {"flat": {"size_class": "small", "count": c}},
        "allocation": {"meeting_interval_days": 0, "priority_rule": priority_rule},
        "tenancy": {
            "lease": {"dist": "exponential", "mean_days": mean_service_days},
            "vacancy_turnaround": {"dist": "fixed", "value_days": 0},
        },
        "initial_state": {"cold_start": True},
    }
