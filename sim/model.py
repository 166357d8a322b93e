"""The model: one replication of households flowing through the municipal stock.

SimPy keeps the clock (:class:`sim.clock.Clock`). Per household there are only a handful of
scheduled events (arrival, the next of lease review/expiry and the competing hazards, a
homeless transition, a waiting-list event), each a plain call on SimPy's queue; batch work
(assessment, allocation, start loans, the rental broker) happens in periodic meetings. A
household's pending event is cancelled lazily: every state change bumps its ``epoch`` and
a callback whose epoch is stale does nothing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

import numpy as np

from sim.calendar import DAYS_PER_YEAR, Calendar, year_index
from sim.catalog import PATHS
from sim.clock import Clock, heappop, heappush
from sim.demography import arrival_times, population_series
from sim.distributions import exponential_time
from sim.dwellings import LEASED, OWNED, RENT_TO_OWN, SIZE_NAMES, TILVISNING, Acquisition, Dwelling, Stock
from sim.errors import InvariantError
from sim.follow_up import FollowUpTeam
from sim.households import (
    AFTER_EVICTION,
    APPLICANT,
    AWAITING_DECISION,
    EXITED,
    HOMELESS_OTHER,
    HOMELESS_TEMP,
    N_STATES,
    NOT_APPROVED,
    ON_LIST,
    SUPPORTED,
    TENANT,
    WAITING,
    AttributeSampler,
    Household,
    Slot,
    State,
    fate,
    is_homeless,
)
from sim.income import income_at
from sim.initial_state import InitialSituation
from sim.metrics import Flows, Levels
from sim.private_rental import PrivateMarket
from sim.rent_to_own import RentToOwnScheme
from sim.rng import FateBlocks, stream
from sim.staffed_housing import StaffedHousingUnit
from sim.start_loans import StartLoanOffice
from sim.stock_plan import StockPlan
from sim.tenancies import (
    EVICTION,
    EXIT_ROUTE,
    INDEFINITE,
    MOVE_OUT,
    Decision,
    EndKind,
    first_hazard,
    hazard_rates,
    income_limit,
    lease_period_slots,
    renewal_decision,
)
from sim.tilvisning import TilvisningAgreements
from sim.waiting_list import WaitingList, choose_household, fitting_needs, priority_rule

if TYPE_CHECKING:
    from sim.scenario import Scenario

MUNICIPAL_KINDS: Final = (OWNED, LEASED, RENT_TO_OWN)


class Model:
    """Owns the environment, the stock, the waiting list and the collectors, keeps the
    household life cycle, and wires the instruments (components, see :mod:`sim.core`)."""

    # :meth:`release` deletes these (a compiled class allows ``del`` only of names listed here)
    __deletable__ = (
        "initial",
        "follow_up",
        "loans",
        "market",
        "stock_plan",
        "tilvisning",
        "rent_to_own",
        "staffed",
    )

    def __init__(self, scenario: Scenario, seed: int, replication: int, event_log: bool = False):
        self.sc = scenario
        self.seed = int(seed)
        self.rep = int(replication)
        self.cal = Calendar(scenario.start_date, scenario.end_date)
        self.horizon = self.cal.horizon
        self.env = Clock(0.0, end=self.horizon)
        # the hot paths schedule through the clock directly (one call less per event)
        self._at = self.env.call_in
        self.month_bounds = self.cal.month_bounds()
        self.year_bounds = self.cal.year_bounds()
        self.month_year = self.cal.month_year_index()
        self.years = self.cal.years()
        self._year_i, self._year_lo, self._year_hi = 0, math.inf, -math.inf  # empty: first call fills
        self.year_now = 0  # index of the year of ``env.now`` (kept by :meth:`_new_year` events)
        n_months = len(self.month_bounds) - 1
        self.group_names = list(scenario.groups)
        self.groups = [scenario.groups[g] for g in self.group_names]
        self.flows = Flows(len(self.year_bounds) - 1)
        # hot counters held directly (``self.F_ARRIVALS[year] += 1.0`` costs no call), the
        # per-group ones ("arrivals|refugees", ...) as one list per group
        c = self.flows.counter
        keys = {
            k: [f"{k}|{g}" for g in self.group_names]
            for k in ("arrivals", "approvals", "allocations", "evictions", "temp_persons_distinct")
        }
        self.F_ARRIVALS, self.F_APPROVALS = c("arrivals"), c("approvals")
        self.F_REJECTIONS, self.F_ALLOCATIONS = c("rejections"), c("allocations")
        self.F_MOVE_OUTS, self.F_RENEWALS = c("move_outs"), c("renewals")
        self.F_WAIT_SUM, self.F_WAIT_N = c("wait_days_sum"), c("wait_n")
        self.F_PROMISE_DUE, self.F_PROMISE_BROKEN = c("promise_due"), c("promise_broken")
        self.F_TEMP_DISTINCT = c("temp_persons_distinct")
        self.F_STAYS_ENDED, self.F_STAY_DAYS_ENDED = c("temp_stays_ended"), c("temp_stay_days_ended")
        self.FG_ARRIVALS, self.FG_APPROVALS, self.FG_ALLOCATIONS, self.FG_TEMP_DISTINCT = (
            [c(k) for k in keys[n]] for n in ("arrivals", "approvals", "allocations", "temp_persons_distinct")
        )
        self.K_EVICTIONS = keys["evictions"]
        self._exit_keys: dict[tuple[int, str], tuple[str, str, str]] = {}
        self.samplers = [AttributeSampler(g, scenario.allocation) for g in self.groups]
        self.fates = [
            FateBlocks(stream(seed, replication, f"fates:{g}"), Slot.WIDTH) for g in self.group_names
        ]
        self.stock = Stock(scenario.dwelling_types)
        alloc = scenario.allocation
        self.continuous = alloc.meeting_interval_days == 0
        # the decision teams: each assesses and allocates one kind of dwelling (services or not)
        self.team_names = list(alloc.teams)
        self.team_services = [alloc.teams[n].allocates == "with_services" for n in self.team_names]
        self.team_intervals = [alloc.interval(n) for n in self.team_names]
        self.team_of = {sv: self.team_services.index(sv) for sv in (False, True)}
        self.team_needs = [[(s, sv) for s in (2, 1, 0)] for sv in self.team_services]
        self.key_fn = priority_rule(scenario.allocation.priority_rule)
        needs = [(s, sv) for s in range(3) for sv in (False, True)]
        self.wl = WaitingList(needs)
        allow_larger = scenario.allocation.allow_larger_dwelling
        self.fit = {n: fitting_needs(n[0], n[1], allow_larger) for n in needs}
        self.needs_without_services = [n for n in needs if not n[1]]
        # dwellings a household can be housed in: exact fit first, then larger ones
        self.fit_up = {n: [(s, n[1]) for s in range(n[0], 3)] if allow_larger else [n] for n in needs}
        # durations drawn by inversion, typed as the floats they return (a compiled model
        # then does the arithmetic on them unboxed)
        self.lease_draw: Callable[[float], float] = scenario.tenancy.lease.sampler()
        self.lease_residual_draw = scenario.tenancy.lease.residual_sampler()
        self.turnaround_draw: Callable[[float], float] = scenario.tenancy.vacancy_turnaround.sampler()
        self.renovation_draw: Callable[[float], float] = scenario.stock_prices.renovation.sampler()
        self.reapply_draw: list[Callable[[float], float]] = [g.reapply_delay.sampler() for g in self.groups]
        self.promise = scenario.allocation.promise_days
        self.withdrawal_per_day = [g.withdrawal_rate_per_year / DAYS_PER_YEAR for g in self.groups]
        self.search_per_day = [g.private_rental_search_rate_per_year / DAYS_PER_YEAR for g in self.groups]
        self.long_stay = scenario.temporary_accommodation.long_stay_days
        self.notice = scenario.tenancy.renewal_notice_days
        policy = scenario.start_loans.consider_tenants_at_renewal
        self.review_for_loans_all, self.review_for_loans_leaving = policy == "all", policy == "leaving"
        # tenancy hazards per group, without and with follow-up (indexed by ``hh.follow_up``)
        follow_up_factor = 1.0 - scenario.follow_up.eviction_hazard_reduction
        self.hazards = [(hazard_rates(g), hazard_rates(g, follow_up_factor)) for g in self.groups]
        self.temp_units_free = scenario.temporary_accommodation.municipal_units
        self.has_temp_units = self.temp_units_free > 0
        # the regional low-threshold offer: places used after municipal units, before hospits
        ro = scenario.regional_offer
        self.regional_free = 0  # opens on 1 January of its first year
        self.has_regional = ro.places > 0 and ro.from_year <= scenario.end_date.year
        # households in hospits without a municipal unit, longest there first
        self.temp_unit_queue: list[tuple[float, int, int, Household]] = []
        self.settlement_group = (
            self.group_names.index(scenario.refugee_settlement.group)
            if scenario.refugee_settlement.households_by_year
            else -1
        )
        self.initial_owned = self.stock.by_kind[OWNED]
        # dwellings bought or built during the horizon, with what they cost (the accounting)
        self.acquisitions: list[Acquisition] = []
        # collectors
        level_names = [
            "waiting_list",
            "homeless_persons",
            "homeless_households",
            "temp_households",
            "temp_persons_red_light",
            "unit_persons",
            "regional_persons",
            "staffed_persons",
            *(f"homeless_persons|path:{p}" for p in PATHS),
            *(f"temp_persons|path:{p}" for p in PATHS),
            "occupied",
            "stock",
            "stock_owned",
            "stock_leased",
            "stock_tilvisning",
            "stock_rent_to_own",
            "rent_nok_per_day",
            "lease_rent_nok_per_day",
            "follow_up",
            *(f"temp_persons|{g}" for g in self.group_names),
            *(f"waiting_list|{g}" for g in self.group_names),
            *(f"homeless_persons|{g}" for g in self.group_names),
        ]
        self.levels = Levels(level_names, n_months)
        li = self.levels.index
        self.L_WL, self.L_HP, self.L_HH = (
            li["waiting_list"],
            li["homeless_persons"],
            li["homeless_households"],
        )
        self.L_TH, self.L_OCC, self.L_STOCK = li["temp_households"], li["occupied"], li["stock"]
        self.L_TRL, self.L_UNIT = li["temp_persons_red_light"], li["unit_persons"]
        self.L_REGIONAL = li["regional_persons"]
        self.L_KIND = {k: li[f"stock_{k}"] for k in (OWNED, LEASED, TILVISNING, RENT_TO_OWN)}
        self.L_RENT, self.L_LEASE_RENT = li["rent_nok_per_day"], li["lease_rent_nok_per_day"]
        self.L_TP = [li[f"temp_persons|{g}"] for g in self.group_names]
        # the pathway account: homeless and hospits persons by where they stand (PATHS)
        self.L_HP_PATH = [li[f"homeless_persons|path:{p}"] for p in PATHS]
        self.L_TP_PATH = [li[f"temp_persons|path:{p}"] for p in PATHS]
        self.L_WLG = [li[f"waiting_list|{g}"] for g in self.group_names]
        self.L_HPG = [li[f"homeless_persons|{g}"] for g in self.group_names]
        names = [st.name.lower() for st in State]
        # _transition_keys[old][new] ("state:waiting>tenant"); index -1 marks today's situation
        self._transition_keys = [[f"state:{a}>{b}" for b in names] for a in names] + [
            [f"state:initial>{b}" for b in names]
        ]
        self._initial_phase = False
        prices = scenario.stock_prices
        self.tenant_rent_per_day = [
            prices.tenant_rent_nok_per_year_by_size[s] / DAYS_PER_YEAR for s in SIZE_NAMES
        ]
        self.lease_rent_per_day = [
            prices.lease_rent_nok_per_year_by_size[s] / DAYS_PER_YEAR for s in SIZE_NAMES
        ]
        self.state_counts = [0] * N_STATES
        self.alive: dict[int, Household] = {}
        self.n_created = 0
        self.n_exited = 0
        self.pending: list[list[Household]] = [[] for _ in self.team_names]  # by team
        self.in_temp: dict[int, Household] = {}
        self.temp_distinct_total = 0.0
        self.temp_stays = 0  # stays in temporary accommodation begun (for Little's law)
        self.temp_stay_days = 0.0  # their days inside the horizon
        self.log: list[tuple[float, int, str, str, int]] | None = [] if event_log else None
        # housing careers (first-touch order is the output's order)
        self.careers: defaultdict[str, float] = defaultdict(float)
        self.events = 0
        # the instruments, each a component that reaches the model only through sim.core.Core
        self.initial = InitialSituation(self)
        self.follow_up = FollowUpTeam(self, scenario.follow_up)
        self.loans = StartLoanOffice(self, scenario.start_loans)
        self.market = PrivateMarket(self, scenario.private_rental)
        self.stock_plan = StockPlan(self)
        self.tilvisning = TilvisningAgreements(self)
        self.rent_to_own = RentToOwnScheme(self)
        self.staffed = StaffedHousingUnit(self, scenario.staffed_housing)
        # decision teams' last meetings (advance notice: was a release assessed before it came?)
        self.team_last_meeting = [-math.inf] * len(self.team_names)
        notice = scenario.advance_notice
        self.release_share = [notice.release_share_by_group.get(g, 0.0) for g in self.group_names]
        self.notified_share = notice.notified_share
        self.notice_days = notice.days_ahead
        self.held_for: list[Household] = []  # releases a dwelling will be held for
        self.not_approved_policy = scenario.allocation.not_approved_homeless
        self.refer_approved = scenario.staffed_housing.refer_approved and scenario.staffed_housing.places > 0

    # ------------------------------------------------------------------ helpers
    def schedule(self, delay: float, fn: Callable[..., Any], *args: Any) -> None:
        """Call ``fn(*args)`` after ``delay`` days, unless that is at or past the horizon."""
        self.env.call_in(delay, fn, *args)

    def _year(self, t: float) -> int:
        # almost every call asks about the current year: answer from the cached interval
        if self._year_lo <= t < self._year_hi:
            return self._year_i
        b = self.year_bounds
        i = year_index(b, t)
        self._year_i = i
        self._year_lo = b[i] if i > 0 else -math.inf
        self._year_hi = b[i + 1] if i < len(b) - 2 else math.inf
        return i

    def _year_events(self) -> None:
        # Scheduled before anything else, so at a year boundary they come first among
        # the events of that instant: every handler sees year_now == _year(env.now).
        b = self.year_bounds
        for i in range(1, len(b) - 1):
            self._at(b[i], self._new_year, i)

    def _new_year(self, i: int) -> None:
        self.year_now = i

    def price(self, size_class: int, t: float) -> float:
        """Second-hand price of a dwelling of ``size_class`` at time ``t``."""
        p = self.sc.stock_prices
        price: float = p.price_nok_by_size[SIZE_NAMES[size_class]] * (1.0 + p.price_growth_per_year) ** (
            t / DAYS_PER_YEAR
        )
        return price

    def prices_at(self, t: float) -> list[float]:
        """:meth:`price` of every size class at time ``t`` (one power for the three)."""
        p = self.sc.stock_prices
        growth: float = (1.0 + p.price_growth_per_year) ** (t / DAYS_PER_YEAR)
        return [p.price_nok_by_size[name] * growth for name in SIZE_NAMES]

    def income_of(self, hh: Household, t: float) -> float:
        """The household's income at time ``t``."""
        return income_at(hh.income_base, hh.arrived, hh.employed_from, self.groups[hh.group_index].income, t)

    def events_total(self) -> int:
        """Events processed by the model and its components."""
        parts = (self.loans, self.market, self.stock_plan, self.tilvisning, self.rent_to_own, self.staffed)
        return self.events + sum(c.events for c in parts)

    def _log(self, hh: Household, event: str, dwelling: Dwelling | None = None) -> None:
        if self.log is not None:
            self.log.append(
                (self.env.now, hh.hid, event, hh.group, dwelling.did if dwelling is not None else -1)
            )

    def career(self, key: str) -> None:
        self.careers[key] += 1.0

    # ------------------------------------------------------------------ state changes
    def set_state(self, hh: Household, new: int) -> None:
        """Move ``hh`` to ``new``, keeping counts and the homeless/temporary levels."""
        now = self.env.now
        old = hh.state
        lv = self.levels
        if is_homeless(old) and not is_homeless(new):
            lv.add2(self.L_HP, -hh.persons, self.L_HPG[hh.group_index], -hh.persons, now)
            lv.add2(self.L_HH, -1, self.L_HP_PATH[hh.path], -hh.persons, now)
        elif is_homeless(new) and not is_homeless(old):
            lv.add2(self.L_HP, hh.persons, self.L_HPG[hh.group_index], hh.persons, now)
            hh.path = self._path_of(hh)
            lv.add2(self.L_HH, 1, self.L_HP_PATH[hh.path], hh.persons, now)
        if new != EXITED:
            # housing careers as transitions between states (the dashboard's Sankey)
            key = self._transition_keys[-1 if self._initial_phase and old == APPLICANT else old][new]
            self.careers[key] += 1.0
        if old == HOMELESS_TEMP and new != HOMELESS_TEMP:
            self._temp_leave(hh, now)
        elif new == HOMELESS_TEMP and old != HOMELESS_TEMP:
            self._temp_enter(hh, now)
        self.state_counts[old] -= 1
        self.state_counts[new] += 1
        hh.state = new
        hh.epoch += 1
        if old == SUPPORTED:
            self.staffed.release(hh)

    @staticmethod
    def _path_of(hh: Household) -> int:
        """Where a homeless household stands: awaiting a decision, approved on the list, not
        approved (rejected, or its approval voided by a refusal), or evicted and not applied
        again since."""
        if hh.pending:
            return AWAITING_DECISION
        if hh.on_list:
            return ON_LIST
        return AFTER_EVICTION if hh.evicted_unapplied else NOT_APPROVED

    def _path_update(self, hh: Household) -> None:
        """Keep the pathway account: a homeless household whose standing changed moves between
        the pathway levels (its hospits persons too)."""
        if not is_homeless(hh.state):
            return
        p = self._path_of(hh)
        if p == hh.path:
            return
        now = self.env.now
        self.levels.add2(self.L_HP_PATH[hh.path], -hh.persons, self.L_HP_PATH[p], hh.persons, now)
        if hh.state == HOMELESS_TEMP:
            self.levels.add2(self.L_TP_PATH[hh.path], -hh.persons, self.L_TP_PATH[p], hh.persons, now)
        hh.path = p

    def _temp_enter(self, hh: Household, now: float) -> None:
        hh.temp_since = now
        self.temp_stays += 1
        self.levels.add2(self.L_TP[hh.group_index], hh.persons, self.L_TH, 1, now)
        self.levels.add(self.L_TP_PATH[hh.path], hh.persons, now)
        if hh.red_light:
            self.levels.add(self.L_TRL, hh.persons, now)
        if self.temp_units_free > 0:
            self.temp_units_free -= 1
            hh.temp_unit = True
            self.levels.add(self.L_UNIT, hh.persons, now)
        elif self.regional_free > 0:
            self.regional_free -= 1
            hh.temp_regional = True
            self.levels.add(self.L_REGIONAL, hh.persons, now)
        elif self.has_temp_units or self.has_regional:
            heappush(self.temp_unit_queue, (now, hh.hid, hh.epoch, hh))
        self.in_temp[hh.hid] = hh
        y = self.year_now
        if hh.temp_year != y:
            hh.temp_year = y
            self.F_TEMP_DISTINCT[y] += hh.persons
            self.FG_TEMP_DISTINCT[hh.group_index][y] += hh.persons
        if not hh.ever_temp:
            hh.ever_temp = True
            self.temp_distinct_total += hh.persons
            self.careers["temporary"] += 1.0

    def backdate_temp_stay(self, hh: Household, since: float) -> None:
        """Today's situation: ``hh`` has been in hospits since ``since`` (before day 0)."""
        hh.temp_since = since
        if (self.has_temp_units or self.has_regional) and not hh.temp_unit and not hh.temp_regional:
            # its queue entry carries the old start; the stale one is dropped when it surfaces
            heappush(self.temp_unit_queue, (since, hh.hid, hh.epoch, hh))

    def _temp_leave(self, hh: Household, now: float) -> None:
        self.levels.add2(self.L_TP[hh.group_index], -hh.persons, self.L_TH, -1, now)
        self.levels.add(self.L_TP_PATH[hh.path], -hh.persons, now)
        if hh.red_light:
            self.levels.add(self.L_TRL, -hh.persons, now)
        del self.in_temp[hh.hid]
        self._count_long_stay(hh, now)
        stay = now - max(hh.temp_since if hh.temp_since is not None else now, 0.0)
        self.temp_stay_days += stay
        y = self.year_now
        self.F_STAYS_ENDED[y] += 1.0
        self.F_STAY_DAYS_ENDED[y] += stay
        hh.temp_since = None
        if hh.temp_unit:
            hh.temp_unit = False
            self.levels.add(self.L_UNIT, -hh.persons, now)
            self.temp_units_free += 1
            self._fill_from_hospits(now)
        elif hh.temp_regional:
            hh.temp_regional = False
            self.levels.add(self.L_REGIONAL, -hh.persons, now)
            self.regional_free += 1
            self._fill_from_hospits(now)

    def _fill_from_hospits(self, now: float) -> None:
        """The households longest in hospits move into the free municipal units, then into
        the free regional places (entries of households that left or were placed meanwhile
        are dropped as they surface)."""
        q = self.temp_unit_queue
        while q and (self.temp_units_free > 0 or self.regional_free > 0):
            since, hid, _, nxt = heappop(q)
            if hid not in self.in_temp or nxt.temp_unit or nxt.temp_regional or nxt.temp_since != since:
                continue
            if self.temp_units_free > 0:
                self.temp_units_free -= 1
                nxt.temp_unit = True
                self.levels.add(self.L_UNIT, nxt.persons, now)
            else:
                self.regional_free -= 1
                nxt.temp_regional = True
                self.levels.add(self.L_REGIONAL, nxt.persons, now)

    def _open_regional_offer(self) -> None:
        """The regional offer opens: its places go to those longest in hospits."""
        self.events += 1
        self.regional_free = self.sc.regional_offer.places
        self._fill_from_hospits(self.env.now)

    def _count_long_stay(self, hh: Household, now: float) -> None:
        since = hh.temp_since if hh.temp_since is not None else now
        if now - since > self.long_stay:
            self.flows.add("temp_stays_over_3_months", self._year(max(since + self.long_stay, 0.0)))

    def new_household(self, g: int, gidx: int, row: Sequence[float]) -> Household:
        hh = Household(self.n_created, self.group_names[g], g, gidx, row)
        hh.arrived = self.env.now
        self.n_created += 1
        self.alive[hh.hid] = hh
        self.state_counts[APPLICANT] += 1
        return hh

    def exit(self, hh: Household, route: str) -> None:
        now = self.env.now
        if hh.on_list:
            self._leave_list(hh, now, housed=False)
        keys = self._exit_keys.get((hh.state, route))
        if keys is None:
            keys = self._exit_keys[(hh.state, route)] = (
                f"state:{State(hh.state).name.lower()}>exit:{route}",
                f"exits|{route}",
                f"exit:{route}",
            )
        career, flow, exit_key = keys
        self.careers[career] += 1.0
        self.set_state(hh, EXITED)
        hh.pending = False
        hh.exit_route = route
        self.flows.add(flow, self.year_now)
        self.n_exited += 1
        self.careers[exit_key] += 1.0
        if self.log is not None:
            self._log(hh, exit_key)
        del self.alive[hh.hid]
        hh.row = ()  # free the fate row (an exited household draws nothing more)

    # ------------------------------------------------------------------ arrivals
    def _arrivals(self) -> None:
        pop = self.population
        times, groups, idx = [], [], []
        for g, spec in enumerate(self.groups):
            gen = stream(self.seed, self.rep, f"arrivals:{self.group_names[g]}")
            if g == self.settlement_group:
                t = self._quota_times(self.sc.refugee_settlement.households_by_year, gen)
            else:
                t = arrival_times(spec.arrival_rate_per_1000_per_year, pop, gen)
            times.append(t)
            groups.append(np.full(len(t), g, dtype=np.int64))
            idx.append(np.arange(len(t), dtype=np.int64))
        t_all = np.concatenate(times) if times else np.empty(0)
        g_all = np.concatenate(groups) if groups else np.empty(0, dtype=np.int64)
        i_all = np.concatenate(idx) if idx else np.empty(0, dtype=np.int64)
        order = np.lexsort((i_all, g_all, t_all))
        # typed lists (not ndarray.tolist()'s Any): the arrival handler indexes them per household
        self._arr_t: list[float] = t_all[order].tolist()
        self._arr_g: list[int] = g_all[order].tolist()
        self._arr_i: list[int] = i_all[order].tolist()
        self._arr_pos = 0
        self._schedule_next_arrival()

    def _quota_times(self, quota: dict[int, float], gen: np.random.Generator) -> np.ndarray:
        """Settlement days: each year's quota spread evenly, jittered within its slot."""
        out = []
        for i, year in enumerate(self.years):
            n_float = quota.get(year, 0.0)
            lo, hi = self.year_bounds[i], self.year_bounds[i + 1]
            n = math.floor(n_float + gen.random())  # fractional quotas: randomised rounding
            if n <= 0:
                continue
            slots = (np.arange(n) + gen.random(n)) / n
            out.append(lo + slots * (hi - lo))
        return np.concatenate(out) if out else np.empty(0)

    def _schedule_next_arrival(self) -> None:
        p = self._arr_pos
        if p < len(self._arr_t):
            self._at(self._arr_t[p] - self.env.now, self._on_arrival)

    def _on_arrival(self) -> None:
        self.events += 1
        p = self._arr_pos
        self._arr_pos = p + 1
        g, gidx = self._arr_g[p], self._arr_i[p]
        hh = self.new_household(g, gidx, self.fates[g].row(gidx))
        sampler = self.samplers[g]
        sampler.apply(hh)
        y = self.year_now
        self.F_ARRIVALS[y] += 1.0
        self.FG_ARRIVALS[g][y] += 1.0
        self.careers["arrival"] += 1.0
        if self.log is not None:
            self._log(hh, "arrival")
        if g == self.settlement_group:
            self._settle(hh)
        else:
            if sampler.is_acute(hh):
                self.careers["acute"] += 1.0
                in_temp = hh.row[Slot.HOSPITS] < self.groups[g].homelessness.hospits_share
                if self._notified_release(hh):
                    self._release_assessed_ahead(hh, in_temp)
                else:
                    self.become_homeless(hh, in_temp)
                    self.apply(hh)
            else:
                self.apply(hh)
        if p + 1 < len(self._arr_t):
            self._at(self._arr_t[p + 1] - self.env.now, self._on_arrival)

    def _notified_release(self, hh: Household) -> bool:
        """Whether ``hh`` comes from prison or treatment and the municipality heard of it in
        time for its team to assess it before the release (a meeting since the notice)."""
        g = hh.group_index
        if self.release_share[g] <= 0.0 or hh.row[Slot.RELEASE] >= self.release_share[g]:
            return False
        self.flows.add("releases", self.year_now)
        if hh.row[Slot.NOTICE] >= self.notified_share:
            return False
        team = self.team_of[hh.services]
        return self.continuous or self.env.now - self.team_last_meeting[team] <= self.notice_days

    def _release_assessed_ahead(self, hh: Household, in_temp: bool) -> None:
        """A release the team assessed before it came: approved, it takes a dwelling held for
        it (a fitting vacancy now), else waits on the list; either way it skips the wait for
        a decision."""
        self.flows.add("releases_assessed_ahead", self.year_now)
        hh.n_apps += 1
        g = self.groups[hh.group_index]
        if fate(hh.row, Slot.APPROVAL, hh.n_apps - 1) >= g.approval_probability:
            self.become_homeless(hh, in_temp)
            self._reject(hh)
            return
        self._approve(hh)
        if self._house_now(hh):
            self.flows.add("releases_housed_on_arrival", self.year_now)
            return
        if hh.state == EXITED:
            return
        self.become_homeless(hh, in_temp)
        self.held_for.append(hh)  # the next fitting dwelling to fall vacant is held for it
        self._refer_approved(hh)

    def _settle(self, hh: Household) -> None:
        """A settled refugee household: a dwelling ready, else a brokered rental, else hospits."""
        now = self.env.now
        hh.n_apps = 1
        hh.urgent = True
        self.F_APPROVALS[self.year_now] += 1.0
        self.FG_APPROVALS[hh.group_index][self.year_now] += 1.0
        self.careers["approved"] += 1.0
        self.join_list(hh, now)
        self.set_state(hh, WAITING)
        if not self.sc.refugee_settlement.ready_dwelling_required:
            self.waiting_events(hh)
            return
        if self._house_now(hh):
            return
        if hh.state == EXITED:
            return
        if self.market.broker_available() and self.market.broker_offer(hh):
            return
        if hh.state != EXITED:
            self.become_homeless(hh, True)

    # ------------------------------------------------------------------ assessment
    def apply(self, hh: Household) -> None:
        """``hh`` applies for a municipal dwelling: its team decides at its next meeting."""
        hh.n_apps += 1
        hh.pending = True
        hh.evicted_unapplied = False
        self._path_update(hh)
        if self.continuous:
            self._decide(hh)
        else:
            self.pending[self.team_of[hh.services]].append(hh)

    def _decide(self, hh: Household) -> None:
        hh.pending = False
        g = self.groups[hh.group_index]
        if fate(hh.row, Slot.APPROVAL, hh.n_apps - 1) >= g.approval_probability:
            self._reject(hh)
            return
        self._approve(hh)
        if self.continuous:
            self._house_now(hh)
        if is_homeless(hh.state):
            self._refer_approved(hh)

    def _reject(self, hh: Household) -> None:
        """The team does not approve ``hh``. A household with a roof over its head leaves; a
        homeless one stays homeless (NAV must still help) until it finds a solution of its
        own, unless the team's policy refers it to the broker or to staffed housing."""
        self.F_REJECTIONS[self.year_now] += 1.0
        if not is_homeless(hh.state) and hh.state != SUPPORTED:
            self.exit(hh, "rejected")
            return
        self._path_update(hh)
        if not is_homeless(hh.state):
            return
        policy = self.not_approved_policy
        if policy == "staffed_housing":
            self.staffed.refer(hh)
        elif policy == "broker" and self.market.broker_available():
            self.flows.add("not_approved_brokered", self.year_now)
            self.market.broker_offer(hh)

    def _approve(self, hh: Household) -> None:
        """The team approves ``hh`` (a tilsagn): it joins the waiting list."""
        y = self.year_now
        self.F_APPROVALS[y] += 1.0
        self.FG_APPROVALS[hh.group_index][y] += 1.0
        self.careers["approved"] += 1.0
        self.join_list(hh, self.env.now)
        if hh.state == APPLICANT:
            self.set_state(hh, WAITING)
            self.waiting_events(hh)

    def _refer_approved(self, hh: Household) -> None:
        """An approved homeless household of the staffed-housing groups waits there, not in
        hospits, if the scenario says so."""
        if self.refer_approved and hh.on_list:
            self.staffed.refer(hh)

    def join_list(self, hh: Household, approved_at: float) -> None:
        hh.approved_at = approved_at
        hh.priority = self.key_fn(hh.urgent, hh.children, approved_at)
        self.wl.push(hh, hh.priority)
        now = self.env.now
        self.levels.add2(self.L_WL, 1, self.L_WLG[hh.group_index], 1, now)
        if self.log is not None:
            self._log(hh, "waiting_list")
        if self.loans.from_list:
            self.loans.enqueue(hh, now)
        self._path_update(hh)

    def _leave_list(self, hh: Household, now: float, housed: bool) -> None:
        """Take ``hh`` off the list and account for its wait and the 6-month promise."""
        self.wl.remove(hh)
        self.levels.add2(self.L_WL, -1, self.L_WLG[hh.group_index], -1, now)
        approved = hh.approved_at if hh.approved_at is not None else now
        wait = now - approved
        if housed:
            y = self.year_now
            self.F_WAIT_SUM[y] += wait
            self.F_WAIT_N[y] += 1.0
        self._promise(approved, wait, housed)
        self._path_update(hh)

    def _promise(self, approved: float, wait: float, housed: bool) -> None:
        deadline = approved + self.promise
        if deadline > self.horizon:
            return
        if wait > self.promise:
            yd = self._year(max(deadline, 0.0))
            self.F_PROMISE_DUE[yd] += 1.0
            self.F_PROMISE_BROKEN[yd] += 1.0
        elif housed:
            self.F_PROMISE_DUE[self._year(max(deadline, 0.0))] += 1.0

    # ------------------------------------------------------------------ waiting (not homeless)
    def waiting_events(self, hh: Household) -> None:
        """Draw the withdrawal time once per list stay, then schedule the next event."""
        t = exponential_time(
            self.withdrawal_per_day[hh.group_index], fate(hh.row, Slot.WITHDRAWAL, hh.n_apps - 1)
        )
        hh.withdraw_at = self.env.now + t
        self._next_waiting_event(hh)

    def _next_waiting_event(self, hh: Household) -> None:
        k = hh.n_search
        t_search = exponential_time(
            self.search_per_day[hh.group_index],
            fate(hh.row, Slot.SEARCH + 2 * (k % Slot.N_SEARCH), k // Slot.N_SEARCH),
        )
        now = self.env.now
        ep = hh.epoch
        if now + t_search < hh.withdraw_at:
            self._at(t_search, self._on_search, hh, ep)
        else:
            self._at(hh.withdraw_at - now, self._on_withdrawal, hh, ep)

    def _on_withdrawal(self, hh: Household, epoch: int) -> None:
        if hh.epoch != epoch:
            return
        self.events += 1
        self.exit(hh, "withdrawn")

    def _on_search(self, hh: Household, epoch: int) -> None:
        if hh.epoch != epoch:
            return
        self.events += 1
        k = hh.n_search
        hh.n_search = k + 1
        u = fate(hh.row, Slot.SEARCH + 2 * (k % Slot.N_SEARCH) + 1, k // Slot.N_SEARCH)
        if self.market.search(hh, u, brokered=False):
            self.exit(hh, "private_rental")
        else:
            self._next_waiting_event(hh)

    # ------------------------------------------------------------------ decision team
    # Periodic work is scheduled as bound methods, not closures: a closure that reschedules
    # itself is a reference cycle, which only the cyclic collector could free.
    def _meetings(self) -> None:
        for team in range(len(self.team_names)):
            self._at(0.0, self._decision_meeting, team)

    def _decision_meeting(self, team: int) -> None:
        """A team's meeting: decide the applications for its kind of dwelling, then allocate
        its vacant dwellings."""
        self.events += 1
        self.team_last_meeting[team] = self.env.now
        pending, self.pending[team] = self.pending[team], []
        for hh in pending:
            if hh.pending and hh.state != EXITED:
                self._decide(hh)
        if self.stock.n_vacant:  # with no vacancy there is nothing to allocate
            self._allocate(self.team_needs[team])
        self._at(self.team_intervals[team], self._decision_meeting, team)

    def _allocate(self, needs: list[tuple[int, bool]]) -> None:
        for need in needs:
            while True:
                d = self.stock.peek(need)
                if d is None:
                    break
                hh = self._pick_for(d)
                if hh is None:
                    break
                self.stock.take(d)
                self.move_in(hh, d)

    def _pick_for(self, d: Dwelling) -> Household | None:
        """The household that takes ``d`` (after refusals and, for tilvisning, the landlord)."""
        needs = self.fit[(d.size_class, d.services)]
        wl = self.wl
        skipped: list[Household] = []
        chosen = None
        while True:
            heads = [wl.head(n) for n in needs]
            i = choose_household(heads)
            if i is None:
                break
            head = heads[i]
            assert head is not None  # choose_household picks a present head
            hh = head[2]
            if d.kind == TILVISNING and not self.tilvisning.nominee_ok(hh, d):
                wl.remove(hh)  # skip for this dwelling only; put back below
                skipped.append(hh)
                continue
            if self._accepts_offer(hh):
                chosen = hh
                break
        for hh in skipped:
            wl.push(hh, hh.priority)
        return chosen

    def _accepts_offer(self, hh: Household) -> bool:
        k = hh.n_offers
        hh.n_offers = k + 1
        u = fate(hh.row, Slot.OFFER + k % Slot.N_OFFER, k // Slot.N_OFFER)
        p = self.groups[hh.group_index].offer_refusal_probability
        if u < p:
            self.flows.add("offers_refused", self.year_now)
            self.refuse_offer(hh, u / p)
            return False
        return True

    def refuse_offer(self, hh: Household, u: float) -> None:
        """``hh`` refused an offered dwelling (municipal or brokered): the refusal voids its
        approval (report, Vedlegg 2 § 7.3). A household with somewhere to live leaves the
        list; a homeless one stays homeless and may apply again, as after an eviction (``u``
        decides that: a uniform of its own, left over from the refusal draw)."""
        if not is_homeless(hh.state) and hh.state != SUPPORTED:
            self.exit(hh, "refused_offer")
            return
        if hh.on_list:
            self._leave_list(hh, self.env.now, housed=False)
        if hh.state == SUPPORTED:
            return  # it stays in staffed housing and applies again in time
        self.flows.add("refusals_homeless", self.year_now)
        self.careers["refusal_homeless"] += 1.0
        if self.log is not None:
            self._log(hh, "refused_offer")
        g = self.groups[hh.group_index]
        if u < g.reapply_probability_after_eviction:
            delay = self.reapply_draw[hh.group_index](fate(hh.row, Slot.REFUSAL_DELAY, hh.n_offers))
            self._at(delay, self._on_reapply, hh)

    def _house_now(self, hh: Household) -> bool:
        """House ``hh`` at once in a fitting vacant dwelling, if there is one."""
        for need in self.fit_up[hh.need_key]:
            d = self.stock.peek(need)
            if d is None:
                continue
            if d.kind == TILVISNING and not self.tilvisning.nominee_ok(hh, d):
                continue
            if self._accepts_offer(hh):
                self.stock.take(d)
                self.move_in(hh, d)
                return True
            return False
        return False

    def _on_ready(self, d: Dwelling) -> None:
        self.events += 1
        self.stock.in_turnaround -= 1
        if self.stock_plan.remove_if_due(d):
            return
        if self.continuous:
            hh = self._pick_for(d)
            if hh is not None:
                self.move_in(hh, d)
                return
        if self.held_for and self._give_held(d):
            return
        self.stock.release(d)

    def _give_held(self, d: Dwelling) -> bool:
        """A dwelling falls vacant: the team agreed in advance to give the next fitting one to
        a release it assessed before it came (advance notice)."""
        fits = self.fit[(d.size_class, d.services)]
        for i, hh in enumerate(self.held_for):
            if is_homeless(hh.state) and hh.on_list and hh.need_key in fits and d.kind != TILVISNING:
                del self.held_for[i]
                self.flows.add("releases_housed_held", self.year_now)
                self.move_in(hh, d)
                return True
        # households housed or gone meanwhile no longer wait for a dwelling held for them
        self.held_for = [hh for hh in self.held_for if is_homeless(hh.state) and hh.on_list]
        return False

    # ------------------------------------------------------------------ the stock
    def register_dwelling(self, d: Dwelling) -> None:
        """Put a new dwelling in the stock and its levels (not yet ready to let)."""
        now = self.env.now
        self.stock.add(d)
        self.levels.add(self.L_STOCK, 1, now)
        self.levels.add(self.L_KIND[d.kind], 1, now)
        if d.kind == LEASED:
            self.levels.add(self.L_LEASE_RENT, self.lease_rent_per_day[d.size_class], now)

    def add_dwelling(self, d: Dwelling) -> None:
        """A new dwelling is ready: let it at once (continuous allocation) or make it vacant."""
        self.register_dwelling(d)
        if self.continuous:
            hh = self._pick_for(d)
            if hh is not None:
                self.move_in(hh, d)
                return
        self.stock.release(d)

    def drop_dwelling(self, d: Dwelling) -> None:
        """Take a vacant dwelling out of the stock and its levels."""
        now = self.env.now
        d.removed_at = now
        self.levels.add(self.L_STOCK, -1, now)
        self.levels.add(self.L_KIND[d.kind], -1, now)
        if d.kind == LEASED:
            self.levels.add(self.L_LEASE_RENT, -self.lease_rent_per_day[d.size_class], now)
        self.stock.remove(d)

    def change_kind(self, d: Dwelling, kind: str) -> None:
        """Re-classify a dwelling (a rent-to-own dwelling that becomes an ordinary one)."""
        now = self.env.now
        self.levels.add(self.L_KIND[d.kind], -1, now)
        self.levels.add(self.L_KIND[kind], 1, now)
        self.stock.change_kind(d, kind)

    # ------------------------------------------------------------------ tenancies
    def move_in(self, hh: Household, d: Dwelling, lease_days: float | None = None) -> None:
        """``hh`` moves into ``d`` (a fresh lease unless ``lease_days`` is given)."""
        now = self.env.now
        if hh.on_list:
            self._leave_list(hh, now, housed=True)
        y = self.year_now
        self.F_ALLOCATIONS[y] += 1.0
        self.FG_ALLOCATIONS[hh.group_index][y] += 1.0
        if d.kind == TILVISNING:
            self.flows.add("allocations_tilvisning", y)
        self.careers["tenancy"] += 1.0
        self.set_state(hh, TENANT)
        self._occupy(hh, d)
        if self.log is not None:
            self._log(hh, "move_in", d)
        self.follow_up.assign(hh, now)
        if lease_days is None:
            self.next_lease(hh)
        else:
            self.start_lease(hh, lease_days)

    def place_tenant(self, hh: Household, d: Dwelling, lease_days: float) -> None:
        """Today's situation: ``hh`` rents ``d`` with ``lease_days`` left of its lease."""
        self.set_state(hh, TENANT)
        self._occupy(hh, d)
        self.follow_up.assign(hh, 0.0)
        self.start_lease(hh, lease_days)

    def next_lease(self, hh: Household) -> None:
        """A lease period of a freshly drawn length (from the period's own uniform)."""
        base, cycle = lease_period_slots(hh)
        self.start_lease(hh, self.lease_draw(fate(hh.row, base + Slot.L_LENGTH, cycle)))

    def _occupy(self, hh: Household, d: Dwelling) -> None:
        now = self.env.now
        d.occupant = hh
        hh.dwelling = d
        self.stock.occupied += 1
        if d.kind in MUNICIPAL_KINDS:
            self.levels.add2(self.L_OCC, 1, self.L_RENT, self.tenant_rent_per_day[d.size_class], now)
        else:
            self.levels.add(self.L_OCC, 1, now)

    _lease_slots = staticmethod(lease_period_slots)

    def start_lease(self, hh: Household, lease_days: float) -> None:
        """Start a lease period: draw the competing hazards once and schedule the first event."""
        now = self.env.now
        end = now + lease_days
        hh.lease_end_at = end
        hh.decision = None
        hh.holdover = False
        base, cycle = lease_period_slots(hh)
        t_h, kind = first_hazard(self.hazards[hh.group_index][hh.follow_up], hh.row, base, cycle)
        hazard_at = now + t_h
        review_at = end - self.notice
        if hazard_at <= review_at and hazard_at <= end:
            # the tenancy ends by a hazard before any review: nothing else to decide
            self._at(hazard_at - now, self._on_tenancy_event, hh, hh.epoch, kind)
            return
        if review_at < self.horizon and hh.rto_dwelling is None:
            # The renewal review depends only on the household's own draws and its income at
            # the review date, so it is decided now; an event at the review date is needed
            # only when the start-loan team must hear of the household then.
            decision = self._renewal(hh, review_at if review_at > now else now)
            if not self._review_for_loans(decision):
                hh.decision = decision
        self._tenancy_next(hh, hazard_at, kind)

    def _review_for_loans(self, decision: Decision) -> bool:
        """Whether a tenant with this renewal outcome is put before the start-loan team at
        the review (``start_loans.consider_tenants_at_renewal``)."""
        return self.review_for_loans_all or (self.review_for_loans_leaving and decision is MOVE_OUT)

    def _renewal(self, hh: Household, t: float) -> Decision:
        """The renewal review of ``hh``'s current lease period, with its income at ``t``."""
        base, cycle = lease_period_slots(hh)
        return renewal_decision(
            self.groups[hh.group_index],
            fate(hh.row, base + Slot.L_RENEW, cycle),
            self.income_of(hh, t),
            income_limit(self.sc.tenancy, hh.persons),
        )

    def _tenancy_next(self, hh: Household, hazard_at: float, kind: EndKind) -> None:
        """Schedule the first of hazard, renewal review and lease end (an infinite time or
        one past the horizon is simply not scheduled)."""
        now = self.env.now
        end = hh.lease_end_at
        review_at = end - self.notice if hh.decision is None and hh.rto_dwelling is None else math.inf
        if hazard_at <= review_at and hazard_at <= end:
            self._at(hazard_at - now, self._on_tenancy_event, hh, hh.epoch, kind)
        elif review_at <= end:
            self._at(review_at - now, self._on_review, hh, hh.epoch, hazard_at, kind)
        else:
            self._at(end - now, self._on_lease_end, hh, hh.epoch)

    def _on_review(self, hh: Household, epoch: int, hazard_at: float, kind: EndKind) -> None:
        """Renewal is applied for and assessed before the lease ends (income, need)."""
        if hh.epoch != epoch:
            return
        self.events += 1
        now = self.env.now
        hh.decision = self._renewal(hh, now)
        if self._review_for_loans(hh.decision):
            self.loans.enqueue(hh, now)
        hh.epoch += 1
        self._tenancy_next(hh, hazard_at, kind)

    def _on_lease_end(self, hh: Household, epoch: int) -> None:
        if hh.epoch != epoch:
            return
        self.events += 1
        if hh.decision is None:  # no review was held (a rent-to-own lease)
            hh.decision = self._renewal(hh, self.env.now)
        if hh.rto_dwelling is not None and hh.dwelling is hh.rto_dwelling:
            self.rent_to_own.option(hh)
            return
        if hh.decision is MOVE_OUT:
            if hh.loan_pending:
                hh.holdover = True  # stays until the start-loan purchase resolves
                return
            self.leave_at_lease_end(hh)
            return
        hh.n_leases += 1
        self.F_RENEWALS[self.year_now] += 1.0
        hh.epoch += 1
        if hh.decision is INDEFINITE:
            self.start_lease(hh, math.inf)
        else:
            self.next_lease(hh)

    def leave_at_lease_end(self, hh: Household) -> None:
        base, cycle = self._lease_slots(hh)
        u = fate(hh.row, base + Slot.L_PRIVATE, cycle)
        self.vacate(hh)
        self.exit(hh, "private_rental" if self.market.search(hh, u, brokered=False) else "lease_end")

    def _on_tenancy_event(self, hh: Household, epoch: int, kind: EndKind) -> None:
        if hh.epoch != epoch:
            return
        self.events += 1
        if kind is EVICTION:
            self._evict(hh)
        else:
            self.vacate(hh)
            self.exit(hh, EXIT_ROUTE[kind])

    def vacate(self, hh: Household, evicted: bool = False) -> None:
        now = self.env.now
        d = hh.dwelling
        assert d is not None, "only a tenant moves out"
        base, cycle = self._lease_slots(hh)
        d.occupant = None
        hh.dwelling = None
        self.stock.occupied -= 1
        if d.kind in MUNICIPAL_KINDS:
            self.levels.add2(self.L_OCC, -1, self.L_RENT, -self.tenant_rent_per_day[d.size_class], now)
        else:
            self.levels.add(self.L_OCC, -1, now)
        if hh.follow_up:
            self.follow_up.release(hh, now)
        self.F_MOVE_OUTS[self.year_now] += 1.0
        if self.log is not None:
            self._log(hh, "move_out", d)
        if self.stock_plan.remove_if_due(d):
            return
        days = self.turnaround_draw(fate(hh.row, base + Slot.L_TURNAROUND, cycle))
        p = 1.0 if evicted else self.groups[hh.group_index].renovation_probability
        u = fate(hh.row, base + Slot.L_RENOVATION, cycle)
        if u < p:
            days += self.renovation_draw(u / p)
            self.flows.add("renovations", self.year_now)
            if d.kind in MUNICIPAL_KINDS:  # a tilvisning unit's landlord pays its own repairs
                self.flows.add("renovations_municipal", self.year_now)
        self._turnaround(d, days)

    def _turnaround(self, d: Dwelling, days: float) -> None:
        self.stock.in_turnaround += 1
        # past the horizon the dwelling simply stays in turnaround
        self._at(days, self._on_ready, d)

    def _evict(self, hh: Household) -> None:
        self.vacate(hh, evicted=True)
        y = self.year_now
        self.flows.add("evictions", y)
        self.flows.add(self.K_EVICTIONS[hh.group_index], y)
        self.careers["eviction"] += 1.0
        if self.log is not None:
            self._log(hh, "eviction")
        k = hh.n_evictions
        hh.n_evictions = k + 1
        g = self.groups[hh.group_index]
        in_temp = fate(hh.row, Slot.EVICTION + 2, k) < g.homelessness.hospits_share
        hh.n_leases += 1
        hh.rto_dwelling = None
        hh.evicted_unapplied = True
        self.become_homeless(hh, in_temp)
        if fate(hh.row, Slot.EVICTION, k) < g.reapply_probability_after_eviction:
            delay = self.reapply_draw[hh.group_index](fate(hh.row, Slot.EVICTION + 1, k))
            self._at(delay, self._on_reapply, hh)

    def _on_reapply(self, hh: Household) -> None:
        self.events += 1
        if is_homeless(hh.state) and not hh.pending and not hh.on_list:
            self.flows.add("reapplications", self.year_now)
            self.careers["reapplication"] += 1.0
            self.apply(hh)

    # ------------------------------------------------------------------ homelessness
    def become_homeless(self, hh: Household, in_temp: bool) -> None:
        self.set_state(hh, HOMELESS_TEMP if in_temp else HOMELESS_OTHER)
        self._schedule_homeless(hh)

    def _schedule_homeless(self, hh: Household) -> None:
        h = self.groups[hh.group_index].homelessness
        k = hh.n_hl
        hh.n_hl = k + 1
        base = Slot.HOMELESS + 2 * (k % Slot.N_HOMELESS)
        cycle = k // Slot.N_HOMELESS
        move_rate = (
            h.hospits_exit_rate_per_year if hh.state == HOMELESS_TEMP else h.hospits_entry_rate_per_year
        )
        t_own = exponential_time(h.own_solution_rate_per_year / DAYS_PER_YEAR, fate(hh.row, base, cycle))
        t_move = exponential_time(move_rate / DAYS_PER_YEAR, fate(hh.row, base + 1, cycle))
        ep = hh.epoch
        if t_own <= t_move:
            self._at(t_own, self._on_homeless_event, hh, ep, True)
        else:
            self._at(t_move, self._on_homeless_event, hh, ep, False)

    def _on_homeless_event(self, hh: Household, epoch: int, own_solution: bool) -> None:
        if hh.epoch != epoch:
            return
        self.events += 1
        if own_solution:
            self.exit(hh, "own_solution")
            return
        new = HOMELESS_OTHER if hh.state == HOMELESS_TEMP else HOMELESS_TEMP
        self.set_state(hh, new)
        self._schedule_homeless(hh)

    # ------------------------------------------------------------------ monthly tick
    def _ticks(self) -> None:
        self._tick_bounds = self.month_bounds[1:-1]
        self.market.draw_direct_guarantees()
        if self._tick_bounds:
            self._at(self._tick_bounds[0], self._tick, 0)

    def _tick(self, m: int) -> None:
        now = self.env.now
        self.levels.roll(now)
        if self.month_year[m + 1] != self.month_year[m]:
            y = self.month_year[m + 1]
            for hh in self.in_temp.values():
                if hh.temp_year != y:
                    hh.temp_year = y
                    self.F_TEMP_DISTINCT[y] += hh.persons
                    self.FG_TEMP_DISTINCT[hh.group_index][y] += hh.persons
        self.check_invariants()
        self.market.direct_guarantees_until(now)
        bounds = self._tick_bounds
        if m + 1 < len(bounds):
            self._at(bounds[m + 1] - now, self._tick, m + 1)

    def check_invariants(self) -> None:
        """Cheap checks of conservation, stock balance and money; raise :class:`InvariantError`."""
        problems = []
        c = self.state_counts
        if sum(c) != self.n_created:
            problems.append(f"households in states {sum(c)} != households created {self.n_created}")
        if self.n_created - self.n_exited != len(self.alive) or c[EXITED] != self.n_exited:
            problems.append("exited households do not add up")
        st = self.stock
        if c[TENANT] != st.occupied:
            problems.append(f"tenants {c[TENANT]} != occupied dwellings {st.occupied}")
        if st.occupied + st.in_turnaround + st.n_vacant != st.size:
            problems.append(
                f"occupied {st.occupied} + in turnaround {st.in_turnaround} + vacant {st.n_vacant} "
                f"!= stock {st.size}"
            )
        if st.occupied > st.size or st.size < 0:
            problems.append("more occupied dwellings than dwellings")
        if round(self.levels.val[self.L_STOCK]) != st.size:
            problems.append("stock level differs from the stock")
        if self.wl.size > c[WAITING] + c[HOMELESS_TEMP] + c[HOMELESS_OTHER] + c[SUPPORTED]:
            problems.append("the waiting list holds more households than are unhoused")
        if self.wl.size != round(self.levels.val[self.L_WL]):
            problems.append("waiting-list level differs from the list")
        if self.loans.budget_left < -1e-6 or self.loans.grant_left < -1e-6:
            problems.append("start-loan budget went negative")
        if (
            self.temp_units_free < 0
            or self.regional_free < 0
            or self.follow_up.active > self.follow_up.capacity
        ):
            problems.append("a capacity was exceeded")
        if len(self.staffed.residents) > self.staffed.places or len(self.staffed.residents) != c[SUPPORTED]:
            problems.append("staffed housing holds more residents than places, or loses count")
        if min(self.levels.val) < -1e-6:
            problems.append("a level went negative")
        val = self.levels.val
        if (
            abs(sum((val[i] for i in self.L_HP_PATH), 0.0) - val[self.L_HP]) > 1e-6
            or abs(sum((val[i] for i in self.L_TP_PATH), 0.0) - sum((val[i] for i in self.L_TP), 0.0)) > 1e-6
        ):
            problems.append("the pathway account does not add up to the homeless and hospits persons")
        if problems:
            raise InvariantError(
                f"seed {self.seed} replication {self.rep} at day {self.env.now:.1f}: " + "; ".join(problems)
            )

    def _final_checks(self) -> None:
        self.check_invariants()
        on_list = 0
        for hh in self.alive.values():
            if hh.on_list:
                on_list += 1
                if (
                    hh.state not in (WAITING, HOMELESS_TEMP, HOMELESS_OTHER, SUPPORTED)
                    or hh.approved_at is None
                ):
                    raise InvariantError(
                        f"seed {self.seed} replication {self.rep}: household {hh.hid} on the "
                        f"waiting list in state {State(hh.state).name}"
                    )
            if (hh.state == TENANT) != (hh.dwelling is not None):
                raise InvariantError(
                    f"seed {self.seed} replication {self.rep}: household {hh.hid} tenancy mismatch"
                )
        if on_list != self.wl.size:
            raise InvariantError(f"seed {self.seed} replication {self.rep}: waiting list count mismatch")

    # ------------------------------------------------------------------ run
    def simulate(self) -> None:
        """Simulate the horizon (the results are assembled by :mod:`sim.replication`)."""
        self.population_series = population_series(
            self.sc.population, self.sc.start_date, self.cal.n_days, self.year_bounds, self.month_bounds
        )
        self.population = self.population_series.daily
        self._year_events()
        self.levels.add(self.L_STOCK, self.stock.size, 0.0)
        self._initial_phase = True
        self.initial.build()
        self._initial_phase = False
        self._arrivals()
        if not self.continuous:
            self._meetings()
        self.loans.start()
        self.market.start()
        self.stock_plan.start()
        self.tilvisning.start()
        self.rent_to_own.start()
        self.staffed.start()
        if self.has_regional:
            i = max(0, self.sc.regional_offer.from_year - self.years[0])
            self._at(self.year_bounds[i], self._open_regional_offer)
        self._ticks()
        self.env.run(until=self.horizon)
        self.levels.roll(self.horizon)
        self.market.direct_guarantees_until(self.horizon)
        self._end_of_run()
        self._final_checks()

    def _end_of_run(self) -> None:
        h = self.horizon
        waited: list[float] = []
        for hh in self.alive.values():
            if hh.on_list and hh.approved_at is not None:  # (always approved when on the list)
                self._promise(hh.approved_at, h - hh.approved_at, housed=False)
                waited.append(h - hh.approved_at)
        for hh in self.in_temp.values():
            self._count_long_stay(hh, h)
            self.temp_stay_days += h - max(hh.temp_since if hh.temp_since is not None else h, 0.0)
        self.mean_waited_end = float(np.mean(waited)) if waited else math.nan
        self.still_waiting_over_promise = float(sum(1 for w in waited if w > self.promise))

    def release(self) -> None:
        """Break the model's reference cycles (households and dwellings point at each other,
        the instruments and scheduled calls at the model) so that dropping the model frees
        it at once, without the cyclic garbage collector. The model is unusable afterwards."""
        for d in self.stock.dwellings:
            d.occupant = None
        for hh in self.alive.values():
            hh.dwelling = hh.rto_dwelling = None
        self.env._queue.clear()
        self.alive.clear()
        self.in_temp.clear()
        # the instruments point back at the model: dropping them leaves no cycle
        del self.initial, self.follow_up, self.loans, self.market
        del self.stock_plan, self.tilvisning, self.rent_to_own, self.staffed
