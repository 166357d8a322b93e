"""Stock to 2040: the smallest plan of additions meeting a service target every year.

Runs :func:`sim.analysis.size_stock` (one level kept above the scenario's plan, found on
common random numbers with replications added until the total is settled) and shows the
plan by dwelling type with its range, its cost, dwellings per 1000 against the scenario as
given, and the share of futures meeting the target each year.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import sim
from dashboard import analyses, charts, state, ui
from dashboard.i18n import fmt_number, fmt_percent, fmt_value, has, plotly_separators, t
from dashboard.tables import kpi_kind, kpi_label, run_caption, series_long
from dashboard.ui import kept, remember

lang = state.lang()
SEP = plotly_separators(lang)
INSTRUMENTS = ("purchase", "lease", "care_build", "tilvisning")
#: replications of the plan's run against the scenario as given (the per-1000 chart)
RUN_REPS = 20


def label(prefix: str, name: str) -> str:
    """A translated label (or the raw name, readable)."""
    key = f"{prefix}.{name}"
    return t(key, lang) if has(key, lang) else name.replace("_", " ")


def planned_scenario(result: Any) -> sim.Scenario:
    """The scenario with the plan's additions, named for the charts."""
    data = dict(result.scenario_data)
    data["name"] = f"{scenario.name} + {t('stock.plan_suffix', lang)}"
    return sim.scenario_from_dict(data, file="<size-stock>")


st.title(t("stock.title", lang))
st.markdown(t("stock.intro", lang))

sc_name, scenario = ui.pick_scenario("stk", lang)
first_year, last_year = scenario.start_date.year, scenario.end_date.year
all_types = list(scenario.dwelling_types)

target_metric, threshold, from_year, confidence, share_metric = ui.target_inputs(
    "stock", "stk", analyses.SIZING_TARGET_METRICS, lang, first_year, last_year, 0.10, 120.0
)

st.subheader(t("stock.means", lang))
m1, m2 = st.columns(2)
with m1:
    types = st.multiselect(
        t("stock.types", lang),
        all_types,
        default=[x for x in kept(f"stk_types_{sc_name}", all_types) if x in all_types],
        format_func=lambda n: label("dwelling", n),
        key=f"stk_types_{sc_name}",
        on_change=remember,
        args=(f"stk_types_{sc_name}",),
        help=t("stock.types_help", lang),
    )
with m2:
    instruments = st.multiselect(
        t("stock.instruments", lang),
        list(INSTRUMENTS),
        default=kept("stk_instr", ["purchase", "care_build"]),
        format_func=lambda n: label("instrument", n),
        key="stk_instr",
        on_change=remember,
        args=("stk_instr",),
        help=t("stock.instruments_help", lang),
    )
n1, n2, n3, n4 = st.columns(4)
with n1:
    max_per_year = int(
        st.number_input(
            t("stock.max_per_year", lang),
            min_value=0,
            max_value=500,
            step=1,
            value=int(kept("stk_max", 10)),
            key="stk_max",
            on_change=remember,
            args=("stk_max",),
            help=t("stock.max_per_year_help", lang),
        )
    )
with n2:
    lead = int(
        st.number_input(
            t("stock.lead", lang),
            min_value=0,
            max_value=5,
            step=1,
            value=int(kept("stk_lead", 1)),
            key="stk_lead",
            on_change=remember,
            args=("stk_lead",),
            help=t("stock.lead_help", lang),
        )
    )
with n3:
    reps = ui.replications_input("stk", 256, 1000, "stock.reps_help", lang)
with n4:
    seed = ui.seed_input("stk", state.DEFAULT_SEED, lang)

problems = []
if threshold < 0 or (share_metric and threshold > 1):
    problems.append(t("budget.err_threshold", lang))
if not first_year <= from_year <= last_year:
    problems.append(t("budget.err_from_year", lang, first=first_year, last=last_year))
if not types:
    problems.append(t("stock.err_types", lang))
if not instruments:
    problems.append(t("stock.err_instruments", lang))
