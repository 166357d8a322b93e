"""Plotly figure builders: pure functions from result DataFrames to figures.

The input is the long form of :meth:`sim.Aggregate.series_frame` with a ``scenario``
column added (columns ``scenario, metric, group, period, mean, ci95_low, ci95_high``;
group ``"all"`` holds totals). Builders take every text (titles, labels, the caption) as
arguments and the number style as a :class:`Style`, so they know nothing about languages
and can be tested on small frames.

Numbers: values are drawn divided by ``scale`` (kroner in millions, so an axis reads
``mill. kr`` instead of ``100M``); shares are drawn in per cent with the language's suffix
(``50 %`` in bokmål); axes never use SI prefixes (``10k``); months hover as ``2027-12``.

Colours are the Okabe-Ito palette, distinguishable with the common forms of colour
blindness; bands are the same colour, translucent; text is dark grey on white (contrast
above 7:1). Every figure carries its caption (the scenario names, seed and replications)
inside the figure, so an exported PNG or a screenshot stays traceable.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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
GREY = "#6B6B6B"
#: text colours: 15:1 and 9:1 on white (WCAG asks 4.5:1)
TEXT = "#1F1F1F"
TEXT_SOFT = "#404040"
FONT_SIZE = 14
HEIGHT = 430
#: characters per caption line before it wraps (a caption must not run off the figure)
CAPTION_WIDTH = 120

# Reference levels (county, country) and a municipality's own history come from the
# scenario's calibration section (dashboard.municipality), not from here.

SERIES_COLUMNS = ("scenario", "metric", "group", "period", "mean", "ci95_low", "ci95_high")


@dataclass(frozen=True)
class Style:
    """How numbers read in a figure: plotly's ``separators`` (decimal, thousands) and what
    follows a percentage. :func:`dashboard.ui.chart_style` makes one per language."""

    separators: str = ".,"
    percent_suffix: str = "%"

    def number(self, decimals: int = 1) -> str:
        """A d3 format for hover values (thousands grouped)."""
        return f",.{decimals}f"


DEFAULT_STYLE = Style()


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


def wrap_caption(caption: str, width: int = CAPTION_WIDTH) -> str:
    """The caption broken into lines of at most ``width`` characters (``<br>`` between)."""
    lines: list[str] = []
    for part in caption.split("<br>"):
        lines.extend(textwrap.wrap(part, width, break_long_words=False, break_on_hyphens=False) or [""])
    return "<br>".join(lines)


#: pixels under the plot for the tick labels (more where years stand on end), and for an
#: axis title; a line of caption text
TICKS_PX, ROTATED_TICKS_PX, AXIS_TITLE_PX, LINE_PX = 30, 52, 26, 17
#: characters per title line
TITLE_WIDTH = 80


#: width in pixels a plot's legend can use (a page at 1280 px less the sidebar), and what a
#: legend entry takes besides its text
LEGEND_PX, ENTRY_PX, CHAR_PX = 760, 46, 7.5


def _legend_rows(fig: go.Figure, width: float = LEGEND_PX) -> int:
    """Rows a horizontal legend above the plot takes (entries wrap when they do not fit)."""
    names = [tr.name for tr in fig.data if tr.name and tr.showlegend is not False]
    if not names:
        return 1
    rows, used = 1, 0.0
    for name in dict.fromkeys(names):
        w = ENTRY_PX + CHAR_PX * len(name)
        if used and used + w > width:
            rows, used = rows + 1, 0.0
        used += w
    return rows


def _layout(
    fig: go.Figure,
    *,
    title: str,
    x_title: str = "",
    y_title: str = "",
    caption: str = "",
    style: Style = DEFAULT_STYLE,
    percent: bool = False,
    height: int = HEIGHT,
    below: int = 0,
    caption_width: int = CAPTION_WIDTH,
    rotated_ticks: bool = False,
    legend_width: float = LEGEND_PX,
) -> go.Figure:
    """Common layout: title, axis titles, legend on top, caption under the plot.

    The caption is placed in pixels under the tick labels and the axis title (plus
    ``below`` pixels, e.g. for a legend there), wrapped to ``caption_width`` characters, and
    the bottom margin grows to hold it, so it never overlaps the axis or runs off the
    figure; a long title wraps too. Percent axes show values already multiplied by 100
    (see :func:`_values`) with the style's suffix; other value axes group thousands and
    never abbreviate (no ``10k``).
    """
    text = wrap_caption(caption, caption_width) if caption else ""
    n_lines = text.count("<br>") + 1 if text else 0
    title_text = wrap_caption(title, TITLE_WIDTH)
    title_lines = title_text.count("<br>") + 1
    gap = (ROTATED_TICKS_PX if rotated_ticks else TICKS_PX) + (AXIS_TITLE_PX if x_title else 0) + below
    bottom = gap + (8 + LINE_PX * n_lines if text else 0) + 16
    top = 72 + 24 * title_lines + 26 * (_legend_rows(fig, legend_width) - 1)
    fig.update_layout(
        # the title hangs from the top of the figure, so a second line grows down into the
        # margin made for it instead of onto the legend
        title={
            "text": title_text,
            "x": 0.0,
            "xanchor": "left",
            "y": 1.0,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 14},
            "font": {"color": TEXT},
        },
        template="plotly_white",
        font={"size": FONT_SIZE, "color": TEXT},
        separators=style.separators,
        height=height + LINE_PX * max(0, n_lines - 1) + 22 * (title_lines - 1) + below,
        margin={"l": 70, "r": 30, "t": top, "b": bottom},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0.0, "xanchor": "left"},
        hovermode="x unified",
    )
    axis_font = {"color": TEXT_SOFT, "size": FONT_SIZE - 1}
    fig.update_xaxes(title_text=x_title, tickfont=axis_font, title_font={"color": TEXT}, linecolor=GREY)
    fig.update_yaxes(
        title_text=y_title,
        rangemode="tozero",
        tickfont=axis_font,
        title_font={"color": TEXT},
        tickformat=",~f",
        exponentformat="none",
        ticksuffix=style.percent_suffix if percent else "",
    )
    if text:
        fig.add_annotation(
            text=text,
            xref="paper",
            yref="paper",
            x=0.0,
            y=0.0,
            yshift=-gap - 8,
            yanchor="top",
            xanchor="left",
            showarrow=False,
            font={"size": FONT_SIZE - 2, "color": TEXT_SOFT},
            align="left",
            name="caption",
        )
    return fig


def _hover(style: Style, percent: bool, decimals: int = 1, axis: str = "y") -> str:
    """A hover template for one value (in per cent with the suffix for shares)."""
    return f"%{{{axis}:{style.number(decimals)}}}" + (style.percent_suffix if percent else "")


def _values(s: pd.Series | Sequence[float], percent: bool, scale: float) -> list[float]:
    """Values as drawn: shares in per cent, other values divided by ``scale``."""
    factor = 100.0 if percent else 1.0 / scale
    return [float(v) * factor for v in s]


def _time_axis(fig: go.Figure, x: Sequence[Any]) -> None:
    """Years as plain whole numbers; months hover as ``2027-12`` (no English month names)."""
    if len(x) and isinstance(x[0], int | float) and not isinstance(x[0], bool):
        fig.update_xaxes(tickformat="d", hoverformat="d")
    else:
        fig.update_xaxes(
            hoverformat="%Y-%m",
            tickformatstops=[
                {"dtickrange": [None, 31 * 86400000], "value": "%Y-%m-%d"},
                {"dtickrange": [31 * 86400000, 365 * 86400000], "value": "%Y-%m"},
                {"dtickrange": [365 * 86400000, None], "value": "%Y"},
            ],
        )


def _select(df: pd.DataFrame, metric: str, group: str = "all") -> pd.DataFrame:
    return df[(df["metric"] == metric) & (df["group"] == group)].sort_values(["scenario", "period"])


def _add_band(
    fig: go.Figure,
    x: Sequence[Any],
    lo: Sequence[float],
    hi: Sequence[float],
    c: str,
    *,
    group: str = "",
    name: str = "95 %",
) -> None:
    """The translucent 95 % band between ``lo`` and ``hi`` (no legend, no hover)."""
    fig.add_trace(
        go.Scatter(
            x=list(x) + list(x)[::-1],
            y=list(hi) + list(lo)[::-1],
            fill="toself",
            fillcolor=rgba(c, 0.18),
            mode="lines",
            line={"width": 0},
            hoverinfo="skip",
            showlegend=False,
            legendgroup=group or None,
            name=name,
        )
    )


def _error(lo: Sequence[float], mean: Sequence[float], hi: Sequence[float]) -> dict[str, Any]:
    """Asymmetric error bars from an interval (missing ends drawn as none)."""
    m = pd.Series(list(mean), dtype=float)
    return {
        "type": "data",
        "symmetric": False,
        "array": list((pd.Series(list(hi), dtype=float) - m).fillna(0).clip(lower=0)),
        "arrayminus": list((m - pd.Series(list(lo), dtype=float)).fillna(0).clip(lower=0)),
        "thickness": 1.2,
        "color": "#333333",
    }


def band_chart(
    df: pd.DataFrame,
    metric: str,
    *,
    title: str,
    y_title: str = "",
    x_title: str = "",
    caption: str = "",
    group: str = "all",
    style: Style = DEFAULT_STYLE,
    percent: bool = False,
    scale: float = 1.0,
    bars: bool = False,
    reference_lines: Sequence[tuple[float, str]] = (),
    history: Mapping[int, float] | None = None,
    history_label: str = "",
) -> go.Figure:
    """One line per scenario (the mean) with its 95 % band, or with ``bars`` grouped bars
    per period with 95 % error bars; optionally with reference lines and history.

    Parameters
    ----------
    df:
        Long series frame with a ``scenario`` column.
    metric, group:
        Which series to draw.
    scale:
        Values are drawn divided by this (``1e6``: kroner in millions).
    bars:
        Bars (one colour and hatch per scenario) instead of lines with bands.
    reference_lines:
        ``(value, label)`` pairs drawn as dashed horizontal lines.
    history, history_label:
        Observed values before the scenario starts (e.g. KOSTRA), drawn as black dots.
    """
    fig = go.Figure()
    sub = _select(df, metric, group)
    for i, name in enumerate(scenario_order(df)):
        s = sub[sub["scenario"] == name]
        if s.empty:
            continue
        c = colour(i)
        x = list(s["period"])
        mean = _values(s["mean"], percent, scale)
        lo, hi = _values(s["ci95_low"], percent, scale), _values(s["ci95_high"], percent, scale)
        if bars:
            fig.add_trace(
                go.Bar(
                    x=x,
                    y=mean,
                    name=name,
                    marker={"color": c, "pattern": {"shape": PATTERNS[i % len(PATTERNS)]}},
                    error_y=_error(lo, mean, hi),
                    hovertemplate=_hover(style, percent),
                )
            )
        else:
            _add_band(fig, x, lo, hi, c, group=name, name=f"{name} 95 %")
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=mean,
                    mode="lines",
                    line={"color": c, "width": 2.5, "dash": ("solid", "dash", "dot", "dashdot")[i % 4]},
                    name=name,
                    legendgroup=name,
                    hovertemplate=_hover(style, percent),
                )
            )
        _time_axis(fig, x)
    if bars:
        fig.update_layout(barmode="group")
    if history:
        fig.add_trace(
            go.Scatter(
                x=list(history),
                y=_values(list(history.values()), percent, scale),
                mode="lines+markers",
                line={"color": "#000000", "width": 1.5, "dash": "dot"},
                marker={"size": 8, "symbol": "diamond"},
                name=history_label,
                hovertemplate=_hover(style, percent),
            )
        )
    for j, (value, label) in enumerate(reference_lines):
        fig.add_hline(
            y=value,
            line={"color": GREY if j % 2 == 0 else "#000000", "dash": "dash", "width": 1.5},
            annotation_text=label,
            annotation_position="top left",
        )
    return _layout(
        fig, title=title, x_title=x_title, y_title=y_title, caption=caption, style=style, percent=percent
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
    style: Style = DEFAULT_STYLE,
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
        style=style,
        height=max(HEIGHT, 200 + 26 * len(groups) * n_scen),
        caption_width=80,
        legend_width=LEGEND_PX - 200,  # the group names take the left of the figure
    )
    out.update_yaxes(autorange="reversed", rangemode="normal", title_text="", tickformat="")
    out.update_xaxes(rangemode="tozero", tickformat=",~f")
    out.update_layout(hovermode="closest", margin={"l": 250})
    return out


def stacked_bars(
    df: pd.DataFrame,
    metrics: Sequence[str],
    *,
    title: str,
    y_title: str = "",
    caption: str = "",
    labels: Mapping[str, str] | None = None,
    style: Style = DEFAULT_STYLE,
    scale: float = 1.0,
) -> go.Figure:
    """Yearly values stacked by metric (exit routes, or a municipality's cost lines), one
    panel per scenario with a shared y axis; negative values (income) stack below zero.

    Only the ``metrics`` given are stacked: pass parts of one whole (cost *lines*, never a
    total or a ratio). Metrics that are zero in every scenario and year are left out. Past
    the eight palette colours, bars get a hatch pattern so no two look the same. The
    legend sits under the panels, every entry visible.
    """
    names_of = dict(labels or {})
    names = scenario_order(df)
    means = df[df["metric"].isin(list(metrics))]
    nonzero = set(means.loc[means["mean"].abs() > 0, "metric"])
    shown = [m for m in metrics if m in nonzero]
    fig = make_subplots(
        rows=1,
        cols=max(1, len(names)),
        shared_yaxes=True,
        subplot_titles=names,
        horizontal_spacing=0.03,
    )
    for col, name in enumerate(names, start=1):
        for j, metric in enumerate(shown):
            s = _select(df[df["scenario"] == name], metric)
            if s.empty:
                continue
            fig.add_trace(
                go.Bar(
                    x=list(s["period"]),
                    y=_values(s["mean"], False, scale),
                    name=names_of.get(metric, metric),
                    marker={
                        "color": colour(j),
                        "pattern": {"shape": PATTERNS[(j // len(PALETTE)) % len(PATTERNS)]},
                    },
                    legendgroup=metric,
                    showlegend=col == 1,
                    hovertemplate=_hover(style, False),
                ),
                row=1,
                col=col,
            )
            fig.update_xaxes(tickformat="d", hoverformat="d", row=1, col=col)
    fig.update_layout(barmode="relative")  # stacks, with negative lines (income) below zero
    per_row = 2
    legend_rows = -(-len(shown) // per_row)
    legend_px = 32 * legend_rows + 24  # a legend row is about 30 px at this font size
    out = _layout(fig, title=title, caption=caption, style=style, height=480, below=legend_px)
    out.update_yaxes(title_text="")
    out.update_yaxes(title_text=y_title, row=1, col=1)
    # the legend under the panels, two entries a row, every entry readable; the plot
    # area's height in pixels turns the pixel gap into plotly's paper units
    m = out.layout.margin
    plot_px = out.layout.height - m.t - m.b
    out.update_layout(
        legend={
            "orientation": "h",
            "x": 0.0,
            "y": -(TICKS_PX + 6) / plot_px,
            "xanchor": "left",
            "yanchor": "top",
            "entrywidth": 0.9 / per_row,
            "entrywidthmode": "fraction",
        },
    )
    return out


# ---------------------------------------------------------------- housing careers
#: node ids of the career diagram with their column (0 to 1), top to bottom in a column.
#: Households leave a tenancy into the last column; evicted households who apply again
#: come back in on the left ("reapplications"), so the round-dance needs no extra column.
CAREER_COLUMNS: dict[str, float] = {
    "new_applications": 0.001,
    "reapplications": 0.001,
    "decision": 0.2,
    "list_at_start": 0.2,
    "waiting_list": 0.4,
    "rejected": 0.4,
    "pending_end": 0.4,
    "tenants_at_start": 0.4,
    "tenancy": 0.62,
    "withdrawn": 0.62,
    "refused_offer": 0.62,
    "own_solution": 0.62,
    "waiting_end": 0.62,
    "tenant_end": 0.999,
    "lease_end": 0.999,
    "moved": 0.999,
    "death_or_institution": 0.999,
    "eviction": 0.999,
}
CAREER_NODES: tuple[str, ...] = tuple(CAREER_COLUMNS)
#: the part of the height a column's nodes share: the last column keeps to the upper part,
#: so its labels (drawn to the left of its nodes) stay clear of the waiting list's exits
CAREER_SPANS: dict[float, tuple[float, float]] = {0.999: (0.0, 0.66), 0.62: (0.0, 1.0)}


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

    def stage(
        source: str, start: str, end: str, inflow: float, outflows: Mapping[str, float], at_end: float | None
    ) -> None:
        """One stage balanced: what comes in (plus the stock at the start) goes out or stays."""
        out = sum(outflows.values())
        staying = max(0.0, at_end) if at_end is not None else max(0.0, inflow - out)
        link(start, source, max(0.0, out + staying - inflow))
        for target, v in outflows.items():
            link(source, target, v)
        link(source, end, staying)

    arrivals, reapps = c("arrival"), c("reapplication")
    approved, rejected = c("approved"), c("exit:rejected")
    link("new_applications", "decision", arrivals)
    link("reapplications", "decision", reapps)
    link("decision", "rejected", rejected)
    link("decision", "waiting_list", approved)
    link("decision", "pending_end", arrivals + reapps - rejected - approved)

    housed = c("tenancy")
    left_list = {
        "tenancy": housed,
        "withdrawn": c("exit:withdrawn"),
        "refused_offer": c("exit:refused_offer"),
        "own_solution": c("exit:own_solution"),
    }
    stage("waiting_list", "list_at_start", "waiting_end", approved, left_list, waiting_at_end)
    ended = {
        "lease_end": c("exit:lease_end"),
        "moved": c("exit:moved"),
        "death_or_institution": c("exit:death_or_institution"),
        "eviction": c("eviction"),
    }
    stage("tenancy", "tenants_at_start", "tenant_end", housed, ended, tenants_at_end)
    return pd.DataFrame(rows, columns=["source", "target", "value"])


def _node_positions(nodes: Sequence[str], values: Mapping[str, float]) -> tuple[list[float], list[float]]:
    """Node positions that keep labels apart: each node in its column of
    :data:`CAREER_COLUMNS`, in that order from the top, sized by its flow, with a gap
    between nodes, within the column's span (:data:`CAREER_SPANS`)."""
    by_col: dict[float, list[str]] = {}
    for nd in sorted(nodes, key=list(CAREER_COLUMNS).index):
        by_col.setdefault(CAREER_COLUMNS[nd], []).append(nd)
    pos: dict[str, tuple[float, float]] = {}
    gap = 0.07
    for col, members in by_col.items():
        top, bottom = CAREER_SPANS.get(col, (0.0, 1.0))
        room = max(0.05, bottom - top - gap * (len(members) - 1))
        total = sum(values.get(nd, 0.0) for nd in members) or 1.0
        y = top
        for nd in members:
            h = room * values.get(nd, 0.0) / total
            pos[nd] = (col, min(0.999, max(0.001, y + h / 2)))
            y += h + gap
    return [pos[nd][0] for nd in nodes], [pos[nd][1] for nd in nodes]


def sankey(
    links: pd.DataFrame,
    *,
    title: str,
    node_labels: Mapping[str, str] | None = None,
    caption: str = "",
    style: Style = DEFAULT_STYLE,
) -> go.Figure:
    """A Sankey diagram of ``source, target, value`` links; ``node_labels`` names the nodes.

    Nodes of the career diagram get fixed places (columns left to right, spread top to
    bottom with gaps), so their labels do not overlap.
    """
    labels = dict(node_labels or {})
    nodes = list(dict.fromkeys([*links["source"].tolist(), *links["target"].tolist()]))
    index = {node: i for i, node in enumerate(nodes)}
    node_colours = [
        CAREER_KIND_COLOURS[CAREER_KINDS[nd]] if nd in CAREER_KINDS else CAREER_KIND_COLOURS["exit"]
        for nd in nodes
    ]
    size = {
        nd: max(
            links.loc[links["source"] == nd, "value"].sum(), links.loc[links["target"] == nd, "value"].sum()
        )
        for nd in nodes
    }
    node: dict[str, Any] = {
        "label": [labels.get(nd, nd) for nd in nodes],
        "color": node_colours,
        "pad": 22,
        "thickness": 16,
        "line": {"color": "#333333", "width": 0.5},
    }
    if all(nd in CAREER_COLUMNS for nd in nodes):
        node["x"], node["y"] = _node_positions(nodes, size)
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.0f",
            node=node,
            textfont={"color": TEXT, "size": FONT_SIZE - 1},
            link={
                "source": [index[s] for s in links["source"]],
                "target": [index[t] for t in links["target"]],
                "value": links["value"].tolist(),
                "color": [rgba(node_colours[index[t]], 0.35) for t in links["target"]],
            },
        )
    )
    out = _layout(fig, title=title, caption=caption, style=style, height=680)
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
    style: Style = DEFAULT_STYLE,
    percent: bool = False,
    x_scale: float = 1.0,
    scale: float = 1.0,
    marks: Sequence[tuple[float, str]] = (),
    required: tuple[float, str] | None = None,
) -> go.Figure:
    """A value against a swept parameter with its 95 % band (a sweep's rows).

    ``df`` has the columns ``x``, ``kpi``, ``<kpi>_ci95_low`` and ``<kpi>_ci95_high``, one
    row per value; ``x`` is drawn divided by ``x_scale`` and the values by ``scale``.
    ``marks`` are ``(x, label)`` dashed vertical lines (today's budget, the cheapest
    meeting a target); ``required`` a dashed horizontal line (the confidence asked for).
    """
    s = df.sort_values(x)
    xs = [float(v) / x_scale for v in s[x]]
    lo = s[f"{kpi}_ci95_low"].fillna(s[kpi])
    hi = s[f"{kpi}_ci95_high"].fillna(s[kpi])
    c = colour(0)
    fig = go.Figure()
    _add_band(fig, xs, _values(lo, percent, scale), _values(hi, percent, scale), c)
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=_values(s[kpi], percent, scale),
            mode="lines+markers",
            line={"color": c, "width": 2.5},
            marker={"size": 8},
            name=y_title or title,
            showlegend=False,
            hovertemplate=_hover(style, percent),
        )
    )
    for j, (mx, label) in enumerate(marks):
        fig.add_vline(
            x=float(mx) / x_scale,
            line={"color": (GREY, colour(5))[j % 2], "dash": ("dot", "dash")[j % 2], "width": 2},
            annotation_text=label,
            annotation_position=("top left", "top right")[j % 2],
        )
    if required is not None:
        fig.add_hline(
            y=_values([required[0]], percent, 1.0)[0],
            line={"color": "#000000", "dash": "dash", "width": 1.5},
            annotation_text=required[1],
            annotation_position="bottom right",
        )
    _layout(fig, title=title, x_title=x_title, y_title=y_title, caption=caption, style=style, percent=percent)
    fig.update_layout(hovermode="closest")
    fig.update_xaxes(tickformat=",~f")
    if percent:
        fig.update_yaxes(range=[0, 105])
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
    style: Style = DEFAULT_STYLE,
) -> go.Figure:
    """Dwellings added per year, stacked by dwelling type (rows ``year, dwelling_type, count``).

    ``years`` sets the x axis (so years without additions show as gaps, not missing).
    """
    labels = dict(type_labels or {})
    fig = go.Figure()
    totals = plan.groupby(["dwelling_type", "year"], sort=False)["count"].sum().reset_index()
    xs = list(years) if years is not None else sorted(set(totals["year"]))
    for i, t in enumerate(dict.fromkeys(totals["dwelling_type"])):
        mine = totals[totals["dwelling_type"] == t]
        by_year = dict(zip(mine["year"], mine["count"], strict=True))
        fig.add_trace(
            go.Bar(
                x=xs,
                y=[by_year.get(y, 0) for y in xs],
                name=labels.get(t, t),
                marker={"color": colour(i), "pattern": {"shape": PATTERNS[i % len(PATTERNS)]}},
                hovertemplate=_hover(style, False, 0),
            )
        )
    fig.update_layout(barmode="stack")
    _layout(
        fig,
        title=title,
        x_title=x_title,
        y_title=y_title,
        caption=caption,
        style=style,
        rotated_ticks=len(xs) > 12,
    )
    fig.update_xaxes(dtick=1, tickformat="d", hoverformat="d")
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
    style: Style = DEFAULT_STYLE,
) -> go.Figure:
    """Per year the share of replications meeting the targets (rows ``year, share, met``).

    Met years are blue, missed years vermillion and hatched; the required confidence, if any,
    is a dashed line. Shares are drawn in per cent.
    """
    fig = go.Figure()
    for met, label, c, pattern in ((True, met_label, colour(0), ""), (False, missed_label, colour(5), "/")):
        s = years[years["met"] == met]
        fig.add_trace(
            go.Bar(
                x=list(s["year"]),
                y=_values(s["share"], True, 1.0),
                name=label,
                marker={"color": c, "pattern": {"shape": pattern}},
                hovertemplate=_hover(style, True, 0),
            )
        )
    if confidence is not None:
        fig.add_hline(
            y=100.0 * confidence,
            line={"color": "#000000", "dash": "dash", "width": 1.5},
            annotation_text=confidence_label,
            annotation_position="top left",
        )
    _layout(
        fig,
        title=title,
        y_title=y_title,
        caption=caption,
        style=style,
        percent=True,
        rotated_ticks=len(years) > 12,
    )
    fig.update_yaxes(range=[0, 105])
    fig.update_xaxes(dtick=1, tickformat="d", hoverformat="d")
    return fig


