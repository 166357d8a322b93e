"""Exports: CSV, Excel and a one-page HTML summary that prints well for a council memo.
Pure functions returning bytes or text.

Tables are exported for people: column headers and metric names in the reader's
language, numbers rounded to what the screen shows (shares in per cent), and in bokmål a
CSV that Norwegian Excel opens as it is (``;`` between fields, decimal comma, UTF-8 with a
byte-order mark). Each table keeps the model's name of a metric in a last ``kode``/``code``
column, so a script can still join on it.
"""

from __future__ import annotations

import html
import io
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard import metrics
from dashboard.i18n import is_nb, t

_SHEET_BAD = re.compile(r"[\[\]\:\*\?\/\\]")


def rounded(x: Any) -> Any:
    """A number rounded as the screen shows it: whole from 1000 on, one decimal from 10,
    two below; anything else as it is."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        return x
    if math.isnan(x) or math.isinf(x):
        return None
    a = abs(x)
    return round(x) if a >= 1000 else round(x, 1) if a >= 10 else round(x, 2)


def round_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every number of the frame :func:`rounded` (a copy)."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = out[col].map(rounded).astype(object)
    return out


def _plain(x: Any, decimal: str) -> Any:
    """A number as CSV text: rounded, no thousands separator, ``decimal`` as decimal mark."""
    r = rounded(x)
    if r is None or isinstance(r, bool) or not isinstance(r, int | float):
        return "" if r is None else r
    return str(int(r)) if float(r).is_integer() else str(r).replace(".", decimal)


def csv_bytes(frame: pd.DataFrame, lang: str) -> bytes:
    """A table as CSV for ``lang``: in bokmål ``;``-separated with a decimal comma and a
    byte-order mark (what Norwegian Excel expects), otherwise comma-separated, UTF-8.
    Numbers are rounded as :func:`rounded` does."""
    nb = is_nb(lang)
    data = frame.copy()
    for col in data.columns:
        if pd.api.types.is_numeric_dtype(data[col]) and not pd.api.types.is_bool_dtype(data[col]):
            data[col] = data[col].map(lambda x: _plain(x, "," if nb else ".")).astype(object)
    if nb:
        return data.to_csv(index=False, sep=";").encode("utf-8-sig")
    return data.to_csv(index=False).encode("utf-8")


def _yes(x: Any, lang: str) -> str:
    return t("export.yes", lang) if bool(x) else t("export.no", lang)


def _share_to_percent(frame: pd.DataFrame, kpis: pd.Series, columns: Sequence[str]) -> pd.DataFrame:
    """Shares in per cent (as the screen shows them) in ``columns`` of the rows of share KPIs."""
    out = frame.copy()
    share = kpis.map(lambda k: metrics.kind(k) == "share").to_numpy()
    for col in columns:
        out.loc[share, col] = out.loc[share, col].astype(float) * 100.0
    return out


def _unit(kpi: str, lang: str) -> str:
    u = metrics.unit(kpi)
    return "%" if u.kind == "share" else u.text(lang)


def kpi_table(frame: pd.DataFrame, lang: str, start: int, end: int) -> pd.DataFrame:
    """The KPI comparison (:func:`dashboard.tables.kpi_comparison_frame`) for people."""
    num = ["mean", "ci95_low", "ci95_high", "diff_mean", "diff_ci95_low", "diff_ci95_high"]
    f = _share_to_percent(frame, frame["kpi"], num)
    cols = {
        "indicator": [metrics.label(k, lang) for k in f["kpi"]],
        "unit": [_unit(k, lang) for k in f["kpi"]],
        "period": [metrics.period(k, lang, start, end) for k in f["kpi"]],
        "scenario": list(f["scenario"]),
        "reference": [_yes(x, lang) for x in f["reference"]],
        **{c: list(f[c]) for c in num},
        "significant": [
            _yes(x, lang) if not r else "" for x, r in zip(f["significant"], f["reference"], strict=True)
        ],
        "code": list(f["kpi"]),
    }
    out = pd.DataFrame(cols)
    out[num] = out[num].astype(float)
    return out.rename(columns={c: t(f"export.col.{c}", lang) for c in out.columns})


def series_table(frame: pd.DataFrame, lang: str, group_labels: Mapping[str, str]) -> pd.DataFrame:
    """A long series frame (``series_long``) for people: one row per scenario, metric, group
    and period, with labels, units and the period as a plain year (or ``2027-12``)."""
    periods = frame["period"]
    if len(periods) and not isinstance(periods.iloc[0], int | float):
        periods = pd.to_datetime(periods).dt.strftime("%Y-%m")
    f = _share_to_percent(frame, frame["metric"], ["mean", "ci95_low", "ci95_high"])
    out = pd.DataFrame(
        {
            "scenario": list(f["scenario"]) if "scenario" in f else [""] * len(f),
            "indicator": [metrics.label(m, lang) for m in f["metric"]],
            "unit": [_unit(m, lang) for m in f["metric"]],
            "group": [group_labels.get(g, g) for g in f["group"]],
            "time": list(periods),
            "mean": f["mean"].astype(float),
            "ci95_low": f["ci95_low"].astype(float),
            "ci95_high": f["ci95_high"].astype(float),
            "code": list(f["metric"]),
        }
    )
    return out.rename(columns={c: t(f"export.col.{c}", lang) for c in out.columns})


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
    info: Sequence[tuple[str, Any]],
    lang: str,
) -> bytes:
    """An .xlsx workbook: about the run, the KPI comparison, then yearly series per scenario.

    Parameters
    ----------
    kpis:
        The KPI comparison for people (:func:`kpi_table`).
    yearly_by_scenario:
        Per scenario, its yearly series for people (:func:`series_table`).
    info:
        Provenance written to the first sheet as ``(label, value)`` pairs (seed,
        replications, hashes, version), labels in ``lang``.
    lang:
        The language of the sheet names and headers.
    """
    buf = io.BytesIO()
    info_sheet, kpi_sheet = t("export.sheet_info", lang), t("export.sheet_kpis", lang)
    names = sheet_names(list(yearly_by_scenario), [info_sheet, kpi_sheet])
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        pd.DataFrame(
            {
                t("export.col.what", lang): [k for k, _ in info],
                t("export.col.value", lang): [str(v) for _, v in info],
            }
        ).to_excel(xw, sheet_name=info_sheet, index=False)
        round_frame(kpis).to_excel(xw, sheet_name=kpi_sheet, index=False)
        for sheet, frame in zip(names, yearly_by_scenario.values(), strict=True):
            round_frame(frame).to_excel(xw, sheet_name=sheet, index=False)
        for ws in xw.book.worksheets:  # readable column widths
            for col in ws.columns:
                width = max(len(str(c.value or "")) for c in col)
                ws.column_dimensions[col[0].column_letter].width = min(60, max(10, width + 2))
    return buf.getvalue()


def summary_html(
    *,
    title: str,
    meta: Sequence[tuple[str, str]],
    table: pd.DataFrame,
    marks: pd.DataFrame | None,
    figures: Sequence[Any],
    note: str = "",
    lang: str = "nb",
) -> str:
    """A one-page HTML summary: title, provenance, the KPI table and the charts.

    Marked cells (better, worse, changed) keep their shading. Charts are embedded as
    interactive plotly divs (plotly.js included once, so the file works offline); the
    page prints on A4 with each chart on its own block.
    """
    rows = []
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    for i in range(len(table)):
        cells = []
        for j, col in enumerate(table.columns):
            m = str(marks.iloc[i, j]) if marks is not None else ""
            cls = f' class="{m}"' if m else ""
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
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #1f1f1f; }}
table {{ border-collapse: collapse; font-size: 12px; width: 100%; }}
th, td {{ border: 1px solid #bbb; padding: 4px 6px; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
td.better {{ background: #cce3f2; font-weight: bold; }}
td.worse {{ background: #fbe3c2; font-weight: bold; }}
td.changed {{ background: #e6e6e6; font-weight: bold; }}
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
