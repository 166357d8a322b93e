"""Global sensitivity analysis with SALib: which assumptions move which KPI most.

Parameters are dotted scenario paths. By default a parameter is a *factor* on the value the
scenario has (``*`` paths and schedules are scaled as a whole), varied over
``[1 - spread, 1 + spread]``; ``path=lo:hi`` varies the value itself between two bounds.

* **Morris** (elementary effects; screening): ``trajectories`` one-at-a-time paths
  through a ``levels``-level grid, ``(k + 1) x trajectories`` points for ``k`` parameters.
  ``mu_star`` (the mean absolute effect of moving a parameter across its range, in KPI
  units) ranks importance; ``sigma`` signals interactions or non-linearity.
* **Sobol** (variance decomposition; when affordable): Saltelli's scheme with
  ``base_samples`` (a power of 2) x ``(k + 2)`` points; ``S1`` is the share of the KPI's
  variance due to the parameter alone, ``ST`` including its interactions.

Every point runs the same ``replications`` (common random numbers), and the KPI is the
mean over them, so the households' randomness mostly cancels between points. The
``relative`` score, ``mu_star`` over the KPI's mean at the scenario, ranks across KPIs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.analysis.common import Mapper, evaluate, get_path, with_changes
from sim.scenario import Scenario

#: assumptions the report does not give (FACTS.md "Not in the report")
DEFAULT_PARAMS: tuple[str, ...] = (
    "groups.*.arrival_rate_per_1000_per_year",
    "groups.*.renewal_probability",
    "groups.*.eviction_rate_per_year",
    "tenancy.vacancy_turnaround.mean_days",
    "start_loans.budget_nok_per_year",
    "start_loans.floating_rate_per_year",
    "stock_prices.price_growth_per_year",
)
DEFAULT_KPIS: tuple[str, ...] = (
    "mean_wait_days",
    "p_wait_over_6_months",
    "temp_nights_families_youth",
    "hospits_nights",
    "start_loan_portfolio_nok",
    "cost_municipal_budget_nok",
    "cost_municipal_npv_nok",
)


@dataclass(frozen=True)
class Param:
    """One uncertain parameter: a factor on the scenario's value, or absolute bounds."""

    path: str
    low: float
    high: float
    factor: bool

    @classmethod
    def parse(cls, text: str, spread: float = 0.2) -> Param:
        """``a.b`` (factor in [1-spread, 1+spread]) or ``a.b=lo:hi`` (absolute bounds)."""
        path, _, bounds = text.partition("=")
        path = path.strip()
        if not bounds:
            return cls(path, 1.0 - spread, 1.0 + spread, True)
        lo, sep, hi = bounds.partition(":")
        if not sep:
            raise ValueError(f"{text!r}: expected path=low:high")
        low, high = float(lo), float(hi)
        if not high > low:
            raise ValueError(f"{text!r}: the high bound must be above the low bound")
        return cls(path, low, high, False)

    @property
    def label(self) -> str:
        """Name in tables: the path, marked ``x`` when it is a factor."""
        return f"{self.path} x" if self.factor else self.path


@dataclass
class SensitivityResult:
    """Indices per KPI and parameter, and the ranking."""

    method: str
    params: list[str]
    kpis: list[str]
    points: int
    replications: int
    seed: int
    indices: dict[str, dict[str, dict[str, float | None]]] = field(default_factory=dict)
    ranking: dict[str, list[str]] = field(default_factory=dict)
    baseline: dict[str, float | None] = field(default_factory=dict)

    def to_json_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return dict(self.__dict__)

    def frame(self):
        """Long DataFrame: kpi, param, and the method's indices."""
        import pandas as pd

        rows = [{"kpi": k, "param": p, **v} for k, per in self.indices.items() for p, v in per.items()]
        return pd.DataFrame(rows)

    def text(self) -> str:
        """The ranking per KPI for people."""
        main = "mu_star" if self.method == "morris" else "ST"
        lines = [
            f"{self.method}: {len(self.params)} parameters, {self.points} points x {self.replications} "
            f"replications; ranked by {main}"
            + (" (relative = mu_star / KPI mean)" if main == "mu_star" else "")
        ]
        for k in self.kpis:
            lines.append(f"{k} (at the scenario: {_f(self.baseline.get(k))})")
            for i, p in enumerate(self.ranking[k], 1):
                v = self.indices[k][p]
                if self.method == "morris":
                    rel = v.get("relative")
                    lines.append(
                        f"  {i}. {p:48s} mu*={_f(v['mu_star'])}  sigma={_f(v['sigma'])}"
                        + (f"  relative={rel:.2f}" if rel is not None else "")
                    )
                else:
                    lines.append(f"  {i}. {p:48s} S1={_f(v['S1'])}  ST={_f(v['ST'])}")
        return "\n".join(lines)


