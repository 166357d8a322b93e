"""Unit tests of the dashboard's pure parts: texts, number formats, levers, tables, charts,
exports. No Streamlit runtime is needed (except ``RunStore``, a plain class)."""

from __future__ import annotations

import io
import itertools
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sim  # noqa: E402
from dashboard import charts, export, levers, metrics, tables  # noqa: E402
from dashboard.i18n import (  # noqa: E402
    MINUS,
    NBSP,
    TEXTS,
    fmt_interval,
    fmt_number,
    fmt_percent,
    fmt_value,
    md,
    parse_nok,
    parse_number,
    plotly_separators,
    t,
)
from dashboard.i18n.sources import source_text  # noqa: E402

NB_ONLY_PREFIXES = ("leverhelp.",)


# ---------------------------------------------------------------- texts
def test_both_languages_have_the_same_keys():
    nb = {k for k in TEXTS["nb"] if not k.startswith(NB_ONLY_PREFIXES)}
    en = {k for k in TEXTS["en"] if not k.startswith(NB_ONLY_PREFIXES)}
    assert nb - en == set(), "keys only in bokmål"
    assert en - nb == set(), "keys only in English"


def test_placeholders_match_between_languages():
    for key, nb_text in TEXTS["nb"].items():
        if key in TEXTS["en"]:
            assert set(re.findall(r"\{(\w+)\}", nb_text)) == set(
                re.findall(r"\{(\w+)\}", TEXTS["en"][key])
            ), key


def test_every_text_key_used_in_the_code_exists():
    used: set[str] = set()
    for path in (ROOT / "dashboard").rglob("*.py"):
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[\w.{}]+)["']""", path.read_text()))
    assert used, "found no t(...) calls"
    missing = {k for k in used if k not in TEXTS["en"] or k not in TEXTS["nb"]}
    assert missing == set()


def test_every_lever_has_a_label_in_both_languages():
    for lang in ("nb", "en"):
        for group in levers.LEVER_GROUPS:
            assert f"levergroup.{group.id}" in TEXTS[lang]
            for lever in group.levers:
                assert f"lever.{lever.path}" in TEXTS[lang], (lang, lever.path)


# ---------------------------------------------------------------- the metric registry
#: looks like a program's name, not a word: snake_case, a dotted key or code
IDENTIFIER = re.compile(r"\b[a-z]+_[a-z0-9_]+\b|\b[a-z]+\.[a-z]+\b|sim\.")


def all_metric_names(short_results) -> set[str]:
    """Every yearly metric and every KPI the model reports."""
    kpis = set(short_results["base"].aggregate.kpi_summary())
    return set(sim.YEARLY_METRICS) | set(sim.KPI_RULES) | kpis


def test_every_metric_the_model_reports_has_a_label_unit_and_definition(short_results):
    names = all_metric_names(short_results)
    assert metrics.missing(names) == [], "add a Metric line in dashboard/metrics.py"
    for name in names:
        for lang in ("nb", "en"):
            label = metrics.label(name, lang)
            assert label and not IDENTIFIER.search(label), (name, lang, label)
            assert metrics.doc(name, lang), (name, lang)
            assert metrics.period(name, lang, 2016, 2040)
            assert metrics.axis_title(name, lang)


def test_an_unknown_metric_never_shows_its_identifier():
    assert metrics.label("exits_magic_route", "nb") == "Nøkkeltall uten navn"
    assert metrics.missing(["exits_magic_route", "temp_nights|youth"]) == ["exits_magic_route"]


def test_cost_lines_are_the_municipality_s_lines_only():
    names = [*sim.YEARLY_METRICS, "cost_per_household_housed_nok"]
    lines = metrics.cost_lines(names)
    assert "cost_hospits_nok" in lines and "cost_rent_income_nok" in lines
    # a ratio, a total and the state's cost are never stacked with the lines
    for other in (
        "cost_per_household_housed_nok",
        "cost_municipal_budget_nok",
        "cost_municipal_npv_nok",
        "cost_state_nok",
        "residual_value_npv_nok",
        "investment_nok",
    ):
        assert other not in lines
    assert metrics.role("cost_per_household_housed_nok") == "ratio"
    # the lines of the model's budget view are all there, and only they
    from sim.catalog import BUDGET_LINES

    assert lines == [f"cost_{c}_nok" for c in BUDGET_LINES]


def test_units_periods_and_better_directions():
    assert metrics.describe("temp_nights_families_youth", "nb", 2016, 2040) == "persondøgn, sum 2016–2040"
    assert metrics.describe("waiting_list_mean", "en", 2016, 2040) == "households, average 2016–2040"
    assert metrics.describe("dwellings_per_1000", "nb", 2016, 2040) == "ved utgangen av 2040"
    assert metrics.axis_title("temp_nights", "nb") == "persondøgn per år"
    assert metrics.axis_title("cost_municipal_budget_nok", "nb") == "mill. kr per år"
    assert (
        metrics.period("cost_municipal_npv_nok", "nb", 2016, 2040) == "nåverdi 2016–2040, faste 2016-kroner"
    )
    assert metrics.axis_title("waiting_list_mean", "en", monthly=True) == "households (monthly average)"
    assert metrics.value(6705.5, "temp_nights", "nb", with_unit=True) == f"6{NBSP}706{NBSP}persondøgn"
    assert metrics.better("mean_wait_days") == -1 and metrics.better("exits_start_loan") == 1
    assert metrics.better("arrivals") == 0


