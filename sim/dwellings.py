"""Municipal dwellings and the indexed pools of vacancies."""

from __future__ import annotations

from sim.scenario import DwellingType

SIZE_INDEX = {"small": 0, "medium": 1, "large": 2}


class Dwelling:
    """One municipal dwelling (plain data)."""

    __slots__ = ("did", "occupant", "services", "size_class", "type_index", "type_name")

    def __init__(self, did: int, type_name: str, type_index: int, size_class: int, services: bool):
        self.did = did
        self.type_name = type_name
        self.type_index = type_index
        self.size_class = size_class
        self.services = services
        self.occupant = None


class Stock:
    """All dwellings and, per need (size class, services), a stack of ready vacancies.

    Taking and returning a vacancy costs O(1); nothing scans the stock.
    """

    def __init__(self, types: dict[str, DwellingType]):
        self.dwellings: list[Dwelling] = []
        self.vacant: dict[tuple[int, bool], list[Dwelling]] = {
            (s, sv): [] for s in range(3) for sv in (False, True)
        }
        self.type_names = list(types)
        for t_index, (name, spec) in enumerate(types.items()):
            for _ in range(spec.count):
                d = Dwelling(len(self.dwellings), name, t_index, SIZE_INDEX[spec.size_class], spec.services)
                self.dwellings.append(d)
        self.occupied = 0
        self.in_turnaround = 0

    @property
    def size(self) -> int:
        """Dwellings in the stock."""
        return len(self.dwellings)

    @property
    def n_vacant(self) -> int:
        """Dwellings ready to let."""
        return sum(len(v) for v in self.vacant.values())

    def release(self, d: Dwelling) -> None:
        """Make ``d`` ready to let."""
        self.vacant[(d.size_class, d.services)].append(d)

    def take(self, need: tuple[int, bool]) -> Dwelling | None:
        """A ready vacancy of exactly ``need`` or ``None``."""
        pool = self.vacant[need]
        return pool.pop() if pool else None
