"""Plotly figure builders: pure functions from result DataFrames to figures.

The input is the long form of :meth:`sim.Aggregate.series_frame` with a ``scenario``
column added (columns ``scenario, metric, group, period, mean, ci95_low, ci95_high``;
group ``"all"`` holds totals). Builders take every text (titles, labels, the caption) as
arguments, so they know nothing about languages and can be tested on small frames.

Colours are the Okabe-Ito palette, distinguishable with the common forms of colour
blindness; bands are the same colour, translucent. Every figure carries its caption (the
scenario names, seed and replications) inside the figure, so an exported PNG or a
screenshot stays traceable.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

#: Okabe & Ito (2008), "Color Universal Design": safe for colour-blind viewers
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
#: bar hatching for the second, third ... round through the palette
PATTERNS: tuple[str, ...] = ("", "/", ".", "x", "\\", "+")
#: neutral colour for context (other groups, reference lines)
GREY = "#7F7F7F"
FONT_SIZE = 14
HEIGHT = 430

#: reference levels of municipal dwellings per 1000 inhabitants (FACTS.md, KOSTRA 2015)
DWELLINGS_PER_1000_REFERENCES: dict[str, float] = {"akershus": 13.4, "norway": 19.4}

#: start loans granted per 1000 inhabitants in Rælingen (FACTS.md 6.1-6.2, KOSTRA)
KOSTRA_START_LOANS_PER_1000: dict[int, float] = {
    2010: 2.4,
    2011: 1.9,
    2012: 1.9,
    2013: 1.4,
    2014: 1.1,
    2015: 0.7,
}

SERIES_COLUMNS = ("scenario", "metric", "group", "period", "mean", "ci95_low", "ci95_high")


def colour(i: int) -> str:
    """The i-th palette colour (cycling)."""
    return PALETTE[i % len(PALETTE)]


def rgba(hex_colour: str, alpha: float) -> str:
    """``#RRGGBB`` with an alpha as a plotly ``rgba(...)`` string."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def scenario_order(df: pd.DataFrame) -> list[str]:
    """Scenario names in order of first appearance (the reference first)."""
    return list(dict.fromkeys(df["scenario"].tolist())) if "scenario" in df else []


def _layout(
    fig: go.Figure,
    *,
    title: str,
    x_title: str = "",
    y_title: str = "",
    caption: str = "",
    separators: str = ".,",
    percent: bool = False,
    height: int = HEIGHT,
) -> go.Figure:
    """Common layout: title, axis titles, legend on top, caption under the plot."""
    fig.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left"},
        template="plotly_white",
        font={"size": FONT_SIZE},
        separators=separators,
        height=height,
        margin={"l": 70, "r": 30, "t": 90, "b": 110 if caption else 60},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0.0, "xanchor": "left"},
        hovermode="x unified",
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title, rangemode="tozero")
    if percent:
        fig.update_yaxes(tickformat=".0%")
    if caption:
        fig.add_annotation(
            text=caption,
            xref="paper",
            yref="paper",
            x=0.0,
            y=-0.22,
            yanchor="top",
            xanchor="left",
            showarrow=False,
            font={"size": FONT_SIZE - 2, "color": "#444444"},
            align="left",
        )
    return fig


def _select(df: pd.DataFrame, metric: str, group: str = "all") -> pd.DataFrame:
    return df[(df["metric"] == metric) & (df["group"] == group)].sort_values(["scenario", "period"])