def test_long_texts_exist_in_both_languages():
    for name in ("overview", "scenario", "compare", "sources"):
        assert md(name, "nb") and md(name, "en")
        assert md(name, "nb") != md(name, "en")


def test_missing_key_falls_back_instead_of_crashing():
    assert t("no.such.key", "nb") == "no.such.key"
    assert t("nav.compare", "xx") == TEXTS["nb"]["nav.compare"]  # unknown language -> bokmål


# ---------------------------------------------------------------- numbers
def test_norwegian_number_format():
    assert fmt_number(12345.678, "nb", 1) == f"12{NBSP}345,7"
    assert fmt_number(1234567, "nb", 0) == f"1{NBSP}234{NBSP}567"
    assert fmt_number(-0.04, "nb", 1) == "0,0"
    assert fmt_number(-2.5, "nb", 1) == f"{MINUS}2,5"
    assert fmt_number(2.5, "nb", 1, sign=True) == "+2,5"
    assert fmt_percent(0.2916, "nb") == f"29,2{NBSP}%"
    assert fmt_value(926700.4, "nok", "nb") == f"926{NBSP}700{NBSP}kr"
    assert fmt_value(9267008.4, "nok", "nb") == f"9,27{NBSP}mill.{NBSP}kr"
    assert fmt_value(-438.03e6, "nok", "nb") == f"{MINUS}438,0{NBSP}mill.{NBSP}kr"
    assert fmt_value(6705.5, "count", "nb") == f"6{NBSP}706"
    assert fmt_value(180.0, "days", "nb") == "180"
    assert fmt_value(0.032, "share_points", "nb") == f"3,2{NBSP}prosentpoeng"
    assert fmt_interval(14.88, 27.59, "count", "nb") == "14,9 – 27,6"


def test_english_number_format():
    assert fmt_number(12345.678, "en", 1) == "12,345.7"
    assert fmt_percent(0.2916, "en") == "29.2%"
    assert fmt_value(-1500, "nok", "en") == f"-NOK{NBSP}1,500"
    assert fmt_value(-12_345_678, "nok", "en") == f"-NOK{NBSP}12.35{NBSP}m"


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("0,8", "nb", 0.8),
        ("26 000", "nb", 26000.0),
        (f"26{NBSP}000,5", "nb", 26000.5),
        ("1.000.000", "nb", 1e6),
        ("0.8", "nb", 0.8),  # a lone point is read as a decimal point
        (f"{MINUS}2,5", "nb", -2.5),
        ("26e6", "nb", 26e6),
        ("0.8", "en", 0.8),
        ("26,000", "en", 26000.0),
        ("1,234.5", "en", 1234.5),
    ],
)
def test_numbers_are_read_the_way_they_are_written(text, lang, value):
    assert parse_number(text, lang) == pytest.approx(value)
    assert parse_number(fmt_number(value, lang, 2), lang) == pytest.approx(value)


@pytest.mark.parametrize("bad", ["abc", "", "1,2,3", "12 kr", "1e999", "--1"])
def test_text_that_is_not_a_number_is_refused_with_the_text_itself(bad):
    with pytest.raises(ValueError) as err:
        parse_number(bad, "nb")
    assert "convert" not in str(err.value)  # no Python English


def test_amounts_of_kroner_in_a_field_shown_in_millions():
    for text in ("26,5", "26,5 mill", "26,5 mill. kr", "26 500 000", "26 500 000 kr", "26,5 millioner"):
        assert parse_nok(text, "nb") == pytest.approx(26.5e6), text
    assert parse_nok("26.5 m", "en") == pytest.approx(26.5e6)
    assert parse_nok("0", "nb") == 0.0
    with pytest.raises(ValueError):
        parse_nok("mye", "nb")


def test_sources_cite_the_report_and_read_in_bokmal():
    assert (
        source_text("FACTS.md 6.1-6.2 (3 months)", "nb")
        == "NIBR-rapport 2016:23, avsnitt 6.1–6.2 (3 måneder)"
    )
    assert source_text("FACTS.md ch.4-5 (standard lease 3 years)", "en") == (
        "NIBR report 2016:23, ch. 4–5 (standard lease 3 years)"
    )
    assert source_text("assumption", "nb") == "antakelse"
    # every source a lever shows is known in bokmål and names no project file
    for group in levers.LEVER_GROUPS:
        for lever in levers.levers_in(group):
            src = levers.source(lever.path)
            for lang in ("nb", "en"):
                text = source_text(src, lang)
                assert ".md" not in text, (lever.path, text)
            if src:
                from dashboard.i18n.sources import NB

                assert src in NB, f"add a bokmål wording of {src!r} to dashboard/i18n/sources.py"


