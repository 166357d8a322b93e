"""Overview: the baseline scenario's headline KPIs and its waiting list over time."""

from __future__ import annotations

import streamlit as st

import sim
from dashboard import charts, metrics, state, ui
from dashboard.i18n import md, t
from dashboard.tables import OVERVIEW_KPIS, run_caption, series_long

lang = state.lang()
st.title(t("overview.title", lang))
st.markdown(md("overview", lang))

files = state.scenario_files()
path = files.get(state.BASELINE)
if path is None:
    st.error(t("overview.no_baseline", lang, folder=str(state.scenarios_dir())))
    st.stop()
try:
    baseline = state.load_file(path)
except sim.ScenarioError as exc:
    st.error(t("overview.baseline_invalid", lang))
    st.code(str(exc), language=None)
    st.stop()

seed, reps = state.DEFAULT_SEED, state.DEFAULT_REPLICATIONS
start, end = baseline.start_date.year, baseline.end_date.year
(result,) = state.cached_results([baseline], seed, reps)
if result is None:
    (result,) = ui.run_with_progress([baseline], seed, reps, lang)

caption = run_caption([baseline.name], seed, reps, lang)
st.subheader(t("overview.kpis", lang, start=start, end=end))
ui.kpi_cards(result.aggregate.kpi_summary(), OVERVIEW_KPIS, lang, start, end, per_row=2)
st.caption(caption)

monthly = series_long({baseline.name: result}, "monthly")
fig = charts.band_chart(
    monthly,
    "waiting_list_mean",
    title=t("chart.waiting_list.title", lang),
    y_title=metrics.axis_title("waiting_list_mean", lang, monthly=True),
    caption=caption,
    style=ui.chart_style(lang),
)
ui.chart(fig, "overview_waiting")
st.page_link("views/compare.py", label=t("overview.to_compare", lang), icon=":material/compare_arrows:")
st.page_link("views/scenario.py", label=t("overview.to_scenario", lang), icon=":material/tune:")
