"""Property-based tests: random valid scenarios run without exceptions or broken invariants.

Hypothesis draws scenarios within the schema's bounds from a small strategy over the key
fields: rates and shares (the edges 0 and 1 included), dwelling counts, the meeting
interval (0 is continuous allocation), the priority rule, a horizon of one day to five
years starting anywhere from 2010 to 2060, cold start or today's situation, and every
instrument on or off. A run checks conservation every month (``Model.check_invariants``),
the household states at the end and the money (``sim.invariants``); any break raises
``InvariantError``, which fails the test with the seed and replication.

The quick profile runs ``QUICK_EXAMPLES`` examples; the slow one (``pytest -m slow``) runs
``SLOW_EXAMPLES`` with bigger populations.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, target
from hypothesis import strategies as st

import sim
from sim.households import State
from sim.invariants import money_problems
from sim.model import Model
from sim.replication import run_model
from sim.scenario import PRIORITY_RULES

QUICK_EXAMPLES = 150
SLOW_EXAMPLES = 400
GROUPS = ("families", "singles", "refugees")
DWELLINGS = (("small", False), ("medium", False), ("large", False), ("small", True))


def shares() -> st.SearchStrategy[float]:
    """A probability or share: the edges 0 and 1, typical values, or any in between."""
    return st.one_of(st.sampled_from([0.0, 1.0]), st.sampled_from([0.05, 0.3, 0.5, 0.8]), st.floats(0.0, 1.0))


def rates(hi: float) -> st.SearchStrategy[float]:
    """A non-negative rate per year: zero, a typical value, or any up to ``hi``."""
    return st.one_of(st.just(0.0), st.sampled_from([hi / 20, hi / 4]), st.floats(0.0, hi))


def counts(hi: int) -> st.SearchStrategy[int]:
    """A count: none, a typical number, or any up to ``hi``."""
    return st.one_of(st.sampled_from([0, hi // 10, hi // 3]), st.integers(0, hi))


def durations(lo: float, hi: float, zero: bool = False) -> st.SearchStrategy[dict[str, Any]]:
    """A fixed or exponential duration distribution."""
    fixed = st.floats(0.0 if zero else lo, hi).map(lambda v: {"dist": "fixed", "value_days": v})
    expo = st.floats(max(lo, 0.01), hi).map(lambda v: {"dist": "exponential", "mean_days": v})
    return st.one_of(fixed, expo)


@st.composite
def household_persons(draw: st.DrawFn) -> dict[str, Any]:
    """Household sizes 1-8 with probabilities summing to 1."""
    values = draw(st.lists(st.integers(1, 8), min_size=1, max_size=4, unique=True))
    weights = draw(st.lists(st.floats(0.01, 1.0), min_size=len(values), max_size=len(values)))
    total = sum(weights)
    probs = [w / total for w in weights]
    probs[-1] = 1.0 - sum(probs[:-1])
    return {"values": values, "probabilities": probs}


@st.composite
def group(draw: st.DrawFn, max_rate: float) -> dict[str, Any]:
    """One target group's demand and behaviour."""
    return {
        "arrival_rate_per_1000_per_year": draw(st.floats(0.0, max_rate)),
        "household_persons": draw(household_persons()),
        "children_share": draw(shares()),
        "youth": draw(st.booleans()),
        "services_share": draw(shares()),
        "urgent_share": draw(shares()),
        "acute_share": draw(shares()),
        "approval_probability": draw(shares()),
        "offer_refusal_probability": draw(shares()),
        "withdrawal_rate_per_year": draw(rates(5)),
        "permanent_need": draw(st.booleans()),
        "renewal_probability": draw(shares()),
        "eviction_rate_per_year": draw(rates(2)),
        "move_out_rate_per_year": draw(rates(2)),
        "death_or_institution_rate_per_year": draw(rates(1)),
        "homelessness": {
            "hospits_share": draw(shares()),
            "hospits_exit_rate_per_year": draw(rates(12)),
            "hospits_entry_rate_per_year": draw(rates(12)),
            "own_solution_rate_per_year": draw(rates(12)),
        },
        "reapply_probability_after_eviction": draw(shares()),
        "reapply_delay": draw(durations(0, 400, zero=True)),
        "private_rental_success_probability": draw(shares()),
        "private_rental_search_rate_per_year": draw(rates(5)),
        "renovation_probability": draw(shares()),
    }


