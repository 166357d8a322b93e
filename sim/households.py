"""Households: plain data carrying their attributes and their own fate draws."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import TYPE_CHECKING, Final

from sim.distributions import discrete_sampler
from sim.income import base_income, employment_delay_days

if TYPE_CHECKING:
    from sim.dwellings import Dwelling
    from sim.scenario import Allocation, TargetGroup
    from sim.tenancies import Decision


class State(IntEnum):
    """Where a household is. Every household is in exactly one state."""

    APPLICANT = 0  # applied, awaiting the decision team, housed elsewhere
    WAITING = 1  # approved (tilsagn), on the waiting list, not homeless
    HOMELESS_TEMP = 2  # homeless, in temporary accommodation (hospits)
    HOMELESS_OTHER = 3  # homeless, with friends/relatives or sleeping rough
    TENANT = 4  # in a municipal dwelling
    EXITED = 5  # left the system (see ``exit_route``)
    SUPPORTED = 6  # in staffed housing with close follow-up (not homeless, not a tenant)


N_STATES = len(State)
# A household's state is a plain int in the model: the compiled model compares ints in C,
# where enum members were compared as Python objects (and looked up through the class
# at ~80 ns each in pure Python). ``State(hh.state)`` gives the member and its name.
APPLICANT: Final = 0
WAITING: Final = 1
HOMELESS_TEMP: Final = 2
HOMELESS_OTHER: Final = 3
TENANT: Final = 4
EXITED: Final = 5
SUPPORTED: Final = 6


def is_homeless(state: int) -> bool:
    """Homeless: in temporary accommodation or without a fixed place."""
    return state in (HOMELESS_TEMP, HOMELESS_OTHER)


#: where a homeless household stands with the housing office (the pathway account)
AWAITING_DECISION: Final = 0
ON_LIST: Final = 1
NOT_APPROVED: Final = 2
AFTER_EVICTION: Final = 3


class Slot:
    """Fixed positions in a household's row of fate uniforms (see :class:`sim.rng.FateBlocks`).

    A purpose always reads the same position, so the same household makes the same
    draw for the same purpose in every scenario (common random numbers). Repeated
    events cycle through a small range and are decorrelated by :func:`fate`.
    """

    PERSONS: Final = 0
    CHILDREN: Final = 1
    SERVICES: Final = 2
    URGENT: Final = 3
    ACUTE: Final = 4
    APPROVAL: Final = 5
    HOSPITS: Final = 6
    WITHDRAWAL: Final = 7
    INITIAL_ELAPSED: Final = 8
    INCOME_LEVEL: Final = 9
    EMPLOY_FIRST: Final = 10
    EMPLOY_SECOND: Final = 11
    EMPLOYED_AT_ARRIVAL: Final = 12
    LOAN_PURCHASE: Final = 13
    LOAN_TIMING: Final = 14
    RENT_TO_OWN: Final = 15
    OFFER: Final = 16  # 8 slots
    N_OFFER: Final = 8
    LEASE: Final = 24  # 4 periods x 8 slots
    N_LEASE_PERIODS: Final = 4
    LEASE_WIDTH: Final = 8
    L_LENGTH: Final = 0
    L_EVICT: Final = 1
    L_MOVE: Final = 2
    L_DEATH: Final = 3
    L_RENEW: Final = 4
    L_TURNAROUND: Final = 5
    L_RENOVATION: Final = 6
    L_PRIVATE: Final = 7
    HOMELESS: Final = 56  # 4 transitions x 2 slots
    N_HOMELESS: Final = 4
    EVICTION: Final = 64  # reapply?, delay, placement
    REFUSAL_DELAY: Final = 67  # delay of a new application after refusing an offer while homeless
    SEARCH: Final = 68  # 4 searches x 2 slots (time, success)
    N_SEARCH: Final = 4
    AID: Final = 76  # 4 slots: guarantee take-up
    BROKER: Final = 80  # 4 slots: broker offers and landlord refusals
    STAFFED: Final = 84  # 2 slots: moving on from staffed housing, dropping out
    RELEASE: Final = 86  # an acute arrival released from prison or treatment?
    NOTICE: Final = 87  # ... and did the municipality hear of it in advance?
    N_BROKER: Final = 4
    WIDTH: Final = 96


#: the Weyl shift of :func:`fate` (hot paths that inline it use the same constant)
GOLDEN: Final = 0.6180339887498949


def fate(row: Sequence[float], slot: int, cycle: int = 0) -> float:
    """The household's uniform for ``slot``; ``cycle`` > 0 rotates it (Weyl shift) for repeats."""
    u = row[slot]
    if cycle:
        u = (u + GOLDEN * cycle) % 1.0
    return u


_INF: Final = float("inf")


