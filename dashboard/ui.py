"""Small Streamlit building blocks shared by the pages."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import plotly.graph_objects as go
import streamlit as st

import sim
from dashboard import export, state
from dashboard.i18n import fmt_interval, fmt_number, fmt_value, t
from dashboard.tables import kpi_help, kpi_kind, kpi_label

#: plotly's toolbar: keep the PNG download, drop the rest of the clutter
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def chart(fig: go.Figure, key: str) -> None:
    """Show a figure full width with the PNG download button in its toolbar."""
    st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, width="stretch")


def kpi_cards(summary: dict[str, dict[str, Any]], kpis: Sequence[str], lang: str, per_row: int = 3) -> None:
    """KPI cards: the mean large, its 95 % interval below, the definition as help."""
    for start in range(0, len(kpis), per_row):
        cols = st.columns(per_row)
        for col, kpi in zip(cols, kpis[start : start + per_row], strict=False):
            v = summary.get(kpi)
            if v is None:
                continue
            kind = kpi_kind(kpi)
            with col:
                st.metric(
                    kpi_label(kpi, lang),
                    fmt_value(v["mean"], kind, lang),
                    help=kpi_help(kpi, lang),
                    border=True,
                )
                st.caption(t("kpi.ci", lang, ci=fmt_interval(v["ci95"][0], v["ci95"][1], kind, lang)))


def coming_soon(page: str, lang: str) -> None:
    """A page whose analysis lands with a later issue."""
    st.title(t(f"nav.{page}", lang))
    st.info(t("coming.banner", lang), icon=":material/construction:")
    st.markdown(t(f"coming.{page}", lang))


def remember(key: str) -> None:
    """Keep a widget's value when the user leaves the page (Streamlit drops widget state)."""
    st.session_state[f"keep_{key}"] = st.session_state[key]


def kept(key: str, default: Any) -> Any:
    """A remembered widget value, or the default."""
    return st.session_state.get(f"keep_{key}", default)


def target_inputs(
    section: str,
    prefix: str,
    metrics: Sequence[str],
    lang: str,
    first_year: int,
    last_year: int,
    default_share: float,
    default_value: float,
) -> tuple[str, float, int, float, bool]:
    """The target row shared by the analysis pages: key figure, threshold, from-year, confidence.

    ``section`` names the page's texts (``budget``, ``stock``); ``prefix`` its widget keys.
    Returns ``(metric, threshold, from_year, confidence, is_share)``.
    """
    st.subheader(t(f"{section}.target", lang))
    g1, g2, g3, g4 = st.columns([2, 1, 1, 1])
    with g1:
        metrics = list(metrics)
        key = f"{prefix}_tmetric"
        tm_default = kept(key, metrics[0])
        target_metric = st.selectbox(
            t(f"{section}.target_metric", lang),
            metrics,
            index=metrics.index(tm_default) if tm_default in metrics else 0,
            format_func=lambda k: kpi_label(k, lang),
            key=key,
            on_change=remember,
            args=(key,),
        )
    share_metric = kpi_kind(target_metric) == "share"
    with g2:
        key = f"{prefix}_thr_{target_metric}"
        threshold = float(
            st.number_input(
                t(f"{section}.threshold", lang) + (" (0–1)" if share_metric else ""),
                value=float(kept(key, default_share if share_metric else default_value)),
                step=0.05 if share_metric else 10.0,
                key=key,
                on_change=remember,
                args=(key,),
                help=t(f"{section}.threshold_help", lang),
            )
        )
    with g3:
        key = f"{prefix}_from"
        from_year = int(
            st.number_input(
                t(f"{section}.from_year", lang),
                value=int(kept(key, min(last_year, first_year + 1))),
                step=1,
                key=key,
                on_change=remember,
                args=(key,),
                help=t(f"{section}.from_year_help", lang),
            )
        )
    with g4:
        key = f"{prefix}_conf"
        confidence = float(
            st.slider(
                t(f"{section}.confidence", lang),
                min_value=0.5,
                max_value=1.0,
                value=float(kept(key, 0.8)),
                step=0.05,
                key=key,
                on_change=remember,
                args=(key,),
                help=t(f"{section}.confidence_help", lang),
            )
        )
    return target_metric, threshold, from_year, confidence, share_metric


def replications_input(prefix: str, default: int, max_value: int, help_key: str, lang: str) -> int:
    """The replications box every run page has; remembered under ``{prefix}_reps``."""
    key = f"{prefix}_reps"
    return int(
        st.number_input(
            t("compare.replications", lang),
            min_value=2,
            max_value=max_value,
            step=1,
            value=int(kept(key, default)),
            key=key,
            on_change=remember,
            args=(key,),
            help=t(help_key, lang),
        )
    )


