"""Stock sizing (the planners' question): the smallest plan of additions that keeps service
targets in every year, as a plan a municipality can carry out, with an answer that does not
move with the seed.

**The plans searched** (:class:`PlanFamily`). A plan is one number, the *level* ``C``: the
municipality keeps ``C`` dwellings more than the scenario's own plan from ``from_year``
on, and keeps that surplus in step with the population after it (``C × population(y) /
population(from_year)`` in year ``y``, never falling). The surplus is split over the
chosen dwelling types in proportion to ``mix`` (a house-monotone split: a larger level
never takes a dwelling away from a type). A dwelling serving year ``y`` is decided ``lead``
years before (one year for purchases, leases and tilvisning; the build time for care
builds, two years by default). The catch-up is bought **as fast as the ramp-up limit
allows** from the scenario's first year; after it, the yearly decisions keep pace with
the population. So the plan is a smooth yearly rate with a lead time and no on/off
pattern, and a larger level adds dwellings in every year without removing any.

**The search** (common random numbers). Every candidate level runs the whole horizon on
the same replications, so the candidates meet the same households. Year ``y`` meets the
targets when the mean over futures of each target's metric meets it (``criterion="mean"``)
or when the share of futures in which every target holds in that year is at least
``confidence`` (``criterion="share"``). ``h(C)``, the largest shortfall over the target
years, falls as ``C`` grows; the smallest level with ``h(C) <= 0`` is found by a bracketed
secant search on whole numbers (bisection when the secant stalls).

**Years the ramp limits.** From a year's *ramp cap* on (:meth:`PlanFamily.ramp_caps`: the
smallest level at which every decision year up to it is at the yearly limit) no larger plan
has a dwelling more in place by the end of that year; only the split over types differs. So
a year binds the search below its cap and counts as met from it on: the plan goes as far
as the ramp allows for that year and no further (past the cap the year's shortfall moves
with the split over types, not with the level, and chasing it made the answer move with the
seed). A year missed at its cap with certainty (its ``certainty`` interval wholly beyond the
target there), or, where the ramp does not limit it, missed by the largest level the search
may use, is *not reachable* with the chosen types at that yearly limit and left out of
``h``. The verdict is taken on each round's replications where it decides the answer, so a
verdict of the coarse search's few replications does not stand for the rest. Probes with
each dwelling type then say which types would meet the years not reachable
(:attr:`SizingResult.type_advice`).

**How many replications** (``replications="auto"``). The answer is a property of the
scenario when its sampling error is small: replications are resampled (bootstrap, the
same resample for every candidate, so the pairing of common random numbers is kept), the
level is found again in every resample, and the interval of the total at ``certainty``
(default 90 %) is the plan's own uncertainty. Replications are added (never re-drawn:
replication ``r`` is the same in every round) until that interval's half-width is within
``tolerance`` (default: 10 % of the total or 4 dwellings, whichever is larger), or
``max_replications`` is reached, which the result states ("cannot be settled within N
replications"). Each year's decision comes with its range over the bootstrap, and each
year's verdict at the plan is settled (its ``certainty`` interval on one side of the
target) or *at the target* (the binding years, within the precision).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.analysis.common import (
    Mapper,
    Target,
    evaluate,
    mean_ci,
    paired,
    parse_targets,
    share_interval,
)
from sim.analysis.text import fmt_amount, fmt_change, fmt_interval
from sim.loader import scenario_from_dict
from sim.scenario import Scenario

INSTRUMENTS = ("purchase", "lease", "care_build", "tilvisning")
#: KPIs reported for the plan against the scenario as given (those the model reports)
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
#: yearly metrics kept besides the targets (for the year-by-year table)
STOCK_METRICS = ("municipal_dwellings", "dwellings_per_1000")
BOOTSTRAP_RESAMPLES = 400
#: replications on which the plan is compared with the scenario as given (paired)
COMPARE_REPLICATIONS = 32
#: the fewest replications whose bootstrap may declare the answer settled
SETTLE_MIN_REPLICATIONS = 48
#: the slope of the shortfall is measured over this many levels (at least) ...
SLOPE_SPAN = 5
#: ... on at most this many replications
SLOPE_REPLICATIONS = 48
#: the default tolerance: the total is settled when its interval is within +- the larger of
#: this many dwellings and this share of the total
TOLERANCE_DWELLINGS = 4.0
TOLERANCE_SHARE = 0.10


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


@functools.lru_cache(maxsize=512)
def _apportion_order(weights: tuple[float, ...], n: int) -> tuple[int, ...]:
    """The type each of the first ``n`` dwellings goes to under :func:`apportion` (the
    order does not depend on the total, so one order serves every total up to ``n``)."""
    w = np.array(weights)
    w = w / w.sum()
    counts = np.zeros(len(w), dtype=int)
    order = []
    for i in range(1, n + 1):
        k = int(np.argmax(w * i - counts))  # the type furthest behind its share
        counts[k] += 1
        order.append(k)
    return tuple(order)


def apportion(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights``, house-monotone: ``apportion(n + 1)`` is
    ``apportion(n)`` plus one dwelling for one type, so a larger plan never takes a dwelling
    away from a type (largest remainder can, the Alabama paradox)."""
    keys = list(weights)
    w = tuple(max(float(weights[k]), 0.0) for k in keys)
    if total <= 0 or sum(w) <= 0:
        return dict.fromkeys(keys, 0)
    # the plan family asks for the same weights at many totals: one cached order (its length
    # rounded up to a power of two) answers them all
    order = _apportion_order(w, 1 << (int(total) - 1).bit_length())[:total]
    counts = np.bincount(np.array(order, dtype=int), minlength=len(keys))
    return {k: int(c) for k, c in zip(keys, counts, strict=True)}


def _allocate(room: int, deficits: Mapping[str, int]) -> dict[str, int]:
    """Give up to ``room`` dwellings to types in proportion to what each still lacks (so a
    type with a small share still gets its part of every year's catch-up)."""
    need = {k: max(0, int(v)) for k, v in deficits.items()}
    n = min(max(0, room), sum(need.values()))
    out = apportion(n, {k: float(v) for k, v in need.items()}) if n else dict.fromkeys(need, 0)
    over = sum(max(0, out[k] - need[k]) for k in need)
    out = {k: min(out[k], need[k]) for k in need}
    for _ in range(over):  # rounding gave a type more than it lacks: pass it on
        k = max(need, key=lambda t: need[t] - out[t])
        out[k] += 1
    return out


