"""Sweeps and the goal seek."""

from __future__ import annotations

import json

import numpy as np
import pytest

import sim
from sim.analysis.common import with_changes
from sim.analysis.sweep import goal_seek, judge_shares, share_curve, share_verdict, sweep
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
    10 dwellings give 4.1 days), so the smallest count meeting it in most futures is 11 or 12.
    The answer is named only when it is settled: its share's interval lies above the required
    confidence and the count below it lies below."""
    res = goal_seek(
        mmc,
        "dwelling_types.flat.count",
        ["mean_wait_days<=2.8"],
        from_year=2001,
        confidence=0.5,
        lower=8,
        upper=16,
        replications=24,
        seed=3,
    )
    assert res.reachable and res.search_value in (11, 12), res.evaluations
    below = [e for e in res.evaluations if e["value"] == res.search_value - 1]
    assert below and below[0]["share"] < 0.5
    assert res.monotone
    at = next(e for e in res.evaluations if e["value"] == res.search_value)
    if res.settled:
        assert res.value == res.search_value and at["share_low"] > 0.5 and below[0]["share_high"] < 0.5
        assert "smallest dwelling_types.flat.count" in res.text()
    else:
        assert res.value is None and "NOT SETTLED" in res.text()


def test_goal_seek_does_not_name_a_value_it_cannot_settle(mmc):
    """With 4 futures no share can be shown above 50 %: the search's point is not reported as
    the answer, and the message says how many futures would settle it."""
    res = goal_seek(
        mmc,
        "dwelling_types.flat.count",
        ["mean_wait_days<=2.8"],
        from_year=2001,
        confidence=0.5,
        lower=8,
        upper=16,
        replications=4,
        seed=3,
    )
    assert res.search_value is not None and res.value is None and not res.settled
    assert "NOT SETTLED" in res.text() and "run more replications" in res.message


def test_goal_seek_reports_unreachable_and_trivial(mmc):
    res = goal_seek(
        mmc, "dwelling_types.flat.count", ["mean_wait_days<=-1"], lower=9, upper=12, replications=8
    )
    assert not res.reachable and res.value is None and "NOT reachable" in res.text()
    assert res.verdict == "none" and res.settled  # no future meets it: settled below any confidence
    easy = goal_seek(
        mmc,
        "dwelling_types.flat.count",
        ["mean_wait_days<=1e6"],
        lower=9,
        upper=12,
        replications=8,
        confidence=0.5,
    )
    assert easy.reachable and easy.value == 9 and easy.settled
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
    assert res.reachable and 0 < res.search_value < 2 * budget
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
    assert doc["reachable"] and 10 <= doc["search_value"] <= 13
    assert doc["value"] is None or doc["settled"]
    assert main(["sweep", str(f), "--param", "a.b", "--param", "c.d", "--values", "1", "--goal", "x<=1"]) == 2


# ---------------------------------------------------------------- the budget verdict
def _futures(k: int, n: int) -> np.ndarray:
    """``k`` of ``n`` futures meet the goal (the first ``k``)."""
    return np.array([True] * k + [False] * (n - k))


def test_verdict_never_names_an_unsettled_cheapest_budget():
    """The issue's case: 10 futures per budget, shares 0.2/0.4/0.6/0.6/0.8/0.6 from 0 to 78
    million. The old page named 52 million (8 of 10 = 80 %); its Wilson interval reaches down
    to 49 %, so nothing is settled and the verdict says to run more replications."""
    budgets = [0.0, 13e6, 26e6, 39e6, 52e6, 78e6]
    held = [_futures(k, 10) for k in (2, 4, 6, 6, 8, 6)]
    j = judge_shares(budgets, held, 0.8, 0.95, "budget")
    assert j.verdict == "not settled" and j.value is None
    assert "run more replications" in j.message
    assert [r["share_status"] for r in j.rows[:2]] == ["fails", "fails"]
    assert j.rows[4]["share_low"] < 0.8 < j.rows[4]["share_high"]
    # above the line but not settled: an estimate of the futures needed is given
    j = judge_shares(budgets, [_futures(k, 10) for k in (2, 4, 6, 6, 9, 9)], 0.8)
    assert j.verdict == "not settled" and j.value is None
    assert j.replications_needed is not None and j.replications_needed > 10
    assert f"about {j.replications_needed} futures" in j.message


def test_verdict_names_the_cheapest_budget_once_settled():
    budgets = [0.0, 26e6, 52e6, 78e6]
    held = [_futures(k, 200) for k in (20, 120, 196, 199)]
    j = judge_shares(budgets, held, 0.8, 0.95, "budget")
    assert j.verdict == "cheapest" and j.value == 52e6
    assert j.rows[2]["share_low"] > 0.8 and j.rows[1]["share_high"] < 0.8
    assert "cheapest: 52,000,000" in j.message
    # nothing reaches it, settled
    j = judge_shares(budgets, [_futures(k, 200) for k in (0, 5, 10, 20)], 0.8)
    assert j.verdict == "none" and j.value is None and "no value tried meets" in j.message


def test_verdict_refuses_shares_that_fall_with_the_budget():
    """On common random numbers a larger budget that loses many futures a smaller one kept is
    not noise: no cheapest budget is named."""
    budgets = [0.0, 52e6, 78e6]
    held = [_futures(5, 100), _futures(95, 100), _futures(60, 100)]  # 35 futures lost, none won
    j = judge_shares(budgets, held, 0.8, 0.95, "budget")
    assert j.verdict == "not monotone" and j.value is None
    assert j.violations and j.violations[0]["smaller"] == 52e6 and j.violations[0]["larger"] == 78e6


def test_noisy_budget_sweep_is_not_settled_and_settles_with_more_replications(short):
    """A real sweep: with 4 futures nothing is settled at 80 % (4 of 4 has a Wilson interval
    down to 51 %); ``replications='auto'`` adds futures to the undecided budgets until the
    verdict is settled (or says why not)."""
    budget = short.start_loans.budget_nok_per_year
    values = [0.0, budget]
    few = share_verdict(
        short,
        "start_loans.budget_nok_per_year",
        values,
        ["start_loans>=3"],
        from_year=2017,
        confidence=0.8,
        replications=4,
    )
    assert few.verdict == "not settled" and few.value is None and "NOT SETTLED" in few.text()
    auto = share_verdict(
        short,
        "start_loans.budget_nok_per_year",
        values,
        ["start_loans>=3"],
        from_year=2017,
        confidence=0.8,
        replications="auto",
        min_replications=4,
        max_replications=24,
    )
    assert auto.verdict in ("cheapest", "not settled")
    if auto.verdict == "cheapest":
        row = next(r for r in auto.rows if r["start_loans.budget_nok_per_year"] == auto.value)
        assert row["share_low"] > 0.8
    assert max(r["replications"] for r in auto.rows) > 4
    assert {"start_loans", "start_loans_ci95_low", "start_loans_diff"} <= set(auto.rows[0])
