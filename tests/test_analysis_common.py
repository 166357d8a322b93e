"""The shared machinery of the analyses: variants, targets, plain-data tasks and backends."""

from __future__ import annotations

import numpy as np
import pytest

import sim
from sim.analysis.common import (
    Target,
    evaluate,
    get_path,
    mean_ci,
    paired,
    parse_value,
    replicate_task,
    scale_path,
    scenario_json,
    set_path,
    with_changes,
)


@pytest.fixture(scope="module")
def short(baseline: sim.Scenario) -> sim.Scenario:
    """The baseline cut to 2016-2019 (fast)."""
    return with_changes(baseline, {"end_date": "2019-12-31"}, name="short")


def test_set_get_and_scale_paths_with_wildcards():
    data = {"groups": {"a": {"rate": 1.0, "n": 3}, "b": {"rate": 2.0, "n": 5}}, "years": {2016: 10.0}}
    set_path(data, "groups.*.rate", 0.5)
    assert [g["rate"] for g in data["groups"].values()] == [0.5, 0.5]
    scale_path(data, "groups.*.n", 1.5)
    assert [g["n"] for g in data["groups"].values()] == [4, 8]  # integers stay integers
    scale_path(data, "years", 2.0)
    assert data["years"] == {2016: 20.0}
    assert get_path(data, "years.2016") == 20.0
    with pytest.raises(KeyError):
        scale_path(data, "groups.a.missing", 2.0)


def test_with_changes_validates_and_names(baseline):
    v = with_changes(baseline, {"start_loans.budget_nok_per_year": 4e7}, name="more_loans")
    assert v.start_loans.budget_nok_per_year == 4e7 and v.name == "more_loans"
    assert baseline.start_loans.budget_nok_per_year != 4e7  # the original is untouched
    v2 = with_changes(baseline, scale={"groups.*.arrival_rate_per_1000_per_year": 2.0})
    for g in baseline.groups:
        assert v2.groups[g].arrival_rate_per_1000_per_year == pytest.approx(
            2 * baseline.groups[g].arrival_rate_per_1000_per_year
        )
    with pytest.raises(sim.ScenarioError):
        with_changes(baseline, {"start_loans.budget_nok_per_year": -1})


def test_parse_value_reads_yaml():
    assert parse_value("2.6e7") == 2.6e7
    assert parse_value("12") == 12
    assert parse_value("true") is True


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("mean_wait_days<=180", [100, 180, 181, np.nan], [True, True, False, True]),
        ("temp_nights_families_youth==0", [0, 1e-12, 1], [True, True, False]),
        ("dwellings_per_1000>=12", [11.9, 12], [False, True]),
        ("p_wait_over_6_months < 0.05", [0.04, 0.05], [True, False]),
    ],
)
def test_targets(text, values, expected):
    t = Target.parse(text)
    assert t.holds(np.array(values, dtype=float)).tolist() == expected


def test_target_rejects_unknown_metric_with_hint():
    with pytest.raises(ValueError, match="did you mean 'mean_wait_days'"):
        Target.parse("mean_wait_dys<=1")
    with pytest.raises(ValueError, match="expected metric"):
        Target.parse("mean_wait_days about 3")


def test_mean_ci_and_paired():
    s = mean_ci([1.0, 2.0, 3.0, np.nan])
    assert s["mean"] == 2.0 and s["n"] == 3 and s["ci95"][0] < 2 < s["ci95"][1]
    d = paired(np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.1, 3.9]))
    assert d["significant"] and d["mean"] == pytest.approx(1.0)


def test_task_is_plain_data_and_matches_run_replication(short):
    task = {"scenario": scenario_json(short), "seed": 3, "replication": 1, "yearly": ["mean_wait_days"]}
    out = replicate_task(task)
    ref = sim.run_replication(short, 3, 1)
    assert out["kpis"] == pytest.approx(ref.kpis, nan_ok=True)
    assert out["yearly"]["mean_wait_days"] == pytest.approx(
        ref.yearly["mean_wait_days"].tolist(), nan_ok=True
    )
    assert set(out) == {"replication", "years", "kpis", "yearly"}


def test_evaluate_same_for_any_backend(short):
    """Process pool, a custom mapper (a stand-in for dask) and one process agree exactly."""
    calls = []

    def mapper(fn, tasks):
        calls.append(len(tasks))
        return [fn(t) for t in tasks]

    a = evaluate([short, short], 3, seed=2, workers=1, yearly=["allocations"])
    b = evaluate([short, short], 3, seed=2, workers=2, yearly=["allocations"])
    c = evaluate([short, short], 3, seed=2, mapper=mapper, yearly=["allocations"])
    assert calls == [6]
    for x, y, z in zip(a, b, c, strict=True):
        np.testing.assert_array_equal(x.kpis["allocations"], y.kpis["allocations"])
        np.testing.assert_array_equal(x.yearly["allocations"], z.yearly["allocations"])
    # common random numbers: the same scenario on the same replications is identical
    np.testing.assert_array_equal(a[0].kpis["arrivals"], a[1].kpis["arrivals"])


def test_sample_share_meeting(short):
    (s,) = evaluate([short], 4, seed=1, yearly=["mean_wait_days"])
    assert s.share_meeting([Target.parse("mean_wait_days<=100000")]) == 1.0
    assert s.share_meeting([Target.parse("mean_wait_days<=-1")]) == 0.0
    assert s.year_mask(2018).tolist() == [False, False, True, True]
