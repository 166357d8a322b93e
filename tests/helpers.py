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
    """An M/M/c queue as a scenario (see :func:`sim.validation.mmc_scenario`), given its
    arrival rate instead of its utilisation."""
    from sim.validation import mmc_scenario

    rho = arrivals_per_year / 365.25 * mean_service_days / c
    data = mmc_scenario(c, rho, mean_service_days, years)
    data["allocation"]["priority_rule"] = priority_rule
    return data
