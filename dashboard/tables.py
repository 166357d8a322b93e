"""Result tables for the pages and the exports: pure functions over ``sim`` results.

Everything numeric here comes from ``sim`` (means, intervals and paired differences are
computed there); this module only reshapes and formats, with labels, units and the better
direction from :mod:`dashboard.metrics`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

import sim
from dashboard import metrics
from dashboard.i18n import fmt_interval, fmt_value, t

#: KPIs shown first (the municipality's goals: the 6-month promise, no families or youth
#: in hospits, nobody in hospits more than 3 months)
HEADLINE_KPIS: tuple[str, ...] = (
    "waiting_list_mean",
    "mean_wait_days",
    "p_wait_over_6_months",
    "still_waiting_over_6_months_end",
    "homeless_mean",
    "temp_nights",
    "temp_nights_families_youth",
    "temp_stays_over_3_months",
    "temp_cost_nok",
    "allocations",
    "evictions",
    "dwellings_per_1000",
    "exits_start_loan",
    "start_loans_per_1000",
    "cost_municipal_budget_nok",
    "cost_municipal_npv_nok",
)

#: KPIs on the overview page's cards
OVERVIEW_KPIS: tuple[str, ...] = (
    "waiting_list_mean",
    "mean_wait_days",
    "p_wait_over_6_months",
    "temp_nights_families_youth",
    "temp_stays_over_3_months",
    "dwellings_per_1000",
)

#: how a significant difference is marked: better, worse, or a change with no better side
MARKS: tuple[str, ...] = ("better", "worse", "changed")
#: cell styles of the marks (Okabe-Ito blue and orange, light; bold text)
MARK_STYLES: dict[str, str] = {
    "better": "background-color: #cce3f2; font-weight: bold",
    "worse": "background-color: #fbe3c2; font-weight: bold",
    "changed": "background-color: #e6e6e6; font-weight: bold",
}


def series_long(results: Mapping[str, Any], which: str = "yearly") -> pd.DataFrame:
    """Series of several runs in one long frame with a ``scenario`` column.

    ``results`` maps a display name to a :class:`sim.RunResult`.
    """
    frames = []
    for name, res in results.items():
        df = res.aggregate.series_frame(which).copy()
        df.insert(0, "scenario", name)
        frames.append(df)
    if not frames:
        return pd.DataFrame(
            columns=["scenario", "metric", "group", "period", "mean", "ci95_low", "ci95_high"]
        )
    return pd.concat(frames, ignore_index=True)


def kpi_comparison_frame(results: Mapping[str, Any], reference: str) -> pd.DataFrame:
    """One row per (KPI, scenario): mean, 95 % CI and the paired difference to ``reference``.

    Differences come from :func:`sim.paired_differences` (common random numbers: both
    runs share seeds and replication numbers). The reference's difference columns are NaN.
    """
    ref = results[reference].aggregate
    rows: list[dict[str, Any]] = []
    for name, res in results.items():
        summary = res.aggregate.kpi_summary()
        diffs = sim.paired_differences(ref, res.aggregate) if name != reference else {}
        for kpi, v in summary.items():
            d = diffs.get(kpi, {})
            dci = d.get("ci95", [None, None])
            rows.append(
                {
                    "kpi": kpi,
                    "scenario": name,
                    "reference": name == reference,
                    "mean": v["mean"],
                    "ci95_low": v["ci95"][0],
                    "ci95_high": v["ci95"][1],
                    "diff_mean": d.get("mean"),
                    "diff_ci95_low": dci[0],
                    "diff_ci95_high": dci[1],
                    "significant": bool(d.get("significant", False)),
                }
            )
    frame = pd.DataFrame(rows)
    num = ["mean", "ci95_low", "ci95_high", "diff_mean", "diff_ci95_low", "diff_ci95_high"]
    frame[num] = frame[num].astype(float)
    return frame


def ordered_kpis(frame: pd.DataFrame, headline_only: bool) -> list[str]:
    """KPI names: the headline ones first, then (unless ``headline_only``) the rest."""
    present = list(dict.fromkeys(frame["kpi"].tolist()))
    head = [k for k in HEADLINE_KPIS if k in present]
    return head if headline_only else head + [k for k in present if k not in head]


def mark(kpi: str, diff: float | None, significant: bool) -> str:
    """How a difference is marked: ``better``, ``worse``, ``changed`` (significant, but
    neither direction is better) or ``""`` (the interval includes zero)."""
    if not significant or diff is None or pd.isna(diff) or diff == 0:
        return ""
    direction = metrics.better(kpi)
    if direction == 0:
        return "changed"
    return "better" if (diff > 0) == (direction > 0) else "worse"


def direction_text(kpi: str, lang: str) -> str:
    """Which way is better, for a table cell: ``lavere ↓``, ``høyere ↑`` or an en dash."""
    d = metrics.better(kpi)
    return t("table.lower", lang) if d < 0 else t("table.higher", lang) if d > 0 else "–"


def kpi_cell(kpi: str, lang: str, start: int, end: int) -> str:
    """A KPI's name with its unit and period: ``Hospitsdøgn (persondøgn, sum 2016–2040)``."""
    return f"{metrics.label(kpi, lang)} ({metrics.describe(kpi, lang, start, end)})"


