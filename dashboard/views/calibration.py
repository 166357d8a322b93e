"""Calibration: how well the scenario at hand (the one being edited, else the home file)
reproduces its municipality's own figures.

The table is read from the scenario file (targets, sources, the free assumptions and the
model means ``boligflyt calibrate --write`` recorded); a button checks the targets against
the model as the scenario stands now (a run of the target years, no fitting).
"""

from __future__ import annotations

import streamlit as st

import sim
from dashboard import municipality, state, ui
from dashboard.i18n import t
from dashboard.problems import problem_line
from sim.calibration import calibration_report

lang = state.lang()
scenario, problems, data = state.current()  # the scenario being edited, else the home file
if scenario is None:
    st.title(t("cal.title", lang, place=municipality.place(data)))
    st.code("\n".join(problem_line(p, lang) for p in problems), language=None, wrap_lines=True)
    st.stop()

place = municipality.place(scenario)
st.title(t("cal.title", lang, place=place))
st.markdown(t("cal.intro", lang, place=place))
cal = scenario.calibration
if not cal.targets:
    st.info(t("cal.no_targets", lang), icon=":material/info:")
    st.stop()


@st.cache_data(show_spinner=False, max_entries=16)
def _check(content: str, replications: int, seed: int) -> list[dict]:
    """The targets against the model now, cached by the scenario's content."""
    sc = sim.Scenario.model_validate_json(content)
    return calibration_report(sc, None, replications, seed)


status = municipality.calibration_status(scenario)
fit = cal.last_fit
st.subheader(t("cal.targets", lang))
c_reps, c_seed, c_button = st.columns([1, 1, 2], vertical_alignment="bottom")
with c_reps:
    reps = ui.replications_input("cal", fit.replications if fit else 10, 200, "cal.check_help", lang)
with c_seed:
    seed = ui.seed_input("cal", fit.seed if fit else 1, lang)
key = ("cal_checked", scenario.sha256(), reps, seed)
with c_button:
    if st.button(t("cal.check", lang), icon=":material/play_arrow:", help=t("cal.check_help", lang)):
        with st.spinner(t("run.starting", lang)):
            st.session_state[str(key)] = _check(scenario.canonical_json(), reps, seed)
checked = st.session_state.get(str(key))
if checked is not None:
    st.caption(t("cal.checked", lang, reps=reps, seed=seed))
elif fit is not None:
    st.caption(
        t(
            "cal.recorded",
            lang,
            date=fit.date.isoformat(),
            reps=fit.replications,
            seed=fit.seed,
        )
    )
    if status == "stale":
        st.warning(t("cal.stale", lang), icon=":material/warning:")
else:
    st.caption(t("cal.not_recorded", lang))
table = municipality.calibration_frame(scenario, lang, checked)
st.table(table.style.hide(axis="index"))

st.subheader(t("cal.free", lang))
if cal.free:
    st.table(municipality.free_frame(scenario, lang).style.hide(axis="index"))
else:
    st.caption(t("cal.no_free", lang))
