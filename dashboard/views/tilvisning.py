"""Tilvisning workshop: sets of terms side by side, and buying the same number of dwellings.

Each card is one set of terms (units, municipal share, start year, duration) and becomes a
column: the scenario with that agreement alone. The reference is the same scenario without
any agreement, and a last column buys as many dwellings as one card nominates (the year
before it starts). All columns run on common random numbers (the same households), through
the shared run cache; the columns can be sent to the Compare page or saved as scenario
files.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import sim
from dashboard import analyses, charts, export, metrics, state, ui
from dashboard.i18n import t
from dashboard.problems import translate
from dashboard.tables import kpi_comparison_frame, run_caption, series_long, side_by_side

lang = state.lang()
STYLE = ui.chart_style(lang)
CARDS = "tilv_cards"
PER_ROW = 3


def cards(first_year: int, last_year: int) -> list[dict[str, Any]]:
    """The session's cards: Selvaag, Husbanken and a short agreement to start with."""
    if CARDS not in st.session_state:
        st.session_state[CARDS] = analyses.start_cards(max(first_year, min(2019, last_year)))
    return st.session_state[CARDS]


def add_card(first_year: int, last_year: int) -> None:
    """Append a new card (button callback)."""
    cs = cards(first_year, last_year)
    new_id = max((c["id"] for c in cs), default=-1) + 1
    start = max(first_year, min(2019, last_year))
    cs.append({"id": new_id, **analyses.new_card(start, len(cs) + 1)})


def remove_card(card_id: int) -> None:
    """Drop a card (button callback)."""
    st.session_state[CARDS] = [c for c in st.session_state[CARDS] if c["id"] != card_id]


def sync(card: dict[str, Any], field: str) -> None:
    """Copy a card widget's value into the card (widget callback)."""
    card[field] = st.session_state[f"tilv_{card['id']}_{field}"]


def set_share(card: dict[str, Any], value: float) -> None:
    """The municipal share typed in per cent, stored as a share."""
    card["municipal_share"] = value


def card_editor(card: dict[str, Any]) -> bool:
    """One card's fields; returns whether the card is usable."""
    cid = card["id"]
    st.text_input(
        t("tilv.name", lang),
        value=str(card["name"]),
        key=f"tilv_{cid}_name",
        on_change=sync,
        args=(card, "name"),
    )
    for field, label_key, help_key, lo, hi, step in (
        ("units", "tilv.units", "tilv.units_help", 0, 2000, 5),
        ("start_year", "tilv.start_year", "tilv.start_year_help", None, None, 1),
        ("duration_years", "tilv.duration", "tilv.duration_help", 0, 100, 1),
    ):
        st.number_input(
            t(label_key, lang),
            min_value=lo,
            max_value=hi,
            step=step,
            value=int(card[field]),
            format="%d",
            key=f"tilv_{cid}_{field}",
            on_change=sync,
            args=(card, field),
            help=t(help_key, lang, first=first_year, last=last_year),
        )
    share = ui.number_field(
        t("tilv.share", lang),
        f"tilv_{cid}_municipal_share",
        float(card["municipal_share"]),
        lang,
        decimals=0,
        percent=True,
        help=t("tilv.share_help", lang),
        on_value=lambda v, c=card: set_share(c, v),
    )
    ok = share is not None
    if ok:
        st.caption(t("tilv.nominated", lang, n=analyses.nominated(card)))
    for p in analyses.card_problems(card, first_year, last_year):
        ok = False
        st.error(t(p, lang, first=first_year, last=last_year), icon=":material/error:")
    st.button(
        t("tilv.remove", lang),
        key=f"tilv_{cid}_remove",
        on_click=remove_card,
        args=(cid,),
        icon=":material/delete:",
    )
    return ok


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
usable = True
for first in range(0, len(card_list), PER_ROW):
    cols = st.columns(PER_ROW)
    for col, card in zip(cols, card_list[first : first + PER_ROW], strict=False):
        with col, st.container(border=True):
            usable &= card_editor(card)
a_col, b_col = st.columns([1, 2], vertical_alignment="bottom")
with a_col:
    st.button(
        t("tilv.add", lang),
        key="tilv_add",
        on_click=add_card,
        args=(first_year, last_year),
        icon=":material/add:",
    )
with b_col:
    choices = [None, *range(len(card_list))]
    buy_like = st.selectbox(
        t("tilv.buy_like", lang),
        choices,
        index=1 if len(choices) > 1 else 0,
        format_func=lambda i: t("tilv.buy_none", lang) if i is None else str(card_list[i]["name"] or i + 1),
        key=f"tilv_buy_{len(card_list)}",
        help=t("tilv.buy_help", lang),
    )

if not card_list:
    st.info(t("tilv.no_cards", lang), icon=":material/info:")
    st.stop()
if not usable:
    st.stop()

