"""Tenancies: lease expiry and renewal, competing hazards drawn once per lease."""

from __future__ import annotations

import math
from enum import StrEnum

from sim.distributions import exponential_time
from sim.households import Household, Slot, fate
from sim.scenario import TargetGroup


class Decision(StrEnum):
    """Outcome of the re-assessment at lease expiry."""

    RENEW = "renew"
    INDEFINITE = "indefinite"
    MOVE_OUT = "move_out"


class EndKind(StrEnum):
    """What ends a lease period first."""

    LEASE_EXPIRY = "lease_expiry"
    EVICTION = "eviction"
    MOVE = "moved"
    DEATH = "death_or_institution"


def renewal_decision(group: TargetGroup, u: float) -> Decision:
    """Re-assessment at lease expiry: indefinite for permanent need, else renew w.p. p.

    Pure: ``u`` is the household's own uniform for this lease period.
    """
    if group.permanent_need:
        return Decision.INDEFINITE
    return Decision.RENEW if u < group.renewal_probability else Decision.MOVE_OUT


def lease_period_slots(hh: Household) -> tuple[int, int]:
    """(first slot, cycle) of the household's current lease period."""
    j = hh.n_leases
    base = Slot.LEASE + Slot.LEASE_WIDTH * (j % Slot.N_LEASE_PERIODS)
    return base, j // Slot.N_LEASE_PERIODS


def next_tenancy_event(
    group: TargetGroup, hh: Household, lease_days: float, per_year: float = 365.25
) -> tuple[float, EndKind]:
    """Time until the first of lease expiry and the competing hazards, drawn once.

    ``lease_days`` is ``inf`` for an indefinite lease. Returns ``(inf, LEASE_EXPIRY)``
    when nothing can end the tenancy.
    """
    base, cycle = lease_period_slots(hh)
    row = hh.row
    t = lease_days
    kind = EndKind.LEASE_EXPIRY
    for rate, slot, k in (
        (group.eviction_rate_per_year, Slot.L_EVICT, EndKind.EVICTION),
        (group.move_out_rate_per_year, Slot.L_MOVE, EndKind.MOVE),
        (group.death_or_institution_rate_per_year, Slot.L_DEATH, EndKind.DEATH),
    ):
        if rate > 0:
            tk = exponential_time(rate / per_year, fate(row, base + slot, cycle))
            if tk < t:
                t, kind = tk, k
    return (t, kind) if t < math.inf else (math.inf, EndKind.LEASE_EXPIRY)
