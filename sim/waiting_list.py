"""The waiting list: heaps by need (size class, services) with lazy deletion, and the
allocation rules as pure functions that can be tested without SimPy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

from sim.clock import heappop, heappush

if TYPE_CHECKING:
    from sim.households import Household

#: a household's place in the order of the list (compared as a tuple)
PriorityKey = tuple[Any, ...]
#: an entry of the list: (priority key, sequence number, household)
Entry = tuple[PriorityKey, int, "Household"]
Need = tuple[int, bool]


def key_fifo(urgent: bool, children: bool, approved_at: float) -> PriorityKey:
    """First come, first served by approval date."""
    return (approved_at,)


def key_priority(urgent: bool, children: bool, approved_at: float) -> PriorityKey:
    """Most pressing need first: urgent, then households with children, then approval date."""
    return (not urgent, not children, approved_at)


def key_children_first(urgent: bool, children: bool, approved_at: float) -> PriorityKey:
    """Households with children first, then urgent, then approval date."""
    return (not children, not urgent, approved_at)


PRIORITY_RULES: Final[dict[str, Callable[[bool, bool, float], PriorityKey]]] = {
    "fifo": key_fifo,
    "priority": key_priority,
    "children_first": key_children_first,
}


def priority_rule(name: str) -> Callable[[bool, bool, float], PriorityKey]:
    """The priority-key function named in the scenario (``allocation.priority_rule``)."""
    return PRIORITY_RULES[name]


def fitting_needs(
    dwelling_size: int, services: bool, allow_larger: bool, n_sizes: int = 3
) -> list[tuple[int, bool]]:
    """Needs (size class, services) a dwelling can serve, exact fit first."""
    needs = [(dwelling_size, services)]
    if allow_larger:
        needs += [(s, services) for s in range(dwelling_size - 1, -1, -1)]
    return needs


def choose_household(heads: Sequence[Entry | None]) -> int | None:
    """Pick among the best candidate of each fitting need, given exact fit first.

    ``heads`` holds ``(priority_key, seq, household)`` for each fitting need in fit order
    (exact fit first, ``None`` entries are skipped). The rule: the best-priority household
    that needs exactly this size; if nobody does, the best-priority smaller household.
    Returns the index into ``heads`` or ``None``.
    """
    if heads and heads[0] is not None:
        return 0
    best: int | None = None
    best_key: tuple[PriorityKey, int] | None = None
    for i, head in enumerate(heads):
        if head is None:
            continue
        if best_key is None or head[:2] < best_key:
            best, best_key = i, head[:2]
    return best


class WaitingList:
    """Approved, unhoused households, one heap per need with lazy deletion.

    ``push`` and ``pop`` cost O(log n); a household removed for another reason
    (withdrawal, housed elsewhere) is only marked and skipped when it reaches the top.
    """

    def __init__(self, needs: Sequence[Need]) -> None:
        self._heaps: dict[Need, list[Entry]] = {n: [] for n in needs}
        self._seq = 0
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def push(self, hh: Household, key: PriorityKey) -> None:
        """Put ``hh`` on the list under its need with priority ``key``."""
        self._seq += 1
        hh.list_seq = self._seq
        hh.on_list = True
        heap = self._heaps.get(hh.need_key)
        if heap is None:
            heap = self._heaps[hh.need_key] = []
        heappush(heap, (key, self._seq, hh))
        self.size += 1

    def remove(self, hh: Household) -> None:
        """Take ``hh`` off the list (lazily)."""
        if hh.on_list:
            hh.on_list = False
            self.size -= 1

    def head(self, need: Need) -> Entry | None:
        """The best valid entry for ``need`` or ``None``."""
        heap = self._heaps.get(need)
        if not heap:
            return None
        while heap:
            entry = heap[0]
            hh = entry[2]
            if hh.on_list and hh.list_seq == entry[1]:
                return entry
            heappop(heap)
        return None

    def pop_head(self, need: Need) -> Household:
        """Remove and return the best household for ``need`` (call after :meth:`head`)."""
        entry = heappop(self._heaps[need])
        hh = entry[2]
        self.remove(hh)
        return hh

    def entries(self, need: Need) -> list[Entry]:
        """The valid ``(priority key, seq, household)`` entries for ``need``, unordered.

        Entries compare by (key, seq), which is the list's order, without touching the household."""
        return [e for e in self._heaps.get(need, ()) if e[2].on_list and e[2].list_seq == e[1]]

    def households(self) -> list[Household]:
        """All households on the list (for checks and end-of-run accounting)."""
        return [e[2] for need in self._heaps for e in self.entries(need)]
