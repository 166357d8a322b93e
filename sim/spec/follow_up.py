"""Follow-up of tenants (booppfølging, a 'caretaker plus') that prevents evictions."""

from __future__ import annotations

from sim.spec.base import F, Money, Share, Spec


class FollowUp(Spec):
    """Housing support staff: capacity, whom they follow and how much they lower evictions."""

    staff: float = F(
        0.0,
        "Full-time housing support staff.",
        "the municipality's own (none unless the scenario gives it; FACTS.md 7.6.2 recommends "
        "more); `boligflyt init` scales it by population",
        ge=0,
        le=1e5,
    )
    households_per_staff: float = F(
        15, "Households one staff member can follow.", "assumption", gt=0, le=1000
    )
    eviction_hazard_reduction: float = Share(
        0.5, "Relative reduction of the eviction hazard of a followed household.", "assumption"
    )
    groups: list[str] | None = F(
        None,
        "Groups offered follow-up (empty or null: every group), first come first served.",
        "FACTS.md 7.6.2 (better follow-up to prevent evictions)",
    )
    cost_nok_per_staff_per_year: float = Money(750_000, "Cost of one full-time staff member.", "assumption")

    def capacity(self) -> int:
        """Households that can be followed at the same time."""
        return int(self.staff * self.households_per_staff)
