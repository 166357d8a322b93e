"""The dashboard driven through Streamlit's ``AppTest`` (no browser): every page loads in
both languages, a comparison runs and shows its KPI table, bad uploads are reported next
to the uploader while the app keeps working, and changing a lever changes the result.

The scenarios are the real baseline with a two-year horizon (a data edit, in a temporary
``scenarios/`` folder), so every test runs in seconds.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

import sim  # noqa: E402
from dashboard import metrics  # noqa: E402
from dashboard.app import PAGES  # noqa: E402
from dashboard.i18n import TEXTS  # noqa: E402
from dashboard.state import run_store  # noqa: E402

APP = str(ROOT / "dashboard" / "app.py")
TIMEOUT = 60


@pytest.fixture
def scenarios_dir(tmp_path, monkeypatch):
    """A scenarios folder holding the baseline shortened to 2016-2017."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    text = (ROOT / "scenarios" / "baseline.yaml").read_text(encoding="utf-8")
    assert "end_date: 2040-12-31" in text
    (folder / "baseline.yaml").write_text(text.replace("end_date: 2040-12-31", "end_date: 2017-12-31"))
    monkeypatch.setenv("BOLIGFLYT_SCENARIOS_DIR", str(folder))
    run_store().clear()  # the run cache is per process: start every test cold
    return folder


def app(lang: str = "nb") -> AppTest:
    """A fresh app session in ``lang`` after its first run."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if lang != "nb":
        at.session_state["lang"] = lang
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def texts(at: AppTest) -> str:
    """All markdown, captions, titles and alerts on the page, as one string."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "error",
        "warning",
    ):
        parts.extend(str(e.value) for e in getattr(at, kind))
    return "\n".join(parts)


def lever(at: AppTest, path: str, value: str, lang: str, nonce: int = 0) -> AppTest:
    """Type ``value`` into a decimal lever (a text box read the ``lang`` way) and run."""
    return at.text_input(key=f"lv{nonce}|{path}|{lang}").set_value(value).run()


def row_of(table, kpi: str, lang: str = "en"):
    """The table row of a KPI (its cell starts with the label, then unit and period)."""
    col = TEXTS[lang]["table.kpi"]
    return table[table[col].str.startswith(metrics.label(kpi, lang) + " (")].iloc[0]


def go_compare(at: AppTest, reps: int = 2) -> AppTest:
    at.switch_page("views/compare.py").run()
    no_exception(at)
    at.number_input(key="cmp_reps").set_value(reps).run()
    return at


# ---------------------------------------------------------------- pages load
def test_overview_shows_baseline_kpis_and_waiting_list(scenarios_dir):
    at = app()
    no_exception(at)
    assert at.title[0].value == TEXTS["nb"]["overview.title"].format(place="Rælingen")
    assert len(at.metric) == 6
    labels = [m.label for m in at.metric]
    assert metrics.label("waiting_list_mean", "nb") in labels
    # Norwegian numbers (decimal comma, never a decimal point), a unit on counts, and the
    # period and a 95 % interval under each card
    assert not any(re.search(r"\d\.\d", m.value) for m in at.metric)
    values = {m.label: m.value for m in at.metric}
    assert values[metrics.label("temp_nights_families_youth", "nb")].endswith("persondøgn")
    assert values[metrics.label("mean_wait_days", "nb")].endswith("dager")
    assert "95 % intervall" in texts(at)
    assert "Sum 2016–2017" in texts(at) and "Ved utgangen av 2017" in texts(at)
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    # hospits nights by where the household stands: the four parts of the pathway account
    import json

    spec = json.loads(charts[1].proto.spec)
    assert spec["layout"]["title"]["text"].startswith(TEXTS["nb"]["chart.pathways.title"])
    parts = {tr["name"] for tr in spec["data"]}
    assert parts <= {metrics.short(m, "nb") for m in metrics.PATHWAY_NIGHTS} and parts, parts
    # the caption names scenario, seed and replications
    assert "baseline" in texts(at) and "frø 1" in texts(at) and "30 replikasjoner" in texts(at)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_page_loads_in_both_languages(scenarios_dir, lang):
    at = app(lang)
    no_exception(at)
    for file, _url, title_key, _icon in PAGES[1:]:
        at.switch_page(f"views/{file}").run()
        no_exception(at)
        assert at.title[0].value.startswith(TEXTS[lang][title_key].split(" ")[0]), file
        # the language switch is on every page
        assert at.radio(key="lang").value == lang