def _head(
    frame: pd.DataFrame, kpis: Sequence[str], lang: str, start: int, end: int
) -> tuple[list[str], pd.DataFrame, dict[str, list[str]], dict[str, list[str]]]:
    """The rows a KPI table shows (``kpis`` the run has), the frame indexed by KPI and
    scenario, and the first two columns (the KPI with unit and period, the better
    direction) with their empty marks."""
    rows = [k for k in kpis if k in set(frame["kpi"])]
    kcol, bcol = t("table.kpi", lang), t("table.better", lang)
    text = {
        kcol: [kpi_cell(k, lang, start, end) for k in rows],
        bcol: [direction_text(k, lang) for k in rows],
    }
    marks = {kcol: [""] * len(rows), bcol: [""] * len(rows)}
    return rows, frame.set_index(["kpi", "scenario"]), text, marks


def display_kpi_table(
    frame: pd.DataFrame,
    lang: str,
    start: int,
    end: int,
    *,
    headline_only: bool = True,
    kpis: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The KPI table as text, and a same-shaped frame of marks (:data:`MARKS` or ``""``).

    Columns: the KPI with its unit and period, which direction is better, then per
    scenario ``mean (95 % CI)`` and, for every scenario but the reference, ``difference
    (95 % CI)`` with ▲/▼ and *better*/*worse* when the interval excludes zero. ``kpis``
    chooses the rows (default: the headline ones, or all).
    """
    rows = list(kpis) if kpis is not None else ordered_kpis(frame, headline_only)
    rows, by, text, marks = _head(frame, rows, lang, start, end)
    for name in dict.fromkeys(frame["scenario"].tolist()):
        text[name], marks[name] = [], []
        is_ref = bool(frame.loc[frame["scenario"] == name, "reference"].any())
        dcol = t("table.diff_col", lang, name=name)
        if not is_ref:
            text[dcol], marks[dcol] = [], []
        for k in rows:
            row = by.loc[(k, name)] if (k, name) in by.index else None
            if row is None:
                text[name].append("–")
                marks[name].append("")
                if not is_ref:
                    text[dcol].append("–")
                    marks[dcol].append("")
                continue
            mean = metrics.value(row["mean"], k, lang)
            ci = fmt_interval(row["ci95_low"], row["ci95_high"], metrics.kind(k), lang)
            text[name].append(f"{mean}  ({ci})" if ci != "–" else mean)
            marks[name].append("")
            if not is_ref:
                text[dcol].append(diff_text(k, row, lang))
                marks[dcol].append(mark(k, row["diff_mean"], bool(row["significant"])))
    return pd.DataFrame(text), pd.DataFrame(marks)


def side_by_side(
    frame: pd.DataFrame, lang: str, start: int, end: int, kpis: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A narrow comparison, one column per scenario: the reference's mean, and for the
    others the mean with the paired difference, its interval and its verdict in one cell
    (a workshop's columns of terms side by side). Returns the text and the marks."""
    rows, by, text, marks = _head(frame, kpis, lang, start, end)
    for name in dict.fromkeys(frame["scenario"].tolist()):
        text[name], marks[name] = [], []
        for k in rows:
            if (k, name) not in by.index:
                text[name].append("–")
                marks[name].append("")
                continue
            row = by.loc[(k, name)]
            mean = metrics.value(row["mean"], k, lang)
            if bool(row["reference"]):
                text[name].append(mean)
                marks[name].append("")
            else:
                text[name].append(f"{mean}; {t('table.diff_short', lang)} {diff_text(k, row, lang)}")
                marks[name].append(mark(k, row["diff_mean"], bool(row["significant"])))
    return pd.DataFrame(text), pd.DataFrame(marks)


def diff_text(kpi: str, row: Mapping[str, Any], lang: str) -> str:
    """``+9 (+3 – +15) ▲ verre``: a paired difference, its interval and its verdict."""
    kind = "share_points" if metrics.kind(kpi) == "share" else metrics.kind(kpi)
    d = fmt_value(row["diff_mean"], kind, lang, sign=True)
    dci = fmt_interval(row["diff_ci95_low"], row["diff_ci95_high"], kind, lang, sign=True)
    out = f"{d}  ({dci})" if dci != "–" else d
    m = mark(kpi, row["diff_mean"], bool(row["significant"]))
    if m:
        verdict = {"better": "table.verdict_better", "worse": "table.verdict_worse"}.get(m)
        out += (" ▲" if row["diff_mean"] > 0 else " ▼") + (f" {t(verdict, lang)}" if verdict else "")
    return out


def styled(text: pd.DataFrame, marks: pd.DataFrame) -> Any:
    """The table with its marked cells shaded (a pandas Styler, no index)."""
    return text.style.apply(
        lambda col: [MARK_STYLES.get(m, "") for m in marks[col.name]],
        axis=0,
    ).hide(axis="index")


def run_caption(
    names: Sequence[str],
    seed: int,
    replications: int,
    lang: str,
    *,
    interval: bool = True,
    hashes: Sequence[str] | None = None,
) -> str:
    """The caption every chart carries: scenarios, seed, replications (and the interval).

    ``hashes`` (one per name, :meth:`sim.Scenario.sha256`) add each scenario's first 8 hex
    digits, so a screenshot names the exact scenario content, not only its file name.
    """
    key = "caption.run" if interval else "caption.run_means"
    shown = list(names)
    if hashes is not None:
        shown = [f"{n} #{h[:8]}" for n, h in zip(names, hashes, strict=True)]
    return t(key, lang, names=", ".join(shown), seed=seed, reps=replications)
