"""Start-loan budget: a budget sweep for leadership, the share of futures meeting a target
per budget (with its interval), KPI curves with bands, today's budget marked.

Runs :func:`sim.analysis.share_verdict` over ``start_loans.budget_nok_per_year`` on common
random numbers (every budget sees the same households): per budget the KPIs and the share of
futures in which the target holds every year, with its Wilson interval. The cheapest budget
is named only when its share is settled above the required confidence and every smaller
budget's below; otherwise the page says how many replications would settle it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import sim
from dashboard import analyses, charts, metrics, state, ui
from dashboard.i18n import fmt_interval, fmt_percent, fmt_value, t
from dashboard.tables import run_caption
from dashboard.ui import kept

lang = state.lang()
STYLE = ui.chart_style(lang)
P = analyses.BUDGET_PATH


def current_budget(scenario: sim.Scenario) -> float:
    """The scenario's yearly budget (the mean of a per-year schedule)."""
    b = scenario.start_loans.budget_nok_per_year
    if isinstance(b, dict):
        return float(sum(b.values()) / max(1, len(b)))
    return float(b)


def share_text(row: Any) -> str:
    """``80 % (49 – 94 %)``: a share of futures and its 95 % interval."""
    share, lo, hi = (
        fmt_percent(float(row[f"share_meeting_targets{end}"]), lang, 0)
        for end in ("", "_ci95_low", "_ci95_high")
    )
    return f"{share} ({lo} – {hi})"


st.title(t("budget.title", lang))
st.markdown(t("budget.intro", lang))

_, scenario = ui.pick_scenario("bud", lang)
today = current_budget(scenario)
first_year, last_year = scenario.start_date.year, scenario.end_date.year

# the budgets are remembered as numbers, so a language switch shows the same ones
values_key = f"bud_values_{scenario.sha256()[:8]}"
widget_key = f"{values_key}|{lang}"


def read_budgets() -> None:
    """Remember the typed budgets as numbers (or the text that could not be read)."""
    try:
        st.session_state[f"keep_{values_key}"] = analyses.parse_budgets(st.session_state[widget_key], lang)
        st.session_state.pop(f"{values_key}__bad", None)
    except ValueError as exc:
        st.session_state[f"{values_key}__bad"] = str(exc)


st.text_input(
    t("budget.values", lang),
    value=analyses.budgets_text(kept(values_key, analyses.default_budgets(today)), lang),
    key=widget_key,
    on_change=read_budgets,
    help=t("budget.values_help", lang, today=fmt_value(today, "nok", lang)),
)
budgets: list[float] | None = list(kept(values_key, analyses.default_budgets(today)))
bad = st.session_state.get(f"{values_key}__bad")
if bad is not None:
    budgets = None
    st.error(
        t("budget.err_values", lang, bad=bad) if bad else t("budget.err_empty", lang), icon=":material/error:"
    )

c_reps, c_seed = st.columns(2)
with c_reps:
    reps = ui.replications_input("bud", 100, 500, "budget.reps_help", lang)
with c_seed:
    seed = ui.seed_input("bud", state.DEFAULT_SEED, lang)

target_metric, threshold, from_year, confidence = ui.target_inputs(
    "budget",
    "bud",
    analyses.BUDGET_TARGET_METRICS,
    lang,
    first_year,
    last_year,
    {"mean_wait_days": 180.0, "p_wait_over_6_months": 0.2, "hospits_nights": 2000.0},
)
if not first_year <= from_year <= last_year:
    st.error(t("budget.err_from_year", lang, first=first_year, last=last_year), icon=":material/error:")
    st.stop()
if budgets is None or threshold is None:
    st.stop()
assert budgets is not None and threshold is not None

target = f"{target_metric}<={threshold:g}"
key = analyses.budget_key(scenario, budgets, reps, seed, target, from_year, confidence)
verdict = analyses.cached(key)
frame = verdict.frame() if verdict is not None else None


def sweep_budgets(bar: Any) -> None:
    """Run the sweep, moving the bar (each replication of each budget is one step)."""

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=t("run.progress", lang, done=done, total=total))

    analyses.run_budget_verdict(scenario, budgets, reps, seed, target, from_year, confidence, progress)


ui.analysis_button(verdict is not None, lang, key="bud_run", label="budget.run", work=sweep_budgets)
if verdict is None or frame is None:
    st.info(
        t(
            "budget.press_run" if len(budgets) > 1 else "budget.press_run_one",
            lang,
            n=len(budgets),
            reps=reps,
        ),
        icon=":material/info:",
    )
    st.stop()

rows = analyses.with_share_intervals(frame)
ui.cached_note("bud_run", lang)
caption = run_caption([scenario.name], seed, reps, lang, hashes=[scenario.sha256()])
target_text = t(
    "budget.target_text",
    lang,
    kpi=metrics.label(target_metric, lang),
    value=metrics.value(threshold, target_metric, lang, with_unit=True),
    year=from_year,
    end=last_year,
)
today_label = t("budget.today", lang, budget=fmt_value(today, "nok", lang))

