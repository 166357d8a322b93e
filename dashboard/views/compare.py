"""Compare: two to four scenarios on common random numbers, KPIs with paired differences, charts."""

from __future__ import annotations

from typing import Any

import streamlit as st

import sim
from dashboard import charts, export, municipality, state, ui
from dashboard.i18n import fmt_number, fmt_value, has, md, plotly_separators, t
from dashboard.problems import problem_line
from dashboard.tables import (
    display_kpi_table,
    kpi_comparison_frame,
    run_caption,
    series_long,
)
from dashboard.ui import kept, remember
from sim.catalog import BUDGET_LINES

lang = state.lang()
SEP = plotly_separators(lang)


def label(prefix: str, name: str) -> str:
    """A translated label for a group, route or career node (or the raw name, readable)."""
    key = f"{prefix}.{name}"
    return t(key, lang) if has(key, lang) else name.replace("_", " ")


def highlighted_groups(scenario: sim.Scenario) -> list[str]:
    """Groups of the red-light goal: youth, and groups that are mostly families with children."""
    return [g for g, spec in scenario.groups.items() if spec.youth or spec.children_share >= 0.5]


# ---------------------------------------------------------------- choices
st.title(t("compare.title", lang))
st.markdown(md("compare", lang))

available, load_errors = state.available_scenarios()
for stem, problems in load_errors.items():
    st.warning(t("compare.file_invalid", lang, name=stem), icon=":material/warning:")
    st.code("\n".join(problem_line(p, lang) for p in problems), language=None, wrap_lines=True)
names = list(available)
if not names:
    st.error(t("compare.none", lang, folder=str(state.scenarios_dir())))
    st.stop()

home = state.home() if state.home() in names else state.BASELINE
default_sel = [n for n in names if n == home][:1] or names[:1]
drafts = [n for n in names if n.startswith(state.DRAFT_PREFIX)]
if drafts and default_sel and available[drafts[0]].sha256() != available[default_sel[0]].sha256():
    default_sel.append(drafts[0])
selected = st.multiselect(
    t("compare.scenarios", lang),
    names,
    default=[n for n in kept("cmp_sel", default_sel) if n in names][: state.MAX_SCENARIOS],
    max_selections=state.MAX_SCENARIOS,
    key="cmp_sel",
    on_change=remember,
    args=("cmp_sel",),
    help=t("compare.scenarios_help", lang),
)
if len(names) < 2:
    st.info(t("compare.only_one", lang), icon=":material/info:")
if not selected:
    st.info(t("compare.pick_one", lang), icon=":material/info:")
    st.stop()

c_ref, c_reps, c_seed = st.columns([2, 1, 1])
with c_ref:
    ref_default = kept("cmp_ref", selected[0])
    reference = st.selectbox(
        t("compare.reference", lang),
        selected,
        index=selected.index(ref_default) if ref_default in selected else 0,
        key="cmp_ref",
        on_change=remember,
        args=("cmp_ref",),
        help=t("compare.reference_help", lang),
    )
with c_reps:
    reps = ui.replications_input("cmp", state.DEFAULT_REPLICATIONS, 1000, "compare.replications_help", lang)
with c_seed:
    seed = ui.seed_input("cmp", state.DEFAULT_SEED, lang)

order = [reference] + [n for n in selected if n != reference]
scenarios = [available[n] for n in order]
run_results = ui.run_button(scenarios, seed, reps, lang, key="cmp_run", label="compare.run")
if any(r is None for r in run_results):
    st.info(t("compare.press_run", lang, n=sum(r is None for r in run_results)), icon=":material/info:")
    st.stop()

results: dict[str, Any] = dict(zip(order, run_results, strict=True))
ui.cached_note("cmp_run", lang)
hashes = {n: available[n].sha256() for n in order}
caption = run_caption(order, seed, reps, lang, hashes=[hashes[n] for n in order])

# ---------------------------------------------------------------- KPI table
st.header(t("compare.kpis", lang))
numeric = kpi_comparison_frame(results, reference)
show_all = st.toggle(t("compare.all_kpis", lang), key="cmp_all_kpis")
text, flags = display_kpi_table(numeric, lang, headline_only=not show_all)
# a static table: every row visible, long cells wrap (reads on a projector and in a print)
styler = text.style.apply(
    lambda col: ["background-color: #d6eaf8; font-weight: bold" if f else "" for f in flags[col.name]],
    axis=0,
).hide(axis="index")
st.table(styler)
st.caption(t("compare.kpi_legend", lang) + " " + caption)

