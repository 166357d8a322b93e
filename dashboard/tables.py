"""Result tables for the pages and the exports: pure functions over ``sim`` results.

Everything numeric here comes from ``sim`` (means, intervals and paired differences are
computed there); this module only reshapes and formats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

import sim
from dashboard.i18n import fmt_interval, fmt_value, has, t

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
    # shown when the model reports them (start loans and costs land with later issues)
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

_KIND: dict[str, str] = {
    "p_wait_over_6_months": "share",
    "occupancy_rate": "share",
    "temp_cost_nok": "nok",
    "dwellings_per_1000": "rate",
    "population": "int",
    "municipal_dwellings": "int",
}


def kpi_kind(kpi: str) -> str:
    """How to format a KPI: ``share``, ``nok``, ``rate``, ``int`` or ``count``.

    Names follow the model's unit suffixes, so a KPI added later formats sensibly.
    """
    if kpi in _KIND:
        return _KIND[kpi]
    if kpi.endswith("_nok"):
        return "nok"
    if kpi.endswith("_per_1000"):
        return "rate"
    if kpi.endswith(("_share", "_rate")) or kpi.startswith("p_"):
        return "share"
    return "count"


def kpi_label(kpi: str, lang: str) -> str:
    """The KPI's name on screen (a readable form of the name if it has no text yet)."""
    key = f"kpi.{kpi}"
    return t(key, lang) if has(key, lang) else kpi.replace("_", " ").capitalize()


def kpi_help(kpi: str, lang: str) -> str:
    """The KPI's description: the bokmål text, or ``sim.METRIC_DOCS`` in English."""
    key = f"kpidoc.{kpi}"
    if lang == "nb" and t(key, "nb") != key:
        return t(key, "nb")
    return sim.METRIC_DOCS.get(kpi, t(key, "en"))


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


def display_kpi_table(
    frame: pd.DataFrame, lang: str, *, headline_only: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The KPI table as text, and a same-shaped frame of flags for significant cells.

    Columns: the KPI, then per scenario ``mean (95 % CI)`` and, for every scenario but the
    reference, ``difference (95 % CI)`` marked with ▲ or ▼ when the interval excludes zero.
    """
    kpis = ordered_kpis(frame, headline_only)
    scenarios = list(dict.fromkeys(frame["scenario"].tolist()))
    by = frame.set_index(["kpi", "scenario"])
    text: dict[str, list[str]] = {t("table.kpi", lang): [kpi_label(k, lang) for k in kpis]}
    flags: dict[str, list[bool]] = {t("table.kpi", lang): [False] * len(kpis)}
    for name in scenarios:
        col = f"{name}"
        text[col], flags[col] = [], []
        is_ref = bool(frame.loc[frame["scenario"] == name, "reference"].any())
        dcol = t("table.diff_col", lang, name=name)
        if not is_ref:
            text[dcol], flags[dcol] = [], []
        for k in kpis:
            kind = kpi_kind(k)
            row = by.loc[(k, name)] if (k, name) in by.index else None
            if row is None:
                text[col].append("–")
                flags[col].append(False)
                if not is_ref:
                    text[dcol].append("–")
                    flags[dcol].append(False)
                continue
            mean = fmt_value(row["mean"], kind, lang)
            ci = fmt_interval(row["ci95_low"], row["ci95_high"], kind, lang)
            text[col].append(f"{mean}  ({ci})" if ci != "–" else mean)
            flags[col].append(False)
            if not is_ref:
                dkind = "share_points" if kind == "share" else kind
                d = _fmt_diff(row["diff_mean"], dkind, lang)
                dci = _fmt_diff_ci(row["diff_ci95_low"], row["diff_ci95_high"], dkind, lang)
                mark = ""
                if row["significant"]:
                    mark = " ▲" if row["diff_mean"] > 0 else " ▼"
                text[dcol].append(f"{d}{mark}  ({dci})" if dci != "–" else f"{d}{mark}")
                flags[dcol].append(bool(row["significant"]))
    return pd.DataFrame(text), pd.DataFrame(flags)


def _fmt_diff(x: float | None, kind: str, lang: str) -> str:
    if kind == "share_points":
        # a difference of shares in percentage points
        s = fmt_value(None if x is None else x * 100, "count", lang)
        s = s if s == "–" else f"{s} {t('unit.pp', lang)}"
    else:
        s = fmt_value(x, kind, lang)
    if s != "–" and x is not None and x > 0:
        s = "+" + s
    return s


def _fmt_diff_ci(lo: float | None, hi: float | None, kind: str, lang: str) -> str:
    a, b = _fmt_diff(lo, kind, lang), _fmt_diff(hi, kind, lang)
    return "–" if "–" in (a, b) else f"{a} – {b}"


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
