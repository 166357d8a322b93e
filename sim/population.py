"""The population path by day: SSB anchors on 1 January, interpolated log-linearly.

Pure arithmetic on a mapping of years to inhabitants, used by the scenario schema (a
starting state given per 1000 inhabitants, the event budget at validation) and by the
model's demography alike.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np


def daily_population(by_year: Mapping[int, float], start: dt.date, n_days: int) -> np.ndarray:
    """Population on each simulated day (constant within a day).

    Between anchors the growth rate is constant (log-linear interpolation, matching the
    report's 1.5-2 % yearly growth); before the first and after the last anchor the
    nearest segment's growth rate is extended (flat if only one anchor is given).
    """
    import numpy as np  # here: validating a scenario needs no NumPy (log_population_days)

    if len(by_year) == 1:
        logs = np.log(np.array(list(by_year.values()), dtype=float))
        return np.full(n_days, math.exp(logs[0]))
    daily: np.ndarray = np.exp(daily_log_population(by_year, start, n_days))
    return daily


def daily_log_population(by_year: Mapping[int, float], start: dt.date, n_days: int) -> np.ndarray:
    """The natural logarithm of :func:`daily_population` (it cannot overflow, so validation
    can check where the path goes before anything is exponentiated)."""
    import numpy as np

    years = sorted(by_year)
    anchor_days = np.array([(dt.date(y, 1, 1) - start).days for y in years], dtype=float)
    logs = np.log(np.array([by_year[y] for y in years], dtype=float))
    days = np.arange(n_days, dtype=float) + 0.5
    if len(years) == 1:
        return np.full(n_days, logs[0])
    out: np.ndarray = np.interp(days, anchor_days, logs)
    # extrapolate with the end segments' growth rates
    lo_slope = (logs[1] - logs[0]) / (anchor_days[1] - anchor_days[0])
    hi_slope = (logs[-1] - logs[-2]) / (anchor_days[-1] - anchor_days[-2])
    before = days < anchor_days[0]
    after = days > anchor_days[-1]
    out[before] = logs[0] + lo_slope * (days[before] - anchor_days[0])
    out[after] = logs[-1] + hi_slope * (days[after] - anchor_days[-1])
    return out


def log_population_days(by_year: Mapping[int, float], start: dt.date, n_days: int) -> list[float]:
    """:func:`daily_log_population` as a list, in plain Python (validation: importing NumPy
    would be a fifth of ``boligflyt validate``). Equal to it within rounding (tested)."""
    years = sorted(by_year)
    logs = [math.log(float(by_year[y])) for y in years]
    if len(years) == 1:
        return [logs[0]] * n_days
    anchors = [float((dt.date(y, 1, 1) - start).days) for y in years]
    slopes = [(logs[k + 1] - logs[k]) / (anchors[k + 1] - anchors[k]) for k in range(len(years) - 1)]
    out: list[float] = []
    k = 0
    for i in range(n_days):
        day = i + 0.5
        if day < anchors[0]:
            out.append(logs[0] + slopes[0] * (day - anchors[0]))
        elif day > anchors[-1]:
            out.append(logs[-1] + slopes[-1] * (day - anchors[-1]))
        else:
            while k < len(slopes) - 1 and anchors[k + 1] <= day:
                k += 1
            out.append(slopes[k] * (day - anchors[k]) + logs[k])
    return out
