"""Compare: two to six scenarios on common random numbers, KPIs with paired differences, charts."""

from __future__ import annotations

from typing import Any

import streamlit as st

import sim
from dashboard import charts, export, metrics, municipality, state, ui
from dashboard.i18n import fmt_number, has, md, t
from dashboard.problems import problem_line
from dashboard.tables import display_kpi_table, kpi_comparison_frame, run_caption, series_long
from dashboard.ui import kept, remember

lang = state.lang()
STYLE = ui.chart_style(lang)


def label(prefix: str, name: str) -> str:
    """A translated label for a group or career node (a placeholder, never the identifier)."""
    key = f"{prefix}.{name}"
    return t(key, lang) if has(key, lang) else t("label.other", lang)


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
    t("compare.scenarios", lang, n=state.MAX_SCENARIOS),
    names,
    default=[n for n in kept("cmp_sel", default_sel) if n in names][: state.MAX_SCENARIOS],
    max_selections=state.MAX_SCENARIOS,
    key="cmp_sel",
    on_change=remember,
    args=("cmp_sel",),
    help=t("compare.scenarios_help", lang),
    placeholder=t("compare.pick_placeholder", lang),
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
missing = sum(r is None for r in run_results)
if missing:
    st.info(
        t("compare.press_run" if missing > 1 else "compare.press_run_one", lang, n=missing),
        icon=":material/info:",
    )
    st.stop()

results: dict[str, Any] = dict(zip(order, run_results, strict=True))
ui.cached_note("cmp_run", lang)
hashes = {n: available[n].sha256() for n in order}
caption = run_caption(order, seed, reps, lang, hashes=[hashes[n] for n in order])
start, end = scenarios[0].start_date.year, scenarios[0].end_date.year

# ---------------------------------------------------------------- KPI table
st.header(t("compare.kpis", lang, start=start, end=end))
numeric = kpi_comparison_frame(results, reference)
show_all = st.toggle(t("compare.all_kpis", lang), key="cmp_all_kpis")
text, marks = display_kpi_table(numeric, lang, start, end, headline_only=not show_all)
ui.kpi_table(text, marks)
st.caption(t("compare.kpi_legend", lang) + " " + caption)

# ---------------------------------------------------------------- charts
yearly = series_long(results, "yearly")
monthly = series_long(results, "monthly")
st.header(t("compare.charts", lang))
figures: list[Any] = []


def show(fig: Any, key: str) -> None:
    """Draw a chart and keep it for the HTML summary."""
    figures.append(fig)
    ui.chart(fig, key)


def band(frame: Any, metric: str, title_key: str, key: str, **kw: Any) -> None:
    """A band chart of one metric, titled from the texts, its axis from the metric's unit."""
    show(
        charts.band_chart(
            frame,
            metric,
            title=t(title_key, lang),
            y_title=metrics.axis_title(metric, lang, monthly=frame is monthly),
            caption=caption,
            style=STYLE,
            percent=metrics.kind(metric) == "share",
            scale=metrics.unit(metric).scale,
            **kw,
        ),
        key,
    )


band(monthly, "waiting_list_mean", "chart.waiting_list.title", "ch_waiting")
band(yearly, "p_wait_over_6_months", "chart.p_wait.title", "ch_pwait", bars=True)

st.subheader(t("compare.homeless", lang))
highlight = highlighted_groups(scenarios[0])
groups_present = sorted(set(yearly.loc[yearly["group"] != "all", "group"]))
band(yearly, "temp_nights_families_youth", "chart.red_light.title", "ch_red_light")
show(
    charts.group_totals(
        yearly,
        "temp_nights",
        title=t("chart.temp_by_group.title", lang, start=start, end=end),
        value_title=metrics.horizon_title("temp_nights", lang, start, end),
        caption=run_caption(order, seed, reps, lang, interval=False, hashes=[hashes[n] for n in order]),
        highlight=highlight,
        group_labels={g: label("group", g) for g in groups_present},
        style=STYLE,
    ),
    "ch_temp_groups",
)
band(yearly, "homeless_mean", "chart.homeless.title", "ch_homeless")
pathways = ui.pathway_figure(yearly, caption, lang)
if pathways is not None:
    show(pathways, "ch_pathways")

st.subheader(t("compare.stock", lang))
ref_scenario = available[reference]
refs = municipality.benchmark_lines(ref_scenario, "dwellings_per_1000", lang)
band(yearly, "dwellings_per_1000", "chart.per_1000.title", "ch_per_1000", reference_lines=refs)
present = set(yearly["metric"].unique())
if "start_loans_per_1000" in present:
    band(
        yearly,
        "start_loans_per_1000",
        "chart.start_loans.title",
        "ch_start_loans",
        history=municipality.observed(ref_scenario, "start_loans_per_1000"),
        history_label=t("chart.start_loans.kostra", lang, place=municipality.place(ref_scenario)),
    )

