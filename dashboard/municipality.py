"""The municipality a scenario describes, and its calibration, for the pages (no Streamlit).

Everything the dashboard says about the place (its name, its population, its own history
and the levels it is compared with, how well the model reproduces its figures) comes from
the scenario file: the ``municipality`` field, the population path and the ``calibration``
section. Nothing here is specific to Rælingen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

import sim
from dashboard import levers, metrics
from dashboard.i18n import fmt_number, t
from dashboard.i18n.sources import source_text
from sim.calibration import target_rows


def place(data: sim.Scenario | Mapping[str, Any]) -> str:
    """The municipality's name (the scenario's name when the file gives none).

    Takes a scenario or its plain data, so that an edited draft that does not validate
    still has a name.
    """
    if isinstance(data, sim.Scenario):
        return data.municipality_name()
    return str(data.get("municipality") or data.get("name") or "")


def start_population(data: sim.Scenario | Mapping[str, Any]) -> float | None:
    """Inhabitants in the first year of the population path (None if there is none)."""
    if isinstance(data, sim.Scenario):
        by_year: Mapping[Any, Any] = data.population.by_year
    else:
        by_year = (data.get("population") or {}).get("by_year") or {}
    if not by_year:
        return None
    first = min(by_year, key=lambda y: int(y))
    try:
        return float(by_year[first])
    except (TypeError, ValueError):
        return None


def sidebar_note(data: sim.Scenario | Mapping[str, Any], lang: str) -> str:
    """``Simulation of X's social-housing system 2016–2040 (17 426 inhabitants in 2016).``"""
    if not place(data):
        return t("app.sidebar_note_none", lang)
    start, end = _years(data)
    pop = start_population(data)
    return t(
        "app.sidebar_note",
        lang,
        place=place(data),
        start=start,
        end=end,
        population=fmt_number(pop, lang, 0) if pop is not None else "–",
    )


def _years(data: sim.Scenario | Mapping[str, Any]) -> tuple[str, str]:
    if isinstance(data, sim.Scenario):
        return str(data.start_date.year), str(data.end_date.year)
    return str(data.get("start_date", "2016"))[:4], str(data.get("end_date", "2040"))[:4]


def observed(scenario: sim.Scenario, metric: str) -> dict[int, float]:
    """The municipality's own figures of ``metric`` by year (``calibration.observed``)."""
    return {o.year: o.value for o in scenario.calibration.observed if o.metric == metric}


def benchmark_lines(scenario: sim.Scenario, metric: str, lang: str) -> list[tuple[float, str]]:
    """Reference lines ``(value, label)`` for ``metric`` (``calibration.benchmarks``)."""
    return [
        (b.value, f"{_place_name(b.label, lang)} {fmt_number(b.value, lang, 1)}")
        for b in scenario.calibration.benchmarks
        if b.metric == metric
    ]


#: place names a scenario file may write in English, in bokmål
_PLACES_NB: dict[str, str] = {"Norway": "Norge", "the country": "landet"}


def _place_name(label: str, lang: str) -> str:
    """A benchmark's label in ``lang`` (the file's own words; English place names in bokmål)."""
    if lang != "nb":
        return label
    for en, nb in _PLACES_NB.items():
        label = label.replace(en, nb)
    return label


def calibration_status(scenario: sim.Scenario) -> str:
    """``none`` (no targets), ``uncalibrated`` (targets, no recorded fit), ``stale`` (the
    scenario changed after its fit) or ``current``."""
    cal = scenario.calibration
    if not cal.targets:
        return "none"
    if cal.last_fit is None:
        return "uncalibrated"
    if cal.last_fit.scenario_sha256 and cal.last_fit.scenario_sha256 != scenario.model_sha256():
        return "stale"
    return "current"


def calibration_frame(
    scenario: sim.Scenario, lang: str, rows: list[dict[str, Any]] | None = None
) -> pd.DataFrame:
    """The calibration table in ``lang``: one row per target and year, with the model's mean
    and interval from ``rows`` (a fresh check) or else from the file's ``last_fit``."""
    rows = rows if rows is not None else target_rows(scenario)
    yes, no, unknown = t("cal.met_yes", lang), t("cal.met_no", lang), "–"
    out = []
    for r in rows:
        lo, hi = r["ci95"]
        out.append(
            {
                t("cal.col.metric", lang): _metric_label(r["metric"], lang),
                t("cal.col.year", lang): str(r["year"]),
                t("cal.col.target", lang): _fmt(r["target"], lang),
                t("cal.col.tolerance", lang): _range(r["tolerance"], lang),
                t("cal.col.mean", lang): _fmt(r["mean"], lang),
                t("cal.col.ci", lang): f"{_fmt(lo, lang)} – {_fmt(hi, lang)}" if lo is not None else "–",
                t("cal.col.met", lang): {True: yes, False: no}.get(r["met"], unknown),
                t("cal.col.source", lang): source_text(r["source"], lang),
            }
        )
    return pd.DataFrame(out)


def free_frame(scenario: sim.Scenario, lang: str) -> pd.DataFrame:
    """The free assumptions: what they govern, the value before calibration, now, bounds."""
    from sim.calibration import get_path

    data = scenario.model_dump(mode="json")
    return pd.DataFrame(
        [
            {
                t("cal.col.assumption", lang): levers.path_label(p.path, lang),
                t("cal.col.start", lang): _fmt(p.start, lang),
                t("cal.col.value", lang): _fmt(get_path(data, p.path), lang),
                t("cal.col.bounds", lang): f"{_fmt(p.low, lang)} – {_fmt(p.high, lang)}",
            }
            for p in scenario.calibration.free
        ]
    )


def _metric_label(metric: str, lang: str) -> str:
    return metrics.label(metric, lang)


def _range(text: str, lang: str) -> str:
    """A band such as ``0.4 - 1`` or ``>= 500,000`` with its numbers in ``lang``'s form."""
    import re

    def number(m: re.Match[str]) -> str:
        value = float(m.group(0).replace(",", ""))
        return fmt_number(value, lang, 0) if value.is_integer() else _fmt(value, lang)

    out = re.sub(r"\d[\d,]*(?:\.\d+)?", number, str(text))
    return out.replace(" - ", " – ").replace(">=", "≥").replace("<=", "≤")


def _fmt(x: float | None, lang: str) -> str:
    if x is None:
        return "–"
    x = float(x)
    if abs(x) >= 100:
        return fmt_number(x, lang, 0)
    if abs(x) >= 10:
        return fmt_number(x, lang, 1)
    return fmt_number(x, lang, 2)
