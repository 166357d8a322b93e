"""How many replications: add replications until the chosen KPIs are precise enough.

The sequential procedure (Law & Kelton's relative-precision rule): run ``min_reps``
replications; while the 95 % half-width of any chosen KPI's mean exceeds ``precision``
times the absolute mean, estimate the number needed, ``n * (hw / (precision * |mean|))**2``,
and grow to it (at least one more, at most twice as many, never past ``max_reps``).
Replications are added, never re-drawn: replication ``r`` is the same whatever the batch,
so the final result equals a plain run with that many replications.

With several scenarios (a comparison) every scenario's KPI must meet the precision; all
scenarios share the replication numbers, so their differences stay paired.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.backends import Backend, using
from sim.results import Aggregate
from sim.runner import RunResult, iter_replications
from sim.scenario import Scenario

#: KPIs the precision applies to unless others are chosen
DEFAULT_PRECISION_KPIS: tuple[str, ...] = ("mean_wait_days", "temp_nights", "cost_municipal_budget_nok")


@dataclass
class PrecisionReport:
    """What the sequential procedure did."""

    precision: float
    kpis: list[str]
    replications: int
    met: bool
    max_reps: int
    worst: dict[str, dict[str, Any]] = field(default_factory=dict)
    history: list[tuple[int, float]] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """Plain data for ``--json``."""
        return {
            "precision": self.precision,
            "kpis": self.kpis,
            "replications_needed": self.replications,
            "met": self.met,
            "max_reps": self.max_reps,
            "relative_half_width": self.worst,
            "history": [{"replications": n, "worst_relative_half_width": w} for n, w in self.history],
        }

    def text(self) -> str:
        """One line for people."""
        worst = max(
            (v["relative_half_width"] for v in self.worst.values() if v["relative_half_width"] is not None),
            default=math.nan,
        )
        state = "met" if self.met else f"NOT met (cap --max-reps {self.max_reps} reached)"
        return (
            f"precision {self.precision:g} on {', '.join(self.kpis)}: {state} with "
            f"{self.replications} replications (worst relative half-width {worst:.3f})"
        )


def relative_half_width(agg: Aggregate, kpi: str) -> float:
    """95 % half-width over |mean| of one KPI (0 when mean and spread are both 0; inf if undefined)."""
    summary = agg.kpi_summary().get(kpi)
    if summary is None or summary["mean"] is None:
        return math.inf
    lo, hi = summary["ci95"]
    if lo is None or hi is None:
        return math.inf
    hw = (hi - lo) / 2
    mean = abs(summary["mean"])
    if mean == 0:
        return 0.0 if hw == 0 else math.inf
    return hw / mean


def next_size(n: int, ratio: float, max_reps: int) -> int:
    """Replications to have next, given the worst ratio of half-width to the wanted half-width."""
    want = n + 1 if not math.isfinite(ratio) else math.ceil(n * ratio**2)
    return int(min(max_reps, max(n + 1, min(2 * n, want))))


def run_to_precision(
    scenarios: Sequence[Scenario],
    precision: float = 0.05,
    kpis: Sequence[str] | None = None,
    seed: int = 1,
    workers: int = 1,
    min_reps: int = 10,
    max_reps: int = 200,
    progress: Any = None,
    backend: str | Backend | None = None,
    scheduler: str | None = None,
) -> tuple[list[RunResult], PrecisionReport]:
    """Run every scenario until each chosen KPI's 95 % half-width is within ``precision`` of its mean.

    Returns one :class:`sim.RunResult` per scenario (all with the same replications) and
    the :class:`PrecisionReport`. ``progress(n_done, n_target)`` is called after each batch.
    ``backend`` and ``scheduler`` choose where the replications run (see :mod:`sim.backends`);
    one backend serves every batch.
    """
    with using(backend, workers, scheduler) as b:
        return _run_to_precision(scenarios, precision, kpis, seed, b, min_reps, max_reps, progress)


def _run_to_precision(
    scenarios: Sequence[Scenario],
    precision: float,
    kpis: Sequence[str] | None,
    seed: int,
    backend: Backend,
    min_reps: int,
    max_reps: int,
    progress: Any,
) -> tuple[list[RunResult], PrecisionReport]:
    if not scenarios:
        raise ValueError("needs at least one scenario")
    if not (0 < precision < 10):
        raise ValueError(f"precision must be a positive fraction (got {precision})")
    kpis = list(kpis or DEFAULT_PRECISION_KPIS)
    min_reps = max(2, min(min_reps, max_reps))
    aggs = [Aggregate() for _ in scenarios]
    walls = [0.0] * len(scenarios)
    n_done, n_target = 0, min_reps
    history: list[tuple[int, float]] = []
    while True:
        batch = list(range(n_done, n_target))
        for i, sc in enumerate(scenarios):
            t0 = time.perf_counter()
            for r in iter_replications(sc, batch, seed, backend=backend):
                aggs[i].add(r)
            walls[i] += time.perf_counter() - t0
        n_done = n_target
        unknown = [k for k in kpis if k not in aggs[0].kpi_rows[0]]
        if unknown:
            raise ValueError(f"unknown KPI(s) for --kpi: {', '.join(unknown)}")
        ratios = {(i, k): relative_half_width(a, k) for i, a in enumerate(aggs) for k in kpis}
        worst = max(ratios.values())
        history.append((n_done, worst if math.isfinite(worst) else None))  # type: ignore[arg-type]
        if progress is not None:
            progress(n_done, n_target)
        if worst <= precision or n_done >= max_reps:
            break
        n_target = next_size(n_done, worst / precision, max_reps)
    report = PrecisionReport(
        precision=precision,
        kpis=kpis,
        replications=n_done,
        met=bool(worst <= precision),
        max_reps=max_reps,
        worst={
            k: {
                "relative_half_width": _finite(max(ratios[(i, k)] for i in range(len(scenarios)))),
                "scenario": scenarios[int(np.argmax([ratios[(i, k)] for i in range(len(scenarios))]))].name,
            }
            for k in kpis
        },
        history=history,
    )
    results = [
        RunResult(sc, seed, agg, walls[i]) for i, (sc, agg) in enumerate(zip(scenarios, aggs, strict=True))
    ]
    return results, report


def _finite(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None