@pytest.mark.parametrize("bad", [None, float("nan"), float("inf")])
def test_missing_numbers_print_as_a_dash(bad):
    assert fmt_number(bad, "nb") == "–"
    assert fmt_percent(bad, "en") == "–"
    assert fmt_interval(bad, 1.0, "count", "nb") == "–"


def test_plotly_separators():
    assert plotly_separators("nb") == f",{NBSP}"
    assert plotly_separators("en") == ".,"


# ---------------------------------------------------------------- levers
DATA = {
    "name": "x",
    "groups": {"youth": {"approval_probability": 0.8}, "rop": {"approval_probability": 0.7}},
    "dwelling_types": {"small": {"count": 3}},
    "tenancy": {
        "lease": {"dist": "fixed", "value_days": 1096},
        "vacancy_turnaround": {"dist": "gamma"},
    },
}


def test_expand_fans_out_over_groups_and_dwellings():
    lever = levers.Lever("groups.{group}.approval_probability", "share")
    assert levers.expand(lever, DATA) == [
        ("groups.youth.approval_probability", "youth"),
        ("groups.rop.approval_probability", "rop"),
    ]
    assert levers.expand(levers.Lever("dwelling_types.{dwelling}.count", "int"), DATA) == [
        ("dwelling_types.small.count", "small")
    ]


def test_expand_respects_the_distribution_condition():
    fixed = levers.Lever("tenancy.lease.value_days", when=("tenancy.lease.dist", "fixed"))
    expo = levers.Lever(
        "tenancy.vacancy_turnaround.mean_days",
        when=("tenancy.vacancy_turnaround.dist", "exponential"),
    )
    assert levers.expand(fixed, DATA) == [("tenancy.lease.value_days", None)]
    assert levers.expand(expo, DATA) == []


def test_set_paths_copies_and_writes():
    out = levers.set_paths(DATA, {"groups.youth.approval_probability": 0.5, "a.b": 1})
    assert out["groups"]["youth"]["approval_probability"] == 0.5
    assert out["a"] == {"b": 1}
    assert DATA["groups"]["youth"]["approval_probability"] == 0.8  # input untouched


def test_help_and_source_come_from_the_schema():
    path = "groups.{group}.approval_probability"
    assert "tilsagn" in levers.description(path)
    assert levers.source(path).startswith("assumption")
    assert levers.source("temporary_accommodation.hospits_price_nok_per_night").startswith("FACTS")
    assert set(levers.choices("allocation.priority_rule")) == {"priority", "fifo", "children_first"}
    # inside a distribution: documented by the distribution field
    assert "lease" in levers.description("tenancy.lease.value_days").lower()


def test_every_lever_names_a_field_of_the_schema():
    for group in levers.LEVER_GROUPS:
        for lever in group.levers:
            assert levers.exists(lever.path), lever.path
            assert levers.field_info(lever.path) is not None, lever.path
    assert not levers.exists("no_such_instrument.budget_nok_per_year")
    assert not levers.exists("groups.{group}.no_such_field")


def test_lever_groups_cover_the_municipality_s_instruments():
    ids = {g.id: g for g in levers.LEVER_GROUPS}
    for now in ("demand", "stock", "temporary", "allocation", "start_loans", "follow_up"):
        assert ids[now].available, now
    # agreements are a list of cards: edited on the workshop page when it lands
    assert not ids["tilvisning"].available
    assert not levers.LeverGroup("x", (levers.Lever("no_such.field"),)).available


def test_kroner_levers_show_millions_and_store_kroner():
    assert levers.to_widget(26_000_000, "float", 1e6) == 26.0
    assert levers.from_widget(30.5, "float", 1e6) == 30_500_000
    assert levers.to_widget({2016: 1}, "float", 1e6) is None  # not a number: no widget value


def test_typed_choices_and_what_a_widget_can_edit():
    assert levers.choices("rent_to_own.option_year") == [3, 5]
    assert levers.choices("start_loans.term_years") == []
    assert levers.editable(26e6, "float") and levers.editable(None, "float")
    assert not levers.editable({2016: 1e7}, "float")  # a per-year schedule
    assert not levers.editable(True, "float")
    assert levers.editable("fifo", "choice")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Flere boliger 2025", "flere_boliger_2025"),
        ("../../etc/passwd", "etc_passwd"),
        ("Bærum/Østre Ås", "baerum_ostre_as"),
        ("  ", ""),
        ("2040 plan", "plan"),
        ("a" * 80, "a" * 40),
        ("CON", "con"),
    ],
)
def test_sanitise_name(raw, clean):
    assert levers.sanitise_name(raw) == clean


