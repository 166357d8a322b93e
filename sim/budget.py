"""What a scenario costs to run, estimated before it runs: the event budget (issue 19).

Every field has bounds a municipality could plausibly need, but bounds field by field do
not bound a run: a valid arrival rate times a valid population times a valid horizon can
still mean hundreds of millions of households. So validation estimates the work a
replication implies, in scheduled events (the model's unit of work: about four per
household, each 15-25 µs of CPU on the 2-core development machine), and refuses a scenario
above :data:`MAX_EVENTS`, with the estimate and its largest part in the message.

The estimate (:func:`estimate_work`) adds, for one replication:

- **households** x :data:`EVENTS_PER_HOUSEHOLD`: expected arrivals (rate x the population
  path x the horizon, or the settlement quota), today's tenants and waiting households;
- **waiting and homeless hazards**: the withdrawal and search hazards of approved
  households and the hospits hazards of homeless ones (acute arrivals and those homeless
  today) over the time they wait or are homeless (taken as half the horizon, at most
  :data:`YEARS_WAITING` year);
- **lease ends**: dwellings x the horizon / the mean lease;
- **outside applicants**: first-time buyers and guarantee clients from outside the system;
- **dwellings** bought, leased, built, nominated or bought for rent-to-own;
- **meetings and ticks**: decision-team and start-loan meetings, broker rounds, months.

It is an estimate, not a bound: a run whose waiting list grows for decades (households
searching every month for 30 years) can do more. :class:`sim.clock.Clock` therefore also
stops any replication that schedules more than :data:`RUNTIME_LIMIT` events (ten times the
budget), so no valid scenario can run without end.

``scenarios/scaled_60x.yaml`` (1.4 million inhabitants, 12,600 dwellings, 2016-2040)
is estimated at about 2 % of the budget (:func:`estimate_work` says how much exactly).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.calendar import DAYS_PER_YEAR
from sim.errors import HIDDEN, FieldValueError
from sim.limits import MAX_EVENTS
from sim.population import log_population_days
from sim.spec.base import MAX_POPULATION, MIN_POPULATION

if TYPE_CHECKING:
    from sim.scenario import Scenario  # (the schema names itself in annotations)

#: CPU time per scheduled event used to say what the budget means (measured: 15-25 µs)
SECONDS_PER_EVENT = 20e-6
#: scheduled events per household over its life (measured: 3.6-4.3 in every scenario file)
EVENTS_PER_HOUSEHOLD = 4.0
#: years a household is assumed to spend waiting or homeless, at most (see the module doc)
YEARS_WAITING = 1.0
#: days between the rental broker's rounds and between monthly ticks (see sim.model)
_ROUND_DAYS = 30.4


@dataclass(frozen=True)
class Part:
    """One part of the estimate: events, what they are, and the field that drives them most."""

    label: str
    events: float
    path: tuple[str | int, ...]
    hint: str
    scalar: bool = True  # whether the field at ``path`` is one number (shown as "got")


@dataclass(frozen=True)
class WorkEstimate:
    """Events one replication of a scenario is estimated to schedule, by part."""

    parts: tuple[Part, ...]

    @property
    def events(self) -> float:
        """The estimate: the sum of the parts."""
        return float(sum(p.events for p in self.parts))

    @property
    def largest(self) -> Part:
        """The part that contributes most."""
        return max(self.parts, key=lambda p: p.events)

    @property
    def seconds(self) -> float:
        """What the estimate means in CPU seconds per replication (at :data:`SECONDS_PER_EVENT`)."""
        return self.events * SECONDS_PER_EVENT

    def breakdown(self) -> str:
        """The parts that matter, largest first: ``households 3.1e+08, lease ends 2.2e+05``."""
        shown = sorted((p for p in self.parts if p.events >= 0.01 * self.events), key=lambda p: -p.events)
        return ", ".join(f"{p.label} {p.events:.2g}" for p in shown[:4])


def _log_population(sc: Scenario) -> tuple[float, ...]:
    """The daily log population of ``sc``, computed once for both checks of a validation."""
    return _log_population_cached(tuple(sc.population.by_year.items()), sc.start_date, sc.horizon_days())


@functools.lru_cache(maxsize=8)
def _log_population_cached(by_year: tuple, start: dt.date, days: int) -> tuple[float, ...]:
    return tuple(log_population_days(dict(by_year), start, days))


def _minutes(seconds: float) -> str:
    return f"about {seconds / 60:.0f} minutes" if seconds >= 90 else f"about {seconds:.0f} seconds"


def population_problem(sc: Scenario) -> FieldValueError | None:
    """The population path (continued before its first and after its last year at the growth
    rate of the nearest years) must stay within 100 to 2,000,000 inhabitants over the horizon:
    outside, arrivals explode or per-1000 figures become meaningless."""
    log_pop = _log_population(sc)
    lo, hi = math.log(MIN_POPULATION), math.log(MAX_POPULATION)
    day = next((i for i, x in enumerate(log_pop) if not lo - 1e-9 <= x <= hi + 1e-9), None)
    if day is None:
        return None
    year = sc.start_date.year if day == 0 else (sc.start_date + dt.timedelta(days=day)).year
    first, last = min(sc.population.by_year), max(sc.population.by_year)
    before = year < first
    where = (
        f"before {first}, where it is continued back" if before else f"after {last}, where it is continued"
    )
    value = math.exp(min(max(float(log_pop[day]), -700.0), 700.0))
    fix = "the start year" if before else "a later year"
    return FieldValueError(
        f"the population path leaves {MIN_POPULATION:,} to {MAX_POPULATION:,} inhabitants in "
        f"{year} ({value:,.0f}) {where} at the growth rate of its nearest years; give "
        f"the population for {fix}",
        "population",
        "by_year",
        value=HIDDEN,
    )


def estimate_work(sc: Scenario) -> WorkEstimate:
    """Events one replication of ``sc`` is estimated to schedule (see the module doc).

    Call it on a scenario whose population path passed :func:`population_problem`.
    """
    days = sc.horizon_days()
    years = days / DAYS_PER_YEAR
    person_years = math.fsum(map(math.exp, _log_population(sc))) / DAYS_PER_YEAR
    per_1000 = person_years / 1000.0  # expected events of a rate of 1 per 1000 per year
    quota = sc.refugee_settlement
    parts: list[Part] = []

    # households: arrivals by group, today's tenants and waiting households
    arrivals: dict[str, float] = {}
    for name, g in sc.groups.items():
        if quota.households_by_year and name == quota.group:
            first, last = sc.start_date.year, sc.end_date.year
            arrivals[name] = float(sum(n for y, n in quota.households_by_year.items() if first <= y <= last))
        else:
            arrivals[name] = g.arrival_rate_per_1000_per_year * per_1000
    init = sc.initial_state
    initial = 0.0
    if not init.cold_start:
        initial = sc.total_dwellings() * init.tenancies.occupancy_share
        for mapping in (init.waiting_list, init.temporary_accommodation, init.homeless_other):
            initial += sum(c.count for c in mapping.values())
    busiest = max(arrivals, key=lambda k: arrivals[k])
    households = sum(arrivals.values()) + initial
    parts.append(
        Part(
            "households",
            EVENTS_PER_HOUSEHOLD * households,
            ("groups", busiest, "arrival_rate_per_1000_per_year"),
            "lower the arrival rates or the population, or end the horizon earlier",
        )
    )

    # hazards while waiting (approved households) or homeless (acute arrivals and those
    # homeless today), repeated for as long as that lasts
    stay = min(years / 2.0, YEARS_WAITING)
    homeless_today: dict[str, float] = {}
    if not init.cold_start:
        for mapping in (init.temporary_accommodation, init.homeless_other):
            for name, c in mapping.items():
                homeless_today[name] = homeless_today.get(name, 0.0) + c.count
    hazard_events: dict[tuple[str, str], float] = {}
    for name, g in sc.groups.items():
        h = g.homelessness
        waiting = arrivals[name] * g.approval_probability * stay
        homeless = (arrivals[name] * g.acute_share + homeless_today.get(name, 0.0)) * stay
        hazard_events[(name, "withdrawal_rate_per_year")] = waiting * g.withdrawal_rate_per_year
        hazard_events[(name, "private_rental_search_rate_per_year")] = (
            waiting * g.private_rental_search_rate_per_year
        )
        hazard_events[(name, "homelessness")] = homeless * (
            h.hospits_exit_rate_per_year + h.hospits_entry_rate_per_year + h.own_solution_rate_per_year
        )
    (hg, hf) = max(hazard_events, key=lambda k: hazard_events[k])
    parts.append(
        Part(
            "waiting and homeless hazards",
            sum(hazard_events.values()),
            ("groups", hg, hf),
            "lower the hazards per year",
            scalar=hf != "homelessness",
        )
    )

    # dwellings: today's stock and every one added during the horizon
    added = 0.0
    for a in sc.stock_plan:
        if a.instrument != "sale":
            added += a.count * len([y for y in a.years() if sc.start_date.year <= y <= sc.end_date.year])
    added += sum(ag.nominated_units() for ag in sc.tilvisning_agreements)
    added += sum(sc.rent_to_own.units_by_year.values())
    dwellings = sc.total_dwellings() + added
    parts.append(Part("dwellings", 2.0 * added, ("stock_plan",), "add fewer dwellings", scalar=False))
    lease_days = max(sc.tenancy.lease.mean(), 1.0)
    parts.append(
        Part(
            "lease ends",
            dwellings * days / lease_days,
            ("tenancy", "lease"),
            "lengthen the leases or shrink the stock",
            scalar=False,
        )
    )

    # applicants from outside the housing system (assessed at start-loan meetings)
    loans = sc.start_loans
    parts.append(
        Part(
            "outside applicants",
            2.0 * loans.direct_applicants_per_1000_per_year * per_1000
            + sc.private_rental.direct_guarantee_clients_per_1000_per_year * per_1000,
            ("start_loans", "direct_applicants_per_1000_per_year"),
            "lower the rates of applicants from outside the system",
        )
    )

    # meetings and ticks
    alloc = sc.allocation
    # each decision team meets at its own interval (an override of 0 means continuous)
    team_meetings = sum(days / alloc.interval(t) for t in alloc.teams if alloc.interval(t) > 0)
    meetings = team_meetings + days / loans.meeting_interval_days
    meetings += 2.0 * days / _ROUND_DAYS + years
    parts.append(
        Part(
            "meetings",
            meetings,
            ("allocation", "meeting_interval_days"),
            "meet less often, or end the horizon earlier",
        )
    )
    return WorkEstimate(tuple(parts))


def budget_problem(sc: Scenario) -> FieldValueError | None:
    """A :class:`~sim.errors.FieldValueError` naming the largest part when ``sc`` is
    estimated above :data:`MAX_EVENTS` events per replication, else None."""
    work = estimate_work(sc)
    if work.events <= MAX_EVENTS:
        return None
    part = work.largest
    budget = _minutes(MAX_EVENTS * SECONDS_PER_EVENT)
    return FieldValueError(
        f"the scenario would take too long to run: about {work.events:.2g} events per replication "
        f"({work.breakdown()}), more than the budget of {MAX_EVENTS:,} ({budget} of CPU per "
        f"replication); {part.hint}",
        *part.path,
        **({} if part.scalar else {"value": HIDDEN}),
    )


def describe(sc: Scenario) -> dict[str, Any]:
    """The estimate as plain data (for ``boligflyt validate --json`` and the docs)."""
    work = estimate_work(sc)
    return {
        "events": work.events,
        "budget": MAX_EVENTS,
        "share_of_budget": work.events / MAX_EVENTS,
        "cpu_seconds": work.seconds,
        "parts": {p.label: p.events for p in work.parts},
    }
