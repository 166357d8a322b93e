"""Loan arithmetic: annuities, outstanding balances and a household's debt-service capacity.

Pure functions, tested against hand-worked numbers. The start-loan team assesses
households with them (:mod:`sim.start_loans`), rent-to-own tests whether a household can
take over its dwelling (:mod:`sim.rent_to_own`), and the cost accounting finances the
municipality's own investments with annuity loans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from sim.spec.start_loans import StartLoans

#: a monthly rate below this is treated as zero (the annuity formulas lose all precision)
_TINY_RATE: Final = 1e-12


def annuity_per_year(loan: float, rate_per_year: float, term_years: float) -> float:
    """Yearly payment (12 monthly annuity payments) on ``loan`` at ``rate`` over ``term``."""
    if loan <= 0:
        return 0.0
    n = term_years * 12.0
    r = rate_per_year / 12.0
    if r < _TINY_RATE:  # (a rate this small is zero: the closed form would divide 0 by 0)
        return loan / term_years
    payment: float = 12.0 * loan * r / (1.0 - (1.0 + r) ** (-n))
    return payment


def debt_service_capacity(income: float, persons: int, spec: StartLoans) -> float:
    """What a household can pay on a loan per year: income after tax minus norms and running costs."""
    return LoanRules(spec).capacity(income, persons)


def max_affordable_loan(capacity: float, rate_per_year: float, term_years: float) -> float:
    """Largest loan whose annuity equals ``capacity`` (0 if capacity is not positive)."""
    if capacity <= 0:
        return 0.0
    return capacity / annuity_per_year(1.0, rate_per_year, term_years)


class Assessment(NamedTuple):
    """Outcome of a start-loan assessment (a named tuple: thousands are made per run)."""

    eligible: bool
    loan: float
    grant: float


def assess(income: float, persons: int, price: float, spec: StartLoans, grant_available: float) -> Assessment:
    """Loan needed for a fitting dwelling and whether the household can carry it.

    A settlement grant (up to ``settlement_grant_max_nok`` and what is left of its budget)
    bridges the gap only when the loan alone is not affordable (last resort).
    """
    return LoanRules(spec).assess(income, persons, price, grant_available)


class LoanRules:
    """The debt-service test of one :class:`StartLoans` spec, its constants computed once:
    the decision team assesses thousands of candidates in a run."""

    def __init__(self, spec: StartLoans):
        self.spec = spec
        self._keep_share = 1.0 - spec.equity_share_of_price
        self._tax_keep = 1.0 - spec.tax_share
        self._annuity_of_one = annuity_per_year(1.0, spec.calculation_rate(), spec.term_years)
        self._norms: dict[int, float] = {}

    def capacity(self, income: float, persons: int) -> float:
        """:func:`debt_service_capacity`."""
        norm = self._norms.get(persons)
        if norm is None:
            spec = self.spec
            norm = self._norms[persons] = spec.consumption_norm_level * (
                spec.consumption_norm_nok_per_year
                + spec.consumption_norm_per_extra_person_nok_per_year * max(persons - 1, 0)
            )
        return income * self._tax_keep - norm - self.spec.running_cost_nok_per_year

    def assess(self, income: float, persons: int, price: float, grant_available: float) -> Assessment:
        """:func:`assess`."""
        a = self.granted(income, persons, price, grant_available)
        return Assessment(False, price * self._keep_share, 0.0) if a is None else a

    def granted(self, income: float, persons: int, price: float, grant_available: float) -> Assessment | None:
        """:meth:`assess` for the decision team: ``None`` when not eligible (most candidates
        are not, and need no outcome object)."""
        need = price * self._keep_share
        capacity = self.capacity(income, persons)
        # max_affordable_loan() at the spec's calculation rate and term
        cap = capacity / self._annuity_of_one if capacity > 0 else 0.0
        if cap >= need:
            return Assessment(True, need, 0.0)
        gap = need - cap
        if cap > 0 and gap <= min(self.spec.settlement_grant_max_nok, grant_available):
            return Assessment(True, cap, gap)
        return None


def balance_after(loan: float, rate_per_year: float, term_years: float, years: float) -> float:
    """Outstanding balance of an annuity loan after ``years`` of monthly payments."""
    if years <= 0:
        return loan
    n = term_years * 12.0
    p = min(years * 12.0, n)
    r = rate_per_year / 12.0
    if r < _TINY_RATE:
        return loan * (1.0 - p / n)
    balance: float = loan * ((1 + r) ** n - (1 + r) ** p) / ((1 + r) ** n - 1)
    return balance


def balances(loan: np.ndarray, spec: StartLoans, years: np.ndarray) -> np.ndarray:
    """:func:`balance_after` at the spec's loan rate and term, element-wise (arrays)."""
    n = spec.term_years * 12.0
    p = np.minimum(np.maximum(years, 0.0) * 12.0, n)
    r = spec.loan_rate() / 12.0
    if r < _TINY_RATE:
        out = loan * (1.0 - p / n)
    else:
        out = loan * ((1 + r) ** n - (1 + r) ** p) / ((1 + r) ** n - 1)
    # balance_after() returns the loan itself before the first payment
    return np.where(years > 0, out, loan)
