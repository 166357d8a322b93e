"""Property-based tests: random valid scenarios run to completion, within their event
budget, with finite outputs and without broken invariants.

Hypothesis draws scenarios across the schema's bounds (issue 19): rates per 1000 up to
``MAX_PER_1000``, hazards up to ``MAX_HAZARD_PER_YEAR``, populations from ``MIN_POPULATION``
to ``MAX_POPULATION``, amounts of NOK up to their bounds, growth and interest rates to
``±MAX_YEARLY_RATE``, durations to ``MAX_DAYS``, the meeting intervals (0 is continuous
allocation, else 1 day to a year), the priority rule, a horizon of one day to five years
starting anywhere from 2010 to 2060, cold start or today's situation, and every instrument
on or off. Large values are drawn often (the edges are sampled on purpose); so that each
example stays quick, the horizon is then cut until the scenario's estimated work
(:func:`sim.budget.estimate_work`) fits ``events`` (a drawn scenario that does not fit in
one day is skipped). A run checks conservation every month (``Model.check_invariants``),
the household states at the end and the money (``sim.invariants``); any break raises
``InvariantError``. The run must schedule no more than ``RUNTIME_FACTOR`` times its
estimate, and every series and KPI must be finite (NaN is allowed: "not yet seen").

The quick profile runs ``QUICK_EXAMPLES`` examples of at most ``QUICK_EVENTS`` estimated
events with up to ``QUICK_COUNT`` dwellings of a type; the slow one (``pytest -m slow``)
runs ``SLOW_EXAMPLES`` with counts up to the schema's ``MAX_COUNT``.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings, target
from hypothesis import strategies as st

import sim
from sim.budget import MAX_EVENTS, estimate_work
from sim.households import State
from sim.invariants import money_problems
from sim.model import Model
from sim.replication import run_model
from sim.scenario import PRIORITY_RULES
from sim.spec.base import (
    MAX_COUNT,
    MAX_HAZARD_PER_YEAR,
    MAX_NOK,
    MAX_PER_1000,
    MAX_POPULATION,
    MAX_YEARLY_RATE,
    MIN_INTEREST_RATE,
    MIN_POPULATION,
)
from sim.spec.distributions import MAX_DAYS

QUICK_EXAMPLES = 150
SLOW_EXAMPLES = 60  # the largest drawn scenarios dominate: 150 took 10 minutes of a 20-minute CI
QUICK_EVENTS = 8_000
SLOW_EVENTS = 50_000
QUICK_COUNT = 300
#: a run may schedule at most this many times the events estimated for it
RUNTIME_FACTOR = 10
GROUPS = ("families", "singles", "refugees")
DWELLINGS = (("small", False), ("medium", False), ("large", False), ("small", True))


def shares(hi: float = 1.0) -> st.SearchStrategy[float]:
    """A probability or share: the edges 0 and ``hi``, typical values, or any in between."""
    typical = [v for v in (0.05, 0.3, 0.5, 0.8) if v <= hi]
    return st.one_of(st.sampled_from([0.0, hi]), st.sampled_from(typical), st.floats(0.0, hi))


def rates(hi: float = MAX_HAZARD_PER_YEAR, typical: float = 2.0) -> st.SearchStrategy[float]:
    """A non-negative rate: zero, a typical value, the bound ``hi``, or any up to it."""
    return st.one_of(st.sampled_from([0.0, typical, hi]), st.floats(0.0, hi))


def amounts(hi: float, typical: float) -> st.SearchStrategy[float]:
    """An amount of NOK: zero, a typical one, the bound, or any up to it."""
    return st.one_of(st.sampled_from([0.0, typical, hi]), st.floats(0.0, hi))


def yearly(signed: bool = False) -> st.SearchStrategy[float]:
    """A growth or interest rate within the schema's ``MAX_YEARLY_RATE``."""
    lo = -MAX_YEARLY_RATE if signed else 0.0
    return st.one_of(st.sampled_from([lo, 0.02, MAX_YEARLY_RATE]), st.floats(lo, MAX_YEARLY_RATE))