class Household:
    """One applicant household. Plain data: the model owns all behaviour."""

    __slots__ = (
        "approved_at",
        "arrived",
        "brokered_at",
        "children",
        "decision",
        "dwelling",
        "employed_from",
        "epoch",
        "ever_temp",
        "evicted_unapplied",
        "exit_route",
        "follow_up",
        "gidx",
        "group",
        "group_index",
        "hid",
        "holdover",
        "income_base",
        "lease_end_at",
        "list_seq",
        "loan_pending",
        "n_aid",
        "n_apps",
        "n_broker",
        "n_evictions",
        "n_hl",
        "n_leases",
        "n_loan_apps",
        "n_offers",
        "n_search",
        "n_staffed",
        "need_key",
        "on_list",
        "path",
        "pending",
        "persons",
        "priority",
        "red_light",
        "row",
        "rto_dwelling",
        "rto_price",
        "services",
        "size_class",
        "staffed_referred",
        "state",
        "temp_regional",
        "temp_since",
        "temp_unit",
        "temp_year",
        "urgent",
        "withdraw_at",
    )

    def __init__(self, hid: int, group: str, group_index: int, gidx: int, row: Sequence[float]) -> None:
        self.hid = hid
        self.group = group
        self.group_index = group_index  # position of the group in the scenario
        self.gidx = gidx  # arrival index within the group
        self.row = row
        self.state: int = APPLICANT
        self.epoch = 0
        self.approved_at: float | None = None
        self.on_list = False
        self.pending = False
        self.list_seq = -1
        self.dwelling: Dwelling | None = None
        self.exit_route: str | None = None
        self.temp_since: float | None = None
        self.temp_year = -1
        self.ever_temp = False
        self.evicted_unapplied = False  # evicted, and not applied again since
        self.staffed_referred = False  # waiting for a place in staffed housing
        self.n_staffed = 0
        self.path = -1  # the pathway of a homeless household (PATHS), -1 when not homeless
        self.n_apps = 0
        self.n_offers = 0
        self.n_leases = 0
        self.n_hl = 0
        self.n_evictions = 0
        self.arrived = 0.0
        self.income_base = 0.0
        self.employed_from = _INF
        self.loan_pending = False
        self.n_loan_apps = 0
        self.n_search = 0
        self.n_aid = 0
        self.n_broker = 0
        self.brokered_at = -_INF
        self.decision: Decision | None = None
        self.holdover = False
        self.follow_up = False
        self.lease_end_at = _INF
        self.withdraw_at = _INF
        self.temp_unit = False
        self.temp_regional = False  # in a place of the regional low-threshold offer
        self.rto_dwelling: Dwelling | None = None
        self.rto_price = 0.0
        self.persons = 1
        self.children = False
        self.red_light = False
        self.services = False
        self.urgent = False
        self.size_class = 0
        self.need_key: tuple[int, bool] = (0, False)
        self.priority: tuple[object, ...] = ()


class AttributeSampler:
    """Draws a group's household attributes from a household's fate row."""

    def __init__(self, group: TargetGroup, allocation: Allocation):
        self.g = group
        self._persons: Callable[[float], int] = discrete_sampler(
            group.household_persons.values, group.household_persons.probabilities
        )
        self._max_small = allocation.persons_max_small
        self._max_medium = allocation.persons_max_medium
        # the group's shares, read once per household: kept here as plain floats
        self._children, self._services = group.children_share, group.services_share
        self._acute, self._urgent, self._youth = group.acute_share, group.urgent_share, group.youth
        inc = group.income
        self._income = inc
        self._employed_share = inc.employed_share_at_arrival

    def size_class(self, persons: int) -> int:
        """0 small, 1 medium, 2 large, from the number of persons."""
        if persons <= self._max_small:
            return 0
        if persons <= self._max_medium:
            return 1
        return 2

    def apply(self, hh: Household, acute: bool | None = None) -> None:
        """Set ``hh``'s attributes; ``acute`` overrides the drawn acute flag if given."""
        row = hh.row
        children = hh.children = row[Slot.CHILDREN] < self._children
        persons = self._persons(row[Slot.PERSONS])  # household sizes are ints
        if children and persons < 2:
            persons = 2
        hh.persons = persons
        hh.red_light = children or self._youth
        services = hh.services = row[Slot.SERVICES] < self._services
        is_acute = (row[Slot.ACUTE] < self._acute) if acute is None else acute
        hh.urgent = is_acute or row[Slot.URGENT] < self._urgent
        size = hh.size_class = self.size_class(persons)
        hh.need_key = (size, services)
        inc = self._income
        hh.income_base = base_income(inc, persons, row[Slot.INCOME_LEVEL])
        if row[Slot.EMPLOYED_AT_ARRIVAL] < self._employed_share:
            hh.employed_from = hh.arrived
        else:
            hh.employed_from = hh.arrived + employment_delay_days(
                inc, row[Slot.EMPLOY_FIRST], row[Slot.EMPLOY_SECOND]
            )

    def is_acute(self, hh: Household) -> bool:
        """Whether the household is homeless when it applies."""
        return hh.row[Slot.ACUTE] < self._acute
