"""Calibration: the baseline reproduces the report's facts; the machinery is sound."""

from __future__ import annotations

import math
import shutil

import pytest

import sim
from sim import calibration as cal
from sim.loader import read_yaml_file
from tests.conftest import BASELINE


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 7])
def test_baseline_meets_every_target(baseline, seed):
    """`boligflyt run scenarios/baseline.yaml --reps 50` meets every target in the file (issue 4).

    Seed 1 is the calibration seed; seed 7 is not, so the fit is not an artefact of the
    calibration's random numbers.
    """
    res = sim.run(baseline, replications=50, seed=seed)
    yearly = res.aggregate.series_summary("yearly")
    missed = []
    for t, year in baseline.calibration.target_years():
        mean = yearly[t.metric][str(year)]["mean"]
        if not t.met(mean):
            missed.append(f"{t.metric} {year}: {mean:.3g} not in {t.describe()}")
    assert not missed, missed


def _targets(scenario):
    return {cal.target_key(t.metric, y): t for t, y in scenario.calibration.target_years()}


def test_baseline_targets_are_the_reports_facts(baseline):
    """The targets moved from code into baseline.yaml are the report's facts, unchanged."""
    by = _targets(baseline)
    assert list(by) == [
        "dwellings_per_1000@2016",
        "start_loans_per_1000@2016",
        "guarantees_per_1000@2016",
        "homeless_mean@2016",
        "homeless_mean@2018",
        "temp_nights@2016",
        "temp_persons_distinct@2016",
        "temp_nights_per_person@2016",
        "temp_cost_nok@2016",
    ]
    assert by["dwellings_per_1000@2016"].value == 12
    assert by["start_loans_per_1000@2016"].value == 0.7
    assert (by["guarantees_per_1000@2016"].low, by["guarantees_per_1000@2016"].high) == pytest.approx(
        (2.1, 2.8)
    )
    assert by["temp_cost_nok@2016"].kind == "at_least" and by["temp_cost_nok@2016"].value == 500_000
    assert by["temp_nights@2016"].low == pytest.approx(700) and by["temp_nights@2016"].high == pytest.approx(
        1300
    )
    assert all(t.source.startswith("FACTS.md") for t in by.values())


def test_baseline_free_parameters_keep_their_bounds_starts_and_fitted_values(baseline):
    """The free parameters keep their documented bounds and starts (issue 14 freed the two ROP
    hospits parameters; the direct start-loan applicants are an assumption, since above about
    1.5 per 1000 the budget, not the applicants, limits the loans), and the fitted values lie
    within the bounds."""
    free = {p.path: (p.low, p.high, p.start) for p in baseline.calibration.free}
    assert free == {
        "groups.acute_homeless.arrival_rate_per_1000_per_year": (0.05, 3.0, 0.4),
        "groups.acute_homeless.homelessness.own_solution_rate_per_year": (0.1, 12.0, 1.0),
        "groups.acute_homeless.homelessness.hospits_share": (0.05, 0.99, 0.35),
        "groups.acute_homeless.homelessness.hospits_exit_rate_per_year": (0.5, 24.0, 4.0),
        "groups.rop.homelessness.hospits_share": (0.05, 0.99, 0.45),
        "groups.rop.homelessness.hospits_exit_rate_per_year": (0.5, 24.0, 3.0),
        "private_rental.direct_guarantee_clients_per_1000_per_year": (0.01, 8.0, 1.7),
    }
    data = baseline.model_dump(mode="json")
    fitted = {p.path: cal.get_path(data, p.path) for p in baseline.calibration.free}
    assert all(p.low <= fitted[p.path] <= p.high for p in baseline.calibration.free), fitted


def test_objective_is_zero_on_target_and_grows_away(baseline):
    pairs = baseline.calibration.target_years()
    on = {cal.target_key(t.metric, y): {"mean": t.value} for t, y in pairs}
    assert cal.objective(pairs, on) == pytest.approx(0.0)
    off = dict(on)
    off["homeless_mean@2016"] = {"mean": 11.0}  # 2 persons off = one tolerance (3) * 2/3
    assert cal.objective(pairs, off) == pytest.approx((2 / 3) ** 2)
    below = dict(on)
    below["temp_cost_nok@2016"] = {"mean": 400_000}  # 100,000 short = one tolerance
    assert cal.objective(pairs, below) == pytest.approx(1.0)
    above = dict(on)
    above["temp_cost_nok@2016"] = {"mean": 900_000}  # "at least": more is no miss
    assert cal.objective(pairs, above) == pytest.approx(0.0)
    missing = dict(on)
    missing["temp_nights@2016"] = {"mean": None}
    assert cal.objective(pairs, missing) >= 1e9