def seed_input(prefix: str, default: int, lang: str) -> int:
    """The seed box every run page has; remembered under ``{prefix}_seed``."""
    key = f"{prefix}_seed"
    return int(
        st.number_input(
            t("compare.seed", lang),
            min_value=0,
            max_value=2**32 - 1,
            step=1,
            value=int(kept(key, default)),
            key=key,
            on_change=remember,
            args=(key,),
            help=t("compare.seed_help", lang),
        )
    )


def pick_scenario(prefix: str, lang: str) -> tuple[str, sim.Scenario]:
    """The page's scenario select box (key ``{prefix}_sc``, remembered across pages), the
    home scenario (the baseline unless another was chosen) first time: the chosen file's
    name and scenario. Stops the page with a message
    when no scenario file loads."""
    available, _errors = state.available_scenarios()
    if not available:
        st.error(t("compare.none", lang, folder=str(state.scenarios_dir())))
        st.stop()
    names = list(available)
    key = f"{prefix}_sc"
    home = state.home()
    default = kept(key, home if home in names else state.BASELINE if state.BASELINE in names else names[0])
    name = st.selectbox(
        t("budget.scenario", lang),
        names,
        index=names.index(default) if default in names else 0,
        key=key,
        on_change=remember,
        args=(key,),
    )
    return name, available[name]


def run_button(
    scenarios: Sequence[sim.Scenario], seed: int, reps: int, lang: str, *, key: str, label: str
) -> list[Any]:
    """The page's run button for ``scenarios``: greyed out when every run is in the cache;
    a click runs the missing ones with progress and cancel, then draws the page again.

    Returns the cached results, ``None`` for runs not made yet. The last run's duration is
    in ``st.session_state[f"{key}_seconds"]``.
    """
    cached = state.cached_results(list(scenarios), seed, reps)
    all_cached = all(r is not None for r in cached)
    clicked = st.button(
        t("compare.run_cached" if all_cached else label, lang),
        type="primary",
        key=key,
        icon=":material/play_arrow:",
        disabled=all_cached,
    )
    if state.was_cancelled():
        st.warning(t("run.cancelled", lang), icon=":material/cancel:")
    if clicked and not all_cached:
        t0 = time.perf_counter()
        state.progress_runner(list(scenarios), seed, reps, lang)
        st.session_state[f"{key}_seconds"] = time.perf_counter() - t0
        st.rerun()  # draw the page again from the cache, with the button up to date
    return cached


def analysis_button(done: bool, lang: str, *, key: str, label: str, work: Callable[[Any], Any]) -> None:
    """The run button of an analysis page: greyed out when the result is cached; a click
    runs ``work(bar)`` under a progress bar with a cancel button, keeps how long it took in
    ``st.session_state[f"{key}_seconds"]`` and draws the page again (``work`` caches its
    result). A bad scenario or parameter is shown as an error and stops the page."""
    clicked = st.button(
        t("compare.run_cached" if done else label, lang),
        type="primary",
        key=key,
        icon=":material/play_arrow:",
        disabled=done,
    )
    if state.was_cancelled():
        st.warning(t("run.cancelled_analysis", lang), icon=":material/cancel:")
    if not clicked or done:
        return
    box = st.empty()
    with box.container():
        bar = st.progress(0.0, text=t("run.starting", lang))
        st.button(t("run.cancel", lang), key="run_cancel", on_click=state._mark_cancelled)
    t0 = time.perf_counter()
    try:
        work(bar)
    except (sim.ScenarioError, ValueError, KeyError) as exc:
        box.empty()
        st.error(t("analysis.failed", lang, err=str(exc)), icon=":material/error:")
        st.stop()
    st.session_state[f"{key}_seconds"] = time.perf_counter() - t0
    st.rerun()


def cached_note(key: str, lang: str) -> None:
    """The caption under a result: it comes from the cache, and how long the last run took."""
    secs = st.session_state.get(f"{key}_seconds")
    st.caption(
        t("compare.cached_note", lang)
        + (f" {t('compare.last_run', lang, s=fmt_number(secs, lang, 1))}" if secs is not None else "")
    )


def csv_download(label: str, frame: Any, file_name: str, key: str) -> None:
    """A download button for ``frame`` as CSV (built only when clicked)."""
    st.download_button(
        label,
        data=lambda: export.csv_bytes(frame),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/table:",
    )
