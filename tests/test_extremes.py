"""Extreme but valid scenarios: they run, keep every invariant and behave sensibly.

Zero stock, zero start-loan budget, no arrivals, arrivals far above capacity (the list
grows; memory grows no faster than the households), a one-day horizon and horizons out to
2100 and to the schema's limits. Every run below also passes the model's monthly and
end-of-run checks (conservation, stock balance, money), which raise ``InvariantError``.
"""

from __future__ import annotations

import gc
import math
import tracemalloc
from typing import Any

import numpy as np
import pytest

import sim
from sim.households import State
from sim.model import Model
from sim.replication import run_model as simulate
from tests.helpers import variant

#: no instrument adds dwellings (the baseline's stock plan would)
NO_NEW_STOCK: dict[str, Any] = {"stock_plan": [], "tilvisning_agreements": [], "rent_to_own": {}}


def run_model(sc: sim.Scenario, seed: int = 1, rep: int = 0) -> tuple[Model, sim.ReplicationResult]:
    m = Model(sc, seed, rep)
    return m, simulate(m)


def groups_with(data: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """The baseline's groups with ``fields`` set in each (callables get the old value)."""
    out = {}
    for name, g in data["groups"].items():
        g = dict(g)
        for key, value in fields.items():
            g[key] = value(g.get(key, 0.0)) if callable(value) else value
        out[name] = g
    return out


def test_zero_stock_nobody_is_housed_and_the_list_grows(baseline_data):
    zero = {k: {**v, "count": 0} for k, v in baseline_data["dwelling_types"].items()}
    sc = variant(baseline_data, end_date="2020-12-31", dwelling_types=zero, **NO_NEW_STOCK)
    m, r = run_model(sc)
    k = r.kpis
    assert m.stock.size == 0 and m.state_counts[State.TENANT] == 0
    assert k["allocations"] == 0 and k["move_outs"] == 0 and k["municipal_dwellings"] == 0
    assert math.isnan(k["mean_wait_days"])  # nobody was housed, so no wait is reported as 0
    wl = r.yearly["waiting_list_end"]
    assert wl[-1] > sum(g["count"] for g in baseline_data["initial_state"]["waiting_list"].values())
    assert k["cost_rent_income_nok"] == 0 and k["cost_operation_nok"] == 0
    assert k["homeless_mean"] > 0


def test_zero_start_loan_budget_grants_no_loans(baseline_data):
    sc = variant(
        baseline_data,
        end_date="2020-12-31",
        start_loans__budget_nok_per_year=0.0,
        start_loans__settlement_grant_budget_nok_per_year=0.0,
    )
    m, r = run_model(sc)
    k = r.kpis
    for name in ("start_loans", "start_loan_approvals", "start_loans_direct", "settlement_grants"):
        assert k[name] == 0, name
    assert k["start_loan_nok"] == 0 and k["start_loan_portfolio_nok"] == 0 and k["exits_start_loan"] == 0
    assert k["cost_start_loan_net_nok"] == 0
    assert m.loans.loans == [] and m.loans.budget_left == 0


def test_no_arrivals_only_todays_households(baseline_data):
    sc = variant(
        baseline_data,
        end_date="2020-12-31",
        groups=groups_with(baseline_data, arrival_rate_per_1000_per_year=0.0),
        refugee_settlement={"households_by_year": {}},
        start_loans__direct_applicants_per_1000_per_year=0.0,
        private_rental__direct_guarantee_clients_per_1000_per_year=0.0,
    )
    m, r = run_model(sc)
    k = r.kpis
    assert k["arrivals"] == 0 and k["start_loans_direct"] == 0
    initial = m.n_created
    assert initial > 0  # today's tenants and waiting list
    assert k["exits_total"] <= initial
    # the list only grows again by evicted households re-applying
    start_list = sum(g["count"] for g in baseline_data["initial_state"]["waiting_list"].values())
    assert k["waiting_list_end"] <= start_list + k["reapplications"]


def test_no_arrivals_from_a_cold_start_nothing_happens(baseline_data):
    sc = variant(
        baseline_data,
        end_date="2018-12-31",
        groups=groups_with(baseline_data, arrival_rate_per_1000_per_year=0.0),
        initial_state={"cold_start": True},
        start_loans__direct_applicants_per_1000_per_year=0.0,
        private_rental__direct_guarantee_clients_per_1000_per_year=0.0,
        **NO_NEW_STOCK,
    )
    m, r = run_model(sc)
    assert m.n_created == 0 and m.events > 0  # meetings still sit
    for name in ("arrivals", "allocations", "exits_total", "temp_nights", "start_loans", "guarantees"):
        assert r.kpis[name] == 0, name
    assert r.kpis["occupancy_rate"] == 0
    assert r.kpis["cost_operation_nok"] > 0  # an empty stock still costs its upkeep


def overloaded(data: dict[str, Any], years: int) -> sim.Scenario:
    """Eight times the baseline's demand, and nobody gives up waiting: the list only grows."""
    groups = groups_with(
        data,
        arrival_rate_per_1000_per_year=lambda r: 8 * r,
        withdrawal_rate_per_year=0.0,
        private_rental_search_rate_per_year=0.0,
    )
    return variant(data, end_date=f"{2015 + years}-12-31", groups=groups, **NO_NEW_STOCK)


def peak_memory(sc: sim.Scenario) -> tuple[int, int]:
    """(peak bytes traced while running ``sc``, households created)."""
    gc.collect()
    tracemalloc.start()
    try:
        m, _ = run_model(sc)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, m.n_created


def test_arrivals_far_above_capacity_the_list_grows_and_memory_stays_linear(baseline_data):
    m, r = run_model(overloaded(baseline_data, 6))
    wl = r.yearly["waiting_list_end"]
    assert np.all(np.diff(wl) > 0), wl  # a backlog that grows every year
    assert wl[-1] > 5 * m.stock.size  # far beyond what the stock can serve
    assert r.kpis["occupancy_rate"] > 0.9  # the stock is kept full
    assert r.kpis["p_wait_over_6_months"] > 0.5

    peak2, n2 = peak_memory(overloaded(baseline_data, 2))
    peak6, n6 = peak_memory(overloaded(baseline_data, 6))
    assert n6 > 2.5 * n2
    # memory grows with the households, not faster (quadratic growth would give ~ (n6/n2)^2)
    assert peak6 / peak2 <= 1.25 * n6 / n2, (peak2, n2, peak6, n6)
    assert peak6 / n6 < 20_000  # bytes per household


@pytest.mark.parametrize("start", ["2016-01-01", "2016-12-31", "2017-03-15"])
def test_one_day_horizon(baseline_data, start, tmp_path):
    sc = variant(baseline_data, start_date=start, end_date=start)
    assert sc.horizon_days() == 1
    m, r = run_model(sc)
    assert r.years == [int(start[:4])] and len(r.month_starts) == 1
    for name, v in {**r.yearly, **r.monthly}.items():
        assert len(v) == 1, name
    # one day: person-nights in hospits equal the mean number of persons there
    assert r.kpis["temp_nights"] == pytest.approx(r.kpis["temp_persons_mean"])
    assert m.n_created == m.n_exited + len(m.alive)
    assert all(not math.isinf(v) for v in r.kpis.values())
    # and through the runner, files and all
    result = sim.run(sc, replications=2, seed=3, out=tmp_path)
    assert result.replications == 2 and (tmp_path / "summary.json").exists()


def test_horizon_to_2100(baseline_data):
    sc = variant(baseline_data, end_date="2100-12-31")
    m, r = run_model(sc)
    assert r.years[0] == 2016 and r.years[-1] == 2100 and len(r.years) == 85
    pop = r.yearly["population"]
    assert np.all(np.isfinite(pop)) and np.all(pop > 0)
    assert np.all(np.isfinite(r.yearly["dwellings_per_1000"]))
    assert r.kpis["allocations"] > 0 and r.kpis["exits_total"] > 0
    # the list does not explode over 85 years of baseline demand
    assert r.kpis["waiting_list_end"] < 10 * m.stock.size


@pytest.mark.parametrize(
    ("start", "end"),
    [("1900-01-01", "1902-12-31"), ("2198-01-01", "2200-12-31"), ("1901-01-01", "2100-12-31")],
)
def test_horizons_at_the_schemas_limits(baseline_data, start, end):
    sc = variant(
        baseline_data,
        start_date=start,
        end_date=end,
        population={"by_year": {int(start[:4]): 17_000}},
        **NO_NEW_STOCK,
    )
    m, r = run_model(sc)
    assert len(r.years) == int(end[:4]) - int(start[:4]) + 1
    assert m.n_created == m.n_exited + len(m.alive)