def test_widget_value_round_trip():
    import datetime as dt

    assert levers.to_widget("2016-01-01", "date") == dt.date(2016, 1, 1)
    assert levers.from_widget(dt.date(2016, 1, 1), "date") == "2016-01-01"
    assert levers.to_widget("abc", "float") is None
    assert levers.to_widget(3.0, "int") == 3


# ---------------------------------------------------------------- small results
@pytest.fixture(scope="module")
def short_results():
    """Two tiny runs (2 years, 3 replications) that differ in stock."""
    base = sim.load_scenario(ROOT / "scenarios" / "baseline.yaml")
    data = base.model_dump(mode="json")
    data["end_date"] = "2017-12-31"
    short = sim.scenario_from_dict(data)
    data["dwelling_types"]["large_ordinary"]["count"] += 30
    data["name"] = "more"
    more = sim.scenario_from_dict(data)
    cmp = sim.compare([short, more], replications=3, seed=7)
    return {"base": cmp.results[0], "more": cmp.results[1]}


def test_kpi_comparison_frame_matches_sim(short_results):
    frame = tables.kpi_comparison_frame(short_results, "base")
    assert set(frame["scenario"]) == {"base", "more"}
    ref = frame[frame["scenario"] == "base"]
    assert ref["diff_mean"].isna().all()
    row = frame[(frame["scenario"] == "more") & (frame["kpi"] == "municipal_dwellings")].iloc[0]
    assert row["diff_mean"] == pytest.approx(30)
    expected = sim.paired_differences(short_results["base"].aggregate, short_results["more"].aggregate)
    assert row["significant"] == expected["municipal_dwellings"]["significant"]


def test_display_table_marks_the_better_direction(short_results):
    frame = tables.kpi_comparison_frame(short_results, "base")
    text, marks = tables.display_kpi_table(frame, "nb", 2016, 2017, headline_only=False)
    assert text.shape == marks.shape
    assert list(text.columns) == ["Nøkkeltall", "Bedre er", "base", "more", "more: forskjell"]
    labels = list(text["Nøkkeltall"])
    assert all(not IDENTIFIER.search(x) for x in labels), [x for x in labels if IDENTIFIER.search(x)]

    def row(kpi):
        return text.index[text["Nøkkeltall"].str.startswith(metrics.label(kpi, "nb") + " (")][0]

    # more dwellings: a volume, neither better nor worse, but changed
    i = row("municipal_dwellings")
    assert "▲" in text.loc[i, "more: forskjell"] and marks.loc[i, "more: forskjell"] == "changed"
    assert text.loc[i, "Bedre er"] == "–"
    # the wait: lower is better, and more dwellings shorten it
    i = row("mean_wait_days")
    assert text.loc[i, "Bedre er"] == "lavere ↓"
    assert "dager" in text.loc[i, "Nøkkeltall"] and "2016–2017" in text.loc[i, "Nøkkeltall"]
    headline = tables.display_kpi_table(frame, "en", 2016, 2017, headline_only=True)[0]
    assert len(headline) == len([k for k in tables.HEADLINE_KPIS if k in set(frame["kpi"])])


@pytest.mark.parametrize(
    ("kpi", "diff", "significant", "expected"),
    [
        ("mean_wait_days", 9.0, True, "worse"),
        ("mean_wait_days", -9.0, True, "better"),
        ("exits_start_loan", 32.0, True, "better"),
        ("exits_start_loan", -32.0, True, "worse"),
        ("arrivals", 5.0, True, "changed"),
        ("mean_wait_days", 9.0, False, ""),
    ],
)
def test_a_difference_is_marked_by_whether_it_is_good(kpi, diff, significant, expected):
    assert tables.mark(kpi, diff, significant) == expected
    row = {
        "diff_mean": diff,
        "diff_ci95_low": diff - 1,
        "diff_ci95_high": diff + 1,
        "significant": significant,
    }
    text = tables.diff_text(kpi, row, "nb")
    assert ("verre" in text) == (expected == "worse") and ("bedre" in text) == (expected == "better")


def test_series_long_has_a_scenario_column(short_results):
    df = tables.series_long(short_results, "yearly")
    assert list(df.columns[:2]) == ["scenario", "metric"]
    assert set(df["scenario"]) == {"base", "more"}
    assert set(df["period"]) == {2016, 2017}


# ---------------------------------------------------------------- charts on small frames
def _frame(metric="m", group="all", scenarios=("A", "B"), periods=(2016, 2017, 2018)):
    rows = []
    for i, s in enumerate(scenarios):
        for p in periods:
            mean = 10.0 * (i + 1) + p - periods[0]
            rows.append((s, metric, group, p, mean, mean - 1, mean + 1))
    return pd.DataFrame(rows, columns=list(charts.SERIES_COLUMNS))


