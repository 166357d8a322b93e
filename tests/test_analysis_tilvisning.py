"""Tilvisning helpers: agreements on the report's terms against buying the same dwellings."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import sim
from sim.analysis import tilvisning as tv
from sim.analysis.common import with_changes
from sim.cli import main


@pytest.fixture(scope="module")
def short(baseline: sim.Scenario) -> sim.Scenario:
    """The baseline cut to 2016-2030."""
    return with_changes(baseline, {"end_date": "2030-12-31"}, name="short")


def test_terms(short):
    s = tv.selvaag(short, units=40, start_year=2019)
    (ag,) = s.tilvisning_agreements
    assert (ag.municipal_share, ag.duration_years, ag.nominated_units()) == (0.5, 30, 20)
    assert ag.first_occupancy == dt.date(2019, 1, 1)
    h = tv.husbanken(short, units=40, start_year=2019)
    assert (h.tilvisning_agreements[0].municipal_share, h.tilvisning_agreements[0].duration_years) == (
        0.4,
        20,
    )
    assert tv.no_agreement(s).tilvisning_agreements == []


def test_buy_instead_buys_the_nominated_number(short):
    b = tv.buy_instead(short, 20, 2018)
    assert b.tilvisning_agreements == []
    line = b.stock_plan[-1]
    assert (line.year, line.instrument, line.count) == (2018, "purchase", 20)
    assert short.dwelling_types[line.dwelling_type].size_class == "medium"


def test_workshop_variants_and_an_agreement_that_expires(short):
    v = tv.workshop_variants(short, units=40, start_year=2019, short_duration_years=8)
    assert list(v) == [
        "none",
        "selvaag",
        "husbanken",
        "selvaag_20_units",
        "selvaag_80_units",
        "selvaag_from_2025",
        "expires_2027",
        "buy_20",
    ]
    res = tv.workshop({k: v[k] for k in ("none", "selvaag", "expires_2027", "buy_20")}, replications=3)
    units = res["yearly"]["expires_2027"]["dwellings_tilvisning"]
    # the rights end with the agreement: let units leave as their tenancies end
    assert units[2020] == pytest.approx(20) and units[2026] == pytest.approx(20)
    assert units[2028] < 20 and units[2030] < units[2028]
    assert res["yearly"]["selvaag"]["dwellings_tilvisning"][2030] == pytest.approx(20)
    rows = {r["variant"]: r for r in res["rows"]}
    assert rows["none"]["allocations_tilvisning"] == 0 and rows["selvaag"]["allocations_tilvisning"] > 0
    assert rows["selvaag"]["cost_tilvisning_nok_diff"] > 0
    assert rows["buy_20"]["cost_capital_new_nok_diff"] > 0  # the municipality pays interest and instalments
    assert rows["buy_20"]["cost_state_npv_nok_diff"] > 0  # and the state its grant
    text = tv.workshop_text(res)
    assert "expires_2027" in text and "cost_state_npv_nok" in text
    assert "change +" in text and "million NOK vs none" in text  # changes are labelled as changes


def test_the_agreement_costs_the_municipality_less_than_buying_as_many(baseline):
    """The report's finding (7.6.2): the Selvaag model has a much lower cost profile for the
    municipality than owning. Paired, same seed, 20 nominated units against 20 bought, in
    the budget view and in the economic view (municipality and in total)."""
    alts = tv.alternatives(baseline, units=40, start_year=2019)
    assert list(alts) == ["none", "selvaag", "buy_20", "lease_20", "rent_to_own_20"]
    res = tv.workshop({k: alts[k] for k in ("none", "selvaag", "buy_20")}, replications=6, seed=3)
    rows = {r["variant"]: r for r in res["rows"]}
    for kpi in ("cost_municipal_budget_nok", "cost_municipal_npv_nok", "cost_total_npv_nok"):
        saving = rows["buy_20"][f"{kpi}_diff"] - rows["selvaag"][f"{kpi}_diff"]
        assert saving > 0, kpi
        # and as levels, not only as changes against no agreement
        assert rows["selvaag"][kpi] < rows["buy_20"][kpi], kpi
    yearly = res["yearly"]
    for year in (2020, 2030):
        extra = {
            v: yearly[v]["cost_municipal_budget_nok"][year]
            - yearly["none"]["cost_municipal_budget_nok"][year]
            for v in ("selvaag", "buy_20")
        }
        assert 0 < extra["selvaag"] < extra["buy_20"], year


def test_cli_tilvisning(tmp_path, capsys, short):
    f = tmp_path / "s.yaml"
    f.write_text(sim.scenario_to_yaml(with_changes(short, {"end_date": "2021-12-31"})))
    assert main(["tilvisning", str(f), "--units", "20", "--start-year", "2018", "--reps", "2", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["reference"] == "none" and len(doc["rows"]) == 7  # no late start: it is past 2021
    assert (
        main(["tilvisning", str(f), "--units", "20", "--start-year", "2018", "--reps", "2", "--alternatives"])
        == 0
    )
    text = capsys.readouterr().out
    assert "cost_municipal_budget_nok (NOK nominal, sum 2016-2021)" in text
    assert "cost_municipal_npv_nok (NOK, present value 2016-2021 in real 2016 prices)" in text
    assert "buy_10" in text and "lease_10" in text and "rent_to_own_10" in text
    assert "million NOK vs none" in text and "what drives the cost difference" in text
