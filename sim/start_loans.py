"""Start loans (startlån): budget, eligibility by debt-service capacity, pipeline, portfolio.

The arithmetic (annuity, loan size, eligibility) is in :mod:`sim.loans`;
:class:`StartLoanOffice` runs the scheme inside the model (a component).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import numpy as np

from sim.calendar import DAYS_PER_YEAR
from sim.clock import heappop, heappush
from sim.demography import arrival_times
from sim.dwellings import TILVISNING
from sim.households import EXITED, TENANT, Household, Slot, fate
from sim.loans import Assessment, LoanRules, balances
from sim.rng import stream

if TYPE_CHECKING:
    from sim.clock import Clock
    from sim.core import Core
    from sim.metrics import Flows
    from sim.spec.start_loans import Schedule, StartLoans


def schedule_value(schedule: Schedule, year: int) -> float:
    """The value of a number-or-schedule for ``year``."""
    if isinstance(schedule, dict):
        return float(schedule.get(year, 0.0))
    return float(schedule)


# ---------------------------------------------------------------- runtime
class Candidate:
    """A household (or an outside applicant) waiting for the start-loan decision team."""

    __slots__ = (
        "direct",
        "from_list",
        "hh",
        "income",
        "last_loan",
        "persons",
        "queued_at",
        "reserved",
        "size_class",
        "u_purchase",
        "u_time",
    )

    def __init__(
        self,
        hh: Household | None,
        queued_at: float,
        direct: bool = False,
        income: float = 0.0,
        persons: int = 1,
        size_class: int = 0,
        u_purchase: float = 0.5,
        u_time: float = 0.5,
        reserved: bool = False,
        from_list: bool = False,
    ) -> None:
        self.hh = hh
        # put forward because the household is on the waiting list: moot once it is not
        self.from_list = from_list
        self.reserved = reserved  # of a group with a reserved share of the budget
        self.queued_at = queued_at
        self.direct = direct
        self.income = income
        self.persons = persons
        self.size_class = size_class
        self.u_purchase = u_purchase
        self.u_time = u_time
        self.last_loan = 0.0  # loan needed at the last assessment (prices only rise)


QueueItem = tuple[float, int, Candidate]


class StartLoanOffice:
    """The start-loan scheme inside a running model: who is put before the monthly decision
    team, the team's meetings, the yearly budget and the loan portfolio (a component)."""

    def __init__(self, core: Core, spec: StartLoans) -> None:
        self.core = core
        # the clock and collectors, typed: the compiled component reads them as C fields
        self.env: Clock = core.env
        self.flows: Flows = core.flows
        self.spec = spec
        self.queue: list[QueueItem] = []
        self._seq = 0
        self.year = -1
        self.budget_left = 0.0
        self.grant_left = 0.0
        self.carry = 0.0
        # loans: (granted day, amount, default day)
        self.loans: list[tuple[float, float, float]] = []
        self.reserved: dict[str, float] = dict(spec.reserved_share_by_group)
        self.reserved_used: dict[str, float] = {}
        self.budget_year_total = 0.0
        self.budgets_granted = 0.0  # the yearly budgets opened so far (NOK of each year)
        self._held = 0.0
        self._october = math.inf  # set with each year's budget (see _open_year)
        self.rules = LoanRules(spec)
        self._rejections = core.flows.counter("start_loan_rejections")
        self.from_list: bool = spec.consider_waiting_list
        self.events = 0
        self._direct: list[tuple[float, float, int, list[float]]] = []
        self._direct_pos = 0
        self._survey_year = -1

    # ---------------------------------------------------------------- who is assessed
    def enqueue(self, hh: Household, due: float, reuse: Candidate | None = None) -> None:
        """Put ``hh`` before the team from ``due``: as a waiting-list household if it is on
        the list, else as a tenant (renewal review, survey); ``reuse`` recycles a finished
        candidate of the household."""
        if hh.loan_pending:
            return
        k = hh.n_loan_apps
        hh.n_loan_apps = k + 1
        u_purchase, u_time = fate(hh.row, Slot.LOAN_PURCHASE, k), fate(hh.row, Slot.LOAN_TIMING, k)
        if reuse is None:
            cand = Candidate(
                hh,
                due,
                u_purchase=u_purchase,
                u_time=u_time,
                reserved=hh.group in self.reserved,
                from_list=hh.on_list,
            )
        else:  # a finished candidate of this household, as new
            cand = reuse
            cand.queued_at, cand.u_purchase, cand.u_time, cand.last_loan = due, u_purchase, u_time, 0.0
            cand.from_list = hh.on_list
        self._push(cand, due)

    def on_join_list(self, hh: Household, now: float) -> None:
        """A household joins the waiting list: assess it for a start loan if the scheme says so."""
        if self.from_list:
            self.enqueue(hh, now)

    def _push(self, cand: Candidate, due: float) -> None:
        self._seq += 1
        heappush(self.queue, (due, self._seq, cand))

    def _requeue(self, hh: Household, due: float, reuse: Candidate | None = None) -> None:
        """A household not granted a loan is assessed again later if still waiting (or held
        over at the end of its lease, when it now leaves)."""
        if hh.holdover and hh.state == TENANT:
            hh.holdover = False
            self.core.leave_at_lease_end(hh)
            return
        if hh.on_list and self.from_list:
            self.enqueue(hh, due, reuse)

    # ---------------------------------------------------------------- meetings
    def start(self) -> None:
        """Draw the outside applicants (own stream) and register the monthly meetings."""
        c = self.core
        spec = self.spec
        gen = stream(c.seed, c.rep, "start_loans:direct")
        t = arrival_times(spec.direct_applicants_per_1000_per_year, c.population, gen)
        n = len(t)
        incomes = spec.direct_income_median_nok_per_year * np.exp(
            spec.direct_income_sd_log * gen.standard_normal(n)
        )
        persons = gen.choice([1, 2, 3, 4], size=n, p=[0.45, 0.25, 0.18, 0.12])
        us = gen.random((n, 2))
        self._direct = list(zip(t.tolist(), incomes.tolist(), persons.tolist(), us.tolist(), strict=True))
        self._direct_pos = 0
        self._survey_year = -1
        self.env.call_in(15.0, self._meeting_day)

    def _meeting_day(self) -> None:
        self.events += 1
        c = self.core
        spec = self.spec
        now = self.env.now
        direct, pos = self._direct, self._direct_pos
        size_class = c.samplers[0].size_class
        while pos < len(direct) and direct[pos][0] <= now:
            td, inc, pers, (u1, u2) = direct[pos]
            pos += 1
            cand = Candidate(
                None,
                td,
                direct=True,
                income=inc,
                persons=int(pers),
                size_class=size_class(int(pers)),
                u_purchase=u1,
                u_time=u2,
            )
            self._push(cand, td)
        self._direct_pos = pos
        y = c.year_now
        if spec.systematic_survey and self._survey_year != y:
            self._survey_year = y
            for hh in list(c.alive.values()):
                if hh.state == TENANT and hh.dwelling is not None and hh.dwelling.kind != TILVISNING:
                    self.enqueue(hh, now)
        self.meeting()
        self.env.call_in(spec.meeting_interval_days, self._meeting_day)

    def _open_year(self, y: int) -> None:
        spec = self.spec
        cal_year = self.core.years[y]
        new = schedule_value(spec.budget_nok_per_year, cal_year) * self._budget_index(y)
        self.budgets_granted += new
        self.carry = self.budget_left if (spec.rollover_unspent and self.year >= 0) else 0.0
        self.budget_left = new + self.carry
        self.budget_year_total = self.budget_left
        self.grant_left = schedule_value(spec.settlement_grant_budget_nok_per_year, cal_year)
        self.reserved_used = {}
        self.year = y
        # reservations are released from October: the day October 1 of this year begins
        self._october = float((dt.date(cal_year, 10, 1) - self.core.cal.start).days)

    def _budget_index(self, y: int) -> float:
        """The growth of a budget given in first-year NOK by the start of year ``y``."""
        spec = self.spec
        if spec.budget_indexation == "none":
            return 1.0
        sc = self.core.sc
        growth = (
            sc.stock_prices.price_growth_per_year
            if spec.budget_indexation == "dwelling_prices"
            else sc.costs.cost_growth_per_year
        )
        index: float = (1.0 + growth) ** (self.core.year_bounds[y] / DAYS_PER_YEAR)
        return index

    def meeting(self) -> None:
        """Assess every candidate due by now, grant loans until the year's budget is used."""
        c = self.core
        now = self.env.now
        y = c.year_now
        if y != self.year:
            self._open_year(y)
        due: list[QueueItem] = []
        queue = self.queue
        while queue and queue[0][0] <= now:
            due.append(heappop(queue))
        if not due:
            return  # nobody to assess this month
        # in order of application (the heap's order), reserved groups first until October
        late = now >= self._october
        reserved = self.reserved
        if reserved and not late:
            first = [it for it in due if it[2].reserved]
            if first:
                due = first + [it for it in due if not it[2].reserved]
        deferred: list[QueueItem] = []
        self._held = self._reserved_held(late)
        prices = c.prices_at(now)
        # no loan can be smaller than this: once the budget is below it, defer the rest unassessed
        smallest = min(prices) * (1.0 - self.spec.equity_share_of_price)
        smallest -= self.spec.settlement_grant_max_nok
        exited = EXITED
        for item in due:
            cand = item[2]
            hh = cand.hh
            if hh is not None and (
                hh.state == exited
                or hh.loan_pending
                or (cand.from_list and not hh.on_list)
                or (not cand.from_list and hh.state != TENANT)
            ):
                # no longer a candidate: left, already approved, housed meanwhile (a waiting
                # household), or no longer a tenant (evicted after its renewal review)
                continue
            left = self.budget_left
            if left <= 0 or left < smallest:
                deferred.append(item)  # not enough budget left for any loan: wait, unassessed
                continue
            if cand.last_loan > (left if cand.reserved else left - self._held):
                deferred.append(item)  # not enough budget left for this loan
                continue
            self._assess(cand, now, y, deferred, item, prices)
        # with the year's budget spent, the deferred wait for next year's budget, not next month
        exhausted = self.budget_left < smallest
        bounds = c.year_bounds
        next_year = bounds[min(y + 1, len(bounds) - 1)]
        for due_at, seq, cand in deferred:
            if cand.direct and now - cand.queued_at > self.spec.queue_days_direct:
                continue  # the outside applicant gives up
            heappush(self.queue, (max(due_at, next_year) if exhausted else due_at, seq, cand))

    def _reserved_held(self, late: bool) -> float:
        """Budget still held for reserved groups (released from October)."""
        if late or not self.reserved:
            return 0.0
        return sum(
            max(self.reserved[g] * self.budget_year_total - self.reserved_used.get(g, 0.0), 0.0)
            for g in self.reserved
        )

    def _budget_for(self, cand: Candidate) -> float:
        """Budget this candidate may draw on, respecting other groups' reservations."""
        if cand.reserved:
            return self.budget_left
        return self.budget_left - self._held

    def _assess(
        self,
        cand: Candidate,
        now: float,
        y: int,
        deferred: list[QueueItem],
        item: QueueItem,
        prices: list[float],
    ) -> None:
        c = self.core
        hh = cand.hh
        if hh is not None:
            a = self.rules.granted(c.income_of(hh, now), hh.persons, prices[hh.size_class], self.grant_left)
        else:
            a = self.rules.granted(cand.income, cand.persons, prices[cand.size_class], self.grant_left)
        if a is None:
            self._rejections[y] += 1.0
            if hh is not None:
                # the candidate is done with: the household's next application reuses it
                self._requeue(hh, now + self.spec.reassess_after_days, cand)
            return
        if a.loan > self._budget_for(cand):
            cand.last_loan = a.loan
            deferred.append(item)
            return
        self.budget_left -= a.loan
        self.grant_left -= a.grant
        if cand.reserved and hh is not None:
            self.reserved_used[hh.group] = self.reserved_used.get(hh.group, 0.0) + a.loan
            self._held = self._reserved_held(False)
        self.flows.add("start_loan_approvals", y)
        p = self.spec.purchase_success_probability
        if hh is not None:
            p = self.spec.purchase_success_by_group.get(hh.group, p)
            hh.loan_pending = True
        valid = self.spec.approval_valid_days
        if cand.u_purchase < p:
            self.env.call_in(valid * cand.u_time, self._purchase, cand, a, y)
        else:
            self.env.call_in(valid, self._lapse, cand, a, y)

    def _purchase(self, cand: Candidate, a: Assessment, approval_year: int) -> None:
        c = self.core
        now = self.env.now
        y = c.year_now
        hh = cand.hh
        if hh is not None:
            hh.loan_pending = False
            if hh.state == EXITED:  # left another way meanwhile
                self._refund(a, approval_year)
                return
            # a successful buyer frees the municipal dwelling or leaves the waiting list
            if hh.state == TENANT:
                c.vacate(hh)
            c.exit(hh, "start_loan")
        else:
            self.flows.add("start_loans_direct", y)
        self.flows.add("start_loans", y)
        self.flows.add("start_loan_nok", y, a.loan)
        if a.grant > 0:
            self.flows.add("settlement_grants", y)
            self.flows.add("settlement_grant_nok", y, a.grant)
        u = cand.u_purchase / max(self.spec.purchase_success_probability, 1e-12)
        rate = self.spec.default_probability_per_year
        # default time drawn once from the candidate's own uniform (re-scaled)
        t_default = (
            -math.log(max(1.0 - min(u, 1 - 1e-12), 1e-300)) / rate * DAYS_PER_YEAR if rate > 0 else math.inf
        )
        self.loans.append((now, a.loan, now + t_default))

    def _lapse(self, cand: Candidate, a: Assessment, approval_year: int) -> None:
        c = self.core
        self.flows.add("start_loan_lapsed", c.year_now)
        self._refund(a, approval_year)
        if cand.hh is not None:
            cand.hh.loan_pending = False
            self._requeue(cand.hh, self.env.now + self.spec.reassess_after_days)

    def _refund(self, a: Assessment, approval_year: int) -> None:
        if self.year == approval_year:
            self.budget_left += a.loan
            self.grant_left += a.grant

    # ------------------------------------------------------------ portfolio
    def portfolio(self, year_ends: list[float]) -> tuple[list[float], list[float], list[float]]:
        """Outstanding balance at each year end, losses and state-covered losses per year.

        Computed over all loans at once (:func:`balance_after`, vectorised): a replication
        grants hundreds of loans and the horizon has dozens of year ends.
        """
        spec = self.spec
        n = len(year_ends)
        if not self.loans or n == 0:
            return [0.0] * n, [0.0] * n, [0.0] * n
        granted, amount, default_at = (np.asarray(c, dtype=float) for c in zip(*self.loans, strict=True))
        ends = np.asarray(year_ends, dtype=float)
        # balance of each loan (row) at each year end (column) while granted and not defaulted
        live = (ends[None, :] > granted[:, None]) & (ends[None, :] < default_at[:, None])
        years = np.maximum(ends[None, :] - granted[:, None], 0.0) / DAYS_PER_YEAR
        balance = np.where(live, balances(amount[:, None], spec, years), 0.0).sum(axis=0)
        losses = np.zeros(n)
        defaulted = default_at < ends[-1]
        if defaulted.any():
            when = np.searchsorted(ends, default_at[defaulted], side="left")  # first end >= default
            owed = balances(amount[defaulted], spec, (default_at - granted)[defaulted] / DAYS_PER_YEAR)
            np.add.at(losses, when, owed * spec.loss_given_default_share)
        state = losses * spec.state_loss_share
        return balance.tolist(), losses.tolist(), state.tolist()
