"""Bounds and the event budget (issue 19): no valid scenario may hang, overflow or give
impossible numbers.

- Every number in a scenario has bounds: each numeric value of every scenario file, set to
  an absurd value (1e300, -1e300, .inf, .nan), is refused at validation, naming the field.
- The bounds accept every scenario file, the notebooks' and analyses' settings.
- The work a run implies is estimated at validation (:mod:`sim.budget`): an absurd scenario
  is refused with the estimate in the message; the 60x benchmark fits comfortably; the
  estimate is of the right order for real runs; and the clock stops a replication that
  schedules far more than estimated.
"""

from __future__ import annotations

import copy
import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import sim
from sim import budget, limits
from sim.calibration import set_path
from sim.clock import Clock, EventLimitExceeded
from sim.model import Model
from sim.replication import run_model
from sim.runner import ReplicationsFailed

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
ABSURD = (1e300, -1e300, math.inf, -math.inf, math.nan)


def numeric_leaves(data: Any, path: tuple = ()) -> list[tuple[tuple, float]]:
    """Every number (not a bool) in plain scenario data, with its path."""
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in numeric_leaves(v, (*path, k))]
    if isinstance(data, list):
        return [leaf for i, v in enumerate(data) for leaf in numeric_leaves(v, (*path, i))]
    if isinstance(data, int | float) and not isinstance(data, bool):
        return [(path, data)]
    return []


def with_value(data: dict, path: tuple, value: Any) -> dict:
    out = copy.deepcopy(data)
    node = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


def full_scenario_data() -> dict[str, Any]:
    """A scenario with every section filled in (defaults written out, every instrument on)."""
    data = sim.load_scenario(ROOT / "scenarios" / "recommend_all.yaml").model_dump(mode="json")
    data["refugee_settlement"]["households_by_year"] = {y: 12.0 for y in range(2016, 2041)}
    data["start_loans"]["settlement_grant_budget_nok_per_year"] = {y: 1e6 for y in range(2016, 2041)}
    data["tenancy"]["vacancy_turnaround"] = {"dist": "gamma", "mean_days": 30, "sd_days": 10}
    data["stock_prices"]["renovation"] = {
        "dist": "empirical",
        "values_days": [30, 90],
        "probabilities": [0.5, 0.5],
    }
    return data


FULL = full_scenario_data()
LEAVES = numeric_leaves(FULL)


def test_the_full_scenario_is_valid_and_has_every_kind_of_number() -> None:
    sim.scenario_from_dict(FULL)
    assert len(LEAVES) > 300


@pytest.mark.parametrize("value", ABSURD, ids=["1e300", "-1e300", "inf", "-inf", "nan"])
def test_no_number_in_a_scenario_accepts_an_absurd_value(value: float) -> None:
    """Issue 19: rates, prices and days at 1e20, 1e308 or .inf passed validation and then
    failed (or misled) at run time. Each number of the schema now has bounds."""
    accepted = []
    for path, _ in LEAVES:
        try:
            sim.scenario_from_dict(with_value(FULL, path, value))
        except sim.ScenarioError as exc:
            dotted = ".".join(map(str, path))
            # the problem names the field (or, for a distribution, the distribution)
            assert any(dotted.startswith(p.path) or p.path.startswith(dotted) for p in exc.problems), (
                dotted,
                [str(p) for p in exc.problems],
            )
        else:
            accepted.append(".".join(map(str, path)))
    assert accepted == [], f"accepted {value}: {accepted}"


def test_every_scenario_file_is_within_the_bounds_and_the_budget() -> None:
    for path in SCENARIOS:
        sc = sim.load_scenario(path)
        assert budget.estimate_work(sc).events < 0.1 * budget.MAX_EVENTS, path.name


def test_the_60x_benchmark_fits_the_budget_comfortably() -> None:
    sc = sim.load_scenario(ROOT / "scenarios" / "scaled_60x.yaml")
    work = budget.estimate_work(sc)
    assert work.events < 0.1 * budget.MAX_EVENTS  # about 6 %
    assert budget.budget_problem(sc) is None


def test_a_village_and_oslo_to_2100_are_accepted(baseline_data: dict) -> None:
    """The bounds cover a municipality of a few hundred and Oslo's 700,000 to 2100."""
    village = with_value(baseline_data, ("population",), {"by_year": {2016: 500, 2040: 450}})
    sim.scenario_from_dict({**village, "end_date": "2100-12-31"})
    oslo = with_value(
        baseline_data, ("population",), {"by_year": {2016: 660_000, 2040: 800_000, 2100: 1_100_000}}
    )
    sim.scenario_from_dict({**oslo, "end_date": "2100-12-31"})


