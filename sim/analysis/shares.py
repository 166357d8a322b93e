"""How sure a share of futures is: the interval around "the target held in k of n".

The analyses report the share of replications (futures) in which a target holds. With
few replications that share is coarse (3 of 5 is 60 %, 4 of 5 is 80 %), so a verdict built
on it should show its uncertainty. :func:`share_interval` gives the Wilson score interval,
which stays inside [0, 1] and is sensible at 0 and n (where the normal approximation
collapses to a point).

Replications of one scenario are independent, so k is binomial; shares of *different*
budgets on common random numbers are correlated, which makes their differences sharper
than two independent intervals suggest, but each interval on its own is right.
"""

from __future__ import annotations

import math

from scipy.stats import norm


def share_interval(share: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a share observed in ``n`` independent replications.

    ``share`` is ``k / n``; returns ``(low, high)`` within [0, 1]. With ``n < 1`` or a
    missing share the interval is the whole range ``(0, 1)``.

    >>> share_interval(1.0, 10)  # doctest: +ELLIPSIS
    (0.72..., 1.0)
    """
    if n < 1 or share is None or math.isnan(share):
        return 0.0, 1.0
    p = min(1.0, max(0.0, float(share)))
    z = float(norm.ppf(0.5 + level / 2))
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if p == 0.0 else max(0.0, centre - half)
    high = 1.0 if p == 1.0 else min(1.0, centre + half)
    return low, high


__all__ = ["share_interval"]
