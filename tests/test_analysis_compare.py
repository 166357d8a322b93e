"""Paired comparison and the number of replications."""

from __future__ import annotations

import json
import math

import pytest

import sim
from sim.analysis.common import with_changes
from sim.analysis.comparison import comparison_rows, comparison_text, crn_ratio, paired_compare
from sim.analysis.replications import next_size, relative_half_width, run_to_precision
from sim.cli import main


@pytest.fixture(scope="module")
def short(baseline: sim.Scenario) -> sim.Scenario:
    """The baseline cut to 2016-2022 (fast)."""
    return with_changes(baseline, {"end_date": "2022-12-31"}, name="short")


@pytest.fixture(scope="module")
def more_loans(short: sim.Scenario) -> sim.Scenario:
    """Twice today's start-loan budget."""
    budget = short.start_loans.budget_nok_per_year
    return with_changes(short, {"start_loans.budget_nok_per_year": 2 * budget}, name="more_loans")


def test_crn_makes_the_difference_interval_much_narrower(short, more_loans):
    """Common random numbers: the same households in both scenarios cancel most of the noise."""
    r = crn_ratio(short, more_loans, kpi="mean_wait_days", replications=12, seed=4)
    print(
        f"\nCRN half-width {r['half_width_crn']:.2f} days vs independent seeds "
        f"{r['half_width_independent']:.2f} days: ratio {r['ratio']:.2f} (correlation {r['correlation']:.2f})"
    )
    assert r["ratio"] < 0.5
    assert r["correlation"] > 0.5


def test_comparison_rows_and_text(short, more_loans):
    c = paired_compare([short, more_loans], replications=4, seed=2)
    rows = comparison_rows(c, ["start_loans", "mean_wait_days"])
    assert [(r["kpi"], r["scenario"]) for r in rows] == [
        ("start_loans", "short"),
        ("start_loans", "more_loans"),
        ("mean_wait_days", "short"),
        ("mean_wait_days", "more_loans"),
    ]
    assert "diff_mean" not in rows[0] and rows[1]["diff_to"] == "short"
    assert rows[1]["diff_mean"] > 0  # a bigger budget gives more loans
    text = comparison_text(c, ["start_loans", "cost_municipal_budget_nok", "cost_municipal_npv_nok"])
    assert "more_loans" in text and "change" in text
    # every money figure says what it is: its unit and period in the heading, a level as a
    # level, a change labelled as one against the reference
    first, last = short.start_date.year, short.end_date.year
    assert f"cost_municipal_budget_nok (NOK nominal, sum {first}-{last})" in text
    assert f"cost_municipal_npv_nok (NOK, present value {first}-{last} in real {first} prices)" in text
    money_rows = [line for line in text.splitlines() if line.startswith("  more_loans") and "NOK" in line]
    assert len(money_rows) == 2
    assert all("million NOK vs short" in line and "change" in line for line in money_rows)


def test_next_size_grows_towards_the_estimate():
    assert next_size(10, 2.0, 200) == 20  # at most doubling
    assert next_size(10, 1.2, 200) == 15  # ceil(10 * 1.44)
    assert next_size(10, 1.01, 200) == 11  # at least one more
    assert next_size(150, 3.0, 200) == 200  # the cap
    assert next_size(10, math.inf, 200) == 11


def test_run_to_precision_stops_when_precise_and_equals_a_plain_run(short):
    (res,), report = run_to_precision([short], precision=0.1, kpis=["allocations"], min_reps=4, seed=3)
    assert report.met and report.replications >= 4
    assert relative_half_width(res.aggregate, "allocations") <= 0.1
    plain = sim.run(short, replications=report.replications, seed=3)
    # replications are added, never redrawn (compared as JSON: NaN equals NaN, whatever object holds it)
    added, plain_rows = (json.dumps(r.aggregate.kpi_rows, sort_keys=True) for r in (res, plain))
    assert added == plain_rows


def test_run_to_precision_reports_the_cap(short):
    _, report = run_to_precision([short], precision=1e-6, kpis=["mean_wait_days"], min_reps=3, max_reps=5)
    assert not report.met and report.replications == 5
    assert "NOT met" in report.text()
    with pytest.raises(ValueError, match="unknown KPI"):
        run_to_precision([short], kpis=["nonsense"], min_reps=2, max_reps=2)


def test_cli_compare_json_has_scenarios_and_differences(tmp_path, capsys, short, more_loans):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(sim.scenario_to_yaml(short))
    b.write_text(sim.scenario_to_yaml(more_loans))
    assert main(["compare", str(a), str(b), "--reps", "3", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["reference"] == "short"
    assert [s["scenario"] for s in doc["scenarios"]] == ["short", "more_loans"]
    # each scenario's block has the same structure as `run --json`
    assert {"kpis", "yearly", "replications", "seed", "scenario_sha256"} <= set(doc["scenarios"][0])
    d = doc["differences"]["more_loans"]["start_loans"]
    assert d["mean"] > 0 and len(d["ci95"]) == 2


def test_cli_compare_auto_reports_replications_needed(tmp_path, capsys, short):
    a = tmp_path / "a.yaml"
    a.write_text(sim.scenario_to_yaml(short))
    code = main(
        [
            "compare",
            str(a),
            str(a),
            "--reps",
            "auto",
            "--precision",
            "0.2",
            "--kpi",
            "allocations",
            "--min-reps",
            "3",
        ]
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "precision 0.2 on allocations: met with" in out


def test_cli_run_reps_auto(tmp_path, capsys, short):
    a = tmp_path / "a.yaml"
    a.write_text(sim.scenario_to_yaml(short))
    args = ["run", str(a), "--reps", "auto", "--precision", "0.2", "--kpi", "allocations", "--min-reps", "3"]
    assert main([*args, "--json", "--no-progress"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["precision"]["met"] and doc["replications"] == doc["precision"]["replications_needed"]


def test_cli_rejects_bad_reps(tmp_path, capsys, short):
    a = tmp_path / "a.yaml"
    a.write_text(sim.scenario_to_yaml(short))
    with pytest.raises(SystemExit):
        main(["compare", str(a), "--reps", "many"])
    assert main(["compare", str(a), "--reps", "0"]) == 2
