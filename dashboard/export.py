"""Exports of a comparison: CSV, Excel (one sheet per scenario plus the KPI comparison) and a
one-page HTML summary that prints well for a council memo. Pure functions returning bytes.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

_SHEET_BAD = re.compile(r"[\[\]\:\*\?\/\\]")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A DataFrame as UTF-8 CSV (comma separated, dot decimals: machine-readable)."""
    return frame.to_csv(index=False).encode("utf-8")


def sheet_names(names: Sequence[str], reserved: Sequence[str] = ()) -> list[str]:
    """Excel-safe, unique sheet names (at most 31 characters, no ``[]:*?/\\``)."""
    used = {r.lower() for r in reserved}
    out = []
    for name in names:
        base = _SHEET_BAD.sub("_", name).strip("'") or "scenario"
        base = base[:31]
        candidate, i = base, 2
        while candidate.lower() in used:
            suffix = f" ({i})"
            candidate = base[: 31 - len(suffix)] + suffix
            i += 1
        used.add(candidate.lower())
        out.append(candidate)
    return out


def excel_bytes(
    kpis: pd.DataFrame,
    yearly_by_scenario: Mapping[str, pd.DataFrame],
    info: Mapping[str, Any],
) -> bytes:
    """An .xlsx workbook: ``info``, ``kpi_comparison``, then yearly series per scenario.

    Parameters
    ----------
    kpis:
        The numeric KPI comparison (see :func:`dashboard.tables.kpi_comparison_frame`).
    yearly_by_scenario:
        Per scenario, its yearly series frame (``metric, group, period, mean, ci95_low,
        ci95_high``).
    info:
        Provenance written to the first sheet (seed, replications, hashes, version).
    """
    buf = io.BytesIO()
    reserved = ["info", "kpi_comparison"]
    names = sheet_names(list(yearly_by_scenario), reserved)
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        pd.DataFrame({"key": list(info), "value": [str(v) for v in info.values()]}).to_excel(
            xw, sheet_name="info", index=False
        )
        kpis.to_excel(xw, sheet_name="kpi_comparison", index=False)
        for sheet, frame in zip(names, yearly_by_scenario.values(), strict=True):
            frame.to_excel(xw, sheet_name=sheet, index=False)
    return buf.getvalue()


def summary_html(
    *,
    title: str,
    meta: Sequence[tuple[str, str]],
    table: pd.DataFrame,
    flags: pd.DataFrame | None,
    figures: Sequence[Any],
    note: str = "",
    lang: str = "nb",
) -> str:
    """A one-page HTML summary: title, provenance, the KPI table and the charts.

    Charts are embedded as interactive plotly divs (plotly.js included once, so the
    file works offline); the page prints on A4 with each chart on its own block.
    """
    rows = []
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    for i in range(len(table)):
        cells = []
        for j, col in enumerate(table.columns):
            flagged = flags is not None and bool(flags.iloc[i, j])
            cls = ' class="sig"' if flagged else ""
            cells.append(f"<td{cls}>{html.escape(str(table.iloc[i][col]))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    meta_html = "".join(f"<div><b>{html.escape(k)}:</b> {html.escape(v)}</div>" for k, v in meta)
    charts = []
    for i, fig in enumerate(figures):
        charts.append(
            '<div class="chart">'
            + fig.to_html(full_html=False, include_plotlyjs=(i == 0), config={"displaylogo": False})
            + "</div>"
        )
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; font-size: 12px; width: 100%; }}
th, td {{ border: 1px solid #bbb; padding: 4px 6px; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
td.sig {{ background: #d6eaf8; font-weight: bold; }}
.meta {{ margin: 0.5em 0 1em; font-size: 13px; }}
.chart {{ page-break-inside: avoid; margin-top: 1em; }}
@media print {{ body {{ margin: 1cm; }} .chart {{ page-break-before: auto; }} }}
</style></head><body>
<h1>{html.escape(title)}</h1>
<div class="meta">{meta_html}</div>
<table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>
<p>{html.escape(note)}</p>
{"".join(charts)}
</body></html>"""
