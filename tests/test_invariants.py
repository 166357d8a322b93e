"""End-of-run money checks (sim/invariants.py): they pass on real runs and catch tampering."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import sim
from sim.invariants import N_CHECKS, check_end_of_run, money_problems
from sim.model import Model
from sim.replication import run_model
from tests.helpers import variant


@pytest.fixture(scope="module")
def finished(baseline_data):
    """A finished 3-year model with instruments on and its result (checks already passed)."""
    sc = variant(
        baseline_data,
        end_date="2018-12-31",
        temporary_accommodation__municipal_units=2,
        follow_up__staff=2,
    )
    m = Model(sc, seed=11, replication=2)
    r = run_model(m)
    return m, r


def test_real_run_has_no_money_problems(finished):
    m, r = finished
    assert money_problems(m, r) == []
    assert check_end_of_run(m, r) is r
    assert N_CHECKS == 7


def _tampered(r, **yearly):
    r2 = copy.deepcopy(r)
    for name, (i, delta) in yearly.items():
        r2.yearly[name] = np.array(r2.yearly[name], dtype=float)
        r2.yearly[name][i] += delta
    return r2


def test_a_cost_line_off_the_total_is_caught(finished):
    m, r = finished
    bad = _tampered(r, cost_operation_nok=(1, 1000.0))
    assert any("budget lines sum to" in p for p in money_problems(m, bad))


def test_npvs_that_do_not_add_up_are_caught(finished):
    m, r = finished
    bad = copy.deepcopy(r)
    bad.kpis["cost_state_npv_nok"] += 1e6
    assert "the municipal and state NPVs do not add up to the total" in money_problems(m, bad)


def test_a_cost_series_outside_the_lines_is_caught(finished):
    m, r = finished
    bad = copy.deepcopy(r)
    bad.yearly["cost_new_thing_nok"] = np.ones(len(r.years))
    assert any("outside the total: cost_new_thing_nok" in p for p in money_problems(m, bad))


def test_temp_cost_computed_twice_must_agree(finished):
    m, r = finished
    bad = _tampered(r, temp_cost_nok=(0, 5.0))
    assert any("temp_cost_nok differs" in p for p in money_problems(m, bad))


def test_wrong_signs_are_caught(finished):
    m, r = finished
    bad = _tampered(r, cost_rent_income_nok=(0, 1e12), cost_operation_nok=(0, -1e12))
    problems = money_problems(m, bad)
    assert any("rent_income is positive" in p for p in problems)
    assert any("operation is negative" in p for p in problems)


def test_nan_money_is_caught(finished):
    m, r = finished
    bad = _tampered(r, cost_municipal_budget_nok=(0, float("nan")))
    assert money_problems(m, bad) == ["cost_municipal_budget_nok is not finite"]


def test_portfolio_above_loans_paid_is_caught(finished):
    m, r = finished
    bad = _tampered(r, start_loan_portfolio_nok=(0, 1e12))
    assert any("balance exceeds the loans paid" in p for p in money_problems(m, bad))
    bad = _tampered(r, start_loan_portfolio_nok=(0, -1e12))
    assert any("balance is negative" in p for p in money_problems(m, bad))


def test_loan_book_must_match_payouts(finished):
    m, r = finished
    bad = _tampered(r, start_loan_nok=(0, 1.0e6))
    assert any("differ from the loan book" in p for p in money_problems(m, bad))


def test_payouts_above_budget_are_caught(finished):
    m, r = finished
    bad = _tampered(r, start_loan_nok=(0, 1e12))
    assert any("exceed the budgets granted" in p for p in money_problems(m, bad))


def test_negative_budget_left_is_caught(finished):
    m, r = finished
    left = m.loans.budget_left  # the model is shared by the module's tests: put it back
    m.loans.budget_left = -1e6
    try:
        assert "start-loan budget left is negative" in money_problems(m, r)
    finally:
        m.loans.budget_left = left


def test_an_exit_route_not_counted_is_caught(finished):
    m, r = finished
    bad = copy.deepcopy(r)
    bad.kpis["exits_withdrawn"] += 1
    assert any("exits by route add up to" in p for p in money_problems(m, bad))


def test_failure_names_seed_and_replication(finished):
    m, r = finished
    bad = _tampered(r, cost_hospits_nok=(0, 1.0e6))
    with pytest.raises(sim.InvariantError, match=r"seed 11 replication 2: end-of-run check failed"):
        check_end_of_run(m, bad)
