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
    assert rows["buy_20"]["cost_purchases_nok_diff"] > 0  # buying costs the municipality up front
    assert rows["buy_20"]["cost_state_nok_diff"] > 0  # and the state its grant
    text = tv.workshop_text(res)
    assert "expires_2027" in text and "cost_state_nok" in text


def test_cli_tilvisning(tmp_path, capsys, short):
    f = tmp_path / "s.yaml"
    f.write_text(sim.scenario_to_yaml(with_changes(short, {"end_date": "2021-12-31"})))
    assert main(["tilvisning", str(f), "--units", "20", "--start-year", "2018", "--reps", "2", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["reference"] == "none" and len(doc["rows"]) == 7  # no late start: it is past 2021