st.subheader(t("compare.exits", lang))
routes = [m for m in yearly["metric"].unique() if m.startswith("exits_") and m != "exits_total"]
show(
    charts.stacked_bars(
        yearly,
        routes,
        title=t("chart.exits.title", lang),
        y_title=metrics.axis_title("exits_total", lang),
        caption=caption,
        labels={r: metrics.short(r, lang) for r in routes},
        style=STYLE,
    ),
    "ch_exits",
)

st.subheader(t("compare.costs", lang))
band(yearly, "temp_cost_nok", "chart.temp_cost.title", "ch_temp_cost")
cost_lines = metrics.cost_lines(yearly["metric"].unique())
if cost_lines:
    totals = []
    for name, res in results.items():
        summary = res.aggregate.kpi_summary()
        total = summary.get("cost_municipal_budget_nok", {}).get("mean")
        present_value = summary.get("cost_municipal_npv_nok", {}).get("mean")
        if total is not None:
            totals.append(
                t(
                    "chart.costs.total_of",
                    lang,
                    name=name,
                    total=metrics.value(total, "cost_municipal_budget_nok", lang),
                    pv=metrics.value(present_value, "cost_municipal_npv_nok", lang),
                )
            )
    show(
        charts.stacked_bars(
            yearly,
            cost_lines,
            title=t("chart.costs.title", lang),
            y_title=metrics.axis_title(cost_lines[0], lang),
            caption=caption + ("<br>" + "; ".join(totals) if totals else ""),
            labels={c: metrics.short(c, lang) for c in cost_lines},
            style=STYLE,
            scale=metrics.unit(cost_lines[0]).scale,
        ),
        "ch_costs",
    )

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
show(
    charts.sankey(
        links,
        title=t("chart.careers.title", lang, start=start, end=end),
        node_labels={n: label("node", n) for n in charts.CAREER_NODES},
        caption=run_caption([career_of], seed, reps, lang, interval=False, hashes=[hashes[career_of]]),
        style=STYLE,
    ),
    "ch_careers",
)
per_run = {k: v / max(1, res.replications) for k, v in res.aggregate.careers.items()}
st.caption(
    t(
        "compare.careers_note",
        lang,
        temp=fmt_number(per_run.get("temporary", 0.0), lang, 0),
        evicted=fmt_number(per_run.get("eviction", 0.0), lang, 0),
        again=fmt_number(per_run.get("reapplication", 0.0), lang, 0),
    )
)

# ---------------------------------------------------------------- downloads
st.header(t("compare.export", lang))
stamp = f"boligflyt_{t('export.file_seed', lang)}{seed}_{t('export.file_reps', lang)}{reps}"
group_labels = {g: label("group", g) for g in groups_present} | {"all": t("group.all", lang)}
meta = [
    (t("export.meta_scenarios", lang), ", ".join(order)),
    (t("export.meta_reference", lang), reference),
    (t("export.meta_seed", lang), str(seed)),
    (t("export.meta_reps", lang), str(reps)),
    (t("export.meta_version", lang), sim.__version__),
    *((t("export.meta_hash", lang, name=n), r.scenario.sha256()) for n, r in results.items()),
]
d1, d2, d3, d4 = st.columns(4)
with d1:
    ui.csv_download(
        t("export.kpi_csv", lang),
        lambda: export.kpi_table(numeric, lang, start, end),
        f"{stamp}_{t('export.file_kpis', lang)}.csv",
        "dl_kpi_csv",
        lang,
    )
with d2:
    ui.csv_download(
        t("export.yearly_csv", lang),
        lambda: export.series_table(yearly, lang, group_labels),
        f"{stamp}_{t('export.file_yearly', lang)}.csv",
        "dl_yearly_csv",
        lang,
    )
with d3:
    st.download_button(
        t("export.excel", lang),
        data=lambda: export.excel_bytes(
            export.kpi_table(numeric, lang, start, end),
            {n: export.series_table(yearly[yearly["scenario"] == n], lang, group_labels) for n in order},
            meta,
            lang,
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
            meta=meta,
            table=text,
            marks=marks,
            figures=figures,
            note=t("compare.kpi_legend", lang),
            lang=lang,
        ),
        file_name=f"{stamp}_{t('export.file_summary', lang)}.html",
        mime="text/html",
        key="dl_html",
        icon=":material/description:",
    )
st.caption(t("export.png_hint", lang))
