"""Municipal dwellings and the indexed pools of vacancies."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal, NamedTuple

if TYPE_CHECKING:
    from sim.households import Household
    from sim.scenario import DwellingType


SizeName = Literal["small", "medium", "large"]
SIZE_INDEX: Final[dict[str, int]] = {"small": 0, "medium": 1, "large": 2}
SIZE_NAMES: Final[tuple[SizeName, SizeName, SizeName]] = ("small", "medium", "large")

#: how the municipality disposes of a dwelling
OWNED: Final = "owned"
LEASED: Final = "leased"
TILVISNING: Final = "tilvisning"
RENT_TO_OWN: Final = "rent_to_own"


class Dwelling:
    """One dwelling the municipality lets or nominates to (plain data)."""

    __slots__ = (
        "agreement",
        "did",
        "kind",
        "occupant",
        "proceeds",
        "removed",
        "removed_at",
        "services",
        "size_class",
        "to_remove",
        "type_index",
        "type_name",
        "vacant",
    )

    def __init__(
        self,
        did: int,
        type_name: str,
        type_index: int,
        size_class: int,
        services: bool,
        kind: str = OWNED,
        agreement: int = -1,
    ) -> None:
        self.did = did
        self.type_name = type_name
        self.type_index = type_index
        self.size_class = size_class
        self.services = services
        self.kind = kind
        self.agreement = agreement
        self.occupant: Household | None = None
        self.to_remove = False
        self.removed = False
        self.removed_at = float("inf")  # the day it left the stock
        self.proceeds = 0.0  # what it was sold for, if it was sold
        self.vacant = False


class Acquisition(NamedTuple):
    """A dwelling the municipality paid for during the horizon (for the cost accounting):
    paid on day ``t0``, worth ``value0`` then, costing ``cost`` with fees, of which the
    state's ``grant``."""

    dwelling: Dwelling
    t0: float
    value0: float
    cost: float
    grant: float


class Stock:
    """All dwellings in use and, per need (size class, services), a stack of ready vacancies.

    Taking and returning a vacancy costs O(1); nothing scans the stock on the hot path.
    Removing a specific vacant dwelling (a sale, the end of a lease or agreement) is rare
    and marks it; the pools skip removed dwellings lazily.
    """

    def __init__(self, types: dict[str, DwellingType]) -> None:
        self.dwellings: list[Dwelling] = []
        self.vacant: dict[tuple[int, bool], list[Dwelling]] = {
            (s, sv): [] for s in range(3) for sv in (False, True)
        }
        self.type_names = list(types)
        self.size = 0
        self.by_kind = {OWNED: 0, LEASED: 0, TILVISNING: 0, RENT_TO_OWN: 0}
        self.n_vacant = 0
        for t_index, (name, spec) in enumerate(types.items()):
            for _ in range(spec.count):
                self.add(
                    Dwelling(len(self.dwellings), name, t_index, SIZE_INDEX[spec.size_class], spec.services)
                )
        self.occupied = 0
        self.in_turnaround = 0

    def add(self, d: Dwelling) -> Dwelling:
        """Put a new dwelling in the stock (not yet ready to let)."""
        d.did = len(self.dwellings)
        self.dwellings.append(d)
        self.size += 1
        self.by_kind[d.kind] += 1
        return d

    def remove(self, d: Dwelling) -> None:
        """Take ``d`` out of the stock (it must not be occupied)."""
        if d.removed:
            return
        d.removed = True
        self.size -= 1
        self.by_kind[d.kind] -= 1
        if d.vacant:
            d.vacant = False
            self.n_vacant -= 1

    def change_kind(self, d: Dwelling, kind: str) -> None:
        """Re-classify ``d`` (a rent-to-own dwelling that becomes an ordinary one)."""
        self.by_kind[d.kind] -= 1
        d.kind = kind
        self.by_kind[kind] += 1

    def release(self, d: Dwelling) -> None:
        """Make ``d`` ready to let."""
        d.vacant = True
        self.n_vacant += 1
        self.vacant[(d.size_class, d.services)].append(d)

    def peek(self, need: tuple[int, bool]) -> Dwelling | None:
        """The next ready vacancy of exactly ``need`` (skipping removed ones), or ``None``."""
        pool = self.vacant[need]
        while pool:
            d = pool[-1]
            if not d.removed and d.vacant:
                return d
            pool.pop()
        return None

    def take(self, d: Dwelling) -> None:
        """Let ``d`` (it must be the dwelling :meth:`peek` returned)."""
        pool = self.vacant[(d.size_class, d.services)]
        pool.pop()
        d.vacant = False
        self.n_vacant -= 1