def _f(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.3g}"


def _num(x: Any) -> float | None:
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


def _variant(scenario: Scenario, params: Sequence[Param], row: np.ndarray, i: int) -> Scenario:
    changes = {p.path: float(v) for p, v in zip(params, row, strict=True) if not p.factor}
    scale = {p.path: float(v) for p, v in zip(params, row, strict=True) if p.factor}
    # integer fields keep their type
    data = scenario.model_dump(mode="json")
    for p in params:
        if not p.factor and isinstance(get_path(data, p.path), int):
            changes[p.path] = round(changes[p.path])
    return with_changes(scenario, changes, scale=scale, name=f"{scenario.name}_s{i}"[:80])


def sensitivity(
    scenario: Scenario,
    params: Sequence[str | Param] = DEFAULT_PARAMS,
    method: str = "morris",
    kpis: Sequence[str] = DEFAULT_KPIS,
    spread: float = 0.2,
    trajectories: int = 4,
    levels: int = 4,
    base_samples: int = 8,
    replications: int = 2,
    seed: int = 1,
    workers: int = 1,
    mapper: Mapper | None = None,
) -> SensitivityResult:
    """Rank which assumptions move which KPI (see the module docstring)."""
    if method not in ("morris", "sobol"):
        raise ValueError("method must be 'morris' or 'sobol'")
    ps = [p if isinstance(p, Param) else Param.parse(p, spread) for p in params]
    if not ps:
        raise ValueError("needs at least one parameter")
    data = scenario.model_dump(mode="json")
    for p in ps:
        try:
            get_path(data, p.path)  # fails early on an unknown path
        except KeyError as exc:
            raise ValueError(str(exc.args[0])) from None
    problem = {"num_vars": len(ps), "names": [p.label for p in ps], "bounds": [[p.low, p.high] for p in ps]}
    if method == "morris":
        from SALib.sample import morris as morris_sample

        x = morris_sample.sample(problem, trajectories, num_levels=levels, seed=seed)
    else:
        from SALib.sample import sobol as sobol_sample

        n = 2 ** max(1, round(math.log2(max(base_samples, 2))))
        x = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    variants = [_variant(scenario, ps, row, i) for i, row in enumerate(x)]
    samples = evaluate(
        [scenario, *variants], replications, seed=seed, workers=workers, yearly=(), mapper=mapper
    )
    base, points = samples[0], samples[1:]
    result = SensitivityResult(method, problem["names"], list(kpis), len(x), replications, seed)
    for k in kpis:
        y = np.array([float(np.nanmean(s.kpis[k])) if np.any(~np.isnan(s.kpis[k])) else 0.0 for s in points])
        ref = float(np.nanmean(base.kpis[k])) if np.any(~np.isnan(base.kpis[k])) else math.nan
        result.baseline[k] = _num(ref)
        per: dict[str, dict[str, float | None]] = {}
        if method == "morris":
            from SALib.analyze import morris

            res = morris.analyze(problem, x, y, num_levels=levels, seed=seed)
            for i, name in enumerate(problem["names"]):
                mu_star = float(res["mu_star"][i])
                per[name] = {
                    "mu_star": _num(mu_star),
                    "mu": _num(res["mu"][i]),
                    "sigma": _num(res["sigma"][i]),
                    "mu_star_conf": _num(res["mu_star_conf"][i]),
                    "relative": _num(mu_star / abs(ref)) if ref and not math.isnan(ref) else None,
                }
            key = "mu_star"
        else:
            from SALib.analyze import sobol

            if np.std(y) == 0:
                res = {"S1": np.zeros(len(ps)), "ST": np.zeros(len(ps)), "S1_conf": np.zeros(len(ps))}
                res["ST_conf"] = np.zeros(len(ps))
            else:
                res = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
            for i, name in enumerate(problem["names"]):
                per[name] = {
                    "S1": _num(res["S1"][i]),
                    "ST": _num(res["ST"][i]),
                    "S1_conf": _num(res["S1_conf"][i]),
                    "ST_conf": _num(res["ST_conf"][i]),
                }
            key = "ST"
        result.indices[k] = per
        result.ranking[k] = sorted(per, key=lambda n: -(per[n][key] or 0.0))
    return result