def population_on_1_january(scenario: Scenario) -> dict[int, float]:
    """Inhabitants on 1 January of every year of the horizon (the scenario's population path)."""
    from sim.demography import daily_population

    start, end = scenario.start_date, scenario.end_date
    daily = daily_population(scenario.population.by_year, start, (end - start).days + 1)
    return {
        y: float(daily[(dt.date(y, 1, 1) - start).days if y > start.year else 0])
        for y in range(start.year, end.year + 1)
    }


@dataclass(frozen=True)
class PlanFamily:
    """The plans a planner can carry out, indexed by one whole number, the level ``C``.

    ``extra(C)`` is the surplus over the scenario's own plan by service year;
    ``additions(C)`` the decisions by decision year and type that deliver it: the catch-up
    as fast as ``max_per_year`` allows from ``first_year``, then keeping pace.
    """

    types: tuple[str, ...]
    weights: tuple[float, ...]
    leads: tuple[int, ...]
    first_year: int
    last_year: int
    from_year: int
    max_per_year: int
    population: tuple[tuple[int, float], ...]

    def extra(self, level: int) -> dict[int, int]:
        """Dwellings more than the scenario's own plan in each service year from ``from_year``."""
        pop = dict(self.population)
        base = pop[self.from_year]
        out: dict[int, int] = {}
        prev = 0
        for y in range(self.from_year, self.last_year + 1):
            prev = max(prev, round(level * pop[y] / base)) if level > 0 else 0
            out[y] = prev
        return out

    def additions(self, level: int) -> dict[int, dict[str, int]]:
        """Dwellings decided in each decision year, by type (only years and types with some)."""
        weights = dict(zip(self.types, self.weights, strict=True))
        extra = self.extra(level)
        need = {y: apportion(e, weights) for y, e in extra.items()}
        last = self.last_year
        done = dict.fromkeys(self.types, 0)
        out: dict[int, dict[str, int]] = {}
        for d in range(self.first_year, last + 1):
            deficits = {}
            for t, lead in zip(self.types, self.leads, strict=True):
                serve = min(max(self.from_year, d + lead), last)  # catch-up: aim at from_year now
                deficits[t] = need[serve][t] - done[t]
            got = _allocate(self.max_per_year, deficits)
            for t, n in got.items():
                done[t] += n
            if any(got.values()):
                out[d] = {t: n for t, n in got.items() if n > 0}
        return out

    def total(self, level: int) -> int:
        """Dwellings the plan at ``level`` adds over the horizon."""
        return sum(sum(v.values()) for v in self.additions(level).values())

    def per_1000(self, level: int) -> float:
        """The level as dwellings per 1000 inhabitants in ``from_year``."""
        return 1000.0 * level / dict(self.population)[self.from_year]

    def ramp_full_until(self, level: int) -> int:
        """The last year up to which the plan at ``level`` decides ``max_per_year`` dwellings
        in every year from ``first_year`` (``first_year - 1`` when not even in the first)."""
        adds = self.additions(level)
        y = self.first_year
        while y <= self.last_year and sum(adds.get(y, {}).values()) >= self.max_per_year:
            y += 1
        return y - 1

    def ramp_caps(self, max_level: int) -> dict[int, int]:
        """For each year the ramp limits within ``max_level``: the smallest level from which
        every decision year up to it is at the limit. From that level on no larger plan has a
        dwelling more in place by the end of that year (only the split over types can differ),
        so the year's service is as good as the ramp allows; years absent are not limited.

        Found by bisection: the years at the limit only grow with the level (the catch-up
        only gets longer).
        """
        memo: dict[int, int] = {}

        def full_until(level: int) -> int:
            if level not in memo:
                memo[level] = self.ramp_full_until(level)
            return memo[level]

        caps: dict[int, int] = {}
        lo = 0
        for y in range(self.first_year, full_until(max_level) + 1):
            hi = max_level
            while lo < hi:
                mid = (lo + hi) // 2
                if full_until(mid) >= y:
                    hi = mid
                else:
                    lo = mid + 1
            caps[y] = lo
        return caps


