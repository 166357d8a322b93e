"""Two layers of uncertainty: uncertain inputs sampled per ensemble member, plus the
household-level randomness of each replication.

An ensemble member ``m`` draws its inputs (population path low/mid/high, a multiplier on
every group's arrival rate, dwelling-price growth and the start-loan interest rate) from
``numpy.random.default_rng([seed, m])`` and is simulated as replication ``m``, so a member
is one possible future: uncertain assumptions *and* its own households. Members are the
same for every policy variant run with the same seed (common random numbers over the
ensemble), so two policies can be compared member by member.

Results: fan-chart quantiles of yearly metrics over members, and the probability of
meeting each target (the share of members in which it holds in every year from a year).

The low and high population paths are **assumptions**: the report gives only SSB's mid
alternative (FACTS.md Tabell 3.2). They keep the first year's population and scale the
growth after it by ``growth_low`` and ``growth_high`` (default 0.5 and 1.5).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.analysis.common import Mapper, Target, evaluate, parse_targets, with_changes
from sim.scenario import Scenario

#: yearly metrics kept for fan charts unless others are asked for
FAN_METRICS: tuple[str, ...] = (
    "population",
    "mean_wait_days",
    "p_wait_over_6_months",
    "waiting_list_mean",
    "temp_nights_families_youth",
    "hospits_nights",
    "start_loan_portfolio_nok",
    "cost_municipal_budget_nok",
)
QUANTILES: tuple[float, ...] = (0.05, 0.25, 0.5, 0.75, 0.95)


@dataclass(frozen=True)
class UncertainInputs:
    """What is uncertain and how it is drawn (all **assumptions**, to be revised locally)."""

    population_paths: Mapping[str, float] = field(
        default_factory=lambda: {"low": 0.25, "mid": 0.5, "high": 0.25}
    )
    growth_low: float = 0.5
    growth_high: float = 1.5
    arrival_multiplier: tuple[float, float] = (0.8, 1.25)  # log-uniform
    price_growth_per_year: tuple[float, float] = (0.01, 0.06)  # uniform
    interest_rate_per_year: tuple[float, float] = (0.015, 0.05)  # uniform: Husbanken's floating rate

    def draw(self, seed: int, member: int) -> dict[str, Any]:
        """The inputs of one member (deterministic in ``seed`` and ``member``)."""
        rng = np.random.default_rng([int(seed), int(member), 7_777])
        names = list(self.population_paths)
        p = np.array([self.population_paths[n] for n in names], dtype=float)
        lo, hi = self.arrival_multiplier
        return {
            "member": int(member),
            "population_path": names[int(rng.choice(len(names), p=p / p.sum()))],
            "arrival_multiplier": float(math.exp(rng.uniform(math.log(lo), math.log(hi)))),
            "price_growth_per_year": float(rng.uniform(*self.price_growth_per_year)),
            "interest_rate_per_year": float(rng.uniform(*self.interest_rate_per_year)),
        }


def population_path(
    scenario: Scenario, which: str, inputs: UncertainInputs | None = None
) -> dict[int, float]:
    """The scenario's population path with growth after the first year scaled (low/mid/high)."""
    inputs = inputs or UncertainInputs()
    factor = {"low": inputs.growth_low, "mid": 1.0, "high": inputs.growth_high}[which]
    path = dict(scenario.population.by_year)
    first = path[min(path)]
    return {y: first + factor * (v - first) for y, v in path.items()}


def member_scenario(
    scenario: Scenario, draw: Mapping[str, Any], inputs: UncertainInputs | None = None
) -> Scenario:
    """The scenario with one member's inputs applied."""
    pop = population_path(scenario, draw["population_path"], inputs)
    return with_changes(
        scenario,
        {
            "population.by_year": {str(y): v for y, v in pop.items()},
            "stock_prices.price_growth_per_year": draw["price_growth_per_year"],
            "start_loans.floating_rate_per_year": draw["interest_rate_per_year"],
        },
        scale={"groups.*.arrival_rate_per_1000_per_year": draw["arrival_multiplier"]},
        name=f"{scenario.name}_m{draw['member']}"[:80],
    )


