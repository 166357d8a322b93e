"""Small Streamlit building blocks shared by the pages."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import sim
from dashboard import charts, export, metrics, state, tables
from dashboard.i18n import fmt_interval, fmt_number, is_nb, parse_number, percent_suffix, plotly_separators, t
from dashboard.problems import problem_line

#: plotly's toolbar: keep the PNG download, drop the rest of the clutter
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
}


def chart_style(lang: str) -> charts.Style:
    """How numbers read in the figures of ``lang`` (decimal mark, thousands, per cent)."""
    return charts.Style(separators=plotly_separators(lang), percent_suffix=percent_suffix(lang))


def chart(fig: go.Figure, key: str) -> None:
    """Show a figure full width with the PNG download button in its toolbar.

    The figure keeps its own colours (``theme=None``): Streamlit's theme greys the axis
    text below the contrast WCAG asks for.
    """
    st.plotly_chart(fig, key=key, config=PLOTLY_CONFIG, width="stretch", theme=None)


def pathway_figure(yearly: pd.DataFrame, caption: str, lang: str) -> go.Figure | None:
    """Hospits nights by where the household stands, stacked per year and scenario (the four
    parts of the pathway account); None when the results have none."""
    parts = [m for m in metrics.PATHWAY_NIGHTS if m in set(yearly["metric"])]
    if not parts:
        return None
    return charts.stacked_bars(
        yearly,
        parts,
        title=t("chart.pathways.title", lang),
        y_title=metrics.axis_title("temp_nights", lang),
        caption=caption + "<br>" + t("chart.pathways.note", lang),
        labels={p: metrics.short(p, lang) for p in parts},
        style=chart_style(lang),
    )


# ---------------------------------------------------------------- Streamlit's own texts
#: CSS that puts bokmål in place of the English texts Streamlit's widgets draw themselves
#: (the upload button and its size note, the "Press Enter" hint, a list's "Select all")
#: and hides the English "Running..." status (the pages show their own progress bar and
#: cancel button). Streamlit has no setting for these texts; the CSS hides them and draws
#: the bokmål text in their place.
_NB_CSS = """
<style>
[data-testid="stFileUploaderDropzone"] button > * { display: none; }
[data-testid="stFileUploaderDropzone"] button::after { content: "Last opp"; }
[data-testid="stFileUploaderDropzoneInstructions"] > * { display: none; }
[data-testid="stFileUploaderDropzoneInstructions"]::after {
  content: "Høyst %(mb)s MB per fil • YAML"; font-size: 0.875rem; opacity: 0.8;
}
[data-testid="InputInstructions"] { display: none; }
[role="option"][data-key="__select_all__"] > *, [role="option"][data-key="__select_matches__"] > * {
  display: none;
}
[role="option"][data-key="__select_all__"]::after { content: "Velg alle"; }
[role="option"][data-key="__select_matches__"]::after { content: "Velg alle treff"; }
</style>
"""
_CSS = """
<style>
[data-testid="stStatusWidget"] { visibility: hidden; }
[data-testid="stCaptionContainer"] { overflow-wrap: anywhere; }
</style>
"""


def page_setup(lang: str) -> None:
    """Per-page CSS: bokmål for Streamlit's built-in texts, no English status widget."""
    css = _CSS + (_NB_CSS % {"mb": state.UPLOAD_LIMIT_MB} if is_nb(lang) else "")
    st.html(css)


# ---------------------------------------------------------------- KPI cards
def kpi_cards(
    summary: Mapping[str, Mapping[str, Any]],
    kpis: Sequence[str],
    lang: str,
    start: int,
    end: int,
    per_row: int = 3,
) -> None:
    """KPI cards: the mean large with its unit, then the period and the 95 % interval."""
    for first in range(0, len(kpis), per_row):
        cols = st.columns(per_row)
        for col, kpi in zip(cols, kpis[first : first + per_row], strict=False):
            v = summary.get(kpi)
            if v is None:
                continue
            with col:
                st.metric(
                    metrics.label(kpi, lang),
                    metrics.value(v["mean"], kpi, lang, with_unit=True),
                    help=metrics.doc(kpi, lang),
                    border=True,
                )
                ci = fmt_interval(v["ci95"][0], v["ci95"][1], metrics.kind(kpi), lang)
                st.caption(
                    t("kpi.card_note", lang, period=metrics.period(kpi, lang, start, end).capitalize(), ci=ci)
                )


def kpi_table(text: pd.DataFrame, marks: pd.DataFrame) -> None:
    """A static KPI table (every row visible, long cells wrap: reads on a projector and in a
    print) with better, worse and changed cells shaded."""
    st.table(tables.styled(text, marks))


# ---------------------------------------------------------------- remembered inputs
def remember(key: str) -> None:
    """Keep a widget's value when the user leaves the page (Streamlit drops widget state)."""
    st.session_state[f"keep_{key}"] = st.session_state[key]