def interest() -> st.SearchStrategy[float]:
    """An interest rate: 0, or from the schema's ``MIN_INTEREST_RATE`` to ``MAX_YEARLY_RATE``."""
    return st.one_of(
        st.sampled_from([0.0, MIN_INTEREST_RATE, 0.03, MAX_YEARLY_RATE]),
        st.floats(MIN_INTEREST_RATE, MAX_YEARLY_RATE),
    )


def counts(hi: int) -> st.SearchStrategy[int]:
    """A count: none, a typical number, the bound, or any up to it."""
    return st.one_of(st.sampled_from([0, hi // 10, hi // 3, hi]), st.integers(0, hi))


def durations(lo: float, hi: float = MAX_DAYS, zero: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """A duration distribution (fixed, exponential, log-normal or gamma) up to ``hi`` days."""
    fixed = st.floats(0.0 if zero else lo, hi).map(lambda v: {"dist": "fixed", "value_days": v})
    mean = st.one_of(st.sampled_from([max(lo, 0.01), hi]), st.floats(max(lo, 0.01), hi))
    expo = mean.map(lambda v: {"dist": "exponential", "mean_days": v})
    spread = st.tuples(mean, st.sampled_from([0.001, 0.3, 1.0, 100.0]) | st.floats(0.001, 100.0))
    skewed = st.tuples(st.sampled_from(["lognormal", "gamma"]), spread).map(
        lambda d: {"dist": d[0], "mean_days": d[1][0], "sd_days": min(d[1][0] * d[1][1], MAX_DAYS)}
    )
    return st.one_of(fixed, expo, skewed)


@st.composite
def household_persons(draw: st.DrawFn) -> dict[str, Any]:
    """Household sizes 1-20 with probabilities summing to 1."""
    values = draw(st.lists(st.integers(1, 20), min_size=1, max_size=4, unique=True))
    weights = draw(st.lists(st.floats(0.01, 1.0), min_size=len(values), max_size=len(values)))
    total = sum(weights)
    probs = [w / total for w in weights]
    probs[-1] = 1.0 - sum(probs[:-1])
    return {"values": values, "probabilities": probs}


def income(draw: st.DrawFn) -> dict[str, Any]:
    """Income of a group's households, up to the schema's bounds."""
    return {
        "median_nok_per_year": draw(amounts(MAX_NOK, 250_000)),
        "per_extra_person_nok_per_year": draw(amounts(1e7, 50_000)),
        "sd_log": draw(st.floats(0.0, 3.0)),
        "growth_per_year": draw(yearly(signed=True)),
        "employment_rate_per_year": draw(rates(typical=0.05)),
        "employment_income_factor": draw(st.floats(0.0, 20.0)),
        "programme_years": draw(st.floats(0.0, 10.0)),
        "employment_rate_after_programme_per_year": draw(rates(typical=0.2)),
        "employed_share_at_arrival": draw(shares()),
    }


@st.composite
def group(draw: st.DrawFn) -> dict[str, Any]:
    """One target group's demand and behaviour."""
    return {
        "arrival_rate_per_1000_per_year": draw(rates(MAX_PER_1000, typical=1.0)),
        "household_persons": draw(household_persons()),
        "children_share": draw(shares()),
        "youth": draw(st.booleans()),
        "services_share": draw(shares()),
        "urgent_share": draw(shares()),
        "acute_share": draw(shares()),
        "approval_probability": draw(shares()),
        "offer_refusal_probability": draw(shares()),
        "withdrawal_rate_per_year": draw(rates(typical=0.3)),
        "permanent_need": draw(st.booleans()),
        "renewal_probability": draw(shares()),
        "eviction_rate_per_year": draw(rates(typical=0.01)),
        "move_out_rate_per_year": draw(rates(typical=0.05)),
        "death_or_institution_rate_per_year": draw(rates(typical=0.02)),
        "homelessness": {
            "hospits_share": draw(shares()),
            "hospits_exit_rate_per_year": draw(rates()),
            "hospits_entry_rate_per_year": draw(rates()),
            "own_solution_rate_per_year": draw(rates()),
        },
        "reapply_probability_after_eviction": draw(shares()),
        "reapply_delay": draw(durations(0, zero=True)),
        "income": income(draw),
        "private_rental_success_probability": draw(shares()),
        "private_rental_search_rate_per_year": draw(rates(typical=0.5)),
        "renovation_probability": draw(shares()),
    }


def _end(start: dt.date, days: int) -> str:
    return (start + dt.timedelta(days=days - 1)).isoformat()


@st.composite
def scenario_data(
    draw: st.DrawFn, max_count: int = QUICK_COUNT, events: int = QUICK_EVENTS
) -> dict[str, Any]:
    """A valid scenario as plain data (as a file would give it), cut to fit ``events``."""
    start = draw(st.dates(dt.date(2010, 1, 1), dt.date(2060, 12, 31)))
    days = draw(st.one_of(st.sampled_from([1, 31, 365, 366, 730, 1826]), st.integers(1, 5 * 365)))
    years = list(range(start.year, start.year + 6))
    groups = {g: draw(group()) for g in GROUPS[: draw(st.integers(1, len(GROUPS)))]}
    types = {
        f"type_{i}": {"size_class": size, "services": services, "count": draw(counts(max_count))}
        for i, (size, services) in enumerate(DWELLINGS[: draw(st.integers(1, len(DWELLINGS)))])
    }
    population = st.one_of(
        st.sampled_from([MIN_POPULATION, 17_426, 700_000, MAX_POPULATION]),
        st.integers(MIN_POPULATION, MAX_POPULATION),
    )
    data: dict[str, Any] = {
        "name": "property",
        "start_date": start.isoformat(),
        "end_date": _end(start, days),
        # the second year is after the horizon's end, so the path is never extended beyond it
        "population": {"by_year": {start.year: draw(population), start.year + 6: draw(population)}},
        "groups": groups,
        "dwelling_types": types,
        "allocation": {
            "meeting_interval_days": draw(
                st.one_of(st.sampled_from([0.0, 1.0, 365.0]), st.none(), st.floats(1.0, 365.0))
            ),
            "not_approved_homeless": draw(st.sampled_from(["stay_homeless", "broker", "staffed_housing"])),
            "priority_rule": draw(st.sampled_from(PRIORITY_RULES)),
            "allow_larger_dwelling": draw(st.booleans()),
            "promise_days": draw(st.floats(1.0, 3650.0)),
        },
        "tenancy": {
            "lease": draw(durations(1)),
            "vacancy_turnaround": draw(durations(0, zero=True)),
            "renewal_notice_days": draw(st.floats(0, 3650)),
            "income_limit_nok_per_year": draw(amounts(1e7, 420_000)),
        },
        "temporary_accommodation": {
            "hospits_price_nok_per_night": draw(amounts(100_000, 700)),
            "municipal_units": draw(counts(min(max_count, 50))),
            "municipal_unit_cost_nok_per_year": draw(amounts(1e7, 180_000)),
            "long_stay_days": draw(st.floats(1.0, 3650.0)),
        },
        "initial_state": _initial_state(draw, list(groups), max_count),
        "start_loans": _start_loans(draw, years),
        "private_rental": {
            "guarantees_per_year": draw(rates(100_000, typical=50)),
            "deposit_loans_per_year": draw(rates(100_000, typical=20)),
            "broker_placements_per_year": draw(rates(100_000, typical=12)),
            "direct_guarantee_clients_per_1000_per_year": draw(rates(MAX_PER_1000, typical=1.7)),
        },
        "follow_up": {
            "staff": draw(rates(10_000, typical=1.0)),
            "households_per_staff": draw(st.floats(0.5, 200)),
        },
        "stock_prices": {
            "price_nok_by_size": {s: draw(amounts(MAX_NOK, 3e6)) for s in ("small", "medium", "large")},
            "price_growth_per_year": draw(yearly(signed=True)),
            "care_build_cost_nok": draw(amounts(MAX_NOK, 4e6)),
            "operation_nok_per_dwelling_per_year": draw(amounts(1e7, 45_000)),
            "renovation": draw(durations(0, zero=True)),
        },
        # the levers against homelessness, on and off
        "staffed_housing": {
            "places": draw(st.integers(0, 6)),
            "from_year": draw(st.sampled_from(years)),
            "groups": draw(st.lists(st.sampled_from(list(groups)), unique=True)),
            "refer_approved": draw(st.booleans()),
            "move_on_rate_per_year": draw(rates(3)),
            "dropout_rate_per_year": draw(rates(3)),
            "reapply_after_days": draw(st.floats(1.0, 400.0)),
        },
        "advance_notice": {
            "release_share_by_group": {g: draw(shares()) for g in groups if draw(st.booleans())},
            "notified_share": draw(shares()),
            "days_ahead": draw(st.floats(0.0, 120.0)),
        },
        "regional_offer": {"places": draw(st.integers(0, 4)), "from_year": draw(st.sampled_from(years))},
        "costs": {
            "cost_growth_per_year": draw(yearly(signed=True)),
            "real_discount_rate_per_year": draw(yearly()),
            "inflation_per_year": draw(yearly(signed=True)),
            "borrowing_rate_per_year": draw(st.one_of(st.just(0.0), st.floats(1e-4, 0.25))),
            "borrowing_term_years": draw(st.floats(5, 50)),
            "building_life_years": draw(st.floats(10, 100)),
            "capital_cost_existing_nok_per_dwelling_per_year": draw(amounts(1e7, 60_000)),
        },
    }
    if draw(st.booleans()):
        data["stock_plan"] = _stock_plan(draw, years, types, max_count)
    if draw(st.booleans()):
        first = start + dt.timedelta(days=draw(st.integers(0, days - 1)))
        data["tilvisning_agreements"] = [
            {
                "name": "project",
                "units": draw(st.integers(1, max(1, max_count))),
                "municipal_share": draw(shares()),
                "first_occupancy": first.isoformat(),
                "duration_years": draw(st.floats(0.1, 100)),
                "size_class": draw(st.sampled_from(["small", "medium", "large"])),
                "landlord_refusal_probability": draw(shares()),
            }
        ]
    if draw(st.booleans()):
        data["rent_to_own"] = {
            "units_by_year": {y: draw(st.integers(0, max(3, max_count // 20))) for y in years},
            "selection_rule": draw(st.sampled_from(["children", "income"])),
            "from_tenants": draw(st.booleans()),
            "option_year": draw(st.sampled_from([3, 5])),
            "mortgage_rate_per_year": draw(interest()),
            "min_income_nok_per_year": draw(amounts(MAX_NOK, 300_000)),
        }
    if "refugees" in groups and draw(st.booleans()):
        data["refugee_settlement"] = {
            "group": "refugees",
            "households_by_year": {y: draw(st.floats(0, max(30, max_count))) for y in years},
            "ready_dwelling_required": draw(st.booleans()),
        }
    return fit_to_events(data, start, days, events)


def fit_to_events(data: dict[str, Any], start: dt.date, days: int, events: int) -> dict[str, Any]:
    """Cut the horizon to the longest (of at most ``days``) whose estimated work fits
    ``events`` (a test's budget, far below the schema's); skip the example if even one day
    does not fit."""

    def work(n: int) -> float:
        data["end_date"] = _end(start, n)
        for ag in data.get("tilvisning_agreements", []):
            ag["first_occupancy"] = min(ag["first_occupancy"], data["end_date"])
        try:
            return estimate_work(sim.scenario_from_dict(data)).events
        except sim.ScenarioError:  # over the schema's own budget: far over this one
            return math.inf

    if work(days) <= events:  # most examples fit as drawn: one validation
        return data
    assume(work(1) <= events)
    lo, hi = 1, days  # work(lo) fits, work(hi) does not: find the longest horizon that fits
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if work(mid) <= events else (lo, mid)
    work(lo)
    return data


def _initial_state(draw: st.DrawFn, groups: list[str], max_count: int) -> dict[str, Any]:
    if draw(st.booleans()):
        return {"cold_start": True}
    return {
        "cold_start": False,
        "tenancies": {"occupancy_share": draw(shares())},
        "waiting_list": {
            g: {"count": draw(counts(max_count)), "max_days_already_waited": draw(st.floats(0, 7305))}
            for g in groups
        },
        "temporary_accommodation": {
            g: {"count": draw(counts(max_count // 10)), "max_days_already_waited": draw(st.floats(0, 7305))}
            for g in groups[:1]
        },
        "homeless_other": {
            g: {"count": draw(counts(max_count // 10)), "max_days_already_waited": draw(st.floats(0, 7305))}
            for g in groups[-1:]
        },
    }


def _start_loans(draw: st.DrawFn, years: list[int]) -> dict[str, Any]:
    if not draw(st.booleans()):  # instrument off
        return {
            "budget_nok_per_year": 0.0,
            "direct_applicants_per_1000_per_year": 0.0,
            "consider_waiting_list": False,
            "consider_tenants_at_renewal": "none",
        }
    budget = amounts(1e11, 26e6)
    return {
        "budget_nok_per_year": draw(st.one_of(budget, st.fixed_dictionaries({y: budget for y in years}))),
        "settlement_grant_budget_nok_per_year": draw(amounts(1e11, 1e6)),
        "settlement_grant_max_nok": draw(amounts(1e7, 250_000)),
        "rollover_unspent": draw(st.booleans()),
        "rate_regime": draw(st.sampled_from(["floating_with_margin", "husbanken_recommended", "fixed"])),
        "floating_rate_per_year": draw(interest()),
        "stress_margin_per_year": draw(interest()),
        "husbanken_recommended_rate_per_year": draw(interest()),
        "fixed_rate_per_year": draw(interest()),
        "term_years": draw(st.floats(1, 50)),
        "consumption_norm_nok_per_year": draw(amounts(1e7, 110_000)),
        "consider_waiting_list": draw(st.booleans()),
        "consider_tenants_at_renewal": draw(st.sampled_from(["none", "leaving", "all"])),
        "systematic_survey": draw(st.booleans()),
        "reassess_after_days": draw(st.floats(1, 3650)),
        "meeting_interval_days": draw(st.one_of(st.sampled_from([1.0, 30.4, 366.0]), st.floats(1.0, 366.0))),
        "approval_valid_days": draw(st.floats(1, 730)),
        "purchase_success_probability": draw(shares()),
        "queue_days_direct": draw(st.floats(0, 3650)),
        "direct_applicants_per_1000_per_year": draw(rates(MAX_PER_1000, typical=1.0)),
        "direct_income_median_nok_per_year": draw(amounts(MAX_NOK, 420_000)),
        "default_probability_per_year": draw(shares()),
        "equity_share_of_price": draw(shares(0.5)),
    }


def _stock_plan(
    draw: st.DrawFn, years: list[int], types: dict[str, Any], max_count: int
) -> list[dict[str, Any]]:
    plan = []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(types)))
        instrument = draw(st.sampled_from(["purchase", "sale", "lease", "care_build"]))
        if instrument == "care_build" and not types[name]["services"]:
            instrument = "purchase"
        plan.append(
            {
                "year": draw(st.sampled_from(years)),
                "dwelling_type": name,
                "instrument": instrument,
                "count": draw(counts(max(10, max_count // 10))),
                "contract_years": draw(st.floats(0.1, 100)),
            }
        )
    return plan


def check_run(data: dict[str, Any], seed: int, replication: int) -> None:
    """Validate, run (the model checks its invariants) and check the result's shape."""
    sc = sim.scenario_from_dict(data)  # the strategy only draws valid scenarios
    estimate = estimate_work(sc).events
    assert estimate <= MAX_EVENTS
    m = Model(sc, seed, replication)
    r = run_model(m)  # raises InvariantError on any broken invariant
    scheduled = next(m.env._eid)  # event ids count every event scheduled
    assert scheduled <= RUNTIME_FACTOR * estimate + 1000, (scheduled, estimate)
    assert money_problems(m, r) == []
    assert m.n_created == m.n_exited + len(m.alive)
    assert m.state_counts[State.EXITED] == m.n_exited
    assert m.stock.occupied <= m.stock.size
    n_years = len(r.years)
    assert n_years == sc.end_date.year - sc.start_date.year + 1
    for name, v in r.yearly.items():
        assert len(v) == n_years, name
        assert not np.any(np.isinf(v)), name
    for name, v in r.monthly.items():
        assert not np.any(np.isinf(v)), name
    for name, v in r.kpis.items():
        assert not math.isinf(v), name
    for name in ("waiting_list_end", "homeless_mean", "temp_nights", "allocations", "arrivals"):
        assert r.kpis[name] >= 0, name
    # the pathway account adds up to the totals in every year (and never goes negative)
    paths = ("awaiting_decision", "on_list", "not_approved", "after_eviction")
    nights = sum(r.yearly[f"temp_nights_{p}"] for p in paths)
    homeless = sum(r.yearly[f"homeless_mean_{p}"] for p in paths)
    np.testing.assert_allclose(nights, r.yearly["temp_nights"], rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(homeless, r.yearly["homeless_mean"], rtol=1e-9, atol=1e-9)
    assert all(np.all(r.yearly[f"temp_nights_{p}"] >= -1e-6) for p in paths)
    assert np.all(r.yearly["hospits_nights"] >= -1e-6)
    # steer the search towards busy scenarios, where the instruments interact most
    target(float(m.n_created), label="households")
    target(r.kpis["allocations"] + r.kpis["evictions"] + r.kpis["start_loans"], label="moves")


@settings(
    max_examples=QUICK_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(data=scenario_data(), seed=st.integers(0, 2**32 - 1), replication=st.integers(0, 10_000))
def test_random_valid_scenarios_keep_every_invariant(
    data: dict[str, Any], seed: int, replication: int
) -> None:
    check_run(data, seed, replication)


@settings(
    max_examples=SLOW_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(
    data=scenario_data(max_count=MAX_COUNT, events=SLOW_EVENTS),
    seed=st.integers(0, 2**32 - 1),
    replication=st.integers(0, 10_000),
)
def _slow_property(data: dict[str, Any], seed: int, replication: int) -> None:
    check_run(data, seed, replication)


@pytest.mark.slow
def test_random_valid_scenarios_keep_every_invariant_large_profile() -> None:
    """The same property with more examples, counts up to the schema's bounds and a larger
    budget per example."""
    _slow_property()


def test_strategy_draws_valid_scenarios_with_instruments_on_and_off() -> None:
    """The strategy reaches the corners the property is meant to cover."""
    seen: dict[str, set] = {"cold": set(), "continuous": set(), "rule": set(), "loans": set(), "days": set()}
    edges: dict[str, bool] = {"population": False, "rate": False, "hazard": False, "price": False}

    @settings(max_examples=150, deadline=None, database=None)
    @given(scenario_data())
    def collect(data: dict[str, Any]) -> None:
        sc = sim.scenario_from_dict(data)
        seen["cold"].add(sc.initial_state.cold_start)
        seen["continuous"].add(sc.allocation.meeting_interval_days == 0)
        seen["rule"].add(sc.allocation.priority_rule)
        seen["loans"].add(sc.start_loans.budget_nok_per_year == 0)
        seen["days"].add(sc.horizon_days() == 1)
        groups = sc.groups.values()
        edges["population"] |= max(sc.population.by_year.values()) == MAX_POPULATION
        edges["rate"] |= any(g.arrival_rate_per_1000_per_year == MAX_PER_1000 for g in groups)
        edges["hazard"] |= any(g.withdrawal_rate_per_year == MAX_HAZARD_PER_YEAR for g in groups)
        edges["price"] |= sc.stock_prices.price_nok_by_size["small"] == MAX_NOK

    collect()
    assert seen["cold"] == seen["continuous"] == seen["loans"] == seen["days"] == {True, False}
    assert seen["rule"] == set(PRIORITY_RULES)
    assert all(edges.values()), edges  # the bounds themselves are drawn, not only values inside
