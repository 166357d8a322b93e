"""Homelessness and temporary accommodation respond to the report's levers (section 5.7).

The levers table of docs/ANALYSES.md (``boligflyt levers``) in numbers: staffed shared
housing, advance notice of releases and a regional low-threshold offer each cut hospits
nights, and more ordinary dwellings cut the hospits nights of approved households waiting
for one. Statistical: run with ``make test-slow``.
"""

from __future__ import annotations

import pytest

import sim
from sim.analysis.homelessness import LEVER_KPIS, lever_variants, levers, levers_markdown, levers_table


@pytest.fixture(scope="module")
def table(baseline: sim.Scenario) -> dict:
    names = ["staffed_housing", "advance_notice", "regional_offer", "more_dwellings"]
    return levers_table(baseline, replications=24, seed=1, names=names, workers=2)


def _change(table: dict, lever: str, kpi: str) -> dict:
    return next(r for r in table["rows"] if r["lever"] == lever)[kpi]


@pytest.mark.slow
@pytest.mark.parametrize("lever", ["staffed_housing", "advance_notice", "regional_offer"])
def test_each_lever_cuts_hospits_nights(table: dict, lever: str) -> None:
    d = _change(table, lever, "hospits_nights")
    assert d["ci95"][1] < 0, (lever, d)


@pytest.mark.slow
def test_more_ordinary_dwellings_cut_the_nights_of_approved_households(table: dict) -> None:
    d = _change(table, "more_dwellings", "temp_nights_on_list")
    assert d["ci95"][1] < 0, d
    assert _change(table, "more_dwellings", "mean_wait_days")["ci95"][1] < 0


@pytest.mark.slow
def test_the_table_is_markdown_with_every_kpi(table: dict) -> None:
    text = levers_markdown(table)
    assert all(f"`{k}`" in text for k in LEVER_KPIS)
    assert text.count("\n| ") == 1 + 4  # header and one row per lever


def test_levers_are_the_scenario_with_one_change_each(baseline: sim.Scenario) -> None:
    """Quick: each variant differs from the scenario only where its lever says."""
    variants = lever_variants(baseline)
    assert list(variants)[1:] == list(levers(baseline))
    staffed = variants["staffed_housing"]
    assert staffed.staffed_housing.places == 10 and baseline.staffed_housing.places == 0
    assert variants["regional_offer"].regional_offer.places == 3
    assert variants["advance_notice"].advance_notice.notified_share == 0.5
    assert len(variants["more_dwellings"].stock_plan) == len(baseline.stock_plan) + 1
    assert variants["follow_up"].follow_up.staff == baseline.follow_up.staff + 2
