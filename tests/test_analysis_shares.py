"""The interval around a share of futures meeting a target (Wilson score interval)."""

from __future__ import annotations

import math

import pytest

from sim.analysis.shares import share_interval


@pytest.mark.parametrize(
    ("share", "n", "low", "high"),
    [
        # textbook values (Wilson 1927; Newcombe 1998, table I: 81/263 -> 0.2553-0.3662)
        (81 / 263, 263, 0.2553, 0.3662),
        (0.0, 10, 0.0, 0.2775),
        (1.0, 10, 0.7225, 1.0),
        (0.5, 2, 0.0945, 0.9055),
    ],
)
def test_wilson_interval_matches_published_values(share, n, low, high):
    lo, hi = share_interval(share, n)
    assert lo == pytest.approx(low, abs=1e-4)
    assert hi == pytest.approx(high, abs=1e-4)


def test_interval_holds_the_share_narrows_with_more_futures_and_stays_in_0_1():
    for n in (1, 3, 10, 30, 300):
        for k in range(0, n + 1, max(1, n // 7)):
            lo, hi = share_interval(k / n, n)
            assert 0.0 <= lo <= k / n <= hi <= 1.0
    assert (
        share_interval(0.8, 300)[1] - share_interval(0.8, 300)[0]
        < share_interval(0.8, 30)[1] - share_interval(0.8, 30)[0]
    )


def test_no_futures_or_no_share_means_no_knowledge():
    assert share_interval(0.5, 0) == (0.0, 1.0)
    assert share_interval(math.nan, 10) == (0.0, 1.0)
