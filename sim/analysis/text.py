"""Plain-text labels for the command line: what a number is, in which unit, over which years.

A level is printed as a level ("NOK 12.3 million"), a difference as a difference
("+12.3 million NOK vs baseline"), and every KPI heading says its unit and period, so a
reader never mistakes a change for a total or nominal kroner for real ones.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from sim.catalog import KPI_RULES, NPV_KPIS


def kpi_unit(name: str, first_year: int | None = None, last_year: int | None = None) -> str:
    """The unit and period of KPI ``name`` ("NOK nominal, sum 2016-2040", "days", ...)."""
    span = f" {first_year}-{last_year}" if first_year is not None and last_year is not None else ""
    end = f" {last_year}" if last_year is not None else ""
    if name in NPV_KPIS:
        return f"NOK, present value{span} in real {first_year or 'first-year'} prices"
    rule = KPI_RULES.get(name, "")
    money = name.endswith("_nok")
    if name == "cost_per_household_housed_nok":
        return f"NOK nominal per household housed{span}"
    if name.startswith("p_") or name.endswith("_rate") or name.endswith("_share"):
        unit = "share"
    elif name.endswith("_days"):
        unit = "days"
    elif name.endswith("per_1000"):
        unit = "per 1000 inhabitants"
    elif money:
        unit = "NOK nominal"
    else:
        unit = "count"
    period = {
        "sum": f"sum{span}",
        "end": f"at the end of{end}" if end else "at the horizon",
        "time_mean": f"mean{span}",
        "mean": f"yearly mean{span}",
    }.get(rule, f"over{span}" if span else "over the horizon")
    return f"{unit}, {period}"


def kpi_heading(name: str, first_year: int | None = None, last_year: int | None = None) -> str:
    """``name (unit, period)`` for a table heading."""
    return f"{name} ({kpi_unit(name, first_year, last_year)})"


def fmt_amount(name: str, x: float | None) -> str:
    """A level: money in millions ("NOK 12.3 million"), other numbers plainly."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if name.endswith("_nok"):
        return f"NOK {x / 1e6:,.1f} million" if abs(x) >= 1e5 else f"NOK {x:,.0f}"
    if abs(x) >= 1e5:
        return f"{x:,.0f}"
    return f"{x:,.3f}" if abs(x) < 10 else f"{x:,.1f}"


def fmt_change(
    name: str,
    x: float | None,
    reference: str | None = None,
    interval: tuple[float | None, float | None] = (None, None),
) -> str:
    """A difference, signed and labelled as one ("+12.3 million NOK vs baseline"); money in
    the scale its ``interval`` (if given) is shown in, so the two read together."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    vs = f" vs {reference}" if reference else ""
    if name.endswith("_nok"):
        big = max([abs(x)] + [abs(v) for v in interval if v is not None]) >= 1e5
        return f"{x / 1e6:+,.1f} million NOK{vs}" if big else f"{x:+,.0f} NOK{vs}"
    if abs(x) >= 1e5:
        return f"{x:+,.0f}{vs}"
    return (f"{x:+,.3f}" if abs(x) < 10 else f"{x:+,.1f}") + vs


def fmt_interval(name: str, lo: float | None, hi: float | None) -> str:
    """A 95 % interval in the unit of :func:`fmt_change` ("[+10.1, +14.5]")."""
    if lo is None or hi is None:
        return "[n/a]"
    money = name.endswith("_nok")
    scale = 1e6 if money and max(abs(lo), abs(hi)) >= 1e5 else 1.0
    digits = (
        1
        if scale == 1e6
        else 0
        if money or max(abs(lo), abs(hi)) >= 1e5
        else 1
        if max(abs(lo), abs(hi)) >= 10
        else 3
    )
    return f"[{lo / scale:+,.{digits}f}, {hi / scale:+,.{digits}f}]"


def changes_markdown(
    rows: Sequence[tuple[str, Mapping[str, Mapping[str, Any]]]],
    kpis: Sequence[str],
    first_year: int | None,
    last_year: int | None,
    first_column: str,
) -> list[str]:
    """A Markdown table of paired changes: one row per variant, each cell the change with its
    95 % interval (``{"mean", "ci95", "significant"}`` per KPI; * where it excludes 0), and a
    line naming each KPI's unit and period."""
    lines = [
        "Units: " + "; ".join(f"`{k}` {kpi_unit(k, first_year, last_year)}" for k in kpis) + ".",
        "",
        f"| {first_column} | " + " | ".join(f"`{k}`" for k in kpis) + " |",
        "|" + "---|" * (len(kpis) + 1),
    ]
    for label, cells in rows:
        out = []
        for k in kpis:
            d = cells[k]
            lo, hi = d["ci95"]
            star = " *" if d.get("significant") else ""
            out.append(f"{fmt_change(k, d['mean'], interval=(lo, hi))} {fmt_interval(k, lo, hi)}{star}")
        lines.append(f"| {label} | " + " | ".join(out) + " |")
    return lines