def test_band_chart_has_a_band_and_a_line_per_scenario():
    fig = charts.band_chart(
        _frame(), "m", title="T", caption="cap · seed 1", reference_lines=[(13.4, "Akershus")]
    )
    assert isinstance(fig, go.Figure)
    lines = [tr for tr in fig.data if tr.mode == "lines" and tr.fill != "toself"]
    bands = [tr for tr in fig.data if tr.fill == "toself"]
    assert [tr.name for tr in lines] == ["A", "B"]
    assert len(bands) == 2
    assert list(lines[0].y) == [10.0, 11.0, 12.0]
    assert list(bands[0].y) == [11.0, 12.0, 13.0, 11.0, 10.0, 9.0]
    assert lines[0].line.color != lines[1].line.color
    assert any("Akershus" in (s.text or "") for s in fig.layout.annotations)
    assert any(a.text == "cap · seed 1" for a in fig.layout.annotations)


def test_band_chart_ignores_other_metrics_and_groups():
    df = pd.concat([_frame("m"), _frame("other"), _frame("m", group="youth")])
    fig = charts.band_chart(df, "m", title="T")
    assert len([tr for tr in fig.data if tr.mode == "lines" and tr.fill != "toself"]) == 2


def test_bars_error_bars_and_percent_axis_the_norwegian_way():
    style = charts.Style(separators=",\u00a0", percent_suffix="\u00a0%")
    df = _frame()
    df[["mean", "ci95_low", "ci95_high"]] /= 100  # shares
    fig = charts.band_chart(df, "m", title="T", percent=True, style=style, bars=True)
    assert [tr.type for tr in fig.data] == ["bar", "bar"]
    assert list(fig.data[0].error_y.array) == pytest.approx([1.0, 1.0, 1.0])  # drawn in per cent
    assert fig.layout.yaxis.ticksuffix == "\u00a0%"  # 50 %, as the text says it
    assert fig.layout.separators == ",\u00a0"
    assert fig.data[0].hovertemplate.endswith("\u00a0%")


def test_value_axes_never_abbreviate_and_kroner_read_in_millions():
    df = _frame()
    df[["mean", "ci95_low", "ci95_high"]] *= 1e6
    fig = charts.band_chart(df, "m", title="T", scale=1e6)
    assert fig.layout.yaxis.tickformat == ",~f" and fig.layout.yaxis.exponentformat == "none"
    line = next(tr for tr in fig.data if tr.mode == "lines" and tr.fill != "toself")
    assert list(line.y) == pytest.approx([10.0, 11.0, 12.0])
    assert fig.layout.xaxis.tickformat == "d"  # years are not 2 016


def test_months_hover_as_numbers_not_english_names():
    df = _frame()
    df["period"] = pd.to_datetime(df["period"].astype(str) + "-01-01")
    fig = charts.band_chart(df, "m", title="T")
    assert fig.layout.xaxis.hoverformat == "%Y-%m"  # 2027-12: no month name, no decimal-like 12.2027
    assert all("%b" not in stop.value for stop in fig.layout.xaxis.tickformatstops)


def test_a_long_caption_wraps_inside_the_figure():
    caption = "Scenarioer: " + ", ".join(f"scenario {i} #0123abcd" for i in range(12))
    fig = charts.band_chart(_frame(), "m", title="T", caption=caption)
    text = next(a.text for a in fig.layout.annotations if a.name == "caption")
    assert "<br>" in text and all(len(part) <= charts.CAPTION_WIDTH for part in text.split("<br>"))
    assert text.replace("<br>", " ") == caption


def test_figures_keep_dark_text_for_contrast():
    fig = charts.band_chart(_frame(), "m", title="T")
    assert fig.layout.font.color == charts.TEXT
    assert fig.layout.yaxis.tickfont.color == charts.TEXT_SOFT  # #404040 on white: 10:1


def test_group_totals_highlights_red_light_groups_first():
    df = pd.concat([_frame("temp_nights", g) for g in ("rop", "youth", "families")])
    fig = charts.group_totals(
        df,
        "temp_nights",
        title="T",
        highlight=["families", "youth"],
        group_labels={"youth": "Unge"},
    )
    assert fig.data[0].orientation == "h"
    assert list(fig.data[0].y) == ["★ Unge", "★ families", "rop"]
    assert list(fig.data[0].marker.opacity) == [1.0, 1.0, 0.45]
    assert fig.data[0].x[0] == pytest.approx(10 + 11 + 12)


def test_stacked_bars_one_panel_per_scenario():
    df = pd.concat([_frame("exits_moved"), _frame("exits_lease_end")])
    fig = charts.stacked_bars(
        df, ["exits_moved", "exits_lease_end"], title="T", labels={"exits_moved": "Flyttet"}
    )
    assert fig.layout.barmode == "relative"
    assert len(fig.data) == 4
    assert [tr.showlegend for tr in fig.data] == [True, True, False, False]
    assert fig.data[0].name == "Flyttet"