def test_analysis_pages_are_no_longer_placeholders(scenarios_dir):
    at = app("en")
    for page in ("budget", "stock", "tilvisning"):
        at.switch_page(f"views/{page}.py").run()
        no_exception(at)
        assert "Available when the analysis lands." not in texts(at)
        assert any(b.key in ("bud_run", "stk_run", "tilv_run") for b in at.button), page


def test_language_switch_changes_labels(scenarios_dir):
    at = app()
    assert at.title[0].value == TEXTS["nb"]["overview.title"].format(place="Rælingen")
    at.radio(key="lang").set_value("en").run()
    no_exception(at)
    assert at.title[0].value == TEXTS["en"]["overview.title"].format(place="Rælingen")
    assert metrics.label("waiting_list_mean", "en") in [m.label for m in at.metric]
    assert all("," not in m.value or "." in m.value for m in at.metric)


# ---------------------------------------------------------------- compare
def test_compare_runs_and_shows_kpi_table(scenarios_dir):
    at = app("en")
    # make a second scenario: more large dwellings
    at.switch_page("views/scenario.py").run()
    at.number_input(key="lv0|dwelling_types.large_ordinary.count").set_value(50).run()
    no_exception(at)
    at = go_compare(at, reps=3)
    assert at.multiselect(key="cmp_sel").value == ["baseline", "✎ baseline"]
    at.button(key="cmp_run").click().run()
    no_exception(at)
    table = at.table[0].value
    assert list(table.columns) == [
        "Indicator",
        "Better is",
        "baseline",
        "✎ baseline",
        "✎ baseline: difference",
    ]
    row = row_of(table, "dwellings_per_1000")
    assert row["✎ baseline: difference"].startswith("+") and "▲" in row["✎ baseline: difference"]
    # the cost chart stacks the municipality's cost lines and nothing else
    import json

    costs = next(
        json.loads(c.proto.spec)
        for c in at.get("plotly_chart")
        if "cost" in json.loads(c.proto.spec)["layout"]["title"]["text"].lower()
        and json.loads(c.proto.spec)["layout"].get("barmode") == "relative"
    )
    legend = {tr["name"] for tr in costs["data"] if tr.get("showlegend", True)}
    lines = {metrics.short(m, "en") for m in metrics.cost_lines(sim.YEARLY_METRICS)}
    assert legend and legend <= lines, legend - lines
    # all the charts, each captioned with scenarios, seed and replications
    assert len(at.get("plotly_chart")) >= 8
    assert "seed 1 · 3 replications" in texts(at)
    assert len(at.get("download_button")) == 4
    # switching language keeps the selection and the results
    at.radio(key="lang").set_value("nb").run()
    no_exception(at)
    assert at.multiselect(key="cmp_sel").value == ["baseline", "✎ baseline"]
    assert list(at.table[0].value.columns)[-1] == "✎ baseline: forskjell"


def test_changing_a_lever_changes_the_result(scenarios_dir):
    at = app("en")
    at = go_compare(at, reps=2)
    at.button(key="cmp_run").click().run()
    before = at.table[0].value
    before_value = row_of(before, "waiting_list_mean")["baseline"]

    at.switch_page("views/scenario.py").run()
    lever(at, "groups.youth.arrival_rate_per_1000_per_year", "3.0", "en")
    no_exception(at)
    at = go_compare(at, reps=2)
    at.button(key="cmp_run").click().run()
    no_exception(at)
    after = row_of(at.table[0].value, "waiting_list_mean")
    draft = "✎ baseline"
    assert after[draft] != before_value
    assert after[f"{draft}: difference"].startswith("+")


def test_results_are_cached_and_never_rerun(scenarios_dir, monkeypatch):
    calls = []
    real = sim.compare

    def counting(*a, **kw):
        calls.append(len(a[0]))
        return real(*a, **kw)

    monkeypatch.setattr(sim, "compare", counting)
    at = app("en")
    at = go_compare(at, reps=4)
    calls.clear()  # the overview ran the baseline once
    at.button(key="cmp_run").click().run()
    assert calls == [1]
    # rerun, switch language, leave and come back: nothing reruns
    at.run()
    at.radio(key="lang").set_value("nb").run()
    at.switch_page("views/overview.py").run()
    at.switch_page("views/compare.py").run()
    no_exception(at)
    assert at.number_input(key="cmp_reps").value == 4  # the choice survived the page switch
    assert at.button(key="cmp_run").disabled
    assert len(at.table) == 1
    assert calls == [1]


