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
  non-decreasing in the parameter (a check of the assumption on the points seen);
* the answer is reported only when it is **settled**: see below.

:func:`share_verdict` (the budget verdict) evaluates a list of values on the same
replications and gives, per value, the share of futures meeting the targets with its Wilson
interval. :func:`judge_shares` turns shares into a verdict that never names a value whose
share is not above the required confidence with the stated certainty: a value *meets*
when its interval lies above ``confidence``, *fails* when it lies below, and is *not
settled* otherwise; the cheapest value is named only when it meets and every smaller value
fails, and never when a larger value is significantly worse than a smaller one on the same
futures (then the shares are *not monotone*). Otherwise the verdict is "not settled; run
more replications", with an estimate of how many. The goal seek applies the same verdict
to the points it evaluated.

Next to the benefit the result reports what holds leadership back: the start-loan
portfolio at the horizon and the expected losses, with intervals.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

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
    process_pool_mapper,
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
    certainty: float = 0.95
    verdict: str = "not settled"
    message: str = ""
    replications_needed: int | None = None
    search_value: float | None = None

    @property
    def settled(self) -> bool:
        """The answer (a smallest value, or none in the range) holds at the stated certainty."""
        return self.verdict in ("cheapest", "none")

    def to_json_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {**dict(self.__dict__), "settled": self.settled}

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
        elif self.value is not None:
            lines.append(
                f"smallest {self.param} = {_fmt(self.value)} (within {_fmt(self.tolerance)}): "
                f"the goal holds in {self.share:.0%} of futures"
            )
        else:
            lines.append(
                f"the search points to {self.param} = {_fmt(self.search_value)}, but that is not settled"
            )
        if self.message:
            lines.append(self.message)
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
    certainty: float = 0.95,
) -> GoalSeekResult:
    """Smallest ``param`` in ``[lower, upper]`` for which ``targets`` hold with ``confidence``.

    ``upper`` defaults to four times the scenario's value (at least 1); ``tolerance`` to 1 %
    of the range (1 for integer parameters). See the module docstring for the method.
    The answer (``value``) is given only when it is settled at ``certainty``
    (:func:`judge_shares` over the points evaluated): its share's Wilson interval lies above
    ``confidence`` and the points below it lie below. Otherwise ``value`` is None,
    ``search_value`` is where the bisection ended, and ``message`` says how many
    replications would settle it.
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
    points = sorted(cache)
    j = judge_shares(
        points,
        [cache[v].target_held(tg, from_year).all(axis=1) for v in points],
        confidence,
        certainty,
        param,
    )
    rows, verdict, settled_value, message, need = (
        j.rows,
        j.verdict,
        j.value,
        j.message,
        j.replications_needed,
    )
    for e, r in zip(evaluations, rows, strict=True):
        e.update(share_low=r["share_low"], share_high=r["share_high"], status=r["share_status"])
    if not reachable and verdict == "not settled":
        message = message.replace("NOT SETTLED", "NOT SETTLED that no value in the range meets the goal")
    search_value = value_of(answer) if answer is not None else None
    if verdict == "cheapest" and settled_value != search_value:  # pragma: no cover - defensive
        verdict, message = (
            "not settled",
            f"NOT SETTLED: the settled value {settled_value} is not the search's",
        )
    answer = answer if verdict == "cheapest" else None
    at_value: dict[str, Any] = {}
    if search_value is not None:
        s = cache[search_value]
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
        share=share(search_value) if search_value is not None else None,
        lower=float(lower),
        upper=float(upper),
        tolerance=float(tolerance),
        monotone=monotone,
        evaluations=evaluations,
        at_value=at_value,
        reference_value=current,
        certainty=certainty,
        verdict=verdict,
        message=message,
        replications_needed=need,
        search_value=search_value,
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


# ---------------------------------------------------------------- the verdict on a share of futures
@dataclass
class ShareVerdict:
    """For each value of a parameter (a start-loan budget), the share of futures meeting the
    targets with its interval, and the cheapest value whose share is settled above the
    required confidence, or why there is none."""

    param: str
    targets: list[str]
    from_year: int | None
    confidence: float
    certainty: float
    rows: list[dict[str, Any]]
    verdict: str  # "cheapest", "none", "not settled" or "not monotone"
    value: float | None
    message: str
    replications_needed: int | None
    monotone: bool
    violations: list[dict[str, Any]] = field(default_factory=list)
    seed: int = 1
    reference_value: Any = None
    max_replications: int = 0

    @property
    def settled(self) -> bool:
        """The verdict holds at the stated certainty (a cheapest value, or none meets)."""
        return self.verdict in ("cheapest", "none")

    def frame(self):
        """The rows as a pandas DataFrame (one row per value, sorted by value)."""
        import pandas as pd

        return pd.DataFrame(self.rows)

    def to_json_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {**dict(self.__dict__), "settled": self.settled}

    def text(self) -> str:
        """The share table and the verdict, for people."""
        goal = " and ".join(self.targets)
        years = f" in every year from {self.from_year}" if self.from_year else " in every year"
        lines = [
            f"goal: {goal}{years}, in more than {self.confidence:.0%} of futures "
            f"(settled when the {self.certainty:.0%} Wilson interval of the share excludes it; "
            "every value meets the same futures)",
            f"{self.param:>34s} {'futures':>8s} {'share':>6s} {'interval':>15s}  status",
        ]
        for r in self.rows:
            mark = "  (today)" if _same(r[self.param], self.reference_value) else ""
            lines.append(
                f"{_fmt(r[self.param]):>34s} {r['replications']:>8d} {r['share_meeting_targets']:>6.0%} "
                f"[{r['share_low']:>5.0%}, {r['share_high']:>5.0%}]  {r['share_status']}{mark}"
            )
        lines.append(self.message)
        for v in self.violations:
            lines.append(
                f"  not monotone: {_fmt(v['larger'])} meets the goal in fewer futures than "
                f"{_fmt(v['smaller'])} "
                f"({v['worse']} futures worse, {v['better']} better; p = {v['p_value']:.3f})"
            )
        return "\n".join(lines)


def _same(a: Any, b: Any) -> bool:
    try:
        return b is not None and abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))
    except (TypeError, ValueError):
        return False


def _status(low: float, high: float, required: float) -> str:
    if low > required:
        return "meets"
    if high < required:
        return "fails"
    return "not settled"


@dataclass
class Judgement:
    """What :func:`judge_shares` concludes from per-future results."""

    rows: list[dict[str, Any]]
    verdict: str  # "cheapest", "none", "not settled" or "not monotone"
    value: Any
    message: str
    replications_needed: int | None
    violations: list[dict[str, Any]]


def judge_shares(
    values: Sequence[Any],
    held: Sequence[np.ndarray],
    confidence: float,
    certainty: float = 0.95,
    param: str = "value",
) -> Judgement:
    """The verdict from per-future results: ``held[i]`` says, for each future (replication
    ``0..n_i-1``) of ``values[i]``, whether the targets held. Values must be sorted.

    Returns a :class:`Judgement` (rows with share and interval, verdict, value, message,
    replications needed, violations of monotonicity):

    * a value **meets** when the lower end of its Wilson interval (central ``certainty``)
      is above ``confidence``, **fails** when the upper end is below, else it is **not
      settled**;
    * the **cheapest** value is reported only when it meets and every smaller value fails;
    * if a larger value is significantly worse than a smaller one on the same futures (an
      exact sign test on the futures where they differ, at ``1 - certainty``), or a smaller
      value meets and a larger fails, the shares are **not monotone** and no value is named;
    * otherwise the verdict is **not settled**, with the number of futures per value the
      undecided values would need if their shares stayed where they are.
    """
    from scipy import stats

    from sim.analysis.common import replications_to_settle, share_interval

    rows: list[dict[str, Any]] = []
    for v, h in zip(values, held, strict=True):
        h = np.asarray(h, dtype=bool)
        n, k = len(h), int(h.sum())
        lo, hi = share_interval(k, n, certainty)
        rows.append(
            {
                param: v,
                "replications": n,
                "futures_meeting": k,
                "share_meeting_targets": k / n if n else float("nan"),
                "share_low": lo,
                "share_high": hi,
                "share_status": _status(lo, hi, confidence),
            }
        )
    violations = []
    for i in range(len(values)):
        for j in range(i + 1, len(values)):
            a, b = np.asarray(held[i], dtype=bool), np.asarray(held[j], dtype=bool)
            m = min(len(a), len(b))
            worse = int((a[:m] & ~b[:m]).sum())  # the smaller value holds, the larger does not
            better = int((~a[:m] & b[:m]).sum())
            p = (
                float(stats.binomtest(worse, worse + better, 0.5, alternative="greater").pvalue)
                if worse
                else 1.0
            )
            settled_flip = rows[i]["share_status"] == "meets" and rows[j]["share_status"] == "fails"
            if p < 1 - certainty or settled_flip:
                violations.append(
                    {
                        "smaller": values[i],
                        "larger": values[j],
                        "worse": worse,
                        "better": better,
                        "p_value": p,
                    }
                )
    status = [r["share_status"] for r in rows]
    need: int | None = None
    if violations:
        return Judgement(
            rows,
            "not monotone",
            None,
            "NOT MONOTONE: a larger value meets the goal in significantly fewer futures than a smaller one, "
            "so no cheapest value is named; check the targets and the parameter",
            None,
            violations,
        )
    first_meets = next((i for i, s in enumerate(status) if s == "meets"), None)
    if first_meets is not None and all(s == "fails" for s in status[:first_meets]):
        r = rows[first_meets]
        message = (
            f"cheapest: {_fmt(values[first_meets])} meets the goal in {r['share_meeting_targets']:.0%} of "
            f"{r['replications']} futures ({certainty:.0%} interval "
            f"{r['share_low']:.0%}-{r['share_high']:.0%}, "
            f"above the required {confidence:.0%})"
            + ("; every smaller value tried fails (settled)" if first_meets else "")
            + (
                "; it is the smallest value tried: try smaller ones"
                if first_meets == 0 and not _same(values[0], 0)
                else ""
            )
        )
        return Judgement(rows, "cheapest", values[first_meets], message, None, violations)
    if all(s == "fails" for s in status):
        best = max(rows, key=lambda r: r["share_meeting_targets"])
        return Judgement(
            rows,
            "none",
            None,
            f"no value tried meets the goal: at most {best['share_meeting_targets']:.0%} of futures "
            f"(at {_fmt(best[param])}), settled below the required {confidence:.0%}",
            None,
            violations,
        )
    # undecided: the values up to the first that meets (or all) must be settled
    upto = first_meets if first_meets is not None else len(rows) - 1
    undecided = [r for r in rows[: upto + 1] if r["share_status"] == "not settled"]
    needs = [replications_to_settle(r["share_meeting_targets"], confidence, certainty) for r in undecided]
    known = [n for n in needs if n is not None]
    stuck = [_fmt(r[param]) for r, n in zip(undecided, needs, strict=True) if n is None]
    need = max(known) if known else None
    how = []
    if known:
        how.append(f"about {need} futures per value would settle it if the shares stay where they are")
    if stuck:
        how.append(
            f"the share at {', '.join(stuck)} equals the required {confidence:.0%}: more futures settle "
            "it only if the share moves"
        )
    how_text = "; ".join(how)
    names = ", ".join(_fmt(r[param]) for r in undecided)
    return Judgement(
        rows,
        "not settled",
        None,
        f"NOT SETTLED: run more replications ({how_text}); undecided: {names}",
        need,
        violations,
    )


def share_verdict(
    scenario: Scenario,
    param: str,
    values: Sequence[Any],
    targets: Sequence[str | Target],
    from_year: int | None = None,
    confidence: float = 0.8,
    certainty: float = 0.95,
    replications: int | str = "auto",
    min_replications: int = 20,
    max_replications: int = 200,
    seed: int = 1,
    workers: int = 1,
    kpis: Sequence[str] | None = None,
    mapper: Mapper | None = None,
    progress: Any = None,
) -> ShareVerdict:
    """Share of futures meeting ``targets`` for each value of ``param``, and the cheapest
    value whose share is settled above ``confidence`` (see :func:`judge_shares`).

    Every value runs on the same replications (common random numbers), so the shares move
    with the parameter only where a future's course changes. ``replications="auto"`` starts
    with ``min_replications`` and adds replications (never re-drawn) to the values still
    undecided until the verdict is settled or ``max_replications`` is reached; a number runs
    exactly that many. Each row also carries the KPIs (``kpis``, default the headline and
    risk KPIs) with intervals and paired differences to the scenario as given.
    ``progress(done, total)`` is called as replications finish.
    """
    tg = parse_targets(targets)
    if not tg:
        raise ValueError("a share verdict needs at least one target")
    if not (0 < confidence < 1):
        raise ValueError(f"confidence must be in (0, 1) (got {confidence})")
    if not (0.5 <= certainty < 1):
        raise ValueError(f"certainty must be in [0.5, 1) (got {certainty})")
    values = sorted(dict.fromkeys(values), key=float)
    if not values:
        raise ValueError("needs at least one value")
    if replications == "auto":
        n0, cap = max(2, min(min_replications, max_replications)), max_replications
    elif isinstance(replications, int) and replications >= 1:
        n0 = cap = int(replications)
    else:
        raise ValueError(f"replications must be 'auto' or a positive number (got {replications!r})")
    kpis = list(kpis or (*RISK_KPIS, *(k for k in HEADLINE_KPIS if k not in RISK_KPIS)))
    keep = [t.metric for t in tg]
    try:
        current = get_path(scenario.model_dump(mode="json"), param)
    except KeyError as exc:
        raise ValueError(str(exc.args[0])) from None
    variants = [with_changes(scenario, {param: v}, name=short_name(param, v)) for v in values]
    ref_index = next((i for i, v in enumerate(variants) if v.sha256() == scenario.sha256()), None)
    pool = variants if ref_index is not None else [*variants, scenario]
    ref_at = ref_index if ref_index is not None else len(variants)
    samples: list[Sample | None] = [None] * len(pool)
    have = [0] * len(pool)
    want = [n0] * len(pool)
    done_tasks = 0
    while True:
        todo = [i for i in range(len(pool)) if want[i] > have[i]]
        if todo:
            total = sum(want[i] - have[i] for i in todo)

            def counted(fn, tasks, _base=done_tasks, _total=total):
                run_all = mapper or process_pool_mapper(workers)
                out = []
                for k, a in enumerate(run_all(fn, tasks)):
                    out.append(a)
                    if progress is not None:
                        progress(_base + k + 1, _base + _total)
                return out

            new = evaluate(
                [pool[i] for i in todo],
                1,
                seed=seed,
                yearly=keep,
                mapper=counted,
                replications_by_scenario=[range(have[i], want[i]) for i in todo],
            )
            done_tasks += total
            for i, s in zip(todo, new, strict=True):
                samples[i] = s if samples[i] is None else _concat(samples[i], s)  # type: ignore[arg-type]
                have[i] = want[i]
        held = [samples[i].target_held(tg, from_year).all(axis=1) for i in range(len(values))]  # type: ignore[union-attr]
        j = judge_shares(values, held, confidence, certainty, param)
        rows, verdict, value, message, need, violations = (
            j.rows,
            j.verdict,
            j.value,
            j.message,
            j.replications_needed,
            j.violations,
        )
        if verdict != "not settled" or replications != "auto":
            break
        undecided = {i for i, r in enumerate(rows) if r["share_status"] == "not settled"}
        grow = False
        for i in undecided:
            target_n = int(min(cap, max(have[i] + 10, min(2 * have[i], need or 2 * have[i]))))
            if target_n > have[i]:
                want[i], grow = target_n, True
        if not grow:
            break
        if ref_at not in range(len(values)) and want[ref_at] < max(want[: len(values)]):
            want[ref_at] = max(want[: len(values)])
    ref = samples[ref_at]
    assert ref is not None
    for i, r in enumerate(rows):
        s = samples[i]
        assert s is not None
        m = min(len(s.replications), len(ref.replications))
        for k in kpis:
            if k not in s.kpis:
                continue
            st = mean_ci(s.kpis[k])
            r[k] = st["mean"]
            r[f"{k}_ci95_low"], r[f"{k}_ci95_high"] = st["ci95"]
            if k in ref.kpis:
                d = paired(ref.kpis[k][:m], s.kpis[k][:m])
                r[f"{k}_diff"] = d["mean"]
                r[f"{k}_diff_ci95_low"], r[f"{k}_diff_ci95_high"] = d["ci95"]
    if verdict == "not settled" and replications == "auto" and need is not None and need > cap:
        message += f" (more than --max-reps {cap})"
    elif verdict == "not settled" and replications == "auto":
        message += f" (stopped at --max-reps {cap})"
    return ShareVerdict(
        param=param,
        targets=[str(t) for t in tg],
        from_year=from_year,
        confidence=confidence,
        certainty=certainty,
        rows=rows,
        verdict=verdict,
        value=value,
        message=message,
        replications_needed=need,
        monotone=not violations,
        violations=violations,
        seed=seed,
        reference_value=current,
        max_replications=cap,
    )


def _concat(a: Sample, b: Sample) -> Sample:
    """Two samples of the same scenario on consecutive replications, as one."""
    return Sample(
        a.name,
        [*a.replications, *b.replications],
        a.years,
        {k: np.concatenate([a.kpis[k], b.kpis.get(k, np.full(len(b.replications), np.nan))]) for k in a.kpis},
        {m: np.concatenate([a.yearly[m], b.yearly[m]]) for m in a.yearly},
    )


__all__ = [
    "GoalSeekResult",
    "Judgement",
    "ShareVerdict",
    "SweepResult",
    "goal_seek",
    "judge_shares",
    "share_curve",
    "share_verdict",
    "sweep",
]
