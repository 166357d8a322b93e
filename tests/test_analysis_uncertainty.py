"""Ensembles over uncertain inputs and sensitivity analysis with SALib."""

from __future__ import annotations

import json

import numpy as np
import pytest

import sim
from sim.analysis.common import with_changes
from sim.analysis.sensitivity import Param, sensitivity
from sim.analysis.uncertainty import UncertainInputs, ensemble, member_scenario, population_path
from sim.cli import main


@pytest.fixture(scope="module")
def short(baseline: sim.Scenario) -> sim.Scenario:
    """The baseline cut to 2016-2021 (fast)."""
    return with_changes(baseline, {"end_date": "2021-12-31"}, name="short")


def test_draws_are_deterministic_and_in_range():
    u = UncertainInputs()
    draws = [u.draw(1, m) for m in range(50)]
    assert draws == [u.draw(1, m) for m in range(50)]
    assert draws != [u.draw(2, m) for m in range(50)]
    assert {d["population_path"] for d in draws} == {"low", "mid", "high"}
    assert all(0.8 <= d["arrival_multiplier"] <= 1.25 for d in draws)
    assert all(0.01 <= d["price_growth_per_year"] <= 0.06 for d in draws)


def test_population_paths_keep_the_start_and_order_the_growth(baseline):
    low, mid, high = (population_path(baseline, w) for w in ("low", "mid", "high"))
    assert low[2016] == mid[2016] == high[2016]
    assert low[2040] < mid[2040] < high[2040]
    assert mid == dict(baseline.population.by_year)


def test_member_scenario_applies_the_inputs(baseline):
    d = {
        "member": 3,
        "population_path": "high",
        "arrival_multiplier": 1.2,
        "price_growth_per_year": 0.05,
        "interest_rate_per_year": 0.04,
    }
    m = member_scenario(baseline, d)
    assert m.stock_prices.price_growth_per_year == 0.05 and m.start_loans.floating_rate_per_year == 0.04
    assert m.population.by_year[2040] > baseline.population.by_year[2040]
    g = next(iter(baseline.groups))
    assert m.groups[g].arrival_rate_per_1000_per_year == pytest.approx(
        1.2 * baseline.groups[g].arrival_rate_per_1000_per_year
    )


def test_ensemble_fans_and_probabilities(short):
    res = ensemble(
        short, members=6, seed=2, targets=["mean_wait_days<=1e9", "mean_wait_days<=-1"], from_year=2018
    )
    assert res.probability == {"mean_wait_days<=1e+09": 1.0, "mean_wait_days<=-1": 0.0, "all targets": 0.0}
    fan = res.fan["population"]
    assert all(a <= b <= c for a, b, c in zip(fan["p05"], fan["p50"], fan["p95"], strict=True))
    assert res.yearly["mean_wait_days"].shape == (6, 6)
    assert len(res.fan_frame()) == len(res.fan) * 6
    again = ensemble(short, members=6, seed=2, metrics=["population"])
    np.testing.assert_array_equal(again.yearly["population"], res.yearly["population"])


def test_param_parse():
    assert Param.parse("a.b") == Param("a.b", 0.8, 1.2, True)
    assert Param.parse("a.b=0.01:0.05", 0.3) == Param("a.b", 0.01, 0.05, False)
    with pytest.raises(ValueError):
        Param.parse("a.b=3:1")


def test_morris_ranks_the_parameter_that_matters_first(short):
    res = sensitivity(
        short,
        ["groups.*.arrival_rate_per_1000_per_year", "temporary_accommodation.long_stay_days"],
        kpis=["arrivals", "temp_stays_over_3_months"],
        trajectories=3,
        replications=1,
    )
    assert res.ranking["arrivals"][0] == "groups.*.arrival_rate_per_1000_per_year x"
    assert res.indices["arrivals"]["temporary_accommodation.long_stay_days x"]["mu_star"] == 0
    assert res.points == 3 * 3 and "mu*" in res.text()
    assert set(res.frame().columns) >= {"kpi", "param", "mu_star", "sigma"}


def test_sobol_shapes(short):
    res = sensitivity(
        short,
        ["groups.*.arrival_rate_per_1000_per_year", "temporary_accommodation.long_stay_days"],
        method="sobol",
        kpis=["arrivals"],
        base_samples=4,
        replications=1,
    )
    assert res.points == 4 * (2 + 2)
    assert res.ranking["arrivals"][0].startswith("groups.*.arrival_rate")


def test_cli_sensitivity_and_ensemble(tmp_path, capsys, short):
    f = tmp_path / "s.yaml"
    f.write_text(sim.scenario_to_yaml(with_changes(short, {"end_date": "2018-12-31"})))
    args = [
        "sensitivity",
        str(f),
        "--params",
        "groups.*.arrival_rate_per_1000_per_year,stock_prices.price_growth_per_year",
    ]
    assert main([*args, "--trajectories", "2", "--reps", "1", "--kpi", "arrivals", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["ranking"]["arrivals"][0].startswith("groups.*")
    out = tmp_path / "fan.csv"
    assert (
        main(["ensemble", str(f), "--members", "3", "--target", "mean_wait_days<=365", "--out", str(out)])
        == 0
    )
    assert "P(mean_wait_days<=365" in capsys.readouterr().out and out.exists()
    assert main(["sensitivity", str(f), "--params", "no.such.path", "--reps", "1"]) == 2