titles = {
    "reference": t("tilv.col_reference", lang),
    "card": "{name}",
    "buy": t("tilv.col_buy", lang),
}
try:
    columns = analyses.workshop_columns(scenario, card_list, buy_like, titles)
except sim.ScenarioError as exc:
    st.error(t("tilv.invalid", lang), icon=":material/error:")
    st.code("\n".join(translate(p.message, lang) for p in exc.problems), language=None, wrap_lines=True)
    st.stop()
order = list(columns)
reference = order[0]

# ---------------------------------------------------------------- run
cached = ui.run_button(list(columns.values()), seed, reps, lang, key="tilv_run", label="tilv.run")
if any(r is None for r in cached):
    st.info(t("tilv.press_run", lang, n=len(order)), icon=":material/info:")
    st.stop()

results = dict(zip(order, cached, strict=True))
hashes = [columns[n].sha256() for n in order]
caption = run_caption(order, seed, reps, lang, hashes=hashes)
ui.cached_note("tilv_run", lang)

st.header(t("tilv.effect", lang, start=first_year, end=last_year))
numeric = kpi_comparison_frame(results, reference)
text, marks = side_by_side(numeric, lang, first_year, last_year, analyses.TILVISNING_KPIS)
ui.kpi_table(text, marks)
st.caption(t("tilv.table_legend", lang) + " " + caption)

s1, s2 = st.columns(2)
with s1:
    if st.button(t("tilv.send", lang), key="tilv_send", icon=":material/compare_arrows:", type="primary"):
        state.send_to_compare(columns, reference)
        st.session_state["keep_cmp_reps"] = reps
        st.session_state["keep_cmp_seed"] = seed
        st.switch_page("views/compare.py")
    if len(order) > state.MAX_SCENARIOS:
        st.caption(t("tilv.send_limit", lang, n=state.MAX_SCENARIOS))
with s2:
    if st.button(t("tilv.save", lang), key="tilv_save", icon=":material/save:"):
        saved, failed = [], []
        for title, sc in list(columns.items())[1:]:
            try:
                saved.append(state.save_scenario(sc, f"tilvisning {title}").stem)
            except (ValueError, OSError):
                failed.append(title)
        if saved:
            st.success(t("tilv.saved", lang, files=", ".join(saved)), icon=":material/check_circle:")
        if failed:
            st.warning(t("tilv.save_failed", lang, names=", ".join(failed)), icon=":material/warning:")

# ---------------------------------------------------------------- charts
diffs = numeric[~numeric["reference"]]


def effects(kpis: tuple[str, ...]) -> pd.DataFrame:
    """Rows of an effect chart: per KPI and column, the paired difference to the reference."""
    rows = diffs[diffs["kpi"].isin(kpis)].copy()
    rows["label"] = [metrics.label(k, lang) for k in rows["kpi"]]
    rows["variant"] = rows["scenario"]
    rows["_order"] = [kpis.index(k) for k in rows["kpi"]]
    return rows.sort_values(["_order"], kind="stable")


for kpis, title_key, x_key, key, scale, better in (
    (("mean_wait_days",), "tilv.chart_wait", "tilv.chart_wait_x", "tilv_ch_wait", 1.0, -1),
    (
        ("hospits_nights", "temp_nights_families_youth"),
        "tilv.chart_nights",
        "tilv.chart_nights_x",
        "tilv_ch_nights",
        1.0,
        -1,
    ),
    (
        ("cost_municipal_budget_nok", "cost_municipal_npv_nok", "cost_state_npv_nok"),
        "tilv.chart_cost",
        "tilv.chart_cost_x",
        "tilv_ch_cost",
        1e6,
        -1,
    ),
):
    rows = effects(kpis)
    if rows.empty:
        continue
    ui.chart(
        charts.effect_bars(
            rows,
            title=t(title_key, lang, reference=reference),
            x_title=t(x_key, lang, start=first_year, end=last_year),
            caption=caption,
            style=STYLE,
            scale=scale,
            better=better,
        ),
        key,
    )

yearly = series_long(results, "yearly")
for metric, title_key in (
    ("dwellings_tilvisning", "tilv.chart_units_years"),
    ("mean_wait_days", "tilv.chart_wait_years"),
):
    if metric in set(yearly["metric"]):
        ui.chart(
            charts.band_chart(
                yearly,
                metric,
                title=t(title_key, lang),
                y_title=metrics.axis_title(metric, lang),
                caption=caption,
                style=STYLE,
            ),
            f"tilv_ch_{metric}",
        )
ui.csv_download(
    t("export.kpi_csv", lang),
    lambda: export.kpi_table(
        numeric[numeric["kpi"].isin(analyses.TILVISNING_KPIS)], lang, first_year, last_year
    ),
    f"boligflyt_{t('export.file_workshop', lang)}_{scenario.name}.csv",
    "tilv_dl_csv",
    lang,
)
