"""Collectors: time-weighted levels by month and flow counters by year, filled on the fly."""

from __future__ import annotations

from collections import defaultdict


class Levels:
    """Piecewise-constant levels (waiting list, persons in hospits, ...) integrated by month.

    ``add`` integrates the level since its last change into the current month's bucket;
    the model's monthly tick calls :meth:`roll` exactly at each month boundary.
    """

    def __init__(self, names: list[str], n_months: int):
        self.index = {n: i for i, n in enumerate(names)}
        self.names = names
        self.val = [0.0] * len(names)
        self.last = [0.0] * len(names)
        self.acc = [[0.0] * n_months for _ in names]
        self.end = [[0.0] * n_months for _ in names]
        self.month = 0

    def add(self, i: int, delta: float, now: float) -> None:
        """Change level ``i`` by ``delta`` at time ``now``."""
        self.acc[i][self.month] += self.val[i] * (now - self.last[i])
        self.val[i] += delta
        self.last[i] = now

    def add2(self, i: int, di: float, j: int, dj: float, now: float) -> None:
        """Change level ``i`` by ``di`` and level ``j`` by ``dj`` at time ``now`` (one call
        for the pairs the model always changes together, a total and its group)."""
        acc, val, last, m = self.acc, self.val, self.last, self.month
        acc[i][m] += val[i] * (now - last[i])
        val[i] += di
        last[i] = now
        acc[j][m] += val[j] * (now - last[j])
        val[j] += dj
        last[j] = now

    def roll(self, now: float) -> None:
        """Close the current month at ``now``: integrate every level, record end values."""
        m = self.month
        for i, v in enumerate(self.val):
            self.acc[i][m] += v * (now - self.last[i])
            self.last[i] = now
            self.end[i][m] = v
        self.month = m + 1


class Flows:
    """Counters by name and year index (``arrivals|refugees``, ``exits|eviction``, ...)."""

    def __init__(self, n_years: int):
        self.n_years = n_years
        self.data: defaultdict[str, list[float]] = defaultdict(lambda: [0.0] * n_years)

    def add(self, name: str, year: int, x: float = 1.0) -> None:
        """Add ``x`` to counter ``name`` in year ``year``."""
        self.data[name][year] += x

    def get(self, name: str) -> list[float]:
        """The yearly values of ``name`` (zeros if never counted)."""
        return self.data[name] if name in self.data else [0.0] * self.n_years
