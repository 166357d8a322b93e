"""What a scenario is calibrated to, and which of its assumptions are fitted (the schema).

A scenario file carries its own calibration: the facts it must reproduce (``targets``),
the assumptions ``boligflyt calibrate`` may change to reproduce them (``free``), figures
shown beside the model but not fitted (``observed``, ``benchmarks``) and the outcome of
the last calibration (``last_fit``, written by ``boligflyt calibrate --write``). Nothing in
this section changes what the model simulates.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Literal

from pydantic import model_validator

from sim.errors import FieldValueError
from sim.spec.base import F, Spec

_PATH_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
_METRIC_RE = re.compile(r"^[a-z][a-z0-9_]*(\|[a-z0-9_]+)?$")


class FreeParameter(Spec):
    """An assumption ``boligflyt calibrate`` may change, within bounds."""

    path: str = F(
        ...,
        "Dotted path of a number in the scenario, for example "
        "`groups.acute_homeless.arrival_rate_per_1000_per_year` (not inside a list).",
    )
    low: float = F(..., "Smallest value the fit may choose (greater than 0).", gt=0, allow_inf_nan=False)
    high: float = F(..., "Largest value the fit may choose.", gt=0, allow_inf_nan=False)
    start: float = F(
        ...,
        "The assumption before calibration: every fit starts here (not from the fitted value "
        "in the file), so recalibrating from scratch reproduces the fit.",
        gt=0,
        allow_inf_nan=False,
    )
    why: str = F("", "What the parameter stands for (shown in the calibration output).")

    @model_validator(mode="after")
    def _check(self) -> FreeParameter:
        """A dotted path of names; ``low < high``; ``start`` within the bounds."""
        if not _PATH_RE.match(self.path):
            raise FieldValueError(
                "must be a dotted path of names such as groups.youth.arrival_rate_per_1000_per_year",
                "path",
                value=self.path,
            )
        if not self.low < self.high:
            raise FieldValueError(f"must be greater than low ({self.low:g})", "high", value=self.high)
        if not self.low <= self.start <= self.high:
            raise FieldValueError(
                f"must lie between low and high ({self.low:g} - {self.high:g})", "start", value=self.start
            )
        return self


class Target(Spec):
    """A fact the scenario must reproduce: the mean over replications of a yearly metric."""

    metric: str = F(
        ...,
        "A yearly metric (see the README's list, e.g. `homeless_mean`, `start_loans_per_1000`); "
        "for one group, the metric and the group's name joined by a vertical bar, as in the results.",
    )
    year: int | None = F(None, "The calendar year the fact is for (or give `years`).", ge=1900, le=2200)
    years: list[int] = F([], "Several years with the same value (instead of `year`).")
    value: float = F(..., "The fact (for `at_least` / `at_most`: the limit).", allow_inf_nan=False)
    tolerance: float = F(
        ...,
        "How far from the value the model mean may lie and still meet the target (band: "
        "value - tolerance to value + tolerance). It is also the unit in which the fit measures "
        "a miss, so a loose tolerance weighs a target less.",
        gt=0,
        allow_inf_nan=False,
    )
    kind: Literal["band", "at_least", "at_most"] = F(
        "band",
        "band: within value +- tolerance; at_least: at least value; at_most: at most value.",
    )
    source: str = F(
        ...,
        "Where the fact comes from (report section, KOSTRA table and year, the housing office), "
        "or `illustrative` for made-up figures.",
        min_length=1,
    )

    @model_validator(mode="after")
    def _check(self) -> Target:
        """A metric name; exactly one of ``year`` and ``years``; years within 1900-2200."""
        if not _METRIC_RE.match(self.metric):
            raise FieldValueError("must be a metric name such as homeless_mean", "metric", value=self.metric)
        if (self.year is None) == (not self.years):
            raise FieldValueError("give either year or years (one of them)", "year", value=self.year)
        for i, y in enumerate(self.years):
            if not 1900 <= y <= 2200:
                raise FieldValueError("the year must be between 1900 and 2200", "years", i, value=y)
        if len(set(self.years)) != len(self.years):
            raise FieldValueError("a year is given twice", "years", value=self.years)
        return self

    def all_years(self) -> list[int]:
        """The years this target applies to."""
        return [self.year] if self.year is not None else list(self.years)

    @property
    def low(self) -> float:
        """Smallest model mean that meets the target."""
        if self.kind == "at_most":
            return -math.inf
        return self.value - (self.tolerance if self.kind == "band" else 0.0)

    @property
    def high(self) -> float:
        """Largest model mean that meets the target."""
        if self.kind == "at_least":
            return math.inf
        return self.value + (self.tolerance if self.kind == "band" else 0.0)

    def met(self, mean: float | None) -> bool:
        """Whether a model mean meets the target."""
        return mean is not None and not math.isnan(mean) and self.low <= mean <= self.high

    def miss(self, mean: float) -> float:
        """How far the mean is from the target, in tolerances (0 when an at_least / at_most
        limit is kept; a band counts any distance from its value)."""
        if self.kind == "at_least":
            return max(self.value - mean, 0.0) / self.tolerance
        if self.kind == "at_most":
            return max(mean - self.value, 0.0) / self.tolerance
        return (mean - self.value) / self.tolerance

    def describe(self) -> str:
        """The tolerance in words."""
        if self.kind == "at_least":
            return f">= {_show(self.value)}"
        if self.kind == "at_most":
            return f"<= {_show(self.value)}"
        return f"{_show(self.low)} - {_show(self.high)}"


def _show(x: float) -> str:
    """A bound as a planner reads it: ``12,345`` or ``2.45``."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4g}"


