"""The analysis pages' glue: cached calls into :mod:`sim.analysis` and pure helpers.

No model logic lives here: scenarios are built with :mod:`sim.analysis`'s helpers and the
analyses are called as they are. Results are cached server-wide by the scenario's content
hash and every parameter the result depends on (the same store as the Compare page's
runs), so asking again for the same thing never reruns the model.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

import sim
from sim import analysis

BUDGET_PATH = "start_loans.budget_nok_per_year"
#: default budgets as multiples of the scenario's current yearly budget
BUDGET_FACTORS: tuple[float, ...] = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)
#: KPIs drawn against the budget (portfolio and losses are what holds leadership back)
BUDGET_KPIS: tuple[str, ...] = (
    "mean_wait_days",
    "hospits_nights",
    "exits_start_loan",
    "start_loan_portfolio_nok",
    "start_loan_losses_nok",
)
#: yearly metrics a budget target can name (a target holds in every year from a year on)
BUDGET_TARGET_METRICS: tuple[str, ...] = (
    "mean_wait_days",
    "p_wait_over_6_months",
    "hospits_nights",
    "temp_nights_families_youth",
)
TARGET_OPS: tuple[str, ...] = ("<=", ">=")
#: KPIs the tilvisning workshop shows (waiting, hospits, cost for municipality and state)
TILVISNING_KPIS: tuple[str, ...] = (
    "mean_wait_days",
    "p_wait_over_6_months",
    "hospits_nights",
    "temp_nights_families_youth",
    "allocations_tilvisning",
    "total_cost_nok",
    "cost_tilvisning_nok",
    "cost_state_nok",
)
SIZING_TARGET_METRICS: tuple[str, ...] = ("p_wait_over_6_months", "mean_wait_days", "hospits_nights")

Progress = Callable[[int, int], None]


def short_hash(scenario: sim.Scenario) -> str:
    """The first 8 hex digits of the scenario's content hash (shown in every caption)."""
    return scenario.sha256()[:8]


def default_budgets(current: float) -> list[float]:
    """0, ½, 1, 1½, 2 and 3 times the current yearly budget (whole kroner, no repeats)."""
    return list(dict.fromkeys(float(round(f * current)) for f in BUDGET_FACTORS))


def parse_budgets(text: str) -> list[float]:
    """Budgets in NOK from text such as ``"0; 13 000 000; 26e6"`` (sorted, no repeats).

    Values are separated by ``;`` or new lines; spaces inside a number are thousands
    separators and a comma is a decimal comma. Raises ``ValueError`` on anything else,
    negative values or an empty list.
    """
    out: list[float] = []
    for part in text.replace("\n", ";").split(";"):
        raw = part.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        if not raw:
            continue
        value = float(raw)  # ValueError for text that is not a number
        if not math.isfinite(value) or value < 0:
            raise ValueError(part.strip())
        out.append(value)
    if not out:
        raise ValueError("empty")
    return sorted(dict.fromkeys(out))


def counting_mapper(progress: Progress | None) -> analysis.common.Mapper:
    """A sequential mapper that reports ``progress(done, total)`` after each replication.

    Streamlit stops a script at its next interaction with the page, so a click while this
    runs (the cancel button) ends the run at the next replication.
    """

    def mapper(fn: Callable[[dict[str, Any]], dict[str, Any]], tasks: list[dict[str, Any]]) -> list[Any]:
        out = []
        for i, task in enumerate(tasks):
            out.append(fn(task))
            if progress is not None:
                progress(i + 1, len(tasks))
        return out

    return mapper


