"""The analysis pages (start-loan budget, stock to 2040, tilvisning workshop) through
Streamlit's ``AppTest``: each loads in both languages, runs a small analysis (2-3
replications on the baseline cut to two years) and shows its charts and tables, and a bad
input is reported next to it without running anything.
"""

from __future__ import annotations

import pytest

from dashboard import metrics
from tests.test_dashboard_app import app, no_exception, scenarios_dir, texts  # noqa: F401

PAGES = ("views/budget.py", "views/stock.py", "views/tilvisning.py")


def open_page(page: str, lang: str = "nb"):
    """A fresh session on ``page``."""
    at = app(lang)
    at.switch_page(page).run()
    no_exception(at)
    return at


def run_analysis(at, key: str, charts: int, seed_words: str) -> list[str]:
    """Press the page's run button; check it drew ``charts`` charts, each captioned with
    the scenario hash, the seed and 2 replications; return the captions."""
    no_exception(at)
    at.button(key=key).click().run()
    no_exception(at)
    assert len(at.get("plotly_chart")) == charts
    caps = chart_captions(at)
    assert any(seed_words in c and "#" in c for c in caps), caps
    return caps


def chart_captions(at) -> list[str]:
    """The caption annotation of every plotly chart on the page."""
    import json

    out = []
    for el in at.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        out.extend(a.get("text", "") for a in spec.get("layout", {}).get("annotations", []))
    return out


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_analysis_page_loads_in_both_languages(scenarios_dir, page, lang):  # noqa: F811
    at = open_page(page, lang)
    title = at.title[0].value
    assert title
    assert ("Start-loan" in title or "Stock" in title or "workshop" in title) == (lang == "en")


def test_budget_sweep_runs_and_shows_the_share_per_budget_with_its_certainty(scenarios_dir):  # noqa: F811
    at = open_page("views/budget.py")
    assert at.text_input[0].value == "0; 13; 26; 39; 52; 78"  # millions, the Norwegian way
    at.text_input(key=at.text_input[0].key).set_value("0; 26").run()
    at.number_input(key="bud_reps").set_value(2).run()
    at.text_input(key="bud_thr_mean_wait_days|nb").set_value("10 000").run()
    # the share of futures per budget, then one curve per key figure
    caps = run_analysis(at, "bud_run", 6, "frø 1 · 2 replikasjoner")
    # today's budget (26 mill. kr in the baseline) is marked on the curves and in the table
    assert any("dagens budsjett (26,00\u00a0mill.\u00a0kr)" in c for c in caps)
    table = at.table[0].value
    assert any("(dagens)" in str(x) for x in table.iloc[:, 0])
    share_col = next(c for c in table.columns if c.startswith("Andel framtider"))
    assert all("(" in x and "–" in x for x in table[share_col])  # the share with its interval
    assert all("(" in x for x in table[metrics.label("mean_wait_days", "nb")])  # means with intervals
    # 2 of 2 futures cannot show a share settled above 80 %: no cheapest budget is named
    assert not at.success and any("Ikke avgjort" in w.value for w in at.warning)
    # with 20 futures a very loose target is settled for the lowest budget
    at.number_input(key="bud_reps").set_value(20).run()
    at.button(key="bud_run").click().run()
    no_exception(at)
    assert at.success and at.success[0].value.startswith("**0\u00a0kr")


def test_budget_bad_input_is_reported_inline(scenarios_dir):  # noqa: F811
    at = open_page("views/budget.py")
    at.text_input(key=at.text_input[0].key).set_value("0; lots").run()
    no_exception(at)
    assert at.error and "«lots»" in at.error[0].value and "convert" not in at.error[0].value
    assert not at.get("plotly_chart")
    assert not [b for b in at.button if b.key == "bud_run"]
    at.text_input(key=at.text_input[0].key).set_value("0; 26,5 mill").run()  # accepted
    assert not at.error and [b for b in at.button if b.key == "bud_run"]
    assert "2 budsjetter" in texts(at)
    at.text_input(key=at.text_input[0].key).set_value("26").run()
    assert "ett budsjett" in texts(at) and "1 budsjetter" not in texts(at)