def test_band_chart_draws_history_before_the_start():
    from dashboard.municipality import observed

    history = observed(sim.load_scenario(ROOT / "scenarios" / "baseline.yaml"), "start_loans_per_1000")
    fig = charts.band_chart(_frame(), "m", title="T", history=history, history_label="KOSTRA")
    hist = next(tr for tr in fig.data if tr.name == "KOSTRA")
    assert list(hist.x) == [2010, 2011, 2012, 2013, 2014, 2015]
    assert list(hist.y)[-1] == 0.7


def test_stacked_routes_drop_zero_lines_and_hatch_past_the_palette():
    frames = [_frame(f"cost_line{i}") for i in range(10)]
    zero = _frame("cost_zero")
    zero["mean"] = 0.0
    df = pd.concat([*frames, zero, _frame("cost_per_household_housed_nok")])
    lines = [f"cost_line{i}" for i in range(10)] + ["cost_zero"]
    fig = charts.stacked_bars(df, lines, title="T")
    names = [tr.name for tr in fig.data if tr.showlegend]
    assert names == [f"cost_line{i}" for i in range(10)]  # only what it was given, zero lines dropped
    shapes = [tr.marker.pattern.shape for tr in fig.data if tr.showlegend]
    assert shapes[:8] == [""] * 8 and shapes[8:] == ["/", "/"]
    styles = {(tr.marker.color, tr.marker.pattern.shape) for tr in fig.data if tr.showlegend}
    assert len(styles) == 10
    # the legend lies under the panels, every entry visible (no scrolling legend at the side)
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.y < 0


def test_palette_is_colour_blind_safe_okabe_ito():
    assert charts.PALETTE[:3] == ("#0072B2", "#E69F00", "#009E73")
    assert charts.rgba("#0072B2", 0.5) == "rgba(0,114,178,0.5)"


def test_career_links_balance_each_stage():
    careers = {
        "arrival": 100,
        "acute": 20,
        "approved": 70,
        "exit:rejected": 25,
        "reapplication": 4,
        "tenancy": 60,
        "exit:withdrawn": 5,
        "exit:refused_offer": 3,
        "exit:own_solution": 2,
        "exit:lease_end": 30,
        "exit:moved": 10,
        "exit:death_or_institution": 5,
        "eviction": 6,
    }
    links = charts.career_links(careers, 2, waiting_at_end=10, tenants_at_end=100)
    flow = links.groupby("source")["value"].sum()
    inflow = links.groupby("target")["value"].sum()
    # every inner node passes on what it receives
    for node in ("decision", "waiting_list", "tenancy"):
        assert inflow[node] == pytest.approx(flow[node]), node
    v = links.set_index(["source", "target"])["value"]
    assert v[("new_applications", "decision")] == 50  # per replication
    assert v[("tenancy", "tenant_end")] == 100
    assert v[("tenancy", "eviction")] == 3  # evicted households who apply again come back on the left
    assert v[("reapplications", "decision")] == 2
    assert (links["value"] > 0).all()


def test_career_links_take_direct_transitions_when_the_model_gives_them():
    links = charts.career_links({"arrival->waiting_list": 10, "waiting_list->tenancy": 6}, 2)
    assert links.to_dict("records") == [
        {"source": "arrival", "target": "waiting_list", "value": 5.0},
        {"source": "waiting_list", "target": "tenancy", "value": 3.0},
    ]


def test_sankey_from_real_careers(short_results):
    res = short_results["base"]
    links = charts.career_links(res.aggregate.careers, res.replications)
    fig = charts.sankey(links, title="T", node_labels={"decision": "Vedtaksteam"})
    assert fig.data[0].type == "sankey"
    assert "Vedtaksteam" in fig.data[0].node.label
    assert np.isclose(sum(fig.data[0].link.value), links["value"].sum())


def test_sankey_nodes_are_placed_apart_so_labels_do_not_overlap(short_results):
    res = short_results["base"]
    links = charts.career_links(
        res.aggregate.careers, res.replications, waiting_at_end=10, tenants_at_end=150
    )
    node = charts.sankey(links, title="T").data[0].node
    by_column: dict[float, list[float]] = {}
    for x, y in zip(node.x, node.y, strict=True):
        by_column.setdefault(x, []).append(y)
    for ys in by_column.values():
        ys.sort()
        assert all(b - a >= 0.05 for a, b in itertools.pairwise(ys)), ys
    # the last column keeps to the upper part, clear of the waiting list's exits
    pos = dict(zip([*dict.fromkeys([*links["source"], *links["target"]])], node.y, strict=True))
    last = max(pos["eviction"], pos["tenant_end"], pos["lease_end"])
    assert last < min(pos["waiting_end"], pos["own_solution"])


