"""Unit tests without SimPy: distributions, priority rules, waiting list, renewal, streams."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from pydantic import TypeAdapter, ValidationError

from sim.demography import arrival_times, daily_population
from sim.distributions import discrete_sampler, exponential_time
from sim.households import Household, Slot
from sim.rng import FateBlocks, stream
from sim.scenario import PopulationPath, TargetGroup
from sim.spec.distributions import Distribution
from sim.tenancies import Decision, renewal_decision
from sim.waiting_list import (
    WaitingList,
    choose_household,
    fitting_needs,
    key_children_first,
    key_fifo,
    key_priority,
)

DIST = TypeAdapter(Distribution)
U = np.random.default_rng(0).random(200_000)


@pytest.mark.parametrize(
    ("spec", "mean", "sd"),
    [
        ({"dist": "fixed", "value_days": 30}, 30, 0),
        ({"dist": "exponential", "mean_days": 40}, 40, 40),
        ({"dist": "lognormal", "mean_days": 90, "sd_days": 45}, 90, 45),
        ({"dist": "gamma", "mean_days": 60, "sd_days": 20}, 60, 20),
        ({"dist": "empirical", "values_days": [10, 20, 40], "probabilities": [0.5, 0.3, 0.2]}, 19, None),
    ],
)
def test_distribution_moments(spec, mean, sd):
    d = DIST.validate_python(spec)
    draw = d.sampler()
    x = np.array([draw(u) for u in U[:50_000]])
    assert x.mean() == pytest.approx(mean, rel=0.02, abs=1e-9)
    if sd is not None:
        assert x.std() == pytest.approx(sd, rel=0.03, abs=1e-9)
    assert d.mean() == pytest.approx(mean)


def test_distribution_is_monotone_in_u():
    """Inversion: a larger uniform never gives a shorter duration (keeps CRN strong)."""
    for spec in (
        {"dist": "exponential", "mean_days": 10},
        {"dist": "lognormal", "mean_days": 10, "sd_days": 5},
        {"dist": "gamma", "mean_days": 10, "sd_days": 3},
    ):
        draw = DIST.validate_python(spec).sampler()
        xs = [draw(u) for u in np.linspace(0.001, 0.999, 100)]
        assert all(b >= a for a, b in itertools.pairwise(xs))


@pytest.mark.parametrize(
    "spec",
    [
        {"dist": "exponential", "mean_days": -1},
        {"dist": "fixed", "value_days": float("nan")},
        {"dist": "weibull", "mean_days": 3},
        {"dist": "empirical", "values_days": [1, 2], "probabilities": [0.5, 0.6]},
        {"dist": "empirical", "values_days": [1, 2], "probabilities": [1.0]},
    ],
)
def test_bad_distributions_rejected(spec):
    with pytest.raises(ValidationError):
        DIST.validate_python(spec)


def test_discrete_sampler_and_exponential_time():
    draw = discrete_sampler(["a", "b"], [0.25, 0.75])
    assert draw(0.0) == "a" and draw(0.2499) == "a" and draw(0.25) == "b" and draw(0.9999) == "b"
    assert exponential_time(0.0, 0.5) == math.inf
    assert exponential_time(1.0, 1 - math.exp(-2)) == pytest.approx(2.0)


def test_priority_keys():
    assert key_fifo(True, True, 5.0) > key_fifo(False, False, 1.0)
    # priority: urgent before children before date
    assert key_priority(True, False, 9.0) < key_priority(False, True, 1.0)
    assert key_priority(False, True, 9.0) < key_priority(False, False, 1.0)
    # children first: children before urgent
    assert key_children_first(False, True, 9.0) < key_children_first(True, False, 1.0)


_HIDS = iter(range(1, 10**6))


def _H(need):
    """A household needing ``need`` (real ones: the compiled waiting list takes no stand-ins)."""
    hh = Household(next(_HIDS), "g", 0, 0, [0.5] * Slot.WIDTH)
    hh.need_key = need
    return hh


def test_waiting_list_heap_and_lazy_removal():
    wl = WaitingList([(0, False), (1, False)])
    a, b, c = _H((0, False)), _H((0, False)), _H((1, False))
    wl.push(a, (2.0,))
    wl.push(b, (1.0,))
    wl.push(c, (0.5,))
    assert len(wl) == 3
    assert wl.head((0, False))[2] is b
    wl.remove(b)
    assert len(wl) == 2
    assert wl.head((0, False))[2] is a
    assert wl.pop_head((0, False)) is a
    assert wl.head((0, False)) is None
    assert wl.households() == [c]
    # re-joining gets a fresh entry; the stale one is skipped
    wl.push(a, (9.0,))
    assert wl.head((0, False))[2] is a and wl.head((0, False))[0] == (9.0,)


def test_choose_household_prefers_exact_fit_then_priority():
    exact = ((1.0,), 1, _H((1, False)))
    smaller_better = ((0.1,), 2, _H((0, False)))
    smaller_worse = ((0.5,), 3, _H((0, False)))
    assert choose_household([exact, smaller_better]) == 0
    assert choose_household([None, smaller_worse, smaller_better]) == 2
    assert choose_household([None, None]) is None
    assert fitting_needs(2, False, True) == [(2, False), (1, False), (0, False)]
    assert fitting_needs(1, True, False) == [(1, True)]


def test_renewal_decision():
    g = TargetGroup(renewal_probability=0.3)
    assert renewal_decision(g, 0.29) is Decision.RENEW
    assert renewal_decision(g, 0.31) is Decision.MOVE_OUT
    assert renewal_decision(TargetGroup(permanent_need=True), 0.99) is Decision.INDEFINITE


def test_streams_keyed_by_name_not_position():
    a1 = stream(1, 0, "arrivals:youth").random(3)
    stream(1, 0, "something:new").random(10)  # a new stream does not shift others
    a2 = stream(1, 0, "arrivals:youth").random(3)
    np.testing.assert_array_equal(a1, a2)
    assert not np.array_equal(a1, stream(1, 0, "arrivals:refugees").random(3))
    assert not np.array_equal(a1, stream(1, 1, "arrivals:youth").random(3))


def test_fate_blocks_chunking_is_invisible():
    """Row i is the same whether rows are drawn one chunk or many chunks at a time."""
    fb = FateBlocks(stream(3, 0, "fates:x"), 4)
    rows = [fb.row(i) for i in range(1200)]
    whole = stream(3, 0, "fates:x").random((2048, 4))
    np.testing.assert_array_equal(np.array(rows), whole[:1200])
    with pytest.raises(IndexError):
        fb.row(3)


def test_population_path_and_arrivals():
    path = PopulationPath(by_year={2016: 1000, 2026: 2000})
    import datetime as dt

    pop = daily_population(path.by_year, dt.date(2016, 1, 1), 3653)
    assert pop[0] == pytest.approx(1000, rel=1e-3)
    assert pop[-1] == pytest.approx(2000, rel=1e-3)
    assert pop[1826] == pytest.approx(1000 * math.sqrt(2), rel=2e-3)  # log-linear midpoint
    # NHPP: expected count = integral of the rate
    counts = [len(arrival_times(10.0, pop, stream(s, 0, "a"))) for s in range(200)]
    expected = 10.0 * pop.sum() / 1000 / 365.25
    assert np.mean(counts) == pytest.approx(expected, rel=0.02)
    t = arrival_times(10.0, pop, stream(1, 0, "a"))
    assert (np.diff(t) >= 0).all() and t.min() >= 0 and t.max() < len(pop)
    # more arrivals where the population is larger
    assert (t > len(pop) / 2).sum() > (t < len(pop) / 2).sum()


def test_cached_year_lookup_agrees_with_year_index() -> None:
    """The model caches the current year's interval; any order of times must give year_index."""
    import random

    from sim.calendar import year_index
    from sim.loader import load_scenario
    from sim.model import Model

    m = Model(load_scenario("scenarios/baseline.yaml"), 1, 0)
    rng = random.Random(2)
    b = m.year_bounds
    times = [rng.uniform(-400, b[-1] + 400) for _ in range(3000)] + list(b) + [-1e-9, b[-1] - 1e-9]
    rng.shuffle(times)
    for t in times:
        assert m._year(t) == year_index(b, t), t