def band_chart(
    df: pd.DataFrame,
    metric: str,
    *,
    title: str,
    y_title: str = "",
    x_title: str = "",
    caption: str = "",
    group: str = "all",
    separators: str = ".,",
    percent: bool = False,
    reference_lines: Sequence[tuple[float, str]] = (),
    y_tickformat: str | None = None,
    history: Mapping[int, float] | None = None,
    history_label: str = "",
) -> go.Figure:
    """One line per scenario (the mean) with its 95 % band, optionally with reference lines.

    Parameters
    ----------
    df:
        Long series frame with a ``scenario`` column.
    metric, group:
        Which series to draw.
    reference_lines:
        ``(value, label)`` pairs drawn as dashed horizontal lines.
    y_tickformat:
        A d3 format for the y axis (``",.0f"`` for kroner instead of ``600k``).
    history, history_label:
        Observed values before the scenario starts (e.g. KOSTRA), drawn as black dots.
    """
    fig = go.Figure()
    sub = _select(df, metric, group)
    hover = "%{y:.1%}" if percent else "%{y:,.1f}"
    for i, name in enumerate(scenario_order(df)):
        s = sub[sub["scenario"] == name]
        if s.empty:
            continue
        c = colour(i)
        x = list(s["period"])
        fig.add_trace(
            go.Scatter(
                x=x + x[::-1],
                y=list(s["ci95_high"]) + list(s["ci95_low"])[::-1],
                fill="toself",
                fillcolor=rgba(c, 0.18),
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
                legendgroup=name,
                name=f"{name} 95 %",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=x,
                y=list(s["mean"]),
                mode="lines",
                line={"color": c, "width": 2.5, "dash": ("solid", "dash", "dot", "dashdot")[i % 4]},
                name=name,
                legendgroup=name,
                hovertemplate=hover,
            )
        )
    if history:
        fig.add_trace(
            go.Scatter(
                x=list(history),
                y=list(history.values()),
                mode="lines+markers",
                line={"color": "#000000", "width": 1.5, "dash": "dot"},
                marker={"size": 8, "symbol": "diamond"},
                name=history_label,
                hovertemplate="%{y:,.1f}",
            )
        )
    for j, (value, label) in enumerate(reference_lines):
        fig.add_hline(
            y=value,
            line={"color": GREY if j % 2 == 0 else "#000000", "dash": "dash", "width": 1.5},
            annotation_text=label,
            annotation_position="top left",
        )
    out = _layout(
        fig,
        title=title,
        x_title=x_title,
        y_title=y_title,
        caption=caption,
        separators=separators,
        percent=percent,
    )
    if y_tickformat:
        out.update_yaxes(tickformat=y_tickformat)
    return out


def yearly_bars(
    df: pd.DataFrame,
    metric: str,
    *,
    title: str,
    y_title: str = "",
    x_title: str = "",
    caption: str = "",
    group: str = "all",
    separators: str = ".,",
    percent: bool = False,
) -> go.Figure:
    """Grouped bars per year (one colour per scenario) with 95 % error bars."""
    fig = go.Figure()
    sub = _select(df, metric, group)
    for i, name in enumerate(scenario_order(df)):
        s = sub[sub["scenario"] == name]
        if s.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=list(s["period"]),
                y=list(s["mean"]),
                name=name,
                marker={"color": colour(i)},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": list((s["ci95_high"] - s["mean"]).clip(lower=0)),
                    "arrayminus": list((s["mean"] - s["ci95_low"]).clip(lower=0)),
                    "thickness": 1.2,
                    "color": "#333333",
                },
                hovertemplate="%{y:.1%}" if percent else "%{y:,.1f}",
            )
        )
    fig.update_layout(barmode="group")
    return _layout(
        fig,
        title=title,
        x_title=x_title,
        y_title=y_title,
        caption=caption,
        separators=separators,
        percent=percent,
    )


