"""Overview: the home scenario (a municipality's file, the baseline unless another is chosen):
its headline KPIs with units and periods, its waiting list over time and whether it is
calibrated."""

from __future__ import annotations

import streamlit as st

import sim
from dashboard import charts, metrics, municipality, state, ui
from dashboard.i18n import md, t
from dashboard.tables import OVERVIEW_KPIS, run_caption, series_long

lang = state.lang()
files = state.scenario_files()
if not files:
    st.error(t("overview.no_baseline", lang, folder=str(state.scenarios_dir())))
    st.stop()


def _label(stem: str) -> str:
    """``Rælingen (baseline)``: the municipality and the file."""
    try:
        return f"{municipality.place(state.load_file(files[stem]))} ({stem})"
    except sim.ScenarioError:
        return t("overview.file_invalid", lang, name=stem)


names = list(files)
home = state.home() if state.home() in files else (state.BASELINE if state.BASELINE in files else names[0])
if st.session_state.get("ov_home") not in names:
    st.session_state["ov_home"] = home
choice = st.selectbox(
    t("overview.municipality", lang),
    names,
    format_func=_label,
    key="ov_home",
    help=t("overview.municipality_help", lang),
    # a callback runs before the page is drawn again, so the sidebar already shows the choice
    on_change=lambda: state.set_home(st.session_state["ov_home"]),
)
path = files[choice]
try:
    baseline = state.load_file(path)
except sim.ScenarioError as exc:
    st.error(t("overview.baseline_invalid", lang))
    st.code(str(exc), language=None)
    st.stop()

place = municipality.place(baseline)
start, end = baseline.start_date.year, baseline.end_date.year
st.title(t("overview.title", lang, place=place))
intro = md("overview", lang)
for key, value in (("place", place), ("scenario", baseline.name), ("start", str(start)), ("end", str(end))):
    intro = intro.replace("{" + key + "}", value)
st.markdown(intro)
status = municipality.calibration_status(baseline)
fit = baseline.calibration.last_fit
n_targets = len(baseline.calibration.target_years())
if status == "current" and fit is not None:
    met = sum(r.met for r in fit.results)
    st.caption(t("overview.cal.current", lang, date=fit.date.isoformat(), met=met, n=n_targets))
elif status == "stale" and fit is not None:
    st.caption(t("overview.cal.stale", lang, date=fit.date.isoformat()))
else:
    st.caption(t(f"overview.cal.{status}", lang, n=n_targets))

seed, reps = state.DEFAULT_SEED, state.DEFAULT_REPLICATIONS
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
yearly = series_long({baseline.name: result}, "yearly")
pathways = ui.pathway_figure(yearly, caption, lang)
if pathways is not None:
    ui.chart(pathways, "overview_pathways")
st.page_link("views/compare.py", label=t("overview.to_compare", lang), icon=":material/compare_arrows:")
st.page_link("views/scenario.py", label=t("overview.to_scenario", lang), icon=":material/tune:")
st.page_link("views/calibration.py", label=t("nav.calibration", lang), icon=":material/fact_check:")
