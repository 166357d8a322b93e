"""Tilvisning workshop: agreement cards edited live, their effect next to the reference.

The cards (units, municipal share, start year, duration) live in ``st.session_state`` as a
list of dicts. The scenario with those agreements (built with
:func:`sim.analysis.tilvisning.agreement`) runs against the same scenario without any
agreement on common random numbers (:func:`sim.compare`, through the shared run cache).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import sim
from dashboard import analyses, charts, state, ui
from dashboard.i18n import fmt_value, plotly_separators, t
from dashboard.tables import (
    display_kpi_table,
    kpi_comparison_frame,
    kpi_label,
    run_caption,
    series_long,
)

lang = state.lang()
SEP = plotly_separators(lang)
CARDS = "tilv_cards"


def cards(first_year: int, last_year: int) -> list[dict[str, Any]]:
    """The session's agreement cards (one Selvaag-like card to start with)."""
    if CARDS not in st.session_state:
        start = max(first_year, min(2019, last_year))
        st.session_state[CARDS] = [{"id": 0, **analyses.new_card(start, 1)}]
    return st.session_state[CARDS]


def add_card(first_year: int, last_year: int) -> None:
    """Append a new card (button callback)."""
    cs = cards(first_year, last_year)
    new_id = max((c["id"] for c in cs), default=-1) + 1
    start = max(first_year, min(2019, last_year))
    cs.append({"id": new_id, **analyses.new_card(start, new_id + 1)})


def remove_card(card_id: int) -> None:
    """Drop a card (button callback)."""
    st.session_state[CARDS] = [c for c in st.session_state[CARDS] if c["id"] != card_id]


def sync(card: dict[str, Any], field: str) -> None:
    """Copy a card widget's value into the card (widget callback)."""
    card[field] = st.session_state[f"tilv_{card['id']}_{field}"]


st.title(t("tilv.title", lang))
st.markdown(t("tilv.intro", lang))

c_sc, c_reps, c_seed = st.columns([2, 1, 1])
with c_sc:
    _, scenario = ui.pick_scenario("tilv", lang)
with c_reps:
    reps = ui.replications_input("tilv", 10, 500, "tilv.reps_help", lang)
with c_seed:
    seed = ui.seed_input("tilv", state.DEFAULT_SEED, lang)
first_year, last_year = scenario.start_date.year, scenario.end_date.year

# ---------------------------------------------------------------- the cards
st.header(t("tilv.cards", lang))
card_list = cards(first_year, last_year)
any_problem = False
per_row = 3
for start in range(0, len(card_list), per_row):
    cols = st.columns(per_row)
    for col, card in zip(cols, card_list[start : start + per_row], strict=False):
        cid = card["id"]
        with col, st.container(border=True):
            st.text_input(
                t("tilv.name", lang),
                value=str(card["name"]),
                key=f"tilv_{cid}_name",
                on_change=sync,
                args=(card, "name"),
            )
            st.number_input(
                t("tilv.units", lang),
                min_value=0,
                max_value=2000,
                step=5,
                value=int(card["units"]),
                key=f"tilv_{cid}_units",
                on_change=sync,
                args=(card, "units"),
                help=t("tilv.units_help", lang),
            )
            st.number_input(
                t("tilv.share", lang),
                min_value=0.0,
                max_value=1.0,
                step=0.05,
                value=float(card["municipal_share"]),
                key=f"tilv_{cid}_municipal_share",
                on_change=sync,
                args=(card, "municipal_share"),
                help=t("tilv.share_help", lang),
            )
            st.number_input(
                t("tilv.start_year", lang),
                step=1,
                value=int(card["start_year"]),
                key=f"tilv_{cid}_start_year",
                on_change=sync,
                args=(card, "start_year"),
                help=t("tilv.start_year_help", lang, first=first_year, last=last_year),
            )
            st.number_input(
                t("tilv.duration", lang),
                min_value=0.0,
                max_value=100.0,
                step=1.0,
                value=float(card["duration_years"]),
                key=f"tilv_{cid}_duration_years",
                on_change=sync,
                args=(card, "duration_years"),
                help=t("tilv.duration_help", lang),
            )
            nominated = round(int(card["units"]) * float(card["municipal_share"]))
            st.caption(t("tilv.nominated", lang, n=nominated))
            for p in analyses.card_problems(card, first_year, last_year):
                any_problem = True
                st.error(t(p, lang, first=first_year, last=last_year), icon=":material/error:")
            st.button(
                t("tilv.remove", lang),
                key=f"tilv_{cid}_remove",
                on_click=remove_card,
                args=(cid,),
                icon=":material/delete:",
            )