# ---------------------------------------------------------------- the answer
st.header(t("budget.answer", lang))
best = None
if verdict.verdict == "cheapest":
    row = rows[(rows[P] - float(verdict.value or 0.0)).abs() < 0.5].iloc[0]
    best = {"budget": float(row[P]), "share": float(row["share_meeting_targets"])}
    st.success(
        t(
            "budget.cheapest",
            lang,
            budget=fmt_value(best["budget"], "nok", lang),
            target=target_text,
            share=fmt_percent(best["share"], lang, 0),
            low=fmt_percent(float(row["share_low"]), lang, 0),
            high=fmt_percent(float(row["share_high"]), lang, 0),
            n=int(row["replications"]),
            conf=fmt_percent(confidence, lang, 0),
        ),
        icon=":material/check_circle:",
    )
    if best["budget"] == min(budgets) and best["budget"] > 0:
        st.caption(t("budget.lowest_note", lang))
elif verdict.verdict == "none":
    st.warning(
        t(
            "budget.not_reached",
            lang,
            target=target_text,
            conf=fmt_percent(confidence, lang, 0),
            best=fmt_percent(float(rows["share_meeting_targets"].max()), lang, 0),
        ),
        icon=":material/warning:",
    )
else:
    key_text = "budget.not_monotone" if verdict.verdict == "not monotone" else "budget.not_settled"
    need = verdict.replications_needed
    st.warning(
        t(key_text, lang, conf=fmt_percent(confidence, lang, 0), n=need if need is not None else "?"),
        icon=":material/warning:",
    )
today_rows = rows[(rows[P] - today).abs() < 0.5]
if not today_rows.empty:
    st.markdown(t("budget.today_share", lang, today=today_label, share=share_text(today_rows.iloc[0])))

ui.chart(
    charts.sweep_curve(
        rows,
        P,
        "share_meeting_targets",
        title=t("budget.share_title", lang, target=target_text),
        x_title=t("budget.x", lang),
        y_title=t("budget.share_y", lang),
        caption=caption,
        style=STYLE,
        percent=True,
        x_scale=1e6,
        marks=[(today, today_label)] + ([(best["budget"], t("budget.mark", lang))] if best else []),
        required=(confidence, t("budget.required", lang, conf=fmt_percent(confidence, lang, 0))),
    ),
    "bud_ch_share",
)
st.caption(t("budget.share_note", lang))

# ---------------------------------------------------------------- curves
st.header(t("budget.curves", lang))
marks = [(today, today_label)] + ([(best["budget"], t("budget.mark", lang))] if best is not None else [])
for kpi in analyses.BUDGET_KPIS:
    if kpi not in rows:
        continue
    ui.chart(
        charts.sweep_curve(
            rows,
            P,
            kpi,
            title=t(
                "budget.curve_title",
                lang,
                kpi=metrics.label(kpi, lang),
                period=metrics.period(kpi, lang, first_year, last_year),
            ),
            x_title=t("budget.x", lang),
            y_title=metrics.horizon_title(kpi, lang, first_year, last_year),
            caption=caption,
            style=STYLE,
            percent=metrics.kind(kpi) == "share",
            x_scale=1e6,
            scale=metrics.unit(kpi).scale,
            marks=marks,
        ),
        f"bud_ch_{kpi}",
    )

# ---------------------------------------------------------------- table and export
st.header(t("budget.table", lang))
shown = []
for _, r in rows.sort_values(P).iterrows():
    budget = fmt_value(float(r[P]), "nok", lang) + (
        f" ({t('budget.today_short', lang)})" if abs(r[P] - today) < 0.5 else ""
    )
    row = {t("budget.col_budget", lang): budget}
    for kpi in analyses.BUDGET_KPIS:
        if kpi in rows:
            ci = fmt_interval(r[f"{kpi}_ci95_low"], r[f"{kpi}_ci95_high"], metrics.kind(kpi), lang)
            row[metrics.label(kpi, lang)] = f"{metrics.value(float(r[kpi]), kpi, lang)} ({ci})"
    row[t("budget.share_col", lang)] = share_text(r)
    shown.append(row)
st.table(pd.DataFrame(shown).style.hide(axis="index"))
st.caption(t("budget.table_note", lang, start=first_year, end=last_year) + " " + caption)


def people_rows() -> pd.DataFrame:
    """The sweep for people: budgets in millions, labelled columns, shares in per cent."""
    out = {t("budget.col_budget_mill", lang): rows[P] / 1e6}
    for kpi in analyses.BUDGET_KPIS:
        if kpi in rows:
            f = 100.0 if metrics.kind(kpi) == "share" else 1.0
            name = metrics.label(kpi, lang)
            out[name] = rows[kpi] * f
            out[f"{name} – {t('export.col.ci95_low', lang)}"] = rows[f"{kpi}_ci95_low"] * f
            out[f"{name} – {t('export.col.ci95_high', lang)}"] = rows[f"{kpi}_ci95_high"] * f
    share = t("budget.share_col", lang) + " (%)"
    out[share] = rows["share_meeting_targets"] * 100
    out[f"{share} – {t('export.col.ci95_low', lang)}"] = rows["share_meeting_targets_ci95_low"] * 100
    out[f"{share} – {t('export.col.ci95_high', lang)}"] = rows["share_meeting_targets_ci95_high"] * 100
    out[t("export.col.replications", lang)] = rows["replications"]
    return pd.DataFrame(out).sort_values(t("budget.col_budget_mill", lang))


ui.csv_download(
    t("export.sweep_csv", lang),
    people_rows,
    f"boligflyt_{t('export.file_budget', lang)}_{scenario.name}_{seed}_{reps}.csv",
    "bud_dl_csv",
    lang,
)