def test_stock_sizing_runs_and_shows_the_plan(scenarios_dir):  # noqa: F811
    at = open_page("views/stock.py", "en")
    at.number_input(key="stk_reps").set_value(2).run()
    at.number_input(key="stk_max").set_value(10).run()
    # a target the short scenario needs dwellings for (a mean wait of at most 70 days)
    at.selectbox(key="stk_tmetric").set_value("mean_wait_days").run()
    at.text_input(key="stk_thr_mean_wait_days|en").set_value("70").run()
    # the plan, what it changes line by line in the accounts, the service level, per 1000
    run_analysis(at, "stk_run", 4, "seed 1 · 2 replications")
    labels = [m.label for m in at.metric]
    assert "Dwellings added" in labels
    assert "Municipal budget cost 2016–2017, change" in labels  # the period on the card
    assert at.table
    # 2 futures cannot settle the plan: the page says so, with the range of the total
    assert any("Not settled within 2 replications" in w.value for w in at.warning)


def test_stock_page_says_which_years_the_ramp_cannot_reach_and_why(scenarios_dir):  # noqa: F811
    """With the page's defaults (from the second year, at most 10 a year) the short baseline
    cannot meet the 6-month promise in 2017 whatever is bought from 2016: the page names the
    year, the yearly limit and why, and proposes no plan for it."""
    at = open_page("views/stock.py", "en")
    at.number_input(key="stk_reps").set_value(20).run()
    no_exception(at)
    at.button(key="stk_run").click().run()
    no_exception(at)
    warning = next(w.value for w in at.warning if "Not reachable" in w.value)
    assert "at 10 a year: 2017" in warning and "every year from 2016" in warning
    assert not any("Target not met in" in w.value for w in at.warning)  # said once, with the reason


def test_stock_bad_input_is_reported_inline(scenarios_dir):  # noqa: F811
    at = open_page("views/stock.py")
    at.number_input(key="stk_from").set_value(1990).run()
    no_exception(at)
    assert at.error and "2016–2017" in at.error[0].value
    assert not [b for b in at.button if b.key == "stk_run"]


def test_tilvisning_compares_terms_side_by_side_and_sends_them_to_compare(scenarios_dir):  # noqa: F811
    at = open_page("views/tilvisning.py")
    cards = at.session_state["tilv_cards"]
    assert [c["name"] for c in cards] == ["Selvaag", "Husbanken", "10 år"]
    at.button(key="tilv_add").click().run()
    assert len(at.session_state["tilv_cards"]) == 4
    at.number_input(key="tilv_3_units").set_value(80).run()
    assert at.session_state["tilv_cards"][3]["units"] == 80
    at.button(key="tilv_3_remove").click().run()
    assert [c["id"] for c in at.session_state["tilv_cards"]] == [0, 1, 2]
    at.text_input(key="tilv_1_municipal_share|nb").set_value("45").run()  # per cent
    assert at.session_state["tilv_cards"][1]["municipal_share"] == 0.45
    at.number_input(key="tilv_reps").set_value(2).run()
    at.button(key="tilv_run").click().run()
    no_exception(at)
    table = at.table[0].value
    columns = ["Uten avtale", "Selvaag", "Husbanken", "10 år", "Kjøpe 20 boliger i 2016"]
    assert list(table.columns) == ["Nøkkeltall", "Bedre er", *columns]
    assert any("Statens kostnad, nåverdi" in str(x) for x in table["Nøkkeltall"])
    assert all("endring" in str(x) for x in table["Selvaag"])  # each column against the reference
    assert len(at.get("plotly_chart")) >= 3
    caps = chart_captions(at)
    assert any("Uten avtale #" in c and "2 replikasjoner" in c for c in caps), caps
    # one colour per set of terms in the effect charts
    import json

    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [tr["name"] for tr in spec["data"]][::-1] == columns[1:]  # drawn last first: first on top
    # the columns go to Compare, selected, the reference first
    at.button(key="tilv_send").click().run()
    no_exception(at)
    assert at.multiselect(key="cmp_sel").value == columns
    assert at.selectbox(key="cmp_ref").value == "Uten avtale"


def test_tilvisning_bad_card_is_reported_on_the_card(scenarios_dir):  # noqa: F811
    at = open_page("views/tilvisning.py", "en")
    at.number_input(key="tilv_0_units").set_value(0).run()
    no_exception(at)
    assert at.error and "At least 1 unit" in at.error[0].value
    assert not [b for b in at.button if b.key == "tilv_run"]
    assert "Tilvisning workshop" in texts(at)
