"""Collectors: time-weighted levels by month and flow counters by year, filled on the fly."""

from __future__ import annotations

from collections import defaultdict

import numpy as np


class Levels:
    """Piecewise-constant levels (waiting list, persons in hospits, ...) integrated by month.

    ``add`` integrates the level since its last change into the current month's bucket;
    the model's monthly tick calls :meth:`roll` exactly at each month boundary. Buckets are
    kept month by month (one list of all levels per month), so a roll is one pass.
    """

    def __init__(self, names: list[str], n_months: int):
        self.index = {n: i for i, n in enumerate(names)}
        self.names = names
        n = len(names)
        self.val = [0.0] * n
        self.last = [0.0] * n
        self._acc = [[0.0] * n for _ in range(n_months)]
        self._end = [[0.0] * n for _ in range(n_months)]
        self.month = 0
        self._cur = self._acc[0] if n_months else [0.0] * n  # the current month's buckets

    def add(self, i: int, delta: float, now: float) -> None:
        """Change level ``i`` by ``delta`` at time ``now``."""
        self._cur[i] += self.val[i] * (now - self.last[i])
        self.val[i] += delta
        self.last[i] = now

    def add2(self, i: int, di: float, j: int, dj: float, now: float) -> None:
        """Change level ``i`` by ``di`` and level ``j`` by ``dj`` at time ``now`` (one call
        for the pairs the model always changes together, a total and its group)."""
        cur, val, last = self._cur, self.val, self.last
        cur[i] += val[i] * (now - last[i])
        val[i] += di
        last[i] = now
        cur[j] += val[j] * (now - last[j])
        val[j] += dj
        last[j] = now

    def roll(self, now: float) -> None:
        """Close the current month at ``now``: integrate every level, record end values."""
        m = self.month
        val = self.val
        self._acc[m] = [a + v * (now - t) for a, v, t in zip(self._cur, val, self.last, strict=True)]
        self._end[m] = val[:]
        self.last = [now] * len(val)
        self.month = m + 1
        # after the last month any further change fails loudly (IndexError), as it should
        self._cur = self._acc[m + 1] if m + 1 < len(self._acc) else []

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """``acc`` and ``end`` as arrays of shape (levels, months), converted in one go."""
        n = len(self.names)
        acc = np.array(self._acc, dtype=float).reshape(-1, n).T
        end = np.array(self._end, dtype=float).reshape(-1, n).T
        return acc, end

    @property
    def acc(self) -> list[list[float]]:
        """Integral of each level over each month: ``acc[level][month]``."""
        return [list(col) for col in zip(*self._acc, strict=True)] if self._acc else [[] for _ in self.names]

    @property
    def end(self) -> list[list[float]]:
        """Each level at the end of each month: ``end[level][month]``."""
        return [list(col) for col in zip(*self._end, strict=True)] if self._end else [[] for _ in self.names]


class Flows:
    """Counters by name and year index (``arrivals|refugees``, ``exits|eviction``, ...)."""

    def __init__(self, n_years: int):
        self.n_years = n_years
        self.data: defaultdict[str, list[float]] = defaultdict(lambda: [0.0] * n_years)

    def add(self, name: str, year: int, x: float = 1.0) -> None:
        """Add ``x`` to counter ``name`` in year ``year``."""
        self.data[name][year] += x

    def counter(self, name: str) -> list[float]:
        """The yearly list of counter ``name`` itself, for hot paths that add to it directly
        (``counter[year] += x``) instead of calling :meth:`add`."""
        return self.data[name]

    def get(self, name: str) -> list[float]:
        """The yearly values of ``name`` (zeros if never counted)."""
        return self.data[name] if name in self.data else [0.0] * self.n_years