def group_totals(
    df: pd.DataFrame,
    metric: str,
    *,
    title: str,
    value_title: str = "",
    caption: str = "",
    highlight: Sequence[str] = (),
    group_labels: Mapping[str, str] | None = None,
    separators: str = ".,",
) -> go.Figure:
    """Totals over the horizon by target group (sum of yearly means) as horizontal bars.

    One bar per scenario and group. Groups in ``highlight`` (families with children,
    youth: the red-light goal) come first, in full colour with an outline and a ★; the
    other groups are drawn faint.
    """
    labels = dict(group_labels or {})
    sub = df[(df["metric"] == metric) & (df["group"] != "all")]
    totals = sub.groupby(["scenario", "group"], sort=False)["mean"].sum(min_count=1).reset_index()
    first_seen = list(dict.fromkeys(sub["group"].tolist()))
    groups = sorted(first_seen, key=lambda g: (g not in highlight, first_seen.index(g)))
    names = [("★ " if g in highlight else "") + labels.get(g, g) for g in groups]
    n_scen = max(1, len(scenario_order(df)))
    fig = go.Figure()
    for i, name in enumerate(scenario_order(df)):
        s = totals[totals["scenario"] == name].set_index("group")
        xs = [float(s["mean"].get(g, float("nan"))) for g in groups]
        fig.add_trace(
            go.Bar(
                y=names,
                x=xs,
                orientation="h",
                name=name,
                marker={
                    "color": colour(i),
                    "opacity": [1.0 if g in highlight else 0.45 for g in groups],
                    "line": {
                        "color": "#000000",
                        "width": [2 if g in highlight else 0 for g in groups],
                    },
                },
                hovertemplate="%{y}: %{x:,.0f}<extra>" + name + "</extra>",
            )
        )
    fig.update_layout(barmode="group")
    out = _layout(
        fig,
        title=title,
        x_title=value_title,
        caption=caption,
        separators=separators,
        height=max(HEIGHT, 200 + 26 * len(groups) * n_scen),
    )
    out.update_yaxes(autorange="reversed", rangemode="normal", title_text="")
    out.update_xaxes(rangemode="tozero")
    out.update_layout(hovermode="closest", margin={"l": 250})
    return out