def kept(key: str, default: Any) -> Any:
    """A remembered widget value, or the default."""
    return st.session_state.get(f"keep_{key}", default)


def int_input(
    label: str,
    key: str,
    default: int,
    *,
    help: str | None = None,
    min_value: int | None = None,
    max_value: int | None = None,
    step: int = 1,
) -> int:
    """A whole-number box (years, counts, seeds): no decimals, remembered across pages."""
    return int(
        st.number_input(
            label,
            min_value=min_value,
            max_value=max_value,
            step=step,
            value=int(kept(key, default)),
            format="%d",
            key=key,
            on_change=remember,
            args=(key,),
            help=help,
        )
    )


def number_field(
    label: str,
    key: str,
    default: float,
    lang: str,
    *,
    decimals: int = 1,
    percent: bool = False,
    help: str | None = None,
    min_value: float | None = None,
    max_value: float | None = None,
    on_value: Callable[[float], None] | None = None,
) -> float | None:
    """A number typed the reader's way (``0,8`` and ``26 000`` in bokmål), remembered.

    Streamlit's number box always writes a decimal point, so decimals are typed into a
    text box instead, shown and read with :func:`dashboard.i18n.parse_number`. A share is
    shown in per cent (``percent``); the value returned (and given to ``on_value``) is in
    the model's unit. Returns None, with the problem shown under the box, while the text
    is not a number in the allowed range.
    """
    factor = 100.0 if percent else 1.0
    widget = f"{key}|{lang}"  # a language switch redraws the text in the new format
    bad_key = f"{key}__bad"

    def changed() -> None:
        raw = st.session_state[widget]
        try:
            v = parse_number(raw, lang) / factor
            if (min_value is not None and v < min_value) or (max_value is not None and v > max_value):
                raise ValueError(raw)
        except ValueError:
            st.session_state[bad_key] = raw
            return
        st.session_state.pop(bad_key, None)
        st.session_state[f"keep_{key}"] = v
        if on_value is not None:
            on_value(v)

    value = float(kept(key, default))
    shown = value * factor
    digits = decimals if round(shown, decimals) != round(shown) else 0
    st.text_input(
        f"{label} (%)" if percent else label,
        value=fmt_number(shown, lang, digits).replace("\u2212", "-"),
        key=widget,
        on_change=changed,
        help=help,
    )
    bad = st.session_state.get(bad_key)
    if bad is not None:
        lo = "–" if min_value is None else fmt_number(min_value * factor, lang, decimals)
        hi = "–" if max_value is None else fmt_number(max_value * factor, lang, decimals)
        st.error(t("input.bad_number", lang, text=bad, lo=lo, hi=hi), icon=":material/error:")
        return None
    return value


def percent_slider(label: str, key: str, default: float, lang: str, *, help: str | None = None) -> float:
    """A share from 50 % to 100 % in steps of 5, shown in per cent; returns the share."""
    pct = int(
        st.slider(
            label,
            min_value=50,
            max_value=100,
            value=round(100 * float(kept(key, default))),
            step=5,
            format="%d %%" if is_nb(lang) else "%d%%",
            key=key,
            on_change=lambda: st.session_state.__setitem__(f"keep_{key}", st.session_state[key] / 100),
            help=help,
        )
    )
    return pct / 100.0


#: per analysis page: the help texts of its target row
_TARGET_HELP: dict[str, tuple[str, str, str]] = {
    "budget": ("budget.threshold_help", "budget.from_year_help", "budget.confidence_help"),
    "stock": ("stock.threshold_help", "stock.from_year_help", "stock.confidence_help"),
}


def target_inputs(
    section: str,
    prefix: str,
    metric_names: Sequence[str],
    lang: str,
    first_year: int,
    last_year: int,
    defaults: Mapping[str, float],
) -> tuple[str, float | None, int, float]:
    """The target row of the analysis pages: key figure, threshold, from-year, confidence.

    ``section`` (``budget`` or ``stock``) picks the help texts; ``prefix`` the widget keys;
    ``defaults`` the threshold per key figure. Returns ``(metric, threshold, from_year,
    confidence)``; the threshold is None while its text is not a number.
    """
    thr_help, year_help, conf_help = _TARGET_HELP[section]
    st.subheader(t("target.title", lang))
    g1, g2, g3, g4 = st.columns([2, 1, 1, 1])
    with g1:
        names = list(metric_names)
        key = f"{prefix}_tmetric"
        chosen = kept(key, names[0])
        target_metric = st.selectbox(
            t("target.metric", lang),
            names,
            index=names.index(chosen) if chosen in names else 0,
            format_func=lambda k: metrics.label(k, lang),
            key=key,
            on_change=remember,
            args=(key,),
        )
    kind = metrics.kind(target_metric)
    with g2:
        unit = metrics.axis_title(target_metric, lang) if kind != "share" else ""
        threshold = number_field(
            t("target.threshold", lang) + (f" ({unit})" if unit else ""),
            f"{prefix}_thr_{target_metric}",
            defaults.get(target_metric, 0.0),
            lang,
            decimals=1 if kind == "share" else 0,
            percent=kind == "share",
            help=t(thr_help, lang),
            min_value=0.0,
            max_value=1.0 if kind == "share" else None,
        )
    with g3:
        from_year = int_input(
            t("target.from_year", lang),
            f"{prefix}_from",
            min(last_year, first_year + 1),
            help=t(year_help, lang),
        )
    with g4:
        confidence = percent_slider(
            t("target.confidence", lang), f"{prefix}_conf", 0.8, lang, help=t(conf_help, lang)
        )
    return target_metric, threshold, from_year, confidence


