"""Start-loan budget: a budget sweep for leadership, KPI curves with bands, the cheapest budget.

Runs :func:`sim.analysis.share_verdict` over ``start_loans.budget_nok_per_year`` on common
random numbers (every budget sees the same households): per budget the KPIs and the share of
futures in which the target holds every year, with its Wilson interval. The cheapest budget
is named only when its share is settled above the required confidence and every smaller
budget's below; otherwise the page says how many replications would settle it.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import sim
from dashboard import analyses, charts, state, ui
from dashboard.i18n import fmt_percent, fmt_value, plotly_separators, t
from dashboard.tables import kpi_kind, kpi_label, run_caption
from dashboard.ui import kept, remember

lang = state.lang()
SEP = plotly_separators(lang)


def current_budget(scenario: sim.Scenario) -> float:
    """The scenario's yearly budget (the mean of a per-year schedule)."""
    b = scenario.start_loans.budget_nok_per_year
    if isinstance(b, dict):
        return float(sum(b.values()) / max(1, len(b)))
    return float(b)


def plain(x: float) -> str:
    """A budget as typed in the input: whole kroner, space as thousands separator."""
    return f"{round(x):,}".replace(",", " ")


st.title(t("budget.title", lang))
st.markdown(t("budget.intro", lang))

_, scenario = ui.pick_scenario("bud", lang)
today = current_budget(scenario)
first_year, last_year = scenario.start_date.year, scenario.end_date.year

default_text = "; ".join(plain(b) for b in analyses.default_budgets(today))
budgets_text = st.text_input(
    t("budget.values", lang),
    value=kept(f"bud_values_{scenario.sha256()[:8]}", default_text),
    key=f"bud_values_{scenario.sha256()[:8]}",
    on_change=remember,
    args=(f"bud_values_{scenario.sha256()[:8]}",),
    help=t("budget.values_help", lang, today=fmt_value(today, "nok", lang)),
)
budgets: list[float] | None
try:
    budgets = analyses.parse_budgets(budgets_text)
except ValueError as exc:
    budgets = None
    st.error(t("budget.err_values", lang, bad=str(exc)), icon=":material/error:")

c_reps, c_seed = st.columns(2)
with c_reps:
    reps = ui.replications_input("bud", 100, 500, "budget.reps_help", lang)
with c_seed:
    seed = ui.seed_input("bud", state.DEFAULT_SEED, lang)

target_metric, threshold, from_year, confidence, share_metric = ui.target_inputs(
    "budget", "bud", analyses.BUDGET_TARGET_METRICS, lang, first_year, last_year, 0.2, 180.0
)

problems = []
if threshold < 0 or (share_metric and threshold > 1):
    problems.append(t("budget.err_threshold", lang))
if not first_year <= from_year <= last_year:
    problems.append(t("budget.err_from_year", lang, first=first_year, last=last_year))
for p in problems:
    st.error(p, icon=":material/error:")
if budgets is None or problems:
    st.stop()
assert budgets is not None

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
    st.info(t("budget.press_run", lang, n=len(budgets), reps=reps), icon=":material/info:")
    st.stop()

ui.cached_note("bud_run", lang)
caption = run_caption([scenario.name], seed, reps, lang, hashes=[scenario.sha256()])

# ---------------------------------------------------------------- the answer
st.header(t("budget.answer", lang))
target_text = f"{kpi_label(target_metric, lang)} ≤ {fmt_value(threshold, kpi_kind(target_metric), lang)}"
best = None
if verdict.verdict == "cheapest":
    row = next(r for r in verdict.rows if r[analyses.BUDGET_PATH] == verdict.value)
    best = {"budget": float(verdict.value), "share": float(row["share_meeting_targets"])}
    st.success(
        t(
            "budget.cheapest",
            lang,
            budget=fmt_value(best["budget"], "nok", lang),
            target=target_text,
            year=from_year,
            share=fmt_percent(best["share"], lang, 0),
            conf=fmt_percent(confidence, lang, 0),
        )
        + " "
        + t(
            "budget.interval",
            lang,
            low=fmt_percent(row["share_low"], lang, 0),
            high=fmt_percent(row["share_high"], lang, 0),
            n=row["replications"],
        ),
        icon=":material/check_circle:",
    )
    if best["budget"] == min(budgets) and best["budget"] > 0:
        st.caption(t("budget.lowest_note", lang))
elif verdict.verdict == "none":
    top = float(frame["share_meeting_targets"].max())
    st.warning(
        t(
            "budget.not_reached",
            lang,
            target=target_text,
            year=from_year,
            conf=fmt_percent(confidence, lang, 0),
            best=fmt_percent(top, lang, 0),
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
st.caption(t("budget.share_note", lang))

# ---------------------------------------------------------------- curves
st.header(t("budget.curves", lang))
x_title = t("budget.x", lang)
mark = best["budget"] if best is not None else None
for kpi in analyses.BUDGET_KPIS:
    if kpi not in frame:
        continue
    kind = kpi_kind(kpi)
    ui.chart(
        charts.sweep_curve(
            frame,
            analyses.BUDGET_PATH,
            kpi,
            title=t("budget.curve_title", lang, kpi=kpi_label(kpi, lang)),
            x_title=x_title,
            y_title=kpi_label(kpi, lang),
            caption=caption,
            separators=SEP,
            percent=kind == "share",
            y_tickformat=",.0f" if kind == "nok" else None,
            mark_x=mark,
            mark_label=t("budget.mark", lang),
        ),
        f"bud_ch_{kpi}",
    )

# ---------------------------------------------------------------- table and export
st.header(t("budget.table", lang))
rows = []
for _, r in frame.iterrows():
    row = {t("budget.x", lang): fmt_value(float(r[analyses.BUDGET_PATH]), "nok", lang)}
    for kpi in analyses.BUDGET_KPIS:
        if kpi in frame:
            row[kpi_label(kpi, lang)] = fmt_value(float(r[kpi]), kpi_kind(kpi), lang)
    row[t("budget.share_col", lang)] = (
        f"{fmt_percent(float(r['share_meeting_targets']), lang, 0)} "
        f"({fmt_percent(float(r['share_low']), lang, 0)}–{fmt_percent(float(r['share_high']), lang, 0)})"
    )
    rows.append(row)
st.dataframe(rows, hide_index=True, width="stretch", key="bud_table")
st.caption(caption)
ui.csv_download(
    t("export.sweep_csv", lang),
    frame,
    f"boligflyt_budget_{scenario.name}_seed{seed}_reps{reps}.csv",
    "bud_dl_csv",
)
