"""Stock sizing (the planners' question): the smallest year-by-year plan of additions that
keeps service targets in every year, within ramp-up limits.

Method: **year-by-year greedy search on common random numbers** (see docs/ANALYSES.md).

1. Years are taken in order from ``from_year``. Dwellings that serve year ``y`` are decided
   in year ``y - lead_years`` (default one year ahead: a purchase takes months); decisions
   before the scenario's first year are made in the first year.
2. For year ``y`` the scenario with the plan so far is simulated **up to the end of year
   y only** (later years cannot change earlier ones), on the same replications for every
   candidate. Year ``y`` *meets* the targets when, with ``criterion="share"``, the share
   of replications in which every target holds in year ``y`` is at least ``confidence``;
   with ``criterion="mean"``, when the replication mean of each metric meets its target
   (the target in expectation, used for the textbook check).
3. If year ``y`` does not meet them, the fewest extra dwellings ``k`` in the decision year
   are found by bisection on ``k`` between 0 (fails) and the year's remaining ramp-up room
   (``max_additions_per_year`` minus what is already planned that year). Extra dwellings
   help in expectation (more stock never lengthens the queue), and on common random
   numbers the share meeting the target is almost a step function of ``k``.
4. If even the full room does not suffice, earlier decision years with room left are
   filled (up to ``backfill_years`` back, latest first); if the target still fails the
   year is reported *not met* with the share reached, and the search moves on. Room is
   only filled when it raises the share of futures meeting the target or shrinks the mean
   shortfall (by how much the target is missed): dwellings of the
   chosen types that do not help (for example ordinary flats when the broken promises
   are to households needing a care dwelling) are not bought.
5. The additions of a year are split over the chosen dwelling types by ``mix`` (largest
   remainder) and over instruments in the order given: ``lease:5,purchase`` means up to 5
   leases a year, the rest purchases. Types with services use ``care_build`` when it is
   allowed. Leases run to the horizon; ``tilvisning`` adds an agreement on Selvaag terms
   (50 % nominated, 30 years) from 1 July of the decision year, as many units as needed.

6. Decisions for later years can change earlier years a little (a dwelling decided in
   year ``d`` is there from ``d`` on, and on common random numbers more stock can still
   flip a replication the other way), so the pass over the years is repeated with the
   whole plan until a pass adds nothing (at most ``max_passes``); ``converged`` says so.

A pass only adds to the plan, so each ends after at most ``years x (2 + log2(room))``
evaluations; :attr:`SizingResult.evaluations` lists them so the path can be inspected.
Each year is re-checked at the end on the full horizon.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.analysis.common import (
    Mapper,
    Sample,
    Target,
    evaluate,
    mean_ci,
    paired,
    parse_targets,
)
from sim.analysis.text import fmt_amount, fmt_change, fmt_interval
from sim.loader import scenario_from_dict
from sim.scenario import Scenario

INSTRUMENTS = ("purchase", "lease", "care_build", "tilvisning")
REPORT_KPIS = (
    "dwellings_per_1000",
    "municipal_dwellings",
    "purchases",
    "leases_started",
    "care_builds",
    "cost_municipal_budget_nok",
    "cost_capital_new_nok",
    "cost_municipal_npv_nok",
    "cost_state_nok",
    "cost_state_npv_nok",
    "mean_wait_days",
    "p_wait_over_6_months",
    "temp_nights_families_youth",
)


def parse_instruments(text: str | Sequence[str]) -> list[tuple[str, int | None]]:
    """``"lease:5,purchase"`` -> ``[("lease", 5), ("purchase", None)]``."""
    items = text.split(",") if isinstance(text, str) else list(text)
    out: list[tuple[str, int | None]] = []
    for item in items:
        name, _, cap = str(item).strip().partition(":")
        if name not in INSTRUMENTS:
            raise ValueError(f"unknown instrument {name!r}; choose from {', '.join(INSTRUMENTS)}")
        out.append((name, int(cap) if cap else None))
    if not out:
        raise ValueError("needs at least one instrument")
    return out


def split_counts(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Split ``total`` over keys in proportion to ``weights`` (largest remainder, stable order)."""
    keys = list(weights)
    w = np.array([max(float(weights[k]), 0.0) for k in keys])
    if total <= 0 or w.sum() <= 0:
        return dict.fromkeys(keys, 0)
    exact = total * w / w.sum()
    base = np.floor(exact).astype(int)
    rest = total - int(base.sum())
    order = sorted(range(len(keys)), key=lambda i: (-(exact[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return {k: int(base[i]) for i, k in enumerate(keys)}


@dataclass
class SizingResult:
    """The plan found, how it was found and what it costs."""

    targets: list[str]
    confidence: float
    criterion: str
    from_year: int
    replications: int
    seed: int
    additions_by_year: dict[int, int]
    passes: int
    converged: bool
    stock_plan: list[dict[str, Any]]
    tilvisning_agreements: list[dict[str, Any]]
    years: list[dict[str, Any]] = field(default_factory=list)
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    final: dict[str, Any] = field(default_factory=dict)
    scenario_data: dict[str, Any] = field(default_factory=dict)

    @property
    def total_additions(self) -> int:
        """Dwellings added over the horizon."""
        return int(sum(self.additions_by_year.values()))

    @property
    def all_met(self) -> bool:
        """Every year from ``from_year`` met the targets in the final check."""
        return all(y["met"] for y in self.years)

    def scenario(self) -> Scenario:
        """The scenario with the plan added."""
        return scenario_from_dict(self.scenario_data, file="<size-stock>")

    def to_json_dict(self) -> dict[str, Any]:
        """Plain data for ``--json`` (the plan can be pasted under ``stock_plan:``)."""
        d = {k: v for k, v in self.__dict__.items() if k != "scenario_data"}
        d["additions_by_year"] = {str(k): v for k, v in self.additions_by_year.items()}
        d["total_additions"] = self.total_additions
        d["all_met"] = self.all_met
        return d

    def text(self) -> str:
        """A table for people."""
        lines = [
            f"targets: {' and '.join(self.targets)} in each year from {self.from_year} "
            + (
                f"(in at least {self.confidence:.0%} of futures"
                if self.criterion == "share"
                else "(the replication mean"
            )
            + f"; {self.replications} replications)",
            "decided: dwellings decided that year (ready for later years); stock: yearly mean",
            f"{'year':>6s} {'decided':>8s} {'stock':>8s} {'per 1000':>9s} {'met':>6s} {'share':>6s}",
        ]
        for y in self.years:
            lines.append(
                f"{y['year']:>6d} {y['added']:>8d} {y['dwellings']:>8.1f} {y['dwellings_per_1000']:>9.2f} "
                f"{'yes' if y['met'] else 'NO':>6s} {y['share']:>6.0%}"
            )
        f = self.final
        state = "converged: the last pass added nothing" if self.converged else "NOT converged"
        lines.append(
            f"total added: {self.total_additions} dwellings; {len(self.evaluations)} evaluations in "
            f"{self.passes} passes ({state})"
        )
        if f:
            lines.extend(_cost_lines(f))
        lines.append("stock_plan:")
        for a in self.stock_plan:
            lines.append(
                f"  - {{year: {a['year']}, dwelling_type: {a['dwelling_type']}, "
                f"instrument: {a['instrument']}, count: {a['count']}"
                + (f", contract_years: {a['contract_years']}" if a["instrument"] == "lease" else "")
                + "}"
            )
        for a in self.tilvisning_agreements:
            lines.append(
                f"tilvisning: {a['name']}: {a['units']} units, {a['municipal_share']:.0%} "
                f"from {a['first_occupancy']}"
            )
        return "\n".join(lines)


class _Planner:
    """Turns additions by year into scenario data."""

    def __init__(
        self,
        scenario: Scenario,
        types: Sequence[str],
        mix: Mapping[str, float],
        instruments: list[tuple[str, int | None]],
    ):
        self.base = scenario.model_dump(mode="json")
        self.sc = scenario
        self.types = list(types)
        self.mix = dict(mix)
        self.instruments = instruments
        self.end_year = scenario.end_date.year

    def _instrument_split(self, total: int) -> dict[str, int]:
        out: dict[str, int] = {}
        left = total
        ordinary = [(n, c) for n, c in self.instruments if n != "care_build"]
        for i, (name, cap) in enumerate(ordinary):
            n = left if (cap is None or i == len(ordinary) - 1) else min(cap, left)
            out[name] = out.get(name, 0) + n
            left -= n
            if left <= 0:
                break
        return out

    def actions(self, additions: Mapping[int, int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Stock-plan lines and tilvisning agreements for additions by decision year."""
        plan: list[dict[str, Any]] = []
        agreements: list[dict[str, Any]] = []
        allowed = {n for n, _ in self.instruments}
        for year in sorted(additions):
            total = additions[year]
            if total <= 0:
                continue
            for t, n_type in split_counts(total, {t: self.mix[t] for t in self.types}).items():
                if n_type <= 0:
                    continue
                services = self.sc.dwelling_types[t].services
                if services and "care_build" in allowed:
                    split = {"care_build": n_type}
                else:
                    split = self._instrument_split(n_type)
                for instrument, n in split.items():
                    if n <= 0:
                        continue
                    if instrument == "tilvisning":
                        share = 0.5
                        agreements.append(
                            {
                                "name": f"sizing_{year}_{t}"[:60],
                                "units": math.ceil(n / share),
                                "municipal_share": share,
                                "first_occupancy": dt.date(year, 7, 1).isoformat(),
                                "duration_years": 30,
                                "size_class": self.sc.dwelling_types[t].size_class,
                            }
                        )
                        continue
                    line: dict[str, Any] = {
                        "year": year,
                        "dwelling_type": t,
                        "instrument": instrument,
                        "count": int(n),
                    }
                    if instrument == "lease":
                        line["contract_years"] = float(self.end_year - year + 1)
                    plan.append(line)
        return plan, agreements

    def data(self, additions: Mapping[int, int], until_year: int | None = None) -> dict[str, Any]:
        """Scenario data with the additions, optionally cut at the end of ``until_year``."""
        import copy

        data = copy.deepcopy(self.base)
        plan, agreements = self.actions(additions)
        data["stock_plan"] = list(data.get("stock_plan") or []) + plan
        data["tilvisning_agreements"] = list(data.get("tilvisning_agreements") or []) + agreements
        if until_year is not None and until_year < self.end_year:
            end = dt.date(until_year, 12, 31)
            data["end_date"] = end.isoformat()
            data["tilvisning_agreements"] = [
                a
                for a in data["tilvisning_agreements"]
                if dt.date.fromisoformat(str(a["first_occupancy"])) <= end
            ]
        return data

    def scenario(self, additions: Mapping[int, int], until_year: int | None = None) -> Scenario:
        """Validated scenario with the additions."""
        return scenario_from_dict(self.data(additions, until_year), file="<size-stock>")


def _shortfall(t: Target, values: np.ndarray) -> float:
    """Mean distance by which a target is missed (0 where it holds or nothing was observed)."""
    v = np.asarray(values, dtype=float)
    if t.op in ("<=", "<"):
        gap = v - t.value
    elif t.op in (">=", ">"):
        gap = t.value - v
    else:
        gap = np.abs(v - t.value)
    gap = np.where(np.isnan(gap), 0.0, np.maximum(gap, 0.0))
    return float(gap.mean()) if gap.size else 0.0


def _year_met(
    sample: Sample, targets: Sequence[Target], year: int, confidence: float, criterion: str
) -> tuple[bool, float, float]:
    """(met, share, shortfall) for one year of a sample."""
    i = sample.years.index(year)
    ok = np.ones(len(sample.replications), dtype=bool)
    mean_ok = True
    shortfall = 0.0
    for t in targets:
        col = sample.yearly[t.metric][:, i]
        ok &= t.holds(col)
        shortfall += _shortfall(t, col) / max(abs(t.value), 1e-9)
        if criterion == "mean":
            m = float(np.nanmean(col)) if np.any(~np.isnan(col)) else math.nan
            mean_ok &= bool(t.holds(np.array([m]))[0])
    share = float(ok.mean())
    return (share >= confidence if criterion == "share" else mean_ok), share, shortfall


def size_stock(
    scenario: Scenario,
    targets: Sequence[str | Target],
    from_year: int | None = None,
    confidence: float = 0.9,
    types: Sequence[str] | None = None,
    instruments: str | Sequence[str] = "purchase",
    max_additions_per_year: int = 10,
    mix: Mapping[str, float] | None = None,
    lead_years: int = 1,
    backfill_years: int = 2,
    criterion: str = "share",
    replications: int = 20,
    seed: int = 1,
    workers: int = 1,
    mapper: Mapper | None = None,
    progress: Any = None,
    max_passes: int = 3,
) -> SizingResult:
    """The smallest year-by-year plan of additions meeting ``targets`` each year (see module doc).

    ``types`` defaults to the dwelling types without services; ``mix`` (weights by type)
    defaults to their shares of the initial stock. ``progress(year, additions_so_far)`` is
    called after each year. Passes over the years repeat (at most ``max_passes``) until a
    pass adds nothing.
    """
    tg = parse_targets(targets)
    if not tg:
        raise ValueError("size-stock needs at least one --target")
    if criterion not in ("share", "mean"):
        raise ValueError("criterion must be 'share' or 'mean'")
    if max_additions_per_year < 0:
        raise ValueError("max_additions_per_year must not be negative")
    first, last = scenario.start_date.year, scenario.end_date.year
    from_year = first + 1 if from_year is None else from_year
    if not (first <= from_year <= last):
        raise ValueError(f"from_year {from_year} is outside the horizon {first}-{last}")
    all_types = scenario.dwelling_types
    types = list(types) if types else [n for n, t in all_types.items() if not t.services]
    if not types:
        types = list(all_types)
    unknown = [t for t in types if t not in all_types]
    if unknown:
        raise ValueError(f"unknown dwelling type(s): {', '.join(unknown)}; known: {', '.join(all_types)}")
    weights = dict(mix) if mix else {t: max(all_types[t].count, 1) for t in types}
    planner = _Planner(scenario, types, weights, parse_instruments(instruments))
    keep = [t.metric for t in tg]
    additions: dict[int, int] = {}
    evaluations: list[dict[str, Any]] = []
    cache: dict[tuple, tuple[bool, float, float]] = {}

    def check(adds: dict[int, int], year: int) -> tuple[bool, float, float]:
        key = (year, tuple(sorted((k, v) for k, v in adds.items() if v > 0)))
        if key not in cache:
            sc = planner.scenario(adds, until_year=year)
            sample = evaluate([sc], replications, seed=seed, workers=workers, yearly=keep, mapper=mapper)[0]
            cache[key] = _year_met(sample, tg, year, confidence, criterion)
            evaluations.append(
                {
                    "year": year,
                    "additions": dict(adds),
                    "met": cache[key][0],
                    "share": cache[key][1],
                    "shortfall": cache[key][2],
                }
            )
        return cache[key]

    passes_done, converged = 0, False
    for n_pass in range(max_passes):
        before = dict(additions)
        for year in range(from_year, last + 1):
            met, share_now, short_now = check(additions, year)
            if not met:
                decision_years = [max(first, year - lead_years - b) for b in range(backfill_years + 1)]
                for d in dict.fromkeys(decision_years):  # latest first, no repeats
                    room = max_additions_per_year - additions.get(d, 0)
                    if room <= 0:
                        continue
                    trial = {**additions, d: additions.get(d, 0) + room}
                    ok, share_full, short_full = check(trial, year)
                    if not ok:
                        if share_full <= share_now and short_full >= 0.99 * short_now:
                            break  # these dwellings do not help this target: buy none for it
                        additions, share_now, short_now = trial, share_full, short_full  # look further back
                        continue
                    lo, hi = 0, room  # lo fails, hi meets
                    while hi - lo > 1:
                        mid = (lo + hi) // 2
                        ok_mid = check({**additions, d: additions.get(d, 0) + mid}, year)[0]
                        if ok_mid:
                            hi = mid
                        else:
                            lo = mid
                    additions = {**additions, d: additions.get(d, 0) + hi}
                    break
            if progress is not None:
                progress(year, sum(additions.values()))
        passes_done = n_pass + 1
        if additions == before:
            converged = True
            break

    additions = {y: n for y, n in sorted(additions.items()) if n > 0}
    final_sc = planner.scenario(additions)
    final, ref = evaluate(
        [final_sc, scenario], replications, seed=seed, workers=workers, yearly=None, mapper=mapper
    )
    years_out = []
    for year in range(from_year, last + 1):
        met, share, _ = _year_met(final, tg, year, confidence, criterion)
        i = final.years.index(year)
        years_out.append(
            {
                "year": year,
                "added": int(additions.get(year, 0)),
                "met": met,
                "share": share,
                "dwellings": float(np.nanmean(final.yearly["municipal_dwellings"][:, i])),
                "dwellings_per_1000": float(np.nanmean(final.yearly["dwellings_per_1000"][:, i])),
                **{str(t): float(np.nanmean(final.yearly[t.metric][:, i])) for t in tg},
            }
        )
    summary = {
        k: {**mean_ci(final.kpis[k]), "diff": paired(ref.kpis[k], final.kpis[k])}
        for k in REPORT_KPIS
        if k in final.kpis
    }
    plan, agreements = planner.actions(additions)
    return SizingResult(
        targets=[str(t) for t in tg],
        confidence=confidence,
        criterion=criterion,
        from_year=from_year,
        replications=len(final.replications),
        seed=seed,
        additions_by_year=additions,
        passes=passes_done,
        converged=converged,
        stock_plan=plan,
        tilvisning_agreements=agreements,
        years=years_out,
        evaluations=evaluations,
        final=summary,
        scenario_data=planner.data(additions),
    )


def _cost_lines(final: Mapping[str, Any]) -> list[str]:
    """What the plan costs, each figure labelled: levels as levels, changes as changes
    against the scenario without the plan's additions."""
    out = ["what the plan costs (change = with the plan - without its additions):"]
    for kpi, what in (
        ("cost_municipal_budget_nok", "municipal budget, NOK nominal, sum over the horizon"),
        ("cost_municipal_npv_nok", "municipality, present value, NOK in real first-year prices"),
        ("cost_state_npv_nok", "state, present value, NOK in real first-year prices"),
    ):
        f = final.get(kpi)
        if not f:
            continue
        d = f.get("diff", {})
        lo, hi = d.get("ci95", [None, None]) if isinstance(d.get("ci95"), list) else (None, None)
        out.append(
            f"  {what}: {fmt_amount(kpi, f.get('mean'))}; "
            f"change {fmt_change(kpi, d.get('mean'), 'no additions', (lo, hi))} {fmt_interval(kpi, lo, hi)}"
        )
    return out
