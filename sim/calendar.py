"""Calendar helpers: simulation time is days (float) since the scenario's start date."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Final

#: days in an average year (rates per year are converted with this)
DAYS_PER_YEAR: Final = 365.25


@dataclass(frozen=True)
class Calendar:
    """Month and year boundaries of a horizon, in days since ``start``."""

    start: dt.date
    end: dt.date

    @property
    def n_days(self) -> int:
        """Days simulated (start and end inclusive)."""
        return (self.end - self.start).days + 1

    @property
    def horizon(self) -> float:
        """End of the last day, in days since the start."""
        return float(self.n_days)

    def month_starts(self) -> list[dt.date]:
        """First day of each reported month (the first may start mid-month)."""
        return list(_month_starts(self.start, self.end))

    def month_bounds(self) -> list[float]:
        """Day offsets where each month starts, plus the horizon."""
        return [float((d - self.start).days) for d in self.month_starts()] + [self.horizon]

    def years(self) -> list[int]:
        """Calendar years covered."""
        return list(range(self.start.year, self.end.year + 1))

    def year_bounds(self) -> list[float]:
        """Day offsets where each year starts (the first is 0), plus the horizon."""
        out = [0.0]
        for y in self.years()[1:]:
            out.append(float((dt.date(y, 1, 1) - self.start).days))
        return [*out, self.horizon]

    def month_year_index(self) -> list[int]:
        """For each month, the index of its year."""
        first = self.start.year
        return [d.year - first for d in self.month_starts()]

    def day_to_date(self, t: float) -> dt.date:
        """The date of simulation time ``t``."""
        return self.start + dt.timedelta(days=int(t))


@functools.lru_cache(maxsize=64)
def _month_starts(start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    # every replication asks for the same horizon's months several times
    out = [start]
    y, m = start.year, start.month
    while True:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        d = dt.date(y, m, 1)
        if d > end:
            return tuple(out)
        out.append(d)


def year_index(bounds: list[float], t: float) -> int:
    """Index of the year containing ``t`` given :meth:`Calendar.year_bounds` (clamped)."""
    i = bisect.bisect_right(bounds, t) - 1
    return min(max(i, 0), len(bounds) - 2)
