"""The scenario: an immutable, validated description of one policy world.

A scenario file (YAML) is loaded by :mod:`sim.loader` into the frozen pydantic model
:class:`Scenario`. Units are part of the field names (``_days``, ``_per_year``, ``_nok``,
``_per_1000``); every field documents its default's source: a section of the 2016 NIBR
pre-analysis (see ``FACTS.md``) or ``assumption:`` with the reasoning.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import re
from typing import Any, Literal

from pydantic import field_validator, model_validator

from sim.errors import FieldValueError
from sim.spec.base import F, Money, Rate, Share, Spec
from sim.spec.calibration import Calibration
from sim.spec.costs import Costs
from sim.spec.distributions import Distribution, Empirical, Exponential, Fixed
from sim.spec.follow_up import FollowUp
from sim.spec.homelessness import AdvanceNotice, RegionalOffer, StaffedHousing
from sim.spec.income import Income
from sim.spec.private_rental import PrivateRental
from sim.spec.rent_to_own import RentToOwn
from sim.spec.start_loans import StartLoans
from sim.spec.stock import StockAction, StockPrices
from sim.spec.tilvisning import TilvisningAgreement

SIZE_CLASSES: tuple[str, ...] = ("small", "medium", "large")
PRIORITY_RULES: tuple[str, ...] = ("priority", "fifo", "children_first")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


_Spec = Spec


class PopulationPath(_Spec):
    """Population on 1 January of given years; interpolated log-linearly by day."""

    by_year: dict[int, float] = F(
        {2016: 10_000},
        "Inhabitants on 1 January of each year given (SSB convention): the start year from "
        "SSB's population statistics, later years from SSB's projections (mid alternative).",
        "template default: a generic municipality of 10,000 inhabitants, constant; give the "
        "municipality's own path (SSB table 07459 and SSB's population projections, main alternative)",
    )

    @field_validator("by_year")
    @classmethod
    def _positive(cls, v: dict[int, float]) -> dict[int, float]:
        """At least one year; years within 1900-2200; populations positive and finite."""
        if not v:
            raise ValueError("needs at least one year")
        for year, pop in v.items():
            if not (1900 <= year <= 2200):
                raise FieldValueError("the year must be between 1900 and 2200", year, value=year)
            if not (pop > 0 and pop < 1e9):
                raise FieldValueError("the population must be a positive, finite number of inhabitants", year)
        return dict(sorted(v.items()))


class HouseholdPersons(_Spec):
    """Number of persons in a household, as a table of values and probabilities."""

    values: list[int] = F([1, 2, 3, 4, 5], "Household sizes (persons).", "assumption")
    probabilities: list[float] = F(
        [0.4, 0.25, 0.15, 0.12, 0.08], "Probability of each size; sums to 1.", "assumption"
    )

    @model_validator(mode="after")
    def _check(self) -> HouseholdPersons:
        """One probability per size; sizes 1-20 persons; probabilities in [0, 1] summing to 1."""
        if not self.values:
            raise FieldValueError("needs at least one household size", "values")
        if len(self.values) != len(self.probabilities):
            raise FieldValueError(
                f"needs one probability per household size ({len(self.values)} sizes, "
                f"{len(self.probabilities)} probabilities)",
                "probabilities",
            )
        for i, v in enumerate(self.values):
            if v < 1 or v > 20:
                raise FieldValueError("a household size must be between 1 and 20 persons", "values", i)
        for i, p in enumerate(self.probabilities):
            if not (0 <= p <= 1):
                raise FieldValueError("must be between 0 and 1", "probabilities", i)
        if abs(sum(self.probabilities) - 1.0) > 1e-6:
            raise FieldValueError(
                f"probabilities must sum to 1 (they sum to {sum(self.probabilities):g})",
                "probabilities",
            )
        return self


class Homelessness(_Spec):
    """How a homeless household of the group moves between hospits and other arrangements."""

    hospits_share: float = Share(
        0.5,
        "Share of households who, on becoming homeless, are placed in temporary "
        "accommodation (hospits) by NAV; the rest stay with friends/relatives or sleep rough.",
        "assumption: calibrated to hospits nights and users (FACTS.md 5.7)",
    )
    hospits_exit_rate_per_year: float = Rate(
        2.0,
        "Rate at which a household in hospits moves to another (informal) arrangement while still homeless.",
        "assumption: calibrated to ~1,000 nights over 12 users a year (FACTS.md 5.7)",
    )
    hospits_entry_rate_per_year: float = Rate(
        1.0,
        "Rate at which a homeless household in an informal arrangement is placed in hospits.",
        "assumption",
    )
    own_solution_rate_per_year: float = Rate(
        1.0,
        "Rate at which a homeless household finds its own solution and leaves the system.",
        "assumption: homelessness is stable over time but not the same people (FACTS.md 5.7)",
    )


class TargetGroup(_Spec):
    """Demand and behaviour of one target group."""

    arrival_rate_per_1000_per_year: float = Rate(
        1.0,
        "Applications per year per 1000 inhabitants (scaled by the population path).",
        "assumption: the report gives no application counts; calibrated",
    )
    household_persons: HouseholdPersons = F(
        HouseholdPersons(), "Distribution of household size.", "assumption"
    )
    children_share: float = Share(0.0, "Share of households with children.", "assumption")
    youth: bool = F(
        False,
        "Households of this group count as youth for the red-light goal "
        "(no families with children or youth in temporary accommodation).",
        "FACTS.md 5.7 (municipal goals)",
    )
    services_share: float = Share(
        0.0,
        "Share who need a dwelling with services (omsorgsbolig).",
        "FACTS.md ch.4-5: disabled people get dwellings with services",
    )
    urgent_share: float = Share(
        0.2,
        "Share assessed as urgent (most pressing need) at the decision team.",
        "FACTS.md ch.4-5 (priority to the most pressing need); share is an assumption",
    )
    acute_share: float = Share(
        0.0,
        "Share who are homeless when they apply (acute need, release from prison or "
        "institution); they are always treated as urgent.",
        "assumption",
    )
    approval_probability: float = Share(
        0.8,
        "Probability that the decision team grants a tilsagn (approval).",
        "assumption: rejection rate rose after 2013 (FACTS.md 3.3.2)",
    )
    offer_refusal_probability: float = Share(
        0.05,
        "Probability that an offered dwelling is refused; a refusal voids the approval.",
        "FACTS.md ch.4-5 (refusal voids the tilsagn); probability is an assumption",
    )
    withdrawal_rate_per_year: float = Rate(
        0.3,
        "Rate at which a (not homeless) household on the waiting list finds another solution and withdraws.",
        "assumption",
    )
    permanent_need: bool = F(
        False,
        "Permanent need: at lease expiry the lease becomes indefinite.",
        "FACTS.md ch.4-5 (permanent need may get longer or indefinite leases)",
    )
    renewal_probability: float = Share(
        0.5,
        "Probability that a lease is renewed at expiry (re-assessment).",
        "assumption: low throughput in the stock (FACTS.md summary)",
    )
    eviction_rate_per_year: float = Rate(0.01, "Eviction hazard for a tenant of this group.", "assumption")
    move_out_rate_per_year: float = Rate(
        0.05, "Hazard of moving out during the lease (other moves).", "assumption"
    )
    death_or_institution_rate_per_year: float = Rate(
        0.0, "Hazard of death or moving to an institution during the tenancy.", "assumption"
    )
    homelessness: Homelessness = F(Homelessness(), "Homelessness dynamics.", "assumption")
    reapply_probability_after_eviction: float = Share(
        0.6,
        "Probability that an evicted household applies again (the 'round-dance').",
        "FACTS.md ch.4-5 (evicted people usually return to NAV); probability is an assumption",
    )
    reapply_delay: Distribution = F(
        Fixed(value_days=90),
        "Time from eviction to a new application.",
        "assumption",
    )
    income: Income = F(Income(), "Income at arrival and its path over time.", "assumption")
    private_rental_success_probability: float = Share(
        0.25,
        "Chance that one search for a private rental succeeds without help.",
        "assumption: landlords avoid refugees and ROP (FACTS.md 6.3)",
    )
    private_rental_search_rate_per_year: float = Rate(
        0.5,
        "Searches per year for a private rental by a (not homeless) household on the waiting list.",
        "assumption",
    )
    renovation_probability: float = Share(
        0.05,
        "Chance that a dwelling needs renovation after a tenant of this group leaves "
        "(always after an eviction).",
        "DESIGN.md (renovation downtime after hard use); share is an assumption",
    )


class DwellingType(_Spec):
    """A kind of municipal dwelling and how many the municipality has."""

    size_class: Literal["small", "medium", "large"] = F(
        ..., "Size class (small: 1-2 persons, medium: 3-4, large: 5+ by default)."
    )
    services: bool = F(False, "With services (care dwelling, omsorgsbolig).")
    count: int = F(..., ge=0, le=10_000_000, description="Number of dwellings at the start.")


class AllocationTeam(_Spec):
    """A decision team (vedtaksteam): it assesses the applications for the kind of dwelling
    it allocates and allocates the vacant ones at its meetings."""

    allocates: Literal["without_services", "with_services"] = F(
        ..., description="The kind of municipal dwelling the team allocates."
    )
    meeting_interval_days: float = F(
        ..., description="Days between the team's meetings.", ge=1, le=365, allow_inf_nan=False
    )


#: the report's teams that allocate dwellings (the organisation chapter, "vedtaksteamene for
#: tildeling av boliger"): ordinary rental dwellings monthly; dwellings with services weekly
#: (the mental health and addiction team and the care sector's team both meet weekly)
DEFAULT_TEAMS: dict[str, AllocationTeam] = {
    "ordinary": AllocationTeam(allocates="without_services", meeting_interval_days=30.4),
    "services": AllocationTeam(allocates="with_services", meeting_interval_days=7),
}


class Allocation(_Spec):
    """The decision teams (vedtaksteam) and the allocation rule."""

    teams: dict[str, AllocationTeam] = F(
        DEFAULT_TEAMS,
        "Decision teams by name, each allocating one kind of dwelling (with or without "
        "services) at its own interval; every kind has exactly one team.",
        "FACTS.md ch.4-5 (decision teams: ordinary dwellings monthly; mental health and "
        "addiction, and the care sector, weekly)",
    )
    meeting_interval_days: float | None = F(
        None,
        "One interval for every team, overriding theirs; 0 means continuous assessment and "
        "allocation (for validation against queueing theory). Empty: each team's own interval.",
        "validation and what-if studies",
        ge=0,
        le=365,
        allow_inf_nan=False,
    )
    priority_rule: Literal["priority", "fifo", "children_first"] = F(
        "priority",
        "Order of the waiting list: 'priority' (urgent, then children, then approval date), "
        "'fifo' (approval date) or 'children_first' (children, then urgent, then date).",
        "FACTS.md ch.4-5 (most pressing need; children's situation weighs most)",
    )
    not_approved_homeless: Literal["stay_homeless", "broker", "staffed_housing"] = F(
        "stay_homeless",
        "What the team does for a homeless household it does not approve for an ordinary "
        "dwelling: nothing more (it stays homeless until it finds a solution of its own), "
        "refer it to the rental broker (and a guarantee), or to staffed housing.",
        "FACTS.md 5.7 (today: nothing more; the levers are the report's proposals)",
    )
    allow_larger_dwelling: bool = F(
        True,
        "A household may be offered a dwelling of a larger size class than it needs.",
        "assumption",
    )
    promise_days: float = F(
        182.5,
        "The promise: a household with a tilsagn gets a dwelling within this many days.",
        "FACTS.md ch.4-5 (council decision: 6 months)",
        gt=0,
        allow_inf_nan=False,
    )
    persons_max_small: int = F(2, "Largest household (persons) that needs only a small dwelling.", ge=1)
    persons_max_medium: int = F(4, "Largest household that needs only a medium dwelling.", ge=1)

    @model_validator(mode="after")
    def _teams(self) -> Allocation:
        """Each kind of dwelling is allocated by exactly one team."""
        for kind in ("without_services", "with_services"):
            names = [n for n, t in self.teams.items() if t.allocates == kind]
            if len(names) != 1:
                found = f"teams {', '.join(names)} do" if names else "no team does"
                raise FieldValueError(
                    f"one team must allocate dwellings {kind.replace('_', ' ')}; {found}", "teams"
                )
        return self

    def interval(self, team: str) -> float:
        """Days between the meetings of ``team`` (the override if one is set)."""
        if self.meeting_interval_days is not None:
            return self.meeting_interval_days
        return self.teams[team].meeting_interval_days

    @model_validator(mode="after")
    def _order(self) -> Allocation:
        """``persons_max_medium`` is at least ``persons_max_small``."""
        if self.persons_max_medium < self.persons_max_small:
            raise FieldValueError(
                f"must be at least persons_max_small ({self.persons_max_small})",
                "persons_max_medium",
            )
        return self


class Tenancy(_Spec):
    """Leases and dwellings between tenancies."""

    lease: Distribution = F(
        Fixed(value_days=1096),
        "Length of a lease (default 3 years).",
        "FACTS.md ch.4-5 (standard lease 3 years)",
    )
    vacancy_turnaround: Distribution = F(
        Exponential(mean_days=30),
        "Time from move-out until the dwelling can be let again (cleaning, repairs).",
        "assumption",
    )
    renewal_notice_days: float = F(
        122,
        "Renewal is applied for and assessed this many days before the lease ends.",
        "FACTS.md ch.4-5 (apply 4 months before expiry)",
        ge=0,
        le=3650,
    )
    income_limit_nok_per_year: float = Money(
        420_000,
        "Economic criterion: a one-person household above this income must leave at lease end.",
        "FACTS.md ch.4-5 (employment can push a household out of eligibility); level is an assumption",
    )
    income_limit_per_extra_person_nok_per_year: float = Money(
        90_000, "Added to the income limit per further household member.", "assumption"
    )


class TemporaryAccommodation(_Spec):
    """Purchased temporary accommodation (hospits)."""

    hospits_price_nok_per_night: float = F(
        700,
        "Price per person per night in hospits.",
        "FACTS.md 5.7 (at least NOK 700 per night)",
        ge=0,
        allow_inf_nan=False,
    )
    long_stay_days: float = F(
        91.3,
        "A hospits stay longer than this counts against the 'nobody more than 3 months' goal.",
        "FACTS.md 5.7 (yellow light: nobody more than 3 months)",
        gt=0,
        allow_inf_nan=False,
    )
    municipal_units: int = F(
        0,
        "Municipal temporary units (cheaper than hospits); used first when free.",
        "assumption: none in the baseline (FACTS.md 5.7: hospits in Oslo or Aurskog-Høland)",
        ge=0,
        le=1_000_000,
    )
    municipal_unit_cost_nok_per_year: float = Money(
        180_000, "Yearly cost of one municipal temporary unit.", "assumption"
    )


class InitialTenancies(_Spec):
    """Tenancies running at the start (today's situation)."""

    occupancy_share: float = Share(0.97, "Share of each dwelling type occupied at the start.", "assumption")
    group_mix: dict[str, float] = F(
        {},
        "Share of initial tenants by target group (renormalised); empty means in "
        "proportion to arrival rates. Care dwellings get groups that need services.",
        "assumption",
    )
    elapsed_lease: Literal["uniform"] = F(
        "uniform", "Time already spent in the current lease: uniform over the lease length."
    )


class InitialGroupCount(_Spec):
    """Households of one group at the start, with how long they have already waited.

    Give either ``count`` (households) or ``per_1000`` (households per 1000 inhabitants at
    the start date, rounded to whole households), so that a template scales with the
    municipality.
    """

    count: int = F(0, ge=0, le=10_000_000, description="Number of households.")
    per_1000: float | None = F(
        None,
        "Households per 1000 inhabitants at the start (instead of `count`).",
        ge=0,
        le=1000,
        allow_inf_nan=False,
    )
    max_days_already_waited: float = F(
        180,
        "Time already waited, uniform between 0 and this many days.",
        ge=0,
        allow_inf_nan=False,
    )

    @model_validator(mode="after")
    def _one_form(self) -> InitialGroupCount:
        """``count`` or ``per_1000``, not both."""
        if self.per_1000 is not None and self.count:
            raise FieldValueError("give count or per_1000, not both", "per_1000", value=self.per_1000)
        return self


class InitialState(_Spec):
    """Today's situation at the scenario start; ``cold_start`` empties everything."""

    cold_start: bool = F(False, "Start with all dwellings vacant and nobody waiting (for validation).")
    tenancies: InitialTenancies = F(InitialTenancies(), "Initial tenancies.")
    waiting_list: dict[str, InitialGroupCount] = F(
        {}, "Approved households already on the waiting list, by group.", "assumption"
    )
    temporary_accommodation: dict[str, InitialGroupCount] = F(
        {}, "Homeless households already in hospits, by group.", "assumption"
    )
    homeless_other: dict[str, InitialGroupCount] = F(
        {},
        "Homeless households staying with friends or relatives (not in hospits), by group; "
        "they are on the waiting list.",
        "assumption",
    )


class RefugeeSettlement(_Spec):
    """Refugees settled by the municipality's yearly decision (quota)."""

    group: str = F("refugees", "The target group the quota applies to.", "FACTS.md ch.4-5")
    households_by_year: dict[int, float] = F(
        {},
        "Households settled each year (every year of the horizon); empty means the group "
        "arrives as a Poisson process at its arrival rate.",
        "FACTS.md ch.4-5 (the municipality decides a settlement quota each year)",
    )
    ready_dwelling_required: bool = F(
        True,
        "Try to have a dwelling ready on arrival (a vacancy, else a brokered private rental, "
        "else temporary accommodation).",
        "FACTS.md ch.4-5 (a dwelling must be ready on arrival)",
    )


class Scenario(_Spec):
    """One policy world: demand, stock, rules and prices from a start date to a horizon."""

    name: str = F(..., description="Short name shown in tables and charts.", min_length=1, max_length=80)
    municipality: str = F(
        "",
        "The municipality (or city district) the scenario describes, shown by the dashboard; "
        "empty: the scenario's name.",
        max_length=80,
    )
    description: str = F("", "What this scenario represents.")
    start_date: dt.date = F(dt.date(2016, 1, 1), "First day simulated.", "FACTS.md (report year)")
    end_date: dt.date = F(dt.date(2040, 12, 31), "Last day simulated.", "SSB projection horizon (Tabell 3.2)")
    population: PopulationPath = F(PopulationPath(), "Population path (inhabitants by year).")
    groups: dict[str, TargetGroup] = F(..., description="Target groups by name.", min_length=1)
    dwelling_types: dict[str, DwellingType] = F(
        ..., description="Municipal dwelling types by name (constant stock in this version)."
    )
    allocation: Allocation = F(Allocation(), "Decision team and allocation rule.")
    tenancy: Tenancy = F(Tenancy(), "Leases and vacancy turnaround.")
    temporary_accommodation: TemporaryAccommodation = F(
        TemporaryAccommodation(), "Temporary accommodation (hospits)."
    )
    initial_state: InitialState = F(InitialState(), "Today's situation at the start.")
    start_loans: StartLoans = F(StartLoans(), "Start loans (startlån).")
    private_rental: PrivateRental = F(PrivateRental(), "Private rental, guarantees and the rental broker.")
    stock_plan: list[StockAction] = F([], "Purchases, sales, leases and care builds by year.")
    stock_prices: StockPrices = F(StockPrices(), "Prices and running costs of dwellings.")
    tilvisning_agreements: list[TilvisningAgreement] = F(
        [], "Tilvisning (allocation) agreements.", "FACTS.md 7.6.2 (none today)"
    )
    rent_to_own: RentToOwn = F(RentToOwn(), "Rent-to-own (leie-før-eie).")
    follow_up: FollowUp = F(FollowUp(), "Follow-up of tenants to prevent evictions.")
    staffed_housing: StaffedHousing = F(
        StaffedHousing(), "Staffed shared housing for the homeless with heavy needs (none today)."
    )
    advance_notice: AdvanceNotice = F(
        AdvanceNotice(), "Advance notice of releases from prison and treatment (rare today)."
    )
    regional_offer: RegionalOffer = F(
        RegionalOffer(), "A low-threshold temporary offer shared with the neighbours (none today)."
    )
    refugee_settlement: RefugeeSettlement = F(RefugeeSettlement(), "Refugee settlement quota.")
    costs: Costs = F(Costs(), "Cost indexing and discounting.")
    calibration: Calibration = F(
        Calibration(),
        "The facts the scenario reproduces, the assumptions fitted to them (`boligflyt calibrate`) "
        "and figures shown beside the model. Changes nothing the model simulates.",
    )

    @field_validator("groups", "dwelling_types")
    @classmethod
    def _names(cls, v: dict[str, Any]) -> dict[str, Any]:
        """Names: lower case letters, digits and _ (at most 40), starting with a letter."""
        for name in v:
            if not _NAME_RE.match(str(name)):
                raise FieldValueError(
                    "a name must be lower case letters, digits and _ (at most 40), starting with a letter",
                    name,
                    value=name,
                )
        return v

    @model_validator(mode="after")
    def _consistency(self) -> Scenario:
        """``end_date`` not before ``start_date`` (at most 200 years apart); ``initial_state``
        names only groups listed under ``groups``; ``group_mix`` weights finite and not negative."""
        if self.end_date < self.start_date:
            raise FieldValueError(f"is before start_date ({self.start_date})", "end_date")
        if (self.end_date - self.start_date).days > 200 * 366:
            raise FieldValueError("the horizon may be at most 200 years after start_date", "end_date")
        init = self.initial_state
        for section, mapping in (
            (("initial_state", "waiting_list"), init.waiting_list),
            (("initial_state", "temporary_accommodation"), init.temporary_accommodation),
            (("initial_state", "homeless_other"), init.homeless_other),
            (("initial_state", "tenancies", "group_mix"), init.tenancies.group_mix),
        ):
            for g in mapping:
                if g not in self.groups:
                    close = difflib.get_close_matches(g, list(self.groups), n=1, cutoff=0.6)
                    hint = f"did you mean '{close[0]}'?" if close else f"groups are: {', '.join(self.groups)}"
                    raise FieldValueError(
                        f"names a group that is not under groups; {hint}", *section, g, value=g
                    )
        self._check_instruments()
        self._check_calibration()
        for g, share in init.tenancies.group_mix.items():
            if not (0 <= share <= 1e9):
                raise FieldValueError(
                    "must be a finite weight, not negative",
                    "initial_state",
                    "tenancies",
                    "group_mix",
                    g,
                )
        return self

    def _check_instruments(self) -> None:
        """Instruments name existing groups and types; schedules cover every year."""
        years = range(self.start_date.year, self.end_date.year + 1)

        def known(name: str, names: Any, *path: Any, what: str = "group") -> None:
            if name not in names:
                close = difflib.get_close_matches(str(name), list(names), n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'?" if close else f"known: {', '.join(names)}"
                raise FieldValueError(f"names an unknown {what}; {hint}", *path, value=name)

        for i, action in enumerate(self.stock_plan):
            known(
                action.dwelling_type,
                self.dwelling_types,
                "stock_plan",
                i,
                "dwelling_type",
                what="dwelling type",
            )
            if action.instrument == "care_build" and not self.dwelling_types[action.dwelling_type].services:
                raise FieldValueError(
                    "care_build needs a dwelling type with services",
                    "stock_plan",
                    i,
                    "dwelling_type",
                    value=action.dwelling_type,
                )
        for g in self.follow_up.groups or ():
            known(g, self.groups, "follow_up", "groups")
        for g in self.staffed_housing.groups:
            known(g, self.groups, "staffed_housing", "groups")
        for g in self.advance_notice.release_share_by_group:
            known(g, self.groups, "advance_notice", "release_share_by_group", g)
        for field in ("reserved_share_by_group", "purchase_success_by_group"):
            for g in getattr(self.start_loans, field):
                known(g, self.groups, "start_loans", field, g)
        if sum(self.start_loans.reserved_share_by_group.values()) > 1 + 1e-9:
            raise FieldValueError(
                "reserved shares add up to more than 1", "start_loans", "reserved_share_by_group"
            )
        for field in ("budget_nok_per_year", "settlement_grant_budget_nok_per_year"):
            sched = getattr(self.start_loans, field)
            if isinstance(sched, dict):
                missing = [y for y in years if y not in sched]
                if missing:
                    raise FieldValueError(
                        f"the schedule has no value for {_years_text(missing)}",
                        "start_loans",
                        field,
                        value=None,
                    )
        rs = self.refugee_settlement
        if rs.households_by_year:
            known(rs.group, self.groups, "refugee_settlement", "group")
            missing = [y for y in years if y not in rs.households_by_year]
            if missing:
                raise FieldValueError(
                    f"the schedule has no value for {_years_text(missing)}",
                    "refugee_settlement",
                    "households_by_year",
                    value=None,
                )
            for y, n in rs.households_by_year.items():
                if not (0 <= n <= 1e6):
                    raise FieldValueError(
                        "must be between 0 and 1000000", "refugee_settlement", "households_by_year", y
                    )
        names = [a.name for a in self.tilvisning_agreements]
        for i, ag in enumerate(self.tilvisning_agreements):
            if names.count(ag.name) > 1:
                raise FieldValueError("agreement names must be unique", "tilvisning_agreements", i, "name")
            if ag.first_occupancy > self.end_date:
                raise FieldValueError(
                    f"is after the end of the horizon ({self.end_date})",
                    "tilvisning_agreements",
                    i,
                    "first_occupancy",
                )
            if ag.last_day() < self.start_date:
                raise FieldValueError(
                    f"the agreement ends before the horizon starts ({self.start_date})",
                    "tilvisning_agreements",
                    i,
                )

    def _check_calibration(self) -> None:
        """Free parameters name numbers of the scenario (not in a list, not whole numbers);
        targets, observed figures and benchmarks name yearly metrics."""
        from sim.catalog import YEARLY_METRICS

        cal = self.calibration
        for i, p in enumerate(cal.free):
            problem = _number_at(self, p.path.split("."))
            if problem:
                raise FieldValueError(problem, "calibration", "free", i, "path", value=p.path)
        known = set(YEARLY_METRICS)
        sections = (("targets", cal.targets), ("observed", cal.observed), ("benchmarks", cal.benchmarks))
        for section, items in sections:
            for i, item in enumerate(items):
                base = item.metric.split("|", 1)[0]
                if base not in known:
                    close = difflib.get_close_matches(base, sorted(known), n=1, cutoff=0.6)
                    hint = f"; did you mean '{close[0]}'?" if close else " (see the README's list of metrics)"
                    raise FieldValueError(
                        f"is not a yearly metric{hint}",
                        "calibration",
                        section,
                        i,
                        "metric",
                        value=item.metric,
                    )

    # --- derived helpers (pure, no runtime state) ---
    def initial_count(self, spec: InitialGroupCount) -> int:
        """Households of an ``initial_state`` entry: its ``count``, or ``per_1000`` times the
        population at the start date (rounded to whole households)."""
        if spec.per_1000 is None:
            return spec.count
        from sim.population import daily_population

        start = float(daily_population(self.population.by_year, self.start_date, 1)[0])
        return round(spec.per_1000 * start / 1000)

    def municipality_name(self) -> str:
        """The municipality's name, or the scenario's name when the file gives none."""
        return self.municipality or self.name

    def model_sha256(self) -> str:
        """Hash of everything that affects results: the content without the name,
        description, municipality and calibration section."""
        data = self.model_dump(mode="json")
        for key in ("name", "description", "municipality", "calibration"):
            data.pop(key, None)
        return hashlib.sha256(json.dumps(data, separators=(",", ":")).encode("utf-8")).hexdigest()

    def total_dwellings(self) -> int:
        """Dwellings in the initial stock."""
        return sum(d.count for d in self.dwelling_types.values())

    def horizon_days(self) -> int:
        """Number of simulated days (start and end date inclusive)."""
        return (self.end_date - self.start_date).days + 1

    def canonical_json(self) -> str:
        """The scenario's content as canonical JSON (defaults filled in, order kept)."""
        # keys keep the schema's and the file's order: the order of groups changes results
        return json.dumps(self.model_dump(mode="json"), separators=(",", ":"))

    def sha256(self) -> str:
        """Hash of the canonical content: identical scenarios have identical hashes."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()


def _number_at(node: Any, parts: list[str]) -> str:
    """Why ``parts`` does not lead to a number of a validated scenario ("" if it does)."""
    from pydantic import BaseModel

    for i, part in enumerate(parts):
        where = ".".join(parts[:i]) or "the scenario"
        if isinstance(node, BaseModel):
            if part not in type(node).model_fields:
                close = difflib.get_close_matches(part, list(type(node).model_fields), n=1, cutoff=0.6)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                return f"'{part}' is not a key of {where}{hint}"
            node = getattr(node, part)
        elif isinstance(node, dict):
            key: Any = int(part) if part.isdigit() and int(part) in node else part
            if key not in node:
                return f"'{part}' is not a key of {where} (it has: {', '.join(str(k) for k in node)})"
            node = node[key]
        elif isinstance(node, list):
            return f"{where} is a list; a free parameter cannot be inside a list"
        else:
            return f"{where} is a single value, not a mapping"
    if isinstance(node, bool) or not isinstance(node, float):
        return "must name a number with decimals (not a whole number, text or a section)"
    return ""


def _years_text(years: list[int]) -> str:
    if len(years) <= 3:
        return ", ".join(str(y) for y in years)
    return f"{years[0]}, {years[1]}, ... ({len(years)} years)"


__all__ = [
    "PRIORITY_RULES",
    "SIZE_CLASSES",
    "Allocation",
    "DwellingType",
    "Empirical",
    "Homelessness",
    "HouseholdPersons",
    "InitialState",
    "PopulationPath",
    "Scenario",
    "TargetGroup",
    "TemporaryAccommodation",
    "Tenancy",
]