class Observed(Spec):
    """A figure of the municipality shown beside the model (charts), not fitted."""

    metric: str = F(..., "A yearly metric, as for targets.")
    year: int = F(..., "Calendar year.", ge=1900, le=2200)
    value: float = F(..., "The observed value.", allow_inf_nan=False)
    source: str = F(..., "Where the figure comes from.", min_length=1)


class Benchmark(Spec):
    """A level of another area (county, country) drawn as a reference line."""

    metric: str = F(..., "A yearly metric, as for targets.")
    label: str = F(..., "What the level is, e.g. `Norway 2015`.", min_length=1, max_length=60)
    value: float = F(..., "The level.", allow_inf_nan=False)
    source: str = F(..., "Where the figure comes from.", min_length=1)


class FitResult(Spec):
    """The model's mean for one target year at the last calibration."""

    metric: str = F(..., "The target's metric.")
    year: int = F(..., "The target's year.")
    mean: float | None = F(..., "Mean over replications.")
    ci95: list[float | None] = F(..., "95 % confidence interval of the mean.", min_length=2, max_length=2)
    met: bool = F(..., "Whether the mean met the target.")


class LastFit(Spec):
    """The outcome of the last ``boligflyt calibrate --write`` (written by it, not by hand)."""

    command: str = F(..., "The command that made the fit.")
    date: dt.date = F(..., "When.")
    version: str = F("", "Boligflyt version.")
    replications: int = F(..., "Replications per evaluation.", ge=1)
    seed: int = F(..., "Seed (common random numbers).")
    evaluations: int = F(0, "Model evaluations the fit used (0: only a report).", ge=0)
    scenario_sha256: str = F(
        "",
        "Hash of everything that affects results at the time of the fit (`Scenario.model_sha256`); "
        "when the scenario has changed since, the table is out of date.",
    )
    results: list[FitResult] = F([], "One row per target and year, in the order of `targets`.")


class Calibration(Spec):
    """The facts the scenario reproduces and the assumptions fitted to them."""

    free: list[FreeParameter] = F(
        [],
        "Assumptions `boligflyt calibrate` fits (Nelder-Mead on common random numbers, "
        "within bounds, from `start`).",
    )
    targets: list[Target] = F([], "Facts the model must reproduce (means over replications).")
    observed: list[Observed] = F([], "Figures shown beside the model but not fitted.")
    benchmarks: list[Benchmark] = F([], "Levels of other areas, drawn as reference lines.")
    last_fit: LastFit | None = F(
        None, "Written by `boligflyt calibrate --write`: how the model met the targets."
    )

    @model_validator(mode="after")
    def _unique(self) -> Calibration:
        """Each free path once; each (metric, year) target once."""
        seen: set[str] = set()
        for i, p in enumerate(self.free):
            if p.path in seen:
                raise FieldValueError(
                    "this path is already a free parameter", "free", i, "path", value=p.path
                )
            seen.add(p.path)
        keys: set[tuple[str, int]] = set()
        for i, t in enumerate(self.targets):
            for y in t.all_years():
                if (t.metric, y) in keys:
                    raise FieldValueError(
                        f"{t.metric} in {y} is already a target", "targets", i, "metric", value=t.metric
                    )
                keys.add((t.metric, y))
        return self

    def target_years(self) -> list[tuple[Target, int]]:
        """Every (target, year) pair, in the file's order."""
        return [(t, y) for t in self.targets for y in t.all_years()]
