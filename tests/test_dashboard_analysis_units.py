"""Pure pieces of the analysis pages: chart builders on small DataFrames, budget parsing,
the cheapest budget from sweep rows, agreement cards and the caption with scenario hashes.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sim  # noqa: E402
from dashboard import analyses, charts, tables  # noqa: E402

P = analyses.BUDGET_PATH


def sweep_rows() -> pd.DataFrame:
    """Three budgets: the wait falls, the share meeting a target rises."""
    return pd.DataFrame(
        {
            P: [26e6, 0.0, 52e6],
            "mean_wait_days": [90.0, 100.0, 85.0],
            "mean_wait_days_ci95_low": [85.0, 95.0, 80.0],
            "mean_wait_days_ci95_high": [95.0, 105.0, 90.0],
            "share_meeting_targets": [0.7, 0.4, 0.9],
            "replications": [10, 10, 10],
        }
    )


def test_sweep_curve_sorts_by_the_parameter_and_marks_today_and_the_answer():
    fig = charts.sweep_curve(
        sweep_rows(),
        P,
        "mean_wait_days",
        title="T",
        caption="cap #abcd1234",
        x_scale=1e6,
        marks=[(26e6, "today"), (52e6, "cheapest")],
    )
    assert isinstance(fig, go.Figure)
    band, line = fig.data
    assert band.fill == "toself"
    assert list(line.x) == [0.0, 26.0, 52.0]  # millions on the axis
    assert list(line.y) == [100.0, 90.0, 85.0]
    assert list(band.y) == [105.0, 95.0, 90.0, 80.0, 85.0, 95.0]
    assert any(a.text == "cap #abcd1234" for a in fig.layout.annotations)
    assert {s.x0 for s in fig.layout.shapes if s.x0 is not None} >= {26.0, 52.0}
    assert {"today", "cheapest"} <= {a.text for a in fig.layout.annotations}


def test_share_curve_in_per_cent_with_the_required_line():
    rows = sweep_rows().assign(share_low=[0.2, 0.4, 0.6], share_high=[0.6, 0.9, 0.99])
    rows = analyses.with_share_intervals(rows)
    fig = charts.sweep_curve(
        rows, P, "share_meeting_targets", title="T", percent=True, required=(0.8, "krav")
    )
    assert list(fig.data[1].y) == pytest.approx([40.0, 70.0, 90.0])
    assert any(s.y0 == pytest.approx(80.0) for s in fig.layout.shapes)


def test_budget_verdict_is_cached_per_required_confidence(baseline):
    """The verdict depends on the required confidence (the shares do not): a different
    confidence is a different cached answer."""
    a = analyses.budget_key(baseline, [0.0, 26e6], 20, 1, "mean_wait_days<=180", 2017, 0.8)
    b = analyses.budget_key(baseline, [0.0, 26e6], 20, 1, "mean_wait_days<=180", 2017, 0.9)
    assert a != b and a[0] == "budget_verdict"


def test_default_and_parsed_budgets_in_millions():
    assert analyses.default_budgets(26e6) == [0.0, 13e6, 26e6, 39e6, 52e6, 78e6]
    assert analyses.default_budgets(0.0) == [0.0]
    assert analyses.parse_budgets("26 000 000; 0;\n1,5; 0") == [0.0, 1.5e6, 26e6]
    assert analyses.parse_budgets("26,5 mill; 13\u00a0000\u00a0000") == [13e6, 26.5e6]
    assert analyses.parse_budgets("26.5; 13", "en") == [13e6, 26.5e6]
    assert analyses.budgets_text([0.0, 13e6, 26.5e6], "nb") == "0; 13; 26,5"
    assert analyses.parse_budgets(analyses.budgets_text([0.0, 13e6, 26.5e6], "nb")) == [0.0, 13e6, 26.5e6]
    for bad in ("", " ; ", "abc", "-5", "inf"):
        with pytest.raises(ValueError) as err:
            analyses.parse_budgets(bad)
        assert "convert" not in str(err.value)
    with pytest.raises(ValueError, match=r"^abc$"):
        analyses.parse_budgets("0; abc")


def test_additions_bars_stack_types_and_fill_missing_years():
    plan = pd.DataFrame(
        {
            "year": [2017, 2017, 2019],
            "dwelling_type": ["small", "large", "small"],
            "instrument": ["purchase"] * 3,
            "count": [2, 1, 3],
        }
    )
    fig = charts.additions_bars(
        plan, title="T", caption="c", type_labels={"small": "Liten"}, years=[2016, 2017, 2018, 2019]
    )
    assert fig.layout.barmode == "stack"
    assert [tr.name for tr in fig.data] == ["Liten", "large"]
    assert list(fig.data[0].y) == [0, 2, 0, 3]
    assert list(fig.data[1].y) == [0, 1, 0, 0]
    empty = charts.additions_bars(plan.iloc[0:0], title="T", years=[2016])
    assert len(empty.data) == 0


def test_service_level_bars_split_met_and_missed_years():
    years = pd.DataFrame({"year": [2017, 2018, 2019], "share": [0.9, 0.5, 1.0], "met": [True, False, True]})
    fig = charts.service_level_bars(years, 0.8, title="T", met_label="met", missed_label="missed")
    met, missed = fig.data
    assert list(met.x) == [2017, 2019] and list(missed.x) == [2018]
    assert list(met.y) == pytest.approx([90.0, 100.0])  # per cent
    assert fig.layout.yaxis.ticksuffix == "%"
    assert any(s.y0 == pytest.approx(80.0) for s in fig.layout.shapes)
    # a target on the mean over futures has no required share: no line
    assert not charts.service_level_bars(years, None, title="T").layout.shapes


def test_effect_bars_have_asymmetric_intervals_and_colour_by_sign():
    eff = pd.DataFrame(
        {
            "label": ["a", "b"],
            "diff_mean": [-10.0, 5.0],
            "diff_ci95_low": [-12.0, 1.0],
            "diff_ci95_high": [-7.0, 6.0],
        }
    )
    fig = charts.effect_bars(eff, title="T", caption="c")
    bar = fig.data[0]
    assert list(bar.y) == ["b", "a"]  # first row on top
    assert list(bar.error_x.array) == [1.0, 3.0]
    assert list(bar.error_x.arrayminus) == [4.0, 2.0]
    assert bar.marker.color[0] != bar.marker.color[1]


def test_effect_bars_put_terms_side_by_side():
    eff = pd.DataFrame(
        {
            "label": ["wait", "wait", "cost", "cost"],
            "variant": ["Selvaag", "Husbanken", "Selvaag", "Husbanken"],
            "diff_mean": [-10.0, -6.0, 2e6, 1e6],
            "diff_ci95_low": [-12.0, -8.0, 1e6, 0.5e6],
            "diff_ci95_high": [-7.0, -4.0, 3e6, 1.5e6],
        }
    )
    fig = charts.effect_bars(eff, title="T")
    # the first variant on top of each group (plotly draws a group's first trace lowest)
    # and first in the legend
    assert [tr.name for tr in fig.data] == ["Husbanken", "Selvaag"]
    assert fig.layout.legend.traceorder == "reversed"
    assert fig.layout.barmode == "group" and fig.layout.showlegend
    assert list(fig.data[1].y) == ["cost", "wait"]
    assert fig.data[0].marker.color != fig.data[1].marker.color


def test_cards_become_agreements_and_problems_are_reported():
    base = sim.load_scenario(ROOT / "scenarios" / "baseline.yaml")
    card = analyses.new_card(2019, 1)
    assert analyses.card_problems(card, 2016, 2040) == []
    bad = {**card, "units": 0, "municipal_share": 1.5, "start_year": 2050, "duration_years": 0}
    assert analyses.card_problems(bad, 2016, 2040) == [
        "tilv.err_units",
        "tilv.err_share",
        "tilv.err_year",
        "tilv.err_duration",
    ]
    sc = analyses.with_cards(base, [card, {**card, "units": 80, "start_year": 2025}], name="w")
    ags = sc.model_dump(mode="json")["tilvisning_agreements"]
    assert [a["units"] for a in ags] == [40, 80]
    assert ags[1]["first_occupancy"] == "2025-01-01"
    assert ags[0]["municipal_share"] == 0.5 and ags[0]["duration_years"] == 30
    assert sc.name == "w"


def test_workshop_columns_one_per_set_of_terms_and_buying():
    base = sim.load_scenario(ROOT / "scenarios" / "baseline.yaml")
    cards = analyses.start_cards(2019)
    assert len(cards) >= 3
    assert [(c["municipal_share"], c["duration_years"]) for c in cards[:2]] == [(0.5, 30.0), (0.4, 20.0)]
    names = {"reference": "Uten avtale", "card": "{name}", "buy": "Kjøpe {n} boliger i {year}"}
    cols = analyses.workshop_columns(base, cards, 0, names)
    assert list(cols) == ["Uten avtale", "Selvaag", "Husbanken", "10 år", "Kjøpe 20 boliger i 2018"]
    assert cols["Uten avtale"].tilvisning_agreements == []
    for title in ("Selvaag", "Husbanken", "10 år"):  # each column holds its own agreement only
        assert len(cols[title].tilvisning_agreements) == 1
    husbanken = cols["Husbanken"].model_dump(mode="json")["tilvisning_agreements"][0]
    assert husbanken["municipal_share"] == 0.4 and husbanken["duration_years"] == 20
    buy = cols["Kjøpe 20 boliger i 2018"].model_dump(mode="json")
    assert buy["tilvisning_agreements"] == []
    assert buy["stock_plan"][-1] == {
        **buy["stock_plan"][-1],
        "year": 2018,
        "count": 20,
        "instrument": "purchase",
    }
    assert len(analyses.workshop_columns(base, cards, None, names)) == 4
    # the same households everywhere: the columns differ from the reference in the agreements only
    ref = cols["Uten avtale"].model_dump(mode="json")
    other = cols["Selvaag"].model_dump(mode="json")
    assert {k for k in ref if ref[k] != other[k]} == {"name", "tilvisning_agreements"}


def test_run_caption_carries_the_hash_prefix():
    cap = tables.run_caption(["a", "b"], 3, 10, "en", hashes=["0123456789abcdef", "fedcba9876543210"])
    assert "a #01234567, b #fedcba98" in cap and "seed 3" in cap and "10 replications" in cap
    assert "#" not in tables.run_caption(["a"], 3, 10, "nb")
