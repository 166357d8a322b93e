"""Parameter sweeps and goal-seeking (the leadership's start-loan budget question).

:func:`sweep` runs one scenario variant per value of a dotted parameter (a grid for several
parameters), all on the same replications, and reports per variant the KPIs with their
95 % intervals and the paired difference to the scenario as given (today's policy).

:func:`goal_seek` finds the smallest value of one parameter for which service targets hold
with a stated confidence, by bisection over common random numbers:

* *confidence* is the share of replications in which every target holds in every year
  from ``from_year``; a value *meets* the goal when that share is at least ``confidence``;
* every value is evaluated on the same replications (CRN), so the share is a step function
  of the parameter that changes only where a household's fate changes: for a parameter
  that helps monotonically in expectation (a larger start-loan budget never hurts), the
  bisection between a failing lower bound and a meeting upper bound brackets the smallest
  meeting value to within ``tolerance``;
* the search first checks the bounds: if the lower bound already meets the goal it is the
  answer; if the upper bound does not, the goal is reported unreachable in the range (with
  the share reached), rather than extrapolated;
* every evaluated point is kept, and ``monotone`` says whether their shares were
  non-decreasing in the parameter (a check of the assumption on the points seen).

Next to the benefit the result reports what holds leadership back: the start-loan
portfolio at the horizon and the expected losses, with intervals.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.analysis.common import (
    HEADLINE_KPIS,
    Mapper,
    Sample,
    Target,
    evaluate,
    get_path,
    mean_ci,
    paired,
    parse_targets,
    short_name,
    with_changes,
)
from sim.scenario import Scenario

#: what leadership weighs against the benefit
RISK_KPIS: tuple[str, ...] = ("start_loan_portfolio_nok", "start_loan_losses_nok", "start_loans")


@dataclass
class SweepResult:
    """Rows of a sweep: parameter values, KPI means and intervals, paired differences."""

    params: list[str]
    rows: list[dict[str, Any]]
    replications: int
    seed: int
    reference: str

    def frame(self):
        """The rows as a pandas DataFrame."""
        import pandas as pd

        return pd.DataFrame(self.rows)

    def to_json_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "params": self.params,
            "replications": self.replications,
            "seed": self.seed,
            "reference": self.reference,
            "rows": self.rows,
        }


def _row(
    values: Mapping[str, Any],
    sample: Sample,
    ref: Sample | None,
    kpis: Sequence[str],
    targets: Sequence[Target],
    from_year: int | None,
) -> dict[str, Any]:
    row: dict[str, Any] = dict(values)
    row["replications"] = len(sample.replications)
    for k in kpis:
        s = mean_ci(sample.kpis[k])
        row[f"{k}"] = s["mean"]
        row[f"{k}_ci95_low"], row[f"{k}_ci95_high"] = s["ci95"]
        if ref is not None:
            d = paired(ref.kpis[k], sample.kpis[k])
            row[f"{k}_diff"] = d["mean"]
            row[f"{k}_diff_ci95_low"], row[f"{k}_diff_ci95_high"] = d["ci95"]
    if targets:
        row["share_meeting_targets"] = sample.share_meeting(targets, from_year)
    return row


def sweep(
    scenario: Scenario,
    params: Mapping[str, Sequence[Any]],
    replications: int = 20,
    seed: int = 1,
    workers: int = 1,
    kpis: Sequence[str] | None = None,
    targets: Sequence[str | Target] = (),
    from_year: int | None = None,
    mapper: Mapper | None = None,
) -> SweepResult:
    """One row per value (the grid of all combinations for several parameters).

    Every variant runs on the same replications as the scenario as given (the reference),
    so the ``<kpi>_diff`` columns are paired differences on common random numbers.
    ``targets`` add a column ``share_meeting_targets`` (every year from ``from_year``).
    """
    if not params:
        raise ValueError("a sweep needs at least one --param with --values")
    names = list(params)
    kpis = list(kpis or HEADLINE_KPIS)
    tg = parse_targets(targets)
    grid = list(itertools.product(*(params[n] for n in names)))
    variants = [
        with_changes(
            scenario,
            dict(zip(names, combo, strict=True)),
            name=",".join(short_name(n, v) for n, v in zip(names, combo, strict=True))[:80],
        )
        for combo in grid
    ]
    keep = [t.metric for t in tg]
    ref_index = next((i for i, v in enumerate(variants) if v.sha256() == scenario.sha256()), None)
    to_run = variants if ref_index is not None else [scenario, *variants]
    samples = evaluate(to_run, replications, seed=seed, workers=workers, yearly=keep, mapper=mapper)
    if ref_index is None:
        ref, samples = samples[0], samples[1:]
    else:
        ref = samples[ref_index]
    rows = [
        _row(dict(zip(names, combo, strict=True)), s, ref, kpis, tg, from_year)
        for combo, s in zip(grid, samples, strict=True)
    ]
    return SweepResult(names, rows, replications, seed, scenario.name)


# ---------------------------------------------------------------- goal seek
@dataclass
class GoalSeekResult:
    """The smallest value meeting the targets, and every point evaluated on the way."""

    param: str
    targets: list[str]
    from_year: int | None
    confidence: float
    replications: int
    seed: int
    reachable: bool
    value: float | None
    share: float | None
    lower: float
    upper: float
    tolerance: float
    monotone: bool
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    at_value: dict[str, Any] = field(default_factory=dict)
    reference_value: Any = None

    def to_json_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return dict(self.__dict__)

    def text(self) -> str:
        """A few lines for people."""
        goal = " and ".join(self.targets)
        years = f" in every year from {self.from_year}" if self.from_year else " in every year"
        head = f"goal: {goal}{years}, in at least {self.confidence:.0%} of {self.replications} futures"
        lines = [head]
        if not self.reachable:
            best = max(self.evaluations, key=lambda e: e["share"]) if self.evaluations else None
            lines.append(
                f"NOT reachable with {self.param} in [{_fmt(self.lower)}, {_fmt(self.upper)}]: "
                f"at most {best['share']:.0%} of futures meet it (at {_fmt(best['value'])})"
                if best
                else "NOT reachable"
            )
        else:
            lines.append(
                f"smallest {self.param} = {_fmt(self.value)} (within {_fmt(self.tolerance)}): "
                f"the goal holds in {self.share:.0%} of futures"
            )
        if self.at_value:
            lines.append(f"at that value (vs today's {_fmt(self.reference_value)}; paired difference):")
            for k, s in self.at_value.items():
                d = s.get("diff", {})
                lines.append(
                    f"  {k:30s} {_fmt(s['mean']):>16s}  [{_fmt(s['ci95'][0])}, {_fmt(s['ci95'][1])}]"
                    f"   diff {_fmt(d.get('mean')):>14s} [{_fmt(d.get('ci95', [None])[0])}, "
                    f"{_fmt(d.get('ci95', [None, None])[1])}]"
                )
        lines.append(
            "search: "
            + ", ".join(f"{_fmt(e['value'])}->{e['share']:.0%}" for e in self.evaluations)
            + ("" if self.monotone else "  (shares not monotone in the parameter: check the result)")
        )
        return "\n".join(lines)


def _fmt(x: Any) -> str:
    if x is None:
        return "n/a"
    if isinstance(x, int | float):
        if isinstance(x, float) and math.isnan(x):
            return "n/a"
        return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:,.4g}"
    return str(x)


def goal_seek(
    scenario: Scenario,
    param: str,
    targets: Sequence[str | Target],
    from_year: int | None = None,
    confidence: float = 0.95,
    lower: float = 0.0,
    upper: float | None = None,
    tolerance: float | None = None,
    replications: int = 20,
    seed: int = 1,
    workers: int = 1,
    integer: bool | None = None,
    kpis: Sequence[str] | None = None,
    mapper: Mapper | None = None,
    max_steps: int = 30,
) -> GoalSeekResult:
    """Smallest ``param`` in ``[lower, upper]`` for which ``targets`` hold with ``confidence``.

    ``upper`` defaults to four times the scenario's value (at least 1); ``tolerance`` to 1 %
    of the range (1 for integer parameters). See the module docstring for the method.
    """
    tg = parse_targets(targets)
    if not tg:
        raise ValueError("goal seek needs at least one --goal")
    if not (0 < confidence <= 1):
        raise ValueError(f"confidence must be in (0, 1] (got {confidence})")
    try:
        current = get_path(scenario.model_dump(mode="json"), param)
    except KeyError as exc:
        raise ValueError(str(exc.args[0])) from None
    if isinstance(current, dict | list):
        raise ValueError(f"{param} is a schedule; goal seek needs a single number")
    if integer is None:
        integer = isinstance(current, int) and not isinstance(current, bool)
    if upper is None:
        upper = max(4.0 * float(current or 0), 1.0)
    if upper < lower:
        raise ValueError(f"upper bound {upper} is below lower bound {lower}")
    if tolerance is None:
        tolerance = 1.0 if integer else max((upper - lower) * 0.01, 1e-12)
    kpis = list(kpis or (*RISK_KPIS, *(k for k in HEADLINE_KPIS if k not in RISK_KPIS)))
    keep = [t.metric for t in tg]
    reps = replications
    cache: dict[float, Sample] = {}

    def value_of(x: float) -> Any:
        return round(x) if integer else float(x)

    def run(xs: list[float]) -> None:
        todo = [x for x in xs if value_of(x) not in cache]
        if not todo:
            return
        variants = [
            with_changes(scenario, {param: value_of(x)}, name=short_name(param, value_of(x))) for x in todo
        ]
        for x, s in zip(
            todo,
            evaluate(variants, reps, seed=seed, workers=workers, yearly=keep, mapper=mapper),
            strict=True,
        ):
            cache[value_of(x)] = s

    def share(x: float) -> float:
        return cache[value_of(x)].share_meeting(tg, from_year)

    ref = evaluate([scenario], reps, seed=seed, workers=workers, yearly=keep, mapper=mapper)[0]
    run([lower, upper])
    lo, hi = float(lower), float(upper)
    answer: float | None
    if share(lo) >= confidence:
        answer, reachable = lo, True
    elif share(hi) < confidence:
        answer, reachable = None, False
    else:
        reachable = True
        steps = 0
        while hi - lo > tolerance and steps < max_steps:
            mid = (lo + hi) / 2
            if integer:
                mid = math.floor(mid)
                if mid <= lo:
                    break
            run([mid])
            if share(mid) >= confidence:
                hi = mid
            else:
                lo = mid
            steps += 1
        answer = hi
    evaluations = sorted(
        ({"value": v, "share": s.share_meeting(tg, from_year)} for v, s in cache.items()),
        key=lambda e: e["value"],
    )
    shares = [e["share"] for e in evaluations]
    monotone = all(b >= a for a, b in itertools.pairwise(shares))
    at_value: dict[str, Any] = {}
    if answer is not None:
        s = cache[value_of(answer)]
        for k in kpis:
            if k in s.kpis:
                at_value[k] = {**mean_ci(s.kpis[k]), "diff": paired(ref.kpis[k], s.kpis[k])}
    return GoalSeekResult(
        param=param,
        targets=[str(t) for t in tg],
        from_year=from_year,
        confidence=confidence,
        replications=len(ref.replications),
        seed=seed,
        reachable=reachable,
        value=value_of(answer) if answer is not None else None,
        share=share(answer) if answer is not None else None,
        lower=float(lower),
        upper=float(upper),
        tolerance=float(tolerance),
        monotone=monotone,
        evaluations=evaluations,
        at_value=at_value,
        reference_value=current,
    )


def share_curve(
    scenario: Scenario,
    param: str,
    values: Sequence[Any],
    targets: Sequence[str | Target],
    from_year: int | None = None,
    replications: int = 20,
    seed: int = 1,
    workers: int = 1,
    mapper: Mapper | None = None,
) -> list[dict[str, Any]]:
    """Share of futures meeting the targets at each value (for a chart next to the goal seek)."""
    tg = parse_targets(targets)
    variants = [with_changes(scenario, {param: v}, name=short_name(param, v)) for v in values]
    samples = evaluate(
        variants, replications, seed=seed, workers=workers, yearly=[t.metric for t in tg], mapper=mapper
    )
    return [
        {
            "value": v,
            "share": s.share_meeting(tg, from_year),
            "per_target": {str(t): s.share_meeting([t], from_year) for t in tg},
        }
        for v, s in zip(values, samples, strict=True)
    ]


__all__ = ["GoalSeekResult", "SweepResult", "goal_seek", "share_curve", "sweep"]