@st.composite
def scenario_data(draw: st.DrawFn, max_population: int = 30_000, max_rate: float = 8.0) -> dict[str, Any]:
    """A valid scenario as plain data (as a file would give it)."""
    start = draw(st.dates(dt.date(2010, 1, 1), dt.date(2060, 12, 31)))
    days = draw(st.one_of(st.sampled_from([1, 31, 365, 366, 730, 1826]), st.integers(1, 5 * 365)))
    end = start + dt.timedelta(days=days - 1)
    years = list(range(start.year, end.year + 1))
    groups = {g: draw(group(max_rate)) for g in GROUPS[: draw(st.integers(1, len(GROUPS)))]}
    types = {
        f"type_{i}": {"size_class": size, "services": services, "count": draw(counts(120))}
        for i, (size, services) in enumerate(DWELLINGS[: draw(st.integers(1, len(DWELLINGS)))])
    }
    pop = draw(st.one_of(st.sampled_from([2_000, 17_426, max_population]), st.integers(100, max_population)))
    data: dict[str, Any] = {
        "name": "property",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "population": {"by_year": {start.year: pop, start.year + 5: draw(st.integers(100, max_population))}},
        "groups": groups,
        "dwelling_types": types,
        "allocation": {
            "meeting_interval_days": draw(st.one_of(st.just(0.0), st.none(), st.floats(1.0, 90.0))),
            "not_approved_homeless": draw(st.sampled_from(["stay_homeless", "broker", "staffed_housing"])),
            "priority_rule": draw(st.sampled_from(PRIORITY_RULES)),
            "allow_larger_dwelling": draw(st.booleans()),
            "promise_days": draw(st.floats(1.0, 400.0)),
        },
        "tenancy": {
            "lease": draw(durations(1, 2000)),
            "vacancy_turnaround": draw(durations(0, 90, zero=True)),
            "renewal_notice_days": draw(st.floats(0, 400)),
        },
        "temporary_accommodation": {
            "municipal_units": draw(st.integers(0, 5)),
            "long_stay_days": draw(st.floats(1.0, 200.0)),
        },
        "initial_state": _initial_state(draw, list(groups)),
        "start_loans": _start_loans(draw),
        "private_rental": {
            "guarantees_per_year": draw(rates(100)),
            "deposit_loans_per_year": draw(rates(20)),
            "broker_placements_per_year": draw(rates(20)),
            "direct_guarantee_clients_per_1000_per_year": draw(rates(3)),
        },
        "follow_up": {"staff": draw(rates(3))},
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
            "cost_growth_per_year": draw(st.floats(-0.1, 0.1)),
            "real_discount_rate_per_year": draw(st.floats(0.0, 0.1)),
            "inflation_per_year": draw(st.floats(0.0, 0.06)),
            "borrowing_rate_per_year": draw(st.floats(0.0, 0.1)),
            "borrowing_term_years": draw(st.floats(5, 50)),
            "building_life_years": draw(st.floats(10, 100)),
        },
    }
    if draw(st.booleans()):
        data["stock_plan"] = _stock_plan(draw, years, types)
    if draw(st.booleans()):
        first = start + dt.timedelta(days=draw(st.integers(0, days - 1)))
        data["tilvisning_agreements"] = [
            {
                "name": "project",
                "units": draw(st.integers(1, 40)),
                "municipal_share": draw(shares()),
                "first_occupancy": first.isoformat(),
                "duration_years": draw(st.floats(0.1, 30)),
                "size_class": draw(st.sampled_from(["small", "medium", "large"])),
                "landlord_refusal_probability": draw(shares()),
            }
        ]
    if draw(st.booleans()):
        data["rent_to_own"] = {
            "units_by_year": {y: draw(st.integers(0, 3)) for y in years},
            "selection_rule": draw(st.sampled_from(["children", "income"])),
            "from_tenants": draw(st.booleans()),
            "option_year": draw(st.sampled_from([3, 5])),
        }
    if "refugees" in groups and draw(st.booleans()):
        data["refugee_settlement"] = {
            "group": "refugees",
            "households_by_year": {y: draw(st.floats(0, 30)) for y in years},
            "ready_dwelling_required": draw(st.booleans()),
        }
    return data