# ---------------------------------------------------------------- exports
yearly = series_long(results, "yearly")
monthly = series_long(results, "monthly")
info = {
    "scenarios": ", ".join(order),
    "reference": reference,
    "seed": seed,
    "replications": reps,
    "version": sim.__version__,
    **{f"sha256 {n}": r.scenario.sha256() for n, r in results.items()},
}

# ---------------------------------------------------------------- charts
st.header(t("compare.charts", lang))
figures: list[Any] = []


def show(fig: Any, key: str) -> None:
    """Draw a chart and keep it for the HTML summary."""
    figures.append(fig)
    ui.chart(fig, key)


show(
    charts.band_chart(
        monthly,
        "waiting_list_mean",
        title=t("chart.waiting_list.title", lang),
        y_title=t("chart.waiting_list.y", lang),
        caption=caption,
        separators=SEP,
    ),
    "ch_waiting",
)
show(
    charts.yearly_bars(
        yearly,
        "p_wait_over_6_months",
        title=t("chart.p_wait.title", lang),
        y_title=t("chart.p_wait.y", lang),
        caption=caption,
        separators=SEP,
        percent=True,
    ),
    "ch_pwait",
)

st.subheader(t("compare.homeless", lang))
highlight = highlighted_groups(scenarios[0])
groups_present = sorted(set(yearly.loc[yearly["group"] != "all", "group"]))
show(
    charts.band_chart(
        yearly,
        "temp_nights_families_youth",
        title=t("chart.red_light.title", lang),
        y_title=t("chart.red_light.y", lang),
        caption=caption,
        separators=SEP,
    ),
    "ch_red_light",
)
show(
    charts.group_totals(
        yearly,
        "temp_nights",
        title=t("chart.temp_by_group.title", lang),
        value_title=t("chart.temp_by_group.y", lang),
        caption=run_caption(order, seed, reps, lang, interval=False, hashes=[hashes[n] for n in order]),
        highlight=highlight,
        group_labels={g: label("group", g) for g in groups_present},
        separators=SEP,
    ),
    "ch_temp_groups",
)
show(
    charts.band_chart(
        yearly,
        "homeless_mean",
        title=t("chart.homeless.title", lang),
        y_title=t("chart.homeless.y", lang),
        caption=caption,
        separators=SEP,
    ),
    "ch_homeless",
)

st.subheader(t("compare.stock", lang))
ref_scenario = available[reference]
refs = municipality.benchmark_lines(ref_scenario, "dwellings_per_1000", lang)
show(
    charts.band_chart(
        yearly,
        "dwellings_per_1000",
        title=t("chart.per_1000.title", lang),
        y_title=t("chart.per_1000.y", lang),
        caption=caption,
        separators=SEP,
        reference_lines=refs,
    ),
    "ch_per_1000",
)
metrics = set(yearly["metric"].unique())
if "start_loans_per_1000" in metrics:
    show(
        charts.band_chart(
            yearly,
            "start_loans_per_1000",
            title=t("chart.start_loans.title", lang),
            y_title=t("chart.start_loans.y", lang),
            caption=caption,
            separators=SEP,
            history=municipality.observed(ref_scenario, "start_loans_per_1000"),
            history_label=t("chart.start_loans.kostra", lang, place=municipality.place(ref_scenario)),
        ),
        "ch_start_loans",
    )
else:
    st.info(t("compare.start_loans_placeholder", lang), icon=":material/construction:")

st.subheader(t("compare.exits", lang))
routes = [  # in the model's order of routes
    m.removeprefix("exits_")
    for m in yearly["metric"].unique()
    if m.startswith("exits_") and m != "exits_total"
]
show(
    charts.stacked_by_route(
        yearly,
        routes,
        title=t("chart.exits.title", lang),
        y_title=t("chart.exits.y", lang),
        caption=caption,
        route_labels={r: label("route", r) for r in routes},
        separators=SEP,
    ),
    "ch_exits",
)