# ---------------------------------------------------------------- exports
def test_excel_for_people_in_bokmal(short_results):
    frame = tables.kpi_comparison_frame(short_results, "base")
    yearly = tables.series_long(short_results)
    people = export.kpi_table(frame, "nb", 2016, 2017)
    sheets = {n: export.series_table(yearly[yearly["scenario"] == n], "nb", {}) for n in short_results}
    data = export.excel_bytes(people, sheets, [("Frø", 7), ("Replikasjoner", 3)], "nb")
    book = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(book) == ["Om kjøringen", "Nøkkeltall", "base", "more"]
    kpis = book["Nøkkeltall"]
    assert len(kpis) == len(frame)
    assert list(kpis.columns[:3]) == ["Nøkkeltall", "Enhet", "Periode"]
    assert not any(IDENTIFIER.search(c) for c in kpis.columns if c != "kode")
    assert "Ventetid fra tilsagn til bolig" in set(kpis["Nøkkeltall"])
    # numbers rounded as on screen; shares in per cent
    wait = kpis[kpis["kode"] == "p_wait_over_6_months"].iloc[0]
    assert 0 <= wait["Gjennomsnitt"] <= 100 and wait["Enhet"] == "%"
    assert all(round(v, 2) == v for v in kpis["Gjennomsnitt"].dropna())
    assert "Frø" in set(book["Om kjøringen"]["Hva"])


def test_sheet_names_are_safe_and_unique():
    names = export.sheet_names(["a/b", "A/B", "x" * 40, "info"], reserved=["info"])
    assert names[0] == "a_b" and names[1] == "A_B (2)"
    assert len(names[2]) <= 31
    assert names[3] == "info (2)"


def test_csv_opens_in_norwegian_excel_and_stays_plain_in_english(short_results):
    frame = tables.kpi_comparison_frame(short_results, "base")
    nb = export.csv_bytes(export.kpi_table(frame, "nb", 2016, 2017), "nb")
    assert nb.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads æøå right
    head, first = nb.decode("utf-8-sig").splitlines()[:2]
    assert head.startswith("Nøkkeltall;Enhet;Periode;Scenario")
    assert ";17874;" in first or re.search(r";\d+;", first)  # whole numbers plain, no separators
    assert re.search(r";\d+,\d+;", nb.decode("utf-8-sig"))  # a decimal comma, semicolons between
    en = export.csv_bytes(export.kpi_table(frame, "en", 2016, 2017), "en").decode("utf-8")
    assert en.startswith("Indicator,Unit,Period,Scenario")


def test_html_summary_keeps_the_marks(short_results):
    frame = tables.kpi_comparison_frame(short_results, "base")
    text, marks = tables.display_kpi_table(frame, "nb", 2016, 2017)
    fig = charts.band_chart(tables.series_long(short_results), "waiting_list_mean", title="Venteliste")
    html = export.summary_html(
        title="Sammendrag <test>",
        meta=[("Frø", "7")],
        table=text,
        marks=marks,
        figures=[fig],
        lang="nb",
    )
    assert html.startswith("<!DOCTYPE html>")
    assert "Sammendrag &lt;test&gt;" in html
    assert 'class="changed"' in html or 'class="better"' in html
    assert "plotly" in html.lower()


def test_run_store_is_a_bounded_lru():
    from dashboard.state import RunStore

    store = RunStore(max_items=2)
    store.put(("a", 1, 1), 1)
    store.put(("b", 1, 1), 2)
    assert store.get(("a", 1, 1)) == 1  # a is now most recent
    store.put(("c", 1, 1), 3)
    assert store.get(("b", 1, 1)) is None
    assert store.get(("a", 1, 1)) == 1 and store.get(("c", 1, 1)) == 3


def test_run_scenarios_runs_only_what_is_missing_and_keeps_pairing(monkeypatch):
    from dashboard import state

    base = sim.load_scenario(ROOT / "scenarios" / "baseline.yaml")
    data = base.model_dump(mode="json")
    data["end_date"] = "2016-12-31"
    a = sim.scenario_from_dict(data)
    data["allocation"]["meeting_interval_days"] = 7
    b = sim.scenario_from_dict(data)
    state.run_store().clear()
    calls: list[list[str]] = []
    real = sim.compare

    def counting(scs, **kw):
        calls.append([s.sha256() for s in scs])
        return real(scs, **kw)

    monkeypatch.setattr(sim, "compare", counting)
    seen: list[tuple[int, int]] = []
    (ra,) = state.run_scenarios([a], 3, 2)
    ra2, rb = state.run_scenarios([a, b], 3, 2, progress=lambda d, n: seen.append((d, n)))
    assert calls == [[a.sha256()], [b.sha256()]]  # a came from the cache
    assert ra2 is ra
    assert seen[-1] == (2, 2)
    # the same numbers as one comparison of both: common random numbers hold
    both = real([a, b], replications=2, seed=3)
    assert rb.aggregate.kpi_rows == both.results[1].aggregate.kpi_rows
    assert ra.aggregate.kpi_rows == both.results[0].aggregate.kpi_rows


