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
from dashboard.i18n import fmt_number, parse_nok
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
    "allocations",
    "allocations_tilvisning",
    "cost_municipal_budget_nok",
    "cost_municipal_npv_nok",
    "cost_tilvisning_nok",
    "cost_capital_new_nok",
    "cost_state_npv_nok",
)
SIZING_TARGET_METRICS: tuple[str, ...] = ("p_wait_over_6_months", "mean_wait_days", "hospits_nights")

Progress = Callable[[int, int], None]


def short_hash(scenario: sim.Scenario) -> str:
    """The first 8 hex digits of the scenario's content hash (shown in every caption)."""
    return scenario.sha256()[:8]


def default_budgets(current: float) -> list[float]:
    """0, ½, 1, 1½, 2 and 3 times the current yearly budget (whole kroner, no repeats)."""
    return list(dict.fromkeys(float(round(f * current)) for f in BUDGET_FACTORS))


def budgets_text(budgets: Sequence[float], lang: str) -> str:
    """Budgets as typed in the budget box: millions of kroner, ``;`` between."""
    return "; ".join(fmt_number(b / 1e6, lang, 0 if float(b / 1e6).is_integer() else 1) for b in budgets)


def parse_budgets(text: str, lang: str = "nb") -> list[float]:
    """Budgets in NOK from text such as ``"0; 13; 26,5 mill; 39 000 000"`` (sorted, no repeats).

    Values are separated by ``;`` or new lines and read by :func:`dashboard.i18n.parse_nok`
    (a plain number is millions, a large one kroner). Raises ``ValueError`` with the part
    that could not be read, for a negative value, or ``""`` for an empty list.
    """
    out: list[float] = []
    for part in text.replace("\n", ";").split(";"):
        if not part.strip():
            continue
        try:
            value = parse_nok(part, lang)
        except ValueError:
            raise ValueError(part.strip()) from None
        if not math.isfinite(value) or value < 0:
            raise ValueError(part.strip())
        out.append(float(round(value)))
    if not out:
        raise ValueError("")
    return sorted(dict.fromkeys(out))


def counting_mapper(progress: Progress | None) -> analysis.common.Mapper:
    """A mapper on the server's warm process pool (:func:`dashboard.state.worker_pool`) that
    reports ``progress(done, total)`` as the replications come back, in order.

    Streamlit stops a script at its next interaction with the page, so a click while this
    runs (the cancel button) ends the run at the next replication: the replications not yet
    started are cancelled, the pool stays up for the next run.
    """
    from dashboard.state import worker_pool

    def mapper(fn: Callable[[dict[str, Any]], dict[str, Any]], tasks: list[dict[str, Any]]) -> list[Any]:
        out = []
        for answer in worker_pool().imap(fn, tasks):
            out.append(answer)
            if progress is not None:
                progress(len(out), len(tasks))
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


def with_share_intervals(frame: pd.DataFrame) -> pd.DataFrame:
    """The verdict's rows with the share's Wilson interval under the names the charts use
    (``share_meeting_targets_ci95_low``/``_high``)."""
    out = frame.copy()
    out["share_meeting_targets_ci95_low"] = out["share_low"]
    out["share_meeting_targets_ci95_high"] = out["share_high"]
    return out


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
                "dwelling_type": "tilvisning",
                "instrument": "tilvisning",
                "count": round(float(a["units"]) * float(a["municipal_share"])),
            }
        )
    return pd.DataFrame(rows, columns=["year", "dwelling_type", "instrument", "count"])


# ---------------------------------------------------------------- tilvisning workshop
#: the sets of terms a workshop starts from: Oslo-Selvaag, Husbanken's minimum, and an
#: agreement that ends before the horizon (NIBR report 7.6.2; sim.analysis.tilvisning.TERMS)
START_CARDS: tuple[dict[str, Any], ...] = (
    {"name": "Selvaag", "units": 40, "municipal_share": 0.5, "duration_years": 30.0},
    {"name": "Husbanken", "units": 40, "municipal_share": 0.4, "duration_years": 20.0},
    {"name": "10 år", "units": 40, "municipal_share": 0.5, "duration_years": 10.0},
)


def start_cards(start_year: int) -> list[dict[str, Any]]:
    """The workshop's first cards (ids 0, 1, 2), all starting in ``start_year``."""
    return [{"id": i, **card, "start_year": int(start_year)} for i, card in enumerate(START_CARDS)]


def new_card(start_year: int, index: int) -> dict[str, Any]:
    """A fresh agreement card on Selvaag-like terms (40 units, half nominated, 30 years)."""
    return {
        "name": f"{index}",
        "units": 40,
        "municipal_share": 0.5,
        "start_year": int(start_year),
        "duration_years": 30.0,
    }


def card_problems(card: Mapping[str, Any], first_year: int, last_year: int) -> list[str]:
    """Problems with a card as message keys (``tilv.err_*``); empty when it is usable."""
    out = []
    if card.get("units") is None or int(card.get("units", 0)) < 1:
        out.append("tilv.err_units")
    share = card.get("municipal_share")
    if share is None or not 0.0 < float(share) <= 1.0:
        out.append("tilv.err_share")
    if not first_year <= int(card.get("start_year", first_year)) <= last_year:
        out.append("tilv.err_year")
    if card.get("duration_years") is None or float(card.get("duration_years", 0.0)) <= 0:
        out.append("tilv.err_duration")
    return out


def nominated(card: Mapping[str, Any]) -> int:
    """Dwellings the municipality nominates to under a card's terms."""
    return round(int(card["units"]) * float(card["municipal_share"]))


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
            name=f"avtale_{i + 1}",
        )
        for i, c in enumerate(cards)
    ]
    data["name"] = name
    return sim.scenario_from_dict(data, file="<workshop>")


def workshop_columns(
    scenario: sim.Scenario,
    cards: Sequence[Mapping[str, Any]],
    buy_like: int | None,
    names: Mapping[str, str],
) -> dict[str, sim.Scenario]:
    """One scenario per column of the workshop, by column title: the reference without any
    agreement, one per card (that agreement alone, so the terms compare side by side) and,
    when ``buy_like`` is a card's index, buying as many dwellings as that card nominates,
    the year before it starts (:func:`sim.analysis.buy_instead`).

    ``names`` gives the titles: ``reference``, ``card`` (with ``{name}``) and ``buy``
    (with ``{n}`` and ``{year}``). Scenario names are plain file-safe names.
    """
    out: dict[str, sim.Scenario] = {names["reference"]: analysis.no_agreement(scenario, name="uten_avtale")}
    for i, card in enumerate(cards):
        title = names["card"].format(name=str(card.get("name") or i + 1))
        if title in out:
            title = f"{title} ({i + 1})"
        out[title] = with_cards(scenario, [card], name=f"avtale_{i + 1}")
    if buy_like is not None and 0 <= buy_like < len(cards):
        card = cards[buy_like]
        year = max(scenario.start_date.year, int(card["start_year"]) - 1)
        n = nominated(card)
        out[names["buy"].format(n=n, year=year)] = analysis.buy_instead(scenario, n, year, name=f"kjop_{n}")
    return out
