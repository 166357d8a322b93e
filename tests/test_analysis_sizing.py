"""Stock sizing: the known M/M/c answer, convergence, plan building and the CLI."""

from __future__ import annotations

import json

import pytest

import sim
from sim.analysis.common import with_changes
from sim.analysis.sizing import _Planner, parse_instruments, size_stock, split_counts
from sim.cli import main
from tests.helpers import mmc_data
from tests.test_queueing import mmc_wq

MEAN_SERVICE = 20.0
LAM = 0.4  # per day: offered load 8 dwellings
TARGET = 2.8  # days of mean wait


def _mmc(c: int, years: int = 6) -> sim.Scenario:
    d = mmc_data(c=c, arrivals_per_year=LAM * 365.25, mean_service_days=MEAN_SERVICE, years=years)
    d["stock_prices"] = {"purchase_delay_days": 0}
    return sim.scenario_from_dict(d)


def erlang_c_stock(target_days: float) -> int:
    """Fewest dwellings whose M/M/c mean wait is within the target."""
    c = int(LAM * MEAN_SERVICE) + 1
    while mmc_wq(c, LAM, 1 / MEAN_SERVICE) > target_days:
        c += 1
    return c


def test_known_answer_mmc_stock():
    """Stationary demand: the plan adds exactly what Erlang C says, all in the first year, then nothing."""
    need = erlang_c_stock(TARGET)
    assert need == 11  # W_q(10) = 4.1 days > 2.8 >= W_q(11) = 1.6 days
    res = size_stock(
        _mmc(9),
        [f"mean_wait_days<={TARGET}"],
        from_year=2001,
        criterion="mean",
        max_additions_per_year=10,
        replications=16,
        seed=5,
    )
    assert res.additions_by_year == {2000: need - 9}, res.evaluations
    assert res.all_met and res.converged and res.passes == 2  # the second pass adds nothing
    assert res.stock_plan == [{"year": 2000, "dwelling_type": "flat", "instrument": "purchase", "count": 2}]
    assert [y["dwellings"] for y in res.years] == pytest.approx([11.0] * 5)


def test_ramp_up_limit_spreads_the_additions_and_backfills():
    """With at most 1 a year, the first target year cannot be met; earlier room is used and the
    year is reported not met rather than hidden."""
    res = size_stock(
        _mmc(9, years=5),
        [f"mean_wait_days<={TARGET}"],
        from_year=2001,
        criterion="mean",
        max_additions_per_year=1,
        replications=8,
        seed=5,
    )
    assert all(n <= 1 for n in res.additions_by_year.values())
    assert sum(res.additions_by_year.values()) >= 2
    assert not res.years[0]["met"]  # 2001: only one dwelling could be added in time
    assert res.years[-1]["met"]


@pytest.mark.slow
def test_sizing_converges_as_replications_grow():
    """As replications grow the plan settles on the Erlang C answer and stays there.

    With few replications a noisy year can ask for one dwelling too many; the last two
    sizes agree with each other and with theory."""
    totals = []
    for reps in (12, 24, 48):
        res = size_stock(
            _mmc(9),
            [f"mean_wait_days<={TARGET}"],
            from_year=2001,
            criterion="mean",
            replications=reps,
            seed=11,
        )
        totals.append(res.total_additions)
    print(f"\nadditions found with 12, 24, 48 replications: {totals}")
    assert totals[-2:] == [2, 2]


def test_split_counts_and_instruments():
    assert split_counts(7, {"a": 85, "b": 55, "c": 20}) == {"a": 4, "b": 2, "c": 1}
    assert sum(split_counts(13, {"a": 1, "b": 1, "c": 1}).values()) == 13
    assert split_counts(0, {"a": 1}) == {"a": 0}
    assert parse_instruments("lease:5,purchase") == [("lease", 5), ("purchase", None)]
    with pytest.raises(ValueError, match="unknown instrument"):
        parse_instruments("steal")


def test_planner_builds_leases_tilvisning_and_care(baseline):
    p = _Planner(
        baseline,
        ["small_ordinary", "care"],
        {"small_ordinary": 1, "care": 1},
        parse_instruments("lease:1,tilvisning,care_build"),
    )
    plan, agreements = p.actions({2020: 6})
    assert {"year": 2020, "dwelling_type": "care", "instrument": "care_build", "count": 3} in plan
    lease = next(a for a in plan if a["instrument"] == "lease")
    assert lease["count"] == 1 and lease["contract_years"] == 21.0  # to the horizon
    assert agreements[0]["units"] == 4 and agreements[0]["municipal_share"] == 0.5  # 2 nominated
    cut = p.scenario({2020: 6, 2030: 2}, until_year=2025)
    assert cut.end_date.year == 2025


def test_baseline_sizing_runs_and_reports_cost(baseline):
    short = with_changes(baseline, {"end_date": "2019-12-31"}, name="short")
    res = size_stock(
        short,
        ["p_wait_over_6_months<=0.05"],
        from_year=2018,
        confidence=0.5,
        max_additions_per_year=4,
        replications=4,
    )
    assert res.from_year == 2018 and [y["year"] for y in res.years] == [2018, 2019]
    assert (
        "cost_municipal_budget_nok" in res.final
        and "cost_municipal_npv_nok" in res.final
        and "dwellings_per_1000" in res.final
    )
    text = res.text()
    assert "stock_plan:" in text and "per 1000" in text
    # the plan's cost: levels as levels, changes labelled as changes against no additions
    budget = next(line for line in text.splitlines() if "municipal budget, NOK nominal" in line)
    assert ": NOK " in budget and "change " in budget and "million NOK vs no additions" in budget
    assert any("present value, NOK in real first-year prices" in line for line in text.splitlines())


def test_cli_size_stock(tmp_path, capsys):
    f = tmp_path / "mmc.yaml"
    f.write_text(sim.scenario_to_yaml(_mmc(9, years=4)))
    out = tmp_path / "planned.yaml"
    args = ["size-stock", str(f), "--target", f"mean_wait_days<={TARGET}", "--from-year", "2001"]
    assert main([*args, "--criterion", "mean", "--reps", "8", "--json", "--out", str(out)]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["total_additions"] == 2 and doc["all_met"]
    planned = sim.load_scenario(out)
    assert sum(a.count for a in planned.stock_plan) == 2
    assert main(["size-stock", str(f), "--target", "nonsense<=1"]) == 2