# ---------------------------------------------------------------- problems in bokmål
def _problems_of_the_bad_input_collection() -> list[sim.Problem]:
    from tests.test_bad_input import BAD_OVERRIDES

    problems: list[sim.Problem] = []
    for f in sorted((ROOT / "tests" / "bad_scenarios").glob("*.yaml")):
        try:
            sim.load_scenario(f)
        except sim.ScenarioError as exc:
            problems += exc.problems
    for override, _where, _what in BAD_OVERRIDES:
        try:
            sim.load_scenario(ROOT / "scenarios" / "baseline.yaml", overrides=[override])
        except sim.ScenarioError as exc:
            problems += exc.problems
    return problems


def test_every_problem_of_the_bad_input_collection_has_a_bokmal_wording() -> None:
    """sim words problems in English; the dashboard shows Norwegian planners bokmål."""
    from dashboard.problems import known, problem_line, translate

    problems = _problems_of_the_bad_input_collection()
    assert len({p.message for p in problems}) >= 60
    untranslated = sorted({p.message for p in problems if not known(p.message)})
    assert untranslated == []
    for p in problems:
        assert problem_line(p, "en") == str(p)  # English: exactly the CLI's line
        nb = problem_line(p, "nb")
        assert nb.startswith(f"{p.file}:{p.line}: ") and translate(p.message, "nb") in nb
        assert "must " not in translate(p.message, "nb")


@pytest.mark.parametrize(
    ("english", "bokmal"),
    [
        ("must be between 0 and 1 (write 30 % as 0.3)", "må være mellom 0 og 1 (skriv 30 % som 0.3)"),
        ("unknown key; did you mean 'hospits_share'?", "ukjent nøkkel; mente du «hospits_share»?"),
        ("key must be a whole number", "nøkkelen må være et heltall"),
        ("key must be text", "nøkkelen: må være tekst"),
        (
            "names an unknown dwelling type; choose one of small_flat, care",
            "viser til ukjent dwelling type; velg én av small_flat, care",
        ),
        (
            "YAML syntax error: a quote or bracket is not closed (the parser says: end of stream)",
            "YAML-feil: et anførselstegn eller en parentes er ikke lukket (parseren sier: end of stream)",
        ),
        (
            "must be a distribution such as {dist: fixed, value_days: 30}",
            "må være en fordeling, for eksempel {dist: fixed, value_days: 30}",
        ),
        ("something sim says that nobody translated", "something sim says that nobody translated"),
    ],
)
def test_problem_translations(english: str, bokmal: str) -> None:
    from dashboard.problems import translate

    assert translate(english, "nb") == bokmal
    assert translate(english, "en") == english


def test_streamlit_s_own_english_texts_have_a_bokmal_stand_in():
    """Streamlit draws some texts itself (no setting changes them); in bokmål the page's CSS
    hides each and draws a bokmål text in its place."""
    from dashboard import ui

    css = ui._NB_CSS
    for selector, bokmal in (
        ('[data-testid="stFileUploaderDropzone"] button', "Last opp"),  # "Upload"
        ('[data-testid="stFileUploaderDropzoneInstructions"]', "MB per fil"),  # "1MB per file"
        ('[data-key="__select_all__"]', "Velg alle"),  # "Select all"
    ):
        assert selector in css and bokmal in css
    assert '[data-testid="InputInstructions"] { display: none; }' in css  # "Press Enter to apply"


def test_the_calibration_page_names_fields_and_cites_sources_in_bokmal():
    base = sim.load_scenario(ROOT / "scenarios" / "baseline.yaml")
    assert (
        levers.path_label("groups.acute_homeless.arrival_rate_per_1000_per_year", "nb")
        == "Søknader per 1000 innbyggere per år – Akutt bostedsløse"
    )
    for free in base.calibration.free:  # every free assumption by name, in both languages
        for lang in ("nb", "en"):
            assert not IDENTIFIER.search(levers.path_label(free.path, lang)), (free.path, lang)
    assert source_text("FACTS.md 6.1-6.2 (0.7 per 1000, 2015 level)", "nb").startswith(
        "NIBR-rapport 2016:23, avsnitt 6.1–6.2 (0,7 per 1000"
    )
    assert source_text("FACTS.md Tabell 3.5", "en") == "NIBR report 2016:23, table 3.5"


def test_the_warm_pool_outlives_the_page_run_that_started_it() -> None:
    """Pool processes get SIGTERM when the thread that forked them ends (PR_SET_PDEATHSIG); a
    page's script thread ends after each run, so the server-wide pool must not be forked by
    it (it broke at the next click: "a child process terminated abruptly")."""
    import os
    import threading

    from dashboard import state

    if state.default_workers() < 2:
        pytest.skip("one core: the dashboard runs without a pool")
    state.worker_pool.clear()
    box = {}
    page_run = threading.Thread(target=lambda: box.setdefault("backend", state.worker_pool()))
    page_run.start()
    page_run.join()
    backend = box["backend"]
    try:
        assert backend.pool().submit(os.getpid).result(timeout=60) != os.getpid()
    finally:
        backend.close()
        state.worker_pool.clear()