if max_per_year < 1:
    problems.append(t("stock.err_max", lang))
for p in problems:
    st.error(p, icon=":material/error:")
if problems:
    st.stop()

target = f"{target_metric}<={threshold:g}"
params: dict[str, Any] = {
    "targets": [target],
    "from_year": from_year,
    "certainty": confidence,  # the mean over futures meets the target; this is how sure
    "types": list(types),
    "instruments": list(instruments),
    "max_additions_per_year": max_per_year,
    "lead_years": lead,
    "replications": "auto",
    "max_replications": reps,
    "seed": seed,
}
key = analyses.sizing_key(scenario, params)
result = analyses.cached(key)


def size_stock(bar: Any) -> None:
    """Search the plan, then run it against the scenario as given (same replications)."""

    def progress(n_reps: int, level: int) -> None:
        """Move the bar as the replications grow towards the cap."""
        bar.progress(min(1.0, n_reps / max(reps, 1)), text=t("run.progress", lang, done=n_reps, total=reps))

    found = analyses.run_sizing(scenario, params, progress)
    bar.progress(1.0, text=t("stock.progress_check", lang))
    state.run_scenarios([scenario, planned_scenario(found)], seed, RUN_REPS)


ui.analysis_button(result is not None, lang, key="stk_run", label="stock.run", work=size_stock)
if result is None:
    st.info(t("stock.press_run", lang), icon=":material/info:")
    st.stop()

ui.cached_note("stk_run", lang)
caption = run_caption([scenario.name], seed, result.replications, lang, hashes=[scenario.sha256()])

# ---------------------------------------------------------------- headline
st.header(t("stock.result", lang))
years = pd.DataFrame(result.years)
n_met = int(years["met"].sum()) if not years.empty else 0
total_added = int(sum(result.additions_by_year.values()))
final = result.final


def fin(kpi: str) -> tuple[float | None, float | None]:
    """The plan's mean of a KPI and its paired difference to the scenario as given."""
    v = final.get(kpi)
    if not v:
        return None, None
    return v.get("mean"), (v.get("diff") or {}).get("mean")


k1, k2, k3, k4 = [*st.columns(2), *st.columns(2)]  # two rows: readable at 1280 px
with k1:
    st.metric(t("stock.total_added", lang), fmt_number(total_added, lang, 0), border=True)
    st.caption(
        t("stock.years_met", lang, met=n_met, n=len(years))
        + "; "
        + t(
            "stock.range",
            lang,
            low=result.total_range[0],
            high=result.total_range[1],
            cert=fmt_percent(result.certainty, lang, 0),
            reps=result.replications,
        )
    )
with k2:
    per, dper = fin("dwellings_per_1000")
    base = per - dper if per is not None and dper is not None else None
    st.metric(
        t("stock.per_1000", lang),
        fmt_value(per, "rate", lang),
        delta=fmt_value(dper, "rate", lang) if dper is not None else None,
        border=True,
    )
    st.caption(t("stock.per_1000_base", lang, base=fmt_value(base, "rate", lang)))
with k3:
    cost, dcost = fin("total_cost_nok")
    st.metric(
        t("stock.cost_municipal", lang),
        fmt_value(dcost, "nok", lang),
        border=True,
        help=t("stock.cost_help", lang),
    )
    st.caption(t("stock.cost_total", lang, total=fmt_value(cost, "nok", lang)))
with k4:
    state_cost, dstate = fin("cost_state_nok")
    st.metric(t("stock.cost_state", lang), fmt_value(dstate, "nok", lang), border=True)
    st.caption(t("stock.cost_total", lang, total=fmt_value(state_cost, "nok", lang)))
if not result.settled:
    st.warning(
        t(
            "stock.not_converged",
            lang,
            reps=result.replications,
            low=result.total_range[0],
            high=result.total_range[1],
        ),
        icon=":material/warning:",
    )
if n_met < len(years):
    missed = ", ".join(str(y) for y in years.loc[~years["met"], "year"])
    st.warning(t("stock.missed", lang, years=missed), icon=":material/warning:")