@dataclass
class EnsembleResult:
    """Members' inputs, fan-chart quantiles and the probability of meeting each target."""

    scenario: str
    seed: int
    members: int
    years: list[int]
    draws: list[dict[str, Any]]
    fan: dict[str, dict[str, list[float | None]]]
    kpis: dict[str, list[float]]
    targets: list[str]
    from_year: int | None
    probability: dict[str, float]
    member_meets: list[bool]
    yearly: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def to_json_dict(self) -> dict[str, Any]:
        """Plain data for ``--json`` (without the raw member series)."""
        return {k: v for k, v in self.__dict__.items() if k != "yearly"}

    def fan_frame(self):
        """Long DataFrame: metric, year, quantile columns (p05 ... p95) and mean."""
        import pandas as pd

        rows = []
        for metric, q in self.fan.items():
            for i, y in enumerate(self.years):
                rows.append({"metric": metric, "year": y, **{k: v[i] for k, v in q.items()}})
        return pd.DataFrame(rows)

    def text(self) -> str:
        """Lines for people."""
        lines = [f"{self.scenario}: {self.members} ensemble members (uncertain inputs + own households)"]
        for t, p in self.probability.items():
            lines.append(f"  P({t} every year from {self.from_year or self.years[0]}) = {p:.0%}")
        last = -1
        for m, q in self.fan.items():
            lines.append(
                f"  {m} {self.years[last]}: median {_f(q['p50'][last])}, 90 % band "
                f"[{_f(q['p05'][last])}, {_f(q['p95'][last])}]"
            )
        return "\n".join(lines)


def _f(x: float | None) -> str:
    if x is None:
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.3g}"


def ensemble(
    scenario: Scenario,
    members: int = 20,
    seed: int = 1,
    workers: int = 1,
    targets: Sequence[str | Target] = (),
    from_year: int | None = None,
    metrics: Sequence[str] = FAN_METRICS,
    inputs: UncertainInputs | None = None,
    mapper: Mapper | None = None,
) -> EnsembleResult:
    """Run ``members`` futures of ``scenario``; see the module docstring."""
    if members < 1:
        raise ValueError("members must be at least 1")
    inputs = inputs or UncertainInputs()
    tg = parse_targets(targets)
    draws = [inputs.draw(seed, m) for m in range(members)]
    scenarios = [member_scenario(scenario, d, inputs) for d in draws]
    keep = list(dict.fromkeys([*metrics, *(t.metric for t in tg)]))
    samples = evaluate(
        scenarios,
        1,
        seed=seed,
        workers=workers,
        yearly=keep,
        mapper=mapper,
        replications_by_scenario=[[m] for m in range(members)],
    )
    years = samples[0].years
    yearly = {m: np.vstack([s.yearly[m][0] for s in samples]) for m in keep}
    fan: dict[str, dict[str, list[float | None]]] = {}
    for m in metrics:
        arr = yearly[m]
        q: dict[str, list[float | None]] = {}
        for p in QUANTILES:
            with np.errstate(all="ignore"):
                vals = (
                    np.nanquantile(arr, p, axis=0) if np.any(~np.isnan(arr)) else np.full(len(years), np.nan)
                )
            q[f"p{round(p * 100):02d}"] = [None if math.isnan(v) else float(v) for v in vals]
        with np.errstate(all="ignore"):
            mean = np.nanmean(arr, axis=0)
        q["mean"] = [None if math.isnan(v) else float(v) for v in mean]
        fan[m] = q
    probability: dict[str, float] = {}
    meets = np.ones(members, dtype=bool)
    mask = np.asarray(years) >= (from_year if from_year is not None else years[0])
    for t in tg:
        ok = t.holds(yearly[t.metric][:, mask]).all(axis=1)
        probability[str(t)] = float(ok.mean())
        meets &= ok
    if len(tg) > 1:
        probability["all targets"] = float(meets.mean())
    kpi_names = list(samples[0].kpis)
    kpis = {k: [float(s.kpis[k][0]) for s in samples] for k in kpi_names}
    return EnsembleResult(
        scenario=scenario.name,
        seed=seed,
        members=members,
        years=years,
        draws=draws,
        fan=fan,
        kpis=kpis,
        targets=[str(t) for t in tg],
        from_year=from_year,
        probability=probability,
        member_meets=[bool(x) for x in meets],
        yearly=yearly,
    )