def _initial_state(draw: st.DrawFn, groups: list[str]) -> dict[str, Any]:
    if draw(st.booleans()):
        return {"cold_start": True}
    return {
        "cold_start": False,
        "tenancies": {"occupancy_share": draw(shares())},
        "waiting_list": {
            g: {"count": draw(st.integers(0, 15)), "max_days_already_waited": draw(st.floats(0, 400))}
            for g in groups
        },
        "temporary_accommodation": {
            g: {"count": draw(st.integers(0, 4)), "max_days_already_waited": draw(st.floats(0, 200))}
            for g in groups[:1]
        },
    }


def _start_loans(draw: st.DrawFn) -> dict[str, Any]:
    if not draw(st.booleans()):  # instrument off
        return {
            "budget_nok_per_year": 0.0,
            "direct_applicants_per_1000_per_year": 0.0,
            "consider_waiting_list": False,
            "consider_tenants_at_renewal": "none",
        }
    return {
        "budget_nok_per_year": draw(st.one_of(st.just(0.0), st.floats(0, 60_000_000))),
        "rollover_unspent": draw(st.booleans()),
        "rate_regime": draw(st.sampled_from(["floating_with_margin", "husbanken_recommended", "fixed"])),
        "consider_waiting_list": draw(st.booleans()),
        "consider_tenants_at_renewal": draw(st.sampled_from(["none", "leaving", "all"])),
        "systematic_survey": draw(st.booleans()),
        "purchase_success_probability": draw(shares()),
        "direct_applicants_per_1000_per_year": draw(rates(8)),
        "default_probability_per_year": draw(st.one_of(st.just(0.0), st.floats(0, 0.2))),
        "equity_share_of_price": draw(shares()),
    }


def _stock_plan(draw: st.DrawFn, years: list[int], types: dict[str, Any]) -> list[dict[str, Any]]:
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
                "count": draw(st.integers(0, 10)),
                "contract_years": draw(st.floats(0.1, 10)),
            }
        )
    return plan


def check_run(data: dict[str, Any], seed: int, replication: int) -> None:
    """Validate, run (the model checks its invariants) and check the result's shape."""
    sc = sim.scenario_from_dict(data)  # the strategy only draws valid scenarios
    m = Model(sc, seed, replication)
    r = run_model(m)  # raises InvariantError on any broken invariant
    assert money_problems(m, r) == []
    assert m.n_created == m.n_exited + len(m.alive)
    assert m.state_counts[State.EXITED] == m.n_exited
    assert m.stock.occupied <= m.stock.size
    n_years = len(r.years)
    assert n_years == sc.end_date.year - sc.start_date.year + 1
    for name, v in r.yearly.items():
        assert len(v) == n_years, name
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
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=scenario_data(), seed=st.integers(0, 2**32 - 1), replication=st.integers(0, 10_000))
def test_random_valid_scenarios_keep_every_invariant(
    data: dict[str, Any], seed: int, replication: int
) -> None:
    check_run(data, seed, replication)


@settings(
    max_examples=SLOW_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    data=scenario_data(max_population=150_000, max_rate=15.0),
    seed=st.integers(0, 2**32 - 1),
    replication=st.integers(0, 10_000),
)
def _slow_property(data: dict[str, Any], seed: int, replication: int) -> None:
    check_run(data, seed, replication)


@pytest.mark.slow
def test_random_valid_scenarios_keep_every_invariant_large_profile() -> None:
    """The same property with more examples and populations up to 150,000."""
    _slow_property()


def test_strategy_draws_valid_scenarios_with_instruments_on_and_off() -> None:
    """The strategy reaches the corners the property is meant to cover."""
    seen: dict[str, set] = {"cold": set(), "continuous": set(), "rule": set(), "loans": set(), "days": set()}

    @settings(max_examples=150, deadline=None, database=None)
    @given(scenario_data())
    def collect(data: dict[str, Any]) -> None:
        sc = sim.scenario_from_dict(data)
        seen["cold"].add(sc.initial_state.cold_start)
        seen["continuous"].add(sc.allocation.meeting_interval_days == 0)
        seen["rule"].add(sc.allocation.priority_rule)
        seen["loans"].add(sc.start_loans.budget_nok_per_year == 0)
        seen["days"].add(sc.horizon_days() == 1)

    collect()
    assert seen["cold"] == seen["continuous"] == seen["loans"] == seen["days"] == {True, False}
    assert seen["rule"] == set(PRIORITY_RULES)
