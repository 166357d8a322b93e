"""End-of-run checks of a replication's results: money adds up, nothing leaks.

:meth:`sim.model.Model.check_invariants` checks conservation of households and dwellings
every month; the checks here run once, after the results are assembled, so they cost
nothing on the model's hot path. They cross-check two records of the same thing (the cost
lines against the total, the loans paid against the loan book, the exits by route against
the model's count of exited households) and the signs and bounds of money. A broken check
raises :class:`sim.errors.InvariantError` naming the seed and replication to reproduce it.

The checks, in the order :func:`money_problems` runs them:

1. every budget line, the state's cost, the totals and the net present values are finite;
2. the budget lines sum to ``cost_municipal_budget_nok`` in every year and over the horizon,
   and no ``cost_*_nok`` series is missing from (or added outside)
   :data:`sim.catalog.BUDGET_LINES`; the municipal and state NPVs sum to the total;
3. ``temp_cost_nok`` equals the hospits and temporary-unit lines (computed twice);
4. each budget line has its sign (spending lines never negative, income lines never
   positive) and the state's cost is never negative;
5. start loans paid out never exceed the budgets granted over the horizon, nor do
   settlement grants exceed theirs; the start-loan budget left is never negative;
6. the loans paid out equal the loan book, the portfolio balance is never negative and never
   above the loans paid so far, and losses are never negative nor above the loans paid;
7. the exits by route add up to the households the model saw exit.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from sim.catalog import BUDGET_LINES, EXIT_ROUTES, INCOME_LINES, SPENDING_LINES
from sim.errors import InvariantError

if TYPE_CHECKING:
    from sim.model import Model
    from sim.results import ReplicationResult

#: cost series that are reported but are not municipal budget lines
NOT_LINES = (
    "cost_municipal_budget_nok",
    "cost_state_nok",
    "cost_per_household_housed_nok",
    "cost_municipal_npv_nok",
    "cost_state_npv_nok",
    "cost_total_npv_nok",
)
NPV_KPIS = ("cost_municipal_npv_nok", "cost_state_npv_nok", "cost_total_npv_nok", "residual_value_npv_nok")

#: the number of named checks in :func:`money_problems` (reported by the test suite)
N_CHECKS = 7


def _tol(*arrays: np.ndarray | float) -> float:
    """Rounding tolerance for sums of amounts of the size of ``arrays``."""
    scale = max((float(np.nanmax(np.abs(a))) if np.size(a) else 0.0) for a in arrays)
    return 1e-9 * max(scale, 1.0) * 64


def money_problems(m: Model, r: ReplicationResult) -> list[str]:
    """What is wrong with the money of a finished replication (empty when all is well)."""
    from sim.start_loans import schedule_value

    y, k = r.yearly, r.kpis
    problems: list[str] = []
    n = len(r.years)
    lines = {line: np.asarray(y[f"cost_{line}_nok"], dtype=float) for line in BUDGET_LINES}
    total = np.asarray(y["cost_municipal_budget_nok"], dtype=float)
    state = np.asarray(y["cost_state_nok"], dtype=float)

    # 1. finite
    for name in [
        *(f"cost_{line}_nok" for line in BUDGET_LINES),
        "cost_state_nok",
        "cost_municipal_budget_nok",
    ]:
        if not np.all(np.isfinite(y[name])) or not math.isfinite(k[name]):
            problems.append(f"{name} is not finite")
    problems += [f"{name} is not finite" for name in NPV_KPIS if not math.isfinite(k[name])]
    if problems:
        return problems

    # 2. the lines sum to the total, every year and over the horizon
    line_sum = np.sum(list(lines.values()), axis=0) if lines else np.zeros(n)
    tol = _tol(total, *lines.values())
    bad = np.nonzero(np.abs(line_sum - total) > tol)[0]
    if len(bad):
        i = int(bad[0])
        problems.append(
            f"budget lines sum to {line_sum[i]:.2f} but cost_municipal_budget_nok is {total[i]:.2f} "
            f"in {r.years[i]}"
        )
    kpi_sum = sum(k[f"cost_{line}_nok"] for line in BUDGET_LINES)
    if abs(kpi_sum - k["cost_municipal_budget_nok"]) > tol * max(n, 1):
        problems.append(
            f"budget line KPIs sum to {kpi_sum:.2f} but cost_municipal_budget_nok is "
            f"{k['cost_municipal_budget_nok']:.2f}"
        )
    npv_sum = k["cost_municipal_npv_nok"] + k["cost_state_npv_nok"]
    if abs(npv_sum - k["cost_total_npv_nok"]) > _tol(npv_sum, k["cost_total_npv_nok"]):
        problems.append("the municipal and state NPVs do not add up to the total")
    extra = sorted(
        name
        for name in y
        if name.startswith("cost_")
        and name.endswith("_nok")
        and "|" not in name
        and name not in NOT_LINES
        and name.removeprefix("cost_").removesuffix("_nok") not in BUDGET_LINES
    )
    if extra:
        problems.append(f"cost series outside the total: {', '.join(extra)}")

    # 3. temporary accommodation computed twice
    temp = lines["hospits"] + lines["temp_units"]
    if np.any(np.abs(temp - np.asarray(y["temp_cost_nok"])) > _tol(temp)):
        problems.append("temp_cost_nok differs from the hospits and temp_units cost lines")

    # 4. signs
    for line in SPENDING_LINES:
        if np.any(lines[line] < -_tol(lines[line])):
            problems.append(f"cost line {line} is negative (spending cannot be income)")
    for line in INCOME_LINES:
        if np.any(lines[line] > _tol(lines[line])):
            problems.append(f"cost line {line} is positive (income cannot be spending)")
    if np.any(state < -_tol(state)):
        problems.append("cost_state_nok is negative")

    # 5. start-loan and settlement-grant budgets
    spec = m.sc.start_loans
    # the yearly budgets as the team opened them (indexed if the scenario says so); a year
    # whose meeting never came opens none
    budgets = m.loans.budgets_granted
    paid = np.asarray(y["start_loan_nok"], dtype=float)
    if paid.sum() > budgets + _tol(budgets):
        problems.append(f"start loans paid {paid.sum():.2f} exceed the budgets granted {budgets:.2f}")
    grant_budgets = sum(schedule_value(spec.settlement_grant_budget_nok_per_year, year) for year in r.years)
    grants = float(sum(m.flows.get("settlement_grant_nok")))
    if grants > grant_budgets + _tol(grant_budgets):
        problems.append(f"settlement grants {grants:.2f} exceed their budgets {grant_budgets:.2f}")
    if m.loans.budget_left < -_tol(budgets) or m.loans.grant_left < -_tol(grant_budgets):
        problems.append("start-loan budget left is negative")

    # 6. the loan book
    book = sum(amount for _granted, amount, _default in m.loans.loans)
    if abs(book - paid.sum()) > _tol(book, paid.sum()):
        problems.append(f"start loans paid {paid.sum():.2f} differ from the loan book {book:.2f}")
    balance = np.asarray(y["start_loan_portfolio_nok"], dtype=float)
    losses = np.asarray(y["start_loan_losses_nok"], dtype=float)
    lent = np.cumsum(paid)
    tol = _tol(lent)
    if np.any(balance < -tol):
        problems.append("start-loan portfolio balance is negative")
    if np.any(balance > lent + tol):
        problems.append("start-loan portfolio balance exceeds the loans paid out")
    if np.any(losses < -tol) or losses.sum() > lent[-1] + tol:
        problems.append("start-loan losses are negative or exceed the loans paid out")

    # 7. exits by route add up to the households that left
    exits = sum(k[f"exits_{route}"] for route in EXIT_ROUTES)
    if round(exits) != m.n_exited or round(k["exits_total"]) != m.n_exited:
        problems.append(
            f"exits by route add up to {exits:.0f} but {m.n_exited} households exited "
            "(a route missing from sim.results.EXIT_ROUTES?)"
        )
    return problems


def check_end_of_run(m: Model, r: ReplicationResult) -> ReplicationResult:
    """Run the end-of-run checks on ``r``; return it unchanged, or raise ``InvariantError``."""
    problems = money_problems(m, r)
    if problems:
        raise InvariantError(
            f"seed {m.seed} replication {m.rep}: end-of-run check failed: " + "; ".join(problems)
        )
    return r