def effect_bars(
    effects: pd.DataFrame,
    *,
    title: str,
    x_title: str = "",
    caption: str = "",
    style: Style = DEFAULT_STYLE,
    scale: float = 1.0,
    better: int = -1,
) -> go.Figure:
    """Paired differences to the reference with their 95 % intervals, one bar per row.

    ``effects`` has the columns ``label, diff_mean, diff_ci95_low, diff_ci95_high`` and,
    for bars of several variants, ``variant`` (one colour each, grouped per label; rows
    in display order). Bars are horizontal so long labels stay readable. With a single
    variant, bars in the better direction (``better``: -1 lower, +1 higher) are blue and
    the others vermillion.
    """
    variants = list(dict.fromkeys(effects["variant"])) if "variant" in effects else [""]
    fig = go.Figure()
    labels_in_order = list(dict.fromkeys(effects["label"]))[::-1]
    # plotly draws a group's first bar at the bottom: add them last first, so the first
    # variant is on top, and list the legend the other way round (first variant first)
    for i, variant in reversed(list(enumerate(variants))):
        e = effects if variant == "" else effects[effects["variant"] == variant]
        e = e.set_index("label").reindex(labels_in_order)
        mean = _values(e["diff_mean"].astype(float), False, scale)
        good = [(v * better) >= 0 for v in pd.Series(mean).fillna(0)]
        fig.add_trace(
            go.Bar(
                x=mean,
                y=labels_in_order,
                orientation="h",
                name=variant,
                marker={
                    "color": [colour(0) if g else colour(5) for g in good]
                    if variant == ""
                    else colour(i + 1),
                    "pattern": {"shape": "" if variant == "" else PATTERNS[(i + 1) % len(PATTERNS)]},
                },
                error_x=_error(
                    _values(e["diff_ci95_low"], False, scale),
                    mean,
                    _values(e["diff_ci95_high"], False, scale),
                ),
                hovertemplate=_hover(style, False, axis="x")
                + (f"<extra>{variant}</extra>" if variant else ""),
            )
        )
    fig.add_vline(x=0, line={"color": GREY, "width": 1})
    n_bars = len(labels_in_order) * len(variants)
    _layout(
        fig,
        title=title,
        x_title=x_title,
        caption=caption,
        style=style,
        height=max(HEIGHT, 150 + 34 * n_bars + 110),
        caption_width=70,
    )
    fig.update_layout(
        hovermode="closest",
        showlegend=len(variants) > 1,
        barmode="group",
        margin={"l": 30},
        legend={"traceorder": "reversed"},
    )
    fig.update_yaxes(rangemode="normal", automargin=True, tickformat="")
    fig.update_xaxes(tickformat=",~f", exponentformat="none")
    return fig