def test_bounded_transform_round_trips(baseline):
    for p in baseline.calibration.free:
        for x in (p.low * 1.01, p.start, p.high * 0.99):
            assert cal._from_unit(cal._to_unit(x, p), p) == pytest.approx(x, rel=1e-6)
        assert p.low <= cal._from_unit(50.0, p) <= p.high
        assert p.low <= cal._from_unit(-50.0, p) <= p.high


def test_write_back_keeps_comments_and_sets_values(tmp_path):
    copy = tmp_path / "baseline.yaml"
    shutil.copy(BASELINE, copy)
    cal.write_back(
        copy,
        {"groups.acute_homeless.arrival_rate_per_1000_per_year": 0.123},
        "test note",
        {"groups.acute_homeless.arrival_rate_per_1000_per_year": 0.4},
    )
    text = copy.read_text(encoding="utf-8")
    assert "# FACTS: Tabell 3.1" in text  # other comments kept
    assert "calibrated: test note (assumption before: 0.4)" in text
    data, _ = read_yaml_file(copy)
    assert data["groups"]["acute_homeless"]["arrival_rate_per_1000_per_year"] == 0.123
    sim.load_scenario(copy)  # still valid


@pytest.mark.slow
def test_validation_report_runs_every_check():
    """`boligflyt validation-report --quick` produces every section with measured numbers."""
    from sim.validation import build_report

    text = build_report(BASELINE, quick=True)
    for heading in (
        "1. Calibration",
        "2. Queueing theory: M/M/c",
        "3. Queueing theory: the transient",
        "4. Little's law",
        "5. Conservation",
        "6. Seed stability",
        "7. What the model leaves out",
    ):
        assert f"## {heading}" in text
    assert "identical" in text and "**different**" not in text
    assert "relative difference" in text


def test_mmc_transient_theory_matches_known_limits():
    """The forward-equation solution starts empty and tends to the Erlang C queue length."""
    import numpy as np

    from sim.validation import erlang_c, mmc_transient_queue

    c, lam, mu = 3, 0.02, 0.01
    q = mmc_transient_queue(c, lam, mu, np.array([0.0, 20000.0]), n_max=80)
    lq = erlang_c(c, lam / mu) * lam / (c * mu - lam)
    assert q[0] == pytest.approx(0.0)
    assert q[1] == pytest.approx(lq, rel=1e-3)


@pytest.mark.slow
def test_a_displaced_start_lands_on_the_recorded_fit():
    """The stay-length target (FACTS 5.7: about 83 nights per user) pins the hospits use of
    the acutely homeless down: started with each homelessness parameter 1.5 times above or
    below the fit recorded in the baseline (30 replications, 240 evaluations), the search meets
    every target and lands back near the recorded hospits share and exit rate.

    What it does not pin is how many acute households arrive against how fast they find
    their own solution: more arrivals who leave homelessness sooner give the same count of
    homeless persons (a ridge; the report gives no count of acute applications). That pair
    is printed, not asserted. Nelder-Mead is a local search: from the far ends of the bounds
    it does not reach the targets in 160 evaluations."""
    sc = cal.load(BASELINE)
    free = sc.calibration.free
    recorded = sc.model_dump(mode="json")
    home = [p for p in free if "homelessness" in p.path]
    start = {
        p.path: min(p.high, max(p.low, cal.get_path(recorded, p.path) * (1.5 if i % 2 == 0 else 1 / 1.5)))
        for i, p in enumerate(home)
    }
    b = cal.calibrate(BASELINE, replications=12, seed=1, max_evaluations=160, workers=2, start_from=start)
    for p in free:
        was, got = cal.get_path(recorded, p.path), b.values[p.path]
        print(f"{p.path}: recorded {was:.4g}, started {start.get(p.path, was):.4g}, fitted {got:.4g}")
    assert all(row["met"] for row in b.report), [r for r in b.report if not r["met"]]
    pinned = [
        "groups.acute_homeless.homelessness.hospits_share",
        "groups.acute_homeless.homelessness.hospits_exit_rate_per_year",
    ]
    for path in pinned:
        was, got = cal.get_path(recorded, path), b.values[path]
        # back near the recorded fit (within the noise of 12 against 30 replications) and
        # pulled back from where it started
        assert abs(math.log(got / was)) < math.log(1.35), (path, was, got)
        assert abs(math.log(got / was)) < abs(math.log(start[path] / was)), (path, was, got)
