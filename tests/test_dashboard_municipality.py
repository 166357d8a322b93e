"""The dashboard for a municipality that is not Rælingen (issue 17), through ``AppTest``.

A scenarios folder holds the baseline and the rural example (both cut to two years) and
the template folder. Choosing the example on the overview shows its name and population
in the sidebar and the title, the other pages open on it, and the Calibration page shows
its own targets from its file; a file made by ``boligflyt init`` can be uploaded.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

import sim  # noqa: E402
from dashboard.i18n import TEXTS  # noqa: E402
from dashboard.municipality import calibration_frame, calibration_status, sidebar_note  # noqa: E402
from dashboard.state import run_store  # noqa: E402

APP = str(ROOT / "dashboard" / "app.py")
RURAL = "example_rural"


def _short(text: str) -> str:
    assert "end_date: 2040-12-31" in text
    return text.replace("end_date: 2040-12-31", "end_date: 2017-12-31")


@pytest.fixture
def scenarios_dir(tmp_path, monkeypatch):
    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios" / "templates", folder / "templates")
    for name in ("baseline", RURAL):
        text = (ROOT / "scenarios" / f"{name}.yaml").read_text(encoding="utf-8")
        (folder / f"{name}.yaml").write_text(_short(text), encoding="utf-8")
    monkeypatch.setenv("BOLIGFLYT_SCENARIOS_DIR", str(folder))
    monkeypatch.delenv("BOLIGFLYT_SCENARIO", raising=False)
    run_store().clear()
    return folder


def app(lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def sidebar(at: AppTest) -> str:
    return "\n".join(c.value for c in at.sidebar.caption)


def test_no_raelingen_on_screen_for_another_municipality(scenarios_dir):
    at = app("en")
    no_exception(at)
    assert "Rælingen" in sidebar(at) and "17,426 inhabitants" in sidebar(at)
    at.selectbox(key="ov_home").set_value(RURAL).run()
    no_exception(at)
    assert at.title[0].value == "Boligflyt – Småbygd (illustrative)"
    assert "Småbygd (illustrative)" in sidebar(at) and "5,000 inhabitants in 2016" in sidebar(at)
    page = "\n".join(str(m.value) for m in at.markdown) + sidebar(at)
    assert "Rælingen" not in page
    # the other pages open on the chosen municipality
    at.switch_page("views/calibration.py").run()
    no_exception(at)
    assert at.title[0].value == "Calibration – Småbygd (illustrative)"
    table = at.table[0].value  # a static table (every row visible, cells wrap)
    assert list(table["Year"]) == ["2016", "2016", "2016", "2016", "2018", "2016", "2016"]
    assert "key figure: illustrative" in table["Source"].iloc[0]
    at.switch_page("views/compare.py").run()
    no_exception(at)
    assert at.multiselect(key="cmp_sel").value == [RURAL]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_calibration_page_shows_the_baselines_table_from_its_file(scenarios_dir, lang):
    at = app(lang)
    at.switch_page("views/calibration.py").run()
    no_exception(at)
    table = at.table[0].value
    assert len(table) == 9  # the baseline's 9 target years, read from baseline.yaml
    # the source cites the report itself (the project's digest of it cannot be opened)
    report = {"nb": "NIBR-rapport 2016:23, tabell 3.5", "en": "NIBR report 2016:23, table 3.5"}[lang]
    assert table[TEXTS[lang]["cal.col.source"]].iloc[0].startswith(report)
    free = at.table[1].value
    assert len(free) == 7
    assert "." not in " ".join(free[TEXTS[lang]["cal.col.assumption"]])  # fields by name, not path


def test_calibration_check_runs_the_model(scenarios_dir):
    at = app("en")
    at.switch_page("views/calibration.py").run()
    at.number_input(key="cal_reps").set_value(2).run()
    button = next(b for b in at.button if b.label == TEXTS["en"]["cal.check"])
    button.click().run()
    no_exception(at)
    assert any("checked now (2 replications" in c.value for c in at.caption)
    assert at.table[0].value["Model mean"].iloc[0] != "–"


def test_an_init_made_file_uploads(scenarios_dir):
    """An upload may extend the template inside the scenarios folder."""
    text = (ROOT / "scenarios" / f"{RURAL}.yaml").read_text(encoding="utf-8")
    at = app("en")
    at.switch_page("views/scenario.py").run()
    at.file_uploader(key="scn_upload").set_value(
        ("mine.yaml", _short(text).encode(), "application/x-yaml")
    ).run()
    no_exception(at)
    assert any("Loaded mine.yaml" in s.value for s in at.success)
    assert "Småbygd (illustrative)" in sidebar(at)


# ---------------------------------------------------------------- pure helpers


def test_calibration_status_and_table_follow_the_file():
    sc = sim.load_scenario(ROOT / "scenarios" / f"{RURAL}.yaml")
    assert calibration_status(sc) == "current"
    changed = sim.scenario_from_dict({**sc.model_dump(mode="json"), "end_date": "2030-12-31"})
    assert calibration_status(changed) == "stale"
    base = sim.load_scenario(ROOT / "scenarios" / "scaled_10x.yaml")
    assert calibration_status(base) == "none"
    frame = calibration_frame(sc, "nb")
    assert list(frame["Truffet"]) == ["ja"] * 7
    assert "5\u00a0000" in sidebar_note(sc, "nb") and "Småbygd" in sidebar_note(sc, "nb")