def test_the_notebooks_and_analyses_settings_are_within_the_bounds(baseline: sim.Scenario) -> None:
    data = baseline.model_dump(mode="json")
    today = baseline.start_loans.budget_nok_per_year
    for value in (0.0, 0.5 * today, 3 * today):  # notebook 02's budgets
        sim.scenario_from_dict(with_value(data, ("start_loans", "budget_nok_per_year"), value))
    for p in baseline.calibration.free:  # the calibration's search box, both ends
        for value in (p.low, p.high):
            d = copy.deepcopy(data)
            set_path(d, p.path, value)
            sim.scenario_from_dict(d)
    # the ensemble's high population path and arrival multiplier, and a sensitivity spread
    from sim.analysis.sensitivity import DEFAULT_PARAMS, Param
    from sim.analysis.uncertainty import UncertainInputs, member_scenario

    inputs = UncertainInputs()
    for m in range(12):
        member_scenario(baseline, inputs.draw(1, m))
    assert all(Param.parse(p).high <= 1.2 for p in DEFAULT_PARAMS)


# ---------------------------------------------------------------- the event budget
def test_an_absurd_scenario_is_refused_with_the_estimate() -> None:
    path = ROOT / "tests" / "bad_scenarios" / "i19_event_budget.yaml"
    with pytest.raises(sim.ScenarioError) as info:
        sim.load_scenario(path)
    (p,) = info.value.problems
    assert p.path == "groups.a.arrival_rate_per_1000_per_year"
    assert "about 1.2e+08 events per replication (households 1e+08" in p.message
    assert f"more than the budget of {budget.MAX_EVENTS:,}" in p.message


def test_the_estimate_is_of_the_right_order(baseline_data: dict) -> None:
    """The estimate is an estimate: within a factor of a few of the events a run schedules
    (it errs on the high side for ordinary scenarios)."""
    cases = {
        "baseline": {},
        "continuous": {"allocation": {**baseline_data["allocation"], "meeting_interval_days": 0}},
        "daily meetings": {"allocation": {**baseline_data["allocation"], "meeting_interval_days": 1}},
    }
    for name, change in cases.items():
        sc = sim.scenario_from_dict({**baseline_data, "end_date": "2025-12-31", **change})
        m = Model(sc, 1, 0)
        run_model(m)
        scheduled = next(m.env._eid)
        estimate = budget.estimate_work(sc).events
        assert scheduled / 2 < estimate < 5 * scheduled, (name, scheduled, estimate)


def test_the_clock_stops_a_replication_that_schedules_far_more_than_estimated(
    short_baseline: sim.Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "RUNTIME_LIMIT", 500)
    with pytest.raises(EventLimitExceeded, match="scheduled more than 500 events"):
        sim.run_replication(short_baseline, 1, 0)
    with pytest.raises(ReplicationsFailed) as info:
        sim.run(short_baseline, replications=2, seed=1)
    assert "EventLimitExceeded" in str(info.value)
    assert Clock(0.0).max_events == 500


@pytest.fixture
def short_baseline(baseline_data: dict) -> sim.Scenario:
    return sim.scenario_from_dict({**baseline_data, "end_date": "2017-12-31"})


# ---------------------------------------------------------------- the issue's reproductions
ISSUE_HANGS = [
    ["--set", "allocation.meeting_interval_days=1e-300", "--set", "end_date=2016-01-02"],
    ["--set", "start_loans.meeting_interval_days=1e-300", "--set", "end_date=2016-01-02"],
    ["--set", "allocation.meeting_interval_days=1e-6"],
]


@pytest.mark.parametrize("sets", ISSUE_HANGS, ids=["1e-300", "start_loans 1e-300", "1e-6 to 2040"])
def test_a_meeting_every_instant_is_refused_at_once_instead_of_running_without_end(sets: list[str]) -> None:
    """Issue 19 item 1: these ran for minutes (or without end) on a one-day horizon."""
    cmd = [sys.executable, "-m", "sim", "run", str(ROOT / "scenarios" / "baseline.yaml"), *sets]
    start = time.perf_counter()
    proc = subprocess.run([*cmd, "--reps", "1", "--no-progress"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2, proc.stderr
    assert "meeting_interval_days: must be" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert time.perf_counter() - start < 30