def replications_input(prefix: str, default: int, max_value: int, help_key: str, lang: str) -> int:
    """The replications box every run page has; remembered under ``{prefix}_reps``."""
    return int_input(
        t("compare.replications", lang),
        f"{prefix}_reps",
        default,
        min_value=2,
        max_value=max_value,
        help=t(help_key, lang),
    )


def seed_input(prefix: str, default: int, lang: str) -> int:
    """The seed box every run page has; remembered under ``{prefix}_seed``."""
    return int_input(
        t("compare.seed", lang),
        f"{prefix}_seed",
        default,
        min_value=0,
        max_value=2**32 - 1,
        help=t("compare.seed_help", lang),
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


# ---------------------------------------------------------------- running
def _run_box(lang: str) -> tuple[Any, Any]:
    """A progress bar with a cancel button under it, in a box that can be cleared."""
    box = st.empty()
    with box.container():
        bar = st.progress(0.0, text=t("run.starting", lang))
        st.button(
            t("run.cancel", lang),
            key="run_cancel",
            help=t("run.cancel_hint", lang),
            on_click=state.mark_cancelled,
        )
    return box, bar


def _button(done: bool, lang: str, key: str, label: str, cancelled_key: str) -> bool:
    """The primary run button, greyed out when the result is cached; warns after a cancel."""
    clicked = st.button(
        t("compare.run_cached" if done else label, lang),
        type="primary",
        key=key,
        icon=":material/play_arrow:",
        disabled=done,
    )
    if state.was_cancelled():
        st.warning(t(cancelled_key, lang), icon=":material/cancel:")
    return clicked and not done


def run_with_progress(scenarios: Sequence[sim.Scenario], seed: int, reps: int, lang: str) -> list[Any]:
    """:func:`dashboard.state.run_scenarios` under a progress bar with a cancel button.

    Any click while the model runs makes Streamlit rerun the page, which stops the run at
    the next progress update; the cancel button is that click made explicit.
    """
    box, bar = _run_box(lang)

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=t("run.progress", lang, done=done, total=total))

    out = state.run_scenarios(list(scenarios), seed, reps, progress)
    box.empty()
    return out


def run_button(
    scenarios: Sequence[sim.Scenario], seed: int, reps: int, lang: str, *, key: str, label: str
) -> list[Any]:
    """The page's run button for ``scenarios``: greyed out when every run is in the cache;
    a click runs the missing ones with progress and cancel, then draws the page again.

    Returns the cached results, ``None`` for runs not made yet. The last run's duration is
    in ``st.session_state[f"{key}_seconds"]``.
    """
    cached = state.cached_results(list(scenarios), seed, reps)
    if _button(all(r is not None for r in cached), lang, key, label, "run.cancelled"):
        t0 = time.perf_counter()
        run_with_progress(scenarios, seed, reps, lang)
        st.session_state[f"{key}_seconds"] = time.perf_counter() - t0
        st.rerun()  # draw the page again from the cache, with the button up to date
    return cached


def analysis_button(done: bool, lang: str, *, key: str, label: str, work: Callable[[Any], Any]) -> None:
    """The run button of an analysis page: greyed out when the result is cached; a click
    runs ``work(bar)`` under a progress bar with a cancel button, keeps how long it took in
    ``st.session_state[f"{key}_seconds"]`` and draws the page again (``work`` caches its
    result). A bad scenario or parameter is shown as an error and stops the page."""
    if not _button(done, lang, key, label, "run.cancelled_analysis"):
        return
    box, bar = _run_box(lang)
    t0 = time.perf_counter()
    try:
        work(bar)
    except sim.ScenarioError as exc:
        box.empty()
        st.error(t("analysis.failed", lang), icon=":material/error:")
        st.code("\n".join(problem_line(p, lang) for p in exc.problems), language=None, wrap_lines=True)
        st.stop()
    except (ValueError, KeyError):
        box.empty()
        st.error(t("analysis.failed", lang), icon=":material/error:")
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


def csv_download(
    label: str, frame: pd.DataFrame | Callable[[], pd.DataFrame], file_name: str, key: str, lang: str
) -> None:
    """A download button for a table as CSV in ``lang``'s form (built only when clicked)."""
    st.download_button(
        label,
        data=lambda: export.csv_bytes(frame() if callable(frame) else frame, lang),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/table:",
    )