def test_levels_integrate_piecewise_constant_levels_by_month() -> None:
    """Known answer: a level of 2 for 10 days then 5 for 20 days integrates to 120."""
    from sim.metrics import Levels

    lv = Levels(["a", "b"], 2)
    lv.add(0, 2, 0.0)
    lv.add2(0, 3, 1, -1, 10.0)  # a: 2 -> 5, b: 0 -> -1 at day 10
    lv.roll(30.0)
    lv.add(1, 1, 40.0)  # b: -1 -> 0 at day 40
    lv.roll(60.0)
    assert lv.acc == [[2 * 10 + 5 * 20, 5 * 30], [-1 * 20, -1 * 10]]
    assert lv.end == [[5.0, 5.0], [-1.0, 0.0]]
    with pytest.raises(IndexError):  # nothing may change after the last month is closed
        lv.add(0, 1, 61.0)


@pytest.mark.parametrize(
    "spec, var",
    [
        ({"dist": "fixed", "value_days": 1096}, 0.0),
        ({"dist": "exponential", "mean_days": 1096}, 1096.0**2),
        ({"dist": "lognormal", "mean_days": 1096, "sd_days": 400}, 400.0**2),
        ({"dist": "gamma", "mean_days": 1096, "sd_days": 700}, 700.0**2),
        ({"dist": "empirical", "values_days": [365, 1096, 3000], "probabilities": [0.2, 0.5, 0.3]}, None),
    ],
)
def test_residual_life_has_the_renewal_theory_mean(spec, var):
    """What is left of a spell under way at a random moment has mean (m^2 + var) / (2 m)."""
    dist = TypeAdapter(Distribution).validate_python(spec)
    m = dist.mean()
    if var is None:
        vals, probs = spec["values_days"], spec["probabilities"]
        var = sum(p * (v - m) ** 2 for v, p in zip(vals, probs, strict=True))
    draw = dist.residual_sampler()
    gen = np.random.default_rng(3)
    u = gen.random((40_000, 2))
    got = np.mean([draw(a, b) for a, b in u])
    assert got == pytest.approx((m * m + var) / (2 * m), rel=0.03)


def test_the_state_codes_are_the_enum_members() -> None:
    """The model keeps a household's state as a plain int (compiled compares); the names,
    outputs and careers read it back through :class:`State`: the two must not drift apart."""
    from sim import households as h

    codes = [h.APPLICANT, h.WAITING, h.HOMELESS_TEMP, h.HOMELESS_OTHER, h.TENANT, h.EXITED, h.SUPPORTED]
    assert codes == [int(s) for s in h.State] == list(range(h.N_STATES))
    homeless = [s for s in range(h.N_STATES) if h.is_homeless(s)]
    assert homeless == [h.State.HOMELESS_TEMP, h.State.HOMELESS_OTHER]
    pathway = [h.AWAITING_DECISION, h.ON_LIST, h.NOT_APPROVED, h.AFTER_EVICTION]
    assert pathway == list(range(4))