st.subheader(t("compare.costs", lang))
show(
    charts.band_chart(
        yearly,
        "temp_cost_nok",
        title=t("chart.temp_cost.title", lang),
        y_title=t("chart.temp_cost.y", lang),
        caption=caption,
        separators=SEP,
        y_tickformat=",.0f",
    ),
    "ch_temp_cost",
)
# the budget lines only: totals and ratios are not stacked with the lines they sum
present = set(yearly["metric"].unique())
cost_lines = [f"{line}_nok" for line in BUDGET_LINES if f"cost_{line}_nok" in present]
if cost_lines:
    totals = []
    for name, res in results.items():
        total = res.aggregate.kpi_summary().get("cost_municipal_npv_nok", {}).get("mean")
        if total is not None:
            totals.append(f"{name}: {fmt_value(total, 'nok', lang)}")
    show(
        charts.stacked_by_route(
            yearly,
            cost_lines,
            title=t("chart.costs.title", lang),
            y_title=t("chart.costs.y", lang),
            caption=caption
            + (f"<br>{t('chart.costs.discounted', lang)}: " + "; ".join(totals) if totals else ""),
            route_labels={c: label("cost", c.removesuffix("_nok")) for c in cost_lines},
            metric_prefix="cost_",
            separators=SEP,
        ),
        "ch_costs",
    )
else:
    st.info(t("compare.costs_placeholder", lang), icon=":material/construction:")

st.subheader(t("compare.careers", lang))
career_of = st.selectbox(t("compare.career_scenario", lang), order, key="cmp_career")
res = results[career_of]
kpis_of = res.aggregate.kpi_summary()
mon = res.aggregate.series_frame("monthly")


def last(metric: str) -> float | None:
    """The last monthly mean of a metric of the chosen run."""
    s = mon[(mon["metric"] == metric) & (mon["group"] == "all")]
    return None if s.empty else float(s["mean"].iloc[-1])


occ, stock = last("occupancy_rate"), last("municipal_dwellings")
links = charts.career_links(
    res.aggregate.careers,
    res.replications,
    waiting_at_end=kpis_of.get("waiting_list_end", {}).get("mean"),
    tenants_at_end=occ * stock if occ is not None and stock is not None else None,
)
career_caption = run_caption([career_of], seed, reps, lang, interval=False, hashes=[hashes[career_of]])
show(
    charts.sankey(
        links,
        title=t("chart.careers.title", lang),
        node_labels={n: label("node", n) for n in charts.CAREER_NODES},
        caption=career_caption,
        separators=SEP,
    ),
    "ch_careers",
)
temp_households = res.aggregate.careers.get("temporary", 0.0) / max(1, res.replications)
st.caption(t("compare.careers_note", lang, temp=fmt_number(temp_households, lang, 0)))

# ---------------------------------------------------------------- downloads
st.header(t("compare.export", lang))
stamp = f"boligflyt_seed{seed}_reps{reps}"
d1, d2, d3, d4 = st.columns(4)
with d1:
    ui.csv_download(t("export.kpi_csv", lang), numeric, f"{stamp}_kpis.csv", "dl_kpi_csv")
with d2:
    ui.csv_download(t("export.yearly_csv", lang), yearly, f"{stamp}_yearly.csv", "dl_yearly_csv")
with d3:
    st.download_button(
        t("export.excel", lang),
        data=lambda: export.excel_bytes(
            numeric, {n: r.aggregate.series_frame("yearly") for n, r in results.items()}, info
        ),
        file_name=f"{stamp}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dl_excel",
        icon=":material/grid_on:",
    )
with d4:
    st.download_button(
        t("export.html", lang),
        data=lambda: export.summary_html(
            title=t("export.html_title", lang),
            meta=[
                (t("export.meta_scenarios", lang), ", ".join(order)),
                (t("export.meta_reference", lang), reference),
                (t("export.meta_seed", lang), str(seed)),
                (t("export.meta_reps", lang), str(reps)),
                (t("export.meta_version", lang), sim.__version__),
            ],
            table=text,
            flags=flags,
            figures=figures,
            note=t("compare.kpi_legend", lang),
            lang=lang,
        ),
        file_name=f"{stamp}_summary.html",
        mime="text/html",
        key="dl_html",
        icon=":material/description:",
    )
st.caption(t("export.png_hint", lang))
