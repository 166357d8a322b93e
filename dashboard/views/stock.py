"""Stock to 2040: the smallest plan of additions meeting a service target every year.

Runs :func:`sim.analysis.size_stock` (one level kept above the scenario's plan, found on
common random numbers with replications added until the total is settled) and shows the
plan by dwelling type with its range, what it changes in the municipality's accounts line by
line (so the value of dwellings at the horizon is explained on the page), dwellings per 1000
against the scenario as given, and the share of futures meeting the target each year.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import sim
from dashboard import analyses, charts, metrics, municipality, state, ui
from dashboard.i18n import fmt_number, fmt_percent, fmt_value, has, t
from dashboard.tables import run_caption, series_long
from dashboard.ui import kept, remember

lang = state.lang()
STYLE = ui.chart_style(lang)
INSTRUMENTS = ("purchase", "lease", "care_build", "tilvisning")
#: replications of the plan's run against the scenario as given (the per-1000 chart)
RUN_REPS = 20


def label(prefix: str, name: str) -> str:
    """A translated label (a placeholder, never the identifier)."""
    key = f"{prefix}.{name}"
    return t(key, lang) if has(key, lang) else t("label.other", lang)


def planned_scenario(result: Any) -> sim.Scenario:
    """The scenario with the plan's additions (the same name in every language, so its
    runs are cached once)."""
    data = dict(result.scenario_data)
    data["name"] = f"{scenario.name}_plan"[:40]
    return sim.scenario_from_dict(data, file="<size-stock>")


def pills(
    label_key: str, options: list[str], default: list[str], key: str, prefix: str, help_key: str
) -> list[str]:
    """A multiple choice shown as pills: every option readable, none cut off."""
    chosen = st.pills(
        t(label_key, lang),
        options,
        selection_mode="multi",
        default=[x for x in kept(key, default) if x in options],
        format_func=lambda n: label(prefix, n),
        key=key,
        on_change=remember,
        args=(key,),
        help=t(help_key, lang),
    )
    return list(chosen or [])


st.title(t("stock.title", lang))
st.markdown(t("stock.intro", lang))

sc_name, scenario = ui.pick_scenario("stk", lang)
first_year, last_year = scenario.start_date.year, scenario.end_date.year
all_types = list(scenario.dwelling_types)

target_metric, threshold, from_year, confidence = ui.target_inputs(
    "stock",
    "stk",
    analyses.SIZING_TARGET_METRICS,
    lang,
    first_year,
    last_year,
    {"p_wait_over_6_months": 0.10, "mean_wait_days": 120.0, "hospits_nights": 2000.0},
)

st.subheader(t("stock.means", lang))
types = pills("stock.types", all_types, all_types, f"stk_types_{sc_name}", "dwelling", "stock.types_help")
instruments = pills(
    "stock.instruments",
    list(INSTRUMENTS),
    ["purchase", "care_build"],
    "stk_instr",
    "instrument",
    "stock.instruments_help",
)
n1, n2, n3, n4 = st.columns(4)
with n1:
    max_per_year = ui.int_input(
        t("stock.max_per_year", lang),
        "stk_max",
        10,
        min_value=0,
        max_value=500,
        help=t("stock.max_per_year_help", lang),
    )
with n2:
    lead = ui.int_input(
        t("stock.lead", lang), "stk_lead", 1, min_value=0, max_value=5, help=t("stock.lead_help", lang)
    )
with n3:
    reps = ui.replications_input("stk", 256, 1000, "stock.reps_help", lang)
with n4:
    seed = ui.seed_input("stk", state.DEFAULT_SEED, lang)

problems = []
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
if problems or threshold is None:
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
planned = planned_scenario(result)
planned_label = f"{scenario.name} + {t('stock.plan_suffix', lang)}"
runs = state.run_scenarios([scenario, planned], seed, RUN_REPS)  # cached: runs only if evicted
diffs = sim.paired_differences(runs[0].aggregate, runs[1].aggregate)
kpis_plan = runs[1].aggregate.kpi_summary()
kpis_base = runs[0].aggregate.kpi_summary()

# ---------------------------------------------------------------- headline
st.header(t("stock.result", lang))
years = pd.DataFrame(result.years)
n_met = int(years["met"].sum()) if not years.empty else 0
total_added = int(sum(result.additions_by_year.values()))


def mean(kpis: dict[str, Any], kpi: str) -> float | None:
    return (kpis.get(kpi) or {}).get("mean")


def change(kpi: str) -> float | None:
    return (diffs.get(kpi) or {}).get("mean")


k1, k2, k3, k4 = [*st.columns(2), *st.columns(2)]  # two rows: readable at 1280 px
with k1:
    st.metric(
        t("stock.total_added", lang),
        f"{fmt_number(total_added, lang, 0)} {t('stock.dwellings_unit', lang)}",
        border=True,
    )
    st.caption(
        t("stock.years_met", lang, met=n_met, n=len(years), start=from_year, end=last_year)
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
    per, dper = mean(kpis_plan, "dwellings_per_1000"), change("dwellings_per_1000")
    st.metric(
        t("stock.per_1000", lang, end=last_year),
        fmt_value(per, "rate", lang),
        delta=fmt_value(dper, "rate", lang, sign=True) if dper is not None else None,
        delta_color="off",
        border=True,
    )
    st.caption(
        t("stock.per_1000_base", lang, base=fmt_value(mean(kpis_base, "dwellings_per_1000"), "rate", lang))
    )
with k3:
    dcost = change("cost_municipal_budget_nok")
    st.metric(
        t("stock.cost_municipal", lang, start=first_year, end=last_year),
        fmt_value(dcost, "nok", lang, sign=True),
        border=True,
        help=metrics.doc("cost_municipal_budget_nok", lang),
    )
    st.caption(
        t(
            "stock.cost_total",
            lang,
            total=fmt_value(mean(kpis_plan, "cost_municipal_budget_nok"), "nok", lang),
        )
    )
with k4:
    dpv = change("cost_municipal_npv_nok")
    st.metric(
        t("stock.cost_pv", lang, start=first_year),
        fmt_value(dpv, "nok", lang, sign=True),
        border=True,
        help=metrics.doc("cost_municipal_npv_nok", lang),
    )
    st.caption(
        t("stock.cost_state", lang, change=fmt_value(change("cost_state_npv_nok"), "nok", lang, sign=True))
    )

# what moves the costs: the budget lines that changed, biggest first, and the value of the
# dwellings at the horizon (deducted in the present value)
lines = [c for c in metrics.cost_lines(diffs) if abs(change(c) or 0.0) >= 0.5]
lines.sort(key=lambda c: -abs(change(c) or 0.0))
residual = change("residual_value_npv_nok")
if total_added > 0 and residual is not None and residual > 0:
    st.info(
        t(
            "stock.cost_explained",
            lang,
            n=total_added,
            residual=fmt_value(residual, "nok", lang),
            end=last_year,
            pv=fmt_value(dpv, "nok", lang, sign=True),
            budget=fmt_value(dcost, "nok", lang, sign=True),
        ),
        icon=":material/info:",
    )
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
# the years missed, by why: out of reach at this yearly limit (left out of the search), at
# the target with the ramp already full up to them, or missed for another reason
unreachable = [int(y) for y in result.unreachable_years]
missed_years = [int(y) for y in years.loc[~years["met"], "year"]] if not years.empty else []
at_ramp = [y for y in missed_years if y in result.ramp_limited_years and y not in unreachable]
other = [y for y in missed_years if y not in unreachable and y not in at_ramp]
if unreachable:
    st.warning(
        t(
            "stock.unreachable",
            lang,
            years=", ".join(str(y) for y in unreachable),
            max=result.max_per_year,
            first=first_year,
        ),
        icon=":material/block:",
    )
if at_ramp:
    years_text = ", ".join(str(y) for y in at_ramp)
    st.info(t("stock.at_ramp", lang, years=years_text, max=result.max_per_year), icon=":material/info:")
if other:
    st.warning(t("stock.missed", lang, years=", ".join(str(y) for y in other)), icon=":material/warning:")
meeting = [a for a in result.type_advice if a["meets_all"]]
if unreachable and meeting:
    st.info(
        t(
            "stock.advice",
            lang,
            years=", ".join(str(y) for y in unreachable),
            count=meeting[0]["added"],
            types=" / ".join(label("dwelling", a["type"]) for a in meeting),
            first=meeting[0]["decided"],
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
        style=STYLE,
    ),
    "stk_ch_plan",
)
if plan.empty and n_met == len(years):
    st.info(t("stock.nothing_needed", lang), icon=":material/info:")
elif plan.empty:
    st.info(t("stock.nothing_helps", lang), icon=":material/info:")
if lines:
    effects = pd.DataFrame(
        {
            "label": [metrics.short(c, lang) for c in lines],
            "diff_mean": [change(c) for c in lines],
            "diff_ci95_low": [diffs[c]["ci95"][0] for c in lines],
            "diff_ci95_high": [diffs[c]["ci95"][1] for c in lines],
        }
    )
    ui.chart(
        charts.effect_bars(
            effects,
            title=t("stock.chart_cost_lines", lang, start=first_year, end=last_year),
            x_title=t("stock.chart_cost_lines_x", lang),
            caption=run_caption(
                [scenario.name, planned_label], seed, reps, lang, hashes=[scenario.sha256(), planned.sha256()]
            ),
            style=STYLE,
            scale=1e6,
        ),
        "stk_ch_cost_lines",
    )
target_text = (
    f"{metrics.label(target_metric, lang)} ≤ {metrics.value(threshold, target_metric, lang, with_unit=True)}"
)
if not years.empty:
    ui.chart(
        charts.service_level_bars(
            years,
            None,  # the target is on the mean over futures: no required share
            title=t("stock.chart_service", lang, target=target_text),
            y_title=t("stock.chart_service_y", lang),
            met_label=t("stock.met", lang),
            missed_label=t("stock.missed_label", lang),
            caption=run_caption(
                [scenario.name], seed, result.replications, lang, interval=False, hashes=[scenario.sha256()]
            ),
            style=STYLE,
        ),
        "stk_ch_service",
    )

per_1000 = series_long({scenario.name: runs[0], planned_label: runs[1]}, "yearly")
refs = municipality.benchmark_lines(scenario, "dwellings_per_1000", lang)
ui.chart(
    charts.band_chart(
        per_1000,
        "dwellings_per_1000",
        title=t("stock.chart_per_1000", lang),
        y_title=metrics.axis_title("dwellings_per_1000", lang),
        caption=run_caption(
            [scenario.name, planned_label], seed, RUN_REPS, lang, hashes=[scenario.sha256(), planned.sha256()]
        ),
        style=STYLE,
        reference_lines=refs,
    ),
    "stk_ch_per_1000",
)

# ---------------------------------------------------------------- tables and export
st.header(t("stock.table", lang))
target_col = f"{metrics.label(target_metric, lang)} ({metrics.axis_title(target_metric, lang)})"


def year_rows(for_people: bool) -> pd.DataFrame:
    """The plan year by year: formatted for the page, or as numbers for a download."""
    out = []
    for _, r in years.iterrows():
        value = float(r[target]) if target in r else None
        share = float(r["share"])
        out.append(
            {
                t("stock.col_year", lang): int(r["year"]),
                t("stock.col_added", lang): int(r["added"])
                if for_people
                else fmt_number(float(r["added"]), lang, 0),
                t("stock.col_share", lang): 100 * share if for_people else fmt_percent(share, lang, 0),
                t("stock.col_met", lang): t("export.yes" if r["met"] else "export.no", lang),
                t("stock.col_dwellings", lang): float(r["dwellings"])
                if for_people
                else fmt_number(float(r["dwellings"]), lang, 0),
                metrics.label("dwellings_per_1000", lang): float(r["dwellings_per_1000"])
                if for_people
                else fmt_number(float(r["dwellings_per_1000"]), lang, 1),
                target_col: value if for_people else metrics.value(value, target_metric, lang),
            }
        )
    return pd.DataFrame(out)


st.table(year_rows(False).astype(str).style.hide(axis="index"))
st.caption(caption)


def plan_rows() -> pd.DataFrame:
    """The plan's additions for people."""
    return pd.DataFrame(
        {
            t("stock.col_year", lang): plan["year"],
            t("stock.col_type", lang): [label("dwelling", d) for d in plan["dwelling_type"]],
            t("stock.col_instrument", lang): [label("instrument", i) for i in plan["instrument"]],
            t("stock.col_count", lang): plan["count"],
        }
    )


d1, d2 = st.columns(2)
with d1:
    ui.csv_download(
        t("stock.dl_plan", lang),
        plan_rows,
        f"boligflyt_{t('export.file_plan', lang)}_{scenario.name}.csv",
        "stk_dl_plan",
        lang,
    )
with d2:
    ui.csv_download(
        t("stock.dl_years", lang),
        lambda: year_rows(True),
        f"boligflyt_{t('export.file_years', lang)}_{scenario.name}.csv",
        "stk_dl_years",
        lang,
    )
