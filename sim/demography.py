"""Population path: SSB anchors on 1 January, interpolated log-linearly by day."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from sim.population import daily_population

if TYPE_CHECKING:
    from sim.scenario import PopulationPath


class PopulationSeries:
    """A scenario's population by day and its means by year and month (read-only arrays)."""

    def __init__(self, daily: np.ndarray, year_bounds: list[float], month_bounds: list[float]) -> None:
        self.daily = daily
        self.by_year = _period_means(daily, year_bounds)
        self.by_month = _period_means(daily, month_bounds)
        for a in (self.daily, self.by_year, self.by_month):
            a.flags.writeable = False  # shared by every replication of the scenario


def _period_means(pop: np.ndarray, bounds: list[float]) -> np.ndarray:
    b = np.asarray(bounds).astype(int)
    return np.array([pop[b[i] : max(b[i + 1], b[i] + 1)].mean() for i in range(len(b) - 1)])


def population_series(
    path: PopulationPath, start: dt.date, n_days: int, year_bounds: list[float], month_bounds: list[float]
) -> PopulationSeries:
    """:func:`daily_population` and its period means, computed once per scenario and process
    (every replication of a scenario has the same population path)."""
    anchors = tuple(sorted(path.by_year.items()))
    return _population_series(anchors, start, n_days, tuple(year_bounds), tuple(month_bounds))


@lru_cache(maxsize=32)
def _population_series(
    anchors: tuple[tuple[int, float], ...],
    start: dt.date,
    n_days: int,
    year_bounds: tuple[float, ...],
    month_bounds: tuple[float, ...],
) -> PopulationSeries:
    daily = daily_population(dict(anchors), start, n_days)
    return PopulationSeries(daily, list(year_bounds), list(month_bounds))


def arrival_times(
    rate_per_1000_per_year: float, population: np.ndarray, gen: np.random.Generator
) -> np.ndarray:
    """Arrival days of a non-homogeneous Poisson process by inversion of the cumulative rate.

    The intensity on day ``d`` is ``rate * population[d] / 1000 / 365.25`` per day. Unit-rate
    exponential gaps are mapped through the inverse cumulative intensity, so a higher rate
    compresses the same underlying sequence (good for common random numbers).
    """
    if rate_per_1000_per_year <= 0 or len(population) == 0:
        return np.empty(0)
    per_day = rate_per_1000_per_year * population / 1000.0 / 365.25
    cum = np.concatenate(([0.0], np.cumsum(per_day)))
    total = cum[-1]
    out: list[np.ndarray] = []
    acc = 0.0
    # draw exponential gaps in blocks until the total intensity is exceeded
    block = max(16, int(total * 1.1) + 16)
    while True:
        gaps = gen.exponential(1.0, block)
        pts = acc + np.cumsum(gaps)
        out.append(pts)
        acc = pts[-1]
        if acc > total:
            break
    u = np.concatenate(out)
    u = u[u < total]
    idx = np.searchsorted(cum, u, side="right") - 1
    frac = (u - cum[idx]) / per_day[idx]
    times: np.ndarray = idx + frac
    return times