meeting = [a for a in result.type_advice if a["meets_all"]]
if result.unreachable_years and meeting:
    st.info(
        t(
            "stock.advice",
            lang,
            years=", ".join(str(y) for y in result.unreachable_years),
            count=meeting[0]["added"],
            types=" / ".join(label("dwelling", a["type"]) for a in meeting),
        ),
        icon=":material/lightbulb:",
    )

# ---------------------------------------------------------------- charts
plan = analyses.plan_frame(result)
types_shown = sorted(set(plan["dwelling_type"])) if not plan.empty else []
ui.chart(
    charts.additions_bars(
        plan,
        title=t("stock.chart_plan", lang),
        y_title=t("stock.chart_plan_y", lang),
        caption=caption,
        type_labels={n: label("dwelling", n) for n in types_shown},
        years=list(range(first_year, last_year + 1)),
        separators=SEP,
    ),
    "stk_ch_plan",
)
if plan.empty:
    st.info(t("stock.nothing_needed", lang), icon=":material/info:")
target_text = f"{kpi_label(target_metric, lang)} ≤ {fmt_value(threshold, kpi_kind(target_metric), lang)}"
if not years.empty:
    ui.chart(
        charts.service_level_bars(
            years,
            None,  # the target is on the mean over futures: no required share
            title=t(
                "stock.chart_service",
                lang,
                target=target_text,
            ),
            y_title=t("stock.chart_service_y", lang),
            met_label=t("stock.met", lang),
            missed_label=t("stock.missed_label", lang),
            caption=run_caption(
                [scenario.name], seed, result.replications, lang, interval=False, hashes=[scenario.sha256()]
            ),
            separators=SEP,
        ),
        "stk_ch_service",
    )

planned = planned_scenario(result)
runs = state.run_scenarios([scenario, planned], seed, RUN_REPS)  # cached: runs only if evicted
per_1000 = series_long({scenario.name: runs[0], planned.name: runs[1]}, "yearly")
refs = [
    (v, t(f"chart.ref.{k}", lang, value=fmt_number(v, lang, 1)))
    for k, v in charts.DWELLINGS_PER_1000_REFERENCES.items()
]
ui.chart(
    charts.band_chart(
        per_1000,
        "dwellings_per_1000",
        title=t("stock.chart_per_1000", lang),
        y_title=t("chart.per_1000.y", lang),
        caption=run_caption(
            [scenario.name, planned.name], seed, RUN_REPS, lang, hashes=[scenario.sha256(), planned.sha256()]
        ),
        separators=SEP,
        reference_lines=refs,
    ),
    "stk_ch_per_1000",
)

# ---------------------------------------------------------------- tables and export
st.header(t("stock.table", lang))
shown = []
for _, r in years.iterrows():
    shown.append(
        {
            t("stock.col_year", lang): str(int(r["year"])),
            t("stock.col_added", lang): fmt_number(float(r["added"]), lang, 0),
            t("stock.col_share", lang): fmt_percent(float(r["share"]), lang, 0),
            t("stock.col_met", lang): "✓" if r["met"] else "✗",
            t("stock.col_dwellings", lang): fmt_number(float(r["dwellings"]), lang, 0),
            kpi_label("dwellings_per_1000", lang): fmt_number(float(r["dwellings_per_1000"]), lang, 1),
            kpi_label(target_metric, lang): fmt_value(float(r[target]), kpi_kind(target_metric), lang)
            if target in r
            else "",
        }
    )
st.dataframe(shown, hide_index=True, width="stretch")
st.caption(caption)
d1, d2 = st.columns(2)
with d1:
    ui.csv_download(
        t("stock.dl_plan", lang),
        plan,
        f"boligflyt_stock_plan_{scenario.name}_seed{seed}_reps{result.replications}.csv",
        "stk_dl_plan",
    )
with d2:
    ui.csv_download(
        t("stock.dl_years", lang),
        years,
        f"boligflyt_stock_years_{scenario.name}_seed{seed}_reps{result.replications}.csv",
        "stk_dl_years",
    )