def stacked_by_route(
    df: pd.DataFrame,
    routes: Sequence[str],
    *,
    title: str,
    y_title: str = "",
    caption: str = "",
    route_labels: Mapping[str, str] | None = None,
    metric_prefix: str = "exits_",
    separators: str = ".,",
) -> go.Figure:
    """Yearly flows stacked by route (exits, or cost lines with ``metric_prefix="cost_"``),
    one panel per scenario with a shared y axis; negative values stack below zero.

    Routes that are zero in every scenario and year are left out. Past the eight palette
    colours, bars get a hatch pattern so no two routes look the same.
    """
    labels = dict(route_labels or {})
    names = scenario_order(df)
    means = df[df["metric"].isin([f"{metric_prefix}{r}" for r in routes])]
    nonzero = set(means.loc[means["mean"].abs() > 0, "metric"])
    routes = [r for r in routes if f"{metric_prefix}{r}" in nonzero]
    fig = make_subplots(
        rows=1,
        cols=max(1, len(names)),
        shared_yaxes=True,
        subplot_titles=names,
        horizontal_spacing=0.03,
    )
    for col, name in enumerate(names, start=1):
        for j, route in enumerate(routes):
            s = _select(df[df["scenario"] == name], f"{metric_prefix}{route}")
            if s.empty:
                continue
            fig.add_trace(
                go.Bar(
                    x=list(s["period"]),
                    y=list(s["mean"]),
                    name=labels.get(route, route),
                    marker={
                        "color": colour(j),
                        "pattern": {"shape": PATTERNS[(j // len(PALETTE)) % len(PATTERNS)]},
                    },
                    legendgroup=route,
                    showlegend=col == 1,
                    hovertemplate="%{y:,.1f}",
                ),
                row=1,
                col=col,
            )
    fig.update_layout(barmode="relative")  # stacks, with negative lines (income) below zero
    out = _layout(fig, title=title, caption=caption, separators=separators, height=500)
    out.update_yaxes(title_text="")
    out.update_yaxes(title_text=y_title, row=1, col=1)
    out.update_layout(
        legend={"orientation": "v", "x": 1.01, "y": 1.0, "xanchor": "left", "yanchor": "top"},
        margin={"r": 190},
    )
    return out


# ---------------------------------------------------------------- housing careers
#: node ids of the career diagram, left to right
CAREER_NODES: tuple[str, ...] = (
    "new_applications",
    "reapplications",
    "decision",
    "rejected",
    "pending_end",
    "list_at_start",
    "waiting_list",
    "withdrawn",
    "refused_offer",
    "own_solution",
    "waiting_end",
    "tenants_at_start",
    "tenancy",
    "lease_end",
    "moved",
    "death_or_institution",
    "eviction",
    "tenant_end",
    "evicted_reapplies",
    "evicted_gone",
)


#: colour of each kind of career node: where households come from, the stages they pass,
#: the stock at the start or end of the period, the exits, and eviction (the round-dance)
CAREER_KIND_COLOURS: dict[str, str] = {
    "in": "#56B4E9",
    "stage": "#0072B2",
    "stock": "#BBBBBB",
    "exit": "#009E73",
    "eviction": "#D55E00",
}
CAREER_KINDS: dict[str, str] = {
    "new_applications": "in",
    "reapplications": "in",
    "decision": "stage",
    "waiting_list": "stage",
    "tenancy": "stage",
    "list_at_start": "stock",
    "tenants_at_start": "stock",
    "pending_end": "stock",
    "waiting_end": "stock",
    "tenant_end": "stock",
    "eviction": "eviction",
    "evicted_reapplies": "eviction",
    "evicted_gone": "eviction",
}


def career_links(
    careers: Mapping[str, float],
    replications: int,
    *,
    waiting_at_end: float | None = None,
    tenants_at_end: float | None = None,
) -> pd.DataFrame:
    """Links ``source, target, value`` (mean per replication) of the housing-career diagram.

    ``careers`` is :attr:`sim.Aggregate.careers`: counts summed over replications of
    events keyed ``arrival, acute, approved, temporary, tenancy, eviction, reapplication,
    exit:<route>``. Keys of the form ``"from->to"`` are taken as links directly (for a
    future transition count from the model). Otherwise the diagram is built from the
    event counts: the stock at the start (households already waiting, sitting tenants)
    and at the end (still waiting, still tenant) balance each stage, using the
    ``waiting_at_end`` and ``tenants_at_end`` levels when given.
    """
    n = max(1, int(replications))
    direct = {k: v for k, v in careers.items() if "->" in k}
    if direct:
        rows = [(*k.split("->", 1), v / n) for k, v in direct.items()]
        return pd.DataFrame(rows, columns=["source", "target", "value"])

    def c(key: str) -> float:
        return float(careers.get(key, 0.0)) / n

    rows: list[tuple[str, str, float]] = []

    def link(a: str, b: str, v: float) -> None:
        if v > 1e-9:
            rows.append((a, b, v))

    arrivals, reapps = c("arrival"), c("reapplication")
    approved, rejected = c("approved"), c("exit:rejected")
    link("new_applications", "decision", arrivals)
    link("reapplications", "decision", reapps)
    link("decision", "rejected", rejected)
    link("decision", "waiting_list", approved)
    link("decision", "pending_end", arrivals + reapps - rejected - approved)

    housed = c("tenancy")
    left_list = {
        "withdrawn": c("exit:withdrawn"),
        "refused_offer": c("exit:refused_offer"),
        "own_solution": c("exit:own_solution"),
    }
    out_of_list = housed + sum(left_list.values())
    still_waiting = max(0.0, waiting_at_end) if waiting_at_end is not None else 0.0
    link("list_at_start", "waiting_list", max(0.0, out_of_list + still_waiting - approved))
    link("waiting_list", "tenancy", housed)
    for route, v in left_list.items():
        link("waiting_list", route, v)
    link(
        "waiting_list",
        "waiting_end",
        still_waiting if waiting_at_end is not None else max(0.0, approved - out_of_list),
    )

    ended = {
        "lease_end": c("exit:lease_end"),
        "moved": c("exit:moved"),
        "death_or_institution": c("exit:death_or_institution"),
        "eviction": c("eviction"),
    }
    out_of_tenancy = sum(ended.values())
    still_tenant = max(0.0, tenants_at_end) if tenants_at_end is not None else 0.0
    link("tenants_at_start", "tenancy", max(0.0, out_of_tenancy + still_tenant - housed))
    for route, v in ended.items():
        link("tenancy", route, v)
    link(
        "tenancy",
        "tenant_end",
        still_tenant if tenants_at_end is not None else max(0.0, housed - out_of_tenancy),
    )
    link("eviction", "evicted_reapplies", reapps)
    link("eviction", "evicted_gone", max(0.0, ended["eviction"] - reapps))
    return pd.DataFrame(rows, columns=["source", "target", "value"])


def sankey(
    links: pd.DataFrame,
    *,
    title: str,
    node_labels: Mapping[str, str] | None = None,
    caption: str = "",
    separators: str = ".,",
) -> go.Figure:
    """A Sankey diagram of ``source, target, value`` links; ``node_labels`` names the nodes."""
    labels = dict(node_labels or {})
    nodes = list(dict.fromkeys([*links["source"].tolist(), *links["target"].tolist()]))
    index = {node: i for i, node in enumerate(nodes)}
    node_colours = [
        CAREER_KIND_COLOURS[CAREER_KINDS[nd]] if nd in CAREER_KINDS else CAREER_KIND_COLOURS["exit"]
        for nd in nodes
    ]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.0f",
            node={
                "label": [labels.get(nd, nd) for nd in nodes],
                "color": node_colours,
                "pad": 14,
                "thickness": 16,
                "line": {"color": "#333333", "width": 0.5},
            },
            link={
                "source": [index[s] for s in links["source"]],
                "target": [index[t] for t in links["target"]],
                "value": links["value"].tolist(),
                "color": [rgba(node_colours[index[t]], 0.35) for t in links["target"]],
            },
        )
    )
    out = _layout(fig, title=title, caption=caption, separators=separators, height=560)
    out.update_layout(hovermode="closest")
    return out


def empty_figure(message: str, *, title: str = "") -> go.Figure:
    """A blank figure with a message (for a metric a run does not have)."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, title=title, height=240)


# ---------------------------------------------------------------- analysis pages
def sweep_curve(
    df: pd.DataFrame,
    x: str,
    kpi: str,
    *,
    title: str,
    x_title: str = "",
    y_title: str = "",
    caption: str = "",
    separators: str = ".,",
    percent: bool = False,
    x_tickformat: str | None = ",.0f",
    y_tickformat: str | None = None,
    mark_x: float | None = None,
    mark_label: str = "",
) -> go.Figure:
    """A KPI's mean against a swept parameter with its 95 % band (a sweep's rows).

    ``df`` has the columns ``x``, ``kpi``, ``<kpi>_ci95_low`` and ``<kpi>_ci95_high``, one
    row per value; ``mark_x`` draws a dashed vertical line (e.g. the cheapest budget
    meeting a target, or today's budget).
    """
    s = df.sort_values(x)
    xs = [float(v) for v in s[x]]
    lo = s[f"{kpi}_ci95_low"].fillna(s[kpi])
    hi = s[f"{kpi}_ci95_high"].fillna(s[kpi])
    c = colour(0)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=xs + xs[::-1],
            y=list(hi) + list(lo)[::-1],
            fill="toself",
            fillcolor=rgba(c, 0.18),
            line={"width": 0},
            hoverinfo="skip",
            showlegend=False,
            name="95 %",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=list(s[kpi]),
            mode="lines+markers",
            line={"color": c, "width": 2.5},
            marker={"size": 8},
            name=y_title or kpi,
            showlegend=False,
            hovertemplate="%{y:.1%}" if percent else "%{y:,.1f}",
        )
    )
    if mark_x is not None:
        fig.add_vline(
            x=mark_x,
            line={"color": colour(5), "dash": "dash", "width": 2},
            annotation_text=mark_label,
            annotation_position="top right",
        )
    _layout(
        fig,
        title=title,
        x_title=x_title,
        y_title=y_title,
        caption=caption,
        separators=separators,
        percent=percent,
    )
    fig.update_layout(hovermode="closest")
    if x_tickformat:
        fig.update_xaxes(tickformat=x_tickformat)
    if y_tickformat and not percent:
        fig.update_yaxes(tickformat=y_tickformat)
    return fig


def additions_bars(
    plan: pd.DataFrame,
    *,
    title: str,
    y_title: str = "",
    x_title: str = "",
    caption: str = "",
    type_labels: Mapping[str, str] | None = None,
    years: Sequence[int] | None = None,
    separators: str = ".,",
) -> go.Figure:
    """Dwellings added per year, stacked by dwelling type (rows ``year, dwelling_type, count``).

    ``years`` sets the x axis (so years without additions show as gaps, not missing).
    """
    labels = dict(type_labels or {})
    fig = go.Figure()
    totals = plan.groupby(["dwelling_type", "year"], sort=False)["count"].sum().reset_index()
    xs = list(years) if years is not None else sorted(set(totals["year"]))
    for i, t in enumerate(dict.fromkeys(totals["dwelling_type"])):
        by_year = dict(
            zip(
                totals.loc[totals["dwelling_type"] == t, "year"],
                totals.loc[totals["dwelling_type"] == t, "count"],
                strict=True,
            )
        )
        fig.add_trace(
            go.Bar(
                x=xs,
                y=[by_year.get(y, 0) for y in xs],
                name=labels.get(t, t),
                marker={"color": colour(i), "pattern": {"shape": PATTERNS[i % len(PATTERNS)]}},
                hovertemplate="%{y:,.0f}",
            )
        )
    fig.update_layout(barmode="stack")
    _layout(fig, title=title, x_title=x_title, y_title=y_title, caption=caption, separators=separators)
    fig.update_xaxes(dtick=1)
    return fig


def service_level_bars(
    years: pd.DataFrame,
    confidence: float | None,
    *,
    title: str,
    y_title: str = "",
    met_label: str = "met",
    missed_label: str = "not met",
    confidence_label: str = "",
    caption: str = "",
    separators: str = ".,",
) -> go.Figure:
    """Per year the share of replications meeting the targets (rows ``year, share, met``).

    Met years are blue, missed years vermillion and hatched; the required confidence, if any,
    is a dashed line.
    """
    fig = go.Figure()
    for met, label, c, pattern in ((True, met_label, colour(0), ""), (False, missed_label, colour(5), "/")):
        s = years[years["met"] == met]
        fig.add_trace(
            go.Bar(
                x=list(s["year"]),
                y=list(s["share"]),
                name=label,
                marker={"color": c, "pattern": {"shape": pattern}},
                hovertemplate="%{y:.0%}",
            )
        )
    if confidence is not None:
        fig.add_hline(
            y=confidence,
            line={"color": "#000000", "dash": "dash", "width": 1.5},
            annotation_text=confidence_label,
            annotation_position="top left",
        )
    _layout(fig, title=title, y_title=y_title, caption=caption, separators=separators, percent=True)
    fig.update_yaxes(range=[0, 1.05])
    fig.update_xaxes(dtick=1)
    return fig


def effect_bars(
    effects: pd.DataFrame,
    *,
    title: str,
    x_title: str = "",
    caption: str = "",
    separators: str = ".,",
    x_tickformat: str | None = None,
) -> go.Figure:
    """Paired differences to the reference with their 95 % intervals, one bar per row.

    ``effects`` has the columns ``label, diff_mean, diff_ci95_low, diff_ci95_high``
    (rows in display order); bars are horizontal so long KPI names stay readable.
    """
    e = effects.iloc[::-1]
    mean = e["diff_mean"].astype(float)
    fig = go.Figure(
        go.Bar(
            x=list(mean),
            y=list(e["label"]),
            orientation="h",
            marker={"color": [colour(0) if v <= 0 else colour(5) for v in mean.fillna(0)]},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": list((e["diff_ci95_high"] - mean).fillna(0)),
                "arrayminus": list((mean - e["diff_ci95_low"]).fillna(0)),
                "color": "#000000",
            },
            hovertemplate="%{x:,.1f}",
        )
    )
    fig.add_vline(x=0, line={"color": GREY, "width": 1})
    _layout(
        fig,
        title=title,
        x_title=x_title,
        caption=caption,
        separators=separators,
        height=max(HEIGHT, 90 + 45 * len(e) + 110),
    )
    fig.update_layout(hovermode="closest", showlegend=False, margin={"l": 30})
    fig.update_yaxes(rangemode="normal", automargin=True)
    if x_tickformat:
        fig.update_xaxes(tickformat=x_tickformat)
    # the KPI names push the plot right: align the caption with the plot's right edge
    for a in fig.layout.annotations:
        if a.text == caption:
            a.update(x=1.0, xanchor="right", align="right")
    return fig
