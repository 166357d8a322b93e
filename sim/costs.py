"""The cost accounting: a municipal budget view and an economic (net present value) view.

Pure arithmetic on what a replication recorded (flows by year, levels, and the ledger of
dwellings the municipality bought or built), so it is tested without the model and a
finance officer can follow it line by line in docs/COSTS.md.

**Budget view** (nominal NOK per calendar year, the municipality's operating budget): the
lines of :data:`BUDGET_LINES`. A dwelling bought or built is financed by a state grant and
an annuity loan (:class:`~sim.spec.costs.Costs`: rate and term); it shows up as capital
costs (interest and instalments) while the municipality owns it. When it is sold (or
bought by its rent-to-own tenant) the proceeds repay what is left of its loan; the rest is
capital income (:data:`sale_surplus_nok`, investment account, outside the operating total).

**Economic view** (real NOK of the first year, discounted at the real rate), as
cost-benefit practice counts (Finansdepartementet's R-109, DFØ's guide): resources are
counted when they are used. A dwelling's cost counts when it is paid, split between the
municipality and the state (its grant); running costs, rents and hospits as they come;
sale proceeds when they come in. Loans are financing, not costs (the discount rate is the
cost of capital), so the interest and instalments on new dwellings stay in the budget view.
Today's stock is already paid for with loans the municipality carries: its interest and
instalments count in both views. At the horizon the **residual value** (a separate line)
is the real value of the dwellings added during the horizon and still held, the building
part depreciated linearly over its life, less what the dwellings of today's stock that were
sold would have been worth (net of the loan they would still carry). The state's NPV holds
its grants, its share of start-loan losses and its tilvisning costs; the total is the sum.

Flows of calendar year ``i`` (``i = 0`` the first) are deflated by ``(1 + inflation)^i`` and
discounted by ``(1 + r)^i``; amounts at the horizon by the number of years simulated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.calendar import DAYS_PER_YEAR
from sim.loans import annuity_per_year, balance_after

if TYPE_CHECKING:
    from sim.spec.costs import Costs


@dataclass(frozen=True)
class Loan:
    """A dwelling the municipality owns, financed by an annuity loan.

    ``t0`` is the day the money was paid (or, for today's stock, day 0); ``value0`` what the
    dwelling was worth then (nominal), ``cost`` what it cost including fees, ``grant`` the
    state's grant, ``principal`` the loan (``cost - grant``); ``removed_at`` the day it left
    the municipality (sold, bought by its tenant; ``inf`` if held), ``proceeds`` what it was
    sold for. ``added`` is False for today's stock.
    """

    t0: float
    value0: float
    cost: float
    grant: float
    principal: float
    removed_at: float
    proceeds: float
    added: bool


@dataclass(frozen=True)
class Calendar:
    """Year boundaries in days since the start (``bounds[i]`` to ``bounds[i+1]`` is year ``i``)."""

    bounds: Sequence[float]

    @property
    def n_years(self) -> int:
        """Calendar years in the horizon."""
        return len(self.bounds) - 1

    @property
    def horizon(self) -> float:
        """The end of the last day."""
        return float(self.bounds[-1])

    def overlap_years(self, start: float, end: float) -> np.ndarray:
        """Years (in 365.25-day years) of each calendar year between ``start`` and ``end``."""
        b = np.asarray(self.bounds, dtype=float)
        years: np.ndarray = np.clip(np.minimum(b[1:], end) - np.maximum(b[:-1], start), 0.0, None)
        return years / DAYS_PER_YEAR

    def year_of(self, t: float) -> int:
        """Index of the calendar year of day ``t`` (clamped to the horizon)."""
        i = int(np.searchsorted(np.asarray(self.bounds, dtype=float), t, side="right")) - 1
        return min(max(i, 0), self.n_years - 1)


def discount_factors(spec: Costs, n_years: int) -> np.ndarray:
    """Factor that turns a nominal flow of calendar year ``i`` into real present value."""
    i = np.arange(n_years, dtype=float)
    return 1.0 / ((1.0 + spec.inflation_per_year) ** i * (1.0 + spec.real_discount_rate_per_year) ** i)


def depreciated_value(value0: float, age_years: float, spec: Costs) -> float:
    """Value of a dwelling worth ``value0`` when new to its owner, ``age_years`` later, in the
    same money: land keeps its value, the building loses it linearly over its life."""
    land = spec.land_share_of_value
    left = max(0.0, 1.0 - age_years / spec.building_life_years)
    return value0 * (land + (1.0 - land) * left)


@dataclass
class LoanAccounts:
    """The yearly and horizon amounts of a set of :class:`Loan` s (nominal NOK)."""

    capital: np.ndarray  # interest and instalments paid, by year
    sale_surplus: np.ndarray  # proceeds less the loan repaid, by year of sale
    outlay: np.ndarray  # the municipality's share of the cost (new dwellings only), by year paid
    proceeds: np.ndarray  # what the dwellings sold brought in, by year of sale
    value_at_horizon_real: float  # real value (first-year money) of the dwellings still held
    outstanding_at_horizon: float  # their loans still to repay (nominal)


def loan_accounts(loans: Sequence[Loan], cal: Calendar, spec: Costs) -> LoanAccounts:
    """Capital costs and sale surpluses (budget view), outlays, proceeds and the value at
    the horizon (economic view)."""
    n = cal.n_years
    capital, surplus, outlay, proceeds = (np.zeros(n) for _ in range(4))
    value = outstanding = 0.0
    r, term = spec.borrowing_rate_per_year, spec.borrowing_term_years
    h = cal.horizon
    infl = 1.0 + spec.inflation_per_year
    for loan in loans:
        pay = annuity_per_year(loan.principal, r, term)
        end = min(loan.t0 + term * DAYS_PER_YEAR, loan.removed_at, h)
        capital += pay * cal.overlap_years(loan.t0, end)
        if loan.added:
            outlay[cal.year_of(loan.t0)] += loan.cost - loan.grant
        if loan.removed_at < h:
            owed = balance_after(loan.principal, r, term, (loan.removed_at - loan.t0) / DAYS_PER_YEAR)
            y = cal.year_of(loan.removed_at)
            surplus[y] += loan.proceeds - owed
            proceeds[y] += loan.proceeds
        else:
            real0 = loan.value0 / infl ** (loan.t0 / DAYS_PER_YEAR)
            value += depreciated_value(real0, (h - loan.t0) / DAYS_PER_YEAR, spec)
            outstanding += balance_after(loan.principal, r, term, (h - loan.t0) / DAYS_PER_YEAR)
    return LoanAccounts(capital, surplus, outlay, proceeds, value, outstanding)


@dataclass
class Economics:
    """The economic view of a replication (real NOK of the first year)."""

    municipal_npv: float
    state_npv: float
    total_npv: float
    residual_value_npv: float  # added dwellings held less today's dwellings sold


def economics(
    budget: np.ndarray,
    capital_new: np.ndarray,
    state_budget: np.ndarray,
    today: LoanAccounts,
    added: LoanAccounts,
    today_sold_if_held: LoanAccounts,
    spec: Costs,
) -> Economics:
    """NPVs of a replication, as cost-benefit practice counts them (DFØ's guide, R-109).

    What the scenario adds is counted by the resources it uses, when it uses them: a new
    dwelling's cost when it is paid (the municipality's share; the grant is the state's),
    its running costs and rents as they come, sale proceeds when they come in, and at the
    horizon the value of what is left. Its loan is financing, not a cost (the discount rate
    carries the cost of capital), so the budget view's ``capital_new`` is left out here and
    no debt is netted out of its residual value. Today's stock is already paid for with
    loans the municipality carries: its interest and instalments (``capital_existing``,
    part of ``budget``) stay in, a sale brings in its proceeds less the loan repaid, and it
    gives up the dwelling's value at the horizon less the loan it would still owe
    (``today_sold_if_held``: the sold dwellings as if kept).
    """
    n = len(budget)
    d = discount_factors(spec, n)
    infl_h = (1.0 + spec.inflation_per_year) ** n
    given_up = today_sold_if_held.value_at_horizon_real - today_sold_if_held.outstanding_at_horizon / infl_h
    # the values at the horizon are real already: discounted, not deflated
    residual = (added.value_at_horizon_real - given_up) / (1.0 + spec.real_discount_rate_per_year) ** n
    resources = budget - capital_new + added.outlay - added.proceeds - today.sale_surplus
    municipal = float(np.sum(resources * d)) - residual
    state = float(np.sum(state_budget * d))
    return Economics(municipal, state, municipal + state, residual)
