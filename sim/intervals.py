"""Confidence intervals that respect what a metric can be (issue 19).

A 95 % t-interval from a handful of replications is wide (with 2 replications its
half-width is 12.7 standard errors), and for a count it used to reach below zero: "between
-14 and 40 evictions". The true mean of a count, a level or a sum of nights is never
negative, and a share lies in [0, 1], so the interval is cut to that range: the cut
interval holds the true mean whenever the uncut one does, so it keeps its 95 % coverage
and says nothing impossible. Cost lines may be negative (rent income, sales), so they and
the totals built from them are left as they are; so are paired differences.
"""

from __future__ import annotations

import numpy as np

#: metrics that are shares or probabilities (in [0, 1])
SHARES = frozenset({"p_wait_over_6_months", "occupancy_rate"})
#: metric names starting with these may be negative (income lines count negative)
SIGNED_PREFIXES = ("cost_", "total_cost")


def metric_range(name: str) -> tuple[float, float]:
    """The values the mean of metric ``name`` (``metric`` or ``metric|group``) can take."""
    base = name.partition("|")[0]
    if base.startswith(SIGNED_PREFIXES):
        return -np.inf, np.inf
    if base in SHARES:
        return 0.0, 1.0
    return 0.0, np.inf


def within_range(name: str, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``lo`` and ``hi`` cut to :func:`metric_range` of ``name`` (NaN stays NaN)."""
    floor, ceiling = metric_range(name)
    with np.errstate(invalid="ignore"):
        return np.clip(lo, floor, ceiling), np.clip(hi, floor, ceiling)
