"""Sweeps and the goal seek."""

from __future__ import annotations

import json

import pytest

import sim
from sim.analysis.common import with_changes
from sim.analysis.sweep import goal_seek, share_curve, sweep
from sim.cli import main
from tests.helpers import mmc_data


@pytest.fixture(scope="module")
def short(baseline: sim.Scenario) -> sim.Scenario:
    """The baseline cut to 2016-2020 (fast)."""
    return with_changes(baseline, {"end_date": "2020-12-31"}, name="short")


@pytest.fixture(scope="module")
def mmc() -> sim.Scenario:
    """An M/M/c queue with offered load 8 (20-day tenancies), 9 dwellings, 2000-2003."""
    d = mmc_data(c=9, arrivals_per_year=0.4 * 365.25, mean_service_days=20, years=4)
    return sim.scenario_from_dict(d)


def test_sweep_grid_has_one_row_per_combination_with_paired_differences(short):
    budget = short.start_loans.budget_nok_per_year
    res = sweep(
        short,
        {"start_loans.budget_nok_per_year": [0.0, budget], "start_loans.term_years": [30, 50]},
        replications=3,
        kpis=["start_loans", "mean_wait_days"],
        targets=["mean_wait_days<=365"],
    )
    df = res.frame()
    assert len(df) == 4
    assert list(df["start_loans.budget_nok_per_year"]) == [0.0, 0.0, budget, budget]
    # the row equal to the scenario as given is its own reference: zero difference
    same = df[(df["start_loans.budget_nok_per_year"] == budget) & (df["start_loans.term_years"] == 30)]
    assert same["start_loans_diff"].iloc[0] == 0
    assert (df[df["start_loans.budget_nok_per_year"] == 0]["start_loans"] == 0).all()
    assert {"start_loans_ci95_low", "start_loans_diff_ci95_high", "share_meeting_targets"} <= set(df.columns)


def test_goal_seek_finds_the_erlang_c_stock(mmc):
    """Dwellings needed so the mean wait stays under 2.8 days: Erlang C gives 11 (W_q 1.6 days;
    10 dwellings give 4.1 days), so the smallest count meeting it in most futures is 11 or 12."""
    res = goal_seek(
        mmc,
        "dwelling_types.flat.count",
        ["mean_wait_days<=2.8"],
        from_year=2001,
        confidence=0.5,
        lower=8,
        upper=16,
        replications=10,
        seed=3,
    )
    assert res.reachable and res.value in (11, 12), res.evaluations
    below = [e for e in res.evaluations if e["value"] == res.value - 1]
    assert below and below[0]["share"] < 0.5
    assert res.monotone
    assert "smallest dwelling_types.flat.count" in res.text()


def test_goal_seek_reports_unreachable_and_trivial(mmc):
    res = goal_seek(
        mmc, "dwelling_types.flat.count", ["mean_wait_days<=-1"], lower=9, upper=12, replications=3
    )
    assert not res.reachable and res.value is None and "NOT reachable" in res.text()
    easy = goal_seek(
        mmc, "dwelling_types.flat.count", ["mean_wait_days<=1e6"], lower=9, upper=12, replications=3
    )
    assert easy.reachable and easy.value == 9
    with pytest.raises(ValueError, match="schedule"):
        goal_seek(mmc, "population.by_year", ["mean_wait_days<=1"], replications=2)


def test_goal_seek_reports_portfolio_and_losses_next_to_the_benefit(short):
    budget = short.start_loans.budget_nok_per_year
    res = goal_seek(
        short,
        "start_loans.budget_nok_per_year",
        ["start_loans>=5"],
        from_year=2017,
        confidence=0.5,
        lower=0,
        upper=2 * budget,
        replications=3,
    )
    assert res.reachable and 0 < res.value < 2 * budget
    assert {"start_loan_portfolio_nok", "start_loan_losses_nok"} <= set(res.at_value)
    assert "diff" in res.at_value["start_loan_portfolio_nok"]


def test_share_curve(mmc):
    pts = share_curve(
        mmc, "dwelling_types.flat.count", [9, 14], ["mean_wait_days<=2.8"], 2001, replications=4
    )
    assert pts[0]["share"] <= pts[1]["share"] and pts[1]["share"] == 1.0


def test_cli_sweep_csv_and_goal(tmp_path, capsys, mmc):
    f = tmp_path / "mmc.yaml"
    f.write_text(sim.scenario_to_yaml(mmc))
    out = tmp_path / "sweep.csv"
    args = ["sweep", str(f), "--param", "dwelling_types.flat.count", "--values", "9,12", "--reps", "2"]
    assert main([*args, "--out", str(out), "--kpi", "mean_wait_days"]) == 0
    assert "dwelling_types.flat.count = 12" in capsys.readouterr().out
    assert out.read_text().count("\n") == 3
    goal = ["sweep", str(f), "--param", "dwelling_types.flat.count", "--values", "9,16", "--reps", "4"]
    assert (
        main([*goal, "--goal", "mean_wait_days<=2.8", "--from-year", "2001", "--confidence", "0.5", "--json"])
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["reachable"] and 10 <= doc["value"] <= 13
    assert main(["sweep", str(f), "--param", "a.b", "--param", "c.d", "--values", "1", "--goal", "x<=1"]) == 2
