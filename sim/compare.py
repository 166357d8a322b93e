"""Comparisons of scenarios on common random numbers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sim.backends import Backend, using
from sim.results import paired_differences
from sim.runner import RunResult, run
from sim.scenario import Scenario


@dataclass
class Comparison:
    """Several scenarios run on the same seeds; the first is the reference."""

    results: list[RunResult]

    @property
    def reference(self) -> RunResult:
        """The reference scenario's result."""
        return self.results[0]

    def differences(self) -> dict[str, dict[str, dict[str, Any]]]:
        """``{scenario: {kpi: {"mean", "ci95", "significant"}}}`` relative to the reference."""
        base = self.reference.aggregate
        return {r.scenario.name: paired_differences(base, r.aggregate) for r in self.results[1:]}

    def to_json_dict(self) -> dict[str, Any]:
        """One document per scenario (as ``run --json``) plus a ``differences`` block."""
        return {
            "reference": self.reference.scenario.name,
            "scenarios": [r.to_json_dict() for r in self.results],
            "differences": self.differences(),
        }


def compare(
    scenarios: Sequence[Scenario],
    replications: int = 30,
    seed: int = 1,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    backend: str | Backend | None = None,
    scheduler: str | None = None,
) -> Comparison:
    """Run every scenario with the same seed and replications (common random numbers).

    ``progress(done, total)`` counts replications over all scenarios. ``backend`` and
    ``scheduler`` as in :func:`sim.run`; one backend serves every scenario.
    """
    if not scenarios:
        raise ValueError("compare needs at least one scenario")
    total = replications * len(scenarios)
    results = []
    with using(backend, workers, scheduler) as b:
        for i, sc in enumerate(scenarios):
            cb = None
            if progress is not None:
                offset = i * replications

                def cb(done: int, _n: int, offset: int = offset) -> None:
                    progress(offset + done, total)

            results.append(
                run(
                    sc, replications=replications, seed=seed, workers=workers, progress=cb or False, backend=b
                )
            )
    return Comparison(results)
