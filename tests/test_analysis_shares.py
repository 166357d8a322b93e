"""The interval around a share of futures meeting a target (Wilson score interval)."""

from __future__ import annotations

import pytest

from sim.analysis.common import share_interval


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # textbook values (Wilson 1927; Newcombe 1998, table I: 81/263 -> 0.2553-0.3662)
        (81, 263, 0.2553, 0.3662),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (1, 2, 0.0945, 0.9055),
    ],
)
def test_wilson_interval_matches_published_values(successes, n, low, high):
    lo, hi = share_interval(successes, n)
    assert lo == pytest.approx(low, abs=1e-4)
    assert hi == pytest.approx(high, abs=1e-4)


def test_interval_holds_the_share_narrows_with_more_futures_and_stays_in_0_1():
    for n in (1, 3, 10, 30, 300):
        for k in range(0, n + 1, max(1, n // 7)):
            lo, hi = share_interval(k, n)
            assert 0.0 <= lo <= k / n + 1e-12 and k / n - 1e-12 <= hi <= 1.0
    wide = share_interval(24, 30)
    narrow = share_interval(240, 300)
    assert narrow[1] - narrow[0] < wide[1] - wide[0]


def test_no_futures_means_no_knowledge():
    assert share_interval(0, 0) == (0.0, 1.0)