def _cached(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    from dashboard.state import run_store

    store = run_store()
    hit = store.get(key)  # type: ignore[arg-type]
    if hit is None:
        hit = compute()
        store.put(key, hit)  # type: ignore[arg-type]
    return hit


def cached(key: tuple[Any, ...]) -> Any | None:
    """A cached analysis result, or None."""
    from dashboard.state import run_store

    return run_store().get(key)  # type: ignore[arg-type]


# ---------------------------------------------------------------- start-loan budget
#: a budget's share of futures is settled when its Wilson interval of this probability
#: lies on one side of the required confidence
BUDGET_CERTAINTY = 0.95
#: replications per budget before more are added to the undecided ones
BUDGET_MIN_REPS = 20


def budget_key(
    scenario: sim.Scenario,
    budgets: Sequence[float],
    reps: int,
    seed: int,
    target: str,
    from_year: int,
    confidence: float,
) -> tuple[Any, ...]:
    """Cache key of a budget verdict."""
    return (
        "budget_verdict",
        scenario.sha256(),
        tuple(budgets),
        int(reps),
        int(seed),
        target,
        int(from_year),
        float(confidence),
    )


def run_budget_verdict(
    scenario: sim.Scenario,
    budgets: Sequence[float],
    reps: int,
    seed: int,
    target: str,
    from_year: int,
    confidence: float,
    progress: Progress | None = None,
) -> analysis.ShareVerdict:
    """:func:`sim.analysis.share_verdict` over the yearly start-loan budget (cached).

    Replications are added to the undecided budgets (from :data:`BUDGET_MIN_REPS`, at most
    ``reps`` per budget) until the cheapest budget is settled or cannot be; ``frame()`` has
    one row per budget: KPI means with 95 % intervals, paired differences to the budget as
    given, and the share of futures meeting ``target`` with its Wilson interval.
    """

    def compute() -> analysis.ShareVerdict:
        return analysis.share_verdict(
            scenario,
            BUDGET_PATH,
            list(budgets),
            [target],
            from_year=from_year,
            confidence=confidence,
            certainty=BUDGET_CERTAINTY,
            replications="auto",
            min_replications=min(BUDGET_MIN_REPS, int(reps)),
            max_replications=int(reps),
            seed=seed,
            kpis=list(dict.fromkeys([*analysis.HEADLINE_KPIS, *BUDGET_KPIS])),
            mapper=counting_mapper(None),
            progress=progress,
        )

    return _cached(budget_key(scenario, budgets, reps, seed, target, from_year, confidence), compute)


# ---------------------------------------------------------------- stock sizing
def sizing_key(scenario: sim.Scenario, params: Mapping[str, Any]) -> tuple[Any, ...]:
    """Cache key of a stock sizing."""
    return ("size_stock", scenario.sha256(), tuple(sorted((k, repr(v)) for k, v in params.items())))


def run_sizing(
    scenario: sim.Scenario, params: Mapping[str, Any], progress: Progress | None = None
) -> analysis.SizingResult:
    """:func:`sim.analysis.size_stock` with ``params`` as keyword arguments (cached).

    ``progress(replications, level)`` is called after each plan the search evaluates.
    """

    def compute() -> analysis.SizingResult:
        return analysis.size_stock(scenario, mapper=counting_mapper(None), progress=progress, **params)

    return _cached(sizing_key(scenario, params), compute)


def plan_frame(result: analysis.SizingResult) -> pd.DataFrame:
    """The plan's additions as rows ``year, dwelling_type, instrument, count``.

    Tilvisning agreements found by the sizing count their nominated units.
    """
    rows = [
        {
            "year": int(p["year"]),
            "dwelling_type": str(p["dwelling_type"]),
            "instrument": str(p["instrument"]),
            "count": int(p["count"]),
        }
        for p in result.stock_plan
    ]
    for a in result.tilvisning_agreements:
        rows.append(
            {
                "year": int(str(a["first_occupancy"])[:4]),
                "dwelling_type": f"tilvisning_{a.get('size_class', '')}".rstrip("_"),
                "instrument": "tilvisning",
                "count": round(float(a["units"]) * float(a["municipal_share"])),
            }
        )
    return pd.DataFrame(rows, columns=["year", "dwelling_type", "instrument", "count"])


# ---------------------------------------------------------------- tilvisning workshop
def new_card(start_year: int, index: int) -> dict[str, Any]:
    """A fresh agreement card on Selvaag-like terms (40 units, half nominated, 30 years)."""
    return {
        "name": f"avtale_{index}",
        "units": 40,
        "municipal_share": 0.5,
        "start_year": int(start_year),
        "duration_years": 30.0,
    }


def card_problems(card: Mapping[str, Any], first_year: int, last_year: int) -> list[str]:
    """Problems with a card as message keys (``tilv.err_*``); empty when it is usable."""
    out = []
    if int(card.get("units", 0)) < 1:
        out.append("tilv.err_units")
    share = float(card.get("municipal_share", 0.0))
    if not 0.0 < share <= 1.0:
        out.append("tilv.err_share")
    if not first_year <= int(card.get("start_year", first_year)) <= last_year:
        out.append("tilv.err_year")
    if float(card.get("duration_years", 0.0)) <= 0:
        out.append("tilv.err_duration")
    return out


def with_cards(scenario: sim.Scenario, cards: Sequence[Mapping[str, Any]], name: str) -> sim.Scenario:
    """The scenario with exactly these agreements (its own are replaced).

    Built with :func:`sim.analysis.tilvisning.agreement`; raises :class:`sim.ScenarioError`
    if the result is not a valid scenario.
    """
    data = scenario.model_dump(mode="json")
    data["tilvisning_agreements"] = [
        analysis.agreement(
            units=int(c["units"]),
            start_year=int(c["start_year"]),
            municipal_share=float(c["municipal_share"]),
            duration_years=float(c["duration_years"]),
            name=f"{i + 1}_{c.get('name') or 'avtale'}"[:60],
        )
        for i, c in enumerate(cards)
    ]
    data["name"] = name
    return sim.scenario_from_dict(data, file="<workshop>")
