"""The population path by day: SSB anchors on 1 January, interpolated log-linearly.

Pure arithmetic on a mapping of years to inhabitants, used by the scenario schema (a
starting state given per 1000 inhabitants) and by the model's demography alike.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import numpy as np


def daily_population(by_year: Mapping[int, float], start: dt.date, n_days: int) -> np.ndarray:
    """Population on each simulated day (constant within a day).

    Between anchors the growth rate is constant (log-linear interpolation, matching the
    report's 1.5-2 % yearly growth); before the first and after the last anchor the
    nearest segment's growth rate is extended (flat if only one anchor is given).
    """
    years = sorted(by_year)
    anchor_days = np.array([(dt.date(y, 1, 1) - start).days for y in years], dtype=float)
    logs = np.log(np.array([by_year[y] for y in years], dtype=float))
    days = np.arange(n_days, dtype=float) + 0.5
    if len(years) == 1:
        return np.full(n_days, math.exp(logs[0]))
    out = np.interp(days, anchor_days, logs)
    # extrapolate with the end segments' growth rates
    lo_slope = (logs[1] - logs[0]) / (anchor_days[1] - anchor_days[0])
    hi_slope = (logs[-1] - logs[-2]) / (anchor_days[-1] - anchor_days[-2])
    before = days < anchor_days[0]
    after = days > anchor_days[-1]
    out[before] = logs[0] + lo_slope * (days[before] - anchor_days[0])
    out[after] = logs[-1] + hi_slope * (days[after] - anchor_days[-1])
    daily: np.ndarray = np.exp(out)
    return daily