class _Planner:
    """Turns additions by decision year and type into scenario data."""

    def __init__(self, scenario: Scenario, instruments: list[tuple[str, int | None]]):
        self.base = scenario.model_dump(mode="json")
        self.sc = scenario
        self.instruments = instruments
        self.end_year = scenario.end_date.year

    def _instrument_split(self, total: int) -> dict[str, int]:
        out: dict[str, int] = {}
        left = total
        ordinary = [(n, c) for n, c in self.instruments if n != "care_build"] or [("purchase", None)]
        for i, (name, cap) in enumerate(ordinary):
            n = left if (cap is None or i == len(ordinary) - 1) else min(cap, left)
            out[name] = out.get(name, 0) + n
            left -= n
            if left <= 0:
                break
        return out

    def builds(self, dwelling_type: str) -> bool:
        """Dwellings of this type are built (care_build) rather than bought."""
        allowed = {n for n, _ in self.instruments}
        return bool(self.sc.dwelling_types[dwelling_type].services and "care_build" in allowed)

    def actions(
        self, additions: Mapping[int, Mapping[str, int]]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Stock-plan lines and tilvisning agreements for additions by decision year and type."""
        plan: list[dict[str, Any]] = []
        agreements: list[dict[str, Any]] = []
        for year in sorted(additions):
            for t, n_type in additions[year].items():
                if n_type <= 0:
                    continue
                split = {"care_build": n_type} if self.builds(t) else self._instrument_split(n_type)
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

    def data(
        self, additions: Mapping[int, Mapping[str, int]], until_year: int | None = None
    ) -> dict[str, Any]:
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

    def scenario(
        self,
        additions: Mapping[int, Mapping[str, int]],
        until_year: int | None = None,
        name: str | None = None,
    ) -> Scenario:
        """Validated scenario with the additions."""
        data = self.data(additions, until_year)
        if name:
            data["name"] = name
        return scenario_from_dict(data, file="<size-stock>")


# ---------------------------------------------------------------- statistics of one year
def _z(level: float) -> float:
    """Two-sided normal quantile for a central interval of probability ``level``."""
    from scipy import stats

    return float(stats.norm.ppf(0.5 + level / 2))


def _t_interval(values: np.ndarray, level: float) -> tuple[float, float, float]:
    """Mean and central ``level`` t-interval (NaN ignored)."""
    from scipy import stats

    v = values[~np.isnan(values)]
    if len(v) == 0:
        return (math.nan, math.nan, math.nan)
    m = float(v.mean())
    if len(v) < 2:
        return (m, -math.inf, math.inf)
    hw = float(stats.t.ppf(0.5 + level / 2, len(v) - 1) * v.std(ddof=1) / math.sqrt(len(v)))
    return (m, m - hw, m + hw)


def _scale(t: Target) -> float:
    return max(abs(t.value), 1e-9) if t.value != 0 else 1.0


def _shortfalls(
    values: Mapping[str, np.ndarray], targets: Sequence[Target], criterion: str, confidence: float
) -> np.ndarray:
    """Shortfall of every year (> 0: missed) from per-replication values.

    ``values[metric]`` has shape ``(..., reps, years)``; the result ``(..., years)``. For
    ``mean`` the shortfall is the largest relative distance by which a target's mean misses
    (a year without an observation meets it); for ``share`` it is ``confidence`` minus the
    share of replications in which every target holds that year.
    """
    first = values[targets[0].metric]
    if criterion == "share":
        ok = np.ones(first.shape, dtype=bool)
        for t in targets:
            ok &= t.holds(values[t.metric])
        return confidence - ok.mean(axis=-2)
    out = np.full(first.shape[:-2] + first.shape[-1:], -np.inf)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # years nobody was observed: all NaN
        for t in targets:
            m = np.nanmean(values[t.metric], axis=-2)
            gap = (
                (m - t.value)
                if t.op in ("<=", "<")
                else (t.value - m)
                if t.op in (">=", ">")
                else np.abs(m - t.value) - 1e-9
            )
            gap = np.where(np.isnan(gap), -1.0, gap / _scale(t))
            out = np.maximum(out, gap)
    return out


# ---------------------------------------------------------------- evaluations
class _Runs:
    """Every (level, replication) simulated so far: the target metrics by year and the KPIs."""

    def __init__(
        self,
        family: PlanFamily,
        planner: _Planner,
        metrics: Sequence[str],
        seed: int,
        mapper: Mapper | None,
        workers: int,
    ):
        self.family, self.planner = family, planner
        self.metrics = list(dict.fromkeys([*metrics, *STOCK_METRICS]))
        self.seed, self.mapper, self.workers = seed, mapper, workers
        self.store: dict[tuple[int, int], tuple[dict[str, float], dict[str, np.ndarray]]] = {}
        self.years: list[int] = []
        self.simulated = 0

    def scenario(self, level: int) -> Scenario:
        return self.planner.scenario(
            self.family.additions(level), name=f"{self.planner.sc.name}+{level}"[:80]
        )

    def ensure(self, levels: Sequence[int], reps: Sequence[int]) -> None:
        """Simulate whatever is missing of ``levels`` x ``reps`` in one batch."""
        todo = []
        for c in dict.fromkeys(levels):
            missing = [r for r in reps if (c, r) not in self.store]
            if missing:
                todo.append((c, missing))
        if not todo:
            return
        samples = evaluate(
            [self.scenario(c) for c, _ in todo],
            1,
            seed=self.seed,
            workers=self.workers,
            yearly=self.metrics,
            mapper=self.mapper,
            replications_by_scenario=[m for _, m in todo],
        )
        for (c, missing), s in zip(todo, samples, strict=True):
            self.years = list(s.years)
            for i, r in enumerate(missing):
                self.store[(c, r)] = (
                    {k: float(v[i]) for k, v in s.kpis.items()},
                    {m: s.yearly[m][i] for m in s.yearly},
                )
            self.simulated += len(missing)

    def yearly(self, level: int, reps: Sequence[int], metric: str) -> np.ndarray:
        """(reps, years) values of a yearly metric."""
        return np.array([self.store[(level, r)][1][metric] for r in reps], dtype=float)

    def kpis(self, level: int, reps: Sequence[int]) -> dict[str, np.ndarray]:
        names = list(self.store[(level, reps[0])][0])
        return {k: np.array([self.store[(level, r)][0].get(k, np.nan) for r in reps]) for k in names}


# ---------------------------------------------------------------- the result
@dataclass
class SizingResult:
    """The plan found, how sure the answer is, and what it costs."""

    targets: list[str]
    criterion: str
    confidence: float
    certainty: float
    from_year: int
    replications: int
    seed: int
    level: int
    per_1000: float
    additions_by_year: dict[int, int]
    additions_by_year_type: dict[int, dict[str, int]]
    stock_plan: list[dict[str, Any]]
    tilvisning_agreements: list[dict[str, Any]]
    total_range: tuple[int, int]
    additions_range: dict[int, tuple[int, int]]
    settled: bool
    message: str
    tolerance: float
    max_replications: int
    types: list[str] = field(default_factory=list)
    unreachable_years: list[int] = field(default_factory=list)
    #: target years the plan serves as fast as the ramp allows (every year up to them at the limit)
    ramp_limited_years: list[int] = field(default_factory=list)
    max_per_year: int = 0
    type_advice: list[dict[str, Any]] = field(default_factory=list)
    years: list[dict[str, Any]] = field(default_factory=list)
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    rounds: list[dict[str, Any]] = field(default_factory=list)
    final: dict[str, Any] = field(default_factory=dict)
    simulated: int = 0
    scenario_data: dict[str, Any] = field(default_factory=dict)

    @property
    def total_additions(self) -> int:
        """Dwellings added over the horizon."""
        return int(sum(self.additions_by_year.values()))

    @property
    def all_met(self) -> bool:
        """Every year from ``from_year`` meets the targets (point estimates at the plan)."""
        return all(y["met"] for y in self.years)

    @property
    def converged(self) -> bool:
        """The answer is settled (the name the dashboard used for the older search)."""
        return self.settled

    @property
    def passes(self) -> int:
        """Rounds of replications used."""
        return len(self.rounds)

    def scenario(self) -> Scenario:
        """The scenario with the plan added."""
        return scenario_from_dict(self.scenario_data, file="<size-stock>")

    def to_json_dict(self) -> dict[str, Any]:
        """Plain data for ``--json`` (the plan can be pasted under ``stock_plan:``)."""
        d = {k: v for k, v in self.__dict__.items() if k != "scenario_data"}
        d["additions_by_year"] = {str(k): v for k, v in self.additions_by_year.items()}
        d["additions_by_year_type"] = {str(k): v for k, v in self.additions_by_year_type.items()}
        d["additions_range"] = {str(k): list(v) for k, v in self.additions_range.items()}
        d["total_range"] = list(self.total_range)
        d["total_additions"] = self.total_additions
        d["all_met"] = self.all_met
        return d

    def text(self) -> str:
        """A table for people."""
        rule = (
            f"the mean over futures meets it (decisions settled at {self.certainty:.0%})"
            if self.criterion == "mean"
            else f"it holds in at least {self.confidence:.0%} of futures (settled at {self.certainty:.0%})"
        )
        lo, hi = self.total_range
        lines = [
            f"targets: {' and '.join(self.targets)} in each year from {self.from_year}: {rule}",
            f"plan: keep {self.level} dwellings ({self.per_1000:.2f} per 1000 inhabitants) more than the "
            f"scenario's own plan from {self.from_year}, in step with the population; types "
            f"{', '.join(self.types)}",
            f"total added: {self.total_additions} dwellings, range {lo}-{hi} ({self.certainty:.0%} bootstrap "
            f"interval over {self.replications} replications)",
            self.message,
            "decided: dwellings decided that year [range]; stock: yearly mean; value: the target's metric "
            "(mean over futures) [interval]",
            f"{'year':>6s} {'decided':>12s} {'stock':>7s} {'per 1000':>9s} {'value':>22s} "
            f"{'share':>6s}  verdict",
        ]
        first_target = self.targets[0]
        for y in self.years:
            rng = self.additions_range.get(y["year"], (0, 0))
            decided = f"{y['added']} [{rng[0]}-{rng[1]}]" if rng[0] != rng[1] else f"{y['added']}"
            v = y["values"][first_target]
            value = f"{_f(v['mean'])} [{_f(v['low'])}, {_f(v['high'])}]"
            lines.append(
                f"{y['year']:>6d} {decided:>12s} {y['dwellings']:>7.1f} {y['dwellings_per_1000']:>9.2f} "
                f"{value:>22s} {y['share']:>6.0%}  {y['status']}"
            )
        early = sorted(y for y in self.additions_by_year if y < self.from_year)
        if early:
            lines.append(
                "decided before the first target year: "
                + ", ".join(f"{y}: {self.additions_by_year[y]}" for y in early)
            )
        if self.ramp_limited_years:
            lines.append(
                f"served as fast as allowed ({self.max_per_year} a year in every year up to them): "
                + ", ".join(str(y) for y in self.ramp_limited_years)
            )
        if self.unreachable_years:
            lines.append(
                f"not reachable with {', '.join(self.types)} at {self.max_per_year} a year: "
                + ", ".join(str(y) for y in self.unreachable_years)
            )
        for a in self.type_advice:
            yrs = ", ".join(f"{y}: {_f(v['mean'])}" for y, v in a["years"].items())
            verdict = "meets them all" if a["meets_all"] else "does not meet them all"
            lines.append(f"  +{a['added']} {a['type']} from {a['decided']}: {verdict} ({yrs})")
        f = self.final
        if f:
            lines.extend(_cost_lines(f))
        lines.append(
            f"{len(self.evaluations)} plans evaluated, {self.simulated} replications simulated in "
            f"{len(self.rounds)} rounds"
        )
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


def _f(x: float | None) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


# ---------------------------------------------------------------- the search
def _lead_of(scenario: Scenario, planner: _Planner, t: str, lead_years: int | None) -> int:
    if lead_years is not None:
        return int(lead_years)
    if planner.builds(t):
        return max(1, math.ceil(scenario.stock_prices.care_build_days / 365.25))
    return 1


def size_stock(
    scenario: Scenario,
    targets: Sequence[str | Target],
    from_year: int | None = None,
    confidence: float = 0.9,
    types: Sequence[str] | None = None,
    instruments: str | Sequence[str] = "purchase,care_build",
    max_additions_per_year: int = 10,
    mix: Mapping[str, float] | None = None,
    lead_years: int | None = None,
    criterion: str = "mean",
    replications: int | str = "auto",
    seed: int = 1,
    workers: int = 1,
    mapper: Mapper | None = None,
    progress: Callable[[int, int], Any] | None = None,
    certainty: float = 0.9,
    min_replications: int = 12,
    max_replications: int = 256,
    tolerance: float | None = None,
    max_level: int | None = None,
    advise: bool = True,
) -> SizingResult:
    """The smallest plan of the family :class:`PlanFamily` meeting ``targets`` each year.

    See the module docstring for the method. ``types`` defaults to every dwelling type,
    ``mix`` (weights by type) to their shares of the initial stock; ``lead_years`` to one
    year, or the build time for types built with ``care_build``. ``replications`` is a
    number (used as it is) or ``"auto"`` (from ``min_replications`` up to
    ``max_replications`` until the total is settled within ``tolerance`` dwellings, default
    ``max(4, 10 % of the total)``). ``max_level`` bounds the search (default: as many
    dwellings as the chosen types have today, at least ``max_additions_per_year``).
    ``progress(replications, level)`` is called after each step of the search.
    """
    tg = parse_targets(targets)
    if not tg:
        raise ValueError("size-stock needs at least one --target")
    if criterion not in ("share", "mean"):
        raise ValueError("criterion must be 'share' or 'mean'")
    if not (0 < confidence <= 1):
        raise ValueError(f"confidence must be in (0, 1] (got {confidence})")
    if not (0.5 <= certainty < 1):
        raise ValueError(f"certainty must be in [0.5, 1) (got {certainty})")
    if max_additions_per_year < 1:
        raise ValueError("max_additions_per_year must be at least 1")
    first, last = scenario.start_date.year, scenario.end_date.year
    from_year = first + 1 if from_year is None else from_year
    if not (first <= from_year <= last):
        raise ValueError(f"from_year {from_year} is outside the horizon {first}-{last}")
    auto = replications == "auto"
    if not auto:
        if not isinstance(replications, int) or replications < 2:
            raise ValueError(f"replications must be 'auto' or at least 2 (got {replications!r})")
        min_replications = max_replications = int(replications)
    min_replications = max(2, min(min_replications, max_replications))
    all_types = scenario.dwelling_types
    types = list(types) if types else list(all_types)
    unknown = [t for t in types if t not in all_types]
    if unknown:
        raise ValueError(f"unknown dwelling type(s): {', '.join(unknown)}; known: {', '.join(all_types)}")
    weights = dict(mix) if mix else {t: max(all_types[t].count, 1) for t in types}
    missing = [t for t in types if t not in weights]
    if missing:
        raise ValueError(f"--mix gives no weight for {', '.join(missing)}")
    planner = _Planner(scenario, parse_instruments(instruments))
    family = PlanFamily(
        types=tuple(types),
        weights=tuple(float(weights[t]) for t in types),
        leads=tuple(_lead_of(scenario, planner, t, lead_years) for t in types),
        first_year=first,
        last_year=last,
        from_year=from_year,
        max_per_year=int(max_additions_per_year),
        population=tuple(population_on_1_january(scenario).items()),
    )
    if max_level is None:
        max_level = max(int(max_additions_per_year), sum(all_types[t].count for t in types))
    runs = _Runs(family, planner, [t.metric for t in tg], seed, mapper, workers)
    rng = np.random.default_rng([seed, 16])
    rounds: list[dict[str, Any]] = []

    search = _Search(runs, tg, criterion, confidence, certainty, from_year, max_level, progress)
    n = min_replications
    reps = list(range(n))
    level = search.coarse(reps)
    slope = search.slope(level, reps)
    while True:
        if rounds:
            level = search.refine(level, reps, slope)
            better = search.slope(level, reps)  # on more replications: a sharper slope
            slope = better if math.isfinite(better) else slope
        boot_levels = search.bootstrap(level, reps, slope, rng)
        uniq, inverse = np.unique(boot_levels, return_inverse=True)  # a plan's total costs ms
        totals = np.array([family.total(int(c)) for c in uniq])[inverse]
        lo = int(np.floor(np.quantile(totals, (1 - certainty) / 2)))
        hi = int(np.ceil(np.quantile(totals, (1 + certainty) / 2)))
        total = family.total(level)
        tol = tolerance if tolerance is not None else max(TOLERANCE_DWELLINGS, TOLERANCE_SHARE * total)
        half = (hi - lo) / 2
        rounds.append(
            {
                "replications": n,
                "level": level,
                "total": total,
                "range": [lo, hi],
                "half_width": half,
                "tolerance": tol,
                "slope": slope,
                "unreachable": list(search.unreachable),
            }
        )
        # few replications cannot vouch for their own precision: settle on at least 48
        enough = n >= SETTLE_MIN_REPLICATIONS
        settled = enough and ((half <= tol and math.isfinite(slope)) or (level == 0 and hi == 0))
        if settled or n >= max_replications:
            break
        ratio = max(half / tol, 1.0) if math.isfinite(slope) else 2.0
        jump = 16 if len(rounds) == 1 else 4  # the coarse search's few replications say little
        want = math.ceil(n * ratio**2)
        n = int(min(max_replications, max(n + 8, SETTLE_MIN_REPLICATIONS, min(jump * n, want))))
        reps = list(range(n))
    evaluations = search.log

    # ---------------------------------------------------------------- the plan and its years
    additions = family.additions(level)
    by_year = {y: sum(v.values()) for y, v in additions.items()}
    ranges: dict[int, tuple[int, int]] = {}
    boot_adds = [family.additions(c) for c in sorted(set(boot_levels.tolist()))]
    weights_b = np.bincount(np.searchsorted(sorted(set(boot_levels.tolist())), boot_levels))
    for y in range(first, last + 1):
        vals = np.repeat([sum(a.get(y, {}).values()) for a in boot_adds], weights_b)
        ranges[y] = (int(np.quantile(vals, (1 - certainty) / 2)), int(np.quantile(vals, (1 + certainty) / 2)))
    cmp_reps = reps[: min(len(reps), COMPARE_REPLICATIONS)]
    runs.ensure([level], reps)
    runs.ensure([0], cmp_reps)
    years_out = _years_table(runs, level, reps, tg, criterion, confidence, certainty, from_year, by_year)
    # out of reach: the years the plan already serves as fast as the ramp allows (a larger plan
    # would have no dwelling more in place by then) that it misses with certainty, judged at the
    # plan on all its replications (the search's own rule, so a year at the target is not
    # called out of reach on one seed and reachable on the next), and the years beyond the
    # plan's ramp left out of the search
    ramp_limited = sorted(y for y, cap in search.caps.items() if y >= from_year and cap <= level)
    unreachable = sorted(
        {
            *(y for y in search.unreachable if y not in ramp_limited),
            *(r["year"] for r in years_out if r["status"] == "missed" and r["year"] in ramp_limited),
        }
    )
    reach = f"not reachable with {', '.join(types)} at {max_additions_per_year} a year"
    for r in years_out:
        if r["year"] in unreachable:
            r["status"] += f" ({reach})"
        elif not r["met"] and r["year"] in ramp_limited:
            r["status"] += " (as fast as the ramp allows)"
    if settled:
        message = (
            f"settled: the total is known within ±{tol:g} dwellings ({certainty:.0%} interval {lo}-{hi}) "
            f"with {n} replications"
        )
    elif n < SETTLE_MIN_REPLICATIONS:
        message = (
            f"cannot be settled within {n} replications: fewer than {SETTLE_MIN_REPLICATIONS} cannot "
            f"vouch for their own precision (the total lies in {lo}-{hi}, {certainty:.0%} interval); "
            "use --reps auto"
        )
    else:
        message = (
            f"cannot be settled within {max_replications} replications: the total lies in {lo}-{hi} "
            f"({certainty:.0%} interval), wider than ±{tol:g}; raise --max-reps or loosen --tolerance"
        )
    if unreachable:
        message += (
            f"; {reach}: {', '.join(str(y) for y in unreachable)} (even deciding "
            f"{max_additions_per_year} dwellings every year from {first}, as many as allowed, misses "
            "the target there: a larger yearly limit, other types or a later first target year "
            "would be needed)"
        )
    at_ramp = [r["year"] for r in years_out if "(as fast as the ramp allows)" in r["status"]]
    if at_ramp:
        message += (
            f"; not met on the mean though served as fast as allowed ({max_additions_per_year} a year "
            f"every year up to them), nor missed with certainty: {', '.join(str(y) for y in at_ramp)}"
        )
    advice: list[dict[str, Any]] = []
    if advise and unreachable:
        advice = _type_advice(
            runs, planner, family, level, reps, tg, criterion, confidence, certainty, unreachable
        )
    final_k, ref_k = runs.kpis(level, cmp_reps), runs.kpis(0, cmp_reps)
    summary = {
        k: {**mean_ci(final_k[k]), "diff": paired(ref_k[k], final_k[k])}
        for k in REPORT_KPIS
        if k in final_k and k in ref_k
    }
    plan, agreements = planner.actions(additions)
    return SizingResult(
        targets=[str(t) for t in tg],
        criterion=criterion,
        confidence=confidence,
        certainty=certainty,
        from_year=from_year,
        replications=n,
        seed=seed,
        level=level,
        per_1000=family.per_1000(level),
        additions_by_year=by_year,
        additions_by_year_type={y: dict(v) for y, v in additions.items()},
        stock_plan=plan,
        tilvisning_agreements=agreements,
        total_range=(lo, hi),
        additions_range={y: r for y, r in ranges.items() if r != (0, 0) or y in by_year},
        settled=settled,
        message=message,
        tolerance=float(tol),
        max_replications=max_replications,
        types=list(types),
        unreachable_years=unreachable,
        ramp_limited_years=ramp_limited,
        max_per_year=int(max_additions_per_year),
        type_advice=advice,
        years=years_out,
        evaluations=evaluations,
        rounds=rounds,
        final=summary,
        simulated=runs.simulated,
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


class _Search:
    """The smallest level whose largest shortfall over the target years that bind is <= 0.

    A target year binds at a level below its *ramp cap* (:meth:`PlanFamily.ramp_caps`): from
    the cap on, every year up to it already gets as many dwellings as the ramp allows, so a
    larger level cannot serve it better and the year counts as met there. A year missed even
    at its ramp cap (its ``certainty`` interval wholly beyond the target there), or a year no
    level up to ``max_level`` meets when the ramp does not limit it, is *out of reach* and
    left out of the search. Whether a year is out of reach is a verdict on the replications
    of the round, taken where it matters (:meth:`settle`): at the cap when the level found
    is that cap, and again on the new replications of each round for the years left out
    whose cap lies above the level found; the verdicts of the round before stand in the
    meantime.

    ``coarse`` brackets the level on few replications (secant steps on whole levels,
    bisection when they stall); ``refine`` moves to the level on more replications by Newton
    steps with the slope the coarse search measured; ``bootstrap`` resamples the
    replications at the level found.
    """

    def __init__(
        self,
        runs: _Runs,
        targets: Sequence[Target],
        criterion: str,
        confidence: float,
        certainty: float,
        from_year: int,
        max_level: int,
        progress: Callable[[int, int], Any] | None,
    ):
        self.runs, self.targets, self.criterion, self.confidence = runs, targets, criterion, confidence
        self.certainty = certainty
        self.from_year, self.max_level, self.progress = from_year, max_level, progress
        self.caps = runs.family.ramp_caps(max_level)
        #: year -> (replications of the verdict, out of reach)
        self.verdicts: dict[int, tuple[int, bool]] = {}
        self.cache: dict[tuple[int, int], np.ndarray] = {}  # (level, n) -> shortfall by target year
        self.log: list[dict[str, Any]] = []

    # ------------------------------------------------------------ which years bind
    def target_years(self) -> np.ndarray:
        y = np.asarray(self.runs.years)
        return y[y >= self.from_year]

    @property
    def unreachable(self) -> list[int]:
        """The target years out of reach (the latest verdict on each)."""
        return sorted(y for y, (_, out) in self.verdicts.items() if out)

    def reach_level(self, year: int) -> int:
        """The level at which a year's reach is judged: its ramp cap, else the largest level."""
        return self.caps.get(year, self.max_level)

    def pinned(self, level: int) -> list[int]:
        """Years within reach whose ramp cap is ``level``: they bind up to it and count as met
        from it on, so the shortfall at ``level`` says nothing about them just below."""
        out = set(self.unreachable)
        return [int(y) for y in self.target_years() if self.caps.get(int(y)) == level and int(y) not in out]

    def active(self, level: int) -> np.ndarray:
        """The target years that bind at ``level``: within reach, and the ramp not yet full."""
        years = self.target_years()
        caps = np.array([self.caps.get(int(y), math.inf) for y in years], dtype=float)
        return (level < caps) & ~np.isin(years, self.unreachable)

    def _judge(self, years: Sequence[int], level: int, reps: Sequence[int]) -> bool:
        """Take the verdict on ``years`` (each judged at ``level``) on ``reps``; True when one
        changed. At its ramp cap a year is out of reach when missed there at ``certainty``
        (a year at the target is met as far as the ramp allows); a year the ramp does not
        limit, when the largest level misses it (no level could meet it)."""
        if not years:
            return False
        n = len(reps)
        idx = {int(y): j for j, y in enumerate(self.target_years())}
        vals = self.values(level, reps)
        short = self.by_year(level, reps)
        changed = False
        for y in years:
            j = idx[y]
            if y in self.caps:
                cols = {m: v[:, j] for m, v in vals.items()}
                out = (
                    _year_verdict(cols, self.targets, self.criterion, self.confidence, self.certainty)[
                        "status"
                    ]
                    == "missed"
                )
            else:
                out = bool(short[j] > 0)
            changed |= out != self.verdicts.get(y, (0, False))[1]
            self.verdicts[y] = (n, out)
        return changed

    def settle(self, level: int, reps: Sequence[int]) -> bool:
        """Judge the years whose reach decides whether ``level`` is the answer on ``reps``:
        those whose ramp cap is ``level`` (they bind just below it) and those left out whose
        judging level lies above it (leaving them out may have let a smaller level pass).
        True when a verdict changed (the search must run again)."""
        n = len(reps)
        fresh = [int(y) for y in self.target_years() if self.verdicts.get(int(y), (0, False))[0] != n]
        pins = [y for y in fresh if self.caps.get(y) == level]
        left_out = [y for y in fresh if y in self.unreachable and self.reach_level(y) > level]
        changed = self._judge(pins, level, reps)
        for at in sorted({self.reach_level(y) for y in left_out}):
            changed |= self._judge([y for y in left_out if self.reach_level(y) == at], at, reps)
        return changed

    # ------------------------------------------------------------ shortfalls
    def values(self, level: int, reps: Sequence[int]) -> dict[str, np.ndarray]:
        self.runs.ensure([level], reps)  # a no-op for levels already run on these replications
        cols = np.flatnonzero(np.asarray(self.runs.years) >= self.from_year)
        return {t.metric: self.runs.yearly(level, reps, t.metric)[:, cols] for t in self.targets}

    def by_year(self, level: int, reps: Sequence[int]) -> np.ndarray:
        """Shortfall of every target year at ``level`` on ``reps`` (> 0: missed)."""
        key = (level, len(reps))
        if key not in self.cache:
            self.runs.ensure([level], reps)
            self.cache[key] = _shortfalls(
                self.values(level, reps), self.targets, self.criterion, self.confidence
            )
            self.log.append(
                {
                    "level": level,
                    "total": self.runs.family.total(level),
                    "replications": len(reps),
                    "shortfall": self.h(level, reps),
                }
            )
            if self.progress is not None:
                self.progress(len(reps), level)
        return self.cache[key]

    def h(self, level: int, reps: Sequence[int]) -> float:
        s = self.by_year(level, reps)[self.active(level)]
        return float(s.max()) if s.size else -1.0

    def _leave_out_missed_at_max(self, reps: Sequence[int]) -> None:
        """Years the largest level misses while the ramp does not limit them: out of reach."""
        missed = self.target_years()[(self.by_year(self.max_level, reps) > 0) & self.active(self.max_level)]
        self._judge([int(y) for y in missed], self.max_level, reps)

    # ------------------------------------------------------------ the coarse search
    def coarse(self, reps: Sequence[int]) -> int:
        """Bracket and bisect (secant steps first) on whole levels, until the verdicts on the
        years out of reach hold at the level found."""
        while True:
            level = self._bracket(reps)
            if not self.settle(level, reps):
                return level

    def _bracket(self, reps: Sequence[int]) -> int:
        if self.h(0, reps) <= 0:
            return 0
        first_probe = min(max(1, self.runs.family.max_per_year), self.max_level)
        lo, hi, probe = 0, None, first_probe
        while hi is None:
            if self.h(probe, reps) <= 0:
                hi = probe
            elif probe >= self.max_level:
                # years not met even by the largest plan: leave them out (type advice later),
                # then bracket again (the levels seen so far are cached) without them
                self._leave_out_missed_at_max(reps)
                if self.h(0, reps) <= 0:
                    return 0
                lo, probe = 0, first_probe
            else:
                lo, probe = probe, min(self.max_level, 2 * probe)
        stalls = 0
        while hi - lo > 1:
            h_lo, h_hi = self.h(lo, reps), self.h(hi, reps)
            if stalls < 2 and h_lo > h_hi:
                mid = int(min(hi - 1, max(lo + 1, round(lo + (hi - lo) * h_lo / (h_lo - h_hi)))))
            else:
                mid = (lo + hi) // 2
            width = hi - lo
            if self.h(mid, reps) <= 0:
                stalls = stalls + 1 if hi - mid < width / 4 else 0
                hi = mid
            else:
                stalls = stalls + 1 if mid - lo < width / 4 else 0
                lo = mid
        return hi

    def slope(self, level: int, reps: Sequence[int]) -> float:
        """How fast the binding years' shortfall falls per level near ``level`` (> 0).

        Measured between ``level`` and a level ``SLOPE_SPAN`` (or 15 %) below it (above it
        at level 0) on up to ``SLOPE_REPLICATIONS`` of ``reps`` (adjacent levels differ too
        little to measure; below, because the question the slope answers is whether a
        smaller plan would do, and the shortfall falls fastest there):
        a least-squares slope per target year, averaged over the years that bind at
        ``level`` whose shortfall is in the upper half there. Common random numbers make
        these differences sharp.
        """
        if not self.active(level).any():
            return math.nan  # no year binds here: no slope to measure (and nothing to simulate)
        sub = list(reps)[:SLOPE_REPLICATIONS]
        span = max(SLOPE_SPAN, math.ceil(0.15 * level))
        other = max(0, level - span) if level > 0 else min(span, self.max_level)
        if other == level:
            return math.nan
        near = sorted({level, other})
        x = np.array(near, dtype=float)
        ys = np.array([self.by_year(c, sub) for c in near])  # (levels, years)
        xc = x - x.mean()
        slopes = -(xc @ (ys - ys.mean(axis=0))) / (xc @ xc)
        at = self.by_year(level, sub)
        mask = self.active(level)
        keep = mask & (at >= np.median(at[mask])) if mask.any() else mask
        s = float(np.mean(slopes[keep])) if keep.any() else math.nan
        return s if s > 0 else math.nan

    # ------------------------------------------------------------ more replications
    def refine(self, start: int, reps: Sequence[int], slope: float) -> int:
        """:meth:`_newton` on ``reps``, until the verdicts on the years out of reach hold at
        the level found."""
        level = start
        while True:
            level = self._newton(level, reps, slope)
            if not self.settle(level, reps):
                return level

    def _newton(self, start: int, reps: Sequence[int], slope: float) -> int:
        """Newton steps on whole levels from ``start`` (``level + h(level) / slope``), kept inside
        the bracket of levels already seen on ``reps`` (bisection when a step would repeat).

        Stops at the smallest level that meets the targets once the level below it fails, or
        once the Newton step from it says the level below would fail (the root lies within one
        level): on many replications every level costs, and the step is accurate that close.
        """
        n = len(reps)
        if not self.active(0).any():
            return 0  # every target year is out of reach: nothing binds, nothing to walk
        level = start
        for _ in range(12):
            h = self.h(level, reps)
            if level >= self.max_level and h > 0:
                self._leave_out_missed_at_max(reps)
                h = self.h(level, reps)
            seen = {c: self.h(c, reps) for c, m in self.cache if m == n}
            lo = max((c for c, v in seen.items() if v > 0), default=-1)
            hi = min((c for c, v in seen.items() if v <= 0 and c > lo), default=None)
            if hi is not None and hi - lo <= 1:
                return hi
            step = h / slope if math.isfinite(slope) else (1.0 if h > 0 else -1.0)
            nxt = math.ceil(level + step - 1e-9)
            if h > 0:
                nxt = max(nxt, level + 1)
            if hi is not None and level == hi and nxt >= hi:
                if not self.pinned(hi):
                    return hi  # the step from the smallest meeting level says the one below fails
                nxt = hi - 1  # a year that binds up to its ramp cap: the step does not speak for it
            top = hi - 1 if hi is not None else self.max_level
            nxt = int(min(top, max(lo + 1, nxt)))
            if nxt in seen:
                nxt = (lo + 1 + top) // 2
            if nxt in seen or nxt == level:
                break
            level = nxt
        seen = {c: self.h(c, reps) for c, m in self.cache if m == n}
        lo = max((c for c, v in seen.items() if v > 0), default=-1)
        meeting = [c for c, v in seen.items() if v <= 0 and c > lo]
        if meeting:
            return min(meeting)
        # the steps stalled with no meeting level above the largest failing one (the
        # shortfall is noisy, not monotone, near the root): walk up from there
        for c in range(lo + 1, min(lo + 2 * SLOPE_SPAN, self.max_level) + 1):
            if self.h(c, reps) <= 0:
                return c
        # nothing near meets: years the largest plan misses too are out of reach on these
        # replications (as in the loop above); the smallest level meeting the rest is the answer
        if self.h(self.max_level, reps) > 0:
            self._leave_out_missed_at_max(reps)
        seen = {c: self.h(c, reps) for c, m in self.cache if m == n}
        lo = max((c for c, v in seen.items() if v > 0), default=-1)
        return min((c for c, v in seen.items() if v <= 0 and c > lo), default=self.max_level)

    def bootstrap(
        self, level: int, reps: Sequence[int], slope: float, rng: np.random.Generator
    ) -> np.ndarray:
        """The level found again in resamples of the replications (the same resample for
        every target year and level), year by year, the largest of:

        - a year that binds at ``level``: one Newton step from ``level`` with its resampled
          shortfall, no further than its ramp cap (from there it counts as met);
        - a year whose ramp cap is at most ``level``: its cap where it misses one level below
          the cap, else a Newton step from there (only when that level was simulated on these
          replications; the search simulates it for the year that sets the plan);
        - years out of reach are left out.
        """
        n = len(reps)
        idx = rng.integers(0, n, size=(BOOTSTRAP_RESAMPLES, n))
        if not math.isfinite(slope):
            self.values(level, reps)  # simulated, as every level bootstrapped
            return np.full(BOOTSTRAP_RESAMPLES, level)

        def resampled(c: int) -> np.ndarray:
            vals = {m: v[idx] for m, v in self.values(c, reps).items()}  # (B, n, years)
            return _shortfalls(vals, self.targets, self.criterion, self.confidence)

        at = resampled(level)
        below: dict[int, np.ndarray] = {}
        out = set(self.unreachable)
        roots = np.full(BOOTSTRAP_RESAMPLES, -math.inf)
        for j, y in enumerate(int(v) for v in self.target_years()):
            cap = self.caps.get(y)
            if y in out:
                continue
            if cap is None or cap > level:
                r = np.minimum(np.ceil(level + at[:, j] / slope - 1e-9), cap if cap is not None else math.inf)
            elif (cap - 1, n) in self.cache:
                if cap - 1 not in below:
                    below[cap - 1] = resampled(cap - 1)
                s = below[cap - 1][:, j]
                r = np.where(s > 0, cap, np.minimum(cap - 1, np.ceil(cap - 1 + s / slope - 1e-9)))
            else:
                continue
            roots = np.maximum(roots, r)
        if not np.isfinite(roots).any():  # nothing binds: as if every year met by a margin
            roots = np.full(BOOTSTRAP_RESAMPLES, math.ceil(level - 1 / slope - 1e-9))
        return np.asarray(np.clip(roots, 0, self.max_level), dtype=int)


def _year_verdict(
    cols: Mapping[str, np.ndarray],
    targets: Sequence[Target],
    criterion: str,
    confidence: float,
    certainty: float,
) -> dict[str, Any]:
    """One year's verdict from its values over replications (``cols[metric]``, one value per
    replication): met (on the mean or the share), each target's mean with its ``certainty``
    interval, the share of futures meeting every target with its Wilson interval, and the
    status: *met* or *missed* when the interval lies on one side of the target, else *at
    target* or *short* by the point estimate."""
    n = len(next(iter(cols.values())))
    ok = np.ones(n, dtype=bool)
    values: dict[str, dict[str, float]] = {}
    verdicts = []
    for t in targets:
        col = cols[t.metric]
        ok &= t.holds(col)
        m, lo, hi = _t_interval(col, certainty)
        values[str(t)] = {"mean": m, "low": lo, "high": hi}
        if math.isnan(m) or bool(t.holds(np.array([hi if t.op in ("<=", "<") else lo]))[0]):
            verdicts.append("met")
        elif not bool(t.holds(np.array([lo if t.op in ("<=", "<") else hi]))[0]):
            verdicts.append("missed")
        else:
            verdicts.append("at target" if bool(t.holds(np.array([m]))[0]) else "short")
    share = float(ok.mean())
    s_lo, s_hi = share_interval(int(ok.sum()), n, certainty)
    if criterion == "share":
        met = share >= confidence
        status = (
            "met"
            if s_lo >= confidence
            else "missed"
            if s_hi < confidence
            else ("at target" if met else "short")
        )
    else:
        met = all(v in ("met", "at target") for v in verdicts)
        status = next((v for v in ("missed", "short", "at target") if v in verdicts), "met")
    return {
        "met": bool(met),
        "status": status,
        "share": share,
        "share_low": s_lo,
        "share_high": s_hi,
        "values": values,
    }


def _years_table(
    runs: _Runs,
    level: int,
    reps: Sequence[int],
    targets: Sequence[Target],
    criterion: str,
    confidence: float,
    certainty: float,
    from_year: int,
    added: Mapping[int, int],
) -> list[dict[str, Any]]:
    """Year by year at the plan: the stock, each target's mean with its interval, the share of
    futures meeting every target with its Wilson interval, and the verdict."""
    years = list(runs.years)
    vals = {t.metric: runs.yearly(level, reps, t.metric) for t in targets}
    dwell = runs.yearly(level, reps, "municipal_dwellings")
    per = runs.yearly(level, reps, "dwellings_per_1000")
    out = []
    for i, y in enumerate(years):
        if y < from_year:
            continue
        v = _year_verdict({m: c[:, i] for m, c in vals.items()}, targets, criterion, confidence, certainty)
        out.append(
            {
                "year": y,
                "added": int(added.get(y, 0)),
                "met": v["met"],
                "status": v["status"],
                "settled": v["status"] in ("met", "missed"),
                "share": v["share"],
                "share_low": v["share_low"],
                "share_high": v["share_high"],
                "dwellings": float(np.nanmean(dwell[:, i])),
                "dwellings_per_1000": float(np.nanmean(per[:, i])),
                "values": v["values"],
                **{str(t): v["values"][str(t)]["mean"] for t in targets},
            }
        )
    return out


def _type_advice(
    runs: _Runs,
    planner: _Planner,
    family: PlanFamily,
    level: int,
    reps: Sequence[int],
    targets: Sequence[Target],
    criterion: str,
    confidence: float,
    certainty: float,
    unreachable: Sequence[int],
) -> list[dict[str, Any]]:
    """Which dwelling types would meet the years the chosen ones cannot: the plan found plus a
    block of each type (as many as one year's room), decided in the first year, on the same
    replications."""
    sc = planner.sc
    block = max(5, family.max_per_year)
    base = family.additions(level)
    probe_reps = list(reps)[: max(8, min(len(reps), 24))]
    first = family.first_year
    names = list(sc.dwelling_types)
    scenarios = []
    for t in names:
        adds = {y: dict(v) for y, v in base.items()}
        adds.setdefault(first, {})
        adds[first][t] = adds[first].get(t, 0) + block
        scenarios.append(planner.scenario(adds, name=f"{sc.name}+{block}_{t}"[:80]))
    samples = evaluate(
        scenarios,
        probe_reps,
        seed=runs.seed,
        workers=runs.workers,
        yearly=[t.metric for t in targets],
        mapper=runs.mapper,
    )
    runs.simulated += len(scenarios) * len(probe_reps)
    years = list(runs.years)
    out = []
    for t, s in zip(names, samples, strict=True):
        cols = [years.index(y) for y in unreachable]
        vals = {m: s.yearly[m][:, cols] for m in s.yearly}
        short = _shortfalls(vals, targets, criterion, confidence)
        per_year = {}
        for j, y in enumerate(unreachable):
            col = vals[targets[0].metric][:, j]
            m, lo, hi = _t_interval(col, certainty)
            per_year[y] = {"mean": m, "low": lo, "high": hi, "met": bool(short[j] <= 0)}
        out.append(
            {
                "type": t,
                "added": block,
                "decided": first,
                "instrument": "care_build" if planner.builds(t) else "purchase",
                "years": per_year,
                "meets_all": bool(np.all(short <= 0)),
            }
        )
    out.sort(key=lambda a: (not a["meets_all"], float(np.mean([v["mean"] for v in a["years"].values()]))))
    return out