st.button(
    t("tilv.add", lang),
    key="tilv_add",
    on_click=add_card,
    args=(first_year, last_year),
    icon=":material/add:",
)

if not card_list:
    st.info(t("tilv.no_cards", lang), icon=":material/info:")
    st.stop()
if any_problem:
    st.stop()

reference = analyses.analysis.no_agreement(scenario, name=f"{scenario.name} – {t('tilv.ref_suffix', lang)}")
try:
    variant = analyses.with_cards(
        scenario, card_list, name=f"{scenario.name} – {t('tilv.variant_suffix', lang)}"
    )
except sim.ScenarioError as exc:
    st.error(t("tilv.invalid", lang), icon=":material/error:")
    st.code(str(exc), language=None, wrap_lines=True)
    st.stop()

# ---------------------------------------------------------------- run
cached = ui.run_button([reference, variant], seed, reps, lang, key="tilv_run", label="tilv.run")
if any(r is None for r in cached):
    st.info(t("tilv.press_run", lang), icon=":material/info:")
    st.stop()

results = {reference.name: cached[0], variant.name: cached[1]}
order = [reference.name, variant.name]
caption = run_caption(order, seed, reps, lang, hashes=[reference.sha256(), variant.sha256()])

st.header(t("tilv.effect", lang))
numeric = kpi_comparison_frame(results, reference.name)
numeric = numeric[numeric["kpi"].isin(analyses.TILVISNING_KPIS)]
text, flags = display_kpi_table(numeric, lang, headline_only=False)
styler = text.style.apply(
    lambda col: ["background-color: #d6eaf8; font-weight: bold" if f else "" for f in flags[col.name]],
    axis=0,
).hide(axis="index")
st.table(styler)
st.caption(t("compare.kpi_legend", lang) + " " + caption)

diffs = numeric[(~numeric["reference"])].set_index("kpi")


def effect_rows(kpis: tuple[str, ...]) -> Any:
    """Rows of the effect chart for these KPIs (those the run has)."""
    rows = diffs.loc[[k for k in kpis if k in diffs.index]].reset_index()
    rows["label"] = [kpi_label(k, lang) for k in rows["kpi"]]
    return rows


e_wait = effect_rows(("mean_wait_days",))
e_nights = effect_rows(("hospits_nights", "temp_nights_families_youth"))
e_cost = effect_rows(("cost_municipal_budget_nok", "cost_municipal_npv_nok", "cost_state_npv_nok"))
c1, c2 = st.columns(2)
with c1:
    ui.chart(
        charts.effect_bars(
            e_wait,
            title=t("tilv.chart_wait", lang),
            x_title=t("tilv.chart_wait_x", lang),
            caption=caption,
            separators=SEP,
        ),
        "tilv_ch_wait",
    )
with c2:
    ui.chart(
        charts.effect_bars(
            e_nights,
            title=t("tilv.chart_nights", lang),
            x_title=t("tilv.chart_nights_x", lang),
            caption=caption,
            separators=SEP,
        ),
        "tilv_ch_nights",
    )
ui.chart(
    charts.effect_bars(
        e_cost,
        title=t("tilv.chart_cost", lang),
        x_title=t("tilv.chart_cost_x", lang),
        caption=caption,
        separators=SEP,
        x_tickformat=",.0f",
    ),
    "tilv_ch_cost",
)
if "cost_state_npv_nok" in diffs.index:
    st.caption(
        t(
            "tilv.cost_note",
            lang,
            mun=fmt_value(diffs.loc["cost_municipal_npv_nok", "diff_mean"], "nok", lang)
            if "cost_municipal_npv_nok" in diffs.index
            else "–",
            state=fmt_value(diffs.loc["cost_state_npv_nok", "diff_mean"], "nok", lang),
        )
    )

yearly = series_long(results, "yearly")
for metric, key in (("dwellings_tilvisning", "units"), ("mean_wait_days", "wait")):
    if metric in set(yearly["metric"]):
        ui.chart(
            charts.band_chart(
                yearly,
                metric,
                title=t(f"tilv.chart_{key}_years", lang),
                y_title=kpi_label(metric, lang),
                caption=caption,
                separators=SEP,
            ),
            f"tilv_ch_{key}_years",
        )
ui.csv_download(
    t("export.kpi_csv", lang),
    numeric,
    f"boligflyt_tilvisning_{scenario.name}_seed{seed}_reps{reps}.csv",
    "tilv_dl_csv",
)