def test_one_scenario_only_still_shows_its_results(scenarios_dir):
    at = app("nb")
    at = go_compare(at, reps=2)
    assert at.multiselect(key="cmp_sel").value == ["baseline"]
    at.button(key="cmp_run").click().run()
    no_exception(at)
    assert list(at.table[0].value.columns) == ["Nøkkeltall", "Bedre er", "baseline"]
    assert TEXTS["nb"]["compare.only_one"] in texts(at)


# ---------------------------------------------------------------- scenario page
BAD_UNKNOWN_KEY = b"""extends: baseline.yaml
name: typo
allocation:
  meeting_intervall_days: 7
"""
BAD_SYNTAX = b"name: x\ngroups: [unclosed\n"
GOOD = b"""extends: baseline.yaml
name: faster_team
allocation:
  meeting_interval_days: 7
"""


def upload(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="scn_upload").set_value((name, content, "application/x-yaml")).run()
    return at


def uploaded(lang: str, name: str, content: bytes) -> AppTest:
    """A fresh session on the Scenario page in ``lang`` after uploading a file."""
    at = app(lang)
    at.switch_page("views/scenario.py").run()
    upload(at, name, content)
    no_exception(at)
    return at


def test_bad_upload_shows_inline_error_and_the_app_keeps_working(scenarios_dir):
    at = uploaded("en", "typo.yaml", BAD_UNKNOWN_KEY)
    assert any("1 problem" in e.value for e in at.error)
    code = "\n".join(c.value for c in at.code)
    assert "typo.yaml:4: allocation.meeting_intervall_days: unknown key" in code
    assert "did you mean 'meeting_interval_days'" in code
    # the editor still holds the baseline and still works
    assert "baseline" in at.text_input(key="lv0|name").value
    lever(at, "allocation.meeting_interval_days", "7", "en")
    no_exception(at)
    assert any("is valid" in s.value for s in at.success)

    upload(at, "broken.yaml", BAD_SYNTAX)
    no_exception(at)
    assert "broken.yaml:2:" in "\n".join(c.value for c in at.code)
    upload(at, "latin1.yaml", "name: Rælingen\n".encode("latin-1"))
    no_exception(at)
    assert "not UTF-8" in "\n".join(c.value for c in at.code)
    # and the rest of the app too
    at = go_compare(at, reps=2)
    at.button(key="cmp_run").click().run()
    no_exception(at)
    assert len(at.table) == 1


def test_problems_are_shown_in_bokmal(scenarios_dir):
    """sim's English problem wordings reach a Norwegian planner in bokmål, and follow a
    language switch (they are worded when shown)."""
    at = uploaded("nb", "typo.yaml", BAD_UNKNOWN_KEY)
    code = "\n".join(c.value for c in at.code)
    where = "typo.yaml:4: allocation.meeting_intervall_days: "
    assert where + "ukjent nøkkel; mente du «meeting_interval_days»?" in code
    assert "(fikk 7)" in code
    lever(at, "groups.youth.approval_probability", "150", "nb")  # per cent
    no_exception(at)
    errors = [e.value for e in at.error]
    assert any(e.startswith("må være mellom 0 og 1") for e in errors)
    assert any(e.endswith("(fikk 150,0 %)") for e in errors)  # the value as the field shows it
    at.radio(key="lang").set_value("en").run()
    no_exception(at)
    assert "unknown key; did you mean 'meeting_interval_days'?" in "\n".join(c.value for c in at.code)


def test_good_upload_opens_in_the_editor(scenarios_dir):
    at = uploaded("en", "faster.yaml", GOOD)
    assert any("Loaded faster.yaml" in s.value for s in at.success)
    assert at.text_input(key="lv1|name").value == "faster_team"
    assert at.text_input(key="lv1|allocation.meeting_interval_days|en").value == "7"
    assert at.selectbox(key="scn_file").value is None  # no longer showing a file
    at.switch_page("views/compare.py").run()
    assert "✎ faster_team" in at.multiselect(key="cmp_sel").options


SCHEDULE = b"""extends: baseline.yaml
name: growing_budget
start_loans:
  budget_nok_per_year: {2016: 10000000, 2017: 40000000}
"""


