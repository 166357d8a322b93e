"""Follow-up of tenants (booppfølging, a 'caretaker plus'): a component of the model.

Staff follow as many tenants as their capacity allows, first come first served among the
groups offered follow-up; a followed tenant's eviction hazard is lowered (the model draws
its hazards from the rates with :attr:`FollowUpTeam.eviction_factor`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.core import Core
    from sim.households import Household
    from sim.metrics import Levels
    from sim.spec.follow_up import FollowUp


class FollowUpTeam:
    """Who is followed now, within the staff's capacity."""

    def __init__(self, core: Core, spec: FollowUp) -> None:
        self.core = core
        # the levels collector, typed: the compiled component reads it as a C field
        self.levels: Levels = core.levels
        self.capacity: int = spec.capacity()
        self.groups: frozenset[str] = frozenset(spec.groups or core.group_names)
        self.eviction_factor: float = 1.0 - spec.eviction_hazard_reduction
        self.active = 0
        self._level: int = core.levels.index["follow_up"]

    def assign(self, hh: Household, now: float) -> None:
        """Follow a new tenant if its group is offered follow-up and there is capacity."""
        if not hh.follow_up and hh.group in self.groups and self.active < self.capacity:
            hh.follow_up = True
            self.active += 1
            self.levels.add(self._level, 1, now)

    def release(self, hh: Household, now: float) -> None:
        """A followed tenant moves out: its place is free for the next."""
        if hh.follow_up:
            hh.follow_up = False
            self.active -= 1
            self.levels.add(self._level, -1, now)