def test_a_per_year_schedule_is_shown_not_flattened(scenarios_dir):
    at = uploaded("en", "growing.yaml", SCHEDULE)
    assert any("Loaded growing.yaml" in s.value for s in at.success)
    assert "Set per year in the scenario file" in texts(at)
    assert any("40000000" in c.value for c in at.code)
    # the other start-loan levers are still editable
    lever(at, "start_loans.term_years", "50", "en", nonce=1)
    no_exception(at)
    assert any("is valid" in s.value for s in at.success)


def test_invalid_value_is_shown_next_to_the_field(scenarios_dir):
    at = app("en")
    at.switch_page("views/scenario.py").run()
    lever(at, "groups.youth.approval_probability", "150", "en")
    no_exception(at)
    errors = [e.value for e in at.error]
    assert any("problems (1)" in e for e in errors)
    # sim's own message, next to the field, with the offending value as the field shows it
    assert any(e.endswith("(got 150.0 %)") for e in errors)
    assert at.get("download_button")[0].proto.disabled
    # the invalid draft is not offered for comparison
    at.switch_page("views/compare.py").run()
    assert at.multiselect(key="cmp_sel").options == ["baseline"]


def test_cross_field_problem_is_shown_at_the_field(scenarios_dir):
    import datetime as dt

    at = app("en")
    at.switch_page("views/scenario.py").run()
    at.date_input(key="lv0|end_date").set_value(dt.date(2010, 1, 1)).run()
    no_exception(at)
    msgs = [e.value for e in at.error]
    assert any("problems (1)" in m for m in msgs)
    assert any("start_date" in m and "2010-01-01" in m for m in msgs)


def test_undo_restores_the_loaded_values(scenarios_dir):
    at = app("en")
    at.switch_page("views/scenario.py").run()
    at.number_input(key="lv0|dwelling_types.care.count").set_value(99).run()
    assert at.button(key="scn_reset").disabled is False
    at.button(key="scn_reset").click().run()
    no_exception(at)
    assert at.number_input(key="lv1|dwelling_types.care.count").value == 50


def test_save_is_sanitised_confined_and_never_overwrites(scenarios_dir, tmp_path):
    at = app("en")
    at.switch_page("views/scenario.py").run()
    at.number_input(key="lv0|dwelling_types.care.count").set_value(60).run()
    at.text_input(key="scn_save_name").input("../../Flere Omsorgsboliger").run()
    at.button(key="scn_save").click().run()
    no_exception(at)
    saved = scenarios_dir / "flere_omsorgsboliger.yaml"
    assert saved.exists()
    assert sorted(p.name for p in tmp_path.rglob("*.yaml")) == [
        "baseline.yaml",
        "flere_omsorgsboliger.yaml",
    ]
    loaded = sim.load_scenario(saved)
    assert loaded.name == "flere_omsorgsboliger"
    assert loaded.dwelling_types["care"].count == 60
    # same name again: refused, file unchanged
    at.button(key="scn_save").click().run()
    assert any("already exists" in e.value for e in at.error)
    # a name with nothing usable
    at.text_input(key="scn_save_name").input("!!!").run()
    at.button(key="scn_save").click().run()
    assert any("at least one letter" in e.value for e in at.error)
    # the saved file is offered as a scenario to open and to compare
    assert "flere_omsorgsboliger" in at.selectbox(key="scn_file").options


def test_opening_another_file_replaces_the_draft(scenarios_dir):
    text = (scenarios_dir / "baseline.yaml").read_text()
    (scenarios_dir / "smaller.yaml").write_text(
        "extends: baseline.yaml\nname: smaller\ndwelling_types:\n  care:\n    count: 10\n"
    )
    assert text
    at = app("en")
    at.switch_page("views/scenario.py").run()
    at.selectbox(key="scn_file").set_value("smaller").run()
    no_exception(at)
    assert at.number_input(key="lv1|dwelling_types.care.count").value == 10
    assert "smaller.yaml" in texts(at)


def test_a_spawned_process_does_not_start_the_dashboard_again() -> None:
    """A process started with "spawn" from the dashboard's server (the reproducibility check's
    fresh interpreter) imports app.py as ``__mp_main__``: that must not run the app and start
    its worker pool, whose processes then kept the spawned process from ever exiting."""
    import subprocess

    code = (
        "import runpy, multiprocessing; "
        "runpy.run_path('dashboard/app.py', run_name='__mp_main__'); "
        "print(len(multiprocessing.active_children()))"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "0", out.stdout + out.stderr
